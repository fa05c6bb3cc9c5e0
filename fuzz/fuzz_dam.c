/*
** fuzz_dam.c: libFuzzer target for the DAM importer (importers/dam.c) and
** the Teledespacho file reader under it (tdread.c).
**
** A transmission is several files, so one input holds several: it is cut
** at lines "@@NAME" (a file's name, e.g. "@@ADUAHDR1.TXT"), each starting
** a file that runs to the next such line; bytes before the first one are
** the general data (ADUAHDR1.TXT).  At most FUZZ_MAX_FILES files.
** fuzz/seeds.sh makes the seeds from the fixture transmissions that way.
**
** Each input runs the importer directly, in a savepoint of one transaction
** of an in-memory database rolled back after it; any input must import or
** be rejected with a reason, without a crash, a hang, a leak or undefined
** behaviour, and the importer must leave its savepoints balanced (the
** savepoint of the input must be the only one left).  Each input is
** imported twice, the second time over the first's declarations (an order
** sent again, a response to an earlier transmission).  Each file is also
** read alone under every structure, which is how a header-less file meets
** a layout it was not written for.
*/
#include "importer.h"
#include "tdread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Files of one input, at most (a transmission has a dozen kinds). */
#define FUZZ_MAX_FILES 64

static ins_db *mem;

/* Splits [DATA, DATA+SIZE) into at most MAX files at "@@NAME" lines (see
** the top); a name that is no Teledespacho file's becomes DUAOBSER.TXT. */
static size_t split(const uint8_t *data, size_t size, ins_member *m, char names[][64], size_t max)
{
    size_t n = 0, at = 0;
    int named = 0; /* the current file came from a marker (kept even empty) */
    insUStrlcpy(names[0], "ADUAHDR1.TXT", sizeof names[0]);
    for (;;) {
        size_t next = size;
        for (size_t i = at; i + 2 <= size; i++)
            if ((i == 0 || data[i - 1] == '\n') && data[i] == '@' && data[i + 1] == '@') { next = i; break; }
        if ((next > at || named) && n < max) {
            m[n].name = m[n].display = names[n];
            m[n].mem = data + at;
            m[n].len = next - at;
            n++;
        }
        if (next >= size || n >= max) break;
        size_t e = next + 2;
        while (e < size && data[e] != '\n' && e - next < 60) e++;
        char nm[64];
        memcpy(nm, data + next + 2, e - next - 2);
        nm[e - next - 2] = '\0';
        insUStrlcpy(names[n], insTdLayoutByFile(nm) ? nm : "DUAOBSER.TXT", sizeof names[n]);
        named = 1;
        at = e < size ? e + 1 : size;
    }
    return n;
}

/*
** Runs the importer over the transmission M[0..N) (the input DATA, SIZE
** bytes) in a savepoint of its own, kept when it imported (so that the
** next pass meets its declarations) and rolled back when rejected.  Aborts
** on a database error (an in-memory database has no disk to fail: the
** importer broke a constraint) and on a rejection without a reason.
*/
static void run_once(const ins_importer *im, const ins_member *m, size_t n, const uint8_t *data, size_t size,
                     int pass)
{
    ins_source src;
    memset(&src, 0, sizeof src);
    src.display = "fuzz-transmission/";
    src.members = m;
    src.nmembers = n;
    insUSha256Hex(data, size, src.sha256);
    src.sha256[0] = (char)('0' + pass); /* a file of its own for each pass */
    ins_import_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = mem;
    ctx.src = &src;
    ctx.kind = im->kind;
    insBufInit(&ctx.reason);
    if (insDbSavepoint(mem) != INS_OK) abort();
    static const char qins[] =
        "INSERT INTO source_files(sha256, path, size, kind, imported_at) VALUES(?,?,?,?,'2026-01-01T00:00:00Z')";
    sqlite3_stmt *s = insDbStmt(mem, qins);
    if (!s) abort();
    sqlite3_bind_text(s, 1, src.sha256, -1, SQLITE_STATIC);
    insDbBindText(s, 2, src.display);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)size);
    insDbBindText(s, 4, im->kind);
    if (sqlite3_step(s) != SQLITE_DONE) abort();
    ctx.file_id = sqlite3_last_insert_rowid(mem->h);
    int rc = im->run(&ctx);
    if (rc == INS_ERR_DB) {
        fprintf(stderr, "fuzz: database error: %s (%s)\n", insDbErr(mem), insBufStr(&ctx.reason));
        abort();
    }
    if (rc != INS_OK && !ctx.reason.len) {
        fprintf(stderr, "fuzz: rejected without a reason (status %d)\n", rc);
        abort();
    }
    if (rc == INS_OK ? insDbRelease(mem) != INS_OK : insDbRollbackTo(mem) != INS_OK) abort();
    insBufFree(&ctx.reason);
    insImportPartsFree(&ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!mem) {
        char *err = NULL;
        if (ins_db_open(":memory:", INS_OPEN_CREATE, &mem, &err) != INS_OK) abort();
        free(err);
        if (insDbExec(mem, "BEGIN") != INS_OK) abort();
    }
    if (size > INS_IMPORT_KEEP_BYTES) return 0;
    /* a copy of exactly SIZE bytes, so that a read past the end is seen */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    ins_member m[FUZZ_MAX_FILES];
    static char names[FUZZ_MAX_FILES][64];
    size_t n = split(copy, size, m, names, INS_ARRAY_LEN(m));

    /* each file alone, under every structure */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < insTdLayoutCount; k++) {
            ins_td_table t;
            ins_buf why;
            insBufInit(&why);
            insTdRead(m[i].mem, m[i].len, insTdLayouts[k], &t, &why);
            insTdFree(&t);
            insBufFree(&why);
        }

    const ins_importer *im = insImporterFind("sunat-dam");
    if (!im) abort();
    if (insDbSavepoint(mem) != INS_OK) abort(); /* the input's own: both runs below roll back to it */
    /* twice: the second run meets the first's declarations (orders sent
     * again, responses to earlier transmissions) */
    for (int pass = 0; pass < 2; pass++) run_once(im, m, n, copy, size, pass);
    if (insDbRollbackTo(mem) != INS_OK) abort();
    if (insDbExec(mem, "RELEASE file") == INS_OK) {
        fprintf(stderr, "fuzz: a savepoint of the importer was left open\n");
        abort();
    }
    free(copy);
    return 0;
}
