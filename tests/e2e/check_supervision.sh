# Every rule of supervision (issue 14) broken at least once, with a near
# miss beside each: the whole output is as expected.  The two sample
# counties check clean and their reports run in every format.
. "$(dirname "$0")/lib.sh"
cd "$SRC/tests/samples"

expect_status 1 "$BIN/ysh-check" -C supervision --today 2026-11-23
expect_same supervision/expected.txt "$TMP/out"
for code in task-dates task-overdue task-filing-missing line-unknown target-missing phase-late \
	period-format survey-counts survey-missing case-missing; do
	expect_grep "\[$code\]\$" supervision/expected.txt
done
expect_status 1 "$BIN/ysh-check" -C supervision --today 2026-11-23 --format json
expect_same supervision/expected.json "$TMP/out"
# --month narrows survey-missing and case-missing to the range
expect_status 0 "$BIN/ysh-check" -C supervision --today 2026-11-23 --rule survey-missing --rule case-missing --month 2026-07
expect_line "$TMP/out" '0 errors, 0 warnings in 21 records (4 files)'
expect_status 0 "$BIN/ysh-check" -C supervision --today 2026-11-23 --rule case-missing --month 2026-08
expect_grep '县行政审批局 reported no typical case for 2026-08 \[case-missing\]$' "$TMP/out"
expect_lines 2 "$TMP/out"

# the sample counties: clean, today or as of their own time
cd "$SRC/examples"
for county in 紫阳 罗庄; do
	expect_status 0 "$BIN/ysh-check" -C "$county" --strict
	expect_grep '^0 errors, 0 warnings in' "$TMP/out"
done
expect_status 0 "$BIN/ysh-check" -C 紫阳 --today 2019-01-05 --strict
expect_status 0 "$BIN/ysh-check" -C 罗庄 --today 2020-04-05 --strict
for fmt in text csv json md; do
	expect_status 0 "$BIN/ysh-report" -C 紫阳 --month 2018-05 --format $fmt tasks
	expect_status 0 "$BIN/ysh-report" -C 罗庄 --month 2020-02 --format $fmt campaign
done
expect_status 0 "$BIN/ysh-report" -C 紫阳 --month 2018-05 --format json tasks
expect_grep '"report":"tasks"' "$TMP/out"
# the year-end report (年终): every task due in 2018, seven on time, two late
expect_status 0 "$BIN/ysh-report" -C 紫阳 --year 2018 tasks
expect_grep '^紫阳县 2018 督查任务进展通报$' "$TMP/out"
expect_grep '^  合计  *9  *7  *2  *0  *0$' "$TMP/out"
# the unit report by line: each line's problems, then those of no line
expect_status 0 "$BIN/ysh-report" -C 罗庄 --month 2020-02 --by-line unit
expect_grep '^专线：企业开办专线（牵头领导：温德河；牵头科室：市场准入科）$' "$TMP/out"
expect_grep '^未交办专线的问题$' "$TMP/out"
expect_status 0 "$BIN/ysh-report" -C 罗庄 --month 2020-02 --by-line --format json unit
expect_grep '"table":"problems","lead":"企业开办专线"' "$TMP/out"
expect_grep '"id":"P2020-0011"' "$TMP/out"
# P1 was struck off in January: not worked on in February
grep -q '"id":"P2020-0001"' "$TMP/out" && fail "a problem struck off before February is in its report by line"
expect_status 2 "$BIN/ysh-report" -C 紫阳 --month 2018-05 --by-line unit
expect_grep 'has no \[lines\]: --by-line needs' "$TMP/err"
expect_status 2 "$BIN/ysh-report" -C 罗庄 --month 2020-02 --by-line campaign
expect_grep 'by-line goes with the unit report' "$TMP/err"
# a county without [campaign] has no campaign report
expect_status 2 "$BIN/ysh-report" -C 紫阳 --month 2018-05 campaign
expect_grep 'has no \[campaign\]' "$TMP/err"
expect_status 2 "$BIN/ysh-report" -C 紫阳 nosuch
expect_grep "unknown report 'nosuch' (unit, summary, filings, complaints, roster, tasks or campaign)" "$TMP/err"

