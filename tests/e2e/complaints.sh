# The complaints ledger from the shell: ysh-add writes a complaint and its
# revisions (the reply due recorded as it is written, a finding when it is missed),
# a closing without a reply is written and warned about; the complaints and
# roster reports of data/ in every format; roster refuses a range.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
R="$BIN/ysh-report"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D" YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"

expect_status 0 "$ADD" $T complaint received_on=2026-11-16 channel=12345热线 order_no=LT001 complainant=王某 \
	unit=县市场监管局 category=市场秩序 content=价格标示不清 </dev/null
expect_grep '^T2026-0001$' "$TMP/out"
expect_grep '^T2026-0001,2026-11-16,12345热线,LT001,王某,' "$D/complaints.csv"
expect_grep ',未办结,' "$D/complaints.csv"
# due 11-23 (5 working days): not yet overdue today, overdue tomorrow
expect_status 0 "$BIN/ysh-check" $T
expect_grep '^0 errors, 0 warnings in 1 record (1 file)$' "$TMP/out"
expect_status 0 "$BIN/ysh-check" --today 2026-11-24
expect_grep 'complaints.csv:2:12: warning: reply_due 2026-11-23 has passed and the complaint has no replied_on (答复日期) \[reply-overdue\]$' "$TMP/out"
# a channel not among the allowed: refused, nothing written
cp "$D/complaints.csv" "$TMP/before"
expect_status 1 "$ADD" $T complaint received_on=2026-11-16 channel=微信 complainant=李某 \
	unit=县市场监管局 category=市场秩序 content=另一件 </dev/null
expect_grep 'channel' "$TMP/err"
expect_same "$TMP/before" "$D/complaints.csv"
# closed without a reply: written (it happened) and flagged
expect_status 0 "$ADD" $T complaint id=T2026-0001 status=已办结 closed_on=2026-11-20 </dev/null
expect_grep 'feedback-missing' "$TMP/err"
expect_status 1 "$BIN/ysh-check" $T
expect_grep 'complaints.csv:2:13: error: closed without a reply to the complainant (一件一反馈): give replied_on (答复日期) \[feedback-missing\]$' "$TMP/out"
# status only moves forward
expect_status 1 "$ADD" $T complaint id=T2026-0001 status=办理中 </dev/null
expect_grep 'revision-conflict\|forward' "$TMP/err"
# the reply: the record is clean again
expect_status 0 "$ADD" $T complaint id=T2026-0001 replied_on=2026-11-19 satisfied=满意 </dev/null
expect_status 0 "$BIN/ysh-check" $T
expect_grep '^0 errors, 0 warnings' "$TMP/out"
# a problem from the complaint refers to it; to nothing is refused
expect_status 0 "$ADD" $T problem found_on=2026-11-20 unit=县市场监管局 source=投诉 type=问题 item=明码标价 \
	finder=王某 description=价格标示不清 handling=立行立改 complaint=T2026-0001 </dev/null
expect_status 1 "$ADD" $T problem found_on=2026-11-20 unit=县市场监管局 source=投诉 type=问题 item=明码标价 \
	finder=王某 description=另一处 handling=立行立改 complaint=T2026-0099 </dev/null
expect_grep 'ref-missing\|T2026-0099' "$TMP/err"

# the reports of data/, every format
for kind in complaints roster; do
	for fmt in text csv md json; do
		expect_status 0 "$R" -C "$SRC/data" --today 2026-11-23 --month 2026-11 --format $fmt $kind
	done
	python3 -c 'import json,sys; json.load(sys.stdin)' <"$TMP/out" || fail "$kind json does not parse"
done
expect_status 0 "$R" -C "$SRC/data" --today 2026-11-23 --month 2026-10 roster
expect_grep '^下月（2026-11）处投诉单位：县城管执法局、国网蓝田供电公司$' "$TMP/out"
expect_grep '^名单外单位处投诉 0 次：无$' "$TMP/out"
expect_status 0 "$R" -C "$SRC/data" --today 2026-11-23 --month 2026-11 summary
expect_grep '^协调解决各类投诉反馈问题 [0-9]* 个。$' "$TMP/out"
# cumulative, as the county says it
expect_status 0 "$R" -C "$SRC/data" --today 2026-11-23 --to 2026-11-20 complaints
expect_grep '^截至 2026-11-20，共协调解决各类投诉反馈问题 [0-9]* 个。$' "$TMP/out"
# a roster is a month's
expect_status 2 "$R" -C "$SRC/data" --today 2026-11-23 --quarter 2026Q4 roster
expect_grep 'roster is made for one month' "$TMP/err"
# no phone or complainant in the clear
expect_status 0 "$R" -C "$SRC/data" --today 2026-11-23 --month 2026-11 --format csv complaints
grep -q '1[3-9][0-9]\{9\}' "$TMP/out" && fail "a phone number in the clear"
finish
