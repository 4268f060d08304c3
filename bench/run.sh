#!/bin/sh
# Speed and memory of the commands on a large county, as ratios measured in
# one run (a shared machine's timings drift between runs; ratios much less).
#
#   sh bench/run.sh [N]        (after a Release build in build/, or B=dir)
#
# The county: the sample's rows replicated N times (default 300: 36,000
# activities, ~110,000 callbacks, ~26,000 problem rows, 10,500 filings),
# each copy with fresh ids (references follow) and its own participant,
# contact, description and enterprise, so that no copy duplicates another
# and the county has no findings: what is measured is the work every clean
# row costs.  Each command runs R times (default 3), in R rounds of one
# run of each, so that a shared machine's slow moment slows them all;
# the median wall time and the largest peak resident memory are printed,
# and each command's throughput as a ratio to the bare libcsv parse of the same files
# (bin/ysh-csvprobe).  python3's csv module, csvkit's csvclean and miller
# run too when installed.
#
# BASE=dir/bin (an earlier build) runs its ysh-check, one-core check,
# summary and unit report in every round too, beside this build's, and
# prints them as rows of their own: two builds compared in one run, as
# the drift between two runs is larger than most changes.
#
# Then ysh-add of each kind on the sample ledgers and on a county whose
# activities and problems ledgers hold ADD_ROWS rows each (default
# 1,000,000; about 650 MB in $TMPDIR with their hash chains): the ratio of
# the large to the small is what must stay near 1.
#
# Nothing here is asserted: timings belong to the machine, not to a test.
set -eu
cd "$(dirname "$0")/.."
N=${1:-300}
R=${R:-3}
ADD_ROWS=${ADD_ROWS:-1000000}
B=${B:-build/bin}
BASE=${BASE:-}
W=$(mktemp -d "${TMPDIR:-/tmp}/ysh-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT

# replicate(N, ledger, column, out): N copies of data/LEDGER.csv; column
# (1-based) gets the copy number where it is not empty, ids and references
# the copy number as a prefix to their sequence (the first copy keeps the
# sample's ids, which the ysh-add runs below name).  The sample has no quoted
# cells, so splitting at commas is exact.
replicate() {
	awk -v n="$1" -v k="$3" -F, -v OFS=, '
		NR == 1 { print; next }
		{ rows[++m] = $0 }
		END {
			for (c = 0; c < n; c++)
				for (i = 1; i <= m; i++) {
					$0 = rows[i]
					if (c && $k != "")
						$k = $k "-" c
					line = $0
					if (c)
						gsub(/[ACPF]2026-/, "&" sprintf("%05d", c), line)
					print line
				}
		}' "data/$2.csv" >"$4"
}

county() { # county DIR N
	mkdir -p "$1"
	cp data/ysh.ini "$1/"
	replicate "$2" activities 4 "$1/activities.csv"
	replicate "$2" callbacks 4 "$1/callbacks.csv"
	replicate "$2" problems 9 "$1/problems.csv"
	replicate "$2" filings 3 "$1/filings.csv"
}

# one_run LABEL CMD...: one timed run of CMD, its wall seconds and peak
# KiB appended to $W/LABEL.runs
one_run() {
	label=$1 # no local in POSIX sh: callers use other names
	shift
	t0=$(date +%s.%N)
	/usr/bin/time -f "%M" -o "$W/rss" "$@" >/dev/null 2>"$W/err" || true
	t1=$(date +%s.%N)
	echo "$t0 $t1 $(tail -n 1 "$W/rss")" >>"$W/$label.runs"
}

# summarize LABEL: the median wall seconds and the largest peak KiB of
# LABEL's runs, into $W/LABEL (one line: "seconds kib")
summarize() {
	awk '{ print $2 - $1, $3 }' "$W/$1.runs" | sort -n |
		awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { print t[int((NR + 1) / 2)], m }' >"$W/$1"
}

county "$W/c" "$N"
files="$W/c/activities.csv $W/c/callbacks.csv $W/c/problems.csv $W/c/filings.csv"
bytes=$(cat $files | wc -c)
for f in $files; do
	printf '%-16s %9d rows %8d KiB\n' "$(basename "$f")" "$(($(wc -l <"$f") - 1))" "$(($(wc -c <"$f") / 1024))"
done
if [ -n "$("$B/ysh-check" -C "$W/c" --today 2026-11-23 | sed '$d')" ]; then
	echo "bench/run.sh: the generated county has findings; the figures measure them too" >&2
fi

if command -v python3 >/dev/null; then
	cat >"$W/rows.py" <<'EOF'
import csv, sys
n = 0
for path in sys.argv[1:]:
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.reader(f):
            n += len(row)
print(n)
EOF
fi
# the commands compared, a run of each in every round: a shared machine
# that slows down for a while slows every command of that round alike,
# and the ratios of the medians hold
measured="probe check check1 summary unit"
[ -z "$BASE" ] || measured="$measured base_check base_check1 base_summary base_unit"
others=""
command -v python3 >/dev/null && others="$others python3"
command -v csvclean >/dev/null && others="$others csvclean"
command -v mlr >/dev/null && others="$others miller"
for l in $measured $others; do : >"$W/$l.runs"; done
round=0
while [ "$round" -lt "$R" ]; do
	one_run probe "$B/ysh-csvprobe" $files
	one_run check "$B/ysh-check" -C "$W/c" --today 2026-11-23
	# the same on one core: each ledger parsed and judged on one thread
	one_run check1 env YSH_READ_THREADS=1 "$B/ysh-check" -C "$W/c" --today 2026-11-23
	one_run summary "$B/ysh-report" -C "$W/c" --today 2026-11-22 summary
	one_run unit "$B/ysh-report" -C "$W/c" --today 2026-11-22 unit
	if [ -n "$BASE" ]; then
		one_run base_check "$BASE/ysh-check" -C "$W/c" --today 2026-11-23
		one_run base_check1 env YSH_READ_THREADS=1 "$BASE/ysh-check" -C "$W/c" --today 2026-11-23
		one_run base_summary "$BASE/ysh-report" -C "$W/c" --today 2026-11-22 summary
		one_run base_unit "$BASE/ysh-report" -C "$W/c" --today 2026-11-22 unit
	fi
	case $others in *python3*) one_run python3 python3 "$W/rows.py" $files ;; esac
	case $others in *csvclean*) one_run csvclean sh -c 'for f; do csvclean -n "$f"; done' sh $files ;; esac
	case $others in
	*miller*) one_run miller mlr --icsv --ojson filter '$date >= "2026-10-01"' then count "$W/c/activities.csv" ;;
	esac
	round=$((round + 1))
