# ysh-add on real files: each ledger, refusals that change nothing, revisions,
# --batch all or none, --dry-run, values that could break CSV, bad calls.
. "$(dirname "$0")/lib.sh"
ADD="$BIN/ysh-add"
D="$TMP/county"
new_county "$D"
export YSH_DIR="$D"
# recorded_at is the clock's; fixed here so that the rules judging it (a
# filing is filed when it is recorded) give the same answer on any day
export YSH_NOW=2026-11-23T10:00:00+08:00
T="--today 2026-11-23"

expect_status 0 "$ADD" $T activity $ACT_FACTS date=2026-11-03 unit=县市场监管局 kind=跟执法 \
	steps=执法检查、案件处理、案卷评查、服务回访 participant=张三 position=局长 items=食品检查 reported_on=2026-11-04 </dev/null
expect_same_text() { printf '%s\n' "$1" >"$TMP/want"; expect_same "$TMP/want" "$2"; }
expect_same_text A2026-0001 "$TMP/out"
head -1 "$D/activities.csv" >"$TMP/hdr"
expect_same_text "id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note,voided,void_reason,recorded_at,recorded_by" "$TMP/hdr"
expect_grep '^A2026-0001,2026-11-03,县市场监管局,张三,局长,否,跟执法,定期,执法检查;案件处理;案卷评查;服务回访,食品检查,2026-11-04,,,,2026-11-23T10:00:00+08:00,' "$D/activities.csv"

# Chinese titles as keys; a value no spreadsheet or CSV reader may misread
for i in 1 2 3; do
	expect_status 0 "$ADD" $T callback $CB_FACTS 活动编号=A2026-0001 回访日期=2026-11-05 "回访对象=王女士$i,\"老王\"" \
		联系电话=13812345678 办理业务日期=2026-10-20 服务态度=好 服务能力=好 流程是否顺畅=是 \
		投诉渠道是否顺畅=true 办事体验=好 满意度=满意 "现实需求=希望
延长午间服务" </dev/null
done
expect_same_text C2026-0003 "$TMP/out"
expect_grep '"王女士3,""老王"""' "$D/callbacks.csv"
[ -s "$TMP/err" ] && fail "three callbacks to three people warned: $(cat "$TMP/err")"
# the same call entered twice is written (it happened twice or it is a slip:
# the clerk decides) and flagged, naming the earlier record
expect_status 0 "$ADD" $T callback $CB_FACTS activity=A2026-0001 date=2026-11-05 "contact=王女士3,\"老王\"" phone=13812345678 \
	served_on=2026-10-20 attitude=好 ability=好 process_ok=是 channel_ok=是 experience=好 satisfaction=满意 </dev/null
expect_same_text C2026-0004 "$TMP/out"
expect_grep "^ysh-add: warning: .*as C2026-0003 (line 6).*\[record-duplicate\]$" "$TMP/err"
# and voided by a revision that says why; without the reason it is refused
cp "$D/callbacks.csv" "$TMP/before"
expect_status 1 "$ADD" $T callback id=C2026-0004 voided=是 </dev/null
expect_grep "void_reason (作废原因) is required when voided is 是 \[field-required\]" "$TMP/err"
cmp -s "$TMP/before" "$D/callbacks.csv" || fail "a refused void changed callbacks.csv"
expect_status 0 "$ADD" $T callback id=C2026-0004 voided=是 void_reason=重复录入 </dev/null
expect_same_text C2026-0004 "$TMP/out"
[ -s "$TMP/err" ] && fail "voiding the duplicate still warned: $(cat "$TMP/err")"
# a voided record stays voided
expect_status 1 "$ADD" $T callback id=C2026-0004 voided=否 </dev/null
expect_grep "may only move forward" "$TMP/err"

# a refused record leaves every byte as it was
cp "$D/callbacks.csv" "$TMP/before"
expect_status 1 "$ADD" $T callback $CB_FACTS activity=A2026-0404 date=2026-11-05 contact=甲 phone=13812345678 \
	served_on=2026-10-20 attitude=好 ability=好 process_ok=是 channel_ok=是 experience=好 satisfaction=满意 </dev/null
expect_grep "error: activity (活动编号) 'A2026-0404' is not in" "$TMP/err"
cmp -s "$TMP/before" "$D/callbacks.csv" || fail "a refused callback changed callbacks.csv"
expect_status 1 "$ADD" $T activity $ACT_FACTS date=2026-11-03 unit=县教育局 kind=走流程 steps=审批服务 \
	participant=李四 position=局长 items=x </dev/null
