/*
** fuzz_exchange.c: libFuzzer target for the exchange file reader
** (ins_exchange_import, src/exchange.c).  Any input must be imported or
** refused with a one-line reason, without a crash, a hang, a leak or
** undefined behaviour, and a refused input must leave the database as it
** was.  Inputs are checked against a key pair made at start, so nearly all
** are refused at the schema or the signature; the seeds (fuzz/seeds.sh)
** are unsigned shapes of the format, so they test the parser, the schema
** and the refusals.  Built by make fuzz; run with
** fuzz/run.sh.
*/
#include "ins_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], input[96], prefix[96], pub[112];
static ins_db *db;

/* Removes the temporary files at exit. */
static void cleanup(void)
{
    if (db) ins_db_close(db);
    char p[128];
    unlink(input);
    snprintf(p, sizeof p, "%s.sign", prefix);
    unlink(p);
    unlink(pub);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        snprintf(dir, sizeof dir, "/tmp/inspector-fuzz-XXXXXX");
        if (!mkdtemp(dir)) abort();
        snprintf(input, sizeof input, "%s/input.xml", dir);
        snprintf(prefix, sizeof prefix, "%s/key", dir);
        snprintf(pub, sizeof pub, "%s.pub", prefix);
        atexit(cleanup);
        char *err = NULL;
        if (ins_exchange_keygen(prefix, &err) != INS_OK) abort();
        if (ins_db_open(":memory:", INS_OPEN_CREATE, &db, &err) != INS_OK) abort();
        free(err);
    }
    FILE *f = fopen(input, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f) != 0) abort();
    int64_t before = insDbScalarInt(db, "SELECT COUNT(*) FROM exchange_files");
    ins_exchange_opts o;
    memset(&o, 0, sizeof o);
    o.state = "AR";
    o.verify_key = pub;
    o.datadir = ABS_TOP_SRCDIR "/data";
    ins_exchange_stats st;
    char *err = NULL;
    int rc = ins_exchange_import(db, input, &o, &st, &err);
    if (rc != INS_OK && !err) abort(); /* a refusal always says why */
    if (rc != INS_OK && insDbScalarInt(db, "SELECT COUNT(*) FROM exchange_files") != before) abort();
    free(err);
    return 0;
}
