# Hostile input, each case with its exact finding: a clear message with file
# and line, the right exit status, no crash, and no change to any file.
. "$(dirname "$0")/lib.sh"
CHECK="$BIN/ysh-check"
D="$TMP/c"
new_county "$D"
HDR="id,date,unit,participant,position,kind,mode,steps,items,reported_on"
ROW="2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03"

# case NAME EXIT EXPECTED: ysh-check of $D (activities.csv as prepared) gives
# exactly EXPECTED (the lines before the tally), and changes nothing
case_check() {
	name=$1 want_status=$2 want=$3
	sum_before=$(cat "$D"/* 2>/dev/null | md5sum)
	expect_status "$want_status" "$CHECK" -C "$D" --today 2026-11-23 --rule csv-syntax --rule header --rule field-type
	grep -v -E ' records? \(' "$TMP/out" >"$TMP/got" || true
	printf '%s\n' "$want" >"$TMP/want"
	if ! cmp -s "$TMP/want" "$TMP/got"; then
		fail "$name: findings differ"
		diff "$TMP/want" "$TMP/got" >&2
	fi
	[ "$(cat "$D"/* 2>/dev/null | md5sum)" = "$sum_before" ] || fail "$name: a file changed"
}
act() { printf '%s\n' "$HDR" >"$D/activities.csv"; printf "$@" >>"$D/activities.csv"; }

A=$D/activities.csv
act 'A2026-0001,2026-11-02,\300\257局,张三,局长,处投诉,定期,转办体验,工单,2026-11-03\n'
case_check overlong 1 "$A:2:3: error: invalid UTF-8 (byte 0xC0 at offset 0 of field 3); if the file is GBK, convert it with: iconv -f GBK -t UTF-8 [csv-syntax]"
act 'A2026-0001,2026-11-02,县\355\240\200,张三,局长,处投诉,定期,转办体验,工单,2026-11-03\n'
case_check surrogate 1 "$A:2:3: error: invalid UTF-8 (byte 0xED at offset 3 of field 3); if the file is GBK, convert it with: iconv -f GBK -t UTF-8 [csv-syntax]"
act 'A2026-0001,2026-11-02,县市场监管局,张\350\220\n'
case_check truncated 1 "$A:2:4: error: invalid UTF-8 (byte 0xE8 at offset 3 of field 4); if the file is GBK, convert it with: iconv -f GBK -t UTF-8 [csv-syntax]"
# GBK: 县市场监管局 as GBK bytes
printf '%s\n' "$HDR" >"$A"
printf 'A2026-0001,2026-11-02,\317\330\312\320\263\241\274\340\271\334\276\326,张三,局长,处投诉,定期,转办体验,工单,2026-11-03\n' >>"$A"
case_check gbk 1 "$A:2:3: error: invalid UTF-8 (byte 0xCF at offset 0 of field 3); if the file is GBK, convert it with: iconv -f GBK -t UTF-8 [csv-syntax]"
act 'A2026-0001,2026-11-02,县市场\000监管局,%s\n' "张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03"
case_check nul 1 "$A:2:3: error: NUL byte in field 3 (binary data is not a ledger) [csv-syntax]"
act 'A2026-0001,%s\n\357\273\277A2026-0002,%s\n' "$ROW" "$ROW"
case_check bom-inside 1 "$A:3:1: error: byte-order mark inside field 1 (files were joined?) [csv-syntax]"
act 'A2026-0001,%s\n%s\nA2026-0002,%s\n' "$ROW" "$HDR" "$ROW"
case_check header-repeated 1 "$A:3:0: error: the header row is repeated here (files joined?) [header]"
printf '%s\rA2026-0001,%s\rA2026-0002,%s\r' "$HDR" "$ROW" "$ROW" >"$A"
case_check cr-only 1 "$A:1:0: error: bare CR line ending (old Mac format); use LF or CRLF [csv-syntax]"

# a 16 MB cell: refused at 64 KiB, the next record still read at its line
{ printf '%s\nA2026-0001,2026-11-02,县市场监管局,' "$HDR"; head -c 16777216 /dev/zero | tr '\0' x
  printf ',局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\nA2026-0002,2026-13-02,%s\n' "县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03"; } >"$A"
case_check big-cell 1 "$A:2:4: error: field 4 is larger than 65536 bytes [csv-syntax]
$A:3:2: error: date (活动日期) '2026-13-02' is not a date YYYY-MM-DD [field-type]"

# a quoted cell over the limit with a forged record inside it: the reader
# resumes after the cell's record, so the forged one (with a date no check
# would pass) is never read; the real record after it is
{ printf '%s\nA2026-0001,2026-11-02,县市场监管局,"' "$HDR"; head -c 70000 /dev/zero | tr '\0' x
  printf '\nA2026-9999,2026-13-45,伪造,张三,局长,处投诉,定期,转办体验,工单,2026-11-03\n",局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n'
  printf 'A2026-0002,2026-11-31,%s\n' "县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03"; } >"$A"
case_check smuggled 1 "$A:2:4: error: field 4 is larger than 65536 bytes [csv-syntax]
$A:5:2: error: date (活动日期) '2026-11-31' is not a date YYYY-MM-DD [field-type]"

# 100,000 columns
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sc%d", (i ? "," : ""), i; print "" }' >"$A"
case_check columns 1 "$A:1:0: error: more than 1024 fields in one record [csv-syntax]"

# 10 million empty lines between two records: skipped, lines still counted
{ printf '%s\nA2026-0001,%s\n' "$HDR" "$ROW"; head -c 10000000 /dev/zero | tr '\0' '\n'
  printf 'A2026-0002,2026-11-31,%s\n' "县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03"; } >"$A"
case_check empty-lines 1 "$A:10000003:2: error: date (活动日期) '2026-11-31' is not a date YYYY-MM-DD [field-type]"

# unterminated quote to the end of the file
act 'A2026-0001,"2026-11-02,县市场监管局\nA2026-0002,%s\n' "$ROW"
case_check unterminated 1 "$A:2:2: error: unterminated quoted field 2 (missing closing quote) [csv-syntax]"
rm -f "$A"

# ysh.ini: missing sections, unknown keys, huge values
cp "$D/ysh.ini" "$TMP/ini"
bad_ini() {
	name=$1 want=$2
	expect_status 2 "$CHECK" -C "$D"
	expect_lines 1 "$TMP/err"
	grep -qF -- "$want" "$TMP/err" || fail "$name: '$want' not in: $(cat "$TMP/err")"
}
sed '/^\[units\]/,/^玉山镇/d' "$TMP/ini" >"$D/ysh.ini"
bad_ini no-units "[units]: no units: list every unit as 'name = roles'"
printf '[units]\n县司法局 = 行政执法\n' >"$D/ysh.ini"
bad_ini no-county "[county]: missing 'name = ' (the county's name)"
{ cat "$TMP/ini"; printf '[rules]\nmin_step_走流程 = 4\n'; } >"$D/ysh.ini"
bad_ini unknown-key "[rules] min_step_走流程: unknown rule parameter (see ysh.ini(5))"
{ printf '[county]\nname = '; head -c 2000000 /dev/zero | tr '\0' x; printf '\n'; } >"$D/ysh.ini"
bad_ini huge-value "ysh.ini:2: line too long"
cp "$TMP/ini" "$D/ysh.ini"

# -C naming a file; a ledger that is a FIFO
expect_status 2 "$CHECK" -C "$D/ysh.ini"
expect_grep "not a directory" "$TMP/err"
mkfifo "$D/callbacks.csv"
expect_status 2 "$CHECK" -C "$D"
expect_grep "callbacks.csv: not a regular file" "$TMP/err"
expect_status 2 "$BIN/ysh-add" -C "$D" callback $CB_FACTS activity=A2026-0001 </dev/null
expect_grep "callbacks.csv: not a regular file" "$TMP/err"
rm "$D/callbacks.csv"

# ysh-add: a ledger that is a symlink, a lock directory that cannot be made
printf '%s\n' "$HDR" >"$TMP/target.csv"
ln -s "$TMP/target.csv" "$A"
expect_status 2 "$BIN/ysh-add" -C "$D" --today 2026-11-23 activity $ACT_FACTS date=2026-11-02 unit=县市场监管局 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=张三 position=局长 items=工单 </dev/null
expect_grep "is a symbolic link" "$TMP/err"
[ "$(cat "$TMP/target.csv")" = "$HDR" ] || fail "the symlink's target was written"
rm "$A"
rm -rf "$D/.ysh"
: >"$D/.ysh"
expect_status 2 "$BIN/ysh-add" -C "$D" --today 2026-11-23 activity $ACT_FACTS date=2026-11-02 unit=县市场监管局 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=张三 position=局长 items=工单 </dev/null
expect_grep ".ysh/activities.csv.lock" "$TMP/err"
[ -e "$A" ] && fail "a ledger was created though nothing could be locked"
rm "$D/.ysh"
if [ "$(id -u)" != 0 ]; then
	chmod 555 "$D"
	expect_status 2 "$BIN/ysh-add" -C "$D" --today 2026-11-23 activity $ACT_FACTS date=2026-11-02 </dev/null
	chmod 755 "$D"
else
	echo "read-only directory: skipped as root (root writes anyway); the .ysh case above stands in"
fi
finish
