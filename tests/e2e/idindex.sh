# The id index (.ysh/<ledger>.idx): ysh-add reads through it only the
# records a row concerns, and never lets it decide wrongly.  Missing, stale
# (a hand edit, an append it did not see) or corrupted, it is rebuilt; a row
# it points to that is not the record it says sends it to a rebuild; a
# reference to an id that is not there is refused whatever it says; an index
# kept up by many appenders at once is the one a rebuild makes.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
D="$TMP/county"
cp -a "$SRC/data" "$D"
export YSH_DIR="$D"
export YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"
IDX="$D/.ysh/activities.csv.idx"
CB="callback $CB_FACTS date=2026-11-20 contact=甲 phone=13812345678 served_on=2026-10-15 attitude=好 ability=好
	process_ok=是 channel_ok=是 experience=好 satisfaction=满意"
entries() { echo $((($(wc -c <"$1") - 80) / 32)); }
rows() { echo $(($(wc -l <"$1") - 1)); }

# missing: built by the first add, one entry per row
rm -f "$IDX"
expect_status 0 "$ADD" $T $CB activity=A2026-0002 </dev/null
[ -f "$IDX" ] || fail "no index after an add that refers to activities"
[ "$(entries "$IDX")" = "$(rows "$D/activities.csv")" ] || fail "index of $(entries "$IDX") entries, ledger of $(rows "$D/activities.csv") rows"

# rebuild ID: a callback written for activity ID (each to another contact,
# not a duplicate), which reads activities through their index, rebuilding
# it when it cannot answer; a dry run would not (it writes no index)
cbs=0
rebuild() {
	cbs=$((cbs + 1))
	expect_status 0 "$ADD" $T ${CB/contact=甲/contact=乙$cbs} activity="$1" </dev/null
}

# kept up by each add: what a rebuild makes, byte for byte
expect_status 0 "$ADD" $T activity id=A2026-0002 note=补记 </dev/null
expect_status 0 "$ADD" $T activity $ACT_FACTS date=2026-11-20 unit=县医保局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
	participant=甲 position=局长 items=工单 reported_on=2026-11-20 </dev/null
NEW=$(cat "$TMP/out")
cp "$IDX" "$TMP/kept"
rm "$IDX"
rebuild A2026-0002
expect_same "$TMP/kept" "$IDX"

# a reference to an id the ledger does not have: refused, index or not
expect_status 1 "$ADD" $T $CB activity=A2026-9999 </dev/null
expect_grep "A2026-9999.*\[ref-missing\]" "$TMP/err"
expect_status 1 "$ADD" $T activity id=A2026-9999 note=x </dev/null
expect_grep "no activity A2026-9999" "$TMP/err"

# stale: a row appended by hand is found (the index is rebuilt)
tail -n 1 "$D/activities.csv" | sed "s/^$NEW,/A2026-0900,/" >>"$D/activities.csv"
expect_status 0 "$ADD" $T $CB activity=A2026-0900 </dev/null
[ "$(entries "$IDX")" = "$(rows "$D/activities.csv")" ] || fail "stale index not rebuilt"

# a hand edit that keeps the size and the time: the row the index names for
# A2026-0005 now holds another id; the index is not believed
sed -i.bak 's/^A2026-0005,/A2026-0905,/' "$D/activities.csv"
touch -r "$D/activities.csv.bak" "$D/activities.csv"
rm "$D/activities.csv.bak"
expect_status 1 "$ADD" $T $CB activity=A2026-0005 </dev/null
expect_grep "A2026-0005.*\[ref-missing\]" "$TMP/err"
expect_status 0 "$ADD" $T $CB activity=A2026-0905 </dev/null
# a revision after a hand edit: the record as the ledger has it now
expect_status 0 "$ADD" $T activity id=A2026-0905 note=改后补记 </dev/null
expect_grep "^A2026-0905,.*改后补记" "$D/activities.csv"
expect_status 1 "$ADD" $T activity id=A2026-0905 unit=县医保局 </dev/null
expect_grep "revision-conflict" "$TMP/err"

# corrupted: entries overwritten; detected by the checksum and rebuilt
cp "$IDX" "$TMP/good"
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$IDX" bs=1 seek=200 conv=notrunc 2>/dev/null
rebuild A2026-0003
expect_same "$TMP/good" "$IDX"
# a header that is not one, a truncated file, something else: the same
printf 'not an index' >"$IDX"
rebuild A2026-0003
expect_same "$TMP/good" "$IDX"
head -c 1000 "$TMP/good" >"$IDX"
rebuild A2026-0003
expect_same "$TMP/good" "$IDX"
# a symbolic link planted for it is replaced, never written through
rm "$IDX"
ln -s "$TMP/victim" "$IDX"
echo keep >"$TMP/victim"
rebuild A2026-0003
[ "$(cat "$TMP/victim")" = keep ] || fail "the index was written through a symbolic link"
[ -L "$IDX" ] && fail "the planted link is still the index"

# many appenders at once (and revisions): the index they keep up is the
# one a rebuild makes, and every record is found through it
if [ -z "${YSH_VALGRIND:-}" ]; then
	for a in 1 2 3 4; do
		(
			i=0
			while [ $i -lt 15 ]; do
				"$ADD" $T activity $ACT_FACTS date=2026-11-20 unit=县医保局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
					participant="乙$a-$i" position=局长 items=工单 reported_on=2026-11-20 </dev/null >>"$TMP/ids.$a" ||
					echo "add $a $i" >>"$TMP/errors"
				"$ADD" $T activity id=A2026-0001 note="并发$a-$i" </dev/null >/dev/null || echo "rev $a $i" >>"$TMP/errors"
				i=$((i + 1))
			done
		) &
	done
	wait
	[ -e "$TMP/errors" ] && fail "concurrent adds failed: $(cat "$TMP/errors")"
	cp "$IDX" "$TMP/kept"
	rm "$IDX"
	rebuild A2026-0001
	expect_same "$TMP/kept" "$IDX"
	# a dry run reads through an index that is current
	for id in $(cat "$TMP"/ids.*); do
		"$ADD" $T -n $CB activity="$id" </dev/null >/dev/null 2>&1 || fail "$id not found through the index"
	done
fi

# and the ledgers are whole (the hand edit left a problem's reference to
# A2026-0005 dangling: ref-missing is not asked)
expect_status 0 "$BIN/ysh-check" $T --rule csv-syntax --rule id-duplicate --rule header
finish
