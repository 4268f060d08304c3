# ysh-report on the sample county and on bad calls: formats, -o, the month
# chosen from --today, the same bytes every time, the cron script.
. "$(dirname "$0")/lib.sh"
R="$BIN/ysh-report"
D="$SRC/data"

for kind in unit summary filings; do
	for fmt in text csv json md; do
		expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt $kind
		cp "$TMP/out" "$TMP/a"
		expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt --month 2026-10 $kind
		expect_same "$TMP/a" "$TMP/out"
	done
done
# without --month: the last period that has ended, the previous month
expect_status 0 "$R" -C "$D" --today 2026-11-20 summary --format json
expect_grep '"month":"2026-10","period":{"from":"2026-10-01","to":"2026-10-31"},"ledger_errors":0,' "$TMP/out"
expect_grep '"county":{"activities":' "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-11-01 --print-period
expect_same_text() { printf '%s\n' "$1" >"$TMP/want"; expect_same "$TMP/want" "$2"; }
expect_same_text "$(printf '2026-10\t2026-10-01\t2026-10-31')" "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary
expect_grep '^蓝田县 2026-10 月度工作总结' "$TMP/out"
expect_grep '^统计期间：2026-10-01 至 2026-10-31$' "$TMP/out"
expect_grep '^牵头单位：县司法局（跟执法）' "$TMP/out"
expect_grep '满意率' "$TMP/out"

# any range, for every report: a quarter, a year, from..to, and --to alone
# (cumulative since the first record); the label names it
expect_status 0 "$R" -C "$D" --quarter 2026Q4 --print-period
expect_same_text "$(printf '2026Q4\t2026-10-01\t2026-12-31')" "$TMP/out"
expect_status 0 "$R" -C "$D" --year 2026 --print-period
expect_same_text "$(printf '2026\t2026-01-01\t2026-12-31')" "$TMP/out"
expect_status 0 "$R" -C "$D" --from 2026-09 --to 2026-10 --print-period
expect_same_text "$(printf '2026-09-01..2026-10-31\t2026-09-01\t2026-10-31')" "$TMP/out"
for kind in unit summary filings; do
	for fmt in text csv json md; do
		expect_status 0 "$R" -C "$D" --today 2026-11-23 --quarter 2026Q4 --format $fmt $kind
	done
	expect_status 0 "$R" -C "$D" --today 2026-11-23 --year 2026 --format json $kind
	expect_grep '"month":null,"period":{"from":"2026-01-01","to":"2026-12-31"},"ledger_errors":0,"label":"2026"' "$TMP/out"
done
# the month as a range is the month
expect_status 0 "$R" -C "$D" --today 2026-11-23 --from 2026-10-01 --to 2026-10-31 --format json summary
grep -o '"county":{.*' "$TMP/out" >"$TMP/range"
expect_status 0 "$R" -C "$D" --today 2026-11-23 --month 2026-10 --format json summary
grep -o '"county":{.*' "$TMP/out" >"$TMP/month"
expect_same "$TMP/month" "$TMP/range"
expect_status 0 "$R" -C "$D" --today 2026-11-23 --to 2026-11-20 filings
expect_grep '^截至 2026-11-20，共办理“免罚轻罚”案件 [0-9]* 件，其中不予处罚 [0-9]* 件、从轻减轻 [0-9]* 件，减免金额 [0-9.]* 元。$' "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-11-23 --quarter 2026Q4 summary
expect_grep '^蓝田县 2026Q4 工作总结（报县营商办）$' "$TMP/out"

