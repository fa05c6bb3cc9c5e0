/*
** graphgen.c: writes a synthetic supply graph straight into a database,
** for the `graph` scale of bench/run (scoring alone on a million firms).
**
**   bench/graphgen [--seed N] [--firms N] [--edges N] DB
**
** DB must have been created with `inspector init` (the reference data:
** ubigeo, HS codes, the ILAB goods list).  The graph is written through
** the library's bulk insert path (src/bulk.c): firms with their main
** establishments, one invoice document per order with one line per
** product, and then the supply edges built set-wise from the lines.  It is
** deterministic for a seed (one splitmix64 generator, no clock).
**
** The graph is shaped like a supply chain, not drawn uniformly, so that
** scoring does the work it does on real data:
**   - eight sectors (gold, timber, Brazil nuts, coffee, fish, garments,
**     bricks, agro-export), each a chain of four tiers: primary producers
**     in their real districts (mining camps of Madre de Dios and Puno,
**     timber concessions, nut forests...), processors and traders in the
**     regional hubs, manufacturers and wholesalers, then brands, retailers
**     and exporters mostly in Lima; foreign buyers at the end;
**   - products with real tariff codes, so that gold, timber, nuts, fish
**     and bricks meet the ILAB list and the trade rules fire, and chain
**     risk travels up the tiers;
**   - skewed degrees: how many customers a seller has follows a heavy
**     tail (a Pareto draw), and buyers are chosen with a preference for
**     the large ones of their tier, so a few firms buy from thousands;
**   - service hubs (fuel, groceries, hardware, mining supplies) that sell
**     to producers and processors of every sector: the highest degrees;
**   - exports on invoices with operation type 0200 in US dollars.
** Every (seller, buyer, product) is one supply edge; each is backed by one
** to four orders dated within the year that ends on 2026-10-31.
*/
#include "ins_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the random generator ------------------------------------------------- */

/* splitmix64 (Steele, Lea and Flood 2014): the only source of randomness. */
static uint64_t rng_state;

