/*
** gen_cases.c: the planted forced-labour cases and the decoys.
**
** Each case of README.md creates its firms, fleets, flows and moves and
** writes its truth rows; plant() runs them in a fixed order (the order of
** the random draws, hence the world, depends on it), marks their links as
** sure to happen, and adds the decoys: legitimate firms that show one
** weak signal.
*/
#include <math.h>
#include <string.h>

#include "gen.h"

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

/* The firms one planted case hands to a later one. */
typedef struct planted {
    int src1, e1; /* C01: the Huepetuhe operation; the Lima exporter (also C11's) */
    int car;      /* C07: the unregistered carrier */
    int rec;      /* C09: the Juliaca recruiter */
    int src2;     /* C02: the La Rinconada operation */
    int src11;    /* C11: the La Pampa operation */
    int src3;     /* C03: the Tahuamanu concession (its truck carries the C08 plate) */
    int amz;      /* C03: the Puerto Maldonado processor-exporter (C04's buyer) */
} planted;

/*
** C01: an informal alluvial gold operation in Huepetuhe (Madre de Dios)
** that brings workers in its own vehicles from Juliaca, Quillabamba,
** Sicuani and its Cusco office, and sells its dore to a Lima trader whose
** exporter ships gold to Argentina.
*/
static void plant_c01(world *w, planted *pc)
{
    int fl, mv;
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
    move_route(w, mv, "211101 211101 080901 080601", "170204");
    move_people(w, mv, 12, 24);
    mv = add_move(w, src1, src1, -1, "04",
                  "ENSERES Y EQUIPAJE DEL PERSONAL|VIVERES Y PERSONAL DE RELEVO|EPP Y PERSONAL DE "
                  "APOYO|TRASLADO DE PERSONAL",
                  ALL_MONTHS, 0.7, 2);
    w->moves[mv].origin_office = 1;
    move_route(w, mv, "080108", "170204");
    move_people(w, mv, 8, 18);
    w->moves[mv].goods_prod = prod_index("rice");
    mv = add_move(w, src1, src1, -1, "04", "VIVERES Y ABARROTES PARA CAMPAMENTO|HERRAMIENTAS Y REPUESTOS",
                  ALL_MONTHS, 0.4, 1);
    w->moves[mv].origin_office = 1;
    move_route(w, mv, "080108", "170204");
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
    pc->src1 = src1;
    pc->e1 = e1;
}

/*
** C07: a carrier without MTC registration moving people from Cusco
** into Huepetuhe for the C01 operation; only its guias transportista
** exist.  Its goods trips follow in plant_c07_goods.
*/
static void plant_c07(world *w, planted *pc)
{
    int mv;
    int src1 = pc->src1;
    int car = new_firm(w, K_CARRIER, "080108", NULL);
    w->firms[car].planted = 7;
    w->firms[car].mtc[0] = '\0';
    w->firms[car].issues_31 = 1;
    planted_fleet(w, car, 3, 1);
    mv = add_move(w, src1, src1, car, "13",
                  "PASAJEROS Y EQUIPAJE|PERSONAL PARA CAMPAMENTO MINERO|ENCOMIENDAS Y PERSONAL|TRABAJADORES "
                  "- TRASLADO A CAMPAMENTO",
                  ALL_MONTHS, 0.8, 2);
    move_route(w, mv, "080108 080901 081210 080601", "170204");
    move_people(w, mv, 14, 28);
    w->moves[mv].only31 = 1;
    pc->car = car;
}

/*
** C09, first step: the labour contractor in Juliaca that moves people to
** mining camps, and its minibus.  Its services and trips (plant_c09_trade)
** need the C02 and C11 operations, built in between.
*/
static void plant_c09_recruiter(world *w, planted *pc)
{
    int rec = new_firm(w, K_LABOUR, "211101", NULL);
    w->firms[rec].planted = 9;
    planted_fleet(w, rec, 1, 1);
    pc->rec = rec;
}

/*
** C02: a gold operation in La Rinconada (Ananea, Puno) with few invoices,
** workers brought privately from Juliaca, Putina and Azangaro, and a
** Juliaca trader that also buys from legal miners.
*/
static void plant_c02(world *w, planted *pc)
{
    int fl, mv;
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
    move_route(w, mv, "211101 211001 210201", "211002");
    move_people(w, mv, 10, 20);
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
    pc->src2 = src2;
}

/*
** C11: an informal gold operation in La Pampa (Inambari), visible only
** through its trade and its place; its trader sells to the C01 exporter.
*/
static void plant_c11(world *w, planted *pc)
{
    int fl;
    int e1 = pc->e1;
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
               "Informal gold operation in La Pampa (Inambari) with no vehicles or guias of its own: it "
               "shows through its trade (fuel and supplies in, dore out to a Puerto Maldonado trader), its "
               "place, and the recruits the C09 contractor delivers to it through the C07 carrier");
    truth_firm(w, t3, -1, "C11", "tier1_buyer", IND_AOV,
               "Puerto Maldonado gold trader (acopiador) buying from the C11 operation");
    truth_firm(w, e1, -1, "C11", "exporter", IND_AOV, "Tier 2: Lima exporter buying from the C11 trader");
    pc->src11 = src11;
}

