#!/bin/sh
# Build the libFuzzer harnesses with clang and run each for SECONDS (default
# 60); exits non-zero on any crash, leak or sanitizer report.  A longer run:
#   sh scripts/fuzz.sh 3600
# Crashing inputs are kept in build-fuzz/crash-*; a run's statistics are
# printed per harness (executions, time) for docs/reliability.md.
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
CC=clang cmake -S . -B build-fuzz -DYSH_FUZZ=ON -DBUILD_TESTING=OFF -DYSH_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target fuzz_ledger fuzz_ini fuzz_add >/dev/null
C=build-fuzz/corpus
mkdir -p "$C/ledger" "$C/ini" "$C/add"
# seeds: every sample ledger as each of the nine ledgers (the first byte picks)
n=0
for f in data/*.csv tests/samples/*/*.csv examples/*/*.csv; do
	for b in 0 1 2 3 4 5 6 7 8; do
		n=$((n + 1))
		{ printf "\\$(printf %o "$b")"; head -c 20000 "$f"; } >"$C/ledger/seed-$n"
	done
done
for f in data/ysh.ini tests/samples/*/ysh.ini examples/*/ysh.ini; do
	n=$((n + 1))
	cp "$f" "$C/ini/seed-$n"
done
printf '\000date=2026-11-03\nunit=县市场监管局\nkind=跟执法\nsteps=执法检查、案件处理、案卷评查\nparticipant=张三\nposition=局长\ndelegated=否\nmode=定期\nitems=检查\n' >"$C/add/seed-kv"
printf '\002id=P2026-0001\nstatus=已销号\nclosed_on=2026-11-18\n' >"$C/add/seed-rev"
{ printf '\200'; head -5 data/activities.csv | cut -d, -f2-11; } >"$C/add/seed-batch"
{ printf '\201'; head -5 data/callbacks.csv; } >"$C/add/seed-batch2"
# inputs that once crashed a harness stay in its corpus for good
for f in tests/fuzz/regressions/*; do
	[ -e "$f" ] || continue
	h=${f##*/}
	cp "$f" "$C/${h%%-*}/"
done
status=0
for h in ledger ini add; do
	echo "== fuzz_$h for ${SECONDS_EACH}s"
	if ! (cd build-fuzz && ./bin/fuzz_$h -max_total_time="$SECONDS_EACH" -max_len=100000 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=crash-$h- \
		"corpus/$h" >"fuzz-$h.log" 2>&1); then
		status=1
		tail -40 "build-fuzz/fuzz-$h.log"
	fi
	grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "build-fuzz/fuzz-$h.log" || true
done
exit $status
