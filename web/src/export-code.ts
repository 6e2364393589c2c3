// "Export as code": the network as a Python file that runs without the playground. This module
// holds what both files share: which network it is (the session's configuration, the features or
// a real data set's columns, classes and standardization), its weights cut out of
// [W0 b0 W1 b1 ...], and Python literals that give back every float32 bit. export-numpy.ts and
// export-torch.ts write the two files. Pure (no DOM): tests/web/export-code.test.ts runs them.
import type { HiddenActivation, LossName, OutputActivation, ResolvedNetworkConfig } from '../../wasm/index.d.mts';
import type { LoadedData } from './data/sources';
import type { Scale } from './data/table';
import { shortestFloat32 } from './export';
import { layerOffsets, parameterCount } from './parameters';
import { enabledFeatures } from './model';
import { problemOf } from './problems';
import { DOMAIN, type Feature, type State } from './state';

/** What a file is made from: the page's state, its session and the weights on screen. */
export interface CodeSource {
  state: Readonly<State>;
  /** The session's configuration as the engine resolved it (every hyper-parameter present). */
  config: ResolvedNetworkConfig;
  /** [W0 b0 W1 b1 ...], each W_l (out, in) row-major. */
  parameters: Float32Array;
  /** A real data set's rows (its columns, classes, standardization); null on the plane. */
  loaded: LoadedData | null;
  /** The playground link the file names as its origin. */
  link: string;
  /** The optimizer step the weights are at. */
  step: number;
}

export interface CodeLayer {
  inputs: number;
  outputs: number;
  /** (outputs, inputs) row-major, as the engine and nn.Linear hold them. */
  weights: Float32Array;
  biases: Float32Array;
  activation: HiddenActivation | OutputActivation;
}

/** The network as both files describe it. */
export interface CodeNetwork {
  kind: 'plane' | 'image' | 'table';
  layers: CodeLayer[];
  output: OutputActivation;
  loss: LossName;
  /** The plane's input features, in the network's order. */
  features: Feature[];
  /** A table's input columns (its raw values; `scale` turns them into the network's inputs). */
  columns: string[];
  target: string;
  /** Class names in the outputs' order; for two classes on one unit [negative, positive]; [] for regression. */
  classes: string[];
  scale: Scale | null;
  targetScale: Scale | null;
  /** The real data sets' seeded split (web/src/data/split.ts). */
  trainShare: number;
  seed: number;
  /** The file the torch script trains on by default. */
  dataFile: string;
}

/** The page's "Data points (CSV)" download, which the PyTorch script of a plane network reads. */
export const POINTS_FILE = 'backprop-playground-data.csv';
/** A link longer than this is not printed in a file's header (a table travels in its link). */
const MAX_LINK_IN_FILE = 2000;

/** Why this network cannot be written as code, in words for the dialog; null when it can. */
export function codeProblem(source: CodeSource): string | null {
  const { layers } = source.config;
  const count = parameterCount(layers);
  if (source.parameters.length !== count) return `the weights on screen (${source.parameters.length}) do not fit the network ${layers.join('-')} (${count}); wait for the next frame`;
  if (!source.parameters.every(Number.isFinite)) return 'some weights are not finite numbers';
  const kind = inputKind(source);
  if (kind === 'plane' && enabledFeatures(source.state).length !== layers[0]) return 'the input features changed since these weights were drawn; wait for the next frame';
  if (kind !== 'plane' && source.loaded?.kind !== kind) return 'the data set is still loading';
  if (source.loaded?.kind === 'table' && source.loaded.data.features.length !== layers[0]) return 'the table changed since these weights were drawn; wait for the next frame';
  return null;
}

function inputKind(source: CodeSource): CodeNetwork['kind'] {
  return source.loaded?.kind ?? 'plane';
}

/** The network of a source that codeProblem accepts. */
export function codeNetwork(source: CodeSource): CodeNetwork {
  const { config, parameters, state, loaded } = source;
  const offsets = layerOffsets(config.layers);
  const layers: CodeLayer[] = offsets.map((o, l) => ({
    inputs: o.in, outputs: o.out,
    weights: parameters.slice(o.weights, o.biases), biases: parameters.slice(o.biases, o.biases + o.out),
    activation: l + 1 === offsets.length ? config.output : config.activation[l],
  }));
  const outputs = config.layers[config.layers.length - 1];
  const regression = problemOf(state).classes(state) === 0;
  const table = loaded?.kind === 'table' ? loaded : null;
  let classes: string[] = [];
  if (table) classes = table.data.classes;
  else if (loaded?.kind === 'image') classes = Array.from({ length: outputs }, (_, k) => String(k));
  else if (!regression) classes = outputs === 1 ? ['orange', 'blue'] : Array.from({ length: outputs }, (_, k) => `class ${k}`);
  return {
    kind: inputKind(source), layers, output: config.output, loss: config.loss,
    features: loaded ? [] : enabledFeatures(state),
    columns: table?.data.features ?? [], target: table?.data.target ?? '', classes,
    scale: table?.split.scale ?? null, targetScale: table?.split.targetScale ?? null,
    trainShare: state.percTrainData / 100, seed: state.seed,
    dataFile: table ? (table.name === 'penguins' ? 'penguins.csv' : 'your-table.csv') : loaded ? 'digits.csv.gz' : POINTS_FILE,
  };
}

// ---- Python text ---------------------------------------------------------------------------

