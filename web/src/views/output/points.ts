// The user's own points as the state keeps them: flat [x, y, label, ...] with |x|, |y| <= DOMAIN,
// two decimals and labels ±1 (two classes) or the class 0 .. 9 (more). Pure helpers; every edit returns a new array (the store compares).
import type { Dataset } from '../../../../wasm/index.d.mts';
import { DOMAIN, MAX_POINTS } from '../../state';
import { classIndex } from '../../problems';
import { round2 } from './csv';

export function clampCoordinate(v: number): number {
  return round2(Math.max(-DOMAIN, Math.min(DOMAIN, v)));
}

/** Train and test points of a generated set as custom points (what "Edit points" starts from). */
export function pointsFromDataset(data: Dataset | null): number[] {
  const flat: number[] = [];
  if (!data) return flat;
  const many = data.problem === 'classification' && data.classes > 2;
  for (const source of [data.trainPoints, data.testPoints]) {
    for (let i = 0; i + 2 < source.length && flat.length < 3 * MAX_POINTS; i += 3) {
      flat.push(clampCoordinate(source[i]), clampCoordinate(source[i + 1]), many ? source[i + 2] : source[i + 2] > 0 ? 1 : -1);
    }
  }
  return flat;
}

/** Index (in points, not floats) of the point nearest (x, y) within `radius`, or -1. */
export function nearest(points: readonly number[], x: number, y: number, radius = Infinity): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const dx = points[i] - x;
    const dy = points[i + 1] - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i / 3;
    }
  }
  return best;
}

export function withPoint(points: readonly number[], x: number, y: number, label: number): number[] {
  if (points.length >= 3 * MAX_POINTS) return [...points];
  return [...points, clampCoordinate(x), clampCoordinate(y), label];
}

export function withoutPoint(points: readonly number[], index: number): number[] {
  const copy = [...points];
  copy.splice(index * 3, 3);
  return copy;
}

export function movedPoint(points: readonly number[], index: number, x: number, y: number): number[] {
  const copy = [...points];
  copy[index * 3] = clampCoordinate(x);
  copy[index * 3 + 1] = clampCoordinate(y);
  return copy;
}

/** "positive point at x 1.00, y 2.00", or with more classes "point of class 2 at ...". */
export function describePoint(points: readonly number[], index: number, classes = 2): string {
  const x = points[index * 3].toFixed(2);
  const y = points[index * 3 + 1].toFixed(2);
  const label = points[index * 3 + 2];
  return `${classes > 2 ? `point of class ${classIndex(label, classes)}` : `${label > 0 ? 'positive' : 'negative'} point`} at x ${x}, y ${y}`;
}
