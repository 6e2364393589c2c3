// The engine's JS API: loadEngine() picks the SIMD or the baseline WebAssembly build and wraps
// the Embind classes (wasm/bindings.cpp) so that every failure is a JS Error with a message.
// Works in browsers, workers and Node (no flags). The contract is index.d.mts beside this file.

// A module whose one function uses i8x16 instructions: it validates only where SIMD works.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
const MAX_ARRAY_LENGTH = 1 << 24; // floats per array passed in (64 MiB)
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** True when this JS engine runs WebAssembly SIMD. */
export function simdSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

const modules = new Map(); // variant -> Promise<Engine>, one instance per page and variant

/**
 * Loads the engine once per variant; later calls return the same promise.
 * @param {{simd?: boolean}} [options] simd: force (true) or refuse (false) the SIMD build
 */
export function loadEngine(options = {}) {
  const simd = options.simd ?? simdSupported();
  if (simd && !simdSupported()) return Promise.reject(new Error('this JS engine does not support WebAssembly SIMD'));
  const variant = simd ? 'simd' : 'baseline';
  if (!modules.has(variant)) {
    const loading = instantiate(variant).then((module) => new Engine(module, variant));
    loading.catch(() => modules.delete(variant)); // a failed load can be retried
    modules.set(variant, loading);
  }
  return modules.get(variant);
}

async function instantiate(variant) {
  const { default: factory } =
    variant === 'simd' ? await import('./engine-simd.mjs') : await import('./engine-baseline.mjs');
  const wasmUrl = new URL(`./engine-${variant}.wasm`, import.meta.url);
  if (isNode) {
    // Emscripten 3.1.6's loader would fetch() a file path under Node: hand it the bytes.
    const fs = 'node:fs/promises';
    const { readFile } = await import(/* @vite-ignore */ fs);
    return factory({ wasmBinary: await readFile(wasmUrl) });
  }
  return factory({ locateFile: () => wasmUrl.href });
}

function fail(message) {
  throw new Error(message);
}

function json(value, what) {
  if (value === undefined) return '{}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object`);
  // JSON has no NaN or Infinity (stringify writes null, and the engine would quote "null"): the
  // first non-finite number is refused here, by its name and as given.
  let bad = null;
  const finite = function (key, v) {
    if (bad === null && typeof v === 'number' && !Number.isFinite(v)) bad = `${Array.isArray(this) ? `element ${key}` : `'${key}'`} must be a finite number (got ${v})`;
    return v;
  };
  let text;
  try {
    text = JSON.stringify(value, finite);
  } catch (error) {
    return fail(`${what} cannot be read as JSON: ${error.message}`);
  }
  return bad === null ? text : fail(`${what}: ${bad}`);
}

// Every JS value is read here, in JS, into plain numbers, strings and Float32Arrays before it
// reaches Embind: a getter or Proxy that throws then throws in JS, never through a C++ frame
// (where it would unwind with no cleanup and leak, ../shared/toolchain.md trap 5).
function read(object, key, what) {
  try {
    return object[key];
  } catch (error) {
    return fail(`${what} cannot be read: ${error?.message ?? String(error)}`);
  }
}

// A fresh Float32Array copy: never a view into the wasm heap, which the call may detach.
function floats(values, what) {
  let length;
  try {
    if (!(ArrayBuffer.isView(values) || Array.isArray(values))) fail(`${what} must be a Float32Array or an array of numbers`);
    length = values.length;
  } catch (error) {
    return fail(error.message.startsWith(what) ? error.message : `${what} cannot be read: ${error.message}`);
  }
  if (!Number.isInteger(length) || length < 0) fail(`${what} has no valid length`);
  if (length > MAX_ARRAY_LENGTH) fail(`${what} holds ${length} values (limit ${MAX_ARRAY_LENGTH})`);
  try {
    // A plain Float32Array whatever came in (a subclass could override length); typed arrays copy in bulk.
    return ArrayBuffer.isView(values) ? new Float32Array(values) : Float32Array.from(values);
  } catch (error) {
    return fail(`${what} cannot be read: ${error?.message ?? String(error)}`);
  }
}

// The data object of createSession as plain values: the rows, and what makeDataset adds.
function plainData(data) {
  const what = 'createSession(config, data): data';
  const rows = {};
  for (const key of ['trainInputs', 'trainTargets', 'testInputs', 'testTargets']) {
    const value = read(data, key, `data.${key}`);
    rows[key] = value === undefined && key.startsWith('test') ? new Float32Array(0) : floats(value, `data.${key}`);
  }
  const inputWidth = read(data, 'inputWidth', `${what}.inputWidth`);
  if (inputWidth !== undefined) rows.inputWidth = integer(inputWidth, 'data.inputWidth', 1, 1024);
  const classes = read(data, 'classes', `${what}.classes`);
  if (classes !== undefined) rows.classes = integer(classes, 'data.classes', 2, 10);
  for (const key of ['targetForm', 'problem']) {
    const value = read(data, key, `data.${key}`);
    if (value !== undefined && typeof value !== 'string') fail(`data.${key} must be a string (got ${typeof value})`);
    if (value !== undefined) rows[key] = value;
  }
  const features = read(data, 'features', 'data.features');
  if (features !== undefined) {
    if (!Array.isArray(features)) fail('data.features must be an array of feature names');
    const length = read(features, 'length', 'data.features');
    if (length > 1024) fail(`data.features holds ${length} names (limit 1024)`);
    rows.features = [];
    for (let i = 0; i < length; i++) {
      const name = read(features, i, `data.features[${i}]`);
      if (typeof name !== 'string') fail(`data.features[${i}] is not a feature name`);
      rows.features.push(name);
    }
  }
  return rows;
}

