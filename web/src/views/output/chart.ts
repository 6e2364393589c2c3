// The loss chart: training and test loss over epochs, drawn by uPlot. The chart is created
// once (and again only when the theme changes its colours); a frame only appends the new
// history points and calls setData, so its cost grows with what changed, not with the run.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { History } from '../../trainer';
import { formatLoss } from './metrics';

const HEIGHT = 110;

export interface LossChart {
  element: HTMLElement;
  /** Draws the history if it grew (or was replaced); `look` changes rebuild the colours. */
  render(history: History | null, look: string): void;
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
  plotArea.setAttribute('aria-label', 'Chart of the training loss and the test loss over epochs');
  element.append(plotArea);

  // Our own copies: the engine may report NaN (no test set, a diverged step), which uPlot
  // would take as a value; null is a gap.
  let epoch: number[] = [];
  let train: Series = [];
  let test: Series = [];
  let source: History | null = null;
  let sourceEpoch: number[] | null = null;
  let plot: uPlot | null = null;
  let drawnLook = '';

  const width = () => Math.max(120, Math.floor(plotArea.clientWidth || element.clientWidth || 280));

  function colour(name: string, fallback: string): string {
    return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
  }

  function create(): void {
    plot?.destroy();
    const text = colour('--muted', '#666');
    const grid = colour('--line', '#ddd');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 3 }, font: '11px system-ui, sans-serif' };
    const options: uPlot.Options = {
      width: width(),
      height: HEIGHT,
      padding: [8, 14, 0, 0],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: false, range: (_u, min, max) => (min === max || min === null ? [min ?? 0, (min ?? 0) + 1] : [min, max]) },
        y: { range: (_u, _min, max) => [0, max !== null && Number.isFinite(max) && max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        { ...axis, size: 24, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { ...axis, size: 40, values: (_u, splits) => ticks(splits) },
      ],
      series: [
        { label: 'Epoch', value: formatValue(1) },
        { label: 'Test loss', stroke: colour('--loss-test', '#222'), width: 2, value: lossValue, spanGaps: false },
        { label: 'Training loss', stroke: colour('--loss-train', '#999'), width: 1.5, dash: [5, 3], value: lossValue },
      ],
    };
    plot = new uPlot(options, [epoch, test, train], plotArea);
  }

  new ResizeObserver(() => {
    if (plot && plot.width !== width()) plot.setSize({ width: width(), height: HEIGHT });
  }).observe(plotArea);

  return {
    element,
    render(history, look) {
      const h = history ?? { step: [], epoch: [], trainLoss: [], testLoss: [] };
      // A new run (or the trainer thinning its history) replaces the arrays: start over.
      const replaced = history !== source || h.epoch !== sourceEpoch || h.epoch.length < epoch.length;
      if (replaced) {
        epoch = [];
        train = [];
        test = [];
        source = history;
        sourceEpoch = h.epoch;
      }
      const grew = h.epoch.length > epoch.length;
      for (let i = epoch.length; i < h.epoch.length; i++) {
        epoch.push(h.epoch[i]);
        train.push(finite(h.trainLoss[i]));
        test.push(finite(h.testLoss[i]));
      }
      if (!plot || look !== drawnLook) {
        drawnLook = look;
        create();
      } else if (replaced || grew) {
        plot.setData([epoch, test, train]);
      }
    },
  };
}
