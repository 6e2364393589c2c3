// One playground: a store of state, a trainer with its session in the shared engine worker,
// and the views, mounted into a root element. The full page (main.ts) makes one that owns the
// address bar; embeds (embed.ts, the <backprop-playground> element) make several per page.
import './styles.css';
import { sharedEngineWorker, type Bridge, type EngineHook } from './engine/bridge';
import { NO_GRIDS, type GridSpec, type ViewName } from './engine/protocol';
import { sessionDiffers } from './model';
import { createNotice } from './notice';
import { parseHash, toHash, type State } from './state';
import { byReader, createStore, type Store } from './store';
import { Trainer, type Frame } from './trainer';
import type { Actions, Context, Shown, View } from './view';
import { byKind } from './views/by-kind';
import { createControls } from './views/controls';
import { createDigitsOutput } from './views/digits/output';
import { createUnitsView } from './views/digits/units';
import { createDataPanel } from './views/data-panel';
import { createLessonPanel } from './views/lesson';
import { createNetworkView } from './views/network';
import { THUMBNAIL } from './views/network/build';
import { createOutputView } from './views/output';
import { createShareBar } from './views/share';
import { createStepThrough } from './views/stepthrough';
import { createRowStepThrough } from './views/steps/panel';
import { createTableNetwork } from './views/table/network';
import { createTableOutput } from './views/table/output';

export const PANELS = ['lessons', 'controls', 'share', 'data', 'network', 'output', 'stepthrough'] as const;
export type PanelName = (typeof PANELS)[number];

/**
 * Grid resolutions at full detail, from the size things are drawn at. A thumbnail is the square
 * inside a node's 1 px border, THUMBNAIL CSS px, one cell per CSS px, each a pixel of its column's
 * canvas (network/build.ts): at devicePixelRatio 1 a device pixel, at 2 shown as 2 × 2 device
 * pixels, as sharp as at 1; these smooth functions show nothing finer at 34 px. The output plot is at 100²
 * (TensorFlow Playground's density), smoothed up to its few hundred px: more would cost a forward
 * pass per device pixel of the whole network every frame.
 */
function fullGrids(): GridSpec {
  return { neurons: THUMBNAIL, output: 100 };
}

/** What a playground tells its host (embed.ts forwards these to a parent page). */
export type PlaygroundEvent =
  | { type: 'progress'; step: number; epoch: number; trainLoss: number; testLoss: number }
  | { type: 'diverged'; step: number }
  | { type: 'error'; message: string }
  /** The reader changed settings in the playground's controls (never the host's setState/load). */
  | { type: 'change'; keys: (keyof State)[]; state: State };

export interface PlaygroundOptions {
  /** The initial configuration, as a URL hash ("#activation=relu&..."). */
  hash?: string;
  /** Read and write location.hash (only the full page does). */
  urlSync?: boolean;
  /** Theme on <html>, keyboard shortcuts when nothing is focused: the playground is the page. */
  standalone?: boolean;
  /** Which panels to show (all by default). */
  panels?: readonly PanelName[];
  /** The engine worker, shared by every playground on the page by default. */
  bridge?: Bridge;
  /** The full playground's address, for share links and "open in the full playground" (default: this page if standalone, else index.html beside it). */
  home?: string;
  onEvent?: (event: PlaygroundEvent) => void;
}

export interface Playground {
  readonly root: HTMLElement;
  readonly store: Store;
  getState(): State;
  /** Applies the valid part; returns the problems with the rest. */
  setState(partial: Partial<State>): string[];
  /**
   * Replaces the whole configuration from a URL hash; returns what could not be used, which is
   * also shown in the playground's notice unless `quiet` (a host that reports it itself).
   */
  load(hash: string, options?: { quiet?: boolean }): string[];
  play(): void;
  pause(): void;
  step(n?: number): Promise<void>;
  reset(): Promise<void>;
  setParameters(values: number[]): Promise<void>;
  readonly playing: boolean;
  readonly snapshot: Frame['snapshot'] | null;
  readonly frame: Frame | null;
  /**
   * Commits and their render times; `detail`: the detail level (0 full, higher coarser:
   * detail.ts) and the frames played, late, and finding the engine busy.
   */
  stats(): { commits: number; renderMedian: number; render95: number; renderMax: number; detail: number;
    frames: Trainer['detailCounts'] };
  session: Record<string, (...args: never[]) => Promise<unknown>>;
  /** Test hook: the engine worker (to terminate it) and how often it was restarted. */
  readonly engine: EngineHook;
  /** Stops training, frees the engine session, destroys every view (charts, observers, canvases) and empties the root. */
  destroy(): void;
}

