# Ledgers an auditor can trust, as a clerk and an attacker would try them:
# broken ledger ends, interrupted appends, ids across years and tampered
# sidecars, values the reader would refuse, control characters, phones,
# where -o may write, exit statuses, signals, a bogus TZ.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
CHECK="$BIN/ysh-check"
D="$TMP/county"
L="$D/activities.csv"
new_county "$D"
export YSH_DIR="$D"
T="--today 2026-11-23"
# recorded_at is the real clock's time: date-future is not judged on it here
C="--no-rule date-future --no-rule monthly-missing"
ACT="$ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 participant=张三 position=局长 items=工单 reported_on=2026-11-04"
HDR="id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note,recorded_at,recorded_by"
ROW="2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,"
add() { expect_status "$1" "$ADD" $T activity $ACT "${@:2}" </dev/null; }
unchanged() { CHECKS=$((CHECKS + 1)); cmp -s "$TMP/before" "$L" || fail "$1 changed the ledger"; }

# ---- a ledger that does not end with a whole record ----
rm -f "$D/.ysh/activities.csv.chain" # a new ledger here, not an edit of the chained one
printf '%s\nA2026-0001,%s\nA2026-0002,2026-11-02,县市场监管局,"张\n三' "$HDR" "$ROW" >"$L"
whole=$(printf '%s\nA2026-0001,%s\n' "$HDR" "$ROW" | wc -c)
cp "$L" "$TMP/before"
add 1
expect_grep "starts at line 3 (byte $whole) ends inside a quoted cell" "$TMP/err"
expect_grep "truncate -s $whole $L" "$TMP/err"
expect_lines 0 "$TMP/out"
unchanged "a refused add after an open quote"
truncate -s "$whole" "$L"
add 0
expect_grep '^A2026-0002$' "$TMP/out"

rm -f "$D/.ysh/activities.csv.chain" # a new ledger here, not an edit of the chained one
printf '%s\r\nA2026-0001,%s' "$HDR" "$ROW" >"$L"
cp "$L" "$TMP/before"
add 1
expect_grep "its last line (line 2) has no line ending" "$TMP/err"
expect_grep "printf '\\\\r\\\\n' >> $L" "$TMP/err"
unchanged "a refused add after a last line without its line ending"
rm -f "$D/.ysh/activities.csv.chain" # a new ledger here, not an edit of the chained one
printf '\r\n' >>"$L"
add 0
expect_grep '^A2026-0002$' "$TMP/out"
# a CRLF cut between its CR and LF is completed
rm -f "$D/.ysh/activities.csv.chain" # a new ledger here, not an edit of the chained one
printf '%s\r\nA2026-0001,%s\r' "$HDR" "$ROW" >"$L"
add 0
CHECKS=$((CHECKS + 1))
[ "$(grep -c $'\r$' "$L")" = 3 ] && ! grep -q $'\r\r' "$L" || fail "the lone CR was not completed to CRLF"
expect_status 0 "$CHECK" $T --rule csv-syntax activities.csv

