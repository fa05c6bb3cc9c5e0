/*
** gen_world.c: the demo-world generator of inspector.
**
** Writes a synthetic but plausible Peruvian supply-chain world in the file
** formats inspector imports: SUNAT e-invoices (UBL 2.1: facturas, boletas,
** notas de credito), guias de remision (GRE 2.0: remitente 09 and
** transportista 31) and supplier declarations (facility-list CSV).  Into
** that world it plants documented forced-labour cases (see README.md next
** to this file) and writes their answer key, truth.csv, outside the folders
** that are imported.
**
** The world is a set of firms (with RUCs whose check digits hold, real INEI
** districts, establishments), trading relationships ("flows") between them,
** and movements of goods or people ("moves").  Flows and moves become dated
** events; the events are sorted and played in date order, so document
** numbers grow with dates and each vehicle is scheduled where it can be:
** a legitimate vehicle never appears in two places further apart than a
** day's drive.  Only the planted cloned plate breaks that.
**
** Everything is deterministic for a seed: one splitmix64 generator, no
** clock, no rand(), a total order wherever events are sorted, and never two
** random draws in one expression whose evaluation order C leaves open, so
** that every compiler writes the same bytes.  Only libc and libm are used
** (with POSIX mkdir, opendir and unlink for the output folders).
**
** Usage: gen-world [--seed N] [--firms N] [--months N] [--start YYYY-MM] OUTDIR
*/
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_LINES 6  /* lines of one invoice or guia */
#define MAX_VEH 40   /* vehicles of one fleet */
#define MAX_DRV 48   /* drivers of one fleet */
#define MAX_PROD 4   /* products of one flow */
#define MAX_PLACES 6 /* origins or destinations of one move */
#define PATH_BYTES 1024

/* ---- the pseudo-random generator -------------------------------------------------- */

/* The only mutable state besides the world itself: splitmix64. */
typedef struct rng {
    uint64_t s;
} rng;

/* Next 64 random bits (splitmix64: Steele, Lea and Flood 2014). */
static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform integer in [0, n); 0 when n <= 1. */
static int rnd(rng *r, int n)
{
    if (n <= 1) return 0;
    return (int)(rng_next(r) % (uint64_t)n);
}

/* A uniform integer in [lo, hi]. */
static int rnd_between(rng *r, int lo, int hi)
{
    return hi <= lo ? lo : lo + rnd(r, hi - lo + 1);
}

/* A uniform double in [0, 1). */
static double rnd_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform double in [lo, hi). */
static double rnd_uniform(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rnd_unit(r);
}

/* 1 with probability p. */
static int rnd_chance(rng *r, double p)
{
    return rnd_unit(r) < p;
}

/* A positive size factor, roughly log-normal around 1 (firm sizes are skewed). */
static double rnd_size(rng *r)
{
    double s = 0;
    for (int i = 0; i < 4; i++) s += rnd_unit(r);
    return exp((s - 2.0) * 0.8);
}

/* ---- small string helpers --------------------------------------------------------- */

/* Copies S into DST of N bytes, always terminated, cut if too long. */
static void copy_str(char *dst, size_t n, const char *s)
{
    if (!n) return;
    size_t k = strlen(s);
    if (k >= n) k = n - 1;
    memcpy(dst, s, k);
    dst[k] = '\0';
}

/* Number of '|'-separated alternatives in ALTS. */
static int alt_count(const char *alts)
{
    int n = 1;
    for (const char *p = alts; *p; p++) n += *p == '|';
    return n;
}

/* Copies alternative K (modulo their number) of ALTS into OUT; returns OUT. */
static const char *alt(const char *alts, int k, char *out, size_t n)
{
    int c = alt_count(alts);
    k = ((k % c) + c) % c;
    const char *p = alts;
    while (k > 0) {
        if (*p++ == '|') k--;
    }
    const char *e = strchr(p, '|');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len >= n) len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

/*
** Upper-cases UTF-8 text the way SUNAT's registry writes names: ASCII
** letters and the Latin-1 letters of Spanish (two-byte sequences 0xC3
** 0xA0-0xBE) are mapped; everything else is copied.
*/
static void upcase(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; in[i] && k + 2 < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 'a' && c <= 'z') {
            out[k++] = (char)(c - 32);
        } else if (c == 0xC3 && in[i + 1]) {
            unsigned char d = (unsigned char)in[i + 1];
            out[k++] = (char)c;
            out[k++] = (char)((d >= 0xA0 && d <= 0xBE && d != 0xB7) ? d - 0x20 : d);
            i++;
        } else {
            out[k++] = (char)c;
        }
    }
    out[k] = '\0';
}

/*
** Removes the Spanish accents of UTF-8 text (a vowel with an accent becomes
** the bare vowel, n with tilde becomes n): how many small issuers type
** their customers' names.
*/
static void fold_accents(const char *in, char *out, size_t n)
{
    static const char from[] = "\xA1\xA9\xAD\xB3\xBA\xB1\xBC\x81\x89\x8D\x93\x9A\x91\x9C";
    static const char to[] = "aeiounuAEIOUNU";
    size_t k = 0;
    for (size_t i = 0; in[i] && k + 1 < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == 0xC3 && in[i + 1]) {
            const char *f = strchr(from, in[i + 1]);
            if (f) {
                out[k++] = to[f - from];
                i++;
                continue;
            }
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
}

/* Rounds to cents. */
static double round2(double x)
{
    return floor(x * 100.0 + 0.5) / 100.0;
}

/* ---- calendar --------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of day Z since 1970-01-01. */
static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Days in month M of year Y. */
static int month_days(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Bit mask of calendar months A..B (1-12), wrapping over the new year. */
static unsigned months_mask(int a, int b)
{
    unsigned m = 0;
    for (int k = a;; k = k % 12 + 1) {
        m |= 1u << (k - 1);
        if (k == b) break;
    }
    return m;
}

#define ALL_MONTHS 0xFFFu

/* ---- districts -------------------------------------------------------------------- */

/*
** The districts the world uses: INEI ubigeo (the coding SUNAT documents
** use), name, province, department, centre coordinates and a few real
** localities or streets for addresses.  Every code, name and coordinate
** was copied from data/ubigeo_distrito.csv (columns inei, distrito,
** provincia, departamento, latitude, longitude).
*/
typedef struct district {
    const char *code;
    const char *name;
    const char *province;
    const char *dept;
    double lat, lon;
    const char *places; /* '|'-separated streets or localities, or "" */
} district;

static const district DISTRICTS[] = {
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
static int dist_index(const char *code)
{
    for (int i = 0; i < NDIST; i++)
        if (!strcmp(DISTRICTS[i].code, code)) return i;
    fprintf(stderr, "gen-world: internal error: district %s not in the table\n", code);
    exit(3);
}

/* Great-circle distance in km between two districts' centres. */
static double dist_km(int a, int b)
{
    const double k = 3.14159265358979323846 / 180.0;
    double la1 = DISTRICTS[a].lat * k, la2 = DISTRICTS[b].lat * k;
    double dla = la2 - la1, dlo = (DISTRICTS[b].lon - DISTRICTS[a].lon) * k;
    double h = sin(dla / 2) * sin(dla / 2) + cos(la1) * cos(la2) * sin(dlo / 2) * sin(dlo / 2);
    return 2 * 6371.0 * atan2(sqrt(h), sqrt(1 - h));
}

/*
** Days a road vehicle needs between two districts: none within a metro
** area (under 60 km), else a road 45% longer than the straight line at
** 520 km a day.  The scheduler keeps every legitimate vehicle within this.
*/
static int travel_days(int a, int b)
{
    double km = dist_km(a, b);
    if (km < 60) return 0;
    return (int)ceil(km * 1.45 / 520.0);
}

/* 1 when two districts are in the same department (first two digits). */
static int same_dept(int a, int b)
{
    return !strncmp(DISTRICTS[a].code, DISTRICTS[b].code, 2);
}

/* The regional hub of a district: where firms of remote sites keep their offices. */
static int hub_of(int d)
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

/*
** A good or service as sellers write it.  FAMILY groups products that are
** the same material along a chain (doré bought and doré resold); a derived
** product is made from INPUT with YIELD output units per input unit.
*/
typedef struct product {
    const char *key;
    const char *desc;   /* '|'-separated wordings; each seller keeps one */
    const char *tariff; /* partida arancelaria, 10 digits (HS6 prefix); NULL: a service */
    const char *unit;   /* UN/ECE rec 20 */
    double pmin, pmax;  /* unit price before IGV */
    int usd;            /* priced in US dollars */
    double kg;          /* gross kilograms per unit */
    double qmin, qmax;  /* a typical order */
    const char *family;
    const char *input; /* family of the input, or NULL */
    double yield;
    int decimals; /* of quantities */
} product;

static const product PRODUCTS[] = {
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
static int prod_index(const char *key)
{
    for (int i = 0; i < NPROD; i++)
        if (!strcmp(PRODUCTS[i].key, key)) return i;
    fprintf(stderr, "gen-world: internal error: product %s unknown\n", key);
    exit(3);
}

/* ---- kinds of firms --------------------------------------------------------------- */

enum {
    K_GOLD_MINER,
    K_GOLD_TRADER,
    K_GOLD_EXPORTER,
    K_FUEL,
    K_MINING_SUPPLY,
    K_FOOD_WHOLESALE,
    K_TIMBER,
    K_SAWMILL,
    K_FURNITURE,
    K_FLOORING,
    K_RETAIL,
    K_NUT_COLLECTOR,
    K_NUT_EXPORTER,
    K_TEXTILE,
    K_WORKSHOP,
    K_BRAND,
    K_AGRO,
    K_FISHING,
    K_FISH_PROCESSOR,
    K_BRICKS,
    K_HARDWARE,
    K_CONSTRUCTION,
    K_COFFEE_COOP,
    K_COFFEE_EXPORTER,
    K_CARRIER,
    K_BUS,
    K_VALUABLES,
    K_LABOUR,
    K_TRADING,
    K_FOREIGN,
    K_COUNT
};

/*
** What a kind of firm looks like: its sector label (as a supplier list
** writes it), name prefixes, how many there are in a 400-firm world,
** where they are ("ubigeo:weight ..."), how often the worksite is an annex
** of an office in the regional hub, its own fleet and its workforce.
*/
typedef struct kind_info {
    const char *label;
    const char *prefixes;
    int base;
    const char *places;
    double site_share;
    int fleet_min, fleet_max;
    int workers_min, workers_max;
    int stage; /* order of calibration along its chain */
} kind_info;

static const kind_info KINDS[K_COUNT] = {
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
static const char *region_cores(int d)
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

static const char GENERIC_CORES[] =
    "San José|Santa Rosa|Virgen de Fátima|Señor de los Milagros|Dos Hermanos|El Progreso|Nueva Esperanza|"
    "San Martín|Santa Fe|Estrella|Mi Perú|El Sol|Sol Naciente|Amanecer|Bicentenario|Continental|Global|"
    "Del Sur|Del Norte|JM|R & M|Virgen del Carmen|Señor de Huanca|San Judas Tadeo|Los Ángeles|Cruz del Sur|"
    "Corazón de Jesús|Santa Bárbara|Unión|La Fortaleza|El Triunfo|Divino Niño|Sagrado Corazón|Horizonte|"
    "Alfa|Omega|Delta|Fénix|Cóndor|Puma|Jaguar|Kallpa|Wayra|Intiwasi|Sumaq|Allpa|Nina";

static const char SURNAMES[] =
    "Quispe|Mamani|Huamán|Flores|Rodríguez|Sánchez|García|Ramos|Torres|Chávez|Vargas|Mendoza|Rojas|"
    "Castillo|Condori|Apaza|Ccori|Huanca|Choque|Gutiérrez|Díaz|Vásquez|Paredes|Cáceres|Salazar|"
    "Zegarra|Ríos|Villanueva|Pinedo|Panduro|Tuesta|Shapiama|Ahuanari|Sangama|Rengifo|Del Águila|"
    "Lozano|Saavedra|Velásquez|Palomino|Ticona|Yupanqui|Cusi|Sucso|Quispe Tito|Limachi|Cutipa|Pari";

static const char GIVEN_M[] =
    "JUAN|JOSE|LUIS|CARLOS|JORGE|VICTOR|WILBER|EDWIN|RUBEN|PERCY|ELMER|FREDDY|HUGO|WALTER|MILTON|"
    "NILO|JULIO|RAUL|CESAR|ALBERTO|ROGER|YONY|ELVIS|HERNAN|DAVID|MARCO|SAUL|ROLANDO|FELIX|ALEX";

static const char GIVEN_F[] =
    "MARIA|ROSA|CARMEN|LUZ|JUANA|YENI|SONIA|FLOR|NANCY|ELIZABETH|ROCIO|SILVIA|MARLENY|DELIA|ANA|NELLY";

static const char STREETS[] =
    "LOS INCAS|GRAU|BOLOGNESI|SAN MARTIN|DOS DE MAYO|28 DE JULIO|LEGUIA|TACNA|AREQUIPA|LIMA|CUSCO|"
    "LAS PALMERAS|LOS PINOS|LA CULTURA|TUPAC AMARU|JOSE GALVEZ|LOS ALAMOS|JOSE OLAYA|MIGUEL GRAU|"
    "ALFONSO UGARTE|RAMON CASTILLA|SANTA ROSA|LAS FLORES|LOS JAZMINES|INDEPENDENCIA|CIRCUNVALACION";

/* ---- countries of foreign buyers -------------------------------------------------- */

/* Sectors a foreign buyer imports. */
enum { FS_GOLD, FS_NUTS, FS_GARMENT, FS_AGRO, FS_FISH, FS_COFFEE, FS_TIMBER, FS_COUNT };

/* Foreign buyers: country, sector, name, address.  Names are invented. */
typedef struct foreign_info {
    const char *iso;
    int sector;
    const char *name;
    const char *address;
} foreign_info;

static const foreign_info FOREIGN[] = {
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

#define NFOREIGN ((int)ARRAY_LEN(FOREIGN))

/* ---- the world's records ---------------------------------------------------------- */

typedef struct vehicle {
    char plate[12];
    int loc;      /* district where it is */
    int free_day; /* first day it can start a new leg there */
    int driver;   /* its regular driver */
    int legs;     /* guias it appears on */
} vehicle;

typedef struct driver {
    char dni[9];
    char given[32];
    char family[100];
    char licence[12];
} driver;

/* A firm's own vehicles and drivers. */
typedef struct fleet {
    int owner;
    int cap;
    int nveh, ndrv;
    vehicle veh[MAX_VEH];
    driver drv[MAX_DRV];
} fleet;

typedef struct firm {
    char id[24];    /* RUC, or the foreign tax identifier */
    char name[128]; /* as registered, mixed case */
    int kind;
    int foreign; /* index into FOREIGN, or -1 for Peruvian firms */
    int dist;    /* main establishment (annex 0000) */
    char addr[128];
    int site; /* worksite (annex 0001), or -1 */
    char site_addr[128];
    int office; /* a liaison office (annex 0002), or -1 */
    char office_addr[128];
    int invoice_from_site;
    char mtc[16];  /* carrier's MTC registration, "" when none */
    int issues_31; /* carrier issues guias transportista */
    int fleet;     /* index into fleets, or -1 */
    double size;
    int planted;      /* planted case number, 0 for none */
    int sales_wired;  /* its sales come from its planted case, not the general wiring */
    int inputs_wired; /* its main inputs come from its planted case */
    int workers;
    int desc_pick;                     /* which wording of a product this seller uses */
    int docs;                          /* documents that name it */
    unsigned n_f, n_b, n_fc, n_t, n_v; /* last number used per series */
    unsigned n_gtf;                    /* forestry transport guides issued for its loads */
} firm;

/* How a flow's goods travel. */
enum { TR_NONE, TR_OWN, TR_CARRIER };
/* Forestry transport guide (catalogo 61 code 73) on timber legs. */
enum { GTF_NONE, GTF_OWN, GTF_REUSED };

/* A trading relationship: seller, buyer, products, rhythm and transport. */
typedef struct flow {
    int seller, buyer;
    int prod[MAX_PROD];
    int nprod;
    unsigned months;
    double p;          /* chance of an order in an active month */
    int maxn;          /* orders in an active month: 1..maxn */
    double qmin, qmax; /* quantity of prod[0] per order */
    double scale;      /* of the other products */
    double weight;     /* share among the seller's derived outputs */
    int derived;
    int transport;
    int carrier;
    int gtf;
    int from_site, to_site;
    int exportf;
    int port; /* district the export leaves from */
    const char *dam_office;
    double price_factor;
    double total; /* amount written, in the documents' currency */
    int docs;
    int sure; /* a planted link: at least one order in the window */
    int nev;  /* orders drawn */
} flow;

/* A movement of goods or people that is not a sale. */
typedef struct move {
    int shipper, recipient, carrier; /* carrier -1: the shipper's own vehicles */
    const char *motivo;
    int origins[MAX_PLACES], norig;
    int dests[MAX_PLACES], ndest;
    int origin_office; /* origin is the shipper's office annex */
    const char *descs; /* '|'-separated */
    unsigned months;
    double p;
    int maxn;
    int people_min, people_max; /* head count written in the guia; 0: goods */
    double wmin, wmax;
    int only31;     /* only the carrier's guia exists */
    int goods_prod; /* product of a second line, or -1 */
    int sure;       /* a planted move: happens at least once in the window */
    int nev;        /* trips drawn */
} move;

enum { EV_MOVE, EV_SALE, EV_SERVICE, EV_BOLETA, EV_CREDIT, EV_SETTLE };

/* One dated happening, played in date order. */
typedef struct event {
    int day, kind, ref, id;
    int nl;
    double qty[MAX_PROD], price[MAX_PROD];
    int origin, dest, people;
    double weight;
    int parent;   /* credit note: id of the sale */
    char inv[20]; /* number given to the sale's invoice */
} event;

/* A trip a carrier bills at the end of the month. */
typedef struct freight {
    int carrier, customer, month;
    double amount;
    char text[160];
} freight;

/* A row of truth.csv or decoys.csv. */
typedef struct truth_row {
    char subject[40];
    char ubigeo[8];
    char case_id[8];
    char role[16];
    char ind[200];
    char desc[400];
    int check; /* TC_*: written only when the documents show the subject */
    int a, b;  /* firm; fleet and vehicle; or origin and destination districts */
    int count; /* route: guias that travel it */
} truth_row;

enum { TC_NONE, TC_FIRM, TC_VEHICLE, TC_ROUTE };

typedef struct world {
    rng r;
    unsigned long long seed;
    int target_firms;
    int months, start_y, start_m, start_dn, ndays;
    char outdir[PATH_BYTES];

    firm *firms;
    int nfirms, capfirms;
    fleet *fleets;
    int nfleets, capfleets;
    flow *flows;
    int nflows, capflows;
    move *moves;
    int nmoves, capmoves;
    event *events;
    int nevents, capevents;
    int *pos_of_id;
    freight *freight;
    int nfreight, capfreight;
    truth_row *truth;
    int ntruth, captruth;
    truth_row *decoys;
    int ndecoys, capdecoys;
    char (*plates)[12];
    int nplates, capplates;

    /* firms of the planted cases, for the declarations */
    int amz, brand1;
    /* C08: the log flow run on the cloned plate, and the real truck's restocking trips */
    int c08_flow, c08_move;
    /* the forestry guide numbers the C10 contractor keeps citing */
    char gtf_pool[3][24];
    int ngtf_pool;
    /* counters for the summary */
    int n_fact, n_bol, n_cn, n_g09, n_g31, n_csv;
    int nwritten; /* truth and decoy rows written */
} world;

/* Grows array *P of *CAP elements of SIZE bytes to hold NEED; exits when out of memory. */
static void grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return;
    int nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, (size_t)nc * size);
    if (!q) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    *p = q;
    *cap = nc;
}

/* ---- identifiers ------------------------------------------------------------------ */

/* RUC check digit of the first ten digits of S: weights 5,4,3,2,7,6,5,4,3,2, (11 - s mod 11) mod 10. */
static int ruc_check(const char *s)
{
    static const int wgt[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += (s[i] - '0') * wgt[i];
    return (11 - sum % 11) % 10;
}

/* 1 when ID is already some firm's identifier. */
static int id_taken(const world *w, const char *id)
{
    for (int i = 0; i < w->nfirms; i++)
        if (!strcmp(w->firms[i].id, id)) return 1;
    return 0;
}

/*
** A new legal-entity RUC: 20, then eight digits shaped like the ranges
** SUNAT has issued (1xxxxxxx older firms, 4-6xxxxxxx newer ones), then the
** check digit.
*/
static void make_ruc(world *w, char out[12])
{
    static const char lead[] = "1145566";
    do {
        out[0] = '2';
        out[1] = '0';
        out[2] = lead[rnd(&w->r, (int)strlen(lead))];
        for (int i = 3; i < 10; i++) out[i] = (char)('0' + rnd(&w->r, 10));
        out[10] = (char)('0' + ruc_check(out));
        out[11] = '\0';
    } while (id_taken(w, out));
}

/*
** A new Argentine company CUIT: 30, eight digits, check character
** "012345678990"[11 - s mod 11] (FORMATS.md section 7).  Sums that would
** give the ambiguous value 10 are redrawn, as AFIP does by changing prefix.
*/
static void make_cuit(world *w, char out[12])
{
    static const int wgt[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    for (;;) {
        out[0] = '3';
        out[1] = '0';
        out[2] = '7';
        for (int i = 3; i < 10; i++) out[i] = (char)('0' + rnd(&w->r, 10));
        int sum = 0;
        for (int i = 0; i < 10; i++) sum += (out[i] - '0') * wgt[i];
        if (sum % 11 == 1) continue;
        out[10] = "012345678990"[11 - sum % 11];
        out[11] = '\0';
        if (!id_taken(w, out)) return;
    }
}

/* A tax identifier shaped like those of country ISO (EIN, VAT, USCC...). */
static void make_foreign_id(world *w, const char *iso, char *out, size_t n)
{
    rng *r = &w->r;
    if (!strcmp(iso, "AR")) {
        make_cuit(w, out);
        return;
    }
    /* bounded by construction, so that every identifier fits its buffer */
    unsigned a = (unsigned)rnd_between(r, 1000000, 9999999) % 10000000u;
    unsigned b = (unsigned)rnd_between(r, 10, 99) % 100u;
    if (!strcmp(iso, "US"))
        snprintf(out, n, "%02u-%07u", b, a);
    else if (!strcmp(iso, "CH"))
        snprintf(out, n, "CHE-%03u.%03u.%03u", a / 10000u % 1000u, a % 1000u, (b * 10u + 3u) % 1000u);
    else if (!strcmp(iso, "CN"))
        snprintf(out, n, "91%02u0000MA%07uX", b, a);
    else if (!strcmp(iso, "KR"))
        snprintf(out, n, "%03u-%02u-%05u", a % 1000u, b, a / 100u % 100000u);
    else if (!strcmp(iso, "IN"))
        snprintf(out, n, "AAAC%c%04uK", 'A' + (int)(a % 26u), a % 10000u);
    else if (!strcmp(iso, "AE"))
        snprintf(out, n, "100%07u%02u0003", a, b);
    else if (!strcmp(iso, "CL"))
        snprintf(out, n, "76%07u-%u", a, a % 10u);
    else if (!strcmp(iso, "DO"))
        snprintf(out, n, "1-%02u-%05u-%u", b, a % 100000u, a % 9u);
    else if (!strcmp(iso, "ES"))
        snprintf(out, n, "B%07u%u", a, b % 10u);
    else if (!strcmp(iso, "NL"))
        snprintf(out, n, "NL%07u%02uB01", a, b);
    else if (!strcmp(iso, "BE"))
        snprintf(out, n, "BE0%07u%02u", a, b);
    else
        snprintf(out, n, "%.2s%07u%02u", iso, a, b);
}

/* A DNI of eight digits, leading digits as RENIEC has issued them. */
static void make_dni(world *w, char out[9])
{
    static const char lead[] = "0124477";
    out[0] = lead[rnd(&w->r, (int)strlen(lead))];
    for (int i = 1; i < 8; i++) out[i] = (char)('0' + rnd(&w->r, 10));
    out[8] = '\0';
}

/* A person's given name and two surnames, upper case. */
static void make_person(world *w, int female, char *given, size_t ng, char *family, size_t nf)
{
    char a[48], b[48], fa[48], fb[48];
    alt(female ? GIVEN_F : GIVEN_M, rnd(&w->r, 1000), given, ng);
    alt(SURNAMES, rnd(&w->r, 1000), a, sizeof a);
    alt(SURNAMES, rnd(&w->r, 1000), b, sizeof b);
    upcase(a, fa, sizeof fa);
    upcase(b, fb, sizeof fb);
    snprintf(family, nf, "%s %s", fa, fb);
}

/* A new driver: DNI, names, and the licence number (a letter and the DNI). */
static void new_driver(world *w, driver *d)
{
    make_dni(w, d->dni);
    make_person(w, 0, d->given, sizeof d->given, d->family, sizeof d->family);
    d->licence[0] = 'Q';
    memcpy(d->licence + 1, d->dni, sizeof d->dni);
}

/* 1 when PLATE is already on some vehicle. */
static int plate_taken(const world *w, const char *plate)
{
    for (int i = 0; i < w->nplates; i++)
        if (!strcmp(w->plates[i], plate)) return 1;
    return 0;
}

/* Records PLATE as used. */
static void plate_add(world *w, const char *plate)
{
    grow((void **)&w->plates, &w->capplates, w->nplates + 1, sizeof *w->plates);
    copy_str(w->plates[w->nplates++], sizeof w->plates[0], plate);
}

/*
** A new plate in the Peruvian shape: three characters (the second may be a
** digit), a dash, three digits ("ABC-123", "V4B-718").  The first letter
** varies with the region of registration; which letter goes with which
** region is illustrative only.
*/
static void make_plate(world *w, int dist, char out[12])
{
    static const char *const first[][2] = {
        {"15", "ABCDF"}, {"07", "ABCDF"}, {"17", "XY"}, {"21", "Z"}, {"08", "X"},
        {"04", "V"},     {"13", "T"},     {"25", "U"},  {"16", "U"}, {"20", "P"},
        {"11", "D"},     {"12", "W"},     {"06", "M"},  {"23", "Z"}, {"02", "H"},
    };
    const char *set = "ABCDF";
    for (size_t i = 0; i < ARRAY_LEN(first); i++)
        if (!strncmp(DISTRICTS[dist].code, first[i][0], 2)) set = first[i][1];
    do {
        /* one draw per statement: argument order is unspecified, the output must not depend on it */
        char c1 = set[rnd(&w->r, (int)strlen(set))];
        char c2 = rnd_chance(&w->r, 0.4) ? (char)('1' + rnd(&w->r, 9)) : (char)('A' + rnd(&w->r, 26));
        char c3 = (char)('A' + rnd(&w->r, 26));
        unsigned num = (unsigned)rnd_between(&w->r, 100, 999) % 1000u;
        snprintf(out, 12, "%c%c%c-%03u", c1, c2, c3, num);
    } while (plate_taken(w, out));
    plate_add(w, out);
}

/* ---- firms ------------------------------------------------------------------------ */

/* Picks a district from "ubigeo:weight ..." PLACES, weighted. */
static int pick_place(world *w, const char *places)
{
    int total = 0;
    for (const char *p = places; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        total += atoi(p + 7);
        while (*p && *p != ' ') p++;
    }
    int k = rnd(&w->r, total);
    for (const char *p = places; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        int wt = atoi(p + 7);
        if (k < wt) {
            char code[7];
            memcpy(code, p, 6);
            code[6] = '\0';
            return dist_index(code);
        }
        k -= wt;
        while (*p && *p != ' ') p++;
    }
    return 0;
}

/* 1 when some firm already has NAME (compared without case and accents). */
static int name_taken(const world *w, const char *name)
{
    char a[128], b[128], ua[128], ub[128];
    fold_accents(name, a, sizeof a);
    upcase(a, ua, sizeof ua);
    for (int i = 0; i < w->nfirms; i++) {
        fold_accents(w->firms[i].name, b, sizeof b);
        upcase(b, ub, sizeof ub);
        if (!strcmp(ua, ub)) return 1;
    }
    return 0;
}

/*
** A firm name in the Peruvian manner: a sector prefix, a core (a regional
** name, a saint or brand-like word, or family surnames) and the legal form.
*/
static void firm_name(world *w, int kind, int dist, char *out, size_t n)
{
    rng *r = &w->r;
    char pre[40], core[64], s1[30], s2[30];
    for (int tries = 0;; tries++) {
        alt(KINDS[kind].prefixes, rnd(r, 1000), pre, sizeof pre);
        double u = rnd_unit(r);
        if (u < 0.42) {
            alt(region_cores(dist), rnd(r, 1000), core, sizeof core);
        } else if (u < 0.74) {
            alt(GENERIC_CORES, rnd(r, 1000), core, sizeof core);
        } else if (u < 0.88) {
            alt(SURNAMES, rnd(r, 1000), s1, sizeof s1);
            snprintf(core, sizeof core, "%s & Hijos", s1);
        } else {
            alt(SURNAMES, rnd(r, 1000), s1, sizeof s1);
            alt(SURNAMES, rnd(r, 1000), s2, sizeof s2);
            snprintf(core, sizeof core, "%s %s", s1, s2);
        }
        const char *suffix;
        double v = rnd_unit(r);
        if ((kind == K_COFFEE_COOP && !strncmp(pre, "Coop", 4)) || (kind == K_COFFEE_COOP && v < 0.2))
            suffix = "Ltda.";
        else if (v < 0.55)
            suffix = "S.A.C.";
        else if (v < 0.76)
            suffix = "E.I.R.L.";
        else if (v < 0.9)
            suffix = "S.R.L.";
        else
            suffix = "S.A.";
        if (tries < 40)
            snprintf(out, n, "%s %s %s", pre, core, suffix);
        else
            snprintf(out, n, "%s %s %d %s", pre, core, tries, suffix);
        if (!name_taken(w, out)) return;
    }
}

/* A street address in DIST: one of its real streets or localities, or a common street name. */
static void street_address(world *w, int dist, char *out, size_t n)
{
    rng *r = &w->r;
    char place[96], st[48];
    const char *places = DISTRICTS[dist].places;
    if (*places && rnd_chance(r, 0.8)) {
        alt(places, rnd(r, 1000), place, sizeof place);
        if (!strncmp(place, "AV.", 3) || !strncmp(place, "JR.", 3) || !strncmp(place, "CAL.", 4)) {
            int block = rnd_between(r, 1, 45);
            snprintf(out, n, "%s NRO. %d", place, block * 10 + rnd(r, 10));
        } else if (!strncmp(place, "CAR.", 4) || !strncmp(place, "ANTIGUA", 7)) {
            snprintf(out, n, "%s KM. %d", place, rnd_between(r, 2, 240));
        } else if (!strncmp(place, "PARQUE", 6) || !strncmp(place, "APV.", 4) || !strncmp(place, "C.P.", 4)) {
            char mz = (char)('A' + rnd(r, 20));
            snprintf(out, n, "%s MZA. %c LOTE %d", place, mz, rnd_between(r, 1, 40));
        } else {
            snprintf(out, n, "%s S/N", place);
        }
    } else {
        alt(STREETS, rnd(r, 1000), st, sizeof st);
        const char *kind = rnd_chance(r, 0.5) ? "AV." : "JR.";
        int block = rnd_between(r, 1, 48);
        snprintf(out, n, "%s %s NRO. %d", kind, st, block * 10 + rnd(r, 10));
    }
}

/*
** Adds a fleet of NVEH vehicles (growing up to CAP when busy) to firm
** OWNER, based at its main district, each with a regular driver.
*/
static int new_fleet(world *w, int owner, int nveh, int cap)
{
    grow((void **)&w->fleets, &w->capfleets, w->nfleets + 1, sizeof *w->fleets);
    int fi = w->nfleets++;
    fleet *f = &w->fleets[fi];
    memset(f, 0, sizeof *f);
    f->owner = owner;
    f->cap = cap > MAX_VEH ? MAX_VEH : cap;
    if (nveh > f->cap) nveh = f->cap;
    w->firms[owner].fleet = fi;
    for (int i = 0; i < nveh; i++) {
        vehicle *v = &f->veh[f->nveh++];
        make_plate(w, w->firms[owner].dist, v->plate);
        v->loc = w->firms[owner].dist;
        v->free_day = -60;
        new_driver(w, &f->drv[f->ndrv]);
        v->driver = f->ndrv++;
    }
    return fi;
}

/* Adds one vehicle (with a driver) at district LOC to fleet FI; returns its index or -1 when full. */
static int fleet_add_vehicle(world *w, int fi, int loc)
{
    fleet *f = &w->fleets[fi];
    if (f->nveh >= f->cap || f->ndrv >= MAX_DRV) return -1;
    vehicle *v = &f->veh[f->nveh];
    make_plate(w, w->firms[f->owner].dist, v->plate);
    v->loc = loc;
    v->free_day = -60;
    new_driver(w, &f->drv[f->ndrv]);
    v->driver = f->ndrv++;
    return f->nveh++;
}

/*
** Creates a Peruvian firm of KIND.  MAIN and SITE are ubigeo codes or NULL:
** by default the kind's places are drawn, and firms whose work happens at
** a remote site often keep their main office in the regional hub.
*/
static int new_firm(world *w, int kind, const char *main_code, const char *site_code)
{
    rng *r = &w->r;
    grow((void **)&w->firms, &w->capfirms, w->nfirms + 1, sizeof *w->firms);
    firm f;
    memset(&f, 0, sizeof f);
    f.kind = kind;
    f.foreign = -1;
    f.site = -1;
    f.office = -1;
    f.fleet = -1;
    if (main_code) {
        f.dist = dist_index(main_code);
        if (site_code) f.site = dist_index(site_code);
    } else {
        int d = pick_place(w, KINDS[kind].places);
        int hub = hub_of(d);
        if (KINDS[kind].site_share > 0 && hub != d && rnd_chance(r, KINDS[kind].site_share)) {
            f.site = d;
            f.dist = hub;
        } else {
            f.dist = d;
        }
    }
    make_ruc(w, f.id);
    firm_name(w, kind, f.site >= 0 ? f.site : f.dist, f.name, sizeof f.name);
    street_address(w, f.dist, f.addr, sizeof f.addr);
    if (f.site >= 0) {
        street_address(w, f.site, f.site_addr, sizeof f.site_addr);
        f.invoice_from_site = rnd_chance(r, 0.5);
    }
    f.size = rnd_size(r);
    f.workers = rnd_between(r, KINDS[kind].workers_min, KINDS[kind].workers_max);
    f.desc_pick = rnd(r, 1000);
    if (kind == K_CARRIER || kind == K_BUS || kind == K_VALUABLES) {
        snprintf(f.mtc, sizeof f.mtc, "15%05uCNG", (unsigned)rnd_between(r, 10000, 99999) % 100000u);
        f.issues_31 = kind == K_CARRIER && rnd_chance(r, 0.45);
    }
    int idx = w->nfirms;
    w->firms[w->nfirms++] = f;
    if (KINDS[kind].fleet_max > 0) {
        int nv = rnd_between(r, KINDS[kind].fleet_min,
                             KINDS[kind].fleet_min + (KINDS[kind].fleet_max - KINDS[kind].fleet_min) / 3);
        if (nv < 1) nv = 1;
        new_fleet(w, idx, nv, KINDS[kind].fleet_max);
    }
    return idx;
}

/* Creates a foreign buyer from entry FI of the FOREIGN table. */
static int new_foreign(world *w, int fi)
{
    grow((void **)&w->firms, &w->capfirms, w->nfirms + 1, sizeof *w->firms);
    firm f;
    memset(&f, 0, sizeof f);
    f.kind = K_FOREIGN;
    f.foreign = fi;
    f.dist = -1;
    f.site = -1;
    f.office = -1;
    f.fleet = -1;
    f.size = 1;
    make_foreign_id(w, FOREIGN[fi].iso, f.id, sizeof f.id);
    copy_str(f.name, sizeof f.name, FOREIGN[fi].name);
    copy_str(f.addr, sizeof f.addr, FOREIGN[fi].address);
    w->firms[w->nfirms++] = f;
    return w->nfirms - 1;
}

/* ---- picking partners ------------------------------------------------------------- */

/*
** Picks a firm of KIND, preferring those near district NEAR (-1: any),
** skipping EXCLUDE; returns -1 when there is none.  Weights fall with
** distance, so most trade is regional but some goes far.
*/
static int pick_firm(world *w, int kind, int near, int exclude)
{
    double total = 0;
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind != kind || i == exclude) continue;
        double km = near >= 0 ? dist_km(near, f->site >= 0 ? f->site : f->dist) : 0;
        total += 1.0 / pow(1.0 + km / 150.0, 1.5);
    }
    if (total <= 0) return -1;
    double u = rnd_unit(&w->r) * total;
    int last = -1;
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind != kind || i == exclude) continue;
        double km = near >= 0 ? dist_km(near, f->site >= 0 ? f->site : f->dist) : 0;
        u -= 1.0 / pow(1.0 + km / 150.0, 1.5);
        last = i;
        if (u < 0) return i;
    }
    return last;
}

/* Picks a firm of KIND whose main district is in the department of NEAR, else any near it. */
static int pick_firm_in_dept(world *w, int kind, int near, int exclude)
{
    int n = 0;
    for (int i = 0; i < w->nfirms; i++)
        if (w->firms[i].kind == kind && i != exclude && same_dept(w->firms[i].dist, near)) n++;
    if (!n) return pick_firm(w, kind, near, exclude);
    int k = rnd(&w->r, n);
    for (int i = 0; i < w->nfirms; i++)
        if (w->firms[i].kind == kind && i != exclude && same_dept(w->firms[i].dist, near) && k-- == 0)
            return i;
    return -1;
}

/* Picks a foreign buyer importing SECTOR, from country ISO when not NULL; -1 if none. */
static int pick_foreign(world *w, int sector, const char *iso)
{
    int n = 0;
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind == K_FOREIGN && FOREIGN[f->foreign].sector == sector &&
            (!iso || !strcmp(FOREIGN[f->foreign].iso, iso)))
            n++;
    }
    if (!n) return -1;
    int k = rnd(&w->r, n);
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind == K_FOREIGN && FOREIGN[f->foreign].sector == sector &&
            (!iso || !strcmp(FOREIGN[f->foreign].iso, iso)) && k-- == 0)
            return i;
    }
    return -1;
}

