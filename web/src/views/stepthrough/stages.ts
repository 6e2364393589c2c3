// The explanation beside the diagram for the first two stages: forward (one layer at a time:
// z = Σ w·a + b, then a = f(z), with the numbers of the selected neuron and a table of the
// layer) and error (prediction, target, the loss formula with the numbers, ∂L/∂a). Every number
// is read from the engine's trace; formulas only arrange them.
import type { ResolvedNetworkConfig } from '../../../../wasm/index.d.mts';
import type { ExampleTrace, UpdateTrace } from '../../engine/protocol';
import { el, equation, factor, joined, num, partial, sym, table } from './format';
import { ACTIVATION_TEXT, activationOf, type Example, type LinkRef, type Names } from './walk';

/** Everything a stage's explanation is drawn from. */
export interface StageContext {
  trace: ExampleTrace;
  names: Names;
  config: ResolvedNetworkConfig;
  widths: number[];
  /** Selected unit per column (column 0 unused). */
  selected: readonly number[];
  /** The column this step is about. */
  column: number;
  example: Example;
  /** The applied update, once "Apply" was pressed for this trace. */
  update: UpdateTrace | null;
  /** The flat parameter offsets of each layer. */
  offsets: { weights: number; biases: number }[];
  onSelect(column: number, unit: number): void;
  onLink(link: LinkRef): void;
}

/** a of column c, unit u, as a symbol: inputs by their own name (x, y), neurons as a with a subscript. */
export function activationSymbol(names: Names, c: number, u: number): HTMLElement {
  return c === 0 ? sym(names.unit(0, u)) : sym('a', names.unit(c, u));
}

export function activationKey(c: number, u: number): string {
  return c === 0 ? `input.${u}` : `a.${c - 1}.${u}`;
}

export function activationValue(trace: ExampleTrace, c: number, u: number): number {
  return c === 0 ? trace.input[u] : trace.layers[c - 1].a[u];
}

export function weightSymbol(names: Names, layer: number, j: number, i: number): HTMLElement {
  return sym('w', `${names.unit(layer, i)}→${names.unit(layer + 1, j)}`);
}

/** A button naming a neuron that selects it (rows of the layer tables). */
export function neuronButton(context: StageContext, c: number, u: number): HTMLButtonElement {
  const b = el('button', 'st-neuron-button', context.names.unit(c, u));
  b.type = 'button';
  b.setAttribute('aria-pressed', String(context.selected[c] === u));
  b.setAttribute('aria-label', `Select ${context.names.unit(c, u)}`);
  b.addEventListener('click', () => context.onSelect(c, u));
  return b;
}

const MANY_TERMS = 6; // past this many inputs the symbolic line is left out: the numbers line says it

export function forwardStage(context: StageContext, layer: number): HTMLElement {
  const { trace, names, config, widths } = context;
  const c = layer + 1;
  const j = context.selected[c];
  const data = trace.layers[layer];
  const f = ACTIVATION_TEXT[activationOf(config, c)];
  const tag = names.unit(c, j);
  const inWidth = widths[layer];

  const box = el('div', 'st-stage-body');
  box.append(
    el('p', 'st-lead',
      `Each neuron of ${names.column(c).toLowerCase()} multiplies every incoming value by the weight of its link, `,
      'adds them up with its bias, and applies its activation function ', el('strong', '', `f = ${f.name}`), '. ',
      'The links into this layer carry the signal.'),
  );

  const formula = el('div', 'st-formula');
  formula.setAttribute('aria-label', `Forward pass of ${tag}`);
  const z = sym('z', tag);
  const terms = Array.from({ length: inWidth }, (_, i) => i);
  if (inWidth <= MANY_TERMS) {
    formula.append(equation(z, '=', joined([
      ...terms.map((i) => el('span', '', weightSymbol(names, layer, j, i), '·', activationSymbol(names, layer, i))),
      sym('b', tag),
    ], '+')));
  } else {
    formula.append(equation(z, '=', el('span', '', 'Σ', el('sub', '', 'i'), ' ', sym('w', `i→${tag}`), '·', sym('a', 'i'), ' + ', sym('b', tag))));
  }
  formula.append(equation('', '=', joined([
    ...terms.map((i) => el('span', '', factor(data.weights[j * inWidth + i], `w.${layer}.${j}.${i}`), '·',
      factor(activationValue(trace, layer, i), activationKey(layer, i)))),
    factor(data.biases[j], `b.${layer}.${j}`),
  ], '+')));
  formula.append(equation('', '=', num(data.z[j], `z.${layer}.${j}`, 'st-result')));
  formula.append(equation(sym('a', tag), '=', el('span', '', `${f.symbol}(`, sym('z', tag), ')'), '=',
    el('span', '', `${f.symbol}(`, num(data.z[j]), ')'), '=', num(data.a[j], `a.${layer}.${j}`, 'st-result')));
  box.append(formula);
  if (f.formula !== 'tanh(z)') box.append(el('p', 'st-note', `${f.symbol} is ${f.name}: f(z) = ${f.formula}.`));

  const rows = Array.from({ length: widths[c] }, (_, u) => [
    neuronButton(context, c, u), num(data.z[u], `z.${layer}.${u}`), num(data.a[u], `a.${layer}.${u}`),
  ]);
  const t = table(`${names.column(c)}: every neuron`, ['Neuron', sym('z'), `a = ${f.symbol}(z)`], rows, 'st-layer-table');
  markSelected(t, context.selected[c]);
  box.append(t);
  return box;
}

