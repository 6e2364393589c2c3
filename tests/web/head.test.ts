// The table of output heads (web/src/model.ts HEADS) and the colour scale spanning a head's
// range (heatmap.ts rangeScaling with paint()).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { colourTable, paint, PALETTES, rangeScaling, tableIndex } from '../../web/src/heatmap';
import { encodeLabel, head, meaning, targetClass } from '../../web/src/model';
import { defaultState } from '../../web/src/state';

test('each head says its range and its targets; the labels the engine trains on come from it', () => {
  assert.deepEqual(meaning('tanh').range, [-1, 1]);
  assert.deepEqual(meaning('sigmoid').range, [0, 1]);
  assert.deepEqual(meaning('sigmoid').targets, { positive: 1, negative: 0 });
  assert.equal(meaning('linear').targets, null);
  const mse = { ...defaultState(), loss: 'mse' as const };
  const ce = { ...defaultState(), loss: 'cross-entropy' as const };
  assert.equal(head(ce).output, 'sigmoid');
  assert.deepEqual([encodeLabel(mse, 1), encodeLabel(mse, -1)], [[1], [-1]]);
  assert.deepEqual([encodeLabel(ce, 1), encodeLabel(ce, -1)], [[1], [0]]);
  assert.deepEqual(encodeLabel({ ...defaultState(), problem: 'regression' }, 0.42), [0.42]);
  assert.equal(targetClass('sigmoid', 0), 'negative');
  assert.equal(targetClass('tanh', -1), 'negative');
  assert.equal(targetClass('tanh', 1), 'positive');
  assert.equal(targetClass('linear', 1), null);
});

test('a 0…1 output is painted as its value mapped onto the −1…1 colour scale (0.5 is the boundary)', () => {
  const table = colourTable(PALETTES.default.light);
  const n = 50;
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) values[i] = -0.1 + (1.2 * i) / values.length;
  values.set([0, 0.5, 1, NaN], 0);
  const { scale, centre } = rangeScaling([0, 1]);
  for (const discretize of [false, true]) {
    const image = { data: new Uint8ClampedArray(4 * n * n) } as ImageData;
    paint(image, values, 0, n, table, discretize, scale, centre);
    const pixels = new Uint32Array(image.data.buffer);
    for (let i = 0; i < values.length; i++) {
      const want = table[tableIndex(2 * values[i] - 1, discretize)];
      if (pixels[i] !== want) assert.fail(`p = ${values[i]} (discretize ${discretize}): pixel ${pixels[i]}, expected ${want}`);
    }
  }
});