/* Picks a carrier (road freight) near district NEAR, excluding informal ones unless INFORMAL_OK. */
static int pick_carrier(world *w, int near, int informal_ok)
{
    double total = 0;
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind != K_CARRIER || (!informal_ok && !f->mtc[0]) || f->planted) continue;
        total += 1.0 / pow(1.0 + dist_km(near, f->dist) / 200.0, 1.3);
    }
    double u = rnd_unit(&w->r) * total;
    int last = -1;
    for (int i = 0; i < w->nfirms; i++) {
        const firm *f = &w->firms[i];
        if (f->kind != K_CARRIER || (!informal_ok && !f->mtc[0]) || f->planted) continue;
        u -= 1.0 / pow(1.0 + dist_km(near, f->dist) / 200.0, 1.3);
        last = i;
        if (u < 0) return i;
    }
    return last;
}

/* ---- flows and moves -------------------------------------------------------------- */

/*
** The demo world documents a sample of each relationship's trade: orders
** are ACTIVITY times as frequent as the rhythm a flow is given, and as
** much larger, so volumes and shares stay those of the full trade while
** the world keeps to a few thousand documents.
*/
#define ACTIVITY 0.55

/* Index of the flow from SELLER to BUYER of product PROD, or -1. */
static int find_flow(const world *w, int seller, int buyer, int prod)
{
    for (int i = 0; i < w->nflows; i++)
        if (w->flows[i].seller == seller && w->flows[i].buyer == buyer && w->flows[i].prod[0] == prod)
            return i;
    return -1;
}

/*
** Adds a flow of product KEY from SELLER to BUYER, active in MONTHS with
** chance P of 1..MAXN orders a month, at SCALE times a typical order.
** Transport is decided later (choose_transport) unless set by the caller.
*/
static int add_flow(world *w, int seller, int buyer, const char *key, unsigned months, double p, int maxn,
                    double scale)
{
    int pi = prod_index(key);
    int old = find_flow(w, seller, buyer, pi);
    if (old >= 0) return old;
    grow((void **)&w->flows, &w->capflows, w->nflows + 1, sizeof *w->flows);
    flow *f = &w->flows[w->nflows];
    memset(f, 0, sizeof *f);
    f->seller = seller;
    f->buyer = buyer;
    f->prod[0] = pi;
    f->nprod = 1;
    f->months = months;
    f->p = p * ACTIVITY;
    f->maxn = maxn;
    f->scale = scale / ACTIVITY;
    f->qmin = PRODUCTS[pi].qmin * f->scale;
    f->qmax = PRODUCTS[pi].qmax * f->scale;
    f->weight = rnd_uniform(&w->r, 0.6, 1.4);
    f->derived = PRODUCTS[pi].input != NULL;
    f->transport = -1;
    f->carrier = -1;
    f->gtf = GTF_NONE;
    f->port = -1;
    f->price_factor = rnd_uniform(&w->r, 0.95, 1.05);
    f->exportf = w->firms[buyer].kind == K_FOREIGN;
    return w->nflows++;
}

/* Adds product KEY as a further line of flow FI (baskets of groceries, supplies...). */
static void flow_add_product(world *w, int fi, const char *key)
{
    flow *f = &w->flows[fi];
    if (f->nprod < MAX_PROD) f->prod[f->nprod++] = prod_index(key);
}

/* Adds a move; the caller fills origins, destinations and the rest. */
static int add_move(world *w, int shipper, int recipient, int carrier, const char *motivo, const char *descs,
                    unsigned months, double p, int maxn)
{
    grow((void **)&w->moves, &w->capmoves, w->nmoves + 1, sizeof *w->moves);
    move *m = &w->moves[w->nmoves];
    memset(m, 0, sizeof *m);
    m->shipper = shipper;
    m->recipient = recipient;
    m->carrier = carrier;
    m->motivo = motivo;
    m->descs = descs;
    m->months = months;
    m->p = p;
    m->maxn = maxn;
    m->goods_prod = -1;
    m->wmin = 400;
    m->wmax = 1500;
    return w->nmoves++;
}

/* Adds district CODE to the origins of move MI. */
static void move_from(world *w, int mi, const char *code)
{
    move *m = &w->moves[mi];
    if (m->norig < MAX_PLACES) m->origins[m->norig++] = dist_index(code);
}

/* Adds district CODE to the destinations of move MI. */
static void move_to(world *w, int mi, const char *code)
{
    move *m = &w->moves[mi];
    if (m->ndest < MAX_PLACES) m->dests[m->ndest++] = dist_index(code);
}

/* ---- truth ------------------------------------------------------------------------ */

/* Appends a row to the answer key (DECOY: to decoys.csv). */
static void add_truth(world *w, int decoy, const char *subject, const char *ubigeo, const char *case_id,
                      const char *role, const char *ind, const char *desc)
{
    truth_row **arr = decoy ? &w->decoys : &w->truth;
    int *n = decoy ? &w->ndecoys : &w->ntruth;
    int *cap = decoy ? &w->capdecoys : &w->captruth;
    grow((void **)arr, cap, *n + 1, sizeof **arr);
    truth_row *t = &(*arr)[(*n)++];
    memset(t, 0, sizeof *t);
    copy_str(t->subject, sizeof t->subject, subject);
    copy_str(t->ubigeo, sizeof t->ubigeo, ubigeo);
    copy_str(t->case_id, sizeof t->case_id, case_id);
    copy_str(t->role, sizeof t->role, role);
    copy_str(t->ind, sizeof t->ind, ind);
    copy_str(t->desc, sizeof t->desc, desc);
}

/* Adds a truth row for firm FI at district DIST (its main one when -1). */
static void truth_firm(world *w, int fi, int dist, const char *case_id, const char *role, const char *ind,
                       const char *desc)
{
    const firm *f = &w->firms[fi];
    int d = dist >= 0 ? dist : f->dist;
    add_truth(w, 0, f->id, d >= 0 ? DISTRICTS[d].code : "", case_id, role, ind, desc);
    w->truth[w->ntruth - 1].check = TC_FIRM;
    w->truth[w->ntruth - 1].a = fi;
}

/* Adds truth rows for the vehicles of firm FI's fleet (kept if they appear on some guia). */
static void truth_fleet(world *w, int fi, int dist, const char *case_id, const char *ind, const char *desc)
{
    const firm *f = &w->firms[fi];
    if (f->fleet < 0) return;
    const fleet *fl = &w->fleets[f->fleet];
    for (int v = 0; v < fl->nveh; v++) {
        add_truth(w, 0, fl->veh[v].plate, DISTRICTS[dist].code, case_id, "vehicle", ind, desc);
        truth_row *t = &w->truth[w->ntruth - 1];
        t->check = TC_VEHICLE;
        t->a = f->fleet;
        t->b = v;
    }
}

/* Adds a route truth row ORIG>DEST (kept if some guia travels it). */
static void truth_route(world *w, const char *orig, const char *dest, const char *case_id, const char *ind,
                        const char *desc)
{
    char subj[16];
    snprintf(subj, sizeof subj, "%s>%s", orig, dest);
    add_truth(w, 0, subj, dest, case_id, "route", ind, desc);
    truth_row *t = &w->truth[w->ntruth - 1];
    t->check = TC_ROUTE;
    t->a = dist_index(orig);
    t->b = dist_index(dest);
}

/* Adds a decoy row for firm FI. */
static void decoy_firm(world *w, int fi, int dist, const char *case_id, const char *desc)
{
    const firm *f = &w->firms[fi];
    int d = dist >= 0 ? dist : f->dist;
    add_truth(w, 1, f->id, DISTRICTS[d].code, case_id, "decoy", "", desc);
    w->decoys[w->ndecoys - 1].check = TC_FIRM;
    w->decoys[w->ndecoys - 1].a = fi;
}

/* ---- the population --------------------------------------------------------------- */

/*
** Creates the ordinary firms: each kind's base count scaled so that,
** with the PLANTED firms of the cases, the world has about the requested
** number of firms; every kind keeps at least one firm, and foreign buyers
** keep at least one per sector they import.
*/
static void populate(world *w, int planted)
{
    int base_sum = 0;
    for (int k = 0; k < K_COUNT; k++) base_sum += KINDS[k].base;
    double scale = (double)(w->target_firms - planted) / base_sum;
    if (scale < 0.2) scale = 0.2;
    for (int k = 0; k < K_COUNT; k++) {
        if (k == K_FOREIGN) continue;
        int n = (int)floor(KINDS[k].base * scale + 0.5);
        if (n < 1) n = 1;
        if ((k == K_CARRIER || k == K_GOLD_TRADER || k == K_HARDWARE || k == K_FOOD_WHOLESALE) && n < 3)
            n = 3;
        for (int i = 0; i < n; i++) new_firm(w, k, NULL, NULL);
    }
    /* Foreign buyers: the first of each sector, then the table in order. */
    int nfor = (int)floor(KINDS[K_FOREIGN].base * scale + 0.5);
    if (nfor > NFOREIGN) nfor = NFOREIGN;
    unsigned char used[ARRAY_LEN(FOREIGN)] = {0};
    int made = 0;
    for (int s = 0; s < FS_COUNT; s++)
        for (int i = 0; i < NFOREIGN; i++)
            if (FOREIGN[i].sector == s) {
                new_foreign(w, i);
                used[i] = 1;
                made++;
                break;
            }
    for (int i = 0; i < NFOREIGN && made < nfor; i++)
        if (!used[i]) {
            new_foreign(w, i);
            used[i] = 1;
            made++;
        }
    /* An informal freight carrier: no MTC registration, goods only (a decoy). */
    int inf = new_firm(w, K_CARRIER, "170101", NULL);
    w->firms[inf].mtc[0] = '\0';
    w->firms[inf].issues_31 = 1;
    decoy_firm(w, inf, -1, "D05",
               "Informal freight carrier without MTC registration hauling groceries and fuel "
               "to mining districts: carrier signal without any people-like load");
}

/* Gross kilograms of a typical order of a basket's product, for guias. */
static double prod_kg(int pi, double qty)
{
    return PRODUCTS[pi].kg * qty;
}

