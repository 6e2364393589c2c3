// Builds the stage for one structure: layer headers with their buttons and activation selects,
// feature toggles, neuron squares over their columns' canvases of thumbnails. Only DOM creation; the actions are read from
// data-* attributes by the view's delegated listeners, and per-frame drawing is elsewhere.
import { ACTIVATIONS, type Feature } from '../../state';
import { LOCKED_TITLE, lockMark } from '../controls/lock';
import type { Target } from './heatmaps';
import { NODE, type Layout, type Structure } from './layout';
import { FEATURE_LABELS } from './links';
import { deviceCanvas } from '../../view';

export interface BuildOptions {
  /** Which hidden layers show their +/- neuron buttons (none: networkShape_hide; one: TensorFlow Playground's numNodes<n>_hide). */
  buttons: (layer: number) => boolean;
  /** Per-layer activation selects (hidden by activation_hide or layerActivations_hide). */
  selects: boolean;
  /** Locked by the page (<control>_lock): shown disabled with a lock mark and its title (features: Structure.fixed). */
  pageLocked: { shape: boolean; activations: boolean };
  maxNeurons: number;
  /** Id of the element that explains the keyboard keys (aria-describedby of every neuron). */
  keysHintId: string;
}

export interface Built {
  /** The thumbnails' canvases, one per column. */
  surfaces: HTMLCanvasElement[];
  /** The drawn features (Structure.column). */
  features: HTMLButtonElement[];
  /** Where each drawn feature's picture goes (those off dimmed). */
  featureTargets: Target[];
  /** Per hidden layer, then the output: the neuron elements (roving focus moves among them). */
  neurons: HTMLElement[][];
  /** Where each hidden and output neuron's heatmap goes, in grid order. */
  neuronTargets: Target[];
}

// network.css: a node's border, which the thumbnail stays inside (the output's is thicker).
const BORDER = 1;
/** A neuron's thumbnail: the square inside its node's border, in CSS px (the output's border is wider). */
export const THUMBNAIL = NODE - 2 * BORDER;
const OUTPUT_BORDER = 2;
// A feature that is off is drawn at 30 % over the neutral colour (as its node's dashed border says).
const OFF_ALPHA = 0.3;

