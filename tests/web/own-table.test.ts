// Your own table in a link: packed and unpacked bit for bit; a cut, damaged or over-long value is
// refused with a message, and a decompression bomb stops at the length it names; parseHash
// takes the table's problem from its target and names a table it cannot use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deflateSync } from 'fflate';

import { MAX_TABLE_TEXT, ownTableData, packTable, unpackTable } from '../../web/src/data/own-table';
import { layerWidths } from '../../web/src/model';
import { buildExport, parseExport } from '../../web/src/export';
import { toBase64Url } from '../../web/src/share';
import { defaultState, parseHash, toHash, type State } from '../../web/src/state';

const text = readFileSync(new URL('../../web/data/penguins.csv', import.meta.url), 'utf8');

test('a table packs into a link and back bit for bit, smaller than its text', () => {
  const packed = packTable(text);
  assert.match(packed, /^t\d+\.[A-Za-z0-9_-]+$/);
  assert.ok(packed.length < text.length / 2, `${packed.length} characters for ${text.length}`);
  assert.equal(unpackTable(packed), text);
  assert.equal(unpackTable(packTable('é,ü\n1,"a ""b"""\n')), 'é,ü\n1,"a ""b"""\n', 'UTF-8 and quotes survive');
});

test('a damaged, cut, foreign or bomb-like packed table is refused with a message', () => {
  const packed = packTable(text);
  assert.throws(() => unpackTable('hello'), /is not a packed table/);
  assert.throws(() => unpackTable(packed.slice(0, packed.length / 2)), /is damaged/);
  assert.throws(() => unpackTable(`t${MAX_TABLE_TEXT * 5}.AAAA`), /at most 1000000 characters are kept/);
  // A million zeros that claim to be ten bytes: the inflater stops at the ten.
  const bomb = `t10.${toBase64Url(deflateSync(new Uint8Array(1_000_000).fill(48)))}`;
  assert.throws(() => unpackTable(bomb), /holds more bytes, not the 10 it names/);
});

test('parseHash: the table gives the problem and the widths; a table it cannot use is named and not chosen', () => {
  const base: State = { ...defaultState(), problem: 'multiclass', dataset: 'table', table: text, tableTarget: 'species', loss: 'cross-entropy' };
  const { state, problems } = parseHash(toHash(base));
  assert.deepEqual(problems, []);
  assert.equal(state.table, text);
  assert.deepEqual(layerWidths(state), [5, 4, 2, 3], 'the five number columns (the year too: your table skips nothing)');
  const mass = parseHash(toHash({ ...base, tableTarget: 'body_mass_g' }));
  assert.deepEqual([mass.state.problem, mass.state.regDataset, layerWidths(mass.state).at(-1)], ['regression', 'table', 1]);
  assert.match(mass.problems.join(), /"body_mass_g" is a regression target; using problem regression/);
  const missing = parseHash(toHash({ ...base, tableTarget: 'wingspan' }));
  assert.equal(missing.state.dataset, 'spiral');
  assert.match(missing.problems.join(), /your table cannot be used: there is no column "wingspan"/);
  assert.ok(ownTableData({ table: '', tableTarget: '', tableKind: 'auto', tableSkip: [] }) instanceof Error);
});

test('a large table (about 300 kB of text) still round-trips through the address, as a setup file needs', () => {
  const lines = ['a,b,c,d,label'];
  let s = 7;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31).toFixed(6);
  for (let i = 0; i < 8000; i++) lines.push(`${next()},${next()},${next()},${next()},${i % 3}`);
  const big = lines.join('\n');
  const hash = toHash({ ...defaultState(), problem: 'multiclass', dataset: 'table', table: big, tableTarget: 'label', loss: 'cross-entropy' });
  assert.ok(hash.length > 100_000, `${hash.length} characters`);
  const { state, problems } = parseHash(hash);
  assert.deepEqual(problems, []);
  assert.equal(state.table, big);
});

test('a saved setup file holds your table and opens with it', () => {
  const state: State = { ...defaultState(), problem: 'multiclass', dataset: 'table', table: text, tableTarget: 'species', loss: 'cross-entropy' };
  const file = buildExport({ state, parameters: null, start: null, history: null });
  const opened = parseExport(file);
  assert.ok('setup' in opened, 'problem' in opened ? opened.problem : '');
  assert.equal(opened.setup.state.table, text);
  assert.equal(opened.setup.state.tableTarget, 'species');
  assert.deepEqual(layerWidths(opened.setup.state), [5, 4, 2, 3]);
});

test('columns left out of the inputs travel in the link and narrow the network', () => {
  const base: State = { ...defaultState(), problem: 'multiclass', dataset: 'table', table: text, tableTarget: 'species', loss: 'cross-entropy' };
  const skipped = parseHash(toHash({ ...base, tableSkip: ['year', 'body_mass_g'] }));
  assert.deepEqual(skipped.problems, []);
  assert.deepEqual(skipped.state.tableSkip, ['year', 'body_mass_g']);
  assert.deepEqual(layerWidths(skipped.state), [3, 4, 2, 3]);
  const data = ownTableData(skipped.state);
  assert.ok(!(data instanceof Error) && data.features.join() === 'bill_length_mm,bill_depth_mm,flipper_length_mm');
});
