# Input as clerks have it (issue 11): the forms Excel, WPS and Chinese input
# methods produce, through ysh-add key=value and --batch; GBK batches and a
# GBK terminal; Excel's artefacts; revisions in bulk; "did you mean"; and the
# periods ysh-report and ysh-check refuse.  Messages in both languages.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D"
export YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"
zh() { LC_ALL=zh_CN.UTF-8 "$@"; }
en() { LC_ALL=C.UTF-8 "$@"; }
expect_same_text() { printf '%s\n' "$1" >"$TMP/want"; expect_same "$TMP/want" "$2"; }
# expect_line FILE LINE: FILE has exactly this line
expect_line() {
	CHECKS=$((CHECKS + 1))
	grep -qxF -- "$2" "$1" || { fail "'$2' not in $1:"; head -5 "$1" >&2; }
}
# expect_unchanged FILE: FILE is as $TMP/before
expect_unchanged() {
	CHECKS=$((CHECKS + 1))
	cmp -s "$TMP/before" "$1" || fail "a refusal changed $1"
}

# ---- key=value: each form accepted and written canonical ----

expect_status 0 "$ADD" $T activity $ACT_FACTS date=2026/11/3 "unit=县市场监管局　" kind=跟执法 \
	steps=执法检查、案件处理、案卷评查、服务回访 participant=张三 position=局长 items=食品检查 \
	"reported_on=2026年11月4日" </dev/null
expect_same_text A2026-0001 "$TMP/out"
expect_grep '^A2026-0001,2026-11-03,县市场监管局,张三,局长,否,跟执法,定期,执法检查;案件处理;案卷评查;服务回访,食品检查,2026-11-04,' "$D/activities.csv"
for form in 2026-11-5 2026.11.5 ２０２６／１１／５ 20261105 " 2026/11/5　"; do
	expect_status 0 "$ADD" $T activity $ACT_FACTS "date=$form" unit=县司法局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
		participant=李四 position=局长 "items=检查$form" reported_on=2026-11-05 </dev/null
done
expect_lines 7 "$D/activities.csv"
[ "$(cut -d, -f2 "$D/activities.csv" | sort | uniq -c | awk '$2 == "2026-11-05" {print $1}')" = 5 ] ||
	fail "not every date form became 2026-11-05: $(cut -d, -f2 "$D/activities.csv")"

# phones, full-width digits, y/n as words
i=0
for phone in 138-1234-5678 "138 1234 5678" "+86 138 1234 5678" １３８１２３４５６７８ "0914 123 4567" "(029)82345678"; do
	i=$((i + 1))
	expect_status 0 "$ADD" $T callback $CB_FACTS activity=a2026-0001 date=2026年11月6日 "contact=回访对象$i" "phone=$phone" \
		served_on=2026/10/20 attitude=好 ability=好 process_ok=ｙｅｓ channel_ok=是 experience=好 satisfaction=满意 </dev/null
done
expect_same_text C2026-0006 "$TMP/out"
expect_grep '^C2026-0001,A2026-0001,2026-11-06,回访对象1,13812345678,2026-10-20,好,好,是,是,' "$D/callbacks.csv"
expect_grep '^C2026-0004,A2026-0001,2026-11-06,回访对象4,13812345678,' "$D/callbacks.csv"
expect_grep '^C2026-0005,A2026-0001,2026-11-06,回访对象5,0914-1234567,' "$D/callbacks.csv"
expect_grep '^C2026-0006,A2026-0001,2026-11-06,回访对象6,029-82345678,' "$D/callbacks.csv"

# money, a credit code typed in lower case, a category by its name
expect_status 0 "$ADD" $T filing unit=县市场监管局 enterprise=某公司 credit_code=9144030071526726xg planned_on=2026.11.20 \
	inspectors=甲、乙 content=检查 basis=依据 kind=例行 filed_on=2026/11/10 approved_by=刘副县长 approved_on=2026/11/11 \
	outcome=从轻减轻 "fine_waived=￥1,000.50元" </dev/null
expect_grep ',9144030071526726XG,2026-11-20,甲;乙,检查,依据,例行,2026-11-10,刘副县长,2026-11-11,,从轻减轻,1000.50,' "$D/filings.csv"
for money in 1,000 1000元 "1000 元" ¥1000 １０００; do
	expect_status 0 "$ADD" $T filing id=F2026-0001 "fine_waived=$money" </dev/null
	expect_grep '^F2026-0001,.*,1000,,,' "$D/filings.csv"