const ACTIVATION_NAMES: Record<string, string> = {
  relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: 'Linear', 'leaky-relu': 'Leaky ReLU', softplus: 'Softplus',
};
const OUTPUT_NAMES: Record<string, string> = { tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear', softmax: 'softmax' };

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * One canvas per column, under its nodes: the thumbnails in the nodes' squares. The links are on
 * canvases of their own, one per gap (link-canvas.ts). Chromium's software compositing copies
 * every 2D canvas of the page at every commit, changed or not (docs/drawing.md), so the canvases
 * that change every frame cover only the columns.
 * A thumbnail's grid has one cell per CSS px (playground.ts fullGrids), so the canvas is in CSS px
 * at any devicePixelRatio and the compositor enlarges it by nearest pixels (network.css
 * `image-rendering: pixelated`): at 2, each cell is the 2 × 2 device pixels it was when painted at
 * device size, for a quarter of the painting, putting and copying.
 */
function columnSurface(column: { x: number; ys: number[] }): { canvas: HTMLCanvasElement; x0: number; y0: number } {
  const [x0, y0] = [Math.round(column.x), Math.round(Math.min(...column.ys))];
  const [x1, y1] = [Math.round(column.x + NODE), Math.round(Math.max(...column.ys) + NODE)];
  return { canvas: deviceCanvas('nn-surface', x0, y0, x1, y1, 1), x0, y0 };
}

/** The square inside each node's border of a column where its thumbnail goes, in whole pixels of its canvas. */
function columnTargets(column: { x: number; ys: number[] }, border: number,
  on: (row: number) => boolean): { canvas: HTMLCanvasElement; targets: Target[] } {
  const { canvas, x0, y0 } = columnSurface(column);
  const left = Math.round(column.x + border);
  const size = Math.round(column.x + NODE - border) - left;
  const targets = column.ys.map((y, row) => ({ canvas, x: left - x0, y: Math.round(y + border) - y0, size, alpha: on(row) ? 1 : OFF_ALPHA }));
  return { canvas, targets };
}

function place(node: HTMLElement, x: number, y: number): void {
  node.style.transform = `translate(${x}px, ${y}px)`;
}

function header(layout: Layout, column: number, title: string): HTMLElement {
  const box = make('div', 'nn-header');
  const left = column === 0 ? 0 : layout.columns[column].x + NODE / 2 - (layout.pitch - 4) / 2;
  const width = column === 0 ? layout.columns[0].x + NODE : layout.pitch - 4;
  place(box, left, 0);
  box.style.width = `${width}px`;
  box.style.height = `${layout.header}px`;
  box.append(make('div', 'nn-title', title));
  return box;
}

function button(label: string, text: string, action: string, layer: number, enabled: boolean, locked: boolean): HTMLButtonElement {
  const b = make('button', 'nn-button', text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.dataset.action = action;
  b.dataset.layer = String(layer);
  b.disabled = !enabled || locked;
  if (locked) b.title = LOCKED_TITLE;
  return b;
}

/** A lock mark as a badge in the corner of `node` (positioned), for a control locked by the page. */
function badge(node: HTMLElement): void {
  const mark = lockMark();
  mark.classList.add('lock-badge');
  node.classList.add('is-locked');
  node.append(mark);
}

/** A feature's toggle; a fixed one (locked, or hidden but on) is disabled, with the lock badge, as every locked control. */
function featureNode(feature: Feature, on: boolean, fixed: boolean, layout: Layout, row: number): HTMLButtonElement {
  const node = make('button', 'nn-node nn-feature');
  node.type = 'button';
  node.dataset.feature = feature;
  node.setAttribute('aria-pressed', String(on));
  node.setAttribute('aria-label', `Input feature ${FEATURE_LABELS[feature]}`);
  node.title = fixed ? LOCKED_TITLE : `${FEATURE_LABELS[feature]}: click to turn ${on ? 'off' : 'on'}`;
  node.disabled = fixed;
  node.classList.toggle('off', !on);
  const label = make('span', 'nn-feature-label', FEATURE_LABELS[feature]);
  label.setAttribute('aria-hidden', 'true');
  node.append(label);
  if (fixed) badge(node);
  place(node, layout.columns[0].x, layout.columns[0].ys[row]);
  return node;
}

/** What the features' header says about clicking them: nothing when none can be switched. */
export function featureHint(structure: Pick<Structure, 'column' | 'fixed'>): string | null {
  if (structure.fixed.length === 0) return 'Click to turn on or off';
  if (structure.fixed.length === structure.column.length) return null;
  return 'Click unlocked ones to turn on or off';
}

/** Replaces the stage's nodes and headers (the svg and overlays, given in `keep`, stay). */
export function buildStage(stage: HTMLElement, keep: Element[], structure: Structure, layout: Layout, options: BuildOptions): Built {
  stage.replaceChildren(...keep);
  stage.style.width = `${layout.width}px`;
  stage.style.height = `${layout.height}px`;
  stage.classList.toggle('compact', layout.pitch < 90);
  // The canvases first: the links' hit paths and the nodes (their borders, focus rings and highlight) sit on top.
  const built: Built = { surfaces: [], features: [], featureTargets: [], neurons: [], neuronTargets: [] };
  const parts: HTMLElement[] = [];
  const { columns } = layout;
  if (structure.column.length > 0) {
    const { canvas, targets } = columnTargets(columns[0], BORDER,
      (row) => structure.features.includes(structure.column[row]));
    built.surfaces.push(canvas);
    built.featureTargets = targets;
  }
  for (let c = 1; c < columns.length; c++) {
    const { canvas, targets } = columnTargets(columns[c], c === columns.length - 1 ? OUTPUT_BORDER : BORDER, () => true);
    built.surfaces.push(canvas);
    built.neuronTargets.push(...targets);
  }
  stage.prepend(...built.surfaces);

  const features = header(layout, 0, 'Features');
  features.classList.add('nn-header-features');
  const hint = featureHint(structure);
  if (hint) features.append(make('div', 'nn-explain', hint));
  parts.push(features);
  structure.column.forEach((feature, row) => {
    const on = structure.features.includes(feature);
    const node = featureNode(feature, on, structure.fixed.includes(feature), layout, row);
    built.features.push(node);
    parts.push(node);
  });

  const last = structure.hidden.length;
  for (let l = 0; l <= last; l++) {
    const column = l + 1;
    const isOutput = l === last;
    const width = isOutput ? structure.outputs : structure.hidden[l];
    const box = header(layout, column, isOutput ? 'Output' : `${width} neuron${width === 1 ? '' : 's'}`);
    if (isOutput) {
      box.append(make('div', 'nn-explain', OUTPUT_NAMES[structure.output] ?? structure.output));
    } else {
      if (options.buttons(l)) {
        const row = make('div', 'nn-buttons');
        const locked = options.pageLocked.shape;
        row.append(
          button(`Remove a neuron from layer ${column}`, '−', 'remove-neuron', l, width > 1, locked),
          button(`Add a neuron to layer ${column}`, '+', 'add-neuron', l, width < options.maxNeurons, locked),
        );
        if (locked) badge(row);
        box.append(row);
      }
      if (options.selects) {
        const select = make('select', 'nn-activation');
        select.setAttribute('aria-label', `Activation of layer ${column}`);
        select.dataset.layer = String(l);
        for (const a of ACTIVATIONS) {
          const option = make('option', '', ACTIVATION_NAMES[a]);
          option.value = a;
          option.selected = a === structure.activations[l];
          select.append(option);
        }
        if (options.pageLocked.activations) {
          // A select draws no children: the badge sits on a wrapper.
          const wrapper = make('span', 'nn-select-lock');
          select.disabled = true;
          select.title = LOCKED_TITLE;
          wrapper.title = LOCKED_TITLE;
          wrapper.append(select);
          badge(wrapper);
          box.append(wrapper);
        } else {
          box.append(select);
        }
      }
    }
    parts.push(box);
    const nodes: HTMLElement[] = [];
    for (let o = 0; o < width; o++) {
      const node = make('div', `nn-node nn-neuron${isOutput ? ' nn-output' : ''}`);
      node.setAttribute('role', 'img');
      const outputName = structure.outputs > 1 ? `Output neuron ${o + 1}, class ${o} (${structure.output})` : `Output neuron (${structure.output})`;
      node.setAttribute('aria-label', isOutput ? outputName : `Layer ${column}, neuron ${o + 1} (${structure.activations[l]})`);
      node.setAttribute('aria-describedby', options.keysHintId);
      node.tabIndex = -1;
      node.dataset.column = String(l);
      node.dataset.row = String(o);
      place(node, layout.columns[column].x, layout.columns[column].ys[o]);
      nodes.push(node);
      parts.push(node);
    }
    built.neurons.push(nodes);
  }
  stage.append(...parts);
  return built;
}
