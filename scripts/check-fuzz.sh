#!/bin/bash
# Builds the libFuzzer harnesses (tests/fuzz; clang, ASan + UBSan) in their
# own build folder and runs each for a bounded time, so a parser regression
# shows in CI. Exits non-zero if any harness finds something; the input that
# broke it is saved under <build>/artifacts/ and its log is printed.
#
#   scripts/check-fuzz.sh                          # CI: 30 s a harness
#   GFUND_FUZZ_SECONDS=1500 scripts/check-fuzz.sh  # the longer run (25 min a harness)
#
# GFUND_FUZZ_BUILD_DIR (default build-fuzz), GFUND_JOBS (default 2) and
# GFUND_FUZZ_ONLY (space-separated harness names) adjust the run. New inputs
# the fuzzer finds stay in <build>/corpus/<harness> for the next run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFUND_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${GFUND_FUZZ_SECONDS:-30}
jobs=${GFUND_JOBS:-2}
harnesses=${GFUND_FUZZ_ONLY:-"fuzz_values fuzz_book fuzz_ledger_import fuzz_model_file fuzz_plan_file fuzz_scenario_file"}

# clang, libFuzzer (libclang-rt) and clang's OpenMP: the normal build needs none of them.
"$root/scripts/install-deps.sh" clang libclang-rt-dev libomp-dev >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGFUND_FUZZ=ON -DGFUND_BUILD_TESTS=OFF -DGFUND_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_all
built=$SECONDS

# A UB report or a leak is a finding like a crash; the stack says where.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
mkdir -p "$build/artifacts" "$build/logs"
failed=()
for h in $harnesses; do
  mkdir -p "$build/corpus/$h"
  log="$build/logs/$h.log"
  echo "== $h: ${seconds}s"
  if "$build/tests/fuzz/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$h-" \
      "$build/corpus/$h" "$build/tests/fuzz/seeds/$h" "$root/tests/fuzz/seeds/$h" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "$log" || true
  else
    failed+=("$h")
    echo "-- $h FAILED; last lines of $log:"
    tail -n 40 "$log"
  fi
done
echo "check-fuzz: build $((built / 60))m$((built % 60))s, runs $(((SECONDS - built) / 60))m$(((SECONDS - built) % 60))s"
if ((${#failed[@]})); then
  echo "fuzz findings in: ${failed[*]} (inputs in $build/artifacts/)"
  exit 1
fi
echo "fuzz: all harnesses clean"
