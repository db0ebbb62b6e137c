#!/bin/sh
# Run every test (cmocka unit tests, then the end-to-end scripts) against
# each build folder given, and close with "N passed, M failed".
# Usage: tests/run.sh BUILD_DIR...
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

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

for build in "$@"; do
    echo "== $build"
    for t in "$build"/tests/test_*; do
        case "$t" in *.o|*.d) continue ;; esac
        "$t" >"$log" 2>&1
        rc=$?
        ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
        bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
        [ $rc -ne 0 ] && [ -z "$bad" ] && bad=1 && cat "$log"
        [ -n "$bad" ] && [ "$bad" != 0 ] && cat "$log"
        echo "   $(basename "$t"): ${ok:-0} passed, ${bad:-0} failed"
        count "${ok:-0}" "${bad:-0}" "$t"
    done
    for t in tests/e2e/test_*.py; do
        TPLAY_BUILD="$build" python3 "$t" >"$log" 2>&1
        rc=$?
        line=$(tail -n 1 "$log")
        ok=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        bad=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$ok" ] || [ $rc -ne 0 ]; then
            cat "$log"
            [ -z "$bad" ] || [ "$bad" = 0 ] && bad=1
        fi
        echo "   $(basename "$t"): ${ok:-0} passed, ${bad:-0} failed"
        count "${ok:-0}" "${bad:-0}" "$t"
    done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
