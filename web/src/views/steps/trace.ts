// One example's trace drawn for many inputs: each layer a strip of units coloured by their
// values (forward: a = f(z); backward: δ = ∂L/∂z), the output's probabilities with the target,
// the loss, and the gradient carried on to the input (an 8×8 image for a digit, a bar per column
// for a table). A unit pressed gives its numbers: z as its bias plus its largest incoming terms
// w·a (the rest summed: 64 links aggregated), a = f(z), and δ with the chain rule's factors.
import { colourOf, colourTable, type Palette } from '../../heatmap';
import type { ExampleTrace } from '../../engine/protocol';
import type { Theme } from '../../view';
import { element } from '../controls/dom';
import { createPixelImage, inkTable, largest } from '../digits/image';
import { relativeDifference } from '../stepthrough/check';
import { maxAbs } from '../stepthrough/diagram';
import { formatNumber } from '../stepthrough/format';
import type { Rows } from './rows';

/** Incoming terms a unit's detail names one by one; the rest are summed. */
const TERMS = 5;

export interface TraceLook {
  palette: Palette;
  theme: Theme;
  /** Hidden activations and the head ('softmax', 'linear'). */
  activations: string[];
  head: string;
  loss: string;
}

/** ∂L/∂x = W_0ᵀ δ_1: backpropagation one layer past the weights. */
export function inputGradient(trace: ExampleTrace): Float32Array {
  const first = trace.layers[0];
  const inputs = trace.input.length, units = first.delta.length;
  const out = new Float32Array(inputs);
  for (let j = 0; j < units; j++) for (let i = 0; i < inputs; i++) out[i] += first.weights[j * inputs + i] * first.delta[j];
  return out;
}

/** The terms of z_j = b_j + Σ_i w_ji a_i, the largest first. */
export function incomingTerms(trace: ExampleTrace, layer: number, unit: number): { input: number; weight: number; value: number; term: number }[] {
  const previous = layer === 0 ? trace.input : trace.layers[layer - 1].a;
  const { weights } = trace.layers[layer];
  const terms = Array.from(previous, (value, i) => ({ input: i, weight: weights[unit * previous.length + i], value, term: weights[unit * previous.length + i] * value }));
  return terms.sort((a, b) => Math.abs(b.term) - Math.abs(a.term));
}

/** Where layer `layer`'s weights start in [W0 b0 W1 b1 ...]: W_l is (out, in), then b_l. */
export function layerOffset(trace: ExampleTrace, layer: number): number {
  let at = 0;
  for (let m = 0; m < layer; m++) at += trace.layers[m].weights.length + trace.layers[m].biases.length;
  return at;
}

export interface TraceView {
  element: HTMLElement;
  draw(trace: ExampleTrace | null, rows: Rows | null, target: number, look: TraceLook): void;
}

/** ∂L/∂θ[index] by finite differences over one example (the engine's, in double precision). */
export type NumericalGradient = (index: number, inputs: number[], targets: number[]) => Promise<number>;

