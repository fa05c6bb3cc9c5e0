#!/bin/sh
# payroll.sh: PLAME files of an employer with 60-hour weeks and pay below the
# minimum wage make the excessive-overtime and wage rules fire, with evidence
# naming the months; no worker identity appears in any worklist or explain.
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/p.db"
P="$FIX/synthetic/plame"
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
status_is 0 "import the PLAME files" "$INSPECTOR" --db "$DB" import "$P"/*.jor "$P"/*.rem "$P"/*.snl
check "13 payroll files imported" grep -Eq '^plame +13 +0 +0$' "$TMP/out"
status_is 0 "score with the shipped rules" "$INSPECTOR" --db "$DB" score --as-of 2025-12-31
status_is 0 "hits as SQL" "$INSPECTOR" --db "$DB" query --format csv --sql \
    "SELECT rule_id, subject_key, evidence FROM hits ORDER BY rule_id"
check "excessive overtime fires on the suspect employer" grep -q '^INS-PAY-001,20609876540,' "$TMP/out"
check "pay below the minimum wage fires" grep -q '^INS-PAY-005,20609876540,' "$TMP/out"
check "evidence names the months" grep -q 'INS-PAY-001,20609876540,.*2025-08-01' "$TMP/out"
check "nothing fires on the clean employer" sh -c "! grep -q '20543210987' '$TMP/out'"
status_is 0 "labour worklist" "$INSPECTOR" --db "$DB" worklist labor --format csv --top 5
check "the suspect employer leads it" sh -c "sed -n 2p '$TMP/out' | grep -q ',20609876540,'"
"$INSPECTOR" --db "$DB" worklist labor --format html --top 5 >"$TMP/w.html" 2>/dev/null
"$INSPECTOR" --db "$DB" explain 20609876540 --format json >"$TMP/e.json" 2>/dev/null
"$INSPECTOR" --db "$DB" query --format csv --limit 0 --sql \
    "SELECT * FROM hits" >"$TMP/hits.csv" 2>/dev/null
# every worker document number in the fixtures
cut -d'|' -f2 "$P"/*.jor "$P"/*.rem "$P"/*.snl | sort -u >"$TMP/ids"
leak=0
for f in "$TMP/out" "$TMP/w.html" "$TMP/e.json" "$TMP/hits.csv"; do
    if grep -qFf "$TMP/ids" "$f"; then leak=1; echo "# worker id in $f"; fi
done
check "no worker identity in worklists, explain or hits" test "$leak" -eq 0
finish
