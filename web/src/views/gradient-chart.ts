// Each weight layer's gradient norm ‖∂L/∂W_l‖ over minibatch steps, on a log scale, drawn by uPlot
// under the network. Lines orders of magnitude apart are vanishing gradients (the first layers far
// below the last); lines shooting up are exploding ones. Like the loss chart, it is created once (again
// when the layer count or the theme changes) and a frame only appends new points and calls setData.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './gradient-chart.css';
import type { History } from '../trainer';
import { decadeRange, decadeTicks, destroyPlot, divergenceMarker, stepAxis, stepScale } from './chart-axes';
import { formatGradient, MISSING } from './network/gradients';
import { paceSlot } from './text-pace';

const HEIGHT = 130;
const MAX_POINTS = 200;

// Viridis, sampled: ordered (layer 1 → last reads dark → light or the reverse at a glance),
// distinct under the common colour-vision deficiencies, and its ends are cut per theme so no line
// vanishes into the background.
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

function mix(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const rgb = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `rgb(${rgb.join(', ')})`;
}

function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  return mix(VIRIDIS[i], VIRIDIS[i + 1], x - i);
}

/** Line colours for `count` layers: the first layer darkest in the light theme, palest in the dark. */
export function layerColours(count: number, dark: boolean): string[] {
  const [from, to] = dark ? [0.3, 1] : [0, 0.78];
  return Array.from({ length: count }, (_, l) => viridis(count === 1 ? to : from + ((to - from) * l) / (count - 1)));
}

/** "layer 1 (input→h1)", …, "layer 3 (h2→output)" from the widths [inputs, hidden..., outputs]. */
export function layerLabels(widths: readonly number[]): string[] {
  const last = widths.length - 1;
  const name = (k: number) => (k === 0 ? 'input' : k === last ? 'output' : `h${k}`);
  return Array.from({ length: last }, (_, l) => `layer ${l + 1} (${name(l)}→${name(l + 1)})`);
}

export interface ChartInput {
  history: History | null;
  /** The session's layer widths (inputs, hidden..., outputs); a change rebuilds the chart. */
  widths: readonly number[] | null;
  /** Theme and palette; a change rebuilds the colours. */
  look: string;
  /** Hidden, the chart does no work at all. */
  visible: boolean;
  /** While training runs, redraws are spaced out; a paused frame is drawn at once. */
  playing: boolean;
}

export interface GradientChart {
  element: HTMLElement;
  /** Draws the history if it grew (or was replaced). */
  render(input: ChartInput): void;
  /** Frees the uPlot instance (its canvas and its window listener) and the resize observer. */
  destroy(): void;
}

