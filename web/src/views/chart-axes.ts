// What the loss chart and the gradient-norm chart share: an x axis of minibatch steps (an epoch
// is too coarse for a run that lasts 31 steps), whole-decade log scales, and the marker where a
// run diverged. uPlot pieces only; each chart keeps its own data and options.
import type uPlot from 'uplot';
import './chart-axes.css';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10ⁿ as a tick label: 1, 10, 10², 10⁻³. */
export function decade(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** Whole decades around [min, max], so the ticks are 10ⁿ and a tenfold gap is one grid step. */
export function decadeRange(min: number | null, max: number | null, fallback: [number, number]): [number, number] {
  if (min === null || max === null || !(min > 0) || !(max < Infinity)) return fallback;
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  return [10 ** low, 10 ** high];
}

/** Every decade a double can hold: uPlot's own list stops near 10¹⁶, and a diverging loss passes 10³⁸. */
const DECADES = Array.from({ length: 601 }, (_, k) => 10 ** (k - 300));

/** A log axis' ticks and labels: at most 7, on whole decades (its 2…9 ticks would crowd a small chart). */
export const decadeTicks: Pick<uPlot.Axis, 'incrs' | 'splits' | 'filter' | 'values'> = {
  // Without an increment that fits the range, uPlot leaves the whole axis and its grid undrawn.
  incrs: DECADES,
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
};

/** Step labels that fit under a narrow chart: 7, 250, 1.5k, 25k, 1.2M; none between whole steps. */
export function stepLabel(v: number): string {
  if (!Number.isInteger(v)) return '';
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  return v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(v);
}

/** The x scale and axis of both charts: minibatch steps, labelled, whole steps only. */
export const stepScale: uPlot.Scale = {
  time: false,
  range: (_u, min, max) => (min === max || min === null ? [min ?? 0, (min ?? 0) + 1] : [min, max]),
};

export function stepAxis(base: uPlot.Axis): uPlot.Axis {
  return {
    ...base,
    size: 22,
    label: 'step',
    labelSize: 12,
    labelGap: 0,
    labelFont: base.font,
    values: (_u, splits) => splits.map(stepLabel),
  };
}

/** The height in the plot (CSS px from its top) of the last value any line drew, or null. */
function lastValueAt(u: uPlot): number | null {
  for (let i = u.data[0].length - 1; i >= 0; i--) {
    for (let s = 1; s < u.data.length; s++) {
      const v = u.data[s][i];
      if (v !== null && v !== undefined && Number.isFinite(v)) return u.valToPos(v, u.series[s].scale ?? 'y');
    }
  }
  return null;
}

/**
 * A dashed vertical line at the step where training diverged, labelled "diverged at step N".
 * The label is text over the plot (readable, findable) rather than paint on the canvas.
 */
export function divergenceMarker(at: () => number | null, colour: () => string): uPlot.Plugin {
  let label: HTMLElement | null = null;
  return {
    hooks: {
      init: (u) => {
        label = document.createElement('span');
        label.className = 'chart-diverged';
        label.hidden = true;
        u.over.append(label);
      },
      draw: (u) => {
        const step = at();
        if (!label) return;
        const x = step === null ? NaN : u.valToPos(step, 'x');
        // Off the plotted range (no point there yet) nothing is drawn rather than a stray label.
        if (!Number.isFinite(x) || x < -1 || x > u.bbox.width / devicePixelRatio + 1) {
          label.hidden = true;
          return;
        }
        const ctx = u.ctx;
        const px = Math.round(u.valToPos(step!, 'x', true));
        ctx.save();
        ctx.strokeStyle = colour();
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(px, u.bbox.top);
        ctx.lineTo(px, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
        label.textContent = `diverged at step ${step!.toLocaleString('en-US')}`;
        label.style.left = `${x}px`;
        // Left of the line when it is near the right edge (it usually is: training stops there),
        // and at the end of the plot the last values leave free: the top when they lie low.
        label.classList.toggle('is-left', x > u.over.clientWidth / 2);
        const y = lastValueAt(u);
        label.classList.toggle('is-top', y !== null && y > u.over.clientHeight / 2);
        label.hidden = false;
      },
    },
  };
}

/**
 * Frees a uPlot chart now: its window listener (which would keep the chart and its page alive)
 * and its canvas's pixels, which a detached canvas otherwise keeps until it is collected.
 */
export function destroyPlot(plot: uPlot | null): void {
  if (!plot) return;
  const canvas = plot.ctx.canvas;
  plot.destroy();
  canvas.width = 0;
  canvas.height = 0;
}
