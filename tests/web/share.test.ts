// Weights in links: bit-exact round trip, compact, and every kind of damage refused by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { packWeights, unpackWeights } from '../../web/src/share';

function weights(n: number): Float32Array {
  const v = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v[i] = (s / 2 ** 32 - 0.5) * 3;
  }
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
