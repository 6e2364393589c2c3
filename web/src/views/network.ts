// The network: feature toggles, hidden layers with their controls, every neuron's output as a
// small heatmap, weights (or their gradients) as links and biases as squares (TensorFlow
// Playground's middle area), and under it, in gradient mode, each layer's gradient norm over time.
// The DOM is built only when the structure changes (shape, features, activations, width of the
// panel); a frame then only repaints, on the stage's one canvas, the thumbnails and the gaps
// whose links' quantized looks moved.
import './network.css';
import type { SessionInfo, Snapshot } from '../engine/protocol';
import { classColours, classTables } from '../class-colours';
import { colourTable, PALETTES } from '../heatmap';
import { highlightChannel } from '../highlight';
import { FEATURES, MAX_HIDDEN_LAYERS, MAX_NEURONS, type Activation, type Feature, type State } from '../state';
import { neuronButtonsName } from '../tfp';
import type { Frame } from '../trainer';
import type { Context, Shown, View } from '../view';
import { dispatcher, uniqueId } from './controls/dom';
import { LOCKED_TITLE, locked, lockMark } from './controls/lock';
import { createGradientChart } from './gradient-chart';
import { buildStage, type Built } from './network/build';
import { addLayer, changeNeurons, removeLayer, setLayerActivation, structureOf, toggleFeature, type Refusal } from './network/edits';
import { createGradientLegend, createLinksSwitch, gradientScale } from './network/gradients';
import { BOUNDED, featureValues, HeatmapBlocks, outputScaling, scalingOf, type Scaling } from './network/heatmaps';
import { Inspector } from './network/inspect';
import { computeLayout, widthsOf, type Structure } from './network/layout';
import { LinkLayer } from './network/links';
import { paceSlot } from './text-pace';

