/*
** import.c: the import driver.
**
** For each path: a directory is walked recursively (sorted, hidden entries
** skipped), a zip archive is expanded member by member, a plain file is
** read as is; worker threads read, hash and parse plain files ahead of
** this thread, which imports them one by one in walk order (ahead.c).
** For each file: hash its content (SHA-256), skip it when that
** content was imported before, tell its format from its first bytes, and
** run the importer in a savepoint of its own inside a write transaction
** that holds several files (at most INS_IMPORT_TXN_FILES or
** INS_IMPORT_TXN_BYTES).  A rejected file is rolled back whole to its
** savepoint, reported through the caller's callback and kept in
** import_log; the batch goes on.  Before each commit, the supply edges of
** the (seller, buyer) pairs the transaction's trade lines touched are
** recomputed, so that edges commit with the lines they come from and an
** import costs what it adds, not what the database holds.
**
** Format importers never open transactions nor include output code: the
** driver opens the transactions, and reports only through the caller's
** callbacks and import_log.  It stands above the formats: it calls their
** sniff and run through the registry (registry.c), and they call back
** only into the services below it (reader.c, xmlread.c, csvread.c, the
** shared writers) and the model.
*/
#include "importer.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <assert.h>

/* ---- the batch ------------------------------------------------------------ */

/* The state of one ins_import_paths call. */
typedef struct batch {
    ins_db *db;
    const ins_import_opts *opts;
    const ins_importer *forced; /* --kind: no sniffing */
    ins_import_stats *st;       /* the caller's counts */
    int64_t run_id;             /* import_runs row */
    int fatal;                  /* the database failed: stop */
    /* the open write transaction, which holds several files */
    int in_txn;
    unsigned txn_files;         /* files met since it began */
    uint64_t txn_bytes;         /* and their bytes */
    int64_t txn_lines_mark;     /* largest trade_lines id when it began */
    int trade_changed;          /* a file of it added trade lines: update edges */
    /* what the open transaction counted, taken back when it rolls back */
    unsigned txn_count[INS_MAX_KINDS_REPORTED][3];
} batch;

/*
** The database failed: the batch stops, and the first failure's words
** (insDbFailText, taken now, before a rollback replaces SQLite's message)
** are what the caller reports.
*/
static void batch_fail(batch *b)
{
    if (!b->fatal && !b->st->error[0])
        insUStrlcpy(b->st->error, insDbFailText(b->db), sizeof b->st->error);
    b->fatal = 1;
}

/*
** Opens the batch's write transaction unless one is open.  Files are
** imported several to a transaction (each in a savepoint of its own), so
** that a commit's fixed cost (the WAL frames of every page touched, the
** checkpoints) is shared; the transaction also holds each file's
** import_log row and the duplicate check, so that a file, its log row and
** the edges derived from it commit together or not at all.
*/
static void txn_open(batch *b)
{
    if (b->in_txn || b->fatal) return;
    if (insDbBegin(b->db) != INS_OK) { batch_fail(b); return; }
    b->in_txn = 1;
    b->txn_files = 0;
    b->txn_bytes = 0;
    b->trade_changed = 0;
    memset(b->txn_count, 0, sizeof b->txn_count);
    b->txn_lines_mark = insDbScalarInt(b->db, "SELECT COALESCE(MAX(id), 0) FROM trade_lines");
    if (b->txn_lines_mark < 0) batch_fail(b);
}

/*
** The open transaction was rolled back whole: its files are not in the
** database, so they are not counted as done but as not committed (a
** rerun imports them).
*/
static void txn_lost(batch *b)
{
    ins_import_stats *st = b->st;
    for (size_t k = 0; k < st->nkinds; k++) {
        unsigned *c = b->txn_count[k];
        st->kinds[k].imported -= c[0];
        st->kinds[k].duplicate -= c[1];
        st->kinds[k].rejected -= c[2];
        st->imported -= c[0];
        st->duplicate -= c[1];
        st->rejected -= c[2];
        st->not_committed += c[0] + c[1] + c[2];
    }
    memset(b->txn_count, 0, sizeof b->txn_count);
}

/*
** Closes the batch's transaction: brings the supply edges of the pairs its
** trade lines touched up to date (insModelUpdateEdges), then commits.  On a
** database failure the transaction is rolled back whole and the batch
** stops (its files are absent with their log rows, and a rerun imports
** them).
*/
static void txn_close(batch *b)
{
    if (!b->in_txn) return;
    b->in_txn = 0;
    int rc = b->fatal ? INS_ERR_DB : INS_OK;
    if (rc == INS_OK && b->trade_changed) rc = insModelUpdateEdges(b->db, b->txn_lines_mark);
    if (rc == INS_OK) rc = insDbCommit(b->db);
    if (rc != INS_OK) {
        batch_fail(b);
        insDbRollback(b->db);
        txn_lost(b);
    }
}

/* Commits when the transaction holds enough files or bytes: deterministic
** bounds (never a clock), so that ids do not depend on the machine. */
static void txn_maybe_close(batch *b)
{
    if (b->in_txn && (b->txn_files >= INS_IMPORT_TXN_FILES || b->txn_bytes >= INS_IMPORT_TXN_BYTES))
        txn_close(b);
}

/*
** The counts of KIND in ST, created on first use.  The caller's table is
** fixed (INS_MAX_KINDS_REPORTED): kinds past it are counted in the last
** slot rather than lost.
*/
static ins_kind_count *kind_slot(ins_import_stats *st, const char *kind)
{
    for (size_t i = 0; i < st->nkinds; i++)
        if (!strcmp(st->kinds[i].kind, kind)) return &st->kinds[i];
    if (st->nkinds == INS_MAX_KINDS_REPORTED) return &st->kinds[st->nkinds - 1];
    ins_kind_count *k = &st->kinds[st->nkinds++];
    memset(k, 0, sizeof *k);
    insUStrlcpy(k->kind, kind, sizeof k->kind);
    return k;
}

