# ysh-add --template: the Excel workbook a clerk fills in.  Written for the
# sample county (38 units: the units' drop-down on a hidden sheet), filled
# by a script as Excel stores typed cells (openpyxl), saved as CSV UTF-8 by
# LibreOffice, imported with ysh-add --batch unedited; the records are in
# the ledgers.  And every way it can fail.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
PY=${YSH_PYTHON:-/usr/bin/python3}
D="$TMP/county"
mkdir "$D"
# the sample county's profile, without its [clerks] so that whoever runs the tests may add
sed '/^\[clerks\]/,/^$/d' "$SRC/data/ysh.ini" >"$D/ysh.ini"
export YSH_DIR="$D"
export YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"

if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	fail "no python3-openpyxl for $PY: run scripts/deps.sh test"
	finish
	exit
fi

# ---- the workbook ----
for l in activity problem filing callback; do
	expect_status 0 "$ADD" --template $l -o "$TMP/$l.xlsx"
	[ -s "$TMP/out" ] && fail "--template printed on stdout: $(head -2 "$TMP/out")"
	head -c 2 "$TMP/$l.xlsx" | grep -q PK || fail "$l.xlsx is not a zip (xlsx) file"
done
# -o before the ledger works as well
expect_status 0 "$ADD" -o "$TMP/a2.xlsx" --template activity
"$PY" "$SRC/tests/xlsx_fill.py" "$TMP/activity.xlsx" /dev/stdin "$TMP/scratch.xlsx" <<<'[]' >"$TMP/facts"
expect_grep '^sheet 活动台账 visible$' "$TMP/facts"
expect_grep '^sheet 填写说明 visible$' "$TMP/facts"
expect_grep '^sheet 选项 hidden$' "$TMP/facts"
# the columns a clerk types: no id, system or later (voided) columns
expect_grep '^header 活动日期|单位|参与人|职务|是否委托|活动类型|体验方式|参与环节|体验事项|报备日期|备注$' "$TMP/facts"
expect_grep '^format 活动日期 yyyy-mm-dd$' "$TMP/facts"
expect_grep '^format 报备日期 yyyy-mm-dd$' "$TMP/facts"
expect_grep '^format 参与人 @$' "$TMP/facts"
# 38 units are more than Excel's 255 characters: a range of the hidden sheet
expect_grep "^list 单位 stop '选项'!\$A\$1:\$A\$38$" "$TMP/facts"
expect_grep '^list 活动类型 stop 4$' "$TMP/facts"
expect_grep '^list 体验方式 stop 3$' "$TMP/facts"
expect_grep '^list 是否委托 stop 2$' "$TMP/facts"
# several steps in one cell: the list suggests, it does not refuse
expect_grep '^list 参与环节 information' "$TMP/facts"
expect_grep '^rule 活动日期 date between$' "$TMP/facts"
"$PY" "$SRC/tests/xlsx_fill.py" "$TMP/problem.xlsx" /dev/stdin "$TMP/scratch.xlsx" <<<'[]' >"$TMP/facts"
expect_grep '^header 发现日期|单位|来源活动|来源|类型|事项名称|发现人及职务|问题描述|问题类别|改进或优化措施|意见建议|处理方式|完成时限$' "$TMP/facts"
expect_grep '^rule 问题类别 whole between$' "$TMP/facts"
expect_grep '^list 处理方式 stop 2$' "$TMP/facts"
"$PY" "$SRC/tests/xlsx_fill.py" "$TMP/filing.xlsx" /dev/stdin "$TMP/scratch.xlsx" <<<'[]' >"$TMP/facts"
# the joint units share the hidden sheet's one list of units
expect_grep "^list 联合检查单位 information '选项'!\$A\$1:\$A\$38$" "$TMP/facts"
expect_grep '^format 统一社会信用代码 @$' "$TMP/facts"
grep -q '减免金额\|检查结果' "$TMP/facts" && fail "the filing template has the later columns outcome/fine_waived"

# the instructions: every column with whether it is required, its values and help (in Chinese)
"$PY" - "$TMP/activity.xlsx" >"$TMP/help" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["填写说明"]
for row in ws.iter_rows(values_only=True):
    print("|".join("" if v is None else str(v).replace("\n", " / ") for v in row))
