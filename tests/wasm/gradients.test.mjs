// computeGradients against central finite differences of an independent double-precision
// network written here in JS (no engine code), for each build and several heads.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { engines } from './helpers.mjs';

const f = {
  linear: (z) => z,
  relu: (z) => (z > 0 ? z : 0),
  'leaky-relu': (z) => (z > 0 ? z : 0.01 * z),
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  softplus: (z) => Math.log1p(Math.exp(z)),
};

// Mean loss of a network given as its flat parameters [W0 b0 W1 b1 ...], W (out, in).
function meanLoss(config, theta, inputs, targets) {
  const { layers, activation, output, loss } = config;
  const count = inputs.length / layers[0];
  let total = 0;
  for (let r = 0; r < count; r++) {
    let a = Array.from(inputs.slice(r * layers[0], (r + 1) * layers[0]));
    let offset = 0;
    for (let l = 1; l < layers.length; l++) {
      const [n, m] = [layers[l - 1], layers[l]];
      const z = [];
      for (let o = 0; o < m; o++) {
        let sum = theta[offset + m * n + o];
        for (let i = 0; i < n; i++) sum += theta[offset + o * n + i] * a[i];
        z.push(sum);
      }
      offset += m * (n + 1);
      const fn = l < layers.length - 1 ? activation : output;
      if (fn === 'softmax') {
        const max = Math.max(...z);
        const e = z.map((v) => Math.exp(v - max));
        const s = e.reduce((x, y) => x + y, 0);
        a = e.map((v) => v / s);
      } else {
        a = z.map(f[fn]);
      }
    }
    const t = targets.slice(r * a.length, (r + 1) * a.length);
    for (let k = 0; k < a.length; k++) {
      if (loss === 'mse') total += 0.5 * (a[k] - t[k]) ** 2;
      else if (loss === 'bce') total -= t[k] * Math.log(a[k]) + (1 - t[k]) * Math.log(1 - a[k]);
      else total -= t[k] * Math.log(a[k]);
    }
  }
  return total / count;
}

function finiteDifferences(config, theta, inputs, targets) {
  const h = 1e-6;
  const p = Float64Array.from(theta);
  return Array.from(p, (saved, i) => {
    p[i] = saved + h;
    const up = meanLoss(config, p, inputs, targets);
    p[i] = saved - h;
    const down = meanLoss(config, p, inputs, targets);
    p[i] = saved;
    return (up - down) / (2 * h);
  });
}

const heads = [
  { layers: [2, 5, 4, 1], activation: 'tanh', output: 'tanh', loss: 'mse' },
  { layers: [3, 6, 1], activation: 'relu', output: 'sigmoid', loss: 'bce' },
  { layers: [2, 4, 4, 3], activation: 'softplus', output: 'softmax', loss: 'softmax-ce' },
  { layers: [2, 3, 2], activation: 'sigmoid', output: 'softmax', loss: 'mse' },
];

/** `count` targets in the form the head's loss needs: one-hot, 0/1 for BCE, values in (-1, 1). */
function targetsFor(head, count) {
  const outputs = head.layers.at(-1);
  const targets = new Float32Array(count * outputs);
  for (let r = 0; r < count; r++) {
    if (outputs > 1) targets[r * outputs + (r % outputs)] = 1;
    else targets[r] = head.loss === 'bce' ? r % 2 : Math.cos(r) * 0.8;
  }
  return targets;
}

for (const engine of await engines()) {
  for (const head of heads) {
    test(`${engine.variant}: computeGradients equals finite differences (${head.activation}, ${head.loss} on ${head.output})`, () => {
      const config = { ...head, init: 'glorot', seed: 17 };
      const inputWidth = head.layers[0];
      const count = 6;
      const inputs = Float32Array.from({ length: count * inputWidth }, (_, i) => Math.sin(1.7 * i + 0.3) * 1.5);
      const targets = targetsFor(head, count);
      const s = engine.createSession(config, { trainInputs: inputs, trainTargets: targets });
      const loss = s.computeGradients(inputs, targets);
      const theta = s.parameters().slice();
      const gradients = s.gradients().slice();
      s.delete();
      assert.ok(Math.abs(loss - meanLoss(config, theta, inputs, targets)) < 1e-5 * Math.max(1, loss));
      const expected = finiteDifferences(config, theta, inputs, targets);
      const scale = Math.max(...expected.map(Math.abs));
      // float32 engine vs exact math: see tests/core/test_gradients.cpp for this tolerance.
      expected.forEach((g, i) => {
        assert.ok(Math.abs(gradients[i] - g) <= 1e-4 * Math.abs(g) + 1e-5 * scale,
          `parameter ${i}: backprop ${gradients[i]}, finite differences ${g}`);
      });
    });
  }
}

