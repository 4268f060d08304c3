# Many clerks at once, and crashes: 8 appenders x 200 records, then appenders
# killed with SIGKILL at random moments.  No record lost, torn or repeated.
. "$(dirname "$0")/lib.sh"
if [ -n "${YSH_VALGRIND:-}" ]; then
	echo "skipped under valgrind (thousands of processes)"
	echo "0 passed, 0 failed"
	exit 0
fi
ADD="$BIN/ysh-add"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D"

appender() {
	i=0
	while [ $i -lt "$2" ]; do
		"$ADD" --today 2026-11-23 activity $ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=处投诉 \
			steps=转办体验、投诉分析、投诉处理 participant="张$1-$i" position=局长 "items=工单$1-$i,\"引号\"" \
			reported_on=2026-11-04 </dev/null >>"$TMP/ids.$1" || echo "appender $1 failed at $i" >>"$TMP/errors"
		i=$((i + 1))
	done
}
# two readers check and report while the appenders run: never a torn record.
# The ledger does not exist until the first append creates it: a reader
# starts once it is there, so that it fails only for a torn record.
reader() {
	until [ -e "$D/activities.csv" ] || [ -e "$TMP/done" ]; do
		sleep 0.01
	done
	while [ ! -e "$TMP/done" ]; do
		if [ "$1" = check ]; then
			"$BIN/ysh-check" --rule csv-syntax --rule id-duplicate --rule header activities.csv \
				>"$TMP/reader-$1" 2>&1 || { cp "$TMP/reader-$1" "$TMP/torn-$1"; }
		else
			"$BIN/ysh-report" --today 2026-11-23 summary --format json >/dev/null 2>"$TMP/reader-$1" ||
				cp "$TMP/reader-$1" "$TMP/torn-$1"
		fi
		echo x >>"$TMP/reads-$1"
	done
}
cd "$D"
# the readers start once the ledger exists: a check of a ledger not made yet
# is an error of the test's own set-up, not a torn record
printf 'id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note,recorded_at,recorded_by\n' >activities.csv
reader check &
reader report &
pids=""
for p in 1 2 3 4 5 6 7 8; do
	appender $p 200 &
	pids="$pids $!"
done
wait $pids
touch "$TMP/done"
wait
CHECKS=$((CHECKS + 1))
for r in check report; do
	[ -e "$TMP/torn-$r" ] && fail "the $r reader saw a broken ledger: $(cat "$TMP/torn-$r")"
done
echo "readers: $(wc -l <"$TMP/reads-check") checks and $(wc -l <"$TMP/reads-report") reports during the appends"

CHECKS=$((CHECKS + 1))
[ -e "$TMP/errors" ] && fail "$(cat "$TMP/errors")"
rows=$(($(wc -l <"$D/activities.csv") - 1))
[ "$rows" = 1600 ] || fail "$rows rows, expected 1600"
ids=$(cat "$TMP"/ids.* | sort -u | wc -l)
[ "$ids" = 1600 ] || fail "$ids distinct ids printed, expected 1600"
fileids=$(tail -n +2 "$D/activities.csv" | cut -d, -f1 | sort -u | wc -l)
[ "$fileids" = 1600 ] || fail "$fileids distinct ids in the file, expected 1600"
expect_status 0 "$BIN/ysh-check" --no-rule monthly-missing activities.csv
expect_grep '^0 errors, 0 warnings in 1600 records (1 file)$' "$TMP/out"

# kill -9 at random moments while two appenders keep going
appender 9 100 &
appender 10 100 &
n=0
while [ $n -lt 500 ]; do
	"$ADD" --today 2026-11-23 activity $ACT_FACTS date=2026-11-03 unit=县司法局 kind=处投诉 \
		steps=转办体验、投诉分析、投诉处理 participant="受害者$n" position=局长 items=工单 reported_on=2026-11-04 \
		</dev/null >/dev/null 2>&1 &
	victim=$!
	sleep "0.00$((n % 10))"
	kill -9 "$victim" 2>/dev/null
	wait "$victim" 2>/dev/null
	n=$((n + 1))
done
wait
expect_status 0 "$BIN/ysh-check" --no-rule monthly-missing activities.csv
expect_grep '^0 errors, 0 warnings in' "$TMP/out"
total=$(($(wc -l <"$D/activities.csv") - 1))
distinct=$(tail -n +2 "$D/activities.csv" | cut -d, -f1 | sort -u | wc -l)
[ "$total" = "$distinct" ] || fail "$total rows but $distinct distinct ids after kill -9"
[ "$total" -ge 1800 ] || fail "only $total rows: appenders lost records"
echo "kill -9: 500 appenders killed at random moments, $((total - 1800)) had completed, 0 damaged records"
finish
