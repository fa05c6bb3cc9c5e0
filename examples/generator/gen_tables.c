/*
** gen_tables.c: the fixed data of the demo world.
**
** Pure data and lookups into it: the INEI districts the world uses (with
** centre coordinates and real streets), the products as sellers write
** them, the kinds of firms with their places and sizes, the lists firm
** and person names are drawn from, and the foreign buyers.  Nothing here
** draws random numbers: distances and travel days are functions of the
** table alone.
*/
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* ---- districts -------------------------------------------------------------------- */

/*
** The districts the world uses, grouped by region.  Every code, name and
** coordinate was copied from data/ubigeo_distrito.csv (columns inei,
** distrito, provincia, departamento, latitude, longitude); the places are
** real streets or localities of the district.
*/
const district DISTRICTS[] = {
    /* Lima and Callao */
    {"150101", "LIMA", "LIMA", "LIMA", -12.0452, -77.0308,
     "JR. ANCASH|AV. ARGENTINA|JR. AYACUCHO|AV. TACNA|JR. LAMPA"},
    {"150103", "ATE", "LIMA", "LIMA", -12.0263, -76.9213,
     "AV. NICOLAS AYLLON|CAR. CENTRAL|AV. LA MOLINA|AV. SEPARADORA INDUSTRIAL"},
    {"150106", "CARABAYLLO", "LIMA", "LIMA", -11.8902, -77.0269,
     "AV. TUPAC AMARU|SECTOR LA ESTRELLA|AV. SAN FELIPE"},
    {"150108", "CHORRILLOS", "LIMA", "LIMA", -12.1769, -77.0163, "AV. DEFENSORES DEL MORRO|AV. HUAYLAS"},
    {"150110", "COMAS", "LIMA", "LIMA", -11.9572, -77.0494, "AV. UNIVERSITARIA|AV. TUPAC AMARU|AV. BELAUNDE"},
    {"150115", "LA VICTORIA", "LIMA", "LIMA", -12.065, -77.0308,
     "JR. GAMARRA|JR. HUMBOLDT|AV. AVIACION|JR. AMERICA|JR. SEBASTIAN BARRANCA|JR. ANTONIO BAZO"},
    {"150116", "LINCE", "LIMA", "LIMA", -12.0844, -77.0302, "AV. AREQUIPA|JR. TOMAS GUIDO|AV. PETIT THOUARS"},
    {"150118", "LURIGANCHO", "LIMA", "LIMA", -11.9358, -76.6972,
     "AV. LOS LADRILLEROS, HUACHIPA|CAR. CENTRAL, HUACHIPA|CAJAMARQUILLA"},
    {"150119", "LURIN", "LIMA", "LIMA", -12.2747, -76.8702, "ANTIGUA PANAMERICANA SUR|AV. SAN PEDRO"},
    {"150122", "MIRAFLORES", "LIMA", "LIMA", -12.1216, -77.0291,
     "AV. JOSE LARCO|AV. PARDO|CAL. SCHELL|AV. BENAVIDES"},
    {"150130", "SAN BORJA", "LIMA", "LIMA", -12.1072, -76.9988,
     "AV. SAN LUIS|AV. AVIACION|AV. JAVIER PRADO ESTE"},
    {"150131", "SAN ISIDRO", "LIMA", "LIMA", -12.0977, -77.0272,
     "AV. JAVIER PRADO OESTE|AV. CAMINO REAL|CAL. LAS BEGONIAS|AV. CANAVAL Y MOREYRA"},
    {"150132", "SAN JUAN DE LURIGANCHO", "LIMA", "LIMA", -12.0297, -77.01,
     "AV. PROCERES DE LA INDEPENDENCIA|AV. WIESSE|JR. LOS AMAUTAS|AV. CANTO GRANDE|AV. EL SOL"},
    {"150135", "SAN MARTIN DE PORRES", "LIMA", "LIMA", -12.03, -77.0575,
     "AV. PERU|AV. TOMAS VALLE|AV. GERMAN AGUIRRE"},
    {"150137", "SANTA ANITA", "LIMA", "LIMA", -12.0438, -76.9713,
     "AV. LA CULTURA|AV. LOS EUCALIPTOS|MERCADO MAYORISTA"},
    {"150140", "SANTIAGO DE SURCO", "LIMA", "LIMA", -12.145, -77.005,
     "AV. PRIMAVERA|AV. CAMINOS DEL INCA|AV. EL POLO"},
    {"150142", "VILLA EL SALVADOR", "LIMA", "LIMA", -12.2133, -76.9372,
     "PARQUE INDUSTRIAL|AV. SEPARADORA INDUSTRIAL|AV. EL SOL|AV. REVOLUCION"},
    {"150143", "VILLA MARIA DEL TRIUNFO", "LIMA", "LIMA", -12.1625, -76.9436,
     "AV. PACHACUTEC|AV. SALVADOR ALLENDE"},
    {"070101", "CALLAO", "CALLAO", "CALLAO", -12.0630, -77.1469,
     "AV. ARGENTINA|AV. NESTOR GAMBETTA|AV. ELMER FAUCETT|AV. CONTRALMIRANTE MORA"},
    /* Madre de Dios */
    {"170101", "TAMBOPATA", "TAMBOPATA", "MADRE DE DIOS", -12.5936, -69.1766,
     "AV. LEON VELARDE|JR. LORETO|AV. ERNESTO RIVERO|AV. 28 DE JULIO|JR. DOS DE MAYO|AV. FITZCARRALD|AV. "
     "CIRCUNVALACION"},
    {"170102", "INAMBARI", "TAMBOPATA", "MADRE DE DIOS", -13.1013, -70.3716,
     "C.P. MAZUKO|C.P. LA PAMPA|SECTOR SAN JACINTO|C.P. SANTA ROSA"},
    {"170103", "LAS PIEDRAS", "TAMBOPATA", "MADRE DE DIOS", -12.2791, -69.1502,
     "C.P. PLANCHON|C.P. ALEGRIA|RIO LAS PIEDRAS|C.P. MONTE SALVADO"},
    {"170104", "LABERINTO", "TAMBOPATA", "MADRE DE DIOS", -12.7172, -69.5866,
     "PUERTO ROSARIO DE LABERINTO|SECTOR LAGARTO|C.P. SAN JUAN GRANDE"},
    {"170203", "MADRE DE DIOS", "MANU", "MADRE DE DIOS", -12.6186, -70.3941,
     "C.P. BOCA COLORADO|SECTOR PUQUIRI|C.P. PUERTO CARLOS"},
    {"170204", "HUEPETUHE", "MANU", "MADRE DE DIOS", -12.9936, -70.5272,
     "C.P. HUEPETUHE|SECTOR CAYCHIVE|QUEBRADA HUAYPETUHE|SECTOR BARRANCO CHICO"},
    {"170301", "IÑAPARI", "TAHUAMANU", "MADRE DE DIOS", -10.945, -69.5766,
     "C.P. IÑAPARI|CAR. INTEROCEANICA|SECTOR BELGICA"},
    {"170302", "IBERIA", "TAHUAMANU", "MADRE DE DIOS", -11.4108, -69.4869, "C.P. IBERIA|CAR. INTEROCEANICA"},
    {"170303", "TAHUAMANU", "TAHUAMANU", "MADRE DE DIOS", -11.4547, -69.3213,
     "C.P. SAN LORENZO|CAR. INTEROCEANICA|RIO TAHUAMANU"},
    /* Puno */
    {"210101", "PUNO", "PUNO", "PUNO", -15.8402, -70.0280, "JR. LIMA|AV. EL SOL|JR. DEUSTUA|AV. LA TORRE"},
    {"210201", "AZANGARO", "AZANGARO", "PUNO", -14.9080, -70.1955, "JR. AZANGARO|PLAZA DE ARMAS|JR. LIMA"},
    {"210402", "DESAGUADERO", "CHUCUITO", "PUNO", -16.5644, -69.0394,
     "AV. PANAMERICANA|JR. ANDRES AVELINO CACERES|FERIA INTERNACIONAL"},
    {"211001", "PUTINA", "SAN ANTONIO DE PUTINA", "PUNO", -14.9141, -69.8688,
     "JR. PUNO|PLAZA DE ARMAS|AV. JULIACA"},
    {"211002", "ANANEA", "SAN ANTONIO DE PUTINA", "PUNO", -14.6786, -69.535,
     "C.P. LA RINCONADA|C.P. CERRO LUNAR|C.P. TRAPICHE|C.P. ANANEA"},
    {"211101", "JULIACA", "SAN ROMAN", "PUNO", -15.4838, -70.1333,
     "JR. MARIANO NUÑEZ|AV. INDEPENDENCIA|JR. HUANCANE|AV. CIRCUNVALACION|JR. SAN MARTIN"},
    /* Cusco */
    {"080101", "CUSCO", "CUSCO", "CUSCO", -13.5191, -71.9766, "AV. EL SOL|CAL. MANTAS|AV. EJERCITO"},
    {"080104", "SAN JERONIMO", "CUSCO", "CUSCO", -13.5444, -71.8836,
     "APV. LADRILLERA|SECTOR PICOL|AV. DE LA CULTURA|C.P. SUCSO AUCCAYLLE"},
    {"080105", "SAN SEBASTIAN", "CUSCO", "CUSCO", -13.5302, -71.9369,
     "AV. DE LA CULTURA|APV. TUPAC AMARU|AV. CUSCO"},
    {"080108", "WANCHAQ", "CUSCO", "CUSCO", -13.5213, -71.9666,
     "AV. DE LA CULTURA|AV. TACNA|AV. GARCILASO|JR. MANCO CAPAC|AV. HUAYRUROPATA"},
    {"080201", "ACOMAYO", "ACOMAYO", "CUSCO", -13.9194, -71.6836, "PLAZA DE ARMAS|JR. ACOMAYO"},
    {"080601", "SICUANI", "CANCHIS", "CUSCO", -14.2380, -71.2308,
     "AV. ARICA|JR. 2 DE MAYO|TERMINAL TERRESTRE"},
    {"080901", "SANTA ANA", "LA CONVENCION", "CUSCO", -12.8627, -72.6933,
     "JR. LIBERTAD|AV. GRAU|TERMINAL TERRESTRE QUILLABAMBA"},
    {"081001", "PARURO", "PARURO", "CUSCO", -13.7616, -71.8477, "PLAZA DE ARMAS|JR. PARURO"},
    {"081210", "OCONGATE", "QUISPICANCHI", "CUSCO", -13.6266, -71.3883, "PLAZA DE ARMAS|CAR. INTEROCEANICA"},
    /* Arequipa */
    {"040101", "AREQUIPA", "AREQUIPA", "AREQUIPA", -16.3933, -71.5288,
     "AV. EJERCITO|CAL. MERCADERES|AV. PARRA|AV. GOYENECHE"},
    {"040103", "CAYMA", "AREQUIPA", "AREQUIPA", -16.3625, -71.5441, "AV. CAYMA|AV. EJERCITO"},
    {"040104", "CERRO COLORADO", "AREQUIPA", "AREQUIPA", -16.3763, -71.5608,
     "AV. AVIACION|PARQUE INDUSTRIAL RIO SECO|AV. PUMACAHUA"},
    {"040307", "CHALA", "CARAVELI", "AREQUIPA", -15.8655, -74.2475, "CAR. PANAMERICANA SUR|AV. COMERCIO"},
    {"040308", "CHAPARRA", "CARAVELI", "AREQUIPA", -15.8052, -73.9669,
     "ANEXO SANTA ROSA|QUEBRADA HUANCA|ANEXO ISLAY"},
    {"040608", "YANAQUIHUA", "CONDESUYOS", "AREQUIPA", -15.7755, -72.8763,
     "ANEXO ALPACAY|SECTOR POSCO|ANEXO YANAQUIHUA"},
    /* La Libertad */
    {"130101", "TRUJILLO", "TRUJILLO", "LA LIBERTAD", -8.1, -79.0305,
     "AV. ESPAÑA|JR. PIZARRO|AV. AMERICA NORTE|AV. MANSICHE"},
    {"130105", "LA ESPERANZA", "TRUJILLO", "LA LIBERTAD", -8.05611, -79.0516,
     "AV. JOSE GABRIEL CONDORCANQUI|AV. 26 DE MARZO"},
    {"130808", "PARCOY", "PATAZ", "LA LIBERTAD", -8.03333, -77.4797,
     "C.P. RETAMAS|ANEXO LLACUABAMBA|C.P. PARCOY"},
    {"130809", "PATAZ", "PATAZ", "LA LIBERTAD", -7.785, -77.5938, "C.P. VIJUS|ANEXO ZARUMILLA|C.P. PATAZ"},
    {"131201", "VIRU", "VIRU", "LA LIBERTAD", -8.41444, -78.7527,
     "CAR. PANAMERICANA NORTE|FUNDO SAN JOSE|SECTOR EL CARMELO"},
    {"131202", "CHAO", "VIRU", "LA LIBERTAD", -8.54055, -78.6788,
     "CAR. PANAMERICANA NORTE|SECTOR LOMAS DE CHAO"},
    /* Ica */
    {"110101", "ICA", "ICA", "ICA", -14.0636, -75.7291, "AV. SAN MARTIN|AV. MUNICIPALIDAD|CAL. LIMA"},
    {"110108", "SALAS", "ICA", "ICA", -13.9858, -75.7722,
     "CAR. PANAMERICANA SUR|FUNDO VILLACURI|SECTOR CERRO PRIETO"},
    {"110111", "SANTIAGO", "ICA", "ICA", -14.1858, -75.7144,
     "CAR. PANAMERICANA SUR|FUNDO SANTA MARGARITA|SECTOR CALLANGO"},
    {"110501", "PISCO", "PISCO", "ICA", -13.71, -76.2016, "AV. FERMIN TANGUIS|CAR. PANAMERICANA SUR"},
    /* Piura and Ancash coast */
    {"200101", "PIURA", "PIURA", "PIURA", -5.1525, -80.6577, "AV. GRAU|AV. SANCHEZ CERRO|JR. TACNA"},
    {"200501", "PAITA", "PAITA", "PIURA", -5.09305, -81.0994,
     "AV. LOS PESCADORES|ZONA INDUSTRIAL II|MUELLE FISCAL"},
    {"200601", "SULLANA", "SULLANA", "PIURA", -4.89055, -80.6877, "AV. JOSE DE LAMA|TRANSVERSAL PIURA"},
    {"200801", "SECHURA", "SECHURA", "PIURA", -5.55722, -80.8222,
     "C.P. PARACHIQUE|ZONA INDUSTRIAL|C.P. CONSTANTE"},
    {"021801", "CHIMBOTE", "SANTA", "ANCASH", -9.04166, -78.6077,
     "AV. JOSE PARDO|ZONA INDUSTRIAL 27 DE OCTUBRE|AV. ENRIQUE MEIGGS"},
    /* Junin and Cajamarca (coffee) */
    {"120101", "HUANCAYO", "HUANCAYO", "JUNIN", -12.0708, -75.2088,
     "AV. FERROCARRIL|JR. REAL|AV. HUANCAVELICA"},
    {"120302", "PERENE", "CHANCHAMAYO", "JUNIN", -10.9475, -75.2247,
     "C.P. PAMPA SILVA|CAR. MARGINAL|C.P. PERENE"},
    {"120303", "PICHANAQUI", "CHANCHAMAYO", "JUNIN", -10.9263, -74.8727,
     "AV. MARGINAL|JR. PICHANAKI|SECTOR BAJO KIMIRIKI"},
    {"120601", "SATIPO", "SATIPO", "JUNIN", -11.2538, -74.6361,
     "JR. MANUEL PRADO|AV. AUGUSTO B. LEGUIA|SECTOR RIO NEGRO"},
    {"060801", "JAEN", "JAEN", "CAJAMARCA", -5.70888, -78.8091,
     "AV. PAKAMUROS|JR. SAN MARTIN|AV. MESONES MURO"},
    {"060901", "SAN IGNACIO", "SAN IGNACIO", "CAJAMARCA", -5.14611, -79.0047,
     "JR. SAN IGNACIO|AV. SAN MARTIN"},
    {"060902", "CHIRINOS", "SAN IGNACIO", "CAJAMARCA", -5.30583, -78.8983, "C.P. CHIRINOS|SECTOR LA LIMA"},
    /* Ucayali */
    {"250101", "CALLERIA", "CORONEL PORTILLO", "UCAYALI", -8.36805, -74.5433,
     "AV. CENTENARIO|JR. TARAPACA|AV. SAENZ PEÑA|CAR. FEDERICO BASADRE"},
    {"250103", "IPARIA", "CORONEL PORTILLO", "UCAYALI", -9.30611, -74.4355, "C.P. IPARIA|RIO PACHITEA"},
    {"250104", "MASISEA", "CORONEL PORTILLO", "UCAYALI", -8.60472, -74.3061, "C.P. MASISEA|RIO UCAYALI"},
    {"250105", "YARINACOCHA", "CORONEL PORTILLO", "UCAYALI", -8.35555, -74.5758,
     "AV. YARINACOCHA|JR. AGUAYTIA|CAR. YARINACOCHA"},
    {"250106", "NUEVA REQUENA", "CORONEL PORTILLO", "UCAYALI", -8.32055, -74.8513,
     "C.P. NUEVA REQUENA|CAR. NUEVA REQUENA"},
    {"250107", "MANANTAY", "CORONEL PORTILLO", "UCAYALI", -8.40027, -74.5413,
     "AV. MANANTAY|JR. 2 DE MAYO|PUERTO HENRY"},
    {"250201", "RAYMONDI", "ATALAYA", "UCAYALI", -10.7297, -73.7552,
     "C.P. ATALAYA|RIO TAMBO|RIO UCAYALI MARGEN IZQUIERDA"},
    /* Loreto */
    {"160101", "IQUITOS", "MAYNAS", "LORETO", -3.74805, -73.2441, "AV. LA MARINA|JR. PROSPERO|AV. QUIÑONES"},
    {"160108", "PUNCHANA", "MAYNAS", "LORETO", -3.72861, -73.2419, "AV. LA MARINA|C.P. SANTA CLARA DE NANAY"},
    {"160201", "YURIMAGUAS", "ALTO AMAZONAS", "LORETO", -5.88416, -76.1280,
     "CAR. YURIMAGUAS-TARAPOTO|JR. LIBERTAD"},
    {"160301", "NAUTA", "LORETO", "LORETO", -4.50138, -73.5694, "CAR. IQUITOS-NAUTA|JR. SARGENTO LORES"},
    /* Tacna, Tumbes and the highlands people are recruited from */
    {"230101", "TACNA", "TACNA", "TACNA", -18.0019, -70.2519,
     "AV. BOLOGNESI|AV. LEGUIA|ZOFRATACNA|AV. PINTO|AV. BASADRE Y FORERO"},
    {"240302", "AGUAS VERDES", "ZARUMILLA", "TUMBES", -3.48166, -80.245,
     "AV. REPUBLICA DE PERU|JR. 28 DE JULIO"},
    {"090101", "HUANCAVELICA", "HUANCAVELICA", "HUANCAVELICA", -12.7869, -74.9713,
     "JR. VIRREY TOLEDO|AV. CELESTINO MANCHEGO MUÑOZ"},
    {"090301", "LIRCAY", "ANGARAES", "HUANCAVELICA", -12.9827, -74.7183, "JR. LIRCAY|PLAZA DE ARMAS"},
    {"050101", "AYACUCHO", "HUAMANGA", "AYACUCHO", -13.1602, -74.2252,
     "JR. 28 DE JULIO|AV. CUSCO|AV. MANCO CAPAC"},
    {"030201", "ANDAHUAYLAS", "ANDAHUAYLAS", "APURIMAC", -13.6561, -73.3897,
     "AV. PERU|JR. JUAN ANTONIO TRELLES"},
};

