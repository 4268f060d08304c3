# The sample county in data/ checks clean, whatever way it is named.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$BIN/ysh-check" -C "$SRC/data" --today 2026-11-23
expect_lines 1 "$TMP/out"
expect_grep '^0 errors, 0 warnings in [0-9]* records (6 files)$' "$TMP/out"

# $YSH_DIR, and the current directory
YSH_DIR="$SRC/data" expect_status 0 "$BIN/ysh-check" --today 2026-11-23 --strict
(cd "$SRC/data" && expect_status 0 "$BIN/ysh-check" --today 2026-11-23 activities.csv problems.csv)
expect_grep '(2 files)$' "$TMP/out"

# the sample's ledgers are big enough to matter for the reports
records=$(sed -n 's/.* in \([0-9]*\) records.*/\1/p' "$TMP/out")
[ "$records" -gt 150 ] || fail "only $records records in activities and problems"

# JSON mode: findings only on stdout, the tally on stderr
expect_status 0 "$BIN/ysh-check" -C "$SRC/data" --today 2026-11-23 --format json
expect_lines 0 "$TMP/out"
expect_grep '^0 errors' "$TMP/err"
finish
