#!/bin/sh
# kill.sh: an import killed (SIGKILL) at random moments leaves a database
# that is whole (issue 11):
#  - after each kill, PRAGMA integrity_check says ok; every imported file
#    has its log row and every log row of an imported file its file; each
#    document present has all its lines (as many as a clean import gives it);
#  - then the rerun completes and the derived tables (supply edges with
#    their shares, by tax id) equal those of a clean import.
# Each round starts from an empty database.
# KILL_ROUNDS kills (default 10 in make check; the recorded run used 50).
. "$top_srcdir/tests/cli/lib.sh"
LC_ALL=C; export LC_ALL
GEN="${top_builddir:-.}/examples/gen-world"
ROUNDS=${KILL_ROUNDS:-10}
W="$TMP/world"
"$GEN" --seed 5 --firms 400 --months 3 "$W" >/dev/null 2>&1 || { not_ok "generate the world"; finish; }

edges() {
    sql "$1" "SELECT s.tax_id, b.tax_id, e.product, e.documents, e.lines, printf('%.2f', e.amount),
        printf('%.6f', COALESCE(e.share, -1)) FROM supply_edges e JOIN firms s ON s.id = e.supplier_firm_id
        JOIN firms b ON b.id = e.buyer_firm_id ORDER BY 1, 2, 3"
}
lines_per_doc() {
    sql "$1" "SELECT f.tax_id, d.number, d.type_code, COUNT(t.document_id) FROM documents d
        JOIN firms f ON f.id = d.issuer_firm_id LEFT JOIN trade_lines t ON t.document_id = d.id
        WHERE d.kind = 'invoice' GROUP BY d.id" | sort
}

CLEAN="$TMP/clean.db"
"$INSPECTOR" --db "$CLEAN" init >/dev/null 2>&1
"$INSPECTOR" --db "$CLEAN" import "$W/reference" "$W/sunat" "$W/suppliers" >/dev/null 2>&1
edges "$CLEAN" >"$TMP/edges.clean"
lines_per_doc "$CLEAN" >"$TMP/lines.clean"
check "the clean import has supply edges" test -s "$TMP/edges.clean"

TEMPLATE="$TMP/empty.db"
"$INSPECTOR" --db "$TEMPLATE" init >/dev/null 2>&1
DB="$TMP/killed.db"
bad=0 k=0 stopped=0
while [ "$k" -lt "$ROUNDS" ]; do
    k=$((k + 1))
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$TEMPLATE" "$DB"
    "$INSPECTOR" --db "$DB" import "$W/reference" "$W/sunat" "$W/suppliers" >/dev/null 2>&1 &
    pid=$!
    # a random moment while the import runs (it takes about a second)
    sleep "$(awk -v s="$k$$" 'BEGIN { srand(s); printf "%.3f", 0.05 + rand() * 0.4 }')"
    kill -9 "$pid" 2>/dev/null && stopped=$((stopped + 1))
    wait "$pid" 2>/dev/null
    [ "$(sql "$DB" "PRAGMA integrity_check")" = ok ] || { bad=1; echo "# round $k: integrity_check failed"; }
    n=$(sql "$DB" "SELECT (SELECT COUNT(*) FROM source_files s WHERE NOT EXISTS (SELECT 1 FROM import_log l
        WHERE l.sha256 = s.sha256 AND l.status = 'imported')) + (SELECT COUNT(*) FROM import_log l
        WHERE l.status = 'imported' AND NOT EXISTS (SELECT 1 FROM source_files s WHERE s.sha256 = l.sha256)) AS n")
    [ "$n" = 0 ] || { bad=1; echo "# round $k: $n files without their log row or log rows without their file"; }
    lines_per_doc "$DB" >"$TMP/lines.k"
    extra=$(comm -23 "$TMP/lines.k" "$TMP/lines.clean" | wc -l)
    [ "$extra" -eq 0 ] || { bad=1; echo "# round $k: $extra documents not whole"; }
    # the rerun completes the import; derived tables equal a clean import's
    "$INSPECTOR" --db "$DB" import "$W/reference" "$W/sunat" "$W/suppliers" >/dev/null 2>&1 ||
        { bad=1; echo "# round $k: the rerun failed"; }
    lines_per_doc "$DB" >"$TMP/lines.final"
    cmp -s "$TMP/lines.final" "$TMP/lines.clean" || { bad=1; echo "# round $k: documents differ after the rerun"; }
    edges "$DB" >"$TMP/edges.final"
    cmp -s "$TMP/edges.final" "$TMP/edges.clean" || { bad=1; echo "# round $k: supply edges differ after the rerun"; }
done
echo "# $stopped of $ROUNDS imports were killed while running"
check "$ROUNDS kills: integrity ok, files and log rows together, documents whole, derived tables equal after the rerun" \
    test "$bad" -eq 0
check "most kills hit a running import" test "$stopped" -ge $((ROUNDS / 2))

# A write the file system refuses in the middle of a batch (here the file
# size limit, the way a full disk refuses one) stops the batch at once with
# the database's own words; the batch's files are undone and not counted,
# none is logged as rejected, and a rerun imports them (issue 11).
LIM="$TMP/limited.db"
cp "$TEMPLATE" "$LIM"
size=$(wc -c <"$LIM")
"$GEN" --seed 6 --firms 1500 --months 3 "$TMP/big" >/dev/null 2>&1
status_is 3 "an import past the file size limit stops (exit 3)" \
    sh -c "trap '' XFSZ; ulimit -f $(( size / 512 + 2000 )); exec '$INSPECTOR' --db '$LIM' import '$TMP/big/sunat'"
check "with the reason" grep -q "import stopped: disk I/O error\|import stopped: database or disk is full" "$TMP/err"
check "and the files not imported" grep -q "were not imported" "$TMP/err"
n=$(sql "$LIM" "SELECT COUNT(*) FROM import_log WHERE status <> 'imported'")
check "no file called rejected ($n)" test "$n" -eq 0
[ "$(sql "$LIM" "PRAGMA integrity_check")" = ok ]
check "the database is whole" test $? -eq 0
status_is 0 "the rerun imports the rest" "$INSPECTOR" --db "$LIM" import "$TMP/big/sunat"
finish
