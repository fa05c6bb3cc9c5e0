/*
** query.c: risk queries for customs analysts, with the rule language's
** own compiler (one compiler, not two), and the read-only SQL escape hatch.
**
** A query is a subject type and a condition: the subjects are loaded as for
** a scoring run (column tables, relations as CSR indexes) and the compiled
** condition is evaluated on each; the rows that satisfy it are returned
** with their attributes, sorted and limited.  The SQL hatch runs one
** statement on a read-only connection: SQLite refuses every write, an
** authorizer refuses ATTACH, DETACH, writes to PRAGMAs, the tables and
** columns that hold personal data (privacy.c) and the functions that load
** or point at code; extensions can never be loaded; a deadline and a heap
** limit stop a statement that runs too long or grows too large.
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The subject names a query accepts (singular, plural, synonyms) and the record type each means. */
static const struct { const char *name; const char *type; } query_subjects[] = {
    {"firm", "firm"}, {"firms", "firm"},
    {"establishment", "establishment"}, {"establishments", "establishment"},
    {"leg", "leg"}, {"legs", "leg"}, {"transport_leg", "leg"},
    {"carrier", "carrier"}, {"carriers", "carrier"},
    {"vehicle", "vehicle"}, {"vehicles", "vehicle"},
    {"declaration", "declaration"}, {"declarations", "declaration"},
    {"shipment", "declaration"}, {"shipments", "declaration"},
    {"trade_line", "trade_line"}, {"trade_lines", "trade_line"}, {"line", "trade_line"}, {"lines", "trade_line"},
};

/*
** The attributes a table of each subject type shows when the caller names
** none: what identifies a row and why it matters (the display key, which
** comes first anyway, is the tax id, plate or document number).
*/
static const struct { const char *type, *fields; } default_fields[] = {
    {"firm", "name,risk,own_risk,chain_risk,exporter"},
    {"establishment", "firm_tax_id,firm_name,ubigeo,name,sector,workers"},
    {"leg", "start_date,motivo,origin_ubigeo,dest_ubigeo,shipper_tax_id,carrier_tax_id,plate,distance_km"},
    {"carrier", "name,mtc,id_valid"},
    {"vehicle", "max_km_per_day,max_km_same_day"},
    {"declaration", "direction,date,exporter_tax_id,destination_country,exporter_risk,exporter_chain_risk"},
    {"trade_line", "date,hs6,description,amount,currency,seller_tax_id,buyer_tax_id"},
};

/* The attributes a table of SUBJECT shows by default (NULL: unknown subject). */
const char *ins_query_default_fields(const char *subject)
{
    for (size_t i = 0; i < INS_ARRAY_LEN(query_subjects); i++) {
        if (!subject || strcmp(subject, query_subjects[i].name)) continue;
        for (size_t k = 0; k < INS_ARRAY_LEN(default_fields); k++)
            if (!strcmp(default_fields[k].type, query_subjects[i].type)) return default_fields[k].fields;
    }
    return NULL;
}

/* A subject that satisfied the condition: its row in the frame and its sort key. */
typedef struct qrow {
    size_t row;
    ins_val key;
} qrow;

/* The direction of the current sort, for cmp_qrow (qsort passes no context). */
static int sort_desc;

/*
** qsort order of matching rows: by the sort attribute, ascending or
** descending, missing values last either way; ties in frame order, so the
** order is total and the output stable.
*/
static int cmp_qrow(const void *a, const void *b)
{
    const qrow *x = a, *y = b;
    int c = 0;
    if (x->key.t == VT_NULL || y->key.t == VT_NULL) c = (x->key.t == VT_NULL) - (y->key.t == VT_NULL);
    else if (x->key.t == VT_NUM) c = x->key.u.n < y->key.u.n ? -1 : x->key.u.n > y->key.u.n;
    else if (x->key.t == VT_DATE) c = x->key.u.d < y->key.u.d ? -1 : x->key.u.d > y->key.u.d;
    else if (x->key.t == VT_STR) c = strcmp(x->key.u.s, y->key.u.s);
    else if (x->key.t == VT_BOOL) c = x->key.u.b - y->key.u.b;
    if (sort_desc && x->key.t != VT_NULL && y->key.t != VT_NULL) c = -c;
    if (!c) c = x->row < y->row ? -1 : x->row > y->row;
    return c;
}

