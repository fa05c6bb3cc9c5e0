#!/bin/sh
# privacy.sh: a database holds personal data.  A new one is readable by its
# owner only (0600), or by its group too with init --shared-group (0660),
# whatever the umask; a command warns when one can be read by everyone.
. "$top_srcdir/tests/cli/lib.sh"
umask 022
DB="$TMP/p.db"
mode() { stat -c %a "$1"; }
status_is 0 "init creates the database" "$INSPECTOR" --db "$DB" init
check "mode 0600 under umask 022" test "$(mode "$DB")" = 600
check "no warning for a private database" sh -c "! grep -q 'can be read by every user' '$TMP/err'"
status_is 0 "import into it" "$INSPECTOR" --db "$DB" import "$FIX/synthetic/plame"/*.jor
check "still 0600 after an import" test "$(mode "$DB")" = 600
for f in "$DB-wal" "$DB-shm"; do
    if [ -e "$f" ]; then check "$(basename "$f") is 0600" test "$(mode "$f")" = 600; fi
done

umask 077
SDB="$TMP/shared.db"
status_is 0 "init --shared-group" "$INSPECTOR" --db "$SDB" init --shared-group
check "mode 0660 even under umask 077" test "$(mode "$SDB")" = 660
status_is 0 "init --shared-group on an existing private database" "$INSPECTOR" --db "$DB" init --shared-group
check "makes it 0660" test "$(mode "$DB")" = 660
umask 022

chmod 644 "$DB"
status_is 0 "a database readable by everyone still opens" "$INSPECTOR" --db "$DB" query --sql "SELECT 1"
check "with a warning" grep -q "warning: .*p.db can be read by every user of this computer and holds personal data" "$TMP/err"
chmod 640 "$DB" "$DB"-* 2>/dev/null
status_is 0 "readable by its group only" "$INSPECTOR" --db "$DB" query --sql "SELECT 1"
check "no warning" sh -c "! grep -q 'can be read by every user' '$TMP/err'"
# A payroll export no importer knows: its first line holds a worker's DNI,
# which must appear neither on stderr nor in import_log.
UDB="$TMP/u.db"
"$INSPECTOR" --db "$UDB" init >/dev/null 2>&1
printf '01|45678912|160|0|1200.00|35.50|80.00|\n01|40111222|172|12|1350.00|0|0|\n' >"$TMP/planilla-export.txt"
status_is 1 "a payroll-shaped file no importer knows is rejected" "$INSPECTOR" --db "$UDB" import "$TMP/planilla-export.txt"
check "the reason says what was seen" grep -q "first line (.* bytes, 8 fields separated by '|') matches no importer" "$TMP/err"
check "the DNI is not on stderr" sh -c "! grep -q 45678912 '$TMP/err' '$TMP/out'"
"$INSPECTOR" --db "$UDB" query --format csv --sql "SELECT path, reason FROM import_log" >"$TMP/log.csv" 2>&1
check "the rejection is logged" grep -q "planilla-export.txt,.*matches no importer" "$TMP/log.csv"
check "the DNI is not in import_log" sh -c "! grep -q 45678912 '$TMP/log.csv'"
# Overlong UTF-8 forms inside CDATA (which libxml2 lets through) are
# replaced by U+FFFD with a warning, so JSON output stays valid UTF-8.
XDB="$TMP/x.db"
"$INSPECTOR" --db "$XDB" init >/dev/null 2>&1
sed 's/<!\[CDATA\[Grated /<![CDATA[Grated \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf /' \
    "$FIX/pe-invoice/greenter--20480072872-01-FB99-70000.xml" >"$TMP/overlong.xml"
check "the fixture holds the overlong forms" sh -c "! iconv -f UTF-8 -t UTF-8 '$TMP/overlong.xml' >/dev/null 2>&1"
status_is 0 "an invoice with overlong UTF-8 in CDATA imports" "$INSPECTOR" --db "$XDB" import "$TMP/overlong.xml"
"$INSPECTOR" --db "$XDB" query --format json --limit 0 --sql "SELECT * FROM trade_lines" >"$TMP/lines.json" 2>/dev/null
"$INSPECTOR" --db "$XDB" score --as-of 2026-11-28 >/dev/null 2>&1
"$INSPECTOR" --db "$XDB" explain 20480072872 --format json >"$TMP/explain.json" 2>/dev/null
for f in lines explain; do
    check "$f JSON is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TMP/$f.json" -o /dev/null
    if command -v jq >/dev/null 2>&1; then check "$f JSON parses" jq -e . "$TMP/$f.json" >/dev/null; fi
done
check "the bytes became U+FFFD" grep -q "Grated $(printf '\357\277\275\357\277\275') " "$TMP/lines.json"
"$INSPECTOR" --db "$XDB" query --format csv --sql "SELECT message FROM document_warnings WHERE code = 'invalid_utf8'" >"$TMP/w.csv" 2>&1
check "with a warning on the document" grep -q "1 value(s) held bytes that are not UTF-8" "$TMP/w.csv"

# Drivers' identities are printed only with --show-identities and a reason,
# and each such read is in the audit before anything is shown.
ADB="$TMP/a.db"
"$INSPECTOR" --db "$ADB" init >/dev/null 2>&1
"$INSPECTOR" --db "$ADB" import "$FIX/pe-despatch" >/dev/null 2>&1
"$INSPECTOR" --db "$ADB" score >/dev/null 2>&1
PLATE=$(sql "$ADB" "SELECT v.plate FROM leg_vehicles v ORDER BY v.plate LIMIT 1")
check "a guia's vehicle to explain ($PLATE)" test -n "$PLATE"
status_is 0 "explain a vehicle" "$INSPECTOR" --db "$ADB" explain "$PLATE"
check "without drivers" sh -c "! grep -q 'drivers:' '$TMP/out'"
check "saying how they are shown" grep -q "only with --show-identities and a --reason" "$TMP/out"
status_is 2 "--show-identities without --reason is a usage error" "$INSPECTOR" --db "$ADB" explain "$PLATE" --show-identities
status_is 2 "a blank reason is refused" "$INSPECTOR" --db "$ADB" explain "$PLATE" --show-identities --reason "   "
status_is 2 "a reason with control characters is refused" "$INSPECTOR" --db "$ADB" explain "$PLATE" \
    --show-identities --reason "$(printf 'x\033[2J')"
status_is 0 "nothing is audited yet" "$INSPECTOR" --db "$ADB" audit --format csv
check "the audit is empty" test "$(grep -c '' "$TMP/out")" = 1
status_is 0 "explain --show-identities --reason" "$INSPECTOR" --db "$ADB" explain "$PLATE" --show-identities \
    --reason "control de carretera, operativo 12/2026"
check "shows the drivers" grep -q 'drivers: ' "$TMP/out"
status_is 0 "audit lists the read" "$INSPECTOR" --db "$ADB" audit --format csv
check "one row" test "$(grep -c '' "$TMP/out")" = 2
check "with the login, the subject, what was shown and the reason" \
    grep -q "^[0-9TZ:-]*,$(id -un),$(id -u),explain,$PLATE,drivers of [0-9]* leg(s): [0-9]* name(s),\"control de carretera, operativo 12/2026\"" "$TMP/out"
status_is 0 "audit --since tomorrow lists nothing" "$INSPECTOR" --db "$ADB" audit --format csv --since 2999-01-01
check "no row" test "$(grep -c '' "$TMP/out")" = 1
status_is 1 "the SQL hatch cannot read the audit" "$INSPECTOR" --db "$ADB" query --sql "SELECT reason FROM identity_reads"
finish
