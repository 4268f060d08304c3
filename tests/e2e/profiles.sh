# The two county profiles shipped: data/ follows 蓝田's plan (seed 001),
# examples/靖边 follows 靖边's (seed 000).  Both check clean, their reports
# run, and the issue's cases go through ysh-add as each document says.
. "$(dirname "$0")/lib.sh"
CHECK="$BIN/ysh-check" R="$BIN/ysh-report" ADD="$BIN/ysh-add"
J="$SRC/examples/靖边"
T="--today 2026-11-23"
export YSH_NOW=2026-11-23T10:00:00+08:00

# 靖边 checks clean, warnings included
expect_status 0 "$CHECK" -C "$J" $T --strict
expect_grep '^0 errors, 0 warnings in [0-9]* records (3 files)$' "$TMP/out"
# its reports run: every kind and format, the window's month, the quarter,
# cumulatively
for kind in unit summary filings; do
	for fmt in text csv json md; do
		expect_status 0 "$R" -C "$J" $T --month 2026-09 --format $fmt $kind
		expect_status 0 "$R" -C "$J" $T --quarter 2026Q3 --format $fmt $kind
	done
	expect_status 0 "$R" -C "$J" $T --to 2026-11-20 --format json $kind
	expect_grep '"ledger_errors":0,' "$TMP/out"
done
expect_status 0 "$R" -C "$J" $T --quarter 2026Q3 summary
expect_grep '^靖边县 2026Q3 工作总结（报县营商办）$' "$TMP/out"
expect_grep '^牵头单位：县司法局（跟执法）$' "$TMP/out"
expect_grep '^未开展活动的单位：无$' "$TMP/out"
grep -q '报送时限' "$TMP/out" && fail "靖边's plan sets no day of the month, yet the summary names one"
# every unit of 附件1 went along in the window: 24 activities
expect_status 0 "$R" -C "$J" $T --to 2026-11-20 --format json summary
expect_grep '"county":{"activities":24,' "$TMP/out"
# the scheduled run of 22 November (October) has nothing to report, and says so
expect_status 0 "$R" -C "$J" --today 2026-11-22 unit
expect_grep '^靖边县 2026-10 单位月报' "$TMP/out"