#define NDIST ((int)ARRAY_LEN(DISTRICTS))

/* Index of district CODE in DISTRICTS; exits: an unknown code is a bug here. */
int dist_index(const char *code)
{
    for (int i = 0; i < NDIST; i++)
        if (!strcmp(DISTRICTS[i].code, code)) return i;
    fprintf(stderr, "gen-world: internal error: district %s not in the table\n", code);
    exit(3);
}

_Static_assert(ARRAY_LEN(DISTRICTS) <= NDIST_MAX, "NDIST_MAX must cover the DISTRICTS table");

/* Great-circle distance in km between two districts' centres, computed. */
static double dist_km_of(int a, int b)
{
    const double k = 3.14159265358979323846 / 180.0;
    double la1 = DISTRICTS[a].lat * k, la2 = DISTRICTS[b].lat * k;
    double dla = la2 - la1, dlo = (DISTRICTS[b].lon - DISTRICTS[a].lon) * k;
    double h = sin(dla / 2) * sin(dla / 2) + cos(la1) * cos(la2) * sin(dlo / 2) * sin(dlo / 2);
    return 2 * 6371.0 * atan2(sqrt(h), sqrt(1 - h));
}

/*
** Great-circle distance in km between two districts' centres: the value
** dist_km_of gives, kept in a table filled on first use (the scheduler and
** the partner picks ask for the same few thousand pairs millions of times).
*/
double dist_km(int a, int b)
{
    static double table[NDIST_MAX][NDIST_MAX];
    static unsigned char have[NDIST_MAX][NDIST_MAX];
    assert(a >= 0 && a < NDIST && b >= 0 && b < NDIST);
    if (!have[a][b]) {
        table[a][b] = dist_km_of(a, b);
        have[a][b] = 1;
    }
    return table[a][b];
}

