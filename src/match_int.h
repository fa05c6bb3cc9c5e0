/*
** match_int.h: what the files of the matcher share among themselves.
**
** The matcher is split into stages, each using only the ones before it:
**
**   match_words.c   UTF-8, transliteration, word lists, legal forms, the
**                   Spanish phonetic key (mostly data)
**   match_name.c    analysed names and their comparison
**   match_index.c   identifiers, the in-memory listing index, screening
**                   one record
**   screen.c        screening a file, decisions, the name-pair benchmark
**   match_link.c    linking listings to firms and persons (scoring calls
**                   it); uses only match.h
**
** This header holds the layouts and helpers those files share: the word
** table, analysed names and the index.  Only these files include it;
** everything else includes match.h (or inspector.h).
*/
#ifndef INS_MATCH_INT_H
#define INS_MATCH_INT_H

#include "match.h"

/* ---- match_words.c --------------------------------------------------------- */

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

#define LEGAL_MAX_WORDS 6

/* The legal forms, their number, and each phrase split into words (filled
** by insMatchWordsInit). */
extern const legal_form insMatchLegalForms[];
extern const size_t insMatchLegalFormCount;
extern const char *insMatchLegalWords[][LEGAL_MAX_WORDS];
extern unsigned char insMatchLegalNWords[];

/* Decodes one code point of S (LEN bytes) into *CP; returns the bytes used. */
size_t insMatchUtf8Dec(const unsigned char *s, size_t len, uint32_t *cp);
/* 64-bit FNV-1a of [S, S+LEN) with SEED and a final mix. */
uint64_t insMatchHash64(const char *s, size_t len, uint64_t seed);
/* RAW normalised and transliterated, words separated by single spaces;
** malloc'd, NULL when out of memory. */
char *insMatchAnalyse(const char *raw);
/* Builds the word table and the legal-form words once; returns 0. */
int insMatchWordsInit(void);
/* The word table entry of W (LEN bytes), or NULL. */
const word_info *insMatchWordFind(const char *w, size_t len);

/* ---- match_roles.c (generated from data/ by scripts/names2c.sh) ------------ */

/* Roles a word can play in a person's name: bits of name_role.role. */
#define NR_GIVEN 1   /* a given name (Juan, Rosa, Wilber) */
#define NR_SURNAME 2 /* a surname (Quispe, García); both bits: either (León, Cruz) */

/* A word of the name lists in the matcher's token form, with its roles;
** the table is sorted by word (strcmp). */
typedef struct name_role {
    const char *word;
    unsigned char role;
} name_role;
extern const name_role insMatchNameRoles[];
extern const size_t insMatchNameRoleCount;

/* ---- match_name.c ---------------------------------------------------------- */

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
    uint8_t role;        /* NR_* bits from the name lists (persons), 0 unknown */
    int16_t group[3];    /* given-name variant groups */
    float w;             /* weight */
} mtok;

/* A name holds at most INS_MATCH_MAX_TOKENS x INS_MATCH_MAX_TOKEN_CPS code
** points, so their offsets fit in mtok's 16 bits. */
_Static_assert(INS_MATCH_MAX_TOKENS * INS_MATCH_MAX_TOKEN_CPS <= UINT16_MAX, "mtok offsets are 16-bit");

struct ins_mname {
    int kind;
    size_t ntok;
    mtok tok[INS_MATCH_MAX_TOKENS];
    size_t nlegal;
    short legal[INS_MATCH_MAX_LEGAL_FORMS]; /* indices into insMatchLegalForms */
    int has_patro;
    ins_buf text;        /* token texts, each NUL-terminated */
    ins_buf ph;          /* phonetic keys, each NUL-terminated */
    uint32_t *cps;
    size_t ncps, capcps;
};

/* Accessors of a token's text, phonetic key and code points in its name. */
static inline const char *tok_text(const ins_mname *n, const mtok *t) { return n->text.s + t->off; }
static inline const char *tok_ph(const ins_mname *n, const mtok *t) { return n->ph.s + t->phoff; }
static inline const uint32_t *tok_cp(const ins_mname *n, const mtok *t) { return n->cps + t->cpoff; }
/* Significant tokens (words, initials, numbers) count in a name; particles,
** titles and stop words hardly do. */
static inline int sig_class(int cls) { return cls <= TK_NUMBER; }
static inline int tok_sig(const mtok *t) { return sig_class(t->cls); }

/* Fills N from the analysed string A for a name of KIND; 0, -1 when out
** of memory. */
int insMatchNameFill(ins_mname *n, const char *a, int kind);
/* The bytes of the first (FROM_END: last) COUNT code points of S. */
size_t insMatchCpSlice(const char *s, size_t len, int count, int from_end, size_t *off);

/* ---- match_index.c --------------------------------------------------------- */

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
    char country[INS_MATCH_MAX_COUNTRIES][3];
    int16_t byear[INS_MATCH_MAX_BIRTHS];
    int32_t bdays[INS_MATCH_MAX_BIRTHS]; /* days of a full birth date, 0 when only the year */
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
    uint8_t *ntok;               /* per name: significant tokens (a compact copy) */
    ins_mname cname;             /* loading: the listing name being analysed */
    ins_match_scratch *scr;      /* the scratch of insMatchQueryRun (one thread) */
};

/*
** What one query writes while it runs: the query analysed as a name of
** each kind, the candidate being compared, and per listing name the
** generation of the query that last touched it with the query words it
** matched.  The index itself is read-only once loaded, so each thread that
** screens holds a scratch of its own (insMatchScratchNew).
*/
struct ins_match_scratch {
    ins_mname qname[3], cname; /* the query as a name of each kind; a candidate */
    int qready[3];
    struct mslot { uint32_t gen, strong, weak; } *slot; /* per name: query seen, tokens matched */
    uint32_t *touched;         /* names touched by the current query */
    uint32_t gen;
    size_t last_scored;
};

/* The string at offset OFF of the arena. */
static inline const char *arena_str(const ins_match_index *ix, uint32_t off) { return ix->arena.s + off; }

/* Sets *errmsg to a copy of MSG (or of RC's text) unless set; returns RC. */
int insMatchFail(char **errmsg, int rc, const char *msg);
/* The index of the listing with ID, or -1. */
long insMatchListingFind(const ins_match_index *ix, int64_t id);
/* Scores listing name NAME for query Q (analysed as QANA); -1 when out of
** memory.  Fills WHY when not NULL. */
double insMatchScoreName(const ins_match_index *ix, ins_match_scratch *s, const char *qana,
                         const ins_match_query *q, uint32_t name, ins_buf *why);

#endif /* INS_MATCH_INT_H */
