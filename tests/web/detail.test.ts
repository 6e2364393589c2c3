// The detail governor: late frames lower the grids' resolution one level at a time, thumbnails
// first; frames on time raise it again, more and more cautiously when a raise did not hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DetailGovernor, MIN_TRAINING, WORKER_FRAME } from '../../web/src/detail';

const FULL = { neurons: 34, output: 100 };

/** `count` frames `interval` ms apart from `start`; returns the time after the last and how often the level changed. */
function frames(g: DetailGovernor, start: number, count: number, interval: number, stalled = false): { now: number; changes: number } {
  let now = start;
  let changes = 0;
  for (let i = 0; i < count; i++) {
    now += interval;
    if (g.frame(now, stalled)) changes++;
  }
  return { now, changes };
}

test('frames on time keep full detail', () => {
  const g = new DetailGovernor(FULL);
  frames(g, 0, 600, 16.7);
  assert.equal(g.level, 0);
  assert.equal(g.reduced, false);
  assert.deepEqual(g.grids, FULL);
});

test('late frames lower the thumbnails first, then the output, never below the floor', () => {
  const g = new DetailGovernor(FULL);
  let t = frames(g, 0, 7, 33.4).now; // 30 fps: six late intervals
  assert.equal(g.level, 1);
  assert.deepEqual(g.grids, { neurons: 17, output: 100 }, 'the thumbnails at half, the output untouched');
  t = frames(g, t, 14, 33.4).now;
  assert.equal(g.level, 1, 'half a second for the change to show before the next');
  t = frames(g, t, 1, 33.4).now;
  assert.equal(g.level, 2);
  assert.deepEqual(g.grids, { neurons: 9, output: 100 }, 'the thumbnails at a quarter before the output is touched');
  t = frames(g, t, 15, 33.4).now;
  assert.deepEqual(g.grids, { neurons: 9, output: 72 });
  frames(g, t, 400, 33.4);
  assert.equal(g.level, 4, 'the last level holds however slow it is');
  assert.deepEqual(g.grids, { neurons: 9, output: 50 });
});

test('a frame that finds the worker busy takes time from training first, then counts as late', () => {
  const g = new DetailGovernor(FULL);
  g.cost(4); // the grids take 4 ms of the worker's frame
  assert.equal(g.trainingBudget, WORKER_FRAME.max - 4);
  frames(g, 0, 3, 16.7, true);
  assert.equal(g.trainingBudget, WORKER_FRAME.max - 4 - 3 * WORKER_FRAME.down, 'each stalled frame: a ms less of training');
  assert.equal(g.level, 0, 'training yields before the detail does');
  frames(g, 100, 20, 16.7, true);
  assert.equal(g.trainingBudget, WORKER_FRAME.min - 4, 'the worker\'s frame at its shortest');
  assert.equal(g.level, 1, 'stalls with training at its minimum lower the detail');
  // Frames on time give training its time back, slowly.
  frames(g, 1000, 200, 16.7, false); // (at WORKER_FRAME.up a frame: 200 frames give back 3 ms)
  assert.ok(g.trainingBudget > MIN_TRAINING + 2);
});

test('a few late frames are not a busy machine', () => {
  const g = new DetailGovernor(FULL);
  let now = 0;
  for (let i = 0; i < 600; i++) {
    now += i % 10 === 0 ? 40 : 16.7; // one late frame in ten: 3 in a window of 30
    g.frame(now, false);
  }
  assert.equal(g.level, 0);
});

test('once frames are on time again the detail comes back, and a raise that fails waits twice as long', () => {
  const g = new DetailGovernor(FULL);
  let t = frames(g, 0, 7, 33.4).now;
  assert.equal(g.level, 1);
  // Good frames: the raise comes after 3 s, not before.
  const before = frames(g, t, Math.floor(2900 / 16.7), 16.7);
  assert.equal(g.level, 1, 'not before 3 s of good frames');
  t = frames(g, before.now, 30, 16.7).now;
  assert.equal(g.level, 0, 'raised after 3 s');
  // Slow again at once: lowered, and the next raise needs 6 s.
  t = frames(g, t, 6, 33.4).now;
  assert.equal(g.level, 1);
  t = frames(g, t, Math.floor(5000 / 16.7), 16.7).now;
  assert.equal(g.level, 1, 'a raise that did not hold: 6 s this time');
  frames(g, t, Math.floor(1500 / 16.7), 16.7);
  assert.equal(g.level, 0);
});

test('a long gap (a pause, a hidden tab) is not a late frame; pause() starts a fresh window', () => {
  const g = new DetailGovernor(FULL);
  let t = frames(g, 0, 5, 33.4).now;
  g.pause();
  t = frames(g, t + 5000, 25, 16.7).now;
  assert.equal(g.frame(t + 1000, false), false);
  frames(g, t + 1000, 100, 16.7);
  assert.equal(g.level, 0);
});

test('the training budget is what the grids leave of the worker frame', () => {
  const g = new DetailGovernor(FULL);
  assert.equal(g.trainingBudget, WORKER_FRAME.max, 'before any cost is known');
  g.cost(4);
  assert.equal(g.trainingBudget, WORKER_FRAME.max - 4);
  for (let i = 0; i < 50; i++) g.cost(20);
  assert.equal(g.trainingBudget, MIN_TRAINING, 'a floor: training never stops for the grids');
});

test('new full resolutions apply from the next request', () => {
  const g = new DetailGovernor(FULL);
  g.setFull({ neurons: 54, output: 100 });
  assert.deepEqual(g.grids, { neurons: 54, output: 100 });
  assert.deepEqual(g.full, { neurons: 54, output: 100 });
});
