// Where a data set's inputs come from, as one table: points of the plane (the engine generates
// them from the features that are on), images of a real data set, or the rows of a table (each
// loaded once, split here). The kind picks the views (web/src/views/by-kind.ts) and the
// network's input width; a new data set is a row here, not an `if (digits)` in every view.
import type { State } from '../state';
import { CLASSES, loadDigits, PIXELS, splitDigits, type DigitSplit, type Digits } from './digits';
import { ownTableData } from './own-table';
import { loadPenguins, PENGUIN_CLASSES, PENGUIN_FEATURES } from './penguins';
import { splitTable, type TableData, type TableSplit } from './table';

/** 'plane': (x, y) points and their features; 'image': 8×8 images, one input per pixel; 'table': a table's number columns. */
export type InputKind = 'plane' | 'image' | 'table';

export interface SourceSpec {
  kind: InputKind;
  /** Classes the data has (null: the state's `classes`, or the problem's own). */
  classes(state: Readonly<State>): number | null;
  /** Inputs the data has (null: one per input feature that is on). */
  inputs(state: Readonly<State>): number | null;
  /** The widest hidden layer its views show legibly. */
  maxWidth: number;
  /** The problem it belongs to (null: whichever offers it) and what it starts with when chosen. */
  problem: State['problem'] | null;
  /** The problem its data asks for, when that depends on the data (your table: classes or a value). */
  problemOf?(state: Readonly<State>): State['problem'] | null;
  defaults: Partial<State>;
  /** A real data set's rows for a state's split (its share of training data, its seed); none for the plane. */
  load: ((state: Readonly<State>) => Promise<LoadedData>) | null;
}

/** Hidden layers of the plane's network view: 16 nodes a column still read. */
export const PLANE_WIDTH = 16;
/** Hidden layers for images: each unit is a picture of its weights, 64 of them still fit. */
export const IMAGE_WIDTH = 64;
/** Hidden layers for a table's network view: its nodes in a column, as the plane's. */
export const TABLE_WIDTH = 16;

/** The data a session of the image kind trains on, with what its views show. */
export interface LoadedImages {
  kind: 'image';
  digits: Digits;
  split: DigitSplit;
}

/** A table's data and the split the session trains on (standardized or not). */
export interface LoadedTable {
  kind: 'table';
  /** "penguins". */
  name: string;
  data: TableData;
  split: TableSplit;
}

export type LoadedData = LoadedImages | LoadedTable;

/**
 * Each file is fetched once per page: every playground and every rebuild shares it. A failed
 * load is forgotten, so the next rebuild tries again.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

const digitsFile = once(() => loadDigits());
const penguinsFile = once(() => loadPenguins());

const plane: SourceSpec = { kind: 'plane', classes: () => null, inputs: () => null, maxWidth: PLANE_WIDTH, problem: null, defaults: {}, load: null };

/** 64-32-10 (tanh, Glorot's initial weights, softmax cross-entropy, SGD at 0.1, batches of 10): ≥ 95 % test accuracy in 50 epochs (tests/web/digits.test.ts). */
const digits: SourceSpec = {
  kind: 'image', classes: () => CLASSES, inputs: () => PIXELS, maxWidth: IMAGE_WIDTH, problem: 'multiclass',
  defaults: { networkShape: [32], activation: 'tanh', layerActivations: [], init: 'glorot', learningRate: 0.1, loss: 'cross-entropy', batchSize: 10 },
  load: async (state) => {
    const images = await digitsFile();
    return { kind: 'image', digits: images, split: splitDigits(images, state.percTrainData / 100, state.seed) };
  },
};

/** 4-8-3 on the standardized measurements: ≥ 95 % test accuracy in 30 epochs (tests/web/table.test.ts). */
const penguins: SourceSpec = {
  kind: 'table', classes: () => PENGUIN_CLASSES, inputs: () => PENGUIN_FEATURES, maxWidth: TABLE_WIDTH, problem: 'multiclass',
  defaults: { networkShape: [8], activation: 'tanh', layerActivations: [], init: 'glorot', learningRate: 0.1, loss: 'cross-entropy', batchSize: 10 },
  load: async (state) => {
    const data = await penguinsFile();
    return { kind: 'table', name: 'penguins', data, split: splitTable(data, state.percTrainData / 100, state.seed, state.standardize) };
  },
};

/**
 * Your own table (web/src/data/own-table.ts), in the state: its columns and classes come from
 * it. A table the state cannot use (a damaged link) is named by parseHash and not chosen.
 */
const own = (state: Readonly<State>) => ownTableData(state);
const table: SourceSpec = {
  kind: 'table', maxWidth: TABLE_WIDTH, problem: null,
  problemOf: (state) => {
    const data = own(state);
    return data instanceof Error ? null : data.kind === 'regression' ? 'regression' : 'multiclass';
  },
  classes: (state) => {
    const data = own(state);
    return data instanceof Error ? null : data.kind === 'classification' ? data.classes.length : 0;
  },
  inputs: (state) => {
    const data = own(state);
    return data instanceof Error ? 1 : data.features.length;
  },
  // (Cross-entropy is the loss menu's choice for classes; a value's linear head is squared error whatever it says.)
  defaults: { networkShape: [8], activation: 'tanh', layerActivations: [], init: 'glorot', learningRate: 0.1, loss: 'cross-entropy', batchSize: 10 },
  load: async (state) => {
    const data = own(state);
    if (data instanceof Error) throw new Error(`your table cannot be used: ${data.message}`);
    return { kind: 'table', name: 'your table', data, split: splitTable(data, state.percTrainData / 100, state.seed, state.standardize) };
  },
};

const SOURCES: Partial<Record<string, SourceSpec>> = { digits, penguins, table };

/** The source of a data set choice (web/src/problems.ts datasetChoice): the plane unless listed. */
export function sourceOf(choice: string): SourceSpec {
  return SOURCES[choice] ?? plane;
}

/** The rows of a loaded data set for a state's split. */
export function loadData(choice: string, state: Readonly<State>): Promise<LoadedData> {
  const { load } = sourceOf(choice);
  if (!load) return Promise.reject(new Error(`the data set '${choice}' is not loaded from a file`));
  return load(state);
}