/*
** Records the outcome of one file: an import_log row (STATUS "imported",
** "duplicate" or "rejected", with REASON), the counts, and for a
** rejection the caller's on_reject callback.  Every file the batch meets
** comes through here exactly once, so the log accounts for all of them.
** A failed log write is a database failure: the batch stops.
*/
static void log_file(batch *b, const ins_source *src, const char *kind, const char *status,
                     const char *reason)
{
    static const char sql[] =
        "INSERT INTO import_log(import_run_id, path, sha256, kind, status, reason, logged_at)"
        " VALUES(?,?,?,?,?,?,?)";
    char now[21];
    insUNowIso(now);
    txn_open(b);
    sqlite3_stmt *s = b->fatal ? NULL : insDbStmt(b->db, sql);
    if (s) {
        sqlite3_bind_int64(s, 1, b->run_id);
        insDbBindText(s, 2, src->display);
        insDbBindText(s, 3, src->sha256[0] ? src->sha256 : NULL);
        insDbBindText(s, 4, kind);
        insDbBindText(s, 5, status);
        insDbBindText(s, 6, reason);
        insDbBindText(s, 7, now);
        if (sqlite3_step(s) != SQLITE_DONE) batch_fail(b);
        sqlite3_reset(s);
    } else {
        batch_fail(b);
    }
    ins_kind_count *k = kind_slot(b->st, kind ? kind : "unknown");
    unsigned *tc = b->in_txn ? b->txn_count[k - b->st->kinds] : NULL;
    if (!strcmp(status, "imported")) { k->imported++; b->st->imported++; if (tc) tc[0]++; }
    else if (!strcmp(status, "duplicate")) { k->duplicate++; b->st->duplicate++; if (tc) tc[1]++; }
    else {
        k->rejected++;
        b->st->rejected++;
        if (tc) tc[2]++;
        if (b->opts && b->opts->on_reject) b->opts->on_reject(b->opts->cb_ctx, src->display, reason);
    }
}

/*
** Reads the root element of an XML head by hand: skips the XML
** declaration, comments, processing instructions and a DOCTYPE (noting
** it), then takes the root's qualified name and resolves its prefix from
** the xmlns attributes on the root itself.  A hand scan of a bounded head
** cannot be tricked into expanding anything, and it does not stop at an
** error later in the document the way a parser reading ahead would.
*/
static void sniff_xml_root(ins_sniff *s, size_t j, int *has_doctype)
{
    const char *h = (const char *)s->head;
    size_t n = s->head_len;
    while (j < n) {
        while (j < n && (h[j] == ' ' || h[j] == '\t' || h[j] == '\r' || h[j] == '\n')) j++;
        if (j >= n || h[j] != '<') return;
        if (j + 1 < n && h[j + 1] == '?') {
            const char *e = memmem(h + j, n - j, "?>", 2);
            if (!e) return;
            j = (size_t)(e - h) + 2;
        } else if (j + 3 < n && !memcmp(h + j, "<!--", 4)) {
            const char *e = memmem(h + j, n - j, "-->", 3);
            if (!e) return;
            j = (size_t)(e - h) + 3;
        } else if (j + 1 < n && h[j + 1] == '!') {
            /* DOCTYPE (with or without an internal subset) */
            *has_doctype = 1;
            s->is_xml = 1;
            int depth = 0;
            for (j += 2; j < n; j++) {
                if (h[j] == '[') depth++;
                else if (h[j] == ']') depth--;
                else if (h[j] == '>' && depth <= 0) { j++; break; }
            }
        } else {
            break;
        }
    }
    if (j >= n || h[j] != '<') return;
    size_t q = ++j;
    while (j < n && h[j] != ' ' && h[j] != '>' && h[j] != '/' && h[j] != '\t' && h[j] != '\r' &&
           h[j] != '\n')
        j++;
    if (j == q || j >= n) return;
    s->is_xml = 1;
    const char *colon = memchr(h + q, ':', j - q);
    size_t plen = colon ? (size_t)(colon - (h + q)) : 0;
    const char *local = colon ? colon + 1 : h + q;
    size_t llen = (size_t)((h + j) - local);
    if (llen >= sizeof s->root_local) llen = sizeof s->root_local - 1;
    memcpy(s->root_local, local, llen);
    s->root_local[llen] = '\0';
    /* attributes of the root start tag */
    const char *end = memchr(h + j, '>', n - j);
    size_t tag_end = end ? (size_t)(end - h) : n;
    char want[160];
    if (plen >= sizeof want - 8) return;
    if (plen) snprintf(want, sizeof want, "xmlns:%.*s", (int)plen, h + q);
    else snprintf(want, sizeof want, "xmlns");
    size_t wl = strlen(want);
    for (size_t k = j; k + wl + 2 < tag_end; k++) {
        if ((h[k - 1] == ' ' || h[k - 1] == '\t' || h[k - 1] == '\n' || h[k - 1] == '\r') &&
            !memcmp(h + k, want, wl)) {
            size_t v = k + wl;
            while (v < tag_end && (h[v] == ' ' || h[v] == '\t')) v++;
            if (v >= tag_end || h[v] != '=') continue;
            v++;
            while (v < tag_end && (h[v] == ' ' || h[v] == '\t')) v++;
            if (v >= tag_end || (h[v] != '"' && h[v] != '\'')) continue;
            char quote = h[v++];
            const char *close = memchr(h + v, quote, tag_end - v);
            if (!close) return;
            size_t ul = (size_t)(close - (h + v));
            if (ul >= sizeof s->root_ns) ul = sizeof s->root_ns - 1;
            memcpy(s->root_ns, h + v, ul);
            s->root_ns[ul] = '\0';
            return;
        }
    }
}

/*
** Warns on the documents of the file just imported (the first 16; an XML
** file holds one or a few) that CTX->bad_utf8 of its values held invalid
** UTF-8, replaced by U+FFFD (xmlread.c), so the analyst knows the text is
** not as written.  Inside the file's own savepoint.
*/
static int warn_bad_utf8(ins_import_ctx *ctx)
{
    static const char q[] = "SELECT id FROM documents WHERE file_id = ? ORDER BY id";
    sqlite3_stmt *s = insDbStmt(ctx->db, q);
    if (!s) return INS_ERR_DB;
    sqlite3_bind_int64(s, 1, ctx->file_id);
    int64_t ids[16];
    size_t n = 0;
    while (n < INS_ARRAY_LEN(ids) && sqlite3_step(s) == SQLITE_ROW) ids[n++] = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    for (size_t i = 0; i < n; i++)
        if (insModelWarn(ctx->db, ids[i], "invalid_utf8",
                         _("%lu value(s) held bytes that are not UTF-8; each was replaced by U+FFFD"),
                         ctx->bad_utf8) != INS_OK)
            return INS_ERR_DB;
    return INS_OK;
}

