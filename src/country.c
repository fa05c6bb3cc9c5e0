/*
** country.c: country names and codes to ISO 3166-1 alpha-2.
**
** Trade documents name countries every which way: "PE", "PER", "Peru",
** "PERÚ", "Estados Unidos", "EE.UU.", "Korea, Republic of", "Slovak
** Republic".  insNormCountry maps all of them to the two-letter code.
**
** Both the input and every name in the tables below are reduced to one
** comparable key by fold_key(): ASCII case folded, Latin-1 accents removed
** (whether the text is UTF-8 or mis-declared ISO-8859-1), dots and
** apostrophes dropped, every other non-alphanumeric character turned into a
** single space.  The tables therefore hold names as people write them,
** accents and commas included, and need no pre-folded copies.
**
** No allocation: keys live in fixed local buffers whose bounds are checked
** on every write.  Inputs longer than COUNTRY_MAX_INPUT bytes are rejected.
*/
#include "ins_internal.h"

#include <stddef.h>
#include <string.h>

/* Longest input accepted, in bytes (before trimming). */
#define COUNTRY_MAX_INPUT 127
/* Size of a folded key buffer: a raw Latin-1 byte such as 0xC6 (Æ) folds
** to two bytes, so a key may be up to twice as long as its source. */
#define COUNTRY_KEY_CAP (2 * COUNTRY_MAX_INPUT + 2)

/*
** One ISO 3166-1 entry: alpha-2, alpha-3, the English short name (as in the
** ISO list, with the usual inversions such as "Korea, Republic of") and the
** Spanish name when it is spelled differently (NULL otherwise).  Spanish
** names that differ only by accents ("Perú") are kept for readability even
** though they fold to the same key as the English name.
*/
typedef struct country {
    char a2[3];
    char a3[4];
    const char *en;
    const char *es;
} country;

/* A further spelling of a country: common short forms, former names,
** abbreviations and World Bank or customs style variants. */
typedef struct country_alias {
    const char *name;
    char a2[3];
} country_alias;

