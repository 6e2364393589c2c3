// Weights in links: bit-exact round trip, compact, and every kind of damage refused by name; a
// current-weights link (format 2) also carries the run's step, epoch and a thinned loss history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';

import { LINKED_HISTORY_POINTS, packWeights, thinHistory, unpackLink, unpackWeights, type LinkedRun } from '../../web/src/share';
import { parseHash } from '../../web/src/state';
import { shareLink } from '../../web/src/views/share/dialog';
import { seededWeights } from './seeded';

function weights(n: number): Float32Array {
  const v = seededWeights(n, 12345);
  v[0] = -0;
  v[1] = 1e-40; // a subnormal survives too
  return v;
}

test('pack then unpack gives the same bits', async () => {
  const v = weights(481);
  const text = await packWeights(v);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  const back = await unpackWeights(text, 481);
  assert.deepEqual(new Uint32Array(back.buffer), new Uint32Array(v.buffer));
});

test('damaged, truncated, foreign or mismatched weights are refused with a message', async () => {
  const text = await packWeights(weights(100));
  await assert.rejects(unpackWeights(text.slice(0, text.length - 20)), /cut short|damaged/);
  await assert.rejects(unpackWeights('%%%'), /not valid base64url/);
  await assert.rejects(unpackWeights(''), /not valid base64url/);
  await assert.rejects(unpackWeights(text, 99), /carries 100 weights but this network has 99/);
  const foreign = Buffer.from('hello world').toString('base64url');
  await assert.rejects(unpackWeights(foreign), /damaged|not from this playground/);
  const nan = new Float32Array([1, NaN]);
  await assert.rejects(unpackWeights(await packWeights(nan)), /weight 1 .* not a finite number/);
});

/** A run of `n` recorded frames of 6 steps each, its loss falling; no test set (NaN test loss). */
function run(n: number): LinkedRun {
  const step = Array.from({ length: n }, (_, i) => 6 * i);
  const trainLoss = step.map((s) => 0.5 / (1 + s / 40) + 1e-9 * s);
  return { step: step[n - 1], epoch: Math.floor((step[n - 1] * 10) / 250), history: { step, trainLoss, testLoss: step.map(() => NaN) } };
}

const base64url = (bytes: Uint8Array) => Buffer.from(deflateRawSync(bytes)).toString('base64url');

/** A hand-made format-2 payload of `count` zero weights and `n` history points at run step `step` (all zero), `length` bytes long. */
function format2(count: number, n: number, step: number, length = 4 + 4 * count + 10 + 12 * n) {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x42);
  view.setUint8(1, 2);
  view.setUint16(2, count, true);
  view.setUint32(4 + 4 * count, step, true);
  view.setUint16(4 + 4 * count + 8, n, true);
  return { bytes, view };
}

test('a link made before format 2 still reads: the same weights, no run', async () => {
  // packWeights(new Float32Array([1, -0.5, 0.25, 3e-3])) as the page wrote it before format 2.
  const old = await unpackLink('c2JkYWBgaLBnYGDYz8DQYLdstos1AA', 4);
  assert.deepEqual(Array.from(old.parameters), Array.from(new Float32Array([1, -0.5, 0.25, 3e-3])));
  assert.equal(old.run, null);
  // Weights alone are now written as format 3 (with a checksum), which reads back the same.
  const now = await packWeights(new Float32Array([1, -0.5, 0.25, 3e-3]));
  assert.notEqual(now, 'c2JkYWBgaLBnYGDYz8DQYLdstos1AA');
  assert.deepEqual(Array.from(await unpackWeights(now, 4)), Array.from(old.parameters));
});

test('format 2 carries the step, the epoch and the loss history; the weights stay bit-identical', async () => {
  const v = weights(481);
  const shared = { ...run(80), history: { ...run(80).history, testLoss: run(80).history.trainLoss.map((l) => l * 1.1) } };
  shared.history.testLoss[3] = NaN; // a frame without a test loss stays a gap
  const text = await packWeights(v, shared);
  const back = await unpackLink(text, 481);
  assert.deepEqual(new Uint32Array(back.parameters.buffer), new Uint32Array(v.buffer));
  assert.ok(back.run);
  assert.equal(back.run.step, shared.step);
  assert.equal(back.run.epoch, shared.epoch);
  assert.deepEqual(back.run.history.step, shared.history.step);
  assert.deepEqual(back.run.history.trainLoss, shared.history.trainLoss.map(Math.fround), 'losses as float32');
  assert.deepEqual(back.run.history.testLoss, shared.history.testLoss.map(Math.fround));
  assert.ok(Number.isNaN(back.run.history.testLoss[3]));
  // unpackWeights, for callers that want the weights only, reads it too.
  assert.deepEqual(new Uint32Array((await unpackWeights(text, 481)).buffer), new Uint32Array(v.buffer));
});

