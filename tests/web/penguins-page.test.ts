// The penguins in the page's model: #dataset=penguins opens three species on four measurements
// with the network that suits them; a table's split standardizes from the training rows only
// (checked against an independent computation); and the standardization lesson's claim, with
// the real engine: the same network learns nothing on the raw columns and ≥ 95 % on z-scores.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { loadEngine } from '../../dist/engine/index.mjs';
import { penguinsData } from '../../web/src/data/penguins';
import { splitRows } from '../../web/src/data/split';
import { splitTable, tableData, parseTable } from '../../web/src/data/table';
import { lessonById } from '../../web/src/lessons';
import { layerWidths, networkConfig, sessionDiffers } from '../../web/src/model';
import { pickDataset, sourceIn } from '../../web/src/problems';
import { defaultState, parseHash, toHash } from '../../web/src/state';

const text = readFileSync(new URL('../../web/data/penguins.csv', import.meta.url), 'utf8');

test('#dataset=penguins is three species on four measurements, 4-8-3 under softmax cross-entropy, standardized', () => {
  const { state, problems } = parseHash('#dataset=penguins');
  assert.deepEqual(problems, []);
  assert.equal(state.problem, 'multiclass');
  assert.equal(sourceIn(state).kind, 'table');
  assert.deepEqual(layerWidths(state), [4, 8, 3]);
  assert.equal(state.standardize, true);
  const config = networkConfig(state);
  assert.deepEqual([config.output, config.loss, config.init, config.activation, config.learningRate], ['softmax', 'softmax-ce', 'glorot', 'tanh', 0.1]);
  // The round trip; standardize is written only when off, and is a new session.
  assert.doesNotMatch(toHash(state), /standardize/);
  const off = parseHash('#dataset=penguins&standardize=false').state;
  assert.match(toHash(off), /standardize=false/);
  assert.equal(parseHash(toHash(off)).state.standardize, false);
  assert.ok(sessionDiffers(state, off));
  // A table's network view draws up to 16 units a layer, as the plane's.
  const wide = parseHash('#dataset=penguins&networkShape=40');
  assert.deepEqual(wide.state.networkShape, [16]);
  assert.match(wide.problems.join(), /up to 8 layers of 1 to 16 neurons for this data set \(got '40'\); using 16/);
  // The picker: penguins choose multi-class and their network; back to the plane keeps it.
  const picked = { ...defaultState(), ...pickDataset(defaultState(), 'penguins') };
  assert.equal(picked.problem, 'multiclass');
  assert.deepEqual(layerWidths(picked), [4, 8, 3]);
});

test('the penguins file: 342 birds with every measurement, the year left out, three species', () => {
  const data = penguinsData(text);
  assert.deepEqual(data.features, ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']);
  assert.ok(data.ignored.includes('year') && data.ignored.includes('island') && data.ignored.includes('sex'));
  assert.equal(data.labels.length, 342);
  assert.deepEqual(data.classes, ['Adelie', 'Gentoo', 'Chinstrap']);
  assert.throws(() => penguinsData('species,bill_length_mm\nAdelie,1\nGentoo,2\n'), /1 measurements and 2 species \(expected 4 and 3\)/);
});

test('a table\'s split: z-scores from the training rows only, the test rows scaled by the same numbers, one-hot targets', () => {
  const data = penguinsData(text);
  const split = splitTable(data, 0.7, 5, true);
  const { trainIndex, testIndex } = splitRows(data.labels.length, 0.7, 5);
  assert.deepEqual(split.trainIndex, trainIndex);
  assert.deepEqual(split.testIndex, testIndex);
  assert.equal(trainIndex.length, Math.round(0.7 * 342));
  const width = 4;
  for (let f = 0; f < width; f++) {
    // Independently: mean and population deviation of the raw column over the training rows, in doubles.
    const column = Array.from(trainIndex, (row) => data.inputs[row * width + f]);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
    assert.ok(Math.abs(split.scale!.mean[f] - mean) < 1e-9 * Math.abs(mean) + 1e-9);
    assert.ok(Math.abs(split.scale!.sd[f] - sd) < 1e-9 * sd);
    const z = Array.from({ length: trainIndex.length }, (_, r) => split.trainInputs[r * width + f] as number);
    const zMean = z.reduce((a, b) => a + b, 0) / z.length;
    const zSd = Math.sqrt(z.reduce((a, b) => a + (b - zMean) ** 2, 0) / z.length);
    assert.ok(Math.abs(zMean) < 1e-5 && Math.abs(zSd - 1) < 1e-5, `feature ${f}: z mean ${zMean}, sd ${zSd}`);
    testIndex.forEach((row, r) => {
      const expected = (data.inputs[row * width + f] - mean) / sd;
      assert.ok(Math.abs((split.testInputs![r * width + f] as number) - expected) < 1e-5);
    });
  }
  testIndex.forEach((row, r) => {
    const t = Array.from(split.testTargets!.slice(r * 3, r * 3 + 3) as Float32Array);
    assert.deepEqual(t, [0, 1, 2].map((k) => (k === data.labels[row] ? 1 : 0)));
  });
  const raw = splitTable(data, 0.7, 5, false);
  assert.equal(raw.scale, null);
  assert.equal(raw.trainInputs[0], data.inputs[trainIndex[0] * width]);
  // Regression: the target is standardized with the features, and its scale kept for the views.
  const mass = tableData(parseTable(text), 'body_mass_g', 'regression', ['year']);
  const reg = splitTable(mass, 0.5, 1, true);
  assert.equal(reg.problem, 'regression');
  const targets = Array.from(reg.trainTargets as Float32Array);
  const tMean = targets.reduce((a, b) => a + b, 0) / targets.length;
  assert.ok(Math.abs(tMean) < 1e-5);
  const back = (reg.trainTargets[0] as number) * reg.targetScale!.sd[0] + reg.targetScale!.mean[0];
  assert.ok(Math.abs(back - mass.labels[reg.trainIndex[0]]) < 0.01);
});

test('the standardization lesson: raw columns leave the network at the class frequencies; z-scores reach ≥ 95 % in 30 epochs', async () => {
  const engine = await loadEngine();
  const data = penguinsData(text);
  const lesson = lessonById('standardize')!;
  const run = (hash: string) => {
    const { state, problems } = parseHash(hash);
    assert.deepEqual(problems, []);
    const split = splitTable(data, state.percTrainData / 100, state.seed, state.standardize);
    const s = engine.createSession(networkConfig(state), split);
    const perEpoch = Math.ceil(split.trainIndex.length / state.batchSize);
    for (let epoch = 0; epoch < 30; epoch++) s.step(perEpoch);
    const metrics = s.metrics();
    s.delete();
    return metrics;
  };
  const raw = run(lesson.hash);
  assert.ok(raw.testAccuracy < 0.5 && raw.trainLoss > 0.95, `raw columns: test accuracy ${raw.testAccuracy}, loss ${raw.trainLoss}`);
  const relu = run(lesson.variants.find((v) => /ReLU/.test(v.label))!.hash);
  assert.ok(relu.testAccuracy < 0.6, `raw columns with ReLU: test accuracy ${relu.testAccuracy}`);
  const standardized = run(lesson.variants.find((v) => v.label === 'Standardized')!.hash);
  assert.ok(standardized.testAccuracy >= 0.95, `standardized: test accuracy ${standardized.testAccuracy}`);
});
