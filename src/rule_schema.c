/*
** rule_schema.c: what rules can talk about.
**
** Subjects (firm, establishment, leg, carrier, vehicle, declaration) and
** the records related to them, each with its attributes and their types.
** The checker resolves names against these tables; the loader (rule_data.c)
** fills columns in the same order.  rules/README.md section 3 documents
** them for regulators: keep the two in step.
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#define F(n, t) {n, t, NULL}
#define R(n, r) {n, VT_REL, r}

static const ins_field trade_line_f[] = {
    F("date", VT_DATE), F("hs6", VT_STR), F("tariff_code", VT_STR), F("description", VT_STR),
    F("quantity", VT_NUM), F("unit", VT_STR), F("amount", VT_NUM), F("currency", VT_STR),
    F("seller_tax_id", VT_STR), F("seller_name", VT_STR), F("seller_country", VT_STR),
    F("buyer_tax_id", VT_STR), F("buyer_country", VT_STR), F("doc_type", VT_STR),
    F("operation_type", VT_STR), F("dam_number", VT_STR), F("origin_country", VT_STR),
    F("ilab_good", VT_STR), F("ilab_fl", VT_BOOL), F("ilab_cl", VT_BOOL), F("ilab_primary", VT_BOOL),
};

static const ins_field edge_f[] = {
    F("supplier_tax_id", VT_STR), F("supplier_name", VT_STR), F("supplier_country", VT_STR),
    F("buyer_tax_id", VT_STR), F("product", VT_STR), F("amount", VT_NUM), F("share", VT_NUM),
    F("documents", VT_NUM), F("first_date", VT_DATE), F("last_date", VT_DATE),
};

static const ins_field leg_f[] = {
    F("start_date", VT_DATE), F("motivo", VT_STR), F("mode", VT_STR), F("origin_ubigeo", VT_STR),
    F("dest_ubigeo", VT_STR), F("origin_address", VT_STR), F("dest_address", VT_STR),
    F("distance_km", VT_NUM), F("gross_weight", VT_NUM), F("weight_unit", VT_STR),
    F("description", VT_STR), F("shipper_tax_id", VT_STR), F("recipient_tax_id", VT_STR),
    F("carrier_tax_id", VT_STR), F("carrier_mtc", VT_STR), F("plate", VT_STR),
    F("vehicles", VT_NUM), F("drivers", VT_NUM), F("forestry_guide", VT_BOOL),
    F("dam_cited", VT_BOOL), F("doc_type", VT_STR),
};

static const ins_field listing_f[] = {
    F("list_name", VT_STR), F("dataset", VT_STR), F("reason", VT_STR), F("listed_from", VT_DATE),
    F("listed_until", VT_DATE), F("active", VT_BOOL), F("matched_by", VT_STR),
    F("match_score", VT_NUM),
};

static const ins_field payroll_f[] = {
    F("period", VT_DATE), F("workers", VT_NUM), F("migrant_share", VT_NUM),
    F("avg_weekly_hours", VT_NUM), F("max_weekly_hours", VT_NUM), F("workers_over_48h", VT_NUM),
    F("overtime_hours", VT_NUM), F("overtime_paid", VT_NUM), F("min_wage", VT_NUM),
    F("workers_below_min_wage", VT_NUM), F("zero_pay_workers", VT_NUM),
    F("deduction_share", VT_NUM), F("rest_day_work", VT_NUM),
};

static const ins_field inspection_f[] = {
    F("date", VT_DATE), F("regulator", VT_STR), F("outcome", VT_STR), F("infractions", VT_NUM),
    F("workers_affected", VT_NUM), F("minors", VT_NUM),
};

static const ins_field decl_item_f[] = {
    F("hs6", VT_STR), F("origin_country", VT_STR), F("description", VT_STR), F("value", VT_NUM),
    F("net_mass", VT_NUM), F("ilab_good", VT_STR), F("ilab_fl", VT_BOOL), F("ilab_cl", VT_BOOL),
    F("ilab_primary", VT_BOOL), F("origin_ubigeo", VT_STR), F("quantity", VT_NUM), F("unit", VT_STR),
};

static const ins_field firm_f[] = {
    F("tax_id", VT_STR), F("scheme", VT_STR), F("country", VT_STR), F("name", VT_STR),
    F("id_valid", VT_BOOL), F("exporter", VT_BOOL),
    F("risk", VT_NUM), F("own_risk", VT_NUM), F("chain_risk", VT_NUM),
    /* what a partner state's exchange files said of the firm (exchange.c) */
    F("partner_risk", VT_NUM), F("partner_states", VT_STR), F("partner_rules", VT_STR),
    R("sales", "trade_line"), R("purchases", "trade_line"), R("suppliers", "edge"),
    R("customers", "edge"), R("shipments", "leg"), R("carried", "leg"),
    R("establishments", "establishment_rec"), R("listings", "listing"), R("payroll", "payroll_month"),
    R("inspections", "inspection"),
};

static const ins_field establishment_f[] = {
    F("ubigeo", VT_STR), F("country", VT_STR), F("address", VT_STR), F("name", VT_STR),
    F("sector", VT_STR), F("workers", VT_NUM), F("annex_code", VT_STR), F("firm_tax_id", VT_STR),
    F("firm_name", VT_STR), F("latitude", VT_NUM), F("longitude", VT_NUM), F("altitude", VT_NUM),
    R("legs_out", "leg"), R("legs_in", "leg"), R("payroll", "payroll_month"),
    R("inspections", "inspection"),
};

/* An establishment seen from its firm (no relations of its own). */
static const ins_field establishment_rec_f[] = {
    F("ubigeo", VT_STR), F("country", VT_STR), F("address", VT_STR), F("name", VT_STR),
    F("sector", VT_STR), F("workers", VT_NUM), F("annex_code", VT_STR),
};

