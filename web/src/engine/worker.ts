// The engine's own thread: it holds the WebAssembly module and every session of the page, so
// training and grid evaluation never block input. Reached only through bridge.ts.
import { loadEngine } from '../../../dist/engine/index.mjs';
import type { Engine, RowData, Session } from '../../../wasm/index.d.mts';
import { NO_GRIDS, type GridSpec, type Method, type Reply, type Request, type Snapshot, type WorkerApi } from './protocol';

const enginePromise: Promise<Engine> = loadEngine();
const sessions = new Map<number, Session>();

function session(id: number): Session {
  const s = sessions.get(id);
  if (!s) throw new Error(`no session ${id}`);
  return s;
}

function gradientNorms(s: Session): number[] {
  const norms: number[] = [];
  for (let l = 0; l < s.layerCount; l++) {
    let sum = 0;
    for (const g of s.weightGradients(l)) sum += g * g;
    norms.push(Math.sqrt(sum));
  }
  return norms;
}

// Every parameter [W0 b0 W1 b1 ...] through setWeights/setBiases, which validate each value.
function writeParameters(s: Session, values: ArrayLike<number>): void {
  let offset = 0;
  for (let l = 0; l < s.layerCount; l++) {
    const w = s.weights(l).length, b = s.biases(l).length;
    s.setWeights(l, Array.from({ length: w }, (_, i) => values[offset + i]));
    s.setBiases(l, Array.from({ length: b }, (_, i) => values[offset + w + i]));
    offset += w + b;
  }
}

/**
 * A frame's grids: the output units at grids.output² (the engine computes every layer, the
 * output needs them, but writes and copies only the output's block), and every neuron at
 * grids.neurons². When the thumbnails' cells are every k-th cell of the output's grid
 * ((output - 1) a multiple of (neurons - 1): 34 of 100, every third), they come from the same
 * pass (evaluateGrids) instead of a second one: at the largest network the sample costs about
 * half of that second 34² pass (~0.5 ms of the worker's frame saved).
 */
function frameGrids(s: Session, grids: GridSpec): { output: Float32Array | null; grid: Float32Array | null } {
  const units = s.config.layers[s.config.layers.length - 1];
  const first = s.gridNeuronCount - units;
  const { output: n, neurons: m } = grids;
  if (n > 0 && m > 1 && m <= n && (n - 1) % (m - 1) === 0) {
    const { grid, sample } = s.evaluateGrids(n, first, (n - 1) / (m - 1));
    return { output: grid, grid: sample };
  }
  return {
    output: n > 0 ? s.evaluateGrid(n, null, first) : null,
    grid: m > 0 ? s.evaluateGrid(m) : null,
  };
}

function snapshot(s: Session, grids: GridSpec, stepsCost = 0, ahead = 0): Snapshot {
  const start = performance.now();
  const { output, grid } = frameGrids(s, grids);
  return {
    metrics: s.metrics(),
    confusion: s.confusion(), // (after metrics(), which counts it)
    parameters: s.parameters(),
    gradients: s.gradients(),
    gradientNorms: gradientNorms(s),
    grid,
    gridSize: grids.neurons,
    output,
    outputSize: grids.output,
    cost: { steps: stepsCost, grids: performance.now() - start },
    ahead,
  };
}

/**
 * `steps` updates, or fewer once `budget` ms have gone: in chunks sized from the time per step
 * measured so far (train() skips the per-call metrics pass; snapshot() measures once at the end).
 * Returns the ms spent and the steps taken.
 */
function train(s: Session, steps: number, budget: number): { cost: number; done: number } {
  const start = performance.now();
  if (!(budget < Infinity)) {
    s.train(steps);
    return { cost: performance.now() - start, done: steps };
  }
  let done = 0;
  let chunk = Math.min(steps, 4);
  while (done < steps) {
    s.train(chunk);
    done += chunk;
    const spent = performance.now() - start;
    if (spent >= budget) break; // (a diverged session takes no more steps: the rest is a few empty calls)
    const perStep = spent / done;
    chunk = Math.max(1, Math.min(steps - done, Math.floor((budget - spent) / Math.max(perStep, 1e-3))));
  }
  return { cost: performance.now() - start, done };
}

// Training ahead. A playing frame's request trains within its budget, so that its grids and its
// reply come before the page's next frame; the steps it leaves (at speed 10 on the largest
// network, most of them) are trained here after the reply, while the page draws and the worker
// would otherwise wait, in slices of AHEAD_SLICE ms. Any request stops it (scope.onmessage), so
// the next frame's grids wait at most a slice and are computed on the newest weights.
// It stops AHEAD_UNTIL ms after its frame's request came, whatever is left: a worker that never
// sleeps loses the scheduler's favour to the page's threads on two cores, and its next replies
// come late (at speed 10 on the largest network, 0.93-0.95 new results a frame with the worker
// busy 87 % of the time).
const AHEAD_SLICE = 1;
const AHEAD_UNTIL = 14;
let ahead: { s: Session; rest: number; until: number } | null = null;
const tick = new MessageChannel();
tick.port1.onmessage = () => {
  if (!ahead) return;
  const { done } = train(ahead.s, ahead.rest, Math.min(AHEAD_SLICE, ahead.until - performance.now()));
  ahead.rest -= done;
  // (a diverged session's steps are empty calls: it ends at once)
  if (ahead.rest > 0 && performance.now() < ahead.until) tick.port2.postMessage(0);
  else ahead = null;
};

