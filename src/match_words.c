/*
** match_words.c: the letters and words of the matcher (mostly data).
**
** A name is analysed once (insMatchAnalyse): insNormName (NFKD, marks
** stripped, case folded, punctuation to spaces), then Cyrillic, Greek,
** Armenian and Georgian letters are transliterated, a few Latin letters
** NFKD keeps (ø, æ, ł...) are spelled out, Arabic and Persian letter
** variants are unified and Hangul syllables are recomposed.  Here too are
** the word lists the name analysis classifies tokens with (particles,
** titles, stop words, "and" in several languages, ordinals, variants of
** given names), the legal forms (S.A.C., LLC, "sociedad anonima
** cerrada"...) and the Spanish phonetic key.
**
** The first stage of the matcher (see match_int.h): it uses only the
** building blocks of libinspector.
*/
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* UTF-8                                                                   */
/* ====================================================================== */

/*
** Decodes one code point from S (LEN bytes available) into *CP and returns
** the bytes used (at least 1; an invalid byte is returned as U+FFFD).  The
** input comes from insNormName, so it is valid UTF-8; the check is cheap.
*/
size_t insMatchUtf8Dec(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || n > len) { *cp = 0xFFFD; return 1; }
    uint32_t v = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

/* Encodes CP into OUT (4 bytes available); returns the bytes written. */
static size_t utf8_enc(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* 64-bit FNV-1a of [s, s+len) with a final mix; used for blocking keys. */
uint64_t insMatchHash64(const char *s, size_t len, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* ====================================================================== */
/* Transliteration                                                         */
/* ====================================================================== */

static const char *const cyr_basic[32] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
static const char *const cyr_ext[16] = {
    "e", "e", "dj", "g", "ye", "dz", "i", "i", "j", "lj", "nj", "c", "k", "i", "u", "dz"};
static const char *const greek[25] = {
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p",
    "r", "s", "s", "t", "y", "f", "ch", "ps", "o"};
static const char *const armenian[38] = {
    "a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h",
    "dz", "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r",
    "ts", "v", "p", "k", "o", "f"};
static const char *const georgian[33] = {
    "a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh",
    "r", "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"};

/*
** Returns the Latin spelling of CP when it is a letter of a script that is
** transliterated, "" for letters that are dropped (Cyrillic hard and soft
** signs, Arabic tatweel), or NULL to keep CP.  *REPL receives a
** replacement code point for letters unified within their script (Persian
** yeh to Arabic yeh...), else 0.
*/
static const char *translit(uint32_t cp, uint32_t *repl)
{
    *repl = 0;
    if (cp < 0x80) return NULL;
    if (cp >= 0x430 && cp <= 0x44F) return cyr_basic[cp - 0x430];
    if (cp >= 0x450 && cp <= 0x45F) return cyr_ext[cp - 0x450];
    if (cp >= 0x3B1 && cp <= 0x3C9) return greek[cp - 0x3B1];
    if (cp >= 0x561 && cp <= 0x586) return armenian[cp - 0x561];
    if (cp >= 0x10D0 && cp <= 0x10F0) return georgian[cp - 0x10D0];
    switch (cp) {
    /* Cyrillic letters of Ukrainian, Kazakh, Uzbek, Tajik, Mongolian */
    case 0x491: case 0x493: return "g";
    case 0x497: return "zh";
    case 0x49B: case 0x49D: return "k";
    case 0x4A3: return "n";
    case 0x4AF: case 0x4B1: case 0x4EF: return "u";
    case 0x4B3: case 0x4BB: return "h";
    case 0x4B7: return "ch";
    case 0x4D9: return "a";
    case 0x4E9: return "o";
    case 0x4CF: case 0x4E3: return "i";
    /* Latin letters NFKD leaves whole */
    case 0xF8: return "o";
    case 0xE6: return "ae";
    case 0x153: return "oe";
    case 0x111: case 0xF0: return "d";
    case 0x142: return "l";
    case 0xFE: return "th";
    case 0x131: return "i";
    case 0x127: return "h";
    case 0x167: return "t";
    case 0x14B: return "n";
    /* Arabic and Persian variants of one letter */
    case 0x6CC: case 0x649: *repl = 0x64A; return NULL;
    case 0x6A9: *repl = 0x643; return NULL;
    case 0x629: *repl = 0x647; return NULL;
    case 0x671: *repl = 0x627; return NULL;
    case 0x640: return "";
    default: return NULL;
    }
}

/*
** Turns RAW into the analysed form every comparison and index uses:
** insNormName, then transliteration (see translit), Armenian "ու" as "u",
** Hangul jamo recomposed into syllables.  Words are separated by single
** spaces.  Returns a malloc'd string, NULL when out of memory.
*/
char *insMatchAnalyse(const char *raw)
{
    char *norm = insNormName(raw ? raw : "");
    if (!norm) return NULL;
    ins_buf b;
    insBufInit(&b);
    const unsigned char *s = (const unsigned char *)norm;
    size_t len = strlen(norm), i = 0;
    char enc[4];
    while (i < len) {
        uint32_t cp, repl;
        size_t k = insMatchUtf8Dec(s + i, len - i, &cp);
        i += k;
        /* Hangul: leading consonant + vowel (+ trailing consonant) */
        if (cp >= 0x1100 && cp <= 0x1112 && i < len) {
            uint32_t v;
            size_t k2 = insMatchUtf8Dec(s + i, len - i, &v);
            if (v >= 0x1161 && v <= 0x1175) {
                uint32_t syl = 0xAC00 + ((cp - 0x1100) * 21 + (v - 0x1161)) * 28;
                i += k2;
                if (i < len) {
                    uint32_t t;
                    size_t k3 = insMatchUtf8Dec(s + i, len - i, &t);
                    if (t >= 0x11A8 && t <= 0x11C2) { syl += t - 0x11A7; i += k3; }
                }
                insBufAppend(&b, enc, utf8_enc(syl, enc));
                continue;
            }
        }
        /* Armenian "ու" is the vowel u */
        if (cp == 0x578 && i < len) {
            uint32_t v;
            size_t k2 = insMatchUtf8Dec(s + i, len - i, &v);
            if (v == 0x582) { i += k2; insBufAppendChar(&b, 'u'); continue; }
        }
        const char *t = translit(cp, &repl);
        if (t) insBufAppendStr(&b, t);
        else insBufAppend(&b, enc, utf8_enc(repl ? repl : cp, enc));
    }
    free(norm);
    if (b.oom) { insBufFree(&b); return NULL; }
    if (!b.s) return insUStrdup("");
    return insBufDetach(&b);
}

/* ====================================================================== */
/* Word lists                                                              */
/* ====================================================================== */

static const char *const particles[] = {
    "de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "di", "du", "van", "von",
    "der", "den", "ter", "te", "le", "al", "el", "bin", "ben", "ibn", "bint", "binti", "ould",
    "ul", "ur", "ud", "st", "san", "santa", "mac", "mc"};
static const char *const titles[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "dra", "doctor", "prof", "profesor", "professor",
    "sir", "dame", "lord", "lady", "sr", "sra", "srta", "senor", "senora", "senorita", "don",
    "dona", "ing", "ingeniero", "lic", "licenciado", "licenciada", "abog", "gen", "general",
    "gral", "col", "coronel", "colonel", "capt", "capitan", "captain", "maj", "sgt", "cmdr",
    "president", "presidente", "prasident", "monsieur", "madame", "mme", "mlle", "herr", "frau",
    "sheikh", "shaikh", "sheik", "shaykh", "haji", "hajji", "alhaji", "mullah", "mawlawi",
    "maulavi", "maulvi", "qari", "hafiz", "imam", "hon", "honorable", "rev", "reverend",
    "father", "padre", "jr", "junior", "snr", "jnr"};
/* titles recognised at the start of a name of unknown kind */
static const char *const titles_any[] = {
    "mr", "mrs", "ms", "miss", "dr", "dra", "sr", "sra", "srta", "don", "dona", "monsieur",
    "madame", "mme", "herr", "frau", "sheikh", "shaikh", "haji", "mullah", "prof"};
static const char *const stops[] = {
    "the", "of", "and", "&", "de", "del", "la", "las", "los", "el", "y", "for", "der", "die",
    "das", "des", "du", "le", "les", "di", "da", "do", "dos", "et", "und", "e", "en", "a", "an"};
static const char *const ands[] = {"and", "&", "y", "und", "et"};

static const struct { const char *word; int value; } ordinals[] = {
    {"first", 1}, {"1st", 1}, {"primero", 1}, {"primera", 1}, {"primer", 1}, {"1ro", 1},
    {"1er", 1}, {"1ra", 1},
    {"second", 2}, {"2nd", 2}, {"segundo", 2}, {"segunda", 2}, {"2do", 2}, {"2da", 2},
    {"third", 3}, {"3rd", 3}, {"tercero", 3}, {"tercera", 3}, {"tercer", 3}, {"3ro", 3}, {"3er", 3},
    {"3ra", 3}, {"fourth", 4}, {"4th", 4}, {"cuarto", 4}, {"cuarta", 4}, {"4to", 4}, {"4ta", 4},
    {"fifth", 5}, {"5th", 5}, {"quinto", 5}, {"quinta", 5}, {"5to", 5},
    {"sixth", 6}, {"6th", 6}, {"sexto", 6}, {"sexta", 6}, {"6to", 6},
    {"seventh", 7}, {"7th", 7}, {"septimo", 7}, {"septima", 7}, {"7mo", 7},
    {"eighth", 8}, {"8th", 8}, {"octavo", 8}, {"octava", 8}, {"8vo", 8},
    {"ninth", 9}, {"9th", 9}, {"noveno", 9}, {"novena", 9}, {"9no", 9},
    {"tenth", 10}, {"10th", 10}, {"decimo", 10}, {"decima", 10}, {"10mo", 10}};

/*
** Variants of one given name across the languages met at the border
** (Spanish, Portuguese, English, French, Italian, German, Russian), with
** their usual hypocorisms (Pepe, Paco, Bill).  One group per line; a word
** may sit in up to three groups.
*/
static const char *const given_groups[] = {
    "juan john jon joao jean johann johannes johan giovanni ivan jan hans sean ian juancho",
    "jose joseph josef giuseppe joe pepe chepe",
    "pedro peter pierre pietro piotr petr pyotr pete",
    "miguel michael michel michele mikhail michal mike misha",
    "guillermo william guillaume wilhelm bill billy will willy memo",
    "diego santiago jaime james jacques giacomo jim jimmy jacobo jacob",
    "jorge george georges georg giorgio yuri jurgen",
    "carlos charles karl carl carlo charlie",
    "francisco francis francois franz francesco paco pancho curro frank",
    "antonio anthony antoine anton tony tono",
    "alejandro alexander alexandre alessandro aleksandr alexandr aleksander alex sasha alejo",
    "enrique henry henri heinrich enrico quique kike harry",
    "eduardo edward edouard eduard ted ed eddie lalo",
    "teodoro theodore theo ted fedor fyodor",
    "roberto robert bob bobby rob beto",
    "alberto albert beto",
    "ricardo richard rick dick riccardo",
    "tomas thomas tom tommaso foma",
    "andres andrew andre andrea andreas andrei andrey",
    "esteban stephen steven stefan etienne stefano stepan",
    "pablo paul paolo pavel paulo",
    "maria mary marie mariya marija",
    "isabel elizabeth elisabeth isabella elisabetta yelizaveta",
    "catalina catherine katherine ekaterina caterina katarina",
    "margarita margaret marguerite margherita",
    "luis louis lewis luigi ludwig lucho",
    "nicolas nicholas nikolai nikolay nicola niklas nico",
    "vladimir wladimir volodymyr vova",
    "benjamin benjamim beniamino",
    "mateo matthew mathieu matteo matthias matias matvei",
    "marcos mark marc marco markus",
    "lucas luke luca luka",
    "jesus chucho chuy",
    "ignacio ignatius ignazio nacho",
    "manuel emmanuel emanuel manolo",
    "rafael raphael raffaele rafa",
    "daniel danny dani",
    "david dave",
    "gregorio gregory gregoire grigori",
    "felipe philip philippe filippo",
    "mauricio maurice maurizio",
    "guadalupe lupe",
    "rosario charo",
    "concepcion concha conchita",
    "dolores lola",
    "mercedes meche",
    "josefa josephine giuseppina pepa",
    "ana anna anne hanna",
    "juana joan jeanne giovanna johanna",
    "elena helen helena yelena olena"};

#define WORD_HASH_SIZE 2048

static word_info word_table[WORD_HASH_SIZE]; /* open addressing */
static int word_table_ready;

const legal_form insMatchLegalForms[] = {
    /* stock companies */
    {"sa", "SA", LF_STOCK, LFF_PERSON}, {"s a", "SA", LF_STOCK, 0},
    {"sociedad anonima", "SA", LF_STOCK, LFF_START}, {"societe anonyme", "SA", LF_STOCK, 0},
    {"sociedade anonima", "SA", LF_STOCK, 0},
    {"sac", "SAC", LF_STOCK, LFF_PERSON}, {"s a c", "SAC", LF_STOCK, LFF_PERSON},
    {"sociedad anonima cerrada", "SAC", LF_STOCK, 0},
    {"saa", "SAA", LF_STOCK, LFF_PERSON}, {"s a a", "SAA", LF_STOCK, 0},
    {"sociedad anonima abierta", "SAA", LF_STOCK, 0},
    {"sa de cv", "SA DE CV", LF_STOCK, LFF_PERSON}, {"s a de c v", "SA DE CV", LF_STOCK, 0},
    {"sab de cv", "SA DE CV", LF_STOCK, 0}, {"sapi de cv", "SA DE CV", LF_STOCK, 0},
    {"ag", "AG", LF_STOCK, 0}, {"aktiengesellschaft", "AG", LF_STOCK, LFF_PERSON},
    {"plc", "PLC", LF_STOCK, LFF_PERSON}, {"p l c", "PLC", LF_STOCK, 0},
    {"public limited company", "PLC", LF_STOCK, 0},
    {"inc", "INC", LF_STOCK, LFF_PERSON}, {"incorporated", "INC", LF_STOCK, LFF_PERSON},
    {"nv", "NV", LF_STOCK, 0}, {"n v", "NV", LF_STOCK, 0},
    {"spa", "SPA", LF_STOCK, 0}, {"s p a", "SPA", LF_STOCK, 0},
    {"sas", "SAS", LF_STOCK, 0}, {"s a s", "SAS", LF_STOCK, 0},
    {"se", "SE", LF_STOCK, 0}, {"ab", "AB", LF_STOCK, 0}, {"as", "AS", LF_STOCK, 0},
    {"a s", "AS", LF_STOCK, 0}, {"asa", "ASA", LF_STOCK, 0}, {"oy", "OY", LF_STOCK, 0},
    {"oyj", "OY", LF_STOCK, 0}, {"kk", "KK", LF_STOCK, 0}, {"kabushiki kaisha", "KK", LF_STOCK, 0},
    {"tbk", "TBK", LF_STOCK, 0}, {"pt", "PT", LF_STOCK, LFF_START}, {"ad", "AD", LF_STOCK, 0},
    {"jsc", "JSC", LF_STOCK, LFF_START}, {"ojsc", "JSC", LF_STOCK, LFF_START},
    {"cjsc", "JSC", LF_STOCK, LFF_START}, {"pjsc", "JSC", LF_STOCK, LFF_START},
    {"oao", "JSC", LF_STOCK, LFF_START}, {"zao", "JSC", LF_STOCK, LFF_START},
    {"pao", "JSC", LF_STOCK, LFF_START}, {"ao", "JSC", LF_STOCK, LFF_START},
    {"joint stock company", "JSC", LF_STOCK, LFF_START},
    {"open joint stock company", "JSC", LF_STOCK, LFF_START},
    {"closed joint stock company", "JSC", LF_STOCK, LFF_START},
    {"public joint stock company", "JSC", LF_STOCK, LFF_START},
    {"aktsionernoe obshchestvo", "JSC", LF_STOCK, LFF_START},
    {"otkrytoe aktsionernoe obshchestvo", "JSC", LF_STOCK, LFF_START},
    {"zakrytoe aktsionernoe obshchestvo", "JSC", LF_STOCK, LFF_START},
    {"publichnoe aktsionernoe obshchestvo", "JSC", LF_STOCK, LFF_START},
    /* limited liability */
    {"srl", "SRL", LF_LIMITED, LFF_START | LFF_PERSON}, {"s r l", "SRL", LF_LIMITED, LFF_PERSON},
    {"sociedad de responsabilidad limitada", "SRL", LF_LIMITED, LFF_START},
    {"sociedad comercial de responsabilidad limitada", "SRL", LF_LIMITED, LFF_START},
    {"societatea cu raspundere limitata", "SRL", LF_LIMITED, LFF_START},
    {"societa a responsabilita limitata", "SRL", LF_LIMITED, 0},
    {"s de rl", "SRL", LF_LIMITED, 0}, {"s de rl de cv", "SRL", LF_LIMITED, 0},
    {"scrl", "SRL", LF_LIMITED, 0},
    {"eirl", "EIRL", LF_LIMITED, LFF_PERSON}, {"e i r l", "EIRL", LF_LIMITED, LFF_PERSON},
    {"empresa individual de responsabilidad limitada", "EIRL", LF_LIMITED, 0},
    {"eireli", "EIRL", LF_LIMITED, LFF_PERSON},
    {"ltda", "LTDA", LF_LIMITED, LFF_PERSON}, {"limitada", "LTDA", LF_LIMITED, 0},
    {"ltd", "LTD", LF_LIMITED, LFF_PERSON}, {"limited", "LTD", LF_LIMITED, 0},
    {"l t d", "LTD", LF_LIMITED, 0}, {"pte ltd", "LTD", LF_LIMITED, 0},
    {"pty ltd", "LTD", LF_LIMITED, 0}, {"pvt ltd", "LTD", LF_LIMITED, 0},
    {"private limited", "LTD", LF_LIMITED, 0}, {"sdn bhd", "LTD", LF_LIMITED, 0},
    {"bhd", "LTD", LF_LIMITED, 0},
    {"llc", "LLC", LF_LIMITED, LFF_START | LFF_PERSON}, {"l l c", "LLC", LF_LIMITED, LFF_PERSON},
    {"limited liability company", "LLC", LF_LIMITED, LFF_START},
    {"ooo", "LLC", LF_LIMITED, LFF_START}, {"o o o", "LLC", LF_LIMITED, LFF_START},
    {"tov", "LLC", LF_LIMITED, LFF_START},
    {"obshchestvo s ogranichennoi otvetstvennostyu", "LLC", LF_LIMITED, LFF_START},
    {"gmbh", "GMBH", LF_LIMITED, LFF_PERSON}, {"g m b h", "GMBH", LF_LIMITED, 0},
    {"gesellschaft mit beschrankter haftung", "GMBH", LF_LIMITED, 0},
    {"sl", "SL", LF_LIMITED, 0}, {"s l", "SL", LF_LIMITED, 0}, {"slu", "SL", LF_LIMITED, 0},
    {"sociedad limitada", "SL", LF_LIMITED, 0},
    {"sarl", "SARL", LF_LIMITED, 0}, {"s a r l", "SARL", LF_LIMITED, 0},
    {"eurl", "SARL", LF_LIMITED, 0}, {"sprl", "SPRL", LF_LIMITED, 0},
    {"bvba", "BVBA", LF_LIMITED, 0}, {"b v b a", "BVBA", LF_LIMITED, 0},
    {"bv", "BV", LF_LIMITED, 0}, {"b v", "BV", LF_LIMITED, 0},
    {"sp z o o", "SPZOO", LF_LIMITED, 0}, {"sp z oo", "SPZOO", LF_LIMITED, 0}, {"spolka z ograniczona odpowiedzialnoscia", "SPZOO", LF_LIMITED, 0},
    {"doo", "DOO", LF_LIMITED, 0}, {"d o o", "DOO", LF_LIMITED, 0}, {"kft", "KFT", LF_LIMITED, 0},
    {"sro", "SRO", LF_LIMITED, 0}, {"s r o", "SRO", LF_LIMITED, 0}, {"aps", "APS", LF_LIMITED, 0},
    /* partnerships */
    {"lp", "LP", LF_PARTNERSHIP, 0}, {"l p", "LP", LF_PARTNERSHIP, 0},
    {"limited partnership", "LP", LF_PARTNERSHIP, 0},
    {"llp", "LLP", LF_PARTNERSHIP, 0}, {"l l p", "LLP", LF_PARTNERSHIP, 0},
    {"kg", "KG", LF_PARTNERSHIP, 0}, {"ohg", "OHG", LF_PARTNERSHIP, 0},
    {"snc", "SNC", LF_PARTNERSHIP, 0}, {"s en c", "SENC", LF_PARTNERSHIP, 0},
    {"scs", "SCS", LF_PARTNERSHIP, 0},
    /* generic words for a company: compatible with any form */
    {"co", "CO", LF_GENERIC, 0}, {"company", "CO", LF_GENERIC, 0}, {"cia", "CO", LF_GENERIC, 0},
    {"& co", "CO", LF_GENERIC, 0}, {"& cia", "CO", LF_GENERIC, 0},
    {"& compania", "CO", LF_GENERIC, 0}, {"& company", "CO", LF_GENERIC, 0},
    {"corp", "CORP", LF_GENERIC, LFF_PERSON}, {"corporation", "CORP", LF_GENERIC, 0},
    {"na", "NA", LF_GENERIC, 0}};
const size_t insMatchLegalFormCount = INS_ARRAY_LEN(insMatchLegalForms);

const char *insMatchLegalWords[INS_ARRAY_LEN(insMatchLegalForms)][LEGAL_MAX_WORDS];
unsigned char insMatchLegalNWords[INS_ARRAY_LEN(insMatchLegalForms)];
static char legal_store[4096];

/* Slot of WORD (LEN bytes) in the word table: its entry or the empty slot
** where it would go. */
static word_info *word_slot(const char *w, size_t len)
{
    uint64_t h = insMatchHash64(w, len, 0);
    size_t i = (size_t)(h & (WORD_HASH_SIZE - 1));
    for (;;) {
        word_info *e = &word_table[i];
        if (!e->word) return e;
        if (strlen(e->word) == len && !memcmp(e->word, w, len)) return e;
        i = (i + 1) & (WORD_HASH_SIZE - 1);
    }
}

/* Adds WORD (a static string) to the table, or returns its entry. */
static word_info *word_add(const char *w)
{
    word_info *e = word_slot(w, strlen(w));
    if (!e->word) {
        e->word = w;
        e->group[0] = e->group[1] = e->group[2] = -1;
    }
    return e;
}

/*
** Builds the word table and splits the legal-form phrases into words, once.
** The tables are static and small; the first analysis pays for this.
** Returns 0.  Not thread-safe the first time.
*/
int insMatchWordsInit(void)
{
    if (word_table_ready) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(particles); i++) word_add(particles[i])->flags |= WF_PARTICLE;
    for (size_t i = 0; i < INS_ARRAY_LEN(titles); i++) word_add(titles[i])->flags |= WF_TITLE;
    for (size_t i = 0; i < INS_ARRAY_LEN(titles_any); i++) word_add(titles_any[i])->flags |= WF_TITLE_ANY;
    for (size_t i = 0; i < INS_ARRAY_LEN(stops); i++) word_add(stops[i])->flags |= WF_STOP;
    for (size_t i = 0; i < INS_ARRAY_LEN(ands); i++) word_add(ands[i])->flags |= WF_AND;
    for (size_t i = 0; i < INS_ARRAY_LEN(ordinals); i++) word_add(ordinals[i].word)->ordinal = ordinals[i].value;
    word_add("ben")->canon = "bin";
    word_add("ibn")->canon = "bin";
    word_add("el")->canon = "al";
    /* given-name groups: split each line into words kept in a static store */
    static char gstore[4096];
    size_t used = 0;
    for (size_t g = 0; g < INS_ARRAY_LEN(given_groups); g++) {
        const char *p = given_groups[g];
        while (*p) {
            while (*p == ' ') p++;
            const char *q = p;
            while (*q && *q != ' ') q++;
            size_t len = (size_t)(q - p);
            if (len && used + len + 1 <= sizeof gstore) {
                memcpy(gstore + used, p, len);
                gstore[used + len] = '\0';
                word_info *e = word_slot(gstore + used, len);
                if (!e->word) {
                    e->word = gstore + used;
                    e->group[0] = e->group[1] = e->group[2] = -1;
                    used += len + 1;
                }
                for (int k = 0; k < 3; k++)
                    if (e->group[k] < 0 || e->group[k] == (int16_t)g) { e->group[k] = (int16_t)g; break; }
            }
            p = q;
        }
    }
    /* legal forms: words, and the first/last word flags */
    size_t lused = 0;
    for (size_t f = 0; f < INS_ARRAY_LEN(insMatchLegalForms); f++) {
        const char *p = insMatchLegalForms[f].phrase;
        unsigned char n = 0;
        while (*p && n < LEGAL_MAX_WORDS) {
            while (*p == ' ') p++;
            const char *q = p;
            while (*q && *q != ' ') q++;
            size_t len = (size_t)(q - p);
            if (!len || lused + len + 1 > sizeof legal_store) break;
            memcpy(legal_store + lused, p, len);
            legal_store[lused + len] = '\0';
            insMatchLegalWords[f][n++] = legal_store + lused;
            lused += len + 1;
            p = q;
        }
        insMatchLegalNWords[f] = n;
        if (n) {
            word_info *first = word_slot(insMatchLegalWords[f][0], strlen(insMatchLegalWords[f][0]));
            if (!first->word) { first->word = insMatchLegalWords[f][0]; first->group[0] = first->group[1] = first->group[2] = -1; }
            if (insMatchLegalForms[f].flags & LFF_START) first->flags |= WF_LEGAL_START;
            word_info *last = word_slot(insMatchLegalWords[f][n - 1], strlen(insMatchLegalWords[f][n - 1]));
            if (!last->word) { last->word = insMatchLegalWords[f][n - 1]; last->group[0] = last->group[1] = last->group[2] = -1; }
            last->flags |= WF_LEGAL_END;
        }
    }
    word_table_ready = 1;
    return 0;
}

/* The word table entry of W (LEN bytes), or NULL.  No word of the tables
** is near 64 bytes long, so longer words are not looked up at all. */
const word_info *insMatchWordFind(const char *w, size_t len)
{
    if (!word_table_ready || len == 0 || len > 64) return NULL;
    word_info *e = word_slot(w, len);
    return e->word ? e : NULL;
}

/* ====================================================================== */
/* Spanish phonetic key                                                    */
/* ====================================================================== */

/* 1 when C is a vowel (ASCII, lower case). */
static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
/* Vowels that soften c and g before them (y as in "gyr" is rare but read so). */
static int is_front(char c) { return c == 'e' || c == 'i' || c == 'y'; }

/*
** The phonetic key of a token as Spanish speakers write names heard:
** b/v alike, c and z before e/i like s, c/k/q alike, "ch" one sound, ll
** and consonant y alike, h silent (but "hu"+vowel like w, as "gu"+a/o:
** Huamán, Guamán, Wamán), g before e/i like j, initial x like s elsewhere
** ks, ph like f, n before b/v/p like m, vowel y like i, doubled letters
** once.  Only ASCII letters are keyed (other characters are skipped); the
** result is ASCII with 'C' standing for "ch".
*/
size_t insMatchPhonetic(const char *token, char *out, size_t outsz)
{
    if (!outsz) return 0;
    char s[INS_MATCH_MAX_TOKEN_CPS * 2 + 1];
    size_t n = 0;
    for (const char *p = token; *p && n + 1 < sizeof s; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') s[n++] = c;
    }
    s[n] = '\0';
    char tmp[sizeof s * 2];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < sizeof tmp; i++) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : '\0', n2 = i + 2 < n ? s[i + 2] : '\0';
        switch (c) {
        case 'c':
            if (nx == 'h') { tmp[o++] = 'C'; i++; }
            else if (is_front(nx)) tmp[o++] = 's';
            else tmp[o++] = 'k';
            break;
        case 'q':
            tmp[o++] = 'k';
            if (nx == 'u') i++;
            break;
        case 'k': tmp[o++] = 'k'; break;
        case 'z': tmp[o++] = 's'; break;
        case 's':
            tmp[o++] = 's';
            if (nx == 'h') i++;
            break;
        case 'x':
            if (i == 0) tmp[o++] = 's';
            else { tmp[o++] = 'k'; tmp[o++] = 's'; }
            break;
        case 'g':
            if (is_front(nx)) tmp[o++] = 'j';
            else if (nx == 'u' && is_front(n2)) { tmp[o++] = 'g'; i++; }
            else if (nx == 'u' && (n2 == 'a' || n2 == 'o')) { tmp[o++] = 'w'; i++; }
            else tmp[o++] = 'g';
            break;
        case 'h':
            if (nx == 'u' && is_vowel(n2)) { tmp[o++] = 'w'; i++; }
            break;
        case 'p':
            if (nx == 'h') { tmp[o++] = 'f'; i++; }
            else tmp[o++] = 'p';
            break;
        case 'v': case 'b': tmp[o++] = 'b'; break;
        case 'l':
            if (nx == 'l') { tmp[o++] = 'y'; i++; }
            else tmp[o++] = 'l';
            break;
        case 'y': tmp[o++] = is_vowel(nx) ? 'y' : 'i'; break;
        case 'n': tmp[o++] = (nx == 'b' || nx == 'v' || nx == 'p') ? 'm' : 'n'; break;
        default: tmp[o++] = c; break;
        }
    }
    /* doubled letters once */
    size_t k = 0;
    for (size_t i = 0; i < o && k + 1 < outsz; i++)
        if (k == 0 || out[k - 1] != tmp[i]) out[k++] = tmp[i];
    out[k] = '\0';
    return k;
}
