# A ledger directory shared by a group: two real logins, each with its own
# primary group, both in the office's group, which owns a setgid directory;
# umask 002.  Both add, each after the other, and one finishes off an append
# of the other's that was killed half-way.  Needs root to make the logins:
# skipped, saying so, otherwise.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "skipped: making two logins and a group needs root (run the tests as root to try a shared directory)"
	echo "0 passed, 0 failed"
	exit 0
fi
for tool in useradd userdel groupadd groupdel setpriv; do
	if ! command -v "$tool" >/dev/null; then
		echo "skipped: $tool is missing (Debian: apt-get install passwd util-linux)"
		echo "0 passed, 0 failed"
		exit 0
	fi
done
G="yshoffice$$" U1="yshclerka$$" U2="yshclerkb$$"
cleanup() {
	userdel "$U1" 2>/dev/null
	userdel "$U2" 2>/dev/null
	groupdel "$G" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
groupadd "$G" && useradd -M -N -s /usr/sbin/nologin -G "$G" "$U1" && useradd -M -N -s /usr/sbin/nologin -G "$G" "$U2" ||
	{ fail "cannot make the logins"; finish; exit 1; }
gid=$(getent group "$G" | cut -d: -f3)

# the office's directory: root:office, setgid, no access for others
chmod 755 "$TMP"
D="$TMP/office"
new_county "$D"
chgrp "$G" "$D" "$D/ysh.ini"
chmod 2770 "$D"
chmod 640 "$D/ysh.ini"

# as LOGIN, with umask 002, in the ledger directory
as() {
	local who=$1
	shift
	setpriv --reuid="$who" --regid="$(id -g "$who")" --init-groups -- sh -c 'umask 002; cd "$0" && exec "$@"' "$D" "$@"
}
ACT="$ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=处投诉 steps=转办体验、投诉分析、投诉处理 position=局长 items=工单 reported_on=2026-11-04"
expect_status 0 as "$U1" "$BIN/ysh-add" --today 2026-11-23 activity $ACT participant=甲
expect_status 0 as "$U2" "$BIN/ysh-add" --today 2026-11-23 activity $ACT participant=乙
expect_grep '^A2026-0002$' "$TMP/out"
expect_status 0 as "$U1" "$BIN/ysh-add" --today 2026-11-23 activity $ACT participant=甲
expect_grep '^A2026-0003$' "$TMP/out"
printf 'date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\n2026-11-05,玉山镇,乙,镇长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-06\n' >"$TMP/b.csv"
chmod 644 "$TMP/b.csv"
expect_status 0 as "$U2" sh -c "'$BIN/ysh-add' --today 2026-11-23 --batch activity <'$TMP/b.csv'"
expect_grep '^A2026-0004$' "$TMP/out"

# modes and group: rw for the group, none for others, the office's group
for f in activities.csv .ysh/activities.csv.lock .ysh/activities.csv.seq; do
	CHECKS=$((CHECKS + 1))
	[ "$(stat -c '%a %g' "$D/$f")" = "660 $gid" ] || fail "$f is $(stat -c '%a %g' "$D/$f"), expected 660 $gid"
done
CHECKS=$((CHECKS + 1))
[ "$(stat -c '%a %g' "$D/.ysh")" = "2770 $gid" ] || fail ".ysh is $(stat -c '%a %g' "$D/.ysh"), expected 2770 $gid"
CHECKS=$((CHECKS + 1))
[ "$(cut -d, -f16 "$D/activities.csv" | tail -n +2 | tr '\n' ' ')" = "$U1 $U2 $U1 $U2 " ] ||
	fail "recorded_by: $(cut -d, -f16 "$D/activities.csv" | tr '\n' ' ')"

# the first clerk's batch is killed half-way; the second clerk's add rolls
# it back (a file of the first clerk's, in the group's directory) and lands
awk 'BEGIN { print "date,unit,participant,position,delegated,kind,mode,steps,items,reported_on"
	for (i = 0; i < 20000; i++) print "2026-11-05,玉山镇,甲,镇长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-06" }' >"$TMP/big.csv"
chmod 644 "$TMP/big.csv"
size=$(stat -c %s "$D/activities.csv")
cp "$D/activities.csv" "$TMP/orig"
as "$U1" "$BIN/sigrun" -s 9 -g "$D/activities.csv" -i "$TMP/big.csv" -o /dev/null -e /dev/null -- \
	"$BIN/ysh-add" --today 2026-11-23 --batch activity >"$TMP/r"
expect_grep '^signal 9 sent' "$TMP/r"
expect_status 0 as "$U2" "$BIN/ysh-add" --today 2026-11-23 activity $ACT participant=乙
# the kill lands while the batch is being written (rolled back) or, on a slow
# run, after its last byte (whole and kept, and chained by the second clerk):
# either way no torn ledger and no interrupted append left behind
CHECKS=$((CHECKS + 1))
records=$(tail -n +2 "$D/activities.csv" | wc -l)
if grep -q 'rolled back' "$TMP/err"; then
	head -c "$size" "$D/activities.csv" | cmp -s - "$TMP/orig" || fail "the roll-back did not restore the first $size bytes"
	[ "$records" = 5 ] || fail "$records records, expected 5"
elif grep -q 'whole and kept' "$TMP/err"; then
	[ "$records" = 20005 ] || fail "$records records, expected the whole batch kept: 20005"
else
	fail "the second clerk neither rolled back nor kept the killed append: $(cat "$TMP/err")"
fi
[ ! -e "$D/.ysh/activities.csv.intent" ] || fail "the intent of the killed append was left"
expect_status 0 as "$U2" "$BIN/ysh-check" --today 2026-11-23 --rule csv-syntax --rule id-duplicate \
	--rule write-interrupted --rule header --rule chain-broken --rule record-unchained activities.csv
expect_grep '^0 errors, 0 warnings' "$TMP/out"
finish
