// The page: one store of state, read from the URL; the trainer and the views subscribe to it;
// the URL is rewritten from it. Nothing else holds state.
import { startEngineWorker } from './engine/bridge';
import type { ViewName } from './engine/protocol';
import { createNotice } from './notice';
import { parseHash, toHash, type State } from './state';
import { createStore } from './store';
import { Trainer, type Frame } from './trainer';
import type { Actions, Context, View, ViewFactory } from './view';
import { createControls } from './views/controls';
import { createDataPanel } from './views/data-panel';
import { createNetworkView } from './views/network';
import { createLessonPanel } from './views/lesson';
import { createOutputView } from './views/output';
import { createStepThrough } from './views/stepthrough';

const SESSION_ID = 0;
const GRID_SIZE = 100;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found;
}

function applyLook(state: Readonly<State>): void {
  document.documentElement.dataset.theme = state.theme;
  document.documentElement.dataset.palette = state.palette;
  document.body.classList.toggle('hide-text', state.hideText);
}

function start(): void {
  const notice = createNotice(element('notice'));
  const parsed = parseHash(location.hash);
  const store = createStore(parsed.state);
  notice.show('Some settings in this link could not be used:', parsed.problems);

  const bridge = startEngineWorker();
  const trainer = new Trainer(bridge, store, { gridSize: GRID_SIZE, id: SESSION_ID });

  const actions: Actions = {
    play: () => trainer.play(),
    pause: () => trainer.pause(),
    togglePlay: () => (trainer.playing ? trainer.pause() : trainer.play()),
    step: () => void trainer.step(),
    reset: () => void trainer.reset(),
    setParameter: (index, value) => void trainer.setParameter(index, value),
    notify: (message) => notice.show('Note:', [message]),
    trace: (input, target) => trainer.trace(input, target),
    applyTraceUpdate: (input, target) => trainer.applyTraceUpdate(input, target),
    numericalGradient: (index, inputs, targets) => trainer.numericalGradient(index, inputs, targets),
  };
  const context: Context = { store, actions };
  const factories: [string, ViewFactory][] = [
    ['controls', createControls],
    ['data-panel', createDataPanel],
    ['network-panel', createNetworkView],
    ['output-panel', createOutputView],
    ['stepthrough-panel', createStepThrough],
    ['lesson-panel', createLessonPanel],
  ];
  const views: View[] = factories.map(([id, create]) => create(element(id), context));

  // One commit per animation frame redraws every view from the latest state and frame.
  let frame: Frame | null = null;
  let scheduled = false;
  const renderTimes = new Float64Array(600); // the last 600 commits, in ms (window.playground.stats)
  let renders = 0;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const start = performance.now();
      const state = store.get();
      for (const view of views) view.render(state, frame);
      renderTimes[renders++ % renderTimes.length] = performance.now() - start;
    });
  };
  trainer.onFrame((f) => {
    frame = f;
    schedule();
  });
  trainer.onError((message) => notice.show('The engine refused this:', [message]));

  // The URL is a subscriber like any view; a hash typed or pasted by the user is read back.
  let writtenHash = '';
  store.subscribe((state) => {
    applyLook(state);
    writtenHash = toHash(state);
    history.replaceState(null, '', writtenHash);
    schedule();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === writtenHash) return;
    const { state, problems } = parseHash(location.hash);
    notice.show('Some settings in this link could not be used:', problems);
    store.dispatch(state);
  });

  applyLook(store.get());
  writtenHash = toHash(store.get());
  history.replaceState(null, '', writtenHash);
  void bridge.call('info').then((info) => {
    element('engine-kind').textContent = info.simd ? ' with SIMD' : ' (without SIMD)';
    document.documentElement.dataset.engine = info.variant;
  });
  void trainer.rebuild();
  schedule();

  // For automation and embedding. The engine lives in a worker: session calls are async.
  const view = (name: ViewName) => (layer: number) => bridge.call('view', SESSION_ID, name, layer);
  Object.assign(window, {
    playground: {
      getState: () => structuredClone(store.get()),
      setState: (partial: Partial<State>) => store.dispatch(partial),
      play: () => trainer.play(),
      pause: () => trainer.pause(),
      step: (n?: number) => trainer.step(n),
      reset: () => trainer.reset(),
      /** Sets every parameter [W0 b0 W1 b1 ...] and redraws (W_l is (out, in) row-major). */
      setParameters: (values: number[]) => trainer.setParameters(values),
      get playing() {
        return trainer.playing;
      },
      /** Time spent drawing per commit over the last 600 commits (ms): for the frame-time benchmark. */
      stats: () => {
        const times = Array.from(renderTimes.subarray(0, Math.min(renders, renderTimes.length))).sort((a, b) => a - b);
        const at = (q: number) => times[Math.floor(q * (times.length - 1))] ?? 0;
        return { commits: renders, renderMedian: at(0.5), render95: at(0.95), renderMax: at(1) };
      },
      /** The last metrics, parameters and grid the page drew. */
      get snapshot() {
        return trainer.snapshot;
      },
      session: {
        metrics: async () => (await bridge.call('frame', SESSION_ID, 0, 0)).metrics,
        parameters: () => bridge.call('parameters', SESSION_ID),
        gradients: () => bridge.call('gradients', SESSION_ID),
        weights: view('weights'),
        biases: view('biases'),
        weightGradients: view('weightGradients'),
        biasGradients: view('biasGradients'),
        preActivations: view('preActivations'),
        activations: view('activations'),
        deltas: view('deltas'),
        forward: (input: number[]) => bridge.call('forward', SESSION_ID, input),
        backward: (target: number[]) => bridge.call('backward', SESSION_ID, target),
        update: () => bridge.call('update', SESSION_ID),
        computeGradients: (inputs: number[], targets: number[]) =>
          bridge.call('computeGradients', SESSION_ID, inputs, targets),
      },
    },
  });
}

start();
