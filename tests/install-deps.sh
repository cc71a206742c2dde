#!/bin/sh
# Installs the Debian 12 packages lexsearch needs to build, run and test.
# Does nothing (and needs no network) when they are all present already.
# Run as root, or as a user with sudo.
set -eu
PACKAGES="build-essential cmake pkg-config libxapian-dev libxml2-dev check
xapian-tools xapian-omega mandoc man-db cppcheck clang-format jq valgrind clang
libclang-rt-14-dev libsqlite3-dev time libgmime-3.0-dev libuchardet-dev python3 git
libpoppler-glib-dev libcairo2-dev fonts-dejavu-core"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: need root (or sudo) to install:$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing" >&2
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
