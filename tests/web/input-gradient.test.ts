// The input-gradient arrows (web/src/views/output/input-gradient.ts): each along −∂L/∂(x, y), the
// longest ARROW_LENGTH, the others by the square root of their share; and the layer's requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARROW_LENGTH, arrowOffsets, createInputGradients } from '../../web/src/views/output/input-gradient';
import type { Frame } from '../../web/src/trainer';

test('arrows point along minus the gradient, scaled by the square root of their share of the largest', () => {
  const g = Float32Array.from([3, 4, 0, -0.5, 0, 0, NaN, 1]);
  const out = arrowOffsets(g);
  // |g| = 5, 0.5, 0, NaN: the first is the longest.
  assert.ok(Math.abs(Math.hypot(out[0], out[1]) - ARROW_LENGTH) < 1e-6);
  assert.ok(Math.abs(out[0] - (-3 / 5) * ARROW_LENGTH) < 1e-6 && Math.abs(out[1] - (-4 / 5) * ARROW_LENGTH) < 1e-6);
  assert.ok(Math.abs(out[3] - ARROW_LENGTH * Math.sqrt(0.5 / 5)) < 1e-6, 'straight up: minus a downward gradient');
  assert.equal(Math.abs(out[2]), 0);
  assert.deepEqual([out[4], out[5], out[6], out[7]], [0, 0, 0, 0], 'no arrow for a zero or a broken gradient');
  assert.deepEqual(Array.from(arrowOffsets(new Float32Array(4))), [0, 0, 0, 0]);
});

test('the layer asks once per snapshot, at reading pace while playing, with each point and its target', async () => {
  const calls: { points: number[]; targets: number[] }[] = [];
  let changed = 0;
  const layer = createInputGradients({
    request: async (points, targets) => {
      calls.push({ points: Array.from(points), targets: Array.from(targets) });
      return Float32Array.from(points.map((v) => 2 * v));
    },
    target: (label) => [label > 0 ? 1 : -1],
    changed: () => changed++,
    fail: (message) => assert.fail(message),
  });
  const frame = (playing: boolean) => ({
    info: { data: { trainPoints: Float32Array.from([1, 2, 1, -3, 4, -1]) } },
    snapshot: {},
    playing,
  }) as unknown as Frame;
  const a = frame(true);
  layer.update(a, true, false);
  assert.equal(calls.length, 0, 'playing, not due: no request');
  layer.update(a, true, true);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls, [{ points: [1, 2, -3, 4], targets: [1, -1] }]);
  assert.deepEqual(Array.from(layer.arrows()!.gradients), [2, 4, -6, 8]);
  assert.equal(changed, 1);
  layer.update(a, true, true);
  assert.equal(calls.length, 1, 'the same snapshot is not asked twice');
  layer.update(frame(false), true, false);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(calls.length, 2, 'paused: a new snapshot is asked at once');
  layer.update(a, false, true);
  assert.equal(layer.arrows(), null, 'off: no arrows');
});
