#!/bin/sh
# import.sh: the inspector command's init and import, end to end.
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/t.db"

status_is 0 "--version" "$INSPECTOR" --version
check "--version names the program" grep -q '^inspector [0-9]' "$TMP/out"
status_is 0 "--help" "$INSPECTOR" --help
check "--help lists import" grep -q 'import' "$TMP/out"
for c in init import; do
    status_is 0 "$c --help" "$INSPECTOR" "$c" --help
    check "$c --help prints usage" grep -q '^Usage: inspector' "$TMP/out"
done
status_is 2 "unknown command is a usage error" "$INSPECTOR" frobnicate
status_is 3 "import into a missing database fails" "$INSPECTOR" --db "$TMP/none.db" import "$FIX/pe-invoice"
check "and says to run init" grep -q "inspector init" "$TMP/err"

status_is 0 "init" "$INSPECTOR" --db "$DB" init
check "init reports reference data" grep -q 'ubigeo' "$TMP/out"
status_is 0 "init again is harmless" "$INSPECTOR" --db "$DB" init

status_is 0 "import the real sample corpus" "$INSPECTOR" --db "$DB" import \
    "$FIX/pe-invoice" "$FIX/pe-despatch" "$FIX/facility-list"
check "summary counts invoices" grep -Eq '^sunat-invoice +24 +0 +0$' "$TMP/out"
check "summary counts guias" grep -Eq '^sunat-despatch +36 +0 +0$' "$TMP/out"
check "summary counts facility lists" grep -Eq '^facility-list +16 +0 +0$' "$TMP/out"
check "no progress output when stderr is not a terminal" sh -c "! grep -q 'MB/s' '$TMP/err'"

status_is 0 "re-import is all duplicates" env INSPECTOR_DB="$DB" "$INSPECTOR" import "$FIX/pe-invoice"
check "summary counts duplicates" grep -Eq '^sunat-invoice +0 +24 +0$' "$TMP/out"

status_is 1 "hostile files are rejected, exit 1" "$INSPECTOR" --db "$DB" import \
    "$FIX/hostile/billion-laughs.xml" "$FIX/hostile/xxe.xml" "$FIX/hostile/truncated-invoice.xml"
check "one line per rejected file" sh -c "[ \$(grep -c '' '$TMP/err') -eq 3 ]"
check "reason names the file" grep -q 'billion-laughs.xml: DOCTYPE' "$TMP/err"

# Files are read ahead on worker threads (importers/ahead.c) but imported in
# walk order: the database is the same for any number of threads.  More
# files than the ring holds, with rejections and an archive among them.
dump() {
    for q in "SELECT id, file_id, kind, type_code, number, issuer_firm_id, issue_date FROM documents" \
        "SELECT id, key, name, norm_name, country, id_valid, first_document_id FROM firms" \
        "SELECT firm_id, name, document_id FROM firm_names ORDER BY 1, 2, 3" \
        "SELECT id, key, firm_id, ubigeo, address, country, name, first_document_id FROM establishments" \
        "SELECT establishment_id, document_id, role FROM establishment_sources ORDER BY 1, 2, 3" \
        "SELECT * FROM trade_lines" "SELECT * FROM supply_edges ORDER BY 1, 2, 3" \
        "SELECT id, path, sha256, kind, status, reason FROM import_log" \
        "SELECT id, sha256, path, size, kind FROM source_files"; do
        echo "== $q"
        sql "$1" "$q"
    done
}
for j in 1 4; do
    "$INSPECTOR" --db "$TMP/j$j.db" init >/dev/null 2>&1
    status_is 1 "import with --jobs $j" "$INSPECTOR" --db "$TMP/j$j.db" import --jobs "$j" \
        "$FIX/pe-invoice" "$FIX/pe-despatch" "$FIX/hostile" "$FIX/facility-list" "$FIX/zip" \
        "$FIX/synthetic"
    dump "$TMP/j$j.db" >"$TMP/j$j.dump"
done
check "the dump holds the documents" sh -c "[ \$(grep -c '' '$TMP/j1.dump') -gt 500 ]"
check "--jobs 1 and --jobs 4 give the same database" cmp -s "$TMP/j1.dump" "$TMP/j4.dump"
# A small file is parsed whole ahead of its importer (xmlread.c), but the
# streaming reader's verdict stays the reference: trailing NUL bytes, which
# a whole-document parse takes for the end of the input, still reject it.
f=$(ls "$FIX/pe-despatch"/*.xml | head -1)
{ cat "$f"; printf '\000\000\000\000'; } >"$TMP/trailing-nul.xml"
status_is 1 "a guia followed by NUL bytes is rejected" "$INSPECTOR" --db "$TMP/j1.db" import "$TMP/trailing-nul.xml"
check "as the streaming reader says" grep -q "Extra content at the end of the document" "$TMP/err"
status_is 2 "--jobs 0 is a usage error" "$INSPECTOR" --db "$DB" import --jobs 0 "$FIX/pe-invoice"

status_is 2 "unknown --kind is a usage error" "$INSPECTOR" --db "$DB" import --kind nope "$FIX/pe-invoice"

# A text file no importer knows: the reason says which line was read (the
# first that is not empty), how long it is and which delimiter was guessed,
# never its text.
printf '\r\n\r\nalpha;beta;gamma;delta\r\n1;2;3;4\r\n' >"$TMP/unknown.txt"
status_is 1 "an unknown text file is rejected" "$INSPECTOR" --db "$DB" import "$TMP/unknown.txt"
check "saying it read line 3, its length and the ';' it guessed" \
    grep -q "line 3, the first that is not empty (22 bytes, 4 fields separated by ';') matches no importer's header" "$TMP/err"
check "and not its text" sh -c "! grep -q 'alpha' '$TMP/err'"
finish