/* ---- general wiring, sector by sector --------------------------------------------- */

/* Adds a grocery basket flow from wholesaler SELLER to BUYER, delivered to its site when it has one. */
static int food_basket(world *w, int seller, int buyer, unsigned months, double p, double scale)
{
    int fl = add_flow(w, seller, buyer, "rice", months, p, 2, scale);
    flow_add_product(w, fl, "sugar");
    flow_add_product(w, fl, "oil");
    flow_add_product(w, fl, rnd_chance(&w->r, 0.5) ? "tuna" : "noodles");
    w->flows[fl].to_site = 1;
    return fl;
}

/*
** Gold: miners buy fuel, groceries and equipment for their sites and sell
** doré to traders (regional or in Lima) or, for larger southern and
** northern miners, straight to exporters; traders sell to exporters;
** exporters ship to refiners and jewellers abroad.
*/
static void wire_gold(world *w)
{
    rng *r = &w->r;
    int lima = dist_index("150101"), pm = dist_index("170101"), jul = dist_index("211101");
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind != K_GOLD_MINER) continue;
        int site = f->site >= 0 ? f->site : f->dist;
        int fuel = pick_firm(w, K_FUEL, site, -1);
        if (fuel >= 0) {
            int fl = add_flow(w, fuel, i, "diesel", ALL_MONTHS, 0.7, 1, 1.5 * w->firms[i].size);
            flow_add_product(w, fl, "lube");
            w->flows[fl].to_site = 1;
        }
        int food = pick_firm_in_dept(w, K_FOOD_WHOLESALE, hub_of(site), -1);
        if (food >= 0) food_basket(w, food, i, ALL_MONTHS, 0.5, 1.4 * w->firms[i].size);
        int sup = pick_firm(w, K_MINING_SUPPLY, site, -1);
        if (sup >= 0) {
            int fl = add_flow(w, sup, i, "pump", ALL_MONTHS, 0.25, 1, 1);
            flow_add_product(w, fl, "hose");
            flow_add_product(w, fl, "parts");
            flow_add_product(w, fl, "shovel");
            w->flows[fl].to_site = 1;
        }
        if (f->sales_wired) continue;
        const char *dc = DISTRICTS[site].code;
        int buyer;
        if (!strncmp(dc, "17", 2))
            buyer = rnd_chance(r, 0.55) ? pick_firm_in_dept(w, K_GOLD_TRADER, pm, -1)
                                        : pick_firm_in_dept(w, K_GOLD_TRADER, lima, -1);
        else if (!strncmp(dc, "21", 2))
            buyer = rnd_chance(r, 0.6) ? pick_firm_in_dept(w, K_GOLD_TRADER, jul, -1)
                                       : pick_firm_in_dept(w, K_GOLD_TRADER, lima, -1);
        else
            buyer = rnd_chance(r, 0.5) ? pick_firm_in_dept(w, K_GOLD_TRADER, lima, -1)
                                       : pick_firm(w, K_GOLD_EXPORTER, -1, -1);
        if (buyer >= 0) {
            int fl = add_flow(w, i, buyer, "gold", ALL_MONTHS, 0.8, 1, w->firms[i].size);
            w->flows[fl].from_site = 1;
        }
        if (rnd_chance(r, 0.3)) {
            int b2 = pick_firm(w, K_GOLD_TRADER, site, buyer);
            if (b2 >= 0) {
                int fl = add_flow(w, i, b2, "gold", ALL_MONTHS, 0.35, 1, w->firms[i].size * 0.6);
                w->flows[fl].from_site = 1;
            }
        }
    }
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_GOLD_TRADER && !f->sales_wired) {
            int n = rnd_between(r, 1, 2);
            for (int k = 0; k < n; k++) {
                int e = pick_firm(w, K_GOLD_EXPORTER, -1, -1);
                if (e >= 0) add_flow(w, i, e, "gold_trade", ALL_MONTHS, 0.8, 1, 1);
            }
        } else if (f->kind == K_GOLD_EXPORTER && !f->sales_wired) {
            int n = rnd_between(r, 2, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_foreign(w, FS_GOLD, NULL);
                if (b >= 0) add_flow(w, i, b, "gold_export", ALL_MONTHS, 0.6, 1, 1);
            }
        }
    }
}

/*
** Timber: concessions sell logs to sawmills of their region, citing a
** forestry transport guide (GTF) on every leg; sawmills sell sawn wood to
** furniture makers, hardware stores, builders and flooring exporters;
** furniture makers sell to retailers; flooring makers export decking.
*/
static void wire_timber(world *w)
{
    rng *r = &w->r;
    int lima = dist_index("150101");
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_TIMBER) {
            int site = f->site >= 0 ? f->site : f->dist;
            int food = pick_firm_in_dept(w, K_FOOD_WHOLESALE, hub_of(site), -1);
            if (food >= 0) food_basket(w, food, i, ALL_MONTHS, 0.35, 0.8 * f->size);
            int sup = pick_firm(w, K_MINING_SUPPLY, site, -1);
            if (sup >= 0) {
                int fl = add_flow(w, sup, i, "chainsaw", ALL_MONTHS, 0.2, 1, 1);
                flow_add_product(w, fl, "lube");
                w->flows[fl].to_site = 1;
            }
            if (f->sales_wired) continue;
            int n = rnd_chance(r, 0.25) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                int s = pick_firm_in_dept(w, K_SAWMILL, hub_of(site), -1);
                if (s < 0) continue;
                int fl = add_flow(w, i, s, "logs", ALL_MONTHS, 0.7, 1, 1.4 * f->size);
                w->flows[fl].from_site = 1;
                w->flows[fl].gtf = GTF_OWN;
            }
        } else if (f->kind == K_SAWMILL && !f->sales_wired) {
            int n = rnd_between(r, 2, 4);
            for (int k = 0; k < n; k++) {
                double u = rnd_unit(r);
                int kind = u < 0.5    ? K_FURNITURE
                           : u < 0.75 ? K_HARDWARE
                           : u < 0.9  ? K_CONSTRUCTION
                                      : K_FLOORING;
                int b = -1;
                for (int t = 0; t < 6 && b < 0; t++) {
                    b = pick_firm(w, kind, kind == K_FURNITURE || kind == K_FLOORING ? lima : f->dist, -1);
                    if (b >= 0 && w->firms[b].inputs_wired) b = -1;
                }
                if (b < 0) continue;
                int fl = add_flow(w, i, b, "sawn", ALL_MONTHS, 0.6, 1, 1);
                w->flows[fl].gtf = GTF_OWN;
            }
        } else if (f->kind == K_FURNITURE && !f->sales_wired) {
            int n = rnd_between(r, 1, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_firm(w, K_RETAIL, f->dist, -1);
                if (b >= 0)
                    add_flow(w, i, b, rnd_chance(r, 0.5) ? "furn_dining" : "furn_bedroom", ALL_MONTHS, 0.5, 1,
                             1);
            }
            int hw = pick_firm_in_dept(w, K_HARDWARE, f->dist, -1);
            if (hw >= 0) add_flow(w, hw, i, "paint", ALL_MONTHS, 0.3, 1, 0.5);
        } else if (f->kind == K_FLOORING && !f->sales_wired) {
            int n = rnd_between(r, 1, 2);
            for (int k = 0; k < n; k++) {
                int b = pick_foreign(w, FS_TIMBER, NULL);
                if (b >= 0) add_flow(w, i, b, "decking", ALL_MONTHS, 0.5, 1, 1);
            }
        }
    }
}

/*
** Brazil nuts: collectors get groceries on credit before the season
** (habilitación, Nov-Jan), gather nuts in the forest (Dec-Mar) and sell
** them in shell to processors in Puerto Maldonado (Jan-May); processors
** export shelled nuts (Mar-Nov).
*/
static void wire_nuts(world *w)
{
    rng *r = &w->r;
    int pm = dist_index("170101");
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_NUT_COLLECTOR) {
            int food = pick_firm_in_dept(w, K_FOOD_WHOLESALE, pm, -1);
            if (food >= 0) food_basket(w, food, i, months_mask(11, 1), 0.8, 1.5 * f->size);
            if (f->sales_wired) continue;
            int b = pick_firm(w, K_NUT_EXPORTER, pm, -1);
            if (b >= 0) {
                int fl = add_flow(w, i, b, "nuts_inshell", months_mask(1, 5), 0.85, 2, f->size);
                w->flows[fl].from_site = 1;
            }
        } else if (f->kind == K_NUT_EXPORTER && !f->sales_wired) {
            int n = rnd_between(r, 2, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_foreign(w, FS_NUTS, k == 0 && rnd_chance(r, 0.5) ? "AR" : NULL);
                if (b >= 0) add_flow(w, i, b, "nuts_shelled", months_mask(3, 11), 0.5, 1, 1);
            }
        }
    }
}

/*
** Garments: textile mills sell fabric to workshops; workshops sew for
** brands or sell to shops; brands sell to retailers and export, mostly to
** Argentina.
*/
static void wire_garments(world *w)
{
    rng *r = &w->r;
    static const char *const garments[] = {"polo", "polera", "pantalon"};
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_WORKSHOP) {
            if (!f->inputs_wired) {
                int n = rnd_chance(r, 0.4) ? 2 : 1;
                for (int k = 0; k < n; k++) {
                    int m = pick_firm(w, K_TEXTILE, f->dist, -1);
                    if (m >= 0) add_flow(w, m, i, "fabric", ALL_MONTHS, 0.5, 1, 1.5 * f->size);
                }
            }
            if (f->sales_wired) continue;
            const char *g = garments[rnd(r, 3)];
            int b = rnd_chance(r, 0.65) ? pick_firm(w, K_BRAND, f->dist, -1)
                                        : pick_firm(w, K_RETAIL, f->dist, -1);
            if (b >= 0) add_flow(w, i, b, g, ALL_MONTHS, 0.6, 1, 1);
        } else if (f->kind == K_BRAND && !f->sales_wired) {
            int n = rnd_between(r, 2, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_firm(w, K_RETAIL, f->dist, -1);
                if (b >= 0) add_flow(w, i, b, "polo_retail", ALL_MONTHS, 0.5, 1, 1);
            }
            int x = pick_foreign(w, FS_GARMENT, rnd_chance(r, 0.7) ? "AR" : NULL);
            if (x >= 0) add_flow(w, i, x, "garment_export", ALL_MONTHS, 0.45, 1, 1);
        }
    }
}

/*
** Agro-export: each farm grows one crop of its region, exports it in
** season, and hires harvest crews through a labour-services firm.
*/
static void wire_agro(world *w)
{
    rng *r = &w->r;
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind != K_AGRO) continue;
        const char *dc = DISTRICTS[f->dist].code;
        const char *crop;
        unsigned months;
        int c = rnd(r, 3);
        if (!strncmp(dc, "11", 2))
            crop = c == 0 ? "grapes" : c == 1 ? "asparagus" : "avocado";
        else if (!strncmp(dc, "13", 2))
            crop = c == 0 ? "asparagus" : c == 1 ? "avocado" : "blueberry";
        else
            crop = c == 0 ? "grapes" : "blueberry";
        if (!strcmp(crop, "grapes"))
            months = months_mask(11, 2);
        else if (!strcmp(crop, "avocado"))
            months = months_mask(3, 8);
        else if (!strcmp(crop, "blueberry"))
            months = months_mask(8, 12);
        else
            months = ALL_MONTHS;
        int n = rnd_between(r, 1, 2);
        for (int k = 0; k < n; k++) {
            int b = pick_foreign(w, FS_AGRO, NULL);
            if (b >= 0) add_flow(w, i, b, crop, months, 0.6, 1, 1);
        }
        int lab = pick_firm(w, K_LABOUR, f->dist, -1);
        if (lab >= 0 && !w->firms[lab].planted) add_flow(w, lab, i, "labour_service", months, 0.6, 1, 1);
    }
}

/* Fishing: boat owners land fish for processing plants, which export frozen squid. */
static void wire_fish(world *w)
{
    rng *r = &w->r;
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_FISHING) {
            int n = rnd_chance(r, 0.35) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                int b = pick_firm(w, K_FISH_PROCESSOR, f->dist, -1);
                if (b >= 0) add_flow(w, i, b, "fish_fresh", ALL_MONTHS, 0.6, 1, 1.5 * f->size);
            }
        } else if (f->kind == K_FISH_PROCESSOR) {
            for (int k = 0; k < 2; k++) {
                int b = pick_foreign(w, FS_FISH, NULL);
                if (b >= 0) add_flow(w, i, b, "squid_frozen", ALL_MONTHS, 0.5, 1, 1);
            }
        }
    }
}

/*
** Building: kilns sell bricks to hardware stores and builders; hardware
** stores sell cement, steel, paint and bricks to builders; distributors
** supply hardware stores; Tacna importers sell imported goods to shops.
*/
static void wire_building(world *w)
{
    rng *r = &w->r;
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_BRICKS && !f->sales_wired) {
            int n = rnd_between(r, 2, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_firm_in_dept(w, K_HARDWARE, f->dist, -1);
                if (b >= 0) add_flow(w, i, b, "bricks", ALL_MONTHS, 0.5, 1, 1.3 * f->size);
            }
            int c = pick_firm_in_dept(w, K_CONSTRUCTION, f->dist, -1);
            if (c >= 0) add_flow(w, i, c, "bricks", ALL_MONTHS, 0.4, 1, f->size);
        } else if (f->kind == K_HARDWARE && !f->sales_wired) {
            int n = rnd_between(r, 1, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_firm_in_dept(w, K_CONSTRUCTION, f->dist, -1);
                if (b < 0) continue;
                int fl = add_flow(w, i, b, "cement", ALL_MONTHS, 0.45, 1, 0.8);
                flow_add_product(w, fl, "rebar");
                flow_add_product(w, fl, "paint");
                if (rnd_chance(r, 0.5)) add_flow(w, i, b, "bricks_resale", ALL_MONTHS, 0.4, 1, 1);
            }
        } else if (f->kind == K_TRADING) {
            if (!strncmp(DISTRICTS[f->dist].code, "23", 2)) {
                int n = rnd_between(r, 2, 3);
                for (int k = 0; k < n; k++) {
                    int b = pick_firm(w, K_RETAIL,
                                      rnd_chance(r, 0.6) ? dist_index("150101") : dist_index("040101"), -1);
                    if (b >= 0) add_flow(w, i, b, "merch", ALL_MONTHS, 0.45, 1, f->size);
                }
            } else {
                int n = rnd_between(r, 2, 4);
                for (int k = 0; k < n; k++) {
                    int b = pick_firm_in_dept(w, K_HARDWARE, f->dist, -1);
                    if (b < 0) continue;
                    int fl = add_flow(w, i, b, "cement", ALL_MONTHS, 0.45, 1, 2.0);
                    flow_add_product(w, fl, "rebar");
                }
            }
        }
    }
}

/* Coffee: cooperatives sell parchment coffee to exporters in season; exporters ship green coffee. */
static void wire_coffee(world *w)
{
    rng *r = &w->r;
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind == K_COFFEE_COOP) {
            int n = rnd_chance(r, 0.4) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                int b = pick_firm(w, K_COFFEE_EXPORTER, f->dist, -1);
                if (b >= 0) add_flow(w, i, b, "coffee", months_mask(5, 10), 0.7, 1, f->size);
            }
        } else if (f->kind == K_COFFEE_EXPORTER) {
            int n = rnd_between(r, 2, 3);
            for (int k = 0; k < n; k++) {
                int b = pick_foreign(w, FS_COFFEE, NULL);
                if (b >= 0) add_flow(w, i, b, "coffee_export", months_mask(6, 12), 0.5, 1, 1);
            }
        }
    }
}

/* Groceries: wholesalers supply shops of their region. */
static void wire_food(world *w)
{
    rng *r = &w->r;
    int nf = w->nfirms;
    for (int i = 0; i < nf; i++) {
        firm *f = &w->firms[i];
        if (f->kind != K_FOOD_WHOLESALE) continue;
        int n = rnd_between(r, 1, 3);
        for (int k = 0; k < n; k++) {
            int b = pick_firm(w, K_RETAIL, f->dist, -1);
            if (b >= 0) food_basket(w, i, b, ALL_MONTHS, 0.45, 1.3);
        }
    }
}

/* ---- the planted cases ------------------------------------------------------------ */

#define IND_ISO "ilo.isolation"
#define IND_ROM "ilo.restriction_of_movement"
#define IND_AOV "ilo.abuse_of_vulnerability"
#define IND_DEC "ilo.deception"
#define IND_DEBT "ilo.debt_bondage"
#define IND_ABU "ilo.abusive_conditions"

/*
** Gives planted firm FI exactly NVEH vehicles (the "same few plates" of a
** case) and EXTRA further drivers who take turns at the wheel.  The fleet
** does not grow: a trip its vehicles cannot make does not happen.
*/
static void planted_fleet(world *w, int fi, int nveh, int extra)
{
    int fl = w->firms[fi].fleet;
    if (fl < 0) fl = new_fleet(w, fi, 0, nveh);
    fleet *f = &w->fleets[fl];
    f->nveh = 0;
    f->ndrv = 0;
    f->cap = nveh;
    int base = w->firms[fi].site >= 0 ? w->firms[fi].site : w->firms[fi].dist;
    for (int i = 0; i < nveh; i++) fleet_add_vehicle(w, fl, base);
    for (int i = 0; i < extra && f->ndrv < MAX_DRV; i++) {
        new_driver(w, &f->drv[f->ndrv++]);
    }
}

/*
** Marks firm FI as the source of planted case CASE_NO whose sales the case
** wires.  Sources are mid-sized to large in their trade (the operations
** that matter to their buyers), so their inputs are sized accordingly.
*/
static void planted_source(world *w, int fi, int case_no)
{
    w->firms[fi].planted = case_no;
    w->firms[fi].sales_wired = 1;
    w->firms[fi].size = rnd_uniform(&w->r, 1.6, 2.4);
}

/* Sets the quantity range of flow FL (per month of trade: orders are fewer and larger by ACTIVITY). */
static void flow_qty(world *w, int fl, double qmin, double qmax)
{
    w->flows[fl].qmin = qmin / ACTIVITY;
    w->flows[fl].qmax = qmax / ACTIVITY;
    w->flows[fl].derived = 0;
}

