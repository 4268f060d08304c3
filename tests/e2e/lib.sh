# Helpers for the end-to-end tests: run a command, check its exit status and
# output.  Sourced by each test; ctest sets YSH_BIN_DIR and YSH_SOURCE_DIR.
set -u
BIN=${YSH_BIN_DIR:?run through ctest}
SRC=${YSH_SOURCE_DIR:?run through ctest}
TMP=$(mktemp -d /tmp/ysh-e2e-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
CHECKS=0

# YSH_VALGRIND=1: run every ysh command under valgrind memcheck; any error or
# leak makes it exit 97, which no test expects.
if [ -n "${YSH_VALGRIND:-}" ]; then
	mkdir "$TMP/vgbin"
	for cmd in "$BIN"/ysh-*; do
		name=$(basename "$cmd")
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all --suppressions=%s "%s" "$@"\n' "$SRC/tests/valgrind.supp" "$cmd" >"$TMP/vgbin/$name"
		chmod +x "$TMP/vgbin/$name"
	done
	# the tests' own helpers (sigrun) run as they are, beside the wrappers
	for cmd in "$BIN"/*; do
		[ -e "$TMP/vgbin/$(basename "$cmd")" ] || ln -s "$cmd" "$TMP/vgbin/"
	done
	BIN="$TMP/vgbin"
fi

# The facts no default states (ysh-ledgers(5), "No default states a fact"):
# whether a deputy took part for the head and how the activity was done, and
# whether a callback was valid.  A fixture's new record states them as a clerk
# must: ysh-add activity $ACT_FACTS date=...; ysh-add callback $CB_FACTS ...
ACT_FACTS="delegated=否 mode=定期"
CB_FACTS="valid=是"

# sample_ini DIR: the sample county's ysh.ini without its [clerks], so that
# whoever runs the tests may add
sample_ini() {
	sed '/^\[clerks\]/,/^$/d' "$SRC/tests/samples/violations/ysh.ini" >"$1/ysh.ini"
}

# new_county DIR: a county directory for a test to write in, made empty but
# for that ysh.ini
new_county() {
	mkdir "$1"
	sample_ini "$1"
}

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# expect_status N CMD...: run CMD, stdout to $TMP/out, stderr to $TMP/err
expect_status() {
	local want=$1
	shift
	CHECKS=$((CHECKS + 1))
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "$* exited $got, expected $want"
		sed 's/^/  stdout: /' "$TMP/out" | head -5 >&2
		sed 's/^/  stderr: /' "$TMP/err" | head -5 >&2
	fi
}

# expect_file_equal EXPECTED ACTUAL
expect_same() {
	CHECKS=$((CHECKS + 1))
	if ! diff -u "$1" "$2" >&2; then
		fail "$2 differs from $1"
	fi
}

# expect_grep PATTERN FILE
expect_grep() {
	CHECKS=$((CHECKS + 1))
	grep -q -- "$1" "$2" || { fail "'$1' not in $2:"; head -5 "$2" >&2; }
}

expect_lines() {
	CHECKS=$((CHECKS + 1))
	local n
	n=$(wc -l <"$2")
	[ "$n" = "$1" ] || fail "$2 has $n lines, expected $1"
}

finish() {
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
	[ "$FAILS" = 0 ]
}