/*
** Days a road vehicle needs between two districts: none within a metro
** area (under 60 km), else a road 45% longer than the straight line at
** 520 km a day.  The scheduler keeps every legitimate vehicle within this.
*/
int travel_days(int a, int b)
{
    double km = dist_km(a, b);
    if (km < 60) return 0;
    return (int)ceil(km * 1.45 / 520.0);
}

/* 1 when two districts are in the same department (the first two digits of the code are equal). */
int same_dept(int a, int b)
{
    assert(a >= 0 && a < NDIST && b >= 0 && b < NDIST);
    return DISTRICTS[a].code[0] == DISTRICTS[b].code[0] && DISTRICTS[a].code[1] == DISTRICTS[b].code[1];
}

/* The regional hub of a district: where firms of remote sites keep their offices. */
int hub_of(int d)
{
    static const char *const hubs[][2] = {
        {"17", "170101"}, {"21", "211101"}, {"08", "080108"}, {"04", "040101"}, {"13", "130101"},
        {"25", "250101"}, {"16", "160101"}, {"15", "150101"}, {"07", "150101"}, {"11", "110101"},
        {"20", "200101"}, {"12", "120303"}, {"06", "060801"}, {"23", "230101"}, {"24", "240302"},
        {"09", "090101"}, {"05", "050101"}, {"03", "030201"}, {"02", "021801"},
    };
    for (size_t i = 0; i < ARRAY_LEN(hubs); i++)
        if (!strncmp(DISTRICTS[d].code, hubs[i][0], 2)) return dist_index(hubs[i][1]);
    return d;
}

