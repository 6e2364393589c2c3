// From the page's state to the engine's configuration: which features feed the network, its
// layers and head, and the data set. The only place that knows both vocabularies.
import type { DatasetOptions, NetworkConfig, OutputActivation, RowData } from '../../wasm/index.d.mts';
import { loadData, type LoadedData } from './data/sources';
import { classIndex, datasetChoice, problemOf, sourceIn } from './problems';
import { FEATURES, type Feature, type State } from './state';
import { same } from './store';

/** The input features that are on, in the playground's order. */
export function enabledFeatures(state: Readonly<State>): Feature[] {
  return FEATURES.filter((f) => state[f]);
}

/** Widths of every layer: inputs (the features that are on, or the data's own), hidden layers, the outputs (one, or one per class). */
export function layerWidths(state: Readonly<State>): number[] {
  const inputs = sourceIn(state).inputs(state) ?? enabledFeatures(state).length;
  return [inputs, ...state.networkShape, problemOf(state).outputs(state)];
}

/**
 * What each output unit means for the views: the range its value lives in (the colour scale
 * spans it, its middle is the decision boundary) and the target of each class. One row per head,
 * so that a new head (a many-class softmax) is a new row, not an if in every view.
 */
export interface HeadMeaning {
  /** The output's range, low to high: the legend's ends; low is orange, high is blue. */
  range: readonly [number, number];
  /** The target a positive (blue) and a negative (orange) point is trained towards; null: the data's own values (regression). */
  targets: { positive: number; negative: number } | null;
}

export const HEADS: Record<OutputActivation, HeadMeaning> = {
  tanh: { range: [-1, 1], targets: { positive: 1, negative: -1 } },
  sigmoid: { range: [0, 1], targets: { positive: 1, negative: 0 } },
  // One probability per class (each unit's target is 1 for its class, 0 for the others).
  softmax: { range: [0, 1], targets: { positive: 1, negative: 0 } },
  // Regression: the targets are the data's values, which lie in [-1, 1] for both sets.
  linear: { range: [-1, 1], targets: null },
};

/** The meaning of an output unit (the engine's default is tanh). */
export function meaning(output: OutputActivation = 'tanh'): HeadMeaning {
  return HEADS[output];
}

/** The class whose target `t` is under this head, or null (regression, or no class's target). */
export function targetClass(output: OutputActivation | undefined, t: number): 'positive' | 'negative' | null {
  const { targets } = meaning(output);
  return targets?.positive === t ? 'positive' : targets?.negative === t ? 'negative' : null;
}

/**
 * The loss and output units (web/src/problems.ts): two classes pair cross-entropy with a sigmoid,
 * squared error with tanh; many classes are a softmax; regression is linear (as the playground).
 */
export function head(state: Readonly<State>): Pick<NetworkConfig, 'output' | 'loss'> {
  return problemOf(state).head(state);
}

export function networkConfig(state: Readonly<State>): NetworkConfig {
  const hidden = state.networkShape.length;
  return {
    layers: layerWidths(state),
    activation: state.layerActivations.length === hidden ? [...state.layerActivations] : state.activation,
    ...head(state),
    init: state.init,
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    batchSize: state.batchSize,
    regularization: state.regularization === 'none' ? 'none' : state.regularization === 'L1' ? 'l1' : 'l2',
    regularizationRate: state.regularizationRate,
    seed: state.seed,
  };
}

/**
 * The fewest points the engine accepts: it needs 2, and at least one must land in the training
 * split, which is floor(n * share).
 */
export function minPoints(percTrainData: number): number {
  return Math.max(2, Math.ceil(100 / percTrainData - 1e-9));
}

/** Does the state train on the user's own points (drawn or pasted, of two classes or more)? */
export function usesOwnPoints(state: Readonly<State>): boolean {
  return problemOf(state).ownPoints && datasetChoice(state) === 'custom';
}

