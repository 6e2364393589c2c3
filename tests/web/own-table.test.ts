// Your own table in a link: packed and unpacked bit for bit; a cut, damaged or over-long value is
// refused with a message, and a decompression bomb stops at the length it names; parseHash
// takes the table's problem from its target and names a table it cannot use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deflateSync } from 'fflate';

import { MAX_TABLE_TEXT, ownTableData, packTable, unpackTable } from '../../web/src/data/own-table';
import { layerWidths } from '../../web/src/model';
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
  assert.ok(ownTableData({ table: '', tableTarget: '', tableKind: 'auto' }) instanceof Error);
});
