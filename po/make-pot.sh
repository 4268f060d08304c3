#!/bin/sh
# make-pot.sh OUT.pot: extract every translatable message of ysh into OUT.pot.
# One recipe for the `ysh-pot` build target and for tests/e2e/i18n.sh, which
# compares a fresh extraction against po/zh_CN.po, so that the two can never
# disagree about what "every message" is.
#
#   C sources listed in po/POTFILES: _("...") and P_("...", "...", n) (the
#   dgettext and dngettext macros of lib/i18n.h), N_("...") (marked here,
#   translated where displayed), and plain ngettext.
#   schemas/*.ini: the `help =` lines, which ysh-add shows under its prompts.
#
# Locations are file names without line numbers (--add-location=file): an
# edit elsewhere in a file does not rewrite the catalogue, and concurrent
# changes to the sources merge without conflicts in po/.
set -eu
out=${1:?usage: make-pot.sh OUT.pot}
top=$(cd "$(dirname "$0")/.." && pwd)
XGETTEXT=${XGETTEXT:-xgettext}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ysh-pot-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The schemas' help texts as a PO file xgettext reads like any other source.
for ini in "$top"/schemas/*.ini; do
	awk -v file="schemas/${ini##*/}" '
		/^help[ \t]*=/ {
			v = $0
			sub(/^help[ \t]*=[ \t]*/, "", v)
			sub(/[;#].*/, "", v)	# as iniparser reads it: a comment ends the value
			sub(/[ \t]+$/, "", v)
			gsub(/\\/, "\\\\", v)
			gsub(/"/, "\\\"", v)
			printf "#: %s:%d\nmsgid \"%s\"\nmsgstr \"\"\n\n", file, NR, v
		}' "$ini"
done >"$tmp/schemas.po"

cd "$top"
grep -v -e '^#' -e '^$' po/POTFILES >"$tmp/files"
echo "$tmp/schemas.po" >>"$tmp/files"
"$XGETTEXT" --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	--keyword=ngettext:1,2 --add-comments=TRANSLATORS: --add-location=file \
	--package-name=ysh --files-from="$tmp/files" -o "$out" 2>"$tmp/log" ||
	{ cat "$tmp/log" >&2; exit 1; }
# ysh has no bug address to put in the header: do not nag about it
grep -v -e msgid-bugs-address -e Makevars -e MSGID_BUGS_ADDRESS "$tmp/log" >&2 || true
