# Bad invocations: one line on stderr, exit 2.  --help, --version, --list-rules.
. "$(dirname "$0")/lib.sh"
CHECK="$BIN/ysh-check"

expect_status 0 "$CHECK" --help
expect_grep 'Usage: ysh-check' "$TMP/out"
expect_status 0 "$CHECK" --version
expect_grep '^ysh-check (ysh) [0-9]' "$TMP/out"
expect_status 0 "$CHECK" --list-rules
expect_lines 45 "$TMP/out"
expect_grep '^callbacks-min  *error  *flag ' "$TMP/out"
expect_grep '^step-missing  *error  *flag ' "$TMP/out"
expect_grep '^kind-not-allowed  *warning  *flag ' "$TMP/out"
expect_grep '^filing-widened  *error  *refuse ' "$TMP/out"
expect_grep '^review-missing  *warning  *flag ' "$TMP/out"
expect_grep '^problem-overdue  *warning  *flag ' "$TMP/out"
expect_grep '^unit-unknown  *error  *refuse ' "$TMP/out"

bad() {
	expect_status 2 "$@"
	expect_lines 1 "$TMP/err"
	expect_lines 0 "$TMP/out"
}
bad "$CHECK" --frobnicate
expect_grep "unknown option '--frobnicate'" "$TMP/err"
bad "$CHECK" -C
bad "$CHECK" --today 2026-13-01 -C "$SRC/data"
expect_grep 'not a date' "$TMP/err"
bad "$CHECK" --format xml -C "$SRC/data"
bad "$CHECK" --rule no-such-rule -C "$SRC/data"
bad "$CHECK" --month 2026-1 -C "$SRC/data"
bad "$CHECK" --from 2026-10 -C "$SRC/data"
bad "$CHECK" --from 2026-10 --to 2026-09 -C "$SRC/data"
bad "$CHECK" -C /nonexistent/county
expect_grep '/nonexistent/county' "$TMP/err"
bad "$CHECK" -C /etc/passwd
expect_grep 'not a directory' "$TMP/err"
bad "$CHECK" -C "$SRC/data" nosuch.csv
expect_grep 'not a ledger' "$TMP/err"

# a directory without ysh.ini, and one whose ledger is a FIFO
mkdir "$TMP/empty"
bad "$CHECK" -C "$TMP/empty"
expect_grep 'ysh.ini' "$TMP/err"
cp "$SRC/data/ysh.ini" "$TMP/empty/"
mkfifo "$TMP/empty/activities.csv"
bad "$CHECK" -C "$TMP/empty"
expect_grep 'not a regular file' "$TMP/err"
rm "$TMP/empty/activities.csv"

# no ledgers yet: a new county checks clean
expect_status 0 "$CHECK" -C "$TMP/empty"
expect_grep '^0 errors, 0 warnings in 0 records (0 files)$' "$TMP/out"

# a schema directory that is not there
YSH_SCHEMA_DIR=/nonexistent bad "$CHECK" -C "$SRC/data"
expect_grep 'schema directory' "$TMP/err"

# stdout closed: a write error is an I/O problem
expect_status 2 sh -c "'$CHECK' -C '$SRC/tests/samples/violations' --today 2026-11-23 >/dev/full"
finish
