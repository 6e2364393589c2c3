// Issue 10, points 8 and 12: a damaged weights link is refused by name (a checksum in the
// header), never loaded as other weights; a link that inflates past what any link holds is
// stopped while inflating; and every refusal gives the numbers the link itself holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';

import { MAX_PAYLOAD_BYTES, packWeights, unpackLink, type LinkedRun, type Unpacked } from '../../web/src/share';
import { parseHash } from '../../web/src/state';
import { seededWeights } from './seeded';

const weights = (n: number) => seededWeights(n, 99);

function run(n: number): LinkedRun {
  const step = Array.from({ length: n }, (_, i) => 6 * i);
  return { step: step[n - 1], epoch: 3, history: { step, trainLoss: step.map((s) => 0.5 / (1 + s)), testLoss: step.map((s) => 0.6 / (1 + s)) } };
}

const bits = (v: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(v).buffer));
const same = (a: Unpacked, b: Unpacked) =>
  JSON.stringify([bits(a.parameters), a.run?.step, a.run?.epoch, a.run?.history.step, a.run && bits(a.run.history.trainLoss), a.run && bits(a.run.history.testLoss)]) ===
  JSON.stringify([bits(b.parameters), b.run?.step, b.run?.epoch, b.run?.history.step, b.run && bits(b.run.history.trainLoss), b.run && bits(b.run.history.testLoss)]);

/** Every single-bit flip of the link's deflated bytes: how many are refused, how many load other weights. */
async function flips(text: string, count: number): Promise<{ refused: number; identical: number; altered: number; messages: Set<string> }> {
  const original = await unpackLink(text, count);
  const bytes = Buffer.from(text, 'base64url');
  const tally = { refused: 0, identical: 0, altered: 0, messages: new Set<string>() };
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const flipped = Buffer.from(bytes);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    try {
      const back = await unpackLink(flipped.toString('base64url'), count);
      if (same(back, original)) tally.identical++;
      else tally.altered++;
    } catch (error) {
      tally.refused++;
      tally.messages.add((error as Error).message);
    }
  }
  return tally;
}

test('every single-bit flip of a current-weights link is refused or decodes bit-identically', async () => {
  const text = await packWeights(weights(25), run(40));
  const tally = await flips(text, 25);
  console.log(`current-weights link, ${Buffer.from(text, 'base64url').length * 8} bits:`, { ...tally, messages: [...tally.messages] });
  assert.equal(tally.altered, 0, 'no flip loads other weights or another run');
  assert.ok(tally.refused > 0);
  assert.ok([...tally.messages].some((m) => /damaged \(their checksum does not match\)/.test(m)), 'refused by name');
});

test('every single-bit flip of a starting-weights link is refused or decodes bit-identically', async () => {
  const text = await packWeights(weights(121));
  const tally = await flips(text, 121);
  console.log(`starting-weights link, ${Buffer.from(text, 'base64url').length * 8} bits:`, { ...tally, messages: [...tally.messages] });
  assert.equal(tally.altered, 0);
});

const link = (bytes: Uint8Array) => Buffer.from(deflateRawSync(bytes)).toString('base64url');

/** A hand-made unchecked (format 1) payload: a header announcing `count` values, then `values` values. */
function format1(count: number, values: number, extraBytes = 0): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * values + extraBytes);
  bytes.set([0x42, 1, count & 0xff, count >> 8]);
  return bytes;
}

