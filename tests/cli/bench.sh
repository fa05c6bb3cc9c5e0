#!/bin/sh
# bench.sh: the benchmark harness itself, at its smallest scale.
#  - bench/run --scale small generates a world, imports, checks it with
#    xmllint, scores, prints a worklist, an explanation, three risk queries
#    and a screening, and exits 0 only when every step exited as it should
#    and every figure of its table is a number;
#  - nothing here asserts a time: benchmarks measure, tests check.
# Skipped (77) when GNU time or xmllint is missing (README's Quick start
# installs them: packages time and libxml2-utils).
. "$top_srcdir/tests/cli/lib.sh"
if [ ! -x /usr/bin/time ] || ! command -v xmllint >/dev/null 2>&1; then
    echo "# SKIP: bench/run needs /usr/bin/time and xmllint (apt-get install time libxml2-utils)"
    exit 77
fi
TMPDIR=$TMP
export TMPDIR
status_is 0 "bench/run --scale small exits 0" "$top_srcdir/bench/run" --scale small --builddir "${top_builddir:-.}"
sed 's/^/#   /' "$TMP/out"
check "it prints the table's header" grep -q '^inspector benchmark, scale small:' "$TMP/out"
for row in 'import / xmllint' 'score peak RSS' 'worklist labor' 'explain' 'query 3 (declaration)' '^screen '; do
    check "the table has a row '$row'" grep -q "$row" "$TMP/out"
done
check "it left nothing in its work directory's parent" sh -c "[ -z \"\$(ls '$TMP' | grep inspector-bench)\" ]"
status_is 2 "an unknown scale is a usage error" "$top_srcdir/bench/run" --scale nope --builddir "${top_builddir:-.}"
status_is 1 "a step that fails makes it fail" env BENCH_FIRMS=50 "$top_srcdir/bench/run" --scale small --builddir "${top_builddir:-.}"
check "and says which" grep -q 'step gen exited with status 2' "$TMP/err"
finish
