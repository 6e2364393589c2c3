// Loading, build selection, memory: leaks across create/delete and views (copies) across memory growth.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { engines, loadEngine, simdSupported } from './helpers.mjs';

test('loadEngine picks the SIMD build where SIMD works and caches the module', async () => {
  assert.equal(simdSupported(), true, 'Node 20 runs WebAssembly SIMD');
  const engine = await loadEngine();
  assert.equal(engine.simd, true);
  assert.equal(engine.variant, 'simd');
  assert.equal(await loadEngine(), engine, 'one module per page');
  const baseline = await loadEngine({ simd: false });
  assert.equal(baseline.simd, false);
  assert.notEqual(baseline, engine);
});

for (const engine of await engines()) {
  test(`${engine.variant}: 10,000 create/delete cycles leave the heap flat`, () => {
    const data = engine.makeDataset({ name: 'xor', seed: 4 });
    const config = { layers: [2, 8, 8, 1], optimizer: 'adam', seed: 4 };
    const cycle = () => {
      const s = engine.createSession(config, data);
      s.step(2);
      s.evaluateGrid(8);
      s.delete();
    };
    for (let i = 0; i < 100; i++) cycle(); // warm up: the allocator's first carve-ups
    const heap = engine.heapInUse();
    const memory = engine.memorySize();
    for (let i = 0; i < 10_000; i++) cycle();
    assert.equal(engine.heapInUse(), heap, 'bytes in use after 10,000 cycles');
    assert.equal(engine.memorySize(), memory, 'wasm memory did not grow');
  });

  test(`${engine.variant}: views are copies: they keep their numbers through steps and memory growth`, () => {
    // Issue 10 point 4: a Float32Array over the wasm heap outlived its session and wrote into
    // the next one; the API now hands out copies (wasm/README.md, "Views and memory").
    const s = engine.createSession({ seed: 9 }, engine.makeDataset({ name: 'gauss', seed: 9 }));
    const w = s.weights(0);
    const before = w[0];
    s.step(50);
    assert.equal(w[0], before, 'a view is a copy of the moment it was taken');
    assert.notEqual(s.weights(0)[0], before, 'a view taken again shows the later step');
    const saved = s.weights(0).slice();

    // A large session grows the wasm memory: a copy is not detached.
    const memory = engine.memorySize();
    const big = engine.createSession({ layers: [2, 1024, 1024, 1024, 1], batchSize: 128 },
      engine.makeDataset({ name: 'gauss', count: 200 })); // within the work budget (512 rows or 500 points are not)
    assert.ok(engine.memorySize() > memory, 'memory grew');
    assert.equal(w.length, 8, 'the old copy keeps its length');
    assert.deepEqual(s.weights(0), saved, 'a view taken again shows the same weights');
    big.delete();
    s.step(1);
    assert.equal(s.metrics().step, 51);
    s.delete();
  });

  test(`${engine.variant}: forward, backward and update step through one example`, () => {
    const s = engine.createSession({ layers: [2, 3, 1], seed: 5 }, engine.makeDataset({ name: 'circle' }));
    s.forward([1, -2]);
    assert.equal(s.rows, 1);
    assert.deepEqual(Array.from(s.inputs()), [1, -2]);
    const out = s.activations(1)[0];
    const loss = s.backward([1]);
    assert.ok(Math.abs(loss - 0.5 * (out - 1) ** 2) < 1e-7);
    assert.deepEqual(s.deltas(1), s.biasGradients(1), 'for one example ∂L/∂b = δ');
    const w = s.weights(1).slice(), g = s.weightGradients(1).slice();
    s.update();
    const lr = Math.fround(s.config.learningRate); // the engine computes in float32
    s.weights(1).forEach((v, i) => assert.equal(v, Math.fround(w[i] - Math.fround(lr * g[i]))));
    assert.equal(s.metrics().step, 1);
    s.delete();
  });

  test(`${engine.variant}: evaluateGrid lays out (neuron, row, col) over [-6, 6]²`, () => {
    const s = engine.createSession({ layers: [3, 2, 1] }, engine.makeDataset({ features: ['x', 'y', 'xTimesY'] }));
    const n = 3;
    const grid = s.evaluateGrid(n);
    assert.equal(s.gridNeuronCount, 6);
    assert.equal(grid.length, 6 * n * n);
    // neuron 0 is x: columns -6, 0, 6; neuron 1 is y: rows 6, 0, -6.
    assert.deepEqual(Array.from(grid.subarray(0, 9)), [-6, 0, 6, -6, 0, 6, -6, 0, 6]);
    assert.deepEqual(Array.from(grid.subarray(9, 18)), [6, 6, 6, 0, 0, 0, -6, -6, -6]);
    const bottomRight = grid[5 * 9 + 8];
    s.forward([6, -6, -36]);
    // The grid's tanh is to display accuracy (core/math.hpp tanh_display, within 2e-6).
    assert.ok(Math.abs(bottomRight - s.activations(1)[0]) <= 1e-5, `the output at the bottom-right cell (${bottomRight} against ${s.activations(1)[0]})`);
    s.delete();
  });

  test(`${engine.variant}: evaluateGrids gives the output's grid and every neuron's sample of it from one pass, bit for bit`, () => {
    const s = engine.createSession({ layers: [3, 5, 3, 1], seed: 4 }, engine.makeDataset({ name: 'xor', seed: 4, features: ['x', 'y', 'sinY'] }));
    s.train(60);
    const [n, every, m] = [13, 4, 4]; // rows and columns 0, 4, 8, 12
    const count = s.gridNeuronCount;
    const full = s.evaluateGrid(n);
    const { grid, sample } = s.evaluateGrids(n, count - 1, every);
    assert.equal(grid.length, n * n);
    assert.equal(sample.length, count * m * m);
    assert.deepEqual(new Uint32Array(grid.buffer), new Uint32Array(full.buffer, (count - 1) * n * n * 4, n * n), 'the output, as evaluateGrid');
    const bits = new Uint32Array(full.buffer);
    const sampled = new Uint32Array(sample.buffer);
    for (let k = 0; k < count; k++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) assert.equal(sampled[(k * m + i) * m + j], bits[(k * n + i * every) * n + j * every], `neuron ${k}, cell ${i}, ${j}`);
      }
    }
    const small = s.evaluateGrid(m);
    for (let i = 0; i < small.length; i++) assert.ok(Math.abs(small[i] - sample[i]) <= 1e-5, 'the same points as an m×m grid');
    const [out, sampleOut] = [new Float32Array(n * n), new Float32Array(count * m * m)];
    const filled = s.evaluateGrids(n, count - 1, every, out, sampleOut);
    assert.equal(filled.grid, out);
    assert.equal(filled.sample, sampleOut);
    assert.deepEqual(Array.from(sampleOut), Array.from(sample));
    assert.throws(() => s.evaluateGrids(n, count - 1, 5), /n - 1 must be a multiple of every \(got n 13, every 5\)/);
    assert.throws(() => s.evaluateGrids(n, count - 1, 0), /every/);
    assert.throws(() => s.evaluateGrids(n, count - 1, every, null, new Float32Array(3)), /sampleOut holds 3 floats/);
    assert.equal(s.evaluateGrid(n).length, count * n * n, 'the session goes on');
    s.delete();
  });

  test(`${engine.variant}: evaluateGrid(n, out, first) gives the neurons from first on, bit for bit`, () => {
    const s = engine.createSession({ layers: [2, 6, 4, 1], seed: 3 }, engine.makeDataset({ name: 'circle', seed: 3 }));
    s.train(100);
    const n = 9;
    const full = s.evaluateGrid(n);
    const output = s.evaluateGrid(n, null, s.gridNeuronCount - 1);
    assert.equal(output.length, n * n, 'the output unit alone');
    assert.deepEqual(new Uint32Array(output.buffer), new Uint32Array(full.buffer, (s.gridNeuronCount - 1) * n * n * 4, n * n));
    const kept = new Float32Array(5 * n * n).fill(-1);
    assert.equal(s.evaluateGrid(n, kept, s.gridNeuronCount - 5), kept, 'out is filled and returned');
    assert.deepEqual(Array.from(kept), Array.from(full.subarray((s.gridNeuronCount - 5) * n * n)));
    assert.throws(() => s.evaluateGrid(n, null, s.gridNeuronCount), /first must be a neuron from 0 to 12 \(got 13\)/);
    assert.throws(() => s.evaluateGrid(n, null, -1), /first/);
    assert.throws(() => s.evaluateGrid(n, null, 1.5), /first/);
    assert.equal(s.evaluateGrid(n).length, 13 * n * n, 'the session goes on');
    s.delete();
  });
}