/** How many more points the user's own data set needs before there is anything to train on (0: enough). */
export function missingPoints(state: Readonly<State>): number {
  if (!usesOwnPoints(state)) return 0;
  return Math.max(0, minPoints(state.percTrainData) - Math.floor(state.points.length / 3));
}

/** Why there is nothing to train on, in words for the user; null when there is data. */
export function noDataMessage(state: Readonly<State>): string | null {
  if (missingPoints(state) === 0) return null;
  const have = Math.floor(state.points.length / 3);
  return `Add at least ${minPoints(state.percTrainData)} points to train the network (the data set has ${have === 0 ? 'none' : have}).`;
}

export function datasetName(state: Readonly<State>): NonNullable<DatasetOptions['name']> {
  const choice = datasetChoice(state);
  if (choice === 'reg-plane') return 'plane';
  if (choice === 'reg-gauss') return 'multigauss';
  return choice as Exclude<State['dataset'], 'digits' | 'penguins' | 'table'>;
}

export function datasetOptions(state: Readonly<State>): DatasetOptions {
  const classes = problemOf(state).classes(state);
  if (usesOwnPoints(state)) {
    // Two classes: labels ±1; more: the class of each label (two-class points read as classes 0 and 1).
    const points: [number, number, number][] = [];
    for (let i = 0; i + 2 < state.points.length; i += 3) {
      const label = state.points[i + 2];
      points.push([state.points[i], state.points[i + 1], classes > 2 ? classIndex(label, classes) : label > 0 ? 1 : -1]);
    }
    return { name: 'custom', points, trainRatio: state.percTrainData / 100, seed: state.seed, features: enabledFeatures(state), ...(classes > 2 ? { classes } : {}) };
  }
  return {
    name: datasetName(state),
    noise: state.noise / 100,
    trainRatio: state.percTrainData / 100,
    seed: state.seed,
    features: enabledFeatures(state),
    ...(classes > 2 ? { classes } : {}),
  };
}

/**
 * What a session trains on: the engine's generated points (their options), or a real data set's
 * rows, loaded and split here, with what its views show.
 */
export type SessionData = { data: DatasetOptions | RowData; loaded: LoadedData | null };

/**
 * (At once for the plane's points: the session's create is then sent in the same task as the
 * change that asked for it, before any call that follows the change, such as a reset.)
 */
export function sessionData(state: Readonly<State>): SessionData | Promise<SessionData> {
  if (sourceIn(state).kind === 'plane') return { data: datasetOptions(state), loaded: null };
  return loadData(datasetChoice(state), state).then((loaded) => ({ data: loaded.split, loaded }));
}

/** Keys whose change needs a new session (new data or a new network); others are view-only. */
export const SESSION_KEYS: ReadonlySet<keyof State> = new Set<keyof State>([
  'activation', 'layerActivations', 'batchSize', 'dataset', 'regDataset', 'noise', 'networkShape', 'seed',
  'percTrainData', 'standardize', 'table', 'tableTarget', 'tableKind', 'tableSkip', ...FEATURES, 'problem', 'classes', 'optimizer', 'init', 'loss', 'points',
]);

/** Do two states need different sessions (a network or data set of their own)? */
export function sessionDiffers(a: Readonly<State>, b: Readonly<State>): boolean {
  return [...SESSION_KEYS].some((key) => !same(a[key], b[key]));
}

/** Keys the running session takes on the fly, keeping its weights (turn the learning rate down mid-run). */
export const LIVE_KEYS: ReadonlySet<keyof State> = new Set<keyof State>(['learningRate', 'regularization', 'regularizationRate']);

export function hyperparameters(state: Readonly<State>): Pick<NetworkConfig, 'learningRate' | 'regularization' | 'regularizationRate'> {
  const { learningRate, regularization, regularizationRate } = networkConfig(state);
  return { learningRate, regularization, regularizationRate };
}

/** A point's label as the loss's target: ±1 for a tanh output, 0/1 for sigmoid, one-hot for many classes, the value for regression. */
export function encodeLabel(state: Readonly<State>, label: number): number[] {
  return problemOf(state).target(state, label);
}