/*
** Plants the forced-labour cases of README.md: creates their firms, fleets,
** flows and moves, and writes their truth rows.  Runs after the population
** exists (some cases borrow ordinary firms) and before the general wiring
** (which then gives the planted firms' partners their other, legitimate
** trade, so that shares along the chains are partial, as in reality).
*/
static void plant(world *w)
{
    int fl, mv;
    w->c08_flow = w->c08_move = -1;
    int flow0 = w->nflows, move0 = w->nmoves;

    /* C01: informal alluvial gold in Huepetuhe, workers brought by its own vehicles. */
    int src1 = new_firm(w, K_GOLD_MINER, "170101", "170204");
    planted_source(w, src1, 1);
    w->firms[src1].invoice_from_site = 1;
    w->firms[src1].office = dist_index("080108");
    street_address(w, w->firms[src1].office, w->firms[src1].office_addr, sizeof w->firms[src1].office_addr);
    planted_fleet(w, src1, 2, 1);
    int t1 = new_firm(w, K_GOLD_TRADER, "150131", NULL);
    int e1 = new_firm(w, K_GOLD_EXPORTER, "150131", NULL);
    int ar1 = pick_foreign(w, FS_GOLD, "AR");
    fl = add_flow(w, src1, t1, "gold", ALL_MONTHS, 0.9, 2, 1);
    flow_qty(w, fl, 700, 1800);
    w->flows[fl].from_site = 1;
    /* the trader sells nearly all it buys to one exporter, the rest to another */
    w->firms[t1].sales_wired = 1;
    fl = add_flow(w, t1, e1, "gold_trade", ALL_MONTHS, 0.95, 2, 1);
    w->flows[fl].weight = 3.0;
    {
        int other = pick_firm(w, K_GOLD_EXPORTER, -1, e1);
        if (other >= 0) w->flows[add_flow(w, t1, other, "gold_trade", ALL_MONTHS, 0.5, 1, 1)].weight = 0.6;
    }
    if (ar1 >= 0) {
        fl = add_flow(w, e1, ar1, "gold_export", ALL_MONTHS, 0.75, 1, 1);
        w->flows[fl].weight = 1.2;
    }
    mv = add_move(w, src1, src1, -1, "13",
                  "TRASLADO DE PERSONAL OBRERO|PERSONAL PARA FRENTE DE TRABAJO|TRABAJADORES Y SUS "
                  "ENSERES|PERSONAL NUEVO - CAMPAMENTO",
                  ALL_MONTHS, 0.85, 2);
    move_from(w, mv, "211101");
    move_from(w, mv, "211101");
    move_from(w, mv, "080901");
    move_from(w, mv, "080601");
    move_to(w, mv, "170204");
    w->moves[mv].people_min = 12;
    w->moves[mv].people_max = 24;
    mv = add_move(w, src1, src1, -1, "04",
                  "ENSERES Y EQUIPAJE DEL PERSONAL|VIVERES Y PERSONAL DE RELEVO|EPP Y PERSONAL DE "
                  "APOYO|TRASLADO DE PERSONAL",
                  ALL_MONTHS, 0.7, 2);
    w->moves[mv].origin_office = 1;
    move_from(w, mv, "080108");
    move_to(w, mv, "170204");
    w->moves[mv].people_min = 8;
    w->moves[mv].people_max = 18;
    w->moves[mv].goods_prod = prod_index("rice");
    mv = add_move(w, src1, src1, -1, "04", "VIVERES Y ABARROTES PARA CAMPAMENTO|HERRAMIENTAS Y REPUESTOS",
                  ALL_MONTHS, 0.4, 1);
    w->moves[mv].origin_office = 1;
    move_from(w, mv, "080108");
    move_to(w, mv, "170204");
    w->moves[mv].goods_prod = prod_index("noodles");
    truth_firm(w, src1, w->firms[src1].site, "C01", "source", IND_ISO ";" IND_ROM ";" IND_AOV ";" IND_ABU,
               "Informal alluvial gold operation (annex 0001 in Huepetuhe) that receives people-like loads "
               "(motivo 13/04, own vehicles, mode 02) from Juliaca, Quillabamba, Sicuani and its Cusco "
               "office by the same two plates; "
               "sells dore (7108.12) monthly to a Lima trader");
    truth_firm(w, t1, -1, "C01", "tier1_buyer", IND_AOV,
               "Lima gold trader buying most of its dore from the C01 operation");
    truth_firm(w, e1, -1, "C01", "exporter", IND_AOV,
               "Tier 2: exporter buying from the C01 trader and exporting gold, including to Argentina");
    if (ar1 >= 0)
        truth_firm(w, ar1, -1, "C01", "foreign_buyer", IND_AOV,
                   "Argentine importer of gold from the C01 exporter (CUIT; named in export invoices with "
                   "catalogo 06 code 0)");
    truth_fleet(w, src1, w->firms[src1].site, "C01", IND_ROM,
                "Own vehicle of the C01 operation moving workers to Huepetuhe");
    truth_route(w, "211101", "170204", "C01", IND_ROM,
                "Juliaca to Huepetuhe: workers moved by the C01 operation's vehicles");
    truth_route(w, "080108", "170204", "C01", IND_ROM,
                "Cusco (Wanchaq office) to Huepetuhe: workers moved under motivo 04");

    /* C07: a carrier without MTC registration moving people into mining districts. */
    int car = new_firm(w, K_CARRIER, "080108", NULL);
    w->firms[car].planted = 7;
    w->firms[car].mtc[0] = '\0';
    w->firms[car].issues_31 = 1;
    planted_fleet(w, car, 3, 1);
    mv = add_move(w, src1, src1, car, "13",
                  "PASAJEROS Y EQUIPAJE|PERSONAL PARA CAMPAMENTO MINERO|ENCOMIENDAS Y PERSONAL|TRABAJADORES "
                  "- TRASLADO A CAMPAMENTO",
                  ALL_MONTHS, 0.8, 2);
    move_from(w, mv, "080108");
    move_from(w, mv, "080901");
    move_from(w, mv, "081210");
    move_from(w, mv, "080601");
    move_to(w, mv, "170204");
    w->moves[mv].people_min = 14;
    w->moves[mv].people_max = 28;
    w->moves[mv].only31 = 1;

    /* C09: a recruiter in Juliaca moving people to mining camps. */
    int rec = new_firm(w, K_LABOUR, "211101", NULL);
    w->firms[rec].planted = 9;
    planted_fleet(w, rec, 1, 1);

    /* C02: La Rinconada (Ananea). */
    int src2 = new_firm(w, K_GOLD_MINER, "211002", NULL);
    planted_source(w, src2, 2);
    planted_fleet(w, src2, 1, 1);
    int t2 = new_firm(w, K_GOLD_TRADER, "211101", NULL);
    int e2 = new_firm(w, K_GOLD_EXPORTER, "150122", NULL);
    fl = add_flow(w, src2, t2, "gold", ALL_MONTHS, 0.6, 1, 1);
    flow_qty(w, fl, 400, 1100);
    w->flows[fl].transport = TR_NONE;
    fl = add_flow(w, t2, e2, "gold_trade", ALL_MONTHS, 0.9, 2, 1);
    w->flows[fl].weight = 2.0;
    for (int k = 0, got = 0; k < w->nfirms && got < 2; k++) {
        /* the trader also buys from legal miners of Puno and Arequipa */
        const firm *m = &w->firms[k];
        int d = m->site >= 0 ? m->site : m->dist;
        if (m->kind == K_GOLD_MINER && !m->planted &&
            (!strncmp(DISTRICTS[d].code, "21", 2) || !strncmp(DISTRICTS[d].code, "04", 2))) {
            fl = add_flow(w, k, t2, "gold", ALL_MONTHS, 0.6, 1, fmin(m->size, 0.8));
            w->flows[fl].from_site = 1;
            got++;
        }
    }
    mv = add_move(
        w, src2, src2, -1, "13",
        "PERSONAL OBRERO|OBREROS Y HERRAMIENTAS|PERSONAL PARA LABOREO MINERO|VIVERES Y PERSONAL DE RELEVO",
        ALL_MONTHS, 0.55, 1);
    move_from(w, mv, "211101");
    move_from(w, mv, "211001");
    move_from(w, mv, "210201");
    move_to(w, mv, "211002");
    w->moves[mv].people_min = 10;
    w->moves[mv].people_max = 20;
    truth_firm(w, src2, -1, "C02", "source", IND_ISO ";" IND_ROM ";" IND_AOV ";" IND_ABU,
               "Gold operation in La Rinconada (Ananea, 4,700 m): few invoices (informal), workers brought "
               "privately "
               "from Juliaca, Putina and Azangaro as 'personal obrero'; recruits also come through the C09 "
               "contractor");
    truth_firm(w, t2, -1, "C02", "tier1_buyer", IND_AOV,
               "Juliaca gold trader buying from the C02 operation and from legal miners");
    truth_firm(w, e2, -1, "C02", "exporter", IND_AOV, "Tier 2: Lima exporter buying from the C02 trader");
    truth_fleet(w, src2, w->firms[src2].dist, "C02", IND_ROM,
                "Own vehicle of the C02 operation moving workers to La Rinconada");
    truth_route(w, "211101", "211002", "C02", IND_ROM,
                "Juliaca to Ananea (La Rinconada): workers moved by employer transport");

    /* C11: La Pampa (Inambari): visible only through trade and place. */
    int src11 = new_firm(w, K_GOLD_MINER, "170102", NULL);
    planted_source(w, src11, 11);
    int t3 = new_firm(w, K_GOLD_TRADER, "170101", NULL);
    fl = add_flow(w, src11, t3, "gold", ALL_MONTHS, 0.85, 2, 1);
    flow_qty(w, fl, 800, 2200);
    w->flows[fl].transport = TR_NONE;
    w->firms[t3].sales_wired = 1;
    fl = add_flow(w, t3, e1, "gold_trade", ALL_MONTHS, 0.9, 2, 1);
    w->flows[fl].weight = 2.0;
    truth_firm(w, src11, -1, "C11", "source", IND_ISO ";" IND_AOV,
               "Informal gold operation in La Pampa (Inambari) with no vehicles or guias of its own: it shows "
               "through its trade (fuel and supplies in, dore out to a Puerto Maldonado trader), its place, and "
               "the recruits the C09 contractor delivers to it through the C07 carrier");
    truth_firm(w, t3, -1, "C11", "tier1_buyer", IND_AOV,
               "Puerto Maldonado gold trader (acopiador) buying from the C11 operation");
    truth_firm(w, e1, -1, "C11", "exporter", IND_AOV, "Tier 2: Lima exporter buying from the C11 trader");

    /* C09 continued: its services and its trips. */
    add_flow(w, rec, src2, "recruit_service", ALL_MONTHS, 0.7, 1, 1);
    add_flow(w, rec, src1, "recruit_service", ALL_MONTHS, 0.4, 1, 1);
    add_flow(w, rec, src11, "recruit_service", ALL_MONTHS, 0.3, 1, 1);
    mv = add_move(w, rec, src2, -1, "13",
                  "PERSONAL CONTRATADO PARA FRENTE MINERO|TRABAJADORES - CONTRATO DE LOCACION|PERSONAL "
                  "OBRERO RECLUTADO|PASAJEROS Y EQUIPAJE",
                  ALL_MONTHS, 0.7, 2);
    move_from(w, mv, "211101");
    move_from(w, mv, "210101");
    move_from(w, mv, "210201");
    move_from(w, mv, "211001");
    move_to(w, mv, "211002");
    w->moves[mv].people_min = 10;
    w->moves[mv].people_max = 22;
    mv = add_move(w, rec, src11, car, "13", "PERSONAL PARA FRENTE MINERO|TRABAJADORES Y EQUIPAJE|PASAJEROS",
                  ALL_MONTHS, 0.6, 1);
    move_from(w, mv, "211101");
    move_to(w, mv, "170102");
    w->moves[mv].people_min = 12;
    w->moves[mv].people_max = 20;
    truth_firm(
        w, rec, -1, "C09", "recruiter", IND_DEC ";" IND_ROM,
        "Labour contractor in Juliaca that invoices 'personal obrero' services to the C01, C02 and C11 "
        "operations "
        "and moves recruits to La Rinconada in its own minibus and to La Pampa through the C07 carrier");
    truth_fleet(w, rec, w->firms[rec].dist, "C09", IND_ROM, "Minibus of the C09 recruiter");
    truth_route(w, "211101", "170102", "C09", IND_ROM,
                "Juliaca to Inambari (La Pampa): recruits carried by the unregistered C07 carrier");

    /* C07 continued: goods too, for a Cusco wholesaler (an unregistered carrier carries anything). */
    {
        int cw = pick_firm_in_dept(w, K_FOOD_WHOLESALE, dist_index("080108"), -1);
        int mdd = pick_firm(w, K_GOLD_MINER, dist_index("170204"), src1);
        if (cw >= 0 && mdd >= 0) {
            mv = add_move(w, cw, mdd, car, "01",
                          "ABARROTES Y VIVERES|CAJAS DE GASEOSAS Y CERVEZA|ENCOMIENDAS VARIAS", ALL_MONTHS,
                          0.5, 1);
            move_from(w, mv, "080108");
            move_to(w, mv, DISTRICTS[w->firms[mdd].site >= 0 ? w->firms[mdd].site : w->firms[mdd].dist].code);
            w->moves[mv].goods_prod = prod_index("rice");
            w->moves[mv].wmin = 2000;
            w->moves[mv].wmax = 6000;
        }
    }
    truth_firm(w, car, -1, "C07", "carrier", IND_ROM ";" IND_ISO,
               "Carrier with no MTC registration (CompanyID never declared) whose guias transportista carry "
               "'pasajeros', "
               "'personal' and 'trabajadores' from Cusco, Quillabamba, Ocongate and Sicuani into Huepetuhe, "
               "and recruits to La Pampa");
    truth_fleet(w, car, dist_index("170204"), "C07", IND_ROM, "Minibus of the unregistered C07 carrier");
    truth_route(w, "080108", "170204", "C07", IND_ROM,
                "Cusco to Huepetuhe: people carried by the unregistered C07 carrier");

    /* C03: timber concession in Tahuamanu selling logs without forestry guides. */
    int src3 = new_firm(w, K_TIMBER, "170101", "170303");
    planted_source(w, src3, 3);
    planted_fleet(w, src3, 2, 1);
    int s1 = new_firm(w, K_SAWMILL, "170101", NULL);
    int amz = new_firm(w, K_NUT_EXPORTER, "170101", NULL);
    w->amz = amz;
    int fm1 = new_firm(w, K_FURNITURE, "150142", NULL);
    int fm2 = new_firm(w, K_FURNITURE, "150142", NULL);
    w->firms[fm1].inputs_wired = 1;
    w->firms[fm2].inputs_wired = 1;
    fl = add_flow(w, src3, s1, "logs", ALL_MONTHS, 0.9, 3, 1);
    w->c08_flow = fl;
    flow_qty(w, fl, 25, 45);
    w->flows[fl].from_site = 1;
    w->flows[fl].transport = TR_OWN;
    w->flows[fl].gtf = GTF_NONE;
    for (int k = 0, got = 0; k < w->nfirms && got < 2; k++) {
        /* the sawmill also buys logs from legal concessions of Madre de Dios, with their guides */
        const firm *c = &w->firms[k];
        if (c->kind == K_TIMBER && !c->planted &&
            !strncmp(DISTRICTS[c->site >= 0 ? c->site : c->dist].code, "17", 2)) {
            fl = add_flow(w, k, s1, "logs", ALL_MONTHS, 0.7, 1, fmin(c->size, 1.0));
            w->flows[fl].from_site = 1;
            w->flows[fl].gtf = GTF_OWN;
            got++;
        }
    }
    fl = add_flow(w, s1, fm1, "sawn", ALL_MONTHS, 0.9, 2, 1);
    w->flows[fl].weight = 3.0;
    w->flows[fl].gtf = GTF_OWN;
    fl = add_flow(w, s1, fm2, "sawn", ALL_MONTHS, 0.85, 2, 1);
    w->flows[fl].weight = 2.5;
    w->flows[fl].gtf = GTF_OWN;
    fl = add_flow(w, s1, amz, "sawn", ALL_MONTHS, 0.8, 1, 1);
    w->flows[fl].weight = 2.0;
    w->flows[fl].gtf = GTF_OWN;
    {
        int other = -1;
        for (int t = 0; t < 8 && other < 0; t++) {
            other = pick_firm(w, K_SAWMILL, dist_index("250101"), s1);
            if (other >= 0 && w->firms[other].planted) other = -1;
        }
        if (other >= 0) {
            fl = add_flow(w, other, fm2, "sawn", ALL_MONTHS, 0.7, 1, 1);
            w->flows[fl].weight = 1.0;
            w->flows[fl].gtf = GTF_OWN;
        }
    }
    for (int k = 0; k < 2; k++) {
        int b = pick_foreign(w, FS_TIMBER, NULL);
        if (b >= 0) add_flow(w, amz, b, "decking", ALL_MONTHS, 0.6, 1, 1);
    }
    truth_firm(w, src3, w->firms[src3].site, "C03", "source", IND_ISO ";" IND_AOV ";" IND_DEBT,
               "Timber concession (camp annex in Tahuamanu) whose log legs (4403) to a Puerto Maldonado "
               "sawmill never cite a "
               "forestry transport guide (catalogo 61 code 73) while legal concessions do; one of its trucks "
               "runs on a cloned plate (C08)");
    truth_firm(w, s1, -1, "C03", "tier1_buyer", IND_ISO ";" IND_AOV,
               "Puerto Maldonado sawmill taking most of its logs from the C03 concession");
    truth_firm(w, fm1, -1, "C03", "tier2_buyer", IND_AOV,
               "Villa El Salvador furniture maker buying its sawn wood (4407) from the C03 sawmill only");
    truth_firm(w, fm2, -1, "C03", "tier2_buyer", IND_AOV,
               "Villa El Salvador furniture maker buying most of its sawn wood from the C03 sawmill");
    truth_firm(
        w, amz, -1, "C03", "exporter", IND_AOV,
        "Tier 2: Puerto Maldonado exporter buying sawn wood from the C03 sawmill and exporting decking");

    /* C08: the cloned plate: a Lima wholesaler's truck plate also on a C03 log truck. */
    {
        int ld = -1;
        for (int i = 0; i < w->nfirms && ld < 0; i++) {
            const firm *f = &w->firms[i];
            if (f->kind == K_FOOD_WHOLESALE && !strncmp(DISTRICTS[f->dist].code, "15", 2) && f->fleet >= 0 &&
                !f->planted)
                ld = i;
        }
        if (ld >= 0) {
            fleet *fa = &w->fleets[w->firms[ld].fleet];
            fleet *fb = &w->fleets[w->firms[src3].fleet];
            fa->cap = fa->cap < 2 ? 2 : fa->cap;
            copy_str(fb->veh[0].plate, sizeof fb->veh[0].plate, fa->veh[0].plate);
            add_truth(w, 0, fa->veh[0].plate, DISTRICTS[w->firms[src3].site].code, "C08", "vehicle",
                      "trafficking.impossible_movement",
                      "Cloned plate: the plate of a Lima wholesaler's delivery truck is also on a C03 log "
                      "truck in Tahuamanu, "
                      "so guias put it in Lima and in Madre de Dios within a day of each other");
            w->truth[w->ntruth - 1].check = TC_VEHICLE;
            w->truth[w->ntruth - 1].a = w->firms[src3].fleet;
            w->truth[w->ntruth - 1].b = 0;
            truth_route(
                w, "170303", "170101", "C08", "trafficking.impossible_movement",
                "Tahuamanu to Puerto Maldonado: logs without forestry guide on the cloned-plate truck");
            decoy_firm(w, ld, -1, "D07",
                       "Lima wholesaler whose delivery-truck plate was cloned (C08): the vehicle signal "
                       "is real, the firm is legitimate");
            /* Its truck also restocks the wholesaler's shop across town several times a week. */
            firm *lf = &w->firms[ld];
            lf->office = dist_index(strcmp(DISTRICTS[lf->dist].code, "150137") ? "150137" : "150135");
            street_address(w, lf->office, lf->office_addr, sizeof lf->office_addr);
            int rm =
                add_move(w, ld, ld, -1, "04",
                         "REPOSICION DE MERCADERIA A TIENDA|ABARROTES PARA TIENDA|CAJAS DE ABARROTES VARIOS",
                         ALL_MONTHS, 0.9, 4);
            move_from(w, rm, DISTRICTS[lf->dist].code);
            move_to(w, rm, DISTRICTS[lf->office].code);
            w->moves[rm].goods_prod = prod_index("rice");
            w->moves[rm].wmin = 800;
            w->moves[rm].wmax = 3000;
            w->c08_move = rm;
        }
    }

    /* C04: Brazil nut habilitador in Las Piedras. */
    int src4 = new_firm(w, K_NUT_COLLECTOR, "170101", "170103");
    planted_source(w, src4, 4);
    planted_fleet(w, src4, 2, 1);
    fl = add_flow(w, src4, amz, "nuts_inshell", months_mask(1, 5), 0.95, 2, 1);
    flow_qty(w, fl, 5000, 12000);
    w->flows[fl].from_site = 1;
    w->flows[fl].transport = TR_OWN;
    {
        int pmw = pick_firm_in_dept(w, K_FOOD_WHOLESALE, dist_index("170101"), -1);
        if (pmw >= 0) {
            fl = food_basket(w, pmw, src4, months_mask(11, 1), 1.0, 4.0);
            flow_add_product(w, fl, "sacks");
        }
    }
    int ar2 = pick_foreign(w, FS_NUTS, "AR");
    if (ar2 >= 0) {
        fl = add_flow(w, amz, ar2, "nuts_shelled", months_mask(3, 11), 0.8, 1, 1);
        w->flows[fl].weight = 2.0;
    }
    mv = add_move(w, src4, src4, -1, "13",
                  "CASTAÑEROS Y VIVERES DE HABILITACION|PERSONAL RECOLECTOR Y ENSERES|TRASLADO DE "
                  "RECOLECTORES - ZAFRA CASTAÑERA|VIVERES, HERRAMIENTAS Y PERSONAL",
                  months_mask(12, 2), 0.95, 3);
    move_from(w, mv, "170101");
    move_to(w, mv, "170103");
    move_to(w, mv, "170303");
    w->moves[mv].people_min = 8;
    w->moves[mv].people_max = 20;
    w->moves[mv].goods_prod = prod_index("rice");
    truth_firm(w, src4, w->firms[src4].site, "C04", "source", IND_DEBT ";" IND_ISO ";" IND_ROM ";" IND_AOV,
               "Brazil nut habilitador (castanal annex in Las Piedras): large grocery purchases on credit "
               "before the season "
               "(habilitacion advances), collectors moved in its own trucks to Las Piedras and Tahuamanu at "
               "season start (Dec-Feb), "
               "nuts in shell (0801.21) sold to a Puerto Maldonado processor");
    truth_firm(w, amz, -1, "C04", "exporter", IND_AOV,
               "Tier 1: processor-exporter buying nuts from the C04 habilitador; exports shelled nuts "
               "(0801.22), also to Argentina");
    if (ar2 >= 0)
        truth_firm(w, ar2, -1, "C04", "foreign_buyer", IND_AOV,
                   "Argentine importer of shelled Brazil nuts from the C04 processor");
    truth_route(w, "170101", "170103", "C04", IND_ROM,
                "Puerto Maldonado to Las Piedras: collectors moved at season start");

    /* C05: garment workshop with migrants moved from the southern border. */
    int src5 = new_firm(w, K_WORKSHOP, "150132", NULL);
    planted_source(w, src5, 5);
    planted_fleet(w, src5, 1, 1);
    int b1 = new_firm(w, K_BRAND, "150115", NULL);
    w->brand1 = b1;
    int ar3 = pick_foreign(w, FS_GARMENT, "AR");
    fl = add_flow(w, src5, b1, "polo", ALL_MONTHS, 0.95, 2, 1.5);
    w->flows[fl].weight = 3.0;
    for (int k = 0, got = 0; k < w->nfirms && got < 3; k++) {
        /* and from three ordinary workshops of Gamarra */
        if (w->firms[k].kind == K_WORKSHOP && !w->firms[k].planted &&
            !strcmp(DISTRICTS[w->firms[k].dist].code, "150115")) {
            add_flow(w, k, b1, got == 1 ? "pantalon" : "polo", ALL_MONTHS, 0.7, 1, w->firms[k].size);
            got++;
        }
    }
    fl = add_flow(w, src5, b1, "polera", months_mask(4, 9), 0.8, 1, 1.2);
    w->flows[fl].weight = 0.8;
    if (ar3 >= 0) {
        fl = add_flow(w, b1, ar3, "garment_export", ALL_MONTHS, 0.8, 1, 1);
        w->flows[fl].weight = 2.0;
    }
    mv = add_move(w, src5, src5, -1, "13",
                  "TRASLADO DE PERSONAL - OPERARIAS DE COSTURA|PASAJEROS Y EQUIPAJE|EQUIPAJE Y ENSERES DE "
                  "OPERARIOS|PERSONAL NUEVO PARA TALLER",
                  ALL_MONTHS, 0.5, 1);
    move_from(w, mv, "210402");
    move_from(w, mv, "210402");
    move_from(w, mv, "230101");
    move_from(w, mv, "211101");
    move_to(w, mv, "150132");
    w->moves[mv].people_min = 6;
    w->moves[mv].people_max = 14;
    w->moves[mv].wmin = 500;
    w->moves[mv].wmax = 1100;
    truth_firm(w, src5, -1, "C05", "source", IND_AOV ";" IND_ROM ";" IND_DEC,
               "Garment workshop in San Juan de Lurigancho whose van brings people-like loads ('operarias', "
               "'pasajeros') from "
               "Desaguadero, Tacna and Juliaca (border crossings: migrants, trafficking route); sews for a "
               "Gamarra brand that exports to Argentina");
    truth_firm(w, b1, -1, "C05", "exporter", IND_AOV,
               "Tier 1: Gamarra brand buying from the C05 workshop and exporting garments to Argentina");
    if (ar3 >= 0)
        truth_firm(w, ar3, -1, "C05", "foreign_buyer", IND_AOV,
                   "Argentine garment importer supplied by the C05 brand");
    truth_fleet(w, src5, w->firms[src5].dist, "C05", IND_ROM, "Van of the C05 workshop on the border route");
    truth_route(w, "210402", "150132", "C05", IND_ROM ";trafficking.route",
                "Desaguadero (Bolivian border) to San Juan de Lurigancho");
    truth_route(w, "230101", "150132", "C05", IND_ROM ";trafficking.route",
                "Tacna (Chilean border) to San Juan de Lurigancho");

    /* C06: brick kiln in Cusco with families moved in for the burning season. */
    int src6 = new_firm(w, K_BRICKS, "080104", NULL);
    planted_source(w, src6, 6);
    planted_fleet(w, src6, 2, 0);
    int hw1 = new_firm(w, K_HARDWARE, "080108", NULL);
    int co1 = new_firm(w, K_CONSTRUCTION, "080101", NULL);
    fl = add_flow(w, src6, hw1, "bricks", ALL_MONTHS, 0.9, 2, 1.5);
    fl = add_flow(w, src6, co1, "bricks", ALL_MONTHS, 0.7, 1, 1.2);
    fl = add_flow(w, hw1, co1, "bricks_resale", ALL_MONTHS, 0.7, 1, 1);
    mv = add_move(w, src6, src6, -1, "13",
                  "FAMILIAS DE OBREROS Y ENSERES|PERSONAL PARA TEMPORADA DE QUEMA|TRABAJADORES Y SUS "
                  "FAMILIAS|PERSONAL LADRILLERO Y EQUIPAJE",
                  months_mask(4, 11), 0.75, 1);
    move_from(w, mv, "081001");
    move_from(w, mv, "081001");
    move_from(w, mv, "080201");
    move_from(w, mv, "081210");
    move_to(w, mv, "080104");
    w->moves[mv].people_min = 8;
    w->moves[mv].people_max = 20;
    truth_firm(w, src6, -1, "C06", "source", IND_AOV ";" IND_ROM,
               "Brick kiln in San Jeronimo (bricks: ILAB child-labour good of Peru) that moves 'familias' of "
               "workers from Paruro, "
               "Acomayo and Ocongate in its own vehicles for the dry-season burning (Apr-Nov)");
    truth_firm(w, hw1, -1, "C06", "tier1_buyer", IND_AOV,
               "Cusco hardware store buying most of its bricks from the C06 kiln");
    truth_firm(w, co1, -1, "C06", "tier1_buyer", IND_AOV,
               "Cusco builder buying bricks from the C06 kiln and its hardware store");
    truth_route(w, "081001", "080104", "C06", IND_ROM,
                "Paruro to San Jeronimo: families moved for the brick season");

    /* C10: habilitacion-enganche logging in Atalaya (Raymondi), reused forestry guides. */
    int src10 = new_firm(w, K_TIMBER, "250101", "250201");
    planted_source(w, src10, 10);
    int s2 = new_firm(w, K_SAWMILL, "250107", NULL);
    int fx = new_firm(w, K_FLOORING, "150119", NULL);
    w->firms[fx].inputs_wired = 1;
    int rc = new_firm(w, K_CARRIER, "250101", NULL);
    w->firms[rc].issues_31 = 1;
    fl = add_flow(w, src10, s2, "logs", ALL_MONTHS, 0.85, 2, 1);
    flow_qty(w, fl, 30, 70);
    w->flows[fl].from_site = 1;
    w->flows[fl].transport = TR_CARRIER;
    w->flows[fl].carrier = rc;
    w->flows[fl].gtf = GTF_REUSED;
    for (int k = 0, got = 0; k < w->nfirms && got < 2; k++) {
        /* the sawmill also buys from legal concessions of Ucayali, citing their guides */
        const firm *c = &w->firms[k];
        if (c->kind == K_TIMBER && !c->planted &&
            !strncmp(DISTRICTS[c->site >= 0 ? c->site : c->dist].code, "25", 2)) {
            fl = add_flow(w, k, s2, "logs", ALL_MONTHS, 0.7, 1, c->size);
            w->flows[fl].from_site = 1;
            w->flows[fl].gtf = GTF_OWN;
            got++;
        }
    }
    fl = add_flow(w, s2, fx, "sawn", ALL_MONTHS, 0.9, 2, 1);
    w->flows[fl].weight = 3.0;
    w->flows[fl].gtf = GTF_OWN;
    for (int k = 0; k < 2; k++) {
        int b = pick_foreign(w, FS_TIMBER, NULL);
        if (b >= 0) add_flow(w, fx, b, "decking", ALL_MONTHS, 0.75, 1, 1);
    }
    mv = add_move(w, src10, src10, rc, "04",
                  "PERSONAL MATERO Y VIVERES|TRASLADO DE PERSONAL A CAMPAMENTO FORESTAL|VIVERES, MOTOSIERRAS "
                  "Y PERSONAL|MATEROS, ESTROBEROS Y ENSERES",
                  months_mask(5, 7), 0.9, 2);
    move_from(w, mv, "250101");
    move_to(w, mv, "250201");
    w->moves[mv].people_min = 12;
    w->moves[mv].people_max = 30;
    w->moves[mv].goods_prod = prod_index("rice");
    truth_firm(w, src10, w->firms[src10].site, "C10", "source", IND_DEBT ";" IND_ISO ";" IND_ROM ";" IND_AOV,
               "Logging contractor (camp annex in Atalaya, Raymondi) that takes 'materos' to camp at the "
               "start of the dry season "
               "(May-Jul) and sells logs to a Pucallpa sawmill citing the same three forestry guide numbers "
               "on every leg (reused GTFs)");
    truth_firm(w, s2, -1, "C10", "tier1_buyer", IND_ISO ";" IND_AOV,
               "Pucallpa (Manantay) sawmill buying logs from the C10 contractor");
    truth_firm(
        w, fx, -1, "C10", "exporter", IND_AOV,
        "Tier 2: Lima flooring maker buying sawn wood from the C10 sawmill only and exporting decking");
    truth_route(w, "250101", "250201", "C10", IND_ROM,
                "Pucallpa to Atalaya: workers taken to the logging camp");

    for (int i = flow0; i < w->nflows; i++) w->flows[i].sure = 1;
    for (int i = move0; i < w->nmoves; i++) w->moves[i].sure = 1;

    /* Decoys: legitimate firms showing one weak signal. */
    {
        int bus = pick_firm(w, K_BUS, dist_index("080108"), -1);
        int legal = -1;
        for (int i = 0; i < w->nfirms && legal < 0; i++) {
            const firm *f = &w->firms[i];
            if (f->kind == K_GOLD_MINER && !f->planted && f->site >= 0 &&
                !strncmp(DISTRICTS[f->site].code, "17", 2))
                legal = i;
        }
        if (bus >= 0 && legal >= 0) {
            mv = add_move(
                w, legal, legal, bus, "13",
                "TRASLADO DE PERSONAL Y EQUIPAJE|PERSONAL DE RELEVO - TURNO 14X7|EQUIPAJE Y EPP DEL PERSONAL",
                ALL_MONTHS, 0.5, 1);
            move_from(w, mv, "080108");
            move_to(w, mv, DISTRICTS[w->firms[legal].site].code);
            w->moves[mv].people_min = 15;
            w->moves[mv].people_max = 30;
            decoy_firm(w, legal, w->firms[legal].site, "D01",
                       "Legal gold miner in Madre de Dios (ILAB gold, remote district) that moves its crews "
                       "by a registered bus "
                       "company with MTC number (mode 01), not by its own vehicles");
        }
        int agro = -1;
        for (int i = 0; i < w->nfirms && agro < 0; i++)
            if (w->firms[i].kind == K_AGRO && !strncmp(DISTRICTS[w->firms[i].dist].code, "11", 2)) agro = i;
        int bus2 = pick_firm(w, K_BUS, dist_index("150101"), -1);
        if (agro >= 0 && bus2 >= 0) {
            mv = add_move(w, agro, agro, bus2, "13",
                          "TRASLADO DE PERSONAL DE CAMPO - CAMPAÑA|PERSONAL EVENTUAL PARA COSECHA|EQUIPAJE "
                          "DE TRABAJADORES DE CAMPAÑA",
                          months_mask(11, 3), 0.8, 2);
            move_from(w, mv, "090101");
            move_from(w, mv, "090301");
            move_from(w, mv, "050101");
            move_to(w, mv, DISTRICTS[w->firms[agro].dist].code);
            w->moves[mv].people_min = 25;
            w->moves[mv].people_max = 40;
            decoy_firm(
                w, agro, -1, "D04",
                "Ica agro-exporter bringing harvest crews from Huancavelica and Ayacucho by a registered "
                "bus company (mode 01 with MTC) in season");
        }
        int legit_t = 0;
        for (int i = 0; i < w->nfirms && legit_t < 2; i++) {
            const firm *f = &w->firms[i];
            if (f->kind == K_TIMBER && !f->planted &&
                !strncmp(DISTRICTS[f->site >= 0 ? f->site : f->dist].code, "17", 2)) {
                decoy_firm(w, i, f->site, "D02",
                           "Legal timber concession in Madre de Dios (ILAB timber, remote) citing a forestry "
                           "transport guide (code 73) on every log leg");
                legit_t++;
            }
        }
        int kiln = -1;
        for (int i = 0; i < w->nfirms && kiln < 0; i++)
            if (w->firms[i].kind == K_BRICKS && !w->firms[i].planted &&
                !strncmp(DISTRICTS[w->firms[i].dist].code, "15", 2))
                kiln = i;
        if (kiln >= 0)
            decoy_firm(
                w, kiln, -1, "D09",
                "Lima brick kiln (ILAB child-labour good) with ordinary sales legs and no people-like loads");
        int lab = -1;
        for (int i = 0; i < w->nfirms && lab < 0; i++)
            if (w->firms[i].kind == K_LABOUR && !w->firms[i].planted) lab = i;
        if (lab >= 0)
            decoy_firm(w, lab, -1, "D10",
                       "Labour-services firm invoicing harvest crews to agro-exporters (an intermediary, "
                       "no transport of people of its own)");
    }
}

