// One seed, one run: 10,000 steps give bit-identical weights natively (g++, SSE), in the SIMD
// WebAssembly build and in the baseline WebAssembly build.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checksum, engines, trainNative } from './helpers.mjs';

const runs = {
  'playground defaults on circle': {
    network: { seed: 3 },
    data: { name: 'circle', seed: 3, noise: 0.1 },
  },
  'deep tanh on spiral (W1)': {
    network: { layers: [2, 8, 8, 8, 8, 8, 8, 1], activation: 'tanh', seed: 5 },
    data: { name: 'spiral', seed: 5 },
  },
  'relu, adam, L2 and every feature on xor': {
    network: {
      layers: [7, 16, 9, 1], activation: ['relu', 'leaky-relu'], output: 'sigmoid', loss: 'bce',
      optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.001, init: 'he', seed: 7,
    },
    data: { name: 'xor', seed: 7, noise: 0.2, features: ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'] },
  },
  'softmax cross-entropy with rmsprop and L1 on moons': {
    network: {
      layers: [3, 5, 2], activation: 'softplus', output: 'softmax', loss: 'softmax-ce', optimizer: 'rmsprop',
      learningRate: 0.003, regularization: 'l1', regularizationRate: 0.0005, init: 'glorot', batchSize: 7, seed: 11,
    },
    data: { name: 'moons', seed: 11, noise: 0.3, features: ['x', 'y', 'sinY'] },
  },
  'momentum on multigauss regression': {
    network: { layers: [2, 6, 6, 1], activation: 'sigmoid', output: 'linear', optimizer: 'momentum', seed: 13 },
    data: { name: 'multigauss', seed: 13, noise: 0.1 },
  },
};

const STEPS = 10_000;
const [simd, baseline] = await engines();

for (const [name, config] of Object.entries(runs)) {
  test(`bit-identical after ${STEPS} steps: ${name}`, () => {
    const native = trainNative(config, STEPS);
    assert.equal(native.step, STEPS, 'the native run did not diverge');
    for (const engine of [simd, baseline]) {
      const session = engine.createSession(config.network, engine.makeDataset(config.data));
      const metrics = session.step(STEPS);
      const weights = session.parameters().slice();
      session.delete();
      assert.equal(metrics.step, STEPS);
      assert.equal(checksum(weights), native.checksum, `${engine.variant} checksum`);
      assert.deepEqual(Array.from(weights), native.parameters, `${engine.variant} weights`);
      assert.equal(metrics.trainLoss, native.trainLoss, `${engine.variant} train loss`);
      assert.equal(metrics.testLoss, native.testLoss, `${engine.variant} test loss`);
    }
  });
}
