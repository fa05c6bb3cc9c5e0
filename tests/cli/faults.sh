#!/bin/sh
# faults.sh: what a command does with a database it must not trust or
# cannot have: an empty file, another program's database, and a write lock
# another process holds for longer than the command waits.  The sqlite3
# shell plays the other program (README's first Quick start command
# installs it).
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/t.db"

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "# the sqlite3 shell is not installed: apt-get install sqlite3"
    not_ok "sqlite3 shell present"
    finish
fi

# ---- an empty file, another program's database --------------------------
: >"$TMP/empty.db"
status_is 3 "an empty file is refused by import" "$INSPECTOR" --db "$TMP/empty.db" import "$FIX/pe-invoice"
check "it says so and names init" grep -q "not an inspector database (an empty file).*inspector init" "$TMP/err"
check "and the file is left empty" test ! -s "$TMP/empty.db"
status_is 3 "an empty file is refused by a query" "$INSPECTOR" --db "$TMP/empty.db" query firm 'exporter'
status_is 0 "init makes a database of it" "$INSPECTOR" --db "$TMP/empty.db" init

sqlite3 "$TMP/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"
status_is 3 "another program's database is refused by import" "$INSPECTOR" --db "$TMP/other.db" \
    import "$FIX/pe-invoice"
check "it says so" grep -q "not an inspector database" "$TMP/err"
status_is 3 "and by init" "$INSPECTOR" --db "$TMP/other.db" init
check "init says it holds another program's tables" grep -q "another program's tables" "$TMP/err"
check "whose tables are left alone" sh -c "[ \"\$(sqlite3 '$TMP/other.db' \"SELECT group_concat(name) FROM sqlite_schema\")\" = notes ]"

# ---- read-only media -------------------------------------------------------
# A database in a directory this account cannot write (as on read-only
# media): SQLite can make no -shm file there.  Root writes anywhere, so as
# root the commands run as nobody (setpriv), on a copy nobody may read.
RO="$TMP/ro"
mkdir "$RO"
"$INSPECTOR" --db "$RO/r.db" init >/dev/null 2>&1
"$INSPECTOR" --db "$RO/r.db" import "$FIX/pe-invoice" >/dev/null 2>&1
"$INSPECTOR" --db "$RO/r.db" score >/dev/null 2>&1
if [ "$(id -u)" = 0 ]; then
    # the build tree may sit in a directory nobody cannot enter (mktemp -d)
    cp "$INSPECTOR" "$TMP/inspector-ro"
    chmod 755 "$TMP" "$RO" "$TMP/inspector-ro"; chmod 644 "$RO/r.db"
    as_reader() { shift; setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/inspector-ro" "$@"; }
else
    chmod 444 "$RO/r.db"; chmod 555 "$RO"
    as_reader() { "$@"; }
fi
check "no -wal or -shm file is left beside it" test ! -e "$RO/r.db-shm"
status_is 0 "a query reads a database on read-only media" as_reader "$INSPECTOR" --db "$RO/r.db" \
    query --format csv --sql "SELECT COUNT(*) FROM documents WHERE kind = 'invoice'"
check "and finds its documents" grep -q '^24' "$TMP/out"
status_is 0 "explain reads it" as_reader "$INSPECTOR" --db "$RO/r.db" explain 20480072872
status_is 3 "an import says the database is read-only here" as_reader "$INSPECTOR" --db "$RO/r.db" \
    import "$FIX/pe-despatch"
check "in those words, not 'needs upgrading'" grep -q "read-only here" "$TMP/err"
chmod 755 "$RO"

# ---- a write lock held past the wait --------------------------------------
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$FIX/pe-invoice" >/dev/null 2>&1
# the sqlite3 shell takes the write lock and keeps it until $TMP/go exists
(
    echo "BEGIN IMMEDIATE;"
    echo "CREATE TABLE IF NOT EXISTS lock_taken(x);"
    echo ".shell touch '$TMP/locked'"
    while [ ! -e "$TMP/go" ]; do sleep 0.1; done
    echo "ROLLBACK;"
) | sqlite3 "$DB" >/dev/null 2>&1 &
holder=$!
n=0
while [ ! -e "$TMP/locked" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check "the other process holds the lock" test -e "$TMP/locked"

status_is 3 "an import that cannot get the lock gives up (INSPECTOR_BUSY_MS=300)" \
    env INSPECTOR_BUSY_MS=300 "$INSPECTOR" --db "$DB" import "$FIX/pe-despatch"
check "it says the database is busy and to retry" grep -q "database is busy.*retry" "$TMP/err"
check "and imports nothing" grep -Eq '^total +0 +0 +0$' "$TMP/out"
status_is 0 "a query reads while the lock is held (WAL)" \
    env INSPECTOR_BUSY_MS=300 "$INSPECTOR" --db "$DB" query --format csv firm 'exporter or not exporter'
status_is 3 "a scoring run that cannot get the lock gives up" \
    env INSPECTOR_BUSY_MS=300 "$INSPECTOR" --db "$DB" score
check "it says the database is busy" grep -q "database is busy" "$TMP/err"

touch "$TMP/go"
wait "$holder"
check "nothing of the refused import is in the database" \
    test "$(sql "$DB" "SELECT COUNT(*) FROM documents WHERE kind = 'despatch'")" = 0
status_is 0 "once the lock is released the import goes through" \
    env INSPECTOR_BUSY_MS=300 "$INSPECTOR" --db "$DB" import "$FIX/pe-despatch"
status_is 0 "and the integrity check is clean" sh -c \
    "[ \"\$(sqlite3 '$DB' 'PRAGMA integrity_check')\" = ok ]"
finish
