# Ledgers read on several cores (issue 15: lib/csvpipe.c parses a ledger
# on a thread of its own, lib/readall.c reads a county's ledgers at once)
# say, byte for byte, what the one-core read says: the findings of ysh-check in both
# formats, its exit status, and the reports, on every sample and test
# county, and on a large county whose ledgers are spread over many batches
# and broken in every way the reader reports (syntax, NUL, bad UTF-8, a BOM
# inside, a wrong field count, a repeated header, an unterminated quote).
# YSH_READ_THREADS=1 forces the one-core read, =2 the threads, whatever
# the files' size.
. "$(dirname "$0")/lib.sh"
C="$BIN/ysh-check"
R="$BIN/ysh-report"
TODAY=--today=2026-11-23

# same_both LABEL CMD...: CMD's stdout, stderr and status under both reads
same_both() {
	local label=$1
	shift
	YSH_READ_THREADS=1 "$@" >"$TMP/one.out" 2>"$TMP/one.err"
	echo "status $?" >>"$TMP/one.out"
	YSH_READ_THREADS=2 "$@" >"$TMP/two.out" 2>"$TMP/two.err"
	echo "status $?" >>"$TMP/two.out"
	expect_same "$TMP/one.out" "$TMP/two.out"
	expect_same "$TMP/one.err" "$TMP/two.err"
	cp "$TMP/two.out" "$TMP/last.$label"
}

# a large broken county: the violations sample's rows many times over (ids
# kept, so duplicates and revisions cross batches), with damage every few
# thousand lines
BIG="$TMP/big"
mkdir "$BIG"
cp "$SRC/tests/samples/violations/ysh.ini" "$BIG/"
for f in "$SRC"/tests/samples/violations/*.csv; do
	name=$(basename "$f")
	awk -v n=3000 'NR == 1 { print; next } { rows[++m] = $0 }
		END {
			for (i = 0; i < n * m; i++) {
				print rows[i % m + 1]
				if (i % 4099 == 17) print "A2026-9" i ",\"broken quote,x"
				if (i % 5003 == 33) printf "A2026-8%d,2026-10-0%c1,nul\n", i, 0
				if (i % 6007 == 51) printf "A2026-7%d,\377\376bad utf-8,x\n", i
				if (i % 7001 == 64) printf "A2026-6%d,\357\273\277bom,x\n", i
				if (i % 3001 == 5) print "too,few"
			}
		}' "$f" >"$BIG/$name"
done
head -n 1 "$BIG/activities.csv" >>"$BIG/activities.csv" # the header again
printf 'A2026-9999,"unterminated\n' >>"$BIG/callbacks.csv"
size=$(cat "$BIG"/*.csv | wc -c)
[ "$size" -gt $((4 * 1024 * 1024)) ] || fail "the large county is only $size bytes: too few batches"

for d in "$SRC/data" "$SRC"/examples/*/ "$SRC"/tests/samples/*/ "$BIG"; do
	[ -f "$d/ysh.ini" ] || continue
	for fmt in text json; do
		same_both check "$C" -C "$d" $TODAY --format $fmt
	done
	same_both summary "$R" -C "$d" $TODAY --format json summary
done

# the comparison is not between two empty answers: the large county's
# damage is found, each kind of it, and its rows are all read
LC_ALL=C YSH_READ_THREADS=2 "$C" -C "$BIG" $TODAY --format json >"$TMP/big.json" 2>/dev/null
for what in 'malformed quoting' 'byte-order mark inside' 'invalid UTF-8' 'NUL' 'unterminated quoted' \
	'too many syntax errors' 'the header has'; do
	expect_grep "$what" "$TMP/big.json"
done
LC_ALL=C YSH_READ_THREADS=2 "$C" -C "$BIG" $TODAY >"$TMP/big.txt" 2>&1
tail -n 1 "$TMP/big.txt" >"$TMP/big.total"
records=$(sed 's/[^0-9]\+/ /g' "$TMP/big.total" | awk '{ print $3 }')
[ "${records:-0}" -gt 50000 ] || fail "the large county read as ${records:-no} records: $(cat "$TMP/big.total")"

# the record rules go in parts of 4,096 records (lib/rules.c): a county of
# 10,800 activities, some reported late on either side of a part's end
# and through the ledger, gets each of them once, in line order, on one
# core and on two
PARTS="$TMP/parts"
cp -r "$SRC/data" "$PARTS"
rm -rf "$PARTS/.ysh"
awk -F, -v OFS=, 'NR == 1 { print; next } { rows[++m] = $0 }
	END {
		for (k = 0; k < 90; k++)
			for (i = 1; i <= m; i++) {
				$0 = rows[i]
				if (k) $1 = sprintf("A2026-9%02d%04d", k, i)
				line = k * m + i + 1
				if ($2 ~ /^2026-09/ && (line % 701 == 0 || (line >= 4095 && line <= 4100))) {
					$11 = "2026-11-22"
					print line >"/dev/stderr"
				}
				print
			}
	}' "$SRC/data/activities.csv" >"$PARTS/activities.csv" 2>"$TMP/late.lines"
[ "$(wc -l <"$TMP/late.lines")" -ge 10 ] || fail "too few rows made late: $(cat "$TMP/late.lines")"
grep -q '^409[5-9]$' "$TMP/late.lines" || fail "no row made late at the end of the first part"
same_both parts "$C" -C "$PARTS" $TODAY --rule report-late
grep 'activities.csv:.*\[report-late\]' "$TMP/last.parts" | cut -d: -f2 >"$TMP/late.found"
expect_same "$TMP/late.lines" "$TMP/late.found"

finish
