// Bad input reaches JS as an Error whose message names the field; the engine keeps working.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { engines } from './helpers.mjs';

const [simd, baseline] = await engines();

function throwsNaming(fn, ...parts) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, `an Error, not ${typeof error}: ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" names ${part}`);
    return true;
  });
}

for (const engine of [simd, baseline]) {
  const data = engine.makeDataset({ name: 'circle', seed: 1 });

  test(`${engine.variant}: bad network configs throw naming the field`, () => {
    throwsNaming(() => engine.createSession({ learningRate: -1 }, data), 'learningRate', '> 0');
    throwsNaming(() => engine.createSession({ learningRate: NaN }, data), 'learningRate', 'got NaN'); // as given: JSON would have carried it as null
    throwsNaming(() => engine.createSession({ learningRate: Infinity }, data), 'learningRate');
    throwsNaming(() => engine.createSession({ batchSize: 0 }, data), 'batchSize', '1 to 4096');
    throwsNaming(() => engine.createSession({ layers: [2, 0, 1] }, data), 'layers[1]', '1 to 1024');
    throwsNaming(() => engine.createSession({ layers: [2, 2000, 1] }, data), 'layers[1]');
    throwsNaming(() => engine.createSession({ layers: [3, 4, 1] }, data), 'layers[0]', 'x, y');
    throwsNaming(() => engine.createSession({ activation: 'relux' }, data), 'activation', 'leaky-relu');
    throwsNaming(() => engine.createSession({ loss: 'bce' }, data), "loss 'bce'", 'sigmoid');
    throwsNaming(() => engine.createSession({ learningrate: 0.1 }, data), "unknown field 'learningrate'");
    throwsNaming(() => engine.createSession('layers', data), 'the network config must be an object');
    const circular = {};
    circular.self = circular;
    throwsNaming(() => engine.createSession(circular, data), 'the network config cannot be read as JSON');
  });

  test(`${engine.variant}: bad data throws naming the field`, () => {
    throwsNaming(() => engine.makeDataset({ name: 'spirals' }), 'name', 'spiral');
    throwsNaming(() => engine.makeDataset({ noise: 0.9 }), 'noise', '0 to 0.5');
    throwsNaming(() => engine.makeDataset({ features: ['x', 'x'] }), 'features', "'x' twice");
    throwsNaming(() => engine.makeDataset({ name: 'custom', points: [[0, 0, 1], [1, 'a', 0]] }), 'points[1].y');
    throwsNaming(() => engine.makeDataset({ name: 'custom', points: [[0, 0, 1], [1, 1, 2]] }), 'points[1].label');
    throwsNaming(() => engine.createSession({}, null), 'data');
    throwsNaming(() => engine.createSession({}, { trainInputs: 'abc', trainTargets: [1] }), 'data.trainInputs');
    throwsNaming(() => engine.createSession({}, { trainInputs: [0, NaN], trainTargets: [1] }), 'trainInputs[1]');
    throwsNaming(() => engine.createSession({}, { trainInputs: [0, 1, 2], trainTargets: [1] }), 'trainInputs', 'multiple');
    throwsNaming(() => engine.createSession({}, { trainInputs: [0, 1], trainTargets: [1, 2] }), 'trainTargets');
    throwsNaming(() => engine.createSession({}, { trainInputs: [], trainTargets: [] }), 'no example');
  });

  test(`${engine.variant}: bad calls on a session throw, and the session goes on`, () => {
    const s = engine.createSession({ seed: 2 }, data);
    throwsNaming(() => s.weights(3), 'layer index', '0 to 2');
    throwsNaming(() => s.weights(-1), 'layer index');
    throwsNaming(() => s.weights(0.5), 'layer index');
    throwsNaming(() => s.setWeights(0, new Float32Array(3)), 'weights of layer 0', '8 values');
    throwsNaming(() => s.setWeights(0, [1, 2, 3, 4, 5, 6, 7, NaN]), 'weights[7]');
    throwsNaming(() => s.setBiases(1, [1]), 'biases of layer 1');
    throwsNaming(() => s.step(-1), 'step(n)');
    throwsNaming(() => s.step(1.5), 'step(n)');
    throwsNaming(() => s.forward([1]), 'input must hold 2 values');
    throwsNaming(() => s.forward([1, NaN]), 'input[1]');
    throwsNaming(() => s.backward([1]), 'forward(input) first');
    throwsNaming(() => s.computeGradients([1, 2, 3], [1]), 'inputs', 'rows of 2');
    throwsNaming(() => s.computeGradients([1, 2], [1, 2]), 'targets');
    throwsNaming(() => s.evaluateGrid(0), 'evaluateGrid(n)');
    throwsNaming(() => s.evaluateGrid(5000), 'evaluateGrid(n)');
    throwsNaming(() => s.reset(-3), 'seed');
    assert.equal(s.step(100).step, 100);
    s.delete();
    throwsNaming(() => s.step(1), 'deleted');
    throwsNaming(() => s.weights(0), 'deleted');
    s.delete(); // twice is harmless
  });

  test(`${engine.variant}: a session made from rows refuses a grid it cannot draw`, () => {
    const s = engine.createSession({ layers: [3, 2, 1] }, { trainInputs: [1, 2, 3, 4, 5, 6], trainTargets: [1, -1] });
    throwsNaming(() => s.evaluateGrid(10), 'evaluateGrid', 'rows');
    s.delete();
  });

  test(`${engine.variant}: divergence is a state, not an exception`, () => {
    const s = engine.createSession(
      { layers: [2, 8, 8, 1], activation: 'relu', output: 'linear', learningRate: 50 },
      engine.makeDataset({ name: 'plane' }),
    );
    const m = s.step(1000);
    assert.equal(m.diverged, true);
    assert.ok(m.step < 1000);
    assert.ok(s.parameters().every(Number.isFinite), 'the last finite weights are kept');
    assert.throws(() => s.update(), /diverged/);
    s.reset(1);
    assert.equal(s.metrics().diverged, false);
    s.delete();
  });
}
