#!/usr/bin/env bash
# Everything `npm start` and `npm test` need, installed only where missing, then the build.
# Idempotent: on a machine that has it all, this is a few dpkg queries and a no-op build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages (see ../shared/toolchain.md for why each is here).
packages=(cmake ninja-build g++ emscripten binaryen wabt libxtensor-dev libxsimd-dev catch2
          nlohmann-json3-dev chromium fonts-dejavu-core clang libclang-rt-dev python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n)
    else echo "setup: need root to install: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages: reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian's emcc runs its JS tools with the machine's Node, which must find Debian's acorn.
export NODE_PATH=/usr/share/nodejs

# Native build: the engine, its tests and the command-line tool.
[ -f build/native/build.ninja ] || cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build/native -j2

# WebAssembly build of the same sources.
[ -f build/wasm/build.ninja ] || emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j2

# The libFuzzer targets of tests/fuzz (clang, ASan, UBSan), run by tests/fuzz/run.sh.
[ -f build/fuzz/build.ninja ] || cmake -S . -B build/fuzz -G Ninja -DBP_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j2

# The page: TypeScript bundled by Vite into dist/ beside dist/engine (CMake's, so only the
# page's hashed assets are cleared first).
rm -rf dist/assets
npx vite build --config web/vite.config.ts --logLevel warn
