/*
** audit.c: the record of identities read in clear.
**
** Some identities must be read in clear for the mission (a driver's
** document and licence for a road check).  They stay in tables the SQL
** hatch cannot read (privacy.c), and a command prints them only when told
** to with a reason; each such read is written here first, with who
** (operating-system login and uid), when, which command, which subject,
** what kind of identities and how many were shown, and why.  A read that
** cannot be recorded is not shown.  `inspector audit` lists the record.
*/
#include "ins_internal.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The login of the process's real user, or NULL when it has none. */
static char *os_login(void)
{
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) != 0 || !res || !res->pw_name) return NULL;
    return insUStrdup(res->pw_name);
}

/*
** 1 when REASON is one an audit can keep: not blank, at most
** INS_MAX_AUDIT_REASON_BYTES, valid UTF-8 without control characters (it
** is printed back by `inspector audit`).
*/
int ins_audit_reason_ok(const char *reason)
{
    if (!reason) return 0;
    size_t len = strlen(reason);
    if (len > INS_MAX_AUDIT_REASON_BYTES || !insUUtf8Valid(reason, len)) return 0;
    int seen = 0;
    for (const unsigned char *p = (const unsigned char *)reason; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) return 0;
        if (*p != ' ') seen = 1;
    }
    return seen;
}

/*
** Records that COMMAND showed SHOWN (what kind of identities, how many) of
** SUBJECT for REASON.  Returns INS_OK, INS_ERR_ARG for a reason
** ins_audit_reason_ok refuses, INS_ERR_DB when the row could not be
** written: the caller then shows nothing.
*/
int insAuditIdentityRead(ins_db *db, const char *command, const char *subject, const char *reason,
                         const char *shown)
{
    static const char sql[] =
        "INSERT INTO identity_reads(at, login, uid, command, subject, reason, shown)"
        " VALUES(?,?,?,?,?,?,?)";
    if (!ins_audit_reason_ok(reason)) return INS_ERR_ARG;
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) return INS_ERR_DB;
    char now[21];
    insUNowIso(now);
    char *login = os_login();
    sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
    insDbBindText(st, 2, login);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)getuid());
    insDbBindText(st, 4, command);
    insDbBindText(st, 5, subject);
    insDbBindText(st, 6, reason);
    insDbBindText(st, 7, shown);
    int rc = sqlite3_step(st) == SQLITE_DONE ? INS_OK : INS_ERR_DB;
    sqlite3_reset(st);
    free(login);
    return rc;
}

/*
** The record of identity reads from SINCE (a date or time in ISO 8601,
** NULL: all), oldest first, as a result (see inspector.h).
*/
int ins_audit_list(ins_db *db, const char *since, ins_result **out)
{
    static const char sql[] =
        "SELECT at, COALESCE(login, ''), uid, command, subject, shown, reason FROM identity_reads"
        " WHERE at >= COALESCE(?, '') ORDER BY id";
    static const char *const cols[] = {"at", "login", "uid", "command", "subject", "shown", "reason"};
    *out = NULL;
    ins_result *r = insResultNew(_("Identities read in clear"),
                                 _("each row: who read which identities, when and why"), cols,
                                 INS_ARRAY_LEN(cols));
    if (!r) return INS_ERR_NOMEM;
    sqlite3_stmt *st = insDbStmt(db, sql);
    if (!st) { ins_result_free(r); return INS_ERR_DB; }
    insDbBindText(st, 1, since);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = insResultAddRow(r);
        if (row < 0) { sqlite3_reset(st); ins_result_free(r); return INS_ERR_NOMEM; }
        for (size_t c = 0; c < INS_ARRAY_LEN(cols); c++)
            if (insResultSet(r, (size_t)row, c, (const char *)sqlite3_column_text(st, (int)c)) != INS_OK) {
                sqlite3_reset(st);
                ins_result_free(r);
                return INS_ERR_NOMEM;
            }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { ins_result_free(r); return INS_ERR_DB; }
    *out = r;
    return INS_OK;
}