/* All 249 ISO 3166-1 entries, ordered by English name. */
static const country countries[] = {
    {"AF", "AFG", "Afghanistan", "Afganistán"},
    {"AX", "ALA", "Åland Islands", "Islas Åland"},
    {"AL", "ALB", "Albania", NULL},
    {"DZ", "DZA", "Algeria", "Argelia"},
    {"AS", "ASM", "American Samoa", "Samoa Americana"},
    {"AD", "AND", "Andorra", NULL},
    {"AO", "AGO", "Angola", NULL},
    {"AI", "AIA", "Anguilla", NULL},
    {"AQ", "ATA", "Antarctica", "Antártida"},
    {"AG", "ATG", "Antigua and Barbuda", "Antigua y Barbuda"},
    {"AR", "ARG", "Argentina", NULL},
    {"AM", "ARM", "Armenia", NULL},
    {"AW", "ABW", "Aruba", NULL},
    {"AU", "AUS", "Australia", NULL},
    {"AT", "AUT", "Austria", NULL},
    {"AZ", "AZE", "Azerbaijan", "Azerbaiyán"},
    {"BS", "BHS", "Bahamas", NULL},
    {"BH", "BHR", "Bahrain", "Baréin"},
    {"BD", "BGD", "Bangladesh", "Bangladés"},
    {"BB", "BRB", "Barbados", NULL},
    {"BY", "BLR", "Belarus", "Bielorrusia"},
    {"BE", "BEL", "Belgium", "Bélgica"},
    {"BZ", "BLZ", "Belize", "Belice"},
    {"BJ", "BEN", "Benin", "Benín"},
    {"BM", "BMU", "Bermuda", "Bermudas"},
    {"BT", "BTN", "Bhutan", "Bután"},
    {"BO", "BOL", "Bolivia, Plurinational State of", "Bolivia"},
    {"BQ", "BES", "Bonaire, Sint Eustatius and Saba", "Bonaire, San Eustaquio y Saba"},
    {"BA", "BIH", "Bosnia and Herzegovina", "Bosnia y Herzegovina"},
    {"BW", "BWA", "Botswana", "Botsuana"},
    {"BV", "BVT", "Bouvet Island", "Isla Bouvet"},
    {"BR", "BRA", "Brazil", "Brasil"},
    {"IO", "IOT", "British Indian Ocean Territory", "Territorio Británico del Océano Índico"},
    {"BN", "BRN", "Brunei Darussalam", "Brunéi"},
    {"BG", "BGR", "Bulgaria", NULL},
    {"BF", "BFA", "Burkina Faso", NULL},
    {"BI", "BDI", "Burundi", NULL},
    {"CV", "CPV", "Cabo Verde", NULL},
    {"KH", "KHM", "Cambodia", "Camboya"},
    {"CM", "CMR", "Cameroon", "Camerún"},
    {"CA", "CAN", "Canada", "Canadá"},
    {"KY", "CYM", "Cayman Islands", "Islas Caimán"},
    {"CF", "CAF", "Central African Republic", "República Centroafricana"},
    {"TD", "TCD", "Chad", NULL},
    {"CL", "CHL", "Chile", NULL},
    {"CN", "CHN", "China", NULL},
    {"CX", "CXR", "Christmas Island", "Isla de Navidad"},
    {"CC", "CCK", "Cocos (Keeling) Islands", "Islas Cocos"},
    {"CO", "COL", "Colombia", NULL},
    {"KM", "COM", "Comoros", "Comoras"},
    {"CG", "COG", "Congo", NULL},
    {"CD", "COD", "Congo, Democratic Republic of the", "República Democrática del Congo"},
    {"CK", "COK", "Cook Islands", "Islas Cook"},
    {"CR", "CRI", "Costa Rica", NULL},
    {"CI", "CIV", "Côte d'Ivoire", "Costa de Marfil"},
    {"HR", "HRV", "Croatia", "Croacia"},
    {"CU", "CUB", "Cuba", NULL},
    {"CW", "CUW", "Curaçao", NULL},
    {"CY", "CYP", "Cyprus", "Chipre"},
    {"CZ", "CZE", "Czechia", "Chequia"},
    {"DK", "DNK", "Denmark", "Dinamarca"},
    {"DJ", "DJI", "Djibouti", "Yibuti"},
    {"DM", "DMA", "Dominica", NULL},
    {"DO", "DOM", "Dominican Republic", "República Dominicana"},
    {"EC", "ECU", "Ecuador", NULL},
    {"EG", "EGY", "Egypt", "Egipto"},
    {"SV", "SLV", "El Salvador", NULL},
    {"GQ", "GNQ", "Equatorial Guinea", "Guinea Ecuatorial"},
    {"ER", "ERI", "Eritrea", NULL},
    {"EE", "EST", "Estonia", NULL},
    {"SZ", "SWZ", "Eswatini", "Esuatini"},
    {"ET", "ETH", "Ethiopia", "Etiopía"},
    {"FK", "FLK", "Falkland Islands (Malvinas)", "Islas Malvinas"},
    {"FO", "FRO", "Faroe Islands", "Islas Feroe"},
    {"FJ", "FJI", "Fiji", "Fiyi"},
    {"FI", "FIN", "Finland", "Finlandia"},
    {"FR", "FRA", "France", "Francia"},
    {"GF", "GUF", "French Guiana", "Guayana Francesa"},
    {"PF", "PYF", "French Polynesia", "Polinesia Francesa"},
    {"TF", "ATF", "French Southern Territories", "Territorios Australes Franceses"},
    {"GA", "GAB", "Gabon", "Gabón"},
    {"GM", "GMB", "Gambia", NULL},
    {"GE", "GEO", "Georgia", NULL},
    {"DE", "DEU", "Germany", "Alemania"},
    {"GH", "GHA", "Ghana", NULL},
    {"GI", "GIB", "Gibraltar", NULL},
    {"GR", "GRC", "Greece", "Grecia"},
    {"GL", "GRL", "Greenland", "Groenlandia"},
    {"GD", "GRD", "Grenada", "Granada"},
    {"GP", "GLP", "Guadeloupe", "Guadalupe"},
    {"GU", "GUM", "Guam", NULL},
    {"GT", "GTM", "Guatemala", NULL},
    {"GG", "GGY", "Guernsey", "Guernesey"},
    {"GN", "GIN", "Guinea", NULL},
    {"GW", "GNB", "Guinea-Bissau", "Guinea-Bisáu"},
    {"GY", "GUY", "Guyana", NULL},
    {"HT", "HTI", "Haiti", "Haití"},
    {"HM", "HMD", "Heard Island and McDonald Islands", "Islas Heard y McDonald"},
    {"VA", "VAT", "Holy See", "Santa Sede"},
    {"HN", "HND", "Honduras", NULL},
    {"HK", "HKG", "Hong Kong", NULL},
    {"HU", "HUN", "Hungary", "Hungría"},
    {"IS", "ISL", "Iceland", "Islandia"},
    {"IN", "IND", "India", NULL},
    {"ID", "IDN", "Indonesia", NULL},
    {"IR", "IRN", "Iran, Islamic Republic of", "Irán"},
    {"IQ", "IRQ", "Iraq", "Irak"},
    {"IE", "IRL", "Ireland", "Irlanda"},
    {"IM", "IMN", "Isle of Man", "Isla de Man"},
    {"IL", "ISR", "Israel", NULL},
    {"IT", "ITA", "Italy", "Italia"},
    {"JM", "JAM", "Jamaica", NULL},
    {"JP", "JPN", "Japan", "Japón"},
    {"JE", "JEY", "Jersey", NULL},
    {"JO", "JOR", "Jordan", "Jordania"},
    {"KZ", "KAZ", "Kazakhstan", "Kazajistán"},
    {"KE", "KEN", "Kenya", "Kenia"},
    {"KI", "KIR", "Kiribati", NULL},
    {"KP", "PRK", "Korea, Democratic People's Republic of", "Corea del Norte"},
    {"KR", "KOR", "Korea, Republic of", "Corea del Sur"},
    {"KW", "KWT", "Kuwait", NULL},
    {"KG", "KGZ", "Kyrgyzstan", "Kirguistán"},
    {"LA", "LAO", "Lao People's Democratic Republic", "Laos"},
    {"LV", "LVA", "Latvia", "Letonia"},
    {"LB", "LBN", "Lebanon", "Líbano"},
    {"LS", "LSO", "Lesotho", NULL},
    {"LR", "LBR", "Liberia", NULL},
    {"LY", "LBY", "Libya", "Libia"},
    {"LI", "LIE", "Liechtenstein", NULL},
    {"LT", "LTU", "Lithuania", "Lituania"},
    {"LU", "LUX", "Luxembourg", "Luxemburgo"},
    {"MO", "MAC", "Macao", NULL},
    {"MG", "MDG", "Madagascar", NULL},
    {"MW", "MWI", "Malawi", "Malaui"},
    {"MY", "MYS", "Malaysia", "Malasia"},
    {"MV", "MDV", "Maldives", "Maldivas"},
    {"ML", "MLI", "Mali", "Malí"},
    {"MT", "MLT", "Malta", NULL},
    {"MH", "MHL", "Marshall Islands", "Islas Marshall"},
    {"MQ", "MTQ", "Martinique", "Martinica"},
    {"MR", "MRT", "Mauritania", NULL},
    {"MU", "MUS", "Mauritius", "Mauricio"},
    {"YT", "MYT", "Mayotte", NULL},
    {"MX", "MEX", "Mexico", "México"},
    {"FM", "FSM", "Micronesia, Federated States of", "Micronesia"},
    {"MD", "MDA", "Moldova, Republic of", "Moldavia"},
    {"MC", "MCO", "Monaco", "Mónaco"},
    {"MN", "MNG", "Mongolia", NULL},
    {"ME", "MNE", "Montenegro", NULL},
    {"MS", "MSR", "Montserrat", NULL},
    {"MA", "MAR", "Morocco", "Marruecos"},
    {"MZ", "MOZ", "Mozambique", NULL},
    {"MM", "MMR", "Myanmar", NULL},
    {"NA", "NAM", "Namibia", NULL},
    {"NR", "NRU", "Nauru", NULL},
    {"NP", "NPL", "Nepal", NULL},
    {"NL", "NLD", "Netherlands", "Países Bajos"},
    {"NC", "NCL", "New Caledonia", "Nueva Caledonia"},
    {"NZ", "NZL", "New Zealand", "Nueva Zelanda"},
    {"NI", "NIC", "Nicaragua", NULL},
    {"NE", "NER", "Niger", NULL},
    {"NG", "NGA", "Nigeria", NULL},
    {"NU", "NIU", "Niue", NULL},
    {"NF", "NFK", "Norfolk Island", "Isla Norfolk"},
    {"MK", "MKD", "North Macedonia", "Macedonia del Norte"},
    {"MP", "MNP", "Northern Mariana Islands", "Islas Marianas del Norte"},
    {"NO", "NOR", "Norway", "Noruega"},
    {"OM", "OMN", "Oman", NULL},
    {"PK", "PAK", "Pakistan", NULL},
    {"PW", "PLW", "Palau", "Palaos"},
    {"PS", "PSE", "Palestine, State of", "Palestina"},
    {"PA", "PAN", "Panama", NULL},
    {"PG", "PNG", "Papua New Guinea", "Papúa Nueva Guinea"},
    {"PY", "PRY", "Paraguay", NULL},
    {"PE", "PER", "Peru", "Perú"},
    {"PH", "PHL", "Philippines", "Filipinas"},
    {"PN", "PCN", "Pitcairn", "Islas Pitcairn"},
    {"PL", "POL", "Poland", "Polonia"},
    {"PT", "PRT", "Portugal", NULL},
    {"PR", "PRI", "Puerto Rico", NULL},
    {"QA", "QAT", "Qatar", "Catar"},
    {"RE", "REU", "Réunion", NULL},
    {"RO", "ROU", "Romania", "Rumania"},
    {"RU", "RUS", "Russian Federation", "Rusia"},
    {"RW", "RWA", "Rwanda", "Ruanda"},
    {"BL", "BLM", "Saint Barthélemy", "San Bartolomé"},
    {"SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha",
     "Santa Elena, Ascensión y Tristán de Acuña"},
    {"KN", "KNA", "Saint Kitts and Nevis", "San Cristóbal y Nieves"},
    {"LC", "LCA", "Saint Lucia", "Santa Lucía"},
    {"MF", "MAF", "Saint Martin (French part)", "San Martín (parte francesa)"},
    {"PM", "SPM", "Saint Pierre and Miquelon", "San Pedro y Miquelón"},
    {"VC", "VCT", "Saint Vincent and the Grenadines", "San Vicente y las Granadinas"},
    {"WS", "WSM", "Samoa", NULL},
    {"SM", "SMR", "San Marino", NULL},
    {"ST", "STP", "Sao Tome and Principe", "Santo Tomé y Príncipe"},
    {"SA", "SAU", "Saudi Arabia", "Arabia Saudita"},
    {"SN", "SEN", "Senegal", NULL},
    {"RS", "SRB", "Serbia", NULL},
    {"SC", "SYC", "Seychelles", NULL},
    {"SL", "SLE", "Sierra Leone", "Sierra Leona"},
    {"SG", "SGP", "Singapore", "Singapur"},
    {"SX", "SXM", "Sint Maarten (Dutch part)", "San Martín (parte neerlandesa)"},
    {"SK", "SVK", "Slovakia", "Eslovaquia"},
    {"SI", "SVN", "Slovenia", "Eslovenia"},
    {"SB", "SLB", "Solomon Islands", "Islas Salomón"},
    {"SO", "SOM", "Somalia", NULL},
    {"ZA", "ZAF", "South Africa", "Sudáfrica"},
    {"GS", "SGS", "South Georgia and the South Sandwich Islands",
     "Islas Georgias del Sur y Sandwich del Sur"},
    {"SS", "SSD", "South Sudan", "Sudán del Sur"},
    {"ES", "ESP", "Spain", "España"},
    {"LK", "LKA", "Sri Lanka", NULL},
    {"SD", "SDN", "Sudan", NULL},
    {"SR", "SUR", "Suriname", "Surinam"},
    {"SJ", "SJM", "Svalbard and Jan Mayen", "Svalbard y Jan Mayen"},
    {"SE", "SWE", "Sweden", "Suecia"},
    {"CH", "CHE", "Switzerland", "Suiza"},
    {"SY", "SYR", "Syrian Arab Republic", "Siria"},
    {"TW", "TWN", "Taiwan, Province of China", "Taiwán"},
    {"TJ", "TJK", "Tajikistan", "Tayikistán"},
    {"TZ", "TZA", "Tanzania, United Republic of", "Tanzania"},
    {"TH", "THA", "Thailand", "Tailandia"},
    {"TL", "TLS", "Timor-Leste", "Timor Oriental"},
    {"TG", "TGO", "Togo", NULL},
    {"TK", "TKL", "Tokelau", NULL},
    {"TO", "TON", "Tonga", NULL},
    {"TT", "TTO", "Trinidad and Tobago", "Trinidad y Tobago"},
    {"TN", "TUN", "Tunisia", "Túnez"},
    {"TR", "TUR", "Türkiye", "Turquía"},
    {"TM", "TKM", "Turkmenistan", NULL},
    {"TC", "TCA", "Turks and Caicos Islands", "Islas Turcas y Caicos"},
    {"TV", "TUV", "Tuvalu", NULL},
    {"UG", "UGA", "Uganda", NULL},
    {"UA", "UKR", "Ukraine", "Ucrania"},
    {"AE", "ARE", "United Arab Emirates", "Emiratos Árabes Unidos"},
    {"GB", "GBR", "United Kingdom of Great Britain and Northern Ireland", "Reino Unido"},
    {"US", "USA", "United States of America", "Estados Unidos"},
    {"UM", "UMI", "United States Minor Outlying Islands",
     "Islas Ultramarinas Menores de los Estados Unidos"},
    {"UY", "URY", "Uruguay", NULL},
    {"UZ", "UZB", "Uzbekistan", NULL},
    {"VU", "VUT", "Vanuatu", NULL},
    {"VE", "VEN", "Venezuela, Bolivarian Republic of", "Venezuela"},
    {"VN", "VNM", "Viet Nam", "Vietnam"},
    {"VG", "VGB", "Virgin Islands (British)", "Islas Vírgenes Británicas"},
    {"VI", "VIR", "Virgin Islands (U.S.)", "Islas Vírgenes de los Estados Unidos"},
    {"WF", "WLF", "Wallis and Futuna", "Wallis y Futuna"},
    {"EH", "ESH", "Western Sahara", "Sahara Occidental"},
    {"YE", "YEM", "Yemen", NULL},
    {"ZM", "ZMB", "Zambia", NULL},
    {"ZW", "ZWE", "Zimbabwe", "Zimbabue"},
};

