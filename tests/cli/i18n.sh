#!/bin/sh
# i18n.sh: the Spanish interface.  Under es_PE.UTF-8 every command's --help
# and the usual error paths speak Spanish; po/es.po translates every message
# (nothing untranslated, nothing fuzzy); and the document language (the
# fixed text of worklists and reports) is chosen apart from the locale:
# Spanish by default, English with --doc-lang en.
. "$top_srcdir/tests/cli/lib.sh"

PO="$top_srcdir/po/es.po"

# The catalogue: complete and valid.
msgfmt --check --statistics -o /dev/null "$PO" 2>"$TMP/stats"
check "po/es.po passes msgfmt --check" test $? -eq 0
check "and translates every message (no untranslated, no fuzzy)" \
    grep -Eq '^[0-9]+ translated messages\.$' "$TMP/stats"
sed 's/^/#   /' "$TMP/stats"

if ! locale -a 2>/dev/null | grep -Eqi '^es_PE\.utf-?8$'; then
    echo "# the es_PE.UTF-8 locale is not generated here (Quick start generates it)"
    finish
fi

# The uninstalled build reads its catalogue from $TEXTDOMAINDIR.
mkdir -p "$TMP/locale/es/LC_MESSAGES"
msgfmt -o "$TMP/locale/es/LC_MESSAGES/inspector.mo" "$PO"
TEXTDOMAINDIR="$TMP/locale"; export TEXTDOMAINDIR
unset LANGUAGE LC_ALL LC_MESSAGES
es() { env LANG=es_PE.UTF-8 "$INSPECTOR" "$@"; }
en() { env LANG=C.UTF-8 "$INSPECTOR" "$@"; }

es --help >"$TMP/es" 2>&1
check "inspector --help is Spanish" grep -q '^Uso: inspector' "$TMP/es"
check "with its list of commands in Spanish" grep -q '^Comandos:' "$TMP/es"

# Every command's help: translated line by line.  A line that reads the
# same in both languages and still has prose in it (three or more words,
# once options, their values, quoted examples, identifiers and lines of the
# rule language are set aside) is a message that escaped translation.
prose_same() {
    # $1: English help, $2: Spanish help; prints the prose lines both share
    awk 'NR == FNR { en[$0] = 1; next }
         ($0 in en) && $0 !~ /^ *(Uso: )?inspector / && $0 !~ /[<>=]=|[ ][<>][ ]/ {
             t = $0
             gsub(/\047[^\047]*\047|"[^"]*"/, " ", t)      # quoted examples
             gsub(/--?[A-Za-z][-A-Za-z]*(=[^ ]*)?/, " ", t) # options
             gsub(/[A-Za-z_0-9]+(\|[A-Za-z_0-9]+)+/, " ", t) # value lists a|b|c
             gsub(/[A-Za-z]+_[A-Za-z_]+/, " ", t)         # identifiers
             if (gsub(/[a-z][a-z][a-z]+/, "&", t) >= 3) print
         }' "$1" "$2"
}
for c in init import rules score worklist explain query inspections evaluate report screen audit; do
    en "$c" --help >"$TMP/h.en" 2>&1
    es "$c" --help >"$TMP/h.es" 2>&1
    check "$c --help begins with Uso:" grep -q '^Uso: inspector' "$TMP/h.es"
    prose_same "$TMP/h.en" "$TMP/h.es" >"$TMP/same"
    check "$c --help has no English prose left" test ! -s "$TMP/same"
    sed 's/^/#   same: /' "$TMP/same" | head -5
done

# Error paths, from the command line and from the library.
DB="$TMP/t.db"
status_is 2 "an unknown command" es nonesuch
check "is refused in Spanish" grep -q "comando desconocido 'nonesuch'" "$TMP/err"
status_is 3 "a missing database" es --db "$TMP/none.db" worklist labor
check "is said in Spanish" sh -c "! grep -q 'does not exist' '$TMP/err' && grep -q 'no existe' '$TMP/err'"
status_is 2 "a bad option value" es --db "$DB" score --as-of 2026-13-01
check "is said in Spanish" grep -q 'fecha' "$TMP/err"
status_is 0 "init under es_PE" es --db "$DB" init
status_is 1 "a query that does not parse" es --db "$DB" query firm 'chain_risk >'
check "the library's parse error is Spanish too" sh -c "! grep -qi 'expected' '$TMP/err'"
sed 's/^/#   /' "$TMP/err" | head -3

# The document language does not follow the locale: a worklist prints in
# Spanish under any locale, and in English when asked.
W="$TMP/w"
"${top_builddir:-.}/examples/gen-world" --seed 7 --firms 120 "$W" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$W/reference" "$W/sunat" "$W/suppliers" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" score --as-of 2026-11-28 >/dev/null 2>&1
status_is 0 "a worklist under the C locale" en --db "$DB" --width 200 worklist labor --top 5 --no-record
check "reads in Spanish (the default document language)" grep -q 'Lista de inspección laboral' "$TMP/out"
status_is 0 "a worklist under es_PE" es --db "$DB" --width 200 worklist labor --top 5 --no-record
check "reads in Spanish" grep -q 'Lista de inspección laboral' "$TMP/out"
# a document does not change with the interface's language: the same CSV
# worklist, byte for byte, under C and under es_PE
en --db "$DB" worklist labor --top 20 --no-record --format csv >"$TMP/w.c" 2>/dev/null
es --db "$DB" worklist labor --top 20 --no-record --format csv >"$TMP/w.es" 2>/dev/null
check "the CSV worklist is the same under C and es_PE" cmp -s "$TMP/w.c" "$TMP/w.es"
# numbers keep their decimal point under a Spanish locale, read and written
status_is 0 "a CSV worklist under es_PE" es --db "$DB" worklist labor --top 5 --no-record --format csv
check "writes scores with a decimal point" grep -Eq ',0\.[0-9]{3},' "$TMP/out"
check "and no decimal comma" sh -c "! grep -Eq ',\"?0,[0-9]{3}' '$TMP/out'"
es --db "$DB" query --format csv --sql "SELECT COUNT(*) FROM ubigeo WHERE latitude <> CAST(latitude AS INTEGER)" \
    >"$TMP/frac" 2>/dev/null
check "read the districts' coordinates whole, not cut at the decimal point" \
    sh -c "[ \$(tail -n 1 '$TMP/frac') -gt 1000 ]"
status_is 0 "a worklist with --doc-lang en under es_PE" es --db "$DB" --width 200 --doc-lang en worklist labor --top 5 --no-record
check "reads in English" grep -q 'Labour inspection worklist' "$TMP/out"
status_is 0 "an HTML worklist in English" es --db "$DB" --doc-lang en worklist labor --top 5 --no-record --format html
check "says its language is English" grep -q '<html lang="en">' "$TMP/out"
status_is 0 "an HTML worklist by default" en --db "$DB" worklist labor --top 5 --no-record --format html
check "says its language is Spanish" grep -q '<html lang="es">' "$TMP/out"

finish
