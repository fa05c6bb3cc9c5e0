/*
** info.c: small public services for programs built on libinspector (the
** inspector command first): what the database holds, its last error, the
** version of SQLite, and the date checks of the command line.  They exist
** so that a program needs nothing but inspector.h.
*/
#include "ins_internal.h"

#include <assert.h>
#include <string.h>

/* The version string of the SQLite library linked in. */
const char *ins_sqlite_version(void) { return sqlite3_libversion(); }

/* The last error on DB in plain words (insDbFailText): busy, full,
** read-only and I/O failures say so; others give SQLite's message. */
const char *ins_db_errmsg(ins_db *db)
{
    assert(db);
    return insDbFailText(db);
}

/*
** Counts the rows of the reference tables and of the case register: the
** numbers `init` and `inspections import` print.  A table that cannot be
** read counts -1 (insDbScalarInt's answer).
*/
void ins_db_count(ins_db *db, ins_db_counts *out)
{
    assert(db && out);
    out->ubigeo = insDbScalarInt(db, "SELECT COUNT(*) FROM ubigeo");
    out->hs_codes = insDbScalarInt(db, "SELECT COUNT(*) FROM hs_codes");
    out->ilab_goods = insDbScalarInt(db, "SELECT COUNT(*) FROM ilab_goods");
    out->good_hs_map = insDbScalarInt(db, "SELECT COUNT(*) FROM good_hs_map");
    out->inspections = insDbScalarInt(db, "SELECT COUNT(*) FROM inspections");
}

/* 1 when S is exactly YYYY-MM-DD and a day of the calendar (insUParseDate
** would accept a time after it; a command-line date has none). */
int ins_date_valid(const char *s)
{
    char d[11];
    return s && strlen(s) == 10 && insUParseDate(s, d);
}