for (const engine of await engines()) {
  test(`${engine.variant}: numericalGradient (double) agrees with backprop; loss leaves the views alone`, () => {
    const s = engine.createSession({ layers: [2, 4, 3, 1], seed: 21 }, engine.makeDataset({ name: 'xor', seed: 21 }));
    s.step(300);
    const inputs = [1, -2, 3, 0.5], targets = [-1, 1];
    s.computeGradients(inputs, targets);
    const gradients = s.gradients().slice();
    let worst = 0;
    gradients.forEach((g, i) => {
      const fd = s.numericalGradient(i, inputs, targets);
      worst = Math.max(worst, Math.abs(g - fd) / Math.max(Math.abs(fd), 1e-3));
    });
    assert.ok(worst < 1e-4, `worst relative difference ${worst}`);
    const before = s.deltas(2).slice();
    assert.ok(Math.abs(s.loss(inputs, targets) - s.computeGradients(inputs, targets)) < 1e-7);
    s.loss([0, 0], [1]);
    assert.deepEqual(s.deltas(2), before);
    assert.throws(() => s.numericalGradient(gradients.length, inputs, targets), /parameter index/);
    assert.throws(() => s.loss([1], [1]), /inputs must hold whole rows/);
    s.forward([1, 1]);
    s.backward([1]);
    assert.equal(s.derivatives(0).length, 4);
    assert.equal(s.outputGradient()[0], Math.fround(s.activations(2)[0] - 1)); // a - t in float32
    s.delete();
  });
}

// Each example's own loss (meanLoss of one row), differentiated in its inputs instead of the weights.
function inputDifferences(config, theta, inputs, targets) {
  const h = 1e-6, width = config.layers[0], outputs = config.layers.at(-1);
  const x = Float64Array.from(inputs);
  return Array.from(x, (saved, i) => {
    const r = Math.floor(i / width);
    const row = () => x.slice(r * width, (r + 1) * width);
    const t = targets.slice(r * outputs, (r + 1) * outputs);
    x[i] = saved + h;
    const up = meanLoss(config, theta, row(), t);
    x[i] = saved - h;
    const down = meanLoss(config, theta, row(), t);
    x[i] = saved;
    return (up - down) / (2 * h);
  });
}

function assertClose(engine, expected, what) {
  assert.equal(engine.length, expected.length, `${what}: length`);
  const scale = Math.max(...expected.map(Math.abs));
  assert.ok(scale > 0, `${what}: all zero`);
  expected.forEach((g, i) => {
    assert.ok(Math.abs(engine[i] - g) <= 1e-4 * Math.abs(g) + 1e-5 * scale, `${what} ${i}: backprop ${engine[i]}, finite differences ${g}`);
  });
}

for (const engine of await engines()) {
  for (const head of heads) {
    test(`${engine.variant}: inputGradients equals finite differences in the inputs (${head.activation}, ${head.loss} on ${head.output})`, () => {
      const config = { ...head, init: 'glorot', seed: 23 };
      const width = head.layers[0], outputs = head.layers.at(-1);
      const count = 70; // more than one of the engine's chunks of 64 rows
      const inputs = Float32Array.from({ length: count * width }, (_, i) => Math.sin(2.3 * i + 0.1) * 1.5);
      const targets = targetsFor(head, count);
      const s = engine.createSession(config, { trainInputs: inputs, trainTargets: targets });
      s.step(2);
      const theta = s.parameters();
      const gradientsBefore = s.gradients();
      const g = s.inputGradients(inputs, targets);
      assert.deepEqual(s.gradients(), gradientsBefore, 'the gradient views are left alone');
      // The step-through's view after backward() is the same row.
      s.forward(inputs.slice(0, width));
      s.backward(targets.slice(0, outputs));
      assert.deepEqual(s.inputGradient(), g.slice(0, width));
      s.step(1);
      assert.equal(s.inputGradient().length, 0, 'empty after a training step');
      s.delete();
      assertClose(g, inputDifferences(config, theta, inputs, targets), 'input');
    });
  }

  test(`${engine.variant}: pointGradients is ∂L/∂(x, y) through every feature, by finite differences`, () => {
    const features = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'];
    const featurize = (x, y) => [x, y, x * x, y * y, x * y, Math.sin(x), Math.sin(y)];
    const config = { layers: [7, 5, 3, 1], activation: 'tanh', output: 'tanh', loss: 'mse', seed: 5 };
    const s = engine.createSession(config, engine.makeDataset({ name: 'circle', seed: 5, features }));
    s.step(40);
    const theta = s.parameters();
    const points = Float32Array.from({ length: 2 * 40 }, (_, i) => Math.sin(3.1 * i) * 5);
    const targets = Float32Array.from({ length: 40 }, (_, r) => (r % 2 ? 1 : -1));
    const g = s.pointGradients(points, targets);
    const h = 1e-6;
    const expected = [];
    for (let r = 0; r < 40; r++) {
      const [x, y] = [points[2 * r], points[2 * r + 1]];
      const loss = (px, py) => meanLoss(config, theta, featurize(px, py), [targets[r]]);
      expected.push((loss(x + h, y) - loss(x - h, y)) / (2 * h), (loss(x, y + h) - loss(x, y - h)) / (2 * h));
    }
    assertClose(g, expected, 'point');
    assert.throws(() => s.pointGradients([1, 2, 3], [1]), /whole \(x, y\) pairs/);
    assert.throws(() => s.pointGradients([1, 2], [1, 1]), /targets must hold 1 rows/);
    assert.throws(() => s.pointGradients([1, NaN], [1]), /points/);
    assert.throws(() => s.inputGradients([1, 2, 3], [1]), /inputs must hold whole rows of 7/);
    s.delete();
    const rows = engine.createSession({ layers: [2, 2, 1] }, { trainInputs: [0, 1, 1, 0], trainTargets: [1, -1] });
    assert.throws(() => rows.pointGradients([0, 0], [1]), /\(x, y\) features/);
    rows.delete();
  });
}
