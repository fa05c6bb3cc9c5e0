#!/bin/sh
# exchange.sh: the binational exchange between two databases (issue 14):
# Peru's (the demo world, scored, with a simulated round of inspections)
# writes a signed file for Argentina, whose database (REPSAL and WCO import
# declarations naming Peruvian exporters) imports it after checking schema,
# addressee and signature; the partner-alert rule then fires on the
# Peruvian exporter Argentina's own data names.  Argentina's file goes back:
# its routes (declarations crossing at La Quiaca) name Peruvian trucks, and
# its listed persons (REPSAL, by pseudonym) reach Peru's entry filter by DNI
# or CUIT.  Refused files (altered, another key, another addressee, not the
# schema) change nothing; the same file twice changes nothing; no person's
# identifier or name leaves either state in clear.
. "$top_srcdir/tests/cli/lib.sh"
GEN="${top_builddir:-.}/examples/gen-world"
W="$TMP/world" PE="$TMP/pe.db" AR="$TMP/ar.db" X="$TMP/pe-ar.xml"

"$GEN" --seed 42 "$W" >/dev/null 2>&1
"$INSPECTOR" --db "$PE" init >/dev/null 2>&1
"$INSPECTOR" --db "$PE" import "$W/reference" "$W/sunat" "$W/suppliers" "$W/customs" >/dev/null 2>&1
"$INSPECTOR" --db "$PE" import "$FIX/synthetic/exchange/pe-trafficking-list.csv" >/dev/null 2>&1
"$INSPECTOR" --db "$PE" score --as-of 2026-11-28 >/dev/null 2>&1
# a round of inspections, so that the file carries case profiles
"$INSPECTOR" --db "$PE" worklist labor --top 80 --control-share 0.25 --seed 3 --format csv >/dev/null 2>&1
INSPECTOR="$INSPECTOR" sh "$top_srcdir/examples/record-outcomes.sh" "$PE" 1 "$W/truth.csv" 2026-10-01 \
    >"$TMP/register.csv"
"$INSPECTOR" --db "$PE" inspections import "$TMP/register.csv" >/dev/null 2>&1
printf 'the key the two national contact points agreed on, for tests only\n' >"$TMP/shared.key"

status_is 0 "a signing key pair" "$INSPECTOR" exchange keygen --out "$TMP/pe"
check "the secret key is 0600" sh -c "[ \$(stat -c %a '$TMP/pe.sign') = 600 ]"
status_is 3 "never overwritten" "$INSPECTOR" exchange keygen --out "$TMP/pe"
"$INSPECTOR" exchange keygen --out "$TMP/other" >/dev/null 2>&1
status_is 0 "export for Argentina" "$INSPECTOR" --db "$PE" exchange export --partner AR \
    --from 2025-11-01 --to 2026-10-31 --key-file "$TMP/shared.key" --sign-key "$TMP/pe.sign" -o "$X"
check "with firm alerts" grep -q '<Firm taxId="20140569306"' "$X"
check "and the suppliers up the supply paths ending in them" grep -q '<Firm [^>]*tier="2"' "$X"
check "their rules and evidence counts, not documents" sh -c "grep -q '<Rule id=\"INS-TRD-004\"' '$X' &&
    grep -q '<Evidence type=\"01\" documents=\"[0-9]*\"' '$X' && ! grep -q 'F001-' '$X'"
check "the listed person by pseudonym only, the one without an identifier not at all" sh -c \
    "grep -c '<Person ' '$X' | grep -qx 1 && grep -q '<Pseudonym value=\"[0-9a-f]\{64\}\"' '$X' &&
     ! grep -qi 'quispe\|persona sin documento\|07976340\|1979-02-11' '$X'"
check "the listed company by its RUC and name" grep -q '<Firm list="[^"]*" name="Agencia de Empleos Selva Dorada' "$X"
check "valid against the shipped schema" xmllint --noout --schema "$top_srcdir/data/exchange-1.xsd" "$X"
check "with routes toward the border posts that reach Argentina" \
    grep -q '<Route source="legs" origin="[0-9]*" originName="[^"]*" post="Desaguadero" neighbour="BO"' "$X"
check "and case profiles, small cells hidden" sh -c "grep -q '<Cell section=\"perpetradores' '$X' &&
    grep -q 'cases=\"x\"' '$X' && ! grep -qE '(cases|inspected)=\"[1-4]\"' '$X'"

# no natural person's identifier or name is in the file: every DNI the
# world's documents carry (drivers, customers, persons' RUC 10), and every
# driver's full name
persons_of "$W" "$PE"
check "the world has persons to look for" test -s "$TMP/ids" -a -s "$TMP/names"
check "no person identifier in the file" sh -c "! grep -qFf '$TMP/ids' '$X'"
check "no person name in the file" sh -c "! grep -qFf '$TMP/names' '$X'"