/*
** Evaluates the rule-language condition EXPR on every subject of type
** SUBJECT as of AS_OF (NULL: no date limit) and returns the rows that
** satisfy it with the attributes FIELDS (comma-separated; NULL: all),
** sorted by SORT ("attr", "-attr" or "attr:desc") and at most LIMIT (0: no
** limit).  Mistakes in the condition, the sort or the fields go to DIAG as
** a compiler prints them, and make it INS_ERR_FORMAT.
*/
int ins_query(ins_db *db, const char *subject, const char *expr, const char *sort, int limit,
              const char *fields, const char *as_of, ins_diag_fn diag, void *ctx, ins_result **out)
{
    *out = NULL;
    const ins_rtype *rt = NULL;
    for (size_t i = 0; i < INS_ARRAY_LEN(query_subjects); i++)
        if (subject && !strcmp(subject, query_subjects[i].name)) rt = insSchemaType(query_subjects[i].type);
    if (!rt) return INS_ERR_ARG;
    ins_src src;
    const char *text = expr && *expr ? expr : "true";
    if (insSrcOneLine(&src, "query", text, strlen(text)) != 0) return INS_ERR_NOMEM;
    ins_diags d;
    memset(&d, 0, sizeof d);
    ins_node *cond = insParseExpr(&src, &d);
    if (cond) insCheckCondition(cond, rt, NULL, &d, &src);
    /* sort and fields name attributes of the subject */
    int sort_col = -1;
    sort_desc = 0;
    char *sortname = NULL;
    if (sort && *sort) {
        sortname = insUStrdup(sort[0] == '-' ? sort + 1 : sort);
        sort_desc = sort[0] == '-';
        char *colon = sortname ? strchr(sortname, ':') : NULL;
        if (colon) { sort_desc = !strcmp(colon + 1, "desc"); *colon = '\0'; }
        sort_col = sortname ? insSchemaField(rt, sortname) : -1;
        if (sort_col < 0 || rt->fields[sort_col].type == VT_REL) {
            const char *sug = sortname ? insSchemaSuggest(rt, sortname) : NULL;
            ins_src none;
            memset(&none, 0, sizeof none);
            none.path = (char *)"--sort";
            if (sug) insDiag(&d, 1, &none, 0, 0, 0, _("unknown attribute '%s' of %s; did you mean '%s'?"), sortname, rt->label, sug);
            else insDiag(&d, 1, &none, 0, 0, 0, _("unknown attribute '%s' of %s"), sortname ? sortname : "?", rt->label);
        }
    }
    int cols[INS_MAX_QUERY_FIELDS];
    size_t ncols = 0;
    if (fields && *fields) {
        char *copy = insUStrdup(fields);
        for (char *p = copy, *e; p && *p && ncols < INS_ARRAY_LEN(cols); p = e ? e + 1 : NULL) {
            e = strchr(p, ',');
            if (e) *e = '\0';
            int fi = insSchemaField(rt, p);
            if (fi < 0 || rt->fields[fi].type == VT_REL) {
                ins_src none;
                memset(&none, 0, sizeof none);
                none.path = (char *)"--fields";
                const char *sug = insSchemaSuggest(rt, p);
                if (sug) insDiag(&d, 1, &none, 0, 0, 0, _("unknown attribute '%s' of %s; did you mean '%s'?"), p, rt->label, sug);
                else insDiag(&d, 1, &none, 0, 0, 0, _("unknown attribute '%s' of %s"), p, rt->label);
            } else if (ncols == INS_ARRAY_LEN(cols)) {
                ins_src none;
                memset(&none, 0, sizeof none);
                none.path = (char *)"--fields";
                insDiag(&d, 1, &none, 0, 0, 0, _("more than %d fields"), INS_MAX_QUERY_FIELDS);
                break;
            } else {
                cols[ncols++] = fi;
            }
        }
        free(copy);
    } else {
        for (int i = 0; i < rt->nfields && ncols < INS_ARRAY_LEN(cols); i++)
            if (rt->fields[i].type != VT_REL) cols[ncols++] = i;
    }
    int rc = INS_OK;
    for (size_t i = 0; i < d.n; i++)
        if (diag) diag(ctx, d.v[i].is_error, d.v[i].text);
    if (d.errors || !cond) { rc = INS_ERR_FORMAT; goto done; }

    ins_frame *f = NULL;
    char *lerr = NULL;
    char asof[11] = "9999-12-31";
    if (as_of && !insUParseDate(as_of, asof)) { rc = INS_ERR_ARG; goto done; }
    uint64_t *need = calloc((size_t)rt->nfields + 1, sizeof *need);
    if (!need) { rc = INS_ERR_NOMEM; goto done; }
    insNodeNeeds(cond, need); /* only the relations the condition reads, and their fields read */
    rc = insFrameLoad(db, rt, asof, need, &f, &lerr);
    free(need);
    if (rc != INS_OK) {
        if (diag) {
            ins_buf m;
            insBufInit(&m);
            insBufPrintf(&m, "query: error: %s\n", lerr ? lerr : ins_strerror(rc));
            diag(ctx, 1, insBufStr(&m));
            insBufFree(&m);
        }
        free(lerr);
        goto done;
    }
    ins_evalctx ec;
    insEvalInit(&ec);
    ec.f = f;
    insDateParse(asof, 10, &ec.as_of);
    qrow *rows = malloc((f->subj->n ? f->subj->n : 1) * sizeof *rows);
    size_t n = 0;
    if (!rows) { rc = INS_ERR_NOMEM; }
    for (size_t r = 0; rows && r < f->subj->n; r++) {
        ec.row = r;
        ec.nb = 0;
        ec.error = 0;
        if (!insEvalTruth(insEval(&ec, cond))) continue;
        rows[n].row = r;
        memset(&rows[n].key, 0, sizeof rows[n].key);
        if (sort_col >= 0) rows[n].key = insTableGet(f->subj, sort_col, r);
        n++;
    }
    if (rows && n && sort_col >= 0) qsort(rows, n, sizeof *rows, cmp_qrow);
    if (rows) {
        const char *names[66];
        names[0] = "key";
        for (size_t i = 0; i < ncols; i++) names[i + 1] = rt->fields[cols[i]].name;
        ins_buf title;
        insBufInit(&title);
        insBufPrintf(&title, _("%s where %s"), rt->label, src.text);
        ins_result *res = insResultNew(insBufStr(&title), NULL, names, ncols + 1);
        insBufFree(&title);
        ins_buf cell;
        insBufInit(&cell);
        for (size_t i = 0; res && i < n && (limit <= 0 || (int)i < limit); i++) {
            long row = insResultAddRow(res);
            if (row < 0) break;
            insResultSet(res, (size_t)row, 0, f->keys ? f->keys[rows[i].row] : NULL);
            for (size_t c = 0; c < ncols; c++) {
                ins_val v = insTableGet(f->subj, cols[c], rows[i].row);
                if (v.t == VT_NULL) continue;
                insBufReset(&cell);
                if (v.t == VT_BOOL) insBufAppendStr(&cell, v.u.b ? "true" : "false");
                else if (v.t == VT_NUM && rt->fields[cols[c]].type == VT_NUM && v.u.n != (double)(long long)v.u.n)
                    insBufPrintf(&cell, "%.4g", v.u.n);
                else insValFormat(v, &cell);
                insResultSet(res, (size_t)row, c + 1, insBufStr(&cell));
            }
        }
        insBufFree(&cell);
        if (!res) rc = INS_ERR_NOMEM;
        *out = res;
    }
    free(rows);
    insEvalFree(&ec);
    insFrameFree(f);
done:
    insNodeFree(cond);
    insDiagsFree(&d);
    free(sortname);
    insSrcFree(&src);
    return rc;
}

