/*
** db.c: opening the database, migrations, and the prepared-statement cache.
**
** All SQL runs through prepared statements; input never becomes SQL text.
** Statements are cached by the address of their SQL literal so hot paths
** (one insert per trade line) prepare once per connection.
*/
#include "ins_internal.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One cached statement: the address of its SQL text is the key. */
struct ins_stmt_cache {
    const char *sql;
    sqlite3_stmt *st;
};

/* The program's version (configure's PACKAGE_VERSION), for --version and
** the tool_version recorded with every import and run. */
const char *ins_version(void) { return PACKAGE_VERSION; }

/*
** The message of an ins_status code, translated.  Lives here because the
** database is the first layer that returns these codes to callers; every
** layer above uses it for the one-line reason of a failure.
*/
const char *ins_strerror(int code)
{
    switch (code) {
    case INS_OK: return _("success");
    case INS_ERR_NOMEM: return _("out of memory");
    case INS_ERR_IO: return _("input/output error");
    case INS_ERR_DB: return _("database error");
    case INS_ERR_FORMAT: return _("malformed input");
    case INS_ERR_UNSUPPORTED: return _("unsupported document");
    case INS_ERR_HOSTILE: return _("hostile input refused");
    case INS_ERR_TOOBIG: return _("input exceeds a limit");
    case INS_ERR_ENCODING: return _("unsupported character encoding");
    case INS_ERR_ARG: return _("invalid argument");
    case INS_ERR_NOTFOUND: return _("not found");
    case INS_ERR_SCHEMA: return _("database schema is newer than this program");
    default: return _("unknown error");
    }
}

/*
** Sets *ERRMSG (when ERRMSG is not NULL) to FMT filled with A and B (NULL
** reads as ""), malloc'd.  FMT always takes exactly two strings; callers
** pad with "" when they need one, so that translated formats keep the
** same arguments.
*/
static void set_err(char **errmsg, const char *fmt, const char *a, const char *b)
    __attribute__((format(printf, 2, 0)));
static void set_err(char **errmsg, const char *fmt, const char *a, const char *b)
{
    if (!errmsg) return;
    ins_buf m;
    insBufInit(&m);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    insBufPrintf(&m, fmt, a ? a : "", b ? b : "");
#pragma GCC diagnostic pop
    *errmsg = insBufDetach(&m);
}

/* The schema version this program creates: that of the last migration. */
int ins_schema_latest(void)
{
    return insSchemaMigrations[insSchemaMigrationCount - 1].version;
}

/* The schema version of an open database (PRAGMA user_version; -1 on
** error). */
int ins_db_schema_version(ins_db *db)
{
    return (int)insDbScalarInt(db, "PRAGMA user_version");
}

/* The companion files SQLite keeps beside a database in WAL mode. */
static const char *const db_companions[] = {"", "-wal", "-shm"};

/* 1 when PATH names a file of the file system, not one of SQLite's special
** names (":memory:", "", URIs), so that its mode can be set. */
static int db_is_file(const char *path)
{
    return path && *path && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0;
}

/*
** Gives the database at PATH its mode before SQLite opens it.  A database
** holds personal data, so one that does not exist yet is created here,
** empty (SQLite takes an empty file as a new database), with MODE (0600,
** or 0660 when group-shared) set by fchmod so the umask can neither widen
** nor narrow it; SQLite then creates the -wal and -shm files with the
** mode of the database.  With SHARED, an existing database and its
** companions are made 0660.  Returns 0, or an errno.
*/
static int db_prepare_file(const char *path, int create, int shared)
{
    mode_t mode = shared ? 0660 : 0600;
    if (!db_is_file(path)) return 0;
    struct stat sb;
    if (create && lstat(path, &sb) != 0 && errno == ENOENT) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) return errno == EEXIST ? 0 : errno; /* created meanwhile: SQLite opens it */
        int err = fchmod(fd, mode) != 0 ? errno : 0;
        close(fd);
        return err;
    }
    if (!shared) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(db_companions); i++) {
        char p[INS_MAX_PATH_BYTES + 8];
        snprintf(p, sizeof p, "%s%s", path, db_companions[i]);
        if (stat(p, &sb) == 0 && (sb.st_mode & 0777) != mode && chmod(p, mode) != 0) return errno;
    }
    return 0;
}

