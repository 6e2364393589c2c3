// The explanation for the update: the optimizer's rule in words and symbols, and for the
// selected neuron every incoming weight's old value, gradient and (once applied) new value, all
// from the engine (the trace's gradients, UpdateTrace's before and after), then the example's
// loss before and after the step, said plainly whichever way it went.
import type { ResolvedNetworkConfig } from '../../../../wasm/index.d.mts';
import { button, el, equation, formatNumber, num, partial, sym, table } from './format';
import { neuronButton, weightSymbol, type StageContext } from './stages';

export interface UpdateActions {
  apply(): void;
  again(): void;
  next(): void;
  busy: boolean;
}

function rule(config: ResolvedNetworkConfig): HTMLElement {
  const box = el('div', 'st-rule');
  const g = el('span', '', partial(sym('w')));
  const eta = `η = ${formatNumber(config.learningRate)}`;
  switch (config.optimizer) {
    case 'sgd':
      box.append(
        el('p', 'st-lead', 'Gradient descent moves every weight a small step against its gradient: downhill on the loss. ',
          `The step's size is the learning rate (${eta}).`),
        el('div', 'st-formula', equation(sym('w'), '←', el('span', '', sym('w'), ' − η · ', g)), equation(sym('b'), '←', el('span', '', sym('b'), ' − η · ', partial(sym('b'))))),
      );
      break;
    case 'momentum':
      box.append(
        el('p', 'st-lead', `Momentum keeps a running velocity v of past gradients (μ = ${formatNumber(config.momentum)}) and steps along it, `,
          `so steps grow where the gradients agree (${eta}).`),
        el('div', 'st-formula', equation(sym('v'), '←', el('span', '', 'μ', sym('v'), ' + ', g)), equation(sym('w'), '←', el('span', '', sym('w'), ' − η', sym('v')))),
      );
      break;
    case 'rmsprop':
      box.append(
        el('p', 'st-lead', `RMSProp divides each step by a running root-mean-square of that weight's gradients (ρ = ${formatNumber(config.rho)}), `,
          `so every weight moves at a similar pace (${eta}).`),
        el('div', 'st-formula', equation(sym('s'), '←', el('span', '', 'ρ', sym('s'), ' + (1 − ρ)', sym('g'), '²')),
          equation(sym('w'), '←', el('span', '', sym('w'), ' − η', sym('g'), ' / (√', sym('s'), ' + ε)'))),
      );
      break;
    case 'adam':
      box.append(
        el('p', 'st-lead', 'Adam keeps running averages of each weight\'s gradient (m) and squared gradient (v), corrects their start-up bias, ',
          `and steps by their ratio (β₁ = ${formatNumber(config.beta1)}, β₂ = ${formatNumber(config.beta2)}, ${eta}).`),
        el('div', 'st-formula',
          equation(sym('m'), '←', el('span', '', 'β₁', sym('m'), ' + (1 − β₁)', sym('g')), ';', sym('v'), '←', el('span', '', 'β₂', sym('v'), ' + (1 − β₂)', sym('g'), '²')),
          equation(sym('w'), '←', el('span', '', sym('w'), ' − η', sym('m̂'), ' / (√', sym('v̂'), ' + ε)'))),
      );
      break;
  }
  if (config.optimizer !== 'sgd') box.append(el('p', 'st-note', 'Here g = ∂L/∂w. The old and new values below are the engine\'s, before and after its step.'));
  if (config.regularization !== 'none' && config.regularizationRate > 0) {
    const term = config.regularization === 'l2' ? 'λ·w' : 'λ·sign(w)';
    box.append(el('p', 'st-note', `With ${config.regularization.toUpperCase()} regularization (λ = ${formatNumber(config.regularizationRate)}) `,
      `each weight's gradient also gets ${term} (biases do not).`));
  }
  return box;
}

