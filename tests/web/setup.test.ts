// The author's setup behind "Reset to this setup": what joins it, when the playground differs
// from it, and what restoring it does. Also how store listeners tell the reader's changes apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAuthorSetup } from '../../web/src/embed/setup';
import type { Playground } from '../../web/src/playground';
import { parseHash } from '../../web/src/state';
import { byReader, createStore } from '../../web/src/store';

const AUTHOR = '#dataset=xor&networkShape=3&learningRate=0.1&weights=AAAA&activation_lock=true';

/** A playground with a real store; reset() only counts. */
function fakePlayground(hash = AUTHOR) {
  const store = createStore(parseHash(hash).state);
  const playground = { store, resets: 0, async reset() { playground.resets++; } };
  return playground;
}

test('the setup differs once any setting, the locked or hidden lists, or the weights differ', () => {
  const playground = fakePlayground();
  const setup = createAuthorSetup(playground.store.get());
  assert.equal(setup.differs(playground.store.get()), false);
  for (const change of [{ learningRate: 0.3 }, { networkShape: [3, 2] }, { points: [1, 1, 1, 2, 2, -1] }, { weights: '' }, { hidden: ['seed'] }]) {
    const store = fakePlayground().store;
    store.dispatch(change, { force: true });
    assert.equal(setup.differs(store.get()), true, JSON.stringify(change));
  }
});

test('a host load joins the setup; new data or a new network without weights drops the given ones', () => {
  const setup = createAuthorSetup(parseHash(AUTHOR).state);
  let notified = 0;
  setup.subscribe(() => notified++);
  const after = (hash: string) => parseHash(hash).state;
  setup.merge({ learningRate: 0.3 });
  assert.equal(setup.differs(after(AUTHOR.replace('learningRate=0.1', 'learningRate=0.3'))), false, 'a live setting keeps the weights');
  setup.merge({ networkShape: [4] });
  assert.equal(setup.differs(after('#dataset=xor&networkShape=4&learningRate=0.3&activation_lock=true')), false, 'a new network: no given weights');
  setup.merge({ seed: 5, weights: 'BBBB' });
  assert.equal(setup.differs(after('#dataset=xor&networkShape=4&learningRate=0.3&seed=5&weights=BBBB&activation_lock=true')), false);
  setup.replace(after('#dataset=circle'));
  assert.equal(setup.differs(after('#dataset=circle')), false);
  assert.equal(notified, 4);
});

test('restore puts every setting back, locked ones too, resets once and names the keys it changed', async () => {
  const playground = fakePlayground();
  const setup = createAuthorSetup(playground.store.get());
  playground.store.dispatch({ learningRate: 3, networkShape: [5], activation: 'relu', weights: '' }, { force: true });
  const keys = await setup.restore(playground as unknown as Playground);
  assert.deepEqual(keys, ['activation', 'learningRate', 'networkShape', 'weights']);
  assert.equal(setup.differs(playground.store.get()), false);
  assert.equal(playground.resets, 1, 'trained weights go too: a fresh run');
  assert.deepEqual(await setup.restore(playground as unknown as Playground), [], 'nothing left to change');
  assert.equal(playground.resets, 2);
});

test("listeners hear how a change was made: only a plain dispatch is the reader's", () => {
  const store = createStore(parseHash('').state);
  const heard: boolean[] = [];
  store.subscribe((_, __, how) => heard.push(byReader(how)));
  store.dispatch({ learningRate: 0.1 });
  store.dispatch({ learningRate: 0.3 }, { host: true });
  store.dispatch({ learningRate: 1 }, { force: true });
  assert.deepEqual(heard, [true, false, false]);
});
