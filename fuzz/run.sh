#!/bin/sh
# fuzz/run.sh SECONDS BUILD SRCDIR [TARGET...]: runs each fuzz target built
# by fuzz/build.sh (in BUILD/src/fuzz) for SECONDS over its corpus (kept in
# BUILD/corpus/TARGET, grown run after run, seeded by fuzz/seeds.sh), after
# replaying every input of SRCDIR/fuzz/regressions/TARGET, and prints one
# row per target: executions, executions per second, corpus size, seconds
# and findings.  A finding (crash, leak, timeout, out-of-memory) is kept in
# BUILD/findings/TARGET and makes the exit status 1.
set -u
SECS=$1 B=$2 S=$3
shift 3
TARGETS=${*:-fuzz_rules fuzz_query fuzz_sunat_invoice fuzz_sunat_despatch fuzz_wco_declaration fuzz_asycuda fuzz_facility_list fuzz_plame fuzz_opensanctions fuzz_br_cadastro fuzz_repsal fuzz_inspections fuzz_dam fuzz_exchange}
status=0
printf '%-22s %12s %10s %8s %8s %9s\n' target executions exec/s corpus seconds findings
for t in $TARGETS; do
    bin=$B/src/fuzz/$t
    if [ ! -x "$bin" ]; then echo "fuzz/run.sh: $bin is not built (make fuzz)" >&2; exit 1; fi
    corpus=$B/corpus/$t seeds=$B/seeds/$t found=$B/findings/$t
    rm -rf "$seeds"
    sh "$S/fuzz/seeds.sh" "$t" "$S" "$seeds"
    mkdir -p "$corpus" "$found"
    log=$B/$t.log
    reg=$S/fuzz/regressions/$t
    if [ -d "$reg" ] && [ -n "$(ls "$reg" 2>/dev/null)" ]; then
        if ! "$bin" -rss_limit_mb=2048 -timeout=25 "$reg"/* >"$log" 2>&1; then
            echo "fuzz/run.sh: $t: a regression input fails again (see $log)" >&2
            status=1
        fi
    fi
    dict=
    case $t in fuzz_sunat_*|fuzz_wco_*|fuzz_asycuda) [ -f "$S/fuzz/xml.dict" ] && dict=-dict=$S/fuzz/xml.dict ;; esac
    before=$(ls "$found" | wc -l)
    "$bin" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=25 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$found/" $dict "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    after=$(ls "$found" | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    size=$(ls "$corpus" | wc -l)
    new=$((after - before))
    printf '%-22s %12s %10s %8s %8s %9s\n' "$t" "${execs:-?}" "${rate:-?}" "$size" "$SECS" "$new"
    if [ "$rc" -ne 0 ] || [ "$new" -ne 0 ]; then
        echo "fuzz/run.sh: $t: finding (exit $rc), see $log and $found" >&2
        status=1
    fi
done
exit $status