EOF
expect_grep '^蓝田县 活动台账 填写说明|' "$TMP/help"
expect_grep '^列名|字段|是否必填|允许的值|说明$' "$TMP/help"
expect_grep '^活动类型|kind|必填|走流程、坐窗口、跟执法、处投诉|$' "$TMP/help"
expect_grep '^体验方式|mode|必填|定期、即时、跟踪|$' "$TMP/help"
# the county's own steps per kind (蓝田's 跟执法 has no 服务回访)
expect_grep '^参与环节|steps|必填|走流程：审批服务、业务检查、服务回访、座谈交流 / .* / 跟执法：执法检查、案件处理、案卷评查 / ' "$TMP/help"
expect_grep '^单位|unit|必填|蓝田县 的单位（共 38 个，见下拉列表）|$' "$TMP/help"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	expect_grep '^是否委托|delegated|必填|是或否|由分管负责同志代为参加时填“是”，主要负责人亲自参加时填“否”$' "$TMP/help"
	grep '^是否委托' "$TMP/help" | grep -q 'when a deputy' && fail "the instructions' help is English"
fi

# ---- the round trip: filled, saved as CSV UTF-8 by LibreOffice, imported ----
cat >"$TMP/activities.json" <<'EOF'
[{"活动日期": "2026-11-03", "单位": "县市场监管局", "参与人": "张三", "职务": "局长", "是否委托": "否",
  "活动类型": "坐窗口", "体验方式": "定期", "参与环节": "审批服务、业务检查、服务回访、座谈交流",
  "体验事项": "食品经营许可、个体户登记", "报备日期": "2026-11-05", "备注": "窗口\"首问\",已整改"},
 {"活动日期": "2026-11-10", "单位": "玉山镇", "参与人": "李四", "职务": "镇长", "是否委托": "否",
  "活动类型": "走流程", "体验方式": "即时", "参与环节": "审批服务、业务检查、服务回访、座谈交流",
  "体验事项": "低保申请", "报备日期": "2026-11-12"}]
EOF
cat >"$TMP/problems.json" <<'EOF'
[{"发现日期": "2026-11-03", "单位": "县市场监管局", "来源": "坐窗口", "类型": "问题",
  "事项名称": "食品经营许可", "发现人及职务": "张三 局长", "问题描述": "办事指南未写明材料份数",
  "问题类别": "5", "改进或优化措施": "修订办事指南", "处理方式": "挂账销号", "完成时限": "2026-12-15"}]
EOF
cat >"$TMP/filings.json" <<'EOF'
[{"执法单位": "县市场监管局", "企业名称": "蓝田县玉山食品有限公司", "检查日期": "2026-12-10",
  "检查人员": "王五、赵六", "检查内容": "食品安全", "检查依据": "《食品安全法》", "检查类型": "例行",
  "报备日期": "2026-11-23", "批准领导": "副县长 陈某", "批准日期": "2026-11-23", "联合检查单位": "县卫健局"}]