done
expect_status 0 "$ADD" $T problem found_on=2026/11/3 unit=县市场监管局 source=走流程 type=问题 item=许可 finder=张三 \
	description=材料多 "category=审批环节多、办事效率低" handling=立行立改 </dev/null
expect_grep '^P2026-0001,2026-11-03,县市场监管局,,走流程,问题,许可,张三,材料多,5,' "$D/problems.csv"

# ---- what is still refused: the field named, nothing written ----

cp "$D/activities.csv" "$TMP/before"
expect_status 1 en "$ADD" $T activity $ACT_FACTS date=2026/13/3 unit=县司法局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
	participant=李四 position=局长 items=x </dev/null
expect_grep "^ysh-add: error: date (活动日期) '2026/13/3' is not a date YYYY-MM-DD \[field-type\]$" "$TMP/err"
expect_unchanged "$D/activities.csv"
cp "$D/filings.csv" "$TMP/before"
expect_status 1 en "$ADD" $T filing id=F2026-0001 fine_waived=1,00 </dev/null
expect_grep "fine_waived (减免金额) '1,00' is not yuan with at most 2 decimals" "$TMP/err"
expect_status 1 en "$ADD" $T filing id=F2026-0001 fine_waived=一千元 </dev/null
expect_grep "'一千元' is not yuan" "$TMP/err"
expect_unchanged "$D/filings.csv"
cp "$D/callbacks.csv" "$TMP/before"
expect_status 1 en "$ADD" $T callback $CB_FACTS activity=A2026-0001 date=2026-11-06 contact=某 phone=138-1234-567 \
	served_on=2026-10-20 attitude=好 ability=好 process_ok=是 channel_ok=是 experience=好 satisfaction=满意 </dev/null
expect_grep "phone (联系电话) '.*' is not a phone number" "$TMP/err"
expect_unchanged "$D/callbacks.csv"

# ---- did you mean, in both languages ----

cp "$D/activities.csv" "$TMP/before"
expect_status 1 en "$ADD" $T activity $ACT_FACTS date=2026-11-07 unit=市场监管局 kind=走流成 steps=执法检查 participant=王 \
	position=局长 items=x reported_on=2026-11-07 </dev/null
expect_grep "^ysh-add: error: unit (单位) '市场监管局' is not a unit listed in .*/ysh.ini; did you mean '县市场监管局'? \[unit-unknown\]$" "$TMP/err"
expect_grep "^ysh-add: error: kind (活动类型) '走流成' is not allowed; allowed: 走流程|坐窗口|跟执法|处投诉; did you mean '走流程'? \[field-enum\]$" "$TMP/err"
expect_status 1 zh "$ADD" $T activity $ACT_FACTS date=2026-11-07 unit=县市场监督局 kind=跟执法 steps=执法检查、案件处里、案卷评查 \
	participant=王 position=局长 items=x reported_on=2026-11-07 </dev/null
expect_grep "^ysh-add: error: unit（单位）“县市场监督局”不是 .*/ysh.ini 中列出的单位；你是不是要输入“县市场监管局”？ \[unit-unknown\]$" "$TMP/err"
expect_grep "^ysh-add: error: steps（参与环节）“案件处里”不适用于跟执法；可选：执法检查|案件处理|案卷评查|服务回访；你是不是要输入“案件处理”？ \[field-enum\]$" "$TMP/err"
# nothing near: no suggestion
expect_status 1 en "$ADD" $T activity $ACT_FACTS date=2026-11-07 unit=县教育局 kind=跟执法 steps=执法检查、案件处理、案卷评查 \
	participant=王 position=局长 items=x reported_on=2026-11-07 </dev/null
expect_grep "'县教育局' is not a unit listed in .*/ysh.ini \[unit-unknown\]$" "$TMP/err"
expect_unchanged "$D/activities.csv"
# ysh-check reads the ledgers as they are: no suggestions there
cp -r "$D" "$TMP/typo"
sed -i '2s/,县市场监管局,/,市场监管局,/' "$TMP/typo/activities.csv"
expect_status 1 "$BIN/ysh-check" -C "$TMP/typo" $T --rule unit-unknown --no-rule record-unchained --no-rule chain-broken
expect_grep "'市场监管局' is not a unit listed in .*ysh.ini \[unit-unknown\]$" "$TMP/out"

# ---- --batch: the forms, and the file as WPS saves it ----

