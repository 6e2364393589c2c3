// The digits in the page's model: #dataset=digits opens ten classes on 64 inputs with the
// network that suits them, the picker does the same, widths above the plane's 16 are for images
// only; the drawing pad's rasterizer against a hand count; the gallery's "most confidently
// wrong" against an independent sort.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BITMAP, reduceBitmap } from '../../web/src/data/digits';
import { encodeLabel, layerWidths, networkConfig } from '../../web/src/model';
import { pickDataset, sourceIn } from '../../web/src/problems';
import { defaultState, parseHash, toHash } from '../../web/src/state';
import { confidentlyWrong } from '../../web/src/views/digits/gallery';
import { BRUSH, rasterize } from '../../web/src/views/digits/pad';

test('#dataset=digits is ten classes of 64 pixels, trained by 64-32-10 under softmax cross-entropy unless the link says otherwise', () => {
  const { state, problems } = parseHash('#dataset=digits');
  assert.deepEqual(problems, []);
  assert.equal(state.problem, 'multiclass');
  assert.equal(sourceIn(state).kind, 'image');
  assert.deepEqual(layerWidths(state), [64, 32, 10]);
  assert.equal(networkConfig(state).loss, 'softmax-ce');
  assert.equal(state.learningRate, 0.1);
  assert.equal(state.init, 'glorot');
  assert.deepEqual(encodeLabel(state, 7), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
  // The link's own choices stand; a round trip keeps them.
  const own = parseHash('#dataset=digits&networkShape=64,32&learningRate=0.03&activation=relu').state;
  assert.deepEqual(layerWidths(own), [64, 64, 32, 10]);
  assert.equal(own.learningRate, 0.03);
  assert.equal(own.activation, 'relu');
  assert.deepEqual(parseHash(toHash(own)).state, own);
  // A problem that does not fit the data is named and replaced.
  const wrong = parseHash('#problem=regression&dataset=digits');
  assert.equal(wrong.state.problem, 'multiclass');
  assert.match(wrong.problems.join(), /digits is a multi-class data set; using problem multiclass/);
});

test('hidden layers wider than 16 are for images: on the plane they are named and narrowed', () => {
  const { state, problems } = parseHash('#dataset=circle&networkShape=40,8');
  assert.deepEqual(state.networkShape, [16, 8]);
  assert.match(problems.join(), /'networkShape' allows up to 8 layers of 1 to 16 neurons for this data set \(got '40,8'\); using 16,8/);
  assert.deepEqual(parseHash('#dataset=digits&networkShape=64').state.networkShape, [64]);
  assert.deepEqual(parseHash('#dataset=digits&networkShape=65').state.networkShape, [64]);
});

test('picking the digits sets the problem and network; picking the plane again narrows the layers', () => {
  const start = defaultState();
  const toDigits = pickDataset(start, 'digits');
  assert.equal(toDigits.problem, 'multiclass');
  assert.equal(toDigits.dataset, 'digits');
  assert.deepEqual(toDigits.networkShape, [32]);
  const digits = { ...start, ...toDigits, networkShape: [48] };
  const back = pickDataset(digits, 'spiral');
  assert.deepEqual(back, { dataset: 'spiral', networkShape: [16] });
  assert.deepEqual(pickDataset(start, 'xor'), { dataset: 'xor' }, 'the plane to the plane: only the data set');
});

test('the pad scales a stroke to fill the box and counts it as the data set does', () => {
  // A vertical stroke: scaled to the box's height, centred, BRUSH pixels wide.
  const bitmap = rasterize([[[0.5, 0.2], [0.5, 0.8]]]);
  const on = (x: number, y: number) => bitmap[y * BITMAP + x] === 1;
  assert.ok(on(16, 0) && on(16, 31) && on(15, 16), 'the stroke and its round ends span the box');
  assert.ok(!on(12, 16) && !on(20, 16), 'inside its pen width');
  // By hand: pixel centres within BRUSH / 2 of the line x = 16 are columns 15 and 16 (|15.5 − 16| = |16.5 − 16| = 0.5),
  // 14 and 17 (1.5 ≤ 1.75); the ends are round.
  const columns = new Set<number>();
  for (let y = 8; y < 24; y++) for (let x = 0; x < BITMAP; x++) if (on(x, y)) columns.add(x);
  assert.deepEqual([...columns].sort((a, b) => a - b), [14, 15, 16, 17]);
  assert.ok(BRUSH / 2 >= 1.5 && BRUSH / 2 < 2.5);
  // Counted in 4×4 blocks: columns 14, 15 fall in block 3, 16, 17 in block 4; rows 8..23 are blocks 2..5 whole.
  const counts = reduceBitmap(bitmap);
  for (let row = 2; row <= 5; row++) assert.deepEqual([counts[row * 8 + 3], counts[row * 8 + 4]], [8, 8], `block row ${row}`);
  assert.equal(counts[2 * 8 + 2], 0);
  assert.equal(rasterize([]).reduce((a, b) => a + b, 0), 0, 'nothing drawn: no ink');
});

test('the gallery lists the wrong digits, the most confident first, as an independent sort does', () => {
  const rows = 40, classes = 10;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const outputs = new Float32Array(rows * classes).map(() => random());
  const labels = Array.from({ length: rows }, () => Math.floor(random() * classes));
  const expected = labels
    .map((truth, r) => {
      const row = Array.from(outputs.subarray(r * classes, (r + 1) * classes));
      const predicted = row.indexOf(Math.max(...row));
      return { row: r, truth, predicted, confidence: row[predicted] };
    })
    .filter((e) => e.predicted !== e.truth)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, 12);
  assert.deepEqual(confidentlyWrong(outputs, labels).map((e) => e.row), expected.map((e) => e.row));
  assert.ok(expected.length === 12);
});
