// Runs the benchmark's workloads on one loaded engine (dist/engine's loadEngine result), in
// Node or in a browser page. Pure ESM: no Node imports.
//
// Method, per workload ("cell"):
//   - training: step(k) calls, k calibrated during an untimed warm-up (>= warmupSeconds) so
//     one call takes about callMs (longer where the metrics refresh below is slow: see
//     callTarget); then `repetitions` timed runs of at least `seconds` each; the median is
//     reported. samples/s = steps × batchSize / seconds.
//   - Session.step(k) returns metrics, and the engine recomputes them over every training and
//     test row at the end of each call (one forward pass over the whole data set). That cost
//     is measured on its own (reset(); metrics()) and reported: `samplesPerSecond` excludes it
//     (the training throughput), `apiSamplesPerSecond` is the raw step(k) figure including it.
//   - grid: evaluateGrid(n) calls after pretrainSteps steps; grids/s.
import { TIMING, randomRows, checksumFloats, parameterCount } from './workloads.mjs';

const now = () => performance.now();
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function makeData(engine, workload, cache) {
  const spec = workload.data;
  const key = JSON.stringify(spec);
  if (!cache.has(key)) {
    cache.set(key, spec.kind === 'random' ? randomRows(spec) : engine.makeDataset(spec.options));
  }
  return cache.get(key);
}

function checkFinite(metrics, what) {
  if (metrics.diverged) throw new Error(`${what}: training diverged during the benchmark (the figures would be meaningless)`);
}

/** Milliseconds step() spends per call recomputing the metrics: reset() makes them stale. */
function refreshMs(session) {
  const times = [];
  const end = now() + 150;
  while (times.length < 3 || (now() < end && times.length < 200)) {
    session.reset();
    const t0 = now();
    session.metrics();
    times.push(now() - t0);
  }
  return median(times);
}

/**
 * The training part of a timed call (without the metrics refresh) should take about callMs, or
 * 3 × the refresh where that is longer, so that the refresh stays a minor, subtracted share.
 */
const callTarget = (refresh, timing) => Math.max(timing.callMs, 3 * refresh);

/**
 * Untimed warm-up (>= warmupSeconds), growing k until the training part of a call reaches half
 * the target; returns the k for the timed calls and the warm refresh cost.
 */
function warmUp(session, timing, what) {
  const coldRefresh = refreshMs(session);
  let k = 1;
  const calls = [];
  const end = now() + timing.warmupSeconds * 1000;
  while (calls.length < 4 || now() < end) {
    const t0 = now();
    checkFinite(session.step(k), what);
    const ms = now() - t0;
    calls.push({ k, ms });
    const training = ms - coldRefresh, target = callTarget(coldRefresh, timing);
    if (training < target / 2 && k < 1e6) k *= training < target / 8 ? 4 : 2;
  }
  const refresh = refreshMs(session);
  const msPerStep = median(calls.slice(-3).map((c) => Math.max(c.ms - refresh, c.ms / 10) / c.k));
  return { k: Math.max(1, Math.min(1e6, Math.round(callTarget(refresh, timing) / msPerStep))), refresh };
}

function runTrain(engine, workload, timing, cache) {
  const data = makeData(engine, workload, cache);
  const session = engine.createSession(workload.network, data);
  try {
    const what = `${workload.id} (${engine.variant})`;
    const batch = session.config.batchSize;
    const { k, refresh } = warmUp(session, timing, what);
    const reps = [];
    for (let rep = 0; rep < timing.repetitions; ++rep) {
      let steps = 0, calls = 0;
      const t0 = now();
      let elapsed = 0;
      do {
        checkFinite(session.step(k), what);
        steps += k;
        ++calls;
        elapsed = now() - t0;
      } while (elapsed < timing.seconds * 1000);
      reps.push({ steps, calls, ms: elapsed });
    }
    const net = reps.map((r) => (r.steps * batch) / (Math.max(r.ms - r.calls * refresh, 1e-3) / 1000));
    const raw = reps.map((r) => (r.steps * batch) / (r.ms / 1000));
    return {
      workload: workload.id,
      samplesPerSecond: median(net),
      apiSamplesPerSecond: median(raw),
      stepsPerCall: k,
      msPerCall: median(reps.map((r) => r.ms / r.calls)),
      refreshMsPerCall: refresh,
      repetitions: net,
      trainCount: session.trainCount,
      testCount: session.testCount,
      parameterCount: session.parameters().length,
      ...(workload.data.kind === 'random'
        ? { dataChecksum: checksumFloats(data.trainInputs, data.trainTargets, data.testInputs, data.testTargets) }
        : {}),
    };
  } finally {
    session.delete();
  }
}

function runGrid(engine, workload, timing, cache) {
  const data = makeData(engine, workload, cache);
  const session = engine.createSession(workload.network, data);
  try {
    checkFinite(session.step(workload.pretrainSteps), `${workload.id} (${engine.variant})`);
    const n = workload.gridSize;
    const expected = session.gridNeuronCount * n * n;
    const end = now() + timing.warmupSeconds * 1000;
    for (let calls = 0; calls < 3 || now() < end; ++calls) {
      const grid = session.evaluateGrid(n);
      if (grid.length !== expected) throw new Error(`evaluateGrid(${n}) returned ${grid.length} values, expected ${expected}`);
    }
    const reps = [];
    for (let rep = 0; rep < timing.repetitions; ++rep) {
      let calls = 0;
      const t0 = now();
      let elapsed = 0;
      do {
        session.evaluateGrid(n);
        ++calls;
        elapsed = now() - t0;
      } while (elapsed < timing.seconds * 1000);
      reps.push(calls / (elapsed / 1000));
    }
    return {
      workload: workload.id,
      gridsPerSecond: median(reps),
      msPerCall: 1000 / median(reps),
      repetitions: reps,
      neurons: session.gridNeuronCount,
      parameterCount: session.parameters().length,
    };
  } finally {
    session.delete();
  }
}

/**
 * Runs the workloads on `engine`; returns one result per workload.
 * @param engine what loadEngine() resolved to
 * @param options { workloads, timing (overrides TIMING's fields), only: ids to run, log(text) }
 */
export async function runWorkloads(engine, options = {}) {
  const timing = { ...TIMING, ...(options.timing ?? {}) };
  const log = options.log ?? (() => {});
  const workloads = options.workloads.filter((w) => !options.only || options.only.includes(w.id));
  const cache = new Map();
  const results = [];
  for (const workload of workloads) {
    // Yield to the event loop between cells (lets a page or the orchestrator print progress).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const result = workload.kind === 'grid' ? runGrid(engine, workload, timing, cache) : runTrain(engine, workload, timing, cache);
    const expected = parameterCount(workload.network.layers);
    if (result.parameterCount !== expected) throw new Error(`${workload.id}: ${result.parameterCount} parameters, expected ${expected}`);
    const value = result.gridsPerSecond ?? result.samplesPerSecond;
    log(`${engine.variant} ${workload.id}: ${Math.round(value)} ${result.gridsPerSecond ? 'grids/s' : `samples/s (k ${result.stepsPerCall}, refresh ${result.refreshMsPerCall.toFixed(2)} ms/call)`}`);
    results.push(result);
  }
  return results;
}
