# The schemas keep each column's keys together under its [section]: the ini
# reader gives a key to the section above it whatever blank lines or
# comments stand between, so a key stranded after a blank line, just above
# the next section, reads as the next column's while it is not
# (ysh-ledgers(5), SCHEMA FILES).
. "$(dirname "$0")/lib.sh"
for schema in "$SRC"/schemas/*.ini; do
	CHECKS=$((CHECKS + 1))
	# a key after a blank line, before the next section header
	awk '/^\[/ { gap = 0; next }
	     /^[ \t]*$/ { gap = 1; next }
	     /^[ \t]*[;#]/ { next }
	     gap { print FILENAME ":" FNR ": " $0 " stands apart from its section" }' "$schema" >"$TMP/stray"
	[ -s "$TMP/stray" ] && fail "$(cat "$TMP/stray")"
done
finish
