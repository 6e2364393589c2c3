// The explanation for a backward step: each neuron's δ = ∂L/∂z, from the output back. The
// output's δ comes from the loss (∂L/∂a · f′(z), or a − t for cross-entropy); a hidden neuron's
// from the δs it feeds, δ_j = f′(z_j) · Σ_k w_jk δ_k; and every link into the layer gets its
// gradient ∂L/∂w = a_i · δ_j. The numbers are the engine's (deltas, derivatives, weight gradients).
import { button, el, equation, factor, joined, num, partial, sym, table } from './format';
import {
  activationKey, activationSymbol, activationValue, markSelected, neuronButton, weightSymbol, type StageContext,
} from './stages';
import { ACTIVATION_TEXT, activationOf } from './walk';

export function backwardStage(context: StageContext, layer: number): HTMLElement {
  const { trace, names, config, widths } = context;
  const c = layer + 1;
  const last = widths.length - 1;
  const j = context.selected[c];
  const data = trace.layers[layer];
  const tag = names.unit(c, j);
  const f = ACTIVATION_TEXT[activationOf(config, c)];
  const box = el('div', 'st-stage-body');
  const delta = sym('δ', tag);
  const formula = el('div', 'st-formula');
  formula.setAttribute('aria-label', `Backward pass of ${tag}`);

  if (c === last) {
    if (config.loss === 'mse') {
      box.append(el('p', 'st-lead', 'δ = ∂L/∂z says how much the loss changes when this neuron\'s z changes. ',
        'For the output it is the loss\'s slope ∂L/∂a times the activation\'s slope f′(z): the chain rule\'s first link.'));
      formula.append(equation(delta, '=', el('span', '', partial(sym('a', tag)), ' · ', 'f′(', sym('z', tag), ')'), '=',
        el('span', '', '(', sym('a'), ' − ', sym('t'), ') · ', `f′(z)`)));
      formula.append(equation('', '=', el('span', '', factor(trace.outputGradient[j], `dLda.${j}`), ' · ',
        factor(data.derivative[j], `fprime.${layer}.${j}`)), '=', num(data.delta[j], `delta.${layer}.${j}`, 'st-result')));
      box.append(formula, el('p', 'st-note', `Here f is ${f.name}: f′(z) = ${f.derivative}.`));
    } else {
      box.append(el('p', 'st-lead', 'δ = ∂L/∂z says how much the loss changes when this neuron\'s z changes. ', config.output === 'softmax'
        ? 'With softmax and cross-entropy the softmax\'s slopes (each p_k depends on every z) and the log\'s cancel, so for every output δ_k = p_k − t_k.'
        : 'With cross-entropy and a sigmoid output the σ′(z) of the output cancels against the slope of the log, so δ is simply a − t.'));
      formula.append(equation(delta, '=', el('span', '', partial(sym('z', tag))), '=', el('span', '', sym('a'), ' − ', sym('t')), '=',
        el('span', '', factor(trace.layers[last - 1].a[j], `prediction.${j}`), ' − ', factor(trace.target[j], `target.${j}`)), '=',
        num(data.delta[j], `delta.${layer}.${j}`, 'st-result')));
      box.append(formula);
    }
  } else {
    const next = trace.layers[layer + 1];
    const outWidth = widths[c + 1];
    const ks = Array.from({ length: outWidth }, (_, k) => k);
    box.append(el('p', 'st-lead', 'A hidden neuron\'s δ collects the δs of the neurons it feeds, each weighted by the link between them, ',
      'and multiplies the total by its own slope f′(z). That is the chain rule, one layer at a time: the error flows backward.'));
    formula.append(equation(sym('δ', 'j'), '=', el('span', '', 'f′(', sym('z', 'j'), ') · Σ', el('sub', '', 'k'), ' ', sym('w', 'j→k'), ' ', sym('δ', 'k'))));
    if (outWidth <= 6) {
      formula.append(equation(delta, '=', el('span', '', 'f′(', sym('z', tag), ') · (', joined(
        ks.map((k) => el('span', '', weightSymbol(names, c, k, j), '·', sym('δ', names.unit(c + 1, k)))), '+'), ')')));
    }
    formula.append(equation('', '=', el('span', '', factor(data.derivative[j], `fprime.${layer}.${j}`), ' · (', joined(
      ks.map((k) => el('span', '', factor(next.weights[k * widths[c] + j], `w.${layer + 1}.${k}.${j}`), '·',
        factor(next.delta[k], `delta.${layer + 1}.${k}`))), '+'), ')')));
    formula.append(equation('', '=', num(data.delta[j], `delta.${layer}.${j}`, 'st-result')));
    box.append(formula, el('p', 'st-note', `Here f is ${f.name}: f′(z) = ${f.derivative}.`));
  }

  const rows = Array.from({ length: widths[c] }, (_, u) => [
    neuronButton(context, c, u), num(data.derivative[u], `fprime.${layer}.${u}`), num(data.delta[u], `delta.${layer}.${u}`),
  ]);
  const t = table(`${names.column(c)}: every neuron`, ['Neuron', 'f′(z)', el('span', '', 'δ = ', partial(sym('z')))], rows, 'st-layer-table');
  markSelected(t, j);
  box.append(t);
  box.append(gradientsInto(context, layer));
  return box;
}

/** ∂L/∂w = a_i · δ_j for every link into the selected neuron, and ∂L/∂b = δ_j. */
function gradientsInto(context: StageContext, layer: number): HTMLElement {
  const { trace, names, widths } = context;
  const c = layer + 1;
  const j = context.selected[c];
  const data = trace.layers[layer];
  const tag = names.unit(c, j);
  const inWidth = widths[layer];
  const section = el('section', 'st-gradients');
  section.append(el('h4', '', 'Gradients of the links into ', tag, ': ', partial(sym('w')), ' = ', sym('a', 'i'), ' · ', sym('δ', 'j')));
  const list = el('div', 'st-formula st-gradient-list');
  for (let i = 0; i < inWidth; i++) {
    const chain = button('Chain rule', 'st-small', `Chain rule for the weight from ${names.unit(layer, i)} to ${tag}`);
    chain.addEventListener('click', () => context.onLink({ layer, j, i }));
    const line = equation(partial(weightSymbol(names, layer, j, i)), '=',
      el('span', '', activationSymbol(names, layer, i), ' · ', sym('δ', tag)), '=',
      el('span', '', factor(activationValue(trace, layer, i), activationKey(layer, i)), ' · ', factor(data.delta[j])), '=',
      num(data.weightGradients[j * inWidth + i], `dw.${layer}.${j}.${i}`, 'st-result'), chain);
    list.append(line);
  }
  list.append(equation(partial(sym('b', tag)), '=', sym('δ', tag), '=', num(data.biasGradients[j], `db.${layer}.${j}`, 'st-result')));
  section.append(list);
  return section;
}