int ins_db_exposed(const ins_db *db)
{
    if (!db || !db_is_file(db->path)) return 0;
    for (size_t i = 0; i < INS_ARRAY_LEN(db_companions); i++) {
        char p[INS_MAX_PATH_BYTES + 8];
        struct stat sb;
        snprintf(p, sizeof p, "%s%s", db->path, db_companions[i]);
        if (stat(p, &sb) == 0 && (sb.st_mode & S_IROTH)) return 1;
    }
    return 0;
}

/* How long a connection waits for another's lock: $INSPECTOR_BUSY_MS
** (0 to INS_DB_BUSY_MAX_MS) or INS_DB_BUSY_MS. */
static int busy_ms(void)
{
    const char *e = getenv("INSPECTOR_BUSY_MS");
    if (!e || !*e) return INS_DB_BUSY_MS;
    char *end;
    errno = 0;
    long v = strtol(e, &end, 10);
    if (errno || *end || v < 0 || v > INS_DB_BUSY_MAX_MS) return INS_DB_BUSY_MS;
    return (int)v;
}

/*
** 1 when PATH exists but this process can write neither it nor its
** directory, where SQLite keeps the -wal and -shm files (read-only media,
** a file of another account, permissions).
*/
static int db_read_only_here(const char *path)
{
    if (!db_is_file(path) || access(path, F_OK) != 0) return 0;
    if (access(path, W_OK) != 0) return 1;
    char dir[INS_MAX_PATH_BYTES];
    insUStrlcpy(dir, path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (!slash) insUStrlcpy(dir, ".", sizeof dir);
    else if (slash == dir) dir[1] = '\0';
    else *slash = '\0';
    return access(dir, W_OK) != 0;
}

/*
** Opens PATH (creating it with INS_OPEN_CREATE, mode 0600 or with
** INS_OPEN_SHARED 0660: db_prepare_file) and brings its schema up to
** date.  Every handle has extended result codes, a 5 s busy timeout,
** foreign keys on, extension loading off and SQLite's defensive mode;
** writable handles use WAL with synchronous=NORMAL.  Read-only handles
** refuse every write at the SQLite level (SQLITE_OPEN_READONLY plus PRAGMA
** query_only), which later layers rely on for the analysts' SQL escape
** hatch; they cannot migrate, so a database older than this program is
** refused with a hint, as is one newer than it (INS_ERR_SCHEMA).
*/
int ins_db_open(const char *path, int flags, ins_db **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    /* Only init makes a database.  An empty file is refused before SQLite
     * writes a header into it (the WAL pragma would). */
    struct stat st;
    if (!(flags & INS_OPEN_CREATE) && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
        set_err(errmsg, _("%s: not an inspector database (an empty file); create one with 'inspector init'%s"),
                path, "");
        return INS_ERR_SCHEMA;
    }
    /* Read-only media: a command that writes says so before it starts; one
     * that reads opens the file as immutable when SQLite could not make
     * the -shm file a WAL database is read through (nothing can change
     * the file there).  Other causes of a read-only file get the same. */
    int ro_here = !(flags & INS_OPEN_CREATE) && db_read_only_here(path);
    if (ro_here && !(flags & INS_OPEN_READONLY)) {
        set_err(errmsg, _("%s: the database is read-only here (read-only media, or its file or directory "
                          "cannot be written by this account): this command writes to it; the commands "
                          "that only read it work%s"),
                path, "");
        return INS_ERR_DB;
    }
    ins_db *db = calloc(1, sizeof *db);
    if (!db) return INS_ERR_NOMEM;
    db->readonly = (flags & INS_OPEN_READONLY) != 0;
    int oflags = db->readonly ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | ((flags & INS_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
    oflags |= SQLITE_OPEN_NOMUTEX;
    db->path = insUStrdup(path);
    if (!db->readonly) {
        int e = db_prepare_file(path, (flags & INS_OPEN_CREATE) != 0, (flags & INS_OPEN_SHARED) != 0);
        if (e) {
            set_err(errmsg, "%s: %s", path, strerror(e));
            ins_db_close(db);
            return INS_ERR_IO;
        }
    }
    ins_buf uri;
    insBufInit(&uri);
    const char *target = path;
    if (ro_here) {
        char shm[INS_MAX_PATH_BYTES + 8];
        snprintf(shm, sizeof shm, "%s-shm", path);
        if (access(shm, F_OK) != 0) {
            insBufAppendStr(&uri, "file:");
            for (const char *c = path; *c; c++) {
                if (*c == '%' || *c == '?' || *c == '#') insBufPrintf(&uri, "%%%02X", (unsigned char)*c);
                else insBufAppend(&uri, c, 1);
            }
            insBufAppendStr(&uri, "?immutable=1");
            target = uri.oom ? path : insBufStr(&uri);
            oflags |= SQLITE_OPEN_URI;
        }
    }
    int orc = sqlite3_open_v2(target, &db->h, oflags, NULL);
    insBufFree(&uri);
    if (orc != SQLITE_OK) {
        set_err(errmsg, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        ins_db_close(db);
        return INS_ERR_DB;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, busy_ms());
    /* No extension loading, ever. */
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    if (insDbExec(db, "PRAGMA foreign_keys=ON") != INS_OK) goto dberr;
    /* A page cache that holds an import transaction's working set (the
     * b-tree pages of the indexes it updates): a smaller one spills dirty
     * pages into the WAL mid-transaction and writes them again and again.
     * Pages are allocated as used, so a small database never takes it all. */
    if (insDbExec(db, "PRAGMA cache_size=-" INS_STR(INS_DB_CACHE_KIB)) != INS_OK) goto dberr;
    if (insDbExec(db, "PRAGMA temp_store=MEMORY") != INS_OK) goto dberr;
    if (db->readonly) {
        if (insDbExec(db, "PRAGMA query_only=ON") != INS_OK) goto dberr;
    } else {
        if (insDbExec(db, "PRAGMA journal_mode=WAL") != INS_OK) goto dberr;
        if (insDbExec(db, "PRAGMA synchronous=NORMAL") != INS_OK) goto dberr;
        /* checkpoint less often than SQLite's 1000 pages: a page written by
         * several transactions between two checkpoints is copied once */
        if (insDbExec(db, "PRAGMA wal_autocheckpoint=" INS_STR(INS_DB_CHECKPOINT_PAGES)) != INS_OK)
            goto dberr;
    }
    int v = ins_db_schema_version(db);
    if (v < 0) goto dberr;
    /* A database without a schema version is not one of ours: any command
     * but init would otherwise migrate it into an inspector database with
     * no reference data, and init would mix our tables into another
     * program's. */
    if (v == 0 && (!(flags & INS_OPEN_CREATE) ||
                   insDbScalarInt(db, "SELECT COUNT(*) FROM sqlite_schema") != 0)) {
        if (flags & INS_OPEN_CREATE)
            set_err(errmsg, _("%s: not an inspector database (it holds another program's tables)%s"), path, "");
        else
            set_err(errmsg, _("%s: not an inspector database (no inspector schema: empty, or made by "
                              "another program); create one with 'inspector init'%s"), path, "");
        ins_db_close(db);
        return INS_ERR_SCHEMA;
    }
    if (db->readonly && v < ins_schema_latest()) {
        set_err(errmsg, _("%s: the database needs upgrading; run any command that writes (e.g. 'inspector init') first%s"),
                path, "");
        ins_db_close(db);
        return INS_ERR_SCHEMA;
    }
    if (v > ins_schema_latest()) {
        set_err(errmsg, _("%s: database schema version is newer than this program%s"), path, "");
        ins_db_close(db);
        return INS_ERR_SCHEMA;
    }
    if (!db->readonly) {
        int rc = insDbMigrate(db, errmsg);
        if (rc != INS_OK) { ins_db_close(db); return rc; }
    }
    *out = db;
    return INS_OK;
dberr:
    set_err(errmsg, "%s: %s", path, sqlite3_errmsg(db->h));
    ins_db_close(db);
    return INS_ERR_DB;
}

/* Finalizes every cached statement and closes the handle; NULL is a no-op. */
void ins_db_close(ins_db *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->ncache; i++) sqlite3_finalize(db->cache[i].st);
    free(db->cache);
    insDbIdCacheFree(db);
    if (db->h) sqlite3_close(db->h);
    free(db->path);
    free(db);
}

/*
** Applies each migration newer than user_version in its own transaction,
** bumping user_version inside it, so a crash leaves a consistent schema.
*/
int insDbMigrate(ins_db *db, char **errmsg)
{
    int v = ins_db_schema_version(db);
    for (size_t i = 0; i < insSchemaMigrationCount; i++) {
        const ins_migration *m = &insSchemaMigrations[i];
        if (m->version <= v) continue;
        char *err = NULL;
        if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(db->h, m->sql, NULL, NULL, &err) != SQLITE_OK) {
            set_err(errmsg, _("migration failed: %s (%s)"), err ? err : "?", m->name);
            sqlite3_free(err);
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return INS_ERR_DB;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", m->version);
        if (sqlite3_exec(db->h, pragma, NULL, NULL, &err) != SQLITE_OK ||
            sqlite3_exec(db->h, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
            set_err(errmsg, _("migration failed: %s (%s)"), err ? err : "?", m->name);
            sqlite3_free(err);
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return INS_ERR_DB;
        }
        v = m->version;
    }
    return INS_OK;
}

/*
** Returns the prepared statement of SQL, reset and with its bindings
** cleared, preparing it (persistent) on first use.  The cache is keyed by
** the address of SQL, not its text, so SQL must be a string literal or a
** static array: the same text at two addresses is prepared twice, and a
** buffer reused for other text would return the wrong statement.  The
** cache is searched linearly.  NULL when the SQL does not prepare or
** memory runs out.
*/
sqlite3_stmt *insDbStmt(ins_db *db, const char *sql)
{
    for (size_t i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].st);
            sqlite3_clear_bindings(db->cache[i].st);
            return db->cache[i].st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return NULL;
    struct ins_stmt_cache *c = insUGrow(db->cache, &db->capcache, db->ncache + 1, sizeof *c);
    if (!c) { sqlite3_finalize(st); return NULL; }
    db->cache = c;
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache].st = st;
    db->ncache++;
    return st;
}

/* Runs SQL (one or more statements, no parameters, no rows wanted):
** pragmas, transaction control and the set-based rebuilds. */
int insDbExec(ins_db *db, const char *sql)
{
    return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? INS_OK : INS_ERR_DB;
}

/* Begins a write transaction, taking the write lock at once (IMMEDIATE)
** so that a busy database fails here, not halfway through the work. */
int insDbBegin(ins_db *db)
{
    int rc = insDbExec(db, "BEGIN IMMEDIATE");
    if (rc == INS_OK) insDbIdCacheBegin(db);
    return rc;
}

/* Commits the open transaction. */
int insDbCommit(ins_db *db)
{
    int rc = insDbExec(db, "COMMIT");
    insDbIdCacheEnd(db, rc == INS_OK, 1);
    return rc;
}

/* Rolls back the open transaction; INS_OK when none is open (SQLite may
** already have rolled back after an error), so cleanup paths can always
** call it. */
int insDbRollback(ins_db *db)
{
    insDbIdCacheEnd(db, 0, 1);
    if (sqlite3_get_autocommit(db->h)) return INS_OK;
    return insDbExec(db, "ROLLBACK");
}

/*
** Savepoints inside the open transaction: one per imported file, so that a
** rejected file rolls back alone while the files before it in the same
** batch stay.  insDbRollbackTo undoes the work since the savepoint and
** closes it; both leave the transaction open.
*/
int insDbSavepoint(ins_db *db) { return insDbExec(db, "SAVEPOINT file"); }

/* Keeps the work since the savepoint (it becomes part of the transaction). */
int insDbRelease(ins_db *db) { return insDbExec(db, "RELEASE file"); }

/* Undoes the work since the savepoint and closes it. */
int insDbRollbackTo(ins_db *db)
{
    if (sqlite3_get_autocommit(db->h)) { /* SQLite rolled back all */
        insDbIdCacheEnd(db, 0, 1);
        return INS_ERR_DB;
    }
    insDbIdCacheEnd(db, 0, 0);
    return insDbExec(db, "ROLLBACK TO file; RELEASE file");
}

/*
** Begins a unit of writes that lands whole or not at all: outside a
** transaction, a write transaction that takes the lock at once
** (insDbBegin: a deferred one that reads and then writes can fail at once
** when another writer went first); inside the caller's transaction, a
** savepoint.  Returns what insDbWriteEnd must close (INS_WRITE_TXN or
** INS_WRITE_SAVEPOINT), 0 when it could not begin.
*/
int insDbWriteBegin(ins_db *db)
{
    if (sqlite3_get_autocommit(db->h)) return insDbBegin(db) == INS_OK ? INS_WRITE_TXN : 0;
    return insDbSavepoint(db) == INS_OK ? INS_WRITE_SAVEPOINT : 0;
}

/*
** Ends the unit KIND (insDbWriteBegin's answer): keeps its writes when
** KEEP, else undoes them.  INS_ERR_DB when keeping failed (the writes are
** then undone) or undoing did.
*/
int insDbWriteEnd(ins_db *db, int kind, int keep)
{
    assert(kind == INS_WRITE_TXN || kind == INS_WRITE_SAVEPOINT);
    if (keep && (kind == INS_WRITE_TXN ? insDbCommit(db) : insDbRelease(db)) == INS_OK) return INS_OK;
    int rc = kind == INS_WRITE_TXN ? insDbRollback(db) : insDbRollbackTo(db);
    return keep ? INS_ERR_DB : rc;
}

/* The last failure in plain words (see ins_internal.h). */
const char *insDbFailText(ins_db *db)
{
    int code = sqlite3_extended_errcode(db->h);
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        snprintf(db->failtext, sizeof db->failtext, "%s",
                 _("database is busy: another command holds it for longer than the wait allows; "
                   "retry when it has finished"));
        break;
    case SQLITE_FULL:
        snprintf(db->failtext, sizeof db->failtext, "%s", _("database or disk is full"));
        break;
    case SQLITE_READONLY:
        snprintf(db->failtext, sizeof db->failtext, "%s",
                 _("the database is read-only here (file or directory permissions, or read-only media)"));
        break;
    case SQLITE_IOERR: {
        int e = sqlite3_system_errno(db->h);
        if (e) snprintf(db->failtext, sizeof db->failtext, _("disk I/O error (%s)"), strerror(e));
        else snprintf(db->failtext, sizeof db->failtext, "%s", _("disk I/O error"));
        break;
    }
    default:
        snprintf(db->failtext, sizeof db->failtext, "%s", sqlite3_errmsg(db->h));
        break;
    }
    return db->failtext;
}

/* The last failure on the handle, for errmsg: in plain words for the
** failures of the environment (insDbFailText), else SQLite's message. */
const char *insDbErr(ins_db *db) { return insDbFailText(db); }

/* Binds S (copied) as parameter I, or NULL when S is NULL or empty: the
** model stores absence as NULL, never as "". */
int insDbBindText(sqlite3_stmt *st, int i, const char *s)
{
    if (!s || !*s) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* Binds V as parameter I when HAS, else NULL (an optional number). */
int insDbBindOptDouble(sqlite3_stmt *st, int i, int has, double v)
{
    return has ? sqlite3_bind_double(st, i, v) : sqlite3_bind_null(st, i);
}

/*
** Runs SQL, which takes no parameters, and returns the first column of its
** first row as an integer; -1 when it fails or returns no row.  Prepared
** apart from the cache, for one-off queries (PRAGMA user_version, counts,
** the largest id of a table).
*/
int64_t insDbScalarInt(ins_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}
