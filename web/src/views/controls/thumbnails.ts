// Icons of the data sets for the picker: a few hundred dots of each shape, drawn from a fixed
// seed so every visit shows the same picture. They follow the engine's generators (core/data.cpp)
// without noise, but they are pictures, not the training data: the engine is not asked.
import { css } from '../../class-colours';
import { colourOf, type Palette, type Rgb } from '../../heatmap';
import { DOMAIN } from '../../state';
import { inkColour } from '../digits/image';

export type Shape = 'circle' | 'xor' | 'gauss' | 'spiral' | 'moons' | 'checkerboard' | 'reg-plane' | 'reg-gauss';

/** Points as a flat [x, y, label, ...] over [-6, 6]²; labels ±1, or in [-1, 1] for regression. */
type Points = number[];

const COUNT = 240;

/** mulberry32: a tiny deterministic generator, enough for icons. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Regression targets near 0 would be dots in the ground colour; √ lifts them for a small icon. */
function vivid(value: number): number {
  return Math.sign(value) * Math.sqrt(Math.abs(value));
}

function shapePoints(shape: Shape): Points {
  const random = generator(7);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: Points = [];
  const half = COUNT / 2;
  switch (shape) {
    case 'circle':
      for (let i = 0; i < COUNT; i++) {
        const inside = i < half;
        const r = inside ? uniform(0, 2.5) : uniform(3.5, 5);
        const a = uniform(0, 2 * Math.PI);
        out.push(r * Math.sin(a), r * Math.cos(a), inside ? 1 : -1);
      }
      break;
    case 'xor':
      for (let i = 0; i < COUNT; i++) {
        const x = uniform(-5, 5), y = uniform(-5, 5);
        const px = x + (x > 0 ? 0.3 : -0.3), py = y + (y > 0 ? 0.3 : -0.3);
        out.push(px, py, px * py >= 0 ? 1 : -1);
      }
      break;
    case 'gauss':
      for (let i = 0; i < COUNT; i++) {
        const c = i < half ? 2 : -2;
        out.push(normal(c, Math.SQRT1_2), normal(c, Math.SQRT1_2), i < half ? 1 : -1);
      }
      break;
    case 'spiral':
      for (let i = 0; i < COUNT; i++) {
        const k = i % half, shift = i < half ? 0 : Math.PI;
        const r = (k / half) * 5, t = 1.75 * (k / half) * 2 * Math.PI + shift;
        out.push(r * Math.sin(t), r * Math.cos(t), i < half ? 1 : -1);
      }
      break;
    case 'moons':
      for (let i = 0; i < COUNT; i++) {
        const outer = i < half, t = uniform(0, Math.PI);
        const x = outer ? Math.cos(t) : 1 - Math.cos(t);
        const y = outer ? Math.sin(t) : 0.5 - Math.sin(t);
        out.push((x - 0.5) * 4, (y - 0.25) * 4, outer ? 1 : -1);
      }
      break;
    case 'checkerboard':
      for (let i = 0; i < COUNT; i++) {
        const x = uniform(-6, 6), y = uniform(-6, 6);
        const cell = Math.floor((x + 12) / 3) + Math.floor((y + 12) / 3);
        out.push(x, y, cell % 2 === 0 ? 1 : -1);
      }
      break;
    case 'reg-plane':
      for (let i = 0; i < COUNT; i++) {
        const x = uniform(-6, 6), y = uniform(-6, 6);
        out.push(x, y, vivid((x + y) / 10));
      }
      break;
    case 'reg-gauss': {
      const bumps = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
      // Only points on a bump: the flat ground between them would be invisible dots.
      for (let tries = 0; out.length < 3 * COUNT && tries < 20 * COUNT; tries++) {
        const x = uniform(-6, 6), y = uniform(-6, 6);
        let best = 0;
        for (const [cx, cy, sign] of bumps) {
          const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
          if (Math.abs(v) > Math.abs(best)) best = v;
        }
        if (Math.abs(best) > 0.1) out.push(x, y, vivid(best));
      }
      break;
    }
  }
  return out;
}

/** Many classes' icons: the K-arm spiral or K blobs on a circle, labelled 0 .. K - 1 (as core/data.cpp). */
export function classPoints(shape: 'spiral' | 'blobs', classes: number): Points {
  const random = generator(11);
  const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: Points = [];
  const each = Math.floor(COUNT / classes);
  for (let k = 0; k < classes; k++) {
    const turn = (2 * Math.PI * k) / classes;
    for (let i = 0; i < each; i++) {
      if (shape === 'blobs') {
        out.push(normal(4 * Math.sin(turn), Math.SQRT1_2), normal(4 * Math.cos(turn), Math.SQRT1_2), k);
      } else {
        const r = (i / each) * 5, t = 1.75 * (i / each) * 2 * Math.PI + turn;
        out.push(r * Math.sin(t), r * Math.cos(t), k);
      }
    }
  }
  return out;
}

