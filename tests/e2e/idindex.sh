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
# the header's counts: entries, of them in the sorted part (8-byte words
# after the magic and the ledger's five)
hdr() { od -An -tu8 -j $((48 + 8 * $2)) -N8 "$1" | tr -d ' '; }
entries() { hdr "$1" 0; }
sorted() { hdr "$1" 1; }
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

# a ledger of more rows than the tail holds (4096): the first 4096·k in the
# sorted part, found by binary search there, the rest in the tail; copies
# of the sample's activities with their own ids (A2026-0001 of copy 10 is
# A2026-000100001) and participants, so that none duplicates another
D2="$TMP/large"
cp -a "$SRC/data" "$D2"
rm -rf "$D2/.ysh"
awk -F, -v OFS=, 'NR == 1 { print; next } { r[++m] = $0 } END {
	for (c = 0; c < 67; c++) for (i = 1; i <= m; i++) {
		$0 = r[i]; if (c) { $4 = $4 "-" c; sub(/^A2026-/, sprintf("A2026-%05d", c)) } print } }' \
	"$SRC/data/activities.csv" >"$D2/activities.csv"
IDX2="$D2/.ysh/activities.csv.idx"
export YSH_DIR="$D2"
expect_status 0 "$ADD" $T $CB activity=A2026-000100005 </dev/null # copy 10: sorted
[ "$(entries "$IDX2")" = 8040 ] && [ "$(sorted "$IDX2")" = 4096 ] ||
	fail "index of $(entries "$IDX2") entries, $(sorted "$IDX2") sorted; want 8040, 4096"
expect_status 0 "$ADD" $T $CB activity=A2026-000600007 </dev/null # copy 60: the tail
expect_status 1 "$ADD" $T $CB activity=A2026-000100999 </dev/null
expect_grep "A2026-000100999.*\[ref-missing\]" "$TMP/err"
# a revision of a sorted record, then one that needs the first: both rows read
expect_status 0 "$ADD" $T activity id=A2026-000100003 note=分段补记 </dev/null
expect_status 1 "$ADD" $T activity id=A2026-000100003 unit=县医保局 </dev/null
expect_grep "revision-conflict" "$TMP/err"
# a row with the defining cells of a sorted record: found by its key hash
sed -n 's/^A2026-000100005,//p' "$D2/activities.csv" | sed 's/^/,/' >"$TMP/dup.csv"
{ head -n 1 "$D2/activities.csv"; cat "$TMP/dup.csv"; } >"$TMP/dup-batch.csv"
expect_status 0 "$ADD" $T --batch activity <"$TMP/dup-batch.csv"
expect_grep "as A2026-000100005 .*\[record-duplicate\]" "$TMP/err"
expect_status 0 "$ADD" $T activity id="$(cat "$TMP/out")" voided=是 void_reason=重复录入 </dev/null
cp "$IDX2" "$TMP/good2"
rm "$IDX2"
expect_status 0 "$ADD" $T $CB activity=A2026-000100006 </dev/null
expect_same "$TMP/good2" "$IDX2"
# a block of the sorted part changed (the one every search starts in, 2048
# entries in): failed by its check, rebuilt
cp "$IDX2" "$TMP/good2"
printf 'XXXXXXXX' | dd of="$IDX2" bs=1 seek=$((96 + 2048 * 32 + 8)) conv=notrunc 2>/dev/null
expect_status 0 "$ADD" $T $CB activity=A2026-000100008 </dev/null
expect_same "$TMP/good2" "$IDX2"
# a batch that fills the tail past 8192 rows: merged into the sorted part,
# the index kept up the one a rebuild makes, its new rows found
awk -F, -v OFS=, 'NR > 1 { $1 = ""; for (b = 1; b <= 2; b++) { p = $4; $4 = p "-批" b; print; $4 = p } }' \
	"$SRC/data/activities.csv" >"$TMP/rows.csv"
{ head -n 1 "$D2/activities.csv"; cat "$TMP/rows.csv"; } >"$TMP/batch.csv"
expect_status 0 "$ADD" $T --batch activity <"$TMP/batch.csv"
LAST=$(tail -n 1 "$TMP/out")
[ "$(sorted "$IDX2")" = 8192 ] || fail "after the batch, $(sorted "$IDX2") sorted entries, want 8192"
[ "$(entries "$IDX2")" = "$(rows "$D2/activities.csv")" ] || fail "index of $(entries "$IDX2") entries after the batch"
cp "$IDX2" "$TMP/kept2"
rm "$IDX2"
expect_status 0 "$ADD" $T -n $CB activity="$LAST" </dev/null # a dry run builds none
[ -e "$IDX2" ] && fail "a dry run wrote the index"
expect_status 0 "$ADD" $T $CB activity="$LAST" </dev/null
expect_same "$TMP/kept2" "$IDX2"
expect_status 0 "$BIN/ysh-check" $T --rule csv-syntax --rule id-duplicate --rule header --rule record-duplicate
export YSH_DIR="$D"

# and the ledgers are whole (the hand edit left a problem's reference to
# A2026-0005 dangling: ref-missing is not asked)
expect_status 0 "$BIN/ysh-check" $T --rule csv-syntax --rule id-duplicate --rule header
finish
