// The loss chart: training and test loss over minibatch steps, drawn by uPlot. The chart is
// created once (and again when the theme changes its colours or the loss outgrows a linear
// scale); a frame only appends the new history points, and while a run plays the line is
// redrawn (setData) once per slot of text-pace.ts (every 100 ms, in the frame that also writes
// the texts). A redraw is the whole chart, axes, labels and both lines: on the project machine
// (2 cores, software raster) ~0.8 ms of script and as much again when Chromium rasterizes it at
// the commit, a quarter of everything the default page did at 60 redraws a second. The curve
// moves slowly (a point an epoch on an axis that keeps growing): 10 redraws a second keep it
// live. Paused, a step or a new run is drawn at once.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { History } from '../../trainer';
import { formatLoss } from './metrics';
import { paceSlot } from '../text-pace';
import { decadeRange, decadeTicks, destroyPlot, divergenceMarker, stepAxis, stepScale } from '../chart-axes';

const HEIGHT = 122;
/** A loss this many times its first value switches the y axis to a log scale: a diverging run's climb stays readable. */
const LOG_SPAN = 1000;

export interface LossChart {
  element: HTMLElement;
  /**
   * Draws the history if it grew (or was replaced); `look` changes rebuild the colours. `texts`:
   * the description in the DOM (its aria-label, data-points) may be written now (text-pace.ts).
   * `playing`: a run plays, so new points may wait for the next slot (text-pace.ts).
   */
  render(history: History | null, look: string, texts?: boolean, playing?: boolean): void;
  /** Frees the uPlot instance (its canvas and its window listener) and the resize observer. */
  destroy(): void;
}

type Series = (number | null)[];

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function formatValue(digits: number) {
  return (_u: uPlot, v: number | null) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
}

/**
 * Loss ticks that fit 40 px, in one notation per axis (the largest tick decides): 0.25, 12,
 * 3e+4, and 5e-4, 1.5e-3 for a small regression loss (which would read 0.00, 0.00, 0.00).
 */
function ticks(splits: number[]): string[] {
  const top = Math.max(0, ...splits.map(Math.abs));
  return splits.map((v) => {
    const a = Math.abs(v);
    if (a === 0) return '0';
    if (top >= 1000) return v.toExponential(0);
    if (top < 0.01) return v.toExponential(1).replace('.0e', 'e');
    return a >= 10 ? v.toFixed(0) : v.toFixed(2);
  });
}

const lossValue = (_u: uPlot, v: number | null) => formatLoss(v ?? NaN);

export function createLossChart(): LossChart {
  const element = document.createElement('figure');
  element.className = 'output-chart';
  const plotArea = document.createElement('div');
  plotArea.className = 'output-chart-plot';
  plotArea.setAttribute('role', 'img');
  element.append(plotArea);

  // Our own copies: the engine may report NaN (no test set, a diverged step), which uPlot
  // would take as a value; null is a gap, and the finite points before it stay drawn.
  let step: number[] = [];
  let train: Series = [];
  let test: Series = [];
  let source: History | null = null;
  let sourceStep: number[] | null = null;
  let first = NaN; // the run's first and largest positive loss so far: they decide the scale
  let high = 0;
  let log = false;
  let divergedAt: number | null = null;
  let plot: uPlot | null = null;
  let drawnKey = '';
  let described = false; // the DOM's description (aria-label, data-points) is the data's
  let pending = false; // points appended but not yet drawn
  let drawnSlot = NaN;

  const width = () => Math.max(120, Math.floor(plotArea.clientWidth || element.clientWidth || 280));

  function colour(name: string, fallback: string): string {
    return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
  }

  function describe(): void {
    const scale = log ? 'log scale' : 'linear scale';
    const diverged = divergedAt === null ? '' : `; training diverged at step ${divergedAt}`;
    plotArea.setAttribute('aria-label', `Chart of the training loss and the test loss over minibatch steps, ${scale}${diverged}`);
    element.dataset.points = String(step.length); // for tests and curious readers of the DOM
    element.dataset.scale = log ? 'log' : 'linear';
    if (divergedAt === null) delete element.dataset.diverged;
    else element.dataset.diverged = String(divergedAt);
  }

  function create(): void {
    destroyPlot(plot);
    const text = colour('--muted', '#666');
    const grid = colour('--line', '#ddd');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 3 }, font: '11px system-ui, sans-serif' };
    const y: uPlot.Scale = log
      ? { distr: 3, log: 10, range: (_u, min, max) => decadeRange(min, max, [1e-3, 1]) }
      : { range: (_u, _min, max) => [0, max !== null && Number.isFinite(max) && max > 0 ? max * 1.08 : 1] };
    const options: uPlot.Options = {
      width: width(),
      height: HEIGHT,
      padding: [8, 14, 0, 0],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: { x: stepScale, y },
      axes: [stepAxis(axis), { ...axis, size: 40, ...(log ? decadeTicks : { values: (_u, splits) => ticks(splits) }) }],
      series: [
        { label: 'Step', value: formatValue(0) },
        { label: 'Test loss', stroke: colour('--loss-test', '#222'), width: 2, value: lossValue, spanGaps: false },
        { label: 'Training loss', stroke: colour('--loss-train', '#999'), width: 1.5, dash: [5, 3], value: lossValue },
      ],
      plugins: [divergenceMarker(() => divergedAt, () => colour('--chart-diverged', '#9b1c10'))],
    };
    plot = new uPlot(options, [step, test, train], plotArea);
  }

  const resizing = new ResizeObserver(() => {
    if (plot && plot.width !== width()) plot.setSize({ width: width(), height: HEIGHT });
  });
  resizing.observe(plotArea);

  function keep(v: number | null): void {
    if (v === null || !(v > 0)) return;
    if (Number.isNaN(first)) first = v;
    high = Math.max(high, v);
  }

  return {
    element,
    render(history, look, texts = true, playing = false) {
      const h = history ?? { step: [], epoch: [], trainLoss: [], testLoss: [], gradientNorms: [], divergedAt: null };
      // A new run (or the trainer thinning its history) replaces the arrays: start over.
      const replaced = history !== source || h.step !== sourceStep || h.step.length < step.length;
      if (replaced) {
        step = [];
        train = [];
        test = [];
        source = history;
        sourceStep = h.step;
        first = NaN;
        high = 0;
      }
      const grew = h.step.length > step.length;
      for (let i = step.length; i < h.step.length; i++) {
        step.push(h.step[i]);
        train.push(finite(h.trainLoss[i]));
        test.push(finite(h.testLoss[i]));
        keep(train[i]);
        keep(test[i]);
      }
      const diverged = h.divergedAt ?? null;
      const marked = diverged !== divergedAt;
      divergedAt = diverged;
      // Log once the loss has grown a thousandfold (and until the run is replaced): on a linear
      // axis a loss that grows twentyfold a step leaves every earlier point flat on zero. A
      // falling loss, however far, keeps the linear axis its lessons are read on.
      log = high > LOG_SPAN * first;
      const key = `${look}/${log}`;
      if (replaced || grew || marked) described = false;
      if (!described && texts) {
        describe();
        described = true;
      }
      if (replaced || grew || marked) pending = true;
      const slot = paceSlot();
      if (!plot || key !== drawnKey) {
        drawnKey = key;
        create();
      } else if (pending && (!playing || replaced || marked || slot !== drawnSlot)) {
        plot.setData([step, test, train]);
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
