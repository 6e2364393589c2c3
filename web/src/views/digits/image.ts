// An 8×8 image on a canvas of 8×8 pixels, scaled up by CSS (image-rendering: pixelated): a
// digit's ink, a unit's weights, the gradient to the input. One putImageData of 64 pixels a
// draw; the browser does the scaling.
import { colourTable, tableIndex, type Palette, type Rgb } from '../../heatmap';
import type { Theme } from '../../view';
import { PIXELS, SIDE } from '../../data/digits';

export interface PixelImage {
  canvas: HTMLCanvasElement;
  /** values[offset .. offset + 64) times `scale`, each clamped to [-1, 1], through `table` (colourTable's layout). */
  draw(values: ArrayLike<number>, offset: number, scale: number, table: Uint32Array): void;
}

export function createPixelImage(className: string, label: string | null): PixelImage {
  const canvas = document.createElement('canvas');
  canvas.className = `pixel-image ${className}`;
  canvas.width = canvas.height = SIDE;
  if (label === null) canvas.setAttribute('aria-hidden', 'true');
  else {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
  }
  const g = canvas.getContext('2d');
  const image = g?.createImageData(SIDE, SIDE) ?? null;
  const pixels = image ? new Uint32Array(image.data.buffer) : null;
  return {
    canvas,
    draw(values, offset, scale, table) {
      if (!g || !image || !pixels) return;
      paintImage(pixels, SIDE, 0, 0, values, offset, scale, table);
      g.putImageData(image, 0, 0);
    },
  };
}

/**
 * values[offset .. offset + 64) times `scale` through `table` into the 8×8 block at (left, top)
 * of `pixels`, an image `width` pixels wide (one picture, or one of many in a grid).
 */
export function paintImage(pixels: Uint32Array, width: number, left: number, top: number, values: ArrayLike<number>,
  offset: number, scale: number, table: Uint32Array): void {
  for (let p = 0; p < PIXELS; p++) {
    pixels[(top + Math.floor(p / SIDE)) * width + left + (p % SIDE)] = table[tableIndex(values[offset + p] * scale, false)];
  }
}

/** The ink of a digit in a theme: dark on light paper, light on dark. */
export function inkColour(theme: Theme): Rgb {
  return theme === 'dark' ? [236, 238, 240] : [24, 28, 32];
}

/** Ink on paper: 0 is the paper (the page's neutral), 1 full ink; below 0 is never drawn. */
export function inkTable(palette: Palette, theme: Theme): Uint32Array {
  return colourTable({ negative: palette.neutral, neutral: palette.neutral, positive: inkColour(theme) });
}

/** The largest |value| of values[offset .. offset + 64), at least `floor` (a scale never divides by 0). */
export function largest(values: ArrayLike<number>, offset: number, floor = 1e-6): number {
  let top = floor;
  for (let p = 0; p < PIXELS; p++) top = Math.max(top, Math.abs(values[offset + p]));
  return top;
}