expect_grep "error: unit (单位) '县教育局' is not a unit listed in .* \[unit-unknown\]" "$TMP/err"
expect_grep "warning: steps (参与环节): 走流程 needs 4 steps, has 1 \[steps-min\]" "$TMP/err"
expect_grep "nothing written" "$TMP/err"
expect_status 1 "$ADD" $T activity $ACT_FACTS date=2026-11-03 foo=bar </dev/null
expect_grep "unknown field 'foo'" "$TMP/err"
expect_status 1 "$ADD" $T activity recorded_by=me </dev/null
expect_grep "filled in by ysh-add" "$TMP/err"

# filings: a late or unapproved filing is what happened: written, and flagged
expect_status 1 "$ADD" $T --strict filing unit=县市场监管局 enterprise=某公司 planned_on=2026-11-29 inspectors=甲、乙 \
	content=检查 basis=依据 kind=例行 filed_on=2026-11-23 </dev/null
expect_grep "error: filed_on (报备日期): 例行 inspection on 2026-11-29 filed on 2026-11-23; it had to be filed by 2026-11-22 \[filing-late\]" "$TMP/err"
[ -e "$D/filings.csv" ] && fail "a filing refused by --strict created filings.csv"
expect_status 0 "$ADD" $T filing unit=县市场监管局 enterprise=某公司 planned_on=2026-11-29 inspectors=甲、乙 \
	content=检查 basis=依据 kind=例行 filed_on=2026-11-23 </dev/null
expect_same_text F2026-0001 "$TMP/out"
expect_grep "^ysh-add: warning: filed_on (报备日期): 例行 inspection on 2026-11-29 filed on 2026-11-23; it had to be filed by 2026-11-22 \[filing-late\]$" "$TMP/err"
expect_grep "^ysh-add: warning: approved_by (批准领导): no approving county leader (批准领导) \[filing-unapproved\]$" "$TMP/err"
# "凡检必报": typing an early filed_on does not make a filing recorded after
# the inspection filed in time
expect_status 0 "$ADD" $T filing unit=县市场监管局 enterprise=某商店 planned_on=2026-11-20 inspectors=甲、乙 \
	content=检查 basis=依据 kind=例行 filed_on=2026-11-10 approved_by=刘副县长 approved_on=2026-11-11 </dev/null
expect_same_text F2026-0002 "$TMP/out"
expect_grep "filed_on says 2026-11-10 but it was first recorded on 2026-11-23; it had to be filed by 2026-11-13 \[filing-late\]" "$TMP/err"
expect_status 0 "$ADD" $T filing unit=县市场监管局 enterprise=某公司 credit_code=9144030071526726XG planned_on=2026-12-01 \
	inspectors=甲、乙 content=检查 basis=依据 kind=例行 filed_on=2026-11-23 approved_by=刘副县长 approved_on=2026-11-23 \
	joint=县司法局 </dev/null
expect_same_text F2026-0003 "$TMP/out"
[ -s "$TMP/err" ] && fail "a filing in time warned: $(cat "$TMP/err")"

# problems and their revisions
expect_status 0 "$ADD" $T problem found_on=2026-11-03 unit=县市场监管局 activity=A2026-0001 source=跟执法 type=问题 \
	item=执法程序 "finder=张三（局长）" description=笔录不规范 handling=挂账销号 deadline=2026-12-31 measure=统一模板 </dev/null
expect_same_text P2026-0001 "$TMP/out"
expect_status 0 "$ADD" $T problem id=P2026-0001 status=已销号 closed_on=2026-11-18 </dev/null
expect_same_text P2026-0001 "$TMP/out"
expect_grep '^P2026-0001,,,,,,,,,,,,,,已销号,2026-11-18,,,,,,,2026-11-23T10:00:00+08:00,' "$D/problems.csv"
cp "$D/problems.csv" "$TMP/before"
expect_status 1 "$ADD" $T problem id=P2026-0001 status=整改中 </dev/null
expect_grep "revision-conflict" "$TMP/err"
expect_status 1 "$ADD" $T problem id=P2026-0001 unit=县司法局 </dev/null
expect_status 1 "$ADD" $T problem id=P2026-0099 status=已销号 </dev/null
expect_grep "no problem P2026-0099" "$TMP/err"
cmp -s "$TMP/before" "$D/problems.csv" || fail "refused revisions changed problems.csv"
# activities are corrected by revisions too, but who, what and when stay
cp "$D/activities.csv" "$TMP/before"
expect_status 1 "$ADD" $T activity id=A2026-0001 unit=玉山镇 </dev/null
expect_grep "a revision may not change unit" "$TMP/err"
cmp -s "$TMP/before" "$D/activities.csv" || fail "a refused activity revision changed activities.csv"
expect_status 0 "$ADD" $T activity id=A2026-0001 note=影像资料已报送 </dev/null
expect_same_text A2026-0001 "$TMP/out"

# --dry-run writes nothing
cp "$D/activities.csv" "$TMP/before"
expect_status 0 "$ADD" $T -n activity $ACT_FACTS date=2026-11-05 unit=玉山镇 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
	participant=孙静 position=镇长 items=工单 reported_on=2026-11-05 </dev/null