cat >"$TMP/forms.csv" <<'CSV'
活动编号,回访日期,回访对象,联系电话,办理业务日期,服务态度,服务能力,流程是否顺畅,投诉渠道是否顺畅,办事体验,满意度,有效回访
A2026-0001,2026/11/8,甲公司,138-1234-5678,2026年10月20日,好,好,是,是,好,满意,是
A2026-0001,２０２６．１１．８,乙公司,0914 123 4567,2026-11-2,好,一般,是,是,好,基本满意,是
CSV
expect_status 0 "$ADD" $T --batch callback <"$TMP/forms.csv"
expect_grep '^C2026-0007,A2026-0001,2026-11-08,甲公司,13812345678,2026-10-20,' "$D/callbacks.csv"
expect_grep '^C2026-0008,A2026-0001,2026-11-08,乙公司,0914-1234567,2026-11-02,' "$D/callbacks.csv"
[ -s "$TMP/err" ] && fail "a UTF-8 batch said something: $(cat "$TMP/err")"

# a slip in a batch: refused at its line, with the nearest name
printf '活动编号,回访日期,回访对象,联系电话,办理业务日期,服务态度,服务能力,流程是否顺畅,投诉渠道是否顺畅,办事体验,满意度,有效回访\nA2026-0001,2026/11/8,丙公司,13812345678,2026/11/1,号,好,是,是,好,很满意,是\n' |
	expect_status 1 zh "$ADD" $T --batch callback
expect_line "$TMP/err" "ysh-add: <stdin>:2: error: satisfaction（满意度）“很满意”不在可选范围内；可选：满意|基本满意|不满意；你是不是要输入“满意”？ [field-enum]"
expect_grep "<stdin>:2: error: attitude（服务态度）“号”不在可选范围内；可选：好|一般|差 \[field-enum\]$" "$TMP/err"

GBK="$SRC/tests/samples/wps/problems-gbk.csv"
if iconv -f UTF-8 -t UTF-8 "$GBK" >/dev/null 2>&1; then fail "the GBK fixture is valid UTF-8"; fi
# fresh_problems: problems.csv and its hash chain gone, for the next import
fresh_problems() { rm -f "$D/problems.csv" "$D/.ysh/problems.csv.chain"; }
for lang in en zh; do
	fresh_problems
	expect_status 0 $lang "$ADD" $T --batch problem <"$GBK"
	printf 'P2026-0001\nP2026-0002\n' >"$TMP/want"
	expect_same "$TMP/want" "$TMP/out"
	expect_lines 4 "$TMP/err"
	if [ $lang = en ]; then
		expect_line "$TMP/err" "ysh-add: standard input is not UTF-8: read as GB18030 (GBK) and converted to UTF-8; --encoding names another encoding"
		expect_line "$TMP/err" "ysh-add: <stdin>:1: note: a title row above the header is skipped"
		expect_line "$TMP/err" "ysh-add: <stdin>:2: note: empty columns at the end of the header are ignored"
		expect_line "$TMP/err" "ysh-add: <stdin>:4: note: a blank row is skipped"
	else
		expect_line "$TMP/err" "ysh-add: 标准输入不是 UTF-8：已按 GB18030（GBK）读取并转换为 UTF-8；如是其他编码，请用 --encoding 指明"
		expect_line "$TMP/err" "ysh-add: <stdin>:1: 提示：已跳过表头上方的标题行"
		expect_line "$TMP/err" "ysh-add: <stdin>:2: 提示：已忽略表头末尾的空列"
		expect_line "$TMP/err" "ysh-add: <stdin>:4: 提示：已跳过空行"
	fi
done
iconv -f UTF-8 -t UTF-8 "$D/problems.csv" >/dev/null || fail "problems.csv is not UTF-8"
expect_grep '^P2026-0001,2026-11-03,县市场监管局,,走流程,问题,食品经营许可,张三 局长,提交材料重复,5,精简材料清单,,挂账销号,2026-12-31,未整改,' "$D/problems.csv"
expect_grep '^P2026-0002,2026-11-04,县司法局,,跟执法,需求,执法检查,李四 副局长,企业希望检查前告知,11,检查前一日电话告知,,立行立改,,未整改,' "$D/problems.csv"
grep -q "$(printf '\r')" "$D/problems.csv" && fail "the batch's CRLF went into problems.csv"
expect_status 0 "$BIN/ysh-check" $T --rule csv-syntax --rule header --rule field-type --rule field-enum

# --encoding: named, nothing said; a wrong one is refused with one message
for enc in gbk GBK gb18030 cp936; do
	fresh_problems
	expect_status 0 "$ADD" $T --batch --encoding $enc problem <"$GBK"
	expect_lines 3 "$TMP/err"
