#!/bin/sh
# calibration-experiment.sh: does learning from a first round of inspections
# help the next one?  For each seed: a demo world of FIRMS firms is scored
# with the shipped rules, a labour worklist of 100 targeted and 25 control
# rows is issued, the first round is simulated from the world's answer key
# (examples/record-outcomes.sh), `inspector calibrate` fits and applies the
# proposal, the revised rules are checked and tested, and both rule sets
# score the world again.  The next list (the top 50 sites, excluding the
# firms already inspected) is judged against the answer key: lift at 50 is
# the rate of planted sources and recruiters among its firms over their
# rate among the firms not yet inspected.  Prints one line per seed and the
# means; the held-out log-likelihood gain is calibrate's own.
#
#   sh examples/calibration-experiment.sh [FIRMS [SEED...]]   (default 2000, seeds 1 2 3)
#
# INSPECTOR and GEN name the binaries (default: ./inspector and
# ./examples/gen-world); RULES the rules directory (default: rules).
set -eu
FIRMS=${1:-2000}
[ $# -gt 0 ] && shift
SEEDS=${*:-1 2 3}
INSPECTOR=${INSPECTOR:-./inspector}
GEN=${GEN:-./examples/gen-world}
RULES=${RULES:-rules}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/calexp.XXXXXX")
trap 'rm -rf "$T"' EXIT
q() { "$INSPECTOR" --db "$1" query --format csv --limit 0 --sql "$2" | tr -d '\r' | tail -n +2; }

# lift at 50 of worklist WL of DB (the firms of its top 50 rows) against the
# answer key, among the firms not inspected
lift50() {
    q "$1" "SELECT DISTINCT f.tax_id FROM worklist_rows w JOIN firms f ON f.id = w.firm_id
        WHERE w.worklist_id = $2 AND w.rank <= 50" >"$T/top"
    q "$1" "SELECT DISTINCT f.tax_id FROM firms f WHERE f.id IN (SELECT firm_id FROM establishments)
        AND f.id NOT IN (SELECT firm_id FROM inspections WHERE firm_id IS NOT NULL)" >"$T/pop"
    awk -F, 'FNR == NR { if ($4 == "source" || $4 == "recruiter") bad[$1] = 1; next }
        FILENAME ~ /pop$/ { n++; if ($1 in bad) p++; next }
        { k++; if ($1 in bad) h++ }
        END { if (!k || !p) { print "0"; exit } printf "%.2f\n", (h / k) / (p / n) }' \
        "$T/w/truth.csv" "$T/pop" "$T/top"
}

printf 'seed  rows  confirmed  proposed  loglik_gain  lift50_current  lift50_revised\n'
sum_c=0 sum_r=0 sum_g=0 n=0
for seed in $SEEDS; do
    rm -rf "$T/w" "$T/db" "$T/revised" "$T/db.db"
    "$GEN" --seed "$seed" --firms "$FIRMS" "$T/w" >/dev/null 2>&1
    DB="$T/db.db"
    "$INSPECTOR" --db "$DB" init >/dev/null
    "$INSPECTOR" --db "$DB" import "$T/w/reference" "$T/w/sunat" "$T/w/suppliers" "$T/w/customs" >/dev/null 2>&1 || true
    "$INSPECTOR" --db "$DB" score --rules "$RULES" --as-of 2026-11-28 >/dev/null
    "$INSPECTOR" --db "$DB" worklist labor --top 125 --control-share 0.2 --seed "$seed" --format csv >/dev/null 2>&1
    INSPECTOR="$INSPECTOR" sh "$HERE/record-outcomes.sh" "$DB" 1 "$T/w/truth.csv" 2026-12-01 100 25 >"$T/reg.csv"
    "$INSPECTOR" --db "$DB" inspections import "$T/reg.csv" >/dev/null
    "$INSPECTOR" --db "$DB" calibrate --rules "$RULES" --apply "$T/revised" --format csv >"$T/cal.csv" 2>/dev/null
    "$INSPECTOR" rules check --strict "$T/revised" >/dev/null 2>&1
    "$INSPECTOR" rules test "$T/revised" >/dev/null 2>&1
    rows=$(q "$DB" "SELECT outcomes FROM calibrations ORDER BY id DESC LIMIT 1")
    conf=$(q "$DB" "SELECT confirmed FROM calibrations ORDER BY id DESC LIMIT 1")
    prop=$(q "$DB" "SELECT proposed FROM calibrations ORDER BY id DESC LIMIT 1")
    gain=$(q "$DB" "SELECT printf('%.4f', loglik_fitted - loglik_current) FROM calibrations ORDER BY id DESC LIMIT 1")
    # the next round: current rules and revised rules, the inspected firms left out
    "$INSPECTOR" --db "$DB" score --rules "$RULES" --as-of 2026-12-20 >/dev/null
    "$INSPECTOR" --db "$DB" worklist labor --top 50 --exclude-inspected-within 365 --format csv >/dev/null 2>&1
    wc=$(q "$DB" "SELECT MAX(id) FROM worklists")
    lc=$(lift50 "$DB" "$wc")
    "$INSPECTOR" --db "$DB" score --rules "$T/revised" --as-of 2026-12-20 >/dev/null
    "$INSPECTOR" --db "$DB" worklist labor --top 50 --exclude-inspected-within 365 --format csv >/dev/null 2>&1
    wr=$(q "$DB" "SELECT MAX(id) FROM worklists")
    lr=$(lift50 "$DB" "$wr")
    printf '%-5s %-5s %-10s %-9s %-12s %-15s %s\n' "$seed" "$rows" "$conf" "$prop" "$gain" "$lc" "$lr"
    sum_c=$(awk -v a="$sum_c" -v b="$lc" 'BEGIN { print a + b }')
    sum_r=$(awk -v a="$sum_r" -v b="$lr" 'BEGIN { print a + b }')
    sum_g=$(awk -v a="$sum_g" -v b="$gain" 'BEGIN { print a + b }')
    n=$((n + 1))
done
awk -v c="$sum_c" -v r="$sum_r" -v g="$sum_g" -v n="$n" 'BEGIN {
    printf "mean: loglik_gain %.4f, lift50 current %.2f, revised %.2f\n", g / n, c / n, r / n }'
