#!/bin/sh
# options.sh: every command's options come from one table, so
#  - each option its --help lists is accepted (never "unknown option"),
#    its short form too, under the sub-action it belongs to;
#  - no short option is accepted that --help does not list;
#  - `worklist -N labor` works (the short form of --no-record, before the
#    kind) on a scored database, and records nothing;
#  - the manual page's option lists are what the tables give.
. "$top_srcdir/tests/cli/lib.sh"
DB="$TMP/o.db"
NODB="$TMP/missing.db"

# The commands, as the global --help lists them.
"$INSPECTOR" --help >"$TMP/help" 2>&1
COMMANDS=$(sed -n '/^Commands:/,/^$/p' "$TMP/help" | awk 'NF > 1 && /^  [a-z]/ {print $1}')
check "the global --help lists commands" test -n "$COMMANDS"

# options HELPFILE: "SUB OPTION" per option line ("-" for the command's own).
options() {
    awk '/^Options of [a-z]+:/ { sub(/:$/, "", $3); sub_ = $3; next }
         /^$/ { if (sub_ != "") sub_ = "" }
         /^  (-[A-Za-z], )?--[a-z]/ || /^      --[a-z]/ {
             line = $0; sub(/^ +/, "", line)
             if (line ~ /^-[A-Za-z], /) { print (sub_ == "" ? "-" : sub_), substr(line, 1, 2); line = substr(line, 5) }
             split(line, w, " "); print (sub_ == "" ? "-" : sub_), w[1] }' "$1"
}

cd "$TMP" || exit 1 # options such as -o 1 write where they run
for c in $COMMANDS; do
    "$INSPECTOR" "$c" --help >"$TMP/h.$c" 2>&1 || not_ok "$c --help exits 0"
    options "$TMP/h.$c" >"$TMP/o.$c"
    check "$c --help lists options" test -s "$TMP/o.$c"
    while read -r sub opt; do
        [ "$opt" = "--help" ] || [ "$opt" = "-h" ] && continue
        [ "$sub" = "-" ] && sub=""
        # A value that may be wrong for the option, but is never taken for one.
        "$INSPECTOR" --db "$NODB" "$c" $sub "$opt" 1 >"$TMP/out" 2>"$TMP/err" </dev/null
        if grep -q "unknown option\|needs a value" "$TMP/err"; then
            not_ok "$c ${sub:+$sub }$opt is accepted"; sed 's/^/#   /' "$TMP/err" | head -3
        else
            ok "$c ${sub:+$sub }$opt is accepted"
        fi
    done <"$TMP/o.$c"
    # Every other short option is refused, in the command and its sub-actions.
    subs=$(awk '$1 != "-" {print $1}' "$TMP/o.$c" | sort -u)
    for sub in "" $subs; do
        documented=$(awk -v s="${sub:--}" '$1 == s && $2 ~ /^-[A-Za-z]$/ {printf "%s", substr($2, 2)}' "$TMP/o.$c")
        extra=""
        for l in a b c d e f g i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
            case "$documented" in *"$l"*) continue ;; esac
            "$INSPECTOR" --db "$NODB" "$c" $sub "-$l" 1 >/dev/null 2>"$TMP/err" </dev/null
            grep -q "unknown option '-$l'" "$TMP/err" || extra="$extra -$l"
        done
        if [ -z "$extra" ]; then ok "$c${sub:+ $sub}: no undocumented short option"
        else not_ok "$c${sub:+ $sub}: undocumented short options accepted:$extra"; fi
    done
done

# worklist -N: a scored database from the case-register fixtures.
CASES="$FIX/synthetic/cases"
I() { "$INSPECTOR" --db "$DB" "$@"; }
I init >/dev/null 2>&1
I import "$CASES/establishments.csv" >/dev/null 2>&1
status_is 0 "score the fixtures" I score --rules "$CASES/cases.rules" --as-of 2026-06-01
status_is 0 "worklist -N labor works" I worklist -N labor --top 5
check "and prints the list" grep -q 'Lista de inspección laboral' "$TMP/out"
status_is 0 "worklist labor -N works too" I worklist labor -N --format csv
status_is 0 "worklist --no-record labor works" I worklist --no-record labor --format csv
I query --sql "SELECT COUNT(*) FROM worklists" --format csv >"$TMP/n" 2>/dev/null
check "none of them was recorded" sh -c "tr -d '\r' <'$TMP/n' | tail -1 | grep -qx 0"
status_is 2 "worklist without a kind is a usage error" I worklist -N
check "saying what it needs" grep -q 'worklist needs a kind' "$TMP/err"

# score warns when most documents lie outside the rules' windows before
# --as-of (scoring old files as of today finds almost nothing, silently).
AS="$TMP/asof.db"
"$INSPECTOR" --db "$AS" init >/dev/null 2>&1
"$INSPECTOR" --db "$AS" import "$FIX/pe-invoice" >/dev/null 2>&1
status_is 0 "score of 2016-2020 invoices as of 2026-12-01 works" "$INSPECTOR" --db "$AS" score --as-of 2026-12-01
check "and warns that no dated document is in the rules' window" \
    grep -q "warning: only 0 of 24 dated documents fall within the rules' longest window" "$TMP/err"
check "naming the newest date and the --as-of to use" \
    grep -q "the newest is dated 2020-03-28: to score these data as of then, run 'inspector score --as-of 2020-03-28'" "$TMP/err"
status_is 0 "score as of the newest document works" "$INSPECTOR" --db "$AS" score --as-of 2020-03-28
check "without the warning" sh -c "! grep -q 'dated documents fall within' '$TMP/err'"

# The manual page's option lists are generated from the tables.
"$INSPECTOR" help --man "$top_srcdir/docs/inspector.1" >"$TMP/man" 2>"$TMP/err"
if diff -u "$top_srcdir/docs/inspector.1" "$TMP/man" >"$TMP/diff"; then
    ok "docs/inspector.1 matches the option tables"
else
    not_ok "docs/inspector.1 matches the option tables (run 'make update-man')"
    sed 's/^/#   /' "$TMP/diff" | head -30
fi
finish