done
cp "$D/problems.csv" "$TMP/before"
expect_status 1 en "$ADD" $T --batch --encoding utf-8 problem <"$GBK"
expect_grep "invalid UTF-8 .*iconv -f GBK -t UTF-8 \[csv-syntax\]" "$TMP/err"
expect_unchanged "$D/problems.csv"
printf 'found_on,unit\n2026-11-03,\x81\x20\n' | expect_status 1 en "$ADD" $T --batch --encoding gbk problem
expect_line "$TMP/err" "ysh-add: <stdin>:2: error: byte 0x81 at offset 25 is not GBK text either; give the file's encoding with --encoding, or save it as CSV UTF-8 [csv-syntax]"
printf 'found_on,unit\n2026-11-03,\x81\x20\n' | expect_status 1 zh "$ADD" $T --batch problem
expect_line "$TMP/err" "ysh-add: <stdin>:2: error: 第 25 字节处的 0x81 也不是 GB18030 文本；请用 --encoding 指明文件编码，或另存为 CSV UTF-8 [csv-syntax]"
printf '\xff\xfef\x00o\x00' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "UTF-16" "$TMP/err"
expect_unchanged "$D/problems.csv"
expect_status 2 en "$ADD" --batch --encoding big5 problem </dev/null
expect_line "$TMP/err" "ysh-add: --encoding 'big5': utf-8, gbk or gb18030 (try 'ysh-add --help')"
expect_status 2 zh "$ADD" --encoding gbk problem id=P2026-0001 status=整改中 </dev/null
expect_grep "^ysh-add: --encoding 指的是 --batch 输入的编码" "$TMP/err"
# a UTF-8 batch with a BOM, as Excel's "CSV UTF-8" saves it, says nothing
printf '\xef\xbb\xbf编号,状态\r\nP2026-0001,整改中\r\n' | expect_status 0 "$ADD" $T --batch problem
[ -s "$TMP/err" ] && fail "a UTF-8 batch with a BOM said something: $(cat "$TMP/err")"

# ---- a GBK terminal: the words are converted ----

mkdir "$TMP/loc"
if localedef -i zh_CN -f GBK "$TMP/loc/zh_CN.GBK" >/dev/null 2>&1; then
	gbk() { LOCPATH="$TMP/loc" LC_ALL=zh_CN.GBK "$@"; }
	g() { printf '%s' "$1" | iconv -f UTF-8 -t GBK; }
	expect_status 0 gbk "$ADD" $T activity "$(g delegated=否)" "$(g mode=定期)" date=2026/11/9 "$(g unit=县司法局)" "$(g kind=跟执法)" \
		"$(g steps=执法检查、案件处理、案卷评查)" "$(g participant=赵六)" "$(g position=局长)" \
		"$(g items=执法检查（终端）)" reported_on=2026-11-09 </dev/null
	expect_grep ',2026-11-09,县司法局,赵六,局长,否,跟执法,定期,执法检查;案件处理;案卷评查,执法检查（终端）,2026-11-09,' "$D/activities.csv"
	iconv -f UTF-8 -t UTF-8 "$D/activities.csv" >/dev/null || fail "a GBK terminal wrote GBK into activities.csv"
	# bytes that are not GBK are refused before anything is read
	expect_status 2 gbk "$ADD" $T activity "note=$(printf '\x81\x20')" </dev/null
	expect_grep "GBK" "$TMP/err"
else
	fail "localedef cannot make a zh_CN.GBK locale"
fi

# ---- --batch revisions: the id and what changes ----

fresh_problems
expect_status 0 "$ADD" $T --batch problem <"$GBK"
cp "$D/problems.csv" "$TMP/before"
printf '编号,状态,销号日期\nP2026-0001,已销号,2026/11/20\np2026-0002,整改中,\n' >"$TMP/rev.csv"
expect_status 0 "$ADD" $T --batch problem <"$TMP/rev.csv"
printf 'P2026-0001\nP2026-0002\n' >"$TMP/want"
expect_same "$TMP/want" "$TMP/out"
expect_grep '^P2026-0001,,,,,,,,,,,,,,已销号,2026-11-20,,,,,,,2026-11-23T10:00:00+08:00,' "$D/problems.csv"
expect_grep '^P2026-0002,,,,,,,,,,,,,,整改中,,,,,,,,2026-11-23T10:00:00+08:00,' "$D/problems.csv"
expect_status 0 "$BIN/ysh-check" $T --rule revision-conflict --rule field-required --rule header
# all or none, each row judged as a single revision would be
cp "$D/problems.csv" "$TMP/before"
printf '编号,状态\nP2026-0002,已销号\nP2026-0001,整改中\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "^ysh-add: <stdin>:3: error: .*may only move forward.*\[revision-conflict\]$" "$TMP/err"
expect_unchanged "$D/problems.csv"
printf 'id,status\nP2026-0099,已销号\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "there is no problem P2026-0099 in .* to revise" "$TMP/err"
printf 'id,unit\nP2026-0001,玉山镇\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "a revision may not change unit" "$TMP/err"
# a row without an id in a revisions' file is a new record, short of columns
printf '编号,状态,销号日期\nP2026-0002,已销号,2026/11/21\n,整改中,\n' | expect_status 1 en "$ADD" $T --batch problem
expect_line "$TMP/err" "ysh-add: <stdin>:3: error: a row without an id is a new record, and the header lacks what one needs: found_on (发现日期), unit (单位), source (来源), type (类型), item (事项名称), finder (发现人及职务), description (问题描述), handling (处理方式) [header]"
printf '编号,状态,销号日期\n,整改中,\n' | expect_status 1 zh "$ADD" $T --batch problem
expect_grep "^ysh-add: <stdin>:2: error: 没有编号的行是一条新记录，而表头缺少新记录必需的列：found_on (发现日期)" "$TMP/err"
# without the id column a header still needs every required column
printf 'status,closed_on\n已销号,2026-11-20\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "<stdin>:1: error: missing required column 'found_on'" "$TMP/err"
expect_unchanged "$D/problems.csv"

