#!/bin/sh
# cases.sh: the case register, evaluate and report, end to end with the
# real commands: a facility list is scored (with two test rules, so that the
# numbers do not move when the shipped packs change), a labour
# worklist with a control slice is issued, outcomes are recorded for its
# rows (CSV and one at a time), and the evaluation and the monitoring report
# are written.  When chromium is installed, the report is opened headless
# to check that it renders; otherwise that check is reported as skipped.
. "$top_srcdir/tests/cli/lib.sh"
CASES="$FIX/synthetic/cases"
DB="$TMP/c.db"
I() { "$INSPECTOR" --db "$DB" "$@"; }

status_is 0 "inspections --help" "$INSPECTOR" inspections --help
status_is 0 "evaluate --help" "$INSPECTOR" evaluate --help
status_is 0 "report --help" "$INSPECTOR" report --help
status_is 2 "inspections without an action is a usage error" "$INSPECTOR" inspections

I init >/dev/null 2>&1
status_is 0 "import the establishments" I import "$CASES/establishments.csv"
status_is 0 "score them with the test rules" I score --rules "$CASES/cases.rules" --as-of 2026-06-01
status_is 0 "issue a labour worklist with a control slice" \
    I worklist labor --top 12 --control-share 0.34 --seed 7 --format csv
I query --sql "SELECT rank, control, (SELECT tax_id FROM firms WHERE id = firm_id) FROM worklist_rows
    WHERE worklist_id = 1 ORDER BY rank" --format csv >"$TMP/rows.csv" 2>/dev/null
check "the worklist has 8 targeted and 4 control rows" \
    sh -c "[ \$(grep -c ',0,' '$TMP/rows.csv') -eq 8 ] && [ \$(grep -c ',1,' '$TMP/rows.csv') -eq 4 ]"

# Outcomes for every row: targeted 1-3, 5, 6 forced labour, 4 and 7 other
# violations, 8 not found; control 9, 10 none, 11 another violation, 12
# forced labour.  Expected: targeted 5/7 = 0.714, control 1/4 = 0.250,
# lift 2.86.
tr -d '\r' <"$TMP/rows.csv" | awk -F, 'NR == 1 {
        print "inspection_id,tax_id,date,regulator,worklist_id,worklist_rank,outcome,workers_affected,minors,note"
        next }
    { o = "no_violation"
      if ($1 == 1 || $1 == 2 || $1 == 3 || $1 == 5 || $1 == 6 || $1 == 12) o = "forced_labour"
      else if ($1 == 4 || $1 == 7 || $1 == 11) o = "other_violation"
      else if ($1 == 8) o = "not_found"
      printf "CLI-%03d,%s,2026-06-%02d,labour,1,%s,%s,%d,%d,nota de prueba\n", $1, $3, 10 + $1, $1, o,
          (o == "forced_labour") ? 3 : 0, ($1 == 1) ? 2 : 0 }' >"$TMP/inspections.csv"
status_is 0 "inspections import" I inspections import "$TMP/inspections.csv"
check "summary counts the inspections" grep -q '1 file(s) imported, 0 duplicate, 0 rejected; the register holds 12 inspection(s) (12 new)' "$TMP/out"
status_is 1 "a file with an invalid row is rejected (exit 1)" I inspections import "$CASES/inspections-bad-row.csv"
check "naming the row" grep -q "inspections-bad-row.csv: row 3: outcome 'violation found'" "$TMP/err"
check "and nothing of it is kept" sh -c "! '$INSPECTOR' --db '$DB' inspections list --format csv | grep -q CLI-BAD"

TAX=$(sed -n '2p' "$TMP/rows.csv" | tr -d '\r' | cut -d, -f3)
status_is 0 "inspections add" I inspections add --id CLI-MAN-1 --tax-id "$TAX" --date 2026-07-01 \
    --regulator labour --outcome other_violation --infractions 1 --workers-affected 2 --minors 0
check "says recorded" grep -q 'inspection CLI-MAN-1 recorded' "$TMP/out"
status_is 0 "inspections add again updates" I inspections add --id CLI-MAN-1 --tax-id "$TAX" \
    --date 2026-07-01 --outcome forced_labour
check "says updated" grep -q 'inspection CLI-MAN-1 updated' "$TMP/out"
status_is 2 "an unknown outcome is a usage error" I inspections add --id CLI-MAN-2 --tax-id "$TAX" \
    --date 2026-07-01 --outcome terrible
status_is 1 "an unknown worklist row is refused (exit 1)" I inspections add --id CLI-MAN-3 \
    --date 2026-07-01 --outcome no_violation --worklist 1 --rank 40
check "with the reason" grep -q 'worklist 1 has no row 40' "$TMP/err"
status_is 0 "inspections list" I inspections list --from 2026-06-01 --to 2026-06-30
check "lists the register" grep -q '^CLI-001 ' "$TMP/out"
check "and counts it" grep -q '^12 inspection(s)$' "$TMP/out"
status_is 0 "inspections list --format csv" I inspections list --format csv
check "csv has every inspection" sh -c "[ \$(grep -c '^CLI-' '$TMP/out') -eq 13 ]"

