# The messages in Chinese and in English.
#  (a) The catalogue is complete: a fresh extraction of the sources (the same
#      po/make-pot.sh the ysh-pot target runs) has no message that
#      po/zh_CN.po lacks, and po/zh_CN.po has nothing fuzzy or untranslated.
#      A catalogue that fell behind the sources fails here.
#  (b) The commands speak the locale's language: the same invocations under
#      zh_CN.UTF-8 and C.UTF-8, their texts compared exactly.
. "$(dirname "$0")/lib.sh"

# ---- (a) the catalogue ----

# The first few msgids of a PO file on standard input (a long msgid starts
# with msgid "" and goes on on the next line).
first_msgids() {
	awk '/^msgid /{ if ($0 == "msgid \"\"") { getline; if ($0 ~ /^msgstr/) next } else sub(/^msgid /, "")
			print }' | head -5
}

# check_catalogue TOP: prints what is wrong with TOP/po/zh_CN.po, nothing if
# every message of TOP's sources is translated.
check_catalogue() {
	local top=$1 work
	work=$(mktemp -d "$TMP/cat-XXXXXX")
	local f
	for f in "$top"/lib/*.c "$top"/cmd/*.c; do
		grep -qx "${f#"$top"/}" "$top/po/POTFILES" || echo "${f#"$top"/} is not listed in po/POTFILES"
	done
	# a header marking messages (the rule summaries of lib/ruleids.h):
	# xgettext reads only the files it is given, not what they #include
	for f in "$top"/lib/*.h "$top"/cmd/*.h; do
		grep -q '[NP]\{0,1\}_("' "$f" || continue
		grep -qx "${f#"$top"/}" "$top/po/POTFILES" ||
			echo "${f#"$top"/} marks messages but is not listed in po/POTFILES"
	done
	sh "$top/po/make-pot.sh" "$work/ysh.pot" || { echo "po/make-pot.sh failed"; return; }
	# new messages come out of the merge untranslated (no fuzzy guesses)
	msgmerge --quiet --no-fuzzy-matching -o "$work/merged.po" "$top/po/zh_CN.po" "$work/ysh.pot" ||
		{ echo "msgmerge failed"; return; }
	msgattrib --untranslated --no-obsolete --no-wrap "$work/merged.po" | first_msgids |
		sed 's|^|missing from po/zh_CN.po: |'
	msgattrib --only-fuzzy --no-obsolete --no-wrap "$top/po/zh_CN.po" | first_msgids |
		sed 's|^|fuzzy in po/zh_CN.po: |'
	msgfmt --check -o /dev/null "$top/po/zh_CN.po" 2>&1
	local stats
	stats=$(msgfmt --statistics -o /dev/null "$work/merged.po" 2>&1)
	case $stats in
	*fuzzy* | *untranslated*) echo "po/zh_CN.po against the sources: $stats" ;;
	esac
}

CHECKS=$((CHECKS + 1))
problems=$(check_catalogue "$SRC")
[ -z "$problems" ] || fail "the catalogue is stale; run: cmake --build build --target ysh-pot, then translate
$problems"

# The check itself: a copy of the sources with one new message must fail,
# naming the message.
mkdir "$TMP/tree"
cp -r "$SRC/lib" "$SRC/cmd" "$SRC/schemas" "$SRC/po" "$TMP/tree/"
printf 'const char *ysh_probe(void);\nconst char *ysh_probe(void) { return _("a message nobody translated"); }\n' \
	>>"$TMP/tree/lib/util.c"
CHECKS=$((CHECKS + 1))
problems=$(check_catalogue "$TMP/tree")
case $problems in
*'missing from po/zh_CN.po: "a message nobody translated"'*) ;;
*) fail "a new message went unnoticed: $problems" ;;
esac
# ... and so must a header that marks messages and is not listed
grep -vx 'lib/ruleids.h' "$SRC/po/POTFILES" >"$TMP/tree/po/POTFILES"
CHECKS=$((CHECKS + 1))
problems=$(check_catalogue "$TMP/tree")
case $problems in
*'lib/ruleids.h marks messages but is not listed in po/POTFILES'*) ;;
*) fail "an unlisted header went unnoticed: $problems" ;;
esac

# ---- (b) the commands, in both languages ----

if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	fail "no zh_CN.UTF-8 locale: run scripts/deps.sh test"
	finish
	exit 1
fi

# expect_line FILE LINE: FILE has exactly this line
expect_line() {
	CHECKS=$((CHECKS + 1))
	grep -qxF -- "$2" "$1" || { fail "'$2' not in $1:"; head -5 "$1" >&2; }
}

zh() { LC_ALL=zh_CN.UTF-8 "$@"; }
en() { LC_ALL=C.UTF-8 "$@"; }

# --help
expect_status 0 zh "$BIN/ysh-check" --help
expect_line "$TMP/out" '用法：ysh-check [选项]... [文件]...'
expect_line "$TMP/out" '      --strict          有警告也以状态 1 退出'
expect_status 0 en "$BIN/ysh-check" --help
expect_line "$TMP/out" 'Usage: ysh-check [OPTION]... [FILE]...'
expect_line "$TMP/out" '      --strict         exit 1 on warnings too'
expect_status 0 zh "$BIN/ysh-add" --help
expect_line "$TMP/out" '用法：ysh-add [选项]... 台账 [列名=值]...'
expect_line "$TMP/out" '      --strict            违反任何规则的记录都拒绝写入，不只是格式有误的记录'
expect_status 0 zh "$BIN/ysh-report" --help
expect_line "$TMP/out" '用法：ysh-report [选项]... unit|summary|filings|complaints|roster|tasks|campaign'
expect_line "$TMP/out" '      --print-period    只输出统计期间的名称、首日和末日，不生成报表'

# --list-rules: the summaries translated, codes and severities not
expect_status 0 zh "$BIN/ysh-check" --list-rules
expect_line "$TMP/out" 'steps-min          error    flag    参与环节少于该活动类型的要求（min_steps_类型）'
expect_line "$TMP/out" 'record-duplicate   warning  flag    两条未作废的记录关键字段相同（是否重复录入？）'
expect_line "$TMP/out" 'write-interrupted  error    refuse  台账末尾是一次被中断的追加写入的残留部分（下次运行 ysh-add 时自动回退）'
expect_lines 45 "$TMP/out"
expect_status 0 en "$BIN/ysh-check" --list-rules
expect_line "$TMP/out" 'steps-min          error    flag    fewer steps than the activity kind requires (min_steps_KIND)'
expect_line "$TMP/out" 'record-duplicate   warning  flag    two live records with the same defining fields (entered twice?)'
expect_lines 45 "$TMP/out"

# a usage error
expect_status 2 zh "$BIN/ysh-check" --frobnicate
expect_line "$TMP/err" 'ysh-check: 未知选项“--frobnicate”；可运行“ysh-check --help”查看用法'
expect_status 2 en "$BIN/ysh-check" --frobnicate
expect_line "$TMP/err" "ysh-check: unknown option '--frobnicate' (try 'ysh-check --help')"

# a ledger directory that is not there (the reason is the C library's)
expect_status 2 zh "$BIN/ysh-check" -C /nonexistent
expect_grep '^ysh-check: 台账目录 /nonexistent：' "$TMP/err"
expect_status 2 en "$BIN/ysh-check" -C /nonexistent
expect_grep '^ysh-check: ledger directory /nonexistent: ' "$TMP/err"

# no ysh.ini: every command says how to name the ledger directory
mkdir "$TMP/empty"
for cmd in "ysh-check" "ysh-add activity" "ysh-report unit"; do
	set -- $cmd
	expect_status 2 env -u YSH_DIR -C "$TMP/empty" LC_ALL=zh_CN.UTF-8 "$BIN/$1" ${2:+"$2"}
	expect_line "$TMP/err" "$1: ./ysh.ini：文件不存在；请在台账目录中运行，或用 -C 目录 或 YSH_DIR=目录 指定台账目录"
	expect_status 2 env -u YSH_DIR -C "$TMP/empty" LC_ALL=C.UTF-8 "$BIN/$1" ${2:+"$2"}
	expect_line "$TMP/err" "$1: ./ysh.ini: not found; run in the ledger directory, or name it with -C DIR or YSH_DIR=DIR"
done
YSH_DIR="$TMP/empty" expect_status 2 zh "$BIN/ysh-check"
expect_line "$TMP/err" "ysh-check: $TMP/empty/ysh.ini：文件不存在；请在台账目录中运行，或用 -C 目录 或 YSH_DIR=目录 指定台账目录"

# findings: the message translated; file:line:col, error/warning and the code not
cd "$SRC/tests/samples"
expect_status 1 zh "$BIN/ysh-check" -C violations --today 2026-11-23
expect_line "$TMP/out" 'violations/activities.csv:3:9: error: 走流程应参与 4 个环节，实际 3 个 [steps-min]'
expect_line "$TMP/out" 'violations/activities.csv:0:0: warning: 县司法局：0 次活动（2026-09），每月应不少于 1 次（monthly_min） [monthly-missing]'
expect_line "$TMP/out" 'violations/activities.csv:10:0: warning: 单位、活动日期、参与人、活动类型与 A2026-0001（第 2 行）相同：是否重复录入？请作废其中一条：id=A2026-0008 voided=是 void_reason=重复录入 [record-duplicate]'
expect_line "$TMP/out" 'violations/filings.csv:6:12: error: approved_on（批准日期）2026-11-21 晚于该行的录入日期（2026-11-20） [date-future]'
# a profile rule, [clerks] and an interrupted append
expect_line "$TMP/out" 'violations/activities.csv:3:9: error: 走流程缺少“座谈交流”环节（steps_走流程） [step-missing]'
expect_line "$TMP/out" 'violations/activities.csv:3:14: error: zhangli 无权为县行政审批局录入（violations/ysh.ini 的 [clerks]） [record-unauthorized]'
expect_line "$TMP/out" 'violations/filings.csv:8:0: error: 一次追加写入被中断：台账到此处（第 1652 字节）为止完整，其后是那次追加未写完的部分，不予读取；下次运行 ysh-add 时会自动回退，也可运行：truncate -s 1652 violations/filings.csv [write-interrupted]'
expect_line "$TMP/out" 'violations/complaints.csv:4:11: error: 未向投诉人答复就办结（一件一反馈）：请填写 replied_on（答复日期） [feedback-missing]'
expect_line "$TMP/out" '31 个错误，18 个警告，共检查 35 条记录（5 个文件）'
expect_status 1 en "$BIN/ysh-check" -C violations --today 2026-11-23
expect_line "$TMP/out" 'violations/activities.csv:3:9: error: 走流程 needs 4 steps, has 3 [steps-min]'
expect_line "$TMP/out" 'violations/activities.csv:10:0: warning: same 单位、活动日期、参与人、活动类型 as A2026-0001 (line 2): entered twice? Void one: id=A2026-0008 voided=是 void_reason=重复录入 [record-duplicate]'
expect_line "$TMP/out" 'violations/activities.csv:3:9: error: 走流程 lacks the step 座谈交流 (steps_走流程) [step-missing]'
expect_line "$TMP/out" 'violations/filings.csv:8:0: error: an append was interrupted: the ledger is whole up to here (byte 1652) and ends in part of that append, which is not read; the next ysh-add rolls it back, or run: truncate -s 1652 violations/filings.csv [write-interrupted]'
expect_line "$TMP/out" '31 errors, 18 warnings in 35 records (5 files)'
expect_status 1 zh "$BIN/ysh-check" -C violations --today 2026-11-23 --format json --rule steps-min
expect_line "$TMP/out" '{"file":"violations/activities.csv","line":3,"column":9,"severity":"error","code":"steps-min","id":"A2026-0002","message":"走流程应参与 4 个环节，实际 3 个"}'
expect_line "$TMP/err" '1 个错误，0 个警告，共检查 35 条记录（5 个文件）'
# the plural forms: one of each noun in English
expect_status 0 en "$BIN/ysh-check" -C violations --today 2026-11-23 --rule report-late callbacks.csv
expect_line "$TMP/out" '0 errors, 0 warnings in 8 records (1 file)'
expect_status 0 en "$BIN/ysh-check" -C violations --today 2026-11-23 --rule record-duplicate
expect_line "$TMP/out" '0 errors, 1 warning in 35 records (5 files)'
expect_status 1 en "$BIN/ysh-check" -C violations --today 2026-11-23 --rule steps-min --format json
expect_line "$TMP/err" '1 error, 0 warnings in 35 records (5 files)'

# ysh-add: a record refused for its malformed field; the conduct it records
# (too few steps) only flagged, as a warning; the field named in the locale's
# punctuation
mkdir "$TMP/county"
cp "$SRC/data/ysh.ini" "$TMP/county/"
export YSH_NOW=2026-11-23T10:00:00+08:00 # recorded_at, which filing-late judges
add() {
	"$BIN/ysh-add" -C "$TMP/county" --today 2026-11-23 "$@" </dev/null
}
bad_activity() {
	add activity $ACT_FACTS date=2026-02-30 unit=县市场监管局 kind=跟执法 steps=执法检查、案件处理 \
		participant=张三 position=局长 items=食品检查
}
expect_status 1 zh bad_activity
expect_line "$TMP/err" 'ysh-add: error: date（活动日期）“2026-02-30”不是日期（YYYY-MM-DD） [field-type]'
expect_line "$TMP/err" 'ysh-add: warning: steps（参与环节）：跟执法应参与 3 个环节，实际 2 个 [steps-min]'
expect_line "$TMP/err" 'ysh-add: warning: steps（参与环节）：跟执法缺少“案卷评查”环节（steps_跟执法） [step-missing]'
expect_line "$TMP/err" "ysh-add: 未向 $TMP/county/activities.csv 写入任何内容"
expect_status 1 en bad_activity
expect_line "$TMP/err" "ysh-add: error: date (活动日期) '2026-02-30' is not a date YYYY-MM-DD [field-type]"
expect_line "$TMP/err" 'ysh-add: warning: steps (参与环节): 跟执法 needs 3 steps, has 2 [steps-min]'
expect_line "$TMP/err" 'ysh-add: warning: steps (参与环节): 跟执法 lacks the step 案卷评查 (steps_跟执法) [step-missing]'
expect_line "$TMP/err" "ysh-add: nothing written to $TMP/county/activities.csv"
# a value the reader would not take back (a control character): refused
bell_activity() {
	add activity $ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
		participant=张三 position=局长 "items=$(printf '食品\a检查')"
}
expect_status 1 zh bell_activity
expect_line "$TMP/err" 'ysh-add: items（体验事项）含控制字符 U+0007（第 7 字节）；单元格中除制表符和换行外不能有控制字符；未写入任何内容'
expect_status 1 en bell_activity
expect_line "$TMP/err" 'ysh-add: items (体验事项) holds the control character U+0007 at byte 7; only tab and line breaks may be in a cell; nothing written'
# the facts no default states: an activity that does not say whether a
# deputy went for the head (是否委托) is refused, the field named, nothing
# assumed; the same for a callback that does not say whether it was valid
unstated_activity() {
	add activity mode=定期 date=2026-11-03 unit=县市场监管局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
		participant=张三 position=局长 items=食品检查
}
expect_status 1 zh unstated_activity
expect_line "$TMP/err" 'ysh-add: error: delegated（是否委托）为必填项，但未填写 [field-required]'
expect_line "$TMP/err" "ysh-add: 未向 $TMP/county/activities.csv 写入任何内容"
expect_lines 2 "$TMP/err"
expect_status 1 en unstated_activity
expect_line "$TMP/err" 'ysh-add: error: delegated (是否委托) is required but empty [field-required]'
expect_line "$TMP/err" "ysh-add: nothing written to $TMP/county/activities.csv"
expect_lines 2 "$TMP/err"
CHECKS=$((CHECKS + 1))
[ ! -e "$TMP/county/activities.csv" ] || fail "an activity refused for 是否委托 wrote $TMP/county/activities.csv"
expect_status 1 zh add activity delegated=否 date=2026-11-03 unit=县市场监管局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
	participant=张三 position=局长 items=食品检查
expect_line "$TMP/err" 'ysh-add: error: mode（体验方式）为必填项，但未填写 [field-required]'
expect_lines 2 "$TMP/err"
expect_status 2 zh "$BIN/ysh-add" -C "$TMP/county" bogus
expect_line "$TMP/err" 'ysh-add: 未知台账“bogus”（应为 activity、callback、problem 或 filing）；可运行“ysh-add --help”查看用法'

# a late filing: written with a warning (exit 0), refused with --strict
late_filing() {
	add "$@" filing unit=县市场监管局 enterprise=某公司 planned_on=2026-11-29 inspectors=甲、乙 \
		content=检查 basis=依据 kind=例行 filed_on=2026-11-23 approved_by=刘副县长 approved_on=2026-11-23
}
expect_status 1 zh late_filing --strict
expect_line "$TMP/err" 'ysh-add: error: filed_on（报备日期）：例行检查（2026-11-29）于 2026-11-23 才备案；最迟应在 2026-11-22 备案 [filing-late]'
expect_line "$TMP/err" "ysh-add: 未向 $TMP/county/filings.csv 写入任何内容"
expect_status 1 en late_filing --strict
expect_line "$TMP/err" 'ysh-add: error: filed_on (报备日期): 例行 inspection on 2026-11-29 filed on 2026-11-23; it had to be filed by 2026-11-22 [filing-late]'
expect_status 0 zh late_filing
expect_line "$TMP/out" 'F2026-0001'
expect_line "$TMP/err" 'ysh-add: warning: filed_on（报备日期）：例行检查（2026-11-29）于 2026-11-23 才备案；最迟应在 2026-11-22 备案 [filing-late]'
expect_lines 1 "$TMP/err"
# judged by when it was recorded, whatever filed_on says
expect_status 0 zh add filing unit=县市场监管局 enterprise=某商店 planned_on=2026-11-20 inspectors=甲、乙 \
	content=检查 basis=依据 kind=例行 filed_on=2026-11-10 approved_by=刘副县长 approved_on=2026-11-11
expect_line "$TMP/out" 'F2026-0002'
expect_line "$TMP/err" 'ysh-add: warning: filed_on（报备日期）：例行检查（2026-11-20）的报备日期（filed_on）填的是 2026-11-10，但 2026-11-23 才首次录入；最迟应在 2026-11-13 备案 [filing-late]'
# voiding needs a reason
expect_status 1 zh add filing id=F2026-0002 voided=是
expect_line "$TMP/err" 'ysh-add: error: void_reason（作废原因）在 voided 为“是”时必须填写 [field-required]'
expect_status 1 en add filing id=F2026-0002 voided=是
expect_line "$TMP/err" 'ysh-add: error: void_reason (作废原因) is required when voided is 是 [field-required]'
expect_status 0 zh add filing id=F2026-0002 voided=是 void_reason=录入错误
expect_line "$TMP/out" 'F2026-0002'

# the prompts on a terminal (script(1) gives ysh-add a pty): the schemas'
# help texts are translated too; a malformed answer is refused and asked
# again, a flagged one only warned about; the record is shown and confirmed.
# The prompt "> " stays on the line of whatever is printed after it.
answers='2026-02-30\n2026-11-03\n县市场监管局\n张三\n局长\n否\n跟执法\n定期\n执法检查、案件处理\n食品检查\n2026-11-04\n\n'
prompt() {
	printf "$answers$1" | LC_ALL=zh_CN.UTF-8 timeout 20 script -q -e \
		-c "'$BIN/ysh-add' -C '$TMP/county' --today 2026-11-23 activity" /dev/null >"$TMP/raw"
	local rc=$?
	tr -d '\r' <"$TMP/raw" | sed 's/^> //' >"$TMP/tty"
	return $rc
}
expect_status 1 prompt '否\n'
expect_line "$TMP/tty" "新增一条 activity 记录，写入 $TMP/county/activities.csv（活动台账）；按 Ctrl-D 或 Ctrl-C 放弃，不写入任何内容。"
expect_line "$TMP/tty" '    单位主要负责人，或其委托的分管负责同志'
expect_line "$TMP/tty" '  不予录入：date（活动日期）“2026-02-30”不是日期（YYYY-MM-DD） [field-type]'
expect_line "$TMP/tty" '  警告：跟执法应参与 3 个环节，实际 2 个 [steps-min]'
expect_line "$TMP/tty" "将写入 $TMP/county/activities.csv 的记录："
expect_line "$TMP/tty" '   2  活动日期 (date): 2026-11-03'
expect_line "$TMP/tty" '写入这条记录？答“是”写入，答“否”放弃，输入序号可重填该项 [是]：'
expect_line "$TMP/tty" 'ysh-add: 已放弃：未写入任何内容'
CHECKS=$((CHECKS + 1))
[ ! -e "$TMP/county/activities.csv" ] || fail "a record stopped at the confirmation wrote $TMP/county/activities.csv"
# an answer that is neither, then 是: written, flagged
expect_status 0 prompt '也许\n是\n'
expect_line "$TMP/tty" '  请答“是”或“否”，或输入要重填的序号'
expect_line "$TMP/tty" 'A2026-0001'
expect_line "$TMP/tty" 'ysh-add: warning: steps（参与环节）：跟执法应参与 3 个环节，实际 2 个 [steps-min]'
expect_grep '^A2026-0001,2026-11-03,县市场监管局,张三,' "$TMP/county/activities.csv"

# the sample's interrupted append (its intent is in violations/.ysh): the
# next ysh-add rolls it back and says so, whatever becomes of its record;
# a login [clerks] does not allow for the unit is refused
cp -r "$SRC/tests/samples/violations" "$TMP/torn"
{ sed '/^\[clerks\]/,/^$/d' "$SRC/tests/samples/violations/ysh.ini"; printf '\n[clerks]\n%s = 玉山镇\n' "$(id -un)"; } >"$TMP/torn/ysh.ini"
expect_status 1 zh "$BIN/ysh-add" -C "$TMP/torn" --today 2026-11-23 filing id=F2026-0002 voided=是 void_reason=录入错误 </dev/null
expect_line "$TMP/err" "ysh-add: 警告：$TMP/torn/filings.csv：上次追加写入 80 字节（共 260 字节）后中断；已回退到追加前的 1652 字节"
expect_line "$TMP/err" "ysh-add: error: recorded_by（录入人）：$(id -un) 无权为县司法局录入（$TMP/torn/ysh.ini 的 [clerks]） [record-unauthorized]"
expect_line "$TMP/err" "ysh-add: 未向 $TMP/torn/filings.csv 写入任何内容"
expect_status 1 en "$BIN/ysh-add" -C "$TMP/torn" --today 2026-11-23 filing id=F2026-0002 voided=是 void_reason=录入错误 </dev/null
expect_line "$TMP/err" "ysh-add: error: recorded_by (录入人): $(id -un) may not record for 县司法局 ([clerks] in $TMP/torn/ysh.ini) [record-unauthorized]"
expect_lines 2 "$TMP/err" # rolled back once, by the first
unset YSH_NOW

# ysh-report: the reports are Chinese documents in either locale, for the
# last period that has ended; its own messages follow the locale
for lc in zh en; do
	expect_status 0 $lc "$BIN/ysh-report" -C "$SRC/data" --today 2026-11-22 summary
	CHECKS=$((CHECKS + 1))
	[ "$(head -1 "$TMP/out")" = '蓝田县 2026-10 月度工作总结（报县营商办）' ] || fail "$lc: summary heading: $(head -1 "$TMP/out")"
	expect_line "$TMP/out" '统计期间：2026-10-01 至 2026-10-31'
	expect_line "$TMP/out" '作废记录 0 条（不计入以上数字）'
done
# a range instead of a month: the heading says which, without 月度
for lc in zh en; do
	expect_status 0 $lc "$BIN/ysh-report" -C "$SRC/data" --today 2026-11-22 --quarter 2026Q3 summary
	CHECKS=$((CHECKS + 1))
	[ "$(head -1 "$TMP/out")" = '蓝田县 2026Q3 工作总结（报县营商办）' ] || fail "$lc: --quarter heading: $(head -1 "$TMP/out")"
	expect_line "$TMP/out" '统计期间：2026-07-01 至 2026-09-30'
done
expect_status 0 zh "$BIN/ysh-report" -C "$SRC/data" --today 2026-11-22 --quarter 2026Q3 unit
expect_line "$TMP/out" '蓝田县 2026Q3 单位报告（问题清单、需求清单和解决措施清单）'
expect_status 0 zh "$BIN/ysh-report" -C "$SRC/data" --today 2026-11-22 --to 2026-10 filings
expect_line "$TMP/out" '截至 2026-10-31，共办理“免罚轻罚”案件 3 件，其中不予处罚 2 件、从轻减轻 1 件，减免金额 17500.00 元。'
expect_status 2 zh "$BIN/ysh-report" -C "$SRC/data" --quarter 2026Q5 summary
expect_line "$TMP/err" 'ysh-report: --quarter “2026Q5”不是季度（如 2026Q3）；可运行“ysh-report --help”查看用法'
expect_status 2 en "$BIN/ysh-report" -C "$SRC/data" --quarter 2026Q5 summary
expect_line "$TMP/err" "ysh-report: --quarter '2026Q5' is not a quarter like 2026Q3 (try 'ysh-report --help')"
expect_status 0 zh "$BIN/ysh-report" -C violations --today 2026-11-23 summary
expect_line "$TMP/err" 'ysh-report: 警告：台账中有 31 个错误（见 ysh-check）；报表只统计能读取的内容'
expect_line "$TMP/out" '注意：所依据的台账有 31 处错误（ysh-check 逐条列出），本表只统计能读出的记录。'
expect_status 0 en "$BIN/ysh-report" -C violations --today 2026-11-23 summary
expect_line "$TMP/err" 'ysh-report: warning: the ledgers have 31 errors (see ysh-check); the report counts what could be read'
expect_line "$TMP/out" '注意：所依据的台账有 31 处错误（ysh-check 逐条列出），本表只统计能读出的记录。'
expect_status 0 zh "$BIN/ysh-report" -C violations --today 2026-11-23 unit
expect_line "$TMP/out" '本期作废的记录（不计入任何数字）'

# YSH_LOCALE_DIR overrides where the catalogue is looked for
YSH_LOCALE_DIR="$TMP/none" expect_status 2 zh "$BIN/ysh-check" --frobnicate
expect_line "$TMP/err" "ysh-check: unknown option '--frobnicate' (try 'ysh-check --help')"
finish
