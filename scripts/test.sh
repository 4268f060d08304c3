#!/bin/sh
# The whole test suite: a -Werror build, then an AddressSanitizer +
# UndefinedBehaviorSanitizer build, a ThreadSanitizer build for what runs
# on threads, the fuzzers, then valgrind on the commands.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh test
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build and test (-Wall -Wextra -Werror)"
cmake -S . -B build -DYSH_WERROR=ON -DBUILD_TESTING=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build and test with ASan + UBSan"
cmake -S . -B build-asan -DYSH_WERROR=ON -DYSH_SANITIZE=ON -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure -j"$jobs")

echo "== ThreadSanitizer: the tests that read ledgers on threads, threads forced"
cmake -S . -B build-tsan -DYSH_WERROR=ON -DYSH_TSAN=ON -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-tsan -j"$jobs"
(cd build-tsan && YSH_READ_THREADS=2 TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
	ctest --output-on-failure -j"$jobs" -R '^unit_|^e2e_(pipe|city|check_|report$|complaints)')

echo "== fuzzing: each harness for ${FUZZ_SECONDS:-60}s"
sh scripts/fuzz.sh "${FUZZ_SECONDS:-60}"

echo "== valgrind memcheck on the end-to-end tests"
(cd build && YSH_VALGRIND=1 ctest --output-on-failure -R '^e2e_' -j"$jobs")