test('a history is thinned to at most 100 points, the first and the last kept', () => {
  const long = run(5000).history;
  const thin = thinHistory(long);
  assert.equal(thin.step.length, LINKED_HISTORY_POINTS);
  assert.equal(thin.step[0], 0);
  assert.equal(thin.step.at(-1), long.step.at(-1));
  assert.ok(thin.step.every((s, i) => i === 0 || s > thin.step[i - 1]), 'in order, no repeats');
  assert.equal(thin.trainLoss[50], long.trainLoss[long.step.indexOf(thin.step[50])], 'each point keeps its own losses');
  const short = run(30).history;
  assert.deepEqual(thinHistory(short), short, 'a short history goes whole');
  assert.deepEqual(thinHistory(long, 1).step, [long.step.at(-1)]);
});

test('a current-weights link of the default network with 100 history points is short', async () => {
  const text = await packWeights(weights(2 * 4 + 4 + 4 * 2 + 2 + 2 + 1), { ...run(5000), history: thinHistory(run(5000).history) });
  assert.ok(text.length < 2000, `${text.length} characters`);
});

test('a damaged or newer format-2 run is refused by name', async () => {
  const text = await packWeights(weights(25), run(40));
  await assert.rejects(unpackLink(text.slice(0, text.length - 12), 25), /cut short|damaged/);
  // Well-formed deflate, but the run stops early: the weights alone are not taken either.
  const cut = format2(2, 3, 30, 4 + 4 * 2 + 10 + 12 * 3 - 5);
  await assert.rejects(unpackLink(base64url(cut.bytes), 2), /the run in this link \(its step and loss history\) is cut short/);
  // Steps going backwards or past the run's own step.
  const order = format2(0, 2, 10);
  order.view.setUint32(14, 8, true);
  order.view.setUint32(18, 4, true);
  await assert.rejects(unpackLink(base64url(order.bytes)), /loss history in this link is out of order/);
  order.view.setUint32(18, 11, true);
  await assert.rejects(unpackLink(base64url(order.bytes)), /out of order/);
  const newer = new Uint8Array([0x42, 5, 0, 0]);
  await assert.rejects(unpackLink(base64url(newer)), /use format 5; this page reads formats 1 to 4/);
  // What the page would pack is checked before it is packed.
  await assert.rejects(packWeights(weights(2), { step: 5, epoch: 0, history: { step: [0, 6], trainLoss: [1, 1], testLoss: [1, 1] } }), /never go down, up to the run's step/);
  await assert.rejects(packWeights(weights(2), { step: -1, epoch: 0, history: { step: [], trainLoss: [], testLoss: [] } }), /step and an epoch/);
});

test('a current-weights link too long with its history goes without it, keeping the step and epoch', async () => {
  const state = parseHash('#seed=3').state;
  const frameOf = (parameters: Float32Array) => {
    const shared = run(5000);
    const { step, trainLoss, testLoss } = shared.history;
    return {
      snapshot: { parameters, metrics: { step: shared.step, epoch: shared.epoch } },
      history: { step, epoch: step.map(() => 0), trainLoss, testLoss, gradientNorms: [], divergedAt: null },
    } as unknown as Parameters<typeof shareLink>[3];
  };
  const packed = (link: string) => new URLSearchParams(link.slice(link.indexOf('#') + 1)).get('weights')!;
  // A small network: the whole thinned history rides along.
  const small = await shareLink('https://example.org/', state, 'current', frameOf(weights(25)), null);
  const smallRun = (await unpackLink(packed(small), 25)).run!;
  assert.equal(smallRun.step, 6 * 4999);
  assert.equal(smallRun.history.step.length, LINKED_HISTORY_POINTS);
  // 1,440 weights fit a link alone (~7,000 characters) but not with 100 history points (~1,000 more).
  const large = await shareLink('https://example.org/', state, 'current', frameOf(weights(1440)), null);
  assert.ok(large.length <= 8000, `${large.length} characters`);
  const largeRun = (await unpackLink(packed(large), 1440)).run!;
  assert.equal(largeRun.step, 6 * 4999);
  assert.equal(largeRun.epoch, run(5000).epoch);
  assert.deepEqual(largeRun.history.step, []);
  // Starting weights carry no run: format 1.
  const start = await shareLink('https://example.org/', state, 'start', null, weights(25));
  assert.equal((await unpackLink(packed(start), 25)).run, null);
});
