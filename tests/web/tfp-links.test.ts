// TensorFlow Playground's links, fully: every `_hide` key its state knows, hideText, seeds that
// are any text, cosX/cosY without a false alarm, and initZero read but never written (init is
// the one source). The names below are copied from its src/state.ts (State.PROPS) and
// index.html (the ui-* classes), not from our tfp.ts: they are the reference it must meet.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkPartial, defaultState, parseHash, toHash } from '../../web/src/state';

const TFP_PROPS = [
  'activation', 'regularization', 'batchSize', 'dataset', 'regDataset', 'learningRate', 'regularizationRate', 'noise',
  'networkShape', 'seed', 'showTestData', 'discretize', 'percTrainData', 'x', 'y', 'xTimesY', 'xSquared', 'ySquared',
  'cosX', 'sinX', 'cosY', 'sinY', 'collectStats', 'tutorial', 'problem', 'initZero', 'hideText',
];
// numNodes<n>: the +/- neuron buttons of hidden layer n (ui-numNodes<n>, made by its playground.ts).
const TFP_UI = ['numHiddenLayers', 'playButton', 'stepButton', 'resetButton', 'numNodes1', 'numNodes6'];

test("every _hide key TensorFlow Playground's state knows is honoured, none refused", () => {
  for (const name of [...TFP_PROPS, ...TFP_UI]) {
    const { state, problems } = parseHash(`#${name}_hide=true`);
    assert.deepEqual(problems, [], `${name}_hide=true`);
    assert.equal(state.hidden.length, 1, `${name}_hide=true hides one control`);
  }
  const { state } = parseHash('#numHiddenLayers_hide=true&x_hide=false&sinX_hide=true');
  assert.deepEqual(state.hidden, ['numHiddenLayers', 'sinX']);
  assert.match(toHash(state), /numHiddenLayers_hide=true/, 'and it is written back');
});

test('initZero is our init: initZero_hide and initZero_lock hide and lock the init control', () => {
  const { state, problems } = parseHash('#initZero_hide=true&initZero_lock=true');
  assert.deepEqual(problems, []);
  assert.deepEqual(state.hidden, ['init']);
  assert.deepEqual(state.locked, ['init']);
  assert.deepEqual(checkPartial({ locked: ['initZero', 'init'] }).changes, { locked: ['init'] });
});

test('hideText=true loads as TensorFlow Playground writes it, and round-trips', () => {
  const { state, problems } = parseHash('#hideText=true&x=true');
  assert.deepEqual(problems, []);
  assert.equal(state.hideText, true);
  assert.equal(parseHash(toHash(state)).state.hideText, true);
});

test('a seed that is any text loads, the same way every time, without a notice', () => {
  for (const text of ['hello', '-5', '0.1234567', '1.5', '99999999999', 'ünïcødé', '1e3', 'a%20b']) {
    const first = parseHash(`#seed=${text}`);
    assert.deepEqual(first.problems, [], `seed=${text}`);
    assert.ok(Number.isInteger(first.state.seed) && first.state.seed >= 0 && first.state.seed <= 0xffffffff, `seed=${text}: ${first.state.seed}`);
    assert.equal(parseHash(`#seed=${text}`).state.seed, first.state.seed, `seed=${text} maps the same way twice`);
    assert.equal(parseHash(toHash(first.state)).state.seed, first.state.seed, 'our link for it keeps the seed');
  }
  assert.notEqual(parseHash('#seed=hello').state.seed, parseHash('#seed=hellp').state.seed);
  // Its own seeds (Math.random().toFixed(5)) map one to one; whole numbers are themselves.
  assert.equal(parseHash('#seed=0.59898').state.seed, 59898);
  assert.equal(parseHash('#seed=0.00001').state.seed, 1);
  assert.equal(parseHash('#seed=42').state.seed, 42);
  assert.equal(parseHash('#seed=4294967295').state.seed, 4294967295);
  // Nothing to map: an empty seed is named, and the default used.
  const empty = parseHash('#seed=');
  assert.equal(empty.state.seed, 1);
  assert.equal(empty.problems.length, 1);
  assert.match(empty.problems[0], /'seed'/);
});

test('cosX and cosY (which TensorFlow Playground never draws either) load without a notice', () => {
  assert.deepEqual(parseHash('#cosX=true&cosY=true&collectStats=true&tutorial=dropout').problems, []);
});

test('the URL writes init only: initZero is read from links, never written', () => {
  assert.doesNotMatch(toHash(defaultState()), /initZero/);
  const zero = parseHash('#initZero=true');
  assert.deepEqual(zero.problems, []);
  assert.equal(zero.state.init, 'zero');
  assert.match(toHash(zero.state), /(^#|&)init=zero(&|$)/);
  assert.doesNotMatch(toHash(zero.state), /initZero/);
  // An explicit init wins over initZero, in either order; initZero=false changes nothing.
  assert.equal(parseHash('#init=he&initZero=true').state.init, 'he');
  assert.equal(parseHash('#initZero=true&init=glorot').state.init, 'glorot');
  assert.equal(parseHash('#initZero=false&init=he').state.init, 'he');
  assert.match(parseHash('#initZero=maybe').problems[0] ?? '', /'initZero' must be true or false/);
  assert.equal('initZero' in parseHash('#initZero=true').state, false, 'no initZero in the state at all');
});

test('files saved with "initZero" still open: true means init zero, false nothing', () => {
  assert.deepEqual(checkPartial({ initZero: false, init: 'he' }), { changes: { init: 'he' }, problems: [] });
  assert.deepEqual(checkPartial({ initZero: true }).changes, { init: 'zero' });
  assert.deepEqual(checkPartial({ initZero: true, init: 'glorot' }).changes, { init: 'glorot' });
  assert.equal(checkPartial({ initZero: 'yes' }).problems.length, 1);
});
