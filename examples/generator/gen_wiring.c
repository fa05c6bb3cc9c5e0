/*
** gen_wiring.c: the ordinary trade of the world.
**
** Sector by sector (gold, timber, Brazil nuts, garments, agro-export,
** fishing, building, coffee, groceries) links each firm to its suppliers
** and buyers; then decides how each flow's goods travel (by hand, in the
** seller's vehicles, by a carrier), marks the decoys that choice made,
** and calibrates what intermediaries sell from what they buy.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* ---- general wiring, sector by sector --------------------------------------------- */

/* Adds a grocery basket flow from wholesaler SELLER to BUYER, delivered to its site when it has one. */
int food_basket(world *w, int seller, int buyer, unsigned months, double p, double scale)
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
void wire_gold(world *w)
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
void wire_timber(world *w)
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
void wire_nuts(world *w)
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
void wire_garments(world *w)
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
void wire_agro(world *w)
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
void wire_fish(world *w)
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
void wire_building(world *w)
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
void wire_coffee(world *w)
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
void wire_food(world *w)
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
void choose_transport(world *w)
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
void transport_decoys(world *w)
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
            int site = w->firms[mdd].site >= 0 ? w->firms[mdd].site : w->firms[mdd].dist;
            move_route(w, mv, "170101", DISTRICTS[site].code);
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
** Lists, for each firm, the flows it sells (SOLD) or buys (BOUGHT) as
** offsets into one array of flow indexes in increasing order (CSR: the
** flows of firm F are idx[off[F]] to idx[off[F + 1] - 1]).  SELLER picks
** which end of a flow is the firm.  The caller frees *OFF and *IDX.
*/
static void flows_by_firm(const world *w, int seller, int **off, int **idx)
{
    *off = calloc((size_t)w->nfirms + 1, sizeof **off);
    *idx = malloc(((size_t)w->nflows + 1) * sizeof **idx);
    if (!*off || !*idx) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    for (int i = 0; i < w->nflows; i++) (*off)[(seller ? w->flows[i].seller : w->flows[i].buyer) + 1]++;
    for (int f = 0; f < w->nfirms; f++) (*off)[f + 1] += (*off)[f];
    int *fill = malloc(((size_t)w->nfirms + 1) * sizeof *fill);
    if (!fill) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    memcpy(fill, *off, ((size_t)w->nfirms + 1) * sizeof *fill);
    for (int i = 0; i < w->nflows; i++) (*idx)[fill[seller ? w->flows[i].seller : w->flows[i].buyer]++] = i;
    free(fill);
}

/*
** Sets the quantities of derived flows (an intermediary's sales) from what
** the seller buys: yearly input times the product's yield, split among its
** outlets by weight, spread over the outlet's active months.  Repeated so
** that chains of intermediaries settle (there are no cycles).  The sums
** run over the seller's own flows in index order (flows_by_firm), which
** adds the same terms in the same order as a scan of every flow would.
*/
void calibrate(world *w)
{
    int *boff, *bidx, *soff, *sidx;
    flows_by_firm(w, 0, &boff, &bidx);
    flows_by_firm(w, 1, &soff, &sidx);
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 0; i < w->nflows; i++) {
            flow *o = &w->flows[i];
            if (!o->derived) continue;
            const product *op = &PRODUCTS[o->prod[0]];
            double in = 0;
            for (int j = boff[o->seller]; j < boff[o->seller + 1]; j++) {
                const flow *g = &w->flows[bidx[j]];
                if (!strcmp(PRODUCTS[g->prod[0]].family, op->input)) in += flow_annual(g);
            }
            double wsum = 0;
            for (int j = soff[o->seller]; j < soff[o->seller + 1]; j++) {
                const flow *g = &w->flows[sidx[j]];
                if (g->derived && !strcmp(PRODUCTS[g->prod[0]].input, op->input)) wsum += g->weight;
            }
            if (in <= 0 || wsum <= 0) continue; /* nothing bought: keep the typical order */
            double out = in * op->yield * o->weight / wsum;
            double per = out / (months_active(o->months) * o->p * (1 + o->maxn) / 2.0);
            o->qmin = per * 0.8;
            o->qmax = per * 1.2;
        }
    }
    free(boff);
    free(bidx);
    free(soff);
    free(sidx);
}
