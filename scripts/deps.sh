#!/bin/sh
# Install the Debian packages ysh needs — only those missing, so a machine
# that has them is left alone.  `deps.sh` for building and running,
# `deps.sh test` for the test suite too.
set -eu
PKGS="gcc make cmake pkg-config libcsv-dev libiniparser-dev"
if [ "${1:-}" = test ]; then
	# LibreOffice opens the csv reports in a test; mandoc lints the man pages
	PKGS="$PKGS libcmocka-dev libjansson-dev valgrind mandoc libreoffice-calc-nogui clang libclang-rt-14-dev"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "ysh: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