/* ---- transport and calibration ---------------------------------------------------- */

/* Count of set bits of a month mask. */
static int months_active(unsigned m)
{
    int n = 0;
    for (int i = 0; i < 12; i++) n += (m >> i) & 1u;
    return n;
}

/*
** Decides how each flow's goods travel, unless the case set it: services
** and local deals by hand or by the seller's vans, longer hauls by a
** carrier of the region or by the seller's own trucks, gold by the
** valuables carrier, exports to the port of Callao (by air for gold) or
** of Paita.
*/
static void choose_transport(world *w)
{
    rng *r = &w->r;
    int callao = dist_index("070101"), paita = dist_index("200501");
    int valuables = -1;
    for (int i = 0; i < w->nfirms && valuables < 0; i++)
        if (w->firms[i].kind == K_VALUABLES) valuables = i;
    for (int i = 0; i < w->nflows; i++) {
        flow *f = &w->flows[i];
        const firm *s = &w->firms[f->seller];
        const firm *b = &w->firms[f->buyer];
        const product *p = &PRODUCTS[f->prod[0]];
        int origin = f->from_site && s->site >= 0 ? s->site : s->dist;
        int gold = !strcmp(p->family, "gold");
        if (f->exportf) {
            f->port = !strncmp(DISTRICTS[origin].code, "20", 2) ? paita : callao;
            f->dam_office = f->port == callao ? (gold ? "235" : "118") : NULL;
        }
        if (f->transport >= 0) {
            if (f->transport == TR_CARRIER && f->carrier < 0) f->carrier = pick_carrier(w, origin, 0);
            continue;
        }
        if (!p->tariff) {
            f->transport = TR_NONE;
            continue;
        }
        int dest = f->exportf ? f->port : (f->to_site && b->site >= 0 ? b->site : b->dist);
        double km = dist_km(origin, dest);
        if (gold) {
            if (same_dept(origin, dest) || valuables < 0)
                f->transport = TR_NONE;
            else {
                f->transport = TR_CARRIER;
                f->carrier = valuables;
            }
        } else if (km < 60) {
            f->transport =
                s->fleet >= 0 && rnd_chance(r, 0.85) ? TR_OWN : (f->exportf ? TR_CARRIER : TR_NONE);
        } else if (s->kind == K_TRADING && s->fleet >= 0) {
            f->transport = TR_OWN;
        } else if (s->fleet >= 0 && km < 700 && rnd_chance(r, 0.4)) {
            f->transport = TR_OWN;
        } else {
            f->transport = TR_CARRIER;
        }
        if (f->transport == TR_CARRIER && f->carrier < 0) f->carrier = pick_carrier(w, origin, 0);
    }
}

/*
** Gives the informal goods carrier (decoy D05) part of the regional hauls
** out of Puerto Maldonado, and marks the decoys that the transport choice
** made: wholesalers delivering by their own trucks to mining districts
** (D03), Tacna importers driving goods from the border (D06), and a brand
** exporting by road through Desaguadero (D08).
*/
static void transport_decoys(world *w)
{
    int informal = -1;
    for (int i = 0; i < w->nfirms && informal < 0; i++)
        if (w->firms[i].kind == K_CARRIER && !w->firms[i].mtc[0] && !w->firms[i].planted) informal = i;
    int d03 = 0, d06 = 0, d08 = 0;
    for (int i = 0; i < w->nflows; i++) {
        flow *f = &w->flows[i];
        firm *s = &w->firms[f->seller];
        const firm *b = &w->firms[f->buyer];
        int dest = f->to_site && b->site >= 0 ? b->site : b->dist;
        if (informal >= 0 && f->transport == TR_CARRIER && !strncmp(DISTRICTS[s->dist].code, "17", 2) &&
            (s->kind == K_FOOD_WHOLESALE || s->kind == K_FUEL || s->kind == K_MINING_SUPPLY) &&
            rnd_chance(&w->r, 0.5))
            f->carrier = informal;
        if (d03 < 2 && f->transport == TR_OWN && (s->kind == K_FOOD_WHOLESALE || s->kind == K_FUEL) &&
            dest >= 0 &&
            (!strcmp(DISTRICTS[dest].code, "170204") || !strcmp(DISTRICTS[dest].code, "170102") ||
             !strcmp(DISTRICTS[dest].code, "170203") || !strcmp(DISTRICTS[dest].code, "211002"))) {
            int dup = 0;
            for (int k = 0; k < w->ndecoys; k++)
                if (!strcmp(w->decoys[k].subject, s->id)) dup = 1;
            if (!dup) {
                decoy_firm(w, f->seller, -1, "D03",
                           "Wholesaler or fuel seller delivering groceries or diesel to mining districts "
                           "in its own trucks (private transport into a remote district, goods only)");
                d03++;
            }
        }
        if (!d06 && s->kind == K_TRADING && f->transport == TR_OWN &&
            !strncmp(DISTRICTS[s->dist].code, "23", 2)) {
            decoy_firm(w, f->seller, -1, "D06",
                       "Tacna importer driving imported goods from the Chilean border zone to Lima or "
                       "Arequipa in its own trucks (private transport from a border district, goods only)");
            d06 = 1;
        }
        if (!d08 && s->kind == K_BRAND && f->exportf && f->seller != w->brand1) {
            f->port = dist_index("210402");
            f->dam_office = NULL;
            f->transport = TR_CARRIER;
            f->carrier = pick_carrier(w, s->dist, 0);
            decoy_firm(w, f->seller, -1, "D08",
                       "Garment brand exporting by road through Desaguadero (legs of goods to a border "
                       "district by a registered carrier)");
            d08 = 1;
        }
    }
    if (informal >= 0) {
        /* give it a steady job too: a Puerto Maldonado wholesaler's deliveries to Huepetuhe */
        int pmw = pick_firm_in_dept(w, K_FOOD_WHOLESALE, dist_index("170101"), -1);
        int mdd = pick_firm(w, K_GOLD_MINER, dist_index("170204"), -1);
        if (pmw >= 0 && mdd >= 0 && !w->firms[mdd].planted) {
            int mv = add_move(w, pmw, mdd, informal, "01",
                              "ABARROTES Y VIVERES|PETROLEO DIESEL EN CILINDROS|BEBIDAS Y CONSERVAS",
                              ALL_MONTHS, 0.7, 2);
            move_from(w, mv, "170101");
            move_to(w, mv, DISTRICTS[w->firms[mdd].site >= 0 ? w->firms[mdd].site : w->firms[mdd].dist].code);
            w->moves[mv].goods_prod = prod_index("rice");
            w->moves[mv].wmin = 3000;
            w->moves[mv].wmax = 9000;
        }
    }
}

/* Expected yearly quantity of prod[0] a flow carries. */
static double flow_annual(const flow *f)
{
    return months_active(f->months) * f->p * (1 + f->maxn) / 2.0 * (f->qmin + f->qmax) / 2.0;
}

/*
** Sets the quantities of derived flows (an intermediary's sales) from what
** the seller buys: yearly input times the product's yield, split among its
** outlets by weight, spread over the outlet's active months.  Repeated so
** that chains of intermediaries settle (there are no cycles).
*/
static void calibrate(world *w)
{
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 0; i < w->nflows; i++) {
            flow *o = &w->flows[i];
            if (!o->derived) continue;
            const product *op = &PRODUCTS[o->prod[0]];
            double in = 0;
            for (int k = 0; k < w->nflows; k++) {
                const flow *g = &w->flows[k];
                if (g->buyer == o->seller && !strcmp(PRODUCTS[g->prod[0]].family, op->input))
                    in += flow_annual(g);
            }
            double wsum = 0;
            for (int k = 0; k < w->nflows; k++) {
                const flow *g = &w->flows[k];
                if (g->seller == o->seller && g->derived && !strcmp(PRODUCTS[g->prod[0]].input, op->input))
                    wsum += g->weight;
            }
            if (in <= 0 || wsum <= 0) continue; /* nothing bought: keep the typical order */
            double out = in * op->yield * o->weight / wsum;
            double per = out / (months_active(o->months) * o->p * (1 + o->maxn) / 2.0);
            o->qmin = per * 0.8;
            o->qmax = per * 1.2;
        }
    }
}

/* ---- events ----------------------------------------------------------------------- */

/* Appends an event of KIND on DAY for record REF; returns its index. */
static int new_event(world *w, int day, int kind, int ref)
{
    grow((void **)&w->events, &w->capevents, w->nevents + 1, sizeof *w->events);
    event *e = &w->events[w->nevents];
    memset(e, 0, sizeof *e);
    e->day = day;
    e->kind = kind;
    e->ref = ref;
    e->id = w->nevents;
    e->parent = -1;
    return w->nevents++;
}

/* Day index of a random working day (not a Sunday) of the month that starts at day FIRST and has DIM days. */
static int work_day(world *w, int first, int dim)
{
    int d = first + rnd(&w->r, dim);
    if ((w->start_dn + d + 4) % 7 == 0) d += d + 1 < first + dim ? 1 : -1;
    return d;
}

/* Rounds a quantity to DEC decimals; whole units are at least 1. */
static double round_qty(double q, int dec)
{
    double k = pow(10.0, dec);
    double v = floor(q * k + 0.5) / k;
    if (dec == 0 && v < 1) v = 1;
    if (dec > 0 && v <= 0) v = 1.0 / k;
    return v;
}

/* 1 for the kinds of firms that sell to consumers on boletas. */
static int sells_retail(int kind)
{
    return kind == K_RETAIL || kind == K_HARDWARE || kind == K_FOOD_WHOLESALE || kind == K_FUEL ||
           kind == K_FURNITURE || kind == K_BRAND;
}

/* First day index and length of month K of the window; returns the month's bit (calendar month mask). */
static unsigned month_span(const world *w, int k, int *first, int *dim)
{
    int f = 0;
    *first = 0;
    *dim = 0;
    for (int i = 0; i <= k; i++) {
        int y = w->start_y + (w->start_m - 1 + i) / 12, m = (w->start_m - 1 + i) % 12 + 1;
        *dim = month_days(y, m);
        if (i < k)
            f += *dim;
        else {
            *first = f;
            return 1u << (m - 1);
        }
    }
    return 0;
}

/* Draws one order of flow FI on a working day of the month starting at FIRST (DIM days long). */
static void flow_event(world *w, int fi, int first, int dim)
{
    rng *r = &w->r;
    flow *f = &w->flows[fi];
    int svc = PRODUCTS[f->prod[0]].tariff == NULL;
    int ei = new_event(w, work_day(w, first, dim), svc ? EV_SERVICE : EV_SALE, fi);
    event *e = &w->events[ei];
    f->nev++;
    e->nl = f->nprod;
    for (int p = 0; p < f->nprod; p++) {
        const product *pr = &PRODUCTS[f->prod[p]];
        double q = p == 0 ? rnd_uniform(r, f->qmin, f->qmax) : rnd_uniform(r, pr->qmin, pr->qmax) * f->scale;
        e->qty[p] = round_qty(q, pr->decimals);
        e->price[p] = round2(rnd_uniform(r, pr->pmin, pr->pmax) * f->price_factor);
    }
    if (f->nprod > 2) e->nl = rnd_between(r, 2, f->nprod);
    if (!svc && !f->exportf && rnd_chance(r, 0.012)) {
        int cd = e->day + rnd_between(r, 2, 20);
        if (cd < w->ndays) {
            int ci = new_event(w, cd, EV_CREDIT, fi);
            w->events[ci].parent = w->events[ei].id;
        }
    }
}

/* Draws one trip of move MI on day DAY. */
static void move_event(world *w, int mi, int day)
{
    rng *r = &w->r;
    move *mv = &w->moves[mi];
    int ei = new_event(w, day, EV_MOVE, mi);
    event *e = &w->events[ei];
    mv->nev++;
    e->origin = mv->origins[rnd(r, mv->norig)];
    e->dest = mv->dests[rnd(r, mv->ndest)];
    e->people = mv->people_max ? rnd_between(r, mv->people_min, mv->people_max) : 0;
    e->weight = e->people ? e->people * rnd_uniform(r, 70, 95) : rnd_uniform(r, mv->wmin, mv->wmax);
}

/*
** Turns flows, moves, shops and carriers into dated events, month by
** month: orders fall on working days of active months; a few sales are
** later corrected by a credit note; shops issue boletas; carriers bill
** their trips on the last day of each month.
*/
static void make_events(world *w)
{
    rng *r = &w->r;
    for (int k = 0; k < w->months; k++) {
        int first, dim;
        unsigned bit = month_span(w, k, &first, &dim);
        for (int i = 0; i < w->nflows; i++) {
            const flow *f = &w->flows[i];
            if (!(f->months & bit) || !rnd_chance(r, f->p)) continue;
            int n = rnd_between(r, 1, f->maxn);
            for (int j = 0; j < n; j++) flow_event(w, i, first, dim);
        }
        for (int i = 0; i < w->nmoves; i++) {
            const move *mv = &w->moves[i];
            if (!(mv->months & bit) || !rnd_chance(r, mv->p)) continue;
            int n = rnd_between(r, 1, mv->maxn);
            for (int j = 0; j < n; j++) move_event(w, i, work_day(w, first, dim));
        }
        for (int i = 0; i < w->nfirms; i++) {
            const firm *f = &w->firms[i];
            if (sells_retail(f->kind) && rnd_chance(r, 0.2))
                new_event(w, work_day(w, first, dim), EV_BOLETA, i);
            if (f->kind == K_CARRIER || f->kind == K_BUS || f->kind == K_VALUABLES)
                new_event(w, first + dim - 1, EV_SETTLE, i);
        }
    }
    /* The links of planted cases happen at least once (in one of their active months). */
    for (int i = 0; i < w->nflows + w->nmoves; i++) {
        int is_flow = i < w->nflows;
        unsigned months = is_flow ? w->flows[i].months : w->moves[i - w->nflows].months;
        int sure = is_flow ? w->flows[i].sure : w->moves[i - w->nflows].sure;
        int nev = is_flow ? w->flows[i].nev : w->moves[i - w->nflows].nev;
        if (!sure || nev) continue;
        int active[120], na = 0;
        for (int k = 0; k < w->months && na < 120; k++) {
            int first, dim;
            if (months & month_span(w, k, &first, &dim)) active[na++] = k;
        }
        if (!na) continue;
        int first, dim;
        month_span(w, active[rnd(r, na)], &first, &dim);
        if (is_flow)
            flow_event(w, i, first, dim);
        else
            move_event(w, i - w->nflows, work_day(w, first, dim));
    }
    /* C08: on many days the cloned plate hauls logs in Tahuamanu, the real truck restocks a Lima shop. */
    int nev = w->nevents;
    for (int i = 0; i < nev && w->c08_flow >= 0 && w->c08_move >= 0; i++)
        if (w->events[i].kind == EV_SALE && w->events[i].ref == w->c08_flow && rnd_chance(r, 0.6))
            move_event(w, w->c08_move, w->events[i].day);
}

/* Orders events by day, then kind, then creation: the order documents are issued in. */
static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* ---- vehicles --------------------------------------------------------------------- */

/*
** Finds a vehicle of fleet FI that can start a leg from ORIGIN on DAY:
** it must have finished its last leg and driven over from where that
** ended.  When none can, a new vehicle joins the fleet if it may grow.
** The chosen vehicle then is at DEST, free once the trip is done.
** Returns the vehicle's index, or -1 when the fleet cannot make the trip.
*/
static int schedule(world *w, int fi, int origin, int dest, int day)
{
    if (fi < 0) return -1;
    fleet *f = &w->fleets[fi];
    int v = -1;
    for (int i = 0; i < f->nveh && v < 0; i++)
        if (f->veh[i].free_day + travel_days(f->veh[i].loc, origin) <= day) v = i;
    if (v < 0) v = fleet_add_vehicle(w, fi, origin);
    if (v < 0) return -1;
    f->veh[v].loc = dest;
    f->veh[v].free_day = day + travel_days(origin, dest);
    return v;
}

/* ---- XML output ------------------------------------------------------------------- */

#define NS_UBL                                                                                               \
    " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""                \
    " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\""                    \
    " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""                                                       \
    " xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\""                \
    " xmlns:sac=\"urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1\""
#define CAT06                                                                                                \
    " schemeName=\"Documento de Identidad\" schemeAgencyName=\"PE:SUNAT\""                                   \
    " schemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo06\""
#define UBIGEO_ATTR " schemeName=\"Ubigeos\" schemeAgencyName=\"PE:INEI\""
#define UNIT_ATTR                                                                                            \
    " unitCodeListID=\"UN/ECE rec 20\" unitCodeListAgencyName=\"United Nations Economic Commission for "     \
    "Europe\""

