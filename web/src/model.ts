// From the page's state to the engine's configuration: which features feed the network, its
// layers and head, and the data set. The only place that knows both vocabularies.
import type { DatasetOptions, NetworkConfig } from '../../wasm/index.d.mts';
import { FEATURES, type Feature, type State } from './state';

/** The input features that are on, in the playground's order. */
export function enabledFeatures(state: Readonly<State>): Feature[] {
  return FEATURES.filter((f) => state[f]);
}

/** Widths of every layer: inputs, hidden layers, one output. */
export function layerWidths(state: Readonly<State>): number[] {
  return [enabledFeatures(state).length, ...state.networkShape, 1];
}

/** The loss and output unit: cross-entropy pairs with a sigmoid; regression is linear (as the playground). */
export function head(state: Readonly<State>): Pick<NetworkConfig, 'output' | 'loss'> {
  if (state.problem === 'regression') return { output: 'linear', loss: 'mse' };
  return state.loss === 'cross-entropy' ? { output: 'sigmoid', loss: 'bce' } : { output: 'tanh', loss: 'mse' };
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

export function datasetName(state: Readonly<State>): NonNullable<DatasetOptions['name']> {
  if (state.problem === 'classification') return state.dataset;
  return state.regDataset === 'reg-plane' ? 'plane' : 'multigauss';
}

export function datasetOptions(state: Readonly<State>): DatasetOptions {
  if (state.problem === 'classification' && state.dataset === 'custom') {
    const points: [number, number, number][] = [];
    for (let i = 0; i + 2 < state.points.length; i += 3) points.push([state.points[i], state.points[i + 1], state.points[i + 2]]);
    return { name: 'custom', points, trainRatio: state.percTrainData / 100, seed: state.seed, features: enabledFeatures(state) };
  }
  return {
    name: datasetName(state),
    noise: state.noise / 100,
    trainRatio: state.percTrainData / 100,
    seed: state.seed,
    features: enabledFeatures(state),
  };
}

/** Keys whose change needs a new session (new data or a new network); others are view-only. */
export const SESSION_KEYS: ReadonlySet<keyof State> = new Set<keyof State>([
  'activation', 'layerActivations', 'batchSize', 'dataset', 'regDataset', 'noise', 'networkShape', 'seed',
  'percTrainData', ...FEATURES, 'problem', 'optimizer', 'init', 'loss', 'points',
]);

/** Keys the running session takes on the fly, keeping its weights (turn the learning rate down mid-run). */
export const LIVE_KEYS: ReadonlySet<keyof State> = new Set<keyof State>(['learningRate', 'regularization', 'regularizationRate']);

export function hyperparameters(state: Readonly<State>): Pick<NetworkConfig, 'learningRate' | 'regularization' | 'regularizationRate'> {
  const { learningRate, regularization, regularizationRate } = networkConfig(state);
  return { learningRate, regularization, regularizationRate };
}

/** A point's label as the loss's target: ±1 for a tanh output, 0/1 for sigmoid, the value for regression. */
export function encodeLabel(state: Readonly<State>, label: number): number[] {
  if (state.problem === 'regression') return [label];
  return head(state).output === 'sigmoid' ? [label > 0 ? 1 : 0] : [label > 0 ? 1 : -1];
}