let nextSessionId = 0;

// The share bar also restores saved runs and reads the run's starting weights: it gets the trainer.
const FACTORIES: Record<PanelName, (container: HTMLElement, context: Context, trainer: Trainer) => View> = {
  lessons: createLessonPanel,
  controls: createControls,
  share: createShareBar,
  data: createDataPanel,
  // The plane's views, or the images' (web/src/data/sources.ts); step-through walks the plane's networks only.
  network: byKind({ plane: createNetworkView, image: createUnitsView, table: createTableNetwork }),
  output: byKind({ plane: createOutputView, image: createDigitsOutput, table: createTableOutput }),
  stepthrough: byKind({ plane: createStepThrough, image: createRowStepThrough, table: createRowStepThrough }),
};

/** The containers every panel draws into; reused when the page already has them (index.html). */
function layout(root: HTMLElement, panels: ReadonlySet<PanelName>, nested: boolean): { notice: HTMLElement; containers: Map<PanelName, HTMLElement> } {
  const find = (name: string) => root.querySelector<HTMLElement>(`[data-panel="${name}"]`);
  const make = (tag: string, name: string, className: string, label: string) => {
    const node = document.createElement(tag);
    node.dataset.panel = name;
    node.className = className;
    node.setAttribute('aria-label', label);
    // Inside a host's page the playground is one landmark (the element's region, named by its
    // label); its panels are groups, or a tutorial with nine playgrounds has 36 "Network",
    // "Output", … landmarks of the same names.
    if (nested) node.setAttribute('role', 'group');
    return node;
  };
  let notice = find('notice');
  if (!notice) {
    notice = make('div', 'notice', 'notice', 'Notice');
    notice.setAttribute('role', 'status');
    notice.hidden = true;
    root.append(notice);
  }
  const containers = new Map<PanelName, HTMLElement>();
  let workspace = root.querySelector<HTMLElement>('.workspace');
  const built: Record<PanelName, () => HTMLElement> = {
    lessons: () => make('aside', 'lessons', 'lesson-panel', 'Lesson'),
    controls: () => make('section', 'controls', 'controls', 'Training controls'),
    share: () => make('section', 'share', 'share-bar', 'Share and export'),
    data: () => make('section', 'data', 'panel data-panel', 'Data'),
    network: () => make('section', 'network', 'panel network-panel', 'Network'),
    output: () => make('section', 'output', 'panel output-panel', 'Output'),
    stepthrough: () => make('section', 'stepthrough', 'panel stepthrough-panel', 'Step through backpropagation'),
  };
  for (const name of PANELS) {
    let container = find(name);
    if (!panels.has(name)) {
      container?.remove();
      continue;
    }
    if (!container) {
      container = built[name]();
      if (name === 'data' || name === 'network' || name === 'output') {
        if (!workspace) {
          workspace = document.createElement('div');
          workspace.className = 'workspace';
          root.append(workspace);
        }
        workspace.append(container);
      } else {
        root.append(container);
      }
    }
    containers.set(name, container);
  }
  if (workspace) workspace.dataset.panels = String(['data', 'network', 'output'].filter((p) => panels.has(p as PanelName)).length);
  return { notice, containers };
}

