# Long free text (ysh-ledgers(5), long = yes) is not held but read back from
# the ledger when shown or judged: every report and check of a county with
# long descriptions, measures, suggestions and void reasons (quotes, commas
# and line breaks in them, revisions that change them, two records alike
# but for their long description, two the same) gives the same bytes as
# with the text held (the schemas without long = yes).
. "$(dirname "$0")/lib.sh"
C="$TMP/c"
cp -r "$SRC/data" "$C"
rm -rf "$C/.ysh"
mkdir "$TMP/schemas"
for f in "$SRC"/schemas/*.ini; do
	grep -v '^long = yes$' "$f" >"$TMP/schemas/$(basename "$f")"
done
grep -q '^long = yes$' "$SRC/schemas/problems.ini" || fail "problems.ini has no long column"
cmp -s "$SRC/schemas/problems.ini" "$TMP/schemas/problems.ini" && fail "the held copy is the same schema"

# long_value N: some 330 bytes, N in two places; long_text N: as the
# ledger keeps it, quoted
long_value() {
	printf '第 %s 件：窗口收件后未一次性告知材料清单，群众反映"多次跑",经核查涉及 %s 件,\n其中加急件 3 件，已逐一回访并说明依据《优化营商环境条例》第三十五条，要求限期整改并建立台账，每周抽查十件工单、月底通报整改进展' "$1" "$1"
}
long_text() {
	printf '"%s"' "$(long_value "$1" | sed 's/"/""/g')"
}
# problem ID DESC [VOIDED REASON]: a new problem of 2026-11
problem() {
	printf '%s,2026-11-0%s,县医保局,,处投诉,问题,投诉回复,钟卫东（局长）,%s,1,%s,%s,立行立改,,整改中,,,,,,%s,%s,2026-11-05T10:00:00+08:00,chenjing\n' \
		"$1" "$(($2 % 9 + 1))" "$3" "$(long_text $(($2 + 100)))" "$(long_text $(($2 + 200)))" "${4:-}" "${5:-}"
}
{
	for i in $(seq 10 39); do
		problem "P2026-07$i" "$i" "$(long_text "$i")"
	done
	# revisions: a new description, then one closing the problem
	for i in $(seq 12 3 39); do
		printf 'P2026-07%s,,,,,,,,%s,,,,,,,,,,,,,,2026-11-12T10:00:00+08:00,chenjing\n' "$i" "$(long_text $((i + 300)))"
		printf 'P2026-07%s,,,,,,,,,,,,,,已销号,2026-11-20,,,,,,,2026-11-20T10:00:00+08:00,chenjing\n' "$i"
	done
	# entered twice: one finding; alike but for one digit: none
	problem P2026-0790 1 "$(long_text 999)"
	problem P2026-0791 1 "$(long_text 999)"
	problem P2026-0792 1 "$(long_text 998)"
	problem P2026-0793 2 "$(long_text 997)" 是 "$(long_text 996)"
} >>"$C/problems.csv"

both() { # NAME ARGS...: the same bytes and status with the text held
	"$@" >"$TMP/far.out" 2>"$TMP/far.err"
	local far=$?
	YSH_SCHEMA_DIR="$TMP/schemas" "$@" >"$TMP/held.out" 2>"$TMP/held.err"
	local held=$?
	[ "$far" = "$held" ] || fail "$* exited $far, $held with the text held"
	expect_same "$TMP/held.out" "$TMP/far.out"
	expect_same "$TMP/held.err" "$TMP/far.err"
}
for m in 2026-10 2026-11; do
	for kind in unit summary filings complaints tasks campaign; do
		for fmt in text csv json md; do
			both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --format $fmt $kind
		done
	done
	both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --by-line unit
done
both "$BIN/ysh-check" -C "$C" --today 2026-12-01
grep -c 'record-duplicate' "$TMP/far.out" >"$TMP/n"
expect_grep '^1$' "$TMP/n"
expect_grep 'P2026-0791.*record-duplicate' "$TMP/far.out"
both "$BIN/ysh-check" -C "$C" --today 2026-12-01 --format json
# a clerk entering it a third time is told, the text typed (kept) against
# the ledger's (far): the same as with both held
both env YSH_NOW=2026-11-23T10:00:00+08:00 "$BIN/ysh-add" -C "$C" --today 2026-11-23 --dry-run problem \
	found_on=2026-11-02 unit=县医保局 source=处投诉 type=问题 item=投诉回复 'finder=钟卫东（局长）' \
	handling=立行立改 category=1 "description=$(long_value 999)" </dev/null
expect_grep 'same .* as P2026-0790 .*record-duplicate' "$TMP/far.err"
# the texts are there, read back: the unit report lists them
expect_status 0 "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month 2026-11 --format json unit
expect_grep '第 339 件：窗口收件后未一次性告知材料清单，群众反映\\"多次跑\\",经核查涉及 339 件,\\n其中加急件' "$TMP/out"
finish
