/*
** testutil.h: helpers shared by the check test programs.
*/
#ifndef INS_TESTUTIL_H
#define INS_TESTUTIL_H

#include <check.h>
#include <stdint.h>

#include "ins_internal.h"

/* Path of a file under tests/fixtures in the source tree (static storage,
** a ring of 8 so a few can be used at once). */
const char *tu_fixture(const char *rel);
/* Path of a file under $top_srcdir. */
const char *tu_srcpath(const char *rel);
/* Creates an empty database in the build tree (tests/tmp/NAME.db). */
ins_db *tu_db_new(const char *name);
/* Imports fixture paths (relative to tests/fixtures), asserting no database failure. */
void tu_import(ins_db *db, ins_import_stats *st, const char *first, ...);
/* Imports absolute paths. */
int tu_import_abs(ins_db *db, ins_import_stats *st, const char *path, const char *force_kind);
/* Runs SQL with text parameters (NULL-terminated) and returns the first
** column of the first row as an integer (-1 when no row). */
int64_t tu_int(ins_db *db, const char *sql, ...);
/* Same, returning the text (malloc'd; NULL when no row or NULL). */
char *tu_text(ins_db *db, const char *sql, ...);
/* Runs SQL with text parameters (NULL-terminated), asserting it succeeds. */
void tu_exec(ins_db *db, const char *sql, ...);
/* Same as tu_int, returning a floating-point value (NAN when no row or NULL). */
double tu_double(ins_db *db, const char *sql, ...);
/* Writes TEXT to tests/tmp/NAME in the build tree and returns its path
** (static storage, a ring of 4). */
const char *tu_tmpfile(const char *name, const char *text);
/* Runs SUITE and returns the process exit status. */
int tu_run(Suite *s);

/* Asserts a SQL text result equals EXPECTED (NULL for SQL NULL). */
#define tu_assert_text(db, expected, ...)                                            \
    do {                                                                             \
        char *tu_got_ = tu_text(db, __VA_ARGS__, (const char *)NULL);               \
        const char *tu_exp_ = (expected);                                            \
        if (tu_exp_ == NULL) ck_assert_msg(tu_got_ == NULL, "expected NULL, got '%s'", tu_got_); \
        else {                                                                       \
            ck_assert_msg(tu_got_ != NULL, "expected '%s', got no row/NULL", tu_exp_); \
            ck_assert_str_eq(tu_got_, tu_exp_);                                      \
        }                                                                            \
        free(tu_got_);                                                               \
    } while (0)

#define tu_assert_int(db, expected, ...)                                                   \
    do {                                                                                   \
        int64_t tu_got_ = tu_int(db, __VA_ARGS__, (const char *)NULL);                    \
        ck_assert_msg(tu_got_ == (int64_t)(expected), "expected %lld, got %lld",          \
                      (long long)(expected), (long long)tu_got_);                          \
    } while (0)

#endif
