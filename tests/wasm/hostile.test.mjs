// Hostile calls on the JS API (issue 10, points 1-5), in both wasm builds: sizes that wrap
// wasm32's 32-bit size_t, buffers too large to allocate, getters and Proxies that throw, views
// kept after delete(), and calls that would block for seconds. Each is refused with a message
// (or made harmless) and the engine goes on working.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { engines, root } from './helpers.mjs';

const [simd, baseline] = await engines();

function throwsNaming(fn, ...parts) {
  let message = null;
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, `an Error, not ${typeof error}: ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" names ${part}`);
    message = error.message;
    return true;
  });
  return message;
}

/** Milliseconds that fn takes. */
function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const hidden = (count, width) => Array(count).fill(width);

for (const engine of [simd, baseline]) {
  const small = engine.makeDataset({ name: 'circle', seed: 1, count: 200 });

  test(`${engine.variant}: point 1, evaluateGrid past 2^32 floats is refused and corrupts nothing`, () => {
    const a = engine.createSession({ layers: [2, 1024, 1024, 1024, 1] }, small);
    const b = engine.createSession({ layers: [2, ...hidden(16, 256), 1] }, small);
    const c = engine.createSession({ layers: [2, 1024, 1024, 1] }, small);
    const before = c.parameters();
    a.delete();
    // 1024 x 1024 cells x 4099 neurons = 4,298,113,024 floats: wraps to 3,145,728 in 32 bits.
    throwsNaming(() => b.evaluateGrid(1024), 'evaluateGrid(1024)', '4099 neurons', '4298113024 floats', 'smaller n');
    assert.deepEqual(c.parameters(), before, "the third session's parameters are untouched");
    assert.equal(b.evaluateGrid(4).length, 4 * 4 * 4099, 'the session goes on');
    const next = engine.createSession({ seed: 3 }, small);
    next.step(1);
    assert.equal(next.metrics().step, 1, 'the next createSession works');
    for (const s of [b, c, next]) s.delete();
  });

  test(`${engine.variant}: NaN and Infinity in a config are refused by name and as given, not as null`, () => {
    throwsNaming(() => engine.createSession({ learningRate: NaN }, small), "'learningRate' must be a finite number (got NaN)");
    throwsNaming(() => engine.createSession({ layers: [2, Infinity, 1] }, small), 'element 1 must be a finite number (got Infinity)');
    const s = engine.createSession({}, small);
    throwsNaming(() => s.setHyperparameters({ regularizationRate: -Infinity }), "'regularizationRate' must be a finite number (got -Infinity)");
    s.step(1);
    assert.equal(s.metrics().step, 1, 'the session goes on');
    s.delete();
  });

  test(`${engine.variant}: point 2, a grid too large to allocate is refused before allocating`, () => {
    const s = engine.createSession({ layers: [2, 512, 512, 1] }, small);
    const heap = engine.heapInUse();
    throwsNaming(() => s.evaluateGrid(1024), 'evaluateGrid(1024)', '1027 neurons', '1076887552 floats', 'limit 67108864');
    assert.equal(engine.heapInUse(), heap, 'nothing was allocated');
    // Within the size limit but over the work budget (40,000 cells of a 264k-parameter network).
    throwsNaming(() => s.evaluateGrid(200), 'evaluateGrid(200)', 'multiply-adds', 'smaller n');
    assert.equal(s.evaluateGrid(10).length, 10 * 10 * 1027);
    s.delete();
  });

  test(`${engine.variant}: point 3, throwing getters and Proxies throw in JS, 10,000 times without a leak`, () => {
    const boom = () => {
      throw new Error('boom');
    };
    const featuresProxy = { ...small, features: new Proxy(small.features, { get: (t, k) => (k === '0' ? boom() : t[k]) }) };
    const widthGetter = Object.defineProperty({ ...small }, 'inputWidth', { get: boom });
    const rowsProxy = { ...small, trainInputs: new Proxy([0, 1, 2, 3], { get: (t, k) => (k === '2' ? boom() : t[k]) }) };
    const lengthGetter = { ...small, testTargets: new Proxy([], { get: (t, k) => (k === 'length' ? boom() : t[k]) }) };
    const cases = [
      [featuresProxy, 'data.features[0] cannot be read: boom'],
      [widthGetter, 'data.inputWidth cannot be read: boom'],
      [rowsProxy, 'data.trainInputs cannot be read: boom'],
      [lengthGetter, 'data.testTargets'],
      [{ ...small, inputWidth: 2 ** 32 + 2 }, 'data.inputWidth must be an integer from 1 to 1024 (got 4294967298)'],
      [{ ...small, features: ['x', 7] }, 'data.features[1] is not a feature name'],
      [{ ...small, targetForm: { toString: boom } }, 'data.targetForm must be a string'],
    ];
    for (const [data, message] of cases) throwsNaming(() => engine.createSession({}, data), message);
    const s = engine.createSession({}, small);
    const valuesProxy = new Proxy(Array(8).fill(0), { get: (t, k) => (k === '5' ? boom() : t[k]) });
    throwsNaming(() => s.setWeights(0, valuesProxy), 'setWeights(l, values): values cannot be read: boom');

    const heap = engine.heapInUse();
    for (let i = 0; i < 10_000; i++) {
      const [data] = cases[i % cases.length];
      assert.throws(() => engine.createSession({}, data));
      assert.throws(() => s.setWeights(0, valuesProxy));
    }
    assert.equal(engine.heapInUse(), heap, 'bytes in use after 20,000 refused calls');
    const next = engine.createSession({ seed: 5 }, small);
    assert.equal(next.step(3).step, 3, 'the next call works');
    next.delete();
    s.delete();
  });

  test(`${engine.variant}: point 4, a view kept after delete() cannot touch the next session`, () => {
    const a = engine.createSession({ seed: 7 }, small);
    const v = a.weights(0);
    const grid = a.evaluateGrid(8);
    a.delete();
    const b = engine.createSession({ seed: 8 }, small);
    const fresh = b.parameters();
    v.fill(42);
    grid.fill(42);
    assert.deepEqual(b.parameters(), fresh, "b's parameters are as created");
    assert.equal(v[0], 42, 'the old view is the caller’s own copy');
    throwsNaming(() => a.weights(0), 'this session was deleted');
    // The hot path: evaluateGrid fills an array the caller owns and keeps.
    const out = new Float32Array(8 * 8 * b.gridNeuronCount);
    assert.equal(b.evaluateGrid(8, out), out);
    assert.deepEqual(out, b.evaluateGrid(8));
    throwsNaming(() => b.evaluateGrid(8, new Float32Array(3)), 'out holds 3 floats', 'needs 576');
    throwsNaming(() => b.evaluateGrid(8, [0, 0]), 'out must be a Float32Array');
    b.delete();
  });

  test(`${engine.variant}: point 5, calls over the work budget are refused at once, with how to split them`, () => {
    const big = hidden(16, 1024);
    const huge = new Float32Array(2 ** 24);
    const refusals = [
      ['train(1) on [2,1024x16,1] batch 256', () => engine.createSession({ layers: [2, ...big, 1], batchSize: 256 }, small),
        ['one training step of batchSize 256', 'smaller batchSize']],
      ['metrics on 100k points with [2,1024,1024,1]',
        () => engine.createSession({ layers: [2, 1024, 1024, 1] }, engine.makeDataset({ name: 'circle', count: 100000 })),
        ['measuring 100000 examples', 'fewer examples']],
      // Copying the 256 MiB into plain Float32Arrays (index.mjs) is most of this one's time.
      ['four 2^24-float arrays', () => engine.createSession({ layers: [1024, 16, 1024], output: 'linear' },
        { trainInputs: huge, trainTargets: huge, testInputs: huge, testTargets: huge }), ['measuring 32768 examples'], 3000],
    ];
    for (const [what, call, parts, limit = 1000] of refusals) {
      const ms = timed(() => throwsNaming(call, ...parts, 'multiply-adds', 'about 1 s'));
      console.log(`${engine.variant}: ${what}: refused in ${ms.toFixed(0)} ms`);
      assert.ok(ms < limit, `${what}: refused in ${ms.toFixed(0)} ms`);
    }

    const s = engine.createSession({ seed: 1 }, small);
    const message = throwsNaming(() => s.train(1e7), 'train(10000000)', 'call it in parts of at most');
    throwsNaming(() => s.step(1e7), 'step(10000000)', 'call it in parts of at most');
    const parts = Number(/at most (\d+) steps/.exec(message)[1]);
    assert.ok(parts > 10_000, `${parts} steps fit`);
    s.train(1000); // warm up: V8 tiers the kernels up
    const ms = timed(() => s.train(parts));
    console.log(`${engine.variant}: train(${parts}) on [2,4,2,1] (the budget's largest) took ${ms.toFixed(0)} ms`);
    assert.equal(s.metrics().step, 1000 + parts);

    const rows = new Float32Array(2 * 20000), targets = new Float32Array(20000);
    const wide = engine.createSession({ layers: [2, 1024, 1024, 1] }, small);
    throwsNaming(() => wide.computeGradients(rows, targets), 'a call on 20000 examples', 'pass fewer rows per call');
    throwsNaming(() => wide.loss(rows, targets), 'a call on 20000 examples');
    assert.ok(Number.isFinite(wide.loss(rows.subarray(0, 200), targets.subarray(0, 100))), 'fewer rows go through');
    wide.delete();
    s.delete();
  });

  test(`${engine.variant}: point 5, the page's largest calls are within the budget`, () => {
    // The page's limits (web/src/state.ts): 7 features, 8 hidden layers of 16, 2,000 points,
    // 90% of them for training, speed 10 epochs a frame, batch size 1 to 30.
    const features = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'];
    const data = engine.makeDataset({ name: 'circle', seed: 2, count: 2000, trainRatio: 0.9, features });
    const layers = [7, ...hidden(8, 16), 1];
    for (const batchSize of [1, 30]) {
      const s = engine.createSession({ layers, batchSize }, data);
      s.step(100);
      const steps = 10 * Math.ceil(s.trainCount / batchSize);
      const frame = timed(() => s.step(steps));
      const grid = timed(() => s.evaluateGrid(100));
      console.log(`${engine.variant}: the page's largest frame at batch ${batchSize}, step(${steps}), ${frame.toFixed(0)} ms; evaluateGrid(100) ${grid.toFixed(0)} ms`);
      s.delete();
    }
  });
}

test('bp-train refuses a single step over the work budget at once (it took 76 s)', () => {
  const config = { network: { layers: [2, ...hidden(16, 900), 1], batchSize: 4096 }, data: { name: 'circle' }, steps: 1 };
  const started = performance.now();
  const run = spawnSync(`${root}build/native/bp-train`, ['-'], { input: JSON.stringify(config) });
  assert.equal(run.status, 2);
  assert.match(run.stderr.toString(), /one training step of batchSize 4096 would cost about \d+ million multiply-adds .*smaller batchSize/);
  assert.ok(performance.now() - started < 1000);
});
