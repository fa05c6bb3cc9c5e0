#!/bin/sh
# profile.sh: case profiles for joint analysis (issue 14).  The demo world
# (seed 42) is scored, a labour worklist issued and a simulated round of
# inspections recorded from its answer key with victims' aggregates
# (examples/record-outcomes.sh); `inspector profile` then compares the
# confirmed cases with everything inspected.  Checked: no count from 1 to
# 4 is ever printed, no characteristic shows exactly one hidden cell beside
# a published total, a small period hides its totals, and no identifier or
# name of a natural person in the database reaches any output.
. "$top_srcdir/tests/cli/lib.sh"
GEN="${top_builddir:-.}/examples/gen-world"
W="$TMP/world" DB="$TMP/pe.db"
I() { "$INSPECTOR" --db "$DB" "$@"; }

"$GEN" --seed 42 "$W" >/dev/null 2>&1
I init >/dev/null 2>&1
I import "$W/reference" "$W/sunat" "$W/suppliers" "$W/customs" >/dev/null 2>&1
I score --as-of 2026-11-28 >/dev/null 2>&1
I worklist labor --top 80 --control-share 0.25 --seed 3 --format csv >/dev/null 2>&1
INSPECTOR="$INSPECTOR" sh "$top_srcdir/examples/record-outcomes.sh" "$DB" 1 "$W/truth.csv" 2026-12-01 \
    >"$TMP/register.csv"
status_is 0 "the simulated round, with victims' aggregates, enters the register" \
    I inspections import "$TMP/register.csv"
check "aggregates are stored per inspection" \
    test "$(sql "$DB" "SELECT COUNT(DISTINCT inspection_id) FROM inspection_victims")" -gt 50

status_is 0 "profile --help" "$INSPECTOR" profile --help
status_is 2 "a threshold under 5 is refused" I profile --min-cell 4
status_is 0 "the profile as CSV" I profile --from 2026-12-01 --to 2026-12-31 --format csv -o "$TMP/p.csv"
status_is 0 "as HTML" I profile --from 2026-12-01 --to 2026-12-31 --format html -o "$TMP/p.html"
status_is 0 "as a table" I profile --from 2026-12-01 --to 2026-12-31
cp "$TMP/out" "$TMP/p.txt"
check "perpetrators, victims and routes are profiled" sh -c \
    "grep -q '^perpetradores (establecimientos),forma jurídica,' '$TMP/p.csv' &&
     grep -q '^víctimas (personas),nacionalidad,VE,' '$TMP/p.csv' &&
     grep -q '^rutas (establecimientos),' '$TMP/p.csv'"
check "a category with enough cases has a ratio and its interval" \
    grep -qE '^víctimas \(personas\),nacionalidad,VE,18,18,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,' "$TMP/p.csv"
status_is 0 "in English on request" "$INSPECTOR" --db "$DB" --doc-lang en profile --from 2026-12-01 --to 2026-12-31 \
    --format csv
check "with the same numbers" grep -qE '^victims \(persons\),nationality,VE,18,18,' "$TMP/out"

# small cells: no count from 1 to 4 anywhere; in a characteristic whose
# categories add up to a published total, never exactly one hidden cell
small() {
    tr -d '\r' <"$1" | awk -F, 'NR > 1 && NF >= 5 {
        n = split($0, f, ","); cases = f[n-7]; all = f[n-6]
        if (cases ~ /^[1-4]$/ || all ~ /^[1-4]$/) { print "small: " $0; bad = 1 }
        key = f[1] "|" f[2]; hc[key] += (cases == "x"); ha[key] += (all == "x")
        if (f[3] == "total") tot[key] = 1 }
      END { for (k in tot) if (hc[k] == 1 || ha[k] == 1) { print "one hidden: " k; bad = 1 }
            exit bad }'
}
check "no count under 5 is shown, and no lone hidden cell beside a total" small "$TMP/p.csv"
check "something is hidden (the world has small cells)" grep -q ',x,' "$TMP/p.csv"
status_is 0 "one day of inspections" I profile --from 2026-12-02 --to 2026-12-02 --format csv
cp "$TMP/out" "$TMP/day.csv"
check "hides its small totals as well" sh -c \
    "grep -q ',total,x,' '$TMP/day.csv' && ! grep -qE ',total,[1-4],' '$TMP/day.csv'"
check "and no count under 5" small "$TMP/day.csv"
status_is 1 "a period without inspections says so" I profile --from 2020-01-01 --to 2020-12-31

# no natural person's identifier or name in any output: every DNI the
# world's documents carry, every person's RUC 10 and every driver's name
persons_of "$W" "$DB"
for f in p.csv p.html p.txt day.csv; do
    check "no person identifier in $f" sh -c "! grep -qFf '$TMP/ids' '$TMP/$f'"
    check "no person name in $f" sh -c "! grep -qiFf '$TMP/names' '$TMP/$f'"
done
finish
