# The man pages are valid mdoc, and document every rule code there is.
. "$(dirname "$0")/lib.sh"
for page in "$SRC"/man/*.[15]; do
	CHECKS=$((CHECKS + 1))
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1) || true
	[ -z "$out" ] || fail "$out"
done
"$BIN/ysh-check" --list-rules | awk '{print $1}' >"$TMP/codes"
while read -r code; do
	expect_grep "^\.It Li $code No" "$SRC/man/ysh-check.1"
done <"$TMP/codes"
finish