/*
** The reason of a text file no importer recognised.  Its first line may be
** a header, or a record holding a worker's document number or a person's
** name: which, nobody knows when nothing matched, so the reason says what
** was seen (length, the most frequent delimiter and the fields it makes),
** never the text.  LINE_NO says which line it is when blank lines come
** first.
*/
static void describe_first_line(const char *line, unsigned line_no, ins_buf *m)
{
    static const char delims[] = {',', ';', '|', '\t'};
    static const char *const names[] = {"','", "';'", "'|'", N_("tab")};
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < sizeof delims; i++) {
        size_t n = 0;
        for (const char *p = line; *p; p++) n += *p == delims[i];
        if (n > best_n) { best = i; best_n = n; }
    }
    ins_buf which;
    insBufInit(&which);
    if (line_no > 1) insBufPrintf(&which, _("line %u, the first that is not empty"), line_no);
    else insBufAppendStr(&which, _("the first line"));
    if (best_n)
        insBufPrintf(m, _("unrecognised format: not a supported XML document, and %s "
                          "(%zu bytes, %zu fields separated by %s) matches no importer's header"),
                     insBufStr(&which), strlen(line), best_n + 1, _(names[best]));
    else
        insBufPrintf(m, _("unrecognised format: not a supported XML document, and %s "
                          "(%zu bytes, no ',', ';', '|' or tab) matches no importer's header"),
                     insBufStr(&which), strlen(line));
    insBufFree(&which);
}

/*
** Fills S from the first bytes of a file: whether it is XML and its root
** element, and its first line for CSV headers.
*/
static void sniff_head(ins_sniff *s, int *has_doctype)
{
    *has_doctype = 0;
    size_t i = 0;
    const unsigned char *h = s->head;
    size_t n = s->head_len;
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) i = 3;
    /* first non-empty line, and its number (CRLF, LF or CR end a line) */
    size_t start = i;
    s->first_line_no = 1;
    while (start < n && (h[start] == '\r' || h[start] == '\n')) {
        if (h[start] == '\n' || start + 1 >= n || h[start + 1] != '\n') s->first_line_no++;
        start++;
    }
    size_t end = start;
    while (end < n && h[end] != '\n' && h[end] != '\r') end++;
    char *line = insUToUtf8((const char *)h + start, end - start);
    if (line) {
        insUTrim(line);
        insUStrlcpy(s->first_line, line, sizeof s->first_line);
        free(line);
    }
    size_t j = i;
    while (j < n && (h[j] == ' ' || h[j] == '\t' || h[j] == '\r' || h[j] == '\n')) j++;
    if (j < n && h[j] == '<') sniff_xml_root(s, j, has_doctype);
}

/* A reason for XML documents that are SUNAT's but not trade documents. */
static const char *non_trade_reason(const char *root)
{
    if (!strcmp(root, "SummaryDocuments"))
        return N_("daily summary (resumen diario) is not a trade document");
    if (!strcmp(root, "VoidedDocuments"))
        return N_("voided-documents list (comunicacion de baja) is not a trade document");
    if (!strcmp(root, "ApplicationResponse"))
        return N_("SUNAT receipt (CDR) is not a trade document");
    if (!strcmp(root, "Perception") || !strcmp(root, "Retention"))
        return N_("perception/retention voucher is not a trade document");
    return NULL;
}

/*
** The base name of a display path: after the last '/' or, for an archive
** member ("archive.zip!dir/member.xml"), the last '/' or '!'.  Sniffers
** may use it as a hint and some kinds make it part of a file's identity.
*/
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    const char *b = strrchr(p, '!');
    if (b && (!s || b > s)) s = b;
    return s ? s + 1 : p;
}

/*
** 1 when SRC's content (its sha256) was imported before: then logged as a
** duplicate.  Asked inside the write transaction, so that two imports of
** the same file cannot both find it new.  On a database failure the batch
** stops and the answer is 1 (nothing more is done with SRC).
*/
static int is_duplicate(batch *b, const ins_source *src)
{
    txn_open(b);
    if (b->fatal) return 1;
    static const char qdup[] = "SELECT kind FROM source_files WHERE sha256 = ?";
    sqlite3_stmt *s = insDbStmt(b->db, qdup);
    if (!s) { batch_fail(b); return 1; }
    sqlite3_bind_text(s, 1, src->sha256, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        char kind[32];
        insUStrlcpy(kind, (const char *)sqlite3_column_text(s, 0), sizeof kind);
        sqlite3_reset(s);
        log_file(b, src, kind, "duplicate", NULL);
        return 1;
    }
    sqlite3_reset(s);
    return 0;
}

/*
** Logs the parts of a group the importer rejected while the rest of it
** imported (one declaration of a transmission...): each is a rejected
** entry "GROUP PART" with its reason, through the caller's callback too.
*/
static void log_parts(batch *b, const ins_source *src, const char *kind, const ins_import_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nparts && !b->fatal; i++) {
        ins_buf d;
        insBufInit(&d);
        insBufPrintf(&d, "%s%s", src->display, ctx->parts[i].what);
        ins_source part;
        memset(&part, 0, sizeof part);
        part.display = insBufStr(&d);
        log_file(b, &part, kind, "rejected", ctx->parts[i].reason);
        insBufFree(&d);
    }
}

/*
** Runs importer IM over SRC inside a savepoint with the file's
** source_files row: released on success, rolled back on any rejection;
** every outcome is logged.  A database failure (not the file's fault)
** stops the batch.
*/
static void run_importer(batch *b, ins_source *src, const ins_importer *im)
{
    ins_import_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = b->db;
    ctx.src = src;
    ctx.kind = im->kind;
    insBufInit(&ctx.reason);
    if (insDbSavepoint(b->db) != INS_OK) { batch_fail(b); insBufFree(&ctx.reason); return; }
    b->txn_files++;
    b->txn_bytes += src->size;
    static const char qins[] =
        "INSERT INTO source_files(sha256, path, size, kind, import_run_id, imported_at)"
        " VALUES(?,?,?,?,?,?)";
    char now[21];
    insUNowIso(now);
    sqlite3_stmt *s = insDbStmt(b->db, qins);
    int rc = INS_ERR_DB;
    if (s) {
        sqlite3_bind_text(s, 1, src->sha256, -1, SQLITE_STATIC);
        insDbBindText(s, 2, src->display);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)src->size);
        insDbBindText(s, 4, im->kind);
        sqlite3_bind_int64(s, 5, b->run_id);
        insDbBindText(s, 6, now);
        if (sqlite3_step(s) == SQLITE_DONE) {
            ctx.file_id = sqlite3_last_insert_rowid(b->db->h);
            rc = im->run(&ctx);
            if (rc == INS_OK && ctx.bad_utf8) rc = warn_bad_utf8(&ctx);
            if (rc == INS_ERR_DB && !ctx.reason.len)
                insImportReject(&ctx, INS_ERR_DB, _("database error: %s"), insDbErr(b->db));
        } else {
            insImportReject(&ctx, INS_ERR_DB, _("database error: %s"), insDbErr(b->db));
        }
    }
    if (rc == INS_OK && insDbRelease(b->db) == INS_OK) {
        if (ctx.trade_changed) b->trade_changed = 1;
        log_file(b, src, im->kind, "imported", NULL);
        log_parts(b, src, im->kind, &ctx);
    } else if (rc == INS_ERR_DB || rc == INS_OK) {
        /* the database failed, not the file (a full disk, a lock, an I/O
           error): the batch stops here, and the file is not called rejected;
           the importer's words, when it took SQLite's before a rollback of
           its own replaced them, are the ones reported */
        if (rc == INS_ERR_DB && ctx.reason.len && !b->st->error[0])
            insUStrlcpy(b->st->error, insBufStr(&ctx.reason), sizeof b->st->error);
        batch_fail(b);
        if (insDbRollbackTo(b->db) != INS_OK) { b->in_txn = 0; txn_lost(b); }
    } else if (insDbRollbackTo(b->db) == INS_OK) {
        if (!ctx.reason.len) insBufAppendStr(&ctx.reason, ins_strerror(rc));
        log_file(b, src, im->kind, "rejected", insBufStr(&ctx.reason));
        log_parts(b, src, im->kind, &ctx);
    } else {
        batch_fail(b);
        b->in_txn = 0; /* SQLite rolled the whole transaction back */
        txn_lost(b);
    }
    insBufFree(&ctx.reason);
    insImportPartsFree(&ctx);
}

