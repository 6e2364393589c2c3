// The chain-rule panel: pick a weight (a click on a link, or the list here, which is also the
// keyboard's way in), and see ∂L/∂w as the sum over paths of products of factors, every factor's
// value, each path's product, the sum, and the engine's own gradient beside it.
import type { ExampleTrace } from '../../engine/protocol';
import { uniqueId } from '../controls/dom';
import { chainRule, type Factor } from './chain';
import { el, formatNumber, num, partial, sym } from './format';
import { sameLink, type LinkRef, type Names } from './walk';

export interface ChainInput {
  trace: ExampleTrace;
  names: Names;
  link: LinkRef | null;
  startAtOutputDelta: boolean;
}

export interface ChainPanel {
  element: HTMLElement;
  render(input: ChainInput): void;
  onPick(callback: (link: LinkRef | null) => void): void;
}

const LIMIT = 16;

function factorSymbol(f: Factor, names: Names): HTMLElement {
  switch (f.kind) {
    case 'activation': return f.column === 0 ? sym(names.unit(0, f.unit)) : sym('a', names.unit(f.column, f.unit));
    case 'derivative': return el('span', '', 'f′(', sym('z', names.unit(f.column, f.unit)), ')');
    case 'weight': return sym('w', `${names.unit(f.column - 1, f.from ?? 0)}→${names.unit(f.column, f.unit)}`);
    case 'outputGradient': return partial(sym('a', names.unit(f.column, f.unit)));
    case 'outputDelta': return sym('δ', names.unit(f.column, f.unit));
  }
}

function chip(f: Factor, names: Names): HTMLElement {
  return el('span', `st-chip is-${f.kind}`, el('span', 'st-chip-sym', factorSymbol(f, names)), num(f.value));
}

export function createChainPanel(): ChainPanel {
  // A named group inside the step-through's region (not a landmark of its own: a tutorial has
  // several step-throughs); the heading's id is unique on the page for the same reason.
  const element = el('div', 'st-chain');
  element.setAttribute('role', 'group');
  const heading = el('h3', '', 'Chain rule for one weight');
  heading.id = uniqueId('st-chain-heading');
  element.setAttribute('aria-labelledby', heading.id);
  const pickLabel = el('label', 'st-field', 'Weight');
  const select = el('select', 'st-select');
  pickLabel.append(select);
  const hint = el('p', 'st-hint', 'Choose a weight here, or click a link in the diagram.');
  const body = el('div', 'st-chain-body');
  body.setAttribute('aria-live', 'polite');
  element.append(heading, el('div', 'st-row', pickLabel, hint), body);

  let callback: (link: LinkRef | null) => void = () => {};
  let drawnTrace: ExampleTrace | null = null;
  let drawnLink: LinkRef | null = null;
  let drawnOptions = '';

  select.addEventListener('change', () => {
    if (!select.value) return callback(null);
    const [layer, j, i] = select.value.split('.').map(Number);
    callback({ layer, j, i });
  });

  function fillOptions(trace: ExampleTrace, names: Names): void {
    const widths = [trace.input.length, ...trace.layers.map((l) => l.a.length)];
    const key = widths.join(',') + names.unit(0, 0);
    if (key === drawnOptions) return;
    drawnOptions = key;
    select.replaceChildren(el('option', '', 'Choose a weight…'));
    (select.firstElementChild as HTMLOptionElement).value = '';
    for (let l = 0; l + 1 < widths.length; l++) {
      const group = el('optgroup');
      group.label = `${names.column(l)} → ${names.column(l + 1)}`;
      for (let j = 0; j < widths[l + 1]; j++) {
        for (let i = 0; i < widths[l]; i++) {
          const option = el('option', '', `w ${names.unit(l, i)}→${names.unit(l + 1, j)}`);
          option.value = `${l}.${j}.${i}`;
          group.append(option);
        }
      }
      select.append(group);
    }
  }

  return {
    element,
    onPick(cb) {
      callback = cb;
    },
    render({ trace, names, link, startAtOutputDelta }) {
      fillOptions(trace, names);
      if (trace === drawnTrace && (link === drawnLink || sameLink(link, drawnLink))) return;
      drawnTrace = trace;
      drawnLink = link;
      select.value = link ? `${link.layer}.${link.j}.${link.i}` : '';
      if (!link) {
        body.replaceChildren(el('p', 'st-muted', 'The chain rule multiplies the local slopes along every path from the weight to the loss. ',
          'Pick a weight to see its factors add up to the gradient backprop computed.'));
        return;
      }
      const rule = chainRule(trace, link.layer, link.j, link.i, { startAtOutputDelta, limit: LIMIT, name: names.unit });
      const w = sym('w', `${names.unit(link.layer, link.i)}→${names.unit(link.layer + 1, link.j)}`);
      // One path: the formula is that path's factors. Several: the brief's general form.
      const general = el('p', 'st-chain-general', partial(w), ' = ');
      if (rule.pathCount === 1) {
        rule.paths[0].factors.forEach((f, k) => general.append(k > 0 ? ' · ' : '', factorSymbol(f, names)));
      } else {
        general.append(link.layer === 0 ? sym(names.unit(0, link.i)) : sym('a', names.unit(link.layer, link.i)),
          ' · f′(', sym('z', names.unit(link.layer + 1, link.j)), ') · Σ', el('sub', '', 'paths'), ' (', sym('w'), ' · f′(', sym('z'), ') · …) · ',
          startAtOutputDelta ? sym('δ', 'out') : partial(sym('a', 'out')));
      }

      const list = el('ol', 'st-paths');
      rule.paths.forEach((path, n) => {
        const chips = el('span', 'st-chips');
        path.factors.forEach((f, k) => {
          if (k > 0) chips.append(el('span', 'st-op', '·'));
          chips.append(chip(f, names));
        });
        const li = el('li', 'st-path', chips, el('span', 'st-path-product', '= ', num(path.product, `chain-path.${n}`)));
        list.append(li);
      });
      const parts: Node[] = [el('p', 'st-chain-count', rule.pathCount === 1
        ? 'One path leads from this weight to the loss:'
        : rule.pathCount > rule.paths.length
          ? `${rule.pathCount} paths lead from this weight to the loss; the ${rule.paths.length} largest:`
          : `${rule.pathCount} paths lead from this weight to the loss, one for each route through the later layers:`), list];
      if (rule.restSum !== 0 || rule.pathCount > rule.paths.length) {
        parts.push(el('p', 'st-chain-rest', `The other ${rule.pathCount - rule.paths.length} paths together: `, num(rule.restSum, 'chain-rest')));
      }
      const scale = rule.paths.reduce((s, p) => s + Math.abs(p.product), Math.abs(rule.restSum)) + Math.abs(rule.engineGradient);
      const agree = Math.abs(rule.difference) <= 1e-5 * scale + 1e-12;
      const summary = el('dl', 'st-chain-summary',
        el('dt', '', rule.pathCount === 1 ? 'The product' : 'Sum over all paths'), el('dd', '', num(rule.sum, 'chain-sum')),
        el('dt', '', 'Backprop gradient (engine)'), el('dd', '', num(rule.engineGradient, 'chain-engine')),
        el('dt', '', 'Difference'), el('dd', '', num(rule.difference, 'chain-difference'),
          el('span', `st-badge ${agree ? 'is-good' : 'is-bad'}`, agree ? 'equal to float precision' : 'they differ')));
      parts.push(summary);
      if (!agree) parts.push(el('p', 'st-note', `The difference is larger than float32 rounding explains (${formatNumber(rule.difference)}).`));
      body.replaceChildren(general, ...parts);
    },
  };
}