/* Writes S escaped for XML text or attribute values. */
static void xe(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* Writes S as a CDATA section, as SUNAT issuers do for names and descriptions. */
static void xcd(FILE *fp, const char *s)
{
    fputs("<![CDATA[", fp);
    fputs(s, fp);
    fputs("]]>", fp);
}

/* YYYY-MM-DD of day DAY of the world. */
static void fmt_date(const world *w, int day, char out[11])
{
    int y, m, d;
    civil_from_days(w->start_dn + day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* A plausible issue time, HH:MM:SS during working hours. */
static void fmt_time(world *w, char out[9])
{
    unsigned h = (unsigned)rnd_between(&w->r, 7, 19) % 24u;
    unsigned m = (unsigned)rnd(&w->r, 60) % 60u;
    unsigned sec = (unsigned)rnd(&w->r, 60) % 60u;
    snprintf(out, 9, "%02u:%02u:%02u", h, m, sec);
}

/* Opens OUTDIR/SUB/RUC-TYPE-NUMBER.xml for writing; exits on failure. */
static FILE *doc_open(world *w, const char *sub, const char *ruc, const char *type, const char *number)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/%s/%s-%s-%s.xml", w->outdir, sub, ruc, type, number);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    return fp;
}

/* Closes a written file; exits when the write failed (disk full...). */
static void doc_close(FILE *fp)
{
    if (ferror(fp) | fclose(fp)) {
        fprintf(stderr, "gen-world: write error: %s\n", strerror(errno));
        exit(3);
    }
}

/* The signature block issuers include (the files themselves are not signed). */
static void put_signature(FILE *fp, const firm *f, const char *uname)
{
    fprintf(fp, "  <cac:Signature>\n    <cbc:ID>IDSign%s</cbc:ID>\n    <cac:SignatoryParty>\n", f->id);
    fprintf(
        fp,
        "      <cac:PartyIdentification>\n        <cbc:ID>%s</cbc:ID>\n      </cac:PartyIdentification>\n",
        f->id);
    fputs("      <cac:PartyName>\n        <cbc:Name>", fp);
    xcd(fp, uname);
    fputs("</cbc:Name>\n      </cac:PartyName>\n    </cac:SignatoryParty>\n", fp);
    fputs("    <cac:DigitalSignatureAttachment>\n      <cac:ExternalReference>\n        "
          "<cbc:URI>#SignatureSP</cbc:URI>\n"
          "      </cac:ExternalReference>\n    </cac:DigitalSignatureAttachment>\n  </cac:Signature>\n",
          fp);
}

/* An invoice line as written. */
typedef struct inv_line {
    char desc[200];
    char sku[24];
    double qty;
    int dec;
    const char *unit;
    double price;
    const char *tariff;
    char dam[32];
} inv_line;

enum { TAX_IGV, TAX_EXO, TAX_EXP };

/* A factura, boleta or nota de credito to write. */
typedef struct invoice {
    const char *type; /* catalogo 01: 01, 03, 07 */
    char number[24];
    int day;
    int usd;
    const char *op; /* catalogo 51 */
    int seller;
    int from_site; /* issued from the worksite annex */
    int buyer;     /* firm, or -1 for a consumer */
    const char *cons_scheme;
    char cons_id[16];
    char cons_name[140];
    inv_line lines[MAX_LINES];
    int nl;
    char guia[24];
    int tax;
    char ref[24]; /* credit notes: the invoice corrected */
    const char *cn_code, *cn_reason;
    int credit_days; /* payment on credit: days, 0 = cash */
    int fold_buyer;  /* the seller types the buyer's name without accents */
} invoice;

/* Writes a RegistrationAddress of firm F: its main establishment, or its worksite when SITE. */
static void put_reg_address(FILE *fp, const firm *f, int site)
{
    int d = site && f->site >= 0 ? f->site : f->dist;
    const char *addr = site && f->site >= 0 ? f->site_addr : f->addr;
    fputs("        <cac:RegistrationAddress>\n", fp);
    fprintf(fp, "          <cbc:ID" UBIGEO_ATTR ">%s</cbc:ID>\n", DISTRICTS[d].code);
    fprintf(fp,
            "          <cbc:AddressTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Establecimientos "
            "anexos\">%s</cbc:AddressTypeCode>\n",
            site && f->site >= 0 ? "0001" : "0000");
    fprintf(fp,
            "          <cbc:CityName>%s</cbc:CityName>\n          "
            "<cbc:CountrySubentity>%s</cbc:CountrySubentity>\n",
            DISTRICTS[d].province, DISTRICTS[d].dept);
    fprintf(fp,
            "          <cbc:District>%s</cbc:District>\n          <cac:AddressLine>\n            <cbc:Line>",
            DISTRICTS[d].name);
    xe(fp, addr);
    fputs("</cbc:Line>\n          </cac:AddressLine>\n          <cac:Country>\n"
          "            <cbc:IdentificationCode listID=\"ISO 3166-1\" listAgencyName=\"United Nations "
          "Economic Commission for Europe\">PE</cbc:IdentificationCode>\n"
          "          </cac:Country>\n        </cac:RegistrationAddress>\n",
          fp);
}

/* Writes the customer of invoice IV (a firm, a foreign buyer or a consumer). */
static void put_customer(FILE *fp, const world *w, const invoice *iv)
{
    char uname[128], folded[128];
    fputs("  <cac:AccountingCustomerParty>\n    <cac:Party>\n      <cac:PartyIdentification>\n", fp);
    if (iv->buyer < 0) {
        fprintf(fp, "        <cbc:ID schemeID=\"%s\"" CAT06 ">%s</cbc:ID>\n", iv->cons_scheme, iv->cons_id);
        fputs(
            "      </cac:PartyIdentification>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
            fp);
        xcd(fp, iv->cons_name);
        fputs("</cbc:RegistrationName>\n      </cac:PartyLegalEntity>\n", fp);
    } else {
        const firm *b = &w->firms[iv->buyer];
        int foreign = b->kind == K_FOREIGN;
        fprintf(fp, "        <cbc:ID schemeID=\"%s\"" CAT06 ">%s</cbc:ID>\n", foreign ? "0" : "6", b->id);
        fputs(
            "      </cac:PartyIdentification>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
            fp);
        if (iv->fold_buyer) {
            fold_accents(b->name, folded, sizeof folded);
            upcase(folded, uname, sizeof uname);
        } else {
            upcase(b->name, uname, sizeof uname);
        }
        xcd(fp, foreign ? b->name : uname);
        fputs("</cbc:RegistrationName>\n        <cac:RegistrationAddress>\n          <cac:AddressLine>\n     "
              "       <cbc:Line>",
              fp);
        if (foreign) {
            xe(fp, b->addr);
        } else {
            xe(fp, b->addr);
            fprintf(fp, " - %s", DISTRICTS[b->dist].name);
        }
        fprintf(fp,
                "</cbc:Line>\n          </cac:AddressLine>\n          <cac:Country>\n"
                "            <cbc:IdentificationCode>%s</cbc:IdentificationCode>\n          </cac:Country>\n"
                "        </cac:RegistrationAddress>\n      </cac:PartyLegalEntity>\n",
                foreign ? FOREIGN[b->foreign].iso : "PE");
    }
    fputs("    </cac:Party>\n  </cac:AccountingCustomerParty>\n", fp);
}

/* Writes the tax subtotal of one amount under tax mode TAX. */
static void put_tax(FILE *fp, const char *ind, const char *cur, double base, double tax, int mode)
{
    static const char *const cat[] = {"S", "E", "G"};
    static const char *const reason[] = {"10", "20", "40"};
    static const char *const scheme[][3] = {
        {"1000", "IGV", "VAT"}, {"9997", "EXO", "VAT"}, {"9995", "EXP", "FRE"}};
    fprintf(fp, "%s<cac:TaxTotal>\n%s  <cbc:TaxAmount currencyID=\"%s\">%.2f</cbc:TaxAmount>\n", ind, ind,
            cur, tax);
    fprintf(fp,
            "%s  <cac:TaxSubtotal>\n%s    <cbc:TaxableAmount currencyID=\"%s\">%.2f</cbc:TaxableAmount>\n",
            ind, ind, cur, base);
    fprintf(fp, "%s    <cbc:TaxAmount currencyID=\"%s\">%.2f</cbc:TaxAmount>\n%s    <cac:TaxCategory>\n", ind,
            cur, tax, ind);
    fprintf(fp,
            "%s      <cbc:ID schemeID=\"UN/ECE 5305\" schemeAgencyName=\"United Nations Economic Commission "
            "for Europe\">%s</cbc:ID>\n",
            ind, cat[mode]);
    fprintf(fp, "%s      <cbc:Percent>%s</cbc:Percent>\n", ind, mode == TAX_IGV ? "18.00" : "0.00");
    fprintf(fp,
            "%s      <cbc:TaxExemptionReasonCode listAgencyName=\"PE:SUNAT\" listName=\"Afectacion del IGV\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo07\">%s</cbc:TaxExemptionReasonCode>\n",
            ind, reason[mode]);
    fprintf(fp,
            "%s      <cac:TaxScheme>\n%s        <cbc:ID schemeName=\"Codigo de tributos\" "
            "schemeAgencyName=\"PE:SUNAT\" "
            "schemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo05\">%s</cbc:ID>\n",
            ind, ind, scheme[mode][0]);
    fprintf(fp,
            "%s        <cbc:Name>%s</cbc:Name>\n%s        <cbc:TaxTypeCode>%s</cbc:TaxTypeCode>\n%s      "
            "</cac:TaxScheme>\n",
            ind, scheme[mode][1], ind, scheme[mode][2], ind);
    fprintf(fp, "%s    </cac:TaxCategory>\n%s  </cac:TaxSubtotal>\n%s</cac:TaxTotal>\n", ind, ind, ind);
}

/*
** Writes a factura (01), boleta (03) or nota de credito (07) in UBL 2.1 as
** SUNAT's current schema has it: supplier by PartyIdentification with
** catalogo 06 code 6, its issuing establishment in RegistrationAddress
** (ubigeo and annex code), operation type as InvoiceTypeCode@listID, and
** every line of goods with its partida arancelaria (catalogo 55 code 7020).
*/
static void write_invoice(world *w, const invoice *iv)
{
    const firm *s = &w->firms[iv->seller];
    int cn = !strcmp(iv->type, "07");
    const char *cur = iv->usd ? "USD" : "PEN";
    const char *root = cn ? "CreditNote" : "Invoice";
    const char *lname = cn ? "CreditNoteLine" : "InvoiceLine";
    const char *qname = cn ? "CreditedQuantity" : "InvoicedQuantity";
    char date[11], time_s[9], uname[128];
    fmt_date(w, iv->day, date);
    fmt_time(w, time_s);
    upcase(s->name, uname, sizeof uname);

    double base = 0;
    double amt[MAX_LINES];
    for (int i = 0; i < iv->nl; i++) {
        amt[i] = round2(iv->lines[i].qty * iv->lines[i].price);
        base += amt[i];
    }
    base = round2(base);
    double tax = iv->tax == TAX_IGV ? round2(base * 0.18) : 0;

    FILE *fp = doc_open(w, "sunat/invoices", s->id, iv->type, iv->number);
    w->firms[iv->seller].docs++;
    if (iv->buyer >= 0) w->firms[iv->buyer].docs++;
    fprintf(fp,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s "
            "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:%s-2\"" NS_UBL ">\n",
            root, root);
    fputs("  <ext:UBLExtensions>\n    <ext:UBLExtension>\n      <ext:ExtensionContent/>\n    "
          "</ext:UBLExtension>\n  </ext:UBLExtensions>\n",
          fp);
    fputs("  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>\n  <cbc:CustomizationID>2.0</cbc:CustomizationID>\n",
          fp);
    fprintf(
        fp,
        "  <cbc:ID>%s</cbc:ID>\n  <cbc:IssueDate>%s</cbc:IssueDate>\n  <cbc:IssueTime>%s</cbc:IssueTime>\n",
        iv->number, date, time_s);
    if (iv->credit_days) {
        char due[11];
        fmt_date(w, iv->day + iv->credit_days, due);
        fprintf(fp, "  <cbc:DueDate>%s</cbc:DueDate>\n", due);
    }
    if (!cn)
        fprintf(
            fp,
            "  <cbc:InvoiceTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\" listID=\"%s\" name=\"Tipo de "
            "Operacion\" "
            "listSchemeURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo51\">%s</cbc:InvoiceTypeCode>\n",
            iv->op, iv->type);
    fprintf(
        fp,
        "  <cbc:DocumentCurrencyCode listID=\"ISO 4217 Alpha\" listName=\"Currency\" "
        "listAgencyName=\"United Nations Economic Commission for Europe\">%s</cbc:DocumentCurrencyCode>\n",
        cur);
    if (cn) {
        fprintf(fp,
                "  <cac:DiscrepancyResponse>\n    <cbc:ReferenceID>%s</cbc:ReferenceID>\n"
                "    <cbc:ResponseCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de nota de credito\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo09\">%s</cbc:ResponseCode>\n"
                "    <cbc:Description>",
                iv->ref, iv->cn_code);
        xcd(fp, iv->cn_reason);
        fprintf(fp,
                "</cbc:Description>\n  </cac:DiscrepancyResponse>\n  <cac:BillingReference>\n    "
                "<cac:InvoiceDocumentReference>\n"
                "      <cbc:ID>%s</cbc:ID>\n      <cbc:DocumentTypeCode>01</cbc:DocumentTypeCode>\n"
                "    </cac:InvoiceDocumentReference>\n  </cac:BillingReference>\n",
                iv->ref);
    }
    if (iv->guia[0])
        fprintf(fp,
                "  <cac:DespatchDocumentReference>\n    <cbc:ID>%s</cbc:ID>\n"
                "    <cbc:DocumentTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\">09</cbc:DocumentTypeCode>\n"
                "  </cac:DespatchDocumentReference>\n",
                iv->guia);
    put_signature(fp, s, uname);
    fputs("  <cac:AccountingSupplierParty>\n    <cac:Party>\n      <cac:PartyIdentification>\n", fp);
    fprintf(fp, "        <cbc:ID schemeID=\"6\"" CAT06 ">%s</cbc:ID>\n      </cac:PartyIdentification>\n",
            s->id);
    fputs("      <cac:PartyName>\n        <cbc:Name>", fp);
    xcd(fp, uname);
    fputs("</cbc:Name>\n      </cac:PartyName>\n      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>",
          fp);
    xcd(fp, uname);
    fputs("</cbc:RegistrationName>\n", fp);
    put_reg_address(fp, s, iv->from_site);
    fputs("      </cac:PartyLegalEntity>\n    </cac:Party>\n  </cac:AccountingSupplierParty>\n", fp);
    put_customer(fp, w, iv);
    if (!cn) {
        double total = round2(base + tax);
        if (iv->credit_days) {
            char due[11];
            fmt_date(w, iv->day + iv->credit_days, due);
            fprintf(fp,
                    "  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                    "<cbc:PaymentMeansID>Credito</cbc:PaymentMeansID>\n"
                    "    <cbc:Amount currencyID=\"%s\">%.2f</cbc:Amount>\n  </cac:PaymentTerms>\n"
                    "  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                    "<cbc:PaymentMeansID>Cuota001</cbc:PaymentMeansID>\n"
                    "    <cbc:Amount currencyID=\"%s\">%.2f</cbc:Amount>\n    "
                    "<cbc:PaymentDueDate>%s</cbc:PaymentDueDate>\n"
                    "  </cac:PaymentTerms>\n",
                    cur, total, cur, total, due);
        } else {
            fputs("  <cac:PaymentTerms>\n    <cbc:ID>FormaPago</cbc:ID>\n    "
                  "<cbc:PaymentMeansID>Contado</cbc:PaymentMeansID>\n"
                  "  </cac:PaymentTerms>\n",
                  fp);
        }
    }
    put_tax(fp, "  ", cur, base, tax, iv->tax);
    fprintf(fp,
            "  <cac:LegalMonetaryTotal>\n    <cbc:LineExtensionAmount "
            "currencyID=\"%s\">%.2f</cbc:LineExtensionAmount>\n",
            cur, base);
    fprintf(fp, "    <cbc:TaxInclusiveAmount currencyID=\"%s\">%.2f</cbc:TaxInclusiveAmount>\n", cur,
            round2(base + tax));
    fprintf(
        fp,
        "    <cbc:PayableAmount currencyID=\"%s\">%.2f</cbc:PayableAmount>\n  </cac:LegalMonetaryTotal>\n",
        cur, round2(base + tax));
    for (int i = 0; i < iv->nl; i++) {
        const inv_line *l = &iv->lines[i];
        double ltax = iv->tax == TAX_IGV ? round2(amt[i] * 0.18) : 0;
        fprintf(fp, "  <cac:%s>\n    <cbc:ID>%d</cbc:ID>\n", lname, i + 1);
        fprintf(fp, "    <cbc:%s unitCode=\"%s\"" UNIT_ATTR ">%.*f</cbc:%s>\n", qname, l->unit, l->dec,
                l->qty, qname);
        fprintf(fp, "    <cbc:LineExtensionAmount currencyID=\"%s\">%.2f</cbc:LineExtensionAmount>\n", cur,
                amt[i]);
        fprintf(fp,
                "    <cac:PricingReference>\n      <cac:AlternativeConditionPrice>\n"
                "        <cbc:PriceAmount currencyID=\"%s\">%.2f</cbc:PriceAmount>\n"
                "        <cbc:PriceTypeCode listName=\"Tipo de Precio\" listAgencyName=\"PE:SUNAT\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo16\">01</cbc:PriceTypeCode>\n"
                "      </cac:AlternativeConditionPrice>\n    </cac:PricingReference>\n",
                cur, round2(l->price * (iv->tax == TAX_IGV ? 1.18 : 1.0)));
        put_tax(fp, "    ", cur, amt[i], ltax, iv->tax);
        fputs("    <cac:Item>\n      <cbc:Description>", fp);
        xcd(fp, l->desc);
        fputs("</cbc:Description>\n", fp);
        if (l->sku[0])
            fprintf(fp,
                    "      <cac:SellersItemIdentification>\n        <cbc:ID>%s</cbc:ID>\n      "
                    "</cac:SellersItemIdentification>\n",
                    l->sku);
        if (l->tariff)
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Partida arancelaria</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7020</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->tariff);
        if (l->dam[0])
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Numero de declaracion aduanera "
                    "(DAM)</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7021</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->dam);
        fprintf(fp,
                "    </cac:Item>\n    <cac:Price>\n      <cbc:PriceAmount "
                "currencyID=\"%s\">%.2f</cbc:PriceAmount>\n    </cac:Price>\n"
                "  </cac:%s>\n",
                cur, l->price, lname);
    }
    fprintf(fp, "</%s>\n", root);
    doc_close(fp);
    if (cn)
        w->n_cn++;
    else if (!strcmp(iv->type, "03"))
        w->n_bol++;
    else
        w->n_fact++;
}

/* A guia line as written. */
typedef struct guia_line {
    char desc[200];
    char sku[24];
    double qty;
    int dec;
    const char *unit;
    const char *tariff;
} guia_line;

/* A document a guia cites (catalogo 61). */
typedef struct guia_ref {
    char id[32];
    const char *type;
    const char *tname;
    const char *issuer; /* RUC of its issuer, or NULL */
} guia_ref;

/* An address of a guia: ubigeo, street, and the annex code when it is a registered establishment. */
typedef struct guia_place {
    int dist;
    char addr[160];
    const char *annex; /* NULL when not an establishment */
    const char *owner; /* RUC the annex belongs to */
} guia_place;

/* A guia de remision to write: remitente (09) or transportista (31). */
typedef struct guia {
    const char *type;
    char number[24];
    int day;
    int issuer;    /* firm issuing: the shipper (09) or the carrier (31) */
    int shipper;   /* remitente */
    int recipient; /* destinatario */
    int carrier;   /* 09 in mode 01: the carrier, else -1 */
    const char *motivo;
    const char *motivo_text;
    int mode; /* 1 public, 2 private; 0 (31) not written */
    double weight;
    int fleet, veh; /* vehicle written, or veh -1 */
    int drv2;       /* second driver, or -1 */
    guia_place from, to;
    guia_line lines[MAX_LINES];
    int nl;
    guia_ref refs[4];
    int nrefs;
} guia;

/* Writes a party element (cac:Party) with a RUC and a name; MTC adds PartyLegalEntity/CompanyID. */
static void put_party(FILE *fp, const char *ind, const firm *f, const char *mtc)
{
    char uname[128];
    upcase(f->name, uname, sizeof uname);
    fprintf(fp,
            "%s<cac:PartyIdentification>\n%s  <cbc:ID schemeID=\"6\"" CAT06
            ">%s</cbc:ID>\n%s</cac:PartyIdentification>\n",
            ind, ind, f->id, ind);
    fprintf(fp, "%s<cac:PartyLegalEntity>\n%s  <cbc:RegistrationName>", ind, ind);
    xcd(fp, uname);
    fputs("</cbc:RegistrationName>\n", fp);
    if (mtc && *mtc) fprintf(fp, "%s  <cbc:CompanyID>%s</cbc:CompanyID>\n", ind, mtc);
    fprintf(fp, "%s</cac:PartyLegalEntity>\n", ind);
}

/* Writes an address element of a guia (DeliveryAddress or DespatchAddress), indented by IND. */
static void put_place(FILE *fp, const char *ind, const char *tag, const guia_place *pl)
{
    fprintf(fp, "%s<cac:%s>\n%s  <cbc:ID" UBIGEO_ATTR ">%s</cbc:ID>\n", ind, tag, ind,
            DISTRICTS[pl->dist].code);
    if (pl->annex)
        fprintf(fp,
                "%s  <cbc:AddressTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Establecimientos anexos\" "
                "listID=\"%s\">%s</cbc:AddressTypeCode>\n",
                ind, pl->owner, pl->annex);
    fprintf(fp, "%s  <cac:AddressLine>\n%s    <cbc:Line>", ind, ind);
    xe(fp, pl->addr);
    fprintf(fp, " - %s</cbc:Line>\n%s  </cac:AddressLine>\n%s</cac:%s>\n", DISTRICTS[pl->dist].name, ind, ind,
            tag);
}

/* Writes one cac:DriverPerson. */
static void put_driver(FILE *fp, const driver *d, const char *job)
{
    fprintf(fp, "      <cac:DriverPerson>\n        <cbc:ID schemeID=\"1\"" CAT06 ">%s</cbc:ID>\n", d->dni);
    fprintf(fp, "        <cbc:FirstName>%s</cbc:FirstName>\n        <cbc:FamilyName>%s</cbc:FamilyName>\n",
            d->given, d->family);
    fprintf(fp,
            "        <cbc:JobTitle>%s</cbc:JobTitle>\n        <cac:IdentityDocumentReference>\n"
            "          <cbc:ID>%s</cbc:ID>\n        </cac:IdentityDocumentReference>\n      "
            "</cac:DriverPerson>\n",
            job, d->licence);
}

/*
** Writes a GRE 2.0 guia: CustomizationID 2.0, the parties in
** cac:Party/cac:PartyIdentification, motivo (catalogo 20) and modality
** (catalogo 18) for a remitente's guia, the carrier with its MTC number in
** mode 01, driver and plate in mode 02 and in a carrier's guia, origin and
** destination ubigeos, weight, lines and related documents (catalogo 61:
** 01 factura, 09 guia remitente, 50 DAM, 73 forestry transport guide).
*/
static void write_guia(world *w, const guia *g)
{
    const firm *is = &w->firms[g->issuer];
    int t31 = !strcmp(g->type, "31");
    char date[11], time_s[9], uname[128];
    fmt_date(w, g->day, date);
    fmt_time(w, time_s);
    upcase(is->name, uname, sizeof uname);
    FILE *fp = doc_open(w, "sunat/guias", is->id, g->type, g->number);
    w->firms[g->issuer].docs++;
    w->firms[g->recipient].docs++;
    if (g->shipper != g->issuer) w->firms[g->shipper].docs++;
    if (g->carrier >= 0) w->firms[g->carrier].docs++;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DespatchAdvice "
          "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2\"" NS_UBL ">\n",
          fp);
    fputs("  <ext:UBLExtensions>\n    <ext:UBLExtension>\n      <ext:ExtensionContent/>\n    "
          "</ext:UBLExtension>\n  </ext:UBLExtensions>\n",
          fp);
    fputs("  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>\n  <cbc:CustomizationID "
          "schemeAgencyName=\"PE:SUNAT\">2.0</cbc:CustomizationID>\n",
          fp);
    fprintf(
        fp,
        "  <cbc:ID>%s</cbc:ID>\n  <cbc:IssueDate>%s</cbc:IssueDate>\n  <cbc:IssueTime>%s</cbc:IssueTime>\n",
        g->number, date, time_s);
    fprintf(fp,
            "  <cbc:DespatchAdviceTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Tipo de Documento\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01\">%s</cbc:DespatchAdviceTypeCode>\n",
            g->type);
    for (int i = 0; i < g->nrefs; i++) {
        const guia_ref *r = &g->refs[i];
        fprintf(fp,
                "  <cac:AdditionalDocumentReference>\n    <cbc:ID>%s</cbc:ID>\n"
                "    <cbc:DocumentTypeCode listAgencyName=\"PE:SUNAT\" listName=\"Documento relacionado al "
                "transporte\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo61\">%s</cbc:DocumentTypeCode>\n"
                "    <cbc:DocumentType>%s</cbc:DocumentType>\n",
                r->id, r->type, r->tname);
        if (r->issuer)
            fprintf(
                fp,
                "    <cac:IssuerParty>\n      <cac:PartyIdentification>\n        <cbc:ID schemeID=\"6\"" CAT06
                ">%s</cbc:ID>\n"
                "      </cac:PartyIdentification>\n    </cac:IssuerParty>\n",
                r->issuer);
        fputs("  </cac:AdditionalDocumentReference>\n", fp);
    }
    put_signature(fp, is, uname);
    fputs("  <cac:DespatchSupplierParty>\n    <cac:Party>\n", fp);
    put_party(fp, "      ", is, t31 ? is->mtc : NULL);
    fputs(
        "    </cac:Party>\n  </cac:DespatchSupplierParty>\n  <cac:DeliveryCustomerParty>\n    <cac:Party>\n",
        fp);
    put_party(fp, "      ", &w->firms[g->recipient], NULL);
    fputs("    </cac:Party>\n  </cac:DeliveryCustomerParty>\n  <cac:Shipment>\n    "
          "<cbc:ID>SUNAT_Envio</cbc:ID>\n",
          fp);
    if (!t31) {
        fprintf(fp,
                "    <cbc:HandlingCode listAgencyName=\"PE:SUNAT\" listName=\"Motivo de traslado\" "
                "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo20\">%s</cbc:HandlingCode>\n",
                g->motivo);
        fputs("    <cbc:HandlingInstructions>", fp);
        xe(fp, g->motivo_text);
        fputs("</cbc:HandlingInstructions>\n", fp);
    }
    fprintf(fp,
            "    <cbc:GrossWeightMeasure unitCode=\"KGM\">%.3f</cbc:GrossWeightMeasure>\n    "
            "<cac:ShipmentStage>\n",
            g->weight);
    if (!t31)
        fprintf(
            fp,
            "      <cbc:TransportModeCode listName=\"Modalidad de traslado\" listAgencyName=\"PE:SUNAT\" "
            "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo18\">%02d</cbc:TransportModeCode>\n",
            g->mode);
    fprintf(
        fp,
        "      <cac:TransitPeriod>\n        <cbc:StartDate>%s</cbc:StartDate>\n      </cac:TransitPeriod>\n",
        date);
    if (!t31 && g->mode == 1 && g->carrier >= 0) {
        fputs("      <cac:CarrierParty>\n", fp);
        put_party(fp, "        ", &w->firms[g->carrier], w->firms[g->carrier].mtc);
        fputs("      </cac:CarrierParty>\n", fp);
    }
    const vehicle *v = g->veh >= 0 ? &w->fleets[g->fleet].veh[g->veh] : NULL;
    if (v && (t31 || g->mode == 2)) w->fleets[g->fleet].veh[g->veh].legs++;
    for (int i = 0; i < w->ntruth; i++)
        if (w->truth[i].check == TC_ROUTE && w->truth[i].a == g->from.dist && w->truth[i].b == g->to.dist)
            w->truth[i].count++;
    if (v && (t31 || g->mode == 2)) {
        const fleet *fl = &w->fleets[g->fleet];
        put_driver(fp, &fl->drv[v->driver], "Principal");
        if (g->drv2 >= 0 && g->drv2 != v->driver) put_driver(fp, &fl->drv[g->drv2], "Secundario");
    }
    fputs("    </cac:ShipmentStage>\n    <cac:Delivery>\n", fp);
    put_place(fp, "      ", "DeliveryAddress", &g->to);
    fputs("      <cac:Despatch>\n", fp);
    put_place(fp, "        ", "DespatchAddress", &g->from);
    if (t31) {
        fputs("        <cac:DespatchParty>\n", fp);
        put_party(fp, "          ", &w->firms[g->shipper], NULL);
        fputs("        </cac:DespatchParty>\n", fp);
    }
    fputs("      </cac:Despatch>\n    </cac:Delivery>\n", fp);
    if (v && (t31 || g->mode == 2))
        fprintf(
            fp,
            "    <cac:TransportHandlingUnit>\n      <cac:TransportEquipment>\n        <cbc:ID>%s</cbc:ID>\n"
            "      </cac:TransportEquipment>\n    </cac:TransportHandlingUnit>\n",
            v->plate);
    fputs("  </cac:Shipment>\n", fp);
    for (int i = 0; i < g->nl; i++) {
        const guia_line *l = &g->lines[i];
        fprintf(fp, "  <cac:DespatchLine>\n    <cbc:ID>%d</cbc:ID>\n", i + 1);
        fprintf(fp, "    <cbc:DeliveredQuantity unitCode=\"%s\"" UNIT_ATTR ">%.*f</cbc:DeliveredQuantity>\n",
                l->unit, l->dec, l->qty);
        fprintf(fp,
                "    <cac:OrderLineReference>\n      <cbc:LineID>%d</cbc:LineID>\n    "
                "</cac:OrderLineReference>\n",
                i + 1);
        fputs("    <cac:Item>\n      <cbc:Description>", fp);
        xcd(fp, l->desc);
        fputs("</cbc:Description>\n", fp);
        if (l->sku[0])
            fprintf(fp,
                    "      <cac:SellersItemIdentification>\n        <cbc:ID>%s</cbc:ID>\n      "
                    "</cac:SellersItemIdentification>\n",
                    l->sku);
        if (l->tariff)
            fprintf(fp,
                    "      <cac:AdditionalItemProperty>\n        <cbc:Name>Partida arancelaria</cbc:Name>\n"
                    "        <cbc:NameCode listAgencyName=\"PE:SUNAT\" listName=\"Propiedad del item\" "
                    "listURI=\"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo55\">7020</cbc:NameCode>\n"
                    "        <cbc:Value>%s</cbc:Value>\n      </cac:AdditionalItemProperty>\n",
                    l->tariff);
        fputs("    </cac:Item>\n  </cac:DespatchLine>\n", fp);
    }
    fputs("</DespatchAdvice>\n", fp);
    doc_close(fp);
    if (t31)
        w->n_g31++;
    else
        w->n_g09++;
}