export function updateStage(context: StageContext, actions: UpdateActions): HTMLElement {
  const { trace, names, config, widths, update, offsets } = context;
  const c = context.column;
  const layer = c - 1;
  const j = context.selected[c];
  const data = trace.layers[layer];
  const tag = names.unit(c, j);
  const inWidth = widths[layer];
  const box = el('div', 'st-stage-body');
  box.append(rule(config));

  const before = (index: number, fallback: number) => (update ? update.before[index] : fallback);
  const after = (index: number, key: string) => (update ? num(update.after[index], key, 'st-result') : el('span', 'st-muted', 'apply to see'));
  const rows: (Node | string)[][] = [];
  for (let i = 0; i < inWidth; i++) {
    const index = offsets[layer].weights + j * inWidth + i;
    const k = j * inWidth + i;
    rows.push([weightSymbol(names, layer, j, i), num(before(index, data.weights[k]), `wold.${layer}.${j}.${i}`),
      num(data.weightGradients[k], `wgrad.${layer}.${j}.${i}`), after(index, `wnew.${layer}.${j}.${i}`)]);
  }
  const biasIndex = offsets[layer].biases + j;
  rows.push([sym('b', tag), num(before(biasIndex, data.biases[j]), `bold.${layer}.${j}`), num(data.biasGradients[j], `bgrad.${layer}.${j}`),
    after(biasIndex, `bnew.${layer}.${j}`)]);
  const section = el('section', 'st-update-weights');
  section.append(el('h4', '', `Weights into ${tag}`, el('span', 'st-muted', ' (pick another neuron in the diagram or here)')));
  const picker = el('div', 'st-neuron-picker');
  picker.setAttribute('role', 'group');
  picker.setAttribute('aria-label', 'Neuron whose weights are shown');
  for (let col = 1; col < widths.length; col++) {
    for (let u = 0; u < widths[col]; u++) {
      const b = neuronButton(context, col, u);
      b.setAttribute('aria-pressed', String(col === c && u === j));
      picker.append(b);
    }
  }
  section.append(picker);
  const t = table('', ['Parameter', 'Old value', el('span', '', 'Gradient ', partial(sym('θ'))), 'New value'], rows, 'st-update-table');
  section.append(t);
  if (config.optimizer === 'sgd' && !(config.regularization !== 'none' && config.regularizationRate > 0) && update) {
    const i = 0;
    const index = offsets[layer].weights + j * inWidth + i;
    section.append(el('div', 'st-formula', equation(weightSymbol(names, layer, j, i), '=',
      el('span', '', num(update.before[index]), ' − ', num(config.learningRate), ' · ', paren(data.weightGradients[j * inWidth + i])), '=',
      num(update.after[index], '', 'st-result'))));
  }
  box.append(section);

  const outcome = el('div', 'st-outcome');
  outcome.setAttribute('role', 'status');
  if (!update) {
    const apply = button('Apply the update', 'st-primary');
    apply.disabled = actions.busy;
    apply.addEventListener('click', actions.apply);
    outcome.append(el('p', '', 'The engine will change every weight and bias of the network this way (all layers at once), ',
      'then measure this example\'s loss again.'), apply);
  } else {
    const down = update.lossAfter < update.lossBefore;
    const same = update.lossAfter === update.lossBefore;
    const verdict = same ? 'stayed at' : down ? 'went down from' : 'went up from';
    const sentence = el('p', `st-verdict ${down ? 'is-good' : same ? '' : 'is-bad'}`, `The loss on this example ${verdict} `,
      num(update.lossBefore, 'loss-before'), same ? '' : ' to ', same ? '' : num(update.lossAfter, 'loss-after'), '.');
    outcome.append(sentence);
    if (!down && !same) outcome.append(el('p', 'st-note', 'The step overshot: with this learning rate the loss went up. A smaller learning rate takes smaller steps.'));
    outcome.append(el('p', 'st-note', 'The network now has the new weights (the heatmaps above show them). ',
      `During training the gradient is averaged over a minibatch of ${config.batchSize} examples before each step; here one example made the step.`));
    const again = button('Again with this example');
    again.title = 'Trace this example again with the new weights';
    again.addEventListener('click', actions.again);
    const next = button('Next example', 'st-primary');
    next.addEventListener('click', actions.next);
    outcome.append(el('div', 'st-buttons', again, next));
  }
  box.append(outcome);
  return box;
}

function paren(value: number): HTMLElement {
  const n = num(value);
  return value < 0 ? el('span', '', '(', n, ')') : n;
}
