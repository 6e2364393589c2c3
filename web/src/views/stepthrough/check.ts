// The gradient check: backprop's gradient of a weight beside the engine's finite-difference
// estimate (two extra forward passes per parameter, in double precision), and their relative
// difference |g − g_num| / max(|g|, |g_num|, 1e-8). "Check all weights" walks every parameter
// one request at a time, with progress, and can be stopped.
import type { ExampleTrace } from '../../engine/protocol';
import { uniqueId } from '../controls/dom';
import { button, el, formatNumber, num, table } from './format';
import type { LinkRef, Names } from './walk';

export interface CheckInput {
  trace: ExampleTrace;
  names: Names;
  link: LinkRef | null;
  offsets: { weights: number; biases: number }[];
  input: number[];
  target: number[];
  /** The network changed since the trace (an update was applied): the check would compare different weights. */
  stale: boolean;
}

export interface CheckPanel {
  element: HTMLElement;
  render(input: CheckInput): void;
}

interface Row {
  label: string;
  index: number;
  backprop: number;
  numerical: number;
  relative: number;
}

/** |g − g_num| / max(|g|, |g_num|, 1e-8): NaN when either is not a number. */
export function relativeDifference(g: number, estimate: number): number {
  return Math.abs(g - estimate) / Math.max(Math.abs(g), Math.abs(estimate), 1e-8);
}

/** Every parameter of the trace in [W0 b0 W1 b1 ...] order, with its label and backprop gradient. */
function parameters(trace: ExampleTrace, names: Names, offsets: CheckInput['offsets']): Omit<Row, 'numerical' | 'relative'>[] {
  const list: Omit<Row, 'numerical' | 'relative'>[] = [];
  trace.layers.forEach((layer, l) => {
    const inWidth = l === 0 ? trace.input.length : trace.layers[l - 1].a.length;
    for (let j = 0; j < layer.a.length; j++) {
      for (let i = 0; i < inWidth; i++) {
        list.push({ label: `w ${names.unit(l, i)}→${names.unit(l + 1, j)}`, index: offsets[l].weights + j * inWidth + i,
          backprop: layer.weightGradients[j * inWidth + i] });
      }
    }
    for (let j = 0; j < layer.a.length; j++) {
      list.push({ label: `b ${names.unit(l + 1, j)}`, index: offsets[l].biases + j, backprop: layer.biasGradients[j] });
    }
  });
  return list.sort((a, b) => a.index - b.index);
}

