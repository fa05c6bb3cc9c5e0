#!/bin/sh
# record-outcomes.sh: a simulated round of inspections of one worklist,
# written as a case register CSV (docs/CASE-REGISTER.md) from a demo
# world's answer key (gen-world's truth.csv).  For tests, demos and
# calibration experiments only: real outcomes come from inspectors.
#
#   sh examples/record-outcomes.sh DB WORKLIST TRUTH.csv DATE [TARGETED [CONTROL]] >register.csv
#
# DB        the database the worklist was issued from (read through
#           `inspector query`; $INSPECTOR names the binary, default
#           `inspector`)
# WORKLIST  the worklist id
# TRUTH     the answer key: forced labour is found where it names the
#           inspected firm a "source" or "recruiter" of a planted case
# DATE      the first inspection date (YYYY-MM-DD); visits are spread over
#           the nine days from it
# TARGETED  how many targeted rows are inspected, best first (default: all)
# CONTROL   how many control rows (default: all)
#
# Rows that are not forced labour get, by their rank, another violation
# (one in three), not found (one in seven of the rest) or no violation.
# Every inspection with a finding records simulated aggregates of the
# workers found (sex, age band, nationality; an interpreter of Quechua for
# some forced-labour cases), never an identity.
set -eu
[ $# -ge 4 ] || { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
DB=$1 WL=$2 TRUTH=$3 DAY=$4 NT=${5:-1000000} NC=${6:-1000000}
INSPECTOR=${INSPECTOR:-inspector}
"$INSPECTOR" --db "$DB" query --format csv --limit 0 --sql \
    "SELECT w.rank, w.control, COALESCE(f.tax_id, '') FROM worklist_rows w LEFT JOIN firms f ON f.id = w.firm_id
     WHERE w.worklist_id = $WL ORDER BY w.rank" |
    tr -d '\r' | awk -F, -v truth="$TRUTH" -v day="$DAY" -v wl="$WL" -v nt="$NT" -v nc="$NC" '
BEGIN {
    while ((getline line < truth) > 0) {
        n = split(line, t, ",")
        if (n >= 4 && (t[4] == "source" || t[4] == "recruiter")) bad[t[1]] = 1
    }
    split(day, d, "-")
    print "inspection_id,date,worklist_id,worklist_rank,outcome,workers_affected,minors," \
          "victims_female,victims_male,victims_14_17,victims_18_29,victims_30_49,victims_nationality,victims_interpreter"
}
NR == 1 { next }
{
    r = $1
    if ($2 == 1) { if (++c > nc) next } else { if (++k > nt) next }
    o = ($3 in bad) ? "forced_labour" : (r % 3 == 0 ? "other_violation" : (r % 7 == 0 ? "not_found" : "no_violation"))
    date = sprintf("%s-%s-%02d", d[1], d[2], d[3] + r % 9)
    id = sprintf("SIM-%d-%04d", wl, r)
    if (o == "not_found") { printf "%s,%s,%d,%d,%s,,,,,,,,,\n", id, date, wl, r, o; next }
    f = 1 + r % 4; m = 3 + r % 5; w = f + m
    mi = (o == "forced_labour") ? r % 2 : 0
    nat = (o == "forced_labour") ? "PE=" (w - 2) ";VE=2" : "PE=" w
    it = (o == "forced_labour" && r % 3 != 1) ? "quechua=" (1 + r % 3) : ""
    printf "%s,%s,%d,%d,%s,%d,%d,%d,%d,%d,%d,1,%s,%s\n", id, date, wl, r, o, w, mi, f, m, mi, w - mi - 1, nat, it
}'
