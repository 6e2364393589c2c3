// Your own table of data: CSV or TSV text with a header, read cell by cell, then a target column
// chosen and the numeric columns as features. Every bad cell is named by line and column, and
// nothing is returned unless all of it is usable: the current run is never the price of a typo.
// Pure functions, no DOM: the table dialog and the built-in tables (penguins) use the same ones.
import type { RowData } from '../../../wasm/index.d.mts';
import { splitRows } from './split';

export const MAX_FEATURES = 64;
export const MAX_ROWS = 100_000;
/** A target with at most this many distinct values is a classification target (its values the class names). */
export const MAX_CLASSES = 10;
/** Cells that mean "no value": such a row is left out of the data, and counted. */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', '?']);

export interface Table {
  columns: string[];
  /** One array of cells per data row, as text. */
  rows: string[][];
  /** The line of the text each row came from (1-based, the header is line 1 or later). */
  lines: number[];
}

/** Splits one line into cells: `delimiter`-separated, "quoted" cells may hold it, "" is a quote. */
function cellsOf(line: string, delimiter: string, lineNumber: number): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`line ${lineNumber}: a quoted cell is not closed`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      if (i < line.length && line[i] !== delimiter) throw new Error(`line ${lineNumber}: text after a closing quote, at character ${i + 1}`);
    } else {
      const end = line.indexOf(delimiter, i);
      cell = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    cells.push(cell.trim());
    if (i >= line.length) return cells;
    i++; // the delimiter
  }
}

/**
 * The table in CSV (commas) or TSV (tabs: when the header line has a tab) text. Blank lines are
 * skipped; every row must have as many cells as the header.
 */
export function parseTable(text: string): Table {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = all.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) throw new Error('the table is empty: it needs a header line and rows of data');
  const delimiter = all[headerAt].includes('\t') ? '\t' : ',';
  const columns = cellsOf(all[headerAt], delimiter, headerAt + 1);
  columns.forEach((name, c) => {
    if (name === '') throw new Error(`line ${headerAt + 1}, column ${c + 1}: the header names no column`);
    const first = columns.indexOf(name);
    if (first !== c) throw new Error(`line ${headerAt + 1}: the column name "${name}" is given twice (columns ${first + 1} and ${c + 1})`);
  });
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let l = headerAt + 1; l < all.length; l++) {
    if (all[l].trim() === '') continue;
    if (rows.length === MAX_ROWS) throw new Error(`the table has more than ${MAX_ROWS.toLocaleString('en-US')} rows`);
    const cells = cellsOf(all[l], delimiter, l + 1);
    if (cells.length !== columns.length)
      throw new Error(`line ${l + 1}: ${cells.length} cells, but the header has ${columns.length} (${delimiter === '\t' ? 'tabs' : 'commas'} separate them)`);
    rows.push(cells);
    lines.push(l + 1);
  }
  if (rows.length < 2) throw new Error(`the table has ${rows.length} row${rows.length === 1 ? '' : 's'} of data; it needs at least 2`);
  return { columns, rows, lines };
}

/** A cell as a float32 number, or null when it is not a finite number (or rounds off float32's range). */
function numberOf(cell: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return null;
  const v = Math.fround(Number(cell));
  return Number.isFinite(v) ? v : null;
}

export interface TableData {
  /** The feature columns' names, in the table's order. */
  features: string[];
  target: string;
  kind: 'classification' | 'regression';
  /** Classification: the class names, in order of first appearance; a label is an index into them. */
  classes: string[];
  /** (rows, features), float32 as the engine uses them. */
  inputs: Float32Array;
  /** A class index, or the regression value. */
  labels: Float32Array;
  /** The columns that are not used: text that is neither numbers nor the target, and those skipped. */
  ignored: string[];
  /** The lines of rows left out for a missing value in a used column. */
  missing: number[];
}

/**
 * The data for a target column: every other column whose cells are all numbers (or missing) is
 * a feature; a column of text is ignored, unless it is mostly numbers, when its other cells are
 * named as errors (a typo should not silently drop a column). The target is a classification
 * target when it has at most MAX_CLASSES distinct values (or `kind` says so), else a regression
 * target, which must be numbers. Columns named in `skip` are left out (an id, a year).
 */