export function createCheckPanel(numericalGradient: (index: number, inputs: number[], targets: number[]) => Promise<number>,
  notify: (message: string) => void): CheckPanel {
  // A named group inside the step-through's region (not a landmark of its own: a tutorial has
  // several step-throughs); the heading's id is unique on the page for the same reason.
  const element = el('div', 'st-check');
  element.setAttribute('role', 'group');
  const heading = el('h3', '', 'Gradient check');
  heading.id = uniqueId('st-check-heading');
  element.setAttribute('aria-labelledby', heading.id);
  const explain = el('p', 'st-lead',
    'Backprop gives the exact gradient of every weight from one backward pass. A numerical estimate nudges one weight ',
    'by ±ε and measures the loss each time, (L(w + ε) − L(w − ε)) / 2ε: two forward passes per weight, slow, and only close.');
  const one = button('Check this gradient', 'st-primary');
  const all = button('Check all weights');
  const stop = button('Stop');
  stop.hidden = true;
  const progress = el('progress', 'st-progress');
  progress.hidden = true;
  const status = el('p', 'st-check-status');
  status.setAttribute('role', 'status');
  const results = el('div', 'st-check-results');
  // The table of all parameters scrolls: keyboard users reach it to scroll it.
  results.tabIndex = 0;
  results.setAttribute('role', 'group');
  results.setAttribute('aria-label', 'Gradient check results');
  element.append(heading, explain, el('div', 'st-buttons', one, all, stop, progress), status, results);

  let input: CheckInput | null = null;
  let run = 0; // bumps to cancel a running check (new trace, Stop)
  let drawnTrace: ExampleTrace | null = null;

  function rowsTable(rows: Row[], caption: string): HTMLTableElement {
    return table(caption, ['Parameter', 'Backprop', 'Numerical', 'Relative difference'], rows.map((r) => [
      r.label, num(r.backprop, `check-backprop.${r.index}`), num(r.numerical, `check-numerical.${r.index}`),
      num(r.relative, `check-relative.${r.index}`, r.relative < 1e-3 ? 'is-good' : 'is-bad'),
    ]), 'st-check-table');
  }

  async function measure(row: Omit<Row, 'numerical' | 'relative'>, of: CheckInput): Promise<Row> {
    const numerical = await numericalGradient(row.index, of.input, of.target);
    return { ...row, numerical, relative: relativeDifference(row.backprop, numerical) };
  }

  one.addEventListener('click', async () => {
    const of = input;
    if (!of?.link || of.stale) return;
    const my = ++run;
    const { layer, j, i } = of.link;
    const row = parameters(of.trace, of.names, of.offsets).find((r) =>
      r.index === of.offsets[layer].weights + j * (layer === 0 ? of.trace.input.length : of.trace.layers[layer - 1].a.length) + i);
    if (!row) return;
    setRunning(true, 1);
    try {
      const result = await measure(row, of);
      if (my !== run) return;
      results.replaceChildren(rowsTable([result], ''), verdict(result.relative, 1));
      status.textContent = `${row.label}: relative difference ${formatNumber(result.relative)}.`;
    } catch (error) {
      if (my === run) notify(`The gradient check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (my === run) setRunning(false, 0);
    }
  });

  all.addEventListener('click', async () => {
    const of = input;
    if (!of || of.stale) return;
    const my = ++run;
    const list = parameters(of.trace, of.names, of.offsets);
    const rows: Row[] = [];
    setRunning(true, list.length);
    const started = performance.now();
    try {
      for (const row of list) {
        const result = await measure(row, of);
        if (my !== run) return;
        rows.push(result);
        progress.value = rows.length;
        status.textContent = `Checking ${rows.length} of ${list.length} parameters…`;
      }
      const seconds = (performance.now() - started) / 1000;
      const worst = rows.reduce((w, r) => (Number.isNaN(r.relative) || r.relative > w.relative ? r : w), rows[0]);
      results.replaceChildren(verdict(worst.relative, rows.length, worst.label), rowsTable(rows, `All ${rows.length} parameters`));
      status.textContent = `Checked ${rows.length} parameters in ${formatNumber(seconds, 2)} s: ${2 * rows.length} extra forward passes, ` +
        'where backprop needed one backward pass for all of them.';
    } catch (error) {
      if (my === run) notify(`The gradient check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (my === run) setRunning(false, 0);
    }
  });

  stop.addEventListener('click', () => {
    run++;
    setRunning(false, 0);
    status.textContent = 'Stopped.';
  });

  function verdict(worst: number, count: number, label = ''): HTMLElement {
    const good = worst < 1e-3;
    return el('p', `st-verdict ${good ? 'is-good' : 'is-bad'}`,
      count > 1 ? 'Worst relative difference: ' : 'Relative difference: ', num(worst, count > 1 ? 'check-worst' : 'check-relative'),
      label ? ` (${label})` : '', good
        ? ' — backprop and the numerical estimate agree.'
        : ' — larger than expected: float rounding on a tiny gradient, or a kink (ReLU at 0) near this weight.');
  }

  function setRunning(running: boolean, total: number): void {
    progress.hidden = !running || total <= 1;
    progress.max = Math.max(1, total);
    progress.value = 0;
    stop.hidden = !running || total <= 1;
    element.setAttribute('aria-busy', String(running));
    sync(running);
  }

  function sync(running = element.getAttribute('aria-busy') === 'true'): void {
    one.disabled = running || !input?.link || !!input?.stale;
    all.disabled = running || !input || !!input.stale;
    one.setAttribute('aria-label', input?.link
      ? `Check this gradient: w ${input.names.unit(input.link.layer, input.link.i)}→${input.names.unit(input.link.layer + 1, input.link.j)}`
      : 'Check this gradient');
    one.title = input?.link ? '' : 'Choose a weight first (a link in the diagram or the list)';
  }

  return {
    element,
    render(next) {
      input = next;
      if (next.trace !== drawnTrace) {
        // New numbers: an old result or a running check would compare other weights.
        drawnTrace = next.trace;
        if (element.getAttribute('aria-busy') === 'true') {
          run++;
          setRunning(false, 0);
        }
        results.replaceChildren();
        status.textContent = '';
      }
      if (next.stale) status.textContent = 'The update changed the weights: trace the example again to check its gradients.';
      sync();
    },
  };
}