# ---- an append killed half-way: check reports it, the next add repairs it ----
rm -f "$L" "$D"/.ysh/*
add 0
awk 'BEGIN { print "date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note"
	for (i = 0; i < 20000; i++)
		printf "2026-11-03,县市场监管局,张%d,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-04,\"第一行\n第二行\"\n", i }' >"$TMP/batch.csv"
size=$(stat -c %s "$L")
"$BIN/sigrun" -s 9 -g "$L" -i "$TMP/batch.csv" -o /dev/null -e /dev/null -- "$ADD" $T --batch activity >"$TMP/r"
expect_grep '^signal 9 sent' "$TMP/r"
cp "$L" "$TMP/before"
# The kill lands while the batch is being written, or — on a loaded machine —
# after its last byte but before the intent is removed.  Both are legitimate;
# what must never happen is a torn ledger or a lost record.  Which one it was
# shows in what ysh-check says of the ledger, so branch on that.
"$CHECK" $T $C >"$TMP/out" 2>"$TMP/err"
if [ "$(stat -c %s "$L")" -gt "$size" ] && [ -e "$D/.ysh/activities.csv.intent" ] &&
	grep -q 'an append was interrupted' "$TMP/out"; then
	expect_status 1 "$CHECK" $T $C
	expect_grep "activities.csv:3:0: error: an append was interrupted: the ledger is whole up to here (byte $size)" "$TMP/out"
	expect_grep '^1 error, 0 warnings in 1 record' "$TMP/out"
	unchanged "ysh-check"
	add 0
	expect_grep "an append was interrupted after [0-9]* of its [0-9]* bytes; rolled back to the $size bytes" "$TMP/err"
	expect_grep '^A2026-0002$' "$TMP/out"
	expect_status 0 "$CHECK" $T $C
elif [ -e "$D/.ysh/activities.csv.intent" ]; then
	# killed after the last byte: the batch is whole, the next add keeps it
	expect_status 0 "$CHECK" $T $C --no-rule record-duplicate
	expect_grep '^0 errors, 0 warnings in 20001 records' "$TMP/out"
	unchanged "ysh-check"
	add 0
	expect_grep 'an append was interrupted after its last byte .*it is whole and kept' "$TMP/err"
	expect_grep '^A2026-20002$' "$TMP/out"
	expect_status 0 "$CHECK" $T $C --no-rule record-duplicate
else
	echo "the kill missed the write this time (the batch finished first); the interrupted-append checks were skipped"
fi

# ---- ids never repeat: other years, tampered sidecars ----
rm -f "$L" "$D"/.ysh/*
ids() { for day in "$@"; do
	"$ADD" --today "$day" activity $ACT_FACTS date="$day" unit=县市场监管局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
		participant=张三 position=局长 items=工单 reported_on="$day" </dev/null 2>/dev/null || echo "failed on $day"
done; }
ids 2026-11-01 2026-11-02 2025-12-30 2026-11-03 2024-06-01 2025-12-31 2026-11-04 >"$TMP/ids"
printf '%s\n' A2026-0001 A2026-0002 A2025-0001 A2026-0003 A2024-0001 A2025-0002 A2026-0004 >"$TMP/want"
expect_same "$TMP/want" "$TMP/ids"
S="$D/.ysh/activities.csv.seq"
sed -i 's/2026:4/2026:1/' "$S" # a hand edit
ids 2026-11-05 >>"$TMP/ids"
printf 'ysh-seq 1 1 1 2026 0\n' >"$S" # a forgery in the old format
ids 2026-11-05 >>"$TMP/ids"
rm "$S" # lost
ids 2026-11-05 >>"$TMP/ids"
printf 'ysh-seq 2 0 0 0 0 0\n' >"$TMP/target"
rm -f "$S"
ln -s "$TMP/target" "$S" # a symlink: neither followed nor written through
ids 2026-11-05 >>"$TMP/ids"
CHECKS=$((CHECKS + 1))
[ "$(cat "$TMP/target")" = 'ysh-seq 2 0 0 0 0 0' ] || fail "the sidecar's symlink target was written"
[ -L "$S" ] && fail "the sidecar is still a symlink"
tail -4 "$TMP/ids" >"$TMP/got"
printf '%s\n' A2026-0005 A2026-0006 A2026-0007 A2026-0008 >"$TMP/want"
expect_same "$TMP/want" "$TMP/got"
expect_status 0 "$CHECK" --today 2026-11-23 --rule id-duplicate --rule csv-syntax
CHECKS=$((CHECKS + 1))
[ "$(tail -n +2 "$L" | cut -d, -f1 | sort | uniq -d | wc -l)" = 0 ] || fail "an id repeats"

# ---- only what the reader accepts is written; the field is named ----
cp "$L" "$TMP/before"
refuse() { # FIELD=VALUE, then what the message must say
	expect_status 1 "$ADD" $T activity $ACT "$1" </dev/null
	expect_grep "$2" "$TMP/err"
	expect_lines 1 "$TMP/err"
	unchanged "a refused value"
}
refuse "note=$(printf 'a\033[31mred')" 'note (备注) holds the control character U+001B at byte 2'
refuse "note=$(printf 'bell\a')" 'note (备注) holds the control character U+0007'
refuse "note=$(printf 'a\rb')" 'note (备注) holds the control character U+000D'
refuse "note=$(printf '\357\273\277x')" 'note (备注) holds a byte-order mark'
refuse "note=$(printf 'gbk \377')" 'note (备注) is not valid UTF-8 (byte 0xFF at byte 5)'
refuse "note=$(printf 'c1 \302\233')" 'note (备注) holds the control character U+009B'
refuse "note=$(head -c 65537 /dev/zero | tr '\0' x)" 'note (备注) is 65537 bytes long; a cell holds at most 65536'
# the largest cell is written, and read back without a finding
add 0 "note=$(head -c 65536 /dev/zero | tr '\0' y)"
expect_status 0 "$CHECK" --today 2026-11-23 --rule csv-syntax --rule field-type
printf 'date,unit,participant,position,delegated,kind,mode,steps,items,note\n2026-11-03,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,ok\n2026-11-03,县市场监管局,李四,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,"\033]0;x\a"\n' >"$TMP/b.csv"
cp "$L" "$TMP/before"
expect_status 1 "$ADD" $T --batch activity <"$TMP/b.csv"
expect_grep '<stdin>:3: note (备注) holds the control character U+001B' "$TMP/err"
unchanged "a refused batch"

# ---- messages show control characters, never send them; phones masked ----
printf 'id,activity,date,contact,phone,served_on,attitude,ability,process_ok,channel_ok,experience,satisfaction,valid\n' >"$D/callbacks.csv"
printf 'C2026-0001,A2026-0001,2026-11-05,甲,029-8234567890,2026-10-20,好,好,是,是,好,满意,是\n' >>"$D/callbacks.csv"
printf 'C2026-0002,A2026-0001,2026-11-05,\033[2J乙,82345678,2026-10-20,好,\033]0;pwned\a,是,是,好,满意,是\n' >>"$D/callbacks.csv"
expect_status 1 "$CHECK" --today 2026-11-23 callbacks.csv
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out" && fail "a control character reached ysh-check's output"
expect_grep "callbacks.csv:2:5: error: phone (联系电话) '029-\*\*\*\*\*\*\*890' is not a phone number" "$TMP/out"
expect_grep "ability (服务能力) '\\\\x1b\]0;pwned\\\\x07' is not allowed" "$TMP/out"
grep -q '8234567890' "$TMP/out" && fail "ysh-check printed a phone number in full"
expect_status 1 "$ADD" $T callback $CB_FACTS activity=A2026-0001 date=2026-11-05 contact=甲 phone=138123456789 served_on=2026-10-20 \
	attitude=好 ability=好 process_ok=是 channel_ok=是 experience=好 satisfaction=满意 </dev/null
expect_grep "'138\*\*\*\*\*\*789' is not a phone number" "$TMP/err"
expect_status 2 "$ADD" $T "$(printf 'act\033[31mivity')" </dev/null
expect_grep "unknown ledger 'act\\\\x1b\[31mivity'" "$TMP/err"
rm "$D/callbacks.csv"

# ---- ysh-report -o: a regular file or a new path only ----
R="$BIN/ysh-report"
mkfifo "$TMP/fifo"
ln -s "$TMP/fifo" "$TMP/to-fifo"
ln -s /dev/null "$TMP/to-null"
for bad in "$TMP/fifo:a FIFO" "$TMP/to-fifo:a symbolic link to a FIFO" "/dev/null:a device" \
	"$TMP/to-null:a symbolic link to a device" "$L:is the ledger" "$D/filings.csv:keeps filings.csv" \
	"$D/ysh.ini:ysh.ini" "$D/.ysh/activities.csv.lock:belongs to ysh-add" "$D/.ysh/new:belongs to ysh-add"; do
	expect_status 2 "$R" $T summary -o "${bad%%:*}"
	expect_grep "${bad#*:}" "$TMP/err"
done
CHECKS=$((CHECKS + 1))
[ -p "$TMP/fifo" ] && [ -c /dev/null ] && [ ! -e "$D/filings.csv" ] || fail "-o replaced what it refused"
echo old >"$TMP/report.txt"
chmod 640 "$TMP/report.txt"
expect_status 0 "$R" $T summary -o "$TMP/report.txt"
CHECKS=$((CHECKS + 1))
[ "$(stat -c %a "$TMP/report.txt")" = 640 ] || fail "-o changed the report's mode to $(stat -c %a "$TMP/report.txt")"
ln -s report.txt "$TMP/latest.txt"
expect_status 0 "$R" $T filings -o "$TMP/latest.txt"
CHECKS=$((CHECKS + 1))
[ -L "$TMP/latest.txt" ] && grep -q '涉企' "$TMP/report.txt" || fail "-o through a symlink did not write the report it names"

# ---- once written, exit 0 even when the id cannot be printed ----
n0=$(wc -l <"$L")
expect_status 0 sh -c "'$ADD' $T activity $ACT >&- </dev/null"
expect_grep 'warning: A2026-[0-9]* was written, but its id could not be printed: Bad file descriptor' "$TMP/err"
expect_status 0 sh -c "'$ADD' $T activity $ACT >/dev/full </dev/null"
expect_grep 'warning: A2026-[0-9]* was written, but its id could not be printed: No space left on device' "$TMP/err"
id=$(sed -n 's/.*warning: \(A2026-[0-9]*\) was written.*/\1/p' "$TMP/err")
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$L")" = $((n0 + 2)) ] && grep -q "^$id," "$L" || fail "the records whose ids could not be printed are not there"
# nothing written: still a failure to report
expect_status 2 sh -c "'$ADD' $T -n activity $ACT >/dev/full </dev/null"

