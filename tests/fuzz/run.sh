#!/usr/bin/env bash
# The fuzz targets of tests/fuzz, run on their checked-in corpus:
#   1. each libFuzzer target (ASan, UBSan) for SECONDS, starting from corpus/TARGET;
#   2. the same corpus through the same targets compiled to wasm32 and run under Node, where
#      size_t is 32 bits (a size computed in it wraps where the native one does not).
# npm test runs it with the default 10 s per target; npm run fuzz with 120 s.
#   tests/fuzz/run.sh [SECONDS]
# Each run starts from the checked-in corpus (only read); new inputs go to a fresh
# build/fuzz/found-TARGET (to keep the useful ones: fuzz_TARGET -merge=1 tests/fuzz/corpus/TARGET
# build/fuzz/found-TARGET). A crash leaves its input in build/fuzz/crash-*: add it to
# corpus/TARGET with the fix.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
export NODE_PATH=/usr/share/nodejs

[ -f build/fuzz/build.ninja ] || cmake -S . -B build/fuzz -G Ninja -DBP_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j2 | grep -v "^ninja: no work to do" || true

passed=0 failed=0
for target in config rows setters; do
  found=build/fuzz/found-$target
  rm -rf "$found" && mkdir -p "$found"
  log=build/fuzz/$target.log
  if build/fuzz/fuzz_$target -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=4096 \
       -artifact_prefix=build/fuzz/ -print_final_stats=1 "$found" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    echo "fuzz $target: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s"
    passed=$((passed + 1))
  else
    echo "fuzz $target: FAILED (log $log)"; tail -n 40 "$log"
    failed=$((failed + 1))
  fi
  # --no-experimental-fetch: Emscripten 3.1.6's Node loader would fetch() a file path.
  if node --no-experimental-fetch build/wasm/fuzz_corpus.cjs "$target" "tests/fuzz/corpus/$target" >build/fuzz/$target-wasm32.log 2>&1; then
    echo "fuzz $target wasm32: $(tail -n 1 build/fuzz/$target-wasm32.log)"
    passed=$((passed + 1))
  else
    echo "fuzz $target wasm32: FAILED (log build/fuzz/$target-wasm32.log)"; tail -n 4 build/fuzz/$target-wasm32.log
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
