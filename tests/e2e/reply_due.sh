# A complaint's reply due date (reply_due: due_from, due_workdays) is
# recorded when ysh-add makes the record, from the reply_workdays then in
# force and the calendar (a holiday week, a make-up working day), by
# key=value and by --batch, as a dry run shows it; a date the clerk gives is
# kept.  Changing reply_workdays in ysh.ini later does not move it, so the
# on-time replies (按时答复) of a month already reported stay as reported;
# a row already in a ledger with the cell empty goes on being computed when
# read, from today's ysh.ini (ysh-ledgers(5)).
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
R="$BIN/ysh-report"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D" YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"
C="complaint channel=12345热线 unit=县市场监管局 category=市场秩序"
due_of() { # ID: the reply_due cell of the record's first row
	grep "^$1," "$D/complaints.csv" | head -1 | cut -d, -f12
}

# the sample calendar: 2026-10-01..07 holidays, 2026-10-10 (a Saturday) a
# working day; reply_workdays is the default 5.  Received Monday 09-28: due
# 09-29, 09-30, 10-08, 10-09, 10-10
expect_status 0 "$ADD" $T $C received_on=2026-09-28 complainant=王某 content=价格标示不清 </dev/null
expect_grep '^T2026-0001$' "$TMP/out"
[ "$(due_of T2026-0001)" = 2026-10-10 ] || fail "reply_due written as '$(due_of T2026-0001)', not 2026-10-10"
expect_status 0 "$ADD" $T complaint id=T2026-0001 replied_on=2026-10-10 satisfied=满意 </dev/null
# a date the clerk gives is kept as given
expect_status 0 "$ADD" $T $C received_on=2026-09-28 complainant=李某 content=另一件 reply_due=2026-10-20 </dev/null
[ "$(due_of T2026-0002)" = 2026-10-20 ] || fail "a given reply_due became '$(due_of T2026-0002)'"
# a dry run shows the date it would record
expect_status 0 "$ADD" $T -n $C received_on=2026-10-12 complainant=赵某 content=试运行 </dev/null
expect_grep '^T2026-0003,2026-10-12,.*,2026-10-19,' "$TMP/out"
# --batch: without the column, and with it empty
printf 'received_on,channel,complainant,unit,category,content\n2026-10-12,网络,钱某,县市场监管局,市场秩序,批量一\n' |
	expect_status 0 "$ADD" $T --batch complaint
[ "$(due_of T2026-0003)" = 2026-10-19 ] || fail "batch reply_due '$(due_of T2026-0003)', not 2026-10-19"
printf 'received_on,channel,complainant,unit,category,content,reply_due\n2026-09-30,网络,孙某,县市场监管局,市场秩序,批量二,\n' |
	expect_status 0 "$ADD" $T --batch complaint
[ "$(due_of T2026-0004)" = 2026-10-13 ] || fail "batch reply_due '$(due_of T2026-0004)', not 2026-10-13"

# a row kept before the date was recorded (its cell empty), replied the
# same day as T2026-0001, and chained by the auditor
printf 'T2026-0900,2026-09-28,来电,,周某,,,县市场监管局,市场秩序,旧记录,,,2026-10-10,,满意,,未办结,,,,,2026-09-28T09:00:00+08:00,clerk\n' \
	>>"$D/complaints.csv"
expect_status 0 "$ADD" --adopt complaint </dev/null

expect_status 0 "$R" $T --month 2026-10 complaints
expect_grep '答复 2 件（按时答复 2 件）' "$TMP/out"
cp "$TMP/out" "$TMP/reported"

# reply_workdays lowered to 3 afterwards: T2026-0001 stays replied on time
# (its date is recorded); the old row is computed anew (due 10-08) and late
sed -i 's/^\[rules\]$/[rules]\nreply_workdays = 3/' "$D/ysh.ini"
grep -q '^reply_workdays = 3$' "$D/ysh.ini" || fail "reply_workdays not set in ysh.ini"
expect_status 0 "$R" $T --month 2026-10 complaints
expect_grep '答复 2 件（按时答复 1 件）' "$TMP/out"
[ "$(due_of T2026-0001)" = 2026-10-10 ] || fail "the ledger changed"
# a complaint made now takes the setting in force now: 10-13, 10-14, 10-15
expect_status 0 "$ADD" $T $C received_on=2026-10-12 complainant=吴某 content=新设置 </dev/null
new=$(cat "$TMP/out")
[ "$(due_of "$new")" = 2026-10-15 ] || fail "reply_due under reply_workdays = 3: '$(due_of "$new")'"

# a ledger whose header has no reply_due column: the complaint is written
# (there is nowhere to record the date), and its date computed when read
E="$TMP/old"
new_county "$E"
head -1 "$D/complaints.csv" | sed 's/,reply_due,/,/' >"$E/complaints.csv"
expect_status 0 "$ADD" -C "$E" $T $C received_on=2026-09-28 complainant=郑某 content=旧表头 </dev/null
expect_grep '^T2026-0001,2026-09-28,' "$E/complaints.csv"
expect_status 0 "$R" -C "$E" $T --month 2026-10 complaints
expect_grep 'T2026-0001  2026-09-28 .* 2026-10-10  未办结' "$TMP/out"
finish