/* Further spellings, tried after the names in countries[]. */
static const country_alias aliases[] = {
    /* United States */
    {"United States", "US"},
    {"USA", "US"},
    {"U.S.A.", "US"},
    {"US of America", "US"},
    {"EEUU", "US"},
    {"EE.UU.", "US"},
    {"EE UU", "US"},
    {"Estados Unidos de América", "US"},
    {"Estados Unidos de Norteamérica", "US"},
    /* United Kingdom */
    {"UK", "GB"},
    {"United Kingdom", "GB"},
    {"Great Britain", "GB"},
    {"Britain", "GB"},
    {"England", "GB"},
    {"Scotland", "GB"},
    {"Wales", "GB"},
    {"Gran Bretaña", "GB"},
    {"Inglaterra", "GB"},
    {"Escocia", "GB"},
    /* United Arab Emirates */
    {"UAE", "AE"},
    {"Emiratos Árabes", "AE"},
    /* Koreas */
    {"South Korea", "KR"},
    {"Korea", "KR"},
    {"Korea South", "KR"},
    {"Korea, Rep.", "KR"},
    {"Republic of Korea", "KR"},
    {"Corea", "KR"},
    {"Corea, República de", "KR"},
    {"Corea (Sur), República de", "KR"},
    {"República de Corea", "KR"},
    {"North Korea", "KP"},
    {"Korea North", "KP"},
    {"Korea, Dem. People's Rep.", "KP"},
    {"DPRK", "KP"},
    /* China and its special regions */
    {"People's Republic of China", "CN"},
    {"PRC", "CN"},
    {"Mainland China", "CN"},
    {"República Popular China", "CN"},
    {"Taiwan", "TW"},
    {"Chinese Taipei", "TW"},
    {"Taiwan (Formosa)", "TW"},
    {"Hong Kong SAR", "HK"},
    {"Hong Kong, China", "HK"},
    {"Hong Kong SAR, China", "HK"},
    {"Macau", "MO"},
    {"Macao SAR", "MO"},
    {"Macao SAR, China", "MO"},
    /* Short forms of long ISO names */
    {"Russia", "RU"},
    {"Vietnam", "VN"},
    {"Iran", "IR"},
    {"Iran, Islamic Rep.", "IR"},
    {"Syria", "SY"},
    {"Laos", "LA"},
    {"Lao PDR", "LA"},
    {"Bolivia", "BO"},
    {"Venezuela", "VE"},
    {"Venezuela, RB", "VE"},
    {"Tanzania", "TZ"},
    {"Moldova", "MD"},
    {"Micronesia", "FM"},
    {"Micronesia, Fed. Sts.", "FM"},
    {"Palestine", "PS"},
    {"West Bank and Gaza", "PS"},
    {"Brunei", "BN"},
    {"Egypt, Arab Rep.", "EG"},
    {"Yemen, Rep.", "YE"},
    {"Kyrgyz Republic", "KG"},
    {"Slovak Republic", "SK"},
    {"República Eslovaca", "SK"},
    {"Czech Republic", "CZ"},
    {"República Checa", "CZ"},
    {"Turkey", "TR"},
    {"Turkiye", "TR"},
    {"Ivory Coast", "CI"},
    {"Burma", "MM"},
    {"Birmania", "MM"},
    {"Holland", "NL"},
    {"Holanda", "NL"},
    {"The Netherlands", "NL"},
    {"Deutschland", "DE"},
    {"Cape Verde", "CV"},
    {"Swaziland", "SZ"},
    {"Suazilandia", "SZ"},
    {"Macedonia", "MK"},
    {"East Timor", "TL"},
    {"Vatican", "VA"},
    {"Vatican City", "VA"},
    {"Holy See (Vatican City State)", "VA"},
    {"Vaticano", "VA"},
    {"Ciudad del Vaticano", "VA"},
    {"Democratic Republic of the Congo", "CD"},
    {"DR Congo", "CD"},
    {"DRC", "CD"},
    {"Congo, Dem. Rep.", "CD"},
    {"Congo (Kinshasa)", "CD"},
    {"Republic of the Congo", "CG"},
    {"Congo, Rep.", "CG"},
    {"Congo (Brazzaville)", "CG"},
    {"Falkland Islands", "FK"},
    {"Saint Helena", "SH"},
    {"Saint Martin", "MF"},
    {"St. Martin (French part)", "MF"},
    {"St. Kitts and Nevis", "KN"},
    {"St. Lucia", "LC"},
    {"St. Vincent and the Grenadines", "VC"},
    {"Bosnia", "BA"},
    {"British Virgin Islands", "VG"},
    {"Virgin Islands, British", "VG"},
    {"US Virgin Islands", "VI"},
    {"Virgin Islands, U.S.", "VI"},
    /* Spanish variants */
    {"Arabia Saudí", "SA"},
    {"Bahréin", "BH"},
    {"Bahrein", "BH"},
    {"Kazajstán", "KZ"},
    {"Kirguizistán", "KG"},
    {"Nueva Zelandia", "NZ"},
    {"Lesoto", "LS"},
    {"Rumanía", "RO"},
    {"Guinea-Bissáu", "GW"},
    {"Cabo Verde, República de", "CV"},
};