/*
** Imports one file or archive member.  Every outcome is logged: imported,
** duplicate (same content imported before) or rejected with a reason.
** In order: hash and read the head; refuse an empty file; choose the
** importer (the forced one, else the most confident sniffer); for kinds
** whose name is part of their identity, hash the name in; skip a
** duplicate; refuse a DOCTYPE (before any parser sees the file) and a file
** no importer claims; then run the importer inside a savepoint with the
** file's source_files row, released on success and rolled back on any
** rejection.  A plain file comes as a worker read it (PRE, ahead.c): its
** hash, its head, its bytes up to INS_IMPORT_KEEP_BYTES (handed to the
** importer as memory, so the file is read once) and, for small XML, the
** tree parsed ahead.
*/
static void import_file(batch *b, ins_source *src, const ins_prepared *pre)
{
    unsigned char head_own[INS_SNIFF_BYTES];
    const unsigned char *head = head_own;
    size_t head_len = 0;
    ins_sniff sn;
    memset(&sn, 0, sizeof sn);

    if (src->mem) {
        insUSha256Hex(src->mem, src->mem_len, src->sha256);
        src->size = src->mem_len;
        head_len = src->mem_len < INS_SNIFF_BYTES ? src->mem_len : INS_SNIFF_BYTES;
        memcpy(head_own, src->mem, head_len);
    } else {
        assert(pre);
        int rc = pre->rc;
        src->size = pre->size;
        memcpy(src->sha256, pre->sha256, sizeof src->sha256);
        head = pre->head;
        head_len = pre->head_len;
        const ins_buf *kept = &pre->bytes;
        if (rc == INS_OK && kept->s && !kept->oom && kept->len == src->size) {
            src->mem = (const unsigned char *)kept->s;
            src->mem_len = kept->len;
            src->tree = pre->tree;
        }
        if (rc != INS_OK) {
            ins_buf m;
            insBufInit(&m);
            if (rc == INS_ERR_TOOBIG) insBufPrintf(&m, _("file exceeds %u bytes"), INS_MAX_FILE_BYTES);
            else insBufPrintf(&m, _("cannot read: %s"), strerror(pre->err_no));
            log_file(b, src, NULL, "rejected", insBufStr(&m));
            insBufFree(&m);
            return;
        }
    }
    b->st->bytes_done += src->size;

    if (src->size == 0) {
        log_file(b, src, NULL, "rejected", _("empty file"));
        return;
    }

    sn.head = head;
    sn.head_len = head_len;
    sn.filename = base_name(src->display);
    int has_doctype = 0;
    sniff_head(&sn, &has_doctype);

    const ins_importer *im = b->forced;
    if (!im) {
        int best = 0;
        for (size_t i = 0; i < insImporterCount; i++) {
            int c = insImporters[i]->sniff(&sn);
            if (c > best) { best = c; im = insImporters[i]; }
        }
    }
    /* The identity of a file is its content, and for some kinds its name too. */
    if (im && (im->flags & INS_IMPORTER_NAME_IDENTITY)) {
        ins_sha256 h;
        insUSha256Init(&h);
        insUSha256Update(&h, sn.filename, strlen(sn.filename));
        insUSha256Update(&h, "\n", 1);
        insUSha256Update(&h, src->sha256, 64);
        insUSha256Final(&h, src->sha256);
    }
    if (is_duplicate(b, src)) return;

    if (has_doctype) {
        log_file(b, src, im ? im->kind : NULL, "rejected",
                 _("DOCTYPE declaration refused (possible entity expansion or external entity "
                   "attack; e-documents never carry one)"));
        return;
    }
    if (!im) {
        ins_buf m;
        insBufInit(&m);
        const char *nt = sn.is_xml ? non_trade_reason(sn.root_local) : NULL;
        if (nt)
            insBufAppendStr(&m, _(nt));
        else if (sn.is_xml && sn.root_local[0])
            insBufPrintf(&m, _("unsupported document: root element <%s> in namespace '%s'"),
                         sn.root_local, sn.root_ns);
        else if (sn.is_xml)
            insBufAppendStr(&m, _("malformed XML: no root element in the first bytes"));
        else
            describe_first_line(sn.first_line, sn.first_line_no, &m);
        log_file(b, src, NULL, "rejected", insBufStr(&m));
        insBufFree(&m);
        return;
    }

    run_importer(b, src, im);
}

/*
** Imports one file or archive member (import_file): a plain file as a
** worker prepared it (PRE: read once, for both its hash and its importer),
** an archive member from memory (PRE is NULL).  The source is left as the
** caller gave it.
*/
static void import_one(batch *b, ins_source *src, const ins_prepared *pre)
{
    const unsigned char *mem = src->mem;
    size_t mem_len = src->mem_len;
    import_file(b, src, pre);
    src->mem = mem; /* never leave the caller a pointer into PRE's bytes */
    src->mem_len = mem_len;
    src->tree = NULL;
}

/* Counts one file done and tells the caller's progress callback. */
static void progress(batch *b)
{
    txn_maybe_close(b);
    b->st->files_done++;
    if (b->opts && b->opts->on_progress) b->opts->on_progress(b->opts->cb_ctx, b->st);
}

/* ---- groups of files ------------------------------------------------------ */

/* The files of one group being gathered: a directory's or an archive
** folder's files that one importer reads together. */
typedef struct pending_group {
    const ins_importer *im;
    char *dir;       /* the folder's display path */
    ins_member *m;   /* names, displays and contents owned */
    size_t n, cap;
    uint64_t bytes;  /* of its files */
    size_t more;     /* files past INS_MAX_GROUP_FILES or INS_MAX_GROUP_BYTES, not kept */
} pending_group;

