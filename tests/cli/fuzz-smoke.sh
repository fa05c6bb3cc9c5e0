#!/bin/sh
# fuzz-smoke.sh: builds the libFuzzer targets (make fuzz) and runs each for a
# few seconds (FUZZ_SMOKE_SECONDS, default 4) after replaying its
# regressions: CI's proof that every target builds, starts and finds nothing
# quickly.  The long runs are recorded in docs/SECURITY.md.  Skips (77) when
# clang or libFuzzer is missing, and under make distcheck, whose read-only
# source tree the fuzz build cannot copy from (make check ran it already).
. "$top_srcdir/tests/cli/lib.sh"
: "${top_builddir:?top_builddir must be set}"
if [ ! -w "$top_srcdir" ]; then
    echo "# skipped: read-only source tree (make distcheck); make check runs the smoke"
    exit 77
fi
sh "$top_srcdir/fuzz/build.sh" "$top_builddir" >"$TMP/build.log" 2>&1
rc=$?
if [ "$rc" -eq 77 ]; then
    sed 's/^/# /' "$TMP/build.log"
    exit 77
fi
check "make fuzz builds every target" test "$rc" -eq 0
[ "$rc" -eq 0 ] || { sed 's/^/#   /' "$TMP/build.log" | tail -30; finish; }
status_is 0 "every target runs without a finding" \
    sh "$top_srcdir/fuzz/run.sh" "${FUZZ_SMOKE_SECONDS:-4}" "$top_builddir/fuzz/build" "$top_srcdir"
sed 's/^/# /' "$TMP/out"
sed 's/^/#   /' "$TMP/err" | head -20
finish
