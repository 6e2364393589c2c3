// The numbers above the chart: test and training loss (TensorFlow Playground's look), accuracy
// for classification, epoch and step. A non-finite value is never shown: it reads "—", and a
// diverged run says so in words; so does a data set too small to train on.
import type { Metrics } from '../../../../wasm/index.d.mts';
import { formatNumber } from '../stepthrough/format';

export const MISSING = '—';

/**
 * Three significant digits: a regression loss of 0.000042 must not read "0.000". TensorFlow
 * Playground's three decimals stay for losses from 0.1 to 1 (toPrecision gives the same, and
 * keeps trailing zeros so the number does not jump about while training); below 0.001 and from a million the
 * step-through's exponent form ("4.20×10⁻⁵"), so the page writes small numbers one way.
 */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return MISSING;
  const a = Math.abs(v);
  if (a === 0) return '0';
  // A diverging loss (1.58×10³⁸) stays a short number too.
  if (a < 1e-3 || a >= 1e6) return formatNumber(v, 3);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

export function formatAccuracy(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : MISSING;
}

/** "000,123" as the playground's epoch counter; longer runs simply get more digits. */
export function formatEpoch(epoch: number): string {
  if (!Number.isFinite(epoch)) return MISSING;
  const digits = String(Math.max(0, Math.floor(epoch))).padStart(6, '0');
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : MISSING;
}

export const DIVERGED_MESSAGE = 'Training diverged: the loss became too large. Lower the learning rate and reset.';

export interface MetricsView {
  element: HTMLElement;
  /** `noData`: why there is nothing to train on (shown instead of numbers), or null. */
  render(metrics: Metrics | null, classification: boolean, noData?: string | null): void;
}

function field(parent: HTMLElement, label: string, className: string): HTMLElement {
  const row = document.createElement('div');
  row.className = `output-metric ${className}`;
  const name = document.createElement('span');
  name.className = 'output-metric-name';
  name.textContent = label;
  const value = document.createElement('span');
  value.className = 'output-metric-value';
  value.textContent = MISSING;
  row.append(name, value);
  parent.append(row);
  return value;
}

export function createMetrics(): MetricsView {
  const element = document.createElement('div');
  element.className = 'output-metrics';
  const losses = document.createElement('div');
  losses.className = 'output-losses';
  const testLoss = field(losses, 'Test loss', 'is-test');
  const trainLoss = field(losses, 'Training loss', 'is-train');
  const accuracy = document.createElement('div');
  accuracy.className = 'output-losses output-accuracy';
  const testAccuracy = field(accuracy, 'Test accuracy', 'is-test');
  const trainAccuracy = field(accuracy, 'Training accuracy', 'is-train');
  const counter = document.createElement('p');
  counter.className = 'output-counter';
  // Written once per change, not per frame: a screen reader reads it when asked, not 60×/s.
  const diverged = document.createElement('p');
  diverged.className = 'output-diverged';
  diverged.setAttribute('role', 'alert');
  diverged.hidden = true;
  const empty = document.createElement('p');
  empty.className = 'output-no-data';
  empty.hidden = true;
  element.append(losses, accuracy, counter, diverged, empty);

  const shown = new Map<HTMLElement, string>();
  const set = (el: HTMLElement, text: string) => {
    if (shown.get(el) === text) return;
    shown.set(el, text);
    el.textContent = text;
  };

  return {
    element,
    render(metrics, classification, noData = null) {
      if (noData !== null) metrics = null; // a frame of points that are gone says nothing now
      if (empty.hidden !== (noData === null) || empty.textContent !== (noData ?? '')) {
        empty.hidden = noData === null;
        empty.textContent = noData ?? '';
      }
      const bad = metrics?.diverged ?? false;
      set(testLoss, metrics && !bad ? formatLoss(metrics.testLoss) : MISSING);
      set(trainLoss, metrics && !bad ? formatLoss(metrics.trainLoss) : MISSING);
      accuracy.hidden = !classification;
      set(testAccuracy, metrics && !bad ? formatAccuracy(metrics.testAccuracy) : MISSING);
      set(trainAccuracy, metrics && !bad ? formatAccuracy(metrics.trainAccuracy) : MISSING);
      set(counter, metrics ? `Epoch ${formatEpoch(metrics.epoch)} · step ${formatCount(metrics.step)}` : noData ? 'No data' : 'Epoch —');
      if (diverged.hidden === bad) {
        diverged.hidden = !bad;
        diverged.textContent = bad ? DIVERGED_MESSAGE : '';
      }
    },
  };
}
