// The seeded train/test split every real data set uses: the rows in a shuffled order that is
// the same for the same seed everywhere (the page, the tests, a shared link), the first
// round(share × count) for training and the rest for testing.

/** mulberry32: the split's shuffle, the same for the same seed everywhere. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Row indexes 0 .. count - 1 in a seeded random order (Fisher–Yates). */
export function seededOrder(count: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const next = random(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Which rows train and which test: at least one training row, the rest by the share. */
export function splitRows(count: number, trainRatio: number, seed: number): { trainIndex: Uint32Array; testIndex: Uint32Array } {
  if (!(trainRatio > 0 && trainRatio <= 1)) throw new Error(`the training share must be in (0, 1] (got ${trainRatio})`);
  const order = seededOrder(count, seed);
  const trainCount = Math.max(1, Math.round(trainRatio * count));
  return { trainIndex: order.slice(0, trainCount), testIndex: order.slice(trainCount) };
}