# The issue's cases, in copies of the two directories
mkdir "$TMP/jb" "$TMP/lt"
cp "$J"/ysh.ini "$J"/*.csv "$TMP/jb/"
cp "$SRC"/data/ysh.ini "$SRC"/data/*.csv "$TMP/lt/"
enforce() { # ysh-add a 跟执法 of DIR, UNIT with STEPS
	expect_status "$1" "$ADD" -C "$2" $T activity $ACT_FACTS date=2026-11-20 unit="$3" participant=张三 position=局长 \
		kind=跟执法 steps="$4" items=执法检查 reported_on=2026-11-20 </dev/null
}
# 执法检查;案件处理;服务回访: refused by 蓝田 (no 服务回访 in its 跟执法) ...
enforce 1 "$TMP/lt" 县市场监管局 执法检查、案件处理、服务回访
expect_grep "'服务回访' is not allowed for 跟执法; allowed: 执法检查|案件处理|案卷评查 \[field-enum\]" "$TMP/err"
cmp -s "$SRC/data/activities.csv" "$TMP/lt/activities.csv" || fail "a refused record changed 蓝田's ledger"
# ... written by 靖边, with what it lacks flagged
enforce 0 "$TMP/jb" 县市场监管局 执法检查、案件处理、服务回访
expect_grep '^A2026-0025$' "$TMP/out"
expect_grep '跟执法 lacks the step 案卷评查 (steps_跟执法) \[step-missing\]$' "$TMP/err"
expect_grep '跟执法 needs 4 steps, has 3 \[steps-min\]$' "$TMP/err"
# near miss: 蓝田's three named steps
enforce 0 "$TMP/lt" 县市场监管局 执法检查、案件处理、案卷评查
[ -s "$TMP/err" ] && fail "蓝田's three steps warned: $(cat "$TMP/err")"
# a town's 跟执法 in 蓝田: written (it happened) and flagged
enforce 0 "$TMP/lt" 玉山镇 执法检查、案件处理、案卷评查
expect_grep '玉山镇 may record 走流程、坐窗口, not 跟执法 (.*: kinds_镇街) \[kind-not-allowed\]$' "$TMP/err"
# 靖边 records 跟执法 only
expect_status 0 "$ADD" -C "$TMP/jb" $T activity $ACT_FACTS date=2026-11-20 unit=县审计局 participant=李四 position=局长 \
	kind=走流程 steps=审批服务、业务检查、服务回访、座谈交流 items=审计 reported_on=2026-11-20 </dev/null
expect_grep '县审计局 may record 跟执法, not 走流程 (.*: kinds) \[kind-not-allowed\]$' "$TMP/err"

# a client served on 10-01 and called on 11-02: 上月 in 蓝田
for who in 王女士 李先生 张女士; do
	expect_status 0 "$ADD" -C "$TMP/lt" $T callback activity=A2026-0001 date=2026-11-02 contact=$who \
		phone=13812345678 served_on=2026-10-01 attitude=好 ability=好 process_ok=是 channel_ok=是 \
		experience=好 satisfaction=满意 valid=是 </dev/null
	[ -s "$TMP/err" ] && fail "served 10-01, called 11-02 warned in 蓝田: $(cat "$TMP/err")"
done
expect_status 0 "$ADD" -C "$TMP/lt" $T callback activity=A2026-0001 date=2026-11-02 contact=赵先生 \
	phone=13812345678 served_on=2026-09-30 attitude=好 ability=好 process_ok=是 channel_ok=是 \
	experience=好 satisfaction=满意 valid=是 </dev/null
expect_grep 'served on 2026-09-30, not in the month before the callback (2026-10-01..2026-10-31; callback_window = 上月) \[callback-window\]$' "$TMP/err"

# an approved filing may not be widened without a new approval
expect_status 0 "$ADD" -C "$TMP/lt" $T filing unit=县市场监管局 enterprise=蓝田县焦岱商贸有限公司 planned_on=2026-12-10 \
	inspectors=张军、李敏 content=食品安全检查 basis=食品安全法 kind=例行 filed_on=2026-11-23 \
	approved_by="县政府副县长 刘振华" approved_on=2026-11-23 </dev/null
F=$(cat "$TMP/out")
cp "$TMP/lt/filings.csv" "$TMP/before"
expect_status 1 "$ADD" -C "$TMP/lt" $T filing id="$F" inspectors=张军、李敏、王强 </dev/null
expect_grep "inspectors (检查人员) may not be widened after the approval of 2026-11-23: '张军;李敏' (line [0-9]*), '张军;李敏;王强' here; a new approval (approved_by and approved_on) must come with it \[filing-widened\]$" "$TMP/err"
expect_same "$TMP/before" "$TMP/lt/filings.csv"
expect_status 0 "$ADD" -C "$TMP/lt" $T filing id="$F" inspectors=张军、李敏、王强 approved_by="县政府副县长 刘振华" \
	approved_on=2026-11-23 </dev/null
# dropping an inspector is no widening
expect_status 0 "$ADD" -C "$TMP/lt" $T filing id="$F" inspectors=张军、王强 </dev/null

# a problem handed over: both units' report of the period shows it
P=$(grep -m1 ',县市场监管局,' "$TMP/lt/problems.csv" | cut -d, -f1)
expect_status 0 "$ADD" -C "$TMP/lt" $T problem id="$P" transferred_to=县住建局 transferred_on=2026-11-10 </dev/null
expect_status 0 "$R" -C "$TMP/lt" $T --month 2026-11 --format json unit
expect_grep "\"table\":\"handovers\",\"lead\":[^,]*,\"unit\":\"县市场监管局\",\"rows\":\\[{\"no\":1,\"id\":\"$P\",\"item\":\"[^\"]*\",\"direction\":\"转出\"" "$TMP/out"
expect_grep "\"table\":\"handovers\",\"lead\":[^,]*,\"unit\":\"县住建局\",\"rows\":\\[{\"no\":1,\"id\":\"$P\",\"item\":\"[^\"]*\",\"direction\":\"转入\"" "$TMP/out"
# the auditor sees what the clerks were warned of, and nothing refused
expect_status 0 "$CHECK" -C "$TMP/lt" $T
expect_grep 'kinds_镇街) \[kind-not-allowed\]$' "$TMP/out"
expect_grep 'callback_window = 上月) \[callback-window\]$' "$TMP/out"
expect_grep '^0 errors, 2 warnings in ' "$TMP/out"
expect_status 1 "$CHECK" -C "$TMP/jb" $T --rule step-missing --rule kind-not-allowed
expect_lines 3 "$TMP/out"
finish
