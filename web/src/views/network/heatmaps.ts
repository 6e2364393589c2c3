// The small heatmaps inside the nodes. Every neuron of a frame is painted (heatmap.ts paint())
// into its own ImageData of the node's square (in CSS px: build.ts columnSurface) and put straight onto its
// column's canvas (build.ts) with putImageData: a canvas per column for the compositor instead of
// one per node (136 at the largest network, each a layer to commit every frame), and no
// canvas-to-canvas drawImage. In Chromium's software raster a drawImage from an atlas canvas is
// flushed at the next commit at several times the cost of the same pixels put as ImageData
// (136 squares of 36 px: ~140 against ~30 ms of main-thread commit per second, scaled ~200).
// A grid coarser than its square (reduced detail) is enlarged here by nearest cells, which for
// these smooth functions shows as what it is: coarser cells.
import type { HiddenActivation, OutputActivation } from '../../../../wasm/index.d.mts';
import { dim, nearest, paint, rangeScaling, resample } from '../../heatmap';
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
 * Where one block is drawn: a square of `size` device pixels at (x, y) on its column's canvas;
 * `alpha` below 1 dims it over the neutral colour (a feature that is off).
 */
export interface Target {
  canvas: HTMLCanvasElement;
  x: number;
  y: number;
  size: number;
  alpha: number;
}

interface Square extends Target {
  context: CanvasRenderingContext2D;
  /** The square's pixels, size × size, put onto the canvas at (x, y); `pixels` is their words. */
  image: ImageData;
  pixels: Uint32Array;
}

/** Paints blocks of a value buffer into squares of the columns' canvases. */
export class HeatmapBlocks {
  #squares: Square[] = [];
  /** An n×n block when the grid is not the squares' size: painted here, then resampled. */
  #cells: ImageData | null = null;
  #cellPixels = new Uint32Array(0);
  #maps = new Map<string, Int32Array>();
  #neutral: readonly number[] = [0, 0, 0];

  /**
   * The squares of the blocks painted later, in block order; the canvases of the targets before
   * (a rebuilt stage's) are freed.
   */
  setTargets(targets: Target[]): void {
    const kept = new Set(targets.map((t) => t.canvas));
    releaseCanvas(...new Set(this.#squares.map((t) => t.canvas).filter((c) => !kept.has(c))));
    this.#squares = targets.map((target) => {
      const image = new ImageData(Math.max(1, target.size), Math.max(1, target.size));
      return { ...target, context: target.canvas.getContext('2d')!, image, pixels: new Uint32Array(image.data.buffer) };
    });
  }

  /** The colour of an empty node and under a dimmed block: the palette's neutral (RGB). */
  setNeutral(colour: readonly number[]): void {
    this.#neutral = colour;
  }

  #map(n: number, size: number): Int32Array {
    const key = `${n}/${size}`;
    let map = this.#maps.get(key);
    if (!map) this.#maps.set(key, (map = nearest(n, size)));
    return map;
  }

  /**
   * Block k comes from values[offsets[k] ...] (n×n), scaled by scalings[k], coloured by
   * `own.get(k)` when it has a table of its own (a class's probability: ground to its colour),
   * else by `table`. `discretize` applies to the blocks listed in `discrete` (the output, as in
   * the big output heatmap).
   */
  paint(values: Float32Array, n: number, offsets: number[], scalings: Scaling[], table: Uint32Array,
    discrete: ReadonlySet<number> = new Set(), discretize = false, own: ReadonlyMap<number, Uint32Array> = new Map()): void {
    const cells = n * n;
    for (let k = 0; k < this.#squares.length; k++) {
      const square = this.#squares[k];
      const { image, pixels, size } = square;
      const direct = size === n;
      if (!direct && this.#cells?.width !== n) {
        this.#cells = new ImageData(n, n);
        this.#cellPixels = new Uint32Array(this.#cells.data.buffer);
      }
      const block = direct ? image : this.#cells!;
      const offset = offsets[k];
      const snap = discretize && discrete.has(k);
      const scaling = scalings[k];
      const colours = own.get(k) ?? table;
      if (scaling !== 'unbounded') {
        const { scale, centre } = rangeScaling(scaling);
        paint(block, values, offset, n, colours, snap, scale, centre);
      } else {
        let max = 1;
        for (let i = offset; i < offset + cells; i++) {
          const v = values[i];
          if (v > max) max = v;
          else if (-v > max) max = -v;
        }
        paint(block, values, offset, n, colours, snap, 1 / max); // max is NaN-free: comparisons with NaN are false
      }
      if (!direct) resample(this.#cellPixels, n, pixels, size, this.#map(n, size));
      if (square.alpha < 1) dim(pixels, this.#neutral, square.alpha);
      square.context.putImageData(image, square.x, square.y);
    }
  }

  /** Neutral squares (no frame for this structure yet), as an empty node. */
  clear(): void {
    const [r, g, b] = this.#neutral;
    for (const { context, x, y, size } of this.#squares) {
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(x, y, size, size);
    }
  }

  /** Frees the stage canvas's pixels (the view is going). */
  destroy(): void {
    releaseCanvas(...new Set(this.#squares.map((t) => t.canvas)));
    this.#squares = [];
    this.#cells = null;
    this.#cellPixels = new Uint32Array(0);
    this.#maps.clear();
  }
}