/* ---- products --------------------------------------------------------------------- */

/* The goods and services the world trades, by chain; the columns are those of product in gen.h. */
const product PRODUCTS[] = {
    /* gold: doré priced per gram in dollars */
    {"gold", "ORO EN BRUTO (DORE)|ORO REFOGADO|ORO BRUTO AURIFERO|ORO EN BRUTO - BARRA DORE", "7108120000",
     "GRM", 118, 127, 1, 0.001, 300, 1500, "gold", NULL, 0, 2},
    {"gold_trade", "ORO EN BRUTO - LOTE ACOPIADO|ORO BRUTO ALEACION DORE|ORO EN BRUTO FUNDIDO", "7108120000",
     "GRM", 121, 129, 1, 0.001, 2000, 8000, "gold", "gold", 0.99, 2},
    {"gold_export", "UNWROUGHT GOLD DORE BARS / ORO EN BRUTO|ORO EN BRUTO PARA EXPORTACION", "7108120000",
     "GRM", 126, 133, 1, 0.001, 5000, 20000, "gold", "gold", 0.98, 2},
    /* timber */
    {"logs",
     "MADERA ROLLIZA DE SHIHUAHUACO|MADERA EN TROZA - TORNILLO|MADERA ROLLIZA DE CUMALA|TROZAS DE "
     "CAPIRONA|MADERA ROLLIZA DE ESTORAQUE",
     "4403490000", "MTQ", 290, 520, 0, 950, 20, 60, "logs", NULL, 0, 3},
    {"sawn",
     "MADERA ASERRADA TORNILLO 2X8X10|MADERA ASERRADA DE SHIHUAHUACO|TABLAS DE CUMALA ASERRADA|VIGAS DE "
     "CAPIRONA ASERRADA",
     "4407299000", "BFT", 3.2, 5.8, 0, 2.2, 3000, 12000, "sawn", "logs", 190, 0},
    {"decking", "DECKING DE SHIHUAHUACO|PISO MACHIHEMBRADO DE TAHUARI|TABLILLAS PARA PARQUET DE ESTORAQUE",
     "4409291000", "MTK", 34, 58, 1, 21, 400, 1500, "decking", "sawn", 0.085, 2},
    {"furn_dining",
     "JUEGO DE COMEDOR 6 SILLAS - MADERA TORNILLO|MESA DE COMEDOR DE MADERA|JUEGO DE SALA DE MADERA",
     "9403600000", "NIU", 650, 2400, 0, 70, 10, 40, "furniture", "sawn", 0.012, 0},
    {"furn_bedroom", "ROPERO 3 PUERTAS DE MADERA|CAMA 2 PLAZAS DE MADERA CAOBILLA|COMODA DE MADERA 4 CAJONES",
     "9403500000", "NIU", 450, 1900, 0, 60, 10, 40, "furniture", "sawn", 0.014, 0},
    /* Brazil nuts */
    {"nuts_inshell", "CASTAÑA CON CASCARA (BARRICAS)|CASTAÑA EN CASCARA|CASTAÑA AMAZONICA CON CASCARA",
     "0801210000", "KGM", 5.5, 8.5, 0, 1.02, 2000, 9000, "nuts", NULL, 0, 0},
    {"nuts_shelled",
     "SHELLED BRAZIL NUTS MEDIUM / CASTAÑA SIN CASCARA|CASTAÑAS PELADAS SELECCIONADAS|NUECES DEL BRASIL SIN "
     "CASCARA",
     "0801220000", "KGM", 8.5, 12.5, 1, 1.05, 8000, 16000, "nuts_shelled", "nuts", 0.27, 0},
    /* textiles and garments */
    {"fabric", "TELA JERSEY ALGODON 30/1|TELA FRANELA PERCHADA|TELA RIB ALGODON PEINADO", "6006220000", "KGM",
     24, 34, 0, 1.0, 200, 900, "fabric", NULL, 0, 1},
    {"polo", "POLO ALGODON CUELLO REDONDO|POLO PIMA MANGA CORTA|POLO BASICO JERSEY", "6109100031", "NIU", 11,
     22, 0, 0.2, 600, 3000, "garment", "fabric", 4.5, 0},
    {"polera", "POLERA FRANELA CON CAPUCHA|POLERA ALGODON PERCHADO", "6110200090", "NIU", 28, 45, 0, 0.5, 300,
     1500, "garment", "fabric", 2.0, 0},
    {"pantalon", "PANTALON DRILL ALGODON|JEAN DENIM CLASICO|PANTALON JOGGER ALGODON", "6203420000", "NIU", 30,
     55, 0, 0.6, 300, 1200, "garment", "fabric", 1.6, 0},
    {"polo_retail", "POLO ALGODON PIMA - COLECCION|POLOS ESTAMPADOS SURTIDOS|PRENDAS DE ALGODON SURTIDAS",
     "6109100031", "NIU", 18, 35, 0, 0.2, 400, 2000, "garment_b", "garment", 0.98, 0},
    {"garment_export",
     "T-SHIRTS 100% ALGODON / POLOS DE ALGODON|PRENDAS DE VESTIR DE ALGODON PIMA|SWEATSHIRTS / POLERAS DE "
     "ALGODON",
     "6109100031", "NIU", 5.5, 9.5, 1, 0.2, 3000, 12000, "garment_b", "garment", 0.98, 0},
    /* fuel and camp supplies */
    {"diesel", "PETROLEO DIESEL B5 S-50|DIESEL B5|COMBUSTIBLE DIESEL B5", "2710200000", "GLL", 15.5, 19.5, 0,
     3.2, 300, 2500, "fuel", NULL, 0, 0},
    {"gasoline", "GASOHOL 90 PLUS|GASOHOL REGULAR", "2710121300", "GLL", 15.0, 19.0, 0, 3.0, 50, 400, "fuel",
     NULL, 0, 0},
    {"lube", "ACEITE PARA MOTOR 15W40 BALDE 5 GAL|ACEITE HIDRAULICO BALDE 5 GAL", "2710193800", "NIU", 180,
     260, 0, 18, 2, 12, "lube", NULL, 0, 0},
    {"rice", "ARROZ EXTRA COSTEÑO SACO 50 KG|ARROZ SUPERIOR X 50 KG", "1006300000", "NIU", 150, 210, 0, 50, 6,
     60, "food", NULL, 0, 0},
    {"sugar", "AZUCAR RUBIA SACO 50 KG|AZUCAR BLANCA X 50 KG", "1701999000", "NIU", 160, 215, 0, 50, 3, 30,
     "food", NULL, 0, 0},
    {"oil", "ACEITE VEGETAL CAJA 12 X 1 L|ACEITE COMESTIBLE CAJA X 12", "1517900000", "NIU", 75, 105, 0, 11.5,
     4, 40, "food", NULL, 0, 0},
    {"noodles", "FIDEOS SPAGHETTI FARDO 20 X 500 G|FIDEOS TALLARIN FARDO X 20", "1902190000", "NIU", 38, 52,
     0, 10, 5, 50, "food", NULL, 0, 0},
    {"tuna", "CONSERVA DE ATUN CAJA 48 UND|ATUN EN TROZOS CAJA X 48", "1604141000", "NIU", 190, 260, 0, 9, 2,
     20, "food", NULL, 0, 0},
    {"milk", "LECHE EVAPORADA CAJA 48 X 400 G", "0402911000", "NIU", 150, 190, 0, 20, 2, 25, "food", NULL, 0,
     0},
    {"water", "AGUA DE MESA BIDON 20 L|AGUA SIN GAS PAQUETE 15 X 625 ML", "2201100000", "NIU", 9, 14, 0, 20,
     10, 80, "food", NULL, 0, 0},
    {"pump", "MOTOBOMBA 13 HP|MOTOBOMBA 6 HP PARA SUCCION|MOTOBOMBA DIESEL 22 HP", "8413709000", "NIU", 1800,
     5200, 0, 45, 1, 4, "equipment", NULL, 0, 0},
    {"hose", "MANGUERA DE SUCCION 4 PULG X 30 M|MANGUERA REFORZADA 3 PULG", "4009220000", "NIU", 380, 650, 0,
     25, 2, 10, "equipment", NULL, 0, 0},
    {"lime", "CAL VIVA BOLSA 25 KG|CAL HIDRATADA X 25 KG", "2522100000", "NIU", 22, 32, 0, 25, 40, 200,
     "equipment", NULL, 0, 0},
    {"shovel", "PALA TIPO CUCHARA|PICO DE ACERO FORJADO|CARRETILLA BUGGY", "8201300000", "NIU", 28, 160, 0, 3,
     6, 40, "equipment", NULL, 0, 0},
    {"parts", "REPUESTOS PARA CARGADOR FRONTAL|FILTROS Y REPUESTOS PARA MOTOR|ZARANDA METALICA Y REPUESTOS",
     "8431490000", "NIU", 250, 3500, 0, 20, 1, 6, "equipment", NULL, 0, 0},
    {"chainsaw", "MOTOSIERRA 70 CC ESPADA 36 PULG|MOTOSIERRA PROFESIONAL 90 CC", "8467220000", "NIU", 3200,
     5200, 0, 9, 1, 3, "equipment", NULL, 0, 0},
    {"sacks", "SACOS DE POLIPROPILENO 50 KG PAQ X 100|SACOS RAFIA PAQUETE X 100", "6305330000", "NIU", 55, 80,
     0, 6, 5, 30, "equipment", NULL, 0, 0},
    /* building materials */
    {"cement", "CEMENTO PORTLAND TIPO I BOLSA 42.5 KG|CEMENTO TIPO IP X 42.5 KG", "2523290000", "NIU", 26, 33,
     0, 42.5, 50, 600, "cement", NULL, 0, 0},
    {"rebar", "FIERRO CORRUGADO 1/2 X 9 M|FIERRO CORRUGADO 3/8 X 9 M", "7214200000", "NIU", 28, 52, 0, 8.9,
     50, 600, "rebar", NULL, 0, 0},
    {"paint", "PINTURA LATEX BALDE 4 GAL|ESMALTE SINTETICO GALON", "3209100000", "NIU", 45, 190, 0, 20, 5, 60,
     "paint", NULL, 0, 0},
    {"bricks",
     "LADRILLO KING KONG 18 HUECOS (MILLAR)|LADRILLO PANDERETA (MILLAR)|LADRILLO MACIZO ARTESANAL (MILLAR)",
     "6904100000", "MIL", 560, 1100, 0, 2600, 2, 12, "bricks", NULL, 0, 1},
    {"bricks_resale", "LADRILLO KING KONG 18 HUECOS (MILLAR)|LADRILLO PARA TECHO (MILLAR)", "6904100000",
     "MIL", 700, 1250, 0, 2600, 1, 8, "bricks_r", "bricks", 1.0, 1},
    /* coffee */
    {"coffee", "CAFE PERGAMINO SECO|CAFE VERDE ARABICA EN PERGAMINO", "0901119000", "KGM", 14, 19, 0, 1.0,
     3000, 18000, "coffee", NULL, 0, 0},
    {"coffee_export",
     "GREEN COFFEE ARABICA GRADE 1 / CAFE VERDE ARABICA - SACOS 69 KG|CAFE VERDE ARABICA ORGANICO",
     "0901119000", "KGM", 5.2, 7.4, 1, 1.0, 18000, 20000, "coffee_x", "coffee", 0.8, 0},
    /* agro-export */
    {"grapes", "UVA FRESCA RED GLOBE|UVA SIN PEPA SWEET GLOBE", "0806100000", "KGM", 1.6, 2.8, 1, 1.1, 18000,
     22000, "grapes", NULL, 0, 0},
    {"asparagus", "ESPARRAGO VERDE FRESCO|ESPARRAGO BLANCO FRESCO", "0709200000", "KGM", 2.6, 3.8, 1, 1.1,
     8000, 20000, "asparagus", NULL, 0, 0},
    {"avocado", "PALTA HASS FRESCA|PALTA HASS CALIBRE 16-22", "0804400000", "KGM", 1.9, 2.9, 1, 1.1, 18000,
     24000, "avocado", NULL, 0, 0},
    {"blueberry", "ARANDANO FRESCO|ARANDANO BILOXI FRESCO", "0810400000", "KGM", 5.5, 8.5, 1, 1.1, 8000,
     16000, "blueberry", NULL, 0, 0},
    /* fish */
    {"fish_fresh", "POTA FRESCA EN CAJAS|PESCADO FRESCO PERICO|CABALLA FRESCA", "0307420000", "KGM", 2.2, 4.5,
     0, 1.05, 3000, 15000, "fish", NULL, 0, 0},
    {"squid_frozen",
     "FROZEN GIANT SQUID TUBES / POTA CONGELADA|FILETE DE POTA CONGELADO|ALETA DE POTA CONGELADA",
     "0307430000", "KGM", 1.8, 3.2, 1, 1.05, 20000, 25000, "squid", "fish", 0.55, 0},
    /* imported goods sold from Tacna and Lima */
    {"merch", "TELEVISOR LED 50 PULG|MERCADERIA VARIADA - ELECTRODOMESTICOS|COCINA A GAS 4 HORNILLAS",
     "8528720000", "NIU", 800, 1800, 0, 15, 10, 80, "merch", NULL, 0, 0},
    /* services: no partida */
    {"freight", "SERVICIO DE TRANSPORTE DE CARGA", NULL, "ZZ", 0, 0, 0, 0, 1, 1, "svc", NULL, 0, 0},
    {"staff_bus", "SERVICIO DE TRANSPORTE DE PERSONAL", NULL, "ZZ", 0, 0, 0, 0, 1, 1, "svc", NULL, 0, 0},
    {"valuables", "SERVICIO DE CUSTODIA Y TRASLADO DE VALORES", NULL, "ZZ", 0, 0, 0, 0, 1, 1, "svc", NULL, 0,
     0},
    {"labour_service",
     "SERVICIO DE PERSONAL EVENTUAL PARA COSECHA|SERVICIO DE MANO DE OBRA - CUADRILLA DE CAMPO|SERVICIO DE "
     "APOYO EN PLANTA DE EMPAQUE",
     NULL, "ZZ", 18000, 95000, 0, 0, 1, 1, "svc", NULL, 0, 0},
    {"recruit_service",
     "SERVICIO DE PERSONAL OBRERO PARA FRENTE MINERO|SERVICIO DE RECLUTAMIENTO Y TRASLADO DE "
     "PERSONAL|SERVICIO DE MANO DE OBRA - CONTRATA",
     NULL, "ZZ", 9000, 38000, 0, 0, 1, 1, "svc", NULL, 0, 0},
};

