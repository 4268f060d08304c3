# ysh-report --format xlsx: every report read back cell by cell (openpyxl)
# against the json of the same report; the unit report's annex forms
# printed to PDF by LibreOffice, each one page wide; --split; the cron job's
# workbooks; every way it can fail.
. "$(dirname "$0")/lib.sh"
R="$BIN/ysh-report"
D="$SRC/data"
PY=${YSH_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	fail "no python3-openpyxl for $PY: run scripts/deps.sh test"
	finish
	exit
fi
check() { # KIND XLSX JSON: the workbook against the json, cell by cell
	CHECKS=$((CHECKS + 1))
	"$PY" "$SRC/tests/xlsx_check.py" "$@" >"$TMP/check.out" 2>&1 || fail "$(cat "$TMP/check.out")"
	tail -1 "$TMP/check.out"
}

# the sample county's October, a quarter, and a county whose ledgers have errors
for args in "-C $D --month 2026-10" "-C $D --quarter 2026Q4" "-C $SRC/tests/samples/violations --month 2026-11"; do
	for kind in unit summary filings; do
		# shellcheck disable=SC2086
		expect_status 0 "$R" $args --today 2026-11-23 $kind --format xlsx -o "$TMP/$kind.xlsx"
		[ -s "$TMP/out" ] && fail "-o printed on stdout"
		# shellcheck disable=SC2086
		expect_status 0 "$R" $args --today 2026-11-23 $kind --format json -o "$TMP/$kind.json"
		check $kind "$TMP/$kind.xlsx" "$TMP/$kind.json"
	done
done
# the same bytes every time (the workbook is dated by its period, not the clock)
expect_status 0 "$R" -C "$D" --today 2026-11-23 summary --format xlsx -o "$TMP/again.xlsx"
sleep 1.1
expect_status 0 "$R" -C "$D" --today 2026-11-23 summary --format xlsx -o "$TMP/again2.xlsx"
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/again.xlsx" "$TMP/again2.xlsx" || fail "two runs wrote different workbooks"

# the forms: one per unit and office, in the annex's layout
expect_status 0 "$R" -C "$D" --today 2026-11-23 unit --format xlsx -o "$TMP/unit.xlsx"
"$PY" - "$TMP/unit.xlsx" >"$TMP/form" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
forms = [ws for ws in wb.worksheets if str(ws["A2"].value or "").startswith("单位（盖章）：")]
print("sheets", len(wb.worksheets), "forms", len(forms))
ws = [ws for ws in forms if "跟执法活动" in ws["A1"].value][0]
print("sheet", ws.title)
for row in ws.iter_rows(max_row=5, values_only=True):
    print("|".join("" if v is None else str(v) for v in row))
ws = [ws for ws in forms if isinstance(ws["A7"].value, int)][0]
print("widths", " ".join(str(int(ws.column_dimensions[c].width)) for c in "ABCDEF"))
print("wrap", ws["D7"].alignment.wrap_text, "border", ws["D7"].border.left.style)
print("number", type(ws["A7"].value).__name__)
EOF
expect_grep '^sheet 县发改委（跟执法）$' "$TMP/form"
expect_grep '^蓝田县“一把手”跟执法活动发现问题整改清单（2026-10）|||||$' "$TMP/form"
expect_grep '^单位（盖章）：县发改委|||||$' "$TMP/form"
expect_grep '^主要负责人（签字）：|||||$' "$TMP/form"
expect_grep '^日期：' "$TMP/form"
expect_grep '^序号|事项名称|跟执法人员及职务|问题描述|改进或优化措施|意见建议$' "$TMP/form"
expect_grep '^wrap True border thin$' "$TMP/form"
expect_grep '^number int$' "$TMP/form"

# printed by LibreOffice: each form one A4 landscape page wide.  The forms
# alone (openpyxl keeps their page set-up), once as written (a page each)
# and once at 100% (wider than a page: the check can fail)
if command -v soffice >/dev/null; then
	"$PY" - "$TMP/unit.xlsx" "$TMP/pdf" <<'EOF'
import os, sys, openpyxl
os.makedirs(sys.argv[2])
for fit in (True, False):
    wb = openpyxl.load_workbook(sys.argv[1])
    for ws in list(wb.worksheets):
        if not str(ws["A2"].value or "").startswith("单位（盖章）："):
            wb.remove(ws)
        elif not fit:
            ws.sheet_properties.pageSetUpPr.fitToPage = False
    wb.save(os.path.join(sys.argv[2], "forms-%s.xlsx" % ("fit" if fit else "unscaled")))
    print(len(wb.worksheets))
EOF
	forms=$("$PY" -c 'import openpyxl,sys; print(sum(1 for ws in openpyxl.load_workbook(sys.argv[1]).worksheets if str(ws["A2"].value or "").startswith("单位（盖章）：")))' "$TMP/unit.xlsx")
	(cd "$TMP/pdf" && HOME="$TMP" timeout 300 soffice -env:UserInstallation=file://$TMP/lo-profile --headless --norestore \
		--convert-to pdf forms-fit.xlsx forms-unscaled.xlsx >"$TMP/lo.log" 2>&1) || fail "soffice failed: $(cat "$TMP/lo.log")"
	pages() { "$PY" -c 'import re,sys; d=open(sys.argv[1],"rb").read(); print(len(re.findall(rb"/Type\s*/Page[^s]", d)))' "$1"; }
	landscape() { "$PY" -c 'import re,sys; d=open(sys.argv[1],"rb").read(); b=set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", d)); print(all(abs(float(w)-841.9)<1 and abs(float(h)-595.3)<1 for w,h in b))' "$1"; }
	fit=$(pages "$TMP/pdf/forms-fit.pdf") unscaled=$(pages "$TMP/pdf/forms-unscaled.pdf")
	echo "PDF: $forms forms, $fit pages fitted, $unscaled pages at 100%"
	CHECKS=$((CHECKS + 1))
	[ "$forms" -gt 10 ] && [ "$fit" = "$forms" ] || fail "$forms forms printed on $fit pages"
	CHECKS=$((CHECKS + 1))
	[ "$unscaled" -gt "$forms" ] || fail "at 100% the forms are one page wide too ($unscaled pages): the check checks nothing"
	CHECKS=$((CHECKS + 1))
	[ "$(landscape "$TMP/pdf/forms-fit.pdf")" = True ] || fail "the forms are not printed on A4 landscape"
else
	fail "no LibreOffice (soffice): run scripts/deps.sh test"
fi

# --split: a file per unit, a file per lead office, each the report of --unit / --lead
mkdir "$TMP/split"
expect_status 0 "$R" -C "$D" --today 2026-11-23 unit --format xlsx --split "$TMP/split"
expect_grep "^$TMP/split/unit-县市场监管局.xlsx$" "$TMP/out"
n=$(wc -l <"$TMP/out")
CHECKS=$((CHECKS + 1))
[ "$n" -gt 30 ] && [ "$(ls "$TMP/split" | wc -l)" = "$n" ] || fail "--split wrote $(ls "$TMP/split" | wc -l) files, printed $n"
expect_status 0 "$R" -C "$D" --today 2026-11-23 unit --unit 县市场监管局 --format json -o "$TMP/one.json"
check unit "$TMP/split/unit-县市场监管局.xlsx" "$TMP/one.json"
expect_status 0 "$R" -C "$D" --today 2026-11-23 summary --format xlsx --split "$TMP/split"
expect_grep "^$TMP/split/summary-县司法局.xlsx$" "$TMP/out"
expect_lines 2 "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-11-23 summary --lead 县司法局 --format json -o "$TMP/one.json"
check summary "$TMP/split/summary-县司法局.xlsx" "$TMP/one.json"
# a period with nothing in it: no file, and a word why
mkdir "$TMP/split-none"
expect_status 0 "$R" -C "$D" --today 2026-11-23 --month 2025-01 unit --format xlsx --split "$TMP/split-none"
expect_grep 'no unit has anything in the report of the period' "$TMP/err"
CHECKS=$((CHECKS + 1))
[ -z "$(ls "$TMP/split-none")" ] || fail "--split of an empty period wrote $(ls "$TMP/split-none")"
# any format splits
mkdir "$TMP/split-txt"
expect_status 0 "$R" -C "$D" --today 2026-11-23 unit --unit 玉山镇 --split "$TMP/split-txt"
expect_grep '^玉山镇$' "$TMP/split-txt/unit-玉山镇.txt"

# the cron job writes the workbooks too
mkdir "$TMP/reports"
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" unit "$D" "$TMP/reports" 2026-11-20
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" summary "$D" "$TMP/reports" 2026-11-22
for f in unit.xlsx summary.xlsx filings.xlsx units/unit-县市场监管局.xlsx leads/summary-县行政审批局.xlsx; do
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/reports/2026-10/$f" ] || fail "ysh-monthly wrote no 2026-10/$f"
done

# what fails, in the user's language
bad() {
	expect_status 2 "$@"
	expect_lines 1 "$TMP/err"
}
bad "$R" -C "$D" unit --format xlsx
expect_grep 'needs -o FILE.xlsx or --split DIR' "$TMP/err"
bad "$R" -C "$D" unit --format xlsx --split "$TMP/nowhere"
expect_grep "$TMP/nowhere" "$TMP/err"
bad "$R" -C "$D" unit --split "$TMP/split/unit-玉山镇.xlsx"
expect_grep 'not a directory' "$TMP/err"
bad "$R" -C "$D" filings --format xlsx --split "$TMP/split"
bad "$R" -C "$D" unit --format xlsx --split "$TMP/split" -o "$TMP/x.xlsx"
bad "$R" -C "$D" unit --format xlsx -o "$TMP/nowhere/unit.xlsx"
expect_grep "$TMP/nowhere/unit.xlsx" "$TMP/err"
: >"$TMP/plain"
bad "$R" -C "$D" unit --format xlsx -o "$TMP/plain/unit.xlsx"
expect_grep "$TMP/plain/unit.xlsx" "$TMP/err"
bad "$R" -C "$D" unit --format xlsx -o "$D/activities.csv"
bad "$R" -C "$D" unit --format xlsx --unit 县教育局 -o "$TMP/x.xlsx"
[ -e "$TMP/x.xlsx" ] && fail "a refused report wrote $TMP/x.xlsx"
# a cell longer than a workbook's cell may be (32767): refused whole, never cut
BIG="$TMP/big"
new_county "$BIG"
YSH_NOW=2026-11-23T10:00:00+08:00 expect_status 0 "$BIN/ysh-add" -C "$BIG" --today 2026-11-23 problem found_on=2026-11-03 \
	unit=县市场监管局 source=自我查 type=问题 item=许可 finder=张三 handling=立行立改 \
	"description=$(head -c 33000 /dev/zero | tr '\0' x)" </dev/null
bad "$R" -C "$BIG" --month 2026-11 unit --format xlsx -o "$TMP/big.xlsx"
expect_grep 'the report could not be written: libxlsxwriter refused a value' "$TMP/err"
[ -e "$TMP/big.xlsx" ] && fail "a refused workbook was written"
expect_status 0 "$R" -C "$BIG" --month 2026-11 unit --format json -o "$TMP/big.json"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	LC_ALL=zh_CN.UTF-8 bad "$R" -C "$D" unit --format xlsx
	expect_grep '工作簿不能输出到终端' "$TMP/err"
	LC_ALL=zh_CN.UTF-8 bad "$R" -C "$D" unit --split "$TMP/nowhere"
	expect_grep '没有那个文件或目录\|No such file' "$TMP/err"
fi
finish
