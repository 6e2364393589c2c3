// paint() is tableIndex() inlined for speed: both must pick the same colour for every value.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { colourTable, dim, nearest, paint, PALETTES, resample, tableIndex } from '../../web/src/heatmap';

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

test('a grid enlarged by nearest cells: 2 × 2 pixels a cell at twice the size, every cell kept at 17 → 34', () => {
  const n = 17;
  const from = Uint32Array.from({ length: n * n }, (_, i) => i + 1);
  const to = new Uint32Array(34 * 34);
  resample(from, n, to, 34, nearest(n, 34));
  for (let y = 0; y < 34; y++) {
    for (let x = 0; x < 34; x++) assert.equal(to[y * 34 + x], from[Math.floor(y / 2) * n + Math.floor(x / 2)], `pixel ${x}, ${y}`);
  }
});

test('nearest cells at an uneven ratio: each pixel takes the cell its centre falls in, rows and columns alike', () => {
  for (const [n, size] of [[9, 34], [34, 32], [34, 51], [1, 5]]) {
    const map = nearest(n, size);
    const from = Uint32Array.from({ length: n * n }, (_, i) => i);
    const to = new Uint32Array(size * size);
    resample(from, n, to, size, map);
    for (let i = 0; i < size; i++) {
      const cell = Math.floor(((i + 0.5) / size) * n); // independently: the centre's cell
      assert.equal(map[i], cell, `${n} → ${size}, pixel ${i}`);
      assert.equal(to[i * size + (size - 1)], from[cell * n + map[size - 1]]);
    }
    assert.equal(new Set(map).size, Math.min(n, size), `${n} → ${size}: every cell shown when enlarging, none twice when shrinking by less than 2`);
  }
});

test('a dimmed pixel is mixed toward the neutral colour channel by channel, alpha kept', () => {
  const rgba = (r: number, g: number, b: number, a = 255) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
  const pixels = Uint32Array.of(rgba(200, 100, 0), rgba(10, 20, 30), rgba(232, 234, 235));
  dim(pixels, [232, 234, 235], 0.35);
  const mix = (v: number, base: number) => Math.round(base + (v - base) * 0.35);
  assert.deepEqual([...pixels], [rgba(mix(200, 232), mix(100, 234), mix(0, 235)), rgba(mix(10, 232), mix(20, 234), mix(30, 235)), rgba(232, 234, 235)]);
});