/* What the hatch's authorizer and progress handler saw while one statement ran. */
typedef struct hatch_state {
    const ins_db *db;           /* whose blanking views may read mixed tables */
    char table[64], column[64]; /* the personal table and column it refused to read */
    char function[64];          /* the function it refused */
    struct timespec deadline;   /* when the statement is stopped */
    int max_ms;                 /* the time limit, for the message */
    int timed_out;              /* the progress handler stopped it */
} hatch_state;

/* Functions the hatch never calls: loading code, and fts3_tokenizer, whose
 * one-argument form returns a tokenizer's address and whose two-argument
 * form (compiled into common builds) installs one from an address. */
static const char *const hatch_denied_functions[] = {"load_extension", "fts3_tokenizer", "fts5"};

/* Pragmas that read something named by their argument (as the table-valued
 * pragma_table_info('firms') does); every other pragma with an argument
 * sets something and is refused. */
static const char *const hatch_reading_pragmas[] = {"table_info", "table_xinfo", "index_list",
                                                    "index_info", "index_xinfo", "foreign_key_list"};

/* 1 when NAME is one of the N words of LIST (no case). */
static int in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (insUStrieq(name, list[i])) return 1;
    return 0;
}

/*
** The SQL hatch's authorizer: refuses anything but reading (no ATTACH or
** DETACH, no writes, no schema or transaction statements, no pragma that
** sets), every read of a table or column that holds personal data
** (insPrivacyDenied: SQLite reports each column a statement reads, through
** views, subqueries and CTEs, and count(*) as a read of column ""), and
** the functions of hatch_denied_functions.  What it refused is kept in the
** hatch_state for the message.
*/
static int hatch_authorize(void *ud, int action, const char *a, const char *b, const char *c, const char *e)
{
    hatch_state *hs = ud;
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
    case SQLITE_INSERT:
    case SQLITE_DELETE:
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_TEMP_TRIGGER: case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_VIEW: case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_INDEX: case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_TEMP_TRIGGER: case SQLITE_DROP_TEMP_VIEW:
    case SQLITE_DROP_TRIGGER: case SQLITE_DROP_VIEW: case SQLITE_DROP_VTABLE:
    case SQLITE_ALTER_TABLE: case SQLITE_REINDEX: case SQLITE_ANALYZE:
    case SQLITE_TRANSACTION: case SQLITE_SAVEPOINT:
        return SQLITE_DENY;
    case SQLITE_UPDATE:
        /* The first table-valued pragma (pragma_table_info) of a connection
         * enters its table in the schema, which SQLite authorizes as an
         * UPDATE of sqlite_master; a statement that really updates it is
         * refused by SQLite itself, and the connection is read-only. */
        return insUStrieq(a, "sqlite_master") ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:
        /* reading a pragma is fine, and those that read what their argument
           names; table_list would list the blanking views' names */
        if (insUStrieq(a, "table_list")) return SQLITE_DENY;
        return !b || in_list(a, hatch_reading_pragmas, INS_ARRAY_LEN(hatch_reading_pragmas)) ? SQLITE_OK
                                                                                            : SQLITE_DENY;
    case SQLITE_READ:
        /* the temporary schema's listing holds the blanking views' names */
        if (insUStrieq(a, "sqlite_temp_master") || insUStrieq(a, "sqlite_temp_schema")) return SQLITE_DENY;
        /* a mixed table's identifying columns only through its blanking view
           (privacy.c), whose own reads come with its name as E */
        if (insPrivacyDenied(a, b) ||
            (c && !strcmp(c, "main") && insPrivacyBlanked(a, b) && !insPrivacyBlankingView(hs->db, e))) {
            if (!hs->table[0]) {
                insUStrlcpy(hs->table, a, sizeof hs->table);
                insUStrlcpy(hs->column, b ? b : "", sizeof hs->column);
            }
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        /* SQLite passes the function's name as the fourth argument */
        if (in_list(b, hatch_denied_functions, INS_ARRAY_LEN(hatch_denied_functions))) {
            if (!hs->function[0]) insUStrlcpy(hs->function, b, sizeof hs->function);
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

/* Progress handler of the hatch: stops the statement (SQLite returns
** SQLITE_INTERRUPT) once the deadline has passed. */
static int hatch_progress(void *ud)
{
    hatch_state *hs = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > hs->deadline.tv_sec ||
        (now.tv_sec == hs->deadline.tv_sec && now.tv_nsec >= hs->deadline.tv_nsec)) {
        hs->timed_out = 1;
        return 1;
    }
    return 0;
}

/* Bytes SQLite may allocate while one hatch statement runs, on top of what
 * it holds when the statement starts: the hatch's own bound and room for
 * the page cache to fill. */
#define HATCH_HEAP_BYTES (((sqlite3_int64)INS_SQL_HATCH_HEAP_MIB << 20) + (sqlite3_int64)INS_DB_CACHE_KIB * 1024)

/*
** The message of a hatch statement that failed with SQLite code RC: what
** the authorizer refused, the time or memory limit, or SQLite's own
** message.  Malloc'd.
*/
static char *hatch_message(ins_db *db, const hatch_state *hs, int rc, int over_memory)
{
    ins_buf m;
    insBufInit(&m);
    if (hs->table[0] && hs->column[0] && insPrivacyBlanked(hs->table, hs->column))
        insBufPrintf(&m, _("refused: main.%s.%s can name a person; read %s (without main.), which shows it "
                           "for firms and blanks it for persons"), hs->table, hs->column, hs->table);
    else if (hs->table[0] && hs->column[0])
        insBufPrintf(&m, _("refused: %s.%s holds personal data, which the SQL hatch never shows"), hs->table,
                     hs->column);
    else if (hs->table[0])
        insBufPrintf(&m, _("refused: table %s holds personal data, which the SQL hatch never shows"),
                     hs->table);
    else if (hs->function[0])
        insBufPrintf(&m, _("refused: the function %s() is not available in the SQL hatch"), hs->function);
    else if (hs->timed_out)
        insBufPrintf(&m, _("query stopped: time limit of %d s reached"), (hs->max_ms + 999) / 1000);
    else if (over_memory || (rc & 0xff) == SQLITE_NOMEM)
        insBufPrintf(&m, _("query stopped: memory limit of %d MiB reached"),
                     (int)(HATCH_HEAP_BYTES >> 20));
    else if ((rc & 0xff) == SQLITE_AUTH || strstr(sqlite3_errmsg(db->h), "not authorized"))
        insBufPrintf(&m, _("refused: the SQL hatch is read-only (no writes, ATTACH, DETACH, "
                           "PRAGMA changes or extensions): %s"), sqlite3_errmsg(db->h));
    else
        insBufPrintf(&m, "%s", sqlite3_errmsg(db->h));
    return insBufDetach(&m);
}

/*
** Runs one read-only SQL statement on DB (which must be opened read-only)
** and returns its first LIMIT rows (0: all), the statement as the title.
** More than one statement, one that would write, or one that reads
** personal data (privacy.c) is refused with INS_ERR_ARG and a message.
** The statement is stopped after MAX_MS milliseconds (0 or more than
** INS_SQL_HATCH_MS: INS_SQL_HATCH_MS) and when SQLite's memory, or the
** rows kept, grow past the hatch's bound; both end with INS_ERR_TOOBIG and
** a message that says which limit.  The authorizer, progress handler and
** heap limit are in place only for the duration of the call.
*/
int ins_query_sql_limited(ins_db *db, const char *sql, int limit, int max_ms, ins_result **out,
                          char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    if (!db->readonly) {
        if (errmsg) *errmsg = insUStrdup(_("the SQL hatch needs a read-only connection"));
        return INS_ERR_ARG;
    }
    hatch_state hs;
    memset(&hs, 0, sizeof hs);
    hs.db = db;
    hs.max_ms = max_ms > 0 && max_ms < INS_SQL_HATCH_MS ? max_ms : INS_SQL_HATCH_MS;
    clock_gettime(CLOCK_MONOTONIC, &hs.deadline);
    hs.deadline.tv_sec += hs.max_ms / 1000;
    hs.deadline.tv_nsec += (long)(hs.max_ms % 1000) * 1000000L;
    if (hs.deadline.tv_nsec >= 1000000000L) { hs.deadline.tv_sec++; hs.deadline.tv_nsec -= 1000000000L; }
    sqlite3_int64 old_limit = sqlite3_hard_heap_limit64(-1);
    sqlite3_int64 heap = sqlite3_memory_used() + HATCH_HEAP_BYTES;
    if (old_limit <= 0 || heap < old_limit) sqlite3_hard_heap_limit64(heap);
    /* the views that blank persons in mixed tables, made on this read-only
       connection's temporary schema before the authorizer forbids it */
    if (insDbExec(db, "PRAGMA query_only=OFF") != INS_OK || insPrivacyMixedViews(db) != INS_OK ||
        insDbExec(db, "PRAGMA query_only=ON") != INS_OK) {
        insDbExec(db, "PRAGMA query_only=ON");
        sqlite3_hard_heap_limit64(old_limit);
        if (errmsg) *errmsg = insUStrdup(insDbErr(db));
        return INS_ERR_DB;
    }
    sqlite3_set_authorizer(db->h, hatch_authorize, &hs);
    sqlite3_progress_handler(db->h, INS_SQL_HATCH_PROGRESS_OPS, hatch_progress, &hs);

    int ret = INS_OK, over_memory = 0;
    ins_result *r = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, &tail);
    if (rc != SQLITE_OK || !st) {
        if (errmsg) *errmsg = rc != SQLITE_OK ? hatch_message(db, &hs, rc, 0) : insUStrdup(_("empty statement"));
        ret = hs.timed_out || (rc & 0xff) == SQLITE_NOMEM ? INS_ERR_TOOBIG : INS_ERR_ARG;
        goto done;
    }
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';' || *tail == '\r')) tail++;
    if (sqlite3_stmt_isexplain(st)) {
        /* a plan or a program names the views the hatch reads through */
        if (errmsg) *errmsg = insUStrdup(_("refused: EXPLAIN is not available in the SQL hatch"));
        ret = INS_ERR_ARG;
        goto done;
    }
    if ((tail && *tail) || !sqlite3_stmt_readonly(st)) {
        if (errmsg)
            *errmsg = insUStrdup(tail && *tail ? _("one statement at a time")
                                               : _("refused: the SQL hatch is read-only and this statement would write"));
        ret = INS_ERR_ARG;
        goto done;
    }
    int nc = sqlite3_column_count(st);
    const char *names[INS_MAX_QUERY_COLUMNS];
    if (nc > INS_MAX_QUERY_COLUMNS) {
        if (errmsg) {
            ins_buf m;
            insBufInit(&m);
            insBufPrintf(&m, _("a result of at most %d columns, this statement has %d"), INS_MAX_QUERY_COLUMNS, nc);
            *errmsg = insBufDetach(&m);
        }
        ret = INS_ERR_TOOBIG;
        goto done;
    }
    for (int i = 0; i < nc; i++) names[i] = sqlite3_column_name(st, i);
    r = insResultNew(sql, NULL, names, (size_t)nc);
    int n = 0;
    sqlite3_int64 kept = 0; /* bytes of the rows kept, bounded as SQLite's heap is */
    while (r && (limit <= 0 || n < limit) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(r);
        if (row < 0) break;
        for (int i = 0; i < nc; i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            if (t) {
                insResultSet(r, (size_t)row, (size_t)i, (const char *)t);
                kept += sqlite3_column_bytes(st, i) + 1;
            }
        }
        n++;
        if (kept > HATCH_HEAP_BYTES) { over_memory = 1; break; }
    }
    int ok = !over_memory && (rc == SQLITE_ROW || rc == SQLITE_DONE || (limit > 0 && n >= limit));
    if (!r) ret = INS_ERR_NOMEM;
    else if (!ok) {
        if (errmsg) *errmsg = hatch_message(db, &hs, rc, over_memory);
        ret = hs.timed_out || over_memory || (rc & 0xff) == SQLITE_NOMEM ? INS_ERR_TOOBIG : INS_ERR_DB;
    }
done:
    sqlite3_finalize(st);
    sqlite3_progress_handler(db->h, 0, NULL, NULL);
    sqlite3_set_authorizer(db->h, NULL, NULL);
    sqlite3_hard_heap_limit64(old_limit);
    if (ret != INS_OK) { ins_result_free(r); return ret; }
    *out = r;
    return INS_OK;
}

/* ins_query_sql_limited with the default time limit (INS_SQL_HATCH_MS). */
int ins_query_sql(ins_db *db, const char *sql, int limit, ins_result **out, char **errmsg)
{
    return ins_query_sql_limited(db, sql, limit, 0, out, errmsg);
}