/* Fold of the Latin-1 letters U+00C0..U+00FF to lower-case ASCII; "" marks
** the two symbols of the range (multiplication and division signs), which
** separate words like any other punctuation. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", /* C0-C7 */
    "e", "e", "e", "e", "i", "i", "i",  "i", /* C8-CF */
    "d", "n", "o", "o", "o", "o", "o",  "",  /* D0-D7 */
    "o", "u", "u", "u", "u", "y", "th", "ss", /* D8-DF */
    "a", "a", "a", "a", "a", "a", "ae", "c", /* E0-E7 */
    "e", "e", "e", "e", "i", "i", "i",  "i", /* E8-EF */
    "d", "n", "o", "o", "o", "o", "o",  "",  /* F0-F7 */
    "o", "u", "u", "u", "u", "y", "th", "y", /* F8-FF */
};

/*
** The key being built by fold_key(): its buffer, length and whether a word
** separator is pending.  A separator is written only when the next letter
** arrives, so keys never start or end with a space and never hold two.
*/
typedef struct fold_state {
    char *buf;
    size_t cap;
    size_t len;
    int pending_space;
    int overflow;
} fold_state;

/*
** Appends the N bytes at P to the key, preceded by one space when a
** separator is pending and the key is not empty.  Sets the overflow flag
** instead of writing past the buffer (one byte is kept for the NUL).
*/
static void fold_put(fold_state *st, const char *p, size_t n)
{
    if (n == 0) {
        st->pending_space = 1;
        return;
    }
    size_t need = n + ((st->pending_space && st->len) ? 1 : 0);
    if (st->overflow || need >= st->cap - st->len) {
        st->overflow = 1;
        return;
    }
    if (st->pending_space && st->len) st->buf[st->len++] = ' ';
    st->pending_space = 0;
    memcpy(st->buf + st->len, p, n);
    st->len += n;
}

