/*
** gen.h: the private interface of the demo-world generator (examples/gen-world).
**
** The generator builds a world in memory, plays it as dated events and
** writes every event as the documents a real firm would issue.  Its files,
** in the order the program runs them:
**
**   gen_tables.c   the fixed data: districts, products, kinds of firms,
**                  name lists, foreign buyers; lookups and distances
**   gen_world.c    main and options, the random generator, string and
**                  calendar helpers, the output folders
**   gen_firms.c    the world's records: identifiers, firms and fleets,
**                  picking partners, flows, moves, truth rows, population
**   gen_cases.c    the planted forced-labour cases and the decoys
**   gen_wiring.c   the ordinary trade sector by sector, the transport of
**                  each flow, the calibration of intermediaries' volumes
**   gen_events.c   flows and moves to dated events; the event player that
**                  schedules vehicles and fills invoices and guias
**   gen_output.c   the writers: UBL 2.1 invoices, GRE 2.0 guias, supplier
**                  declarations (CSV), truth.csv and decoys.csv
**
** Everything here is internal to gen-world: it uses only libc and libm,
** and nothing of the inspector library.  Every random draw goes through
** the one generator in world.r, in an order fixed by the code (never two
** draws in one expression whose evaluation order C leaves open), so the
** same seed writes the same bytes; moving a call that draws changes the
** world.
*/
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_LINES 6    /* lines of one invoice or guia */
#define MAX_VEH 40     /* vehicles of one fleet */
#define MAX_DRV 48     /* drivers of one fleet */
#define MAX_PROD 4     /* products of one flow */
#define MAX_PLACES 6   /* origins or destinations of one move */
#define MAX_FOREIGN 64 /* rows of the FOREIGN table, at most */
#define PATH_BYTES 1024
#define NDIST_MAX 128  /* rows of the DISTRICTS table, at most */

/* A month mask with every calendar month set (bit 0 is January). */
#define ALL_MONTHS 0xFFFu

/*
** The demo world documents a sample of each relationship's trade: orders
** are ACTIVITY times as frequent as the rhythm a flow is given, and as
** much larger, so volumes and shares stay those of the full trade while
** the world keeps to a few thousand documents.
*/
#define ACTIVITY 0.55

/* ---- the pseudo-random generator (gen_world.c) ------------------------------------ */

/* The only mutable state besides the world itself: splitmix64. */
typedef struct rng {
    uint64_t s;
} rng;

int rnd(rng *r, int n);                           /* uniform in [0, n); 0 when n <= 1 */
int rnd_between(rng *r, int lo, int hi);          /* uniform in [lo, hi] */
double rnd_unit(rng *r);                          /* uniform in [0, 1) */
double rnd_uniform(rng *r, double lo, double hi); /* uniform in [lo, hi) */
int rnd_chance(rng *r, double p);                 /* 1 with probability p */
double rnd_size(rng *r);                          /* a skewed size factor around 1 */

/* ---- string and calendar helpers (gen_world.c) ------------------------------------ */

/* Bounded copy, always terminated. */
void copy_str(char *dst, size_t n, const char *s);
/* Alternative K (modulo their number) of '|'-separated ALTS, into OUT. */
const char *alt(const char *alts, int k, char *out, size_t n);
/* UTF-8 upper case as SUNAT's registry writes names. */
void upcase(const char *in, char *out, size_t n);
/* Spanish accents removed, as many small issuers type names. */
void fold_accents(const char *in, char *out, size_t n);
/* Rounded to cents. */
double round2(double x);
/* The date of day Z since 1970-01-01. */
void civil_from_days(int z, int *y, int *m, int *d);
/* Days in month M (1-12) of year Y. */
int month_days(int y, int m);
/* The mask of calendar months A..B, wrapping over the new year. */
unsigned months_mask(int a, int b);
/* Grows array *P of *CAP elements to hold NEED; exits when out of memory. */
void grow(void **p, int *cap, int need, size_t size);

/*
** Lookups that keep the generator linear in the size of the world.  They
** answer exactly what a scan of the records would (which names, plates or
** flows exist), so a world is the same byte for byte whichever is used.
*/
/* A set of strings (open addressing): identifiers, plates, name keys. */
typedef struct strset {
    char **slot;
    size_t cap, n;
} strset;
int strset_has(const strset *s, const char *k);
void strset_add(strset *s, const char *k); /* a copy of K; nothing when already there */
void strset_free(strset *s);
/* A map from 64-bit keys to non-negative ints (open addressing). */
typedef struct keymap {
    uint64_t *key;
    int *val;
    size_t cap, n;
} keymap;
int keymap_get(const keymap *m, uint64_t k); /* -1 when absent */
void keymap_put(keymap *m, uint64_t k, int v);
void keymap_free(keymap *m);