/*
** C09, second step: the recruiter invoices its services to the C01, C02
** and C11 operations and moves recruits to La Rinconada in its minibus
** and to La Pampa through the C07 carrier.
*/
static void plant_c09_trade(world *w, planted *pc)
{
    int mv;
    int src1 = pc->src1;
    int car = pc->car;
    int rec = pc->rec;
    int src2 = pc->src2;
    int src11 = pc->src11;
    add_flow(w, rec, src2, "recruit_service", ALL_MONTHS, 0.7, 1, 1);
    add_flow(w, rec, src1, "recruit_service", ALL_MONTHS, 0.4, 1, 1);
    add_flow(w, rec, src11, "recruit_service", ALL_MONTHS, 0.3, 1, 1);
    mv = add_move(w, rec, src2, -1, "13",
                  "PERSONAL CONTRATADO PARA FRENTE MINERO|TRABAJADORES - CONTRATO DE LOCACION|PERSONAL "
                  "OBRERO RECLUTADO|PASAJEROS Y EQUIPAJE",
                  ALL_MONTHS, 0.7, 2);
    move_route(w, mv, "211101 210101 210201 211001", "211002");
    move_people(w, mv, 10, 22);
    mv = add_move(w, rec, src11, car, "13", "PERSONAL PARA FRENTE MINERO|TRABAJADORES Y EQUIPAJE|PASAJEROS",
                  ALL_MONTHS, 0.6, 1);
    move_route(w, mv, "211101", "170102");
    move_people(w, mv, 12, 20);
    truth_firm(
        w, rec, -1, "C09", "recruiter", IND_DEC ";" IND_ROM,
        "Labour contractor in Juliaca that invoices 'personal obrero' services to the C01, C02 and C11 "
        "operations "
        "and moves recruits to La Rinconada in its own minibus and to La Pampa through the C07 carrier");
    truth_fleet(w, rec, w->firms[rec].dist, "C09", IND_ROM, "Minibus of the C09 recruiter");
    truth_route(w, "211101", "170102", "C09", IND_ROM,
                "Juliaca to Inambari (La Pampa): recruits carried by the unregistered C07 carrier");
}

/*
** C07, second step: goods too, for a Cusco wholesaler (an unregistered
** carrier carries anything); then the carrier's truth rows.
*/
static void plant_c07_goods(world *w, planted *pc)
{
    int car = pc->car;
    int cw = pick_firm_in_dept(w, K_FOOD_WHOLESALE, dist_index("080108"), -1);
    int mdd = pick_firm(w, K_GOLD_MINER, dist_index("170204"), pc->src1);
    if (cw >= 0 && mdd >= 0) {
        int mv = add_move(w, cw, mdd, car, "01",
                          "ABARROTES Y VIVERES|CAJAS DE GASEOSAS Y CERVEZA|ENCOMIENDAS VARIAS", ALL_MONTHS,
                          0.5, 1);
        int site = w->firms[mdd].site >= 0 ? w->firms[mdd].site : w->firms[mdd].dist;
        move_route(w, mv, "080108", DISTRICTS[site].code);
        w->moves[mv].goods_prod = prod_index("rice");
        w->moves[mv].wmin = 2000;
        w->moves[mv].wmax = 6000;
    }
    truth_firm(w, car, -1, "C07", "carrier", IND_ROM ";" IND_ISO,
               "Carrier with no MTC registration (CompanyID never declared) whose guias transportista carry "
               "'pasajeros', "
               "'personal' and 'trabajadores' from Cusco, Quillabamba, Ocongate and Sicuani into Huepetuhe, "
               "and recruits to La Pampa");
    truth_fleet(w, car, dist_index("170204"), "C07", IND_ROM, "Minibus of the unregistered C07 carrier");
    truth_route(w, "080108", "170204", "C07", IND_ROM,
                "Cusco to Huepetuhe: people carried by the unregistered C07 carrier");
}

/*
** C03: a timber concession in Tahuamanu selling logs to a Puerto
** Maldonado sawmill without forestry transport guides; the sawmill
** supplies two Lima furniture makers and a nut processor that exports
** decking.
*/
static void plant_c03(world *w, planted *pc)
{
    int fl;
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
    pc->src3 = src3;
    pc->amz = amz;
}