/* The importer that reads files of base name NAME as a group, or NULL. */
static const ins_importer *group_importer(const batch *b, const char *name)
{
    if (b->forced) return b->forced->group_member && b->forced->group_member(name) ? b->forced : NULL;
    for (size_t i = 0; i < insImporterCount; i++)
        if (insImporters[i]->group_member && insImporters[i]->group_member(name)) return insImporters[i];
    return NULL;
}

/* Frees G's files and empties it. */
static void group_free(pending_group *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free((char *)g->m[i].name);
        free((char *)g->m[i].display);
        free((unsigned char *)g->m[i].mem);
    }
    free(g->m);
    free(g->dir);
    memset(g, 0, sizeof *g);
}

/* Adds the file DISPLAY (content MEM of LEN bytes, taken over) to G; past
** INS_MAX_GROUP_FILES files or INS_MAX_GROUP_BYTES bytes it is counted, not
** kept, and the group will be refused.  -1 when out of memory (MEM is then
** freed). */
static int group_add(pending_group *g, const char *display, unsigned char *mem, size_t len)
{
    if (g->more || g->n >= INS_MAX_GROUP_FILES || g->bytes + len > INS_MAX_GROUP_BYTES) {
        g->more++;
        free(mem);
        return 0;
    }
    g->bytes += len;
    ins_member *m = insUGrow(g->m, &g->cap, g->n + 1, sizeof *m);
    char *d = insUStrdup(display), *nm = insUStrdup(base_name(display));
    if (!m || !d || !nm) {
        free(d);
        free(nm);
        free(mem);
        return -1;
    }
    g->m = m;
    m[g->n].name = nm;
    m[g->n].display = d;
    m[g->n].mem = mem ? mem : (unsigned char *)insUStrdup("");
    m[g->n].len = mem ? len : 0;
    g->n++;
    return 0;
}

/* qsort comparison of members by base name, then display. */
static int cmp_member(const void *a, const void *b)
{
    const ins_member *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->display, y->display);
}

/*
** Imports the group G (then empties it): its files sorted by name make one
** source whose identity is the hash of their names and contents, so the
** same transmission imported twice is a duplicate, and one file changed
** makes it new.  More than INS_MAX_GROUP_FILES files or
** INS_MAX_GROUP_BYTES bytes refuse the group.
*/
static void import_group(batch *b, pending_group *g)
{
    if (!g->n && !g->more) { group_free(g); return; }
    ins_source src;
    memset(&src, 0, sizeof src);
    ins_buf disp;
    insBufInit(&disp);
    insBufPrintf(&disp, "%s/", g->dir);
    src.display = insBufStr(&disp);
    if (g->more) {
        ins_buf m;
        insBufInit(&m);
        insBufPrintf(&m, _("%zu files of one transmission (at most %u files and %u bytes)"), g->n + g->more,
                     INS_MAX_GROUP_FILES, INS_MAX_GROUP_BYTES);
        log_file(b, &src, g->im->kind, "rejected", insBufStr(&m));
        insBufFree(&m);
    } else {
        qsort(g->m, g->n, sizeof *g->m, cmp_member);
        ins_sha256 h;
        insUSha256Init(&h);
        for (size_t i = 0; i < g->n; i++) {
            char hex[65];
            insUSha256Hex(g->m[i].mem, g->m[i].len, hex);
            insUSha256Update(&h, g->m[i].name, strlen(g->m[i].name));
            insUSha256Update(&h, "\n", 1);
            insUSha256Update(&h, hex, 64);
            insUSha256Update(&h, "\n", 1);
            src.size += g->m[i].len;
        }
        insUSha256Final(&h, src.sha256);
        src.members = g->m;
        src.nmembers = g->n;
        b->st->bytes_done += src.size;
        if (!is_duplicate(b, &src)) run_importer(b, &src, g->im);
    }
    insBufFree(&disp);
    group_free(g);
}

/* The folder part of display path P ("dir/f" -> "dir", "a.zip!d/f" ->
** "a.zip!d", "a.zip!f" -> "a.zip", "f" -> "."), malloc'd. */
static char *folder_of(const char *p)
{
    const char *base = base_name(p);
    if (base == p) return insUStrdup(".");
    return insUStrndup(p, (size_t)(base - p) - 1);
}

/* Reads the plain file PATH whole (at most INS_MAX_MEMBER_BYTES) into
** *OUT (malloc'd) and *LEN.  0, or an errno-like code (EFBIG: too large). */
static int read_whole(const char *path, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return errno ? errno : EIO;
    ins_buf d;
    insBufInit(&d);
    char blk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(blk, 1, sizeof blk, f)) > 0) {
        if (d.len + n > INS_MAX_MEMBER_BYTES) { rc = EFBIG; break; }
        insBufAppend(&d, blk, n);
    }
    if (!rc && ferror(f)) rc = EIO;
    if (!rc && d.oom) rc = ENOMEM;
    fclose(f);
    if (rc) { insBufFree(&d); return rc; }
    *len = d.len;
    *out = (unsigned char *)(d.s ? d.s : insUStrdup(""));
    if (!*out) return ENOMEM;
    return 0;
}

/*
** Imports the group of plain files PATHS[IDX[0..N)] read by importer IM
** (files of one directory).  A file that cannot be read refuses the group
** with its reason.
*/
static void import_dir_group(batch *b, const ins_importer *im, char *const *paths, const size_t *idx, size_t n)
{
    pending_group g;
    memset(&g, 0, sizeof g);
    g.im = im;
    g.dir = folder_of(paths[idx[0]]);
    if (!g.dir) { b->fatal = 1; return; }
    /* the bounds before anything is read: the files' count and sizes */
    uint64_t total = 0;
    for (size_t k = 0; k < n; k++) {
        struct stat sb;
        if (stat(paths[idx[k]], &sb) == 0) total += (uint64_t)sb.st_size;
    }
    if (n > INS_MAX_GROUP_FILES || total > INS_MAX_GROUP_BYTES) {
        g.more = n;
        import_group(b, &g);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        unsigned char *mem;
        size_t len;
        int e = read_whole(paths[idx[k]], &mem, &len);
        if (e == ENOMEM || (!e && group_add(&g, paths[idx[k]], mem, len))) { b->fatal = 1; break; }
        if (e) {
            ins_source bad;
            memset(&bad, 0, sizeof bad);
            bad.display = paths[idx[k]];
            ins_buf m;
            insBufInit(&m);
            if (e == EFBIG) insBufPrintf(&m, _("file exceeds %u bytes"), INS_MAX_MEMBER_BYTES);
            else insBufPrintf(&m, _("cannot read: %s"), strerror(e));
            log_file(b, &bad, im->kind, "rejected", insBufStr(&m));
            insBufFree(&m);
            group_free(&g);
            return;
        }
    }
    if (b->fatal) { group_free(&g); return; }
    import_group(b, &g);
}

