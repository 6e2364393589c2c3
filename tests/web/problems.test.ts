// The problem table (web/src/problems.ts) as the page reads it: heads, widths, targets and data
// options for two classes, many classes and regression; links of many classes; and the K-class
// picture (class-colours.ts paintClasses) against an independent argmax.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { classColours, classTables, paintClasses } from '../../web/src/class-colours';
import { PALETTES } from '../../web/src/heatmap';
import { datasetOptions, encodeLabel, head, layerWidths, networkConfig } from '../../web/src/model';
import { classIndex, datasetChoice, predictedClasses, PROBLEMS } from '../../web/src/problems';
import { defaultState, parseHash, toHash, type State } from '../../web/src/state';

const with_ = (changes: Partial<State>): State => ({ ...defaultState(), ...changes });

test('many classes: K softmax units, softmax cross-entropy or squared error, one-hot targets', () => {
  const s = with_({ problem: 'multiclass', classes: 4, dataset: 'blobs', loss: 'cross-entropy' });
  assert.deepEqual(head(s), { output: 'softmax', loss: 'softmax-ce' });
  assert.deepEqual(head({ ...s, loss: 'mse' }), { output: 'softmax', loss: 'mse' });
  assert.deepEqual(layerWidths(s), [2, 4, 2, 4]);
  assert.deepEqual(networkConfig(s).layers, [2, 4, 2, 4]);
  assert.deepEqual(encodeLabel(s, 2), [0, 0, 1, 0]);
  assert.deepEqual(encodeLabel({ ...s, classes: 2 }, -1), [1, 0], 'two classes: label -1 is class 0');
  assert.deepEqual(encodeLabel({ ...s, classes: 2 }, 1), [0, 1]);
  assert.equal(datasetOptions(s).classes, 4);
  assert.equal(datasetOptions(s).name, 'blobs');
  assert.equal(datasetOptions({ ...s, classes: 2 }).classes, undefined, 'two classes: labels ±1, the engine default');
  assert.equal(classIndex(3, 5), 3);
  assert.equal(classIndex(-1, 2), 0);
  assert.equal(classIndex(1, 2), 1);
});

test('each problem offers its data sets; a choice it does not offer falls back to its first', () => {
  assert.equal(datasetChoice(with_({ problem: 'multiclass', dataset: 'circle' })), 'spiral');
  assert.equal(datasetChoice(with_({ problem: 'multiclass', dataset: 'blobs' })), 'blobs');
  assert.equal(datasetChoice(with_({ problem: 'classification', dataset: 'blobs' })), 'circle');
  assert.equal(datasetChoice(with_({ problem: 'regression', regDataset: 'reg-gauss' })), 'reg-gauss');
  assert.equal(datasetOptions(with_({ problem: 'multiclass', dataset: 'circle' })).name, 'spiral');
  // Two classes and regression keep their heads and widths.
  assert.deepEqual(head(defaultState()), { output: 'tanh', loss: 'mse' });
  assert.deepEqual(layerWidths(defaultState()), [2, 4, 2, 1]);
  assert.deepEqual(head(with_({ problem: 'regression' })), { output: 'linear', loss: 'mse' });
  for (const [id, spec] of Object.entries(PROBLEMS)) assert.ok(spec.datasets.length > 0, `${id} offers a data set`);
});

test('links of many classes: softmax cross-entropy unless the link says mse, classes checked, round trips', () => {
  const { state, problems } = parseHash('#problem=multiclass&dataset=spiral&classes=3');
  assert.deepEqual(problems, []);
  assert.equal(state.loss, 'cross-entropy');
  assert.equal(state.classes, 3);
  assert.equal(parseHash('#problem=multiclass&loss=mse').state.loss, 'mse');
  assert.equal(parseHash('#problem=classification').state.loss, 'mse', 'two classes keep the playground default');
  const clamped = parseHash('#problem=multiclass&classes=12');
  assert.equal(clamped.state.classes, 10);
  assert.deepEqual(clamped.problems, ["'classes' must be a whole number from 2 to 10 (got '12'); using 10"]);
  const offered = parseHash('#problem=multiclass&dataset=moons');
  assert.deepEqual(offered.problems, ["'dataset' moons is not a multi-class data set (spiral, blobs, custom, digits, penguins, table); using spiral"]);
  const five = parseHash('#problem=multiclass&dataset=blobs&classes=5').state;
  const again = parseHash(toHash(five)).state;
  assert.deepEqual(again, five);
  assert.match(toHash(five), /&classes=5&/);
  assert.doesNotMatch(toHash(defaultState()), /classes=/, 'the default (3) is not written');
});

test('the K-class picture: each cell the colour of its likeliest class, as strong as it is sure', () => {
  const palette = PALETTES.default.light;
  const colours = classColours(palette, 'default', 'light', 3);
  assert.deepEqual(colours.slice(0, 2), [palette.negative, palette.positive], 'classes 0 and 1 are the two-class colours');
  const tables = classTables(colours, palette.neutral);
  const n = 4, cells = n * n;
  // Cell i: probabilities from a seeded pattern, normalized.
  const values = new Float32Array(3 * cells);
  for (let i = 0; i < cells; i++) {
    const raw = [1 + ((i * 7) % 5), 1 + ((i * 3) % 4), 1 + ((i * 11) % 6)];
    const sum = raw[0] + raw[1] + raw[2];
    for (let k = 0; k < 3; k++) values[k * cells + i] = raw[k] / sum;
  }
  values[5] = NaN; // a broken cell is ground, not a crash
  for (const discretize of [false, true]) {
    const image = { data: new Uint8ClampedArray(4 * cells) } as ImageData;
    paintClasses(image, values, 0, n, 3, tables, discretize);
    const pixels = new Uint32Array(image.data.buffer);
    for (let i = 0; i < cells; i++) {
      const p = [0, 1, 2].map((k) => values[k * cells + i]);
      if (p.some(Number.isNaN)) {
        assert.equal(pixels[i], tables[0], 'NaN: class 0 at confidence 0 (the ground)');
        continue;
      }
      const best = p.indexOf(Math.max(...p));
      const confidence = (p[best] - 1 / 3) / (2 / 3);
      const step = discretize ? 255 : Math.min(255, Math.max(0, Math.floor(confidence * 255)));
      assert.equal(pixels[i], tables[best * 256 + step], `cell ${i}: class ${best}, confidence ${confidence}`);
    }
  }
  // The ground (confidence 0) is the neutral colour, the top the class's own.
  const [r, g, b] = palette.neutral;
  assert.equal(tables[2 * 256], ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0);
  const [cr, cg, cb] = colours[2];
  assert.equal(tables[2 * 256 + 255], ((255 << 24) | (cb << 16) | (cg << 8) | cr) >>> 0);
});

test('predicted classes follow the engine: the middle of one unit\'s range, else the largest unit (first of equals)', () => {
  assert.deepEqual(predictedClasses([0.2, -0.1, 0, 0.9], 1, 'tanh'), [1, 0, 1, 1]);
  assert.deepEqual(predictedClasses([0.2, 0.5, 0.7], 1, 'sigmoid'), [0, 1, 1]);
  assert.deepEqual(predictedClasses([0.1, 0.7, 0.2, 0.4, 0.4, 0.2, 0, 0, 1], 3, 'softmax'), [1, 0, 2]);
  assert.deepEqual(predictedClasses([0.1, 0.7], 3, 'softmax'), [], 'a partial row is no prediction');
});