done
for l in $measured $others; do summarize "$l"; done

probe_t=$(cut -d' ' -f1 "$W/probe")
printf '\n%-34s %10s %10s %12s %8s\n' "command ($((bytes / 1024 / 1024)) MiB, R=$R)" "MB/s" "x probe" "peak MiB" "x size"
for l in $measured $others; do
	read -r t kib <"$W/$l"
	awk -v l="$l" -v t="$t" -v kib="$kib" -v p="$probe_t" -v b="$bytes" 'BEGIN {
		names["probe"] = "bare libcsv parse (ysh-csvprobe)"; names["check"] = "ysh-check (every rule)"
		names["check1"] = "ysh-check, one core"
		names["summary"] = "ysh-report summary"; names["unit"] = "ysh-report unit"
		names["python3"] = "python3 csv module, all rows"; names["csvclean"] = "csvkit csvclean"
		names["miller"] = "miller, date filter + count (activities)"
		if (l ~ /^base_/) names[l] = "  BASE: " names[substr(l, 6)]
		printf "%-34s %10.1f %10.3f %12.1f %8.2f\n", names[l], b / t / 1e6, p / t, kib / 1024, kib * 1024 / b }'
done

# a city of two such counties: ysh-check -C twice (read in parallel, a
# thread per core) against one county after the other
cp -r "$W/c" "$W/c2"
: >"$W/city.runs"
: >"$W/seq.runs"
round=0
while [ "$round" -lt "$R" ]; do
	one_run city "$B/ysh-check" -C "$W/c" -C "$W/c2" --today 2026-11-23
	one_run seq sh -c '"$1" -C "$2" --today 2026-11-23; "$1" -C "$3" --today 2026-11-23' sh "$B/ysh-check" "$W/c" "$W/c2"
	round=$((round + 1))
done
summarize city
summarize seq
read -r tc kc <"$W/city"
read -r tq kq <"$W/seq"
awk -v tc="$tc" -v tq="$tq" -v kc="$kc" -v kq="$kq" 'BEGIN {
	printf "\nysh-check of 2 counties: -C twice %.2f s (%.1f MiB), one after the other %.2f s (%.1f MiB): x %.2f faster\n",
		tc, kc / 1024, tq, kq / 1024, tq / tc }'
rm -rf "$W/c2"

# a ledger of free-text notes: the county with every problem row's
# description NOTE_BYTES long (default 2,000), each its own, against the
# county as it is; long = yes columns (ysh-ledgers(5)) against the same
# schemas without it, which hold every text
NOTE_BYTES=${NOTE_BYTES:-2000}
cp -r "$W/c" "$W/notes"
LC_ALL=C awk -v n="$NOTE_BYTES" -F, -v OFS=, '
	BEGIN { unit = "窗口收件后未一次性告知材料清单群众反映多次跑经核查属实已约谈负责人并限期整改" }
	NR == 1 { print; next }
	$9 != "" {
		t = NR "："
		while (length(t) + length(unit) <= n) t = t unit
		$9 = t
	}
	{ print }' "$W/c/problems.csv" >"$W/notes/problems.csv"
