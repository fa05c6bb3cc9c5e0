/*
** match.c: the name and identifier matcher.
**
** A name is analysed once: insNormName (NFKD, marks stripped, case folded,
** punctuation to spaces), then Cyrillic, Greek, Armenian and Georgian
** letters are transliterated, a few Latin letters NFKD keeps (ø, æ, ł...)
** are spelled out, Arabic and Persian letter variants are unified and
** Hangul syllables are recomposed.  The words are then split into the
** legal forms (S.A.C., LLC, "sociedad anonima cerrada"...), kept apart and
** compared on their own, and the tokens of the name proper, each with a
** class (ordinary word, initial, particle, title, stop word, number), a
** weight and a Spanish phonetic key.
**
** Two analysed names are compared by aligning their tokens, best pairs
** first, whatever their order: equal, same phonetic key, initial of the
** other, known variant of the same given name (Juan/John, Pepe/José),
** abbreviation, or close in characters (Damerau-Levenshtein on code
** points, also on the phonetic keys).  Tokens left over are split or joined
** forms ("Goodwill"/"Good Will"), extra tokens on one side only (a second
** surname, a patronymic: a mild penalty) or conflicts, tokens on both sides
** that match nothing (a different given name: a strong penalty).  The score
** is the weighted share of matched tokens times the penalties, in [0,1],
** with an explanation of every pair.
**
** Around the comparison: identifiers (normalised, decisive when equal),
** the CSV reader shared by screening and the benchmark, the in-memory
** blocking index over the listings, screening a file, decisions, linking
** listings to firms and persons, and the name-pair benchmark.
*/
#include "match.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
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
static size_t utf8_dec(const unsigned char *s, size_t len, uint32_t *cp)
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
static uint64_t hash64(const char *s, size_t len, uint64_t seed)
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
static char *analyse(const char *raw)
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
        size_t k = utf8_dec(s + i, len - i, &cp);
        i += k;
        /* Hangul: leading consonant + vowel (+ trailing consonant) */
        if (cp >= 0x1100 && cp <= 0x1112 && i < len) {
            uint32_t v;
            size_t k2 = utf8_dec(s + i, len - i, &v);
            if (v >= 0x1161 && v <= 0x1175) {
                uint32_t syl = 0xAC00 + ((cp - 0x1100) * 21 + (v - 0x1161)) * 28;
                i += k2;
                if (i < len) {
                    uint32_t t;
                    size_t k3 = utf8_dec(s + i, len - i, &t);
                    if (t >= 0x11A8 && t <= 0x11C2) { syl += t - 0x11A7; i += k3; }
                }
                insBufAppend(&b, enc, utf8_enc(syl, enc));
                continue;
            }
        }
        /* Armenian "ու" is the vowel u */
        if (cp == 0x578 && i < len) {
            uint32_t v;
            size_t k2 = utf8_dec(s + i, len - i, &v);
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

/* Classes of tokens. */
enum { TK_WORD = 0, TK_INITIAL, TK_NUMBER, TK_PARTICLE, TK_TITLE, TK_STOP };

/* Flags of a word in the word table. */
#define WF_PARTICLE 0x01   /* name particle: de, del, van, bin, al... */
#define WF_TITLE 0x02      /* honorific or rank of a person */
#define WF_TITLE_ANY 0x04  /* a title even when the kind is unknown */
#define WF_STOP 0x08       /* stop word of organisation names */
#define WF_AND 0x10        /* "and" in some language, written "&" */
#define WF_LEGAL_END 0x20  /* last word of some legal form */
#define WF_LEGAL_START 0x40 /* first word of a legal form that may open a name */

typedef struct word_info {
    const char *word;
    unsigned flags;
    const char *canon;   /* canonical spelling (ben, ibn -> bin), or NULL */
    int ordinal;         /* 1 for "first", "1st", "primero"...; 0 none */
    int16_t group[3];    /* given-name variant groups, -1 none */
} word_info;

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

/* Legal forms: the phrase as analysed, its canonical code and family. */
enum { LF_GENERIC = 0, LF_STOCK, LF_LIMITED, LF_PARTNERSHIP };
#define LFF_START 0x1  /* may open a name ("OOO Gazprom", "SRL PRO TRAFFIC") */
#define LFF_PERSON 0x2 /* stripped from the end of person names too */

typedef struct legal_form {
    const char *phrase;
    const char *code;
    int family;
    unsigned flags;
} legal_form;

static const legal_form legal_forms[] = {
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

#define LEGAL_MAX_WORDS 6
static const char *legal_words[INS_ARRAY_LEN(legal_forms)][LEGAL_MAX_WORDS];
static unsigned char legal_nwords[INS_ARRAY_LEN(legal_forms)];
static char legal_store[4096];

/* Slot of WORD (LEN bytes) in the word table: its entry or the empty slot
** where it would go. */
static word_info *word_slot(const char *w, size_t len)
{
    uint64_t h = hash64(w, len, 0);
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
static int words_init(void)
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
    for (size_t f = 0; f < INS_ARRAY_LEN(legal_forms); f++) {
        const char *p = legal_forms[f].phrase;
        unsigned char n = 0;
        while (*p && n < LEGAL_MAX_WORDS) {
            while (*p == ' ') p++;
            const char *q = p;
            while (*q && *q != ' ') q++;
            size_t len = (size_t)(q - p);
            if (!len || lused + len + 1 > sizeof legal_store) break;
            memcpy(legal_store + lused, p, len);
            legal_store[lused + len] = '\0';
            legal_words[f][n++] = legal_store + lused;
            lused += len + 1;
            p = q;
        }
        legal_nwords[f] = n;
        if (n) {
            word_info *first = word_slot(legal_words[f][0], strlen(legal_words[f][0]));
            if (!first->word) { first->word = legal_words[f][0]; first->group[0] = first->group[1] = first->group[2] = -1; }
            if (legal_forms[f].flags & LFF_START) first->flags |= WF_LEGAL_START;
            word_info *last = word_slot(legal_words[f][n - 1], strlen(legal_words[f][n - 1]));
            if (!last->word) { last->word = legal_words[f][n - 1]; last->group[0] = last->group[1] = last->group[2] = -1; }
            last->flags |= WF_LEGAL_END;
        }
    }
    word_table_ready = 1;
    return 0;
}

/* The word table entry of W (LEN bytes), or NULL. */
static const word_info *word_find(const char *w, size_t len)
{
    if (!word_table_ready || len == 0 || len > 64) return NULL;
    word_info *e = word_slot(w, len);
    return e->word ? e : NULL;
}

/* ====================================================================== */
/* Spanish phonetic key                                                    */
/* ====================================================================== */

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

/* ====================================================================== */
/* Analysed names                                                          */
/* ====================================================================== */

typedef struct mtok {
    uint32_t off;        /* token text in n->text */
    uint16_t len;        /* bytes */
    uint16_t cpoff, ncp; /* code points in n->cps */
    uint16_t phoff, phlen; /* phonetic key in n->ph */
    uint64_t sig;        /* one bit per code point value (mod 64) */
    uint32_t phsig;      /* one bit per letter of the phonetic key */
    uint8_t cls;         /* TK_* */
    uint8_t patro;       /* follows bin/ibn/ben: a father's name */
    uint8_t ascii;       /* only ASCII letters */
    int16_t group[3];    /* given-name variant groups */
    float w;             /* weight */
} mtok;

struct ins_mname {
    int kind;
    size_t ntok;
    mtok tok[INS_MATCH_MAX_TOKENS];
    size_t nlegal;
    short legal[4];      /* indices into legal_forms */
    int has_patro;
    ins_buf text;        /* token texts, each NUL-terminated */
    ins_buf ph;          /* phonetic keys, each NUL-terminated */
    uint32_t *cps;
    size_t ncps, capcps;
};

/* Token weights by class. */
static const float tk_weight[] = {1.0f, 0.35f, 1.0f, 0.2f, 0.1f, 0.15f};

/* Accessors of a token's text, phonetic key and code points in its name. */
static const char *tok_text(const ins_mname *n, const mtok *t) { return n->text.s + t->off; }
static const char *tok_ph(const ins_mname *n, const mtok *t) { return n->ph.s + t->phoff; }
static const uint32_t *tok_cp(const ins_mname *n, const mtok *t) { return n->cps + t->cpoff; }
/* Significant tokens (words, initials, numbers) count in a name; particles,
** titles and stop words hardly do. */
static int sig_class(int cls) { return cls <= TK_NUMBER; }
static int tok_sig(const mtok *t) { return sig_class(t->cls); }

/* A word while a name is being taken apart: a slice of the analysed text
** or a static canonical spelling. */
typedef struct wslice {
    const char *s;
    size_t len;
} wslice;

/* 1 when word W is the string S. */
static int ws_eq(wslice w, const char *s) { return strlen(s) == w.len && !memcmp(w.s, s, w.len); }

/* Number of leading words of W[0..n) equal to legal form F, or 0. */
static size_t legal_match_at(const wslice *w, size_t n, size_t at, size_t f)
{
    size_t k = legal_nwords[f];
    if (!k || at + k > n) return 0;
    for (size_t i = 0; i < k; i++)
        if (!ws_eq(w[at + i], legal_words[f][i])) return 0;
    return k;
}

/* Counts the words of W[from, to) that are not stop words or particles. */
static size_t count_core(const wslice *w, size_t from, size_t to)
{
    size_t c = 0;
    for (size_t i = from; i < to; i++) {
        const word_info *e = word_find(w[i].s, w[i].len);
        if (!e || !(e->flags & (WF_STOP | WF_PARTICLE))) c++;
    }
    return c;
}

/* Records legal form F on N (at most four are kept). */
static void add_legal(ins_mname *n, size_t f)
{
    for (size_t i = 0; i < n->nlegal; i++)
        if (!strcmp(legal_forms[n->legal[i]].code, legal_forms[f].code)) return;
    if (n->nlegal < INS_ARRAY_LEN(n->legal)) n->legal[n->nlegal++] = (short)f;
}

/*
** Takes legal forms off the end (repeatedly: "gmbh & co kg") and, for forms
** that may open a name, off the start of W[*from, *to).  Never strips the
** last word that is not a stop word.  Persons lose only the forms marked
** LFF_PERSON at the end, and keep at least two words.
*/
static void strip_legal(ins_mname *n, const wslice *w, size_t *from, size_t *to, int kind)
{
    size_t keep = kind == INS_MK_PERSON ? 2 : 1;
    for (int again = 1; again && *to > *from;) {
        again = 0;
        const word_info *e = word_find(w[*to - 1].s, w[*to - 1].len);
        if (!e || !(e->flags & WF_LEGAL_END)) break;
        size_t best = 0, bestf = 0;
        for (size_t f = 0; f < INS_ARRAY_LEN(legal_forms); f++) {
            if (kind == INS_MK_PERSON && !(legal_forms[f].flags & LFF_PERSON)) continue;
            size_t k = legal_nwords[f];
            if (k <= best || k > *to - *from) continue;
            if (legal_match_at(w, *to, *to - k, f) == k) { best = k; bestf = f; }
        }
        if (best && count_core(w, *from, *to - best) >= keep) {
            add_legal(n, bestf);
            *to -= best;
            again = 1;
        }
    }
    if (kind == INS_MK_PERSON) return;
    for (int again = 1; again && *to > *from;) {
        again = 0;
        const word_info *e = word_find(w[*from].s, w[*from].len);
        if (!e || !(e->flags & WF_LEGAL_START)) break;
        size_t best = 0, bestf = 0;
        for (size_t f = 0; f < INS_ARRAY_LEN(legal_forms); f++) {
            if (!(legal_forms[f].flags & LFF_START)) continue;
            size_t k = legal_nwords[f];
            if (k <= best || k > *to - *from) continue;
            if (legal_match_at(w, *to, *from, f) == k) { best = k; bestf = f; }
        }
        if (best && count_core(w, *from + best, *to) >= keep) {
            add_legal(n, bestf);
            *from += best;
            again = 1;
        }
    }
}

/* The bytes of the first (FROM_END: last) COUNT code points of S (LEN
** bytes): *OFF and the length returned. */
static size_t cp_slice(const char *s, size_t len, int count, int from_end, size_t *off)
{
    size_t pos[INS_MATCH_MAX_TOKEN_CPS + 1], n = 0, i = 0;
    while (i < len && n < INS_MATCH_MAX_TOKEN_CPS) {
        uint32_t cp;
        pos[n++] = i;
        i += utf8_dec((const unsigned char *)s + i, len - i, &cp);
    }
    pos[n] = i;
    size_t c = (size_t)count < n ? (size_t)count : n;
    if (!from_end) { *off = 0; return pos[c]; }
    *off = pos[n - c];
    return i - pos[n - c];
}

/* Value of a Roman numeral of 2 to 5 letters i, v, x (2..39), or 0. */
static int roman_value(wslice w)
{
    if (w.len < 2 || w.len > 6) return 0;
    int total = 0, prev = 0;
    for (size_t i = w.len; i-- > 0;) {
        int v = w.s[i] == 'i' ? 1 : w.s[i] == 'v' ? 5 : w.s[i] == 'x' ? 10 : 0;
        if (!v) return 0;
        if (v < prev) total -= v;
        else { total += v; prev = v; }
    }
    /* only canonical spellings: round trip */
    static const char *const r[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    if (total <= 0 || total >= 40) return 0;
    char buf[16];
    size_t o = 0;
    for (int t = total / 10; t > 0; t--) buf[o++] = 'x';
    const char *u = r[total % 10];
    size_t ul = strlen(u);
    memcpy(buf + o, u, ul);
    o += ul;
    return o == w.len && !memcmp(buf, w.s, o) ? total : 0;
}

/* Appends code points of S (LEN bytes) to N's code point store; returns the
** count kept (at most INS_MATCH_MAX_TOKEN_CPS), or -1 when out of memory. */
static int push_cps(ins_mname *n, const char *s, size_t len)
{
    if (n->ncps + INS_MATCH_MAX_TOKEN_CPS > n->capcps) {
        size_t cap = n->capcps ? n->capcps * 2 : 256;
        while (cap < n->ncps + INS_MATCH_MAX_TOKEN_CPS) cap *= 2;
        uint32_t *p = realloc(n->cps, cap * sizeof *p);
        if (!p) return -1;
        n->cps = p;
        n->capcps = cap;
    }
    size_t i = 0, k = 0;
    while (i < len && k < INS_MATCH_MAX_TOKEN_CPS) {
        uint32_t cp;
        i += utf8_dec((const unsigned char *)s + i, len - i, &cp);
        n->cps[n->ncps + k++] = cp;
    }
    n->ncps += k;
    return (int)k;
}

/*
** Fills N from the analysed string A (see analyse) for a name of KIND:
** words, legal forms, canonical spellings, classes, weights, phonetic keys,
** code points.  N's buffers are reused.  Returns 0, -1 when out of memory.
*/
static int name_fill(ins_mname *n, const char *a, int kind)
{
    if (words_init()) return -1;
    n->kind = kind;
    n->ntok = 0;
    n->nlegal = 0;
    n->has_patro = 0;
    n->ncps = 0;
    insBufReset(&n->text);
    insBufReset(&n->ph);
    wslice w[INS_MATCH_MAX_TOKENS + 8];
    size_t nw = 0;
    for (const char *p = a; *p && nw < INS_ARRAY_LEN(w);) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ') q++;
        w[nw].s = p;
        w[nw].len = (size_t)(q - p);
        nw++;
        p = q;
    }
    /* leetspeak and OCR slips in person names: letters and digits mixed */
    char leet[INS_MATCH_MAX_TOKENS + 8][INS_MATCH_MAX_TOKEN_CPS + 1];
    if (kind == INS_MK_PERSON) {
        for (size_t i = 0; i < nw; i++) {
            size_t digits = 0, letters = 0;
            for (size_t k = 0; k < w[i].len; k++) {
                char c = w[i].s[k];
                if (c >= '0' && c <= '9') digits++;
                else if (c >= 'a' && c <= 'z') letters++;
            }
            if (!digits || letters <= digits || letters + digits != w[i].len ||
                w[i].len > INS_MATCH_MAX_TOKEN_CPS)
                continue;
            static const char map[] = "oizeasgtbg";
            for (size_t k = 0; k < w[i].len; k++) {
                char c = w[i].s[k];
                leet[i][k] = c >= '0' && c <= '9' ? map[c - '0'] : c;
            }
            leet[i][w[i].len] = '\0';
            w[i].s = leet[i];
        }
    }
    size_t from = 0, to = nw;
    if (kind != INS_MK_PERSON) {
        /* "y cia", "and co": the conjunction as "&" before legal forms */
        for (size_t i = 0; i < nw; i++) {
            const word_info *e = word_find(w[i].s, w[i].len);
            if (e && (e->flags & WF_AND)) { w[i].s = "&"; w[i].len = 1; }
        }
    }
    strip_legal(n, w, &from, &to, kind);
    int after_bin = 0;
    for (size_t i = from; i < to && n->ntok < INS_MATCH_MAX_TOKENS; i++) {
        wslice x = w[i];
        const word_info *e = word_find(x.s, x.len);
        int cls = TK_WORD;
        char num[16];
        if (e && e->canon && kind != INS_MK_COMPANY) {
            if (strcmp(e->canon, "al") || kind == INS_MK_PERSON) {
                x.s = e->canon;
                x.len = strlen(e->canon);
            }
        }
        if (e && (e->flags & WF_AND) && kind != INS_MK_PERSON) {
            x.s = "&";
            x.len = 1;
            cls = TK_STOP;
        } else if (e && e->ordinal) {
            snprintf(num, sizeof num, "%d", e->ordinal);
            x.s = num;
            x.len = strlen(num);
            cls = TK_NUMBER;
        } else if (x.len && strspn(x.s, "0123456789") >= x.len) {
            while (x.len > 1 && x.s[0] == '0') { x.s++; x.len--; }
            cls = TK_NUMBER;
        } else if (kind == INS_MK_COMPANY && roman_value(x)) {
            snprintf(num, sizeof num, "%d", roman_value(x));
            x.s = num;
            x.len = strlen(num);
            cls = TK_NUMBER;
        } else if (e && kind == INS_MK_PERSON && (e->flags & WF_TITLE)) {
            cls = TK_TITLE;
        } else if (e && kind == INS_MK_ANY && (e->flags & WF_TITLE_ANY) && i == from && to - from > 2) {
            cls = TK_TITLE;
        } else if (e && kind != INS_MK_COMPANY && (e->flags & WF_PARTICLE)) {
            cls = TK_PARTICLE;
        } else if (e && kind != INS_MK_PERSON && (e->flags & WF_STOP)) {
            cls = TK_STOP;
        } else {
            uint32_t cp;
            size_t k = utf8_dec((const unsigned char *)x.s, x.len, &cp);
            if (k == x.len) cls = TK_INITIAL;
        }
        /* a token keeps at most INS_MATCH_MAX_TOKEN_CPS code points */
        size_t off0;
        x.len = cp_slice(x.s, x.len, INS_MATCH_MAX_TOKEN_CPS, 0, &off0);
        mtok *t = &n->tok[n->ntok];
        memset(t, 0, sizeof *t);
        t->off = (uint32_t)n->text.len;
        t->len = (uint16_t)x.len;
        insBufAppend(&n->text, x.s, t->len);
        insBufAppendChar(&n->text, '\0');
        t->cls = (uint8_t)cls;
        t->w = tk_weight[cls];
        t->ascii = 1;
        for (size_t k = 0; k < t->len; k++)
            if ((unsigned char)x.s[k] >= 0x80) { t->ascii = 0; break; }
        int c = push_cps(n, x.s, t->len);
        if (c < 0) return -1;
        t->cpoff = (uint16_t)(n->ncps - (size_t)c);
        t->ncp = (uint16_t)c;
        for (int k = 0; k < c; k++) t->sig |= 1ULL << (n->cps[t->cpoff + k] & 63);
        if (n->ncps > 60000) return -1;
        char key[INS_MATCH_MAX_TOKEN_CPS * 2 + 1];
        size_t kl = 0;
        if (t->ascii && cls != TK_NUMBER) {
            char tmp[INS_MATCH_MAX_TOKEN_CPS + 1];
            insUStrlcpy(tmp, x.s, (size_t)t->len + 1 < sizeof tmp ? (size_t)t->len + 1 : sizeof tmp);
            kl = insMatchPhonetic(tmp, key, sizeof key);
        }
        t->phoff = (uint16_t)n->ph.len;
        t->phlen = (uint16_t)kl;
        for (size_t q = 0; q < kl; q++) t->phsig |= 1u << ((unsigned char)key[q] & 31);
        insBufAppend(&n->ph, key, kl);
        insBufAppendChar(&n->ph, '\0');
        t->group[0] = t->group[1] = t->group[2] = -1;
        if (e && kind != INS_MK_COMPANY) memcpy(t->group, e->group, sizeof t->group);
        if (cls == TK_PARTICLE && x.len == 3 && !memcmp(x.s, "bin", 3)) after_bin = 1;
        else if (sig_class(cls) && after_bin) { t->patro = 1; n->has_patro = 1; after_bin = 0; }
        else if (cls != TK_PARTICLE) after_bin = 0;
        n->ntok++;
    }
    return n->text.oom || n->ph.oom ? -1 : 0;
}

/*
** Analyses NAME for comparison as a name of KIND.  Returns a new analysed
** name, NULL when out of memory.
*/
ins_mname *insMatchNameNew(const char *name, ins_match_kind kind)
{
    ins_mname *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    char *a = analyse(name);
    if (!a || name_fill(n, a, (int)kind)) {
        free(a);
        insMatchNameFree(n);
        return NULL;
    }
    free(a);
    return n;
}

/* Frees an analysed name (NULL is fine). */
void insMatchNameFree(ins_mname *n)
{
    if (!n) return;
    insBufFree(&n->text);
    insBufFree(&n->ph);
    free(n->cps);
    free(n);
}

/* Tokens of an analysed name, and token I (see match.h). */
size_t insMatchNameTokens(const ins_mname *n) { return n ? n->ntok : 0; }

const char *insMatchNameToken(const ins_mname *n, size_t i)
{
    return n && i < n->ntok ? tok_text(n, &n->tok[i]) : NULL;
}

/* The canonical legal forms of N, space separated, into OUT (bounded). */
const char *insMatchNameLegal(const ins_mname *n, char *out, size_t outsz)
{
    if (!outsz) return out;
    out[0] = '\0';
    size_t o = 0;
    for (size_t i = 0; n && i < n->nlegal; i++) {
        int k = snprintf(out + o, outsz - o, "%s%s", o ? " " : "", legal_forms[n->legal[i]].code);
        if (k < 0 || (size_t)k >= outsz - o) break;
        o += (size_t)k;
    }
    return out;
}

/* ====================================================================== */
/* Similarity                                                              */
/* ====================================================================== */

/* Tuning of the comparison; see docs/SCREENING.md. */
static struct match_params {
    double align;        /* least similarity for two tokens to pair at all */
    double strong;       /* from here a pair counts in full */
    double slope;        /* below STRONG a pair loses SLOPE per point missing */
    double alpha_person; /* weight of an extra token (one side only), persons */
    double alpha_company;
    double alpha_any;
    double conflict;     /* factor per conflict (tokens on both sides unmatched) */
    double nonsig;       /* weight of unmatched particles, titles, stop words */
    double s_initial;    /* "j" against "juan" */
    double s_variant;    /* "pepe" against "jose" */
    double s_phon;       /* same phonetic key */
    double s_prefix;     /* "juare" against "juarez" */
    double s_abbrev;     /* "intl" against "international" */
    double s_initials;   /* "jc" against "jean claude" */
    double s_join;       /* least similarity of a joined form */
    double patro;        /* factor when a father's name pairs with a given name */
    double ph_factor;    /* similarity of phonetic keys, discounted */
    double legal_conflict;
    double legal_compatible;
    double initials_cap; /* cap when only initials or particles matched */
    double extra_company; /* factor per extra word of a company name */
} P = {0.50, 0.80, 1.0, 0.5, 0.9, 0.7, 0.70, 0.5, 0.90, 0.90, 0.92, 0.85, 0.75, 0.85, 0.80,
       0.6, 0.95, 0.80, 0.95, 0.50, 0.85};

#define MAXU (3 * INS_MATCH_MAX_TOKEN_CPS)

/*
** Optimal string alignment distance (Damerau-Levenshtein without repeated
** edits of a substring) between code point strings of at most MAXU, or
** KMAX + 1 as soon as it must exceed KMAX (most token pairs differ
** completely, and their rows pass KMAX after a few letters).
*/
static int osa_dist(const uint32_t *a, size_t n, const uint32_t *b, size_t m, int kmax)
{
    int rows[3][MAXU + 1];
    int *p2 = rows[0], *p1 = rows[1], *cur = rows[2];
    if (n > MAXU) n = MAXU;
    if (m > MAXU) m = MAXU;
    if ((n > m ? n - m : m - n) > (size_t)kmax) return kmax + 1;
    for (size_t j = 0; j <= m; j++) p1[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = p1[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (p1[j - 1] + cost < v) v = p1[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && p2[j - 2] + 1 < v)
                v = p2[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > kmax) return kmax + 1;
        int *t = p2;
        p2 = p1;
        p1 = cur;
        cur = t;
    }
    return p1[m];
}

/* 1 - distance / longer length, on code points; 0 when below LO. */
static double cp_sim(const uint32_t *a, size_t n, const uint32_t *b, size_t m, double lo)
{
    size_t mx = n > m ? n : m;
    if (!mx) return 0;
    int kmax = (int)((1.0 - lo) * (double)mx + 1e-9);
    int d = osa_dist(a, n, b, m, kmax);
    return d > kmax ? 0.0 : 1.0 - (double)d / (double)mx;
}

/* The same on ASCII strings (phonetic keys). */
static double str_sim(const char *a, const char *b, double lo)
{
    uint32_t x[MAXU], y[MAXU];
    size_t n = 0, m = 0;
    for (; a[n] && n < MAXU; n++) x[n] = (unsigned char)a[n];
    for (; b[m] && m < MAXU; m++) y[m] = (unsigned char)b[m];
    return cp_sim(x, n, y, m, lo);
}

/* 1 when the shorter of A and B (code points) starts the other. */
static int cp_prefix(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    size_t k = n < m ? n : m;
    for (size_t i = 0; i < k; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* 1 when A (the shorter) is a subsequence of B starting with B's letter. */
static int cp_abbrev(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    if (!n || !m || a[0] != b[0]) return 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < m && b[j] != a[i]) j++;
        if (j == m) return 0;
        j++;
    }
    return 1;
}

/* Kinds of token pairs, for explanations. */
enum { PT_EXACT = 0, PT_PHON, PT_INITIAL, PT_VARIANT, PT_PREFIX, PT_ABBREV, PT_FUZZY, PT_JOIN, PT_INITIALS };

/*
** Similarity of two strings of code points with their phonetic keys (PA,
** PB: NULL when not keyed): character similarity, the similarity of the
** keys (discounted), equal keys, a prefix or an abbreviation.  *TYPE gets
** what decided.
*/
static double form_sim(const uint32_t *a, size_t n, const char *pa, const uint32_t *b, size_t m,
                       const char *pb, int kind, int last, int *type)
{
    /* below ALIGN a similarity does not count, so it need not be exact */
    double s = cp_sim(a, n, b, m, P.align);
    *type = PT_FUZZY;
    if (pa && pb && *pa && *pb) {
        if (!strcmp(pa, pb) && strlen(pa) >= 2) {
            if (P.s_phon > s) { s = P.s_phon; *type = PT_PHON; }
        } else if (s < P.ph_factor) {
            double lo = (s > P.align ? s : P.align) / P.ph_factor;
            double ps = lo <= 1.0 ? P.ph_factor * str_sim(pa, pb, lo) : 0.0;
            if (ps > s) s = ps;
        }
    }
    size_t lo = n < m ? n : m, hi = n < m ? m : n;
    if (lo >= 4 && hi - lo <= 3 && s < P.s_prefix && (last & (n < m ? 1 : 2)) && cp_prefix(a, n, b, m)) {
        s = P.s_prefix;
        *type = PT_PREFIX;
    }
    if (kind != INS_MK_PERSON && lo >= 3 && (double)lo <= 0.6 * (double)hi && s < P.s_abbrev &&
        (n < m ? cp_abbrev(a, n, b, m) : cp_abbrev(b, m, a, n))) {
        s = P.s_abbrev;
        *type = PT_ABBREV;
    }
    return s;
}

/*
** 1 when X and Y are the masculine and feminine of one Spanish given name:
** equal but for a final o/a, or one adds a final a (Mario/Maria,
** Juan/Juana).  Such names are different people, not a typo.
*/
static int gender_pair(const ins_mname *a, const mtok *x, const ins_mname *b, const mtok *y)
{
    const char *s = tok_text(a, x), *t = tok_text(b, y);
    size_t n = x->len, m = y->len;
    if (!x->ascii || !y->ascii || n < 3 || m < 3) return 0;
    if (n == m) {
        if (memcmp(s, t, n - 1)) return 0;
        return (s[n - 1] == 'a' && t[n - 1] == 'o') || (s[n - 1] == 'o' && t[n - 1] == 'a');
    }
    if (n + 1 == m) return !memcmp(s, t, n) && t[n] == 'a';
    if (m + 1 == n) return !memcmp(s, t, m) && s[m] == 'a';
    return 0;
}

/* 1 when tokens X and Y share a given-name variant group. */
static int same_group(const mtok *x, const mtok *y)
{
    for (int i = 0; i < 3 && x->group[i] >= 0; i++)
        for (int j = 0; j < 3 && y->group[j] >= 0; j++)
            if (x->group[i] == y->group[j]) return 1;
    return 0;
}

/*
** Similarity of token X of A and token Y of B in [0,1], *TYPE what
** decided.  Numbers pair only when equal; particles, titles and stop words
** only with their like; an initial with a word that starts with it.
*/
static double tok_sim(const ins_mname *a, const mtok *x, const ins_mname *b, const mtok *y, int kind,
                      int *type)
{
    *type = PT_EXACT;
    int eq = x->len == y->len && !memcmp(tok_text(a, x), tok_text(b, y), x->len);
    if (x->cls == TK_NUMBER || y->cls == TK_NUMBER) return eq && x->cls == y->cls ? 1.0 : 0.0;
    if (!tok_sig(x) || !tok_sig(y)) {
        if (eq) return 1.0;
        return !tok_sig(x) && !tok_sig(y) && x->cls == y->cls ? 0.6 : 0.0;
    }
    double s;
    if (eq) s = 1.0;
    else if (x->cls == TK_INITIAL || y->cls == TK_INITIAL) {
        if (x->cls == y->cls) return 0.0;
        *type = PT_INITIAL;
        s = tok_cp(a, x)[0] == tok_cp(b, y)[0] ? P.s_initial : 0.0;
    } else if (same_group(x, y)) {
        *type = PT_VARIANT;
        s = P.s_variant;
    } else {
        /* letters of one missing from the other each cost an edit: when
           that alone rules out ALIGN (and keys differ), skip the work */
        int da = __builtin_popcountll(x->sig & ~y->sig), db = __builtin_popcountll(y->sig & ~x->sig);
        if (da && db) {
            int lb = da > db ? da : db;
            size_t mx = x->ncp > y->ncp ? x->ncp : y->ncp;
            int out = (double)lb > (1.0 - P.align) * (double)mx + 1e-9;
            if (out && x->phlen && y->phlen) {
                int pa = __builtin_popcount(x->phsig & ~y->phsig), pb = __builtin_popcount(y->phsig & ~x->phsig);
                int plb = pa > pb ? pa : pb;
                size_t pmx = x->phlen > y->phlen ? x->phlen : y->phlen;
                out = P.ph_factor * (1.0 - (double)plb / (double)pmx) < P.align - 1e-9;
            }
            if (out) return 0.0;
        }
        /* a truncated field loses the end of its last word only */
        int last = (x == &a->tok[a->ntok - 1]) | (y == &b->tok[b->ntok - 1]) << 1;
        s = form_sim(tok_cp(a, x), x->ncp, x->phlen ? tok_ph(a, x) : NULL, tok_cp(b, y), y->ncp,
                     y->phlen ? tok_ph(b, y) : NULL, kind, last, type);
        if (kind == INS_MK_PERSON && s > P.align && gender_pair(a, x, b, y)) s = P.align;
    }
    if (a->has_patro && b->has_patro && x->patro != y->patro) s *= P.patro;
    return s;
}

/* A pair of aligned units: tokens [ai, ai+an) of A with [bi, bi+bn) of B. */
typedef struct mpair {
    uint8_t ai, an, bi, bn;
    uint8_t type;
    float s;
} mpair;

/* Orders candidate pairs best first, then by position (deterministic). */
static int pair_cmp(const void *pa, const void *pb)
{
    const mpair *x = pa, *y = pb;
    if (x->s != y->s) return x->s > y->s ? -1 : 1;
    if (x->an + x->bn != y->an + y->bn) return x->an + x->bn < y->an + y->bn ? -1 : 1;
    if (x->ai != y->ai) return x->ai < y->ai ? -1 : 1;
    return x->bi < y->bi ? -1 : x->bi > y->bi;
}

/* Takes the pairs of CAND (sorted best first) with a similarity of at
** least LO whose tokens are all still free, marking their tokens used. */
static size_t greedy(const mpair *cand, size_t nc, double lo, uint8_t *ua, uint8_t *ub, mpair *out,
                     size_t nout, size_t cap)
{
    for (size_t k = 0; k < nc && nout < cap; k++) {
        const mpair *p = &cand[k];
        if (p->s < lo) break;
        int free_ = 1;
        for (int i = 0; i < p->an && free_; i++) free_ = !ua[p->ai + i];
        for (int j = 0; j < p->bn && free_; j++) free_ = !ub[p->bi + j];
        if (!free_) continue;
        for (int i = 0; i < p->an; i++) ua[p->ai + i] = 1;
        for (int j = 0; j < p->bn; j++) ub[p->bi + j] = 1;
        out[nout++] = *p;
    }
    return nout;
}

/*
** Joined forms: runs of 2 or 3 consecutive free tokens of X (letters) read
** as one word against a free word of Y ("good will" / "goodwill", "jean
** claude" / "jc").  Appends candidate pairs to CAND (X is A when XA).
*/
static size_t join_candidates(const ins_mname *x, const uint8_t *ux, const ins_mname *y,
                              const uint8_t *uy, int xa, int kind, mpair *cand, size_t nc,
                              size_t cap)
{
    for (size_t i = 0; i + 1 < x->ntok; i++) {
        for (size_t len = 2; len <= 3 && i + len <= x->ntok; len++) {
            uint32_t cps[MAXU];
            char ph[MAXU * 2 + 1], txt[MAXU * 4 + 1];
            size_t ncp = 0, tl = 0;
            int ok = 1, ascii = 1;
            for (size_t k = i; k < i + len && ok; k++) {
                const mtok *t = &x->tok[k];
                if (ux[k] || t->cls == TK_NUMBER || t->cls == TK_TITLE || ncp + t->ncp > MAXU ||
                    tl + t->len >= sizeof txt) {
                    ok = 0;
                    break;
                }
                memcpy(cps + ncp, tok_cp(x, t), t->ncp * sizeof *cps);
                ncp += t->ncp;
                memcpy(txt + tl, tok_text(x, t), t->len);
                tl += t->len;
                ascii &= t->ascii;
            }
            if (!ok) break;
            txt[tl] = '\0';
            if (ascii) insMatchPhonetic(txt, ph, sizeof ph);
            for (size_t j = 0; j < y->ntok && nc < cap; j++) {
                const mtok *t = &y->tok[j];
                if (uy[j] || t->cls != TK_WORD) continue;
                double s;
                int type;
                if (t->ncp == len && t->ascii && ascii) {
                    /* initials of the run */
                    int all = 1;
                    for (size_t k = 0; k < len && all; k++)
                        all = tok_cp(x, &x->tok[i + k])[0] == tok_cp(y, t)[k];
                    if (!all) continue;
                    s = P.s_initials;
                    type = PT_INITIALS;
                } else {
                    s = form_sim(cps, ncp, ascii ? ph : NULL, tok_cp(y, t), t->ncp,
                                 t->phlen ? tok_ph(y, t) : NULL, kind, 0, &type);
                    if (s < P.s_join) continue;
                    type = PT_JOIN;
                }
                mpair *p = &cand[nc++];
                if (xa) { p->ai = (uint8_t)i; p->an = (uint8_t)len; p->bi = (uint8_t)j; p->bn = 1; }
                else { p->bi = (uint8_t)i; p->bn = (uint8_t)len; p->ai = (uint8_t)j; p->an = 1; }
                p->s = (float)s;
                p->type = (uint8_t)type;
            }
        }
    }
    return nc;
}

/* Verdicts on legal forms. */
enum { LV_NONE = 0, LV_AGREE, LV_COMPATIBLE, LV_CONFLICT };

/* Compares the legal forms of A and B; returns the factor for the score.
** *AGREED gets the code both have, when they agree. */
static double legal_verdict(const ins_mname *a, const ins_mname *b, int *verdict, const char **agreed)
{
    *verdict = LV_NONE;
    *agreed = NULL;
    if (!a->nlegal || !b->nlegal) return 1.0;
    for (size_t i = 0; i < a->nlegal; i++)
        for (size_t j = 0; j < b->nlegal; j++)
            if (!strcmp(legal_forms[a->legal[i]].code, legal_forms[b->legal[j]].code)) {
                *verdict = LV_AGREE;
                *agreed = legal_forms[a->legal[i]].code;
                return 1.0;
            }
    int fa = -1, fb = -1;
    for (size_t i = 0; i < a->nlegal; i++)
        if (legal_forms[a->legal[i]].family != LF_GENERIC) fa = legal_forms[a->legal[i]].family;
    for (size_t j = 0; j < b->nlegal; j++)
        if (legal_forms[b->legal[j]].family != LF_GENERIC) fb = legal_forms[b->legal[j]].family;
    if (fa < 0 || fb < 0) return 1.0;
    if (fa == fb) { *verdict = LV_COMPATIBLE; return P.legal_compatible; }
    *verdict = LV_CONFLICT;
    return P.legal_conflict;
}

/* Appends the tokens [i, i+n) of N joined by "+" to B. */
static void why_unit(ins_buf *b, const ins_mname *n, size_t i, size_t cnt)
{
    for (size_t k = 0; k < cnt; k++) {
        if (k) insBufAppendChar(b, '+');
        insBufAppendStr(b, tok_text(n, &n->tok[i + k]));
    }
}

/* Appends the legal forms of N ("SAC LLC") to B. */
static void why_legal(ins_buf *b, const ins_mname *n)
{
    char buf[64];
    insBufAppendStr(b, insMatchNameLegal(n, buf, sizeof buf));
}

/* Orders pairs by their position in A, for explanations. */
static int pair_pos_cmp(const void *pa, const void *pb)
{
    const mpair *x = pa, *y = pb;
    return x->ai < y->ai ? -1 : x->ai > y->ai;
}

/* The explanation of a name comparison (see insMatchCompare). */
static void explain(ins_buf *why, const ins_mname *a, const ins_mname *b, mpair *pairs, size_t np,
                    const uint8_t *ua, const uint8_t *ub, double score, int verdict, const char *agreed,
                    size_t conflicts)
{
    insBufPrintf(why, _("name %.2f:"), score);
    if (!np) insBufAppendStr(why, _(" no token in common"));
    qsort(pairs, np, sizeof *pairs, pair_pos_cmp);
    const char *sep = " ";
    for (size_t k = 0; k < np; k++) {
        const mpair *p = &pairs[k];
        insBufAppendStr(why, sep);
        sep = ", ";
        int same = p->an == 1 && p->bn == 1 && p->type == PT_EXACT;
        why_unit(why, a, p->ai, p->an);
        if (same) continue;
        insBufAppendStr(why, p->type == PT_FUZZY ? "~" : "=");
        why_unit(why, b, p->bi, p->bn);
        switch (p->type) {
        case PT_PHON: insBufAppendStr(why, _(" (phonetic)")); break;
        case PT_INITIAL: insBufAppendStr(why, _(" (initial)")); break;
        case PT_INITIALS: insBufAppendStr(why, _(" (initials)")); break;
        case PT_VARIANT: insBufAppendStr(why, _(" (name variant)")); break;
        case PT_PREFIX: insBufAppendStr(why, _(" (truncated)")); break;
        case PT_ABBREV: insBufAppendStr(why, _(" (abbreviation)")); break;
        case PT_JOIN: insBufAppendStr(why, _(" (joined)")); break;
        case PT_EXACT: break;
        default: insBufPrintf(why, " (%.2f)", p->s); break;
        }
    }
    int any = 0;
    for (size_t i = 0; i < a->ntok; i++) {
        if (ua[i]) continue;
        insBufAppendStr(why, any ? " " : _("; only in query: "));
        insBufAppendStr(why, tok_text(a, &a->tok[i]));
        any = 1;
    }
    any = 0;
    for (size_t j = 0; j < b->ntok; j++) {
        if (ub[j]) continue;
        insBufAppendStr(why, any ? " " : _("; only in listing: "));
        insBufAppendStr(why, tok_text(b, &b->tok[j]));
        any = 1;
    }
    if (conflicts) insBufPrintf(why, _("; %zu conflicting"), conflicts);
    switch (verdict) {
    case LV_AGREE:
        insBufPrintf(why, _("; legal form agrees (%s)"), agreed);
        break;
    case LV_COMPATIBLE:
    case LV_CONFLICT:
        insBufAppendStr(why, verdict == LV_CONFLICT ? _("; legal form differs (") : _("; legal form similar ("));
        why_legal(why, a);
        insBufAppendStr(why, _(" vs "));
        why_legal(why, b);
        insBufAppendChar(why, ')');
        break;
    default: break;
    }
}

/*
** Compares analysed names A (the query) and B (the listing) as names of
** KIND; see the comment at the top of this file.  Returns the score in
** [0,1] and appends the explanation to WHY when not NULL.
*/
double insMatchCompare(const ins_mname *a, const ins_mname *b, ins_match_kind kind, ins_buf *why)
{
    int k = kind != INS_MK_ANY ? (int)kind : a->kind != INS_MK_ANY ? a->kind : b->kind;
    size_t na = a->ntok, nb = b->ntok;
    if (!na || !nb) {
        if (why) insBufAppendStr(why, _("name 0.00: nothing to compare"));
        return 0.0;
    }
    uint8_t ua[INS_MATCH_MAX_TOKENS] = {0}, ub[INS_MATCH_MAX_TOKENS] = {0};
    mpair cand[INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKENS * 2];
    mpair pairs[INS_MATCH_MAX_TOKENS];
    size_t nc = 0, np = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            int type;
            double s = tok_sim(a, &a->tok[i], b, &b->tok[j], k, &type);
            if (s < P.align) continue;
            mpair *p = &cand[nc++];
            p->ai = (uint8_t)i; p->an = 1; p->bi = (uint8_t)j; p->bn = 1;
            p->s = (float)s;
            p->type = (uint8_t)type;
        }
    /* strong pairs first, then joined and split forms among what is left,
       then weak pairs */
    qsort(cand, nc, sizeof *cand, pair_cmp);
    np = greedy(cand, nc, P.strong, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
    int left_a = 0, left_b = 0;
    for (size_t i = 0; i < na; i++) left_a += !ua[i] && tok_sig(&a->tok[i]);
    for (size_t j = 0; j < nb; j++) left_b += !ub[j] && tok_sig(&b->tok[j]);
    if (left_a || left_b) {
        mpair join[INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKENS];
        size_t nj = join_candidates(a, ua, b, ub, 1, k, join, 0, INS_ARRAY_LEN(join));
        nj = join_candidates(b, ub, a, ua, 0, k, join, nj, INS_ARRAY_LEN(join));
        if (nj) {
            qsort(join, nj, sizeof *join, pair_cmp);
            np = greedy(join, nj, 0.0, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
        }
        np = greedy(cand, nc, 0.0, ua, ub, pairs, np, INS_ARRAY_LEN(pairs));
    }
    /* weighted share of matched tokens */
    double num = 0, den = 0, weak = 0;
    int strong_words = 0;
    for (size_t q = 0; q < np; q++) {
        const mpair *p = &pairs[q];
        double wa = 0, wb = 0;
        for (int i = 0; i < p->an; i++) if (a->tok[p->ai + i].w > wa) wa = a->tok[p->ai + i].w;
        for (int j = 0; j < p->bn; j++) if (b->tok[p->bi + j].w > wb) wb = b->tok[p->bi + j].w;
        double s = p->s;
        if (s < P.strong) {
            /* a weak pair is part match, part conflict */
            weak += (P.strong - s) / (P.strong - P.align);
            s -= P.slope * (P.strong - s);
        }
        if (s < 0) s = 0;
        num += s * (wa + wb);
        den += wa + wb;
        int words = p->type != PT_INITIAL && p->type != PT_INITIALS;
        for (int i = 0; i < p->an && words; i++) words = a->tok[p->ai + i].cls == TK_WORD || a->tok[p->ai + i].cls == TK_NUMBER;
        if (words && p->s >= P.strong) strong_words++;
    }
    double sig_a = 0, sig_b = 0, other = 0;
    size_t cnt_a = 0, cnt_b = 0;
    for (size_t i = 0; i < na; i++) {
        if (ua[i]) continue;
        if (tok_sig(&a->tok[i])) { sig_a += a->tok[i].w; cnt_a++; }
        else other += a->tok[i].w;
    }
    for (size_t j = 0; j < nb; j++) {
        if (ub[j]) continue;
        if (tok_sig(&b->tok[j])) { sig_b += b->tok[j].w; cnt_b++; }
        else other += b->tok[j].w;
    }
    size_t conflicts = 0;
    if (cnt_a && cnt_b) {
        den += sig_a + sig_b;
        conflicts = cnt_a < cnt_b ? cnt_a : cnt_b;
    } else {
        double alpha = k == INS_MK_PERSON ? P.alpha_person : k == INS_MK_COMPANY ? P.alpha_company : P.alpha_any;
        den += alpha * (sig_a + sig_b);
    }
    den += P.nonsig * other;
    double score = den > 0 ? num / den : 0.0;
    score *= pow(P.conflict, (double)conflicts + weak);
    if (k == INS_MK_COMPANY && !conflicts && (cnt_a || cnt_b))
        score *= pow(P.extra_company, (double)(cnt_a + cnt_b));
    if (!strong_words && score > P.initials_cap) score = P.initials_cap;
    int verdict = LV_NONE;
    const char *agreed = NULL;
    if (k != INS_MK_PERSON) score *= legal_verdict(a, b, &verdict, &agreed);
    if (score > 1.0) score = 1.0;
    if (score < 0.0) score = 0.0;
    if (why) explain(why, a, b, pairs, np, ua, ub, score, verdict, agreed, conflicts);
    return score;
}

/* Analyses A and B as names of KIND and compares them (for the benchmark
** and tests; screening analyses each listing name once instead). */
double insMatchScore(const char *a, const char *b, ins_match_kind kind, ins_buf *why)
{
    ins_mname *x = insMatchNameNew(a, kind), *y = insMatchNameNew(b, kind);
    double s = x && y ? insMatchCompare(x, y, kind, why) : 0.0;
    insMatchNameFree(x);
    insMatchNameFree(y);
    return s;
}

/* Match at or above THRESHOLD, review from REVIEW, nothing below. */
int insMatchClassify(double score, double threshold, double review)
{
    if (score >= threshold) return INS_MS_MATCH;
    if (score >= review) return INS_MS_REVIEW;
    return INS_MS_NONE;
}

/* The word shown for a status in the status column. */
const char *insMatchStatusName(int status)
{
    switch (status) {
    case INS_MS_MATCH: return "match";
    case INS_MS_REVIEW: return "review";
    case INS_MS_CONFIRMED: return "confirmed";
    default: return "none";
    }
}

/* The kind of a kind column (English or Spanish); unknown words are ANY. */
ins_match_kind insMatchKindFromText(const char *s)
{
    if (!s || !*s) return INS_MK_ANY;
    if (insUStrieq(s, "person") || insUStrieq(s, "persona") || insUStrieq(s, "natural") ||
        insUStrieq(s, "individual"))
        return INS_MK_PERSON;
    if (insUStrieq(s, "company") || insUStrieq(s, "organization") || insUStrieq(s, "organisation") ||
        insUStrieq(s, "empresa") || insUStrieq(s, "firm") || insUStrieq(s, "juridica"))
        return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/* ====================================================================== */
/* Identifiers                                                             */
/* ====================================================================== */

/*
** The comparable form of an identifier: ASCII letters upper-cased, digits
** kept, everything else dropped ("20.512.345-671" and "20512345671" are
** one RUC).  Bounded by OUTSZ.
*/
void insMatchNormId(const char *raw, char *out, size_t outsz)
{
    size_t o = 0;
    if (!outsz) return;
    for (const unsigned char *p = (const unsigned char *)(raw ? raw : ""); *p && o + 1 < outsz; p++) {
        unsigned char c = *p;
        if (c >= 'a' && c <= 'z') out[o++] = (char)(c - 'a' + 'A');
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[o++] = (char)c;
        /* spaces, dots, dashes, slashes and other punctuation are dropped;
           bytes of non-ASCII letters too (identifiers are ASCII) */
    }
    out[o] = '\0';
}

/*
** Guesses a scheme from the shape of a normalised identifier, so that a
** different identifier of the same scheme can lower a name match: eleven
** digits with a valid RUC (or else CUIT) check digit, eight digits a DNI,
** two letters and digits an EORI.  NULL when unsure.
*/
const char *insMatchIdScheme(const char *norm)
{
    if (!norm || !*norm) return NULL;
    size_t len = strlen(norm), digits = strspn(norm, "0123456789");
    if (digits == len && len == 11) {
        if (insIdValidate(INS_SCHEME_PE_RUC, norm) == 1) return INS_SCHEME_PE_RUC;
        if (insIdValidate(INS_SCHEME_AR_CUIT, norm) == 1) return INS_SCHEME_AR_CUIT;
        return NULL;
    }
    if (digits == len && len == 8) return INS_SCHEME_PE_DNI;
    if (len >= 3 && len <= 17 && norm[0] >= 'A' && norm[0] <= 'Z' && norm[1] >= 'A' && norm[1] <= 'Z' &&
        strspn(norm + 2, "0123456789") >= len - 2 && len >= 10)
        return INS_SCHEME_EORI;
    return NULL;
}

/* Orders strings for qsort. */
static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The decision key of a screened record (see match.h); malloc'd. */
char *insMatchQueryKey(const char *name, const char *const *ids, size_t nids)
{
    char *norm = insNormName(name ? name : "");
    if (!norm) return NULL;
    char idv[INS_MATCH_MAX_IDS][INS_MATCH_MAX_ID_BYTES];
    const char *sorted[INS_MATCH_MAX_IDS];
    size_t n = 0;
    for (size_t i = 0; i < nids && n < INS_MATCH_MAX_IDS; i++) {
        insMatchNormId(ids[i], idv[n], sizeof idv[n]);
        if (!idv[n][0]) continue;
        int dup = 0;
        for (size_t k = 0; k < n; k++) dup |= !strcmp(sorted[k], idv[n]);
        if (!dup) { sorted[n] = idv[n]; n++; }
    }
    qsort(sorted, n, sizeof *sorted, str_cmp);
    ins_buf b;
    insBufInit(&b);
    insBufAppendStr(&b, norm);
    insBufAppendChar(&b, '|');
    for (size_t i = 0; i < n; i++) {
        if (i) insBufAppendChar(&b, ',');
        insBufAppendStr(&b, sorted[i]);
    }
    free(norm);
    if (b.oom) { insBufFree(&b); return NULL; }
    return insBufDetach(&b);
}

/* ====================================================================== */
/* CSV                                                                     */
/* ====================================================================== */

typedef struct mcsv {
    ins_match_csv_fn fn;
    void *ud;
    char **fields;
    size_t nfields, row_bytes;
    unsigned long row;
    int stop, rc;
    ins_buf err;
} mcsv;

/* Frees the fields of the current record. */
static void mcsv_free_fields(mcsv *s)
{
    for (size_t i = 0; i < s->nfields; i++) free(s->fields[i]);
    s->nfields = 0;
    s->row_bytes = 0;
}

/* Stops reading with CODE and a message naming the row. */
static void mcsv_fail(mcsv *s, int code, const char *msg)
{
    s->stop = 1;
    s->rc = code;
    insBufReset(&s->err);
    insBufPrintf(&s->err, _("row %lu: %s"), s->row + 1, msg);
}

/* libcsv field callback: the field as trimmed UTF-8, within the limits. */
static void mcsv_field(void *data, size_t len, void *ud)
{
    mcsv *s = ud;
    if (s->stop) return;
    if (s->nfields >= INS_MAX_CSV_COLUMNS) { mcsv_fail(s, INS_ERR_TOOBIG, _("too many columns")); return; }
    s->row_bytes += len;
    if (s->row_bytes > INS_MAX_CSV_ROW_BYTES) { mcsv_fail(s, INS_ERR_TOOBIG, _("record too long")); return; }
    char *f = insUToUtf8(data ? (const char *)data : "", data ? len : 0);
    if (!f) { mcsv_fail(s, INS_ERR_NOMEM, ins_strerror(INS_ERR_NOMEM)); return; }
    insUTrim(f);
    s->fields[s->nfields++] = f;
}

/* libcsv record callback: hands the record to the caller, skipping blank
** lines, within the row limit. */
static void mcsv_row(int term, void *ud)
{
    (void)term;
    mcsv *s = ud;
    if (s->stop) { mcsv_free_fields(s); return; }
    if (s->row >= INS_MAX_CSV_ROWS) {
        mcsv_fail(s, INS_ERR_TOOBIG, _("too many rows"));
        mcsv_free_fields(s);
        return;
    }
    if (!(s->nfields == 1 && !*s->fields[0])) {
        s->row++;
        int rc = s->fn(s->ud, s->row, s->fields, s->nfields);
        if (rc != INS_OK) { s->stop = 1; s->rc = rc; }
    }
    mcsv_free_fields(s);
}

/* The delimiter of a CSV whose first bytes are B[0..n): the most frequent
** of comma, semicolon and tab outside quotes on the first line. */
static unsigned char guess_delim(const unsigned char *b, size_t n)
{
    size_t c = 0, sc = 0, t = 0;
    int q = 0;
    for (size_t i = 0; i < n && (q || (b[i] != '\n' && b[i] != '\r')); i++) {
        if (b[i] == '"') q = !q;
        else if (!q && b[i] == ',') c++;
        else if (!q && b[i] == ';') sc++;
        else if (!q && b[i] == '\t') t++;
    }
    if (sc > c && sc >= t) return ';';
    if (t > c && t > sc) return '\t';
    return ',';
}

/*
** Streams the CSV at PATH to FN (see match.h), 64 KiB at a time: the one
** reader of screening, decisions and the benchmark.  The delimiter is
** guessed from the first block.
*/
int insMatchCsvRead(const char *path, ins_match_csv_fn fn, void *ud, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errmsg) {
            ins_buf b;
            insBufInit(&b);
            insBufPrintf(&b, _("cannot open (%s)"), strerror(errno));
            *errmsg = insBufDetach(&b);
        }
        return INS_ERR_IO;
    }
    mcsv s;
    memset(&s, 0, sizeof s);
    s.fn = fn;
    s.ud = ud;
    s.rc = INS_OK;
    insBufInit(&s.err);
    s.fields = calloc(INS_MAX_CSV_COLUMNS, sizeof *s.fields);
    struct csv_parser p;
    int inited = 0;
    if (!s.fields || csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        mcsv_fail(&s, INS_ERR_NOMEM, ins_strerror(INS_ERR_NOMEM));
    } else {
        inited = 1;
    }
    unsigned char buf[65536];
    size_t total = 0, n;
    int first = 1;
    while (!s.stop && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        const unsigned char *b = buf;
        total += n;
        if (total > INS_MAX_FILE_BYTES) { mcsv_fail(&s, INS_ERR_TOOBIG, _("file too large")); break; }
        if (first) {
            if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) { b += 3; n -= 3; }
            csv_set_delim(&p, guess_delim(b, n));
            first = 0;
        }
        if (csv_parse(&p, b, n, mcsv_field, mcsv_row, &s) != n && !s.stop)
            mcsv_fail(&s, INS_ERR_FORMAT, csv_strerror(csv_error(&p)));
        if (!s.stop && p.entry_pos > INS_MAX_CSV_ROW_BYTES)
            mcsv_fail(&s, INS_ERR_TOOBIG, _("field too long (unclosed quote?)"));
    }
    if (!s.stop && ferror(f)) mcsv_fail(&s, INS_ERR_IO, _("read error"));
    if (!s.stop && inited) csv_fini(&p, mcsv_field, mcsv_row, &s);
    mcsv_free_fields(&s);
    if (inited) csv_free(&p);
    free(s.fields);
    fclose(f);
    if (s.rc != INS_OK && errmsg && s.err.len) *errmsg = insBufDetach(&s.err);
    insBufFree(&s.err);
    return s.rc;
}

/* Column of NAME in a header row, or -1 (case-insensitive). */
static int csv_col(char **h, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (h[i] && insUStrieq(h[i], name)) return (int)i;
    return -1;
}

/* The first of NAMES (NULL-terminated) that is a column of H, or -1. */
static int csv_col_any(char **h, size_t n, const char *const *names)
{
    for (; *names; names++) {
        int c = csv_col(h, n, *names);
        if (c >= 0) return c;
    }
    return -1;
}

/* Field C of a row, or NULL when the row is shorter or the field empty. */
static const char *csv_get(char **f, size_t n, int c)
{
    return c >= 0 && (size_t)c < n && f[c] && *f[c] ? f[c] : NULL;
}

/* ====================================================================== */
/* Benchmark                                                               */
/* ====================================================================== */

typedef struct bench_ctx {
    int file_scores;
    double threshold;
    int c_schema, c_name1, c_name2, c_match, c_score;
    ins_match_prf *out;
    FILE *errors;
    char *err;
} bench_ctx;

/* Kind of a FollowTheMoney schema. */
static ins_match_kind schema_kind(const char *schema)
{
    if (!schema) return INS_MK_ANY;
    if (!strcmp(schema, "Person")) return INS_MK_PERSON;
    if (!strcmp(schema, "Company") || !strcmp(schema, "Organization")) return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/* Counts one pair in a slice. */
static void prf_add(ins_match_prf *p, int truth, int pred)
{
    p->n++;
    if (truth && pred) p->tp++;
    else if (!truth && pred) p->fp++;
    else if (truth) p->fn++;
    else p->tn++;
}

/* One row of a name-pair file: the header maps columns, a pair is scored
** (or its frozen score read) and counted in its slices. */
static int bench_row(void *ud, unsigned long row, char **f, size_t n)
{
    bench_ctx *c = ud;
    if (row == 1) {
        c->c_schema = csv_col(f, n, "schema");
        c->c_name1 = csv_col(f, n, "name1");
        c->c_name2 = csv_col(f, n, "name2");
        c->c_match = csv_col(f, n, "is_match");
        c->c_score = csv_col(f, n, "score");
        if (c->c_name1 < 0 || c->c_name2 < 0 || c->c_match < 0 || (c->file_scores && c->c_score < 0)) {
            c->err = insUStrdup(_("missing columns name1, name2, is_match (or score)"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *schema = csv_get(f, n, c->c_schema);
    const char *m = csv_get(f, n, c->c_match);
    int truth = m && (insUStrieq(m, "true") || !strcmp(m, "1"));
    double score = 0;
    if (c->file_scores) {
        if (!insUParseDouble(csv_get(f, n, c->c_score) ? f[c->c_score] : "", &score)) score = 0;
    } else {
        ins_match_kind k = schema_kind(schema);
        score = insMatchScore(csv_get(f, n, c->c_name1), csv_get(f, n, c->c_name2), k, NULL);
    }
    int pred = score >= c->threshold;
    if (c->errors && pred != truth)
        fprintf(c->errors, "%s\t%.3f\t%s\t%s\t%s\n", truth ? "FN" : "FP", score, schema ? schema : "",
                csv_get(f, n, c->c_name1) ? f[c->c_name1] : "", csv_get(f, n, c->c_name2) ? f[c->c_name2] : "");
    prf_add(&c->out[INS_BENCH_ALL], truth, pred);
    if (schema && !strcmp(schema, "Company")) prf_add(&c->out[INS_BENCH_COMPANY], truth, pred);
    if (schema && !strcmp(schema, "Person")) prf_add(&c->out[INS_BENCH_PERSON], truth, pred);
    return INS_OK;
}

/* Precision, recall and F1 of a name-pair file (see match.h). */
int insMatchBench(const char *path, int file_scores, double threshold,
                  ins_match_prf out[INS_BENCH_SLICES], FILE *errors, char **errmsg)
{
    bench_ctx c;
    memset(&c, 0, sizeof c);
    c.errors = errors;
    c.file_scores = file_scores;
    c.threshold = threshold;
    c.out = out;
    memset(out, 0, INS_BENCH_SLICES * sizeof *out);
    int rc = insMatchCsvRead(path, bench_row, &c, errmsg);
    if (rc != INS_OK) {
        if (c.err && errmsg && !*errmsg) *errmsg = c.err;
        else free(c.err);
        return rc;
    }
    for (int i = 0; i < INS_BENCH_SLICES; i++) {
        ins_match_prf *p = &out[i];
        p->precision = p->tp + p->fp ? (double)p->tp / (p->tp + p->fp) : 0;
        p->recall = p->tp + p->fn ? (double)p->tp / (p->tp + p->fn) : 0;
        p->f1 = p->precision + p->recall > 0 ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0;
    }
    return INS_OK;
}

/* ====================================================================== */
/* The listing index                                                       */
/* ====================================================================== */

/* A listing in the index. */
typedef struct mlisting {
    int64_t id;
    uint32_t list_name;  /* arena offsets */
    uint32_t name;
    uint32_t first_name, nnames; /* its names in ix->names */
    uint32_t first_id, nids;     /* its identifiers in ix->ids */
    uint8_t kind;        /* INS_MK_* */
    uint8_t vessel;      /* entity_kind vessel: never a person or firm */
    uint8_t ncountry, nbirth;
    char country[4][3];
    int16_t byear[3];
    int32_t bdays[3];    /* days of a full birth date, 0 when only the year */
} mlisting;

/* A name (primary or alias) of a listing. */
typedef struct mentry {
    uint32_t listing;    /* index into ix->listings */
    uint32_t raw;        /* arena offset of the name as listed */
    uint32_t ana;        /* arena offset of the analysed form */
    uint8_t ntok;        /* significant tokens */
} mentry;

/* An identifier of a listing. */
typedef struct mid {
    uint64_t h;          /* hash of the normalised value */
    uint32_t listing;
    uint32_t value;      /* arena offset of the normalised value */
    uint32_t scheme;     /* arena offset of the scheme, 0 when none */
} mid;

/* A (key, name) posting before the index is compacted. */
typedef struct mpost {
    uint64_t h;
    uint32_t name;
} mpost;

struct ins_match_index {
    char as_of[11];
    ins_buf arena;               /* every string; offset 0 is "" */
    mlisting *listings;
    size_t nlistings, caplistings;
    mentry *names;
    size_t nnames, capnames;
    mid *ids;                    /* by listing */
    size_t nids, capids;
    uint32_t *ids_by_hash;       /* indices into ids, by hash */
    uint64_t *keyh;              /* distinct keys, sorted */
    uint32_t *keystart;          /* nkeys + 1 offsets into post */
    uint32_t *post;              /* name indices, ascending per key */
    size_t nkeys, npost;
    /* scratch for queries */
    ins_mname qname[3], cname; /* the query as a name of each kind */
    int qready[3];
    struct mslot { uint32_t gen, strong, weak; } *slot; /* per name: query seen, tokens matched */
    uint8_t *ntok;       /* per name: significant tokens (a compact copy) */
    uint32_t *touched;
    uint32_t gen;
    size_t last_scored;
};

/* Adds S to the arena; returns its offset (0 for NULL or ""), or
** UINT32_MAX when out of memory or past 4 GiB. */
static uint32_t arena_add(ins_match_index *ix, const char *s)
{
    if (!s || !*s) return 0;
    size_t off = ix->arena.len;
    if (off + strlen(s) + 1 >= UINT32_MAX) return UINT32_MAX;
    if (insBufAppendStr(&ix->arena, s) || insBufAppendChar(&ix->arena, '\0')) return UINT32_MAX;
    return (uint32_t)off;
}

/* The string at offset OFF of the arena. */
static const char *arena_str(const ins_match_index *ix, uint32_t off) { return ix->arena.s + off; }

/* Grows *P (of *CAP elements of SIZE bytes) to hold at least NEED. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Frees an index and its scratch space (NULL is fine). */
void insMatchIndexFree(ins_match_index *ix)
{
    if (!ix) return;
    insBufFree(&ix->arena);
    free(ix->listings);
    free(ix->names);
    free(ix->ids);
    free(ix->ids_by_hash);
    free(ix->keyh);
    free(ix->keystart);
    free(ix->post);
    for (int k = 0; k < 3; k++) {
        insBufFree(&ix->qname[k].text);
        insBufFree(&ix->qname[k].ph);
        free(ix->qname[k].cps);
    }
    insBufFree(&ix->cname.text);
    insBufFree(&ix->cname.ph);
    free(ix->cname.cps);
    free(ix->slot);
    free(ix->ntok);
    free(ix->touched);
    free(ix);
}

/* Sizes of the index, and the candidates scored by the last query. */
size_t insMatchIndexNames(const ins_match_index *ix) { return ix ? ix->nnames : 0; }
size_t insMatchIndexListings(const ins_match_index *ix) { return ix ? ix->nlistings : 0; }
size_t insMatchIndexLastScored(const ins_match_index *ix) { return ix ? ix->last_scored : 0; }

/* Kind of a listing's entity_kind. */
static int listing_kind(const char *k)
{
    if (!k) return INS_MK_ANY;
    if (!strcmp(k, "person")) return INS_MK_PERSON;
    if (!strcmp(k, "company") || !strcmp(k, "organization") || !strcmp(k, "organisation") ||
        !strcmp(k, "legal_entity"))
        return INS_MK_COMPANY;
    return INS_MK_ANY;
}

/*
** Reads the birth years and full dates in S ("1962-03-01; 1963", "1970")
** into YEARS/DAYS (at most MAX); returns how many.
*/
static int parse_births(const char *s, int16_t *years, int32_t *days, int max)
{
    int n = 0;
    for (const char *p = s; p && *p && n < max;) {
        if (p[0] >= '1' && p[0] <= '2' && strspn(p, "0123456789") >= 4 && (p == s || p[-1] < '0' || p[-1] > '9')) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (strspn(p, "0123456789") == 4 && y >= 1800 && y <= 2100) {
                char d[11];
                years[n] = (int16_t)y;
                if (!insUParseDate(p, d) || !insDateParse(d, 10, &days[n])) days[n] = 0;
                n++;
            }
            p += strspn(p, "0123456789");
        } else {
            p++;
        }
    }
    return n;
}

/* Reads the countries in S ("ru; by", "Peru, China") as ISO codes into C
** (at most MAX); returns how many. */
static int parse_countries(const char *s, char c[][3], int max)
{
    int n = 0;
    while (s && *s && n < max) {
        size_t len = strcspn(s, ";,|/");
        char piece[64];
        if (len < sizeof piece) {
            memcpy(piece, s, len);
            piece[len] = '\0';
            insUTrim(piece);
            char iso[3];
            if (*piece && insNormCountry(piece, iso)) {
                int dup = 0;
                for (int i = 0; i < n; i++) dup |= !strcmp(c[i], iso);
                if (!dup) memcpy(c[n++], iso, 3);
            }
        }
        s += len;
        if (*s) s++;
    }
    return n;
}

/* Finds the listing with ID (listings are sorted by id); -1 when absent. */
static long listing_find(const ins_match_index *ix, int64_t id)
{
    size_t lo = 0, hi = ix->nlistings;
    while (lo < hi) {
        size_t mid_ = lo + (hi - lo) / 2;
        if (ix->listings[mid_].id < id) lo = mid_ + 1;
        else hi = mid_;
    }
    return lo < ix->nlistings && ix->listings[lo].id == id ? (long)lo : -1;
}

/* Kinds of blocking keys; see name_keys. */
enum { KEY_STRONG = 0, KEY_WEAK = 1, KEY_WHOLE = 2 };
#define WHOLE_BIT 31 /* the bit of the whole-name key in a candidate's mask */

/* Orders C strings (for the whole-name key). */
static int cstr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** Blocking keys of the analysed name N into K (hashes), with the token
** each belongs to in TOK and its kind in KIND; returns the count.  A word
** gives its phonetic key (strong; a word without one, in a script not
** keyed, gives itself), its first three characters and, from five on, its
** last three (weak: they survive a typo at the other end).  A number gives
** itself.  A name of two words or more also gives one key for all its
** words, sorted (the same name in any order).  Particles, titles, stop
** words and initials give none.
*/
static size_t name_keys(const ins_mname *n, uint64_t *k, uint8_t *tok, uint8_t *kind, size_t cap)
{
    size_t c = 0, nw = 0;
    const char *words[INS_MATCH_MAX_TOKENS];
    for (size_t i = 0; i < n->ntok && c + 4 <= cap; i++) {
        const mtok *t = &n->tok[i];
        if (t->cls != TK_WORD && t->cls != TK_NUMBER) continue;
        const char *s = tok_text(n, t);
        if (t->cls == TK_NUMBER || t->phlen < 2) {
            k[c] = hash64(s, t->len, t->cls == TK_NUMBER ? 3 : 4);
            words[nw++] = s;
        } else {
            k[c] = hash64(tok_ph(n, t), t->phlen, 1);
            words[nw++] = tok_ph(n, t);
        }
        tok[c] = (uint8_t)i;
        kind[c++] = KEY_STRONG;
        if (t->cls == TK_NUMBER) continue;
        size_t off, len = cp_slice(s, t->len, 3, 0, &off);
        k[c] = hash64(s + off, len, 2);
        tok[c] = (uint8_t)i;
        kind[c++] = KEY_WEAK;
        if (t->ncp >= 5) {
            len = cp_slice(s, t->len, 3, 1, &off);
            k[c] = hash64(s + off, len, 5);
            tok[c] = (uint8_t)i;
            kind[c++] = KEY_WEAK;
        }
    }
    if (nw >= 2 && c < cap) {
        qsort(words, nw, sizeof *words, cstr_cmp);
        uint64_t h = 6;
        for (size_t i = 0; i < nw; i++) h = hash64(words[i], strlen(words[i]), h);
        k[c] = h;
        tok[c] = WHOLE_BIT;
        kind[c++] = KEY_WHOLE;
    }
    return c;
}

/* Orders postings by key, then name (postings of a key ascend). */
static int mpost_cmp(const void *a, const void *b)
{
    const mpost *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

static const mid *ids_base;
/* Orders identifier indices by hash, then listing (ids_base is the array). */
static int idh_cmp(const void *a, const void *b)
{
    const mid *x = &ids_base[*(const uint32_t *)a], *y = &ids_base[*(const uint32_t *)b];
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->listing < y->listing ? -1 : x->listing > y->listing;
}

/* Listing conditions: in force on ?1, or listed on or before ?1. */
#define IN_FORCE_COND \
    "COALESCE(substr(l.listed_from, 1, 10), '0000') <= ?1" \
    " AND COALESCE(substr(l.listed_until, 1, 10), '9999') >= ?1" \
    " AND COALESCE(substr(l.delisted_at, 1, 10), '9999') > ?1" \
    " AND (NOT EXISTS (SELECT 1 FROM listing_periods p WHERE p.listing_id = l.id)" \
    "  OR EXISTS (SELECT 1 FROM listing_periods p WHERE p.listing_id = l.id" \
    "   AND COALESCE(substr(p.start_date, 1, 10), '0000') <= ?1" \
    "   AND COALESCE(substr(p.end_date, 1, 10), '9999') >= ?1))"
#define EVER_COND "COALESCE(substr(l.listed_from, 1, 10), '0000') <= ?1"

#define LISTINGS_SQL(cond) \
    "SELECT l.id, l.list_name, l.entity_kind, l.name, l.birth_date, l.countries" \
    " FROM listings l WHERE " cond " ORDER BY l.id"
#define NAMES_SQL(cond) \
    "SELECT l.id, l.name FROM listings l WHERE " cond \
    " UNION SELECT n.listing_id, n.name FROM listing_names n JOIN listings l ON l.id = n.listing_id" \
    " WHERE " cond " ORDER BY 1"
#define IDS_SQL(cond) \
    "SELECT i.listing_id, i.scheme, COALESCE(i.norm_value, i.value) FROM listing_ids i" \
    " JOIN listings l ON l.id = i.listing_id WHERE " cond " ORDER BY i.listing_id"

static const char sql_listings_now[] = LISTINGS_SQL(IN_FORCE_COND);
static const char sql_listings_ever[] = LISTINGS_SQL(EVER_COND);
static const char sql_names_now[] = NAMES_SQL(IN_FORCE_COND);
static const char sql_names_ever[] = NAMES_SQL(EVER_COND);
static const char sql_ids_now[] = IDS_SQL(IN_FORCE_COND);
static const char sql_ids_ever[] = IDS_SQL(EVER_COND);

/* Sets *errmsg to a copy of MSG (when errmsg is not NULL) and returns RC. */
static int fail(char **errmsg, int rc, const char *msg)
{
    if (errmsg && !*errmsg) *errmsg = insUStrdup(msg ? msg : ins_strerror(rc));
    return rc;
}

/* Loads the listings of the index (see insMatchIndexLoad). */
static int load_listings(ins_db *db, ins_match_index *ix, int which, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_listings_ever : sql_listings_now);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)&ix->listings, &ix->caplistings, ix->nlistings + 1, sizeof *ix->listings))
            return fail(errmsg, INS_ERR_NOMEM, NULL);
        mlisting *l = &ix->listings[ix->nlistings];
        memset(l, 0, sizeof *l);
        l->id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        l->kind = (uint8_t)listing_kind(kind);
        l->vessel = kind && !strcmp(kind, "vessel");
        l->list_name = arena_add(ix, (const char *)sqlite3_column_text(st, 1));
        l->name = arena_add(ix, (const char *)sqlite3_column_text(st, 3));
        if (l->list_name == UINT32_MAX || l->name == UINT32_MAX) return fail(errmsg, INS_ERR_NOMEM, NULL);
        l->nbirth = (uint8_t)parse_births((const char *)sqlite3_column_text(st, 4), l->byear, l->bdays, 3);
        l->ncountry = (uint8_t)parse_countries((const char *)sqlite3_column_text(st, 5), l->country, 4);
        ix->nlistings++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : fail(errmsg, INS_ERR_DB, insDbErr(db));
}

/* Loads and analyses the names, collecting blocking postings in *P. */
static int load_names(ins_db *db, ins_match_index *ix, int which, mpost **pp, size_t *np, size_t *capp,
                      char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_names_ever : sql_names_now);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    long cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t lid = sqlite3_column_int64(st, 0);
        const char *raw = (const char *)sqlite3_column_text(st, 1);
        if (!raw || !*raw) continue;
        if (cur < 0 || ix->listings[cur].id != lid) cur = listing_find(ix, lid);
        if (cur < 0) continue;
        mlisting *l = &ix->listings[cur];
        char *a = analyse(raw);
        if (!a) { sqlite3_reset(st); return fail(errmsg, INS_ERR_NOMEM, NULL); }
        /* the same name spelled differently once is enough */
        int dup = !*a;
        for (uint32_t k = 0; k < l->nnames && !dup; k++)
            dup = !strcmp(arena_str(ix, ix->names[l->first_name + k].ana), a);
        if (dup) { free(a); continue; }
        if (grow((void **)&ix->names, &ix->capnames, ix->nnames + 1, sizeof *ix->names)) {
            free(a);
            sqlite3_reset(st);
            return fail(errmsg, INS_ERR_NOMEM, NULL);
        }
        mentry *e = &ix->names[ix->nnames];
        e->listing = (uint32_t)cur;
        e->raw = arena_add(ix, raw);
        e->ana = arena_add(ix, a);
        if (name_fill(&ix->cname, a, l->kind)) e->ana = UINT32_MAX;
        free(a);
        if (e->raw == UINT32_MAX || e->ana == UINT32_MAX) { sqlite3_reset(st); return fail(errmsg, INS_ERR_NOMEM, NULL); }
        if (!l->nnames) l->first_name = (uint32_t)ix->nnames;
        l->nnames++;
        size_t sig = 0;
        for (size_t t = 0; t < ix->cname.ntok; t++) sig += tok_sig(&ix->cname.tok[t]);
        e->ntok = (uint8_t)(sig > 255 ? 255 : sig);
        uint64_t keys[INS_MATCH_MAX_TOKENS * 3 + 1];
        uint8_t kt[INS_MATCH_MAX_TOKENS * 3 + 1], kk[INS_MATCH_MAX_TOKENS * 3 + 1];
        size_t nk = name_keys(&ix->cname, keys, kt, kk, INS_ARRAY_LEN(keys));
        if (grow((void **)pp, capp, *np + nk, sizeof **pp)) { sqlite3_reset(st); return fail(errmsg, INS_ERR_NOMEM, NULL); }
        for (size_t k = 0; k < nk; k++) {
            (*pp)[*np].h = keys[k];
            (*pp)[*np].name = (uint32_t)ix->nnames;
            (*np)++;
        }
        ix->nnames++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : fail(errmsg, INS_ERR_DB, insDbErr(db));
}

/* Loads the identifiers of the listings. */
static int load_ids(ins_db *db, ins_match_index *ix, int which, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, which == INS_MATCH_EVER ? sql_ids_ever : sql_ids_now);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_text(st, 1, ix->as_of, -1, SQLITE_STATIC);
    int rc;
    long cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t lid = sqlite3_column_int64(st, 0);
        char norm[INS_MATCH_MAX_ID_BYTES];
        insMatchNormId((const char *)sqlite3_column_text(st, 2), norm, sizeof norm);
        if (!*norm) continue;
        if (cur < 0 || ix->listings[cur].id != lid) cur = listing_find(ix, lid);
        if (cur < 0) continue;
        mlisting *l = &ix->listings[cur];
        if (grow((void **)&ix->ids, &ix->capids, ix->nids + 1, sizeof *ix->ids)) {
            sqlite3_reset(st);
            return fail(errmsg, INS_ERR_NOMEM, NULL);
        }
        mid *d = &ix->ids[ix->nids];
        d->h = hash64(norm, strlen(norm), 7);
        d->listing = (uint32_t)cur;
        d->value = arena_add(ix, norm);
        d->scheme = arena_add(ix, (const char *)sqlite3_column_text(st, 1));
        if (d->value == UINT32_MAX || d->scheme == UINT32_MAX) { sqlite3_reset(st); return fail(errmsg, INS_ERR_NOMEM, NULL); }
        if (!l->nids) l->first_id = (uint32_t)ix->nids;
        l->nids++;
        ix->nids++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : fail(errmsg, INS_ERR_DB, insDbErr(db));
}

/*
** Loads the listings, their names and identifiers (three queries) and builds
** the blocking index: every (key, name) posting sorted, then compacted to
** distinct keys with ascending name lists; identifiers sorted by hash.
*/
int insMatchIndexLoad(ins_db *db, const char *as_of, int which, ins_match_index **out,
                      char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    *out = NULL;
    if (words_init()) return fail(errmsg, INS_ERR_NOMEM, NULL);
    ins_match_index *ix = calloc(1, sizeof *ix);
    if (!ix) return fail(errmsg, INS_ERR_NOMEM, NULL);
    if (as_of && *as_of) {
        if (!insUParseDate(as_of, ix->as_of)) { free(ix); return fail(errmsg, INS_ERR_ARG, _("bad date")); }
    } else {
        ins_today(ix->as_of);
    }
    insBufAppendChar(&ix->arena, '\0'); /* offset 0 is "" */
    mpost *p = NULL;
    size_t np = 0, capp = 0;
    int rc = load_listings(db, ix, which, errmsg);
    if (rc == INS_OK) rc = load_names(db, ix, which, &p, &np, &capp, errmsg);
    if (rc == INS_OK) rc = load_ids(db, ix, which, errmsg);
    if (rc == INS_OK && np > UINT32_MAX - 1) rc = fail(errmsg, INS_ERR_TOOBIG, NULL);
    if (rc == INS_OK) {
        /* compact the postings: distinct keys, name indices ascending */
        if (np) qsort(p, np, sizeof *p, mpost_cmp);
        size_t nk = 0;
        for (size_t i = 0; i < np; i++)
            if (i == 0 || p[i].h != p[i - 1].h) nk++;
        ix->keyh = malloc((nk ? nk : 1) * sizeof *ix->keyh);
        ix->keystart = malloc((nk + 1) * sizeof *ix->keystart);
        ix->post = malloc((np ? np : 1) * sizeof *ix->post);
        if (!ix->keyh || !ix->keystart || !ix->post) rc = fail(errmsg, INS_ERR_NOMEM, NULL);
        else {
            size_t k = 0, o = 0;
            for (size_t i = 0; i < np; i++) {
                if (i == 0 || p[i].h != p[i - 1].h) {
                    ix->keyh[k] = p[i].h;
                    ix->keystart[k++] = (uint32_t)o;
                } else if (p[i].name == p[i - 1].name) {
                    continue; /* the same key twice in one name */
                }
                ix->post[o++] = p[i].name;
            }
            ix->keystart[k] = (uint32_t)o;
            ix->nkeys = nk;
            ix->npost = o;
        }
    }
    free(p);
    if (rc == INS_OK) {
        ix->ids_by_hash = malloc((ix->nids ? ix->nids : 1) * sizeof *ix->ids_by_hash);
        size_t nn = ix->nnames ? ix->nnames : 1;
        ix->slot = calloc(nn, sizeof *ix->slot);
        ix->ntok = malloc(nn);
        for (size_t i = 0; ix->ntok && i < ix->nnames; i++) ix->ntok[i] = ix->names[i].ntok;
        ix->touched = malloc(nn * sizeof *ix->touched);
        if (!ix->ids_by_hash || !ix->slot || !ix->ntok || !ix->touched)
            rc = fail(errmsg, INS_ERR_NOMEM, NULL);
        else {
            for (size_t i = 0; i < ix->nids; i++) ix->ids_by_hash[i] = (uint32_t)i;
            ids_base = ix->ids;
            qsort(ix->ids_by_hash, ix->nids, sizeof *ix->ids_by_hash, idh_cmp);
        }
    }
    if (rc == INS_OK && ix->arena.oom) rc = fail(errmsg, INS_ERR_NOMEM, NULL);
    if (rc != INS_OK) { insMatchIndexFree(ix); return rc; }
    *out = ix;
    return INS_OK;
}

/* ====================================================================== */
/* Screening one record                                                    */
/* ====================================================================== */

/* Factor on the name score when both sides have identifiers of one scheme
** and none is equal: a different registration, most likely a namesake. */
#define ID_DIFFERS 0.7

/* A blocking key of the query with its postings. */
typedef struct qkey {
    uint64_t h;
    uint32_t start, len;
    uint8_t tok, kind;
} qkey;

/* Orders query keys rarest first. */
static int qkey_cmp(const void *a, const void *b)
{
    const qkey *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Finds the postings of key H; 0 when the key is unknown. */
static int key_find(const ins_match_index *ix, uint64_t h, uint32_t *start, uint32_t *len)
{
    size_t lo = 0, hi = ix->nkeys;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (ix->keyh[m] < h) lo = m + 1;
        else hi = m;
    }
    if (lo >= ix->nkeys || ix->keyh[lo] != h) return 0;
    *start = ix->keystart[lo];
    *len = ix->keystart[lo + 1] - ix->keystart[lo];
    return 1;
}

/* A candidate name and its blocking vote. */
typedef struct qcand {
    float pre;
    uint32_t name;
} qcand;

/* Min-heap order on (pre, -name): the root is the weakest kept. */
static int qc_less(const qcand *a, const qcand *b)
{
    return a->pre < b->pre || (a->pre == b->pre && a->name > b->name);
}

/* Restores the min-heap below I. */
static void heap_down(qcand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && qc_less(&h[l], &h[m])) m = l;
        if (r < n && qc_less(&h[r], &h[m])) m = r;
        if (m == i) return;
        qcand t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* The query analysed as a name of KIND (computed once per query). */
static const ins_mname *query_name(ins_match_index *ix, const char *analysed, int kind)
{
    if (!ix->qready[kind]) {
        if (name_fill(&ix->qname[kind], analysed, kind)) return NULL;
        ix->qready[kind] = 1;
    }
    return &ix->qname[kind];
}

/* Scores listing name NAME for the query; fills WHY when not NULL. */
static double score_name(ins_match_index *ix, const char *qana, const ins_match_query *q, uint32_t name,
                         ins_buf *why)
{
    const mentry *e = &ix->names[name];
    const mlisting *l = &ix->listings[e->listing];
    int k = q->kind != INS_MK_ANY ? (int)q->kind : l->kind;
    const ins_mname *qn = query_name(ix, qana, k);
    if (!qn || name_fill(&ix->cname, arena_str(ix, e->ana), l->kind)) return -1;
    double s = insMatchCompare(qn, &ix->cname, (ins_match_kind)k, why);
    if ((q->kind == INS_MK_PERSON && l->kind == INS_MK_COMPANY) ||
        (q->kind == INS_MK_COMPANY && l->kind == INS_MK_PERSON)) {
        s *= 0.9;
        if (why) insBufAppendStr(why, q->kind == INS_MK_PERSON ? _("; listing is an organisation") : _("; listing is a person"));
    }
    return s;
}

/* A hit being built: the best name of a listing. */
typedef struct qhit {
    uint32_t listing, name;
    double score;
    double name_s;      /* name score of a hit decided by identifier */
    int by_id;
    const char *id;     /* the identifier that decided (arena) */
} qhit;

/* Orders hits best first, then by listing (deterministic). */
static int qhit_cmp(const void *a, const void *b)
{
    const qhit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->listing < y->listing ? -1 : x->listing > y->listing;
}

/* 1 when identifier schemes A and B may denote the same register. */
static int scheme_compatible(const char *a, const char *b)
{
    if (!a || !*a || !b || !*b) return 1;
    if (!strcmp(a, "OTHER") || !strcmp(b, "OTHER")) return 1;
    return insUStrieq(a, b);
}

/* Adjusts *S for birth dates and countries of the query and listing L,
** with the reasons appended to WHY. */
static void adjust_facts(const mlisting *l, const ins_match_query *q, double *s, ins_buf *why)
{
    if (q->birth_date && l->nbirth && l->kind != INS_MK_COMPANY) {
        int16_t qy[1];
        int32_t qd[1];
        if (parse_births(q->birth_date, qy, qd, 1)) {
            int best = 9999, full = 0;
            for (int i = 0; i < l->nbirth; i++) {
                int d = abs(l->byear[i] - qy[0]);
                if (d < best) best = d;
                if (qd[0] && l->bdays[i] == qd[0]) full = 1;
            }
            double adj = full ? 0.08 : best == 0 ? 0.05 : best == 1 ? -0.05 : -0.25;
            *s += adj;
            if (why) {
                if (full) insBufPrintf(why, _("; birth date %s agrees"), q->birth_date);
                else if (best == 0) insBufPrintf(why, _("; birth year %d agrees"), qy[0]);
                else insBufPrintf(why, _("; birth year differs (%d vs %d)"), qy[0], l->byear[0]);
            }
        }
    }
    char iso[3];
    if (q->country && l->ncountry && insNormCountry(q->country, iso)) {
        int in = 0;
        for (int i = 0; i < l->ncountry; i++) in |= !strcmp(l->country[i], iso);
        *s += in ? 0.03 : -0.07;
        if (why) {
            if (in) insBufPrintf(why, _("; country %s agrees"), iso);
            else insBufPrintf(why, _("; country differs (%s vs %s)"), iso, l->country[0]);
        }
    }
    if (*s > 1) *s = 1;
    if (*s < 0) *s = 0;
}

/*
** Identifier verdict of listing L against the query's identifiers (QV
** normalised, QS schemes): 1 and *DECIDED set when one is equal, -1 when
** the listing has identifiers of a scheme the query also has and none is
** equal (*DIFF gets that scheme), 0 when identifiers say nothing.
*/
static int id_verdict(const ins_match_index *ix, const mlisting *l, char qv[][INS_MATCH_MAX_ID_BYTES],
                      const char **qs, size_t nq, const char **decided, const char **diff)
{
    int differs = 0;
    for (size_t i = 0; i < nq; i++) {
        int same_scheme = 0;
        for (uint32_t k = 0; k < l->nids; k++) {
            const mid *d = &ix->ids[l->first_id + k];
            const char *sch = arena_str(ix, d->scheme);
            if (!scheme_compatible(qs[i], sch)) continue;
            if (!strcmp(arena_str(ix, d->value), qv[i])) { *decided = arena_str(ix, d->value); return 1; }
            if (qs[i] && *sch && insUStrieq(qs[i], sch)) { same_scheme = 1; *diff = qs[i]; }
        }
        differs |= same_scheme;
    }
    return differs ? -1 : 0;
}

/*
** Screens one record (see match.h): listings with an equal identifier, then
** name candidates from the blocking keys (rare words bring candidates,
** common words vote; the best INS_MATCH_MAX_SCORED by vote are scored),
** best name per listing, penalties for identifiers that differ, birth
** dates and countries, explanations for the hits kept.
*/
int insMatchQueryRun(ins_match_index *ix, const ins_match_query *q, double min_score, size_t max,
                     ins_match_hit **hits, size_t *nhits)
{
    *hits = NULL;
    *nhits = 0;
    ix->last_scored = 0;
    if (!max) return INS_OK;
    ix->qready[0] = ix->qready[1] = ix->qready[2] = 0;
    char *qana = analyse(q->name ? q->name : "");
    if (!qana) return INS_ERR_NOMEM;
    /* identifiers of the query, normalised, with their schemes */
    char qv[INS_MATCH_MAX_IDS][INS_MATCH_MAX_ID_BYTES];
    const char *qs[INS_MATCH_MAX_IDS];
    size_t nq = 0;
    for (size_t i = 0; i < q->nids && nq < INS_MATCH_MAX_IDS; i++) {
        insMatchNormId(q->ids[i], qv[nq], sizeof qv[nq]);
        if (!qv[nq][0]) continue;
        qs[nq] = q->schemes[i] && *q->schemes[i] ? q->schemes[i] : insMatchIdScheme(qv[nq]);
        nq++;
    }
    qhit found[INS_MATCH_MAX_SCORED + INS_MATCH_MAX_IDS * 8];
    size_t nf = 0;
    int rc = INS_OK;
    /* candidates by identifier */
    for (size_t i = 0; i < nq; i++) {
        uint64_t h = hash64(qv[i], strlen(qv[i]), 7);
        size_t lo = 0, hi = ix->nids;
        while (lo < hi) {
            size_t m = lo + (hi - lo) / 2;
            if (ix->ids[ix->ids_by_hash[m]].h < h) lo = m + 1;
            else hi = m;
        }
        for (; lo < ix->nids && ix->ids[ix->ids_by_hash[lo]].h == h && nf < INS_ARRAY_LEN(found) - INS_MATCH_MAX_SCORED; lo++) {
            const mid *d = &ix->ids[ix->ids_by_hash[lo]];
            if (strcmp(arena_str(ix, d->value), qv[i]) || !scheme_compatible(qs[i], arena_str(ix, d->scheme)))
                continue;
            int dup = 0;
            for (size_t k = 0; k < nf; k++) dup |= found[k].listing == d->listing;
            if (dup) continue;
            found[nf].listing = d->listing;
            found[nf].name = ix->listings[d->listing].first_name;
            found[nf].score = 1.0;
            found[nf].name_s = 0;
            found[nf].by_id = 1;
            found[nf].id = arena_str(ix, d->value);
            nf++;
        }
    }
    /* candidates by name: blocking keys, rarest first, votes per token */
    const ins_mname *qn = query_name(ix, qana, q->kind);
    if (!qn) { free(qana); return INS_ERR_NOMEM; }
    uint64_t keys[INS_MATCH_MAX_TOKENS * 3 + 1];
    uint8_t kt[INS_MATCH_MAX_TOKENS * 3 + 1], kk[INS_MATCH_MAX_TOKENS * 3 + 1];
    size_t nk = name_keys(qn, keys, kt, kk, INS_ARRAY_LEN(keys));
    qkey qk[INS_MATCH_MAX_TOKENS * 3 + 1];
    size_t nqk = 0;
    for (size_t i = 0; i < nk; i++) {
        uint32_t st, len;
        if (!key_find(ix, keys[i], &st, &len)) continue;
        qk[nqk].h = keys[i];
        qk[nqk].start = st;
        qk[nqk].len = len;
        qk[nqk].tok = kt[i];
        qk[nqk].kind = kk[i];
        nqk++;
    }
    qsort(qk, nqk, sizeof *qk, qkey_cmp);
    if (nqk) {
        if (++ix->gen == 0) {
            memset(ix->slot, 0, ix->nnames * sizeof *ix->slot);
            ix->gen = 1;
        }
        /* idf of each query word: its rarest key */
        float idf[32] = {0}, total = 0;
        uint32_t tokmin[32];
        for (size_t t = 0; t < 32; t++) tokmin[t] = UINT32_MAX;
        for (size_t i = 0; i < nqk; i++)
            if (qk[i].kind != KEY_WHOLE && qk[i].len < tokmin[qk[i].tok]) tokmin[qk[i].tok] = qk[i].len;
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++)
            if (tokmin[t] != UINT32_MAX) idf[t] = (float)log(1.0 + (double)ix->nnames / (1.0 + tokmin[t]));
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++) total += idf[t];
        uint32_t strong_len[32] = {0};
        for (size_t i = 0; i < nqk; i++)
            if (qk[i].kind == KEY_STRONG) strong_len[qk[i].tok] = qk[i].len;
        /* Rare words bring candidates; common words only vote for them
           (by binary search when the candidates are few), except that the
           two rarest words and the whole name always bring candidates.  A
           common word's weak keys find the same names again: skipped (not
           those of a misspelt word, which has no common strong key). */
        size_t common = ix->nnames / 100 > 1000 ? ix->nnames / 100 : 1000;
        uint8_t order[INS_MATCH_MAX_TOKENS], creates[32] = {0};
        size_t nt = 0;
        for (size_t t = 0; t < INS_MATCH_MAX_TOKENS; t++)
            if (tokmin[t] != UINT32_MAX) order[nt++] = (uint8_t)t;
        for (size_t i = 1; i < nt; i++)
            for (size_t j = i; j > 0 && tokmin[order[j]] < tokmin[order[j - 1]]; j--) {
                uint8_t x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
        for (size_t i = 0; i < nt; i++) creates[order[i]] = i < 2 || tokmin[order[i]] <= common / 4;
        creates[WHOLE_BIT] = 1;
        size_t ntouched = 0, budget = 0;
        struct mslot *sl = ix->slot;
        uint32_t gen = ix->gen;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < nqk; i++) {
                /* a long weak key of a rare word votes but brings nobody */
                int brings = creates[qk[i].tok] && !(qk[i].kind == KEY_WEAK && qk[i].len > common / 4);
                if (brings != (pass == 0)) continue;
                if (qk[i].kind == KEY_WEAK && strong_len[qk[i].tok] > common) continue;
                uint32_t bit = 1u << qk[i].tok;
                int weak = qk[i].kind == KEY_WEAK;
                const uint32_t *pl = ix->post + qk[i].start;
                if (pass == 1 && ntouched * 16 < qk[i].len) {
                    /* few candidates: look each up in the long list */
                    for (size_t k = 0; k < ntouched; k++) {
                        uint32_t n = ix->touched[k], lo = 0, hi = qk[i].len;
                        while (lo < hi) {
                            uint32_t m = lo + (hi - lo) / 2;
                            if (pl[m] < n) lo = m + 1;
                            else hi = m;
                        }
                        if (lo < qk[i].len && pl[lo] == n) {
                            if (weak) sl[n].weak |= bit;
                            else sl[n].strong |= bit;
                        }
                    }
                    continue;
                }
                if (budget + qk[i].len > INS_MATCH_MAX_POSTINGS && budget) continue;
                budget += qk[i].len;
                for (uint32_t j = 0; j < qk[i].len; j++) {
                    uint32_t n = pl[j];
                    if (sl[n].gen != gen) {
                        if (pass) continue;
                        sl[n].gen = gen;
                        sl[n].strong = sl[n].weak = 0;
                        ix->touched[ntouched++] = n;
                    }
                    if (weak) sl[n].weak |= bit;
                    else sl[n].strong |= bit;
                }
            }
        }
        /* the best candidates by vote (a word found by a weak key only
           counts half; the whole name adds one), fewer extra words first */
        size_t qsig = 0;
        for (size_t t = 0; t < qn->ntok; t++) qsig += tok_sig(&qn->tok[t]);
        qcand heap[INS_MATCH_MAX_SCORED];
        size_t nh = 0;
        for (size_t i = 0; i < ntouched; i++) {
            uint32_t n = ix->touched[i];
            uint32_t strong = sl[n].strong, weak = sl[n].weak & ~strong;
            float vote = strong & (1u << WHOLE_BIT) ? total : 0;
            strong &= ~(1u << WHOLE_BIT);
            for (uint32_t m = strong; m; m &= m - 1) vote += idf[__builtin_ctz(m)];
            for (uint32_t m = weak; m; m &= m - 1) vote += 0.5f * idf[__builtin_ctz(m)];
            int diff = (int)ix->ntok[n] - (int)qsig;
            qcand c = {vote / (total > 0 ? total : 1) - 0.02f * (float)(diff < 0 ? -diff : diff), n};
            if (nh < INS_MATCH_MAX_SCORED) {
                heap[nh++] = c;
                if (nh == INS_MATCH_MAX_SCORED)
                    for (size_t k = nh / 2; k-- > 0;) heap_down(heap, nh, k);
            } else if (qc_less(&heap[0], &c)) {
                heap[0] = c;
                heap_down(heap, nh, 0);
            }
        }
        /* score them; keep the best name of each listing */
        for (size_t i = 0; i < nh; i++) {
            uint32_t n = heap[i].name;
            const mlisting *l = &ix->listings[ix->names[n].listing];
            if (l->vessel && q->kind != INS_MK_ANY) continue;
            double s = score_name(ix, qana, q, n, NULL);
            ix->last_scored++;
            if (s < 0) { rc = INS_ERR_NOMEM; break; }
            size_t k = 0;
            while (k < nf && found[k].listing != ix->names[n].listing) k++;
            if (k < nf) {
                if (!found[k].by_id && s > found[k].score) { found[k].score = s; found[k].name = n; }
                else if (found[k].by_id && s > found[k].name_s) { found[k].name_s = s; found[k].name = n; }
                continue;
            }
            found[nf].listing = ix->names[n].listing;
            found[nf].name = n;
            found[nf].score = s;
            found[nf].name_s = s;
            found[nf].by_id = 0;
            found[nf].id = NULL;
            nf++;
        }
    }
    /* identifiers that differ, birth dates, countries; then the cut */
    ins_match_hit *out = calloc(nf ? nf : 1, sizeof *out);
    if (!out) rc = INS_ERR_NOMEM;
    size_t no = 0;
    for (size_t i = 0; i < nf && rc == INS_OK; i++) {
        qhit *f = &found[i];
        const mlisting *l = &ix->listings[f->listing];
        const char *decided = NULL, *diff = NULL;
        if (!f->by_id && id_verdict(ix, l, qv, qs, nq, &decided, &diff) < 0) f->score *= ID_DIFFERS;
        if (!f->by_id) adjust_facts(l, q, &f->score, NULL);
    }
    qsort(found, nf, sizeof *found, qhit_cmp);
    for (size_t i = 0; i < nf && rc == INS_OK && no < max; i++) {
        qhit *f = &found[i];
        if (f->score < min_score && !f->by_id) break;
        const mlisting *l = &ix->listings[f->listing];
        ins_buf why;
        insBufInit(&why);
        if (f->by_id) insBufPrintf(&why, _("identifier %s decided"), f->id);
        if (f->by_id && l->nnames) insBufAppendStr(&why, "; ");
        double s = l->nnames ? score_name(ix, qana, q, f->name, &why) : 0;
        const char *decided = NULL, *diff = NULL;
        if (!f->by_id && id_verdict(ix, l, qv, qs, nq, &decided, &diff) < 0)
            insBufPrintf(&why, _("; identifier differs (%s)"), diff);
        if (!f->by_id) adjust_facts(l, q, &s, &why);
        if (why.oom) { insBufFree(&why); rc = INS_ERR_NOMEM; break; }
        out[no].listing_id = l->id;
        out[no].list_name = arena_str(ix, l->list_name);
        out[no].listed_name = l->nnames ? arena_str(ix, ix->names[f->name].raw) : arena_str(ix, l->name);
        out[no].score = f->score;
        out[no].by_id = f->by_id;
        out[no].why = insBufDetach(&why);
        if (!out[no].why) out[no].why = insUStrdup("");
        no++;
    }
    free(qana);
    if (rc != INS_OK) { insMatchHitsFree(out, no); return rc; }
    *hits = out;
    *nhits = no;
    return INS_OK;
}