/* ---- archives ---------------------------------------------------------- */

static void import_archive(batch *b, struct archive *a, const char *display, int depth);

/*
** Opens an archive from a file or from memory (a zip inside a zip) and
** imports its members.  An archive that cannot be opened is logged as one
** rejected file.
*/
static void import_archive_src(batch *b, const ins_source *src, int depth)
{
    struct archive *a = archive_read_new();
    if (!a) { b->fatal = 1; return; }
    archive_read_support_format_zip(a);
    int rc = src->mem ? archive_read_open_memory(a, src->mem, src->mem_len)
                      : archive_read_open_filename(a, src->path, 65536);
    if (rc != ARCHIVE_OK) {
        ins_buf m;
        insBufInit(&m);
        insBufPrintf(&m, _("unreadable zip archive: %s"), archive_error_string(a));
        ins_source bad = *src;
        bad.sha256[0] = '\0';
        log_file(b, &bad, "archive", "rejected", insBufStr(&m));
        insBufFree(&m);
        archive_read_free(a);
        progress(b);
        return;
    }
    import_archive(b, a, src->display, depth);
    archive_read_free(a);
}

/*
** Imports the regular members of the open archive A, shown as DISPLAY,
** DEPTH archives deep.  Each member is expanded into memory (at most
** INS_MAX_MEMBER_BYTES) and imported as "DISPLAY!member"; a member that is
** itself a zip is expanded in turn, up to INS_MAX_ARCHIVE_DEPTH.  Past
** INS_MAX_ARCHIVE_MEMBERS members the rest of the archive is refused, and
** a corrupt archive is logged once after the members read so far.
*/
static void import_archive(batch *b, struct archive *a, const char *display, int depth)
{
    struct archive_entry *e;
    unsigned members = 0;
    int rc;
    /* the groups being gathered, one per folder (a zip may interleave its
     * folders' members), imported at the end of the archive; past
     * INS_MAX_PENDING_GROUPS the oldest is imported as it stands */
    pending_group pg[INS_MAX_PENDING_GROUPS];
    size_t npg = 0;
    while (!b->fatal && (rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        if (archive_entry_filetype(e) != AE_IFREG) continue;
        ins_buf name;
        insBufInit(&name);
        insBufPrintf(&name, "%s!%s", display, archive_entry_pathname(e) ? archive_entry_pathname(e) : "?");
        ins_source src;
        memset(&src, 0, sizeof src);
        src.display = insBufStr(&name);
        b->st->files_total++;
        if (++members > INS_MAX_ARCHIVE_MEMBERS) {
            log_file(b, &src, "archive", "rejected", _("too many archive members"));
            insBufFree(&name);
            progress(b);
            break;
        }
        int64_t sz = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
        if (sz > (int64_t)INS_MAX_MEMBER_BYTES) {
            log_file(b, &src, NULL, "rejected", _("archive member exceeds the size limit"));
            insBufFree(&name);
            progress(b);
            continue;
        }
        ins_buf data;
        insBufInit(&data);
        char blk[65536];
        la_ssize_t n;
        int too_big = 0;
        while ((n = archive_read_data(a, blk, sizeof blk)) > 0) {
            if (data.len + (size_t)n > INS_MAX_MEMBER_BYTES) { too_big = 1; break; }
            insBufAppend(&data, blk, (size_t)n);
        }
        if (too_big || n < 0 || data.oom) {
            log_file(b, &src, NULL, "rejected",
                     too_big ? _("archive member exceeds the size limit")
                             : _("cannot read archive member (corrupt or encrypted)"));
        } else {
            src.mem = (const unsigned char *)(data.s ? data.s : "");
            src.mem_len = data.len;
            if (insIsZipHead(src.mem, src.mem_len)) {
                if (depth + 1 >= INS_MAX_ARCHIVE_DEPTH) {
                    log_file(b, &src, "archive", "rejected", _("archives nested too deeply"));
                } else {
                    b->st->files_total--; /* the archive itself is not a document */
                    import_archive_src(b, &src, depth + 1);
                    insBufFree(&data);
                    insBufFree(&name);
                    continue;
                }
            } else if (group_importer(b, base_name(src.display))) {
                /* a file of a group: gathered with its folder's others */
                const ins_importer *gim = group_importer(b, base_name(src.display));
                char *dir = folder_of(src.display);
                if (!dir) {
                    b->fatal = 1;
                } else {
                    size_t k = 0;
                    while (k < npg && (pg[k].im != gim || strcmp(pg[k].dir, dir))) k++;
                    if (k == npg && npg == INS_MAX_PENDING_GROUPS) {
                        /* the oldest group goes now */
                        import_group(b, &pg[0]);
                        progress(b);
                        memmove(&pg[0], &pg[1], (npg - 1) * sizeof pg[0]);
                        k = --npg;
                    }
                    if (k == npg) {
                        memset(&pg[npg], 0, sizeof pg[npg]);
                        pg[npg].im = gim;
                        pg[npg].dir = dir;
                        dir = NULL;
                        npg++;
                        b->st->files_total++; /* the group is counted once, */
                    }
                    free(dir);
                    b->st->files_total--; /* its files not */
                    if (group_add(&pg[k], src.display, (unsigned char *)data.s, data.len)) b->fatal = 1;
                    data.s = NULL;
                    insBufFree(&name);
                    continue;
                }
            } else {
                import_one(b, &src, NULL);
            }
        }
        insBufFree(&data);
        insBufFree(&name);
        progress(b);
    }
    for (size_t k = 0; k < npg; k++) {
        if (!b->fatal) {
            import_group(b, &pg[k]);
            progress(b);
        }
        group_free(&pg[k]);
    }
    if (!b->fatal && rc != ARCHIVE_EOF && rc != ARCHIVE_OK) {
        ins_source src;
        memset(&src, 0, sizeof src);
        src.display = display;
        ins_buf m;
        insBufInit(&m);
        insBufPrintf(&m, _("zip archive is corrupt after %u members: %s"), members,
                     archive_error_string(a));
        log_file(b, &src, "archive", "rejected", insBufStr(&m));
        insBufFree(&m);
    }
}

/* ---- walking paths ------------------------------------------------------- */

/* A growing list of malloc'd paths. */
typedef struct path_list {
    char **v;
    size_t n, cap;
} path_list;

/* Appends a copy of P to L; -1 when out of memory. */
static int pl_add(path_list *l, const char *p)
{
    char **v = insUGrow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v) return -1;
    l->v = v;
    if (!(l->v[l->n] = insUStrdup(p))) return -1;
    l->n++;
    return 0;
}

