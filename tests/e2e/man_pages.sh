# The man pages, English and Chinese, are valid mdoc, and document every rule
# code there is; each English page has its Chinese translation, which names
# the same options (a page that gained an option in one language only fails).
. "$(dirname "$0")/lib.sh"
for page in "$SRC"/man/*.[15] "$SRC"/man/zh_CN/*.[15]; do
	CHECKS=$((CHECKS + 1))
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1) || true
	[ -z "$out" ] || fail "$out"
done
"$BIN/ysh-check" --list-rules | awk '{print $1}' >"$TMP/codes"
while read -r code; do
	expect_grep "^\.It Li $code No" "$SRC/man/ysh-check.1"
	expect_grep "^\.It Li $code No" "$SRC/man/zh_CN/ysh-check.1"
done <"$TMP/codes"

# the options a page mentions: every "Fl x" of its macro lines
flags() {
	grep '^\.' "$1" | grep -o 'Fl [-A-Za-z]*' | sort -u
}
for page in "$SRC"/man/*.[15]; do
	zh="$SRC/man/zh_CN/${page##*/}"
	CHECKS=$((CHECKS + 1))
	if [ ! -f "$zh" ]; then
		fail "${page##*/} has no Chinese translation in man/zh_CN/"
		continue
	fi
	CHECKS=$((CHECKS + 1))
	diff -u <(flags "$page") <(flags "$zh") >"$TMP/flags" ||
		fail "man/zh_CN/${page##*/} and man/${page##*/} name different options: $(cat "$TMP/flags")"
done
finish