status_is 0 "evaluate" I evaluate
check "targeted rate with its interval" grep -Eq '^  forced_labour targeted +7 +5 +0\.714 ' "$TMP/out"
check "control rate" grep -Eq '^  forced_labour control +4 +1 +0\.250 ' "$TMP/out"
check "lift" grep -Eq '^  forced_labour +0\.714 +0\.250 +2\.86 ' "$TMP/out"
check "small samples are marked (in Spanish, the default document language)" grep -q 'muestra pequeña' "$TMP/out"
check "not_found and closed are said to be out of the denominators" grep -q 'not_found y closed' "$TMP/out"
check "rules confirmed" grep -q 'Confirmación por regla' "$TMP/out"
# the document language is chosen apart from the interface's locale
status_is 0 "evaluate --doc-lang en" "$INSPECTOR" --db "$DB" --doc-lang en evaluate
check "the evaluation in English" grep -q 'Confirmation by rule' "$TMP/out"
check "small samples marked in English" grep -q 'small sample' "$TMP/out"
status_is 0 "evaluate under INSPECTOR_DOC_LANG=en" env INSPECTOR_DOC_LANG=en "$INSPECTOR" --db "$DB" evaluate
check "the variable sets it too" grep -q 'Confirmation by rule' "$TMP/out"
status_is 2 "an unknown document language is refused" "$INSPECTOR" --db "$DB" --doc-lang xx evaluate
check "saying which are known" grep -q 'es or en' "$TMP/err"
status_is 0 "evaluate --run 1 --format csv" I evaluate --run 1 --format csv
check "csv sections" sh -c "[ \$(grep -c '^# ' '$TMP/out') -eq 5 ]"
check "csv rate row" grep -q '^forced_labour,targeted,7,5,0.714,' "$TMP/out"
check "csv rule row: Madre de Dios reached 6 inspected rows, 5 confirmed" \
    grep -q '^TST-CAS-002,1,Establecimiento en Madre de Dios,6,6,0,5,0.833,' "$TMP/out"
status_is 0 "evaluate --format json" I evaluate --worklist 1 --format json
check "json is an array of sections" grep -q '^\[{"title":' "$TMP/out"
status_is 1 "evaluate an unknown worklist (exit 1)" I evaluate --worklist 99
status_is 2 "evaluate --run and --worklist together is a usage error" I evaluate --run 1 --worklist 1

HTML="$TMP/report.html"
status_is 0 "report writes one HTML file" I report --from 2000-01-01 --to 2099-12-31 -o "$HTML"
check "the file exists" test -s "$HTML"
check "it is a whole page" sh -c "head -1 '$HTML' | grep -q '<!DOCTYPE html>' && tail -1 '$HTML' | grep -q '</html>'"
check "with its title" grep -q '<title>Informe de seguimiento' "$HTML"
check "with inline SVG charts and the map" sh -c "[ \$(grep -c '<svg ' '$HTML') -ge 4 ] && grep -q 'class=\"dept\"' '$HTML'"
check "self-contained: no script, no external asset" sh -c "! grep -Eiq '<script|<link|src=|@import|url\\(' '$HTML'"
check "no inspection note reaches the report" sh -c "! grep -q 'nota de prueba' '$HTML'"
check "print layout for A4" grep -q '@page{size:A4' "$HTML"
status_is 0 "report --format csv writes the same tables" \
    I report --from 2000-01-01 --to 2099-12-31 --format csv -o "$TMP/csv"
NCSV=$(ls "$TMP/csv" | grep -c '\.csv$')
NTAB=$(grep -o '<table' "$HTML" | wc -l)
check "one CSV per table ($NCSV files, $NTAB tables)" test "$NCSV" -eq "$NTAB" -a "$NCSV" -gt 0
check "each CSV is named in the HTML" sh -c "for f in '$TMP'/csv/*.csv; do n=\$(basename \"\$f\" .csv); grep -q \"\\[\$n\\]\" '$HTML' || exit 1; done"
check "the outcomes CSV agrees" grep -q '^forced_labour,trabajo forzoso,7,' "$TMP/csv/02-outcomes.csv"
status_is 2 "report without a period is a usage error" I report -o "$TMP/x.html"
status_is 2 "report --format csv without -o is a usage error" I report --from 2026-01-01 --to 2026-12-31 --format csv

# Rendering: open the page in a headless browser when one is installed.
BROWSER=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then BROWSER=$b; break; fi
done
if [ -n "$BROWSER" ]; then
    PROFILE=$(mktemp -d "$TMP/profile.XXXXXX")
    timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --dump-dom "file://$HTML" >"$TMP/dom.html" 2>/dev/null
    check "$BROWSER renders the report (title and SVG in the DOM)" \
        sh -c "grep -q 'Informe de seguimiento' '$TMP/dom.html' && [ \$(grep -c '<svg ' '$TMP/dom.html') -ge 4 ]"
    timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --window-size=800,3000 --screenshot="$TMP/report.png" \
        "file://$HTML" >/dev/null 2>&1
    check "$BROWSER takes a screenshot of it" sh -c "[ \$(wc -c <'$TMP/report.png') -gt 20000 ]"
else
    ok "# SKIP no chromium: the report's rendering is not checked"
    ok "# SKIP no chromium: no screenshot"
fi
finish
