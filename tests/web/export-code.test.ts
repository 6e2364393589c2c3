// "Export as code" against the real engine: the NumPy script, run by Debian's python3 with
// python3-numpy, predicts every point of the engine's 100 × 100 grid within 1e-5 of evaluateGrid
// (tanh, ReLU, sigmoid, leaky ReLU, softplus and linear layers; tanh, sigmoid, softmax and linear
// heads; every feature), holds the engine's weights bit for bit, and gives a table's and the
// digits' predictions from raw rows. The PyTorch script compiles; where the machine has torch it
// also takes the engine's own training steps for each optimizer, and its training run starts
// from the engine's loss on the page's data (its "Data points (CSV)", the digits file, the table).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import type { Session } from '../../wasm/index.d.mts';
import { loadEngine } from '../../dist/engine/index.mjs';
import { gunzipText, parseDigits, splitDigits } from '../../web/src/data/digits';
import { penguinsData } from '../../web/src/data/penguins';
import { loadData, type LoadedData } from '../../web/src/data/sources';
import { splitTable } from '../../web/src/data/table';
import { pointsCsv } from '../../web/src/export';
import { codeProblem, type CodeSource } from '../../web/src/export-code';
import { numpyScript } from '../../web/src/export-numpy';
import { torchScript } from '../../web/src/export-torch';
import { datasetOptions, encodeLabel, networkConfig } from '../../web/src/model';
import { predictedClasses } from '../../web/src/problems';
import { defaultState, parseHash, toHash, type State } from '../../web/src/state';

const engine = await loadEngine();
/** Debian's python3 with python3-numpy (apt-get install python3-numpy), or any python3 that has NumPy. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0) ?? null;
const TORCH = PYTHON !== null && spawnSync(PYTHON, ['-c', 'import torch']).status === 0;
const NO_TORCH = 'this machine\'s python3 has no torch (apt-get install python3-torch to run the PyTorch script too)';
const work = mkdtempSync(join(tmpdir(), 'bp-export-code-'));
after(() => rmSync(work, { recursive: true, force: true }));
const N = 100;

function python(dir: string, args: string[], input?: string): string {
  if (!PYTHON) assert.fail('no python3 with NumPy on this machine: apt-get install -y python3-numpy');
  return execFileSync(PYTHON, args, { cwd: dir, input, encoding: 'utf8', timeout: 120_000 });
}

/** A folder with the source's scripts as network.py and network_torch.py, both compiled. */
function scripts(name: string, source: CodeSource): string {
  assert.equal(codeProblem(source), null);
  const dir = join(work, name.replace(/\W+/g, '-'));
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'network.py'), numpyScript(source));
  writeFileSync(join(dir, 'network_torch.py'), torchScript(source));
  python(dir, ['-m', 'py_compile', 'network.py', 'network_torch.py']);
  return dir;
}

const floats = (dir: string, file: string) => new Float32Array(new Uint8Array(readFileSync(join(dir, file))).buffer);
const doubles = (dir: string, file: string) => new Float64Array(new Uint8Array(readFileSync(join(dir, file))).buffer);

function planeSession(hash: string, steps: number): { state: State; session: Session; source: CodeSource } {
  const { state, problems } = parseHash(hash);
  assert.deepEqual(problems, []);
  const session = engine.createSession(networkConfig(state), engine.makeDataset(datasetOptions(state)));
  session.train(steps);
  const source = { state, config: session.config, parameters: session.parameters(), loaded: null, link: `http://127.0.0.1/${toHash(state)}`, step: steps };
  return { state, session, source };
}

/** The engine's grid points, cell by cell (row 0 at y = 6): x = -6 + step·col, y = 6 - step·row in float32. */
function gridPoints(n: number): { xs: Float32Array; ys: Float32Array } {
  const step = Math.fround(12 / (n - 1));
  const xs = new Float32Array(n * n), ys = new Float32Array(n * n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      xs[row * n + col] = Math.fround(-6 + Math.fround(step * col));
      ys[row * n + col] = Math.fround(6 - Math.fround(step * row));
    }
  }
  return { xs, ys };
}

/** max |script - engine| over the grid's cells and output units; the script's (cells, units) against the engine's (units, cells). */
function largestDifference(script: Float32Array, engineGrid: Float32Array, units: number): number {
  const cells = N * N;
  assert.equal(script.length, cells * units);
  let largest = 0;
  for (let c = 0; c < cells; c++) {
    for (let k = 0; k < units; k++) largest = Math.max(largest, Math.abs(script[c * units + k] - engineGrid[k * cells + c]));
  }
  return Number.isNaN(largest) ? Infinity : largest;
}

