# Every long value read back, none held: each sample and example county with
# every non-empty cell of its long columns (ysh-ledgers(5), long = yes) made
# longer than a value held in memory may be, so that each is kept in the
# ledger and read back when a rule, a revision or a report asks for it.  The
# check (text and JSON) and every report give the bytes and the status they
# give with the text held (the same schemas without long = yes): with the
# shipped schemas, then with every plain text column long, the unit and
# deadline columns made plain text too, as a county's own schemas may (the
# rules read them by name).  A rule that read a record's cell without asking
# for it (ysh_row_cell, ysh_row_state, ysh_row_cells) would find NULL there,
# or judge it otherwise, here.
. "$(dirname "$0")/lib.sh"
PY=${YSH_PYTHON:-/usr/bin/python3}
# long_columns DIR: "FILE COLUMN" for each long column of DIR's schemas
long_columns() {
	for f in "$1"/*.ini; do
		awk '/^\[/ { sec = substr($0, 2, length($0) - 2) }
			sec == "ledger" && $1 == "file" { file = $3 }
			$0 == "long = yes" { cols[++n] = sec }
			END { for (i = 1; i <= n; i++) print file, cols[i] }' "$f"
	done
}
# held FAR HELD: the schemas of FAR without long = yes, in HELD
held() {
	mkdir "$2"
	for f in "$1"/*.ini; do
		grep -v '^long = yes$' "$f" >"$2/$(basename "$f")"
	done
}
mkdir "$TMP/shipped" "$TMP/all"
cp "$SRC"/schemas/*.ini "$TMP/shipped/"
held "$TMP/shipped" "$TMP/shipped-held"
# every column without a type, list, enum or reopens long; the
# complaints' unit and the tasks' deadline plain text first
for f in "$SRC"/schemas/*.ini; do
	awk -v ini="$(basename "$f")" 'function close_section() {
			if (sec != "" && sec != "ledger" && !typed && !listed && !enums && !reopens && !long_) print "long = yes"
		}
		/^\[/ { close_section(); sec = substr($0, 2, length($0) - 2)
			typed = listed = enums = reopens = long_ = 0; plain = (sec == "unit" && ini == "complaints.ini") || (sec == "deadline" && ini == "tasks.ini")
			print; next }
		/^type *=/ { if (plain) next; typed = 1 }
		/^list *= *yes/ { listed = 1 }
		/^enum/ { enums = 1 }
		/^reopens/ { reopens = 1 }
		$0 == "long = yes" { long_ = 1 }
		{ print }
		END { close_section() }' "$f" >"$TMP/all/$(basename "$f")"
done
held "$TMP/all" "$TMP/all-held"
[ "$(long_columns "$TMP/shipped" | wc -l)" -ge 10 ] || fail "the schemas have few long columns"
[ "$(long_columns "$TMP/all" | wc -l)" -gt "$(long_columns "$TMP/shipped" | wc -l)" ] || fail "no more long columns in all"
long_columns "$TMP/all" | grep -q '^complaints.csv unit$' || fail "complaints' unit is not long in all"
long_columns "$TMP/all" | grep -q '^tasks.csv deadline$' || fail "tasks' deadline is not long in all"

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
	YSH_SCHEMA_DIR="$FAR" "$@" >"$TMP/far.out" 2>"$TMP/far.err"
	local far=$?
	LAST=$far
	YSH_SCHEMA_DIR="$HELD" "$@" >"$TMP/held.out" 2>"$TMP/held.err"
	local held=$?
	[ "$far" -lt 100 ] || fail "$* died ($far) with $FAR"
	[ "$far" = "$held" ] || fail "$* exited $far, $held with the text held ($FAR)"
	expect_same "$TMP/held.out" "$TMP/far.out"
	expect_same "$TMP/held.err" "$TMP/far.err"
}

for schemas in shipped all; do
	FAR="$TMP/$schemas"
	HELD="$TMP/$schemas-held"
	long_columns "$FAR" >"$TMP/long"
	total=0
	for dir in data tests/samples/violations tests/samples/supervision examples/紫阳 examples/罗庄 examples/靖边; do
		C="$TMP/county"
		rm -rf "$C"
		cp -r "$SRC/$dir" "$C"
		rm -rf "$C/.ysh" # the chain and the id index are of the ledgers as they were
		# [clerks]: record-unauthorized reads a revision's unit from its state
		grep -q '^\[clerks\]' "$C/ysh.ini" || printf '\n[clerks]\nwangfang = *\n' >>"$C/ysh.ini"
		n=$("$PY" "$TMP/lengthen.py" "$C" "$TMP/long") || fail "$dir: could not lengthen"
		total=$((total + n))
		both "$BIN/ysh-check" -C "$C" --today 2026-12-01
		[ "$LAST" -lt 2 ] || fail "$dir could not be checked with $FAR"
		both "$BIN/ysh-check" -C "$C" --today 2026-12-01 --format json
		# the task rules alone: none reads a cell before them
		both "$BIN/ysh-check" -C "$C" --today 2026-12-01 --rule=task-overdue
		for m in 2026-10 2026-11; do
			for kind in unit summary filings complaints tasks campaign; do
				both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --format json $kind
			done
			both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m unit
			both "$BIN/ysh-report" -C "$C" --today 2026-12-01 --month $m --by-line unit
		done
	done
	# enough long cells that every rule met one: the violations sample alone has dozens
	[ "$total" -ge 100 ] || fail "only $total long cells lengthened ($schemas)"
	echo "$schemas: $total cells lengthened"
done
finish