#define NPROD ((int)ARRAY_LEN(PRODUCTS))

/* Index of product KEY; exits on an unknown key (a bug here). */
int prod_index(const char *key)
{
    for (int i = 0; i < NPROD; i++)
        if (!strcmp(PRODUCTS[i].key, key)) return i;
    fprintf(stderr, "gen-world: internal error: product %s unknown\n", key);
    exit(3);
}

/* ---- kinds of firms --------------------------------------------------------------- */

/* What each kind of firm looks like (kind_info in gen.h says what the columns are). */
const kind_info KINDS[K_COUNT] = {
    [K_GOLD_MINER] =
        {"Mining (gold)",
         "Minera Aurífera|Corporación Minera|Compañía Minera|Inversiones Mineras|Sociedad Minera|Empresa "
         "Minera|Minera",
         26, "170204:4 170102:3 170104:3 170203:3 211002:2 040308:2 040307:1 040608:2 130808:2 130809:2",
         0.55, 1, 2, 15, 120, 0},
    [K_GOLD_TRADER] = {"Gold trading",
                       "Comercializadora de Minerales|Inversiones Auríferas|Metales Preciosos|Comercial "
                       "Minera|Minerales y Metales|Gold Trading",
                       8, "150131:2 150101:2 150122:1 170101:3 211101:2", 0, 0, 1, 4, 20, 1},
    [K_GOLD_EXPORTER] =
        {"Gold export",
         "Exportadora de Metales|Refinería y Exportadora|Precious Metals|Exportaciones Mineras|Gold Export",
         3, "150131:2 150130:1 150122:1", 0, 0, 0, 10, 60, 2},
    [K_FUEL] = {"Fuel retail", "Grifo|Estación de Servicios|Distribuidora de Combustibles|Grifos y Servicios",
                10, "170101:2 170102:2 170204:2 170104:1 211101:2 211002:1 040101:1 130101:1", 0, 1, 3, 5, 25,
                0},
    [K_MINING_SUPPLY] =
        {"Mining supplies",
         "Maquinarias y Repuestos|Ferretería Minera|Equipos Mineros|Suministros Mineros|Motores y Bombas", 8,
         "150101:2 150103:1 170101:2 211101:2 040101:1", 0, 1, 2, 4, 30, 0},
    [K_FOOD_WHOLESALE] =
        {"Food wholesale",
         "Distribuidora|Comercial|Inversiones|Corporación Comercial|Abarrotes|Multiservicios", 18,
         "150101:3 150135:2 150137:2 170101:3 211101:2 080108:2 040101:2 250101:1 130101:1", 0, 1, 4, 6, 60,
         0},
    [K_TIMBER] = {"Forestry (timber concession)",
                  "Forestal|Maderera|Concesión Forestal|Inversiones Forestales|Industria Forestal|Maderas",
                  18, "170303:3 170301:2 170302:2 170103:2 250104:2 250106:2 250103:1 160301:2 160201:1", 0.6,
                  1, 2, 12, 70, 0},
    [K_SAWMILL] = {"Sawmill", "Aserradero|Industria Maderera|Maderas y Triplay|Maderera|Industrial Forestal",
                   12, "170101:3 250101:3 250105:2 250107:2 160101:1 160108:1", 0, 1, 3, 15, 90, 1},
    [K_FURNITURE] = {"Furniture",
                     "Muebles|Fábrica de Muebles|Carpintería|Industrias del Mueble|Diseños en Madera|Muebles "
                     "y Decoraciones",
                     22, "150142:8 150132:3 150103:2 150143:1 040101:1 130101:1", 0, 0, 1, 5, 45, 2},
    [K_FLOORING] = {"Wood flooring export",
                    "Pisos y Maderas|Decks del Perú|Maderas Finas|Pisos Amazónicos|Wood Floors", 2,
                    "150119:1 150103:1 070101:1", 0, 0, 1, 20, 80, 2},
    [K_RETAIL] = {"Retail", "Tiendas|Comercial|Hogar y Decoración|Centro Comercial|Casa|Multitiendas|Bazar",
                  24,
                  "150140:3 150122:2 150115:3 150101:2 040101:2 130101:2 080108:2 170101:1 211101:1 250101:1 "
                  "200101:1 110101:1",
                  0, 0, 2, 5, 120, 3},
    [K_NUT_COLLECTOR] = {"Brazil nut collection",
                         "Castañera|Inversiones|Agroforestal|Recolectora|Productos Amazónicos|Castañales", 10,
                         "170103:3 170303:2 170302:2 170104:1", 0.6, 0, 1, 6, 40, 0},
    [K_NUT_EXPORTER] = {"Brazil nut processing and export",
                        "Exportadora|Amazon Nuts|Procesadora|Agroindustrias|Bosques Amazónicos", 3,
                        "170101:1", 0, 1, 2, 40, 180, 1},
    [K_TEXTILE] = {"Textile mill", "Textil|Tejidos|Industria Textil|Hilandería|Tejeduría", 5,
                   "150103:2 150118:1 150135:1 040101:1", 0, 1, 2, 30, 200, 0},
    [K_WORKSHOP] = {"Garment workshop",
                    "Confecciones|Textil|Creaciones|Industrias|Modas|Inversiones Textiles", 30,
                    "150115:14 150132:8 150135:3 150103:2 150110:2", 0, 0, 1, 4, 35, 1},
    [K_BRAND] = {"Garment brand", "Moda|Corporación Textil|Grupo|Style|Cotton|Brand", 5,
                 "150115:2 150131:1 150103:1 150122:1", 0, 1, 2, 15, 90, 2},
    [K_AGRO] = {"Agro-export", "Agrícola|Agroexportadora|Fundo|Agroindustrial|Agro|Frutos", 14,
                "110101:2 110108:2 110111:2 110501:1 131201:3 131202:2 200101:1 200801:1", 0, 1, 3, 60, 900,
                0},
    [K_FISHING] = {"Fishing", "Armadora Pesquera|Pesquera|Inversiones Pesqueras|Pesca", 12,
                   "200501:6 200801:4 021801:2", 0, 0, 1, 6, 25, 0},
    [K_FISH_PROCESSOR] = {"Fish processing and export",
                          "Procesadora Pesquera|Corporación Pesquera|Seafood|Congeladora|Productos Marinos",
                          4, "200501:3 200801:1", 0, 1, 3, 40, 300, 1},
    [K_BRICKS] = {"Brick kiln", "Ladrillera|Fábrica de Ladrillos|Ladrillos|Cerámica|Industria Ladrillera", 10,
                  "150118:3 150106:3 080104:2 080105:1 040104:1", 0, 1, 2, 8, 60, 0},
    [K_HARDWARE] =
        {"Hardware and building materials",
         "Ferretería|Distribuidora Ferretera|Materiales de Construcción|Ferrocentro|Comercial Ferretera", 26,
         "150132:3 150135:3 150142:2 150110:2 150103:2 080108:3 040101:3 130101:3 170101:2 211101:2 250101:1",
         0, 1, 2, 4, 30, 1},
    [K_CONSTRUCTION] =
        {"Construction",
         "Constructora|Inmobiliaria y Constructora|Edificaciones|Ingeniería y Construcción|Obras y Proyectos",
         20, "150131:3 150140:2 150122:2 080108:3 040101:3 130101:3 170101:1 211101:1", 0, 1, 2, 10, 150, 2},
    [K_COFFEE_COOP] = {"Coffee",
                       "Cooperativa Agraria Cafetalera|Asociación de Productores "
                       "Cafetaleros|Cafetalera|Agroindustrias del Café|Cooperativa de Servicios Múltiples",
                       12, "120303:3 120601:3 120302:2 060801:2 060901:2 060902:1", 0, 1, 2, 5, 40, 0},
    [K_COFFEE_EXPORTER] = {"Coffee export", "Exportadora de Café|Coffee Export|Café|Comercializadora de Café",
                           4, "150131:1 060801:1 120303:1 150101:1", 0, 1, 2, 15, 80, 1},
    [K_CARRIER] = {"Road freight",
                   "Transportes|Empresa de Transportes|Transportes y Servicios|Logística|Transportes y "
                   "Carga|Carga Pesada",
                   26,
                   "150135:4 150103:3 070101:3 040101:2 080108:2 211101:2 170101:2 250101:2 130101:2 "
                   "200101:1 110101:1 230101:1",
                   0, 3, 30, 6, 80, 0},
    [K_BUS] = {"Passenger transport",
               "Empresa de Transportes Turismo|Transportes Interprovincial|Expreso|Turismo", 4,
               "150101:2 080108:1 040101:1", 0, 4, 30, 40, 200, 0},
    [K_VALUABLES] = {"Valuables transport",
                     "Transportes Blindados|Seguridad y Valores|Custodia y Transporte de Valores", 1,
                     "150131:1", 0, 3, 30, 80, 400, 0},
    [K_LABOUR] = {"Labour services",
                  "Servicios Generales|Contratistas|Servicios Agrícolas|Servicios y Contratas|Recursos "
                  "Humanos|Gestión de Personal",
                  6, "110101:2 131201:1 150101:1 080108:1 211101:1", 0, 0, 1, 10, 300, 0},
    [K_TRADING] = {"Import and distribution", "Importaciones|Comercial|Distribuidora|Corporación|Inversiones",
                   12, "230101:4 150101:3 150103:2 040101:2 070101:1", 0, 1, 3, 5, 40, 0},
    [K_FOREIGN] = {"Foreign buyer", "", 28, "", 0, 0, 0, 0, 0, 4},
};