const GRID_DRIVER = `
import sys
import numpy as np
sys.path.insert(0, '.')
from network import predict, grid
import network
xs, ys = np.fromfile('xs.f32', dtype=np.float32), np.fromfile('ys.f32', dtype=np.float32)
np.asarray(predict(xs, ys), dtype=np.float32).tofile('points.f32')
np.asarray(grid(${N}), dtype=np.float32).tofile('grid.f32')
layers = [(getattr(network, f'W{l}'), getattr(network, f'b{l}')) for l in range(1, 100) if hasattr(network, f'W{l}')]
assert all(w.dtype == np.float32 and b.dtype == np.float32 for w, b in layers)
np.concatenate([np.concatenate([w.ravel(), b]) for w, b in layers]).tofile('parameters.f32')
`;

const PLANE_CASES: { name: string; hash: string }[] = [
  { name: 'tanh hidden layers, tanh output under squared error (circle)', hash: '#dataset=circle&activation=tanh&networkShape=4,2' },
  { name: 'ReLU hidden layers, sigmoid output under cross-entropy, x·y and sin x (xor)',
    hash: '#dataset=xor&activation=relu&networkShape=6,3&xTimesY=true&sinX=true&loss=cross-entropy&learningRate=0.1' },
  { name: 'sigmoid hidden layers on all seven features, L1 (spiral)',
    hash: '#dataset=spiral&activation=sigmoid&networkShape=8,4&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true&regularization=L1&regularizationRate=0.001&learningRate=0.3' },
  { name: 'softmax over 3 classes under softmax cross-entropy, tanh then ReLU, x² and sin y, Adam',
    hash: '#problem=multiclass&dataset=spiral&classes=3&networkShape=8,6&layerActivations=tanh,relu&xSquared=true&sinY=true&optimizer=adam&learningRate=0.01' },
  { name: 'softmax over 5 classes under squared error, leaky ReLU then softplus, momentum',
    hash: '#problem=multiclass&dataset=blobs&classes=5&loss=mse&networkShape=6,5&layerActivations=leaky-relu,softplus&optimizer=momentum&learningRate=0.03' },
  { name: 'linear output (regression), linear then tanh hidden layers, y², RMSProp, L2',
    hash: '#problem=regression&regDataset=reg-gauss&networkShape=5,3&layerActivations=linear,tanh&ySquared=true&optimizer=rmsprop&learningRate=0.003&regularization=L2&regularizationRate=0.003' },
  { name: 'no hidden layer, sin x (gauss)', hash: '#dataset=gauss&networkShape=&sinX=true' },
];