/* ---- the fixed tables (gen_tables.c) ---------------------------------------------- */

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

extern const district DISTRICTS[];

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

extern const product PRODUCTS[];

/* Kinds of firms, the index of KINDS. */
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

extern const kind_info KINDS[K_COUNT];

/* '|'-separated name parts: cores of firm names, surnames, given names, street names. */
extern const char GENERIC_CORES[];
extern const char SURNAMES[];
extern const char GIVEN_M[];
extern const char GIVEN_F[];
extern const char STREETS[];

/* Sectors a foreign buyer imports. */
enum { FS_GOLD, FS_NUTS, FS_GARMENT, FS_AGRO, FS_FISH, FS_COFFEE, FS_TIMBER, FS_COUNT };

/* Foreign buyers: country, sector, name, address.  Names are invented. */
typedef struct foreign_info {
    const char *iso;
    int sector;
    const char *name;
    const char *address;
} foreign_info;

extern const foreign_info FOREIGN[];
extern const int NFOREIGN; /* rows of FOREIGN, at most MAX_FOREIGN */

int dist_index(const char *code); /* index of an ubigeo in DISTRICTS; exits when absent */
double dist_km(int a, int b);     /* great-circle km between two districts */
int travel_days(int a, int b);    /* days a road vehicle needs between them */
int same_dept(int a, int b);      /* 1 when both are in one department */
int hub_of(int d);                /* the regional hub where remote firms keep offices */
int prod_index(const char *key);  /* index of a product key in PRODUCTS; exits when absent */
const char *region_cores(int d);  /* '|'-separated name cores of D's department */

/* ---- the world's records ---------------------------------------------------------- */

/* A road vehicle: its plate, where it is, when it is free, its regular driver. */
typedef struct vehicle {
    char plate[12];
    int loc;      /* district where it is */
    int free_day; /* first day it can start a new leg there */
    int driver;   /* its regular driver */
    int legs;     /* guias it appears on */
} vehicle;

/* A driver as guias name them. */
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

/*
** A firm: Peruvian (a RUC, a main establishment, maybe a worksite and an
** office annex) or a foreign buyer; its counters number its documents.
*/
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

/* Kinds of events; at one day they are played in this order. */
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
    int next; /* the carrier's next trip, or -1 */
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

/* What must appear in the documents for a truth row to be written (truth_row.check). */
enum { TC_NONE, TC_FIRM, TC_VEHICLE, TC_ROUTE };

/*
** The whole world: the options, the one random generator, every record,
** what the planted cases hand to later stages, and the summary counters.
*/
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
    /* what must stay unique, and indexes over the records (see strset) */
    strset ids, name_keys, plates;
    keymap flow_of;        /* (seller, buyer, first product) to its flow */
    int *of_kind[K_COUNT]; /* firms of each kind, in creation order */
    int nof_kind[K_COUNT], capof_kind[K_COUNT];
    int *freight_head, *freight_tail; /* per firm: its first and last trip to bill, or -1 */
    struct pick_list *picks;          /* partner picks by kind and district (gen_firms.c) */
    int picks_ready;                  /* set once the candidates of picks no longer change */
    /* --only-months: days [write_from, write_to) of the window are written, the rest only played */
    int write_from, write_to;

    /* firms of the planted cases, for the declarations */
    int amz, brand1;
    /* C08: the log flow run on the cloned plate, and the real truck's restocking trips */
    int c08_flow, c08_move;
    /* the forestry guide numbers the C10 contractor keeps citing */
    char gtf_pool[3][24];
    int ngtf_pool;
    /* counters for the summary */
    int n_fact, n_bol, n_cn, n_g09, n_g31, n_csv;
    int n_dam; /* customs declarations written (their agency order numbers) */
    int nwritten; /* truth and decoy rows written */
} world;

/* ---- documents as written (filled in gen_events.c, written by gen_output.c) ------- */

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
    double kg; /* net mass of the line (the DAM's series) */
} inv_line;

/* Tax of an invoice: IGV at 18%, exempt (Amazon region), export. */
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

/* ---- the world's records (gen_firms.c) -------------------------------------------- */

