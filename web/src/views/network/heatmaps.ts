// The small heatmaps inside the nodes. Every neuron of a frame is painted (heatmap.ts paint())
// into one atlas ImageData of gridSize × (gridSize · neurons), put on an off-screen canvas in a
// single putImageData, then drawImage-scaled into its node's square on the stage's canvas
// (build.ts surface): one upload per frame instead of one per neuron, and one canvas for the
// compositor to take instead of one per node (136 at the largest network, each a layer to commit
// every frame). The canvas is at its CSS size × devicePixelRatio.
import type { HiddenActivation, OutputActivation } from '../../../../wasm/index.d.mts';
import { paint, rangeScaling } from '../../heatmap';
import { meaning } from '../../model';
import { DOMAIN, FEATURES, type Feature } from '../../state';
import { releaseCanvas } from '../../view';

/** How a neuron's values become colours: a fixed range spread over the colour scale, or 'unbounded'. */
export type Scaling = 'unbounded' | readonly [number, number];

export const BOUNDED: Scaling = [-1, 1];

/**
 * tanh and sigmoid are drawn as they are, in [-1, 1]; the output neuron in its head's range
 * (model.ts HEADS), as the big output heatmap is. relu, leaky-relu, linear and softplus can
 * exceed 1: those are divided by max(1, max |v|).
 * Why not plain max |v|: a nearly silent neuron would then glow as brightly as a busy one. Why
 * not tanh(v): it costs a transcendental per pixel (1.3 M per frame at the largest network) and
 * still saturates. Dividing by max(1, max |v|) keeps values in [-1, 1] as they are and only
 * shrinks larger ranges, with one multiply per pixel inside paint().
 */
export function scalingOf(activation: HiddenActivation): Scaling {
  return activation === 'tanh' || activation === 'sigmoid' ? BOUNDED : 'unbounded';
}

export function outputScaling(output: OutputActivation): Scaling {
  return meaning(output).range;
}

const FEATURE_FUNCTIONS: Record<Feature, (x: number, y: number) => number> = {
  x: (x) => x,
  y: (_, y) => y,
  xSquared: (x) => x * x,
  ySquared: (_, y) => y * y,
  xTimesY: (x, y) => x * y,
  sinX: (x) => Math.sin(x),
  sinY: (_, y) => Math.sin(y),
};

/**
 * Each feature over the input square on the engine's grid (row 0 at y = +DOMAIN, column 0 at
 * x = -DOMAIN, ends included), divided by its largest |value|. Computed here once rather than
 * read from the frame, so disabled features get a picture too; the values are the engine's own.
 */
export function featureValues(n: number): Float32Array {
  const values = new Float32Array(FEATURES.length * n * n);
  const step = n > 1 ? (2 * DOMAIN) / (n - 1) : 0;
  FEATURES.forEach((feature, k) => {
    const f = FEATURE_FUNCTIONS[feature];
    let max = 0;
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const v = f(-DOMAIN + col * step, DOMAIN - row * step);
        values[k * n * n + row * n + col] = v;
        max = Math.max(max, Math.abs(v));
      }
    }
    const scale = max > 0 ? 1 / max : 1;
    for (let i = k * n * n; i < (k + 1) * n * n; i++) values[i] *= scale;
  });
  return values;
}

/**
 * Where one block is drawn: a square of `size` device pixels at (x, y) on the stage's canvas;
 * `alpha` below 1 dims it over the neutral colour (a feature that is off).
 */
export interface Target {
  canvas: HTMLCanvasElement;
  x: number;
  y: number;
  size: number;
  alpha: number;
}

/** Paints blocks of a value buffer into squares of the stage's canvas through one atlas. */
export class HeatmapAtlas {
  #atlas = document.createElement('canvas');
  #atlasContext = this.#atlas.getContext('2d')!;
  #image: ImageData | null = null;
  #blocks: ImageData[] = [];
  #targets: (Target & { context: CanvasRenderingContext2D })[] = [];
  #neutral = '';
  #n = 0;

  /**
   * The squares of the blocks painted later, in block order; the canvases of the targets before
   * (a rebuilt stage's) are freed.
   */
  setTargets(targets: Target[]): void {
    const kept = new Set(targets.map((t) => t.canvas));
    releaseCanvas(...new Set(this.#targets.map((t) => t.canvas).filter((c) => !kept.has(c))));
    this.#targets = targets.map((target) => {
      const context = target.canvas.getContext('2d')!;
      context.imageSmoothingQuality = 'medium';
      return { ...target, context };
    });
    this.#n = 0; // atlas is re-made at the next paint
  }

  /** The CSS colour of an empty node and under a dimmed block: the palette's neutral. */
  setNeutral(colour: string): void {
    this.#neutral = colour;
  }

  #ensure(n: number): void {
    const count = this.#targets.length;
    if (this.#n === n && this.#image && this.#blocks.length === count) return;
    this.#n = n;
    this.#atlas.width = n;
    this.#atlas.height = Math.max(1, n * count);
    this.#image = this.#atlasContext.createImageData(n, Math.max(1, n * count));
    const buffer = this.#image.data.buffer;
    // One ImageData view per block over the atlas's pixels, so paint() writes straight into it.
    this.#blocks = Array.from({ length: count }, (_, k) => new ImageData(new Uint8ClampedArray(buffer, k * n * n * 4, n * n * 4), n, n));
  }

  /**
   * Block k comes from values[offsets[k] ...] (n×n), scaled by scalings[k]. `discretize` applies
   * to the blocks listed in `discrete` (the output, as in the big output heatmap).
   */
  paint(values: Float32Array, n: number, offsets: number[], scalings: Scaling[], table: Uint32Array,
    discrete: ReadonlySet<number> = new Set(), discretize = false): void {
    if (this.#targets.length === 0) return;
    this.#ensure(n);
    const cells = n * n;
    for (let k = 0; k < this.#targets.length; k++) {
      const offset = offsets[k];
      const snap = discretize && discrete.has(k);
      const scaling = scalings[k];
      if (scaling !== 'unbounded') {
        const { scale, centre } = rangeScaling(scaling);
        paint(this.#blocks[k], values, offset, n, table, snap, scale, centre);
        continue;
      }
      let max = 1;
      for (let i = offset; i < offset + cells; i++) {
        const v = values[i];
        if (v > max) max = v;
        else if (-v > max) max = -v;
      }
      paint(this.#blocks[k], values, offset, n, table, snap, 1 / max); // max is NaN-free: comparisons with NaN are false
    }
    this.#atlasContext.putImageData(this.#image!, 0, 0);
    for (let k = 0; k < this.#targets.length; k++) {
      const { context, x, y, size, alpha } = this.#targets[k];
      if (alpha < 1) {
        context.fillStyle = this.#neutral;
        context.fillRect(x, y, size, size);
        context.globalAlpha = alpha;
      }
      context.drawImage(this.#atlas, 0, k * n, n, n, x, y, size, size);
      context.globalAlpha = 1;
    }
  }

  /** Neutral squares (no frame for this structure yet), as an empty node. */
  clear(): void {
    for (const { context, x, y, size } of this.#targets) {
      context.fillStyle = this.#neutral;
      context.fillRect(x, y, size, size);
    }
  }

  /** Frees the atlas's and the stage canvas's pixels (the view is going). */
  destroy(): void {
    releaseCanvas(this.#atlas, ...new Set(this.#targets.map((t) => t.canvas)));
    this.#targets = [];
    this.#blocks = [];
    this.#image = null;
    this.#n = 0;
  }
}
