#!/bin/sh
# bench.sh: the benchmark harness itself works (bench/run --scale small):
# every step exits 0 and every figure it prints is a number.  Its figures
# are not checked: benchmarks measure, tests assert.
. "$top_srcdir/tests/cli/lib.sh"
status_is 0 "bench/run --scale small runs the main job" \
    sh "$top_srcdir/bench/run" --scale small --builddir "$top_builddir"
sed 's/^/# /' "$TMP/out"
check "it prints the table" grep -q '^| import | [0-9.]* s | [0-9]* MB |' "$TMP/out"
check "with the ratio to xmllint" grep -q 'import / xmllint = [0-9.]*x' "$TMP/out"
finish