/*
** Folds the Latin-1 code point CP (U+0080..U+00FF), however it was encoded.
** Letters lose their accents, the acute accent sign is dropped like an
** apostrophe (it is often typed in its place), anything else separates
** words (NBSP, guillemets, degree sign...).
*/
static void fold_latin1(fold_state *st, unsigned cp)
{
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char *f = latin1_fold[cp - 0xC0];
        fold_put(st, f, strlen(f));
    } else if (cp == 0xB4) {
        /* acute accent: dropped */
    } else {
        st->pending_space = 1;
    }
}

/*
** Returns the length of the well-formed UTF-8 sequence of two to four bytes
** starting at P[0] and ending before END, or 0 when P[0] does not start one
** (a stray continuation byte, an invalid lead byte or a truncated or
** malformed sequence).  Overlong and surrogate forms are not rejected: the
** bytes are only copied into a key, never decoded.
*/
static size_t utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
    size_t n;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) n = 4;
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return n;
}

/*
** Folds the LEN bytes at S into the comparable key described at the top of
** this file, written NUL-terminated into BUF (CAP bytes).  Returns the key
** length, or -1 when the key does not fit.
**
** Bytes that are not valid UTF-8 are read as ISO-8859-1 (with the
** Windows-1252 curly quotes), because files declared as UTF-8 are often
** not.  Non-Latin-1 characters other than the common typographic quotes,
** dashes and spaces are copied unchanged: they can only match themselves.
*/
static long fold_key(const char *s, size_t len, char *buf, size_t cap)
{
    fold_state st = {buf, cap, 0, 0, 0};
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    if (cap == 0) return -1;
    while (p < end && !st.overflow) {
        unsigned c = *p;
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                char lc = (char)(c - 'A' + 'a');
                fold_put(&st, &lc, 1);
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                fold_put(&st, (const char *)p, 1);
            } else if (c == '.' || c == '\'' || c == '`') {
                /* "EE.UU." -> "eeuu", "People's" -> "peoples" */
            } else {
                st.pending_space = 1;
            }
            p++;
            continue;
        }
        size_t n = utf8_seq_len(p, end);
        if (n == 2 && (c == 0xC2 || c == 0xC3)) {
            fold_latin1(&st, ((c & 0x03u) << 6) | (p[1] & 0x3Fu));
        } else if (n == 3 && c == 0xE2 && p[1] == 0x80) {
            /* U+2000..U+203F: spaces, dashes, quotes, bullets */
            if (p[2] == 0x98 || p[2] == 0x99) {
                /* single curly quotes: apostrophes, dropped */
            } else {
                st.pending_space = 1;
            }
        } else if (n > 0) {
            fold_put(&st, (const char *)p, n);
        } else {
            /* not UTF-8: a single ISO-8859-1 / Windows-1252 byte */
            n = 1;
            if (c == 0x91 || c == 0x92) {
                /* Windows-1252 single quotes: dropped */
            } else if (c >= 0xA0) {
                fold_latin1(&st, c);
            } else {
                st.pending_space = 1;
            }
        }
        p += n;
    }
    if (st.overflow) return -1;
    buf[st.len] = '\0';
    return (long)st.len;
}

