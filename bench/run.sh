#!/bin/sh
# bench/run.sh: times the main job on generated worlds of two sizes with
# /usr/bin/time (whole processes).  Usage: bench/run.sh [BUILDDIR]
# Writes nothing into the repository; results go to standard output.
# See docs/PERFORMANCE.md for the figures measured on the project machine.
set -e
B=${1:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/inspector-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
for firms in 400 2000; do
    "$B/examples/gen-world" --seed 7 --firms $firms "$T/w$firms" >/dev/null
    n=$(find "$T/w$firms/sunat" -type f | wc -l)
    echo "== world of $firms firms: $n SUNAT documents"
    "$B/inspector" --db "$T/$firms.db" init >/dev/null
    /usr/bin/time -f "import   wall %e s  user %U s  sys %S s  peak %M KB" \
        "$B/inspector" --db "$T/$firms.db" import "$T/w$firms/sunat" "$T/w$firms/suppliers" >/dev/null
    /usr/bin/time -f "score    wall %e s  user %U s  sys %S s  peak %M KB" \
        "$B/inspector" --db "$T/$firms.db" score --as-of 2026-11-28 >/dev/null
    /usr/bin/time -f "worklist wall %e s  user %U s  sys %S s  peak %M KB" \
        "$B/inspector" --db "$T/$firms.db" worklist labor --top 50 --format csv --no-record >/dev/null
done