/* Name cores by department (first two ubigeo digits). */
const char *region_cores(int d)
{
    static const char *const cores[][2] = {
        {"17", "Tambopata|Madre de Dios|Inambari|Los Amigos|Río Piedras|Tahuamanu|Manu|Amazonía "
               "Sur|Interoceánica|Puerto Maldonado|Selva Sur|Mazuko|Boca "
               "Colorado|Fitzcarrald|Laberinto|Iberia|Río Colorado|Caychive"},
        {"21", "Altiplano|Titicaca|Cerro "
               "Lunar|Ananea|Carabaya|Putina|Sandia|Juliaca|Kollasuyo|Lampa|Azángaro|Sillustani"},
        {"08", "Ausangate|Qosqo|Inti|Vilcanota|Wanchaq|Salkantay|Urubamba|Pachacútec|Tupac "
               "Amaru|Sacsayhuamán|Apu Pachatusan"},
        {"25", "Ucayali|Pucallpa|Yarina|Callería|Aguaytía|Atalaya|Masisea|Manantay|Imiría|Tamaya"},
        {"16", "Amazonas|Loreto|Nanay|Itaya|Marañón|Yurimaguas|Huallaga|Iquitos|Napo"},
        {"15", "Lima|Rímac|Pacífico|Chavín|Santa Rosa|Andina|Los Andes|Perú|Inca|Lurín|Chillón|Gamarra"},
        {"07", "Callao|Pacífico|Chucuito|La Punta"},
        {"04", "Misti|Chachani|Arequipa|Sur Andino|Caravelí|Colca|Chala|Yanaquihua|Pichu Pichu"},
        {"13", "Chan Chan|Moche|Trujillo|Pataz|La Libertad|Norte|Virú|Chao|Huamachuco"},
        {"11", "Ica|Paracas|Nazca|Huacachina|Cachiche|Pisco|Villacurí|Ocucaje"},
        {"20", "Piura|Paita|Sechura|Tallán|Máncora|Talara|Colán|Vichayal"},
        {"02", "Chimbote|Santa|Ancash|Huascarán|Casma"},
        {"12", "Chanchamayo|Pichanaki|Perené|Satipo|Selva Central|Ashaninka|Oxapampa"},
        {"06", "Jaén|San Ignacio|Chirinos|Alto Marañón|Huabal|Tabaconas"},
        {"23", "Tacna|Heroica|Frontera Sur|Caplina|Tarata|Zofra"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cores); i++)
        if (!strncmp(DISTRICTS[d].code, cores[i][0], 2)) return cores[i][1];
    return "Perú|Andino|Nacional";
}

