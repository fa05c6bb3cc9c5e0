#!/bin/sh
# fuzz/seeds.sh TARGET SRCDIR OUT: fills directory OUT with the seed inputs
# of fuzz target TARGET, taken from the test fixtures (nothing is kept twice
# in the repository).  OUT is created.
set -eu
T=$1 S=$2 O=$3
F=$S/tests/fixtures
mkdir -p "$O"
copy() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$O/" || true; done; }
case $T in
fuzz_rules) copy "$S"/tests/rules/cases/*.rules "$S"/tests/rules/errors/*.rules "$S"/rules/*.rules ;;
fuzz_query)
    printf 'exporter and chain_risk > 0.3' >"$O/q1"
    printf 'any sales where hs6 startswith "7108" and date within 365 days' >"$O/q2"
    printf 'count(purchases where amount > 1000) >= 3 or not listed' >"$O/q3"
    printf 'name matches /pesquera|minera/i and (own_risk + 0.1) * 2 > 1' >"$O/q4"
    ;;
fuzz_sunat_invoice) copy "$F"/pe-invoice/*.xml "$F"/synthetic/invoice/*.xml "$F"/synthetic/anonymous-buyers/*.xml ;;
fuzz_sunat_despatch) copy "$F"/pe-despatch/*.xml "$F"/synthetic/despatch/*.xml ;;
fuzz_wco_declaration) for f in $(ls "$F"/wco-declaration/* | head -40); do copy "$f"; done ;;
fuzz_asycuda) copy "$F"/synthetic/asycuda/*.xml ;;
fuzz_facility_list) copy "$F"/facility-list/*.csv "$F"/synthetic/facility/*.csv ;;
fuzz_plame) copy "$F"/synthetic/plame/* ;;
fuzz_opensanctions) copy "$F"/synthetic/listings/os-*.csv ;;
fuzz_br_cadastro) copy "$F"/synthetic/listings/br-*.csv ;;
fuzz_inspections) copy "$F"/synthetic/cases/*.csv ;;
fuzz_dam)
    # each fixture transmission as one input: its files behind "@@NAME" lines
    for d in "$F"/synthetic/dam/*/; do
        [ -d "$d" ] || continue
        out="$O/$(basename "$d")"
        : >"$out"
        for f in "$d"*; do
            [ -f "$f" ] || continue
            printf '@@%s\n' "$(basename "$f")" >>"$out"
            cat "$f" >>"$out"
        done
    done
    ;;
*) echo "fuzz/seeds.sh: unknown target $T" >&2; exit 2 ;;
esac