const { xs, ys } = gridPoints(N);
for (const { name, hash } of PLANE_CASES) {
  test(`NumPy: ${name}: every point of the 100 × 100 grid within 1e-5 of the engine, the weights bit for bit`, (t) => {
    const { session, source } = planeSession(hash, 400);
    const dir = scripts(name, source);
    writeFileSync(join(dir, 'xs.f32'), xs);
    writeFileSync(join(dir, 'ys.f32'), ys);
    python(dir, ['-c', GRID_DRIVER]);
    const units = session.config.layers.at(-1)!;
    const engineGrid = session.evaluateGrid(N, null, session.gridNeuronCount - units);
    const points = largestDifference(floats(dir, 'points.f32'), engineGrid, units);
    const grid = largestDifference(floats(dir, 'grid.f32'), engineGrid, units);
    t.diagnostic(`${name}: max |difference| ${points.toExponential(2)} (grid() ${grid.toExponential(2)})`);
    assert.ok(points <= 1e-5, `max |difference| ${points}`);
    assert.ok(grid <= 1e-5, `grid(): max |difference| ${grid}`);
    assert.deepEqual(new Uint32Array(floats(dir, 'parameters.f32').buffer), new Uint32Array(session.parameters().buffer), 'the weights, bit for bit');

    // Run as a script, it prints its predictions: the one at (0, 0) is the engine's.
    const printed = python(dir, ['network.py']);
    assert.equal(printed.trim().split('\n').length, 4, printed);
    const atOrigin = session.predict(new Float32Array(session.config.layers[0])); // every feature of (0, 0) is 0
    const shown = printed.match(/predict\(0\.0, 0\.0\) = \[?([^\]\n(]+)/)![1].trim().split(/\s+/).map(Number);
    shown.forEach((v, k) => assert.ok(Math.abs(v - atOrigin[k]) <= 1e-5, `printed ${v}, the engine ${atOrigin[k]}`));

    // The comparison can fail: the untrained weights' script is far from the trained engine.
    if (name.startsWith('tanh')) {
      session.reset();
      writeFileSync(join(dir, 'network.py'), numpyScript({ ...source, parameters: session.parameters() }));
      python(dir, ['-c', GRID_DRIVER]);
      assert.ok(largestDifference(floats(dir, 'points.f32'), engineGrid, units) > 1e-2, 'other weights, other predictions');
    }
  });
}

/** A table's or the digits' session trained on the page's split, and its source. */
function rowsSession(state: State, loaded: LoadedData, steps: number): { session: Session; source: CodeSource } {
  const session = engine.createSession(networkConfig(state), loaded.split);
  session.train(steps);
  return { session, source: { state, config: session.config, parameters: session.parameters(), loaded, link: `http://127.0.0.1/${toHash(state)}`, step: steps } };
}

const ROWS_DRIVER = `
import json, sys
import numpy as np
sys.path.insert(0, '.')
import network
rows = np.fromfile('rows.f32', dtype=np.float32).reshape(-1, int(sys.argv[1]))
out = np.asarray(network.predict(rows), dtype=np.float64)
out.tofile('out.f64')
extra = {'one': np.asarray(network.predict(rows[0]), dtype=np.float64).tolist()}
if hasattr(network, 'COLUMNS'):
    extra['dict'] = np.asarray(network.predict(dict(zip(network.COLUMNS, rows[0].tolist()))), dtype=np.float64).tolist()
if hasattr(network, 'classify'):
    extra['classes'] = [str(c) for c in network.classify(rows)]
print(json.dumps(extra))
`;

function compareRows(dir: string, rows: Float32Array, width: number, expected: ArrayLike<number>): { largest: number; extra: { one: number[] | number; dict?: number[] | number; classes?: string[] } } {
  writeFileSync(join(dir, 'rows.f32'), rows);
  const extra = JSON.parse(python(dir, ['-c', ROWS_DRIVER, String(width)]));
  const out = doubles(dir, 'out.f64');
  assert.equal(out.length, expected.length);
  let largest = 0;
  out.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - expected[i]))));
  return { largest: Number.isNaN(largest) ? Infinity : largest, extra };
}

/** Raw rows of `inputs` (count, width) at `index`. */
function pick(inputs: ArrayLike<number>, width: number, index: ArrayLike<number>): Float32Array {
  const out = new Float32Array(index.length * width);
  for (let r = 0; r < index.length; r++) for (let f = 0; f < width; f++) out[r * width + f] = inputs[index[r] * width + f];
  return out;
}

const penguinsText = readFileSync(new URL('../../web/data/penguins.csv', import.meta.url), 'utf8');

function penguins(hash: string): { state: State; loaded: LoadedData } {
  const { state } = parseHash(hash);
  const data = penguinsData(penguinsText);
  return { state, loaded: { kind: 'table', name: 'penguins', data, split: splitTable(data, state.percTrainData / 100, state.seed, state.standardize) } };
}

async function digits(hash: string): Promise<{ state: State; loaded: LoadedData }> {
  const { state } = parseHash(hash);
  const images = parseDigits(await gunzipText(new Uint8Array(readFileSync(new URL('../../web/data/digits.csv.gz', import.meta.url)))));
  return { state, loaded: { kind: 'image', digits: images, split: splitDigits(images, state.percTrainData / 100, state.seed) } };
}

test('NumPy, penguins: predict() of the raw measurements (standardized inside) gives the engine\'s probabilities and classes', (t) => {
  const { state, loaded } = penguins('#dataset=penguins&percTrainData=70&seed=3');
  const { session, source } = rowsSession(state, loaded, 300);
  if (loaded.kind !== 'table') throw new Error('a table');
  const dir = scripts('penguins', source);
  const raw = pick(loaded.data.inputs, 4, loaded.split.testIndex);
  const expected = session.predict(loaded.split.testInputs);
  const { largest, extra } = compareRows(dir, raw, 4, expected);
  t.diagnostic(`penguins (softmax, standardized): max |difference| ${largest.toExponential(2)} over ${loaded.split.testIndex.length} test rows`);
  assert.ok(largest <= 1e-5, `max |difference| ${largest}`);
  assert.deepEqual(extra.dict, extra.one, 'a row by its columns\' names');
  assert.deepEqual(extra.classes, predictedClasses(expected, 3, 'softmax').map((k) => loaded.data.classes[k]));
  assert.match(python(dir, ['network.py']), /predict\(EXAMPLE\) = \[[^\]]+\]\nclassify\(EXAMPLE\) = (Adelie|Gentoo|Chinstrap)\nits true species: Adelie/);
});