# header cells with spaces around them, as typed into a spreadsheet
printf ' 编号\xe3\x80\x80, 状态 \nP2026-0002,已销号\n' | expect_status 0 en "$ADD" $T --batch --dry-run problem
expect_grep '^P2026-0002,.*,已销号,' "$TMP/out"

# ---- Excel artefacts that are not what they seem ----

# a first row that is not a header, and no header under it: the header's
# problems, not a note
printf '台账\n2026-11-03,县司法局\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "<stdin>:1: error: unknown column '台账'" "$TMP/err"
grep -q "title row" "$TMP/err" && fail "a lone first row was taken for a title"
# a value right of the header is not an empty column
printf 'id,status,,\nP2026-0001,已销号,,x\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "<stdin>:2: error: record has 4 fields, the header has 2 \[csv-syntax\]" "$TMP/err"
# only blank rows
printf 'id,status\n,,\n\n' | expect_status 1 en "$ADD" $T --batch problem
expect_grep "no rows on standard input" "$TMP/err"
expect_unchanged "$D/problems.csv"

# ---- periods that have not begun ----

expect_status 2 en "$BIN/ysh-report" $T --month 2026-12 summary
expect_line "$TMP/err" "ysh-report: the period chosen begins on 2026-12-01, after today (2026-11-23): nothing has happened in it yet (try 'ysh-report --help')"
expect_status 2 zh "$BIN/ysh-report" $T --month 2062-11 unit
expect_grep "^ysh-report: 所选期间从 2062-11-01 开始，在今天（2026-11-23）之后：其中还没有发生任何事" "$TMP/err"
expect_status 2 en "$BIN/ysh-report" $T --year 2027 filings
expect_status 2 en "$BIN/ysh-report" $T --from 2026-12-01 --to 2026-12-31 filings
expect_status 0 en "$BIN/ysh-report" $T --month 2026-11 summary
expect_status 2 en "$BIN/ysh-check" $T --month 2026-12
expect_line "$TMP/err" "ysh-check: month 2026-12 has not begun (today is 2026-11-23): nothing is owed in it yet (try 'ysh-check --help')"
expect_status 2 zh "$BIN/ysh-check" $T --from 2026-10 --to 2027-01
expect_grep "^ysh-check: 2027-01 月尚未开始（今天是 2026-11-23）" "$TMP/err"

# ---- --unit and --lead where the report has no such choice ----

expect_status 2 en "$BIN/ysh-report" $T --month 2026-11 --unit 县司法局 summary
expect_line "$TMP/err" "ysh-report: --unit chooses a unit of the unit report (ysh-report unit --unit UNIT); the summary report is the county's, by lead office (--lead) (try 'ysh-report --help')"
expect_status 2 zh "$BIN/ysh-report" $T --month 2026-11 --unit 县司法局 filings
expect_grep "^ysh-report: --unit 用于选择单位月报中的单位" "$TMP/err"
expect_status 2 en "$BIN/ysh-report" $T --month 2026-11 --lead 县司法局 unit
expect_grep "^ysh-report: --lead chooses a lead office of the summary" "$TMP/err"
expect_status 0 en "$BIN/ysh-report" $T --month 2026-11 --unit 县司法局 unit
expect_status 0 en "$BIN/ysh-report" $T --month 2026-11 --lead 县司法局 summary
finish
