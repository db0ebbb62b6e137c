#!/bin/sh
# Run every test (cmocka unit tests, then the end-to-end scripts) against
# each build folder given, the folders' passes side by side; then, with --valgrind BUILD_DIR, the unit tests
# and the end-to-end scripts in VALGRIND_E2E again with that build's
# binaries under valgrind memcheck.  Close with "N passed, M failed".
# Usage: tests/run.sh BUILD_DIR... [--valgrind BUILD_DIR]
set -u
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
log=$(mktemp)
vglogs=$(mktemp -d)
trap 'rm -rf "$log" "$vglogs"' EXIT

# The scripts the valgrind pass runs, chosen to cover tplay's own code in
# a few minutes (valgrind runs it 10-50 times slower): --list-tracks on
# every container, hostile and broken files (test_list_tracks), the
# hostile media through --list-tracks and the player (test_hostile), the
# config files (test_config), the player's screen, keys, resizes and
# SIGTERM/SIGINT (test_screen), the mic monitor on real alsa-lib
# (test_mic), and the read-once sources (a URL, a pipe: the tape and the
# relay thread), the TS reader and the end of a file (test_media), and
# MPRIS on a session bus (test_mpris: its stand-in player, tests/mpris/
# driver.c, under memcheck through the same wrapper).  Left
# out: test_messages, test_crash and test_environment (their code is
# a few lines on paths the others take; test_crash's deaths by signal
# are valgrind's own business), test_demo (one more --list-tracks, on a clip
# that takes longer to make than to check), test_play (its sound and
# picture checks count what happens per second of real time; its keys
# are test_screen's and test_config's code paths), test_mic_faults (the
# test card keeps real time: a monitor slowed 20 times only overruns),
# test_signals and test_endurance (storms of thousands of events, hours
# under valgrind; their code paths are test_screen's).  A test that
# cannot run under valgrind says why where it is defined
# (not_under_valgrind).
VALGRIND_E2E="test_list_tracks test_hostile test_config test_screen test_mic test_media
test_mpris"

# libmpv and its libraries keep allocations until exit: only leaks in
# tplay's own code may fail the run (tests/lsan.supp).
export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

count() { # $1: passed, $2: failed, $3: what
    passed=$((passed + $1))
    failed=$((failed + $2))
    [ "$2" -eq 0 ] || echo "FAILED: $3" >&2
}

unit() { # $1: build folder; $2: "valgrind" to run each under memcheck
    for t in "$1"/tests/test_*; do
        case "$t" in *.o|*.d) continue ;; esac
        t0=$(date +%s)
        if [ "${2:-}" = valgrind ]; then
            rm -f "$vglogs"/*
            # TPLAY_SLOW: the tests' deadlines stretch as the e2e ones do.
            TPLAY_SLOW=${TPLAY_SLOW:-8} TPLAY_VALGRIND_BIN="$t" \
                TPLAY_VALGRIND_LOGS="$vglogs" \
                tests/valgrind/memcheck.sh >"$log" 2>&1
        else
            "$t" >"$log" 2>&1
        fi
        rc=$?
        ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
        bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
        if [ $rc -eq 97 ] && [ "${2:-}" = valgrind ]; then
            # memcheck's own exit status: an error or a leak, in its log
            cat "$vglogs"/*
            bad=$((${bad:-0} + 1))
        fi
        [ $rc -ne 0 ] && [ -z "$bad" ] && bad=1 && cat "$log"
        [ -n "$bad" ] && [ "$bad" != 0 ] && cat "$log"
        echo "   $(basename "$t"): ${ok:-0} passed, ${bad:-0} failed" \
            "($(($(date +%s) - t0)) s)"
        count "${ok:-0}" "${bad:-0}" "$t"
    done
}

e2e() { # $1: build folder; then the scripts
    build=$1
    shift
    for t in "$@"; do
        t0=$(date +%s)
        TPLAY_BUILD="$build" python3 "$t" >"$log" 2>&1
        rc=$?
        line=$(tail -n 1 "$log")
        ok=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        bad=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$ok" ] || [ $rc -ne 0 ]; then
            cat "$log"
            [ -z "$bad" ] || [ "$bad" = 0 ] && bad=1
        fi
        echo "   $(basename "$t"): ${ok:-0} passed, ${bad:-0} failed" \
            "($(($(date +%s) - t0)) s)"
        count "${ok:-0}" "${bad:-0}" "$t"
    done
}

# One pass: the unit tests and every end-to-end script on one build
# folder.  Its counts go to the file $2 ("passed failed").
pass() { # $1: build folder; $2: where its counts go
    log=$(mktemp)
    passed=0
    failed=0
    echo "== $1"
    start=$(date +%s)
    unit "$1"
    e2e "$1" tests/e2e/test_*.py
    echo "   (the $1 pass took $(($(date +%s) - start)) s)"
    echo "$passed $failed" >"$2"
    rm -f "$log"
}

# One pass alone (what the side-by-side passes below run): --pass BUILD
# COUNTS.
if [ "${1:-}" = --pass ]; then
    pass "$2" "$3"
    exit 0
fi

valgrind=""
builds=""
begin=$(date +%s)
while [ $# -gt 0 ]; do
    case "$1" in
        --valgrind)
            valgrind=${2:?"--valgrind needs a build folder"}
            shift 2
            continue
            ;;
    esac
    builds="$builds $1"
    shift
done
# The passes over the build folders run side by side: the tests mostly
# wait (sound is paced in real time, screens are polled), so two passes
# on two cores take little longer than one.  Each keeps its own output,
# shown whole, in order, once all are done.
work=$(mktemp -d)
n=0
for b in $builds; do
    n=$((n + 1))
    # A shell starts what it runs in the background with SIGINT and
    # SIGQUIT ignored, and a program keeps what it was given ignored
    # (tplay does, as a shell's user expects): each pass gets them back,
    # and not python's own SIGPIPE and SIGXFSZ either.
    python3 -c 'import os, signal, sys
for s in ("SIGINT", "SIGQUIT", "SIGPIPE", "SIGXFSZ"):
    signal.signal(getattr(signal, s), signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' sh "$0" --pass "$b" "$work/counts.$n" \
        >"$work/out.$n" 2>&1 &
done
wait
n=0
for b in $builds; do
    n=$((n + 1))
    cat "$work/out.$n"
    read -r p f <"$work/counts.$n" || { p=0; f=1; echo "FAILED: the $b pass"; }
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -rf "$work"
if [ -n "$valgrind" ]; then
    echo "== $valgrind under valgrind (tests/valgrind.supp)"
    start=$(date +%s)
    unit "$valgrind" valgrind
    scripts=""
    for s in $VALGRIND_E2E; do scripts="$scripts tests/e2e/$s.py"; done
    export TPLAY_VALGRIND=1
    # shellcheck disable=SC2086 # the list is split on purpose
    e2e "$valgrind" $scripts
    echo "   (the valgrind pass took $(($(date +%s) - start)) s)"
fi
echo "   (all the tests took $(($(date +%s) - begin)) s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
