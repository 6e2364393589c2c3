// What the step-through walks over, as plain data: the sequence of steps for a network (one
// forward step per layer, the error, one backward step per layer from the output back, the
// update), the names of neurons and layers, what each activation function is and what its
// derivative is, and which training example is which. No DOM.
import type { Dataset, HiddenActivation, OutputActivation, ResolvedNetworkConfig } from '../../../../wasm/index.d.mts';
import type { ExampleTrace } from '../../engine/protocol';
import { targetClass } from '../../model';
import { formatNumber } from './format';

export type Stage = 'forward' | 'error' | 'backward' | 'update';

export interface Step {
  stage: Stage;
  /** For forward and backward: the weight layer (0 = input → first hidden); -1 otherwise. */
  layer: number;
}

/** The four stages in the order they are walked. They carry no number of their own: the one
 * numbering on screen is the walk's steps ("Step 5 of 8"), and a stage shows the steps it spans. */
export const STAGES: { stage: Stage; title: string }[] = [
  { stage: 'forward', title: 'Forward' },
  { stage: 'error', title: 'Error' },
  { stage: 'backward', title: 'Backward' },
  { stage: 'update', title: 'Update' },
];

/** Forward through layers 0 … L−1, the error, backward through L−1 … 0, the update: 2L + 2 steps. */
export function stepsFor(layerCount: number): Step[] {
  const steps: Step[] = [];
  for (let l = 0; l < layerCount; l++) steps.push({ stage: 'forward', layer: l });
  steps.push({ stage: 'error', layer: -1 });
  for (let l = layerCount - 1; l >= 0; l--) steps.push({ stage: 'backward', layer: l });
  steps.push({ stage: 'update', layer: -1 });
  return steps;
}

/** The step a click on stage `stage` jumps to: its first. */
export function firstStepOf(steps: Step[], stage: Stage): number {
  return Math.max(0, steps.findIndex((s) => s.stage === stage));
}

/** The step of `stage` at weight layer `layer` (a click on a neuron of another layer goes there). */
export function stepAt(steps: Step[], stage: Stage, layer: number): number {
  return steps.findIndex((s) => s.stage === stage && s.layer === layer);
}

const FEATURE_NAMES: Record<string, string> = {
  x: 'x', y: 'y', xSquared: 'x²', ySquared: 'y²', xTimesY: 'x·y', sinX: 'sin x', sinY: 'sin y',
};

/** How neurons and layers are called on screen. Column 0 is the input, the last the output. */
export interface Names {
  /** "Input", "Hidden layer 1", "Output". */
  column(c: number): string;
  /** Short tags used in formulas: "x", "h1.2", "out". */
  unit(c: number, u: number): string;
}

export function namesFor(features: readonly string[], widths: readonly number[]): Names {
  const last = widths.length - 1;
  return {
    column: (c) => (c === 0 ? 'Input' : c === last ? 'Output' : `Hidden layer ${c}`),
    unit(c, u) {
      if (c === 0) return FEATURE_NAMES[features[u]] ?? `x${u + 1}`;
      if (c === last) return widths[last] === 1 ? 'out' : `out${u + 1}`;
      return `h${c}.${u + 1}`;
    },
  };
}

export type ActivationName = HiddenActivation | OutputActivation;

export interface ActivationText {
  /** In words: "tanh", "ReLU". */
  name: string;
  /** As a function name in formulas: a = tanh(z), a = σ(z). */
  symbol: string;
  /** a = f(z) written out, with "z" as the placeholder. */
  formula: string;
  /** f′(z) written out. */
  derivative: string;
}

export const ACTIVATION_TEXT: Record<ActivationName, ActivationText> = {
  tanh: { name: 'tanh', symbol: 'tanh', formula: 'tanh(z)', derivative: '1 − tanh²(z) = 1 − a²' },
  sigmoid: { name: 'sigmoid', symbol: 'σ', formula: 'σ(z) = 1 / (1 + e⁻ᶻ)', derivative: 'σ(z)(1 − σ(z)) = a(1 − a)' },
  relu: { name: 'ReLU', symbol: 'ReLU', formula: 'max(0, z)', derivative: '1 if z > 0, else 0' },
  'leaky-relu': { name: 'leaky ReLU', symbol: 'leakyReLU', formula: 'z if z > 0, else 0.01 z', derivative: '1 if z > 0, else 0.01' },
  linear: { name: 'linear (identity)', symbol: 'id', formula: 'z', derivative: '1' },
  softplus: { name: 'softplus', symbol: 'softplus', formula: 'ln(1 + eᶻ)', derivative: 'σ(z) = 1 / (1 + e⁻ᶻ)' },
  softmax: { name: 'softmax', symbol: 'softmax', formula: 'eᶻᵏ / Σₘ eᶻᵐ', derivative: 'a_k(1 − a_k) on the diagonal' },
};

