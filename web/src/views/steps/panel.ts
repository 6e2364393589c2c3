// Step-through for real data (a digit, a table's row): the same three steps as on the plane —
// forward, error, backward — and the update, for one test example and a target the reader may
// change, with the engine's own numbers (actions.trace). Many inputs are drawn as images and
// strips, not as one node each; a unit pressed gives its numbers (web/src/views/steps/trace.ts).
import type { ExampleTrace, UpdateTrace } from '../../engine/protocol';
import { PALETTES } from '../../heatmap';
import { head } from '../../model';
import type { Frame } from '../../trainer';
import type { Context, Shown, View } from '../../view';
import { element, statusRegion } from '../controls/dom';
import { createStepHeader } from '../stepthrough/header';
import { formatNumber } from '../stepthrough/format';
import { inputOf } from '../../data/digits';
import { predictedClasses } from '../../problems';
import { createDrawingPad } from '../digits/pad';
import { rowsOf, targetRow, type Rows } from './rows';
import { createTraceView } from './trace';
import './steps.css';

export function createRowStepThrough(container: HTMLElement, context: Context): View {
  const { store, actions } = context;
  const root = element('div', 'st walk-panel');

  const exampleText = element('p', 'st-example-text');
  const nav = element('div', 'st-buttons');
  const move = (text: string, label: string, by: (row: number, count: number) => number) => {
    const b = element('button', undefined, text);
    b.type = 'button';
    b.setAttribute('aria-label', label);
    b.addEventListener('click', () => {
      if (!rows || rows.labels.length === 0) return;
      row = by(row, rows.labels.length);
      chosen = null;
      drawn = null;
      void retrace();
    });
    nav.append(b);
  };
  move('◀ Previous', 'Previous example', (r, count) => (r + count - 1) % count);
  move('Next example ▶', 'Next example', (r, count) => (r + 1) % count);
  const targetField = element('label', 'walk-target', 'Target ');
  const targetSelect = element('select');
  targetField.append(targetSelect);
  targetSelect.addEventListener('change', () => {
    chosen = targetSelect.value === '' ? null : Number(targetSelect.value);
    void retrace();
  });
  const update = element('button', 'st-primary', 'Apply the update');
  update.type = 'button';
  const updated = element('p', 'walk-caption');
  const bar = element('div', 'st-example walk-example');
  const exampleBox = element('div');
  exampleBox.append(element('span', 'st-label', 'Example'), exampleText);
  const traceView = createTraceView(actions.numericalGradient);
  // A digit of your own (images only): drawn on a pad, it is the example until it is cleared.
  const drawToggle = element('button', 'text-button walk-draw', 'Draw your own');
  drawToggle.type = 'button';
  drawToggle.setAttribute('aria-expanded', 'false');
  const pad = createDrawingPad((counts) => {
    drawn = counts ? Float32Array.from(counts, inputOf) : null;
    chosen = drawn ? chosen : null;
    void retrace();
  });
  const padBox = element('div', 'walk-pad');
  padBox.hidden = true;
  padBox.append(pad.element);
  drawToggle.addEventListener('click', () => {
    padBox.hidden = !padBox.hidden;
    drawToggle.setAttribute('aria-expanded', String(!padBox.hidden));
  });
  bar.append(exampleBox, nav, drawToggle, targetField, update);
  const live = statusRegion();
  const body = element('div', 'st-body');
  body.append(bar, padBox, updated, traceView.element);
  const header = createStepHeader(container, root, body, store, 'Follow one test example through forward, error and backward, and the update, with the engine’s numbers.');
  root.append(header.element, body, live);
  container.append(root);

  let mode: Shown['mode'] = 'train';
  let state = context.shown();
  let frame: Frame | null = null;
  let rows: Rows | null = null;
  let row = 0;
  let chosen: number | null = null;
  let trace: ExampleTrace | null = null;
  /** Your drawing's 64 inputs while it is the example; its target is chosen, else the predicted digit. */
  let drawn: Float32Array | null = null;
  let predicted = 0;
  let ticket = 0;

  const targetOf = (): number => chosen ?? (drawn ? predicted : rows?.labels[row] ?? 0);
  const input = (): number[] => (drawn ? Array.from(drawn) : rows ? Array.from(rows.inputs.subarray(row * rows.width, (row + 1) * rows.width)) : []);
  const exampleName = (): string => (drawn ? 'your drawing' : rows ? rows.name(row) : '');

  function look() {
    const config = frame?.info.config;
    const hidden = config ? config.layers.length - 2 : 0;
    const activation = config?.activation;
    return {
      palette: PALETTES[state.palette][state.theme], theme: state.theme,
      activations: Array.from({ length: hidden }, (_, l) => (Array.isArray(activation) ? activation[l] : activation) ?? 'tanh'),
      head: head(state).output ?? 'softmax', loss: head(state).loss ?? 'softmax-ce',
    };
  }

  function draw(): void {
    exampleText.textContent = drawn || (rows && rows.labels.length > 0) ? exampleName() : 'No test examples: raise the share of test data.';
    traceView.draw(trace, rows, targetOf(), look());
    update.disabled = !trace || (frame?.playing ?? false);
  }

  function fillTargets(): void {
    targetSelect.replaceChildren();
    const own = element('option', undefined, 'its own');
    own.value = '';
    targetSelect.append(own, ...(rows?.classes ?? []).map((name, k) => {
      const option = element('option', undefined, name);
      option.value = String(k);
      return option;
    }));
    targetField.hidden = !rows || rows.classes.length === 0;
  }

  async function retrace(): Promise<void> {
    if (mode !== 'step' || !rows || (rows.labels.length === 0 && !drawn)) {
      trace = null;
      draw();
      return;
    }
    const mine = ++ticket;
    try {
      // A drawing has no label: its target is the digit the network sees in it, unless one is chosen.
      if (drawn && chosen === null) predicted = predictedClasses(await actions.predict(drawn), rows.classes.length, 'softmax')[0];
      if (mine !== ticket) return;
      const result = await actions.trace(input(), targetRow(rows, targetOf()));
      if (mine !== ticket) return;
      trace = result;
      updated.textContent = '';
      draw();
      live.textContent = `Traced ${exampleName()}: loss ${formatNumber(result.loss)}.`;
    } catch (error) {
      if (mine === ticket) actions.notify(error instanceof Error ? error.message : String(error));
    }
  }

  update.addEventListener('click', async () => {
    if (!rows || !trace) return;
    try {
      const result: UpdateTrace = await actions.applyTraceUpdate(input(), targetRow(rows, targetOf()));
      updated.textContent = `The update moved every weight by −η ∂L/∂w: this example's loss went from ${formatNumber(result.lossBefore)} to ${formatNumber(result.lossAfter)}.`;
      live.textContent = updated.textContent;
      const mine = ++ticket;
      const again = await actions.trace(input(), targetRow(rows, targetOf()));
      if (mine === ticket) {
        trace = again;
        draw();
      }
    } catch (error) {
      actions.notify(error instanceof Error ? error.message : String(error));
    }
  });

  header.show(mode);

  let info: unknown = null;
  let drawnLook = '';
  return {
    render(next, nextFrame) {
      state = next;
      frame = nextFrame;
      header.render(next);
      const entered = next.mode !== mode && next.mode === 'step';
      if (next.mode !== mode) {
        mode = next.mode;
        header.show(mode);
        if (mode === 'step') actions.pause();
        else ticket++;
      }
      if (nextFrame?.info !== info) {
        info = nextFrame?.info ?? null;
        rows = nextFrame?.info.loaded ? rowsOf(nextFrame.info.loaded) : null;
        row = Math.min(row, Math.max(0, (rows?.labels.length ?? 1) - 1));
        chosen = null;
        trace = null;
        fillTargets();
        drawToggle.hidden = rows?.kind !== 'image';
        if (rows?.kind !== 'image') padBox.hidden = true;
        if (mode === 'step') void retrace();
      } else if (entered) void retrace();
      if (mode !== 'step') return;
      update.disabled = !trace || (nextFrame?.playing ?? false);
      const lookNow = `${next.theme}/${next.palette}`;
      if (lookNow !== drawnLook) {
        drawnLook = lookNow;
        draw();
      }
    },
    destroy() {
      ticket++;
      pad.destroy();
    },
  };
}
