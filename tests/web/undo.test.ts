// The undo history behind the point editor's Undo and Redo (web/src/views/output/undo.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createUndoHistory } from '../../web/src/views/output/undo';

test('undo goes back through the recorded values, redo forward again, each handing over the present', () => {
  const history = createUndoHistory<string>(10);
  assert.equal(history.canUndo, false);
  assert.equal(history.canRedo, false);
  assert.equal(history.undo('a'), null, 'nothing to undo');
  // Edits a → b → c → d: each records what it replaced.
  for (const before of ['a', 'b', 'c']) history.record(before);
  assert.equal(history.undo('d'), 'c');
  assert.equal(history.undo('c'), 'b');
  assert.equal(history.canRedo, true);
  assert.equal(history.redo('b'), 'c');
  assert.equal(history.redo('c'), 'd');
  assert.equal(history.redo('d'), null, 'nothing more to redo');
  assert.equal(history.undo('d'), 'c');
  assert.equal(history.undo('c'), 'b');
  assert.equal(history.undo('b'), 'a');
  assert.equal(history.canUndo, false);
  assert.equal(history.undo('a'), null);
});

test('a new edit after an undo drops what could be redone', () => {
  const history = createUndoHistory<number>(10);
  history.record(1);
  history.record(2);
  assert.equal(history.undo(3), 2);
  history.record(2); // 2 → 4
  assert.equal(history.canRedo, false);
  assert.equal(history.redo(4), null);
  assert.equal(history.undo(4), 2);
  assert.equal(history.undo(2), 1);
});

test('the history is bounded: past the limit the oldest edits are forgotten, on both sides', () => {
  const history = createUndoHistory<number>(3);
  for (let v = 0; v < 10; v++) history.record(v);
  const undone: number[] = [];
  let present = 10;
  for (let value = history.undo(present); value !== null; value = history.undo(present)) {
    undone.push(value);
    present = value;
  }
  assert.deepEqual(undone, [9, 8, 7]);
  const redone: number[] = [];
  for (let value = history.redo(present); value !== null; value = history.redo(present)) {
    redone.push(value);
    present = value;
  }
  assert.deepEqual(redone, [8, 9, 10]);
});
