#!/bin/sh
# Speed and memory of the commands on a large county: the sample's rows
# replicated N times (default 1000: 120,000 activities, ~368,000 callbacks,
# ~87,000 problem rows, 35,000 filings) with fresh ids.
#
#   sh bench/run.sh [N]        (after a build in build/)
#
# Prints wall time and peak memory per command; nothing here is asserted:
# timings belong to the machine, not to a test.
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000}
B=${B:-build/bin}
W=$(mktemp -d /tmp/ysh-bench-XXXXXX)
trap 'rm -rf "$W"' EXIT
cp data/ysh.ini "$W/"
# replicate rows; ids get the copy number as a prefix to their sequence, so
# they stay unique, and references follow the same renumbering
for f in activities callbacks problems filings; do
	awk -v n="$N" -F, -v OFS=, '
		NR == 1 { print; next }
		{ rows[++k] = $0 }
		END {
			for (c = 0; c < n; c++)
				for (i = 1; i <= k; i++) {
					line = rows[i]
					gsub(/[ACPF]2026-/, "&" sprintf("%04d", c), line)
					print line
				}
		}' "data/$f.csv" >"$W/$f.csv"
done
for f in "$W"/*.csv; do
	printf '%-16s %9d rows %6d KiB\n' "$(basename "$f")" "$(($(wc -l <"$f") - 1))" "$(($(wc -c <"$f") / 1024))"
done
measure() {
	label=$1
	shift
	/usr/bin/time -f "%e s %M KiB" -o "$W/time" "$@" >/dev/null 2>"$W/err" || true
	printf '%-34s %s\n' "$label" "$(cat "$W/time")"
}
measure "ysh-check (all ledgers)" "$B/ysh-check" -C "$W" --today 2026-11-23
measure "ysh-report summary" "$B/ysh-report" -C "$W" --today 2026-11-22 summary
measure "ysh-report unit" "$B/ysh-report" -C "$W" --today 2026-11-22 unit
measure "ysh-add activity (1st: full scan)" "$B/ysh-add" -C "$W" --today 2026-11-23 activity delegated=否 mode=定期 date=2026-11-20 \
	unit=玉山镇 kind=处投诉 steps=转办体验、投诉分析、投诉处理 participant=甲 position=镇长 items=工单 reported_on=2026-11-20
measure "ysh-add activity (2nd: sidecar)" "$B/ysh-add" -C "$W" --today 2026-11-23 activity delegated=否 mode=定期 date=2026-11-20 \
	unit=玉山镇 kind=处投诉 steps=转办体验、投诉分析、投诉处理 participant=甲 position=镇长 items=工单 reported_on=2026-11-20
measure "ysh-add callback (reads activities)" "$B/ysh-add" -C "$W" --today 2026-11-23 callback activity=A2026-00000001 \
	date=2026-11-20 contact=甲 phone=13812345678 served_on=2026-11-01 attitude=好 ability=好 process_ok=是 \
	channel_ok=是 experience=好 satisfaction=满意 valid=是