/* ---- playing the events ----------------------------------------------------------- */

/* The seller's item code of product PI: three letters of its key and a number the seller keeps. */
static void sku_of(const firm *s, int pi, char out[24])
{
    const char *k = PRODUCTS[pi].key;
    snprintf(out, 24, "%c%c%c-%03d", k[0] - 32, k[1] >= 'a' ? k[1] - 32 : k[1],
             k[2] >= 'a' ? k[2] - 32 : k[2], (s->desc_pick * 7 + pi * 13) % 900 + 100);
}

/* The wording seller S uses for product PI. */
static void desc_of(const firm *s, int pi, char *out, size_t n)
{
    alt(PRODUCTS[pi].desc, s->desc_pick + pi, out, n);
}

/* 1 when district D is in the Amazon region of the IGV exemption (Loreto, Ucayali, Madre de Dios). */
static int amazon(int d)
{
    const char *c = DISTRICTS[d].code;
    return !strncmp(c, "16", 2) || !strncmp(c, "17", 2) || !strncmp(c, "25", 2);
}

/* Fills guia place PL with establishment ANNEX ("0000", "0001", "0002") of firm F. */
static void place_estab(guia_place *pl, const firm *f, const char *annex)
{
    if (!strcmp(annex, "0001") && f->site >= 0) {
        pl->dist = f->site;
        copy_str(pl->addr, sizeof pl->addr, f->site_addr);
    } else if (!strcmp(annex, "0002") && f->office >= 0) {
        pl->dist = f->office;
        copy_str(pl->addr, sizeof pl->addr, f->office_addr);
    } else {
        pl->dist = f->dist;
        copy_str(pl->addr, sizeof pl->addr, f->addr);
        annex = "0000";
    }
    pl->annex = annex;
    pl->owner = f->id;
}

/*
** Fills guia place PL with the spot in district D where firm F loads or
** unloads when that is none of its establishments (a bus stop, a square,
** a depot).  The same firm always uses the same spot in a district, as
** real shippers do.
*/
static void place_street(const firm *f, guia_place *pl, int d)
{
    char place[96], st[48];
    unsigned h = (unsigned)f->desc_pick * 31u + (unsigned)d * 17u;
    pl->dist = d;
    if (*DISTRICTS[d].places) {
        alt(DISTRICTS[d].places, (int)(h % 97u), place, sizeof place);
        if (!strncmp(place, "AV.", 3) || !strncmp(place, "JR.", 3) || !strncmp(place, "CAL.", 4))
            snprintf(pl->addr, sizeof pl->addr, "%s CDRA. %u", place, h % 19u + 1);
        else
            snprintf(pl->addr, sizeof pl->addr, "%s - PARADERO PRINCIPAL", place);
    } else {
        alt(STREETS, (int)(h % 97u), st, sizeof st);
        snprintf(pl->addr, sizeof pl->addr, "JR. %s CDRA. %u", st, h % 19u + 1);
    }
    pl->annex = NULL;
    pl->owner = NULL;
}

/* Records a trip for carrier C to bill CUSTOMER at the end of the month of DAY. */
static void add_freight(world *w, int c, int customer, int day, const guia_place *from, const guia_place *to,
                        double kg, const char *guia_no, int people)
{
    if (w->firms[c].planted && rnd_chance(&w->r, 0.5))
        return; /* the unregistered carrier is often paid in cash */
    grow((void **)&w->freight, &w->capfreight, w->nfreight + 1, sizeof *w->freight);
    freight *f = &w->freight[w->nfreight++];
    double km = dist_km(from->dist, to->dist) * 1.45 + 8;
    f->carrier = c;
    f->customer = customer;
    f->month = day;
    if (w->firms[c].kind == K_VALUABLES)
        f->amount = round2(900 + km * 2.2);
    else if (people)
        f->amount = round2(people * (25 + km * 0.11));
    else
        f->amount = round2(150 + km * (1.4 + 3.2 * fmin(1.0, kg / 20000.0)));
    const char *what = w->firms[c].kind == K_VALUABLES ? "SERVICIO DE CUSTODIA Y TRASLADO DE VALORES"
                       : people                        ? "SERVICIO DE TRANSPORTE DE PERSONAL"
                                                       : "SERVICIO DE TRANSPORTE DE CARGA";
    snprintf(f->text, sizeof f->text, "%s %s - %s, GR %s", what, DISTRICTS[from->dist].name,
             DISTRICTS[to->dist].name, guia_no);
}

/* Picks a second driver for long trips (over 600 km) from the fleet, or -1. */
static int second_driver(world *w, int fi, int veh, int from, int to)
{
    const fleet *f = &w->fleets[fi];
    if (dist_km(from, to) * 1.45 < 600 || f->ndrv < 2) return -1;
    int d = rnd(&w->r, f->ndrv);
    return d == f->veh[veh].driver ? -1 : d;
}

/*
** Sometimes another driver of the fleet takes a vehicle: the regular
** driver stays the main one in most guias, as in real fleets.
*/
static void rotate_driver(world *w, int fi, int veh)
{
    fleet *f = &w->fleets[fi];
    if (f->ndrv > f->nveh && rnd_chance(&w->r, 0.25)) f->veh[veh].driver = rnd(&w->r, f->ndrv);
}

/* Tries carriers until one has a vehicle free for the trip; returns it (its vehicle in *VEH) or -1. */
static int carrier_for(world *w, int preferred, int origin, int dest, int day, int *veh)
{
    int c = preferred;
    for (int t = 0; t < 6; t++) {
        if (c >= 0 && w->firms[c].fleet >= 0) {
            *veh = schedule(w, w->firms[c].fleet, origin, dest, day);
            if (*veh >= 0) return c;
        }
        c = pick_carrier(w, origin, 0);
    }
    *veh = -1;
    return -1;
}

/* The forestry transport guide number a timber leg of flow F cites, or "" when it cites none. */
static void gtf_number(world *w, flow *f, int day, char out[24])
{
    out[0] = '\0';
    firm *s = &w->firms[f->seller];
    int y, m, d;
    civil_from_days(w->start_dn + day, &y, &m, &d);
    int origin = f->from_site && s->site >= 0 ? s->site : s->dist;
    if (f->gtf == GTF_OWN) {
        if (rnd_chance(&w->r, 0.04)) return; /* a guide not keyed into the guia: it happens */
        /* region, year, and a number of the issuing authority's series for this holder */
        unsigned serial = ((unsigned)(s->desc_pick % 900 + 100) * 10000u + ++s->n_gtf) % 10000000u;
        snprintf(out, 24, "%.2s-%04u-%07u", DISTRICTS[origin].code, (unsigned)y % 10000u, serial);
    } else if (f->gtf == GTF_REUSED) {
        while (w->ngtf_pool < 3) {
            /* issued the year before, and used again and again */
            unsigned serial = (unsigned)rnd_between(&w->r, 100000, 999999) % 10000000u;
            snprintf(w->gtf_pool[w->ngtf_pool], sizeof w->gtf_pool[0], "%.2s-%04u-%07u",
                     DISTRICTS[origin].code, (unsigned)(w->start_y - 1) % 10000u, serial);
            w->ngtf_pool++;
        }
        copy_str(out, 24, w->gtf_pool[rnd(&w->r, w->ngtf_pool)]);
    }
}

/*
** Plays a sale: decides the vehicle (the seller's, or a carrier's), numbers
** the invoice and the guia, writes the remitente's guia (and the carrier's
** when it issues one), then the invoice citing the guia.
*/
static void do_sale(world *w, event *e)
{
    rng *r = &w->r;
    flow *f = &w->flows[e->ref];
    firm *s = &w->firms[f->seller];
    const firm *b = &w->firms[f->buyer];
    guia g;
    memset(&g, 0, sizeof g);
    g.carrier = -1;
    g.veh = -1;
    g.drv2 = -1;
    place_estab(&g.from, s, f->from_site && s->site >= 0 ? "0001" : "0000");
    if (f->exportf) {
        static const char *const port_addr[][2] = {
            {"070101", "TERMINAL PORTUARIO DEL CALLAO - MUELLE NORTE"},
            {"200501", "TERMINAL PORTUARIO DE PAITA"},
            {"210402", "CENTRO BINACIONAL DE ATENCION EN FRONTERA DESAGUADERO"},
        };
        g.to.dist = f->port;
        copy_str(g.to.addr, sizeof g.to.addr, "ZONA PRIMARIA ADUANERA");
        for (size_t i = 0; i < ARRAY_LEN(port_addr); i++)
            if (!strcmp(DISTRICTS[f->port].code, port_addr[i][0]))
                copy_str(g.to.addr, sizeof g.to.addr, port_addr[i][1]);
        if (f->dam_office && !strcmp(f->dam_office, "235"))
            copy_str(g.to.addr, sizeof g.to.addr,
                     "AEROPUERTO INTERNACIONAL JORGE CHAVEZ - TERMINAL DE CARGA");
    } else {
        place_estab(&g.to, b, f->to_site && b->site >= 0 ? "0001" : "0000");
    }

    int tr = f->transport, carrier = f->carrier;
    if (tr == TR_OWN) {
        g.fleet = s->fleet;
        g.veh = schedule(w, s->fleet, g.from.dist, g.to.dist, e->day);
        if (g.veh < 0) tr = TR_CARRIER;
    }
    if (tr == TR_CARRIER) {
        int veh;
        carrier = carrier_for(w, carrier, g.from.dist, g.to.dist, e->day, &veh);
        if (carrier < 0)
            tr = TR_NONE;
        else {
            g.fleet = w->firms[carrier].fleet;
            g.veh = veh;
        }
    }

    invoice iv;
    memset(&iv, 0, sizeof iv);
    iv.type = "01";
    snprintf(iv.number, sizeof iv.number, "F001-%u", ++s->n_f);
    iv.day = e->day;
    iv.seller = f->seller;
    iv.from_site = s->invoice_from_site;
    iv.buyer = f->buyer;
    iv.op = f->exportf ? "0200" : "0101";
    iv.usd = f->exportf || PRODUCTS[f->prod[0]].usd;
    iv.tax =
        f->exportf ? TAX_EXP : (amazon(g.from.dist) && b->dist >= 0 && amazon(b->dist) ? TAX_EXO : TAX_IGV);
    iv.credit_days = rnd_chance(r, 0.45) ? 30 * rnd_between(r, 1, 2) : 0;
    iv.fold_buyer = rnd_chance(r, 0.08);
    double kg = 0;
    for (int i = 0; i < e->nl && i < MAX_LINES; i++) {
        int pi = f->prod[i];
        inv_line *l = &iv.lines[iv.nl++];
        desc_of(s, pi, l->desc, sizeof l->desc);
        sku_of(s, pi, l->sku);
        l->qty = e->qty[i];
        l->dec = PRODUCTS[pi].decimals;
        l->unit = PRODUCTS[pi].unit;
        l->price = e->price[i];
        l->tariff = PRODUCTS[pi].tariff;
        if (f->exportf && f->dam_office) {
            int y, m, d;
            civil_from_days(w->start_dn + e->day, &y, &m, &d);
            snprintf(l->dam, sizeof l->dam, "%s-%04d-40-%06d", f->dam_office, y,
                     rnd_between(r, 1000, 999999));
        }
        kg += prod_kg(pi, e->qty[i]);
    }
    if (kg < 1) kg = 1 + rnd_unit(r);

    if (tr != TR_NONE) {
        g.type = "09";
        snprintf(g.number, sizeof g.number, "T001-%u", ++s->n_t);
        copy_str(iv.guia, sizeof iv.guia, g.number);
        g.day = e->day;
        g.issuer = g.shipper = f->seller;
        g.recipient = f->exportf ? f->seller : f->buyer;
        g.motivo = f->exportf ? "09" : "01";
        g.motivo_text = f->exportf ? "Exportacion" : "Venta";
        g.mode = tr == TR_OWN ? 2 : 1;
        g.carrier = tr == TR_CARRIER ? carrier : -1;
        g.weight = round2(kg * rnd_uniform(r, 1.01, 1.06));
        if (g.veh >= 0) {
            rotate_driver(w, g.fleet, g.veh);
            g.drv2 = second_driver(w, g.fleet, g.veh, g.from.dist, g.to.dist);
        }
        for (int i = 0; i < iv.nl; i++) {
            guia_line *gl = &g.lines[g.nl++];
            copy_str(gl->desc, sizeof gl->desc, iv.lines[i].desc);
            copy_str(gl->sku, sizeof gl->sku, iv.lines[i].sku);
            gl->qty = iv.lines[i].qty;
            gl->dec = iv.lines[i].dec;
            gl->unit = iv.lines[i].unit;
            gl->tariff = rnd_chance(r, 0.5) || f->gtf != GTF_NONE ? iv.lines[i].tariff : NULL;
        }
        guia_ref *rf = &g.refs[g.nrefs++];
        copy_str(rf->id, sizeof rf->id, iv.number);
        rf->type = "01";
        rf->tname = "Factura";
        rf->issuer = s->id;
        char gtf[24];
        gtf_number(w, f, e->day, gtf);
        if (gtf[0]) {
            rf = &g.refs[g.nrefs++];
            copy_str(rf->id, sizeof rf->id, gtf);
            rf->type = "73";
            rf->tname = "Guia de Transporte Forestal";
            rf->issuer = NULL;
        }
        if (f->exportf && iv.lines[0].dam[0]) {
            rf = &g.refs[g.nrefs++];
            copy_str(rf->id, sizeof rf->id, iv.lines[0].dam);
            rf->type = "50";
            rf->tname = "Declaracion Aduanera de Mercancias";
            rf->issuer = NULL;
        }
        write_guia(w, &g);
        if (tr == TR_CARRIER) {
            firm *c = &w->firms[carrier];
            if (c->issues_31 && g.veh >= 0) {
                guia t = g;
                t.type = "31";
                snprintf(t.number, sizeof t.number, "V001-%u", ++c->n_v);
                t.issuer = carrier;
                t.carrier = -1;
                t.mode = 0;
                rf = &t.refs[0];
                memmove(&t.refs[1], &t.refs[0], sizeof t.refs[0] * (size_t)(t.nrefs < 3 ? t.nrefs : 3));
                if (t.nrefs < 4) t.nrefs++;
                copy_str(rf->id, sizeof rf->id, g.number);
                rf->type = "09";
                rf->tname = "Guia de Remision Remitente";
                rf->issuer = s->id;
                write_guia(w, &t);
            }
            add_freight(w, carrier, f->seller, e->day, &g.from, &g.to, kg, g.number, 0);
        }
    }
    write_invoice(w, &iv);
    copy_str(e->inv, sizeof e->inv, iv.number);
    for (int i = 0; i < iv.nl; i++) f->total += round2(iv.lines[i].qty * iv.lines[i].price);
    f->docs++;
}

/* Plays a service invoice (labour contractors, recruiters): no goods, no guia. */
static void do_service(world *w, event *e)
{
    flow *f = &w->flows[e->ref];
    firm *s = &w->firms[f->seller];
    invoice iv;
    memset(&iv, 0, sizeof iv);
    iv.type = "01";
    snprintf(iv.number, sizeof iv.number, "F001-%u", ++s->n_f);
    iv.day = e->day;
    iv.seller = f->seller;
    iv.buyer = f->buyer;
    iv.op = "0101";
    iv.tax = TAX_IGV;
    iv.credit_days = rnd_chance(&w->r, 0.6) ? 30 : 0;
    inv_line *l = &iv.lines[iv.nl++];
    alt(PRODUCTS[f->prod[0]].desc, rnd(&w->r, 100), l->desc, sizeof l->desc);
    l->qty = 1;
    l->unit = "ZZ";
    l->price = e->price[0];
    write_invoice(w, &iv);
    f->total += l->price;
    f->docs++;
}

/*
** Plays a move of goods or people: the shipper's own vehicle (mode 02) or
** a carrier (mode 01, and the carrier's guia 31); a move marked only31
** leaves only the carrier's guia, as when an informal shipper issues none.
*/
static void do_move(world *w, event *e)
{
    rng *r = &w->r;
    const move *m = &w->moves[e->ref];
    firm *sh = &w->firms[m->shipper];
    const firm *rc = &w->firms[m->recipient];
    guia g;
    memset(&g, 0, sizeof g);
    g.carrier = -1;
    g.veh = -1;
    g.drv2 = -1;
    if (m->origin_office && sh->office >= 0)
        place_estab(&g.from, sh, "0002");
    else if (e->origin == sh->dist)
        place_estab(&g.from, sh, "0000");
    else
        place_street(sh, &g.from, e->origin);
    if (e->dest == rc->site)
        place_estab(&g.to, rc, "0001");
    else if (rc->office >= 0 && e->dest == rc->office)
        place_estab(&g.to, rc, "0002");
    else if (e->dest == rc->dist)
        place_estab(&g.to, rc, "0000");
    else
        place_street(sh, &g.to, e->dest);

    int carrier = m->carrier;
    if (carrier < 0) {
        g.fleet = sh->fleet;
        g.veh = schedule(w, sh->fleet, g.from.dist, g.to.dist, e->day);
        if (g.veh < 0) return; /* its vehicles are away: the trip does not happen */
    } else {
        g.fleet = w->firms[carrier].fleet;
        g.veh = schedule(w, g.fleet, g.from.dist, g.to.dist, e->day);
        if (g.veh < 0) return;
    }
    rotate_driver(w, g.fleet, g.veh);
    g.drv2 = second_driver(w, g.fleet, g.veh, g.from.dist, g.to.dist);
    g.day = e->day;
    g.shipper = m->shipper;
    g.recipient = m->recipient;
    g.motivo = m->motivo;
    g.weight = round2(e->weight);
    char d0[160];
    alt(m->descs, rnd(r, 1000), d0, sizeof d0);
    guia_line *l = &g.lines[g.nl++];
    if (e->people && rnd_chance(r, 0.6))
        snprintf(l->desc, sizeof l->desc, "%s (%d PERSONAS)", d0, e->people);
    else
        copy_str(l->desc, sizeof l->desc, d0);
    l->qty = e->people ? e->people : rnd_between(r, 10, 80);
    l->unit = e->people ? "NIU" : "BX";
    if (m->goods_prod >= 0 && rnd_chance(r, 0.6)) {
        l = &g.lines[g.nl++];
        desc_of(sh, m->goods_prod, l->desc, sizeof l->desc);
        l->qty = rnd_between(r, 4, 30);
        l->unit = PRODUCTS[m->goods_prod].unit;
    }
    char mtext[200];
    if (!strcmp(m->motivo, "04"))
        g.motivo_text = "Traslado entre establecimientos de la misma empresa";
    else if (!strcmp(m->motivo, "01"))
        g.motivo_text = "Venta";
    else if (rnd_chance(r, 0.5)) {
        snprintf(mtext, sizeof mtext, "Otros: %s", d0);
        g.motivo_text = mtext;
    } else {
        g.motivo_text = "Otros";
    }
    char g09[24] = "";
    if (!m->only31) {
        g.type = "09";
        snprintf(g.number, sizeof g.number, "T001-%u", ++sh->n_t);
        copy_str(g09, sizeof g09, g.number);
        g.issuer = m->shipper;
        g.mode = carrier < 0 ? 2 : 1;
        g.carrier = carrier;
        write_guia(w, &g);
    }
    if (carrier >= 0) {
        firm *c = &w->firms[carrier];
        if (c->issues_31 || m->only31) {
            guia t = g;
            t.type = "31";
            snprintf(t.number, sizeof t.number, "V001-%u", ++c->n_v);
            t.issuer = carrier;
            t.carrier = -1;
            t.mode = 0;
            t.nrefs = 0;
            if (g09[0]) {
                guia_ref *rf = &t.refs[t.nrefs++];
                copy_str(rf->id, sizeof rf->id, g09);
                rf->type = "09";
                rf->tname = "Guia de Remision Remitente";
                rf->issuer = sh->id;
            }
            write_guia(w, &t);
            if (!g09[0]) copy_str(g09, sizeof g09, t.number);
        }
        add_freight(w, carrier, m->shipper, e->day, &g.from, &g.to, g.weight, g09[0] ? g09 : "S/N",
                    e->people);
    }
}

