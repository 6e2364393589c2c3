// Heatmaps from engine buffers: a value in [-1, 1] maps through a 256-entry colour table to a
// pixel, straight from a Float32Array into ImageData (no per-point objects). Values of another
// range (a sigmoid output's probability in [0, 1]) are mapped onto it inside the same loop.

export type Rgb = [number, number, number];

export interface Palette {
  negative: Rgb;
  neutral: Rgb;
  positive: Rgb;
}

/** TensorFlow Playground's orange and blue; Okabe-Ito's vermillion and blue for colour-blind safety. */
export const PALETTES: Record<'default' | 'colorblind', Record<'light' | 'dark', Palette>> = {
  default: {
    light: { negative: [245, 147, 34], neutral: [232, 234, 235], positive: [8, 119, 189] },
    dark: { negative: [245, 147, 34], neutral: [42, 46, 52], positive: [52, 152, 219] },
  },
  colorblind: {
    light: { negative: [213, 94, 0], neutral: [236, 236, 236], positive: [0, 114, 178] },
    dark: { negative: [230, 120, 40], neutral: [42, 46, 52], positive: [60, 150, 210] },
  },
};

const TABLE_SIZE = 256;

/** 256 colours from -1 to 1 as little-endian RGBA words, for Uint32Array pixel writes. */
export function colourTable(palette: Palette, alpha = 255): Uint32Array {
  const table = new Uint32Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    const t = (i / (TABLE_SIZE - 1)) * 2 - 1;
    const [from, to] = t < 0 ? [palette.neutral, palette.negative] : [palette.neutral, palette.positive];
    const k = Math.abs(t);
    const c = from.map((v, j) => Math.round(v + (to[j] - v) * k));
    table[i] = (alpha << 24) | (c[2] << 16) | (c[1] << 8) | c[0];
  }
  return table;
}

/** The table entry of a value: clamped to [-1, 1]; `discretize` snaps to the sign (as the playground). */
export function tableIndex(value: number, discretize: boolean): number {
  let v = value;
  if (discretize) v = v > 0 ? 1 : -1;
  if (!(v > -1)) v = -1; // also NaN
  if (v > 1) v = 1;
  return Math.round((v + 1) * 0.5 * (TABLE_SIZE - 1));
}

/**
 * Writes an n×n block of `values` starting at `offset` (row-major, row 0 on top) into `image`,
 * which must be n×n pixels. `(v - centre) · scale` maps the values into [-1, 1] first (e.g.
 * scale 1 / max |value|; see rangeScaling). This is the per-frame hot loop (136 heatmaps of
 * 100×100 at the largest network): tableIndex is inlined as round((u + 1) / 2 · 255) =
 * floor(u · 127.5 + 128) with u = (v - centre) · scale, clamped, NaN → 0.
 */
export function paint(image: ImageData, values: Float32Array, offset: number, n: number, table: Uint32Array,
  discretize = false, scale = 1, centre = 0): void {
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, n * n);
  const cells = n * n;
  const top = TABLE_SIZE - 1;
  if (discretize) {
    for (let i = 0; i < cells; i++) pixels[i] = table[(values[offset + i] - centre) * scale > 0 ? top : 0];
    return;
  }
  const k = 0.5 * top * scale;
  const shift = 0.5 * top + 0.5 - centre * k;
  for (let i = 0; i < cells; i++) {
    const t = values[offset + i] * k + shift;
    pixels[i] = table[t > 0 ? (t < top ? t | 0 : top) : 0];
  }
}

/**
 * For each of `size` device pixels along a side, the grid cell (of n) whose centre is nearest:
 * pixel centre (i + ½) · n / size, floored.
 */
export function nearest(n: number, size: number): Int32Array {
  const map = new Int32Array(size);
  for (let i = 0; i < size; i++) map[i] = Math.min(n - 1, Math.floor(((i + 0.5) * n) / size));
  return map;
}

/** Enlarges (or shrinks) an n×n block of pixel words into a size×size one by nearest cells. */
export function resample(from: Uint32Array, n: number, to: Uint32Array, size: number, map: Int32Array): void {
  let previous = -1;
  for (let y = 0; y < size; y++) {
    const row = map[y];
    const at = y * size;
    if (row === previous) {
      to.copyWithin(at, at - size, at); // the same cells as the row above
      continue;
    }
    previous = row;
    const source = row * n;
    for (let x = 0; x < size; x++) to[at + x] = from[source + map[x]];
  }
}

/** Each pixel word mixed toward the neutral colour: alpha of the pixel, 1 - alpha of neutral. */
export function dim(pixels: Uint32Array, neutral: readonly number[], alpha: number): void {
  const [r, g, b] = neutral;
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i];
    const mix = (shift: number, base: number) => Math.round(base + (((p >>> shift) & 255) - base) * alpha);
    pixels[i] = ((p >>> 24) << 24 | mix(16, b) << 16 | mix(8, g) << 8 | mix(0, r)) >>> 0;
  }
}

/** The scale and centre (for paint) that map [low, high] onto the colour scale's [-1, 1]. */
export function rangeScaling([low, high]: readonly [number, number]): { scale: number; centre: number } {
  return { scale: 2 / (high - low), centre: (high + low) / 2 };
}

/** The CSS colour of a value, for links and legends. */
export function colourOf(value: number, palette: Palette): string {
  const t = Math.max(-1, Math.min(1, value));
  const to = t < 0 ? palette.negative : palette.positive;
  const k = Math.abs(t);
  const c = palette.neutral.map((v, j) => Math.round(v + (to[j] - v) * k));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
