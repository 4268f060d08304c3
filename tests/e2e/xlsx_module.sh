# The xlsx writers are a module (lib/xlsxmod.h): the commands that write no
# workbook do not load libxlsxwriter or the OpenSSL it brings; those that do
# load it and write the same workbooks; a module missing, not a shared
# object, or of another build is refused with a message that names it, and
# no workbook is left behind.
. "$(dirname "$0")/lib.sh"
D="$SRC/data"
# the binaries themselves, not valgrind's wrappers: the loader's own
# account of what it loads (glibc's LD_DEBUG=files) is what is read
RAW=${YSH_BIN_DIR}
loads() { # FILE: the objects the loader opened, one a line
	sed -n 's/.*file=\([^ ]*\) .*\[0\];  generating link map.*/\1/p; s/.*file=\([^ ]*\) .*\[0\];  dynamically loaded by.*/\1/p' "$1" | sort -u
}
expect_not_loaded() { # FILE: neither libxlsxwriter nor libcrypto
	CHECKS=$((CHECKS + 1))
	if loads "$1" | grep -E 'libxlsxwriter|libcrypto|ysh-xlsx'; then
		fail "a command that writes no workbook loaded the above"
	fi
}

# what writes no workbook loads none of it
LD_DEBUG=files "$RAW/ysh-check" -C "$D" --today 2026-11-22 >/dev/null 2>"$TMP/ld"
[ -s "$TMP/ld" ] || fail "LD_DEBUG=files said nothing: not glibc's loader?"
expect_grep 'libcsv' "$TMP/ld" # the loader's account is read: it names what is loaded
expect_not_loaded "$TMP/ld"
for f in text csv json md; do
	LD_DEBUG=files "$RAW/ysh-report" -C "$D" --today 2026-11-22 unit --format $f >/dev/null 2>"$TMP/ld"
	expect_not_loaded "$TMP/ld"
done
CHECKS=$((CHECKS + 1))
LD_DEBUG=files "$RAW/ysh-add" -C "$D" --dry-run activity $ACT_FACTS date=2026-11-20 unit=玉山镇 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=甲 position=镇长 items=工单 reported_on=2026-11-20 \
	>/dev/null 2>"$TMP/ld" || fail "ysh-add --dry-run refused the activity"
expect_not_loaded "$TMP/ld"

# what writes one loads the module, and through it libxlsxwriter
LD_DEBUG=files "$RAW/ysh-report" -C "$D" --today 2026-11-22 unit --format xlsx -o "$TMP/unit.xlsx" >/dev/null 2>"$TMP/ld"
CHECKS=$((CHECKS + 1))
loads "$TMP/ld" | grep -q 'lib/ysh/ysh-xlsx.so$' || fail "ysh-report --format xlsx did not load lib/ysh/ysh-xlsx.so"
CHECKS=$((CHECKS + 1))
loads "$TMP/ld" | grep -q 'libxlsxwriter' || fail "ysh-report --format xlsx did not load libxlsxwriter"
CHECKS=$((CHECKS + 1))
[ "$(head -c 2 "$TMP/unit.xlsx")" = PK ] || fail "the unit workbook is no zip"
expect_status 0 "$BIN/ysh-add" -C "$D" --template activities -o "$TMP/t.xlsx"
CHECKS=$((CHECKS + 1))
[ "$(head -c 2 "$TMP/t.xlsx")" = PK ] || fail "the template is no zip"

# refused: no module where YSH_MODULE_DIR says, in English and in Chinese
mkdir "$TMP/none"
YSH_MODULE_DIR="$TMP/none" expect_status 2 "$BIN/ysh-report" -C "$D" --today 2026-11-22 unit --format xlsx -o "$TMP/x.xlsx"
expect_grep "cannot write xlsx: the xlsx module could not be loaded: $TMP/none/ysh-xlsx.so" "$TMP/err"
CHECKS=$((CHECKS + 1))
[ -e "$TMP/x.xlsx" ] && fail "a refused workbook left $TMP/x.xlsx"
YSH_MODULE_DIR="$TMP/none" LC_ALL=zh_CN.UTF-8 expect_status 2 "$BIN/ysh-report" -C "$D" --today 2026-11-22 summary --format xlsx -o "$TMP/x.xlsx"
expect_grep "无法写出 xlsx" "$TMP/err"
YSH_MODULE_DIR="$TMP/none" expect_status 2 "$BIN/ysh-add" -C "$D" --template activities -o "$TMP/x.xlsx"
expect_grep "the xlsx module could not be loaded" "$TMP/err"
CHECKS=$((CHECKS + 1))
[ -e "$TMP/x.xlsx" ] && fail "a refused template left $TMP/x.xlsx"
# the text report does not need it
YSH_MODULE_DIR="$TMP/none" expect_status 0 "$BIN/ysh-report" -C "$D" --today 2026-11-22 unit -o "$TMP/unit.txt"

# refused: a file of that name that is no shared object
mkdir "$TMP/junk"
echo 'not a module' >"$TMP/junk/ysh-xlsx.so"
YSH_MODULE_DIR="$TMP/junk" expect_status 2 "$BIN/ysh-report" -C "$D" --today 2026-11-22 unit --format xlsx -o "$TMP/x.xlsx"
expect_grep "could not be loaded: $TMP/junk/ysh-xlsx.so" "$TMP/err"

# refused: a module of another build (its table's layout number differs)
mkdir "$TMP/other"
printf '%s\n' 'struct m { unsigned abi; const char *version; void *a, *b; };' \
	'const struct m ysh_xlsx_module = {999, "0.0-other", 0, 0};' >"$TMP/other.c"
CHECKS=$((CHECKS + 1))
if ${CC:-cc} -shared -fPIC -o "$TMP/other/ysh-xlsx.so" "$TMP/other.c"; then
	YSH_MODULE_DIR="$TMP/other" expect_status 2 "$BIN/ysh-report" -C "$D" --today 2026-11-22 unit --format xlsx -o "$TMP/x.xlsx"
	expect_grep "$TMP/other/ysh-xlsx.so is not this ysh's xlsx module (it is 0.0-other's)" "$TMP/err"
else
	fail "no C compiler to build a module of another build"
fi
# refused: a shared object that is no ysh module at all (no ysh_xlsx_module in it)
mkdir "$TMP/stranger"
echo 'int not_ysh(void) { return 0; }' >"$TMP/stranger.c"
CHECKS=$((CHECKS + 1))
if ${CC:-cc} -shared -fPIC -o "$TMP/stranger/ysh-xlsx.so" "$TMP/stranger.c"; then
	YSH_MODULE_DIR="$TMP/stranger" expect_status 2 "$BIN/ysh-add" -C "$D" --template activities -o "$TMP/x.xlsx"
	expect_grep "$TMP/stranger/ysh-xlsx.so is not this ysh's xlsx module (it is ?'s)" "$TMP/err"
	CHECKS=$((CHECKS + 1))
	[ -e "$TMP/x.xlsx" ] && fail "a refused template left $TMP/x.xlsx"
else
	fail "no C compiler to build a shared object"
fi
finish