/* Cores of firm names found in every region: saints, virtues, brand-like words. */
const char GENERIC_CORES[] =
    "San José|Santa Rosa|Virgen de Fátima|Señor de los Milagros|Dos Hermanos|El Progreso|Nueva Esperanza|"
    "San Martín|Santa Fe|Estrella|Mi Perú|El Sol|Sol Naciente|Amanecer|Bicentenario|Continental|Global|"
    "Del Sur|Del Norte|JM|R & M|Virgen del Carmen|Señor de Huanca|San Judas Tadeo|Los Ángeles|Cruz del Sur|"
    "Corazón de Jesús|Santa Bárbara|Unión|La Fortaleza|El Triunfo|Divino Niño|Sagrado Corazón|Horizonte|"
    "Alfa|Omega|Delta|Fénix|Cóndor|Puma|Jaguar|Kallpa|Wayra|Intiwasi|Sumaq|Allpa|Nina";

/* Surnames, mixed case: family firms' names and (upper-cased) people. */
const char SURNAMES[] =
    "Quispe|Mamani|Huamán|Flores|Rodríguez|Sánchez|García|Ramos|Torres|Chávez|Vargas|Mendoza|Rojas|"
    "Castillo|Condori|Apaza|Ccori|Huanca|Choque|Gutiérrez|Díaz|Vásquez|Paredes|Cáceres|Salazar|"
    "Zegarra|Ríos|Villanueva|Pinedo|Panduro|Tuesta|Shapiama|Ahuanari|Sangama|Rengifo|Del Águila|"
    "Lozano|Saavedra|Velásquez|Palomino|Ticona|Yupanqui|Cusi|Sucso|Quispe Tito|Limachi|Cutipa|Pari";