test('refusals say what the link holds (a table of hostile links and their exact messages)', async () => {
  const good = Buffer.from(await packWeights(weights(3)), 'base64url');
  const raw = deflateRawSync; // for the checksum case: the payload re-deflated with one weight changed
  const inflated = (await import('node:zlib')).inflateRawSync(good);
  const tampered = Buffer.from(inflated);
  tampered[9] ^= 0x40;
  const infinite = new Float32Array([1, Infinity]);
  const cases: [string, string, number | undefined][] = [
    [link(format1(24, 25)), 'the weights in this link have 4 bytes after the 24 values their header announces', 24],
    [link(format1(24, 23)), 'the weights in this link are cut short (23 of 24 values)', 24],
    [link(format1(2, 2, 3)), 'the weights in this link have 3 bytes after the 2 values their header announces', 2],
    [Buffer.from(raw(tampered)).toString('base64url'), 'the weights in this link are damaged (their checksum does not match)', 3],
    [link(new Uint8Array([0x42, 3, 0, 0])), 'the weights in this link are damaged (their checksum does not match)', 0],
    [link(new Uint8Array([0x42, 9, 0, 0])), 'the weights in this link use format 9; this page reads formats 1 to 4', 0],
    [link(new Uint8Array([0x41, 1, 0, 0])), 'the weights in this link are not from this playground', 0],
    [await packWeights(infinite), 'weight 1 in this link is not a finite number (got Infinity)', 2],
    [await packWeights(weights(3)), 'the link carries 3 weights but this network has 4', 4],
    ['ab$', 'the weights in this link are not valid base64url text', undefined],
  ];
  for (const [text, message, expected] of cases) {
    await assert.rejects(unpackLink(text, expected), (error: Error) => {
      assert.equal(error.message, message);
      return true;
    });
  }
  // A format-2 run with bytes after its history, and one cut short: each says which.
  const runBytes = (n: number, length: number) => {
    const b = new Uint8Array(length);
    const v = new DataView(b.buffer);
    b.set([0x42, 2, 0, 0]);
    v.setUint32(4, 10, true);
    v.setUint16(12, n, true);
    return b;
  };
  await assert.rejects(unpackLink(link(runBytes(2, 14 + 24 + 5))), { message: 'the run in this link has 5 bytes after the 2 history points its header announces' });
  await assert.rejects(unpackLink(link(runBytes(2, 14 + 13))), { message: 'the run in this link (its step and loss history) is cut short (1 of 2 history points)' });
});

test('a link inflating to 6 MB is stopped at what a link can hold, before inflating it whole', async () => {
  const bomb = link(format1(65535, 1_499_999));
  assert.ok(bomb.length < 8000, `${bomb.length} characters`);
  const start = performance.now();
  await assert.rejects(unpackLink(bomb), { message: `the weights in this link decompress to more than ${MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes, more than any link of this playground holds` });
  console.log(`a ${bomb.length}-character link of 6 MB refused in ${(performance.now() - start).toFixed(1)} ms; cap ${MAX_PAYLOAD_BYTES} bytes`);
  // The largest real link still reads: 65,535 weights and 65,535 history points.
  const big = await packWeights(new Float32Array(65_535), run(65_535));
  assert.equal((await unpackLink(big)).run?.history.step.length, 65_535);
});

test('a URL value with no default to fall back on is ignored, not "using " nothing; a repaired one names what it used last', () => {
  assert.deepEqual(parseHash('#weights=%21').problems, ["'weights' must be packed weights (letters, digits, - and _ only) (got '!'); ignored"]);
  assert.deepEqual(parseHash('#points=zz').problems, ["'points' point 1 must be x_y_label with |x|, |y| <= 6 and label 1 or -1, or a class 0 to 9 (got 'zz'); ignored"]);
  assert.deepEqual(parseHash('#dataset=zz').problems, ["'dataset' must be one of circle, xor, gauss, spiral, moons, checkerboard, blobs, custom, digits, penguins, table (got 'zz'); using circle"]);
  // A repaired value is named after what the link gave: "(got '99'); using 30".
  assert.deepEqual(parseHash('#batchSize=99&learningRate=50&networkShape=40,2').problems, [
    "'batchSize' must be a whole number from 1 to 30 (got '99'); using 30",
    "'learningRate' must be a number > 0 and at most 10 (got '50'); using 10",
    "'networkShape' allows up to 8 layers of 1 to 16 neurons for this data set (got '40,2'); using 16,2",
  ]);
  for (const hash of ['#weights=%21', '#points=1_2', '#layerActivations=x', '#seed=', '#networkShape=a']) {
    for (const problem of parseHash(hash).problems) assert.doesNotMatch(problem, /using $/, problem);
  }
});