export function createPlayground(root: HTMLElement, options: PlaygroundOptions = {}): Playground {
  const standalone = options.standalone ?? false;
  const panels = new Set<PanelName>(options.panels ?? PANELS);
  root.classList.add('bp-playground');
  const { notice: noticeElement, containers } = layout(root, panels, !standalone);
  const notice = createNotice(noticeElement);
  const parsed = parseHash(options.hash ?? '');
  const store = createStore(parsed.state);
  notice.show('Some settings in this link could not be used:', parsed.problems);

  const bridge = options.bridge ?? sharedEngineWorker();
  const id = nextSessionId++;
  const trainer = new Trainer(bridge, store, { grids: fullGrids(), id });
  const emit = options.onEvent ?? (() => {});

  const actions: Actions = {
    play: () => trainer.play(),
    pause: () => trainer.pause(),
    togglePlay: () => (trainer.playing ? trainer.pause() : trainer.play()),
    step: () => void trainer.step(),
    reset: () => void trainer.reset(),
    setParameter: (index, value) => void trainer.edits.setParameter(index, value),
    notify: (message, until) => notice.show('Note:', [message], { until }),
    trace: (input, target) => trainer.edits.trace(input, target),
    applyTraceUpdate: (input, target) => trainer.edits.applyTraceUpdate(input, target),
    numericalGradient: (index, inputs, targets) => trainer.edits.numericalGradient(index, inputs, targets),
    predict: (inputs) => trainer.edits.predict(inputs),
    pointGradients: (points, targets) => trainer.edits.pointGradients(points, targets),
    inputGradients: (inputs, targets) => trainer.edits.inputGradients(inputs, targets),
  };
  const lifetime = new AbortController();
  // theme=auto follows the system's light or dark mode where the playground is the page; an
  // element inside someone else's page stays light unless told (the host page has its own look).
  const systemDark = standalone && typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  let shownCache: { state: Readonly<State>; dark: boolean; shown: Readonly<Shown> } | null = null;
  const shown = (): Readonly<Shown> => {
    const state = store.get();
    const dark = systemDark?.matches ?? false;
    if (shownCache?.state !== state || shownCache.dark !== dark) {
      // The same object while nothing changed: views skip a render by identity.
      const theme = state.theme === 'auto' ? (dark ? 'dark' : 'light') : state.theme;
      shownCache = { state, dark, shown: theme === state.theme ? (state as Readonly<Shown>) : { ...state, theme } };
    }
    return shownCache.shown;
  };
  const home = new URL(options.home ?? (standalone ? location.href : 'index.html'), location.href);
  home.hash = '';
  const context: Context = { store, actions, root, standalone, signal: lifetime.signal, home: home.href, shown };
  const views: View[] = [...containers].map(([name, container]) => FACTORIES[name](container, context, trainer));

  // One commit per animation frame redraws every view from the latest state and frame.
  let frame: Frame | null = null;
  let scheduled = false;
  let destroyed = false;
  const renderTimes = new Float64Array(600); // the last 600 commits, in ms (stats())
  let renders = 0;
  const schedule = () => {
    if (scheduled || destroyed) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (destroyed) return;
      const start = performance.now();
      const state = shown();
      for (const view of views) view.render(state, frame);
      notice.recheck(state); // after the views: a condition may be about what they drew ("still being built")
      renderTimes[renders++ % renderTimes.length] = performance.now() - start;
    });
  };
  let diverged = false;
  trainer.onFrame((f) => {
    frame = f;
    schedule();
    if (!f) return;
    const detail = f.reduced ? 'reduced' : 'full';
    if (root.dataset.detail !== detail) root.dataset.detail = detail; // for hosts and the frame-time benchmark
    const m = f.snapshot.metrics;
    emit({ type: 'progress', step: m.step, epoch: m.epoch, trainLoss: m.trainLoss, testLoss: m.testLoss });
    if (m.diverged && !diverged) emit({ type: 'diverged', step: m.step });
    diverged = m.diverged;
  });
  trainer.onError((message) => {
    // It concerns this session: once the network or its data change, a new one starts, and it goes.
    const failed = store.get();
    notice.show('This could not be done:', [message], { until: (state) => sessionDiffers(state, failed) });
    emit({ type: 'error', message });
  });
  trainer.onRestored((message) => notice.show('Note:', [message]));

  const applyLook = () => {
    const state = shown();
    for (const target of standalone ? [root, document.documentElement] : [root]) {
      target.dataset.theme = state.theme;
      target.dataset.palette = state.palette;
      target.classList.toggle('hide-text', state.hideText); // on <html>, the page's header and footer go too
    }
  };

  // The URL is a subscriber like any view; a hash typed or pasted by the user is read back.
  let writtenHash = '';
  store.subscribe((state) => {
    applyLook();
    if (options.urlSync) {
      writtenHash = toHash(state);
      history.replaceState(null, '', writtenHash);
    }
    schedule();
  });
  // The reader's own changes are told to the host; the host's (setState, load) are its own news.
  if (options.onEvent) {
    store.subscribe((state, changed, how) => {
      if (byReader(how)) emit({ type: 'change', keys: [...changed].sort(), state: structuredClone(state) as State });
    });
  }
  const load = (hash: string, { quiet = false } = {}) => {
    const { state, problems } = parseHash(hash);
    // A new configuration: what was said about the one before no longer applies.
    notice.hide();
    if (!quiet) notice.show('Some settings in this link could not be used:', problems);
    store.dispatch(state, { force: true });
    return problems;
  };
  const onHashChange = () => {
    if (location.hash !== writtenHash) load(location.hash);
  };
  if (options.urlSync) {
    window.addEventListener('hashchange', onHashChange);
    writtenHash = toHash(store.get());
    history.replaceState(null, '', writtenHash);
  }
  applyLook();
  systemDark?.addEventListener('change', () => {
    applyLook();
    schedule();
  }, { signal: lifetime.signal });
  // A page zoom or a move to another screen changes the pixel ratio: the grids follow it.
  window.addEventListener('resize', () => trainer.setGrids(fullGrids()), { signal: lifetime.signal });
  bridge.call('info').then((info) => {
    root.dataset.engine = info.variant;
    if (standalone) document.documentElement.dataset.engine = info.variant;
  }, () => {}); // a worker that died first: the trainer's restore speaks for it
  void trainer.rebuild();
  schedule();

  // The engine lives in a worker: session calls are async.
  const view = (name: ViewName) => (layer: number) => bridge.call('view', id, name, layer);
  return {
    root,
    store,
    getState: () => structuredClone(store.get()) as State,
    setState: (partial) => store.dispatch(partial, { host: true }),
    load,
    play: () => trainer.play(),
    pause: () => trainer.pause(),
    step: (n) => trainer.step(n),
    reset: () => trainer.reset(),
    setParameters: (values) => trainer.edits.setParameters(values),
    get playing() {
      return trainer.playing;
    },
    get snapshot() {
      return trainer.snapshot;
    },
    get frame() {
      return frame;
    },
    engine: bridge.hook,
    stats() {
      const times = Array.from(renderTimes.subarray(0, Math.min(renders, renderTimes.length))).sort((a, b) => a - b);
      const at = (q: number) => times[Math.floor(q * (times.length - 1))] ?? 0;
      return { commits: renders, renderMedian: at(0.5), render95: at(0.95), renderMax: at(1), detail: trainer.detail,
        frames: trainer.detailCounts };
    },
    session: {
      metrics: async () => (await bridge.call('frame', id, 0, NO_GRIDS)).metrics,
      parameters: () => bridge.call('parameters', id),
      gradients: () => bridge.call('gradients', id),
      weights: view('weights'),
      biases: view('biases'),
      weightGradients: view('weightGradients'),
      biasGradients: view('biasGradients'),
      preActivations: view('preActivations'),
      activations: view('activations'),
      deltas: view('deltas'),
      forward: (input: number[]) => bridge.call('forward', id, input),
      backward: (target: number[]) => bridge.call('backward', id, target),
      update: () => bridge.call('update', id),
      computeGradients: (inputs: number[], targets: number[]) => bridge.call('computeGradients', id, inputs, targets),
    },
    destroy() {
      destroyed = true;
      lifetime.abort();
      trainer.destroy();
      window.removeEventListener('hashchange', onHashChange);
      bridge.call('destroy', id).catch(() => {}); // a dead worker holds no session
      for (const view of views) view.destroy();
      root.replaceChildren();
    },
  };
}