export function tableData(table: Table, target: string, kind?: 'classification' | 'regression', skip: readonly string[] = []): TableData {
  const t = table.columns.indexOf(target);
  if (t < 0) throw new Error(`there is no column "${target}" (the columns: ${table.columns.join(', ')})`);
  const features: number[] = [];
  const ignored: string[] = [];
  table.columns.forEach((name, c) => {
    if (c === t) return;
    if (skip.includes(name)) {
      ignored.push(name);
      return;
    }
    const present = table.rows.filter((row) => !MISSING.has(row[c]));
    const bad = present.filter((row) => numberOf(row[c]) === null);
    if (present.length > 0 && bad.length === 0) {
      features.push(c);
    } else if (present.length > 0 && bad.length <= 0.1 * present.length) {
      const first = table.rows.findIndex((row) => !MISSING.has(row[c]) && numberOf(row[c]) === null);
      throw new Error(`line ${table.lines[first]}, column ${c + 1} ("${name}"): "${table.rows[first][c]}" is not a number` +
        (bad.length > 1 ? ` (and ${bad.length - 1} more cell${bad.length > 2 ? 's' : ''} of the column)` : ''));
    } else {
      ignored.push(name);
    }
  });
  if (features.length === 0) throw new Error(`no column besides "${target}" holds numbers: there is nothing to learn from`);
  if (features.length > MAX_FEATURES) throw new Error(`the table has ${features.length} number columns; at most ${MAX_FEATURES} can be inputs`);

  const missing: number[] = [];
  const used = table.rows.filter((row, r) => {
    const gap = MISSING.has(row[t]) || features.some((c) => MISSING.has(row[c]));
    if (gap) missing.push(table.lines[r]);
    return !gap;
  });
  if (used.length < 2) throw new Error(`only ${used.length} row${used.length === 1 ? '' : 's'} of the table ha${used.length === 1 ? 's' : 've'} every value; at least 2 are needed`);
  const distinct = [...new Set(used.map((row) => row[t]))];
  const resolved = kind ?? (distinct.length <= MAX_CLASSES ? 'classification' : 'regression');
  if (resolved === 'classification' && distinct.length > MAX_CLASSES)
    throw new Error(`"${target}" has ${distinct.length} different values; a classification target may have at most ${MAX_CLASSES}`);
  if (resolved === 'classification' && distinct.length < 2)
    throw new Error(`"${target}" has only one value ("${distinct[0]}"): there is nothing to tell apart`);

  const inputs = new Float32Array(used.length * features.length);
  const labels = new Float32Array(used.length);
  used.forEach((row, r) => {
    features.forEach((c, f) => (inputs[r * features.length + f] = numberOf(row[c])!));
    if (resolved === 'classification') {
      labels[r] = distinct.indexOf(row[t]);
      return;
    }
    const v = numberOf(row[t]);
    if (v === null) throw new Error(`line ${table.lines[table.rows.indexOf(row)]}, column ${t + 1} ("${target}"): "${row[t]}" is not a number, and a regression target must be`);
    labels[r] = v;
  });
  return {
    features: features.map((c) => table.columns[c]), target, kind: resolved, classes: resolved === 'classification' ? distinct : [],
    inputs, labels, ignored, missing,
  };
}

/**
 * Standardization (z-scores) from the training rows: each feature's mean and standard deviation
 * over `train` (row indexes), applied to every row. A constant feature keeps its centred value (σ = 1).
 */
export function standardize(inputs: Float32Array, width: number, train: ArrayLike<number>): { inputs: Float32Array; mean: number[]; sd: number[] } {
  const mean = new Array<number>(width).fill(0);
  const sd = new Array<number>(width).fill(0);
  for (let i = 0; i < train.length; i++) for (let f = 0; f < width; f++) mean[f] += inputs[train[i] * width + f];
  for (let f = 0; f < width; f++) mean[f] /= train.length;
  for (let i = 0; i < train.length; i++) for (let f = 0; f < width; f++) sd[f] += (inputs[train[i] * width + f] - mean[f]) ** 2;
  for (let f = 0; f < width; f++) sd[f] = Math.sqrt(sd[f] / train.length) || 1;
  const out = new Float32Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = (inputs[i] - mean[i % width]) / sd[i % width];
  return { inputs: out, mean, sd };
}

/** A z-score: (value − mean) / sd for each column. */
export interface Scale {
  mean: number[];
  sd: number[];
}

export interface TableSplit extends RowData {
  /** Which row of the data each training and test row is. */
  trainIndex: Uint32Array;
  testIndex: Uint32Array;
  /** The features' z-scores from the training rows, or null: the inputs are the table's own values. */
  scale: Scale | null;
  /** Regression, standardized: the target's z-score (the network learns z; the views show values). */
  targetScale: Scale | null;
}

/**
 * The engine's rows of a table: a seeded split (web/src/data/split.ts), the features
 * standardized from the training rows when asked (a regression target with them), and the
 * targets one-hot over the classes or the value.
 */
export function splitTable(data: TableData, trainRatio: number, seed: number, standardized: boolean): TableSplit {
  const width = data.features.length;
  const count = data.labels.length;
  const { trainIndex, testIndex } = splitRows(count, trainRatio, seed);
  const z = standardized ? standardize(data.inputs, width, trainIndex) : null;
  const inputs = z?.inputs ?? data.inputs;
  const regression = data.kind === 'regression';
  const targetZ = regression && standardized ? standardize(data.labels, 1, trainIndex) : null;
  const labels = targetZ?.inputs ?? data.labels;
  const classes = data.classes.length;
  const rows = (index: Uint32Array) => {
    const x = new Float32Array(index.length * width);
    const t = new Float32Array(index.length * (regression ? 1 : classes));
    index.forEach((row, r) => {
      x.set(inputs.subarray(row * width, (row + 1) * width), r * width);
      if (regression) t[r] = labels[row];
      else t[r * classes + labels[row]] = 1;
    });
    return { x, t };
  };
  const train = rows(trainIndex), test = rows(testIndex);
  return {
    trainInputs: train.x, trainTargets: train.t, testInputs: test.x, testTargets: test.t,
    problem: regression ? 'regression' : 'classification', inputWidth: width, trainIndex, testIndex,
    scale: z ? { mean: z.mean, sd: z.sd } : null,
    targetScale: targetZ ? { mean: targetZ.mean, sd: targetZ.sd } : null,
  };
}