/* Carriers and vehicles carry what partner states' routes said of them
 * (exchange.c): how many routes toward their border posts named them, the
 * people-transport legs of those routes, the states and the posts. */
static const ins_field carrier_f[] = {
    F("tax_id", VT_STR), F("name", VT_STR), F("country", VT_STR), F("id_valid", VT_BOOL),
    F("mtc", VT_STR), F("partner_routes", VT_NUM), F("partner_people_legs", VT_NUM),
    F("partner_states", VT_STR), F("partner_posts", VT_STR), R("legs", "leg"),
};

static const ins_field vehicle_f[] = {
    F("plate", VT_STR), F("max_km_per_day", VT_NUM), F("max_km_same_day", VT_NUM),
    F("partner_routes", VT_NUM), F("partner_people_legs", VT_NUM), F("partner_states", VT_STR),
    F("partner_posts", VT_STR), R("legs", "leg"),
};

static const ins_field declaration_f[] = {
    F("direction", VT_STR), F("type_code", VT_STR), F("date", VT_DATE),
    F("exporter_tax_id", VT_STR), F("exporter_country", VT_STR), F("importer_tax_id", VT_STR),
    F("destination_country", VT_STR), F("export_country", VT_STR),
    F("exporter_risk", VT_NUM), F("exporter_chain_risk", VT_NUM),
    /* Peru's DAM (SUNAT Teledespacho); empty for other formats */
    F("customs_office", VT_STR), F("regime", VT_STR), F("dam_number", VT_STR), F("order_ref", VT_STR),
    F("trader_ubigeo", VT_STR), F("cited_by", VT_NUM), F("exit_legs", VT_NUM), F("guia_legs", VT_NUM),
    F("guia_provinces", VT_STR), F("origin_mismatch", VT_NUM), F("exported_kg", VT_NUM),
    F("purchased_kg", VT_NUM), R("items", "decl_item"),
};

/* A frame's need words (insRuleNeeds) hold a bit per field of a record type. */
_Static_assert(INS_ARRAY_LEN(trade_line_f) < INS_NEED_MAX_FIELDS && INS_ARRAY_LEN(edge_f) < INS_NEED_MAX_FIELDS &&
                   INS_ARRAY_LEN(leg_f) < INS_NEED_MAX_FIELDS && INS_ARRAY_LEN(listing_f) < INS_NEED_MAX_FIELDS &&
                   INS_ARRAY_LEN(payroll_f) < INS_NEED_MAX_FIELDS &&
                   INS_ARRAY_LEN(inspection_f) < INS_NEED_MAX_FIELDS &&
                   INS_ARRAY_LEN(decl_item_f) < INS_NEED_MAX_FIELDS &&
                   INS_ARRAY_LEN(establishment_rec_f) < INS_NEED_MAX_FIELDS,
               "a record type has too many fields for a need word");

#define T(name, label, arr, subj) {name, label, arr, (int)INS_ARRAY_LEN(arr), subj}
static const ins_rtype types[] = {
    T("firm", "firm", firm_f, 1),
    T("establishment", "establishment", establishment_f, 1),
    T("leg", "transport leg", leg_f, 1),
    T("carrier", "carrier", carrier_f, 1),
    T("vehicle", "vehicle", vehicle_f, 1),
    T("declaration", "customs declaration", declaration_f, 1),
    T("trade_line", "trade line", trade_line_f, 0),
    T("edge", "supply edge", edge_f, 0),
    T("listing", "listing", listing_f, 0),
    T("payroll_month", "payroll month", payroll_f, 0),
    T("inspection", "inspection", inspection_f, 0),
    T("decl_item", "declaration item", decl_item_f, 0),
    T("establishment_rec", "establishment", establishment_rec_f, 0),
};

const ins_rtype *const insSchemaSubjects[] = {
    &types[0], &types[1], &types[2], &types[3], &types[4], &types[5],
};
const size_t insSchemaSubjectCount = INS_ARRAY_LEN(insSchemaSubjects);

/* The record type called NAME ("firm", "trade_line"...), or NULL. */
const ins_rtype *insSchemaType(const char *name)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(types); i++)
        if (!strcmp(types[i].name, name)) return &types[i];
    return NULL;
}

/*
** The index of attribute NAME in type T (the column index in its
** tables), or -1.
*/
int insSchemaField(const ins_rtype *t, const char *name)
{
    for (int i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i].name, name)) return i;
    return -1;
}

/* Longest name, in bytes, for which a spelling suggestion is computed: the
** rows of edit_distance live on the stack.  Longer names are not refused,
** they only get no "did you mean". */
#define SUGGEST_MAX_NAME 63

/*
** Levenshtein distance between A and B, two rows at a time; 99 (farther
** than any suggestion) when either is longer than SUGGEST_MAX_NAME.
*/
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX_NAME || lb > SUGGEST_MAX_NAME) return 99;
    size_t prev[SUGGEST_MAX_NAME + 1], cur[SUGGEST_MAX_NAME + 1];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/*
** The attribute of T closest to the misspelt NAME, for "did you mean":
** within 1 edit for names up to 4 bytes, 2 up to 8, 3 beyond; NULL when
** none is that close.
*/
const char *insSchemaSuggest(const ins_rtype *t, const char *name)
{
    const char *best = NULL;
    size_t bd = 99;
    for (int i = 0; i < t->nfields; i++) {
        size_t d = edit_distance(name, t->fields[i].name);
        if (d < bd) { bd = d; best = t->fields[i].name; }
    }
    size_t len = strlen(name);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return bd <= limit ? best : NULL;
}
