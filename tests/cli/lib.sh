# lib.sh: tiny helpers for the command-line tests (sourced).
# Each check prints "ok N - what" or "not ok N - what"; the script exits 1
# when any check failed.
: "${INSPECTOR:?INSPECTOR must name the built inspector binary}"
: "${top_srcdir:?top_srcdir must be set}"
FIX="$top_srcdir/tests/fixtures"
T_N=0
T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/inspector-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=1; echo "not ok $T_N - $1"; }

# check DESCRIPTION COMMAND...: passes when COMMAND exits 0
check() {
    local what=$1; shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# status_is EXPECTED DESCRIPTION COMMAND...: runs COMMAND, keeps its output
# in $TMP/out and $TMP/err, and checks its exit status
status_is() {
    local want=$1 what=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok "$what"; else
        not_ok "$what (exit $got, wanted $want)"; sed 's/^/#   /' "$TMP/err" | head -20
    fi
}

# sql DB QUERY: the rows of QUERY as CSV, without the header (through the
# SQL hatch, so no sqlite3 shell is needed)
sql() { "$INSPECTOR" --db "$1" query --format csv --sql "$2" 2>/dev/null | tr -d '\r' | tail -n +2; }

finish() {
    echo "1..$T_N"
    exit "$T_FAILED"
}
