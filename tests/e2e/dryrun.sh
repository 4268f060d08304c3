# --dry-run writes nothing: not the ledgers, and nothing in .ysh either (no
# id index built or rebuilt, no lock file, no sequence hint); yet it answers
# as the add would: the rows it would write, the ids, the findings, read
# through the whole ledgers when no index is current.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
D="$TMP/county"
cp -a "$SRC/data" "$D"
export YSH_DIR="$D" YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"
ACT="activity $ACT_FACTS date=2026-11-20 unit=县医保局 kind=处投诉 steps=转办体验、投诉分析、投诉处理
	participant=甲 position=局长 items=工单 reported_on=2026-11-20"
CB="callback $CB_FACTS date=2026-11-20 contact=甲 phone=13812345678 served_on=2026-10-15 attitude=好 ability=好
	process_ok=是 channel_ok=是 experience=好 satisfaction=满意"

# every file and directory under DIR: name, type, size, time, mode, checksum
tree() {
	(cd "$1" && find . -printf '%p %y %s %T@ %m\n' | sort && find . -type f -exec sha256sum {} + | sort -k2)
}
# dry CMD...: a dry run that must succeed and leave $D as it was
dry() {
	tree "$D" >"$TMP/before.tree"
	expect_status 0 "$ADD" $T -n "$@"
	tree "$D" >"$TMP/after.tree"
	expect_same "$TMP/before.tree" "$TMP/after.tree"
}

# a county whose .ysh holds no id index
rm -f "$D"/.ysh/*.idx
last=$(tail -n 1 "$D/activities.csv" | cut -d, -f1)
next=$(printf 'A2026-%04d' $((10#${last#A2026-} + 1)))
# a new record: the row it would write, with the next id
dry $ACT </dev/null
expect_grep "^$next,2026-11-20,县医保局,甲," "$TMP/out"
cp "$TMP/out" "$TMP/dry-row"
# a revision, a reference to another ledger (read for it), a batch
dry activity id=A2026-0002 note=补记 </dev/null
expect_grep '^A2026-0002,.*,补记,' "$TMP/out"
dry $CB activity=A2026-0002 </dev/null
expect_grep '^C2026-[0-9]*,A2026-0002,2026-11-20,甲,' "$TMP/out"
printf 'id,note\nA2026-0001,补一\nA2026-0003,补三\n' | dry --batch activity
expect_lines 2 "$TMP/out"
# what a dry run refuses or flags, it says as the add does
expect_status 1 "$ADD" $T -n $CB activity=A2026-9999 </dev/null
expect_grep 'A2026-9999.*\[ref-missing\]' "$TMP/err"
ls "$D"/.ysh/*.idx >/dev/null 2>&1 && fail "a dry run made an id index: $(ls "$D"/.ysh/*.idx)"

# the add itself writes what the dry run showed, and an index
expect_status 0 "$ADD" $T $ACT </dev/null
expect_grep "^$next\$" "$TMP/out"
tail -n 1 "$D/activities.csv" >"$TMP/written"
expect_same "$TMP/dry-row" "$TMP/written"
# the same record again: a duplicate, flagged by the dry run as by the add
dry $ACT </dev/null
expect_grep 'record-duplicate' "$TMP/err"

# a stale index (a row appended by hand) is neither rebuilt nor removed, and
# the row is found (the whole ledger read)
expect_status 0 "$ADD" $T $CB activity=A2026-0002 </dev/null
[ -f "$D/.ysh/activities.csv.idx" ] || fail "no activities index after an add that refers to activities"
tail -n 1 "$D/activities.csv" | sed "s/^$next,/A2026-0900,/" >>"$D/activities.csv"
dry activity id=A2026-0900 note=手工补录 </dev/null
expect_grep '^A2026-0900,.*,手工补录,' "$TMP/out"
dry ${CB/contact=甲/contact=乙} activity=A2026-0900 </dev/null

# a dry run that cannot have a ledger's lock shared refuses (exit 2), changes
# nothing and names the file: the ledger, when a writer (another process,
# flock(1)) holds the lock past --lock-timeout; the lock file, when it cannot
# be opened (a symbolic link, which no writer follows either)
LOCK="$D/.ysh/activities.csv.lock"
tree "$D" >"$TMP/before.tree"
expect_status 2 flock -x "$LOCK" "$ADD" $T -n --lock-timeout=100 $ACT </dev/null
expect_grep "^ysh-add: $D/activities.csv: still locked by another writer after 100 ms\$" "$TMP/err"
tree "$D" >"$TMP/after.tree"
expect_same "$TMP/before.tree" "$TMP/after.tree"
mv "$LOCK" "$TMP/elsewhere.lock"
ln -s "$TMP/elsewhere.lock" "$LOCK"
tree "$D" >"$TMP/before.tree"
expect_status 2 "$ADD" $T -n $ACT </dev/null
expect_grep "^ysh-add: $LOCK: Too many levels of symbolic links\$" "$TMP/err"
tree "$D" >"$TMP/after.tree"
expect_same "$TMP/before.tree" "$TMP/after.tree"
rm "$LOCK"
# a directory where the lock file should be: refused as the add refuses it
mkdir "$LOCK"
tree "$D" >"$TMP/before.tree"
expect_status 2 "$ADD" $T -n $ACT </dev/null
expect_grep "^ysh-add: $LOCK: Is a directory\$" "$TMP/err"
expect_status 2 "$ADD" $T $ACT </dev/null
expect_grep "^ysh-add: $LOCK: Is a directory\$" "$TMP/err"
tree "$D" >"$TMP/after.tree"
expect_same "$TMP/before.tree" "$TMP/after.tree"
rmdir "$LOCK"
mv "$TMP/elsewhere.lock" "$LOCK"
# the lock to be had again: the same dry run answers
dry $ACT </dev/null

# a directory no writer has been to: no .ysh made, no ledger created
E="$TMP/fresh"
mkdir "$E"
cp "$D/ysh.ini" "$E/"
tree "$E" >"$TMP/before.tree"
expect_status 0 "$ADD" -C "$E" $T -n $ACT </dev/null
expect_grep '^id,date,unit,' "$TMP/out"
expect_grep '^A2026-0001,2026-11-20,县医保局,甲,' "$TMP/out"
tree "$E" >"$TMP/after.tree"
expect_same "$TMP/before.tree" "$TMP/after.tree"
[ -e "$E/.ysh" ] && fail "a dry run made $E/.ysh"
finish
