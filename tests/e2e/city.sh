# Many counties at once (issue 15, step 6): ysh-check and ysh-report summary
# with -C repeated read the counties in parallel and print them in the order
# given; the city's total is the sum of the counties' own summaries.
. "$(dirname "$0")/lib.sh"
C="$BIN/ysh-check"
R="$BIN/ysh-report"
PY=${YSH_PYTHON:-/usr/bin/python3}
TODAY=--today=2026-11-22

# four counties: 蓝田 (data/), 靖边, a copy of data/ renamed 临潼区, and the
# violations sample (a county whose ledgers have errors)
cp -r "$SRC/data" "$TMP/蓝田"
cp -r "$SRC/examples/靖边" "$TMP/靖边"
cp -r "$SRC/data" "$TMP/临潼"
sed -i 's/^name = 蓝田县$/name = 临潼区/' "$TMP/临潼/ysh.ini"
cp -r "$SRC/tests/samples/violations" "$TMP/violations"
DIRS="$TMP/蓝田 $TMP/靖边 $TMP/临潼 $TMP/violations"
CS=""
for d in $DIRS; do CS="$CS -C $d"; done

# ---- ysh-check: the same findings, bytes, as one county after the other ----
for fmt in text json; do
	: >"$TMP/seq"
	errors=0 warnings=0 records=0 files=0
	for d in $DIRS; do
		"$C" -C "$d" $TODAY --format $fmt >"$TMP/one" 2>"$TMP/one.err"
		if [ $fmt = text ]; then
			tail -n 1 "$TMP/one" >"$TMP/one.err"
			sed '$d' "$TMP/one" >>"$TMP/seq"
		else
			cat "$TMP/one" >>"$TMP/seq"
		fi
		set -- $(sed 's/[^0-9]\+/ /g' "$TMP/one.err")
		errors=$((errors + $1)) warnings=$((warnings + $2)) records=$((records + $3)) files=$((files + $4))
	done
	expect_status 1 "$C" $CS $TODAY --format $fmt
	if [ $fmt = text ]; then
		sed '$d' "$TMP/out" >"$TMP/par"
		tail -n 1 "$TMP/out" >"$TMP/total"
	else
		cp "$TMP/out" "$TMP/par"
		cp "$TMP/err" "$TMP/total"
	fi
	expect_same "$TMP/seq" "$TMP/par"
	printf '%s errors, %s warnings in %s records (%s files)\n' $errors $warnings $records $files >"$TMP/want"
	expect_same "$TMP/want" "$TMP/total"
	# the findings name their county's directory
	if [ $fmt = text ]; then
		expect_grep "^$TMP/violations/activities.csv:" "$TMP/par"
	else
		expect_grep "\"file\":\"$TMP/violations/activities.csv\"" "$TMP/par"
	fi
done
# a city of clean counties is clean
expect_status 0 "$C" -C "$TMP/蓝田" -C "$TMP/靖边" $TODAY
expect_lines 1 "$TMP/out"

# ---- ysh-report summary: the city total is the counties' sum ----
for d in $DIRS; do
	"$R" -C "$d" $TODAY --format json summary >"$TMP/$(basename "$d").json" 2>/dev/null ||
		fail "summary of $d"
done
expect_status 0 "$R" $CS $TODAY --format json summary
cp "$TMP/out" "$TMP/city.json"
expect_grep 'warning: .*/violations: the ledgers have' "$TMP/err"
CHECKS=$((CHECKS + 1))
"$PY" - "$TMP/city.json" "$TMP/蓝田.json" "$TMP/靖边.json" "$TMP/临潼.json" "$TMP/violations.json" <<'PYEOF' || fail "city total is not the counties' sum"
import json, sys
city = json.load(open(sys.argv[1]))
counties = [json.load(open(p)) for p in sys.argv[2:]]
assert city["report"] == "city-summary" and city["month"] == "2026-10", city["month"]
assert [c["name"] for c in city["counties"]] == [c["name"] for c in counties]
assert [c["name"] for c in counties] == ["蓝田县", "靖边县", "临潼区", counties[3]["name"]]
for row, one in zip(city["counties"], counties):
    assert row["ledger_errors"] == one["ledger_errors"], (row["name"], row["ledger_errors"])
    for k, v in one["county"].items():
        if k in row:
            assert row[k] == v, (row["name"], k, row[k], v)
