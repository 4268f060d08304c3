# The hash chain as an auditor meets it: every kind of edit after the fact is
# found with the right code at the right line, rows from elsewhere are named,
# --adopt takes them in, and a report proves later what it was made from.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
CHECK="$BIN/ysh-check"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D" YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"
for p in 张一 张二 张三 张四; do
	expect_status 0 "$ADD" $T activity $ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
		participant=$p position=局长 "items=工单,\"引号\"
第二行" reported_on=2026-11-04 </dev/null
done
cp "$D/activities.csv" "$TMP/clean.csv"
L="$D/activities.csv"
check() { expect_status "$1" "$CHECK" $T --no-rule monthly-missing; }
check 0
expect_grep '^0 errors, 0 warnings in 4 records (1 file)$' "$TMP/out"
# the line each record starts on (two physical lines each)
line_of() { grep -n "$1" "$L" | head -1 | cut -d: -f1; }

# a report made now, in every format
for f in text csv md json; do
	expect_status 0 "$BIN/ysh-report" $T --month 2026-11 summary --format $f -o "$TMP/report.$f"
	expect_status 0 "$CHECK" --verify-report "$TMP/report.$f"
	expect_grep 'still holds the 5 rows the report was made from (now 5)$' "$TMP/out"
done

attacks=0 found=0
attack() { # NAME: the ledger is edited; the check must say CODE at LINE
	attacks=$((attacks + 1))
	check 1
	if grep -q "activities.csv:$2:0: error: .*\[$1\]$" "$TMP/out"; then
		found=$((found + 1))
	else
		fail "$3: no [$1] at line $2: $(cat "$TMP/out")"
	fi
	cp "$TMP/clean.csv" "$L"
}
# an edit in place: 张二's status of the world rewritten
sed -i 's/张二/张贰/' "$L"
attack chain-broken 4 "edit in place"
# a deleted row (张二's two lines)
n=$(line_of 张二)
sed -i "${n},$((n + 1))d" "$L"
attack chain-broken "$n" "deleted row"
# two rows swapped
n2=$(line_of 张二) n3=$(line_of 张三)
{ sed -n "1,$((n2 - 1))p" "$TMP/clean.csv"; sed -n "${n3},$((n3 + 1))p" "$TMP/clean.csv"
  sed -n "${n2},$((n2 + 1))p" "$TMP/clean.csv"; sed -n "$((n3 + 2)),\$p" "$TMP/clean.csv"; } >"$L"
attack chain-broken "$n2" "swapped rows"
# a row appended by hand, recorded_by and all
printf 'A2026-0099,2026-11-05,县市场监管局,冒名,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-05,,,,2026-11-05T09:00:00+08:00,zhangli\n' >>"$L"
attacks=$((attacks + 1))
check 0
if grep -q "activities.csv:10:0: warning: this row is not in the hash chain.*\[record-unchained\]$" "$TMP/out"; then
	found=$((found + 1))
else
	fail "hand-appended row: no [record-unchained] at line 10: $(cat "$TMP/out")"
fi
# the report proves the ledger still extends what it counted...
expect_status 0 "$CHECK" --verify-report "$TMP/report.md"
# ...--adopt takes the row in after review, and says how many
expect_status 0 "$ADD" --adopt activity
expect_grep '^1 row of .*activities.csv adopted into its hash chain$' "$TMP/out"
check 0
expect_grep '^0 errors, 0 warnings in 5 records (1 file)$' "$TMP/out"
# a report holds against a rewrite of what it counted, even with the chain
# file rewritten to match (chain-internal checks cannot see that: the head can)
cp "$L" "$TMP/before-rewrite.csv"
sed -i 's/张一/张壹/' "$L"
rm "$D/.ysh/activities.csv.chain"
expect_status 0 "$ADD" --adopt activity
expect_status 1 "$CHECK" --verify-report "$TMP/report.json"
expect_grep "activities.csv:3: differs from the report\|differs from the report: its chain no longer leads" "$TMP/out"
cp "$TMP/before-rewrite.csv" "$L"
# adopting over a broken chain is refused
cp "$TMP/clean.csv" "$L"
sed -i 's/张三/张叁/' "$L"
expect_status 1 "$ADD" --adopt activity
expect_grep 'no longer holds what was recorded; an auditor must look first' "$TMP/err"
# ---- error paths an auditor or a clerk can hit ----
cp "$TMP/clean.csv" "$L"
rm -f "$D/.ysh/activities.csv.chain"
expect_status 0 "$ADD" --adopt activity
# a ledger cut short after a report: the report says so, not "differs at line N"
cp "$L" "$TMP/full.csv"
expect_status 0 "$BIN/ysh-report" $T --month 2026-11 summary --format md -o "$TMP/cut.md"
head -n 5 "$TMP/full.csv" >"$L"
expect_status 1 "$CHECK" --verify-report "$TMP/cut.md"
expect_grep 'activities.csv: differs from the report: the ledger was cut short; it ends before the 5 rows the report counted (3 are left)$' "$TMP/out"
cp "$TMP/full.csv" "$L"
# a file that is no report
expect_status 2 "$CHECK" --verify-report "$D/ysh.ini"
expect_grep 'no 台账校验码 (ledger digest) in it: not a report of ysh$' "$TMP/err"
# a chain file with a line that is not a chain line: one finding, nothing cascades
cp "$D/.ysh/activities.csv.chain" "$TMP/chain"
echo garbage >>"$D/.ysh/activities.csv.chain"
check 1
expect_grep 'activities.csv:0:0: error: .*activities.csv.chain:7: not a line of a ysh hash chain \[chain-broken\]$' "$TMP/out"
expect_grep '^1 error, 0 warnings in 4 records (1 file)$' "$TMP/out"
cp "$TMP/chain" "$D/.ysh/activities.csv.chain"
# a ledger deleted while its chain remains
mv "$L" "$TMP/gone.csv"
check 1
expect_grep 'the ledger is gone, but its hash chain (.ysh/activities.csv.chain) lists 5 rows recorded in it \[chain-broken\]$' "$TMP/out"
mv "$TMP/gone.csv" "$L"
# a row inserted by hand between chained rows is not adopted: the chain is broken there
n=$(line_of 张三)
sed -i "${n}i A2026-0098,2026-11-05,县市场监管局,冒名,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-05,,,,2026-11-05T09:00:00+08:00,zhangli" "$L"
cp "$L" "$TMP/before"
expect_status 1 "$ADD" --adopt activity
expect_grep 'no longer holds what was recorded; an auditor must look first' "$TMP/err"
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/before" "$L" || fail "a refused --adopt changed the ledger"
cp "$TMP/full.csv" "$L"
# usage errors
expect_status 2 "$ADD" --adopt activity unit=县市场监管局
expect_grep '--adopt takes the ledger alone' "$TMP/err"
YSH_NOW=garbage expect_status 2 "$ADD" $T activity $ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=李四 position=局长 items=工单 reported_on=2026-11-04
expect_grep "YSH_NOW 'garbage' is not a timestamp like" "$TMP/err"
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/full.csv" "$L" || fail "a refused add changed the ledger"
echo "attacks detected: $found of $attacks (edit in place, deleted row, swapped rows, hand-appended row)"
CHECKS=$((CHECKS + 1))
[ "$found" = "$attacks" ] || fail "$found of $attacks attacks detected"
finish
