// A scatter plot on one canvas, at its displayed size × devicePixelRatio: dots with a fill and a
// ring (a table's rows: the fill is what the network predicts, the ring the truth), axes with
// round ticks, and, for predicted-vs-true, the diagonal where the two agree.
import type { Theme } from '../../view';
import { releaseCanvas } from '../../view';
import { element } from '../controls/dom';

export interface Dot {
  x: number;
  y: number;
  fill: string;
  ring: string;
  /** Drawn as a square: a test row. */
  test: boolean;
  /** Picked (a confusion cell's rows): a wider ring in the text colour. */
  marked: boolean;
}

export interface Axes {
  x: string;
  y: string;
  /** Draw y = x (predicted against true). */
  diagonal?: boolean;
}

export interface ScatterView {
  element: HTMLCanvasElement;
  draw(dots: readonly Dot[], axes: Axes, theme: Theme): void;
  destroy(): void;
}

/** Round ticks over [lo, hi]: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

function range(values: readonly number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

const MARGIN = { left: 48, right: 10, top: 10, bottom: 38 };

export function createScatter(className: string, label: string): ScatterView {
  const canvas = element('canvas', `table-scatter ${className}`);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return {
    element: canvas,
    draw(dots, axes, theme) {
      const width = Math.round(canvas.clientWidth), height = Math.round(canvas.clientHeight);
      const g = canvas.getContext('2d');
      if (!g || width === 0 || height === 0) return;
      const dpr = devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.clearRect(0, 0, width, height);
      let [x0, x1] = range(dots.map((d) => d.x));
      let [y0, y1] = range(dots.map((d) => d.y));
      if (axes.diagonal) {
        x0 = y0 = Math.min(x0, y0);
        x1 = y1 = Math.max(x1, y1);
      }
      const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
      const px = (v: number) => MARGIN.left + ((v - x0) / (x1 - x0)) * plotW;
      const py = (v: number) => MARGIN.top + (1 - (v - y0) / (y1 - y0)) * plotH;
      const ink = theme === 'dark' ? '#e6e6e6' : '#222';
      const faint = theme === 'dark' ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.08)';
      g.font = '11px system-ui, sans-serif';
      g.lineWidth = 1;
      g.fillStyle = ink;
      g.strokeStyle = faint;
      g.textAlign = 'center';
      g.textBaseline = 'top';
      for (const t of ticks(x0, x1)) {
        g.beginPath();
        g.moveTo(px(t), MARGIN.top);
        g.lineTo(px(t), MARGIN.top + plotH);
        g.stroke();
        g.fillText(String(t), px(t), MARGIN.top + plotH + 4);
      }
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      for (const t of ticks(y0, y1)) {
        g.beginPath();
        g.moveTo(MARGIN.left, py(t));
        g.lineTo(MARGIN.left + plotW, py(t));
        g.stroke();
        g.fillText(String(t), MARGIN.left - 4, py(t));
      }
      g.textAlign = 'center';
      g.textBaseline = 'bottom';
      g.fillText(axes.x, MARGIN.left + plotW / 2, height - 2);
      g.save();
      g.translate(11, MARGIN.top + plotH / 2);
      g.rotate(-Math.PI / 2);
      g.textBaseline = 'middle';
      g.fillText(axes.y, 0, 0);
      g.restore();
      if (axes.diagonal) {
        g.strokeStyle = ink;
        g.setLineDash([4, 4]);
        g.beginPath();
        g.moveTo(px(x0), py(x0));
        g.lineTo(px(x1), py(x1));
        g.stroke();
        g.setLineDash([]);
      }
      const r = 4;
      for (const marked of [false, true]) {
        for (const d of dots) {
          if (d.marked !== marked) continue;
          const x = px(d.x), y = py(d.y);
          g.beginPath();
          if (d.test) g.rect(x - r, y - r, 2 * r, 2 * r);
          else g.arc(x, y, r, 0, 2 * Math.PI);
          g.fillStyle = d.fill;
          g.fill();
          g.lineWidth = marked ? 3 : 1.6;
          g.strokeStyle = marked ? ink : d.ring;
          g.stroke();
        }
      }
    },
    destroy() {
      releaseCanvas(canvas);
    },
  };
}
