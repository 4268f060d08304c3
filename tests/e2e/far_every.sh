# Every long value read back, none held: each sample and example county with
# every non-empty cell of its long columns (ysh-ledgers(5), long = yes) made
# longer than a value held in memory may be, so that each is kept in the
# ledger and read back when a rule, a revision or a report asks for it.  The
# check (text and JSON) and every report give the bytes and the status they
# give with the text held (the schemas without long = yes).  A rule that
# read a record's long value without asking for it (ysh_row_cell,
# ysh_row_state) would find NULL there, or judge it otherwise, here.
. "$(dirname "$0")/lib.sh"
PY=${YSH_PYTHON:-/usr/bin/python3}
mkdir "$TMP/schemas"
for f in "$SRC"/schemas/*.ini; do
	grep -v '^long = yes$' "$f" >"$TMP/schemas/$(basename "$f")"
done

# long_columns: "FILE COLUMN" for each long column of the shipped schemas
long_columns() {
	for f in "$SRC"/schemas/*.ini; do
		awk '/^\[/ { sec = substr($0, 2, length($0) - 2) }
			sec == "ledger" && $1 == "file" { file = $3 }
			$0 == "long = yes" { cols[++n] = sec }
			END { for (i = 1; i <= n; i++) print file, cols[i] }' "$f"
	done
}
long_columns >"$TMP/long"
[ "$(wc -l <"$TMP/long")" -ge 10 ] || fail "the schemas have $(wc -l <"$TMP/long") long columns"

# lengthen DIR: every non-empty cell of a long column of DIR's ledgers made
# some 300 bytes longer, in place (quotes, a comma and a line break in it)
cat >"$TMP/lengthen.py" <<'EOF'
import csv, os, sys
d, spec = sys.argv[1], sys.argv[2]
tail = '（补记：' + '经核查属实，已约谈负责人并限期整改，"回头看"复核,\n' * 4 + '）'
cols = {}
for line in open(spec, encoding='utf-8'):
    f, c = line.split()
    cols.setdefault(f, set()).add(c)
n = 0
for f, want in cols.items():
    p = os.path.join(d, f)
    if not os.path.exists(p):
        continue
    with open(p, newline='', encoding='utf-8') as fh:
        rows = list(csv.reader(fh))
    at = [i for i, h in enumerate(rows[0]) if h in want]
    for row in rows[1:]:
        for i in at:
            if i < len(row) and row[i]:
                row[i] += tail
                n += 1
    with open(p, 'w', newline='', encoding='utf-8') as fh:
        csv.writer(fh, lineterminator='\n').writerows(rows)
print(n)
EOF

both() { # ARGS...: the same bytes and status with the text held
	"$@" >"$TMP/far.out" 2>"$TMP/far.err"
	local far=$?
	YSH_SCHEMA_DIR="$TMP/schemas" "$@" >"$TMP/held.out" 2>"$TMP/held.err"
	local held=$?
	[ "$far" -lt 100 ] || fail "$* died ($far)"
	[ "$far" = "$held" ] || fail "$* exited $far, $held with the text held"
	expect_same "$TMP/held.out" "$TMP/far.out"
	expect_same "$TMP/held.err" "$TMP/far.err"
}

total=0
for dir in data tests/samples/violations tests/samples/supervision examples/紫阳 examples/罗庄 examples/靖边; do
	C="$TMP/county"
	rm -rf "$C"
	cp -r "$SRC/$dir" "$C"
	rm -rf "$C/.ysh" # the chain and the id index are of the ledgers as they were
	n=$("$PY" "$TMP/lengthen.py" "$C" "$TMP/long") || fail "$dir: could not lengthen"
	total=$((total + n))
	both "$BIN/ysh-check" -C "$C" --today 2026-12-01
	both "$BIN/ysh-check" -C "$C" --today 2026-12-01 --format json
	for m in 2026-10 2026-11; do
		for kind in unit summary filings complaints tasks campaign; do
			both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --format json $kind
		done
		both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m unit
		both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --by-line unit
	done
done
# enough long cells that every rule met one: the violations sample alone has dozens
[ "$total" -ge 100 ] || fail "only $total long cells lengthened"
finish