/** A float32 as Python text that reads back (through a double, then float32) as the same bits. */
export function pyFloat(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const text = String(shortestFloat32(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A double as Python text that reads back as the same double (both print the shortest). */
export function pyDouble(value: number): string {
  const text = Object.is(value, -0) ? '-0.0' : String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Text from the user (a column, a class) as a Python string literal: JSON's escapes are Python's. */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** Values as a Python list, wrapped after `perLine` values with the continuation under the first. */
export function pyList(values: ArrayLike<number>, indent: string, format = pyFloat, perLine = 8): string {
  const parts = Array.from(values, (v) => format(v));
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += perLine) lines.push(parts.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${indent} `)}]`;
}

/** A (rows, cols) row-major block as a list of rows, one row (wrapped) a line. */
export function pyRows(values: ArrayLike<number>, rows: number, cols: number, indent: string): string {
  const inner = `${indent}    `;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(`${inner}${pyList(Array.prototype.slice.call(values, r * cols, (r + 1) * cols), inner)},`);
  return `[\n${lines.join('\n')}\n${indent}]`;
}

/** The inputs' names as the comments call them. */
const FEATURE_WORDS: Record<Feature, string> = {
  x: 'x', y: 'y', xSquared: 'x²', ySquared: 'y²', xTimesY: 'x·y', sinX: 'sin x', sinY: 'sin y',
};

/** The plane's features as expressions of x and y (`sin` the module's own: np.sin, torch.sin). */
export function featureExpressions(features: readonly Feature[], sin: string): string[] {
  const code: Record<Feature, string> = {
    x: 'x', y: 'y', xSquared: 'x * x', ySquared: 'y * y', xTimesY: 'x * y', sinX: `${sin}(x)`, sinY: `${sin}(y)`,
  };
  return features.map((f) => code[f]);
}

export function inputWords(net: CodeNetwork): string {
  if (net.kind === 'plane') return net.features.map((f) => FEATURE_WORDS[f]).join(', ');
  if (net.kind === 'image') return 'the 64 pixels of an 8×8 image, each 0 to 16 (the data set\'s counts), divided by 16';
  return `${net.columns.map(pyString).join(', ')}${net.scale ? ', each as a z-score from the training rows' : ''}`;
}

/** What the prediction is, for the docstrings. */
export function outputWords(net: CodeNetwork): string {
  const units = net.layers[net.layers.length - 1].outputs;
  if (net.classes.length === 0) return net.targetScale ? `the predicted ${pyString(net.target)}, in its own units` : 'the predicted value';
  if (units === 1 && net.output === 'sigmoid') return 'the probability of the blue class (at least 0.5: blue, else orange)';
  if (units === 1) return `a ${net.output} value: +1 for the blue class, -1 for the orange (at least 0: blue)`;
  return `${units} probabilities, one per class (${net.classes.map(pyString).join(', ')})`;
}

const LOSS_WORDS: Record<LossName, string> = {
  mse: 'squared error, ½ Σ_k (a_k - t_k)² per example',
  bce: 'cross-entropy of the sigmoid, -[t log a + (1 - t) log(1 - a)] per example',
  'softmax-ce': 'softmax cross-entropy, -Σ_k t_k log a_k per example',
};

/** The network in a few lines of words: shape, layers, output, training, origin. */
export function describe(net: CodeNetwork, source: CodeSource): string[] {
  const c = source.config;
  const hidden = net.layers.slice(0, -1).map((l) => `${l.outputs} ${l.activation}`);
  const last = net.layers[net.layers.length - 1];
  const optimizer = {
    sgd: 'plain gradient descent (SGD)',
    momentum: `SGD with momentum ${pyFloat(c.momentum)}`,
    rmsprop: `RMSProp (rho ${pyFloat(c.rho)}, epsilon ${pyFloat(c.epsilon)})`,
    adam: `Adam (beta1 ${pyFloat(c.beta1)}, beta2 ${pyFloat(c.beta2)}, epsilon ${pyFloat(c.epsilon)})`,
  }[c.optimizer];
  const regularization = c.regularization === 'none' || c.regularizationRate === 0 ? 'no regularization'
    : `${c.regularization.toUpperCase()} regularization at ${pyFloat(c.regularizationRate)} (weights only)`;
  const link = source.link.length <= MAX_LINK_IN_FILE ? source.link
    : `the playground (its link is ${source.link.length.toLocaleString('en-US')} characters long, too long to print here)`;
  return [
    `A ${c.layers.join('-')} network: ${c.layers[0]} inputs; ${hidden.length === 0 ? 'no hidden layer' : `hidden layers of ${hidden.join(', ')} units`}; ` +
      `${last.outputs} ${last.activation} output${last.outputs === 1 ? '' : 's'}.`,
    `Inputs: ${inputWords(net)}.`,
    `Output: ${outputWords(net)}.`,
    `Trained on ${LOSS_WORDS[net.loss]}, averaged over batches of ${c.batchSize}; ${optimizer} at learning rate ${pyFloat(c.learningRate)}; ${regularization}.`,
    `The weights are the playground's at step ${source.step.toLocaleString('en-US')}.`,
    `Made from: ${link}`,
  ];
}

/** Lines wrapped at `width` characters (words kept whole), each with `prefix`. */
export function wrap(text: string, prefix: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(prefix + line);
  return lines;
}

/** The grid of the page's output picture, for the files' comments. */
export const GRID_WORDS = `an n×n grid over [-${DOMAIN}, ${DOMAIN}]² (row 0 at y = ${DOMAIN}, column 0 at x = -${DOMAIN})`;