/* Next 64 random bits. */
static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform double in [0, 1). */
static double rnd_unit(void)
{
    return (double)(rnd64() >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform integer in [0, n); 0 when n <= 1. */
static long rnd_below(long n)
{
    return n <= 1 ? 0 : (long)(rnd64() % (uint64_t)n);
}

/* ---- the world's tables ------------------------------------------------------ */

enum { S_GOLD, S_TIMBER, S_NUTS, S_COFFEE, S_FISH, S_GARMENT, S_BRICKS, S_AGRO, S_COUNT };
enum { T_PRIMARY, T_PROCESS, T_MAKE, T_SELL, T_FOREIGN, T_HUB, T_COUNT };
#define CHAIN_TIERS 4 /* T_PRIMARY .. T_SELL */

/* A product as sold: partida, description, unit, price range in PEN per unit, typical order. */
typedef struct product {
    const char *tariff, *desc, *unit;
    double pmin, pmax, qmin, qmax;
} product;

/* One sector: its share of firms, the name prefix, districts and product of each tier, its export. */
typedef struct sector {
    const char *label;
    double weight;
    const char *prefix[CHAIN_TIERS];
    const char *districts[CHAIN_TIERS]; /* space-separated ubigeos */
    product sells[CHAIN_TIERS];
    product export;
} sector;

#define LIMA_HUBS "150101 150131 150122 150132 150135 150115 150142 070101"

static const sector SECTORS[S_COUNT] = {
    {"gold", 15,
     {"Minera Aurífera", "Comercializadora de Minerales", "Joyería y Refinería", "Exportadora de Metales"},
     {"170204 170102 170104 170203 211002 040308 130808", "170101 211101 040101 150131", "150101 150122 040101",
      "150131 150122 150101"},
     {{"7108120000", "ORO EN BRUTO (DORE)", "GRM", 380, 450, 200, 4000},
      {"7108120000", "ORO EN BRUTO PARA REFINACION", "GRM", 400, 460, 500, 9000},
      {"7113190000", "JOYERIA DE ORO 18K", "GRM", 520, 640, 50, 900},
      {"7108130000", "ORO EN BARRAS SEMILABRADO", "GRM", 430, 480, 500, 9000}},
     {"7108130000", "GOLD BARS / ORO EN BARRAS", "GRM", 440, 490, 1000, 20000}},
    {"timber", 15,
     {"Forestal", "Aserradero", "Muebles", "Maderas Finas"},
     {"170303 170301 170103 250104 160301", "170101 250101 160101", "150142 150132 150103", LIMA_HUBS},
     {{"4403490000", "TROZAS DE SHIHUAHUACO", "MTQ", 290, 520, 10, 80},
      {"4407290000", "MADERA ASERRADA TORNILLO", "MTQ", 900, 1500, 5, 40},
      {"9403600000", "MUEBLES DE MADERA PARA COMEDOR", "NIU", 600, 2400, 5, 60},
      {"9403600000", "MUEBLES DE MADERA", "NIU", 700, 2600, 5, 40}},
     {"4409291000", "WOOD DECKING / TABLILLAS PARA PARQUET", "MTK", 25, 40, 500, 4000}},
    {"nuts", 5,
     {"Castañera", "Procesadora de Castañas", "Distribuidora de Frutos Secos", "Exportadora Amazónica"},
     {"170103 170303 170301", "170101", "150135 150101", "170101 150131"},
     {{"0801210000", "CASTAÑA CON CASCARA", "KGM", 5.5, 8.5, 1000, 12000},
      {"0801220000", "CASTAÑA SIN CASCARA", "KGM", 30, 42, 500, 6000},
      {"0801220000", "CASTAÑA PELADA ENVASADA", "KGM", 38, 50, 100, 1500},
      {"0801220000", "CASTAÑA SIN CASCARA SELECCIONADA", "KGM", 36, 48, 500, 6000}},
     {"0801220000", "SHELLED BRAZIL NUTS", "KGM", 10, 14, 2000, 20000}},
    {"coffee", 10,
     {"Cooperativa Agraria Cafetalera", "Comercializadora de Café", "Tostaduría", "Exportadora de Café"},
     {"120303 120601 060801 060901", "120303 060801 150101", "150101 150122", "150131 150101"},
     {{"0901119000", "CAFE PERGAMINO", "KGM", 9, 14, 1000, 15000},
      {"0901119000", "CAFE VERDE SELECCIONADO", "KGM", 12, 17, 2000, 20000},
      {"0901210000", "CAFE TOSTADO EN GRANO", "KGM", 35, 60, 100, 2000},
      {"0901210000", "CAFE TOSTADO", "KGM", 40, 65, 100, 2000}},
     {"0901119000", "GREEN COFFEE BEANS", "KGM", 4, 6, 5000, 40000}},
    {"fish", 8,
     {"Pesquera", "Procesadora de Productos Marinos", "Distribuidora de Pescado", "Exportadora Marina"},
     {"200501 021801 200101", "200501 021801", "150135 150101", "150131 070101"},
     {{"0307430000", "POTA FRESCA", "KGM", 2, 4, 2000, 30000},
      {"0307430000", "POTA CONGELADA EN BLOQUES", "KGM", 5, 8, 2000, 25000},
      {"0303890000", "PESCADO CONGELADO", "KGM", 6, 12, 500, 8000},
      {"0307430000", "POTA CONGELADA", "KGM", 6, 9, 2000, 20000}},
     {"0307430000", "FROZEN GIANT SQUID", "KGM", 2, 3, 10000, 60000}},
    {"garments", 20,
     {"Textil", "Confecciones", "Moda y Estilo", "Tiendas"},
     {"150132 150135 040101", "150115 150132", "150115 150122 150101", LIMA_HUBS},
     {{"5208120000", "TELA DE ALGODON", "MTR", 8, 14, 500, 8000},
      {"6109100031", "POLOS DE ALGODON", "NIU", 12, 22, 200, 4000},
      {"6109100031", "POLOS ESTAMPADOS", "NIU", 18, 35, 200, 3000},
      {"6110200010", "CHOMPAS DE ALGODON", "NIU", 40, 90, 100, 1500}},
     {"6109100031", "COTTON T-SHIRTS", "NIU", 5, 9, 1000, 15000}},
    {"bricks", 12,
     {"Ladrillera", "Ferretería", "Constructora", "Inmobiliaria"},
     {"150132 080108 040101 150142", "150132 040101 080108 150135", LIMA_HUBS, LIMA_HUBS},
     {{"6901000000", "LADRILLO KING KONG 18 HUECOS", "MIL", 600, 900, 5, 60},
      {"6901000000", "LADRILLO PARA TECHO", "MIL", 700, 1000, 5, 40},
      {"6810110000", "BLOQUES DE CONCRETO", "NIU", 2, 4, 1000, 10000},
      {"6810110000", "PREFABRICADOS DE CONCRETO", "NIU", 3, 6, 500, 5000}},
     {"6901000000", "CLAY BRICKS", "MIL", 150, 250, 20, 200}},
    {"agro", 15,
     {"Agrícola", "Empacadora", "Agroindustrias", "Agroexportadora"},
     {"110101 130101 200101 110201", "110101 130101 200101", "150101 130101", "150131 150101"},
     {{"0806100000", "UVA FRESCA RED GLOBE", "KGM", 3, 6, 2000, 20000},
      {"0709200000", "ESPARRAGO FRESCO", "KGM", 5, 9, 1000, 10000},
      {"0804400000", "PALTA HASS", "KGM", 4, 7, 2000, 20000},
      {"0810400000", "ARANDANOS FRESCOS", "KGM", 15, 25, 500, 8000}},
     {"0804400000", "FRESH HASS AVOCADOS", "KGM", 1.5, 2.5, 5000, 40000}},
};

/* Service hubs: what they sell (two products of different headings per customer at most). */
static const product HUB_GOODS[][2] = {
    {{"2710192100", "PETROLEO DIESEL B5", "GLL", 15, 18, 200, 3000},
     {"3403190000", "GRASA LUBRICANTE", "KGM", 25, 45, 5, 50}},
    {{"1006300000", "ARROZ PILADO", "KGM", 3, 5, 200, 3000}, {"1701999000", "AZUCAR RUBIA", "KGM", 2.5, 4, 100, 2000}},
    {{"7214200000", "FIERRO CORRUGADO", "KGM", 3.5, 5, 500, 8000},
     {"2523290000", "CEMENTO PORTLAND", "NIU", 28, 34, 50, 800}},
    {{"8413709000", "ELECTROBOMBA", "NIU", 1800, 6500, 1, 6},
     {"8467220000", "MOTOSIERRA", "NIU", 1500, 3500, 1, 4}},
};
static const char *const HUB_PREFIX[] = {"Grifo", "Distribuidora de Abarrotes", "Ferretería Industrial",
                                         "Suministros Mineros"};
static const char *const HUB_DISTRICTS = "170101 211101 250101 040101 130101 150101 080108 200101";

/* Foreign buyers' countries (AR first: garments, gold). */
static const char *const COUNTRIES[] = {"AR", "US", "CH", "AE", "IN", "CN", "DE", "NL", "ES", "CL", "KR", "GB"};

static const char *const LEGAL_FORMS[] = {"S.A.C.", "S.A.C.", "E.I.R.L.", "S.R.L.", "S.A."};
static const char *const SYLLABLES[] = {"ta", "ma", "qui", "pa", "ca", "hua", "ya", "ri", "llo", "sa", "to", "mi",
                                        "no", "cu", "pe", "ru", "chi", "la", "co", "bam", "tu", "ni", "ya", "so"};

/* ---- the firms ------------------------------------------------------------------ */

/* A firm of the graph, as the generator needs it after writing it. */
typedef struct gfirm {
    int64_t id, estab;
    unsigned char tier, sector;
    unsigned series; /* invoices issued so far */
} gfirm;

static gfirm *firms;
static long nfirms;
/* Firms of each (tier, sector), indexes into firms; hubs and foreign buyers under sector 0. */
static long *pool[T_COUNT][S_COUNT];
static long npool[T_COUNT][S_COUNT], cappool[T_COUNT][S_COUNT];

/* Exits with a message: the benchmark cannot go on. */
static void die(const char *what)
{
    fprintf(stderr, "graphgen: %s\n", what);
    exit(3);
}

/* Picks one of the space-separated ubigeos of LIST into OUT[7]. */
static void pick_district(const char *list, char out[7])
{
    long n = (long)(strlen(list) + 1) / 7;
    long k = rnd_below(n);
    memcpy(out, list + 7 * k, 6);
    out[6] = '\0';
}

/* A brand-like word of two or three syllables, capitalised, into OUT. */
static void brand(char *out, size_t n)
{
    int ns = 2 + (rnd_unit() < 0.4);
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < ns; i++) {
        const char *s = SYLLABLES[rnd_below((long)INS_ARRAY_LEN(SYLLABLES))];
        k += (size_t)snprintf(out + k, n - k, "%s", s);
        if (k >= n) break;
    }
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 32);
}

