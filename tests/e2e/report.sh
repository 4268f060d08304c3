# ysh-report on the sample county and on bad calls: formats, -o, the month
# chosen from --today, the same bytes every time, the cron script.
. "$(dirname "$0")/lib.sh"
R="$BIN/ysh-report"
D="$SRC/data"

for kind in unit summary filings; do
	for fmt in text csv json md; do
		expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt $kind
		cp "$TMP/out" "$TMP/a"
		expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt --month 2026-11 $kind
		expect_same "$TMP/a" "$TMP/out"
	done
done
# the month comes from --today
expect_status 0 "$R" -C "$D" --today 2026-10-20 summary --format json
expect_grep '"month":"2026-10"' "$TMP/out"
expect_grep '"county":{"activities":' "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary
expect_grep '^蓝田县 2026-11 月度工作总结' "$TMP/out"
expect_grep '^牵头单位：县司法局（跟执法）' "$TMP/out"
expect_grep '满意率' "$TMP/out"

# -o: written whole, then renamed; no temporary left behind
mkdir "$TMP/r"
echo old >"$TMP/r/summary.txt"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary -o "$TMP/r/summary.txt"
expect_grep '^蓝田县 2026-11' "$TMP/r/summary.txt"
[ "$(ls "$TMP/r")" = summary.txt ] || fail "left behind: $(ls "$TMP/r")"
expect_status 2 "$R" -C "$D" summary -o "$TMP/nowhere/summary.txt"
expect_grep 'nowhere' "$TMP/err"

# phones are masked in every format
for fmt in text csv json md; do
	expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt unit
	grep -Eq '1[3-9][0-9]{9}' "$TMP/out" && fail "an unmasked phone number in the $fmt unit report"
	expect_grep '[0-9]\{3\}\*\*\*\*[0-9]\{4\}' "$TMP/out"
done
expect_status 0 "$R" -C "$D" --today 2026-11-22 --format csv --bom unit
head -c 3 "$TMP/out" | od -An -tx1 | grep -q 'ef bb bf' || fail "--bom wrote no byte-order mark"

# --unit and --lead
expect_status 0 "$R" -C "$D" --today 2026-11-22 unit --unit 县市场监管局
expect_grep '^县市场监管局$' "$TMP/out"
grep -q '^玉山镇$' "$TMP/out" && fail "--unit 县市场监管局 shows 玉山镇"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary --lead 县司法局 --format json
grep -q '"lead":"县行政审批局"' "$TMP/out" && fail "--lead 县司法局 shows another office"

# a ledger with errors is still reported, with a warning
expect_status 0 "$R" -C "$SRC/tests/samples/violations" --today 2026-11-23 summary
expect_grep 'warning: the ledgers have 23 errors' "$TMP/err"

# bad calls
bad() {
	expect_status 2 "$@"
	expect_lines 1 "$TMP/err"
}
bad "$R" -C "$D"
bad "$R" -C "$D" weekly
bad "$R" -C "$D" --format xls summary
bad "$R" -C "$D" --bom summary
bad "$R" -C "$D" --month 2026-13 summary
bad "$R" -C "$D" unit --unit 县教育局
expect_grep "not a unit" "$TMP/err"
bad "$R" -C "$D" summary --lead 县政府
bad "$R" -C /nonexistent summary

# the cron script, with the commands on its PATH
mkdir "$TMP/reports"
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" summary "$D" "$TMP/reports"
month=$(date +%Y-%m)
for f in summary.txt summary.csv summary.json filings.txt check-summary.txt; do
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/reports/$month/$f" ] || fail "ysh-monthly wrote no $f"
done
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" unit "$D" "$TMP/reports"
expect_status 2 sh "$SRC/examples/ysh-monthly" weekly "$D" "$TMP/reports"
finish