// Buffers leave the engine as copies: a Float32Array over the wasm heap would outlive the
// session (after delete() its memory holds the next session's numbers) and detach whenever the
// memory grows. Copying a 100x100 grid of 131 neurons takes well under a millisecond.
function copy(view) {
  return view.slice();
}

function integer(value, what, lo, hi) {
  if (!Number.isInteger(value) || value < lo || value > hi) fail(`${what} must be an integer from ${lo} to ${hi} (got ${String(value)})`);
  return value;
}

class Engine {
  #module;

  constructor(module, variant) {
    this.#module = module;
    /** 'simd' or 'baseline' */
    this.variant = variant;
    /** true when the SIMD build is in use */
    this.simd = variant === 'simd';
  }

  makeDataset(options) {
    const result = this.#module.makeDataset(json(options, 'makeDataset options'));
    if (result.error) fail(result.error);
    return result;
  }

  createSession(config, data) {
    if (data === null || typeof data !== 'object') fail('createSession(config, data): data must be what makeDataset returns or { trainInputs, trainTargets, testInputs, testTargets }');
    const rows = plainData(data);
    const result = this.#module.SessionHandle.create(json(config, 'the network config'), rows);
    if (result.error) fail(result.error);
    return new Session(result.session);
  }

  /** Bytes currently allocated on the engine's heap. */
  heapInUse() {
    return this.#module.heapInUse();
  }

  /** Bytes of engine memory; when it grows, views taken before are detached (length 0). */
  memorySize() {
    return this.#module.memorySize();
  }
}

class Session {
  #handle;
  #layers;

  constructor(handle) {
    this.#handle = handle;
    this.#layers = handle.layerCount();
  }

