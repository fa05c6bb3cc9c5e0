/*
** ref_border.c: land border posts and the states their roads reach
** (data/border-posts.csv), for the routes of the binational exchange.
**
** One row per post: state,post,ubigeo,office,neighbour,reaches,note.  A
** post of STATE faces NEIGHBOUR; REACHES lists (';') the states a road
** through it leads to, the neighbour and those reached in transit: Peru and
** Argentina share no border, so a Peruvian post toward Bolivia or Chile
** reaches Argentina.  UBIGEO is the district of a Peruvian post; OFFICE a
** customs office code where one is known, to tell which post a declaration
** crossed.  These are data, not code: a state edits the file and imports
** it again, and the file replaces every post.
*/
#include "importer.h"

#include <ctype.h>
#include <string.h>

enum { BP_STATE, BP_POST, BP_UBIGEO, BP_OFFICE, BP_NEIGHBOUR, BP_REACHES, BP_COUNT };

static const char *const bp_columns[BP_COUNT] = {"state", "post", "ubigeo", "office", "neighbour", "reaches"};

typedef struct border_state {
    ins_import_ctx *ctx;
    int header_seen;
    int col[BP_COUNT];
    int64_t rows;
} border_state;

/* A border-post file: its header starts state,post,ubigeo. */
static int sniff(const ins_sniff *s)
{
    if (s->is_xml) return 0;
    for (size_t i = 0; i < 3; i++)
        if (!insRefHeaderField(s->first_line, i, bp_columns[i])) return 0;
    return 85;
}

/* The trimmed value of column C, or NULL when absent or empty. */
static const char *value_of(const border_state *st, char **f, size_t nf, int c)
{
    int i = st->col[c];
    if (i < 0 || (size_t)i >= nf || !f[i] || !*f[i]) return NULL;
    return f[i];
}

/* 1 when S is two ASCII letters; OUT gets them upper-cased. */
static int state_code(const char *s, char out[3])
{
    if (!s || strlen(s) != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1])) return 0;
    out[0] = (char)toupper((unsigned char)s[0]);
    out[1] = (char)toupper((unsigned char)s[1]);
    out[2] = '\0';
    return 1;
}

/*
** Reads REACHES ("BO;AR") into OUT as upper-case codes joined by ';', the
** neighbour first (a road through a post reaches at least the neighbour).
** 0 when an item is not a two-letter code.
*/
static int read_reaches(const char *s, const char *neighbour, ins_buf *out)
{
    insBufAppendStr(out, neighbour);
    while (s && *s) {
        size_t len = strcspn(s, ";, ");
        if (len) {
            char item[8], cc[3];
            if (len >= sizeof item) return 0;
            memcpy(item, s, len);
            item[len] = '\0';
            if (!state_code(item, cc)) return 0;
            if (strcmp(cc, neighbour) && !strstr(insBufStr(out), cc)) insBufPrintf(out, ";%s", cc);
        }
        s += len;
        if (*s) s++;
    }
    return 1;
}

/* Reads the header, requires its six columns, empties border_posts. */
static int read_header(border_state *st, unsigned long row, char **f, size_t nf)
{
    st->header_seen = 1;
    for (int c = 0; c < BP_COUNT; c++) {
        st->col[c] = insCsvColumn(f, nf, bp_columns[c]);
        if (st->col[c] < 0)
            return insImportReject(st->ctx, INS_ERR_FORMAT,
                                   _("row %lu: header has no column '%s' (needs state, post, ubigeo, office, "
                                     "neighbour and reaches)"),
                                   row, bp_columns[c]);
    }
    return insDbExec(st->ctx->db, "DELETE FROM border_posts");
}

/* Inserts one post; reference data must be exact, so any fault rejects the file. */
static int import_row(border_state *st, unsigned long row, char **f, size_t nf)
{
    static const char ins[] =
        "INSERT INTO border_posts(state, post, ubigeo, office, neighbour, reaches) VALUES(?,?,?,?,?,?)";
    size_t filled = 0;
    for (size_t i = 0; i < nf; i++) filled += f[i] && *f[i];
    if (!filled) return INS_OK;
    char state[3], neighbour[3];
    const char *post = value_of(st, f, nf, BP_POST), *ubigeo = value_of(st, f, nf, BP_UBIGEO);
    if (!state_code(value_of(st, f, nf, BP_STATE), state) || !state_code(value_of(st, f, nf, BP_NEIGHBOUR), neighbour))
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: state and neighbour are ISO 3166 alpha-2 codes"),
                               row);
    if (!post || strlen(post) > INS_MAX_NAME_BYTES)
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: a post needs a name"), row);
    if (ubigeo && (strlen(ubigeo) != 6 || strspn(ubigeo, "0123456789") != 6))
        return insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: ubigeo '%s' is not 6 digits"), row, ubigeo);
    ins_buf reaches;
    insBufInit(&reaches);
    int ok = read_reaches(value_of(st, f, nf, BP_REACHES), neighbour, &reaches);
    int rc = INS_OK;
    if (reaches.oom) rc = INS_ERR_NOMEM;
    else if (!ok)
        rc = insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: reaches lists two-letter codes separated by ';'"),
                             row);
    sqlite3_stmt *s = rc == INS_OK ? insDbStmt(st->ctx->db, ins) : NULL;
    if (rc == INS_OK && !s) rc = INS_ERR_DB;
    if (rc == INS_OK) {
        insDbBindText(s, 1, state);
        insDbBindText(s, 2, post);
        insDbBindText(s, 3, ubigeo);
        insDbBindText(s, 4, value_of(st, f, nf, BP_OFFICE));
        insDbBindText(s, 5, neighbour);
        insDbBindText(s, 6, insBufStr(&reaches));
        int r = sqlite3_step(s);
        if (r == SQLITE_CONSTRAINT)
            rc = insImportReject(st->ctx, INS_ERR_FORMAT, _("row %lu: %s's post '%s' appears twice"), row, state,
                                 post);
        else if (r != SQLITE_DONE)
            rc = INS_ERR_DB;
        else
            st->rows++;
    }
    insBufFree(&reaches);
    return rc;
}

/* The CSV reader's callback: the first record is the header. */
static int on_row(void *ud, unsigned long row, char **f, size_t nf)
{
    border_state *st = ud;
    if (!st->header_seen) return read_header(st, row, f, nf);
    return import_row(st, row, f, nf);
}

/* Loads the file, replacing every border post, and records its provenance. */
static int run(ins_import_ctx *ctx)
{
    border_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    if (insRefDocument(ctx, "border-posts") < 0) return INS_ERR_DB;
    int rc = insCsvParse(ctx, ',', on_row, &st);
    if (rc == INS_OK && !st.header_seen) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no header row"));
    if (rc == INS_OK && st.rows == 0) rc = insImportReject(ctx, INS_ERR_FORMAT, _("no border posts in the file"));
    if (rc == INS_OK)
        rc = insRefRecord(ctx, "border-posts", st.rows, "the posts' public names and road geography (data/PROVENANCE.md)",
                          "CC0");
    ctx->records = (unsigned)st.rows;
    return rc;
}

const ins_importer insImporterBorderPosts = {
    "border-posts",
    N_("land border posts and the states their roads reach (CSV state,post,ubigeo,office,neighbour,reaches)"),
    sniff,
    run,
};