# ysh.ini's supervision sections refuse what they cannot read, naming the line
mkdir "$TMP/bad"
bad_ini() { # the message expected, then the lines added to 罗庄's ysh.ini
	want=$1
	shift
	cp "$SRC/examples/罗庄/ysh.ini" "$TMP/bad/ysh.ini"
	printf '%s\n' "$@" >>"$TMP/bad/ysh.ini"
	expect_status 2 "$BIN/ysh-check" -C "$TMP/bad"
	expect_grep "$want" "$TMP/err"
}
bad_ini "ysh.ini:[0-9]*: \[campaign\] 回头看: the phase '回头看' ends (2020-04-30..2020-04-01) before it starts" \
	'[campaign]' '回头看 = 2020-04-30..2020-04-01'
bad_ini "\[campaign\] 回头看: '2020-04' is not a phase's dates" '[campaign]' '回头看 = 2020-04'
bad_ini "\[campaign\] 回头看: the phase '回头看' begins before '建立长效机制' ends" '[campaign]' '回头看 = 2020-03-30..2020-04-30'
bad_ini "\[campaign\] fix_phase: '攻坚' is not a phase of \[campaign\]" '[campaign]' 'fix_phase = 攻坚'
bad_ini "\[lines\] 企业开办专线.office: '市场科' is not listed in \[units\]" '[lines]' '企业开办专线.office = 市场科'
bad_ini "\[lines\] 企业开办专线.head: unknown setting 'head'" '[lines]' '企业开办专线.head = 某'
bad_ini "\[lines\]: the line '新专线' has no office" '[lines]' '新专线.domain = 某'
bad_ini "\[deadlines\] 中旬: '35' is not a day from 1 to 31" '[deadlines]' '中旬 = 35'
bad_ini "\[deadlines\] 季末: unknown word" '[deadlines]' '季末 = 30'
bad_ini "\[supervision\] survey_organiser: '统计局' is not listed in \[units\]" '[supervision]' 'survey_organiser = 统计局'
bad_ini "\[supervision\] until: until is before since" '[supervision]' 'since = 2020-02-01' 'until = 2020-01-01'
bad_ini "\[supervision\] start: unknown key" '[supervision]' 'start = 2020-01-01'

# ysh-add refuses what the rules refuse, and writes the rest
mkdir "$TMP/zy"
cp "$SRC"/examples/紫阳/* "$TMP/zy/"
export YSH_NOW=2018-08-01T10:00:00+08:00
ADD="$BIN/ysh-add" T="--today 2018-08-01"
expect_status 1 "$ADD" -C "$TMP/zy" $T task title=年终督查 unit=县政府督查室 deadline_text=2018年12月中 status=未开始 </dev/null
expect_grep "'2018年12月中' is not a deadline like .* \[task-dates\]$" "$TMP/err"
expect_status 0 "$ADD" -C "$TMP/zy" $T task title=年终督查 unit=县政府督查室 deadline_text=2018年12月中旬前 \
	co_units=县统计局、县发改局 status=未开始 </dev/null
expect_grep '^R2018-0010$' "$TMP/out"
expect_grep '^R2018-0010,年终督查,,县政府督查室,县统计局;县发改局,2018年12月中旬前,' "$TMP/zy/tasks.csv"
expect_status 1 "$ADD" -C "$TMP/zy" $T survey quarter=2018Q3 unit=县统计局 conducted_on=2018-07-30 method=问卷调查 \
	sample=10 satisfied=5 basic=3 dissatisfied=1 </dev/null
expect_grep '满意 5 + 基本满意 3 + 不满意 1 = 9, not the sample of 10 \[survey-counts\]$' "$TMP/err"
expect_status 1 "$ADD" -C "$TMP/zy" $T problem found_on=2018-07-01 unit=县法制办 source=督查 type=问题 item=文件 \
	finder=督查室 description=未清理 handling=立行立改 status=已销号 closed_on=2018-07-01 line=某专线 </dev/null
expect_grep "'某专线' is not a line of \[lines\] .* \[line-unknown\]$" "$TMP/err"
finish
