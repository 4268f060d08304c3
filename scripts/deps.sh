#!/bin/sh
# Install the Debian packages ysh needs — only those missing, so a machine
# that has them is left alone.  `deps.sh` for building and running,
# `deps.sh test` for the test suite too (and the zh_CN.UTF-8 locale the
# tests of the Chinese messages run in).
set -eu
# gettext: msgfmt compiles the message catalogues, xgettext extracts them
PKGS="gcc make cmake pkg-config libcsv-dev libiniparser-dev libsodium-dev libxlsxwriter-dev gettext"
if [ "${1:-}" = test ]; then
	# LibreOffice opens the csv reports and prints the xlsx ones in a test;
	# openpyxl (Debian's python3) reads the xlsx back cell by cell; mandoc lints the man pages;
	# locales provides localedef and the zh_CN definition
	PKGS="$PKGS libcmocka-dev libjansson-dev valgrind mandoc libreoffice-calc-nogui python3-openpyxl clang libclang-rt-14-dev locales"
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "ysh: installing Debian packages:$missing" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# A fresh Debian has the locale's definition but no compiled locale: compile
# it into the locale archive (what locale-gen does for the lines of
# /etc/locale.gen), once.
if [ "${1:-}" = test ] && ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	echo "ysh: generating the zh_CN.UTF-8 locale" >&2
	$SUDO localedef -i zh_CN -c -f UTF-8 -A /usr/share/locale/locale.alias zh_CN.UTF-8
fi
