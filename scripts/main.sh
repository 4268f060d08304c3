#!/bin/sh
# The main job: build, then write the reports of the sample county in data/
# as the cron job would on the 22nd (set TODAY= for another day): those of the
# last period that has ended (the previous month), into out/YYYY-MM/, and
# show the summary.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build-main -DBUILD_TESTING=OFF >/dev/null
cmake --build build-main -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
TODAY=${TODAY:-2026-11-22}
B=./build-main/bin
month=$($B/ysh-report -C data --today "$TODAY" --print-period | cut -f1)
out=out/$month
mkdir -p "$out"
$B/ysh-check -C data --today "$TODAY" >"$out/check.txt" || true
$B/ysh-report -C data --today "$TODAY" unit -o "$out/unit.txt"
$B/ysh-report -C data --today "$TODAY" unit --format csv --bom -o "$out/unit.csv"
$B/ysh-report -C data --today "$TODAY" summary -o "$out/summary.txt"
$B/ysh-report -C data --today "$TODAY" summary --format csv --bom -o "$out/summary.csv"
$B/ysh-report -C data --today "$TODAY" summary --format json -o "$out/summary.json"
$B/ysh-report -C data --today "$TODAY" summary --format md -o "$out/summary.md"
$B/ysh-report -C data --today "$TODAY" filings -o "$out/filings.txt"
# the forms to print, stamp and send: one sheet per unit in the annex layout
$B/ysh-report -C data --today "$TODAY" unit --format xlsx -o "$out/unit.xlsx"
$B/ysh-report -C data --today "$TODAY" summary --format xlsx -o "$out/summary.xlsx"
$B/ysh-report -C data --today "$TODAY" filings --format xlsx -o "$out/filings.xlsx"
# the 12345 work orders, and next month's 处投诉 units (the cron job's run on the 2nd)
$B/ysh-report -C data --today "$TODAY" --month "$month" complaints -o "$out/complaints.txt"
$B/ysh-report -C data --today "$TODAY" --month "$month" roster -o "$out/roster.txt"
cat "$out/summary.txt"
echo
cat "$out/check.txt"
echo "reports written to $out/: $(cd "$out" && ls | tr '\n' ' ')"
