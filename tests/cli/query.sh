#!/bin/sh
# query.sh: customs analysts' risk queries (the rule language's compiler) and
# the read-only SQL escape hatch.
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/q.db"
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$FIX/wco-declaration/hmrc--TT_EX038a--TT_EX038a.xml" \
    "$FIX/synthetic/asycuda"/*.xml "$FIX/pe-invoice" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" score --as-of 2026-11-28 >/dev/null 2>&1

status_is 0 "an export declaration is visible to query" "$INSPECTOR" --db "$DB" query declaration \
    'direction == "EX" and any items where hs6 startswith "9306"' \
    --fields direction,exporter_tax_id,destination_country --format csv
check "with its exporter and destination" sh -c "tr -d '\r' <'$TMP/out' | grep -q ',EX,GB417869120000,PK\$'"
status_is 0 "gold exported to AR" "$INSPECTOR" --db "$DB" query shipment \
    'destination_country == "AR" and any items where hs6 startswith "7108" and origin_country == "PE"' \
    --fields exporter_tax_id,destination_country --format csv
check "the ASYCUDA export of Peruvian gold to Argentina" sh -c "tr -d '\r' <'$TMP/out' | grep -q ',20501234568,AR\$'"
# exports declared only to customs make a firm an exporter (issue 14: the
# cross-border flag of worklists, queries and exchanges reads the same)
DBD="$TMP/dam.db"
"$INSPECTOR" --db "$DBD" init >/dev/null 2>&1
"$INSPECTOR" --db "$DBD" import "$FIX/synthetic/dam/export-40" >/dev/null 2>&1
status_is 0 "firms that export only through a DAM" "$INSPECTOR" --db "$DBD" query firm 'exporter' \
    --fields tax_id --format csv
check "are exporters" sh -c "tr -d '\r' <'$TMP/out' | grep -c '^[^,]*,2060451278[7]\$\|^[^,]*,2045893217[5]\$' | grep -qx 2"
status_is 0 "chain risk is queryable" "$INSPECTOR" --db "$DB" query declaration \
    'direction == "EX" and (exporter_chain_risk == null or exporter_chain_risk >= 0)' --format json
status_is 0 "sorted and limited" "$INSPECTOR" --db "$DB" query trade_line 'amount > 0' \
    --sort -amount --limit 3 --fields amount,seller_tax_id --format csv
check "three rows" sh -c "[ \$(grep -c . '$TMP/out') -eq 4 ]"
# Tables a person can read: identifiers are never cut, free text is cut
# last, within --width (else $COLUMNS, else unlimited off a terminal).
status_is 0 "a table of firms at 80 columns" "$INSPECTOR" --db "$DB" --width 80 query firm 'true'
check "fits 80 columns" sh -c "[ \$(LC_ALL=C.UTF-8 wc -L <'$TMP/out') -le 80 ]"
check "keeps every tax id whole" sh -c "grep -q '^20501234568 ' '$TMP/out' && ! grep -q '^[0-9]*…' '$TMP/out'"
check "shows the default columns" grep -q '^key  *name  *risk  *own_risk  *chain_risk  *exporter$' "$TMP/out"
status_is 0 "a table of trade lines at 60 columns" "$INSPECTOR" --db "$DB" --width 60 query trade_line 'true' --limit 5
check "cuts the description, not the tax ids" sh -c "grep -q '…' '$TMP/out' && grep -Eq ' 20[0-9]{9}( |\$)' '$TMP/out'"
COLUMNS=300 "$INSPECTOR" --db "$DB" query trade_line 'true' --limit 5 >"$TMP/wide" 2>/dev/null
check "COLUMNS=300 leaves the descriptions whole" sh -c "! grep -q '…' '$TMP/wide'"
status_is 0 "--columns picks the attributes" "$INSPECTOR" --db "$DB" --width 80 query firm 'true' --columns name,country
check "and only those" grep -q '^key  *name  *country$' "$TMP/out"
status_is 2 "a --width under 20 is refused" "$INSPECTOR" --db "$DB" --width 5 query firm 'true'
check "saying what it wants" grep -q -- '--width wants a number of characters from 20' "$TMP/err"
status_is 1 "a query with a mistake fails" "$INSPECTOR" --db "$DB" query declaration 'destinaton_country == "AR"'
check "with file, column and a suggestion" grep -q "query:1:1: error: unknown attribute 'destinaton_country'.*did you mean 'destination_country'" "$TMP/err"
check "and a caret" grep -q '^    \^~' "$TMP/err"

status_is 0 "SQL hatch reads" "$INSPECTOR" --db "$DB" query --format csv --sql \
    "SELECT i.hs6, i.origin_country FROM declaration_items i JOIN declarations d ON d.id = i.declaration_id WHERE d.direction = 'EX' ORDER BY i.hs6"
check "items with HS6 and origin" grep -q '^930630,GB' "$TMP/out"
for sql in "DELETE FROM firms" "UPDATE firms SET name = 'x'" "DROP TABLE firms" \
           "ATTACH DATABASE '$TMP/other.db' AS o" "PRAGMA journal_mode=DELETE" \
           "SELECT load_extension('libx')" "CREATE TABLE t(x)" "INSERT INTO firms(key, scheme) VALUES('a','b')"; do
    status_is 1 "refused: $sql" "$INSPECTOR" --db "$DB" query --sql "$sql"
