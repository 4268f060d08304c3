# Every rule violated at least once: the whole output is as expected.
. "$(dirname "$0")/lib.sh"
cd "$SRC/tests/samples"

expect_status 1 "$BIN/ysh-check" -C violations --today 2026-11-23
expect_same violations/expected.txt "$TMP/out"
# every rule code of --list-rules occurs in it, but id-duplicate: every
# shipped ledger takes revisions, so only a schema without them can repeat an
# id (test_rules.c tests that); here a repeated id is a revision-conflict.
# And the chain's two codes: a chain is what ysh-add writes, so chain.sh
# tampers with ledgers ysh-add made.
"$BIN/ysh-check" --list-rules |
	awk '$1 != "id-duplicate" && $1 != "chain-broken" && $1 != "record-unchained" {print $1}' >"$TMP/codes"
while read -r code; do
	# the rules of supervision have their own sample (check_supervision.sh)
	grep -q "\[$code\]\$" supervision/expected.txt || expect_grep "\[$code\]\$" violations/expected.txt
done <"$TMP/codes"

expect_status 1 "$BIN/ysh-check" -C violations --today 2026-11-23 --format json
expect_same violations/expected.json "$TMP/out"

# --strict turns warnings into a failure; without errors it is what decides
expect_status 0 "$BIN/ysh-check" -C violations --today 2026-11-23 --rule report-late
expect_lines 3 "$TMP/out"
expect_status 1 "$BIN/ysh-check" -C violations --today 2026-11-23 --rule report-late --strict

# --no-rule drops one code; --month narrows the range rules
expect_status 1 "$BIN/ysh-check" -C violations --today 2026-11-23 --no-rule monthly-missing
grep -q monthly-missing "$TMP/out" && fail "--no-rule monthly-missing still reports it"
expect_status 0 "$BIN/ysh-check" -C violations --today 2026-11-23 --rule monthly-missing --month 2026-10
expect_grep '县行政审批局 has 0 activities in 2026-10' "$TMP/out"
# A2026-0004's revision may not move it to 玉山镇: 玉山镇 did nothing either
expect_grep '玉山镇 has 0 activities in 2026-10' "$TMP/out"
expect_lines 3 "$TMP/out"
expect_status 0 "$BIN/ysh-check" -C violations --today 2026-11-23 --rule monthly-missing --from 2026-09 --to 2026-10
expect_lines 5 "$TMP/out"

# naming files limits the report, not the reading
expect_status 1 "$BIN/ysh-check" -C violations --today 2026-11-23 callbacks.csv
expect_grep 'A2026-0404' "$TMP/out"
expect_grep '(1 file)$' "$TMP/out"
grep -q '^violations/activities' "$TMP/out" && fail "activities reported though only callbacks.csv was named"
finish