/*
** Returns 1 when NAME folds to exactly the KLEN bytes of KEY.  A NULL name
** (no Spanish form) never matches.
*/
static int name_matches(const char *name, const char *key, size_t klen)
{
    char nk[COUNTRY_KEY_CAP];
    if (!name) return 0;
    long n = fold_key(name, strlen(name), nk, sizeof nk);
    return n >= 0 && (size_t)n == klen && memcmp(nk, key, klen) == 0;
}

/*
** Returns 1 when the KLEN bytes of KEY (lower-case ASCII letters) equal the
** upper-case code CODE of the same length.
*/
static int code_matches(const char *code, const char *key, size_t klen)
{
    for (size_t i = 0; i < klen; i++) {
        char c = code[i];
        if (c == '\0' || (char)(c - 'A' + 'a') != key[i]) return 0;
    }
    return code[klen] == '\0';
}

/* Returns 1 when the KLEN bytes of KEY are all lower-case ASCII letters. */
static int all_letters(const char *key, size_t klen)
{
    for (size_t i = 0; i < klen; i++)
        if (key[i] < 'a' || key[i] > 'z') return 0;
    return 1;
}

/* Writes the two-letter code A2 and its terminator into OUT; returns 1. */
static int set_code(char out[3], const char *a2)
{
    out[0] = a2[0];
    out[1] = a2[1];
    out[2] = '\0';
    return 1;
}