/* RUC I: "20", eight digits (a bijection of I, so all differ), and the check digit. */
static void ruc_of(long i, char out[12])
{
    static const int wgt[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    long body = 10000000 + (long)(((uint64_t)i * 7919u) % 90000000u);
    snprintf(out, 12, "20%08ld", body);
    int sum = 0;
    for (int k = 0; k < 10; k++) sum += (out[k] - '0') * wgt[k];
    out[10] = (char)('0' + (11 - sum % 11) % 10);
    out[11] = '\0';
}

/* Writes the N firms: tiers and sectors by share, names, identifiers, main establishments. */
static void make_firms(ins_bulk *b, long n)
{
    static const double tier_share[T_COUNT] = {0.40, 0.20, 0.20, 0.15, 0.01, 0.04};
    double sw = 0;
    for (int s = 0; s < S_COUNT; s++) sw += SECTORS[s].weight;
    firms = calloc((size_t)n, sizeof *firms);
    if (!firms) die("out of memory");
    for (long i = 0; i < n; i++) {
        double u = rnd_unit(), acc = 0;
        int t = 0;
        for (; t < T_COUNT - 1; t++) {
            acc += tier_share[t];
            if (u < acc) break;
        }
        int s = 0;
        if (t < CHAIN_TIERS) {
            double v = rnd_unit() * sw;
            for (; s < S_COUNT - 1 && v >= SECTORS[s].weight; s++) v -= SECTORS[s].weight;
        }
        char ruc[24], name[160], word[40], ubigeo[7] = "";
        ins_bulk_firm f;
        memset(&f, 0, sizeof f);
        f.workers = -1;
        brand(word, sizeof word);
        int hub_kind = (int)rnd_below((long)INS_ARRAY_LEN(HUB_GOODS));
        if (t == T_FOREIGN) {
            const char *cc = COUNTRIES[rnd_below((long)INS_ARRAY_LEN(COUNTRIES))];
            snprintf(ruc, sizeof ruc, "%s%08ld", cc, i % 100000000L);
            snprintf(name, sizeof name, "%s Imports %ld Ltd", word, i);
            f.scheme = INS_SCHEME_OTHER;
            f.country = cc;
        } else {
            ruc_of(i, ruc);
            const char *prefix = t == T_HUB ? HUB_PREFIX[hub_kind] : SECTORS[s].prefix[t];
            const char *form = LEGAL_FORMS[rnd_below((long)INS_ARRAY_LEN(LEGAL_FORMS))];
            snprintf(name, sizeof name, "%s %s %s", prefix, word, form);
            f.scheme = INS_SCHEME_PE_RUC;
            f.country = "PE";
            pick_district(t == T_HUB ? HUB_DISTRICTS : SECTORS[s].districts[t], ubigeo);
            f.ubigeo = ubigeo;
            f.sector = t == T_HUB ? HUB_PREFIX[hub_kind] : SECTORS[s].label;
            double wk = 2 + 8 * pow(1.0 - rnd_unit(), -0.7); /* a heavy tail, capped */
            f.workers = (int64_t)(wk < 5000 ? wk : 5000);
        }
        f.tax_id = ruc;
        f.name = name;
        gfirm *g = &firms[i];
        g->id = insBulkFirm(b, &f, &g->estab);
        if (g->id < 0) die("cannot write a firm");
        g->tier = (unsigned char)t;
        /* hubs keep their kind of goods where chain firms keep their sector */
        g->sector = (unsigned char)(t == T_HUB ? hub_kind : s);
        int ps = t < CHAIN_TIERS ? s : 0;
        if (npool[t][ps] == cappool[t][ps]) {
            long nc = cappool[t][ps] ? cappool[t][ps] * 2 : 16;
            long *p = realloc(pool[t][ps], (size_t)nc * sizeof *p);
            if (!p) die("out of memory");
            pool[t][ps] = p;
            cappool[t][ps] = nc;
        }
        pool[t][ps][npool[t][ps]++] = i;
    }
    nfirms = n;
}

/* ---- orders --------------------------------------------------------------------- */

static long n_docs, n_lines, n_edges;

/* The date of day DAY (0-364) of the year that ends on 2026-10-31, into OUT[11]. */
static void order_date(int day, char out[11])
{
    static int32_t end = -1;
    if (end < 0 && !insDateParse("2026-10-31", 10, &end)) die("bad date");
    insDateFormat(end - 364 + day, out);
}

/*
** Writes the orders between SELLER and BUYER of products P[0..NP-1]: one
** to four invoices in the year, each with one line per product.  EXPORT
** makes them export invoices (0200, USD, EXPORT's product, prices in USD).
*/
static void orders(ins_bulk *b, long seller, long buyer, const product *const *p, int np, int export)
{
    int m = 1 + (rnd_unit() < 0.3) + (rnd_unit() < 0.1) + (rnd_unit() < 0.03);
    gfirm *s = &firms[seller];
    for (int k = 0; k < m; k++) {
        char number[24], date[11];
        order_date((int)rnd_below(365), date);
        snprintf(number, sizeof number, "F001-%u", ++s->series);
        ins_doc_info d;
        memset(&d, 0, sizeof d);
        d.kind = "invoice";
        d.type_code = "01";
        d.generation = "ubl-2.1";
        d.number = number;
        d.issue_date = date;
        d.currency = export ? "USD" : "PEN";
        d.operation_type = export ? "0200" : "0101";
        d.issuer_firm_id = s->id;
        int64_t doc = insBulkDocument(b, &d);
        if (doc < 0) die("cannot write a document");
        n_docs++;
        for (int j = 0; j < np; j++) {
            ins_bulk_line l;
            memset(&l, 0, sizeof l);
            l.document_id = doc;
            l.line_no = j + 1;
            l.seller_firm_id = s->id;
            l.buyer_firm_id = firms[buyer].id;
            l.seller_establishment_id = s->estab;
            l.date = date;
            l.description = p[j]->desc;
            l.tariff_code = p[j]->tariff;
            l.quantity = floor(p[j]->qmin + (p[j]->qmax - p[j]->qmin) * rnd_unit());
            l.unit = p[j]->unit;
            double price = p[j]->pmin + (p[j]->pmax - p[j]->pmin) * rnd_unit();
            l.amount = floor(l.quantity * price * 100.0 + 0.5) / 100.0;
            l.currency = d.currency;
            l.sign = 1;
            if (insBulkTradeLine(b, &l) < 0) die("cannot write a trade line");
            n_lines++;
        }
    }
}

/*
** Draws a buyer from POOL (N firms), preferring its first entries (the
** large firms of the tier): index n * u^2.2, so the first of a
** hundred thousand gets about one draw in two hundred.
*/
static long pick_buyer(const long *pool_, long n)
{
    long k = (long)((double)n * pow(rnd_unit(), 2.2));
    return pool_[k < n ? k : n - 1];
}

/*
** How many customers a seller of weight W gets, so that NS sellers total
** about E: W is a Pareto draw (alpha 1.6, minimum 1, mean 1.6 / 0.6), so
** W * (E / NS) * 0.6 / 1.6 has mean E / NS; rounded at random.
*/
static long customers(long e, long ns, double w)
{
    double mean = (double)e / (double)ns;
    double k = w * mean * 0.6 / 1.6;
    long c = (long)k;
    if (rnd_unit() < k - (double)c) c++;
    return c;
}

/*
** Links the sellers of tier FROM (of each sector, or the hubs) to about E
** buyers in all, and writes their orders.  A chain seller's buyers come
** from tier TO of its sector (or, with EXPORT, the foreign buyers); a
** hub's from the producers (70%) or processors of one sector drawn per
** hub.  Buyers are distinct per seller, so every pair is
** one supply edge per product.
*/
static void link_tier(ins_bulk *b, int from, int to, long e, int export)
{
    long ns = 0;
    for (int s = 0; s < S_COUNT; s++) ns += npool[from][s];
    if (!ns || e <= 0) return;
    long *chosen = NULL;
    size_t capc = 0;
    long short_of = 0; /* customers that caps or repeated draws took from earlier sellers */
    for (int s = 0; s < S_COUNT; s++) {
        for (long j = 0; j < npool[from][s]; j++) {
            long seller = pool[from][s][j];
            int sec = from == T_HUB ? -1 : s;
            /* the pool of buyers: the next tier of the same sector, foreign buyers, or (hubs) any producer */
            const long *bp;
            long nb;
            int hub_to = 0;
            if (export) {
                bp = pool[T_FOREIGN][0];
                nb = npool[T_FOREIGN][0];
            } else if (sec < 0) {
                hub_to = (int)rnd_below(S_COUNT);
                int tt = rnd_unit() < 0.7 ? T_PRIMARY : T_PROCESS;
                bp = pool[tt][hub_to];
                nb = npool[tt][hub_to];
            } else {
                bp = pool[to][s];
                nb = npool[to][s];
            }
            if (nb <= 0) continue;
            double w = pow(1.0 - rnd_unit(), -1.0 / 1.6); /* Pareto, xm 1 */
            if (w > 2000) w = 2000;
            long c = customers(e, ns, w);
            long extra = short_of < c + 1 ? short_of : c + 1; /* made up by the next sellers */
            c += extra;
            short_of -= extra;
            long want = c;
            if (c > nb / 2 + 1) c = nb / 2 + 1;
            if (c < 1) continue;
            if ((size_t)c > capc) {
                capc = (size_t)c * 2;
                long *p = realloc(chosen, capc * sizeof *p);
                if (!p) die("out of memory");
                chosen = p;
            }
            long got = 0;
            for (long tries = 0; got < c && tries < 4 * c + 8; tries++) {
                long cand = pick_buyer(bp, nb);
                if (cand == seller) continue;
                int dup = 0;
                for (long q = 0; q < got && !dup; q++) dup = chosen[q] == cand;
                if (!dup) chosen[got++] = cand;
            }
            short_of += want - got;
            for (long q = 0; q < got; q++) {
                const product *p[2];
                int np = 1;
                if (sec < 0) {
                    const product *hg = HUB_GOODS[firms[seller].sector];
                    p[0] = &hg[0];
                    if (rnd_unit() < 0.5) p[np++] = &hg[1];
                } else {
                    p[0] = export ? &SECTORS[s].export : &SECTORS[s].sells[from];
                }
                orders(b, seller, chosen[q], p, np, export);
                n_edges += np;
            }
        }
    }
    free(chosen);
}

/* Prints the usage to FP. */
static void usage(FILE *fp)
{
    fputs("usage: bench/graphgen [--seed N] [--firms N] [--edges N] DB\n"
          "Writes a synthetic supply graph (tiers, skewed degrees, trade lines behind every\n"
          "edge) into DB, created beforehand with `inspector init`.  Defaults: --seed 1\n"
          "--firms 1000000 --edges 10000000.\n",
          fp);
}

/* Parses a positive number option or exits with the usage. */
static long number(const char *opt, const char *v, long lo, long hi)
{
    char *end;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || *end || end == v || x < lo || x > hi) {
        fprintf(stderr, "graphgen: %s needs a number from %ld to %ld\n", opt, lo, hi);
        exit(2);
    }
    return x;
}

