// The examples the step-through for real data walks: the test rows of a loaded data set, the
// same for images and tables, with what each one is called and the target row its loss uses.
// One shape for both kinds, so the walk itself never asks which kind it is drawing.
import { CLASSES, PIXELS } from '../../data/digits';
import type { LoadedData } from '../../data/sources';

export interface Rows {
  kind: LoadedData['kind'];
  /** Inputs a row, and the rows' inputs as the network takes them, (rows, width). */
  width: number;
  inputs: Float32Array;
  /** Each row's class, or its value (in the network's units) for regression. */
  labels: number[];
  /** The classes' names ("0" .. "9", the species); empty for regression. */
  classes: string[];
  /** The inputs' names (a table's columns; the pixels "row r, column c"). */
  features: string[];
  /** "test digit 12", "test row 3 (Adelie)". */
  name(row: number): string;
}

export function rowsOf(loaded: LoadedData): Rows {
  if (loaded.kind === 'image') {
    const labels = Array.from(loaded.split.testIndex, (image) => loaded.digits.labels[image]);
    return {
      kind: 'image', width: PIXELS, inputs: (loaded.split.testInputs ?? new Float32Array(0)) as Float32Array, labels,
      classes: Array.from({ length: CLASSES }, (_, k) => String(k)),
      features: Array.from({ length: PIXELS }, (_, p) => `pixel row ${Math.floor(p / 8) + 1}, column ${(p % 8) + 1}`),
      name: (row) => `test digit ${row + 1} (a ${labels[row]})`,
    };
  }
  const { data, split } = loaded;
  const regression = data.kind === 'regression';
  const targets = (split.testTargets ?? new Float32Array(0)) as Float32Array;
  const labels = Array.from(split.testIndex, (row, r) => (regression ? targets[r] : data.labels[row]));
  return {
    kind: 'table', width: data.features.length, inputs: (split.testInputs ?? new Float32Array(0)) as Float32Array, labels,
    classes: regression ? [] : data.classes, features: data.features,
    name: (row) => `test row ${row + 1} (${regression ? `${data.target} ${data.labels[split.testIndex[row]]}` : data.classes[labels[row]]})`,
  };
}

/** The loss's target for a class (one-hot) or a value. */
export function targetRow(rows: Rows, target: number): number[] {
  if (rows.classes.length === 0) return [target];
  return rows.classes.map((_, k) => (k === target ? 1 : 0));
}
