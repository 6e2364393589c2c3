// Where a data set's inputs come from, as one table: points of the plane (the engine generates
// them from the features that are on), or images of a real data set (loaded once, split here).
// The kind picks the views (web/src/views/by-kind.ts) and the network's input width; a new data
// set is a row here, not an `if (digits)` in every view.
import type { State } from '../state';
import { CLASSES, loadDigits, PIXELS, splitDigits, type DigitSplit, type Digits } from './digits';

/** 'plane': (x, y) points and their features; 'image': 8×8 images, one input per pixel. */
export type InputKind = 'plane' | 'image';

export interface SourceSpec {
  kind: InputKind;
  /** Classes the data has (null: the state's `classes`, or the problem's own). */
  classes: number | null;
  /** Inputs the data has (null: one per input feature that is on). */
  inputs: number | null;
  /** The widest hidden layer its views show legibly. */
  maxWidth: number;
  /** The problem it belongs to (null: whichever offers it) and what it starts with when chosen. */
  problem: State['problem'] | null;
  defaults: Partial<State>;
}

/** Hidden layers of the plane's network view: 16 nodes a column still read. */
export const PLANE_WIDTH = 16;
/** Hidden layers for images: each unit is a picture of its weights, 64 of them still fit. */
export const IMAGE_WIDTH = 64;

const plane: SourceSpec = { kind: 'plane', classes: null, inputs: null, maxWidth: PLANE_WIDTH, problem: null, defaults: {} };

/** 64-32-10 (tanh, Glorot's initial weights, softmax cross-entropy, SGD at 0.1, batches of 10): ≥ 95 % test accuracy in 50 epochs (tests/web/digits.test.ts). */
const digits: SourceSpec = {
  kind: 'image', classes: CLASSES, inputs: PIXELS, maxWidth: IMAGE_WIDTH, problem: 'multiclass',
  defaults: { networkShape: [32], activation: 'tanh', layerActivations: [], init: 'glorot', learningRate: 0.1, loss: 'cross-entropy', batchSize: 10 },
};

const SOURCES: Partial<Record<string, SourceSpec>> = { digits };

/** The source of a data set choice (web/src/problems.ts datasetChoice): the plane unless listed. */
export function sourceOf(choice: string): SourceSpec {
  return SOURCES[choice] ?? plane;
}

/** The data a session of the image kind trains on, with what its views show. */
export interface LoadedImages {
  kind: 'image';
  digits: Digits;
  split: DigitSplit;
}

export type LoadedData = LoadedImages;

// Each file is fetched once per page: every playground and every rebuild shares it. A failed
// load is forgotten, so the next rebuild tries again.
let digitsLoad: Promise<Digits> | null = null;

function loadedDigits(): Promise<Digits> {
  digitsLoad ??= loadDigits().catch((error: unknown) => {
    digitsLoad = null;
    throw error;
  });
  return digitsLoad;
}

/** The rows of a loaded data set for a state's split (its share of training data, its seed). */
export async function loadData(choice: string, state: Readonly<State>): Promise<LoadedData> {
  if (sourceOf(choice) !== digits) throw new Error(`the data set '${choice}' is not loaded from a file`);
  const images = await loadedDigits();
  return { kind: 'image', digits: images, split: splitDigits(images, state.percTrainData / 100, state.seed) };
}