/*
** Looks KEY up as an alpha-2 code (KLEN 2) or alpha-3 code (KLEN 3), then
** as an English or Spanish name, then as an alias.  Returns the matching
** row's alpha-2 code or NULL.
*/
static const char *lookup_key(const char *key, size_t klen)
{
    if ((klen == 2 || klen == 3) && all_letters(key, klen)) {
        for (size_t i = 0; i < INS_ARRAY_LEN(countries); i++) {
            const char *code = klen == 2 ? countries[i].a2 : countries[i].a3;
            if (code_matches(code, key, klen)) return countries[i].a2;
        }
    }
    for (size_t i = 0; i < INS_ARRAY_LEN(countries); i++) {
        if (name_matches(countries[i].en, key, klen) || name_matches(countries[i].es, key, klen))
            return countries[i].a2;
    }
    for (size_t i = 0; i < INS_ARRAY_LEN(aliases); i++) {
        if (name_matches(aliases[i].name, key, klen)) return aliases[i].a2;
    }
    return NULL;
}

/*
** Maps a country name or ISO 3166-1 code to its alpha-2 code in OUT.
** Surrounding whitespace, case, accents and punctuation do not matter; a
** leading "The" or trailing "(the)" is ignored ("The Gambia", "Bahamas
** (the)").  Returns 1 when the country is known; otherwise 0 with OUT set
** to "".
*/
int insNormCountry(const char *s, char out[3])
{
    char key[COUNTRY_KEY_CAP];
    if (!out) return 0;
    out[0] = '\0';
    if (!s) return 0;
    size_t len = 0;
    while (len <= COUNTRY_MAX_INPUT && s[len] != '\0') len++;
    if (len > COUNTRY_MAX_INPUT) return 0;
    long n = fold_key(s, len, key, sizeof key);
    if (n <= 0) return 0;
    size_t klen = (size_t)n;
    const char *a2 = lookup_key(key, klen);
    if (a2) return set_code(out, a2);

    /* Retry without a leading "the " and a trailing " the". */
    const char *k = key;
    if (klen > 4 && memcmp(k, "the ", 4) == 0) {
        k += 4;
        klen -= 4;
    }
    if (klen > 4 && memcmp(k + klen - 4, " the", 4) == 0) klen -= 4;
    if (klen == (size_t)n) return 0;
    a2 = lookup_key(k, klen);
    return a2 ? set_code(out, a2) : 0;
}
