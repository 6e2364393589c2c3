// The benchmark's workloads, shared by Node (bench/bench.mjs) and the browser page
// (bench/bench.html). Pure ESM: no Node imports. bench/bench_native.cpp runs the same four
// workloads with the same settings; keep the two in step (the orchestrator compares the
// parameter counts, training-row counts and the random data's checksum of both sides).

/** Timing settings shared by every runner (native reads them from its command line). */
export const TIMING = {
  warmupSeconds: 0.5, // untimed calls first: V8 tiers wasm up per call, caches and clocks settle
  seconds: 0.4, // one timed repetition (at least this long: whole calls)
  repetitions: 5, // the median of these is reported (about 2 s timed per cell)
  callMs: 10, // each step(k) call is calibrated to take about this long
};

// W1 and GRID: TensorFlow Playground's widest default-style network on the spiral.
const W1_NETWORK = {
  layers: [2, 8, 8, 8, 8, 8, 8, 1],
  activation: 'tanh',
  output: 'tanh',
  loss: 'mse',
  optimizer: 'sgd',
  learningRate: 0.03,
  batchSize: 10,
  seed: 1,
};
// 500 spiral points, all of them for training (trainRatio 1: no test set).
const SPIRAL = { name: 'spiral', count: 500, trainRatio: 1, noise: 0, seed: 1, features: ['x', 'y'] };

/**
 * kind 'train': samples/s = steps × batchSize / seconds of step(k) calls.
 * kind 'grid': grids/s of evaluateGrid(gridSize), after pretrainSteps steps of training.
 * data.kind 'dataset': engine.makeDataset(data.options); 'random': randomRows(data).
 */
export const WORKLOADS = [
  {
    id: 'W1',
    kind: 'train',
    title: '2-8x6-1 tanh, MSE, SGD, batch 10, 500 spiral points',
    network: W1_NETWORK,
    data: { kind: 'dataset', options: SPIRAL },
  },
  {
    id: 'W2',
    kind: 'train',
    title: '784-128-64-10 relu/softmax, softmax-ce, SGD, batch 64, 2048 random rows',
    network: {
      layers: [784, 128, 64, 10],
      activation: 'relu',
      output: 'softmax',
      loss: 'softmax-ce',
      init: 'he',
      optimizer: 'sgd',
      learningRate: 0.01,
      batchSize: 64,
      seed: 1,
    },
    // 2048 training rows + 256 test rows of 784 inputs uniform in [0, 1), one-hot over 10 classes.
    data: { kind: 'random', trainRows: 2048, testRows: 256, inputWidth: 784, classes: 10, seed: 20240601 },
  },
  {
    id: 'W3',
    kind: 'train',
    title: '2-64-64-1 tanh, MSE, SGD, batch 256, 500 spiral points',
    network: {
      layers: [2, 64, 64, 1],
      activation: 'tanh',
      output: 'tanh',
      loss: 'mse',
      optimizer: 'sgd',
      learningRate: 0.03,
      batchSize: 256,
      seed: 1,
    },
    data: { kind: 'dataset', options: SPIRAL },
  },
  {
    id: 'GRID',
    kind: 'grid',
    title: "evaluateGrid(100) of W1's network (every neuron on a 100x100 grid)",
    network: W1_NETWORK,
    data: { kind: 'dataset', options: SPIRAL },
    gridSize: 100,
    pretrainSteps: 500, // deterministic weights (bit-identical in every build) before timing
  },
];

/** mulberry32: a 32-bit generator that bench_native.cpp reproduces bit for bit. */
export function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * W2's rows: per row, inputWidth values (u >>> 8) × 2^-24 (uniform in [0, 1), exact in float32),
 * then one draw u % classes for the one-hot target. Train rows first, then test rows.
 */
export function randomRows({ trainRows, testRows, inputWidth, classes, seed }) {
  const next = mulberry32(seed);
  const part = (rows) => {
    const inputs = new Float32Array(rows * inputWidth);
    const targets = new Float32Array(rows * classes);
    for (let r = 0; r < rows; ++r) {
      for (let i = 0; i < inputWidth; ++i) inputs[r * inputWidth + i] = (next() >>> 8) * 2 ** -24;
      targets[r * classes + (next() % classes)] = 1;
    }
    return [inputs, targets];
  };
  const [trainInputs, trainTargets] = part(trainRows);
  const [testInputs, testTargets] = part(testRows);
  return { trainInputs, trainTargets, testInputs, testTargets, problem: 'classification', inputWidth };
}

/** FNV-1a 64 over the bits of the floats of every array, in order, as 16 hex digits. */
export function checksumFloats(...arrays) {
  let lo = 0x84222325, hi = 0xcbf29ce4; // 0xcbf29ce484222325 as two 32-bit halves
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; ++i) {
      lo ^= bytes[i];
      // × 0x100000001b3 = × 2^40 + × 0x1b3, modulo 2^64, in 16-bit limbs to stay exact.
      const l0 = lo & 0xffff, l1 = lo >>> 16, h0 = hi & 0xffff, h1 = hi >>> 16;
      let c0 = l0 * 0x1b3;
      let c1 = l1 * 0x1b3 + (c0 >>> 16);
      let c2 = h0 * 0x1b3 + (c1 >>> 16);
      let c3 = h1 * 0x1b3 + (c2 >>> 16);
      c2 = (c2 & 0xffff) + (l0 << 8); // 2^40 = 2^32 · 2^8: lo's limbs shifted into hi by 8 bits
      c3 = (c3 & 0xffff) + (l1 << 8) + (c2 >>> 16);
      lo = ((c1 & 0xffff) << 16) | (c0 & 0xffff);
      hi = ((c3 & 0xffff) << 16) | (c2 & 0xffff);
      lo >>>= 0;
      hi >>>= 0;
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Parameters of a fully connected network with these widths. */
export function parameterCount(layers) {
  let n = 0;
  for (let l = 1; l < layers.length; ++l) n += layers[l] * (layers[l - 1] + 1);
  return n;
}
