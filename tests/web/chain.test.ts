// The chain-rule panel's arithmetic: chainRule() on hand-made traces must list the paths a hand
// computation gives, and their sum must be the backprop gradient.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ExampleTrace } from '../../web/src/engine/protocol';
import { chainRule, startsAtOutputDelta } from '../../web/src/views/stepthrough/chain';

const close = (actual: number, expected: number, tolerance = 1e-6, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

/**
 * A trace as the engine would record it, computed here by plain backprop in double precision:
 * tanh everywhere, MSE (L = ½(a − t)²) unless `bce` (sigmoid output, δ_out = a − t).
 * weights[l] is (out, in) row-major.
 */
function makeTrace(widths: number[], weights: number[][], biases: number[][], input: number[], target: number[], bce = false): ExampleTrace {
  const L = widths.length - 1;
  const act = (l: number, z: number) => (bce && l === L - 1 ? 1 / (1 + Math.exp(-z)) : Math.tanh(z));
  const der = (l: number, a: number) => (bce && l === L - 1 ? a * (1 - a) : 1 - a * a);
  const zs: number[][] = [];
  const as: number[][] = [input];
  for (let l = 0; l < L; l++) {
    const z = Array.from({ length: widths[l + 1] }, (_, j) =>
      biases[l][j] + as[l].reduce((s, a, i) => s + weights[l][j * widths[l] + i] * a, 0));
    zs.push(z);
    as.push(z.map((v) => act(l, v)));
  }
  const out = as[L];
  const outputGradient = bce ? out.map((a, k) => (a - target[k]) / (a * (1 - a))) : out.map((a, k) => a - target[k]);
  const deltas: number[][] = [];
  deltas[L - 1] = bce ? out.map((a, k) => a - target[k]) : out.map((a, k) => outputGradient[k] * der(L - 1, a));
  for (let l = L - 2; l >= 0; l--) {
    deltas[l] = as[l + 1].map((a, j) =>
      der(l, a) * deltas[l + 1].reduce((s, d, k) => s + weights[l + 1][k * widths[l + 1] + j] * d, 0));
  }
  const loss = bce
    ? out.reduce((s, a, k) => s - (target[k] * Math.log(a) + (1 - target[k]) * Math.log(1 - a)), 0)
    : out.reduce((s, a, k) => s + 0.5 * (a - target[k]) ** 2, 0);
  return {
    input: Float32Array.from(input),
    target: Float32Array.from(target),
    loss,
    outputGradient: Float32Array.from(outputGradient),
    layers: Array.from({ length: L }, (_, l) => ({
      z: Float32Array.from(zs[l]),
      a: Float32Array.from(as[l + 1]),
      derivative: Float32Array.from(as[l + 1].map((a) => der(l, a))),
      delta: Float32Array.from(deltas[l]),
      weights: Float32Array.from(weights[l]),
      biases: Float32Array.from(biases[l]),
      weightGradients: Float32Array.from(deltas[l].flatMap((d) => as[l].map((a) => d * a))),
      biasGradients: Float32Array.from(deltas[l]),
    })),
  };
}

const mse = { startAtOutputDelta: false };

test('2-2-1 tanh: each weight has the hand-computed path product, equal to the engine gradient', () => {
  // x = 1, y = −2; hidden h1, h2; one output; target 1.
  const W0 = [0.5, -0.3, 0.2, 0.4];
  const b0 = [0.1, -0.1];
  const W1 = [0.7, -0.6];
  const b1 = [0.05];
  const trace = makeTrace([2, 2, 1], [W0, W1], [b0, b1], [1, -2], [1]);

  // By hand: z_h1 = 0.5·1 − 0.3·(−2) + 0.1 = 1.2, z_h2 = 0.2·1 + 0.4·(−2) − 0.1 = −0.7.
  const a1 = Math.tanh(1.2), a2 = Math.tanh(-0.7);
  const zOut = 0.7 * a1 - 0.6 * a2 + 0.05;
  const aOut = Math.tanh(zOut);
  const dLda = aOut - 1; // ½(a − t)² → a − t
  const fOut = 1 - aOut * aOut;

  // A first-layer weight: one path, x → h1 → out.
  const w = chainRule(trace, 0, 0, 1, mse); // from y (i = 1) into h1 (j = 0)
  assert.equal(w.pathCount, 1);
  assert.equal(w.paths.length, 1);
  assert.deepEqual(w.paths[0].factors.map((f) => f.kind), ['activation', 'derivative', 'weight', 'derivative', 'outputGradient']);
  const expected = [-2, 1 - a1 * a1, 0.7, fOut, dLda];
  w.paths[0].factors.forEach((f, k) => close(f.value, expected[k], 1e-6, `factor ${k} (${f.label})`));
  const product = -2 * (1 - a1 * a1) * 0.7 * fOut * dLda;
  close(w.paths[0].product, product, 1e-6, 'product');
  close(w.sum, product, 1e-6, 'sum');
  close(w.engineGradient, product, 1e-6, 'engine');
  assert.ok(Math.abs(w.difference) < 1e-6);
  assert.equal(w.restSum, 0);

  // An output weight: a_h2 · f′(z_out) · ∂L/∂a_out.
  const v = chainRule(trace, 1, 0, 1, mse);
  assert.equal(v.pathCount, 1);
  assert.deepEqual(v.paths[0].factors.map((f) => f.kind), ['activation', 'derivative', 'outputGradient']);
  close(v.sum, a2 * fOut * dLda, 1e-6, 'output weight');
  close(v.engineGradient, a2 * fOut * dLda, 1e-6, 'output weight (engine)');

  // Every weight agrees with backprop.
  for (const [layer, js, is] of [[0, 2, 2], [1, 1, 2]]) {
    for (let j = 0; j < js; j++) for (let i = 0; i < is; i++) {
      const r = chainRule(trace, layer, j, i, mse);
      close(r.sum, r.engineGradient, 1e-6, `layer ${layer} w${j}${i}`);
    }
  }
});

test('2-2-2-1: a first-layer weight has two paths, through each second-layer neuron', () => {
  const W = [[0.5, -0.3, 0.2, 0.4], [0.3, -0.8, 0.6, 0.1], [0.9, -0.4]];
  const b = [[0.1, -0.1], [0, 0.2], [0.05]];
  const trace = makeTrace([2, 2, 2, 1], W, b, [0.5, 1.5], [-1]);
  const r = chainRule(trace, 0, 1, 0, mse); // x → h1.2
  assert.equal(r.pathCount, 2);
  const [a1, a2, a3] = [trace.layers[0].a, trace.layers[1].a, trace.layers[2].a];
  const f = (a: number) => 1 - a * a;
  const dLda = a3[0] + 1;
  // x · f′(h1.2) · w(h1.2→h2.k) · f′(h2.k) · w(h2.k→out) · f′(out) · ∂L/∂a
  const through = (k: number) => 0.5 * f(a1[1]) * W[1][k * 2 + 1] * f(a2[k]) * W[2][k] * f(a3[0]) * dLda;
  const byHand = [through(0), through(1)].sort((p, q) => Math.abs(q) - Math.abs(p));
  close(r.paths[0].product, byHand[0], 1e-6, 'largest path');
  close(r.paths[1].product, byHand[1], 1e-6, 'second path');
  close(r.sum, byHand[0] + byHand[1], 1e-6, 'sum');
  close(r.sum, r.engineGradient, 1e-6, 'engine');
  assert.equal(r.paths[0].factors.length, 7);
});

test('cross-entropy starts the chain at δ_out = a − t', () => {
  assert.equal(startsAtOutputDelta('bce', 'sigmoid'), true);
  assert.equal(startsAtOutputDelta('mse', 'tanh'), false);
  const trace = makeTrace([2, 2, 1], [[0.5, -0.3, 0.2, 0.4], [0.7, -0.6]], [[0.1, -0.1], [0.05]], [1, -2], [1], true);
  const r = chainRule(trace, 0, 0, 0, { startAtOutputDelta: true });
  assert.deepEqual(r.paths[0].factors.map((f) => f.kind), ['activation', 'derivative', 'weight', 'outputDelta']);
  close(r.paths[0].factors[3].value, trace.layers[1].a[0] - 1, 1e-6, 'δ_out = a − t');
  close(r.sum, r.engineGradient, 1e-6, 'engine');
});

test('more than 16 paths: the 16 largest by |product|, and the rest summed', () => {
  // 1-4-6-5-1: a first-layer weight has 6 · 5 = 30 paths.
  const widths = [1, 4, 6, 5, 1];
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const W = widths.slice(1).map((w, l) => Array.from({ length: w * widths[l] }, random));
  const b = widths.slice(1).map((w) => Array.from({ length: w }, () => 0.1 * random()));
  const trace = makeTrace(widths, W, b, [0.8], [1]);
  const r = chainRule(trace, 0, 2, 0, mse);
  assert.equal(r.pathCount, 30);
  assert.equal(r.paths.length, 16);

  // Every path by brute force, from the same float32 factors.
  const all: number[] = [];
  const [h1, h2, h3, out] = trace.layers;
  for (let k = 0; k < 6; k++) for (let m = 0; m < 5; m++) {
    all.push(trace.input[0] * h1.derivative[2] * h2.weights[k * 4 + 2] * h2.derivative[k] * h3.weights[m * 6 + k] *
      h3.derivative[m] * out.weights[m] * out.derivative[0] * trace.outputGradient[0]);
  }
  all.sort((p, q) => Math.abs(q) - Math.abs(p));
  r.paths.forEach((p, n) => close(p.product, all[n], 1e-9, `path ${n}`));
  const total = all.reduce((s, p) => s + p, 0);
  close(r.sum, total, 1e-9, 'sum');
  close(r.restSum, all.slice(16).reduce((s, p) => s + p, 0), 1e-9, 'rest');
  close(r.sum, r.engineGradient, 1e-5, 'engine');
});
