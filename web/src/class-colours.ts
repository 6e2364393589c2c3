// Colours for many classes, and the K-class picture of a softmax output: each cell takes the
// colour of its most probable class, from the neutral ground (as unsure as a guess among K) to
// the full colour (certain). Classes 0 and 1 are the two-class palette's negative and positive
// colours, so two classes look the same under either problem type.
import type { Palette, Rgb } from './heatmap';

/**
 * Classes 2 to 9 after the palette's two. Default: Tableau 10's green, red, purple, teal, yellow,
 * pink, brown and dark grey. Colour-blind: Okabe–Ito's bluish green, yellow, sky blue, reddish
 * purple, orange and black (light grey on dark), then Tol's wine and olive (on dark, a violet
 * blue: the olive was too near the vermillion for protanopes). All ten of the colour-blind lists
 * stay at least 10 apart (CIE76 ΔE) under simulated protanopia, deuteranopia and tritanopia
 * (tests/web/class-colours.test.ts).
 */
const MORE: Record<'default' | 'colorblind', Record<'light' | 'dark', Rgb[]>> = {
  default: {
    light: [[89, 161, 79], [225, 87, 89], [176, 122, 161], [118, 183, 178], [237, 201, 72], [255, 157, 167], [156, 117, 95], [121, 112, 110]],
    dark: [[89, 161, 79], [225, 87, 89], [176, 122, 161], [118, 183, 178], [237, 201, 72], [255, 157, 167], [156, 117, 95], [200, 194, 190]],
  },
  colorblind: {
    light: [[0, 158, 115], [240, 228, 66], [86, 180, 233], [204, 121, 167], [230, 159, 0], [0, 0, 0], [136, 34, 85], [153, 153, 51]],
    dark: [[0, 158, 115], [240, 228, 66], [86, 180, 233], [204, 121, 167], [230, 159, 0], [220, 220, 220], [170, 68, 119], [119, 119, 255]],
  },
};

export type PaletteName = keyof typeof MORE;

/** The colour of each of `classes` classes (2 to 10) in a palette and theme. */
export function classColours(palette: Palette, name: PaletteName, theme: 'light' | 'dark', classes: number): Rgb[] {
  return [palette.negative, palette.positive, ...MORE[name][theme]].slice(0, classes);
}

export function css([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

const STEPS = 256;

/**
 * Per class, STEPS colours from the neutral ground (confidence 0) to the class's colour
 * (confidence 1), as little-endian RGBA words: class k's run starts at k × STEPS.
 */
export function classTables(colours: readonly Rgb[], neutral: Rgb, alpha = 255): Uint32Array {
  const table = new Uint32Array(colours.length * STEPS);
  colours.forEach((colour, k) => {
    for (let i = 0; i < STEPS; i++) {
      const t = i / (STEPS - 1);
      const c = neutral.map((v, j) => Math.round(v + (colour[j] - v) * t));
      table[k * STEPS + i] = ((alpha << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
    }
  });
  return table;
}

/**
 * An n×n picture of K class probabilities: `values` holds K blocks of n² (class k's at
 * offset + k n²). Each cell shows its most probable class; its confidence (p_max − 1/K) / (1 − 1/K)
 * runs from a guess among K (0, the ground) to certainty (1); `discretize` shows every cell at full colour.
 */
export function paintClasses(image: ImageData, values: Float32Array, offset: number, n: number, classes: number,
  tables: Uint32Array, discretize = false): void {
  const cells = n * n;
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, cells);
  const floor = 1 / classes;
  const stretch = (STEPS - 1) / (1 - floor);
  for (let i = 0; i < cells; i++) {
    let best = 0;
    let top = values[offset + i];
    for (let k = 1; k < classes; k++) {
      const p = values[offset + k * cells + i];
      if (p > top) {
        top = p;
        best = k;
      }
    }
    // (A NaN, a diverged network's, is the ground under either setting: the comparisons fail.)
    const t = discretize && top === top ? STEPS - 1 : (top - floor) * stretch;
    pixels[i] = tables[best * STEPS + (t > 0 ? (t < STEPS - 1 ? t | 0 : STEPS - 1) : 0)];
  }
}