/** Each shape's points, made once per picker (not per draw). */
export function thumbnailPoints(): Map<Shape, Points> {
  const shapes: Shape[] = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'checkerboard', 'reg-plane', 'reg-gauss'];
  return new Map(shapes.map((s) => [s, shapePoints(s)]));
}

/** A square canvas of `size` CSS pixels, sharp on high-density screens, filled with the neutral colour; its context in CSS pixels. */
function ground(canvas: HTMLCanvasElement, palette: Palette, size: number): CanvasRenderingContext2D | null {
  const ratio = Math.max(1, Math.min(3, Math.round(window.devicePixelRatio || 1)));
  if (canvas.width !== size * ratio) {
    canvas.width = canvas.height = size * ratio;
    canvas.style.width = canvas.style.height = `${size}px`;
  }
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = colourOf(0, palette);
  g.fillRect(0, 0, size, size);
  return g;
}

/**
 * Draws `points` into a square canvas of `size` CSS pixels (sharp on high-density screens):
 * the neutral colour as ground, each point a dot in the colour of its label (with `classes`,
 * labels are classes 0 .. K - 1 and take those colours), y up.
 */
export function drawThumbnail(canvas: HTMLCanvasElement, points: readonly number[], palette: Palette, size: number,
  classes?: readonly Rgb[]): void {
  const g = ground(canvas, palette, size);
  if (!g) return;
  const scale = size / (2 * DOMAIN);
  // Hundreds of points make a shape at small dots; a user's handful needs bigger ones to be seen.
  const radius = points.length / 3 < 60 ? size / 20 : Math.max(1, size / 36);
  for (let i = 0; i + 2 < points.length; i += 3) {
    g.fillStyle = classes ? css(classes[points[i + 2]] ?? palette.neutral) : colourOf(points[i + 2], palette);
    g.beginPath();
    g.arc((points[i] + DOMAIN) * scale, (DOMAIN - points[i + 1]) * scale, radius, 0, 2 * Math.PI);
    g.fill();
  }
}

/** A 3 of the digits' kind (8×8 counts, 0–16), drawn as the digits' icon. */
const THREE = [
  0, 2, 12, 16, 15, 4, 0, 0, 0, 9, 12, 4, 13, 11, 0, 0, 0, 0, 0, 3, 15, 7, 0, 0, 0, 0, 6, 16, 14, 1, 0, 0,
  0, 0, 1, 6, 14, 12, 0, 0, 0, 0, 0, 0, 5, 16, 2, 0, 0, 7, 8, 6, 13, 14, 0, 0, 0, 3, 14, 16, 12, 3, 0, 0,
];

export function drawDigitIcon(canvas: HTMLCanvasElement, palette: Palette, theme: 'light' | 'dark', size: number): void {
  const g = ground(canvas, palette, size);
  if (!g) return;
  const ink = inkColour(theme);
  const cell = size / 8;
  THREE.forEach((count, p) => {
    if (count === 0) return;
    g.fillStyle = `rgba(${ink.join()}, ${(count / 16).toFixed(3)})`;
    g.fillRect((p % 8) * cell, Math.floor(p / 8) * cell, cell, cell);
  });
}

/** A table's icon: two axes and three species as clusters of dots (the penguins' bills, drawn by hand). */
const SPECIES: readonly (readonly [x: number, y: number])[][] = [
  [[0.2, 0.3], [0.26, 0.22], [0.3, 0.34], [0.18, 0.18], [0.34, 0.26], [0.24, 0.4]],
  [[0.62, 0.3], [0.7, 0.22], [0.68, 0.36], [0.76, 0.3], [0.58, 0.24]],
  [[0.55, 0.72], [0.64, 0.66], [0.7, 0.78], [0.6, 0.82], [0.76, 0.7], [0.5, 0.64]],
];

export function drawTableIcon(canvas: HTMLCanvasElement, palette: Palette, colours: readonly Rgb[], theme: 'light' | 'dark', size: number): void {
  const g = ground(canvas, palette, size);
  if (!g) return;
  g.strokeStyle = `rgb(${inkColour(theme).join()})`;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(size * 0.08, size * 0.06);
  g.lineTo(size * 0.08, size * 0.92);
  g.lineTo(size * 0.94, size * 0.92);
  g.stroke();
  SPECIES.forEach((dots, k) => {
    g.fillStyle = `rgb(${(colours[k] ?? palette.positive).join()})`;
    for (const [x, y] of dots) {
      g.beginPath();
      g.arc(x * size, y * size, size * 0.045, 0, 2 * Math.PI);
      g.fill();
    }
  });
}
