// paint() is tableIndex() inlined for speed: both must pick the same colour for every value.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { colourTable, paint, PALETTES, tableIndex } from '../../web/src/heatmap';

test('paint picks tableIndex colours for every value, NaN and infinities included', () => {
  const table = colourTable(PALETTES.default.light);
  const values = new Float32Array(40_000);
  for (let i = 0; i < values.length; i++) values[i] = -1.2 + (2.4 * i) / values.length;
  values.set([NaN, Infinity, -Infinity, 0, -0, 1, -1, 1 / 255, -1 / 255], 0);
  for (const scale of [1, 0.37, 3]) {
    for (const discretize of [false, true]) {
      const image = { data: new Uint8ClampedArray(values.length * 4) } as unknown as ImageData;
      paint(image, values, 0, 200, table, discretize, scale);
      const pixels = new Uint32Array(image.data.buffer);
      values.forEach((v, i) => {
        if (pixels[i] !== table[tableIndex(v * scale, discretize)]) {
          assert.fail(`value ${v} × ${scale} (discretize ${discretize}): pixel ${pixels[i]}, table ${tableIndex(v * scale, discretize)}`);
        }
      });
    }
  }
});
