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

# persons_of WORLD DB: every natural person the demo world WORLD and the
# database DB hold, for the privacy searches of outputs: identifiers into
# $TMP/ids (every DNI the world's documents carry, persons' RUC 10, and
# the numbers of persons and listed persons in DB), names into $TMP/names
# (every driver's full name, persons' firms by name, and the full names of
# persons and listed persons in DB, read with the sqlite3 shell because the
# SQL hatch would blank them)
persons_of() {
    grep -rhoE 'schemeID="1"[^>]*>[0-9]{8}<|>10[0-9]{9}<' "$1/sunat" | grep -oE '[0-9]{8,11}' | sort -u >"$TMP/ids"
    grep -rh -A2 '<cbc:ID schemeID="1"' "$1/sunat/guias" |
        awk -F'[<>]' '/FirstName/ {f = $3} /FamilyName/ && f {print f " " $3; f = ""}' | sort -u >"$TMP/names"
    sql "$2" "SELECT name FROM firms WHERE scheme = 'PE-RUC' AND tax_id LIKE '10%' AND name <> ''" |
        tr -d '"' | grep -v '^$' >>"$TMP/names"
    if command -v sqlite3 >/dev/null 2>&1; then
        sqlite3 -batch "$2" "SELECT number FROM persons WHERE number <> '' UNION SELECT i.value FROM listing_ids i
            JOIN listings l ON l.id = i.listing_id WHERE l.entity_kind = 'person'" >>"$TMP/ids"
        sqlite3 -batch "$2" "SELECT trim(COALESCE(given_names, '') || ' ' || family_names) FROM persons
            WHERE family_names <> '' UNION SELECT name FROM listings WHERE entity_kind = 'person'" >>"$TMP/names"
    else
        not_ok "the sqlite3 shell reads the persons of the database (apt-get install sqlite3)"
    fi
    echo "# $(grep -c . "$TMP/ids") person identifiers and $(grep -c . "$TMP/names") person names searched for"
}

finish() {
    echo "1..$T_N"
    exit "$T_FAILED"
}