# Argentina: its own data names the Peruvian exporter (a declaration of the
# gold it receives); the partner's alert becomes a lead there
"$INSPECTOR" --db "$AR" init >/dev/null 2>&1
status_is 0 "Argentina imports REPSAL and its import declarations" "$INSPECTOR" --db "$AR" import \
    "$FIX/synthetic/listings/ar-repsal-2026-11.csv" "$FIX/synthetic/exchange/ar-imports"
status_is 0 "Argentina imports the file" "$INSPECTOR" --db "$AR" exchange import "$X" \
    --verify-key "$TMP/pe.pub" --state AR
count() { "$INSPECTOR" --db "$AR" query --format csv --sql "SELECT COUNT(*) FROM partner_alerts" 2>/dev/null |
    tr -d '\r' | tail -1; }
n=$(count)
check "its alerts are stored ($n)" test "$n" -gt 0
status_is 0 "the same file again" "$INSPECTOR" --db "$AR" exchange import "$X" --verify-key "$TMP/pe.pub" --state AR
check "changes nothing" sh -c "grep -q 'imported before' '$TMP/out' && [ $(count) -eq $n ]"
sed 's/20140569306/20140569307/' "$X" >"$TMP/altered.xml"
status_is 1 "an altered file is refused" "$INSPECTOR" --db "$AR" exchange import "$TMP/altered.xml" \
    --verify-key "$TMP/pe.pub" --state AR
check "because its signature does not verify" grep -q 'signature does not verify' "$TMP/err"
status_is 1 "a file checked against another state's key is refused" "$INSPECTOR" --db "$AR" exchange import \
    "$X" --verify-key "$TMP/other.pub" --state AR
status_is 1 "a file for another partner is refused" "$INSPECTOR" --db "$AR" exchange import "$X" \
    --verify-key "$TMP/pe.pub" --state BO
check "saying so" grep -q 'a file for AR; this state is BO' "$TMP/err"
sed 's/version="1"/version="9"/' "$X" >"$TMP/schema.xml"
status_is 1 "a file that fails the schema is refused" "$INSPECTOR" --db "$AR" exchange import "$TMP/schema.xml" \
    --verify-key "$TMP/pe.pub" --state AR
check "naming the schema" grep -q 'exchange schema' "$TMP/err"
check "and nothing changed" test "$(count)" -eq "$n"

# entry filters: a traveller's document number against Peru's list, by
# pseudonym; with another key nobody matches and nothing fails
status_is 1 "Argentina screens travellers with the shared key" "$INSPECTOR" --db "$AR" screen \
    "$FIX/synthetic/exchange/ar-travellers.csv" --partner-key "$TMP/shared.key" --format csv
check "the listed person is flagged by her document number" \
    sh -c "tr -d '\r' <'$TMP/out' | grep -q '^2,R. E. Quispe,,partner:PE:.*,match,partner,'"
check "and nobody else" sh -c "[ \$(tr -d '\r' <'$TMP/out' | grep -c ',partner,') -eq 1 ]"
printf 'another key, which the partner state never agreed on, for tests only\n' >"$TMP/other.key"
status_is 0 "with another key" "$INSPECTOR" --db "$AR" screen "$FIX/synthetic/exchange/ar-travellers.csv" \
    --partner-key "$TMP/other.key" --format csv
check "no person matches" sh -c "! grep -q ',partner,' '$TMP/out'"

status_is 0 "Argentina scores" "$INSPECTOR" --db "$AR" score --as-of 2026-11-28
status_is 0 "firms the partner flagged" "$INSPECTOR" --db "$AR" query --format csv --sql \
    "SELECT subject_key, evidence FROM hits WHERE rule_id = 'INS-BIN-001'"
check "the partner-alert rule fires on the Peruvian exporter" grep -q '^20140569306,' "$TMP/out"
check "with the partner's rule ids in its evidence" grep -q 'INS-TRD-004' "$TMP/out"
status_is 0 "Argentina's forced-labour list hits" "$INSPECTOR" --db "$AR" query --format csv --sql \
    "SELECT subject_key FROM hits WHERE rule_id = 'INS-LST-001'"
check "the importer REPSAL lists for trafficking, by its CUIT" grep -q '^30712345671' "$TMP/out"

# Argentina's file for Peru: its routes (declarations crossing at La Quiaca)
# name Peruvian trucks; its listed persons travel as pseudonyms
XA="$TMP/ar-pe.xml"
"$INSPECTOR" exchange keygen --out "$TMP/ar" >/dev/null 2>&1
status_is 0 "export for Peru" "$INSPECTOR" --db "$AR" exchange export --partner PE --state AR \
    --from 2026-01-01 --to 2026-12-31 --key-file "$TMP/shared.key" --sign-key "$TMP/ar.sign" -o "$XA"