assert counties[3]["ledger_errors"] > 0
assert city["ledger_errors"] == sum(c["ledger_errors"] for c in counties)
figures = 0
for k, v in city["city"].items():
    if k.endswith("_rate"):
        continue
    want = sum(c["county"][k] for c in counties)
    assert abs(v - want) < 0.005, (k, v, want)
    figures += 1
assert figures >= 25, figures
assert city["city"]["activities"] > 0 and city["city"]["callbacks"] > 0
print("city total = sum of", len(counties), "counties over", figures, "figures")
PYEOF

# every format, the same bytes twice; the rows in -C order
for fmt in text csv md json; do
	expect_status 0 "$R" $CS $TODAY --format $fmt summary
	cp "$TMP/out" "$TMP/a"
	expect_status 0 "$R" $CS $TODAY --format $fmt summary
	expect_same "$TMP/a" "$TMP/out"
done
expect_status 0 "$R" -C "$TMP/蓝田" -C "$TMP/靖边" $TODAY summary
expect_grep '^全市 2026-10 月度工作汇总（2 个县区）' "$TMP/out"
expect_grep '^  全市合计 ' "$TMP/out"
[ "$(grep -n '^  蓝田县 ' "$TMP/out" | head -1 | cut -d: -f1)" -lt "$(grep -n '^  靖边县 ' "$TMP/out" | head -1 | cut -d: -f1)" ] ||
	fail "the counties are not in -C order"
expect_status 0 "$R" $CS $TODAY --format xlsx -o "$TMP/city.xlsx" summary
[ -s "$TMP/city.xlsx" ] || fail "no city.xlsx"
expect_status 2 "$R" $CS $TODAY --format csv -o "$TMP/靖边/activities.csv" summary
expect_status 0 "$R" $CS $TODAY --print-period
printf '2026-10\t2026-10-01\t2026-10-31\n' >"$TMP/want"
expect_same "$TMP/want" "$TMP/out"

# ---- refused ----
# counties that cut their months on different days: one label, other days
cp -r "$SRC/data" "$TMP/cut20"
printf '\n[reports]\nperiod_end_day = 20\n' >>"$TMP/cut20/ysh.ini"
expect_status 2 "$R" -C "$TMP/蓝田" -C "$TMP/cut20" --month 2026-10 $TODAY summary
expect_grep 'period_end_day' "$TMP/err"
expect_grep 'cut20' "$TMP/err"
[ -s "$TMP/out" ] && fail "a total was written for periods that differ"
# the same days given as a range are one period
expect_status 0 "$R" -C "$TMP/蓝田" -C "$TMP/cut20" --from 2026-10-01 --to 2026-10-31 $TODAY summary
# a county that does not load: named, no total
for cmd in "$C" "$R"; do
	expect_status 2 "$cmd" -C "$TMP/蓝田" -C "$TMP/nowhere" $TODAY $([ "$cmd" = "$R" ] && echo summary)
	expect_grep "$TMP/nowhere" "$TMP/err"
	[ -s "$TMP/out" ] && fail "$cmd printed a total without a county"
done
mkdir "$TMP/noini"
expect_status 2 "$C" -C "$TMP/蓝田" -C "$TMP/noini" $TODAY
expect_grep "$TMP/noini/ysh.ini" "$TMP/err"
# one county's reports and options with several -C
for kind in unit filings complaints roster tasks campaign; do
	expect_status 2 "$R" -C "$TMP/蓝田" -C "$TMP/靖边" $TODAY $kind
	expect_grep "give one -C" "$TMP/err"
done
expect_status 2 "$R" -C "$TMP/蓝田" -C "$TMP/靖边" $TODAY --lead 县司法局 summary
expect_status 2 "$R" -C "$TMP/蓝田" -C "$TMP/靖边" $TODAY --split "$TMP" summary
expect_status 2 "$C" -C "$TMP/蓝田" -C "$TMP/靖边" --verify-report "$TMP/a"
finish
