# No torn ledgers: ysh-add --batch of 20,000 rows with quoted multi-line notes
# killed with SIGKILL (by pid) as its write lands or at other moments; after
# every kill, an add with a multi-line note must land whole, and at the end
# every batch is in the ledger whole or not at all, every id is distinct and
# ysh-check finds nothing.  YSH_TORN_KILLS (default 150) and YSH_TORN_ROWS
# (default 20000) scale it: docs/reliability.md gives the figures of a
# 500-kill run.
. "$(dirname "$0")/lib.sh"
if [ -n "${YSH_VALGRIND:-}" ]; then
	echo "skipped under valgrind (hundreds of 20,000-row batches)"
	echo "0 passed, 0 failed"
	exit 0
fi
ADD="$BIN/ysh-add"
KILLS=${YSH_TORN_KILLS:-150}
ROWS=${YSH_TORN_ROWS:-20000}
D="$TMP/county"
L="$D/activities.csv"
new_county "$D"
export YSH_DIR="$D"

awk -v rows="$ROWS" 'BEGIN {
	print "date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note"
	for (i = 0; i < rows; i++)
		printf "2026-11-03,县市场监管局,张%d,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单%d,2026-11-04,\"batch row %d: 第一行\n第二行, \"\"引号\"\", 逗号\"\n", i, i, i
}' >"$TMP/batch.csv"

start=$(date +%s)
n=0 torn=0 kept=0 synced=0 completed=0 unwritten=0 landed=0
while [ "$n" -lt "$KILLS" ]; do
	# two kills in three as the write lands, the third at another moment
	if [ $((n % 3)) -lt 2 ]; then
		when="-g $L"
	else
		when="-d $(((n * 7919) % 400000))"
	fi
	size0=$(stat -c %s "$L" 2>/dev/null || echo 0)
	# shellcheck disable=SC2086
	r=$("$BIN/sigrun" -s 9 $when -i "$TMP/batch.csv" -o "$TMP/ids" -e "$TMP/batch-err" -- \
		"$ADD" --today 2026-11-23 --batch activity)
	size1=$(stat -c %s "$L" 2>/dev/null || echo 0)
	case $r in
	"signal 9 sent") ;;
	"exit 0 "*) completed=$((completed + 1)) ;;
	*) fail "batch $n: $r: $(head -3 "$TMP/batch-err")" ;;
	esac
	# the next add rolls a torn batch back, and lands
	CHECKS=$((CHECKS + 1))
	if id=$("$ADD" --today 2026-11-23 activity $ACT_FACTS date=2026-11-03 unit=县司法局 kind=处投诉 \
		steps=转办体验、投诉分析、投诉处理 participant=后来者 position=局长 items=工单 \
		reported_on=2026-11-04 "note=第 $n 次之后
第二行, \"引号\"" 2>"$TMP/later-err" </dev/null); then
		landed=$((landed + 1))
	else
		fail "the add after kill $n: $(cat "$TMP/later-err")"
	fi
	if grep -q 'rolled back' "$TMP/later-err"; then
		torn=$((torn + 1))
	elif grep -q 'whole and kept' "$TMP/later-err"; then
		kept=$((kept + 1))
	elif [ "$r" = "signal 9 sent" ] && [ "$size1" = "$size0" ]; then
		unwritten=$((unwritten + 1))
	elif [ "$r" = "signal 9 sent" ]; then
		synced=$((synced + 1)) # killed after its fsync, before printing its ids
	fi
	# it is the last record, whole, and the ledger ends with its line break
	CHECKS=$((CHECKS + 1))
	tail -c 300 "$L" | grep -q "^$id,2026-11-03,县司法局,后来者," || fail "kill $n: $id is not the last record"
	[ "$(tail -c 1 "$L" | od -An -tx1 | tr -d ' ')" = 0a ] || fail "kill $n: the ledger does not end with a line break"
	n=$((n + 1))
done
elapsed=$(($(date +%s) - start))

# every batch whole or absent: its rows 0..ROWS-1 in order, never a part
CHECKS=$((CHECKS + 1))
awk -v rows="$ROWS" '
	match($0, /"batch row [0-9]+:/) {
		k = substr($0, RSTART + 11, RLENGTH - 12) + 0
		if (k != expect) { printf "row %d where row %d was due (line %d)\n", k, expect, NR; bad = 1; exit }
		expect = (k + 1) % rows; seen++
	}
	END { if (!bad && expect != 0) { printf "a batch ends after %d of its rows\n", expect; bad = 1 }
	      printf "%d batch rows\n", seen > "/dev/stderr"; exit bad }' "$L" 2>"$TMP/rows" ||
	fail "a partial batch is in the ledger"
batch_rows=$(awk '{print $1}' "$TMP/rows")
[ $((batch_rows % ROWS)) = 0 ] || fail "$batch_rows batch rows: not a whole number of batches"
[ $((batch_rows / ROWS)) = $((completed + kept + synced)) ] ||
	fail "$((batch_rows / ROWS)) batches in the ledger; $completed completed, $kept and $synced killed whole"

expect_status 0 "$BIN/ysh-check" --today 2026-11-23 --rule csv-syntax --rule id-duplicate --rule header \
	--rule write-interrupted --rule field-type activities.csv
expect_grep '^0 errors, 0 warnings in' "$TMP/out"
CHECKS=$((CHECKS + 1))
[ ! -e "$D/.ysh/activities.csv.intent" ] || fail "an intent was left behind"

echo "torn: $KILLS SIGKILLs of $ROWS-row batches in ${elapsed}s: $torn torn and rolled back, $kept killed after their last byte and kept whole, $synced killed after their fsync, $unwritten killed before writing, $completed completed; $landed of $KILLS later adds landed; $((batch_rows / ROWS)) whole batches and no part of one in the ledger"
finish