expect_grep '^A2026-0002,2026-11-05,玉山镇' "$TMP/out"
cmp -s "$TMP/before" "$D/activities.csv" || fail "--dry-run changed activities.csv"

# --batch: all or none
cat >"$TMP/batch.csv" <<'CSV'
date,unit,participant,position,delegated,kind,mode,steps,items,reported_on
2026-11-06,玉山镇,孙静,镇长,否,处投诉,定期,转办体验、投诉分析、投诉处理,工单,2026-11-07
2026-11-07,县教育局,王五,局长,是,跟执法,即时,执法检查,检查,2026-11-08
CSV
expect_status 1 "$ADD" $T --batch activity <"$TMP/batch.csv"
expect_grep "<stdin>:3: error: unit (单位) '县教育局' is not a unit" "$TMP/err"
expect_grep '<stdin>:3: warning: steps (参与环节): 跟执法 needs 3 steps, has 1' "$TMP/err"
cmp -s "$TMP/before" "$D/activities.csv" || fail "a refused batch changed activities.csv"
# a batch whose rows only break rules of conduct is written, each flagged
sed -i 's/,县教育局,/,县司法局,/' "$TMP/batch.csv"
expect_status 0 "$ADD" $T --batch activity <"$TMP/batch.csv"
printf 'A2026-0002\nA2026-0003\n' >"$TMP/want"
expect_same "$TMP/want" "$TMP/out"
expect_grep '<stdin>:3: warning: steps (参与环节): 跟执法 needs 3 steps, has 1 \[steps-min\]' "$TMP/err"
printf 'date,unit\n2026-11-06,"unterminated\n' | expect_status 1 "$ADD" $T --batch activity
expect_grep 'csv-syntax' "$TMP/err"
printf '' | expect_status 1 "$ADD" $T --batch activity
expect_grep 'no header row' "$TMP/err"
# the facts no default states: a batch of activities without 是否委托, or of
# callbacks without 有效回访, is refused at its header; a row that leaves one
# empty, at its line; so is a callback given without it
cp "$D/activities.csv" "$TMP/before"
printf 'date,unit,participant,position,kind,mode,steps,items,reported_on\n2026-11-06,玉山镇,孙静,镇长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-07\n' |
	expect_status 1 "$ADD" $T --batch activity
expect_grep "^ysh-add: <stdin>:1: error: missing required column 'delegated' (是否委托) \[header\]$" "$TMP/err"
printf 'date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\n2026-11-06,玉山镇,孙静,镇长,,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-07\n' |
	expect_status 1 "$ADD" $T --batch activity
expect_grep "^ysh-add: <stdin>:2: error: delegated (是否委托) is required but empty \[field-required\]$" "$TMP/err"
cmp -s "$TMP/before" "$D/activities.csv" || fail "a batch that does not say 是否委托 changed activities.csv"
cp "$D/callbacks.csv" "$TMP/before"
printf 'activity,date,contact,phone,served_on,attitude,ability,process_ok,channel_ok,experience,satisfaction\nA2026-0001,2026-11-06,丁,13812345678,2026-10-20,好,好,是,是,好,满意\n' |
	expect_status 1 "$ADD" $T --batch callback
expect_grep "^ysh-add: <stdin>:1: error: missing required column 'valid' (有效回访) \[header\]$" "$TMP/err"
expect_status 1 "$ADD" $T callback activity=A2026-0001 date=2026-11-06 contact=丁 phone=13812345678 served_on=2026-10-20 \
	attitude=好 ability=好 process_ok=是 channel_ok=是 experience=好 satisfaction=满意 </dev/null
expect_grep "^ysh-add: error: valid (有效回访) is required but empty \[field-required\]$" "$TMP/err"
cmp -s "$TMP/before" "$D/callbacks.csv" || fail "a callback that does not say 有效回访 changed callbacks.csv"

# everything written checks clean (recorded_at is the real clock's time)
expect_status 0 "$BIN/ysh-check" --rule field-type --rule csv-syntax --rule id-duplicate --rule ref-missing \
	--rule header --rule revision-conflict --rule field-enum --rule field-required
