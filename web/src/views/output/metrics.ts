// The numbers above the chart: test and training loss (TensorFlow Playground's look), accuracy
// for classification, epoch and step. A non-finite value is never shown: it reads "—", and a
// diverged run says so in words.
import type { Metrics } from '../../../../wasm/index.d.mts';

export const MISSING = '—';

/** 0.159, 21295.781, 1.58e+38: a diverging loss stays a short number. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return MISSING;
  return Math.abs(v) >= 1e6 ? v.toExponential(2) : v.toFixed(3);
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
  render(metrics: Metrics | null, classification: boolean): void;
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
  element.append(losses, accuracy, counter, diverged);

  const shown = new Map<HTMLElement, string>();
  const set = (el: HTMLElement, text: string) => {
    if (shown.get(el) === text) return;
    shown.set(el, text);
    el.textContent = text;
  };

  return {
    element,
    render(metrics, classification) {
      const bad = metrics?.diverged ?? false;
      set(testLoss, metrics && !bad ? formatLoss(metrics.testLoss) : MISSING);
      set(trainLoss, metrics && !bad ? formatLoss(metrics.trainLoss) : MISSING);
      accuracy.hidden = !classification;
      set(testAccuracy, metrics && !bad ? formatAccuracy(metrics.testAccuracy) : MISSING);
      set(trainAccuracy, metrics && !bad ? formatAccuracy(metrics.trainAccuracy) : MISSING);
      set(counter, metrics ? `Epoch ${formatEpoch(metrics.epoch)} · step ${formatCount(metrics.step)}` : 'Epoch —');
      if (diverged.hidden === bad) {
        diverged.hidden = !bad;
        diverged.textContent = bad ? DIVERGED_MESSAGE : '';
      }
    },
  };
}