/* Frees the hits of insMatchQueryRun. */
void insMatchHitsFree(ins_match_hit *h, size_t n)
{
    if (!h) return;
    for (size_t i = 0; i < n; i++) free(h[i].why);
    free(h);
}

/* ====================================================================== */
/* Decisions                                                               */
/* ====================================================================== */

/* A decision loaded for screening. */
typedef struct mdec {
    uint64_t h;          /* hash of the query key */
    int64_t listing_id;
    size_t key;          /* offset of the key in the decisions' text */
    int confirmed;
} mdec;

typedef struct mdecs {
    mdec *d;
    size_t n, cap;
    ins_buf text;
} mdecs;

/* Orders decisions by key hash, then listing. */
static int mdec_cmp(const void *a, const void *b)
{
    const mdec *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->listing_id < y->listing_id ? -1 : x->listing_id > y->listing_id;
}

static const char sql_decisions[] = "SELECT query_key, listing_id, decision FROM match_decisions";

/* Loads every decision (one query), sorted by key hash. */
static int decisions_load(ins_db *db, mdecs *ds, char **errmsg)
{
    sqlite3_stmt *st = insDbStmt(db, sql_decisions);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *d = (const char *)sqlite3_column_text(st, 2);
        if (!k || !d) continue;
        if (grow((void **)&ds->d, &ds->cap, ds->n + 1, sizeof *ds->d)) { sqlite3_reset(st); return fail(errmsg, INS_ERR_NOMEM, NULL); }
        mdec *x = &ds->d[ds->n++];
        x->h = hash64(k, strlen(k), 11);
        x->listing_id = sqlite3_column_int64(st, 1);
        x->key = ds->text.len;
        x->confirmed = !strcmp(d, "confirmed");
        insBufAppendStr(&ds->text, k);
        insBufAppendChar(&ds->text, '\0');
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    if (ds->text.oom) return fail(errmsg, INS_ERR_NOMEM, NULL);
    if (ds->n) qsort(ds->d, ds->n, sizeof *ds->d, mdec_cmp);
    return INS_OK;
}

