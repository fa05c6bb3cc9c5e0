#!/bin/sh
# golden.sh: the demo world's labour and transport worklists, as CSV under
# a fixed locale, compared byte for byte with the copies in tests/golden/.
# It catches any unintended change of ranking or output.  A change meant to
# alter them regenerates the copies in a commit of its own that says which
# issue and why:
#     make golden-update      (runs this script with GOLDEN_UPDATE=1)
. "$top_srcdir/tests/cli/lib.sh"
LC_ALL=C; export LC_ALL
unset LANGUAGE
GEN="${top_builddir:-.}/examples/gen-world"
GOLD="$top_srcdir/tests/golden"
W="$TMP/world"
DB="$TMP/golden.db"

status_is 0 "generate the demo world (seed 42)" "$GEN" --seed 42 "$W"
status_is 0 "create the database" "$INSPECTOR" --db "$DB" init
status_is 0 "import the world" "$INSPECTOR" --db "$DB" import "$W/reference" "$W/sunat" "$W/suppliers" "$W/customs"
status_is 0 "score it as of 2026-11-28" "$INSPECTOR" --db "$DB" score --as-of 2026-11-28
"$INSPECTOR" --db "$DB" worklist labor --top 60 --per-firm 2 --control-share 0.2 --seed 42 \
    --format csv --no-record >"$TMP/labor.csv" 2>"$TMP/err"
check "labour worklist written" test -s "$TMP/labor.csv"
"$INSPECTOR" --db "$DB" worklist transport --top 60 --control-share 0.2 --seed 42 \
    --format csv --no-record >"$TMP/transport.csv" 2>"$TMP/err"
check "transport worklist written" test -s "$TMP/transport.csv"

for k in labor transport; do
    if [ -n "${GOLDEN_UPDATE:-}" ]; then
        cp "$TMP/$k.csv" "$GOLD/$k.csv"
        ok "golden copy of the $k worklist regenerated"
    elif cmp -s "$GOLD/$k.csv" "$TMP/$k.csv"; then
        ok "the $k worklist is unchanged"
    else
        not_ok "the $k worklist differs from tests/golden/$k.csv"
        diff "$GOLD/$k.csv" "$TMP/$k.csv" | head -20 | sed 's/^/#   /'
    fi
done
finish