check "routes from Argentina's declarations, with the trucks' plates" sh -c \
    "grep -q '<Route source=\"declarations\" origin=\"PE\"[^>]*post=\"LA QUIACA\"' '$XA' &&
     grep -q '<Vehicle plate=\"A2P-323\" legs=\"1\"' '$XA'"
check "REPSAL's person by pseudonym only, its firms by CUIT" sh -c \
    "grep -c '<Person ' '$XA' | grep -qx 1 && grep -q '<Id scheme=\"AR-CUIT\" value=\"30-71234567-1\"' '$XA'"
# no person of Argentina's database in clear: REPSAL's persons (names,
# CUITs and the DNIs inside them)
printf '%s\n' 27234567891 27-23456789-1 23456789 RAMIREZ 'MARIA ELENA' 20319876546 31987654 >"$TMP/ar-persons"
sqlite3 -batch "$AR" "SELECT i.value FROM listing_ids i JOIN listings l ON l.id = i.listing_id
    WHERE l.entity_kind = 'person' UNION SELECT name FROM listings WHERE entity_kind = 'person'" >>"$TMP/ar-persons"
check "no Argentine person's identifier or name in Argentina's file" sh -c "! grep -qiFf '$TMP/ar-persons' '$XA'"
status_is 0 "Peru imports it" "$INSPECTOR" --db "$PE" exchange import "$XA" --verify-key "$TMP/ar.pub" --state PE
status_is 0 "Peru scores again" "$INSPECTOR" --db "$PE" score --as-of 2026-11-29
status_is 0 "vehicles Argentina saw" "$INSPECTOR" --db "$PE" query --format csv --sql \
    "SELECT subject_key, evidence FROM hits WHERE rule_id = 'INS-BIN-002' AND run_id = (SELECT MAX(id) FROM runs)"
check "the partner-route rule fires on both Peruvian trucks, naming the post" sh -c \
    "grep -q '^A2P-323,.*LA QUIACA' '$TMP/out' && grep -q '^F5J-599,' '$TMP/out' && [ \$(grep -c '^[A-Z0-9]*-' '$TMP/out') -eq 2 ]"
check "its local legs are joined to the partner's routes" \
    test "$(sql "$PE" "SELECT COUNT(DISTINCT leg_id) FROM partner_route_legs")" -gt 0
# the six-monthly report's binational section, from both states' files
status_is 0 "Peru's report of the semester" "$INSPECTOR" --db "$PE" report --from 2026-07-01 --to 2026-12-31 \
    --format csv -o "$TMP/report"
check "lists the file sent and the file received" sh -c \
    "grep -q '^enviado,AR,2025-11-01,2026-10-31,[0-9]*,1,1,1,[0-9]*,' '$TMP/report/09-binational-files.csv' &&
     grep -q '^recibido,AR,2026-01-01,2026-12-31,' '$TMP/report/09-binational-files.csv'"
check "says what Argentina's file became here" sh -c \
    "tr -d '\r' <'$TMP/report/10-binational-leads.csv' | grep -q 'INS-BIN-002)\",2\$' &&
     grep -q '^AR,tramos propios hechos por transportistas o vehículos de las rutas del socio,[1-9]' \
         '$TMP/report/10-binational-leads.csv'"
check "and puts the case profiles side by side" grep -q ',este Estado,' "$TMP/report/11-binational-profiles.csv"
"$INSPECTOR" --db "$PE" report --from 2026-07-01 --to 2026-12-31 -o "$TMP/report.html" >/dev/null 2>&1
check "no person identifier or name in the report" sh -c \
    "! cat '$TMP/report.html' '$TMP'/report/*.csv | grep -qiFf '$TMP/ids' &&
     ! cat '$TMP/report.html' '$TMP'/report/*.csv | grep -qiFf '$TMP/names' &&
     ! cat '$TMP/report.html' '$TMP'/report/*.csv | grep -qiFf '$TMP/ar-persons'"
status_is 1 "Peru screens travellers against Argentina's listed persons" "$INSPECTOR" --db "$PE" screen \
    "$FIX/synthetic/exchange/pe-travellers.csv" --partner-key "$TMP/shared.key" --format csv
check "by an Argentine DNI and by a person's CUIT, not by a Peruvian DNI of the same digits" sh -c \
    "tr -d '\r' <'$TMP/out' | grep ',partner,' | cut -d, -f1 | sort -u | tr '\n' ' ' | grep -qx '2 3 '"
finish
