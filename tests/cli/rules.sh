#!/bin/sh
# rules.sh: the rule language from the command line.
#  - every file in tests/rules/errors must produce exactly the diagnostics in
#    its .expected file (file:line:col, source line, caret; then the summary
#    line and the exit status);
#  - the table-driven language cases and the shipped rule packs pass their
#    tests;
#  - a careless regular expression stops its rule with an error, fast, while
#    the rest of the run records its hits, and the evidence names documents.
. "$top_srcdir/tests/cli/lib.sh"
ERR="$top_srcdir/tests/rules/errors"
CASES="$top_srcdir/tests/rules/cases"

for f in "$ERR"/*.rules; do
    name=$(basename "$f" .rules)
    (cd "$ERR" && "$INSPECTOR" rules check "$name.rules" >"$TMP/got" 2>&1; echo "exit $?" >>"$TMP/got")
    if diff -u "$ERR/$name.expected" "$TMP/got" >"$TMP/diff"; then
        ok "diagnostics of $name.rules"
    else
        not_ok "diagnostics of $name.rules"; sed 's/^/#   /' "$TMP/diff" | head -40
    fi
done
(cd "$ERR" && "$INSPECTOR" rules check --strict warnings.rules >"$TMP/got" 2>&1; echo "exit $?" >>"$TMP/got")
check "--strict turns warnings into errors" diff -u "$ERR/warnings-strict.expected" "$TMP/got"
check "five mistakes, five errors" grep -q '^1 rule(s): 5 error(s)' "$ERR/five-mistakes.expected"

status_is 0 "language cases compile" "$INSPECTOR" rules check "$CASES/language.rules"
status_is 0 "language cases pass" "$INSPECTOR" rules test "$CASES/language.rules"
check "language cases: all passed" grep -Eq '^[0-9]+ passed, 0 failed$' "$TMP/out"

status_is 1 "a catastrophic regex fails its test" "$INSPECTOR" rules test "$CASES/regex-limit.rules"
check "with a clear error" grep -q 'stopped: match limit exceeded' "$TMP/out"

# The shipped rule packs: no error, no warning (every rule has must-match
# and must-not-match tests), and every test passes.
status_is 0 "shipped rules check --strict" "$INSPECTOR" rules check --strict "$top_srcdir/rules"
status_is 0 "shipped rules pass their tests" "$INSPECTOR" rules test "$top_srcdir/rules"
check "shipped rules: all passed" grep -Eq '^[0-9]+ passed, 0 failed$' "$TMP/out"

status_is 0 "rules list" "$INSPECTOR" rules list "$CASES/language.rules"
check "rules list shows ids" grep -q '^TST-LNG-001 ' "$TMP/out"
status_is 2 "rules without action is a usage error" "$INSPECTOR" rules
status_is 0 "rules --help" "$INSPECTOR" rules --help
status_is 0 "score --help" "$INSPECTOR" score --help

# Scoring: a rule stopped by the match limit, another recording hits.
DB="$TMP/s.db"
"$INSPECTOR" --db "$DB" init >/dev/null 2>&1
"$INSPECTOR" --db "$DB" import "$FIX/pe-despatch" "$FIX/synthetic/regex/long-item-text.xml" >/dev/null 2>&1
status_is 1 "score reports the stopped rule (exit 1)" "$INSPECTOR" --db "$DB" score --rules "$CASES/regex-score.rules" --as-of 2026-11-28
check "naming rule and subject" grep -q 'rule TST-RGX-002 stopped on 09 T001-9001' "$TMP/err"
check "and the other rule still hits" grep -Eq 'run 1: 2 rules on [0-9]+ subjects, [1-9][0-9]* hits, 1 rule errors' "$TMP/out"
# The shipped rules on the real sample corpus record hits whose evidence
# names the documents behind them.
CDB="$TMP/corpus.db"
"$INSPECTOR" --db "$CDB" init >/dev/null 2>&1
"$INSPECTOR" --db "$CDB" import "$FIX/pe-invoice" "$FIX/pe-despatch" "$FIX/facility-list" >/dev/null 2>&1
status_is 0 "score the corpus with the shipped rules" "$INSPECTOR" --db "$CDB" score --as-of 2026-11-28
check "it records hits" grep -Eq 'run 1: [0-9]+ rules on [0-9]+ subjects, [1-9][0-9]* hits' "$TMP/out"
status_is 0 "hits and their documents" "$INSPECTOR" --db "$CDB" query --format csv --sql \
    "SELECT h.rule_id, h.evidence, d.kind, d.number FROM hits h JOIN hit_documents x ON x.hit_id = h.id JOIN documents d ON d.id = x.document_id"
check "every hit is tied to its documents" sh -c "[ \$(grep -c 'INS-' '$TMP/out') -ge 1 ]"
check "and its evidence names them" grep -q 'documentos: [^-]' "$TMP/out"
status_is 2 "score rejects a bad --as-of" "$INSPECTOR" --db "$DB" score --as-of 2026-13-01

# Nesting of every kind is bounded with a located error, never a crash of
# the stack: 100,000 `not`, minus signs or parentheses, and chains of
# 50,000 `and`, `or` and `+` (issue 11).
deep_rule() { # NAME PREFIX BODY-REPEAT COUNT SUFFIX
    awk -v p="$2" -v r="$3" -v n="$4" -v s="$5" -v name="$1" 'BEGIN {
        printf "rule %s {\n meta:\n  title = \"x\"\n  weight = 0.5\n subject: firm\n condition:\n  %s", name, p
        for (i = 0; i < n; i++) printf "%s", r
        printf "%s\n}\n", s }' >"$TMP/$1.rules"
}
deep_rule deep_not "" "not " 100000 "exporter"
deep_rule deep_neg "" "-" 100000 "1 > 0"
deep_rule deep_paren "" "(" 100000 "exporter"
deep_rule deep_and "exporter" " and exporter" 50000 ""
deep_rule deep_or "exporter" " or exporter" 50000 ""
deep_rule deep_add "1" " + 1" 50000 " > 0"
for r in deep_not deep_neg deep_paren deep_and deep_or deep_add; do
    status_is 1 "$r: refused, not crashed" "$INSPECTOR" rules check "$TMP/$r.rules"
    check "$r: a located error" grep -q "$r.rules:7:[0-9]*: error: expression nested too deeply" "$TMP/err"
done
deep_rule deep_ok "exporter" " and exporter" 150 ""
"$INSPECTOR" rules check "$TMP/deep_ok.rules" >"$TMP/out" 2>"$TMP/err"
check "a chain under the bound parses" sh -c "! grep -q 'nested too deeply' '$TMP/err'"
# (one argument holds at most 128 KiB: 20,000 is past the bound all the same)
q=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "not "; printf "exporter" }')
status_is 1 "a query nested too deeply: refused, not crashed" "$INSPECTOR" --db "$DB" query firm "$q"
check "with the reason" grep -q "nested too deeply" "$TMP/err"
finish