const SVG = 'http://www.w3.org/2000/svg';
const GRADIENT_INTERVAL = 100; // ms between gradient redraws of the links while training runs

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Was this session made for the structure drawn? (Until the new session arrives, it was not.) */
function matches(info: SessionInfo, s: Structure): boolean {
  return same(info.config.layers, widthsOf(s)) && same(info.config.activation, s.activations) &&
    info.config.output === s.output && same(info.data?.features ?? [], s.features);
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Something to find again after a rebuild, so keyboard focus survives pressing "+". */
function focusKey(element: Element | null): string | null {
  if (!(element instanceof HTMLElement)) return null;
  if (element.dataset.action) return `${element.dataset.action}:${element.dataset.layer}`;
  if (element.dataset.feature) return `feature:${element.dataset.feature}`;
  if (element.classList.contains('nn-activation')) return `select:${element.dataset.layer}`;
  return null;
}

function findFocus(stage: HTMLElement, key: string): HTMLElement | null {
  const [kind, value] = key.split(':');
  if (kind === 'feature') return stage.querySelector(`[data-feature="${value}"]`);
  if (kind === 'select') return stage.querySelector(`select[data-layer="${value}"]`);
  const wanted = stage.querySelector<HTMLButtonElement>(`[data-action="${kind}"][data-layer="${value}"]`);
  if (!wanted?.disabled) return wanted;
  // At 1 or MAX_NEURONS the pressed button is disabled: its partner keeps the focus.
  return wanted.parentElement?.querySelector<HTMLButtonElement>('button:not([disabled])') ?? null;
}

export function createNetworkView(container: HTMLElement, context: Context): View {
  const { store, actions } = context;
  const root = make('div', 'nn');
  const toolbar = make('div', 'nn-toolbar');
  const removeLayerButton = make('button', 'nn-button', '−');
  const addLayerButton = make('button', 'nn-button', '+');
  removeLayerButton.type = addLayerButton.type = 'button';
  removeLayerButton.dataset.action = 'remove-layer';
  addLayerButton.dataset.action = 'add-layer';
  removeLayerButton.setAttribute('aria-label', 'Remove the last hidden layer');
  addLayerButton.setAttribute('aria-label', 'Add a hidden layer');
  const layerCount = make('span', 'nn-layer-count');
  layerCount.setAttribute('aria-live', 'polite');
  const layerButtons = make('span', 'nn-buttons');
  const shapeMark = lockMark();
  shapeMark.classList.add('lock-badge');
  shapeMark.setAttribute('hidden', '');
  layerButtons.append(removeLayerButton, addLayerButton, shapeMark);
  const linksSwitch = createLinksSwitch();
  toolbar.append(layerButtons, layerCount, linksSwitch.element);
  const legend = createGradientLegend();
  const chart = createGradientChart();
  const hint = make('p', 'nn-explain nn-hint',
    'Colours show each neuron’s output over the input square. Hover or tap a link or bias to see its value; click it, or tap it again, to edit.');
  const keysHint = make('p', 'visually-hidden',
    'Arrow keys move between neurons. Enter steps into the neuron’s bias and incoming weights, where the arrow keys move, Enter edits and Escape goes back.');
  keysHint.id = uniqueId('network-keys'); // one per playground, several on a tutorial page
  const scroll = make('div', 'nn-scroll');
  const stage = make('div', 'nn-stage');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'nn-svg');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Weights');
  const hitGroup = document.createElementNS(SVG, 'g');
  hitGroup.setAttribute('class', 'nn-hits');
  svg.append(hitGroup);
  const inspector = new Inspector(stage, actions);
  scroll.append(stage);
  root.append(toolbar, hint, legend.element, keysHint, scroll, chart.element);
  container.append(root);

  const links = new LinkLayer();
  const neuronBlocks = new HeatmapBlocks();
  const featureBlocks = new HeatmapBlocks();
  // The feature pictures, computed here at their squares' size in device pixels (featureGrid²).
  let featureGrid = 0;
  let features: Float32Array = new Float32Array(0);
  let available = scroll.clientWidth; // one layout read at start; afterwards the ResizeObserver says
  let structureKey = '';
  let structure: Structure | null = null;
  let lookKey = '';
  let table: Uint32Array = new Uint32Array(0);
  /** Many classes: each output unit's probability from the ground to its class's colour. */
  let classBlocks = new Map<number, Uint32Array>();
  let classKey = '';
  let drawnSnapshot: unknown = undefined;
  let drawnDiscretize = false;
  let drawnLinks = '';
  let linksSnapshot: unknown = undefined;
  let linksDrawnAt = -Infinity;
  let linksSlot = NaN; // the text-pace.ts slot of the last weight redraw
  let matchedInfo: SessionInfo | null = null;
  let matched = false;
  let lastFrame: Frame | null = null;
  let scalings: Scaling[] = [];
  let outputBlock = new Set<number>();
  let built: Built | null = null;
  // The host page's pointer at one neuron or link (embed API): a ring or a glow, kept over rebuilds.
  const highlight = highlightChannel(store);
  let highlighted: Element | null = null;

  function drawHighlight(): void {
    highlighted?.classList.remove('nn-highlight');
    highlighted = null;
    const target = highlight.get();
    if (!target || !built || !structure) return;
    if ('neuron' in target) {
      const { layer, index } = target.neuron;
      highlighted = layer === 0
        ? built.features[structure.column.indexOf(structure.features[index])] ?? null
        : built.neurons[layer - 1]?.[index] ?? null;
    } else {
      const { layer, from, to } = target.link;
      highlighted = links.refs.find((r) => r.kind === 'weight' && r.layer === layer && r.unit === to && r.input === from)?.element ?? null;
    }
    highlighted?.classList.add('nn-highlight');
  }
  highlight.subscribe(drawHighlight);

  function rebuild(state: Readonly<State>, s: Structure): void {
    const keep = focusKey(document.activeElement);
    const neuronButtons = (layer: number) => !state.hidden.includes('networkShape') && !state.hidden.includes(neuronButtonsName(layer));
    const controls = { buttons: s.hidden.some((_, layer) => neuronButtons(layer)),
      selects: !state.hidden.includes('activation') && !state.hidden.includes('layerActivations') };
    const layout = computeLayout(s, available, controls);
    svg.setAttribute('width', String(layout.width));
    svg.setAttribute('height', String(layout.height));
    const pageLocked = {
      shape: locked(state, 'networkShape'),
      activations: locked(state, 'activation', 'layerActivations'),
    };
    const ratio = Math.min(3, window.devicePixelRatio || 1);
    built = buildStage(stage, [svg, inspector.tooltip, inspector.editor], s, layout, {
      ...controls, buttons: neuronButtons, pageLocked, maxNeurons: MAX_NEURONS, keysHintId: keysHint.id,
    });
    links.build(hitGroup, stage, s, layout, ratio);
    stage.append(inspector.tooltip, inspector.editor); // above the nodes and biases
    inspector.attach(links, built, s, layout);
    neuronBlocks.setTargets(built.neuronTargets);
    featureBlocks.setTargets(built.featureTargets);
    const size = built.featureTargets[0]?.size ?? 0;
    if (size > 0 && size !== featureGrid) [featureGrid, features] = [size, featureValues(size)];
    const hiddenScalings = s.activations.flatMap((a, l) => Array<Scaling>(s.hidden[l]).fill(scalingOf(a)));
    scalings = [...hiddenScalings, ...Array<Scaling>(s.outputs).fill(outputScaling(s.output))];
    outputBlock = new Set(Array.from({ length: s.outputs }, (_, k) => hiddenScalings.length + k));
    // TensorFlow Playground's numHiddenLayers_hide takes the +/- layer buttons and the count.
    const layersHidden = state.hidden.includes('numHiddenLayers');
    layerButtons.hidden = state.hidden.includes('networkShape') || layersHidden;
    layerCount.hidden = layersHidden;
    removeLayerButton.disabled = pageLocked.shape || s.hidden.length === 0;
    addLayerButton.disabled = pageLocked.shape || s.hidden.length >= MAX_HIDDEN_LAYERS;
    for (const b of [removeLayerButton, addLayerButton]) b.title = pageLocked.shape ? LOCKED_TITLE : '';
    layerButtons.classList.toggle('is-locked', pageLocked.shape);
    shapeMark.toggleAttribute('hidden', !pageLocked.shape);
    layerCount.textContent = `${s.hidden.length} hidden layer${s.hidden.length === 1 ? '' : 's'}`;
    lookKey = ''; // new canvases and marks: repaint everything
    matchedInfo = null;
    if (keep) findFocus(stage, keep)?.focus({ preventScroll: true });
    drawHighlight();
  }

  function draw(state: Readonly<Shown>, frame: Frame | null): void {
    lastFrame = frame;
    const s = structureOf(state);
    const key = JSON.stringify([s, state.hidden, state.locked, available, window.devicePixelRatio]);
    if (key !== structureKey) {
      structureKey = key;
      structure = s;
      rebuild(state, s);
    }
    root.classList.toggle('hide-text', state.hideText);
    const gradients = state.links === 'gradients';
    // Gradients flow back from the loss; networks past flow.ts's FLOW_LINK_LIMIT stay still.
    links.setFlow(frame?.playing ? (gradients ? -1 : 1) : 0);
    if (root.dataset.links !== state.links) root.dataset.links = state.links;
    linksSwitch.render(state.links, state.hidden.includes('links'), state.locked.includes('links'));
    const emptyToolbar = layerButtons.hidden && layerCount.hidden && linksSwitch.element.hidden;
    if (toolbar.hidden !== emptyToolbar) toolbar.hidden = emptyToolbar; // and its gap goes with it
    if (legend.element.hidden === gradients) legend.element.hidden = !gradients;
    chart.render({
      history: frame?.history ?? null,
      widths: frame?.info.config.layers ?? null,
      look: `${state.theme}/${state.palette}`,
      visible: gradients,
      playing: frame?.playing ?? false,
    });

    let repaint = false;
    const look = `${state.palette}/${state.theme}`;
    if (look !== lookKey) {
      lookKey = look;
      const palette = PALETTES[state.palette][state.theme];
      table = colourTable(palette);
      links.setPalette(palette);
      featureBlocks.setNeutral(palette.neutral);
      neuronBlocks.setNeutral(palette.neutral);
      const column = structure!.column;
      featureBlocks.paint(features, featureGrid, column.map((f) => FEATURES.indexOf(f) * featureGrid * featureGrid),
        column.map(() => BOUNDED), table);
      repaint = true;
    }
    if (frame && frame.info !== matchedInfo) {
      matchedInfo = frame.info;
      matched = matches(frame.info, structure!);
    }
    const snapshot = frame && matched && frame.info === matchedInfo ? frame.snapshot : null;
    drawLinks(state, snapshot, repaint, frame?.playing ?? false);
    if (!repaint && snapshot === drawnSnapshot && state.discretize === drawnDiscretize) return;
    drawnSnapshot = snapshot;
    drawnDiscretize = state.discretize;
    const grid = snapshot?.grid;
    const n = snapshot?.gridSize ?? 0;
    const first = structure!.features.length;
    if (grid && n > 0 && grid.length >= (first + scalings.length) * n * n) {
      const offsets = scalings.map((_, k) => (first + k) * n * n);
      neuronBlocks.paint(grid, n, offsets, scalings, table, outputBlock, state.discretize, classTablesFor(state));
    } else {
      neuronBlocks.clear();
    }
  }

  /** Many classes: each output unit's block its own table, ground to its class's colour (kept while the look stays). */
  function classTablesFor(state: Readonly<Shown>): ReadonlyMap<number, Uint32Array> {
    const units = structure!.outputs;
    const key = units > 1 ? `${units}/${state.palette}/${state.theme}/${[...outputBlock].join()}` : '';
    if (key === classKey) return classBlocks;
    classKey = key;
    classBlocks = new Map();
    if (units > 1) {
      const palette = PALETTES[state.palette][state.theme];
      const blocks = [...outputBlock];
      classColours(palette, state.palette, state.theme, units).forEach((colour, k) =>
        classBlocks.set(blocks[k], classTables([colour], palette.neutral)));
    }
    return classBlocks;
  }

  // Weights move a little per frame, so few quantized widths change; one minibatch's gradients
  // jump every frame, so in gradient mode nearly every link is restyled and every gap's canvas
  // redrawn (8 hidden layers of 16: 1,920 links, ~150 ms of stroking, spread by link-canvas.ts
  // over about 60 frames). While training runs, weights are redrawn once per slot of
  // text-pace.ts (100 ms, in the frame that writes the texts: a width stepping at 10 Hz instead
  // of 60 is hardly seen, a step is one of 16 widths; the thumbnails still change every frame;
  // at the largest network each redraw of the changed links' bands costs several ms) and
  // gradients every GRADIENT_INTERVAL ms once the last redraw is done, which a reader can follow
  // anyway; a paused or stepped frame is drawn at once.
  function drawLinks(state: Readonly<State>, snapshot: Snapshot | null, repaint: boolean, playing: boolean): void {
    const gradients = state.links === 'gradients';
    const switched = state.links !== drawnLinks;
    if (!repaint && !switched && snapshot === linksSnapshot) return;
    const now = performance.now();
    const slot = paceSlot();
    if (playing && !repaint && !switched) {
      if (gradients && (links.pending || now - linksDrawnAt < GRADIENT_INTERVAL)) return;
      if (!gradients && slot === linksSlot) return;
    }
    linksSnapshot = snapshot;
    linksDrawnAt = now;
    linksSlot = slot;
    drawnLinks = state.links;
    if (gradients) {
      // A diverged step leaves non-finite gradients: no scale, the legend says so.
      const valid = snapshot && !snapshot.metrics.diverged ? snapshot.gradients : null;
      const largest = valid ? links.largest(valid) : null;
      links.update(valid, gradientScale(largest ?? 0));
      legend.render(largest, snapshot?.metrics.diverged ?? false);
    } else {
      links.update(snapshot?.parameters ?? null);
    }
    if (switched) svg.setAttribute('aria-label', gradients ? 'Gradients of the weights' : 'Weights');
    inspector.update(snapshot?.parameters ?? null, gradients ? snapshot?.gradients ?? null : null);
  }

  const dispatchChange = dispatcher(context);
  function dispatch(partial: Partial<State> | Refusal | null): void {
    if (partial === null) return;
    if ('message' in partial && 'until' in partial) actions.notify(partial.message, partial.until);
    else dispatchChange(partial);
  }

  root.addEventListener('click', (event) => {
    const target = (event.target as Element).closest<HTMLElement>('[data-action], [data-feature]');
    if (!target || (target as HTMLButtonElement).disabled) return;
    const state = store.get();
    const layer = Number(target.dataset.layer);
    if (target.dataset.feature) dispatch(toggleFeature(state, target.dataset.feature as Feature));
    else if (target.dataset.action === 'add-layer') dispatch(addLayer(state));
    else if (target.dataset.action === 'remove-layer') dispatch(removeLayer(state));
    else if (target.dataset.action === 'add-neuron') dispatch(changeNeurons(state, layer, 1));
    else if (target.dataset.action === 'remove-neuron') dispatch(changeNeurons(state, layer, -1));
    else if (target.dataset.action === 'links') dispatch({ links: target.dataset.links as State['links'] });
  });
  root.addEventListener('change', (event) => {
    const select = event.target as HTMLSelectElement;
    if (!select.classList.contains('nn-activation')) return;
    dispatch(setLayerActivation(store.get(), Number(select.dataset.layer), select.value as Activation));
  });

  // The panel's width decides the column pitch; a change rebuilds the layout (never per frame).
  const resizing = new ResizeObserver((entries) => {
    const width = Math.floor(entries[entries.length - 1].contentRect.width);
    if (width === available || width === 0) return;
    available = width;
    draw(context.shown(), lastFrame);
  });
  resizing.observe(scroll);

  let renderedState: Readonly<State> | null = null;
  return {
    render(state, frame) {
      // The page calls every view when anything changed; same state and frame: nothing to do.
      if (state === renderedState && frame === lastFrame) return;
      renderedState = state;
      draw(state, frame);
    },
    destroy() {
      resizing.disconnect();
      chart.destroy();
      neuronBlocks.destroy();
      featureBlocks.destroy();
      links.destroy();
    },
  };
}
