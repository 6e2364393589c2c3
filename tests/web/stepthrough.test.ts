// The step-through's pure helpers: number formatting (never NaN on screen), the walk's steps,
// and the flat parameter layout it uses to name parameters for the gradient check.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatNumber } from '../../web/src/views/stepthrough/format';
import { parameterOffsets, sameParameters, stepsFor } from '../../web/src/views/stepthrough/walk';

test('formatNumber: 4 significant digits, a real minus, powers of ten outside [0.001, 10⁴), a dash for non-numbers', () => {
  const cases: [number, string][] = [
    [0, '0'], [-0, '0'], [0.5, '0.5'], [0.73105857, '0.7311'], [-0.26894, '−0.2689'], [12.3456, '12.35'],
    [9999.7, '10000'], [12345, '1.235×10⁴'], [0.000123456, '1.235×10⁻⁴'], [-3e-9, '−3×10⁻⁹'], [1, '1'],
    [NaN, '—'], [Infinity, '—'], [-Infinity, '—'],
  ];
  for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
});

test('stepsFor: forward through every layer, the error, backward from the output, the update', () => {
  assert.deepEqual(stepsFor(2).map((s) => `${s.stage}${s.layer}`),
    ['forward0', 'forward1', 'error-1', 'backward1', 'backward0', 'update-1']);
  assert.equal(stepsFor(1).length, 4);
});

test('parameterOffsets follow [W0 b0 W1 b1 ...]; sameParameters treats NaN as equal to itself', () => {
  assert.deepEqual(parameterOffsets([2, 3, 1]), [{ weights: 0, biases: 6, in: 2, out: 3 }, { weights: 9, biases: 12, in: 3, out: 1 }]);
  assert.equal(sameParameters(Float32Array.of(1, NaN), Float32Array.of(1, NaN)), true);
  assert.equal(sameParameters(Float32Array.of(1, 2), Float32Array.of(1, 3)), false);
});
