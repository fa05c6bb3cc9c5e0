/*
** fuzz_import.c: libFuzzer target for one importer, the one named by
** FUZZ_KIND at compile time (-DFUZZ_KIND='"sunat-invoice"'): Makefile.am
** builds one program per importer from this file.  Any input must be
** imported or rejected with a reason, without a crash, a hang, a leak or
** undefined behaviour.
**
** Each input is written to a file in a private temporary directory and
** imported through the public API with the importer forced (so the sniff
** cannot route it elsewhere), into a database that is created once and
** replaced every FUZZ_DB_RUNS inputs so that it does not grow without end.
** Built by make fuzz (fuzz/build.sh); run with fuzz/run.sh.
*/
#include "inspector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_KIND
#error "FUZZ_KIND names the importer"
#endif

/* Inputs imported into one database before it is replaced. */
#define FUZZ_DB_RUNS 2000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], input[96], dbpath[96];
static ins_db *db;
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
    unlink(input);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/inspector-fuzz-XXXXXX");
        if (!mkdtemp(dir)) abort();
        snprintf(input, sizeof input, "%s/input", dir);
        snprintf(dbpath, sizeof dbpath, "%s/fuzz.db", dir);
        atexit(cleanup);
    }
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
    return 0;
}
