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
fuzz_repsal) copy "$F"/synthetic/listings/ar-repsal-*.csv ;;
fuzz_inspections) copy "$F"/synthetic/cases/*.csv ;;
fuzz_exchange)
    # an exchange file's shape: the schema's elements, with and without a signature
    cat >"$O/empty.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Exchange xmlns="urn:inspector:exchange:1" version="1" issuer="PE" partner="AR" from="2026-01-01" to="2026-06-30" tool="0.1.0" rules="x" created="2026-07-01T00:00:00Z">
  <Pseudonyms alg="argon2id13" opslimit="3" memlimit="16777216" key="0123456789abcdef"/>
  <FirmAlerts><Firm taxId="20140569306" scheme="PE-RUC" name="X S.A." own="0.1" chain="0.2" total="0.3"><Good hs6="080122"/><Rule id="INS-TRD-004" rev="1" title="t" hits="2"/><Evidence type="01" documents="3"/></Firm></FirmAlerts>
  <Listed><Person list="l"><Pseudonym value="0000000000000000000000000000000000000000000000000000000000000000"/></Person><Firm list="l" name="Y"><Id scheme="PE-RUC" value="20100394279"/></Firm></Listed>
  <Routes><Route source="legs" origin="210100" originName="PUNO" post="Desaguadero" neighbour="BO" legs="3" peopleLegs="1" from="2026-01-02" to="2026-03-04"><Carrier taxId="20183267231" scheme="PE-RUC" name="Z S.A.C." legs="2"/><Carrier pseudonym="1111111111111111111111111111111111111111111111111111111111111111" legs="1"/><Vehicle plate="A2P-323" legs="3"/></Route><Route source="declarations" origin="PE" post="LA QUIACA" legs="1" peopleLegs="0"><Vehicle plate="F5J599" legs="1"/></Route></Routes>
  <Profiles><Cell section="perpetrators (establishments)" characteristic="legal form" category="S.A.C." cases="6" inspected="38" caseShare="0.667" inspectedShare="0.528" ratio="1.26" low="0.76" high="2.11"/><Cell section="victims (persons)" characteristic="sex" category="female" cases="x" inspected="x"/></Profiles>
<Signature alg="ed25519">AAAA</Signature></Exchange>
X
    ;;
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
