#!/bin/sh
# generator.sh: examples/gen-world writes the same world in parts.
#  - --only-months A..B writes, for those months, the very files a run
#    over the whole window writes: a world written in two halves, merged,
#    is byte for byte the whole world (diff -r);
#  - bad ranges are usage errors (exit 2).
. "$top_srcdir/tests/cli/lib.sh"
GEN="${top_builddir:-.}/examples/gen-world"
W="$TMP/whole"

status_is 0 "generate a small world whole (4 months)" "$GEN" --seed 11 --firms 150 --months 4 "$W"
status_is 0 "its months 1..2" "$GEN" --seed 11 --firms 150 --months 4 --only-months 1..2 "$TMP/a"
status_is 0 "its months 3..4" "$GEN" --seed 11 --firms 150 --months 4 --only-months 3..4 "$TMP/b"
n_a=$(find "$TMP/a/sunat" -type f | wc -l)
n_b=$(find "$TMP/b/sunat" -type f | wc -l)
n_w=$(find "$W/sunat" -type f | wc -l)
check "each half holds some documents, together all ($n_a + $n_b = $n_w)" \
    test "$n_a" -gt 0 -a "$n_b" -gt 0 -a $((n_a + n_b)) -eq "$n_w"
mkdir "$TMP/merged"
cp -R "$TMP/a/." "$TMP/merged/"
cp -R "$TMP/b/." "$TMP/merged/"
check "the halves merged are the whole world, byte for byte" diff -r "$W" "$TMP/merged"
status_is 0 "a single month (--only-months 3)" "$GEN" --seed 11 --firms 150 --months 4 --only-months 3 "$TMP/c"
check "is the whole world's third month" sh -c "cd '$TMP/c/sunat' && find . -type f | while read -r f; do cmp -s \"\$f\" '$W/sunat/'\"\$f\" || exit 1; done"
status_is 2 "months beyond the window are refused" "$GEN" --months 4 --only-months 3..5 "$TMP/x"
status_is 2 "a reversed range is refused" "$GEN" --only-months 2..1 "$TMP/x"
status_is 2 "month 0 is refused" "$GEN" --only-months 0..1 "$TMP/x"
finish