/* The decisions on query KEY: *first and the count returned. */
static size_t decisions_for(const mdecs *ds, const char *key, size_t *first)
{
    uint64_t h = hash64(key, strlen(key), 11);
    size_t lo = 0, hi = ds->n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (ds->d[m].h < h) lo = m + 1;
        else hi = m;
    }
    *first = lo;
    size_t n = 0;
    while (lo + n < ds->n && ds->d[lo + n].h == h) n++;
    return n;
}

/* The decision on (KEY, LISTING_ID): 1 confirmed, -1 rejected, 0 none. */
static int decision_of(const mdecs *ds, const char *key, size_t first, size_t n, int64_t listing_id)
{
    for (size_t i = first; i < first + n; i++)
        if (ds->d[i].listing_id == listing_id && !strcmp(ds->text.s + ds->d[i].key, key))
            return ds->d[i].confirmed ? 1 : -1;
    return 0;
}

/* Frees the decisions loaded for a run. */
static void decisions_free(mdecs *ds)
{
    free(ds->d);
    insBufFree(&ds->text);
}

static const char sql_listing_exists[] = "SELECT 1 FROM listings WHERE id = ?1";
static const char sql_decide[] =
    "INSERT OR REPLACE INTO match_decisions(query_key, listing_id, decision, decided_by, decided_at, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/*
