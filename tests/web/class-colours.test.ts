// The classes' colours stay apart: every pair of the ten, in each palette and theme, by CIE76 ΔE
// in CIELAB, for normal vision and (the colour-blind palette) under protanopia, deuteranopia and
// tritanopia simulated with Machado, Oliveira and Fernandes (2009)'s matrices at full severity.
// The simulation is written here, independently of the page (which never simulates).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { classColours } from '../../web/src/class-colours';
import { PALETTES, type Rgb } from '../../web/src/heatmap';

const SIMULATIONS: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};

const linear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** sRGB → simulated linear RGB → XYZ (D65) → CIELAB. */
function lab(rgb: Rgb, m: number[][]): [number, number, number] {
  const v = rgb.map(linear);
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0] * v[0] + row[1] * v[1] + row[2] * v[2])));
  const x = 0.4124 * r + 0.3576 * g + 0.1805 * b, y = 0.2126 * r + 0.7152 * g + 0.0722 * b, z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

function closest(colours: Rgb[], m: number[][]): { distance: number; pair: [number, number] } {
  const points = colours.map((c) => lab(c, m));
  let best = { distance: Infinity, pair: [0, 0] as [number, number] };
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const distance = Math.hypot(...points[i].map((v, k) => v - points[j][k]));
      if (distance < best.distance) best = { distance, pair: [i, j] };
    }
  }
  return best;
}

test('the colour-blind palette\'s ten classes stay at least 10 apart under every simulated colour blindness, in both themes', () => {
  for (const theme of ['light', 'dark'] as const) {
    const colours = classColours(PALETTES.colorblind[theme], 'colorblind', theme, 10);
    assert.equal(new Set(colours.map(String)).size, 10);
    for (const [name, m] of Object.entries(SIMULATIONS)) {
      const { distance, pair } = closest(colours, m);
      assert.ok(distance >= 10, `${theme}, ${name}: classes ${pair.join(' and ')} are ${distance.toFixed(1)} apart`);
    }
  }
});

test('the default palette\'s ten classes stay at least 15 apart for normal vision', () => {
  for (const theme of ['light', 'dark'] as const) {
    const { distance, pair } = closest(classColours(PALETTES.default[theme], 'default', theme, 10), SIMULATIONS.normal);
    assert.ok(distance >= 15, `${theme}: classes ${pair.join(' and ')} are ${distance.toFixed(1)} apart`);
  }
});