mkdir "$W/held"
for f in "$(dirname "$B")"/share/ysh/schemas/*.ini schemas/*.ini; do
	[ -e "$W/held/$(basename "$f")" ] || grep -v '^long = yes$' "$f" >"$W/held/$(basename "$f")"
done
for l in t_short t_long t_held t_base; do : >"$W/$l.runs"; done
round=0
while [ "$round" -lt "$R" ]; do
	one_run t_short "$B/ysh-check" -C "$W/c" --today 2026-11-23
	one_run t_long "$B/ysh-check" -C "$W/notes" --today 2026-11-23
	one_run t_held env YSH_SCHEMA_DIR="$W/held" "$B/ysh-check" -C "$W/notes" --today 2026-11-23
	[ -z "$BASE" ] || one_run t_base "$BASE/ysh-check" -C "$W/notes" --today 2026-11-23
	round=$((round + 1))
done
for l in t_short t_long t_held; do summarize $l; done
read -r ts ks <"$W/t_short"
read -r tn kn <"$W/t_long"
read -r th kh <"$W/t_held"
cs=$(cat "$W"/c/*.csv | wc -c)
cn=$(cat "$W"/notes/*.csv | wc -c)
awk -v ts="$ts" -v tn="$tn" -v th="$th" -v ks="$ks" -v kn="$kn" -v kh="$kh" -v cs="$cs" -v cn="$cn" -v nb="$NOTE_BYTES" 'BEGIN {
	printf "\nysh-check with %d-byte problem descriptions (%.0f MiB of ledgers, %.0f before):\n", nb, cn / 1048576, cs / 1048576
	printf "  as they were: %.2f s, %.1f MiB; long = yes: %.2f s, %.1f MiB (%.2f x the ledgers); held: %.2f s, %.1f MiB (%.2f x)\n",
		ts, ks / 1024, tn, kn / 1024, kn * 1024 / cn, th, kh / 1024, kh * 1024 / cn }'
if [ -n "$BASE" ]; then
	summarize t_base
	read -r tb kb <"$W/t_base"
	awk -v t="$tb" -v k="$kb" 'BEGIN { printf "  BASE, long = yes: %.2f s, %.1f MiB\n", t, k / 1024 }'
fi
rm -rf "$W/notes" "$W/held"

# ysh-add of each kind, on the sample and on ADD_ROWS-row ledgers
small="$W/small"
cp -a data "$small"
large="$W/large"
mkdir -p "$large"
cp data/ysh.ini data/callbacks.csv data/filings.csv "$large/"
copies=$((ADD_ROWS / ($(wc -l <data/activities.csv) - 1) + 1))
replicate "$copies" activities 4 "$large/activities.csv"
copies=$((ADD_ROWS / ($(wc -l <data/problems.csv) - 1) + 1))
replicate "$copies" problems 9 "$large/problems.csv"
# chained, as a county's ledgers are from their first add: an append must
# not read the whole chain either
for l in activity problem; do
	"$B/ysh-add" -C "$large" --adopt "$l" >/dev/null
done
printf '\nysh-add on the sample and on %d activities, %d problem rows (R=%s)\n' \
	"$(($(wc -l <"$large/activities.csv") - 1))" "$(($(wc -l <"$large/problems.csv") - 1))" "$R"
printf '%-34s %10s %10s %8s %10s %10s\n' "kind" "small s" "large s" "x" "small MiB" "large MiB"
add() { # add LABEL ARGS...: once unmeasured (sidecars, index), then R runs each
	kind=$1
	shift
	for dir in "$small" "$large"; do
		"$B/ysh-add" -C "$dir" --today 2026-11-23 "$@" >/dev/null 2>&1 || true
	done
	: >"$W/add-small.runs"
	: >"$W/add-large.runs"
	j=0
	while [ "$j" -lt "$R" ]; do # the two in turn, as above
		one_run add-small "$B/ysh-add" -C "$small" --today 2026-11-23 "$@"
		one_run add-large "$B/ysh-add" -C "$large" --today 2026-11-23 "$@"
		j=$((j + 1))
	done
	summarize add-small
	summarize add-large
	read -r ts ks <"$W/add-small"
	read -r tl kl <"$W/add-large"
	awk -v l="$kind" -v ts="$ts" -v tl="$tl" -v ks="$ks" -v kl="$kl" 'BEGIN {
		printf "%-34s %10.3f %10.3f %8.2f %10.1f %10.1f\n", l, ts, tl, tl / ts, ks / 1024, kl / 1024 }'
}
add "activity" activity delegated=否 mode=定期 date=2026-11-20 unit=玉山镇 kind=处投诉 steps=转办体验、投诉分析、投诉处理 \
	participant=甲 position=镇长 items=工单 reported_on=2026-11-20
add "callback (refs an activity)" callback activity=A2026-0002 date=2026-11-20 contact=甲 \
	phone=13812345678 served_on=2026-10-15 attitude=好 ability=好 process_ok=是 channel_ok=是 \
	experience=好 satisfaction=满意 valid=是
add "problem naming an activity" problem found_on=2026-11-20 unit=县医保局 activity=A2026-0001 \
	source=处投诉 type=问题 item=投诉回复 finder=钟卫东（局长） description=测试问题 category=1 \
	measure=整改 handling=立行立改 status=整改中
add "activity revision" activity id=A2026-0001 note=补记
add "problem revision" problem id=P2026-0001 suggestion=复查
