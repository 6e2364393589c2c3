// How losses read in the output panel and the loss chart (web/src/views/output/metrics.ts):
// three significant digits, so a small regression loss never reads "0.000".
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatLoss } from '../../web/src/views/output/metrics';

test('losses keep three significant digits at every size', () => {
  const cases: [number, string][] = [
    [0.2546, '0.255'], // TensorFlow Playground's three decimals where they suffice
    [0.5, '0.500'],
    [0.0123, '0.0123'],
    [0.001, '0.00100'],
    [0.000442, '4.42×10⁻⁴'], // the complaint: this read "0.000"
    [0.0004999, '5×10⁻⁴'],
    [3.2e-7, '3.2×10⁻⁷'],
    [1.5, '1.50'],
    [12.345, '12.3'],
    [999.4, '999'],
    [12345.6, '12,346'],
    [1.58e38, '1.58×10³⁸'], // a diverging run: a short number, not 39 digits
    [0, '0'],
  ];
  for (const [value, text] of cases) assert.equal(formatLoss(value), text, `formatLoss(${value})`);
});

test('a non-finite loss is never shown as a number', () => {
  for (const value of [NaN, Infinity, -Infinity]) assert.equal(formatLoss(value), '—');
});

test('no positive loss reads as zero', () => {
  for (let e = -12; e <= 0; e += 0.25) {
    const text = formatLoss(10 ** e);
    assert.match(text, /[1-9]/, `10^${e} reads ${text}`);
  }
});
