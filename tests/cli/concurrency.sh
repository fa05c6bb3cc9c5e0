#!/bin/sh
# concurrency.sh: several analysts on one database at once (issue 11).
# An import, a scoring run, recorded worklists, explains and queries run
# side by side; none may fail, and the scoring run's results must equal
# those of a serial run over exactly the files it saw (its data
# fingerprint names them): some serial order of the same commands.
. "$top_srcdir/tests/cli/lib.sh"
LC_ALL=C; export LC_ALL
GEN="${top_builddir:-.}/examples/gen-world"
ASOF=2026-11-28
W="$TMP/world"
"$GEN" --seed 9 --firms 300 --months 4 --only-months 1..2 "$TMP/a" >/dev/null 2>&1 &&
    "$GEN" --seed 9 --firms 300 --months 4 --only-months 3..4 "$TMP/b" >/dev/null 2>&1 ||
    { not_ok "generate the world"; finish; }
scores() {
    sql "$1" "SELECT subject_type, subject_key, printf('%.6f', own), printf('%.6f', chain), printf('%.6f', total)
        FROM scores WHERE run_id = $2" | sort
}

DB="$TMP/shared.db"
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$TMP/a/reference" "$TMP/a/sunat" "$TMP/a/suppliers" >/dev/null 2>&1
"$INSPECTOR" --db "$DB" score --as-of $ASOF >/dev/null 2>&1
firm=$(sql "$DB" "SELECT subject_key FROM scores WHERE subject_type = 'firm' ORDER BY total DESC LIMIT 1")
check "a first run to read from" test -n "$firm"

# side by side: one import, one scoring run, three recorded worklists,
# explains and queries, each exit status kept
run() { # NAME COMMAND...
    name=$1; shift
    ( "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; echo $? >"$TMP/$name.rc" ) &
}
run import "$INSPECTOR" --db "$DB" import "$TMP/b/sunat"
run score "$INSPECTOR" --db "$DB" score --as-of $ASOF
for i in 1 2 3; do
    run "worklist$i" "$INSPECTOR" --db "$DB" worklist labor --top 20 --format csv
    run "explain$i" "$INSPECTOR" --db "$DB" explain "$firm"
    run "query$i" "$INSPECTOR" --db "$DB" query firm "own_risk > 0" --format csv
done
wait
for f in import score worklist1 worklist2 worklist3 explain1 explain2 explain3 query1 query2 query3; do
    rc=$(cat "$TMP/$f.rc")
    want=0
    case $f in query*) [ "$rc" -eq 1 ] && want=1 ;; esac # query: 1 when nothing matched
    if [ "$rc" -eq "$want" ]; then ok "$f beside the others (exit $rc)"; else
        not_ok "$f beside the others (exit $rc)"; sed 's/^/#   /' "$TMP/$f.err" | head -5
    fi
done

# the concurrent run saw the first half, or both halves: never a part
run2=$(sql "$DB" "SELECT MAX(id) FROM runs WHERE status = 'complete'")
seen=$(sql "$DB" "SELECT data_files FROM runs WHERE id = $run2")
files_a=$(sql "$DB" "SELECT COUNT(*) FROM source_files WHERE id <= (SELECT data_max_file_id FROM runs WHERE id = 1)")
files_all=$(sql "$DB" "SELECT COUNT(*) FROM source_files")
check "the run saw a whole state ($seen files: $files_a before the import, $files_all after)" \
    test "$seen" = "$files_a" -o "$seen" = "$files_all"
SER="$TMP/serial.db"
"$INSPECTOR" --db "$SER" init >/dev/null 2>&1
"$INSPECTOR" --db "$SER" import "$TMP/a/reference" "$TMP/a/sunat" "$TMP/a/suppliers" >/dev/null 2>&1
[ "$seen" = "$files_all" ] && "$INSPECTOR" --db "$SER" import "$TMP/b/sunat" >/dev/null 2>&1
"$INSPECTOR" --db "$SER" score --as-of $ASOF >/dev/null 2>&1
scores "$DB" "$run2" >"$TMP/scores.concurrent"
scores "$SER" 1 >"$TMP/scores.serial"
check "its scores equal a serial run's over the same files" cmp -s "$TMP/scores.concurrent" "$TMP/scores.serial"
check "and there are scores" test -s "$TMP/scores.serial"
n=$(sql "$DB" "SELECT COUNT(*) FROM worklists")
check "the three worklists are recorded ($n)" test "$n" -eq 3

# two imports of the same files at once: every file is imported once and
# the other sees it as a duplicate, never a UNIQUE failure (issue 11)
D2="$TMP/race.db"
"$INSPECTOR" --db "$D2" init >/dev/null 2>&1
run race1 "$INSPECTOR" --db "$D2" import "$TMP/a/sunat"
run race2 "$INSPECTOR" --db "$D2" import "$TMP/a/sunat"
wait
check "both racing imports exit 0" test "$(cat "$TMP/race1.rc")$(cat "$TMP/race2.rc")" = 00
check "no UNIQUE failure" sh -c "! grep -qi unique '$TMP/race1.err' '$TMP/race2.err'"
n=$(sql "$D2" "SELECT COUNT(*) FROM import_log WHERE status = 'rejected'")
check "nothing rejected ($n)" test "$n" -eq 0
n=$(sql "$D2" "SELECT (SELECT COUNT(*) FROM import_log WHERE status = 'imported') - (SELECT COUNT(*) FROM source_files)")
check "each file imported once" test "$n" -eq 0
finish
