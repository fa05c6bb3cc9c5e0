/*
** gen_events.c: the events and their player.
**
** Turns flows and moves into dated events (orders, trips, boletas, credit
** notes, carriers' month-end bills), sorts them into the order documents
** are issued in, and plays each one: schedules a vehicle where it can be,
** numbers the documents, fills the invoice and guia records of gen.h and
** hands them to the writers in gen_output.c.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

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
void make_events(world *w)
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

/* ---- playing the events ----------------------------------------------------------- */

/* Gross kilograms of a typical order of a basket's product, for guias. */
static double prod_kg(int pi, double qty)
{
    return PRODUCTS[pi].kg * qty;
}

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
    int fi = w->nfreight++;
    freight *f = &w->freight[fi];
    /* chained to the carrier's earlier trips, so that its month end reads only its own */
    f->next = -1;
    if (w->freight_tail[c] >= 0)
        w->freight[w->freight_tail[c]].next = fi;
    else
        w->freight_head[c] = fi;
    w->freight_tail[c] = fi;
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
        l->kg = prod_kg(pi, e->qty[i]);
        kg += l->kg;
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
    if (f->exportf && iv.lines[0].dam[0]) write_dam(w, &iv, tr != TR_NONE ? &g : NULL);
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
    for (int i = w->freight_head[c]; i >= 0; i = w->freight[i].next) {
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
        for (int k = i; k >= 0; k = w->freight[k].next) {
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
void run_events(world *w)
{
    qsort(w->events, (size_t)w->nevents, sizeof *w->events, event_cmp);
    w->pos_of_id = malloc((size_t)(w->nevents ? w->nevents : 1) * sizeof *w->pos_of_id);
    if (!w->pos_of_id) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    for (int i = 0; i < w->nevents; i++) w->pos_of_id[w->events[i].id] = i;
    w->freight_head = malloc((size_t)(w->nfirms ? w->nfirms : 1) * sizeof *w->freight_head);
    w->freight_tail = malloc((size_t)(w->nfirms ? w->nfirms : 1) * sizeof *w->freight_tail);
    if (!w->freight_head || !w->freight_tail) {
        fputs("gen-world: out of memory\n", stderr);
        exit(3);
    }
    for (int i = 0; i < w->nfirms; i++) w->freight_head[i] = w->freight_tail[i] = -1;
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
