#!/bin/bash
# Builds gfund with AddressSanitizer + UndefinedBehaviorSanitizer
# (GFUND_SANITIZE=ON) in its own build folder and runs the test suite under
# them. Any report fails the run (UBSan does not recover).
#
#   scripts/check-sanitize.sh                 # every test (the README's test command runs this)
#   GFUND_SANITIZE_OPT=-O3 scripts/check-sanitize.sh   # at the Release level (a longer build)
#   GFUND_SANITIZE_MODULES="models portfolio ledger fixtures" scripts/check-sanitize.sh
#                                             # the ledger's core and every parser a bank's file meets
#
# GFUND_SANITIZE_OPT (default -O1) replaces the Release optimisation flags:
# -O1 keeps the build short enough for CI and the sanitizers see the same
# faults at any level. GFUND_SANITIZE_MODULES builds gfund (the end-to-end
# tests run it) and only those test modules (tests/<module>), and runs only
# their tests. GFUND_SANITIZE_BUILD_DIR (default build-sanitize) and
# GFUND_JOBS (default 2) adjust the rest. The benchmarks are not built (they
# are timed in the normal build; nothing here would be a measurement).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFUND_SANITIZE_BUILD_DIR:-$root/build-sanitize}
jobs=${GFUND_JOBS:-2}
opt=${GFUND_SANITIZE_OPT:--O1}
modules=${GFUND_SANITIZE_MODULES:-}

# Without MPI (-DGFUND_WITH_MPI=OFF): this build is also the proof that gfund
# builds and passes every other test where Open MPI is not installed; the
# plain build runs the mpirun jobs (tests/mpi), which LeakSanitizer would
# fault for Open MPI's own start-up allocations.
config=(-DGFUND_SANITIZE=ON -DGFUND_BUILD_BENCH=OFF -DGFUND_WITH_MPI=OFF -DCMAKE_CXX_FLAGS_RELEASE="$opt -DNDEBUG")
command -v ccache >/dev/null && config+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja "${config[@]}" >/dev/null
targets=()
ctest_filter=()
if [[ -n $modules ]]; then
  targets=(--target gfund)
  for m in $modules; do targets+=("test_$m"); done
  ctest_filter=(-L "^($(tr ' ' '|' <<<"$modules"))\$")
fi
cmake --build "$build" -j"$jobs" "${targets[@]}"
built=$SECONDS

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Every test but one: Installed.BinaryHoldsNoSourcePath checks that a shipped
# (plain) binary holds no build path, and an instrumented one always does:
# GCC 12 writes the sanitizers' source locations (UBSan's checks, ASan's
# globals) with the full header path, which -ffile-prefix-map does not remap.
# The plain suite of the same test command runs it on the binary users get.
status=0
ctest --test-dir "$build" -j"$jobs" --output-on-failure -E '^Installed\.BinaryHoldsNoSourcePath$' "${ctest_filter[@]}" ||
  status=$?
echo "check-sanitize: build $((built / 60))m$((built % 60))s, tests $(((SECONDS - built) / 60))m$(((SECONDS - built) % 60))s"
exit $status
