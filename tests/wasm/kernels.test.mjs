// The kernel tests (tests/core/test_kernels.cpp: each SIMD kernel and vector function equals
// its _naive twin bit for bit) compiled to WebAssembly, run in both builds under Node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { root } from './helpers.mjs';

for (const variant of ['simd', 'baseline']) {
  test(`${variant} build: every kernel equals its _naive twin`, () => {
    // --no-experimental-fetch: Emscripten 3.1.6's Node loader would fetch() a file path.
    const run = spawnSync(process.execPath, ['--no-experimental-fetch', `${root}build/wasm/kernel_tests_${variant}.cjs`, '--use-colour', 'no'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    assert.equal(run.status, 0, run.stdout.slice(-3000) + run.stderr.slice(-3000));
    assert.match(run.stdout, /All tests passed \(\d+ assertions in [1-9]\d* test cases\)/);
  });
}
