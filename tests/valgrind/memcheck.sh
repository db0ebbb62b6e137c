#!/bin/sh
# tplay under valgrind memcheck, for the end-to-end tests (TPLAY_VALGRIND=1
# in tests/e2e/tplaytest.py points TPLAY here) or by hand:
#
#   TPLAY_VALGRIND_LOGS=/tmp/vg tests/valgrind/memcheck.sh --list-tracks clip.mkv
#
# TPLAY_VALGRIND_BIN  the binary to run (default: build/tplay; a plain build,
#                     never the ASan one: the two do not mix)
# TPLAY_VALGRIND_LOGS where each run writes tplay.PID.log (default:
#                     $TMPDIR/tplay-valgrind)
# TPLAY_VALGRIND_OPTS more valgrind options, e.g. --track-origins=yes to
#                     find where an uninitialised value came from (off by
#                     default: it costs a quarter more time)
#
# exec keeps the pid, so a test that signals "tplay" signals the program
# under valgrind.  An error, or a definite, indirect or possible leak that
# tests/valgrind.supp does not cover, makes the exit status 97; the harness
# reads the logs too, for a run that ended on a signal or was killed.
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${TPLAY_VALGRIND_BIN:-$root/build/tplay}
logs=${TPLAY_VALGRIND_LOGS:-${TMPDIR:-/tmp}/tplay-valgrind}
mkdir -p "$logs" || exit 1
# shellcheck disable=SC2086 # TPLAY_VALGRIND_OPTS is split on purpose
exec valgrind --tool=memcheck --error-exitcode=97 \
    --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --num-callers=40 --gen-suppressions=all \
    --child-silent-after-fork=yes \
    --suppressions="$root/tests/valgrind.supp" \
    --log-file="$logs/tplay.%p.log" ${TPLAY_VALGRIND_OPTS:-} \
    "$bin" "$@"