done
check "with a clear error" grep -q 'read-only' "$TMP/err"
# Personal data never leaves through the hatch; a statement is bounded in time.
status_is 1 "the key of worker pseudonyms is refused" "$INSPECTOR" --db "$DB" query --sql "SELECT * FROM db_secrets"
check "as personal data" grep -q 'db_secrets.*personal data' "$TMP/err"
status_is 1 "a recursive CTE without end is stopped" "$INSPECTOR" --db "$DB" query --time-limit 1 --sql \
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"
check "at the time limit" grep -q 'query stopped: time limit of 1 s reached' "$TMP/err"
status_is 1 "fts3_tokenizer is refused" "$INSPECTOR" --db "$DB" query --sql "SELECT fts3_tokenizer('simple')"
status_is 0 "firms are untouched" "$INSPECTOR" --db "$DB" query --format csv --sql "SELECT COUNT(*) FROM firms WHERE name = 'x'"
check "no row was changed" sh -c "tr -d '\r' <'$TMP/out' | grep -qx '0'"
# Screening names and ids against the listings in force.
SDB="$TMP/s.db"
"$INSPECTOR" --db "$SDB" init >/dev/null 2>&1
"$INSPECTOR" --db "$SDB" import "$FIX/synthetic/listings/os-targets-v1.csv" >/dev/null 2>&1
status_is 1 "screen finds candidates (exit 1)" "$INSPECTOR" --db "$SDB" screen \
    "$FIX/synthetic/screen-cli/queries.csv" --as-of 2025-06-01 --format csv
check "a legal form spelled out" grep -q '^1,Pesquera Andina del Sur SOCIEDAD ANONIMA CERRADA,.*,match,' "$TMP/out"
check "reordered words" grep -q '^2,ANDINA DEL SUR PESQUERA SAC,.*,match,' "$TMP/out"
check "an identifier decides" grep -q '^3,.*identifier 20481234566 decided' "$TMP/out"
check "a name on no list is not a candidate" sh -c "! grep -q '^4,' '$TMP/out'"
check "explanations name the matched tokens" grep -q 'name 1.00: andina, del, sur, pesquera' "$TMP/out"
# Screening on several threads gives the same output as on one, in file
# order, across batches (more rows than one batch holds).
{ head -n 1 "$FIX/synthetic/screen-cli/queries.csv"
  i=0; while [ $i -lt 1100 ]; do tail -n +2 "$FIX/synthetic/screen-cli/queries.csv"; i=$((i + 1)); done
} >"$TMP/many.csv"
status_is 1 "screen on one thread" "$INSPECTOR" --db "$SDB" screen "$TMP/many.csv" --as-of 2025-06-01 --format csv -j 1
cp "$TMP/out" "$TMP/one.csv"
status_is 1 "screen on three threads" "$INSPECTOR" --db "$SDB" screen "$TMP/many.csv" --as-of 2025-06-01 --format csv -j 3
check "the same output" cmp -s "$TMP/one.csv" "$TMP/out"
check "every batch written out, in file order" grep -q '^4399,' "$TMP/out"

# Scoring links listings to firms of the database (identifiers decide), and
# the listing rules fire with the list named in the evidence.
LDB="$TMP/l.db"
"$INSPECTOR" --db "$LDB" init >/dev/null 2>&1
"$INSPECTOR" --db "$LDB" import "$FIX/pe-invoice" "$FIX/synthetic/listings-link/us-cbp-wro.csv" >/dev/null 2>&1
status_is 0 "score with a forced-labour listing" "$INSPECTOR" --db "$LDB" score --as-of 2026-11-28
status_is 0 "the listing is linked" "$INSPECTOR" --db "$LDB" query --format csv --sql \
    "SELECT f.tax_id, k.matched_by FROM listing_links k JOIN firms f ON f.id = k.subject_id WHERE k.subject_type = 'firm'"
check "by identifier" grep -q '^20505310072,identifier' "$TMP/out"
status_is 0 "hits" "$INSPECTOR" --db "$LDB" query --format csv --sql "SELECT rule_id, subject_key, evidence FROM hits"
check "the forced-labour list rule fires on that firm" grep -q '^INS-LST-001,20505310072,.*us_cbp_forced_labor' "$TMP/out"
status_is 0 "it leads the labour worklist" "$INSPECTOR" --db "$LDB" worklist labor --top 1 --format csv --no-record
check "first row" grep -q '^1,20505310072,' "$TMP/out"
# Output that attacks its reader (issue 11): a cell a spreadsheet would
# run as a formula is neutralised (a negative number is left alone), and no
# control character of a value reaches the terminal or a log line.
status_is 0 "CSV of formula-like cells" "$INSPECTOR" --db "$DB" query --format csv --sql \
    "SELECT '=HYPERLINK(\"http://x\")' AS a, '@SUM(1)' AS b, '-12.5' AS c, '+1+1' AS d"
check "formulas neutralised" grep -q "^\"'=HYPERLINK(\"\"http://x\"\")\",\"'@SUM(1)\",-12.5,\"'+1+1\"" "$TMP/out"
status_is 0 "a value with an escape sequence, as a table" "$INSPECTOR" --db "$DB" query --sql \
    "SELECT char(27) || '[31mRED' || char(10) || 'x' AS a"
check "no control character reaches the terminal" sh -c "! LC_ALL=C grep -q \"\$(printf '\\033')\" '$TMP/out'"
status_is 3 "an error naming a path with a newline" "$INSPECTOR" --db "$TMP/no
such.db" query firm "exporter"
check "is one line on stderr" sh -c "[ \$(wc -l <'$TMP/err') -eq 1 ]"
finish
