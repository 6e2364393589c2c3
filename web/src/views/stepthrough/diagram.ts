// The step-through's own network diagram, sized for numbers: one SVG, rebuilt whenever the step,
// the selection or the look changes (a handful of nodes and links: cheap, and never per frame).
// Nodes show the stage's quantity (a while going forward, δ while going backward) as text and as
// colour; links are sized by |weight| or |∂L/∂w|, coloured by sign; the links the current step is
// about are drawn strong, with a pulse travelling along them (forward or backward).
import { colourOf, rangeScaling, type Palette } from '../../heatmap';
import type { ExampleTrace } from '../../engine/protocol';
import { formatNumber } from './format';
import type { LinkRef, Names, Step } from './walk';

const SVG = 'http://www.w3.org/2000/svg';

export interface DiagramSpec {
  trace: ExampleTrace;
  names: Names;
  /** Activation name per column (column 0 unused). */
  activations: string[];
  step: Step;
  /** Selected unit per column (column 0 unused). */
  selected: readonly number[];
  /** The column the step is about (forward/backward: layer + 1; error: output; update: the chosen one). */
  column: number;
  link: LinkRef | null;
  /** Text under the output node once the target is known ("target 1"), or ''. */
  target: string;
  /** The output head's range (−1…1 for tanh, 0…1 for a probability): the output node's colour scale. */
  outputRange: readonly [number, number];
  palette: Palette;
  /** Duration of the pulse along the active links in ms; 0 for none. */
  pulseMs: number;
}

export interface Diagram {
  element: HTMLElement;
  draw(spec: DiagramSpec): void;
  /** A click (or Enter/Space) on a neuron of column ≥ 1. */
  onNode(callback: (column: number, unit: number) => void): void;
  onLink(callback: (link: LinkRef) => void): void;
  /** Stops watching the width. */
  destroy(): void;
}

type Quantity = 'a' | 'delta' | 'none';
type LinkMode = { show: 'weight' | 'gradient'; emphasis: 'active' | 'past' | 'faint'; pulse: 0 | 1 | -1 };

interface Geometry {
  width: number;
  height: number;
  nodeW: number;
  nodeH: number;
  dense: boolean;
  large: boolean;
  columns: { x: number; ys: number[] }[];
}

const HEADER = 34;
const PAD = 6;