export function createTraceView(numericalGradient: NumericalGradient): TraceView {
  const root = element('div', 'walk');
  const forward = element('section', 'walk-part');
  const error = element('section', 'walk-part');
  const backward = element('section', 'walk-part');
  const detail = element('div', 'walk-detail');
  detail.setAttribute('aria-live', 'polite');
  root.append(forward, error, backward, detail);

  let trace: ExampleTrace | null = null;
  let rows: Rows | null = null;
  let look: TraceLook | null = null;
  let picked: { layer: number; unit: number } | null = null;
  /** The incoming weight of the picked unit whose numbers are shown (an input's index), or null: its bias. */
  let weight: number | null = null;
  let checked = '';

  const n = (v: number) => formatNumber(v);
  const unitName = (layer: number, unit: number): string => {
    const last = trace ? layer === trace.layers.length - 1 : false;
    if (last) return rows?.classes[unit] !== undefined ? `output “${rows.classes[unit]}”` : 'the output';
    return `unit ${unit + 1} of hidden layer ${layer + 1}`;
  };
  const inputName = (layer: number, i: number) => (layer === 0 ? rows?.features[i] ?? `input ${i + 1}` : `unit ${i + 1} of hidden layer ${layer}`);

  function strip(values: Float32Array, layer: number, what: string): HTMLElement {
    const row = element('div', 'walk-strip');
    const scale = what === 'δ' ? 1 / (maxAbs(values) || 1) : 1;
    values.forEach((v, j) => {
      const cell = element('button', 'walk-unit');
      cell.type = 'button';
      cell.style.background = colourOf(v * scale, look!.palette);
      cell.setAttribute('aria-label', `${what} of ${unitName(layer, j)}: ${n(v)}`);
      cell.title = `${what} = ${n(v)}`;
      if (picked && picked.layer === layer && picked.unit === j) cell.setAttribute('aria-pressed', 'true');
      cell.addEventListener('click', () => {
        picked = { layer, unit: j };
        weight = null;
        checked = '';
        drawAll();
        (root.querySelector(`[data-unit="${layer}/${j}/${what}"]`) as HTMLElement | null)?.focus();
      });
      cell.dataset.unit = `${layer}/${j}/${what}`;
      row.append(cell);
    });
    return row;
  }

  function drawForward(): void {
    forward.replaceChildren(element('h3', 'walk-title', '1. Forward: each layer computes a = f(W a_prev + b)'));
    if (!trace || !rows || !look) return;
    if (rows.kind === 'image') {
      const picture = createPixelImage('digit-large walk-input', 'the input digit');
      picture.draw(trace.input, 0, 1, inkTable(look.palette, look.theme));
      // A pixel clicked, with a unit of the first layer pressed: that weight's numbers.
      picture.canvas.addEventListener('click', (event) => {
        const box = picture.canvas.getBoundingClientRect();
        const p = Math.min(7, Math.floor(((event.clientY - box.top) / box.height) * 8)) * 8 + Math.min(7, Math.floor(((event.clientX - box.left) / box.width) * 8));
        picked = picked?.layer === 0 ? picked : { layer: 0, unit: 0 };
        weight = p;
        checked = '';
        drawDetail();
      });
      forward.append(element('p', 'walk-caption', 'The input: 64 pixels, each 0 to 1 (click a pixel for its weight into the pressed unit of the first layer).'), picture.canvas);
    } else {
      const list = element('p', 'walk-caption', `The input, as the network takes it: ${rows.features.map((f, i) => `${f} ${n(trace!.input[i])}`).join(' · ')}`);
      forward.append(list);
    }
    trace.layers.forEach((layer, l) => {
      const last = l === trace!.layers.length - 1;
      const f = last ? look!.head : look!.activations[l] ?? '';
      forward.append(element('p', 'walk-caption', last ? `Output: ${layer.a.length} ${f} unit${layer.a.length === 1 ? '' : 's'}` : `Hidden layer ${l + 1}: ${layer.a.length} ${f} units (colour: a, orange −1 to blue +1)`));
      if (last && rows!.classes.length > 0) forward.append(bars(layer.a));
      else forward.append(strip(layer.a, l, 'a'));
    });
  }

  function bars(p: Float32Array): HTMLElement {
    const list = element('ol', 'digit-bars walk-bars');
    p.forEach((v, k) => {
      const item = element('li', `digit-bar${k === target ? ' is-true' : ''}`);
      const name = element('button', 'digit-bar-name walk-bar-name', rows!.classes[k]);
      name.type = 'button';
      name.setAttribute('aria-label', `p of ${rows!.classes[k]}: ${(v * 100).toFixed(1)} %${k === target ? ', the target' : ''}`);
      name.addEventListener('click', () => {
        picked = { layer: trace!.layers.length - 1, unit: k };
        weight = null;
        checked = '';
        drawAll();
      });
      const track = element('span', 'digit-bar-track');
      const fill = element('span', 'digit-bar-fill');
      fill.style.width = `${(Math.max(0, Math.min(1, v)) * 100).toFixed(1)}%`;
      track.append(fill);
      item.append(name, track, element('span', 'digit-bar-value', `${(v * 100).toFixed(1)} %`));
      list.append(item);
    });
    return list;
  }

  let target = 0;
  function drawError(): void {
    error.replaceChildren(element('h3', 'walk-title', '2. Error: how far the output is from the target'));
    if (!trace || !rows || !look) return;
    const out = trace.layers.at(-1)!;
    if (rows.classes.length > 0 && look.loss === 'softmax-ce') {
      const p = out.a[target];
      error.append(element('p', 'walk-equation', `L = −log p(${rows.classes[target]}) = −log ${n(p)} = ${n(trace.loss)}`),
        element('p', 'walk-caption', `At the output the chain rule is short: δ_k = p_k − t_k (t is 1 for ${rows.classes[target]}, 0 for the others).`));
    } else {
      error.append(element('p', 'walk-equation', `L = ${n(trace.loss)} for the target ${Array.from(trace.target, n).join(', ')}`),
        element('p', 'walk-caption', 'δ = ∂L/∂a · f′(z) at each output unit.'));
    }
    error.append(strip(out.delta, trace.layers.length - 1, 'δ'));
  }

  function drawBackward(): void {
    backward.replaceChildren(element('h3', 'walk-title', '3. Backward: δ = f′(z) · Σ w δ_next, layer by layer, then on to the input'));
    if (!trace || !rows || !look) return;
    for (let l = trace.layers.length - 2; l >= 0; l--) {
      backward.append(element('p', 'walk-caption', `Hidden layer ${l + 1}: δ (each on the layer's own scale)`), strip(trace.layers[l].delta, l, 'δ'));
    }
    const gradient = inputGradient(trace);
    if (rows.kind === 'image') {
      const picture = createPixelImage('digit-large', 'minus the gradient of the loss to each pixel');
      const descent = gradient.map((v) => -v);
      picture.draw(descent, 0, 1 / largest(descent, 0), colourTable(look.palette));
      backward.append(element('p', 'walk-caption', '−∂L/∂x, the gradient to the pixels (blue: more ink would lower the loss; orange: less).'), picture.canvas);
    } else {
      backward.append(element('p', 'walk-caption', `∂L/∂x, the gradient to the input: ${rows.features.map((f, i) => `${f} ${n(gradient[i])}`).join(' · ')}`));
    }
  }

  function drawDetail(): void {
    detail.replaceChildren();
    if (!trace || !picked || !rows || !look) {
      detail.append(element('p', 'walk-caption', 'Press a unit for its numbers.'));
      return;
    }
    const { layer, unit } = picked;
    const t = trace.layers[layer];
    const terms = incomingTerms(trace, layer, unit);
    const shown = terms.slice(0, TERMS);
    const rest = terms.slice(TERMS).reduce((s, x) => s + x.term, 0);
    const last = layer === trace.layers.length - 1;
    detail.append(element('h3', 'walk-title', unitName(layer, unit)),
      element('p', 'walk-equation', `z = b + Σ w·a = ${n(t.biases[unit])} ${shown.map((x) => `+ (${n(x.weight)} × ${n(x.value)})`).join(' ')}${terms.length > TERMS ? ` + (${terms.length - TERMS} more terms: ${n(rest)})` : ''} = ${n(t.z[unit])}`),
      element('p', 'walk-caption', `The largest terms come from ${shown.map((x) => inputName(layer, x.input)).join(', ')}.`),
      element('p', 'walk-equation', last && rows.classes.length > 0 && look.head === 'softmax'
        ? `p = e^z / Σ e^z = ${n(t.a[unit])}`
        : `a = f(z) = ${n(t.a[unit])}, f′(z) = ${n(t.derivative[unit])}`));
    if (last) {
      detail.append(element('p', 'walk-equation', look.loss === 'softmax-ce' && rows.classes.length > 0
        ? `δ = p − t = ${n(t.a[unit])} − ${n(trace.target[unit])} = ${n(t.delta[unit])}`
        : `δ = ∂L/∂a · f′(z) = ${n(trace.outputGradient[unit])} × ${n(t.derivative[unit])} = ${n(t.delta[unit])}`));
    } else {
      const next = trace.layers[layer + 1];
      let sum = 0;
      for (let k = 0; k < next.delta.length; k++) sum += next.weights[k * t.a.length + unit] * next.delta[k];
      detail.append(element('p', 'walk-equation', `δ = f′(z) · Σ w δ_next = ${n(t.derivative[unit])} × ${n(sum)} = ${n(t.delta[unit])}`));
    }
    // Any incoming weight on demand: the list (the largest terms first), or a pixel of the input.
    const list = element('details', 'walk-weights');
    list.append(element('summary', undefined, `All ${terms.length} incoming weights, the largest terms first`));
    const buttons = element('div', 'walk-weight-list');
    for (const term of terms) {
      const b = element('button', 'text-button', `${inputName(layer, term.input)}: w ${n(term.weight)}`);
      b.type = 'button';
      if (term.input === weight) b.setAttribute('aria-pressed', 'true');
      b.addEventListener('click', () => {
        weight = term.input;
        checked = '';
        drawDetail();
        detail.querySelector<HTMLElement>('.walk-weight-numbers')?.focus();
      });
      buttons.append(b);
    }
    list.append(buttons);
    list.open = weight !== null;
    const inputs = terms.length;
    const offset = layerOffset(trace, layer);
    const chosen = weight === null
      ? { label: `b of ${unitName(layer, unit)}`, index: offset + t.weights.length + unit, gradient: t.biasGradients[unit],
        text: `∂L/∂b = δ = ${n(t.biasGradients[unit])}` }
      : { label: `w from ${inputName(layer, weight)} to ${unitName(layer, unit)}`, index: offset + unit * inputs + weight,
        gradient: t.weightGradients[unit * inputs + weight],
        text: `w = ${n(t.weights[unit * inputs + weight])}; its input a = ${n((layer === 0 ? trace.input : trace.layers[layer - 1].a)[weight])}; ` +
          `∂L/∂w = δ × a = ${n(t.delta[unit])} × ${n((layer === 0 ? trace.input : trace.layers[layer - 1].a)[weight])} = ${n(t.weightGradients[unit * inputs + weight])}` };
    const numbers = element('p', 'walk-equation walk-weight-numbers', `${chosen.label}: ${chosen.text}`);
    numbers.tabIndex = -1;
    const check = element('button', 'text-button walk-check', 'Check it by finite differences');
    check.type = 'button';
    const result = element('p', 'walk-caption walk-check-result', checked);
    check.addEventListener('click', async () => {
      if (!trace) return;
      const of = trace;
      check.disabled = true;
      try {
        const estimate = await numericalGradient(chosen.index, Array.from(of.input), Array.from(of.target));
        const relative = relativeDifference(chosen.gradient, estimate);
        checked = `Backpropagation ${n(chosen.gradient)}, finite differences ${n(estimate)}: relative difference ${n(relative)}${relative < 1e-3 ? ', they agree' : ', they differ'}.`;
        if (of === trace) result.textContent = checked;
      } catch (error) {
        result.textContent = error instanceof Error ? error.message : String(error);
      } finally {
        check.disabled = false;
      }
    });
    detail.append(numbers, check, result, list);
  }

  function drawAll(): void {
    drawForward();
    drawError();
    drawBackward();
    drawDetail();
  }

  return {
    element: root,
    draw(nextTrace, nextRows, nextTarget, nextLook) {
      if (nextTrace !== trace) picked = null;
      trace = nextTrace;
      rows = nextRows;
      target = nextTarget;
      look = nextLook;
      drawAll();
    },
  };
}
