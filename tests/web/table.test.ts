// Your own table of data (web/src/data/table.ts), on the shipped Palmer penguins table and on
// broken tables: every bad cell named by line and column, missing values counted, the numeric
// columns as features, standardization from the training rows, and penguins trained by the engine.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { loadEngine } from '../../dist/engine/index.mjs';
import { parseTable, standardize, tableData } from '../../web/src/data/table';

const text = readFileSync(new URL('../../web/data/penguins.csv', import.meta.url), 'utf8');

test('the shipped penguins table is the one web/data/README.md describes', () => {
  const readme = readFileSync(new URL('../../web/data/README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(createHash('sha256').update(text).digest('hex')));
});

test('penguins: 344 birds, species as the target, the four measurements and the year as features', () => {
  const table = parseTable(text);
  assert.deepEqual(table.columns, ['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
  assert.equal(table.rows.length, 344);
  const data = tableData(table, 'species');
  assert.equal(data.kind, 'classification');
  assert.deepEqual(data.classes, ['Adelie', 'Gentoo', 'Chinstrap']);
  assert.deepEqual(data.features, ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year']);
  assert.deepEqual(data.ignored, ['island', 'sex']);
  // An independent count from the text: rows whose measurements are all there, by species.
  const lines = text.trim().split('\n').slice(1).map((l) => l.split(','));
  const complete = lines.filter((c) => c.slice(2, 6).every((v) => v !== 'NA'));
  assert.equal(data.labels.length, complete.length);
  assert.deepEqual(data.missing.length, lines.length - complete.length);
  for (const [k, name] of data.classes.entries()) {
    assert.equal(data.labels.filter((l) => l === k).length, complete.filter((c) => c[0] === name).length, name);
  }
  assert.equal(data.inputs[0], Math.fround(39.1));
  assert.equal(data.inputs[3], 3750);
  // Body mass as a regression target: numbers, over many distinct values.
  const mass = tableData(table, 'body_mass_g');
  assert.equal(mass.kind, 'regression');
  assert.ok(!mass.features.includes('body_mass_g'));
  assert.equal(tableData(table, 'year', 'regression').kind, 'regression', 'the kind may be overridden');
});

test('every bad cell is named by line and column; nothing half-loads', () => {
  const bad = (t: string, target = 'y') => () => tableData(parseTable(t), target);
  assert.throws(bad('a,b,y\n1,2,x\n3,4\n'), /^Error: line 3: 2 cells, but the header has 3 \(commas separate them\)$/);
  assert.throws(bad('a,b,y\n1,"2,x\n'), /line 2: a quoted cell is not closed/);
  assert.throws(bad('a,a,y\n1,2,x\n3,4,y\n'), /the column name "a" is given twice \(columns 1 and 2\)/);
  assert.throws(bad(''), /the table is empty/);
  assert.throws(bad('a,y\n1,x\n'), /it needs at least 2/);
  const typo = 'a,b,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i === 7 ? '1,5' : i},c${i % 2}`).join('\n');
  assert.throws(bad(typo.replace('1,5', '"1,5"')), /line 9, column 2 \("b"\): "1,5" is not a number/);
  assert.throws(bad('a,y\nx,1\nz,2\n'), /no column besides "y" holds numbers/);
  assert.throws(bad('a,y\n1,q\n2,q\n'), /"y" has only one value \("q"\)/);
  assert.throws(bad('a,y\n1,2\n2,3\n', 'z'), /there is no column "z" \(the columns: a, y\)/);
  assert.throws(() => tableData(parseTable('a,y\n1,p\n2,q\n'), 'y', 'regression'), /line 2, column 2 \("y"\): "p" is not a number/);
  // TSV by the header's tab; quoted cells with commas and quotes; a BOM and Windows line ends.
  const tsv = tableData(parseTable('\uFEFFa\tlabel\r\n1.5\t"x, ""1"""\r\n2\tz\r\n'), 'label');
  assert.deepEqual(tsv.classes, ['x, "1"', 'z']);
  assert.deepEqual(Array.from(tsv.inputs), [1.5, 2]);
  assert.throws(bad('a,y\n1e39,p\n2,q\n'), /"1e39" is not a number|holds numbers/, 'beyond float32 is not a number');
});

test('standardization uses the training rows only: their mean 0 and deviation 1', () => {
  const inputs = Float32Array.from([1, 10, 3, 30, 5, 50, 100, 7]);
  const { inputs: z, mean, sd } = standardize(inputs, 2, [0, 1, 2]);
  assert.deepEqual(mean, [3, 30]);
  assert.ok(Math.abs(sd[0] - Math.sqrt(8 / 3)) < 1e-12);
  const column = (f: number) => [0, 1, 2].map((r) => z[r * 2 + f]);
  for (const f of [0, 1]) {
    const c = column(f);
    assert.ok(Math.abs(c.reduce((a, b) => a + b, 0)) < 1e-6);
    assert.ok(Math.abs(c.reduce((a, b) => a + b * b, 0) / 3 - 1) < 1e-6);
  }
  assert.ok(Math.abs(z[6] - (100 - 3) / sd[0]) < 1e-4, 'a test row is scaled by the training statistics');
  assert.deepEqual(standardize(Float32Array.from([2, 2]), 1, [0, 1]).sd, [1], 'a constant feature keeps σ = 1');
});

test('penguins train: the measurements and the year, standardized, tell the three species apart', async () => {
  const data = tableData(parseTable(text), 'species');
  const width = data.features.length;
  const n = data.labels.length;
  // A fixed interleaved split: every other bird trains.
  const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 0);
  const test = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1);
  const { inputs } = standardize(data.inputs, width, train);
  const rows = (idx: number[]) => ({
    x: Float32Array.from(idx.flatMap((i) => Array.from(inputs.subarray(i * width, (i + 1) * width)))),
    t: Float32Array.from(idx.flatMap((i) => [0, 1, 2].map((k) => (k === data.labels[i] ? 1 : 0)))),
  });
  const a = rows(train), b = rows(test);
  const engine = await loadEngine();
  const s = engine.createSession(
    { layers: [width, 8, 3], activation: 'tanh', output: 'softmax', loss: 'softmax-ce', init: 'glorot', optimizer: 'sgd', learningRate: 0.1, batchSize: 10, seed: 1 },
    { trainInputs: a.x, trainTargets: a.t, testInputs: b.x, testTargets: b.t },
  );
  const metrics = s.step(30 * Math.ceil(train.length / 10));
  s.delete();
  assert.ok(metrics.testAccuracy >= 0.95, `test accuracy ${metrics.testAccuracy} after 30 epochs`);
});