for (const engine of await engines()) {
  test(`${engine.variant}: train(n) trains like step(n) without measuring`, () => {
    const data = engine.makeDataset({ name: 'xor', seed: 6 });
    const a = engine.createSession({ seed: 6 }, data);
    const b = engine.createSession({ seed: 6 }, data);
    a.train(300);
    b.step(300);
    assert.deepEqual(a.parameters(), b.parameters());
    assert.deepEqual(a.metrics(), b.metrics());
    assert.throws(() => a.train(-1), /train\(n\)/);
    a.delete();
    b.delete();
  });
}

for (const engine of await engines()) {
  test(`${engine.variant}: setHyperparameters changes the learning rate mid-run, not the network`, () => {
    const data = engine.makeDataset({ name: 'circle', seed: 8 });
    const a = engine.createSession({ seed: 8 }, data);
    const b = engine.createSession({ seed: 8 }, data);
    a.step(100);
    b.step(100);
    a.setHyperparameters({ learningRate: 0.3, regularization: 'l2', regularizationRate: 0.01 });
    assert.equal(a.config.learningRate, 0.3);
    assert.ok(a.metrics().regularizationLoss > 0, 'the penalty is measured at once');
    assert.deepEqual(a.parameters(), b.parameters(), 'no weight changed');
    a.step(1);
    b.step(1);
    assert.notDeepEqual(a.parameters(), b.parameters());
    assert.throws(() => a.setHyperparameters({ batchSize: 3 }), /batchSize cannot change/);
    assert.throws(() => a.setHyperparameters({ learningRate: -1 }), /learningRate/);
    assert.equal(a.config.learningRate, 0.3, 'a refused change changes nothing');
    a.delete();
    b.delete();
  });
}