/*
** C08: the cloned plate.  A Lima wholesaler's delivery-truck plate is also
** on a C03 log truck, so the documents put one plate in Lima and in Madre
** de Dios within a day; the real truck restocks the wholesaler's shop.
*/
static void plant_c08(world *w, planted *pc)
{
    int src3 = pc->src3;
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
        move_route(w, rm, DISTRICTS[lf->dist].code, DISTRICTS[lf->office].code);
        w->moves[rm].goods_prod = prod_index("rice");
        w->moves[rm].wmin = 800;
        w->moves[rm].wmax = 3000;
        w->c08_move = rm;
    }
}

/*
** C04: a Brazil nut habilitador in Las Piedras that advances groceries
** before the season, moves collectors in its own trucks and sells nuts
** in shell to the C03 processor-exporter.
*/
static void plant_c04(world *w, planted *pc)
{
    int fl, mv;
    int amz = pc->amz;
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
    move_route(w, mv, "170101", "170103 170303");
    move_people(w, mv, 8, 20);
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
}

/*
** C05: a garment workshop in San Juan de Lurigancho whose van brings
** migrants from the southern border; it sews for a Gamarra brand that
** exports to Argentina.
*/
static void plant_c05(world *w, planted *pc)
{
    int fl, mv;
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
    move_route(w, mv, "210402 210402 230101 211101", "150132");
    move_people(w, mv, 6, 14);
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
}

/*
** C06: a brick kiln in San Jeronimo (Cusco) that moves families of
** workers in for the dry-season burning.
*/
static void plant_c06(world *w, planted *pc)
{
    int mv;
    int src6 = new_firm(w, K_BRICKS, "080104", NULL);
    planted_source(w, src6, 6);
    planted_fleet(w, src6, 2, 0);
    int hw1 = new_firm(w, K_HARDWARE, "080108", NULL);
    int co1 = new_firm(w, K_CONSTRUCTION, "080101", NULL);
    add_flow(w, src6, hw1, "bricks", ALL_MONTHS, 0.9, 2, 1.5);
    add_flow(w, src6, co1, "bricks", ALL_MONTHS, 0.7, 1, 1.2);
    add_flow(w, hw1, co1, "bricks_resale", ALL_MONTHS, 0.7, 1, 1);
    mv = add_move(w, src6, src6, -1, "13",
                  "FAMILIAS DE OBREROS Y ENSERES|PERSONAL PARA TEMPORADA DE QUEMA|TRABAJADORES Y SUS "
                  "FAMILIAS|PERSONAL LADRILLERO Y EQUIPAJE",
                  months_mask(4, 11), 0.75, 1);
    move_route(w, mv, "081001 081001 080201 081210", "080104");
    move_people(w, mv, 8, 20);
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
}

/*
** C10: habilitacion-enganche logging in Atalaya (Raymondi): workers taken
** to camp by a carrier, logs sold to a Pucallpa sawmill citing the same
** three reused forestry guides.
*/
static void plant_c10(world *w, planted *pc)
{
    int fl, mv;
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
    move_route(w, mv, "250101", "250201");
    move_people(w, mv, 12, 30);
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
}

/*
** The decoys the cases add: legitimate firms showing one weak signal
** (crews brought by a registered bus, legal concessions citing their
** guides, an ordinary kiln, a labour intermediary).  Others come from
** the population (D05) and from the transport choice (gen_wiring.c).
*/
static void plant_decoys(world *w)
{
    int mv;
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
        move_route(w, mv, "080108", DISTRICTS[w->firms[legal].site].code);
        move_people(w, mv, 15, 30);
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
        move_route(w, mv, "090101 090301 050101", DISTRICTS[w->firms[agro].dist].code);
        move_people(w, mv, 25, 40);
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

/*
** Plants the forced-labour cases of README.md: creates their firms, fleets,
** flows and moves, and writes their truth rows.  Runs after the population
** exists (some cases borrow ordinary firms) and before the general wiring
** (which then gives the planted firms' partners their other, legitimate
** trade, so that shares along the chains are partial, as in reality).
*/
void plant(world *w)
{
    /*
    ** The cases in the order they are built.  The order is part of the
    ** world: every case draws from the generator, so moving one changes all
    ** later draws (C07 and C09 are built in two steps for that reason).
    */
    static void (*const cases[])(world *, planted *) = {
        plant_c01, plant_c07, plant_c09_recruiter, plant_c02, plant_c11, plant_c09_trade, plant_c07_goods,
        plant_c03, plant_c08, plant_c04,           plant_c05, plant_c06, plant_c10,
    };
    planted pc;
    memset(&pc, 0, sizeof pc);
    w->c08_flow = w->c08_move = -1;
    int flow0 = w->nflows, move0 = w->nmoves;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) cases[i](w, &pc);
    for (int i = flow0; i < w->nflows; i++) w->flows[i].sure = 1;
    for (int i = move0; i < w->nmoves; i++) w->moves[i].sure = 1;
    plant_decoys(w);
}
