// The results waiting for a frame (web/src/ready.ts): shown in the order they came, and never
// one of an older generation (a rebuild or a restart since it was asked for).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ReadyResults } from '../../web/src/ready';

test('next() gives the results of a generation oldest first, then null', () => {
  const ready = new ReadyResults<string>();
  ready.push('a', 1);
  ready.push('b', 1);
  assert.equal(ready.length, 2);
  assert.equal(ready.next(1), 'a');
  assert.equal(ready.next(1), 'b');
  assert.equal(ready.next(1), null);
  assert.equal(ready.length, 0);
});

test('next() drops the results of an older generation before the first of this one', () => {
  const ready = new ReadyResults<string>();
  ready.push('old 1', 1);
  ready.push('old 2', 1);
  ready.push('new', 2);
  ready.push('newer', 2);
  assert.equal(ready.next(2), 'new');
  assert.equal(ready.length, 1, 'the older ones are gone, the newer one waits');
  assert.equal(ready.next(2), 'newer');
  ready.push('stale', 2);
  assert.equal(ready.next(3), null, 'a generation with nothing ready');
  assert.equal(ready.length, 0);
});

test('drain() takes every result of a generation in order and leaves nothing', () => {
  const ready = new ReadyResults<number>();
  for (const [value, generation] of [[1, 4], [2, 5], [3, 5], [4, 4], [5, 5]]) ready.push(value, generation);
  assert.deepEqual(ready.drain(5), [2, 3, 5]);
  assert.equal(ready.length, 0);
  assert.deepEqual(ready.drain(5), []);
});
