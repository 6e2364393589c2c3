// The state/URL table: TensorFlow Playground's links load as the same settings, our own hash
// round-trips, and no string whatever makes the parser throw or return an invalid state.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { checkPartial, defaultState, keys, parseHash, properties, toHash, type State } from '../../web/src/state';

const TF_LINK =
  '#activation=relu&batchSize=17&dataset=spiral&regDataset=reg-plane&learningRate=0.01&regularizationRate=0.003' +
  '&noise=35&networkShape=5,3&seed=0.71245&showTestData=true&discretize=false&percTrainData=70&x=true&y=true' +
  '&xTimesY=false&xSquared=true&ySquared=false&cosX=false&sinX=true&cosY=false&sinY=false&collectStats=false' +
  '&problem=classification&initZero=false&hideText=false';

function isValid(state: State): boolean {
  return keys.every((key) => (properties[key] as { valid(v: unknown): boolean }).valid(state[key])) &&
    Array.isArray(state.hidden);
}

test('a TensorFlow Playground link loads the same settings, with no notice', () => {
  const { state, problems } = parseHash(TF_LINK);
  assert.deepEqual(problems, []);
  assert.equal(state.activation, 'relu');
  assert.equal(state.batchSize, 17);
  assert.equal(state.dataset, 'spiral');
  assert.equal(state.learningRate, 0.01);
  assert.equal(state.regularizationRate, 0.003);
  assert.equal(state.noise, 35);
  assert.deepEqual(state.networkShape, [5, 3]);
  assert.equal(state.seed, 71245);
  assert.equal(state.showTestData, true);
  assert.equal(state.percTrainData, 70);
  assert.equal(state.xSquared, true);
  assert.equal(state.sinX, true);
  assert.equal(state.xTimesY, false);
  assert.equal(state.problem, 'classification');
});

test("TensorFlow Playground's names: L1/L2, initZero, regression sets, hidden controls, no hidden layer", () => {
  const { state, problems } = parseHash(
    '#regularization=L2&initZero=true&problem=regression&regDataset=reg-gauss&networkShape=&activation_hide=true&problem_hide=true');
  assert.deepEqual(problems, []);
  assert.equal(state.regularization, 'L2');
  assert.equal(state.init, 'zero');
  assert.equal(state.regDataset, 'reg-gauss');
  assert.deepEqual(state.networkShape, []);
  assert.deepEqual(state.hidden, ['activation', 'problem']);
});

test('our hash round-trips every property', () => {
  const state: State = {
    ...defaultState(), activation: 'leaky-relu', layerActivations: ['relu', 'tanh', 'sigmoid'], networkShape: [16, 3, 1],
    optimizer: 'adam', init: 'he', loss: 'cross-entropy', theme: 'dark', palette: 'colorblind', seed: 4294967295,
    learningRate: 0.003, dataset: 'custom', points: [1.25, -3.5, 1, 6, -6, -1], hidden: ['seed'], sinY: true,
  };
  const { state: back, problems } = parseHash(toHash(state));
  assert.deepEqual(problems, []);
  assert.deepEqual(back, state);
});

test('bad values fall back to defaults or are clamped, each with a problem that names it', () => {
  const { state, problems } = parseHash(
    '#batchSize=900&noise=abc&activation=relux&networkShape=4,x&learningRate=-1&bogus=1&seed=&x=maybe&networkShape=40,2');
  assert.equal(state.batchSize, 30);
  assert.equal(state.noise, 0);
  assert.equal(state.activation, 'tanh');
  assert.equal(state.learningRate, 0.03);
  assert.deepEqual(state.networkShape, [16, 2]);
  assert.equal(state.seed, 1);
  assert.equal(state.x, true);
  for (const name of ['batchSize', 'noise', 'activation', 'learningRate', 'bogus', 'seed', "'x'", 'networkShape']) {
    assert.ok(problems.some((p) => p.includes(name)), `a problem names ${name}: ${problems.join(' | ')}`);
  }
});

test('no feature on, mismatched layer activations: repaired with a notice; a custom set without points is kept', () => {
  // An empty canvas is a state the page can be in (after Clear) and a link may hand out: the
  // page then asks for points instead of training (tests/browser/points.test.mjs).
  const { state, problems } = parseHash('#x=false&y=false&dataset=custom&layerActivations=relu&networkShape=4,2');
  assert.equal(state.x && state.y, true);
  assert.equal(state.dataset, 'custom');
  assert.deepEqual(state.points, []);
  assert.deepEqual(state.layerActivations, []);
  assert.equal(problems.length, 2);
});

test('text from the URL is never evaluated or kept as markup', () => {
  const { state, problems } = parseHash('#dataset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&%3Cscript%3E=1');
  assert.equal(state.dataset, 'circle');
  assert.equal(problems.length, 2);
});

test('property: any string parses to a valid state and a list of problems, never a throw', () => {
  const fragment = fc.oneof(
    fc.string(),
    fc.constantFrom(...keys, 'cosX', 'tutorial', 'x_hide', 'nope_hide', '%', '%E0%A4%A', '=', '&', '#', '~', '_', ','),
  );
  const hash = fc.array(fc.tuple(fragment, fc.oneof(fc.string(), fc.double().map(String), fc.constantFrom('true', 'false', '', '4,2', '1_2_1~3_4_-1'))), { maxLength: 12 })
    .map((pairs) => '#' + pairs.map(([k, v]) => `${k}=${v}`).join('&'));
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), hash), (text) => {
      const { state, problems } = parseHash(text);
      assert.ok(isValid(state), `valid state from ${JSON.stringify(text)}`);
      assert.ok(Array.isArray(problems) && problems.every((p) => typeof p === 'string'));
      assert.deepEqual(parseHash(toHash(state)).state, state, 'the repaired state round-trips');
    }),
    { numRuns: 3000 },
  );
});

test('setState from scripts: valid values apply, invalid ones are refused by name', () => {
  const { changes, problems } = checkPartial({ learningRate: 0.1, batchSize: 0, nope: 1, networkShape: [3, 3], seed: 1.5 });
  assert.deepEqual(changes, { learningRate: 0.1, networkShape: [3, 3] });
  assert.equal(problems.length, 3);
  assert.deepEqual(checkPartial(null).problems, ['setState needs an object of properties']);
});
