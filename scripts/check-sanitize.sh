#!/bin/bash
# Builds gfund with AddressSanitizer + UndefinedBehaviorSanitizer
# (GFUND_SANITIZE=ON) in its own build folder and runs the whole test suite
# under them. Any report fails the run (UBSan does not recover).
#
#   scripts/check-sanitize.sh
#
# GFUND_SANITIZE_BUILD_DIR (default build-sanitize), GFUND_JOBS (default 2)
# and GFUND_SANITIZE_TESTS (a ctest -R pattern; default every test) adjust it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFUND_SANITIZE_BUILD_DIR:-$root/build-sanitize}
jobs=${GFUND_JOBS:-2}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DGFUND_SANITIZE=ON -DGFUND_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
built=$SECONDS

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
status=0
ctest --test-dir "$build" -j"$jobs" --output-on-failure ${GFUND_SANITIZE_TESTS:+-R "$GFUND_SANITIZE_TESTS"} || status=$?
echo "check-sanitize: build $((built / 60))m$((built % 60))s, tests $(((SECONDS - built) / 60))m$(((SECONDS - built) % 60))s"
exit $status
