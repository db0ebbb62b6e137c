#!/bin/sh
# Install the Debian packages tplay's build, demo and tests need.
# Quiet and quick (one dpkg-query) when everything is present; apt-get
# through sudo when not root.  Usage: share/deps.sh [--check] [--bench]
# [--fuzz] (--bench adds the peers `make bench` runs: mpv, timg, valgrind,
# and the xterm on Xvfb its sixel section draws in, shot by ImageMagick;
# valgrind, xvfb, xterm and imagemagick are in the base list too, for make
# check's memcheck pass and its pixel tests; --fuzz
# adds clang and its runtimes, libFuzzer among them, for `make fuzz`).
set -eu

PKGS="gcc make pkg-config python3 iso-codes
libmpv-dev libavformat-dev libavutil-dev libncurses-dev libasound2-dev libinih-dev
libchafa-dev libzmq3-dev libsystemd-dev zlib1g-dev
libcmocka-dev valgrind
ffmpeg tmux mkvtoolnix espeak-ng groff-base zsh fish xvfb xterm imagemagick xdotool
desktop-file-utils build-essential dpkg-dev debhelper lintian
dbus-daemon dbus-bin playerctl libglib2.0-bin systemd"
check=""
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        --bench) PKGS="$PKGS mpv timg valgrind xvfb xterm imagemagick" ;;
        --fuzz) PKGS="$PKGS clang libclang-rt-dev" ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: not a Debian system; install the equivalents of:" $PKGS >&2
    exit 0
fi

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    case "$st" in
        ii*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
if [ -n "$check" ]; then
    echo "deps: missing:$missing" >&2
    exit 1
fi

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "deps: not root and no sudo; as root run: apt-get install$missing" >&2
        exit 1
    }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once if the
# install cannot find a package.
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 || {
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends $missing
}
