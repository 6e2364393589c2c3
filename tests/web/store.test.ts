// The store: only real changes notify, invalid values are refused, locked keys stay put.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defaultState, parseHash, toHash } from '../../web/src/state';
import { createStore } from '../../web/src/store';

test('dispatch notifies with the changed keys only, and refuses invalid values', () => {
  const store = createStore(defaultState());
  const seen: string[][] = [];
  store.subscribe((_, changed) => seen.push([...changed]));
  assert.deepEqual(store.dispatch({ learningRate: 0.1, batchSize: 10 }), []);
  assert.deepEqual(seen, [['learningRate']]);
  assert.equal(store.dispatch({ batchSize: 0 }).length, 1);
  assert.equal(store.get().batchSize, 10);
});

test('a locked control keeps its value unless the host forces a change', () => {
  const { state } = parseHash('#activation=relu&activation_lock=true&learningRate_lock=true');
  assert.deepEqual(state.locked, ['activation', 'learningRate']);
  assert.match(toHash(state), /activation_lock=true/);
  const store = createStore(state);
  const problems = store.dispatch({ activation: 'tanh', learningRate: 1, noise: 10 });
  assert.deepEqual(problems, ["'activation' is locked on this page", "'learningRate' is locked on this page"]);
  assert.equal(store.get().activation, 'relu');
  assert.equal(store.get().noise, 10);
  store.dispatch({ activation: 'tanh' }, { force: true });
  assert.equal(store.get().activation, 'tanh');
});