for (const engine of await engines()) {
  test(`${engine.variant}: many classes: a 3-arm spiral and 4 blobs, labels 0 .. K - 1, one output per class`, () => {
    const spiral = engine.makeDataset({ name: 'spiral', classes: 3, seed: 2 });
    assert.equal(spiral.classes, 3);
    assert.deepEqual([...new Set(spiral.trainTargets)].sort(), [0, 1, 2]);
    assert.equal(engine.makeDataset({ name: 'circle' }).classes, 2);
    const config = { layers: [2, 12, 12, 3], output: 'softmax', loss: 'softmax-ce', optimizer: 'adam', learningRate: 0.01, init: 'glorot', seed: 2 };
    const s = engine.createSession(config, spiral);
    s.step(1);
    // Each target row of the batch is one-hot.
    const t = s.targets();
    for (let r = 0; r < t.length / 3; r++) assert.equal(t[3 * r] + t[3 * r + 1] + t[3 * r + 2], 1);
    s.delete();
    const blobs = engine.makeDataset({ name: 'blobs', classes: 4, seed: 2 });
    assert.throws(() => engine.createSession(config, blobs), /the data has 4 classes: layers must end with 4 outputs/);
    const b = engine.createSession({ ...config, layers: [2, 8, 4] }, blobs);
    const m = b.step(500);
    assert.ok(m.trainAccuracy > 0.95, `blobs train accuracy ${m.trainAccuracy}`);
    b.delete();
    assert.throws(() => engine.makeDataset({ name: 'moons', classes: 3 }), /classes is 2 for the moons data set/);
    assert.throws(() => engine.createSession(config, { ...spiral, classes: 11 }), /data\.classes must be an integer from 2 to 10/);
    const relabelled = { ...spiral, trainTargets: spiral.trainTargets.map((v, i) => (i === 5 ? 7 : v)) };
    assert.throws(() => engine.createSession(config, relabelled), /training example 5 has label 7, not a class from 0 to 2/);
  });
}

for (const engine of await engines()) {
  test(`${engine.variant}: confusion counts equal a count of predict()'s argmax; predict leaves the views alone`, () => {
    const blobs = engine.makeDataset({ name: 'blobs', classes: 4, seed: 3, noise: 0.3 });
    const s = engine.createSession({ layers: [2, 6, 4], output: 'softmax', loss: 'softmax-ce', seed: 3 }, blobs);
    s.step(60);
    const m = s.metrics();
    const confusion = s.confusion();
    assert.equal(confusion.length, 2 * 4 * 4);
    for (const [part, inputs, labels, accuracy] of [[0, blobs.trainInputs, blobs.trainTargets, m.trainAccuracy], [1, blobs.testInputs, blobs.testTargets, m.testAccuracy]]) {
      const before = s.deltas(0);
      const out = s.predict(inputs);
      assert.deepEqual(s.deltas(0), before);
      const expected = new Array(16).fill(0);
      let correct = 0;
      labels.forEach((label, r) => {
        const row = Array.from(out.slice(4 * r, 4 * r + 4));
        const predicted = row.indexOf(Math.max(...row));
        expected[label * 4 + predicted]++;
        correct += predicted === label ? 1 : 0;
      });
      assert.deepEqual(Array.from(confusion.slice(part * 16, part * 16 + 16)), expected);
      assert.ok(Math.abs(correct / labels.length - accuracy) < 1e-12);
    }
    assert.throws(() => s.predict([1, 2, 3]), /inputs must hold whole rows of 2/);
    s.delete();
    const r = engine.createSession({ layers: [2, 1], output: 'linear' }, engine.makeDataset({ name: 'plane' }));
    assert.equal(r.confusion().length, 0);
    r.delete();
  });
}
