// Step-through mode (added for issue 5): a click or tap on a training point of the output plot
// chooses it as the example the step-through panel follows. Only active in step mode and never
// while the point editor is on (the editor owns the pointer then). Keyboard users choose with
// the panel's "Previous"/"Next example" buttons.
import { DOMAIN } from '../../state';
import type { Plot, PointList } from './plot';

export interface ExamplePickerOptions {
  active(): boolean;
  points(): PointList | null;
  pick(index: number): void;
}

const HIT_PX = 14; // how near (CSS px) a click must land to a point; generous for fingers

/** Index of the training point nearest (x, y) within `radius` data units, or -1. */
export function nearestPoint(points: PointList, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const d = (points[i] - x) ** 2 + (points[i + 1] - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i / 3;
    }
  }
  return best;
}

/** Listens on the plot; `sync()` (call it from render) sets the pointer cursor while picking is on. */
export function attachExamplePicker(plot: Plot, options: ExamplePickerOptions): { sync(): void } {
  plot.overlay.addEventListener('click', (event) => {
    const points = options.points();
    if (!options.active() || !points) return;
    const p = plot.toData(event.clientX, event.clientY);
    const index = nearestPoint(points, p.x, p.y, (HIT_PX * 2 * DOMAIN) / Math.max(1, plot.size()));
    if (index >= 0) options.pick(index);
  });
  let drawn = false;
  return {
    sync() {
      const active = options.active();
      if (active === drawn) return;
      drawn = active;
      plot.overlay.style.cursor = active ? 'pointer' : '';
    },
  };
}
