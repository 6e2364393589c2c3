// The problem types as one table: what each asks the network to output, which data sets it
// offers, and how a label becomes the loss's target. A new problem is a new row here, not an
// `if` in every view; model.ts turns a row and the state into the engine's configuration.
import type { Dataset, LossName, OutputActivation } from '../../wasm/index.d.mts';
import { sourceOf, type SourceSpec } from './data/sources';
import type { State } from './state';

export type ProblemId = State['problem'];

export interface ProblemSpec {
  /** In the problem menu. */
  label: string;
  /** Which state key holds the data set's choice, and the choices this problem offers. */
  datasetKey: 'dataset' | 'regDataset';
  datasets: readonly string[];
  /** The output units and loss for the state (its loss choice, its class count). */
  head(state: Readonly<State>): { output: OutputActivation; loss: LossName };
  /** Output units. */
  outputs(state: Readonly<State>): number;
  /** Classes of the data (0: regression). */
  classes(state: Readonly<State>): number;
  /** The loss's target row for a data point's label (±1 for two classes, 0 .. K - 1 for more, a value for regression). */
  target(state: Readonly<State>, label: number): number[];
  /** The user may draw their own points. */
  ownPoints: boolean;
}

/** Two classes: one tanh unit trained to ±1 (mean squared error), or a sigmoid's probability under cross-entropy. */
const binary: ProblemSpec = {
  label: 'Classification',
  datasetKey: 'dataset',
  datasets: ['circle', 'xor', 'gauss', 'spiral', 'moons', 'checkerboard', 'custom'],
  head: (state) => (state.loss === 'cross-entropy' ? { output: 'sigmoid', loss: 'bce' } : { output: 'tanh', loss: 'mse' }),
  outputs: () => 1,
  classes: () => 2,
  target(state, label) {
    const positive = label > 0;
    return [positive ? 1 : binary.head(state).output === 'sigmoid' ? 0 : -1];
  },
  ownPoints: true,
};

/**
 * K classes, one softmax unit each, trained on one-hot targets: softmax cross-entropy (the
 * loss menu's cross-entropy, and the default) or mean squared error on the probabilities.
 */
const multiclass: ProblemSpec = {
  label: 'Multi-class',
  datasetKey: 'dataset',
  datasets: ['spiral', 'blobs', 'custom', 'digits', 'penguins', 'table'],
  head: (state) => ({ output: 'softmax', loss: state.loss === 'mse' ? 'mse' : 'softmax-ce' }),
  outputs: (state) => multiclass.classes(state),
  // The data's own (ten digits), else the state's choice (the spiral's arms, the blobs).
  classes: (state) => sourceOf(datasetChoice(state)).classes(state) ?? state.classes,
  target: (state, label) => {
    const classes = multiclass.classes(state);
    const k = classIndex(label, classes);
    return Array.from({ length: classes }, (_, j) => (j === k ? 1 : 0));
  },
  ownPoints: true,
};

/** A value: one linear unit under mean squared error. */
const regression: ProblemSpec = {
  label: 'Regression',
  datasetKey: 'regDataset',
  datasets: ['reg-plane', 'reg-gauss', 'table'],
  head: () => ({ output: 'linear', loss: 'mse' }),
  outputs: () => 1,
  classes: () => 0,
  target: (_, label) => [label],
  ownPoints: false,
};

export const PROBLEMS: Record<ProblemId, ProblemSpec> = { classification: binary, multiclass, regression };

/**
 * The class (0 .. K - 1) of a point's label: with two classes the labels are ±1 and +1 is class
 * 1 (the engine's one-hot order); with more they are the classes themselves (a -1 of two-class
 * points read as many classes is class 0).
 */
export function classIndex(label: number, classes: number): number {
  return classes > 2 ? Math.max(0, label) : label > 0 ? 1 : 0;
}

/** The label a point of class `k` carries: ±1 with two classes (class 0 is -1), else k itself. */
export function labelOf(k: number, classes: number): number {
  return classes > 2 ? k : k === 1 ? 1 : -1;
}

/** Classes of an engine data set: 0 for regression, else its count (2: labels ±1); 2 when there is none. */
export function dataClasses(data: Pick<Dataset, 'problem' | 'classes'> | null | undefined): number {
  return data?.problem === 'regression' ? 0 : data?.classes ?? 2;
}

/**
 * The class the network predicts from each row of `outputs` (rows × units), as the engine's
 * accuracy does (Session::class_of): one unit is class 1 at or above the middle of its range
 * (0.5 for a sigmoid, 0 for tanh), more units their largest (the first of equals).
 */
export function predictedClasses(outputs: ArrayLike<number>, units: number, output: OutputActivation): number[] {
  const threshold = output === 'sigmoid' ? 0.5 : 0;
  const classes: number[] = [];
  for (let r = 0; (r + 1) * units <= outputs.length; r++) {
    if (units === 1) {
      classes.push(outputs[r] >= threshold ? 1 : 0);
      continue;
    }
    let best = 0;
    for (let k = 1; k < units; k++) if (outputs[r * units + k] > outputs[r * units + best]) best = k;
    classes.push(best);
  }
  return classes;
}

export function problemOf(state: Readonly<State>): ProblemSpec {
  return PROBLEMS[state.problem];
}

/** The data set in use: the state's choice when this problem offers it, else the problem's first. */
export function datasetChoice(state: Readonly<State>): string {
  const spec = problemOf(state);
  const chosen = state[spec.datasetKey];
  return spec.datasets.includes(chosen) ? chosen : spec.datasets[0];
}

/** Where the data set in use comes from: the plane's points, or a real data set's images (web/src/data/sources.ts). */
export function sourceIn(state: Readonly<State>): SourceSpec {
  return sourceOf(datasetChoice(state));
}

/**
 * The state once `choice` is picked from the data set picker: its problem, and the network and
 * training a real data set starts with; back on the plane, hidden layers no wider than it draws.
 */
export function pickDataset(state: Readonly<State>, choice: string): Partial<State> {
  const source = sourceOf(choice);
  const problem = source.problemOf?.(state) ?? source.problem ?? state.problem;
  const changes: Partial<State> = { ...(problem !== state.problem ? { problem } : {}), [PROBLEMS[problem].datasetKey]: choice };
  if (sourceIn(state) === source) return changes;
  const widths = state.networkShape.map((n) => Math.min(n, source.maxWidth));
  return { ...changes, ...(widths.some((n, i) => n !== state.networkShape[i]) ? { networkShape: widths } : {}), ...source.defaults };
}