/* qsort comparison of two strings by bytes: a walk's order never depends
** on the locale or on the file system. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
** Collects the regular files under PATH into L, each directory's entries
** in sorted order, hidden names (a leading '.') skipped, at most
** INS_MAX_DIR_DEPTH levels down.  A path that cannot be read is logged as
** rejected and the walk goes on; other kinds of files (fifos, devices) are
** passed over.  Returns -1 only when out of memory.
*/
static int collect(path_list *l, const char *path, int depth, batch *b)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        ins_source src;
        memset(&src, 0, sizeof src);
        src.display = path;
        ins_buf m;
        insBufInit(&m);
        insBufPrintf(&m, _("cannot open: %s"), strerror(errno));
        log_file(b, &src, NULL, "rejected", insBufStr(&m));
        insBufFree(&m);
        return 0;
    }
    if (!S_ISDIR(sb.st_mode)) return S_ISREG(sb.st_mode) ? pl_add(l, path) : 0;
    ins_source dsrc;
    memset(&dsrc, 0, sizeof dsrc);
    dsrc.display = path;
    if (depth >= INS_MAX_DIR_DEPTH) {
        log_file(b, &dsrc, NULL, "rejected", _("directory nested too deeply; not walked"));
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        ins_buf m;
        insBufInit(&m);
        insBufPrintf(&m, _("cannot open directory: %s"), strerror(errno));
        log_file(b, &dsrc, NULL, "rejected", insBufStr(&m));
        insBufFree(&m);
        return 0;
    }
    path_list names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (pl_add(&names, de->d_name)) break;
    }
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.n; i++) {
        ins_buf child;
        insBufInit(&child);
        insBufPrintf(&child, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names.v[i]);
        if (!rc && !child.oom) rc = collect(l, insBufStr(&child), depth + 1, b);
        insBufFree(&child);
        free(names.v[i]);
    }
    free(names.v);
    return rc;
}

/* The groups among a walk's plain files: for each file its group (or -1),
** and each group's files, sorted by folder and name, as a run of IDX. */
typedef struct dir_group {
    const ins_importer *im;
    size_t start, n; /* its files: idx[start .. start + n) */
} dir_group;
typedef struct dir_groups {
    long *gid;       /* per file of the walk */
    size_t *idx;     /* files of groups, grouped */
    dir_group *g;
    size_t ngroups, nmembers;
} dir_groups;

/* A group member of the walk, for sorting by folder: its index, path and
** the length of its folder part. */
typedef struct member_ref {
    size_t i;
    const char *path;
    size_t folder;
} member_ref;

/* qsort order of members: by folder, then name (bytes). */
static int cmp_by_folder(const void *a, const void *b)
{
    const member_ref *x = a, *y = b;
    size_t m = x->folder < y->folder ? x->folder : y->folder;
    int c = memcmp(x->path, y->path, m);
    if (c) return c;
    if (x->folder != y->folder) return x->folder < y->folder ? -1 : 1;
    return strcmp(x->path + x->folder, y->path + y->folder);
}

/* Frees D's arrays. */
static void dir_groups_free(dir_groups *d)
{
    free(d->gid);
    free(d->idx);
    free(d->g);
    memset(d, 0, sizeof *d);
}

/*
** Finds the groups among the walk's files L: files an importer reads as a
** group (group_importer), gathered by folder.  Sorting the members by
** folder makes the gathering O(n log n) whatever the walk's order.
** -1 when out of memory.
*/
static int find_dir_groups(const batch *b, const path_list *l, dir_groups *d)
{
    memset(d, 0, sizeof *d);
    d->gid = malloc((l->n ? l->n : 1) * sizeof *d->gid);
    d->idx = malloc((l->n ? l->n : 1) * sizeof *d->idx);
    const ins_importer **im = malloc((l->n ? l->n : 1) * sizeof *im);
    if (!d->gid || !d->idx || !im) { free(im); return -1; }
    for (size_t i = 0; i < l->n; i++) {
        d->gid[i] = -1;
        im[i] = group_importer(b, base_name(l->v[i]));
        if (im[i]) d->idx[d->nmembers++] = i;
    }
    member_ref *mr = malloc((d->nmembers ? d->nmembers : 1) * sizeof *mr);
    if (!mr) { free(im); return -1; }
    for (size_t k = 0; k < d->nmembers; k++) {
        mr[k].i = d->idx[k];
        mr[k].path = l->v[d->idx[k]];
        mr[k].folder = (size_t)(base_name(mr[k].path) - mr[k].path);
    }
    if (d->nmembers) qsort(mr, d->nmembers, sizeof *mr, cmp_by_folder);
    for (size_t k = 0; k < d->nmembers; k++) d->idx[k] = mr[k].i;
    free(mr);
    size_t cap = 0;
    for (size_t k = 0; k < d->nmembers; k++) {
        size_t i = d->idx[k];
        int same = 0;
        if (d->ngroups) {
            const dir_group *last = &d->g[d->ngroups - 1];
            size_t j = d->idx[last->start];
            size_t fi = (size_t)(base_name(l->v[i]) - l->v[i]), fj = (size_t)(base_name(l->v[j]) - l->v[j]);
            same = last->im == im[i] && fi == fj && !memcmp(l->v[i], l->v[j], fi);
        }
        if (!same) {
            dir_group *g = insUGrow(d->g, &cap, d->ngroups + 1, sizeof *g);
            if (!g) { free(im); return -1; }
            d->g = g;
            g[d->ngroups].im = im[i];
            g[d->ngroups].start = k;
            g[d->ngroups].n = 0;
            d->ngroups++;
        }
        d->g[d->ngroups - 1].n++;
        d->gid[i] = (long)(d->ngroups - 1);
    }
    free(im);
    /* a group is imported where its first file comes in the walk */
    for (size_t gi = 0; gi < d->ngroups; gi++) {
        dir_group *g = &d->g[gi];
        size_t first = g->start;
        for (size_t k = g->start; k < g->start + g->n; k++)
            if (d->idx[k] < d->idx[first]) first = k;
        size_t t = d->idx[g->start];
        d->idx[g->start] = d->idx[first];
        d->idx[first] = t;
    }
    return 0;
}

/*
** The worker threads that read files ahead (ahead.c): the caller's
** choice, else one fewer than the processors online (the driver's thread
** is the other), at least one.
*/
static unsigned ahead_threads(const ins_import_opts *opts)
{
    if (opts && opts->threads) return opts->threads - 1;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 2) return 1;
    return n - 1 > (long)INS_IMPORT_AHEAD_THREADS ? INS_IMPORT_AHEAD_THREADS : (unsigned)(n - 1);
}

