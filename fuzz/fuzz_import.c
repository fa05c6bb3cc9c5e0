/*
** fuzz_import.c: libFuzzer target for one importer, the one named by
** FUZZ_KIND at compile time (-DFUZZ_KIND='"sunat-invoice"'): Makefile.am
** builds one program per importer from this file.  Any input must be
** imported or rejected with a reason, without a crash, a hang, a leak or
** undefined behaviour.
**
** Each input runs the importer directly, in a savepoint of one
** transaction of an in-memory database that is rolled back after it (a
** few hundred to thousands of inputs a second).  An XML input that the
** driver would parse ahead on a worker thread (insXmlParseAhead) is run a
** second time over that tree, and both runs must end alike: the same
** status, the same reason and the same number of rows written; a
** difference aborts, so the fuzzer keeps the input.  Every
** FUZZ_DRIVER_EVERY-th input also goes through the whole public import
** (a file in a private temporary directory, the driver with its threads,
** a database on disk replaced every FUZZ_DB_RUNS inputs).
** Built by make fuzz (fuzz/build.sh); run with fuzz/run.sh.
*/
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_KIND
#error "FUZZ_KIND names the importer"
#endif

/* Inputs imported into one database on disk before it is replaced. */
#define FUZZ_DB_RUNS 2000
/* One input in this many also goes through the whole public import. */
#define FUZZ_DRIVER_EVERY 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], input[96], dbpath[96];
static ins_db *db, *mem;
static unsigned runs;

/* Drops the database files. */
static void db_drop(void)
{
    if (db) ins_db_close(db);
    db = NULL;
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
}

/* Removes the temporary directory at exit. */
static void cleanup(void)
{
    db_drop();
    if (mem) ins_db_close(mem);
    unlink(input);
    rmdir(dir);
}

/* What one run of the importer did. */
typedef struct outcome {
    int rc;
    int changes;
    char reason[512];
} outcome;

/*
** Runs the importer over SRC (its bytes, and its tree when parsed ahead)
** in a savepoint of the in-memory database, after the source_files row
** its documents cite, and rolls all of it back.
*/
static void run_direct(const ins_importer *im, ins_source *src, outcome *o)
{
    memset(o, 0, sizeof *o);
    ins_import_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = mem;
    ctx.src = src;
    ctx.kind = im->kind;
    insBufInit(&ctx.reason);
    if (insDbSavepoint(mem) != INS_OK) abort();
    int before = sqlite3_total_changes(mem->h);
    static const char qins[] =
        "INSERT INTO source_files(sha256, path, size, kind, imported_at) VALUES(?,?,?,?,'2026-01-01T00:00:00Z')";
    sqlite3_stmt *s = insDbStmt(mem, qins);
    if (!s) abort();
    sqlite3_bind_text(s, 1, src->sha256, -1, SQLITE_STATIC);
    insDbBindText(s, 2, src->display);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)src->size);
    insDbBindText(s, 4, im->kind);
    if (sqlite3_step(s) != SQLITE_DONE) abort();
    ctx.file_id = sqlite3_last_insert_rowid(mem->h);
    o->rc = im->run(&ctx);
    o->changes = sqlite3_total_changes(mem->h) - before;
    insUStrlcpy(o->reason, insBufStr(&ctx.reason), sizeof o->reason);
    /* an importer never ends the driver's transaction */
    if (insDbRollbackTo(mem) != INS_OK) abort();
    insBufFree(&ctx.reason);
}

/* The input through the whole public import, as `inspector import` runs it. */
static void run_driver(const uint8_t *data, size_t size)
{
    if (!db || ++runs % FUZZ_DB_RUNS == 0) {
        db_drop();
        char *err = NULL;
        if (ins_db_open(dbpath, INS_OPEN_CREATE, &db, &err) != INS_OK) abort();
        free(err);
    }
    FILE *f = fopen(input, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f) != 0) abort();
    const char *paths[] = {input};
    ins_import_opts o;
    memset(&o, 0, sizeof o);
    o.force_kind = FUZZ_KIND;
    ins_import_stats st;
    memset(&st, 0, sizeof st);
    /* the same bytes twice are a duplicate: a fresh database per input
       would cost more than the import, so the hash check is part of it */
    ins_import_paths(db, paths, 1, &o, &st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned n;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/inspector-fuzz-XXXXXX");
        if (!mkdtemp(dir)) abort();
        snprintf(input, sizeof input, "%s/input", dir);
        snprintf(dbpath, sizeof dbpath, "%s/fuzz.db", dir);
        atexit(cleanup);
        char *err = NULL;
        if (ins_db_open(":memory:", INS_OPEN_CREATE, &mem, &err) != INS_OK) abort();
        free(err);
        if (insDbExec(mem, "BEGIN") != INS_OK) abort();
        insXmlSetup();
    }
    if (++n % FUZZ_DRIVER_EVERY == 0) run_driver(data, size);
    if (size == 0 || size > INS_IMPORT_KEEP_BYTES) return 0; /* the driver's own cases */
    const ins_importer *im = insImporterFind(FUZZ_KIND);
    if (!im) abort();
    /* a copy of exactly SIZE bytes, so that a read past the end is seen */
    unsigned char *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data, size);
    ins_source src;
    memset(&src, 0, sizeof src);
    src.display = "fuzz-input";
    src.mem = copy;
    src.mem_len = size;
    src.size = size;
    insUSha256Hex(copy, size, src.sha256);
    outcome streamed, walked;
    run_direct(im, &src, &streamed);
    src.tree = insXmlParseAhead((const char *)copy, size);
    if (src.tree) {
        run_direct(im, &src, &walked);
        xmlFreeDoc(src.tree);
        if (walked.rc != streamed.rc || walked.changes != streamed.changes ||
            strcmp(walked.reason, streamed.reason) != 0) {
            fprintf(stderr,
                    "fuzz: the tree parsed ahead and the streaming reader disagree:\n"
                    "  streamed: status %d, %d rows, '%s'\n  walked:   status %d, %d rows, '%s'\n",
                    streamed.rc, streamed.changes, streamed.reason, walked.rc, walked.changes,
                    walked.reason);
            abort();
        }
    }
    free(copy);
    return 0;
}