/** The activation of column c ≥ 1. */
export function activationOf(config: ResolvedNetworkConfig, c: number): ActivationName {
  return c >= config.layers.length - 1 ? config.output : config.activation[c - 1] ?? 'tanh';
}

/** One training example: where it is, its label, and the rows the engine takes. */
export interface Example {
  index: number;
  count: number;
  x: number;
  y: number;
  label: number;
  input: number[];
}

export function trainCount(data: Dataset | null): number {
  return data ? Math.floor(data.trainPoints.length / 3) : 0;
}

/** Training example `index` (its input row holds the enabled features of (x, y), as trainInputs). */
export function exampleAt(data: Dataset, index: number): Example | null {
  const count = trainCount(data);
  if (!(index >= 0 && index < count)) return null;
  const width = data.inputWidth;
  return {
    index, count,
    x: data.trainPoints[index * 3], y: data.trainPoints[index * 3 + 1], label: data.trainPoints[index * 3 + 2],
    input: Array.from(data.trainInputs.subarray(index * width, (index + 1) * width)),
  };
}

/** Where layer l's weights and biases start in the flat parameters [W0 b0 W1 b1 ...] (parameters.ts). */
export { layerOffsets as parameterOffsets } from '../../parameters';

/**
 * Under the output node: "target 1 (blue)", "target 0 (orange)" (a sigmoid's), "target 0.42"
 * (regression), "target: class 2" (a one-hot target over many outputs).
 */
export function targetBadge(output: OutputActivation, target: Float32Array | readonly number[]): string {
  if (target.length > 1) return `target: class ${target.indexOf(1)}`;
  const t = target[0];
  const kind = targetClass(output, t);
  return `target ${formatNumber(t)}${kind ? ` (${kind === 'positive' ? 'blue' : 'orange'})` : ''}`;
}

/**
 * "x = 1.23, y = −4.5, positive (blue), target t = 1" (two classes), "…, class 2, target t = (0, 0, 1)"
 * (more), "…, target value t = 0.42" (`classes` 0: regression), for the example bar and announcements.
 */
export function describeExample(ex: Example, target: readonly number[], classes: number): string {
  const where = `x = ${formatNumber(ex.x, 3)}, y = ${formatNumber(ex.y, 3)}`;
  if (classes === 0) return `${where}, target value t = ${formatNumber(target[0])}`;
  if (classes > 2) return `${where}, class ${ex.label}, target t = (${target.map((t) => formatNumber(t)).join(', ')})`;
  return `${where}, ${ex.label > 0 ? 'positive (blue)' : 'negative (orange)'}, target t = ${formatNumber(target[0])}`;
}

/** "Forward: Hidden layer 1", "Error": what the step is about, without a number (see stepPosition). */
export function stepTitle(step: Step, names: Names | null): string {
  const meta = STAGES.find((x) => x.stage === step.stage);
  const of = names && (step.stage === 'forward' || step.stage === 'backward') ? `: ${names.column(step.layer + 1)}` : '';
  return `${meta?.title ?? ''}${of}`;
}

/** "Step 5 of 8": where step `index` is in the walk, counted as the learner walks it. */
export function stepPosition(steps: readonly Step[], index: number): string {
  return `Step ${index + 1} of ${steps.length}`;
}

/** The steps a stage spans in that same numbering: "1–3" (forward of a 2-3-2-1 network), "4" (error); '' if none. */
export function stageSpan(steps: readonly Step[], stage: Stage): string {
  const first = steps.findIndex((s) => s.stage === stage);
  if (first < 0) return '';
  let last = first;
  while (steps[last + 1]?.stage === stage) last++;
  return last === first ? String(first + 1) : `${first + 1}–${last + 1}`;
}

/** A weight of layer `layer` from unit `i` to unit `j`. */
export interface LinkRef {
  layer: number;
  j: number;
  i: number;
}

export function sameLink(a: LinkRef | null, b: LinkRef | null): boolean {
  return !!a && !!b && a.layer === b.layer && a.j === b.j && a.i === b.i;
}

/** The flat parameters [W0 b0 W1 b1 ...] a trace was computed with. */
export function parametersOf(trace: ExampleTrace): Float32Array {
  const size = trace.layers.reduce((n, l) => n + l.weights.length + l.biases.length, 0);
  const flat = new Float32Array(size);
  let at = 0;
  for (const l of trace.layers) {
    flat.set(l.weights, at);
    flat.set(l.biases, at + l.weights.length);
    at += l.weights.length + l.biases.length;
  }
  return flat;
}

/** Same numbers, NaN equal to NaN (a diverged network must not look changed forever). */
export function sameParameters(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}