# ---- SIGTERM and SIGINT during a batch: all of it, with its ids, or none ----
rm -f "$L" "$D"/.ysh/*
add 0
i=0 whole=0 none=0
while [ $i -lt 16 ]; do
	sig=$((i % 2 ? 2 : 15))
	if [ $((i % 4)) -lt 2 ]; then when="-g $L"; else when="-d $((i * 23000))"; fi
	size0=$(stat -c %s "$L")
	# shellcheck disable=SC2086
	r=$("$BIN/sigrun" -s $sig $when -i "$TMP/batch.csv" -o "$TMP/ids" -e "$TMP/err" -- "$ADD" $T --batch activity)
	rows=$(grep -c '第一行' "$L")
	CHECKS=$((CHECKS + 1))
	case $r in
	"exit 0 "*)
		[ "$(wc -l <"$TMP/ids")" = 20000 ] || fail "signal $sig: a whole batch but $(wc -l <"$TMP/ids") ids printed"
		[ $((rows % 20000)) = 0 ] || fail "signal $sig: $rows batch rows"
		# signalled as the write landed: held until the ids were out
		case "$r $when" in *" sent -g "*) grep -q 'arrived after the records were written' "$TMP/err" ||
			fail "signal $sig during the write: no warning" ;; esac
		whole=$((whole + 1)) ;;
	"signal $sig sent")
		[ "$(stat -c %s "$L")" = "$size0" ] || fail "signal $sig: killed, but the ledger changed"
		none=$((none + 1)) ;;
	*) fail "signal $sig: $r" ;;
	esac
	[ -e "$D/.ysh/activities.csv.intent" ] && fail "signal $sig left an intent"
	i=$((i + 1))
done
echo "signals: 16 SIGTERM/SIGINT during 20,000-row batches: $whole completed with all their ids printed, $none rolled back whole, 0 partial"
expect_status 0 "$CHECK" $T --rule csv-syntax --rule id-duplicate activities.csv

# ---- a bogus TZ: a valid recorded_at in UTC, and a warning ----
for tz in Nowhere/Bogus garbage XYZ-25; do
	TZ=$tz expect_status 0 "$ADD" $T activity $ACT </dev/null
	expect_grep "warning: TZ='$tz' is not a time zone ysh can use; dates and times are in UTC" "$TMP/err"
	id=$(cat "$TMP/out")
	CHECKS=$((CHECKS + 1))
	grep -q "^$id,.*,20[0-9-]*T[0-9:]*+00:00,[^,]*\$" "$L" || fail "TZ=$tz: recorded_at of $id is not UTC: $(grep "^$id," "$L")"
done
expect_status 0 "$CHECK" $T --rule field-type activities.csv

# ---- --batch header errors name the input's column, not a schema's ----
printf 'date,unit,participant,position,kindd,steps,items\n' | expect_status 1 "$ADD" $T --batch activity
expect_grep "^ysh-add: <stdin>:1: error: unknown column 'kindd' (not in the activities schema) \[header\]$" "$TMP/err"
printf 'date,unit,participant,position,delegated,kind,mode,steps,items,date\n' | expect_status 1 "$ADD" $T --batch activity
expect_grep "^ysh-add: <stdin>:1: error: duplicate column 'date' (also column 1) \[header\]$" "$TMP/err"
finish