/* Given names of men, as RENIEC writes them. */
const char GIVEN_M[] =
    "JUAN|JOSE|LUIS|CARLOS|JORGE|VICTOR|WILBER|EDWIN|RUBEN|PERCY|ELMER|FREDDY|HUGO|WALTER|MILTON|"
    "NILO|JULIO|RAUL|CESAR|ALBERTO|ROGER|YONY|ELVIS|HERNAN|DAVID|MARCO|SAUL|ROLANDO|FELIX|ALEX";

/* Given names of women, as RENIEC writes them. */
const char GIVEN_F[] =
    "MARIA|ROSA|CARMEN|LUZ|JUANA|YENI|SONIA|FLOR|NANCY|ELIZABETH|ROCIO|SILVIA|MARLENY|DELIA|ANA|NELLY";

/* Common street names, for addresses in districts without places of their own. */
const char STREETS[] =
    "LOS INCAS|GRAU|BOLOGNESI|SAN MARTIN|DOS DE MAYO|28 DE JULIO|LEGUIA|TACNA|AREQUIPA|LIMA|CUSCO|"
    "LAS PALMERAS|LOS PINOS|LA CULTURA|TUPAC AMARU|JOSE GALVEZ|LOS ALAMOS|JOSE OLAYA|MIGUEL GRAU|"
    "ALFONSO UGARTE|RAMON CASTILLA|SANTA ROSA|LAS FLORES|LOS JAZMINES|INDEPENDENCIA|CIRCUNVALACION";

/* ---- countries of foreign buyers -------------------------------------------------- */

/*
** The foreign buyers (names invented): populate() takes the first of each
** sector, then the rest in table order.
*/
const foreign_info FOREIGN[] = {
    {"AR", FS_GOLD, "Alhajas y Metales del Plata S.A.", "AV. CORRIENTES 2345, CABA, BUENOS AIRES"},
    {"AR", FS_GARMENT, "Indumentaria Avellaneda S.R.L.", "AV. AVELLANEDA 3120, FLORES, CABA"},
    {"AR", FS_NUTS, "Frutos Secos del Sur S.A.", "CALLE CORDOBA 1450, ROSARIO, SANTA FE"},
    {"AR", FS_GARMENT, "Textil Once Importadora S.A.", "PASO 456, BALVANERA, CABA"},
    {"AR", FS_COFFEE, "Cafés Rioplatenses S.A.", "AV. RIVADAVIA 9800, CABA"},
    {"AR", FS_GOLD, "Joyería Industrial Rosario S.R.L.", "SAN LORENZO 1130, ROSARIO, SANTA FE"},
    {"AR", FS_GARMENT, "Moda Flores Distribuidora S.A.S.", "AV. NAZCA 2100, FLORES, CABA"},
    {"AR", FS_NUTS, "Distribuidora Pampeana de Alimentos S.A.", "AV. SAN MARTIN 880, MENDOZA"},
    {"AR", FS_AGRO, "Frutihortícola Mercado Central S.A.",
     "AUTOPISTA RICCHIERI Y BOULOGNE SUR MER, TAPIALES, BUENOS AIRES"},
    {"CH", FS_GOLD, "Helvetia Precious Metals SA", "VIA INDUSTRIA 12, 6850 MENDRISIO, TICINO"},
    {"AE", FS_GOLD, "Gulf Bullion Trading DMCC", "ALMAS TOWER, JUMEIRAH LAKES TOWERS, DUBAI"},
    {"IN", FS_GOLD, "Zaveri Bullion Imports Pvt. Ltd.", "ZAVERI BAZAR, KALBADEVI ROAD, MUMBAI"},
    {"US", FS_NUTS, "Pacific Nut Company LLC", "1200 INDUSTRIAL WAY, FRESNO CA"},
    {"GB", FS_NUTS, "Britannia Nuts Ltd", "UNIT 4, DOCKSIDE PARK, FELIXSTOWE"},
    {"DE", FS_NUTS, "Hamburger Nusshandel GmbH", "GROSSER GRASBROOK 10, HAMBURG"},
    {"US", FS_AGRO, "Fresh Harvest Imports LLC", "300 PORT AVE, PHILADELPHIA PA"},
    {"NL", FS_AGRO, "Rotterdam Fresh Produce B.V.", "DOUANESTRAAT 8, BARENDRECHT"},
    {"GB", FS_AGRO, "Covent Fruits Ltd", "NEW COVENT GARDEN MARKET, LONDON"},
    {"CN", FS_AGRO, "Shanghai Green Fruit Co., Ltd.", "NO. 88 HUTAI ROAD, SHANGHAI"},
    {"ES", FS_AGRO, "Frutas Mediterráneo S.L.", "MERCAVALENCIA, VALENCIA"},
    {"CN", FS_FISH, "Qingdao Ocean Foods Co., Ltd.", "NO. 17 HAIER ROAD, QINGDAO"},
    {"KR", FS_FISH, "Busan Seafood Co., Ltd.", "GAMCHEON HARBOR, BUSAN"},
    {"ES", FS_FISH, "Congelados Atlánticos Vigo S.L.", "PUERTO PESQUERO, VIGO"},
    {"US", FS_COFFEE, "Bay Coffee Importers Inc.", "45 EMBARCADERO, OAKLAND CA"},
    {"DE", FS_COFFEE, "Bremer Kaffeehandel GmbH", "AM SPEICHER XI 4, BREMEN"},
    {"BE", FS_COFFEE, "Antwerp Coffee Trading NV", "NOORDERLAAN 120, ANTWERPEN"},
    {"US", FS_TIMBER, "Coastal Hardwoods Inc.", "900 HARBOR BLVD, SAVANNAH GA"},
    {"CN", FS_TIMBER, "Guangzhou Southern Timber Co., Ltd.", "NANSHA PORT ROAD, GUANGZHOU"},
    {"DO", FS_TIMBER, "Maderas del Caribe S.R.L.", "AV. JOHN F. KENNEDY 88, SANTO DOMINGO"},
    {"US", FS_GARMENT, "Urban Basics Apparel LLC", "2100 E 15TH ST, LOS ANGELES CA"},
    {"CL", FS_GARMENT, "Comercial Textil Santiago Ltda.", "AV. INDEPENDENCIA 1200, SANTIAGO"},
};

/* Rows of FOREIGN, for the files that see only its declaration. */
const int NFOREIGN = (int)ARRAY_LEN(FOREIGN);

_Static_assert(ARRAY_LEN(FOREIGN) <= MAX_FOREIGN, "FOREIGN has more rows than MAX_FOREIGN");