test('NumPy, your own table: a regression target standardized by the page comes back in its own units', async (t) => {
  const lines = ['id,a,b,c,y'];
  let s = 11;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [next(), next(), next()];
    lines.push(`${i},${a.toFixed(4)},${(b * 50).toFixed(2)},${c.toFixed(3)},${(3 * a * b + 40 * c + 7).toFixed(3)}`);
  }
  const base: State = { ...defaultState(), problem: 'regression', regDataset: 'table', networkShape: [6], init: 'glorot', learningRate: 0.01,
    table: lines.join('\n'), tableTarget: 'y', tableSkip: ['id'] };
  const { state, problems } = parseHash(toHash(base));
  assert.deepEqual(problems, []);
  const loaded = await loadData('table', state);
  if (loaded.kind !== 'table') throw new Error('a table');
  assert.ok(loaded.split.targetScale && loaded.split.scale);
  const { session, source } = rowsSession(state, loaded, 600);
  const dir = scripts('own-table', source);
  const z = session.predict(loaded.split.testInputs);
  const { mean, sd } = loaded.split.targetScale!;
  const expected = Array.from(z, (v) => v * sd[0] + mean[0]);
  const { largest, extra } = compareRows(dir, pick(loaded.data.inputs, 3, loaded.split.testIndex), 3, expected);
  const relative = largest / sd[0];
  t.diagnostic(`your table (linear head, regression): max |difference| ${largest.toExponential(2)} in y's units (sd ${sd[0].toFixed(2)}): ${relative.toExponential(2)} standard deviations`);
  assert.ok(relative <= 1e-5, `max |difference| ${largest} (${relative} sd)`);
  assert.equal(extra.classes, undefined, 'no classes for a value');
});

test('NumPy, digits: predict() of 64 pixel counts gives the engine\'s ten probabilities', async (t) => {
  const { state, loaded } = await digits('#dataset=digits&seed=2');
  if (loaded.kind !== 'image') throw new Error('images');
  const { session, source } = rowsSession(state, loaded, 300);
  const dir = scripts('digits', source);
  const counts = pick(loaded.digits.images, 64, loaded.split.testIndex);
  const expected = session.predict(loaded.split.testInputs);
  const { largest, extra } = compareRows(dir, counts, 64, expected);
  t.diagnostic(`digits (64-32-10 softmax): max |difference| ${largest.toExponential(2)} over ${loaded.split.testIndex.length} test digits`);
  assert.ok(largest <= 1e-5, `max |difference| ${largest}`);
  assert.deepEqual(extra.classes, predictedClasses(expected, 10, 'softmax').map(String));
});

// ---- PyTorch ------------------------------------------------------------------------------

const STEPS_DRIVER = `
import sys
import torch
sys.path.insert(0, '.')
import network_torch as m
points = torch.tensor([float(v) for v in open('points.txt').read().split()]).reshape(-1, 3)
targets = torch.tensor([float(v) for v in open('targets.txt').read().split()]).reshape(len(points), -1)
x = m.features(points[:, 0], points[:, 1])
model = m.Network()
optimizer = m.make_optimizer(model)
for start in range(0, len(points), m.BATCH_SIZE):
    m.train_step(model, optimizer, x[start:start + m.BATCH_SIZE], targets[start:start + m.BATCH_SIZE])
flat = torch.cat([torch.cat([l.weight.detach().reshape(-1), l.bias.detach()]) for l in model.layers])
print(' '.join(repr(float(v)) for v in flat))
`;

const TORCH_CASES = [
  '#dataset=circle&networkShape=4,2&regularization=L2&regularizationRate=0.01&learningRate=0.1',
  '#dataset=xor&activation=relu&networkShape=5&loss=cross-entropy&optimizer=momentum&regularization=L1&regularizationRate=0.003&xTimesY=true',
  '#problem=multiclass&dataset=spiral&classes=3&networkShape=6&activation=tanh&optimizer=adam&learningRate=0.01&sinX=true',
  '#problem=regression&regDataset=reg-plane&networkShape=4&activation=sigmoid&optimizer=rmsprop&learningRate=0.01&xSquared=true',
];