/*
** Parses the options, opens DB, writes the firms and then the orders
** sector by sector and tier by tier in one bulk load, and prints what was
** written and how long it took.  Exit status 0 done, 2 usage, 3 failure.
*/
int main(int argc, char **argv)
{
    long seed = 1, nf = 1000000, ne = 10000000;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seed"))
            seed = number(a, v, 0, 2147483647L), i++;
        else if (!strcmp(a, "--firms"))
            nf = number(a, v, 500, 20000000L), i++;
        else if (!strcmp(a, "--edges"))
            ne = number(a, v, 100, 200000000L), i++;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' || path) {
            usage(stderr);
            return 2;
        } else
            path = a;
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    rng_state = (uint64_t)seed * 0x2545F4914F6CDD1DULL + 0x5EEDULL;

    ins_db *db = NULL;
    char *err = NULL;
    if (ins_db_open(path, 0, &db, &err) != INS_OK) {
        fprintf(stderr, "graphgen: %s: %s\n", path, err ? err : "cannot open");
        free(err);
        return 3;
    }
    ins_db_counts counts;
    ins_db_count(db, &counts);
    if (counts.ubigeo <= 0 || counts.ilab_goods <= 0) {
        fprintf(stderr, "graphgen: %s has no reference data: create it with `inspector init`\n", path);
        ins_db_close(db);
        return 3;
    }
    char source[160];
    snprintf(source, sizeof source, "graphgen --seed %ld --firms %ld --edges %ld", seed, nf, ne);
    ins_bulk *b = NULL;
    int rc = insBulkBegin(db, source, &b);
    if (rc != INS_OK) {
        fprintf(stderr, "graphgen: %s: %s\n", path,
                rc == INS_ERR_ARG ? "this graph was loaded before" : ins_db_errmsg(db));
        ins_db_close(db);
        return 3;
    }
    clock_t c0 = clock();
    make_firms(b, nf);
    /* shares of the edges: chain tiers, cross-tier sales, exports, service hubs */
    link_tier(b, T_PRIMARY, T_PROCESS, (long)(ne * 0.22), 0);
    link_tier(b, T_PROCESS, T_MAKE, (long)(ne * 0.18), 0);
    link_tier(b, T_PROCESS, T_SELL, (long)(ne * 0.05), 0);
    link_tier(b, T_MAKE, T_SELL, (long)(ne * 0.15), 0);
    link_tier(b, T_SELL, T_FOREIGN, (long)(ne * 0.05), 1);
    link_tier(b, T_HUB, T_PRIMARY, (long)(ne * 0.35 / 1.5), 0);
    clock_t c1 = clock();
    rc = insBulkEnd(b, 1);
    clock_t c2 = clock();
    if (rc != INS_OK) {
        fprintf(stderr, "graphgen: %s: %s\n", path, ins_db_errmsg(db));
        ins_db_close(db);
        return 3;
    }
    long edges = (long)insDbScalarInt(db, "SELECT COUNT(*) FROM supply_edges");
    printf("graphgen: %ld firms, %ld documents, %ld trade lines, %ld supply edges (%ld planned)\n", nfirms,
           n_docs, n_lines, edges, n_edges);
    printf("  rows written in %.1f s of CPU, edges and first documents in %.1f s\n",
           (double)(c1 - c0) / CLOCKS_PER_SEC, (double)(c2 - c1) / CLOCKS_PER_SEC);
    for (int t = 0; t < T_COUNT; t++)
        for (int s = 0; s < S_COUNT; s++) free(pool[t][s]);
    free(firms);
    ins_db_close(db);
    return 0;
}