/** Highlights the selected row of a per-neuron table. */
export function markSelected(t: HTMLTableElement, unit: number): void {
  t.tBodies[0]?.rows[unit]?.classList.add('is-selected');
}

function describeTarget(context: StageContext, k: number): string {
  const { example, config, trace } = context;
  const t = trace.target[k];
  if (trace.target.length > 1) {
    const ts = Array.from(trace.target, (v) => fmt(v)).join(', ');
    return `This example is of class ${trace.target.indexOf(1)}, so its target is one-hot: t = (${ts}).`;
  }
  if (config.loss === 'mse' && config.output === 'linear') return `This example's value is ${fmt(example.label)}, so the target is t = ${fmt(t)}.`;
  const kind = example.label > 0 ? 'positive (blue)' : 'negative (orange)';
  return `This example is a ${kind} point, so the target is t = ${fmt(t)}.`;
}

function fmt(v: number): string {
  return num(v).textContent ?? '';
}

export function errorStage(context: StageContext): HTMLElement {
  const { trace, config, names, widths } = context;
  const last = widths.length - 1;
  const out = trace.layers[last - 1];
  const box = el('div', 'st-stage-body');
  const predicted = out.a.indexOf(Math.max(...out.a));
  const reading = config.output === 'tanh'
    ? 'The output is the prediction: above 0 means the positive class, below 0 the negative.'
    : config.output === 'sigmoid'
      ? 'The output is the prediction: the probability that the point is positive.'
      : config.output === 'softmax'
        ? `The output layer is a softmax: it turns the scores z into probabilities p_k = e^(z_k) / Σ_j e^(z_j), which add up to 1; the prediction is the most probable class, here class ${predicted}.`
        : 'The output is the predicted value.';
  box.append(el('p', 'st-lead', reading, ' ', describeTarget(context, 0),
    ' The loss measures how far the prediction is from the target.'));

  const formula = el('div', 'st-formula');
  for (let k = 0; k < out.a.length; k++) {
    const tag = names.unit(last, k);
    const a = () => factor(out.a[k], `prediction.${k}`);
    const t = () => factor(trace.target[k], `target.${k}`);
    // A softmax's output is a probability p, shown after its score z; any other output is a.
    const softmax = config.output === 'softmax';
    const score = softmax ? [sym('z', tag), '=', num(out.z[k], `score.${k}`), el('span', 'st-gap', '')] : [];
    formula.append(equation(...score, sym(softmax ? 'p' : 'a', tag), '=', num(out.a[k], `prediction.${k}`), el('span', 'st-gap', ''),
      sym('t'), '=', num(trace.target[k], `target.${k}`)));
    if (config.loss === 'mse') {
      formula.append(equation(sym('L'), '=', el('span', '', '½(', sym('a'), ' − ', sym('t'), ')²'), '=',
        el('span', '', '½(', a(), ' − ', t(), ')²'), '=', out.a.length === 1 ? num(trace.loss, 'loss', 'st-result') : ''));
      formula.append(equation(partial(sym('a')), '=', el('span', '', sym('a'), ' − ', sym('t')), '=',
        num(trace.outputGradient[k], `dLda.${k}`, 'st-result')));
    } else if (config.loss === 'bce') {
      formula.append(equation(sym('L'), '=', el('span', '', '−[', sym('t'), '·ln ', sym('a'), ' + (1 − ', sym('t'), ')·ln(1 − ', sym('a'), ')]'), '=',
        el('span', '', '−[', t(), '·ln ', a(), ' + (1 − ', t(), ')·ln(1 − ', a(), ')]'), '=', num(trace.loss, 'loss', 'st-result')));
      formula.append(equation(partial(sym('a')), '=', el('span', '', '(', sym('a'), ' − ', sym('t'), ') / (', sym('a'), '(1 − ', sym('a'), '))'), '=',
        num(trace.outputGradient[k], `dLda.${k}`, 'st-result')));
    }
  }
  if (config.loss === 'softmax-ce') {
    // Softmax cross-entropy: only the target class's probability counts.
    const target = trace.target.indexOf(1);
    const zs = out.z;
    const sum = zs.reduce((s, z) => s + Math.exp(z), 0);
    formula.append(equation(sym('p', names.unit(last, target)), '=',
      el('span', '', 'e', el('sup', '', 'z'), ' / Σ', el('sub', '', 'j'), ' e', el('sup', '', 'z_j')), '=',
      el('span', '', 'e', el('sup', '', fmt(zs[target])), ' / ', factor(sum, 'softmax-sum')), '=', num(out.a[target], `prediction.${target}`)));
    formula.append(equation(sym('L'), '=', el('span', '', '−Σ', el('sub', '', 'k'), ' ', sym('t', 'k'), ' ln ', sym('p', 'k'), ' = −ln ', sym('p', names.unit(last, target))),
      '=', el('span', '', '−ln ', factor(out.a[target], `prediction.${target}`)), '=', num(trace.loss, 'loss', 'st-result')));
  } else if (out.a.length > 1) {
    formula.append(equation(sym('L'), '=', num(trace.loss, 'loss', 'st-result')));
  }
  box.append(formula);
  box.append(el('p', 'st-note', '∂L/∂a says how the loss changes when the output changes: backpropagation starts from it. ',
    `The training loss in the output panel is the mean of L over all ${context.example.count} training examples.`));
  return box;
}