/*
** Plays a boleta: a shop's sale to a consumer, anonymous below S/ 700 as
** the rules allow, else with the buyer's DNI.
*/
static void do_boleta(world *w, event *e)
{
    static const char *const retail[] = {"polo_retail", "furn_dining", "rice", "oil", "milk"};
    static const char *const hardware[] = {"cement", "rebar", "paint", "bricks_resale"};
    static const char *const food[] = {"rice", "sugar", "oil", "noodles", "tuna", "milk", "water"};
    static const char *const fuel[] = {"gasoline", "diesel", "lube"};
    static const char *const furniture[] = {"furn_dining", "furn_bedroom"};
    static const char *const brand[] = {"polo_retail"};
    rng *r = &w->r;
    firm *s = &w->firms[e->ref];
    const char *const *set;
    int n;
    switch (s->kind) {
    case K_HARDWARE:
        set = hardware;
        n = (int)ARRAY_LEN(hardware);
        break;
    case K_FOOD_WHOLESALE:
        set = food;
        n = (int)ARRAY_LEN(food);
        break;
    case K_FUEL:
        set = fuel;
        n = (int)ARRAY_LEN(fuel);
        break;
    case K_FURNITURE:
        set = furniture;
        n = (int)ARRAY_LEN(furniture);
        break;
    case K_BRAND:
        set = brand;
        n = (int)ARRAY_LEN(brand);
        break;
    default:
        set = retail;
        n = (int)ARRAY_LEN(retail);
        break;
    }
    invoice iv;
    memset(&iv, 0, sizeof iv);
    iv.type = "03";
    snprintf(iv.number, sizeof iv.number, "B001-%u", ++s->n_b);
    iv.day = e->day;
    iv.seller = e->ref;
    iv.buyer = -1;
    iv.op = "0101";
    iv.tax = amazon(s->dist) ? TAX_EXO : TAX_IGV;
    int nl = rnd_between(r, 1, n < 3 ? n : 3);
    double total = 0;
    for (int i = 0; i < nl; i++) {
        int pi = prod_index(set[(rnd(r, n) + i) % n]);
        inv_line *l = &iv.lines[iv.nl++];
        desc_of(s, pi, l->desc, sizeof l->desc);
        sku_of(s, pi, l->sku);
        l->unit = PRODUCTS[pi].unit;
        l->dec = PRODUCTS[pi].decimals;
        l->price = round2(rnd_uniform(r, PRODUCTS[pi].pmin, PRODUCTS[pi].pmax) * 1.15);
        l->qty = PRODUCTS[pi].decimals ? round_qty(rnd_uniform(r, 0.5, 2), PRODUCTS[pi].decimals)
                                       : rnd_between(r, 1, l->price < 60 ? 12 : 2);
        l->tariff = PRODUCTS[pi].tariff;
        total += l->qty * l->price;
    }
    if (total * 1.18 > 700 || rnd_chance(r, 0.25)) {
        char given[32], family[100];
        iv.cons_scheme = "1";
        make_dni(w, iv.cons_id);
        make_person(w, rnd_chance(r, 0.5), given, sizeof given, family, sizeof family);
        snprintf(iv.cons_name, sizeof iv.cons_name, "%s %s", family, given);
    } else {
        iv.cons_scheme = "0";
        copy_str(iv.cons_id, sizeof iv.cons_id, "00000000");
        copy_str(iv.cons_name, sizeof iv.cons_name, "CLIENTES VARIOS");
    }
    write_invoice(w, &iv);
}

/* Plays a credit note: part of a sale's first line returned. */
static void do_credit(world *w, event *e)
{
    rng *r = &w->r;
    const event *p = &w->events[w->pos_of_id[e->parent]];
    if (!p->inv[0]) return;
    const flow *f = &w->flows[p->ref];
    firm *s = &w->firms[f->seller];
    int pi = f->prod[0];
    invoice iv;
    memset(&iv, 0, sizeof iv);
    iv.type = "07";
    snprintf(iv.number, sizeof iv.number, "FC01-%u", ++s->n_fc);
    iv.day = e->day;
    iv.seller = f->seller;
    iv.from_site = s->invoice_from_site;
    iv.buyer = f->buyer;
    iv.usd = PRODUCTS[pi].usd;
    iv.tax = amazon(s->dist) && amazon(w->firms[f->buyer].dist) ? TAX_EXO : TAX_IGV;
    copy_str(iv.ref, sizeof iv.ref, p->inv);
    iv.cn_code = "07";
    iv.cn_reason = rnd_chance(r, 0.5) ? "DEVOLUCION POR ITEM - MERCADERIA EN MAL ESTADO"
                                      : "DEVOLUCION PARCIAL POR DIFERENCIA EN CANTIDAD";
    inv_line *l = &iv.lines[iv.nl++];
    desc_of(s, pi, l->desc, sizeof l->desc);
    sku_of(s, pi, l->sku);
    l->unit = PRODUCTS[pi].unit;
    l->dec = PRODUCTS[pi].decimals;
    l->qty = round_qty(p->qty[0] * rnd_uniform(r, 0.05, 0.25), l->dec);
    l->price = p->price[0];
    l->tariff = PRODUCTS[pi].tariff;
    write_invoice(w, &iv);
}

/* Plays a carrier's month end: one invoice per customer for its trips of the month (six per invoice). */
static void do_settle(world *w, event *e)
{
    int c = e->ref;
    firm *cf = &w->firms[c];
    int y, m, d;
    civil_from_days(w->start_dn + e->day, &y, &m, &d);
    for (int i = 0; i < w->nfreight; i++) {
        freight *fi = &w->freight[i];
        if (fi->carrier != c || fi->customer < 0) continue;
        int fy, fm, fd;
        civil_from_days(w->start_dn + fi->month, &fy, &fm, &fd);
        if (fy != y || fm != m) continue;
        int customer = fi->customer;
        invoice iv;
        memset(&iv, 0, sizeof iv);
        iv.type = "01";
        iv.day = e->day;
        iv.seller = c;
        iv.buyer = customer;
        iv.op = "0101";
        iv.tax = TAX_IGV;
        iv.credit_days = 30;
        for (int k = i; k < w->nfreight; k++) {
            freight *fk = &w->freight[k];
            if (fk->carrier != c || fk->customer != customer) continue;
            civil_from_days(w->start_dn + fk->month, &fy, &fm, &fd);
            if (fy != y || fm != m) continue;
            if (iv.nl == MAX_LINES) {
                snprintf(iv.number, sizeof iv.number, "F001-%u", ++cf->n_f);
                write_invoice(w, &iv);
                iv.nl = 0;
            }
            inv_line *l = &iv.lines[iv.nl++];
            copy_str(l->desc, sizeof l->desc, fk->text);
            l->qty = 1;
            l->unit = "ZZ";
            l->price = fk->amount;
            fk->customer = -1; /* billed */
        }
        if (iv.nl) {
            snprintf(iv.number, sizeof iv.number, "F001-%u", ++cf->n_f);
            write_invoice(w, &iv);
        }
    }
}

/* Sorts the events and plays them in order. */
static void run_events(world *w)
{
    qsort(w->events, (size_t)w->nevents, sizeof *w->events, event_cmp);
    w->pos_of_id = malloc((size_t)(w->nevents ? w->nevents : 1) * sizeof *w->pos_of_id);
    if (!w->pos_of_id) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    for (int i = 0; i < w->nevents; i++) w->pos_of_id[w->events[i].id] = i;
    for (int i = 0; i < w->nevents; i++) {
        event *e = &w->events[i];
        switch (e->kind) {
        case EV_SALE: do_sale(w, e); break;
        case EV_SERVICE: do_service(w, e); break;
        case EV_MOVE: do_move(w, e); break;
        case EV_BOLETA: do_boleta(w, e); break;
        case EV_CREDIT: do_credit(w, e); break;
        case EV_SETTLE: do_settle(w, e); break;
        default: break;
        }
    }
}

/* ---- supplier declarations -------------------------------------------------------- */

/* Writes one CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

/* The facility type a supplier list gives a firm of KIND. */
static const char *facility_type(int kind)
{
    switch (kind) {
    case K_NUT_COLLECTOR: return "Collection centre (castanal)";
    case K_SAWMILL: return "Sawmill";
    case K_TIMBER: return "Forest concession";
    case K_WORKSHOP: return "Sewing workshop";
    case K_TEXTILE: return "Knitting and dyeing mill";
    default: return "Supplier";
    }
}

/* The English product type a supplier list gives product PI. */
static const char *product_type(int pi)
{
    const char *k = PRODUCTS[pi].key;
    if (!strcmp(k, "nuts_inshell")) return "Brazil nuts in shell";
    if (!strcmp(k, "sawn")) return "Sawn tropical wood";
    if (!strcmp(k, "logs")) return "Tropical logs";
    if (!strcmp(k, "polo")) return "Cotton T-shirts";
    if (!strcmp(k, "polera")) return "Cotton sweatshirts";
    if (!strcmp(k, "pantalon")) return "Cotton trousers";
    return PRODUCTS[pi].key;
}

/*
** Writes the supplier declaration of firm DECL as a brand or exporter would
** publish it (Open Supply Hub shape plus the Peruvian columns): one row per
** supplier and product it bought from, with the annualised value of the
** invoices, the supplier's workplace (its worksite when it has one) and
** the head count it declared; plus one small supplier it buys from
** informally (no RUC on the list, no invoices).
*/
static void write_declaration(world *w, int decl, const char *what, const char *informal_name,
                              const char *informal_ubigeo, const char *informal_hs, int informal_kind)
{
    rng *r = &w->r;
    const firm *d = &w->firms[decl];
    char path[PATH_BYTES];
    int y, m, dd;
    civil_from_days(w->start_dn + w->ndays - 1, &y, &m, &dd);
    int n = snprintf(path, sizeof path, "%s/suppliers/%s-declaracion-proveedores-%s-%d.csv", w->outdir, d->id,
                     what, y);
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    fputs("declarant_tax_id,tax_id,country,name,address,sector,ubigeo,product_hs,annual_value,currency,"
          "number_of_workers,"
          "product_type,facility_type\n",
          fp);
    for (int i = 0; i < w->nflows; i++) {
        const flow *f = &w->flows[i];
        if (f->buyer != decl || !PRODUCTS[f->prod[0]].tariff || f->docs == 0) continue;
        int first = 1;
        for (int k = 0; k < i && first; k++) {
            const flow *g = &w->flows[k];
            if (g->buyer == decl && g->seller == f->seller && PRODUCTS[g->prod[0]].tariff && g->docs)
                first = 0;
        }
        if (!first) continue; /* one row per supplier: its flows were summed at its first one */
        const flow *main_f = f;
        double total = 0;
        for (int k = i; k < w->nflows; k++) {
            const flow *g = &w->flows[k];
            if (g->buyer != decl || g->seller != f->seller || !PRODUCTS[g->prod[0]].tariff || !g->docs)
                continue;
            total += g->total;
            if (g->total > main_f->total) main_f = g;
        }
        const firm *s = &w->firms[f->seller];
        int place = s->site >= 0 ? s->site : s->dist;
        char addr[256], hs[16], value[32], workers[16];
        snprintf(addr, sizeof addr, "%s, %s, %s", s->site >= 0 ? s->site_addr : s->addr,
                 DISTRICTS[place].name, DISTRICTS[place].dept);
        const char *t = PRODUCTS[main_f->prod[0]].tariff;
        if (!strncmp(t, "44", 2))
            snprintf(hs, sizeof hs, "%.4s", t);
        else
            snprintf(hs, sizeof hs, "%.4s.%.2s", t, t + 4);
        snprintf(value, sizeof value, "%.0f", floor(total * 12.0 / w->months / 100.0 + 0.5) * 100.0);
        /* planted sources declare a fraction of the people who work for them */
        snprintf(workers, sizeof workers, "%d", s->planted ? rnd_between(r, 6, 12) : s->workers);
        csv_field(fp, d->id, 0);
        csv_field(fp, s->id, 0);
        csv_field(fp, "Peru", 0);
        csv_field(fp, s->name, 0);
        csv_field(fp, addr, 0);
        csv_field(fp, KINDS[s->kind].label, 0);
        csv_field(fp, DISTRICTS[place].code, 0);
        csv_field(fp, hs, 0);
        csv_field(fp, value, 0);
        csv_field(fp, PRODUCTS[main_f->prod[0]].usd ? "USD" : "PEN", 0);
        csv_field(fp, workers, 0);
        csv_field(fp, product_type(main_f->prod[0]), 0);
        csv_field(fp, facility_type(s->kind), 1);
    }
    char addr[160], value[32];
    int ui = dist_index(informal_ubigeo);
    street_address(w, ui, addr, sizeof addr);
    snprintf(value, sizeof value, "%d", rnd_between(r, 40, 160) * 100);
    csv_field(fp, d->id, 0);
    csv_field(fp, "", 0);
    csv_field(fp, "PE", 0);
    csv_field(fp, informal_name, 0);
    csv_field(fp, addr, 0);
    csv_field(fp, KINDS[informal_kind].label, 0);
    csv_field(fp, informal_ubigeo, 0);
    csv_field(fp, informal_hs, 0);
    csv_field(fp, value, 0);
    csv_field(fp, "PEN", 0);
    csv_field(fp, "", 0);
    csv_field(fp, "", 0);
    csv_field(fp, facility_type(informal_kind), 1);
    doc_close(fp);
    w->n_csv++;
}

/* ---- the answer key --------------------------------------------------------------- */

/* Orders truth rows by case, keeping the order of rows within a case (a stable insertion sort). */
static void sort_rows(truth_row *rows, int n)
{
    for (int i = 1; i < n; i++) {
        truth_row t = rows[i];
        int j = i - 1;
        while (j >= 0 && strcmp(rows[j].case_id, t.case_id) > 0) {
            rows[j + 1] = rows[j];
            j--;
        }
        rows[j + 1] = t;
    }
}

/* Writes truth.csv (DECOY 0) or decoys.csv (DECOY 1) at the top of the output directory. */
static void write_truth(world *w, int decoy)
{
    char path[PATH_BYTES];
    int n = snprintf(path, sizeof path, "%s/%s", w->outdir, decoy ? "decoys.csv" : "truth.csv");
    if (n < 0 || (size_t)n >= sizeof path) {
        fputs("gen-world: output path too long\n", stderr);
        exit(3);
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    char d0[11], d1[11];
    fmt_date(w, 0, d0);
    fmt_date(w, w->ndays - 1, d1);
    if (decoy)
        fprintf(fp,
                "# decoys: legitimate firms of the inspector demo world (gen-world --seed %llu --firms %d, "
                "%s to %s) "
                "that show one weak signal; not an input, see examples/generator/README.md\n",
                w->seed, w->target_firms, d0, d1);
    else
        fprintf(fp,
                "# truth: planted forced-labour cases of the inspector demo world (gen-world --seed %llu "
                "--firms %d, "
                "%s to %s); answer key, not an input, see examples/generator/README.md\n",
                w->seed, w->target_firms, d0, d1);
    fputs("tax_id,ubigeo,case,role,indicators,description\n", fp);
    truth_row *rows = decoy ? w->decoys : w->truth;
    int nr = decoy ? w->ndecoys : w->ntruth;
    sort_rows(rows, nr);
    for (int i = 0; i < nr; i++) {
        if (rows[i].check == TC_FIRM && !w->firms[rows[i].a].docs) continue;
        if (rows[i].check == TC_VEHICLE && !w->fleets[rows[i].a].veh[rows[i].b].legs) continue;
        if (rows[i].check == TC_ROUTE && !rows[i].count) continue;
        w->nwritten++;
        csv_field(fp, rows[i].subject, 0);
        csv_field(fp, rows[i].ubigeo, 0);
        csv_field(fp, rows[i].case_id, 0);
        csv_field(fp, rows[i].role, 0);
        csv_field(fp, rows[i].ind, 0);
        csv_field(fp, rows[i].desc, 1);
    }
    doc_close(fp);
}

/* ---- files and directories -------------------------------------------------------- */

/* Creates directory PATH if missing; exits when that fails. */
static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen-world: %s: %s\n", path, strerror(errno));
        exit(3);
    }
}

/*
** Removes, from directory DIR, the files an earlier run of this program
** wrote there (names starting with an 11-digit RUC and a dash, ending in
** EXT), so that a smaller or different world does not leave old
** documents behind.  Nothing else is touched.
*/
static void clean_dir(const char *dir, const char *ext)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    size_t el = strlen(ext);
    while ((de = readdir(dp)) != NULL) {
        const char *nm = de->d_name;
        size_t len = strlen(nm);
        int ours = len > 12 + el && nm[11] == '-' && !strcmp(nm + len - el, ext);
        for (int i = 0; i < 11 && ours; i++)
            if (nm[i] < '0' || nm[i] > '9') ours = 0;
        if (!ours) continue;
        char path[PATH_BYTES];
        int n = snprintf(path, sizeof path, "%s/%s", dir, nm);
        if (n > 0 && (size_t)n < sizeof path) unlink(path);
    }
    closedir(dp);
}

/* Creates OUTDIR and its folders, emptied of files an earlier run wrote. */
static void prepare_dirs(world *w)
{
    static const char *const subs[] = {"", "/sunat", "/sunat/invoices", "/sunat/guias", "/suppliers"};
    char path[PATH_BYTES];
    for (size_t i = 0; i < ARRAY_LEN(subs); i++) {
        int n = snprintf(path, sizeof path, "%s%s", w->outdir, subs[i]);
        if (n < 0 || (size_t)n >= sizeof path) {
            fputs("gen-world: output path too long\n", stderr);
            exit(2);
        }
        make_dir(path);
        if (i >= 2) clean_dir(path, i == 4 ? ".csv" : ".xml");
    }
}

/* ---- main ------------------------------------------------------------------------- */

/* Prints the usage to FP. */
static void usage(FILE *fp)
{
    fputs("usage: gen-world [--seed N] [--firms N] [--months N] [--start YYYY-MM] OUTDIR\n"
          "Writes a synthetic Peruvian supply-chain world with planted forced-labour cases:\n"
          "  OUTDIR/sunat/invoices/  SUNAT UBL 2.1 facturas, boletas, notas de credito\n"
          "  OUTDIR/sunat/guias/     GRE 2.0 guias de remision (remitente 09, transportista 31)\n"
          "  OUTDIR/suppliers/       supplier declarations (facility-list CSV)\n"
          "  OUTDIR/truth.csv        the planted cases (answer key; not an input)\n"
          "  OUTDIR/decoys.csv       legitimate firms with one weak signal (not an input)\n"
          "Defaults: --seed 42 --firms 400 --months 12, ending 2026-10.\n",
          fp);
}

/* Parses a decimal integer option value in [LO, HI]; exits with usage on error. */
static long long parse_num(const char *opt, const char *v, long long lo, long long hi)
{
    char *end;
    errno = 0;
    long long x = v ? strtoll(v, &end, 10) : 0;
    if (!v || errno || *end || end == v || x < lo || x > hi) {
        fprintf(stderr, "gen-world: %s needs a number from %lld to %lld\n", opt, lo, hi);
        exit(2);
    }
    return x;
}

/*
** Parses the options, builds the world (population, planted cases, wiring,
** transport, calibration), plays its events into the document files,
** writes the supplier lists and the answer key, and prints a summary.
** Exit status: 0 done, 2 usage error, 3 output or memory failure.
*/
int main(int argc, char **argv)
{
    world w;
    memset(&w, 0, sizeof w);
    long long seed = 42;
    int firms = 400, months = 12, sy = 0, sm = 0;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seed"))
            seed = parse_num(a, v, 0, 9223372036854775807LL), i++;
        else if (!strcmp(a, "--firms"))
            firms = (int)parse_num(a, v, 120, 20000), i++;
        else if (!strcmp(a, "--months"))
            months = (int)parse_num(a, v, 1, 120), i++;
        else if (!strcmp(a, "--start")) {
            if (!v || strlen(v) != 7 || v[4] != '-' || sscanf(v, "%4d-%2d", &sy, &sm) != 2 || sm < 1 ||
                sm > 12 || sy < 2000 || sy > 2100) {
                fputs("gen-world: --start needs YYYY-MM\n", stderr);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "gen-world: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else if (!out) {
            out = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!out) {
        usage(stderr);
        return 2;
    }
    if (!sy) { /* the window ends in October 2026 */
        int idx = 2026 * 12 + 9 - (months - 1);
        sy = idx / 12;
        sm = idx % 12 + 1;
    }
    copy_str(w.outdir, sizeof w.outdir, out);
    size_t ol = strlen(w.outdir);
    while (ol > 1 && w.outdir[ol - 1] == '/') w.outdir[--ol] = '\0';
    w.seed = (unsigned long long)seed;
    w.r.s = (uint64_t)seed * 0x2545F4914F6CDD1DULL + 0x1234567ULL;
    w.target_firms = firms;
    w.months = months;
    w.start_y = sy;
    w.start_m = sm;
    w.start_dn = days_from_civil(sy, sm, 1);
    for (int k = 0; k < months; k++) w.ndays += month_days(sy + (sm - 1 + k) / 12, (sm - 1 + k) % 12 + 1);

    prepare_dirs(&w);
    populate(&w, 26);
    plant(&w);
    wire_gold(&w);
    wire_timber(&w);
    wire_nuts(&w);
    wire_garments(&w);
    wire_agro(&w);
    wire_fish(&w);
    wire_building(&w);
    wire_coffee(&w);
    wire_food(&w);
    choose_transport(&w);
    transport_decoys(&w);
    calibrate(&w);
    make_events(&w);
    run_events(&w);
    write_declaration(&w, w.amz, "castana-madera", "Asociación de Castañeros Río Las Piedras", "170103",
                      "0801.21", K_NUT_COLLECTOR);
    write_declaration(&w, w.brand1, "confecciones", "Taller de Costura Familia Mamani", "150115", "6109.10",
                      K_WORKSHOP);
    write_truth(&w, 0);
    int ntruth = w.nwritten;
    write_truth(&w, 1);

    int npe = 0;
    for (int i = 0; i < w.nfirms; i++) npe += w.firms[i].kind != K_FOREIGN;
    char d0[11], d1[11];
    fmt_date(&w, 0, d0);
    fmt_date(&w, w.ndays - 1, d1);
    printf("gen-world: seed %llu, %d firms (%d Peruvian, %d foreign), %s to %s\n", w.seed, w.nfirms, npe,
           w.nfirms - npe, d0, d1);
    printf("  %d facturas, %d boletas, %d notas de credito, %d guias remitente, %d guias transportista, %d "
           "supplier lists\n",
           w.n_fact, w.n_bol, w.n_cn, w.n_g09, w.n_g31, w.n_csv);
    printf("  %d truth rows, %d decoy rows, in %s\n", ntruth, w.nwritten - ntruth, w.outdir);
    free(w.firms);
    free(w.fleets);
    free(w.flows);
    free(w.moves);
    free(w.events);
    free(w.pos_of_id);
    free(w.freight);
    free(w.truth);
    free(w.decoys);
    free(w.plates);
    return 0;
}