function geometry(widths: number[], available: number): Geometry {
  const tallest = Math.max(...widths);
  // Three sizes: roomy for tiny networks, compact up to 8 a layer, dense (numbers only where the step is) beyond.
  const size = tallest > 8 ? 'dense' : tallest > 4 || widths.length > 5 ? 'compact' : 'large';
  const dense = size === 'dense';
  const nodeW = dense ? 66 : size === 'compact' ? 86 : 94;
  const nodeH = dense ? 26 : size === 'compact' ? 44 : 52;
  const rowPitch = dense ? 32 : size === 'compact' ? 58 : 76;
  const minPitch = nodeW + (dense ? 22 : 26);
  const room = available - 2 * PAD - nodeW;
  const pitch = Math.max(minPitch, Math.min(260, Math.floor(room / Math.max(1, widths.length - 1))));
  const body = tallest * rowPitch;
  const columns = widths.map((count, c) => {
    const top = HEADER + (body - count * rowPitch) / 2 + (rowPitch - nodeH) / 2;
    return { x: PAD + c * pitch, ys: Array.from({ length: count }, (_, u) => top + u * rowPitch) };
  });
  // Room for the target under a lone output node even when every column is one neuron tall.
  const extra = widths[widths.length - 1] === tallest ? 26 : 0;
  return {
    width: PAD * 2 + (widths.length - 1) * pitch + nodeW, height: HEADER + body + extra + 4, nodeW, nodeH, dense, large: size === 'large', columns,
  };
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function curve(x1: number, y1: number, x2: number, y2: number): string {
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}

/**
 * Black or white text, whichever contrasts more with this fill (WCAG relative luminance). The
 * two contrasts are equal at luminance 0.179, where each is 4.58:1: every fill of every palette
 * gets text of at least AA contrast (4.5:1), which no dark grey instead of black could promise.
 */
function inkOn(fill: string): string {
  const channels = (fill.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
  const [r, g, b] = channels.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? '#000000' : '#ffffff';
}

/** The largest |value| (0 for none). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) if (Math.abs(values[k]) > m) m = Math.abs(values[k]);
  return m;
}

/** What the nodes of column c show at this step. */
function quantityOf(step: Step, c: number, last: number): Quantity {
  switch (step.stage) {
    case 'forward': return c <= step.layer + 1 ? 'a' : 'none';
    case 'error': return 'a';
    case 'backward': return c >= step.layer + 1 ? 'delta' : 'a';
    case 'update': return c === 0 ? 'a' : 'delta';
  }
  return c <= last ? 'a' : 'none';
}

/** How the links of weight layer l are drawn at this step (`selectedFrom`: a backward step's outgoing links). */
function linkMode(step: Step, l: number, column: number): LinkMode {
  switch (step.stage) {
    case 'forward':
      return { show: 'weight', emphasis: l === step.layer ? 'active' : l < step.layer ? 'past' : 'faint', pulse: l === step.layer ? 1 : 0 };
    case 'error':
      return { show: 'weight', emphasis: 'past', pulse: 0 };
    case 'backward':
      return l >= step.layer
        ? { show: 'gradient', emphasis: l === step.layer ? 'active' : 'past', pulse: l === step.layer ? -1 : 0 }
        : { show: 'weight', emphasis: 'faint', pulse: 0 };
    case 'update':
      return { show: 'gradient', emphasis: l === column - 1 ? 'active' : 'past', pulse: 0 };
  }
  return { show: 'weight', emphasis: 'faint', pulse: 0 };
}

export function createDiagram(): Diagram {
  const element = document.createElement('div');
  element.className = 'st-diagram';
  const root = svg('svg', { class: 'st-svg', role: 'group' });
  root.setAttribute('aria-label', 'The network for this example');
  element.append(root);

  let nodeCallback: (column: number, unit: number) => void = () => {};
  let linkCallback: (link: LinkRef) => void = () => {};
  let last: DiagramSpec | null = null;
  let available = 0;

  const resizing = new ResizeObserver(() => {
    const next = element.clientWidth;
    if (next === available) return;
    available = next;
    if (last) draw(last);
  });
  resizing.observe(element);

  function draw(spec: DiagramSpec): void {
    last = spec;
    const { trace, names, step, palette } = spec;
    const widths = [trace.input.length, ...trace.layers.map((l) => l.a.length)];
    const lastColumn = widths.length - 1;
    const g = geometry(widths, available || 600);
    // The nodes are rebuilt: a keyboard user's focus goes back to the node they were on.
    const focused = element.contains(document.activeElement) ? (document.activeElement as SVGElement).dataset.node : undefined;
    root.replaceChildren();
    // Too wide for the panel (a phone, many layers): shrink to fit down to 70 %, beyond that
    // keep the size and scroll sideways, with the step's column brought into view.
    const room = available || g.width;
    const fit = Math.min(1, room / g.width);
    const scale = fit >= 0.7 ? fit : 1;
    root.setAttribute('viewBox', `0 0 ${g.width} ${g.height}`);
    root.setAttribute('width', String(Math.floor(g.width * scale)));
    root.setAttribute('height', String(Math.ceil(g.height * scale)));
    root.classList.toggle('is-dense', g.dense);
    root.classList.toggle('is-large', g.large);

    const activation = (c: number) => (c === 0 ? trace.input : trace.layers[c - 1].a);
    const inputScale = Math.max(1, maxAbs(trace.input));
    const deltaScale = Math.max(...trace.layers.map((l) => maxAbs(l.delta)), 0) || 1;
    // The output's a is coloured on its head's range, as in the output heatmap (0.5 is neutral for a probability).
    const head = rangeScaling(spec.outputRange);
    const shadeOfA = (c: number, value: number) =>
      c === 0 ? value / inputScale : c === lastColumn ? (value - head.centre) * head.scale : value;

    // Column headers.
    widths.forEach((_, c) => {
      const x = g.columns[c].x + g.nodeW / 2;
      const title = svg('text', { x, y: 13, class: 'st-col-title', 'text-anchor': 'middle' });
      title.textContent = c === 0 ? 'Input' : c === lastColumn ? 'Output' : `Hidden ${c}`;
      const sub = svg('text', { x, y: 27, class: 'st-col-sub', 'text-anchor': 'middle' });
      sub.textContent = c === 0 ? `${widths[0]} feature${widths[0] === 1 ? '' : 's'}` : spec.activations[c];
      root.append(title, sub);
    });

    // Links: the visible stroke, a pulse on the active ones, and a wide transparent hit path.
    const linkLayer = svg('g', { class: 'st-links' });
    const hitLayer = svg('g', { class: 'st-hits' });
    root.append(linkLayer);
    for (let l = 0; l < trace.layers.length; l++) {
      const layer = trace.layers[l];
      const mode = linkMode(step, l, spec.column);
      const values = mode.show === 'gradient' ? layer.weightGradients : layer.weights;
      const scale = maxAbs(values) || 1;
      const inWidth = widths[l];
      // In a backward step the selected neuron's outgoing weights carry the δs back to it.
      const carriers = step.stage === 'backward' && l === step.layer + 1 ? spec.selected[l] : -1;
      for (let j = 0; j < widths[l + 1]; j++) {
        for (let i = 0; i < inWidth; i++) {
          const k = j * inWidth + i;
          const carrying = i === carriers;
          const show = carrying ? layer.weights[k] : values[k];
          const magnitude = Math.min(1, Math.abs(show) / (carrying ? maxAbs(layer.weights) || 1 : scale));
          const x1 = g.columns[l].x + g.nodeW, y1 = g.columns[l].ys[i] + g.nodeH / 2;
          const x2 = g.columns[l + 1].x, y2 = g.columns[l + 1].ys[j] + g.nodeH / 2;
          const d = curve(x1, y1, x2, y2);
          const ref = { layer: l, j, i };
          const selected = spec.link !== null && spec.link.layer === l && spec.link.j === j && spec.link.i === i;
          if (selected) linkLayer.append(svg('path', { d, class: 'st-link-selected', 'stroke-width': 4 + 6 * magnitude }));
          const emphasis = carrying ? 'active' : mode.emphasis;
          const stroke = Number.isFinite(show) ? colourOf(Math.sign(show) * (0.35 + 0.65 * magnitude), palette) : 'currentColor';
          linkLayer.append(svg('path', {
            d, class: `st-link is-${emphasis}`, stroke, 'stroke-width': (0.8 + 5 * magnitude).toFixed(2),
          }));
          const pulse = carrying ? -1 : mode.pulse;
          if (pulse !== 0 && spec.pulseMs > 0 && emphasis === 'active') {
            const p = svg('path', { d, class: `st-pulse ${pulse > 0 ? 'is-forward' : 'is-backward'}`, pathLength: 1 });
            p.style.animationDuration = `${spec.pulseMs}ms`;
            linkLayer.append(p);
          }
          const hit = svg('path', { d, class: 'st-hit' });
          hit.dataset.link = `${l}.${j}.${i}`;
          const tip = svg('title');
          tip.textContent = `w ${names.unit(l, i)}→${names.unit(l + 1, j)} = ${formatNumber(layer.weights[k])}; ` +
            `∂L/∂w = ${formatNumber(layer.weightGradients[k])}. Click for its chain rule.`;
          hit.append(tip);
          hit.addEventListener('click', () => linkCallback(ref));
          hitLayer.append(hit);
        }
      }
    }
    root.append(hitLayer);

    // Nodes.
    const nodeLayer = svg('g', { class: 'st-nodes' });
    root.append(nodeLayer);
    widths.forEach((count, c) => {
      const quantity = quantityOf(step, c, lastColumn);
      const current = c === spec.column;
      const numbers = !g.dense || current || c === 0 || c === lastColumn;
      for (let u = 0; u < count; u++) {
        const value = quantity === 'a' ? activation(c)[u] : quantity === 'delta' ? trace.layers[c - 1].delta[u] : NaN;
        // Going backward, the forward values behind the step are faded: their colour goes halfway
        // to neutral (not the node's opacity, which would also fade the text below AA contrast).
        const past = step.stage === 'backward' && quantity === 'a';
        const shade = (quantity === 'a' ? shadeOfA(c, value) : quantity === 'delta' ? value / deltaScale : 0) * (past ? 0.5 : 1);
        const fill = quantity === 'none' || !Number.isFinite(shade) ? 'var(--panel)' : colourOf(shade, palette);
        // Each column remembers its selected neuron; the ring shows only where the step is.
        const selected = c > 0 && c === spec.column && spec.selected[c] === u;
        const node = svg('g', {
          class: `st-node${current ? ' is-current' : ''}${selected ? ' is-selected' : ''}${quantity === 'none' ? ' is-pending' : ''}` +
            `${past ? ' is-past' : ''}`,
          transform: `translate(${g.columns[c].x},${g.columns[c].ys[u]})`,
        });
        node.dataset.node = `${c}.${u}`;
        node.append(svg('rect', { width: g.nodeW, height: g.nodeH, rx: 7, fill }));
        const ink = fill.startsWith('rgb') ? inkOn(fill) : 'var(--text)';
        const symbol = quantity === 'delta' ? 'δ' : quantity === 'a' ? (c === 0 ? '' : 'a') : '';
        const text = quantity === 'none' ? '?' : formatNumber(value);
        if (!g.dense) {
          const tag = svg('text', { x: 8, y: g.large ? 17 : 14, class: 'st-node-tag', fill: ink });
          tag.textContent = symbol ? `${names.unit(c, u)} · ${symbol}` : names.unit(c, u);
          node.append(tag);
        }
        if (numbers) {
          const label = svg('text', {
            x: g.nodeW / 2, y: g.dense ? g.nodeH / 2 + 4.5 : g.large ? 40 : 34, class: 'st-node-value', 'text-anchor': 'middle', fill: ink,
          });
          label.textContent = text;
          if (text.length > 8) label.classList.add('is-long');
          // A space between the two lines, as they are read (SVG draws no text outside <text>).
          node.append(' ', label);
        }
        const what = quantity === 'delta' ? `δ = ${text}` : quantity === 'a' ? `${c === 0 ? 'value' : 'a'} = ${text}` : 'not computed yet';
        if (c === 0) {
          const title = svg('title');
          title.textContent = `${names.column(c)}, ${names.unit(c, u)}: ${what}`;
          node.append(title);
        } else {
          node.setAttribute('role', 'button');
          node.setAttribute('tabindex', '0');
          node.setAttribute('aria-pressed', String(c > 0 && spec.selected[c] === u));
          // The name starts with what the node shows ("h1.2 · a = 0.3"), so a user of speech
          // input can say what they see; the layer follows.
          const shows = symbol ? `${names.unit(c, u)} · ${symbol} = ${text}` : `${names.unit(c, u)}: ${what}`;
          node.setAttribute('aria-label', `${shows}, ${names.column(c)}`);
          node.addEventListener('click', () => nodeCallback(c, u));
          node.addEventListener('keydown', (event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            nodeCallback(c, u);
          });
        }
        nodeLayer.append(node);
      }
    });

    if (spec.target) {
      const out = g.columns[lastColumn];
      const badge = svg('text', {
        x: out.x + g.nodeW / 2, y: out.ys[out.ys.length - 1] + g.nodeH + 17, class: 'st-target', 'text-anchor': 'middle',
      });
      badge.textContent = spec.target;
      nodeLayer.append(badge);
    }
    if (focused) root.querySelector<SVGGElement>(`[data-node="${focused}"]`)?.focus({ preventScroll: true });
    if (scale === 1 && g.width > room) {
      const x = g.columns[spec.column]?.x ?? 0;
      const left = element.scrollLeft;
      if (x < left || x + g.nodeW > left + room) element.scrollLeft = Math.max(0, x + g.nodeW / 2 - room / 2);
    }
  }

  return {
    element,
    draw,
    onNode(callback) {
      nodeCallback = callback;
    },
    onLink(callback) {
      linkCallback = callback;
    },
    destroy: () => resizing.disconnect(),
  };
}

/** The sentence under the diagram: what nodes and links show at this step. */
export function legendFor(s: Step): string {
  const colours = 'orange < 0 < blue';
  const how = 'Click a neuron to select it, a link for its chain rule.';
  switch (s.stage) {
    case 'forward': return `Neurons show a = f(z); links show the weights (width |w|, ${colours}). The strong links carry the signal into this layer. ${how}`;
    case 'error': return `Neurons show a; the output's a is the prediction, compared with the target below it. ${how}`;
    case 'backward': return `Neurons from here to the output show δ = ∂L/∂z; strong links show ∂L/∂w into this layer (width |∂L/∂w|, ${colours}), and the selected neuron's outgoing weights that carry the δs back. ${how}`;
    case 'update': return `Neurons show δ; links show ∂L/∂w, the direction each weight steps against. ${how}`;
  }
}