expect_grep '^0 errors, 0 warnings in 14 records (4 files)$' "$TMP/out"
# rows already in a ledger that do not say 是否委托 (typed in by hand before
# ysh-add asked it), or a header without the column, are not judged: ysh does
# not know the fact and pushes no one to guess it.  体验方式 and 有效回访 were
# always required of every row, and still are
E="$TMP/existing"
new_county "$E"
printf 'id,date,unit,participant,position,kind,mode,steps,items,reported_on\nA2026-0001,2026-11-03,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-04\n' >"$E/activities.csv"
expect_status 0 "$BIN/ysh-check" -C "$E" $T --rule header --rule field-required
# ysh-add writes the fact or nothing: not into a ledger with no column for it
cp "$E/activities.csv" "$TMP/before"
expect_status 2 "$ADD" -C "$E" $T activity $ACT_FACTS date=2026-11-05 unit=玉山镇 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=孙静 position=镇长 items=工单 reported_on=2026-11-05 </dev/null
expect_grep "activities.csv has no column delegated (是否委托) for the value '否'" "$TMP/err"
cmp -s "$TMP/before" "$E/activities.csv" || fail "a fact with no column for it changed activities.csv"
# while its records can still be revised
expect_status 0 "$ADD" -C "$E" $T activity id=A2026-0001 reported_on=2026-11-05 </dev/null
expect_same_text A2026-0001 "$TMP/out"
printf 'id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\nA2026-0001,2026-11-03,县市场监管局,张三,局长,,处投诉,,转办体验;投诉分析;投诉处理,工单,2026-11-04\n' >"$E/activities.csv"
expect_status 1 "$BIN/ysh-check" -C "$E" $T --rule header --rule field-required
expect_grep '/activities.csv:2:8: error: mode (体验方式) is required but empty \[field-required\]$' "$TMP/out"
expect_grep '^1 error, 0 warnings in 1 record (1 file)$' "$TMP/out"
# and the conduct it flagged is there for the auditor
expect_status 1 "$BIN/ysh-check" --rule steps-min --rule filing-late --rule filing-unapproved
expect_grep '/activities.csv:5:9: error: 跟执法 needs 3 steps, has 1 \[steps-min\]$' "$TMP/out"
expect_grep '/filings.csv:2:10: error: .*\[filing-late\]$' "$TMP/out"
expect_grep '/filings.csv:2:11: error: .*\[filing-unapproved\]$' "$TMP/out"
expect_grep '/filings.csv:3:10: error: .*first recorded on 2026-11-23.*\[filing-late\]$' "$TMP/out"
expect_grep '^5 errors, 0 warnings in 14 records (4 files)$' "$TMP/out"
# and counted as they happened: of November's two inspections, none filed in
# time (one typed in after it), one unapproved
expect_status 0 "$BIN/ysh-report" --today 2026-12-01 --month 2026-11 summary --format json
expect_grep '"filed":2,"on_time":0,"unapproved":1,' "$TMP/out"

# files ysh-add creates are rw for the owner and the group as far as the
# umask allows, never for others
want=$(printf '%o' $((0660 & ~$(umask))))
[ "$(stat -c %a "$D/filings.csv")" = "$want" ] || fail "filings.csv is $(stat -c %a "$D/filings.csv"), not $want"

# a ledger that is a symlink is refused
mv "$D/filings.csv" "$D/elsewhere.csv"
ln -s elsewhere.csv "$D/filings.csv"
expect_status 2 "$ADD" $T filing id=F2026-0001 outcome=未发现问题 </dev/null
expect_grep 'symbolic link' "$TMP/err"
rm "$D/filings.csv"
mv "$D/elsewhere.csv" "$D/filings.csv"

# [clerks]: a login records for its own units only
C="$TMP/clerks"
mkdir "$C"
{ cat "$D/ysh.ini"; printf '\n[clerks]\n%s = 玉山镇\nboss = *\n' "$(id -un)"; } >"$C/ysh.ini"
expect_status 1 "$ADD" -C "$C" $T activity $ACT_FACTS date=2026-11-05 unit=县市场监管局 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=孙静 position=镇长 items=工单 reported_on=2026-11-05 </dev/null
expect_grep "error: recorded_by (录入人): $(id -un) may not record for 县市场监管局 (\[clerks\] in .*) \[record-unauthorized\]" "$TMP/err"
[ -e "$C/activities.csv" ] && fail "an unauthorized record was written"
expect_status 0 "$ADD" -C "$C" $T activity $ACT_FACTS date=2026-11-05 unit=玉山镇 kind=处投诉 \
	steps=转办体验、投诉分析、投诉处理 participant=孙静 position=镇长 items=工单 reported_on=2026-11-05 </dev/null
expect_same_text A2026-0001 "$TMP/out"
expect_status 0 "$BIN/ysh-check" -C "$C" --today 2026-11-23 --rule record-unauthorized

# bad invocations
expect_status 2 "$ADD" </dev/null
expect_status 2 "$ADD" minutes a=b </dev/null
expect_grep "unknown ledger 'minutes'" "$TMP/err"
expect_status 2 "$ADD" --frob activity </dev/null
expect_status 2 "$ADD" --batch activity $ACT_FACTS date=2026-11-01 </dev/null
expect_status 2 "$ADD" -C "$TMP/nowhere" activity </dev/null
expect_status 0 "$ADD" --help
expect_grep 'Usage: ysh-add' "$TMP/out"
finish