function makeApi(engine: Engine): WorkerApi {
  return {
    info: () => ({ simd: engine.simd, variant: engine.variant }),
    create(id, network, data) {
      const dataset = 'trainInputs' in data ? null : engine.makeDataset(data);
      const s = engine.createSession(network, dataset ?? (data as RowData));
      sessions.get(id)?.delete();
      sessions.set(id, s);
      return { config: s.config, layerCount: s.layerCount, gridNeuronCount: s.gridNeuronCount, data: dataset };
    },
    destroy(id) {
      sessions.get(id)?.delete();
      sessions.delete(id);
    },
    frame(id, steps, grids, budget = Infinity) {
      const came = performance.now();
      const s = session(id);
      const { cost, done } = steps > 0 ? train(s, steps, budget) : { cost: 0, done: 0 };
      const rest = steps - done;
      if (rest > 0) {
        ahead = { s, rest, until: came + AHEAD_UNTIL };
        tick.port2.postMessage(0); // after this reply has gone
      }
      return snapshot(s, grids, cost, rest);
    },
    reset(id, seed) {
      const s = session(id);
      s.reset(seed);
      return snapshot(s, NO_GRIDS);
    },
    setHyperparameters: (id, changes) => session(id).setHyperparameters(changes),
    setParameter(id, index, value) {
      const s = session(id);
      const values = s.parameters();
      if (!Number.isInteger(index) || index < 0 || index >= values.length) throw new Error(`no parameter ${index}`);
      values[index] = value;
      writeParameters(s, values);
      return snapshot(s, NO_GRIDS);
    },
    setParameters(id, values) {
      const s = session(id);
      if (!Array.isArray(values) || values.length !== s.parameters().length)
        throw new Error(`setParameters needs ${s.parameters().length} numbers (got ${Array.isArray(values) ? values.length : typeof values})`);
      writeParameters(s, values);
      return snapshot(s, NO_GRIDS);
    },
    view: (id, name, layer) => session(id)[name](layer),
    parameters: (id) => session(id).parameters(),
    gradients: (id) => session(id).gradients(),
    forward: (id, input) => session(id).forward(input),
    backward: (id, target) => session(id).backward(target),
    update: (id) => session(id).update(),
    computeGradients: (id, inputs, targets) => session(id).computeGradients(inputs, targets),
    trace(id, input, target) {
      const s = session(id);
      s.forward(input);
      const loss = s.backward(target);
      const layers = [];
      for (let l = 0; l < s.layerCount; l++) {
        layers.push({
          z: s.preActivations(l), a: s.activations(l), derivative: s.derivatives(l),
          delta: s.deltas(l), weights: s.weights(l), biases: s.biases(l),
          weightGradients: s.weightGradients(l), biasGradients: s.biasGradients(l),
        });
      }
      return { input: s.inputs(), target: s.targets(), loss, outputGradient: s.outputGradient(), layers };
    },
    updateFromTrace(id, input, target) {
      const s = session(id);
      const before = s.parameters();
      const lossBefore = s.loss(input, target);
      s.update();
      const after = s.parameters();
      return { before, after, lossBefore, lossAfter: s.loss(input, target), snapshot: snapshot(s, NO_GRIDS) };
    },
    numericalGradient: (id, index, inputs, targets) => session(id).numericalGradient(index, inputs, targets),
    predict: (id, inputs) => session(id).predict(inputs),
    pointGradients: (id, points, targets) => session(id).pointGradients(points, targets),
    inputGradients: (id, inputs, targets) => session(id).inputGradients(inputs, targets),
  };
}

// Typed arrays in a result travel as transferred buffers: no second copy.
function transferables(value: unknown, out: Transferable[] = []): Transferable[] {
  if (ArrayBuffer.isView(value)) out.push(value.buffer as ArrayBuffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return out;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<Request>) => {
  const { call, method, args } = event.data;
  ahead = null; // a request: the steps left over from the frame before are not trained
  let reply: Reply;
  try {
    const api = makeApi(await enginePromise);
    const fn = api[method as Method] as (...a: unknown[]) => unknown;
    if (typeof fn !== 'function') throw new Error(`unknown method ${String(method)}`);
    reply = { call, result: fn(...(args as unknown[])) };
  } catch (error) {
    // A trap (out-of-bounds access, Aborted()) may have left the module half-written: the
    // bridge replaces this worker rather than let another call run on that memory.
    const fatal = error instanceof WebAssembly.RuntimeError;
    reply = { call, error: error instanceof Error ? error.message : String(error), ...(fatal ? { fatal } : {}) };
  }
  scope.postMessage(reply, 'result' in reply ? transferables(reply.result) : []);
};