/* People: a DNI; a given name and two surnames; a driver with a licence. */
void make_dni(world *w, char out[9]);
void make_person(world *w, int female, char *given, size_t ng, char *family, size_t nf);
void new_driver(world *w, driver *d);
/* A street address in district DIST. */
void street_address(world *w, int dist, char *out, size_t n);
/* Fleets: a new one for firm OWNER; one more vehicle at LOC (-1 when full). */
int new_fleet(world *w, int owner, int nveh, int cap);
int fleet_add_vehicle(world *w, int fi, int loc);
/* A Peruvian firm of KIND; MAIN and SITE are ubigeos or NULL to draw them. */
int new_firm(world *w, int kind, const char *main_code, const char *site_code);
/* Partners: by kind and distance, within a department, foreign buyers by sector, carriers. */
int pick_firm(world *w, int kind, int near, int exclude);
int pick_firm_in_dept(world *w, int kind, int near, int exclude);
int pick_foreign(world *w, int sector, const char *iso);
int pick_carrier(world *w, int near, int informal_ok);
/* Flows: a new trading relationship (or the existing one), a further product line. */
int add_flow(world *w, int seller, int buyer, const char *key, unsigned months, double p, int maxn,
             double scale);
void flow_add_product(world *w, int fi, const char *key);
/* Moves: a new one, its origins and destinations (ubigeo lists), its head count. */
int add_move(world *w, int shipper, int recipient, int carrier, const char *motivo, const char *descs,
             unsigned months, double p, int maxn);
void move_route(world *w, int mi, const char *origins, const char *dests);
void move_people(world *w, int mi, int lo, int hi);
/* The answer key: any row; a firm's, a fleet's vehicles', a route's; a decoy firm's. */
void add_truth(world *w, int decoy, const char *subject, const char *ubigeo, const char *case_id,
               const char *role, const char *ind, const char *desc);
void truth_firm(world *w, int fi, int dist, const char *case_id, const char *role, const char *ind,
                const char *desc);
void truth_fleet(world *w, int fi, int dist, const char *case_id, const char *ind, const char *desc);
void truth_route(world *w, const char *orig, const char *dest, const char *case_id, const char *ind,
                 const char *desc);
void decoy_firm(world *w, int fi, int dist, const char *case_id, const char *desc);
/* The ordinary firms, about target_firms less PLANTED of them. */
void populate(world *w, int planted);
/* Frees what the partner picks keep (world.picks). */
void free_pick_lists(world *w);

/* ---- the planted cases (gen_cases.c) ---------------------------------------------- */

/* Builds the planted cases and their decoys; after populate, before the wiring. */
void plant(world *w);

/* ---- the ordinary trade, transport and calibration (gen_wiring.c) ----------------- */

/* A grocery basket flow (rice, sugar, oil and more), delivered to the buyer's site. */
int food_basket(world *w, int seller, int buyer, unsigned months, double p, double scale);
/* The trade of each sector, run in this order after plant(). */
void wire_gold(world *w);
void wire_timber(world *w);
void wire_nuts(world *w);
void wire_garments(world *w);
void wire_agro(world *w);
void wire_fish(world *w);
void wire_building(world *w);
void wire_coffee(world *w);
void wire_food(world *w);
/* How each flow travels; the decoys that choice makes; intermediaries' volumes. */
void choose_transport(world *w);
void transport_decoys(world *w);
void calibrate(world *w);

/* ---- events and their player (gen_events.c) --------------------------------------- */

/* Draws the dated events of every flow, move, shop and carrier. */
void make_events(world *w);
/* Sorts the events and plays each into its documents. */
void run_events(world *w);

/* ---- the writers (gen_output.c) --------------------------------------------------- */

/* YYYY-MM-DD of day DAY of the window. */
void fmt_date(const world *w, int day, char out[11]);
/* 1 when documents dated DAY are written (--only-months), 0 when they are only played. */
int day_written(const world *w, int day);
/* One factura, boleta or nota de credito; one guia remitente or transportista. */
void write_invoice(world *w, const invoice *iv);
void write_guia(world *w, const guia *g);
/* The DAMs of export invoice IV (one per DAM number its lines cite), its
** guía to the port G (NULL: none), appended to its month's transmission. */
void write_dam(world *w, const invoice *iv, const guia *g);
/* The supplier declaration of firm DECL, with one informal supplier. */
void write_declaration(world *w, int decl, const char *what, const char *informal_name,
                       const char *informal_ubigeo, const char *informal_hs, int informal_kind);
/* truth.csv (DECOY 0) or decoys.csv (DECOY 1). */
void write_truth(world *w, int decoy);
void write_rates(world *w);

#endif /* GEN_H */