export function createGradientChart(): GradientChart {
  const element = document.createElement('figure');
  element.className = 'gradient-chart';
  const caption = document.createElement('figcaption');
  caption.className = 'gradient-chart-caption';
  caption.textContent = 'Gradient norm ‖∂L/∂W‖ of each layer over minibatch steps (log scale): lines far below ' +
    'the last layer’s are vanishing gradients, lines shooting up are exploding ones.';
  const plotArea = document.createElement('div');
  plotArea.className = 'gradient-chart-plot';
  element.append(caption, plotArea);
  element.hidden = true;

  // Our own copies: a norm that is 0 or not finite (no batch yet, a diverged step) cannot sit on
  // a log scale; null is a gap.
  let step: number[] = [];
  let norms: (number | null)[][] = [];
  let source: History | null = null;
  let sourceStep: number[] | null = null;
  let divergedAt: number | null = null;
  let plot: uPlot | null = null;
  let drawnKey = '';

  const width = () => Math.max(160, Math.floor(plotArea.clientWidth || element.clientWidth || 320));
  const colour = (name: string, fallback: string) => getComputedStyle(element).getPropertyValue(name).trim() || fallback;

  // The legend reads the value under the cursor, or each layer's latest norm when there is none
  // (as recorded: a 0 that the log scale leaves out reads "0").
  let newest: number[] = [];
  const value = (_u: uPlot, v: number | null, series: number, idx: number | null) => {
    const shown = idx === null ? newest[series - 1] : v;
    return shown === null || shown === undefined ? MISSING : formatGradient(shown);
  };

  function latest(values: (number | null)[] | undefined): number | null {
    for (let i = (values?.length ?? 0) - 1; i >= 0; i--) if (values![i] !== null) return values![i];
    return null;
  }

  function create(labels: string[], dark: boolean): void {
    destroyPlot(plot);
    const text = colour('--muted', '#666');
    const grid = colour('--line', '#ddd');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 3 }, font: '11px system-ui, sans-serif' };
    const colours = layerColours(labels.length, dark);
    const options: uPlot.Options = {
      width: width(),
      height: HEIGHT,
      padding: [8, 14, 0, 0],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 5 } },
      scales: {
        x: stepScale,
        y: { distr: 3, log: 10, range: (_u, min, max) => decadeRange(min, max, [1e-4, 1]) },
      },
      axes: [stepAxis(axis), { ...axis, size: 44, ...decadeTicks }],
      series: [
        { label: 'Step', value: (u, v, _s, idx) => {
          const shown = idx === null ? latest(u.data[0] as number[]) : v;
          return shown === null || !Number.isFinite(shown) ? MISSING : shown.toFixed(0);
        } },
        ...labels.map((label, l) => ({
          label,
          stroke: colours[l],
          width: l === labels.length - 1 ? 2 : 1.5,
          spanGaps: false,
          value,
        })),
      ],
      plugins: [divergenceMarker(() => divergedAt, () => colour('--chart-diverged', '#9b1c10'))],
    };
    plot = new uPlot(options, [step, ...norms], plotArea);
    // The picture is an image to assistive technology; the legend after it stays a table it can
    // read (each layer's name and latest norm), so it is not inside the role=img.
    const picture = plot.root.querySelector('.u-wrap');
    picture?.setAttribute('role', 'img');
    picture?.setAttribute('aria-label', 'Chart of each weight layer’s gradient norm over minibatch steps, log scale; the table after it lists each layer’s latest norm');
  }

  const resizing = new ResizeObserver(() => {
    if (plot && !element.hidden && plot.width !== width()) plot.setSize({ width: width(), height: HEIGHT });
  });
  resizing.observe(plotArea);

  // Drawing cost grows with points × layers (measured in Chromium: 9 lines of 5,000 points take
  // ~10 ms per setData, of 100 points ~1 ms; Skia strokes every pixel a jagged line crosses, and
  // in the gradient view at 8 × 16, 600 points cost 1–2 fps against 200, in three alternating
  // sittings). So the chart keeps at most MAX_POINTS of the history, about one per 2–3 px
  // (every stride-th record; the stride doubles when full, as the trainer thins its own history)
  // and, while training runs, redraws once per slot of text-pace.ts (100 ms, with the texts and the loss chart).
  let stride = 1;
  let consumed = 0; // history records looked at so far
  let pending = false; // points appended but not yet drawn
  let drawnSlot = NaN;

  function append(h: History, i: number, layers: number): void {
    step.push(h.step[i]);
    for (let l = 0; l < layers; l++) {
      const v = h.gradientNorms[l]?.[i];
      norms[l].push(v !== undefined && v > 0 && v < Infinity ? v : null);
    }
    if (step.length > MAX_POINTS) {
      const even = (_: unknown, k: number) => k % 2 === 0;
      step = step.filter(even);
      norms = norms.map((line) => line.filter(even));
      stride *= 2;
    }
  }

  return {
    element,
    render({ history, widths, look, visible, playing }) {
      if (element.hidden === visible) element.hidden = !visible;
      if (!visible) return;
      const layers = widths ? widths.length - 1 : 0;
      const h = history ?? { step: [], epoch: [], trainLoss: [], testLoss: [], gradientNorms: [], divergedAt: null };
      // A new run (or the trainer thinning its history) replaces the arrays: start over.
      const replaced = history !== source || h.step !== sourceStep || h.step.length < consumed || norms.length !== layers;
      if (replaced) {
        step = [];
        norms = Array.from({ length: layers }, () => []);
        source = history;
        sourceStep = h.step;
        stride = 1;
        consumed = 0;
      }
      const grew = h.step.length > consumed;
      for (let i = consumed; i < h.step.length; i++) if (i % stride === 0) append(h, i, layers);
      consumed = h.step.length;
      const marked = (h.divergedAt ?? null) !== divergedAt;
      divergedAt = h.divergedAt ?? null;
      // The last point (where training diverged) is kept whatever the stride: the marker sits on it.
      if (marked && divergedAt !== null && h.step.length > 0 && step[step.length - 1] !== h.step[h.step.length - 1]) {
        append(h, h.step.length - 1, layers);
      }
      if (replaced || grew || marked) {
        pending = true;
        newest = Array.from({ length: layers }, (_, l) => h.gradientNorms[l]?.[h.step.length - 1] ?? NaN);
        if (divergedAt === null) delete element.dataset.diverged;
        else element.dataset.diverged = String(divergedAt);
        element.dataset.points = String(consumed); // for tests and curious readers of the DOM
      }
      const key = `${look}/${widths?.join(',') ?? ''}`;
      const slot = paceSlot();
      if (!plot || key !== drawnKey) {
        drawnKey = key;
        create(layerLabels(widths ?? []), look.startsWith('dark'));
      } else if (pending && (!playing || replaced || marked || slot !== drawnSlot)) {
        plot.setData([step, ...norms]);
        // With the cursor away, the legend shows the latest norms: refresh it for the new points.
        if (plot.cursor.idx === null || plot.cursor.idx === undefined) plot.setLegend({ idx: null as unknown as number });
      } else {
        return;
      }
      pending = false;
      drawnSlot = slot;
    },
    destroy() {
      resizing.disconnect();
      destroyPlot(plot);
      plot = null;
    },
  };
}
