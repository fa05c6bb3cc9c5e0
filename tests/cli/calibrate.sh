#!/bin/sh
# calibrate.sh: rule weights learnt from inspection outcomes (issue 15), end
# to end.  The demo world (seed 42) is scored and a labour worklist of 100
# targeted and 25 control rows issued; a simulated first round of
# inspections is recorded from the world's answer key
# (examples/record-outcomes.sh).  calibrate refuses without control rows
# (unless --no-control, marked biased) and with too few outcomes (nothing
# changes); on the full round it proposes weights as a patch that applies
# cleanly to a copy of rules/, which then passes rules check --strict and
# rules test, and --apply writes the same files; a run scored with the
# revised rules carries their new revisions.
. "$top_srcdir/tests/cli/lib.sh"
GEN="${top_builddir:-.}/examples/gen-world"
W="$TMP/world" DB="$TMP/pe.db"
RULES="$top_srcdir/rules"

"$GEN" --seed 42 "$W" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$W/reference" "$W/sunat" "$W/suppliers" "$W/customs" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" score --as-of 2026-11-28 >/dev/null 2>&1
"$INSPECTOR" --db "$DB" worklist labor --top 125 --control-share 0.2 --seed 3 --format csv >/dev/null 2>&1
check "the list stores each row's inclusion probability: 1 targeted, the sampling fraction for control rows" \
    test "$(sql "$DB" "SELECT SUM(control = 0 AND inclusion_prob = 1) || '/' || SUM(control = 1 AND inclusion_prob > 0
        AND inclusion_prob < 1) AS n FROM worklist_rows")" = 100/25
outcomes() { # DB TARGETED CONTROL
    INSPECTOR="$INSPECTOR" sh "$top_srcdir/examples/record-outcomes.sh" "$1" 1 "$W/truth.csv" 2026-12-01 "$2" "$3" \
        >"$TMP/register.csv"
    "$INSPECTOR" --db "$1" inspections import "$TMP/register.csv" >/dev/null 2>&1
}

status_is 0 "calibrate --help" "$INSPECTOR" calibrate --help

cp "$DB" "$TMP/few.db"
outcomes "$TMP/few.db" 12 3
status_is 1 "with too few outcomes it says so" "$INSPECTOR" --db "$TMP/few.db" calibrate --rules "$RULES"
check "naming the minimum" grep -q 'needs at least 30 and 5; nothing was fitted or changed' "$TMP/err"
check "and records nothing" test "$(sql "$TMP/few.db" "SELECT COUNT(*) FROM calibrations")" -eq 0

cp "$DB" "$TMP/targeted.db"
outcomes "$TMP/targeted.db" 100 0
status_is 2 "without control rows it refuses to fit" "$INSPECTOR" --db "$TMP/targeted.db" calibrate --rules "$RULES"
check "saying why" grep -q 'none of the [0-9]* inspected rows is a control row' "$TMP/err"
status_is 0 "--no-control fits anyway" "$INSPECTOR" --db "$TMP/targeted.db" calibrate --rules "$RULES" --no-control \
    --format csv
check "and marks the result biased" grep -q '^SESGADO,' "$TMP/out"
check "in the record too" test "$(sql "$TMP/targeted.db" "SELECT biased FROM calibrations")" = 1

outcomes "$DB" 100 25
status_is 0 "calibrate the first round" "$INSPECTOR" --db "$DB" calibrate --rules "$RULES" -o "$TMP/proposal.patch" \
    --apply "$TMP/revised" --format csv
cp "$TMP/out" "$TMP/calibration.csv"
check "it proposes weights" sh -c "grep -q ',proposed,' '$TMP/calibration.csv' && test -s '$TMP/proposal.patch'"
check "each fitted weight has its interval" \
    grep -qE '^INS-[A-Z]+-[0-9]+,[0-9]+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9]+,[0-9]+,proposed,' "$TMP/calibration.csv"
check "rules too thin are held as written, rules never inspected listed as such" sh -c \
    "grep -q ',thin,' '$TMP/calibration.csv' && grep -q ',unmeasured,' '$TMP/calibration.csv'"
check "held-out log-likelihood, AUC and lift for both weight sets" sh -c \
    "grep -qE '^log-verosimilitud por fila,-[0-9.]+,\"\\[' '$TMP/calibration.csv' &&
     grep -qE '^AUC,[0-9.]+,' '$TMP/calibration.csv' && grep -qE '^lift en k \\(k = [0-9]+\\),' '$TMP/calibration.csv'"
check "a reliability table by decile" grep -qE '^10,[0-9]+,[0-9.]+,[0-9.]+,[0-9.]+' "$TMP/calibration.csv"
check "the calibration is recorded" test "$(sql "$DB" "SELECT COUNT(*) FROM calibrations WHERE biased = 0")" -eq 1
cp -r "$RULES" "$TMP/copy"
check "the proposal applies cleanly to a copy of rules/" sh -c "cd '$TMP/copy' && patch -p1 -s <'$TMP/proposal.patch'"
check "its weight lines and rev lines change, nothing else" sh -c \
    "grep '^[-+] ' '$TMP/proposal.patch' | grep -vqE '^[-+] +(weight|rev) = ' && exit 1 || exit 0"
status_is 0 "the revised rules pass rules check --strict" "$INSPECTOR" rules check --strict "$TMP/copy"
status_is 0 "and rules test" "$INSPECTOR" rules test "$TMP/copy"
check "--apply wrote the same files" diff -r "$TMP/copy" "$TMP/revised"
status_is 3 "--apply never writes into an existing directory" "$INSPECTOR" --db "$DB" calibrate --rules "$RULES" \
    --apply "$TMP/revised"
status_is 0 "a run scored with the revised rules" "$INSPECTOR" --db "$DB" score --rules "$TMP/revised" --as-of 2026-12-15
check "carries their new revisions" test "$(sql "$DB" "SELECT COUNT(*) FROM run_rules WHERE run_id = (SELECT MAX(id)
    FROM runs) AND rev > (SELECT r.rev FROM run_rules r WHERE r.run_id = 1 AND r.rule_id = run_rules.rule_id)")" -gt 0
finish
