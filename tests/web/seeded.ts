// Test weights: n values in [-1.5, 1.5) from a linear congruential generator, the same for the same seed.
export function seededWeights(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v[i] = (s / 2 ** 32 - 0.5) * 3;
  }
  return v;
}