for (const hash of TORCH_CASES) {
  test(`PyTorch ${hash}: three training steps take the engine's weights where the engine's own steps take them`, { skip: TORCH ? false : NO_TORCH }, (t) => {
    const { state, session, source } = planeSession(hash, 0);
    const dir = scripts(`torch ${hash}`, source);
    const data = engine.makeDataset(datasetOptions(state));
    const batch = session.config.batchSize;
    const width = data.inputWidth;
    const points: number[] = [], targets: number[] = [];
    for (let step = 0; step < 3; step++) {
      const inputs = data.trainInputs.slice(step * batch * width, (step + 1) * batch * width);
      const rows: number[] = [];
      for (let r = step * batch; r < (step + 1) * batch; r++) {
        points.push(data.trainPoints[3 * r], data.trainPoints[3 * r + 1], data.trainPoints[3 * r + 2]);
        rows.push(...encodeLabel(state, data.trainPoints[3 * r + 2]));
      }
      targets.push(...rows);
      session.computeGradients(inputs, rows);
      session.update();
    }
    writeFileSync(join(dir, 'points.txt'), points.join(' '));
    writeFileSync(join(dir, 'targets.txt'), targets.join(' '));
    const trained = python(dir, ['-c', STEPS_DRIVER]).trim().split(' ').map(Number);
    const expected = session.parameters();
    assert.equal(trained.length, expected.length);
    const start = source.parameters;
    let largest = 0, moved = 0;
    trained.forEach((v, i) => {
      largest = Math.max(largest, Math.abs(v - expected[i]));
      moved = Math.max(moved, Math.abs(expected[i] - start[i]));
    });
    t.diagnostic(`torch ${session.config.optimizer}/${session.config.loss}: max |difference| ${largest.toExponential(2)} after 3 steps that moved a weight by up to ${moved.toExponential(2)}`);
    assert.ok(moved > 1e-4, 'the steps change the weights');
    assert.ok(largest <= 1e-6 + 1e-3 * moved, `max |difference| ${largest}`);
  });
}

/** "before: train loss X" as the script prints it. */
const lossBefore = (printed: string) => Number(printed.match(/before: train loss ([\d.]+)/)?.[1]);

test('PyTorch, the plane: the script trains on the page\'s "Data points (CSV)" from the engine\'s loss', { skip: TORCH ? false : NO_TORCH }, () => {
  const { state, session, source } = planeSession('#problem=multiclass&dataset=spiral&classes=3&networkShape=8&xSquared=true', 200);
  const dir = scripts('torch plane run', source);
  const data = engine.makeDataset(datasetOptions(state));
  writeFileSync(join(dir, 'backprop-playground-data.csv'), pointsCsv(data.trainPoints, data.testPoints));
  const printed = python(dir, ['network_torch.py', 'backprop-playground-data.csv', '50']);
  assert.match(printed, /after 50 steps: train loss [\d.]+, test loss [\d.]+/);
  assert.ok(Math.abs(lossBefore(printed) - session.metrics().trainLoss) <= 1e-5, `${printed} against ${session.metrics().trainLoss}`);
});

test('PyTorch, penguins and digits: the file, split as the page splits it, gives the engine\'s training loss', { skip: TORCH ? false : NO_TORCH }, async () => {
  const cases: [string, { state: State; loaded: LoadedData }, string][] = [
    ['penguins', penguins('#dataset=penguins&percTrainData=60&seed=9'), new URL('../../web/data/penguins.csv', import.meta.url).pathname],
    ['digits', await digits('#dataset=digits&seed=4&percTrainData=30'), new URL('../../web/data/digits.csv.gz', import.meta.url).pathname],
  ];
  for (const [name, { state, loaded }, file] of cases) {
    const { session, source } = rowsSession(state, loaded, 100);
    const dir = scripts(`torch ${name} run`, source);
    const printed = python(dir, ['network_torch.py', file, '20']);
    const { trainLoss, testLoss } = session.metrics();
    assert.ok(Math.abs(lossBefore(printed) - trainLoss) <= 1e-5, `${name}: ${printed} against ${trainLoss}`);
    assert.ok(Math.abs(Number(printed.match(/test loss ([\d.]+)/)?.[1]) - testLoss) <= 1e-5, `${name}: ${printed} against ${testLoss}`);
  }
});
