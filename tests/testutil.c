/*
** testutil.c: helpers shared by the check test programs.
*/
#include "testutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *srcdir(void)
{
    const char *s = getenv("top_srcdir");
    return s && *s ? s : ".";
}

static const char *builddir(void)
{
    const char *s = getenv("top_builddir");
    return s && *s ? s : ".";
}

const char *tu_fixture(const char *rel)
{
    static char ring[8][4096];
    static int k;
    char *p = ring[k++ % 8];
    snprintf(p, 4096, "%s/tests/fixtures/%s", srcdir(), rel);
    return p;
}

const char *tu_srcpath(const char *rel)
{
    static char ring[8][4096];
    static int k;
    char *p = ring[k++ % 8];
    snprintf(p, 4096, "%s/%s", srcdir(), rel);
    return p;
}

ins_db *tu_db_new(const char *name)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/tests/tmp", builddir());
    mkdir(dir, 0777);
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s-%ld.db%s", dir, name, (long)getpid(), suffix[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s-%ld.db", dir, name, (long)getpid());
    ins_db *db = NULL;
    char *err = NULL;
    int rc = ins_db_open(path, INS_OPEN_CREATE, &db, &err);
    ck_assert_msg(rc == INS_OK, "open %s: %s", path, err ? err : "?");
    free(err);
    return db;
}

int tu_import_abs(ins_db *db, ins_import_stats *st, const char *path, const char *force_kind)
{
    ins_import_opts o;
    memset(&o, 0, sizeof o);
    o.force_kind = force_kind;
    const char *paths[1] = {path};
    return ins_import_paths(db, paths, 1, &o, st);
}

void tu_import(ins_db *db, ins_import_stats *st, const char *first, ...)
{
    const char *paths[64];
    size_t n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *p = first; p && n < 64; p = va_arg(ap, const char *)) {
        char *full = malloc(4096);
        ck_assert_ptr_nonnull(full);
        snprintf(full, 4096, "%s/tests/fixtures/%s", srcdir(), p);
        paths[n++] = full;
    }
    va_end(ap);
    ins_import_stats local;
    int rc = ins_import_paths(db, paths, n, NULL, st ? st : &local);
    for (size_t i = 0; i < n; i++) free((void *)paths[i]);
    ck_assert_msg(rc == INS_OK, "import failed: %s", ins_strerror(rc));
}

static sqlite3_stmt *prep(ins_db *db, const char *sql, va_list ap)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    ck_assert_msg(rc == SQLITE_OK, "SQL error in '%s': %s", sql, sqlite3_errmsg(db->h));
    int i = 1;
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        sqlite3_bind_text(st, i++, a, -1, SQLITE_TRANSIENT);
    return st;
}

int64_t tu_int(ins_db *db, const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    sqlite3_stmt *st = prep(db, sql, ap);
    va_end(ap);
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

char *tu_text(ins_db *db, const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    sqlite3_stmt *st = prep(db, sql, ap);
    va_end(ap);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = insUStrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/*
** Runs SQL with text parameters (NULL-terminated), asserting success: the
** tests that build their world row by row need no error handling of
** their own.
*/
void tu_exec(ins_db *db, const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    sqlite3_stmt *st = prep(db, sql, ap);
    va_end(ap);
    int rc = sqlite3_step(st);
    ck_assert_msg(rc == SQLITE_DONE || rc == SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
}

/*
** Runs SQL with text parameters and returns the first column of the first
** row as a double; NAN when there is no row or the value is NULL, so a
** comparison with an expected number fails loudly.
*/
double tu_double(ins_db *db, const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    sqlite3_stmt *st = prep(db, sql, ap);
    va_end(ap);
    double v = NAN;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/*
** Writes TEXT to tests/tmp/NAME in the build tree (created if needed) and
** returns the path, for rule and list files a test writes itself.
*/
const char *tu_tmpfile(const char *name, const char *text)
{
    static char ring[4][4200];
    static int k;
    char *p = ring[k++ % 4];
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/tmp", builddir());
    mkdir(dir, 0777);
    int n = snprintf(p, 4200, "%s/%s", dir, name);
    ck_assert_msg(n > 0 && n < 4200, "path too long: %s/%s", dir, name);
    FILE *f = fopen(p, "w");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    fputs(text, f);
    ck_assert_msg(fclose(f) == 0, "cannot write %s", p);
    return p;
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
