#!/bin/sh
# Install the Debian packages nianshen builds and tests with — only those
# that are missing, and say which.  Run as root (or with sudo) on Debian 12.
set -eu

PACKAGES="build-essential cmake pkg-config
liblua5.4-dev lua5.4 lua-lpeg lua-lpeg-dev lua-busted
libcjson-dev libgumbo-dev libzip-dev libxml2-dev libpoppler-glib-dev
libxlsxwriter-dev poppler-utils
libcairo2-dev fonts-wqy-zenhei
python3 python3-cffi python3-pytest binutils
chromium"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "setup: all Debian packages present"
	exit 0
fi

echo "setup: installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "setup: not root and no sudo; install these yourself:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