** Records one decision (see match.h), replacing an earlier decision on the
** same query key and listing.  The listing must exist; the key must look
** like one screen printed (name|ids).
*/
int insMatchDecide(ins_db *db, const char *query_key, int64_t listing_id, const char *decision,
                   const char *decided_by, const char *note, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    const char *d = NULL;
    if (decision && (insUStrieq(decision, "confirm") || insUStrieq(decision, "confirmed"))) d = "confirmed";
    else if (decision && (insUStrieq(decision, "reject") || insUStrieq(decision, "rejected"))) d = "rejected";
    if (!d) return fail(errmsg, INS_ERR_ARG, _("decision must be confirm or reject"));
    if (!query_key || !strchr(query_key, '|'))
        return fail(errmsg, INS_ERR_ARG, _("not a query key (normalised name|ids, as screen prints it)"));
    sqlite3_stmt *st = insDbStmt(db, sql_listing_exists);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    sqlite3_bind_int64(st, 1, listing_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return fail(errmsg, INS_ERR_NOTFOUND, _("no such listing"));
    if (rc != SQLITE_ROW) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    st = insDbStmt(db, sql_decide);
    if (!st) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    char now[21];
    insUNowIso(now);
    insDbBindText(st, 1, query_key);
    sqlite3_bind_int64(st, 2, listing_id);
    insDbBindText(st, 3, d);
    insDbBindText(st, 4, decided_by);
    insDbBindText(st, 5, now);
    insDbBindText(st, 6, note);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? INS_OK : fail(errmsg, INS_ERR_DB, insDbErr(db));
}

typedef struct decfile_ctx {
    ins_db *db;
    int c_key, c_listing, c_decision, c_note, c_by;
    unsigned long applied, rejected;
    ins_buf err;
    int dberr;
} decfile_ctx;

/* One row of a decisions file: the header maps columns, a row is applied
** or counted as rejected with the first reason kept. */
static int decfile_row(void *ud, unsigned long row, char **f, size_t n)
{
    decfile_ctx *c = ud;
    if (row == 1) {
        c->c_key = csv_col(f, n, "query_key");
        c->c_listing = csv_col(f, n, "listing_id");
        c->c_decision = csv_col(f, n, "decision");
        c->c_note = csv_col(f, n, "note");
        c->c_by = csv_col(f, n, "decided_by");
        if (c->c_key < 0 || c->c_listing < 0 || c->c_decision < 0) {
            insBufAppendStr(&c->err, _("the header needs query_key, listing_id and decision"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    const char *lid = csv_get(f, n, c->c_listing);
    char *end = NULL;
    long long id = lid ? strtoll(lid, &end, 10) : 0;
    char *msg = NULL;
    int rc = INS_ERR_ARG;
    if (!lid || *end || id <= 0) msg = insUStrdup(_("bad listing_id"));
    else rc = insMatchDecide(c->db, csv_get(f, n, c->c_key), id, csv_get(f, n, c->c_decision),
                             csv_get(f, n, c->c_by), csv_get(f, n, c->c_note), &msg);
    if (rc == INS_ERR_DB) {
        if (!c->err.len) insBufPrintf(&c->err, _("row %lu: %s"), row, msg ? msg : "");
        free(msg);
        c->dberr = 1;
        return INS_ERR_DB;
    }
    if (rc != INS_OK) {
        c->rejected++;
        if (!c->err.len) insBufPrintf(&c->err, _("row %lu: %s"), row, msg ? msg : ins_strerror(rc));
    } else {
        c->applied++;
    }
    free(msg);
    return INS_OK;
}

/* Applies a decisions file in one transaction (see match.h). */
int insMatchDecisionsFile(ins_db *db, const char *path, unsigned long *applied,
                          unsigned long *rejected, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    decfile_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    insBufInit(&c.err);
    if (insDbBegin(db) != INS_OK) return fail(errmsg, INS_ERR_DB, insDbErr(db));
    char *csverr = NULL;
    int rc = insMatchCsvRead(path, decfile_row, &c, &csverr);
    if (rc == INS_OK) rc = insDbCommit(db) == INS_OK ? INS_OK : INS_ERR_DB;
    else insDbRollback(db);
    if (applied) *applied = rc == INS_OK ? c.applied : 0;
    if (rejected) *rejected = c.rejected;
    if (errmsg) {
        if (csverr) { *errmsg = csverr; csverr = NULL; }
        else if (c.err.len) *errmsg = insBufDetach(&c.err);
    }
    free(csverr);
    insBufFree(&c.err);
    return rc;
}

/* ====================================================================== */
/* Screening a file                                                        */
/* ====================================================================== */

/* Columns of the screened file, by accepted header names. */
static const char *const col_name[] = {"name", "nombre", "full_name", "razon_social", NULL};
static const char *const col_birth[] = {"birth_date", "date_of_birth", "dob", "fecha_nacimiento", NULL};
static const char *const col_country[] = {"nationality", "country", "nacionalidad", "pais", NULL};
static const char *const col_kind[] = {"kind", "type", "tipo", NULL};
static const char *const col_scheme[] = {"id_scheme", "scheme", NULL};
/* identifier columns and the scheme their name implies */
static const struct { const char *col, *scheme; } col_ids[] = {
    {"id", NULL}, {"tax_id", NULL}, {"document", NULL}, {"documento", NULL},
    {"ruc", INS_SCHEME_PE_RUC}, {"dni", INS_SCHEME_PE_DNI}, {"cuit", INS_SCHEME_AR_CUIT},
    {"passport", INS_SCHEME_PASSPORT}, {"pasaporte", INS_SCHEME_PASSPORT}, {"eori", INS_SCHEME_EORI}};

typedef struct screen_ctx {
    ins_match_index *ix;
    mdecs dec;
    double threshold, review;
    size_t maxc;
    ins_match_kind kind;
    ins_result *r;
    ins_screen_stats *st;
    int c_name, c_birth, c_country, c_kind, c_scheme;
    int c_id[INS_MATCH_MAX_IDS];
    const char *id_scheme[INS_MATCH_MAX_IDS];
    size_t ncid;
    ins_buf err;
} screen_ctx;

/* Appends one result row. */
static int screen_add(screen_ctx *c, unsigned long row, const char *qname, const mlisting *l,
                      const char *listed, double score, int status, const char *why, const char *key)
{
    long r = insResultAddRow(c->r);
    if (r < 0) return INS_ERR_NOMEM;
    int rc = insResultSetf(c->r, (size_t)r, 0, "%lu", row - 1);
    rc |= insResultSet(c->r, (size_t)r, 1, qname);
    rc |= insResultSetf(c->r, (size_t)r, 2, "%lld", (long long)l->id);
    rc |= insResultSet(c->r, (size_t)r, 3, arena_str(c->ix, l->list_name));
    rc |= insResultSet(c->r, (size_t)r, 4, listed);
    rc |= insResultSetf(c->r, (size_t)r, 5, "%.3f", score);
    rc |= insResultSet(c->r, (size_t)r, 6, insMatchStatusName(status));
    rc |= insResultSet(c->r, (size_t)r, 7, why);
    rc |= insResultSet(c->r, (size_t)r, 8, key);
    if (status == INS_MS_MATCH) c->st->matches++;
    else if (status == INS_MS_REVIEW) c->st->reviews++;
    else if (status == INS_MS_CONFIRMED) c->st->confirmed++;
    return rc ? INS_ERR_NOMEM : INS_OK;
}

/*
** One row of the screened file: the header maps the columns by name; a
** record becomes a query, its hits are classified, rejected ones left out,
** confirmed ones marked (and added when the search did not bring them).
*/
static int screen_row(void *ud, unsigned long row, char **f, size_t n)
{
    screen_ctx *c = ud;
    if (row == 1) {
        c->c_name = csv_col_any(f, n, col_name);
        c->c_birth = csv_col_any(f, n, col_birth);
        c->c_country = csv_col_any(f, n, col_country);
        c->c_kind = csv_col_any(f, n, col_kind);
        c->c_scheme = csv_col_any(f, n, col_scheme);
        for (size_t i = 0; i < INS_ARRAY_LEN(col_ids) && c->ncid < INS_MATCH_MAX_IDS; i++) {
            int col = csv_col(f, n, col_ids[i].col);
            if (col < 0) continue;
            c->c_id[c->ncid] = col;
            c->id_scheme[c->ncid++] = col_ids[i].scheme;
        }
        if (c->c_name < 0) {
            insBufAppendStr(&c->err, _("the header has no name column (name, nombre)"));
            return INS_ERR_FORMAT;
        }
        return INS_OK;
    }
    ins_match_query q;
    memset(&q, 0, sizeof q);
    q.name = csv_get(f, n, c->c_name);
    for (size_t i = 0; i < c->ncid; i++) {
        const char *v = csv_get(f, n, c->c_id[i]);
        if (!v) continue;
        q.schemes[q.nids] = c->id_scheme[i] ? c->id_scheme[i] : csv_get(f, n, c->c_scheme);
        q.ids[q.nids++] = v;
    }
    if (!q.name && !q.nids) { c->st->skipped++; return INS_OK; }
    c->st->rows++;
    q.birth_date = csv_get(f, n, c->c_birth);
    q.country = csv_get(f, n, c->c_country);
    q.kind = c->c_kind >= 0 && csv_get(f, n, c->c_kind) ? insMatchKindFromText(f[c->c_kind]) : c->kind;
    char *key = insMatchQueryKey(q.name, q.ids, q.nids);
    if (!key) return INS_ERR_NOMEM;
    size_t dfirst, dn = decisions_for(&c->dec, key, &dfirst);
    ins_match_hit *h = NULL;
    size_t nh = 0;
    int rc = insMatchQueryRun(c->ix, &q, c->review, c->maxc + dn, &h, &nh);
    size_t shown = 0;
    for (size_t i = 0; i < nh && rc == INS_OK; i++) {
        int d = dn ? decision_of(&c->dec, key, dfirst, dn, h[i].listing_id) : 0;
        if (d < 0) { c->st->rejected++; continue; }
        if (shown >= c->maxc && d == 0) continue;
        long li = listing_find(c->ix, h[i].listing_id);
        if (li < 0) continue;
        int status = d > 0 ? INS_MS_CONFIRMED : insMatchClassify(h[i].score, c->threshold, c->review);
        if (status == INS_MS_NONE) continue;
        ins_buf why;
        insBufInit(&why);
        if (d > 0) insBufAppendStr(&why, _("confirmed earlier; "));
        insBufAppendStr(&why, h[i].why);
        rc = screen_add(c, row, q.name ? q.name : "", &c->ix->listings[li], h[i].listed_name, h[i].score,
                        status, insBufStr(&why), key);
        insBufFree(&why);
        shown++;
    }
    /* confirmed listings the search did not bring back this time */
    for (size_t k = dfirst; k < dfirst + dn && rc == INS_OK; k++) {
        const mdec *d = &c->dec.d[k];
        if (!d->confirmed || strcmp(c->dec.text.s + d->key, key)) continue;
        long li = listing_find(c->ix, d->listing_id);
        if (li < 0) continue;
        int seen = 0;
        for (size_t i = 0; i < nh; i++) seen |= h[i].listing_id == d->listing_id;
        if (seen) continue;
        const mlisting *l = &c->ix->listings[li];
        ins_buf why;
        insBufInit(&why);
        insBufAppendStr(&why, _("confirmed earlier; "));
        double best = 0;
        uint32_t bn = l->first_name;
        char *qana = analyse(q.name ? q.name : "");
        c->ix->qready[0] = c->ix->qready[1] = c->ix->qready[2] = 0;
        for (uint32_t j = 0; qana && j < l->nnames; j++) {
            double s = score_name(c->ix, qana, &q, l->first_name + j, NULL);
            if (s > best) { best = s; bn = l->first_name + j; }
        }
        if (qana && l->nnames) score_name(c->ix, qana, &q, bn, &why);
        free(qana);
        rc = screen_add(c, row, q.name ? q.name : "", l,
                        l->nnames ? arena_str(c->ix, c->ix->names[bn].raw) : arena_str(c->ix, l->name), best,
                        INS_MS_CONFIRMED, insBufStr(&why), key);
        insBufFree(&why);
    }
    insMatchHitsFree(h, nh);
    free(key);
    return rc;
}

/* Screens a CSV file against the listings in force (see match.h). */
int insScreenFile(ins_db *db, const char *path, const ins_screen_opts *o, ins_result **out,
                  ins_screen_stats *st, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    *out = NULL;
    ins_screen_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    screen_ctx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.threshold = o && o->threshold > 0 ? o->threshold : INS_MATCH_THRESHOLD;
    c.review = o && o->review > 0 ? o->review : INS_MATCH_REVIEW;
    if (c.review > c.threshold) c.review = c.threshold;
    c.maxc = o && o->max_candidates ? o->max_candidates : 5;
    if (c.maxc > INS_MATCH_MAX_SCORED) c.maxc = INS_MATCH_MAX_SCORED;
    c.kind = o ? o->kind : INS_MK_ANY;
    insBufInit(&c.err);
    int rc = insMatchIndexLoad(db, o ? o->as_of : NULL, INS_MATCH_IN_FORCE, &c.ix, errmsg);
    if (rc != INS_OK) return rc;
    st->listings = c.ix->nlistings;
    st->names = c.ix->nnames;
    rc = decisions_load(db, &c.dec, errmsg);
    static const char *const cols[] = {"row", "query_name", "listing_id", "list_name", "listed_name",
                                       "score", "status", "explanation", "query_key"};
    if (rc == INS_OK) {
        ins_buf title, note;
        insBufInit(&title);
        insBufInit(&note);
        insBufPrintf(&title, _("Screening against the listings in force on %s"), c.ix->as_of);
        insBufPrintf(&note, _("A candidate is a lead to check, not a finding.  match: score %.2f or more; "
                              "review: %.2f to %.2f; confirmed: decided earlier."),
                     c.threshold, c.review, c.threshold);
        c.r = insResultNew(insBufStr(&title), insBufStr(&note), cols, INS_ARRAY_LEN(cols));
        insBufFree(&title);
        insBufFree(&note);
        if (!c.r) rc = fail(errmsg, INS_ERR_NOMEM, NULL);
    }
    if (rc == INS_OK) {
        char *csverr = NULL;
        rc = insMatchCsvRead(path, screen_row, &c, &csverr);
        if (rc != INS_OK && errmsg && !*errmsg) {
            if (c.err.len) { *errmsg = insBufDetach(&c.err); free(csverr); }
            else *errmsg = csverr;
        } else {
            free(csverr);
        }
    }
    decisions_free(&c.dec);
    insBufFree(&c.err);
    insMatchIndexFree(c.ix);
    if (rc != INS_OK) { ins_result_free(c.r); return rc; }
    *out = c.r;
    return INS_OK;
}

/* ====================================================================== */
/* Linking listings to firms and persons                                   */
/* ====================================================================== */

/* One link being collected for a subject. */
typedef struct mlink {
    int64_t listing_id;
    double score;
    int by_id;
    char *why;
} mlink;

typedef struct link_ctx {
    ins_db *db;
    ins_match_index *ix;
    double threshold;
    mlink links[32];
    size_t nlinks;
    size_t written;
} link_ctx;

/* Screens one name (and the identifiers of Q) of a subject, merging hits
** into C->links. */
static int link_query(link_ctx *c, ins_match_query *q)
{
    ins_match_hit *h = NULL;
    size_t nh = 0;
    int rc = insMatchQueryRun(c->ix, q, c->threshold, 16, &h, &nh);
    for (size_t i = 0; i < nh && rc == INS_OK; i++) {
        if (!h[i].by_id && h[i].score < c->threshold) continue;
        size_t k = 0;
        while (k < c->nlinks && c->links[k].listing_id != h[i].listing_id) k++;
        if (k == c->nlinks) {
            if (k == INS_ARRAY_LEN(c->links)) continue;
            c->links[k].listing_id = h[i].listing_id;
            c->links[k].score = -1;
            c->links[k].by_id = 0;
            c->links[k].why = NULL;
            c->nlinks++;
        }
        mlink *l = &c->links[k];
        int better = h[i].by_id > l->by_id || (h[i].by_id == l->by_id && h[i].score > l->score);
        if (!better) continue;
        free(l->why);
        l->why = h[i].why;
        h[i].why = NULL;
        l->score = h[i].score;
        l->by_id = h[i].by_id;
    }
    insMatchHitsFree(h, nh);
    return rc;
}

static const char sql_link_insert[] =
    "INSERT OR REPLACE INTO listing_links(listing_id, subject_type, subject_id, score, matched_by, explanation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Writes the links collected for one subject and forgets them. */
static int link_flush(link_ctx *c, const char *type, int64_t subject)
{
    int rc = INS_OK;
    for (size_t k = 0; k < c->nlinks; k++) {
        mlink *l = &c->links[k];
        if (rc == INS_OK) {
            sqlite3_stmt *st = insDbStmt(c->db, sql_link_insert);
            if (!st) rc = INS_ERR_DB;
            else {
                sqlite3_bind_int64(st, 1, l->listing_id);
                insDbBindText(st, 2, type);
                sqlite3_bind_int64(st, 3, subject);
                sqlite3_bind_double(st, 4, l->score);
                insDbBindText(st, 5, l->by_id ? "identifier" : "name");
                insDbBindText(st, 6, l->why);
                if (sqlite3_step(st) != SQLITE_DONE) rc = INS_ERR_DB;
                sqlite3_reset(st);
                if (rc == INS_OK) c->written++;
            }
        }
        free(l->why);
    }
    c->nlinks = 0;
    return rc;
}

static const char sql_link_firms[] = "SELECT f.id, f.scheme, f.tax_id, f.name FROM firms f ORDER BY f.id";
static const char sql_link_firm_names[] =
    "SELECT fn.firm_id, MIN(fn.name) FROM firm_names fn GROUP BY fn.firm_id, fn.norm_name ORDER BY fn.firm_id";
static const char sql_link_persons[] =
    "SELECT p.id, p.scheme, p.number, TRIM(COALESCE(p.given_names, '') || ' ' || COALESCE(p.family_names, ''))"
    " FROM persons p ORDER BY p.id";

/* Links every firm: its name, its other names, its tax id. */
static int link_firms(link_ctx *c)
{
    sqlite3_stmt *fs = insDbStmt(c->db, sql_link_firms);
    sqlite3_stmt *ns = insDbStmt(c->db, sql_link_firm_names);
    if (!fs || !ns) return INS_ERR_DB;
    int rc = INS_OK, nrc = sqlite3_step(ns), frc = SQLITE_DONE;
    while (rc == INS_OK && (frc = sqlite3_step(fs)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(fs, 0);
        const char *scheme = (const char *)sqlite3_column_text(fs, 1);
        const char *tax = (const char *)sqlite3_column_text(fs, 2);
        ins_match_query q;
        memset(&q, 0, sizeof q);
        /* a Peruvian RUC of a natural person (10...) names a person */
        q.kind = scheme && !strcmp(scheme, INS_SCHEME_PE_RUC) && tax && !strncmp(tax, "10", 2) ? INS_MK_PERSON
                                                                                             : INS_MK_COMPANY;
        if (tax && *tax && scheme && strcmp(scheme, INS_SCHEME_NAME)) {
            q.ids[0] = tax;
            q.schemes[0] = scheme;
            q.nids = 1;
        }
        q.name = (const char *)sqlite3_column_text(fs, 3);
        rc = link_query(c, &q);
        q.nids = 0; /* identifiers decided once */
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) < id) nrc = sqlite3_step(ns);
        while (rc == INS_OK && nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) == id) {
            const char *alt = (const char *)sqlite3_column_text(ns, 1);
            if (alt && (!q.name || strcmp(alt, q.name))) {
                ins_match_query a = q;
                a.name = alt;
                rc = link_query(c, &a);
            }
            nrc = sqlite3_step(ns);
        }
        if (rc == INS_OK) rc = link_flush(c, "firm", id);
        else link_flush(c, "firm", id);
    }
    if (rc == INS_OK && (frc != SQLITE_DONE || (nrc != SQLITE_DONE && nrc != SQLITE_ROW))) rc = INS_ERR_DB;
    sqlite3_reset(fs);
    sqlite3_reset(ns);
    return rc;
}

/* Links every person by name and document. */
static int link_persons(link_ctx *c)
{
    sqlite3_stmt *ps = insDbStmt(c->db, sql_link_persons);
    if (!ps) return INS_ERR_DB;
    int rc = INS_OK, prc = SQLITE_DONE;
    while (rc == INS_OK && (prc = sqlite3_step(ps)) == SQLITE_ROW) {
        ins_match_query q;
        memset(&q, 0, sizeof q);
        q.kind = INS_MK_PERSON;
        const char *scheme = (const char *)sqlite3_column_text(ps, 1);
        const char *number = (const char *)sqlite3_column_text(ps, 2);
        if (number && *number) {
            q.ids[0] = number;
            q.schemes[0] = scheme;
            q.nids = 1;
        }
        q.name = (const char *)sqlite3_column_text(ps, 3);
        rc = link_query(c, &q);
        int frc = link_flush(c, "person", sqlite3_column_int64(ps, 0));
        if (rc == INS_OK) rc = frc;
    }
    if (rc == INS_OK && prc != SQLITE_DONE) rc = INS_ERR_DB;
    sqlite3_reset(ps);
    return rc;
}

/*
** Links listings to firms and persons (see match.h): one index of the
** listings ever listed up to AS_OF, firms and persons read in two passes of
** one query each, listing_links rewritten inside a savepoint.
*/
int insMatchLinkListings(ins_db *db, const char *as_of, double threshold, size_t *links)
{
    if (links) *links = 0;
    link_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.threshold = threshold > 0 ? threshold : INS_MATCH_LINK_THRESHOLD;
    int rc = insMatchIndexLoad(db, as_of, INS_MATCH_EVER, &c.ix, NULL);
    if (rc != INS_OK) return rc;
    if (insDbExec(db, "SAVEPOINT match_links") != INS_OK) { insMatchIndexFree(c.ix); return INS_ERR_DB; }
    rc = insDbExec(db, "DELETE FROM listing_links");
    if (rc == INS_OK && c.ix->nlistings) rc = link_firms(&c);
    if (rc == INS_OK && c.ix->nlistings) rc = link_persons(&c);
    if (rc == INS_OK) rc = insDbExec(db, "RELEASE match_links");
    if (rc != INS_OK) {
        insDbExec(db, "ROLLBACK TO match_links");
        insDbExec(db, "RELEASE match_links");
        rc = INS_ERR_DB;
    }
    insMatchIndexFree(c.ix);
    if (links && rc == INS_OK) *links = c.written;
    return rc;
}