# text within 120 columns (a Chinese character two, “” one, as terminals show them)
PY=${YSH_PYTHON:-/usr/bin/python3}
for kind in unit summary filings; do
	expect_status 0 "$R" -C "$D" --today 2026-11-22 --year 2026 $kind
	w=$("$PY" -c 'import sys, unicodedata
print(max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/out")
	CHECKS=$((CHECKS + 1))
	[ "$w" -le 120 ] || fail "the $kind report has a line $w columns wide"
done

# -o: written whole, then renamed; no temporary left behind
mkdir "$TMP/r"
echo old >"$TMP/r/summary.txt"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary -o "$TMP/r/summary.txt"
expect_grep '^蓝田县 2026-10' "$TMP/r/summary.txt"
[ "$(ls "$TMP/r")" = summary.txt ] || fail "left behind: $(ls "$TMP/r")"
expect_status 2 "$R" -C "$D" summary -o "$TMP/nowhere/summary.txt"
expect_grep 'nowhere' "$TMP/err"

# phones are masked in every format
for fmt in text csv json md; do
	expect_status 0 "$R" -C "$D" --today 2026-11-22 --format $fmt unit
	grep -Eq '1[3-9][0-9]{9}' "$TMP/out" && fail "an unmasked phone number in the $fmt unit report"
	expect_grep '[0-9]\{3\}\*\*\*\*[0-9]\{4\}' "$TMP/out"
done
expect_status 0 "$R" -C "$D" --today 2026-11-22 --format csv --bom unit
head -c 3 "$TMP/out" | od -An -tx1 | grep -q 'ef bb bf' || fail "--bom wrote no byte-order mark"

# --unit and --lead
expect_status 0 "$R" -C "$D" --today 2026-11-22 unit --unit 县市场监管局
expect_grep '^县市场监管局$' "$TMP/out"
grep -q '^玉山镇$' "$TMP/out" && fail "--unit 县市场监管局 shows 玉山镇"
expect_status 0 "$R" -C "$D" --today 2026-11-22 summary --lead 县司法局 --format json
grep -q '"lead":"县行政审批局"' "$TMP/out" && fail "--lead 县司法局 shows another office"

# a ledger with errors is still reported (the cron job delivers), and the
# report says so in itself, in every format
V="$SRC/tests/samples/violations"
expect_status 0 "$R" -C "$V" --today 2026-11-23 summary
expect_grep 'warning: the ledgers have 31 errors' "$TMP/err"
expect_grep '^注意：所依据的台账有 31 处错误（ysh-check 逐条列出），本表只统计能读出的记录。$' "$TMP/out"
expect_status 0 "$R" -C "$V" --today 2026-11-23 summary --format md
expect_grep '^- 注意：所依据的台账有 31 处错误' "$TMP/out"
expect_status 0 "$R" -C "$V" --today 2026-11-23 unit --format csv
expect_grep '^注意：所依据的台账有 31 处错误' "$TMP/out"
for kind in unit summary filings; do
	expect_status 0 "$R" -C "$V" --today 2026-11-23 $kind --format json
	expect_grep '"ledger_errors":31,' "$TMP/out"
done
expect_status 0 "$R" -C "$D" --today 2026-11-23 filings
grep -q '注意' "$TMP/out" && fail "a report on clean ledgers warns of errors"

# bad calls
bad() {
	expect_status 2 "$@"
	expect_lines 1 "$TMP/err"
}
bad "$R" -C "$D"
bad "$R" -C "$D" weekly
bad "$R" -C "$D" --format xls summary
bad "$R" -C "$D" --bom summary
bad "$R" -C "$D" --month 2026-13 summary
bad "$R" -C "$D" --quarter 2026Q5 summary
bad "$R" -C "$D" --year 26 summary
bad "$R" -C "$D" --from 2026-11-31 summary
bad "$R" -C "$D" --from 2026-11 --to 2026-10 summary
bad "$R" -C "$D" --month 2026-10 --quarter 2026Q4 summary
bad "$R" -C "$D" unit --unit 县教育局
expect_grep "not a unit" "$TMP/err"
bad "$R" -C "$D" summary --lead 县政府
bad "$R" -C /nonexistent summary

# The county's one-document reports (complaints, roster, tasks, campaign),
# each on a county that has what it reports: a workbook with -o, --split
# refused in words (not "no lead office" and an empty directory), text an
# auditor can verify against the ledgers, json counts as numbers.
XL="$TMP/xl"
mkdir "$XL"
one_doc() { # KIND DIR TODAY
	expect_status 0 "$R" -C "$2" --today "$3" "$1" --format xlsx -o "$XL/$1.xlsx"
	CHECKS=$((CHECKS + 1))
	[ "$(head -c 2 "$XL/$1.xlsx")" = PK ] || fail "$1 --format xlsx -o wrote no workbook"
	bad "$R" -C "$2" --today "$3" "$1" --format xlsx --split "$XL"
	expect_grep 'this report is one file: use -o FILE' "$TMP/err"
	CHECKS=$((CHECKS + 1))
	[ "$(ls "$XL")" = "$1.xlsx" ] || fail "$1 --split left files: $(ls "$XL")"
	rm "$XL/$1.xlsx"
	expect_status 0 "$R" -C "$2" --today "$3" "$1" -o "$XL/$1.txt"
	expect_status 0 "$BIN/ysh-check" -C "$2" --today "$3" --verify-report "$XL/$1.txt"
	rm "$XL/$1.txt"
	expect_status 0 "$R" -C "$2" --today "$3" "$1" --format json
	grep -Eq '"(received|open|rank|no|sample|satisfied|problems_found|tasks_due)":"' "$TMP/out" &&
		fail "the $1 report's json has a count as a string"
}
one_doc complaints "$D" 2026-11-22
expect_grep '"channel":"12345热线","received":11}' "$TMP/out"
one_doc roster "$D" 2026-11-22
expect_grep '"rank":1,"unit":"县城管执法局","received":6,"open":0,' "$TMP/out"
one_doc tasks "$SRC/examples/紫阳" 2019-01-22
expect_grep '"tasks_due":0,' "$TMP/out"
one_doc campaign "$SRC/examples/罗庄" 2020-04-22
expect_grep '"phase":"排查风险问题","problems_found":12,' "$TMP/out"
expect_grep '"line":"企业开办专线","problems_found":3,' "$TMP/out"
expect_grep '"rate":0.9500' "$TMP/out"

# csv: rates as numbers, an empty figure empty
expect_status 0 "$R" -C "$D" --today 2026-11-22 complaints --format csv
expect_grep '^合计,19,1,20,20,19,3,0.9000' "$TMP/out"
expect_status 0 "$R" -C "$SRC/examples/罗庄" --today 2020-04-22 campaign --format csv
expect_grep '^1,S2020-0001,2020Q1,公共服务科,2020-03-25,问卷调查,120,96,18,6,0.9500' "$TMP/out"
expect_grep '^未交办专线,3,3,0,0,,,.$' "$TMP/out"

# the complaints report masks complainants and phones in every format,
# the workbook too (its shared strings)
"$PY" -c 'import csv, sys
names = {r["complainant"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if len(r["complainant"]) > 1}
print("\n".join(sorted(names)))' "$D/complaints.csv" >"$TMP/complainants"
unmasked() { # FILE WHAT
	# (a phone alone, not digits of a rate as the workbook stores it)
	grep -Eq '(^|[^0-9.])1[3-9][0-9]{9}([^0-9]|$)' "$1" && fail "an unmasked phone number in the $2 complaints report"
	grep -Fq -f "$TMP/complainants" "$1" && fail "a complainant's name unmasked in the $2 complaints report: $(grep -Fo -f "$TMP/complainants" "$1" | head -1)"
	CHECKS=$((CHECKS + 1))
}
for fmt in text csv json md; do
	expect_status 0 "$R" -C "$D" --today 2026-12-22 --year 2026 --format $fmt complaints
	unmasked "$TMP/out" $fmt
	expect_grep '王\*\*' "$TMP/out"
done
expect_status 0 "$R" -C "$D" --today 2026-12-22 --year 2026 --format xlsx complaints -o "$XL/c.xlsx"
"$PY" -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.stdout.write("".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml")).replace("<", "\n<"))' "$XL/c.xlsx" >"$XL/c.xml"
unmasked "$XL/c.xml" xlsx
expect_grep '王\*\*' "$XL/c.xml"
rm "$XL/c.xlsx" "$XL/c.xml"

# --to alone and --quarter for the new reports; a quarter's campaign report
# has the quarter's cases, all three months, not the last month's alone
expect_status 0 "$R" -C "$D" --today 2026-11-23 --to 2026-11-20 complaints
expect_grep '^截至 2026-11-20，共协调解决各类投诉反馈问题 [0-9]* 个。$' "$TMP/out"
expect_status 0 "$R" -C "$D" --today 2026-12-23 --quarter 2026Q4 complaints --format json
expect_grep '"label":"2026Q4"' "$TMP/out"
expect_status 0 "$R" -C "$SRC/examples/紫阳" --today 2019-01-22 --quarter 2018Q2 tasks
expect_grep '^紫阳县 2018Q2 督查任务进展通报$' "$TMP/out"
expect_status 0 "$R" -C "$SRC/examples/罗庄" --today 2020-04-22 --quarter 2020Q1 campaign --format json
for k in K2020-0001 K2020-0004 K2020-0009; do
	expect_grep "\"id\":\"$k\"" "$TMP/out"
done
expect_status 0 "$R" -C "$SRC/examples/罗庄" --today 2020-04-22 --quarter 2020Q1 campaign
expect_grep '^本期典型案例（2020-01 至 2020-03）$' "$TMP/out"
expect_status 0 "$R" -C "$SRC/examples/罗庄" --today 2020-04-22 --month 2020-02 campaign
expect_grep '^本月典型案例（2020-02）$' "$TMP/out"
grep -q 'K2020-0001' "$TMP/out" && fail "the 2020-02 campaign report has January's case"
expect_status 0 "$R" -C "$SRC/examples/罗庄" --today 2020-12-22 --year 2020 campaign
expect_grep '^本期满意度测评（2020Q1 至 2020Q4）$' "$TMP/out"
bad "$R" -C "$D" --today 2026-12-23 --quarter 2026Q4 roster

# a ledger with errors: the new reports say so too
for kind in complaints roster; do
	expect_status 0 "$R" -C "$V" --today 2026-11-23 $kind --format json
	expect_grep '"ledger_errors":31,' "$TMP/out"
	expect_status 0 "$R" -C "$V" --today 2026-11-23 $kind
	expect_grep '^注意：所依据的台账有 31 处错误' "$TMP/out"
done
BADZY="$TMP/badzy"
cp -r "$SRC/examples/紫阳" "$BADZY"
sed -i '2s/,2018-0[0-9]-[0-9][0-9]T/,2018-13-45T/' "$BADZY/tasks.csv"
expect_status 0 "$R" -C "$BADZY" --today 2019-01-22 tasks --format json
expect_grep '"ledger_errors":[1-9][0-9]*,' "$TMP/out"
expect_status 0 "$R" -C "$BADZY" --today 2019-01-22 tasks
expect_grep '^注意：所依据的台账有 [1-9][0-9]* 处错误' "$TMP/out"
# a county without the ledger: the report refused in words, not a heading
# over nothing (the cron job asks only for what the county keeps)
bad "$R" -C "$SRC/examples/靖边" --today 2026-11-22 complaints
expect_grep 'has no complaints.csv' "$TMP/err"
bad "$R" -C "$SRC/examples/紫阳" --today 2019-01-22 roster
expect_grep 'has no complaints.csv' "$TMP/err"
bad "$R" -C "$D" --today 2026-11-22 tasks
expect_grep 'has no tasks.csv' "$TMP/err"
bad "$R" -C "$D" --today 2026-11-22 campaign
expect_grep 'has no \[campaign\]' "$TMP/err"
BADLZ="$TMP/badlz"
cp -r "$SRC/examples/罗庄" "$BADLZ"
sed -i '2s/,2020-0[0-9]-[0-9][0-9],/,2020-13-45,/' "$BADLZ/problems.csv"
expect_status 0 "$R" -C "$BADLZ" --today 2020-04-22 campaign --format json
expect_grep '"ledger_errors":[1-9][0-9]*,' "$TMP/out"

# the cron script, with the commands on its PATH
mkdir "$TMP/reports"
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" summary "$D" "$TMP/reports" 2026-11-22
for f in summary.txt summary.csv summary.json filings.txt filings.json check-summary.txt; do
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/reports/2026-10/$f" ] || fail "ysh-monthly wrote no 2026-10/$f"
done
expect_status 2 sh "$SRC/examples/ysh-monthly" weekly "$D" "$TMP/reports"

# Every record in exactly one scheduled report: the cron job's unit report of
# each 20th, its activities' ids collected, against every activity of data/.
# Twice: calendar months, and periods cut at the 20th (period_end_day = 20).
activity_ids() { # the ids of the activities tables of a unit.json
	grep '"table":"activities"' "$1" | grep -o '"id":"A[0-9-]*"' | cut -d'"' -f4
}
# each_once WHAT ALL COUNTY: the ids of $TMP/seen (collected from the
# scheduled reports) are those of the file ALL, each once.
each_once() {
	sort "$TMP/seen" | uniq -d >"$TMP/twice"
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/twice" ] && fail "$1 in two scheduled reports ($3): $(head -3 "$TMP/twice" | tr '\n' ' ')"
	sort -u "$TMP/seen" >"$TMP/seen-ids"
	CHECKS=$((CHECKS + 1))
	cmp -s "$2" "$TMP/seen-ids" ||
		fail "$1 in no scheduled report ($3): $(comm -23 "$2" "$TMP/seen-ids" | head -5 | tr '\n' ' ')"
	echo "$3: $(wc -l <"$TMP/seen") $1 in the scheduled reports, each once"
}
tail -n +2 "$D/activities.csv" | cut -d, -f1 | sort -u >"$TMP/all-ids"
CUT="$TMP/cut"
mkdir "$CUT"
cp "$D"/*.csv "$CUT/"
{ cat "$D/ysh.ini"; printf '\n[reports]\nperiod_end_day = 20\n'; } >"$CUT/ysh.ini"
for county in "$D" "$CUT"; do
	rm -rf "$TMP/sched"
	: >"$TMP/seen"
	for day in 2026-09-20 2026-10-20 2026-11-20 2026-12-20 2027-01-20; do
		PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" unit "$county" "$TMP/sched" $day
		period=$("$R" -C "$county" --today $day --print-period | cut -f1)
		activity_ids "$TMP/sched/$period/unit.json" >>"$TMP/seen"
	done
	each_once activities "$TMP/all-ids" "$county"
done
# The complaints run of each 2nd: every complaint (T...) in exactly one
# month's complaints report, by the ids of its table of those received; the
# roster of each month written.
complaint_ids() { # the ids of the received table of a complaints.json
	grep '"table":"received"' "$1" | grep -o '"id":"T[0-9-]*"' | cut -d'"' -f4
}
# the live complaints: the last revision of each id not voided
"$PY" -c 'import csv, sys
last = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    last[r["id"]] = r
print("\n".join(sorted(i for i, r in last.items() if not r["voided"])))' "$D/complaints.csv" >"$TMP/all-tids"
cp "$D/complaints.csv" "$CUT/"
for county in "$D" "$CUT"; do
	rm -rf "$TMP/sched"
	: >"$TMP/seen"
	for day in 2026-09-02 2026-10-02 2026-11-02 2026-12-02 2027-01-02; do
		PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" complaints "$county" "$TMP/sched" $day
		period=$("$R" -C "$county" --today $day --print-period | cut -f1)
		for f in complaints.txt complaints.xlsx complaints.csv complaints.json roster.txt roster.xlsx roster.csv \
			roster.json check-complaints.txt; do
			CHECKS=$((CHECKS + 1))
			[ -s "$TMP/sched/$period/$f" ] || fail "ysh-monthly complaints wrote no $period/$f ($county)"
		done
		y=${period%-*} m=${period#*-}
		m=$((${m#0} % 12 + 1)) && [ $m -eq 1 ] && y=$((y + 1))
		expect_grep "^下月（$(printf '%d-%02d' "$y" "$m")）处投诉单位：" "$TMP/sched/$period/roster.txt"
		complaint_ids "$TMP/sched/$period/complaints.json" >>"$TMP/seen"
	done
	each_once complaints "$TMP/all-tids" "$county"
done
# a county without complaints.csv (靖边): no complaints report, no roster
rm -rf "$TMP/sched"
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" complaints "$SRC/examples/靖边" "$TMP/sched" 2026-11-02
CHECKS=$((CHECKS + 1))
ls "$TMP/sched"/*/complaints.* "$TMP/sched"/*/roster.* >/dev/null 2>&1 && fail "a complaints report for a county without complaints.csv"
# the summary run on 紫阳 (tasks.csv, no [campaign]) and 罗庄 ([campaign], no
# tasks.csv, no complaints.csv): each report the county has, none it has not
rm -rf "$TMP/sched"
# (days after each sample's last record, where its ledgers check clean)
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" summary "$SRC/examples/紫阳" "$TMP/sched/zy" 2019-01-22
for f in tasks.txt tasks.xlsx tasks.csv tasks.json summary.txt; do
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/sched/zy/2018-12/$f" ] || fail "ysh-monthly summary wrote no 紫阳 2018-12/$f"
done
CHECKS=$((CHECKS + 1))
ls "$TMP/sched/zy/2018-12"/campaign.* >/dev/null 2>&1 && fail "a campaign report for 紫阳, which has no [campaign]"
expect_grep '进展通报' "$TMP/sched/zy/2018-12/tasks.txt"
expect_grep '^0 errors' "$TMP/sched/zy/2018-12/check-summary.txt"
grep -q '注意' "$TMP/sched/zy/2018-12/tasks.txt" && fail "紫阳's tasks report warns of errors"
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" complaints "$SRC/examples/紫阳" "$TMP/sched/zy" 2019-01-02
CHECKS=$((CHECKS + 1))
ls "$TMP/sched/zy/2018-12"/complaints.* >/dev/null 2>&1 && fail "a complaints report for 紫阳, which has no complaints.csv"
LZ_DAY=2020-04-22
PATH="$BIN:$PATH" expect_status 0 sh "$SRC/examples/ysh-monthly" summary "$SRC/examples/罗庄" "$TMP/sched/lz" "$LZ_DAY"
lzp=$("$R" -C "$SRC/examples/罗庄" --today "$LZ_DAY" --print-period | cut -f1)
for f in campaign.txt campaign.xlsx campaign.csv campaign.json summary.txt; do
	CHECKS=$((CHECKS + 1))
	[ -s "$TMP/sched/lz/$lzp/$f" ] || fail "ysh-monthly summary wrote no 罗庄 $lzp/$f"
done
CHECKS=$((CHECKS + 1))
ls "$TMP/sched/lz/$lzp"/tasks.* >/dev/null 2>&1 && fail "a tasks report for 罗庄, which has no tasks.csv"
expect_grep '^0 errors' "$TMP/sched/lz/$lzp/check-summary.txt"
expect_grep '分专线情况' "$TMP/sched/lz/$lzp/campaign.txt"
# with period_end_day = 20 the period of November is 10-21 .. 11-20
expect_status 0 "$R" -C "$CUT" --today 2026-11-21 --print-period
expect_same_text "$(printf '2026-11\t2026-10-21\t2026-11-20')" "$TMP/out"
expect_status 0 "$R" -C "$CUT" --today 2026-11-20 --print-period
expect_same_text "$(printf '2026-10\t2026-09-21\t2026-10-20')" "$TMP/out"

# a county's schemas where a callback's and a problem's activity is plain
# text, not a reference: the rules and the tally still look the activities
# up by it, so their id map is kept once the ledgers are read; the reports
# are those of the shipped schemas, and ysh-check finds nothing new
mkdir "$TMP/schemas"
cp "$SRC/schemas/"*.ini "$TMP/schemas/"
for f in callbacks problems; do
	sed -i '/^\[activity\]/,/^\[/{s/^type = ref$/type = text/;/^ref = /d}' "$TMP/schemas/$f.ini"
done
expect_status 1 grep -q '^ref = activities' "$TMP/schemas/callbacks.ini"
for kind in unit summary; do
	expect_status 0 "$R" -C "$D" --today 2026-11-22 $kind
	cp "$TMP/out" "$TMP/shipped"
	YSH_SCHEMA_DIR="$TMP/schemas" expect_status 0 "$R" -C "$D" --today 2026-11-22 $kind
	expect_same "$TMP/shipped" "$TMP/out"
done
YSH_SCHEMA_DIR="$TMP/schemas" expect_status 0 "$BIN/ysh-check" -C "$D" --today 2026-11-23
expect_grep '^0 errors, 0 warnings in 628 records' "$TMP/out"
finish
