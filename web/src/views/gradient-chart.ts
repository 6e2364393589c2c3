// Each weight layer's gradient norm ‖∂L/∂W_l‖ over epochs, on a log scale, drawn by uPlot under
// the network. Lines orders of magnitude apart are vanishing gradients (the first layers far below
// the last); lines shooting up are exploding ones. Like the loss chart, it is created once (again
// when the layer count or the theme changes) and a frame only appends new points and calls setData.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './gradient-chart.css';
import type { History } from '../trainer';
import { formatGradient, MISSING } from './network/gradients';

const HEIGHT = 130;
const MAX_POINTS = 600;
const REDRAW_INTERVAL = 100; // ms

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

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

function decade(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

export interface ChartInput {
  history: History | null;
  /** The session's layer widths (inputs, hidden..., outputs); a change rebuilds the chart. */
  widths: readonly number[] | null;
  /** Batch size / training examples: x is step × this, so a run shorter than an epoch still spreads out. */
  epochsPerStep: number;
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
}

export function createGradientChart(): GradientChart {
  const element = document.createElement('figure');
  element.className = 'gradient-chart';
  const caption = document.createElement('figcaption');
  caption.className = 'gradient-chart-caption';
  caption.textContent = 'Gradient norm ‖∂L/∂W‖ of each layer over epochs (log scale): lines far below the last ' +
    'layer’s are vanishing gradients, lines shooting up are exploding ones.';
  const plotArea = document.createElement('div');
  plotArea.className = 'gradient-chart-plot';
  element.append(caption, plotArea);
  element.hidden = true;

  // Our own copies: a norm that is 0 or not finite (no batch yet, a diverged step) cannot sit on
  // a log scale; null is a gap.
  let epoch: number[] = [];
  let norms: (number | null)[][] = [];
  let source: History | null = null;
  let sourceEpoch: number[] | null = null;
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
    plot?.destroy();
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
        x: { time: false, range: (_u, min, max) => (min === max || min === null ? [min ?? 0, (min ?? 0) + 1] : [min, max]) },
        y: {
          distr: 3,
          log: 10,
          // Whole decades around the data, so the ticks are 10ⁿ and a tenfold gap is one grid step.
          range: (_u, min, max) => {
            if (min === null || max === null || !(min > 0) || !(max < Infinity)) return [1e-4, 1];
            const low = Math.floor(Math.log10(min));
            const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
            return [10 ** low, 10 ** high];
          },
        },
      },
      axes: [
        // Whole epochs as labels, or tenths while the run is shorter than a few epochs.
        { ...axis, size: 24, values: (u, splits) => {
          const short = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0) < 3;
          return splits.map((v) => (short ? String(+v.toFixed(2)) : Number.isInteger(v) ? String(v) : ''));
        } },
        {
          ...axis,
          size: 44,
          // At most 7 ticks, on whole decades: a log axis' 2…9 ticks would crowd 130 px.
          splits: (u) => {
            const [min, max] = [u.scales.y.min ?? 1e-4, u.scales.y.max ?? 1];
            const [low, high] = [Math.round(Math.log10(min)), Math.round(Math.log10(max))];
            const step = Math.max(1, Math.ceil((high - low) / 6));
            const splits: number[] = [];
            for (let e = low; e <= high; e += step) splits.push(10 ** e);
            return splits;
          },
          // uPlot's log axes label only some splits by default (the rest come through as null).
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((v) => (v > 0 ? decade(Math.round(Math.log10(v))) : '')),
        },
      ],
      series: [
        { label: 'Epoch', value: (u, v, _s, idx) => {
          const shown = idx === null ? latest(u.data[0] as number[]) : v;
          return shown === null || !Number.isFinite(shown) ? MISSING : shown.toFixed(1);
        } },
        ...labels.map((label, l) => ({
          label,
          stroke: colours[l],
          width: l === labels.length - 1 ? 2 : 1.5,
          spanGaps: false,
          value,
        })),
      ],
    };
    plot = new uPlot(options, [epoch, ...norms], plotArea);
    // The picture is an image to assistive technology; the legend after it stays a table it can
    // read (each layer's name and latest norm), so it is not inside the role=img.
    const picture = plot.root.querySelector('.u-wrap');
    picture?.setAttribute('role', 'img');
    picture?.setAttribute('aria-label', 'Chart of each weight layer’s gradient norm over epochs, log scale; the table after it lists each layer’s latest norm');
  }

  new ResizeObserver(() => {
    if (plot && !element.hidden && plot.width !== width()) plot.setSize({ width: width(), height: HEIGHT });
  }).observe(plotArea);

  // Drawing cost grows with points × layers (measured in Chromium: 9 lines of 5,000 points take
  // ~10 ms per setData, of 100 points ~1 ms). So the chart keeps at most MAX_POINTS of the history
  // (every stride-th record; the stride doubles when full, as the trainer thins its own history)
  // and, while training runs, redraws at most every REDRAW_INTERVAL ms.
  let stride = 1;
  let consumed = 0; // history records looked at so far
  let pending = false; // points appended but not yet drawn
  let drawnAt = -Infinity;

  function append(h: History, i: number, layers: number, epochsPerStep: number): void {
    // The engine's epoch counts whole passes; a few steps into a run they would all sit at 0.
    epoch.push(epochsPerStep > 0 ? h.step[i] * epochsPerStep : h.epoch[i]);
    for (let l = 0; l < layers; l++) {
      const v = h.gradientNorms[l]?.[i];
      norms[l].push(v !== undefined && v > 0 && v < Infinity ? v : null);
    }
    if (epoch.length > MAX_POINTS) {
      const even = (_: unknown, k: number) => k % 2 === 0;
      epoch = epoch.filter(even);
      norms = norms.map((line) => line.filter(even));
      stride *= 2;
    }
  }

  return {
    element,
    render({ history, widths, epochsPerStep, look, visible, playing }) {
      if (element.hidden === visible) element.hidden = !visible;
      if (!visible) return;
      const layers = widths ? widths.length - 1 : 0;
      const h = history ?? { step: [], epoch: [], trainLoss: [], testLoss: [], gradientNorms: [] };
      // A new run (or the trainer thinning its history) replaces the arrays: start over.
      const replaced = history !== source || h.epoch !== sourceEpoch || h.epoch.length < consumed || norms.length !== layers;
      if (replaced) {
        epoch = [];
        norms = Array.from({ length: layers }, () => []);
        source = history;
        sourceEpoch = h.epoch;
        stride = 1;
        consumed = 0;
      }
      const grew = h.epoch.length > consumed;
      for (let i = consumed; i < h.epoch.length; i++) if (i % stride === 0) append(h, i, layers, epochsPerStep);
      consumed = h.epoch.length;
      if (replaced || grew) {
        pending = true;
        newest = Array.from({ length: layers }, (_, l) => h.gradientNorms[l]?.[h.epoch.length - 1] ?? NaN);
        element.dataset.points = String(consumed); // for tests and curious readers of the DOM
      }
      const key = `${look}/${widths?.join(',') ?? ''}`;
      const now = performance.now();
      if (!plot || key !== drawnKey) {
        drawnKey = key;
        create(layerLabels(widths ?? []), look.startsWith('dark'));
      } else if (pending && (!playing || replaced || now - drawnAt >= REDRAW_INTERVAL)) {
        plot.setData([epoch, ...norms]);
        // With the cursor away, the legend shows the latest norms: refresh it for the new points.
        if (plot.cursor.idx === null || plot.cursor.idx === undefined) plot.setLegend({ idx: null as unknown as number });
      } else {
        return;
      }
      pending = false;
      drawnAt = now;
    },
  };
}