  #live() {
    return this.#handle ?? fail('this session was deleted');
  }

  #layer(l) {
    this.#live();
    return integer(l, 'layer index', 0, this.#layers - 1);
  }

  #check(result) {
    if (result.error) fail(result.error);
    return result;
  }

  /** Number of weight layers (hidden layers + 1). */
  get layerCount() {
    return this.#layers;
  }

  /** The validated configuration, with every default filled in. */
  get config() {
    return JSON.parse(this.#live().configJson());
  }

  get trainCount() {
    return this.#live().trainCount();
  }

  get testCount() {
    return this.#live().testCount();
  }

  /** Examples held in the workspace views (the last batch, or 1 after forward). */
  get rows() {
    return this.#live().rows();
  }

  /** Neurons in evaluateGrid's output: input features, then every layer's units. */
  get gridNeuronCount() {
    return this.#live().gridNeuronCount();
  }

  step(n = 1) {
    return this.#check(this.#live().step(integer(n, 'step(n): n', 0, 1e7)));
  }

  /** Like step(n) without the metrics: no forward pass over all examples afterwards. */
  train(n = 1) {
    const error = this.#live().train(integer(n, 'train(n): n', 0, 1e7));
    if (error) fail(error);
  }

  metrics() {
    return this.#live().metrics();
  }

  /**
   * Changes how training goes on, keeping the weights: learningRate, regularization,
   * regularizationRate, momentum, rho, beta1, beta2, epsilon (and init, seed for the next reset).
   */
  setHyperparameters(changes) {
    const h = this.#live();
    if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) fail('setHyperparameters needs an object');
    const error = h.reconfigure(json({ ...this.config, ...changes }, 'setHyperparameters'));
    if (error) fail(error);
  }

  reset(seed) {
    const h = this.#live();
    h.reset(seed === undefined ? this.config.seed : integer(seed, 'reset(seed): seed', 0, 4294967295));
  }

  weights(l) { return copy(this.#live().weights(this.#layer(l))); }
  biases(l) { return copy(this.#live().biases(this.#layer(l))); }
  weightGradients(l) { return copy(this.#live().weightGradients(this.#layer(l))); }
  biasGradients(l) { return copy(this.#live().biasGradients(this.#layer(l))); }
  preActivations(l) { return copy(this.#live().preActivations(this.#layer(l))); }
  activations(l) { return copy(this.#live().activations(this.#layer(l))); }
  deltas(l) { return copy(this.#live().deltas(this.#layer(l))); }
  inputs() { return copy(this.#live().inputs()); }
  targets() { return copy(this.#live().targets()); }
  parameters() { return copy(this.#live().parameters()); }
  gradients() { return copy(this.#live().gradients()); }
  moment1() { return copy(this.#live().moment1()); }
  moment2() { return copy(this.#live().moment2()); }

  setWeights(l, values) {
    const error = this.#live().setWeights(this.#layer(l), floats(values, 'setWeights(l, values): values'));
    if (error) fail(error);
  }

  setBiases(l, values) {
    const error = this.#live().setBiases(this.#layer(l), floats(values, 'setBiases(l, values): values'));
    if (error) fail(error);
  }

  computeGradients(inputs, targets) {
    const h = this.#live();
    return this.#check(h.computeGradients(floats(inputs, 'inputs'), floats(targets, 'targets'))).loss;
  }

  forward(input) {
    this.#check(this.#live().forward(floats(input, 'input')));
  }

  backward(target) {
    return this.#check(this.#live().backward(floats(target, 'target'))).loss;
  }

  /** Mean data loss over the examples; leaves every view as it was. */
  loss(inputs, targets) {
    const h = this.#live();
    return this.#check(h.loss(floats(inputs, 'inputs'), floats(targets, 'targets'))).loss;
  }

  /** ∂L/∂θ[index] of the mean data loss by finite differences in double precision. */
  numericalGradient(index, inputs, targets) {
    const h = this.#live();
    integer(index, 'numericalGradient: index', 0, 2 ** 32 - 1);
    return this.#check(h.numericalGradient(index, floats(inputs, 'inputs'), floats(targets, 'targets'))).gradient;
  }

  derivatives(l) { return copy(this.#live().derivatives(this.#layer(l))); }
  outputGradient() { return copy(this.#live().outputGradient()); }
  inputGradient() { return copy(this.#live().inputGradient()); }
  confusion() { return copy(this.#live().confusion()); }

  predict(inputs) {
    return copy(this.#check(this.#live().predict(floats(inputs, 'inputs'))).outputs);
  }

  inputGradients(inputs, targets) {
    const h = this.#live();
    return copy(this.#check(h.inputGradients(floats(inputs, 'inputs'), floats(targets, 'targets'))).gradients);
  }

  pointGradients(points, targets) {
    const h = this.#live();
    return copy(this.#check(h.pointGradients(floats(points, 'points'), floats(targets, 'targets'))).gradients);
  }

  update() {
    const error = this.#live().update();
    if (error) fail(error);
  }

  /**
   * Every neuron's output on an n×n grid, or those from neuron `first` on (the output units:
   * gridNeuronCount - outputs): a new Float32Array, or `out` filled (the hot path: one copy out
   * of the engine into memory the caller owns and may keep).
   */
  evaluateGrid(n, out, first = 0) {
    const h = this.#live();
    integer(n, 'evaluateGrid(n): n', 1, 1024);
    if (out !== undefined && out !== null && !(out instanceof Float32Array)) fail('evaluateGrid(n, out): out must be a Float32Array');
    integer(first, 'evaluateGrid(n, out, first): first', 0, 2 ** 31 - 1);
    const grid = this.#check(h.evaluateGrid(n, first, 0)).grid;
    if (out === undefined || out === null) return copy(grid);
    if (out.length < grid.length) fail(`evaluateGrid(${n}, out): out holds ${out.length} floats; the grid needs ${grid.length}`);
    out.set(grid);
    return out;
  }

  /**
   * One pass for a frame's two pictures: the neurons from `first` on at n×n (as evaluateGrid),
   * and every neuron at every `every`-th row and column of that grid, (n - 1) / every + 1 cells a
   * side: { grid, sample }, new arrays or `out` and `sampleOut` filled.
   */
  evaluateGrids(n, first, every, out, sampleOut) {
    const h = this.#live();
    integer(n, 'evaluateGrids(n): n', 1, 1024);
    integer(first, 'evaluateGrids(n, first): first', 0, 2 ** 31 - 1);
    integer(every, 'evaluateGrids(n, first, every): every', 1, 1023);
    for (const [name, a] of [['out', out], ['sampleOut', sampleOut]]) {
      if (a !== undefined && a !== null && !(a instanceof Float32Array)) fail(`evaluateGrids: ${name} must be a Float32Array`);
    }
    const { grid, sample } = this.#check(h.evaluateGrid(n, first, every));
    const fill = (target, from, name) => {
      if (target === undefined || target === null) return copy(from);
      if (target.length < from.length) fail(`evaluateGrids(${n}): ${name} holds ${target.length} floats; it needs ${from.length}`);
      target.set(from);
      return target;
    };
    return { grid: fill(out, grid, 'out'), sample: fill(sampleOut, sample, 'sampleOut') };
  }

  delete() {
    if (this.#handle) this.#handle.delete();
    this.#handle = null;
  }
}