/*
** Imports every file under PATHS (see inspector.h): records an
** import_runs row, collects the files of every path first (so the total is
** known for progress), imports each plain file or archive, rebuilds the
** supply edges when trade lines changed, and closes the run.  Returns
** INS_OK when the batch ran, even with rejected files; INS_ERR_ARG for an
** unknown forced kind; INS_ERR_DB when the database failed.
*/
int ins_import_paths(ins_db *db, const char *const *paths, size_t npaths,
                     const ins_import_opts *opts, ins_import_stats *stats)
{
    batch b;
    memset(&b, 0, sizeof b);
    memset(stats, 0, sizeof *stats);
    b.db = db;
    b.opts = opts;
    b.st = stats;
    if (opts && opts->force_kind) {
        b.forced = insImporterFind(opts->force_kind);
        if (!b.forced) return INS_ERR_ARG;
    }
    char now[21];
    insUNowIso(now);
    ins_buf args;
    insBufInit(&args);
    for (size_t i = 0; i < npaths; i++) insBufPrintf(&args, "%s%s", i ? " " : "", paths[i]);
    static const char qrun[] =
        "INSERT INTO import_runs(started_at, tool_version, arguments) VALUES(?,?,?)";
    sqlite3_stmt *s = insDbStmt(db, qrun);
    if (!s) { insBufFree(&args); return INS_ERR_DB; }
    sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, PACKAGE_VERSION, -1, SQLITE_STATIC);
    insDbBindText(s, 3, insBufStr(&args));
    int ok = sqlite3_step(s) == SQLITE_DONE;
    insBufFree(&args);
    if (!ok) return INS_ERR_DB;
    b.run_id = sqlite3_last_insert_rowid(db->h);

    path_list files = {0};
    for (size_t i = 0; i < npaths && !b.fatal; i++)
        if (collect(&files, paths[i], 0, &b)) b.fatal = 1;
    stats->files_total += (unsigned)files.n;

    /* Files read as groups (a Teledespacho transmission) are imported
     * together, where the first of them comes in the walk; the others are
     * read ahead one by one. */
    dir_groups dg;
    memset(&dg, 0, sizeof dg);
    if (!b.fatal && find_dir_groups(&b, &files, &dg)) b.fatal = 1;
    stats->files_total -= (unsigned)(dg.nmembers - dg.ngroups);
    path_list single = {0};
    for (size_t i = 0; i < files.n && !b.fatal; i++)
        if (dg.gid[i] < 0 && pl_add(&single, files.v[i])) b.fatal = 1;

    ins_ahead *ahead = single.n && !b.fatal ? insAheadStart(single.v, single.n, ahead_threads(opts)) : NULL;
    if (single.n && !b.fatal && !ahead) b.fatal = 1;
    size_t next = 0; /* the next file of SINGLE */
    for (size_t i = 0; i < files.n && !b.fatal; i++) {
        if (dg.gid[i] >= 0) {
            const dir_group *gr = &dg.g[dg.gid[i]];
            if (dg.idx[gr->start] == i) {
                import_dir_group(&b, gr->im, files.v, dg.idx + gr->start, gr->n);
                progress(&b);
            }
            continue;
        }
        size_t k = next++;
        ins_source src;
        memset(&src, 0, sizeof src);
        src.display = single.v[k];
        src.path = single.v[k];
        ins_prepared *pre = insAheadTake(ahead, k);
        if (pre->is_zip) {
            stats->files_total--;
            import_archive_src(&b, &src, 0);
        } else {
            import_one(&b, &src, pre);
            progress(&b);
        }
        insAheadRelease(ahead, k);
    }
    insAheadStop(ahead);
    dir_groups_free(&dg);
    for (size_t i = 0; i < single.n; i++) free(single.v[i]);
    free(single.v);
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);

    txn_close(&b);
    static const char qfin[] = "UPDATE import_runs SET finished_at = ? WHERE id = ?";
    insUNowIso(now);
    s = insDbStmt(db, qfin);
    if (s) {
        sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, b.run_id);
        sqlite3_step(s);
    }
    return b.fatal ? INS_ERR_DB : INS_OK;
}

/* ---- reference data ------------------------------------------------------ */

/* The shipped reference files, in the order they load. */
static const char *const reference_files[] = {
    "ubigeo_departamento.csv", "ubigeo_provincia.csv", "ubigeo_distrito.csv",
    "hs-sections.csv",         "harmonized-system-2022.csv", "ilab-goods.xml",
    "good-hs-map.csv",         "min-wage.csv",               "exchange-rates.csv",
    "border-posts.csv",
};

/*
** The directory of the shipped reference data: $INSPECTOR_DATADIR when
** set, else the installed pkgdatadir when it holds the data, else the
** source tree's data/ (running uninstalled, as the tests do).
*/
const char *ins_default_datadir(void)
{
    const char *e = getenv("INSPECTOR_DATADIR");
    if (e && *e) return e;
    struct stat sb;
    if (stat(PKGDATADIR "/ubigeo_distrito.csv", &sb) == 0) return PKGDATADIR;
    return ABS_TOP_SRCDIR "/data";
}

/*
** Loads the shipped reference files from DATADIR as one import batch, so
** a file already loaded is skipped as a duplicate.  Any rejected file
** fails the load with INS_ERR_FORMAT; *ERRMSG (malloc'd, when ERRMSG is
** given) then holds one rejection of that run, "path: reason".
*/
int ins_load_reference(ins_db *db, const char *datadir, char **errmsg)
{
    if (errmsg) *errmsg = NULL;
    const char *paths[INS_ARRAY_LEN(reference_files)];
    ins_buf p[INS_ARRAY_LEN(reference_files)];
    for (size_t i = 0; i < INS_ARRAY_LEN(reference_files); i++) {
        insBufInit(&p[i]);
        insBufPrintf(&p[i], "%s/%s", datadir, reference_files[i]);
        paths[i] = insBufStr(&p[i]);
    }
    ins_import_stats st;
    int rc = ins_import_paths(db, paths, INS_ARRAY_LEN(reference_files), NULL, &st);
    if (rc == INS_OK && st.rejected) {
        rc = INS_ERR_FORMAT;
        if (errmsg) {
            static const char q[] =
                "SELECT path || ': ' || reason FROM import_log WHERE status='rejected'"
                " AND import_run_id = (SELECT MAX(id) FROM import_runs) LIMIT 1";
            sqlite3_stmt *s = insDbStmt(db, q);
            if (s && sqlite3_step(s) == SQLITE_ROW)
                *errmsg = insUStrdup((const char *)sqlite3_column_text(s, 0));
            if (s) sqlite3_reset(s);
        }
    }
    for (size_t i = 0; i < INS_ARRAY_LEN(reference_files); i++) insBufFree(&p[i]);
    return rc;
}
