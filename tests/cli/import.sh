#!/bin/sh
# import.sh: the inspector command's init and import, end to end.
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/t.db"

status_is 0 "--version" "$INSPECTOR" --version
check "--version names the program" grep -q '^inspector [0-9]' "$TMP/out"
status_is 0 "--help" "$INSPECTOR" --help
check "--help lists import" grep -q 'import' "$TMP/out"
for c in init import; do
    status_is 0 "$c --help" "$INSPECTOR" "$c" --help
    check "$c --help prints usage" grep -q '^Usage: inspector' "$TMP/out"
done
status_is 2 "unknown command is a usage error" "$INSPECTOR" frobnicate
status_is 3 "import into a missing database fails" "$INSPECTOR" --db "$TMP/none.db" import "$FIX/pe-invoice"
check "and says to run init" grep -q "inspector init" "$TMP/err"

status_is 0 "init" "$INSPECTOR" --db "$DB" init
check "init reports reference data" grep -q 'ubigeo' "$TMP/out"
status_is 0 "init again is harmless" "$INSPECTOR" --db "$DB" init

status_is 0 "import the real sample corpus" "$INSPECTOR" --db "$DB" import \
    "$FIX/pe-invoice" "$FIX/pe-despatch" "$FIX/facility-list"
check "summary counts invoices" grep -Eq '^sunat-invoice +24 +0 +0$' "$TMP/out"
check "summary counts guias" grep -Eq '^sunat-despatch +36 +0 +0$' "$TMP/out"
check "summary counts facility lists" grep -Eq '^facility-list +16 +0 +0$' "$TMP/out"
check "no progress output when stderr is not a terminal" sh -c "! grep -q 'MB/s' '$TMP/err'"

status_is 0 "re-import is all duplicates" env INSPECTOR_DB="$DB" "$INSPECTOR" import "$FIX/pe-invoice"
check "summary counts duplicates" grep -Eq '^sunat-invoice +0 +24 +0$' "$TMP/out"

status_is 1 "hostile files are rejected, exit 1" "$INSPECTOR" --db "$DB" import \
    "$FIX/hostile/billion-laughs.xml" "$FIX/hostile/xxe.xml" "$FIX/hostile/truncated-invoice.xml"
check "one line per rejected file" sh -c "[ \$(grep -c '' '$TMP/err') -eq 3 ]"
check "reason names the file" grep -q 'billion-laughs.xml: DOCTYPE' "$TMP/err"

status_is 2 "unknown --kind is a usage error" "$INSPECTOR" --db "$DB" import --kind nope "$FIX/pe-invoice"
finish
