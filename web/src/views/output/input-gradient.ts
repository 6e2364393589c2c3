// The gradient to the input on the output plot: at each training point an arrow along
// −∂L/∂(x, y), the way the point would have to move to lower its own loss — backpropagation
// carried past the first weights and through the features (the engine's pointGradients). Asked
// for at reading pace while training (with the texts), and for every frame once paused.
import type { Frame } from '../../trainer';

export interface Arrows {
  /** (n, 3): x, y, label of each point. */
  points: ArrayLike<number>;
  /** (n, 2): ∂L/∂(x, y) of each point's loss. */
  gradients: Float32Array;
}

export interface InputGradientOptions {
  request(points: Float32Array, targets: Float32Array): Promise<Float32Array>;
  /** The loss's target row of a point's label. */
  target(label: number): number[];
  /** New arrows (or none): redraw the overlay. */
  changed(): void;
  fail(message: string): void;
}

export interface InputGradientLayer {
  /** `on`: the option is set; `due`: a paced moment while playing. */
  update(frame: Frame | null, on: boolean, due: boolean): void;
  arrows(): Arrows | null;
}

export function createInputGradients(options: InputGradientOptions): InputGradientLayer {
  let shown: Arrows | null = null;
  let asked: unknown = null; // the snapshot the last request was for
  let pending = false;

  async function ask(frame: Frame): Promise<void> {
    const data = frame.info.data;
    if (!data) return;
    const list = data.trainPoints;
    const count = Math.floor(list.length / 3);
    const points = new Float32Array(2 * count);
    const rows: number[] = [];
    for (let i = 0; i < count; i++) {
      points[2 * i] = list[3 * i];
      points[2 * i + 1] = list[3 * i + 1];
      rows.push(...options.target(list[3 * i + 2]));
    }
    pending = true;
    asked = frame.snapshot;
    try {
      const gradients = await options.request(points, Float32Array.from(rows));
      if (asked === frame.snapshot) {
        shown = { points: list, gradients };
        options.changed();
      }
    } catch (error) {
      options.fail(error instanceof Error ? error.message : String(error));
    } finally {
      pending = false;
    }
  }

  return {
    update(frame, on, due) {
      if (!on || !frame?.info.data || frame.info.data.trainPoints.length === 0) {
        if (shown) {
          shown = null;
          options.changed();
        }
        asked = null;
        return;
      }
      if (pending || frame.snapshot === asked || (frame.playing && !due)) return;
      void ask(frame);
    },
    arrows: () => shown,
  };
}

/** Longest arrow, in data units (the square is 12 wide). */
export const ARROW_LENGTH = 1.2;

/**
 * Each arrow's end offset (dx, dy) in data units: along −g, the longest ARROW_LENGTH, the others
 * by √(|g| / max |g|) so that small gradients still show a direction. Zero gradients give none.
 */
export function arrowOffsets(gradients: Float32Array): Float32Array {
  let max = 0;
  for (let i = 0; i + 1 < gradients.length; i += 2) max = Math.max(max, Math.hypot(gradients[i], gradients[i + 1]) || 0);
  const out = new Float32Array(gradients.length);
  if (!(max > 0)) return out;
  for (let i = 0; i + 1 < gradients.length; i += 2) {
    const size = Math.hypot(gradients[i], gradients[i + 1]);
    if (!(size > 0)) continue;
    const length = ARROW_LENGTH * Math.sqrt(size / max);
    out[i] = (-gradients[i] / size) * length;
    out[i + 1] = (-gradients[i + 1] / size) * length;
  }
  return out;
}
