// Step-through mode: one training example walked through backpropagation's three steps and the
// update, stage by stage, with the engine's own numbers (context.actions.trace, applyTraceUpdate,
// numericalGradient; nothing is recomputed here). The mode is in the URL (state.mode); the
// example, the step and the selected neuron and link are this view's UI state. In training mode
// the panel is a compact bar with the button that enters step mode.
import type { ExampleTrace, SessionInfo, Snapshot, UpdateTrace } from '../engine/protocol';
import { PALETTES } from '../heatmap';
import { encodeLabel, meaning } from '../model';
import { dataClasses } from '../problems';
import { exampleSelection } from '../selection';
import type { State } from '../state';
import type { Frame } from '../trainer';
import type { Context, View } from '../view';
import { backwardStage } from './stepthrough/backward';
import { startsAtOutputDelta } from './stepthrough/chain';
import { createChainPanel } from './stepthrough/chain-panel';
import { createCheckPanel } from './stepthrough/check';
import { createDiagram, legendFor } from './stepthrough/diagram';
import { button, el, formatNumber } from './stepthrough/format';
import { createNavigation, SPEEDS } from './stepthrough/navigation';
import { errorStage, forwardStage, type StageContext } from './stepthrough/stages';
import { updateStage } from './stepthrough/update';
import {
  activationOf, ACTIVATION_TEXT, describeExample, exampleAt, firstStepOf, namesFor, parameterOffsets, parametersOf, sameParameters,
  stepAt, stepPosition, stepsFor, stepTitle, targetBadge, trainCount, type Example, type LinkRef, type Names, type Step,
} from './stepthrough/walk';
import './stepthrough.css';
import { statusRegion } from './controls/dom';
import { createStepHeader } from './stepthrough/header';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createStepThrough(container: HTMLElement, context: Context): View {
  const { store, actions } = context;
  const selection = exampleSelection(store);
  const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

  // ---- DOM: a header that is always there, and the step-through body for step mode.
  const root = el('div', 'st');

  const running = el('div', 'st-banner');
  running.hidden = true;
  const pauseButton = button('Pause training');
  running.append(el('span', '', 'Training is running, so the weights keep changing. Pause it to follow one example.'), pauseButton);

  const exampleText = el('p', 'st-example-text');
  const previous = button('◀ Previous', '', 'Previous example');
  const nextExampleButton = button('Next example ▶', '', 'Next example');
  const exampleBar = el('div', 'st-example', el('div', '', el('span', 'st-label', 'Example'), exampleText),
    el('div', 'st-buttons', previous, nextExampleButton),
    el('p', 'st-hint', 'Or click a training point on the output plot above.'));

  const navigation = createNavigation(reducedMotion ? 'off' : 'normal');
  const applied = el('div', 'st-banner st-applied');
  applied.hidden = true;
  const againBanner = button('Trace again with the new weights');
  applied.append(el('span', '', 'The update has been applied. These numbers are from before it: going back shows them, it does not undo the update.'), againBanner);

  const stageTitle = el('h3', 'st-stage-title');
  const explanation = el('div', 'st-explain');
  const diagram = createDiagram();
  const chain = createChainPanel();
  const check = createCheckPanel(actions.numericalGradient, actions.notify);
  const waiting = el('p', 'st-muted st-waiting', 'Waiting for the engine…');
  const legend = el('p', 'st-legend');
  const main = el('div', 'st-main', el('div', 'st-figure', diagram.element, waiting, legend), el('div', 'st-text', stageTitle, explanation));
  const lower = el('div', 'st-lower', chain.element, check.element);
  const live = statusRegion();
  const body = el('div', 'st-body', running, exampleBar, navigation.element, applied, main, lower);
  body.hidden = true;
  const header = createStepHeader(container, root, body, store, 'Follow one training example through the three steps — forward, error, backward — ' +
    'and the update, with the engine\'s real numbers for every neuron and weight.');
  root.append(header.element, body, live);
  container.replaceChildren(root);
  container.hidden = false;

  // ---- UI state (not in the URL).
  let mode: State['mode'] = 'train';
  let look = '';
  let info: SessionInfo | null = null;
  let snapshot: Snapshot | null = null;
  let playing = false;
  let names: Names | null = null;
  let widths: number[] = [];
  let steps: Step[] = [];
  let offsets: { weights: number; biases: number }[] = [];
  let stepIndex = 0;
  let selected: number[] = [];
  let updateColumn = 1;
  let link: LinkRef | null = null;
  let example: Example | null = null;
  let target: number[] = [];
  let trace: ExampleTrace | null = null;
  let traceParameters: Float32Array | null = null;
  let update: UpdateTrace | null = null;
  let busy = false;
  let pending = false; // a trace is wanted as soon as the engine is free
  let ticket = 0;
  let traces = 0;
  let flip = false;
  let quiet = false;

  const announce = (text: string) => {
    flip = !flip;
    live.textContent = flip ? text : `${text}\u00a0`;
  };

  const step = (): Step => steps[stepIndex] ?? { stage: 'forward', layer: 0 };
  const last = () => widths.length - 1;
  const column = (): number => {
    const s = step();
    if (s.stage === 'forward' || s.stage === 'backward') return s.layer + 1;
    return s.stage === 'error' ? last() : updateColumn;
  };

  // ---- The session, the example, the trace.
  function newSession(next: SessionInfo): void {
    info = next;
    widths = [...next.config.layers];
    names = namesFor(next.data?.features ?? [], widths);
    steps = stepsFor(widths.length - 1);
    offsets = parameterOffsets(widths);
    stepIndex = 0;
    selected = widths.map(() => 0);
    updateColumn = last();
    link = null;
    trace = null;
    update = null;
    const count = trainCount(next.data);
    const index = selection.get();
    if (!(index >= 0 && index < count)) {
      quiet = true; // our own correction, not a user's pick: no announcement, one trace below
      selection.set(count > 0 ? 0 : -1);
      quiet = false;
    }
    chooseExample();
  }

  function chooseExample(): void {
    example = info?.data ? exampleAt(info.data, selection.get()) : null;
    target = example ? encodeLabel(store.get(), example.label) : [];
    pending = true;
  }

  async function retrace(resetStep: boolean): Promise<void> {
    if (!example || !info) return;
    const my = ++ticket;
    const asked = snapshot;
    busy = true;
    pending = false;
    sync();
    try {
      const result = await actions.trace(example.input, target);
      if (my !== ticket) return;
      trace = result;
      traceParameters = parametersOf(result);
      update = null;
      traces++;
      if (resetStep) stepIndex = 0;
    } catch (error) {
      if (my === ticket) actions.notify(`Could not trace the example: ${message(error)}`);
    } finally {
      if (my === ticket) {
        busy = false;
        draw();
        // A frame that landed meanwhile may carry other weights: follow it.
        if (snapshot !== asked) checkStale();
      }
    }
  }

  /** The network changed outside this view (an edit, a reset, the test's setParameters): trace again. */
  function checkStale(): void {
    if (mode !== 'step' || busy || playing || !snapshot || !trace) return;
    const expected = update ? update.after : traceParameters;
    if (expected && !sameParameters(expected, snapshot.parameters)) void retrace(false);
  }

  async function applyUpdate(): Promise<void> {
    if (!example || !trace || busy || update) return;
    const my = ++ticket;
    const asked = snapshot;
    busy = true;
    sync();
    try {
      // Trace again first: the engine's update steps along whatever gradients its buffers hold,
      // and a redraw in between may have run other examples through them.
      const fresh = await actions.trace(example.input, target);
      const result = await actions.applyTraceUpdate(example.input, target);
      if (my !== ticket) return;
      trace = fresh;
      traceParameters = parametersOf(fresh);
      update = result;
      traces++;
      const down = result.lossAfter < result.lossBefore;
      announce(`Update applied. The loss on this example went ${down ? 'down' : 'up'} from ${formatNumber(result.lossBefore)} to ${formatNumber(result.lossAfter)}.`);
    } catch (error) {
      if (my === ticket) actions.notify(`Could not apply the update: ${message(error)}`);
    } finally {
      if (my === ticket) {
        busy = false;
        draw();
        // Only a frame that landed meanwhile can say something changed; an older one still
        // holds the weights from before the update.
        if (snapshot !== asked) checkStale();
      }
    }
  }

  function moveExample(by: number): void {
    const count = trainCount(info?.data ?? null);
    if (count === 0) return;
    const from = selection.get();
    selection.set((((from < 0 ? 0 : from + by) % count) + count) % count);
  }

  selection.subscribe(() => {
    if (quiet || mode !== 'step' || !info) return;
    chooseExample();
    stepIndex = 0;
    update = null;
    trace = null;
    if (example) announce(`Example ${example.index + 1}: ${describeExample(example, target, dataClasses(info?.data))}.`);
    void retrace(true);
  });

  // ---- Navigation.
  function goTo(index: number): void {
    if (!trace) return;
    const next = Math.max(0, Math.min(steps.length - 1, index));
    if (next === stepIndex) return;
    stepIndex = next;
    draw();
    announce(`${stepPosition(steps, stepIndex)}. ${stepTitle(step(), names)}.`);
  }

  function forward(): void {
    if (!trace || busy) return;
    if (step().stage !== 'update') goTo(stepIndex + 1);
    else if (!update) void applyUpdate();
    else moveExample(1);
  }

  function back(): void {
    goTo(stepIndex - 1);
  }

  function again(): void {
    stepIndex = 0;
    void retrace(true);
  }

  navigation.onStage((stage) => goTo(firstStepOf(steps, stage)));
  navigation.onBack(back);
  navigation.onNext(forward);
  navigation.onSpeed(() => draw());
  pauseButton.addEventListener('click', () => actions.pause());
  previous.addEventListener('click', () => moveExample(-1));
  nextExampleButton.addEventListener('click', () => moveExample(1));
  againBanner.addEventListener('click', again);

  function selectNeuron(c: number, u: number): void {
    if (c < 1 || c >= widths.length) return;
    selected[c] = u;
    const s = step();
    // In forward and backward a neuron of another layer takes the walk to that layer.
    const destination = s.stage === 'forward' || s.stage === 'backward' ? stepAt(steps, s.stage, c - 1) : -1;
    if (s.stage === 'update') updateColumn = c;
    if (destination >= 0 && destination !== stepIndex) goTo(destination);
    else draw();
    announce(`Selected ${names?.unit(c, u) ?? ''}.`);
  }

  function selectLink(next: LinkRef | null): void {
    link = next;
    draw();
  }

  diagram.onNode(selectNeuron);
  diagram.onLink(selectLink);
  chain.onPick(selectLink);

  // ← and → walk the steps when the focus is in this panel or nowhere in particular; never
  // while typing in a field or moving a slider elsewhere.
  document.addEventListener('keydown', (event) => {
    if (mode !== 'step' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const focus = event.target as HTMLElement | null;
    if (focus && focus !== document.body && !container.contains(focus)) return;
    if ((!focus || focus === document.body) && !context.standalone) return; // several playgrounds: only the focused one
    if (focus?.closest('input, select, textarea, [contenteditable="true"], [role="slider"]')) return;
    event.preventDefault();
    if (event.key === 'ArrowLeft') back();
    else forward();
  }, { signal: context.signal });

  // ---- Drawing.
  function sync(): void {
    navigation.render({ steps, index: stepIndex, ready: !!trace && !busy, update: step().stage === 'update' ? (update ? 'applied' : 'pending') : 'none' });
    previous.disabled = nextExampleButton.disabled = busy || !example;
    container.setAttribute('aria-busy', String(busy));
    root.dataset.traces = String(traces);
    root.dataset.step = `${step().stage}.${step().layer}`;
    root.dataset.busy = String(busy);
  }

  function draw(): void {
    sync();
    const ready = !!(trace && names && info && example);
    waiting.hidden = ready;
    main.classList.toggle('is-waiting', !ready);
    exampleText.replaceChildren(example ? el('span', '', `${example.index + 1} of ${example.count}: `, describeExample(example, target, dataClasses(info?.data))) : 'none yet');
    // Read-only hooks for tests and scripts: which example, where, and the rows sent to the engine.
    exampleBar.dataset.index = String(example?.index ?? -1);
    exampleBar.dataset.x = String(example?.x ?? '');
    exampleBar.dataset.y = String(example?.y ?? '');
    exampleBar.dataset.input = JSON.stringify(example?.input ?? []);
    exampleBar.dataset.target = JSON.stringify(target);
    if (!trace || !names || !info || !example) return;
    const s = step();
    const c = column();
    applied.hidden = !update || s.stage === 'update';
    const state = context.shown();
    const palette = PALETTES[state.palette][state.theme];
    diagram.draw({
      trace, names, step: s, selected, column: c, link, palette, pulseMs: SPEEDS[navigation.speed()],
      activations: widths.map((_, col) => (col === 0 ? '' : ACTIVATION_TEXT[activationOf(info!.config, col)].name)),
      target: s.stage === 'forward' ? '' : targetBadge(info!.config.output, trace.target),
      outputRange: meaning(info!.config.output).range,
    });
    stageTitle.textContent = stepTitle(s, names);
    legend.textContent = legendFor(s);
    const stageContext: StageContext = {
      trace, names, config: info.config, widths, selected, column: c, example, update, offsets,
      onSelect: selectNeuron, onLink: selectLink,
    };
    const content = s.stage === 'forward' ? forwardStage(stageContext, s.layer)
      : s.stage === 'error' ? errorStage(stageContext)
        : s.stage === 'backward' ? backwardStage(stageContext, s.layer)
          : updateStage(stageContext, { apply: () => void applyUpdate(), again, next: () => moveExample(1), busy });
    explanation.replaceChildren(content);
    const startAtDelta = startsAtOutputDelta(info.config.loss, info.config.output);
    chain.render({ trace, names, link, startAtOutputDelta: startAtDelta });
    check.render({ trace, names, link, offsets, input: example.input, target, stale: !!update });
  }

  header.show(mode);

  return {
    render(state: Readonly<State>, frame: Frame | null) {
      header.render(state);
      let entered = false;
      if (state.mode !== mode) {
        mode = state.mode;
        header.show(mode);
        if (mode === 'step') {
          entered = true;
          actions.pause();
          pending = true;
        } else {
          ticket++; // drop replies meant for the step-through
          busy = false;
        }
      }
      if (mode !== 'step') return;
      const nextLook = `${state.theme}/${state.palette}`;
      if (!frame) {
        sync();
        return;
      }
      const wasPlaying = playing;
      playing = frame.playing && !entered;
      if (playing !== wasPlaying) running.hidden = !playing;
      if (frame.info !== info) newSession(frame.info);
      if (frame.snapshot !== snapshot) {
        snapshot = frame.snapshot;
        checkStale();
      }
      if (!playing && wasPlaying) checkStale();
      if (pending && !busy && !playing) void retrace(true);
      if (nextLook !== look) {
        look = nextLook;
        draw();
      }
      if (!trace) draw();
    },
    destroy: diagram.destroy,
  };
}
