// The 8×8 digits (web/src/data/digits.ts): the shipped file read and checked against an
// independent count of its text, every kind of bad value named, the seeded split, the data
// set's 4×4 block reduction, and the bar: a 64-32-10 network at ≥ 95 % test accuracy
// within 50 epochs, trained by the real engine.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { loadEngine } from '../../dist/engine/index.mjs';
import {
  BITMAP, CLASSES, COUNT, digitsUrl, gunzipText, loadDigits, parseDigits, PIXELS, reduceBitmap, splitDigits,
} from '../../web/src/data/digits';
import { networkConfig } from '../../web/src/model';
import { parseHash } from '../../web/src/state';

const path = fileURLToPath(digitsUrl());
const bytes = readFileSync(path);
const text = gunzipSync(bytes).toString('utf8');

test('the shipped file is the one web/data/README.md describes', () => {
  const readme = readFileSync(new URL('../../web/data/README.md', import.meta.url), 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex');
  assert.ok(readme.includes(sha), `README names sha256 ${sha}`);
});

test('the digits parse: 1,797 images of 64 pixels, the labels counted as the text has them', async () => {
  const digits = parseDigits(await gunzipText(new Uint8Array(bytes)));
  assert.equal(digits.count, COUNT);
  assert.equal(digits.images.length, COUNT * PIXELS);
  // An independent count: the last field of every line.
  const expected = new Array(CLASSES).fill(0);
  for (const line of text.trim().split('\n')) expected[Number(line.slice(line.lastIndexOf(',') + 1))]++;
  const counted = new Array(CLASSES).fill(0);
  for (const label of digits.labels) counted[label]++;
  assert.deepEqual(counted, expected);
  assert.ok(counted.every((n) => n >= 170 && n <= 190), `about 180 of each digit: ${counted}`);
  assert.equal(Math.max(...digits.images), 16);
  // The first image is a 0 whose top row is 0,0,5,13,9,1,0,0.
  assert.equal(digits.labels[0], 0);
  assert.deepEqual([...digits.images.slice(0, 8)], [0, 0, 5, 13, 9, 1, 0, 0]);
});

test('loadDigits fetches and reads the file; a failed fetch or a damaged file is named', async () => {
  const ok = async () => new Response(bytes);
  assert.equal((await loadDigits('digits.csv.gz', ok as typeof fetch)).count, COUNT);
  const missing = async () => new Response('no', { status: 404 });
  await assert.rejects(loadDigits('x.gz', missing as typeof fetch), /could not be loaded \(HTTP 404 for x\.gz\)/);
  const offline = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(loadDigits('x.gz', offline as typeof fetch), /could not be loaded \(Failed to fetch\)/);
  const damaged = async () => new Response(bytes.subarray(0, 1000));
  await assert.rejects(loadDigits('x.gz', damaged as typeof fetch), /damaged/);
});

test('every bad value is named by line and column, and nothing is half-read', () => {
  const good = text.trim().split('\n').slice(0, 3);
  const bad = (line: string, at = 1) => {
    const lines = [...good];
    lines[at] = line;
    return () => parseDigits(lines.join('\n'));
  };
  const cells = good[1].split(',');
  assert.throws(bad(cells.slice(0, 64).join(',')), /digits line 2: expected 65 comma-separated values .* found 64/);
  assert.throws(bad([...cells.slice(0, 10), '17', ...cells.slice(11)].join(',')), /line 2, column 11: a pixel must be a whole number from 0 to 16 \(got "17"\)/);
  assert.throws(bad([...cells.slice(0, 3), '2.5', ...cells.slice(4)].join(',')), /line 2, column 4: a pixel .*got "2\.5"/);
  assert.throws(bad([...cells.slice(0, 3), '', ...cells.slice(4)].join(',')), /line 2, column 4: a pixel .*got ""/);
  assert.throws(bad([...cells.slice(0, 64), '10'].join(',')), /line 2, column 65: the label must be a whole number from 0 to 9 \(got "10"\)/);
  assert.throws(bad([...cells.slice(0, 64), '-1'].join(','), 2), /line 3, column 65: the label/);
  assert.throws(() => parseDigits('\n\n'), /empty/);
  // Windows line ends and a last newline are fine.
  assert.equal(parseDigits(good.join('\r\n') + '\r\n').count, 3);
});

test('the split is seeded, disjoint and complete, with inputs scaled to 0..1 and one-hot targets', () => {
  const digits = parseDigits(text);
  const a = splitDigits(digits, 0.5, 7), b = splitDigits(digits, 0.5, 7), c = splitDigits(digits, 0.5, 8);
  assert.deepEqual(a.trainIndex, b.trainIndex);
  assert.notDeepEqual(a.trainIndex, c.trainIndex);
  assert.equal(a.trainIndex.length, Math.round(0.5 * COUNT));
  assert.equal(a.trainIndex.length + a.testIndex.length, COUNT);
  assert.equal(new Set([...a.trainIndex, ...a.testIndex]).size, COUNT);
  const r = 5, image = a.testIndex[r];
  for (let p = 0; p < PIXELS; p++) assert.equal(a.testInputs![r * PIXELS + p], digits.images[image * PIXELS + p] / 16);
  const target = Array.from(a.testTargets!.slice(r * CLASSES, (r + 1) * CLASSES));
  assert.deepEqual(target, Array.from({ length: CLASSES }, (_, k) => (k === digits.labels[image] ? 1 : 0)));
  assert.equal(splitDigits(digits, 1, 1).testIndex.length, 0);
  assert.throws(() => splitDigits(digits, 0, 1), /training share/);
});

test('reduceBitmap counts on-pixels in 4×4 blocks as the data set was made', () => {
  // A bitmap from a seeded pattern, its blocks counted independently (block by block).
  const bitmap = Uint8Array.from({ length: BITMAP * BITMAP }, (_, i) => ((i * 2654435761) >>> 0) % 3 === 0 ? 1 : 0);
  const expected: number[] = [];
  for (let by = 0; by < 8; by++) {
    for (let bx = 0; bx < 8; bx++) {
      let n = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) n += bitmap[(4 * by + dy) * BITMAP + 4 * bx + dx];
      expected.push(n);
    }
  }
  assert.deepEqual([...reduceBitmap(bitmap)], expected);
  assert.deepEqual([...reduceBitmap(new Uint8Array(1024).fill(255))], new Array(64).fill(16));
  // A vertical bar in columns 14..17 of rows 4..27: blocks 3 and 4 of rows 1..6, 8 pixels each (2 columns × 4 rows).
  const bar = new Uint8Array(1024);
  for (let y = 4; y < 28; y++) for (let x = 14; x < 18; x++) bar[y * BITMAP + x] = 1;
  const reduced = reduceBitmap(bar);
  for (let by = 0; by < 8; by++) {
    for (let bx = 0; bx < 8; bx++) assert.equal(reduced[by * 8 + bx], by >= 1 && by <= 6 && (bx === 3 || bx === 4) ? 8 : 0);
  }
  assert.throws(() => reduceBitmap(new Uint8Array(64)), /32×32 = 1024 pixels \(got 64\)/);
});

test('the page\'s digits network, 64-32-10, reaches ≥ 95 % test accuracy within 50 epochs (three seeds)', async () => {
  const engine = await loadEngine();
  const digits = parseDigits(text);
  for (const seed of [1, 2, 3]) {
    const data = splitDigits(digits, 0.5, seed);
    // The page's own network for #dataset=digits (web/src/data/sources.ts), at this seed.
    const config = networkConfig(parseHash(`#dataset=digits&seed=${seed}`).state);
    assert.deepEqual([config.layers, config.activation, config.output, config.loss, config.init, config.optimizer, config.learningRate, config.batchSize],
      [[64, 32, 10], 'tanh', 'softmax', 'softmax-ce', 'glorot', 'sgd', 0.1, 10]);
    const s = engine.createSession(config, data);
    const perEpoch = Math.ceil(data.trainIndex.length / 10);
    let best = 0;
    for (let epoch = 1; epoch <= 50; epoch++) best = Math.max(best, s.step(perEpoch).testAccuracy);
    const last = s.metrics().testAccuracy;
    s.delete();
    assert.ok(last >= 0.95, `seed ${seed}: test accuracy ${last} after 50 epochs (best ${best})`);
  }
});