EOF
# the callbacks of both activities' 服务回访 (phone numbers stay text, not 1.38E+10)
{
	echo '['
	for a in 1 2; do
		for i in 1 2 3; do
			[ "$a$i" = 11 ] || echo ','
			printf '{"活动编号": "A2026-000%s", "回访日期": "2026-11-1%s", "回访对象": "企业%s%s", "联系电话": "1381234567%s",
  "办理业务日期": "2026-10-2%s", "服务态度": "好", "服务能力": "好", "流程是否顺畅": "是", "投诉渠道是否顺畅": "是",
  "办事体验": "好", "满意度": "满意", "有效回访": "是"}\n' $a $a $a $i $i $i
		done
	done
	echo ']'
} >"$TMP/callbacks.json"
LO_PROFILE="$TMP/lo-profile"
to_csv() { # XLSX: its first sheet as CSV UTF-8, as "Save as CSV UTF-8" writes it
	(cd "$(dirname "$1")" && HOME="$TMP" timeout 180 soffice -env:UserInstallation=file://$LO_PROFILE \
		--headless --norestore --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' \
		--outdir "$TMP/csv" "$(basename "$1")" >"$TMP/lo.log" 2>&1) || fail "soffice failed: $(cat "$TMP/lo.log")"
}
if ! command -v soffice >/dev/null; then
	fail "no LibreOffice (soffice): run scripts/deps.sh test"
	finish
	exit
fi
for pair in activity:activities callback:callbacks problem:problems filing:filings; do
	l=${pair%%:*} ledger=${pair#*:}
	"$PY" "$SRC/tests/xlsx_fill.py" "$TMP/$l.xlsx" "$TMP/$ledger.json" "$TMP/$ledger-filled.xlsx" >/dev/null 2>"$TMP/py.err" ||
		fail "xlsx_fill.py $ledger failed: $(tail -3 "$TMP/py.err")"
	to_csv "$TMP/$ledger-filled.xlsx"
	expect_status 0 "$ADD" $T --batch $l <"$TMP/csv/$ledger-filled.csv"
	[ -s "$TMP/err" ] && fail "$ledger: the import warned: $(head -3 "$TMP/err")"
done
expect_lines 3 "$D/activities.csv"
expect_grep '^A2026-0001,2026-11-03,县市场监管局,张三,局长,否,坐窗口,定期,审批服务;业务检查;服务回访;座谈交流,食品经营许可;个体户登记,2026-11-05,"窗口""首问"",已整改",,,2026-11-23T10:00:00+08:00,' "$D/activities.csv"
expect_grep '^A2026-0002,2026-11-10,玉山镇,李四,镇长,否,走流程,即时,' "$D/activities.csv"
expect_lines 7 "$D/callbacks.csv"
expect_grep '^C2026-0006,A2026-0002,2026-11-12,企业23,13812345673,2026-10-23,好,好,是,是,好,满意,是,' "$D/callbacks.csv"
expect_grep '^P2026-0001,2026-11-03,县市场监管局,,坐窗口,问题,食品经营许可,张三 局长,办事指南未写明材料份数,5,修订办事指南,,挂账销号,2026-12-15,未整改,' "$D/problems.csv"
expect_grep '^F2026-0001,县市场监管局,蓝田县玉山食品有限公司,,2026-12-10,王五;赵六,食品安全,《食品安全法》,例行,2026-11-23,副县长 陈某,2026-11-23,县卫健局,' "$D/filings.csv"
# and the ledgers are clean
expect_status 0 "$BIN/ysh-check" $T

# ---- what fails ----
bad() {
	expect_status 2 "$@"
	expect_lines 1 "$TMP/err"
}
bad "$ADD" --template -o "$TMP/x.xlsx"
expect_grep 'which ledger' "$TMP/err"
bad "$ADD" --template meeting -o "$TMP/x.xlsx"
expect_grep "unknown ledger 'meeting'" "$TMP/err"
bad "$ADD" --template activity
expect_grep 'template needs -o' "$TMP/err"
bad "$ADD" -o "$TMP/x.xlsx" activity date=2026-11-03
expect_grep 'goes with --template' "$TMP/err"
bad "$ADD" --template --batch activity -o "$TMP/x.xlsx"
bad "$ADD" --template activity unit=玉山镇 -o "$TMP/x.xlsx"
bad "$ADD" --template activity -o "$TMP/nowhere/a.xlsx"
expect_grep "$TMP/nowhere/a.xlsx" "$TMP/err"
# unwritable: under a file (root writes into any directory)
: >"$TMP/plain"
bad "$ADD" --template activity -o "$TMP/plain/a.xlsx"
expect_grep "$TMP/plain/a.xlsx" "$TMP/err"
# never a ledger, never a device
bad "$ADD" --template activity -o "$D/activities.csv"
bad "$ADD" --template activity -o /dev/null
# in Chinese too
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	LC_ALL=zh_CN.UTF-8 bad "$ADD" --template activity
	grep -q '需要 -o' "$TMP/err" || fail "the message is not in Chinese: $(cat "$TMP/err")"
fi
[ -e "$TMP/x.xlsx" ] && fail "a refused --template wrote $TMP/x.xlsx"
finish
