// The 8×8 handwritten digits: UCI's "Optical Recognition of Handwritten Digits", the 1,797
// images scikit-learn ships as load_digits (web/data/README.md: source, licence, checksum).
// Reading the file with every value checked, the seeded train/test split the engine trains on,
// and the reduction that made the images (a 32×32 bitmap counted in 4×4 blocks, 0–16), which
// the drawing pad applies to the user's own strokes. Pure functions; only loadDigits fetches.
import type { RowData } from '../../../wasm/index.d.mts';
import { fetchData } from './fetch';
import { splitRows } from './split';

/** Pixels a side, pixels per image, the most a pixel counts (a 4×4 block all on), classes. */
export const SIDE = 8;
export const PIXELS = SIDE * SIDE;
export const LEVELS = 16;
export const CLASSES = 10;
/** The bitmap the data set's images were counted from: BITMAP² pixels in BLOCK² blocks. */
export const BITMAP = 32;
export const BLOCK = BITMAP / SIDE;
/** Images in the file. */
export const COUNT = 1797;

/**
 * The file the page fetches (hashed and copied into dist/ by the build; inlined in the classic
 * embed's script). A function: the address is made only when the digits are wanted.
 */
export function digitsUrl(): string {
  return new URL('../../data/digits.csv.gz', import.meta.url).href;
}

export interface Digits {
  /** (count, 64): row-major, row 0 at the top, each 0..16. */
  images: Uint8Array;
  /** (count): the digit each image shows, 0..9. */
  labels: Uint8Array;
  count: number;
}

/**
 * The digits from their CSV text: one image a line, 64 pixel counts then the label. Every bad
 * value is named by line and column; nothing is returned unless all of it is valid.
 */
export function parseDigits(text: string): Digits {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new Error('the digits file is empty');
  const images = new Uint8Array(lines.length * PIXELS);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== PIXELS + 1)
      throw new Error(`digits line ${i + 1}: expected ${PIXELS + 1} comma-separated values (${PIXELS} pixels, then the label), found ${cells.length}`);
    cells.forEach((cell, c) => {
      const label = c === PIXELS;
      const top = label ? CLASSES - 1 : LEVELS;
      const value = /^\s*\d{1,2}\s*$/.test(cell) ? Number(cell) : NaN;
      if (!(value <= top))
        throw new Error(`digits line ${i + 1}, column ${c + 1}: ${label ? 'the label' : 'a pixel'} must be a whole number from 0 to ${top} (got "${cell.trim()}")`);
      if (label) labels[i] = value;
      else images[i * PIXELS + c] = value;
    });
  });
  return { images, labels, count: lines.length };
}

/** The text of gzip-compressed bytes. */
export async function gunzipText(bytes: Uint8Array): Promise<string> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  } catch {
    throw new Error('the digits file is damaged (it does not decompress)');
  }
}

/** The digits from the page's copy of the file (or `url`); a failure says what went wrong. */
export async function loadDigits(url: string = digitsUrl(), get: typeof fetch = fetch): Promise<Digits> {
  const response = await fetchData(url, 'the digits', get);
  return parseDigits(await gunzipText(new Uint8Array(await response.arrayBuffer())));
}

/** A pixel count as the network's input: 0..16 scaled to 0..1. */
export function inputOf(count: number): number {
  return count / LEVELS;
}

export interface DigitSplit extends RowData {
  /** Which image of the file each training and test row is. */
  trainIndex: Uint32Array;
  testIndex: Uint32Array;
}

/**
 * The engine's rows: the images in a seeded random order, the first round(trainRatio × count)
 * for training and the rest for testing; inputs scaled to 0..1, targets one-hot over 10 classes.
 */
export function splitDigits(digits: Digits, trainRatio: number, seed: number): DigitSplit {
  const rows = (index: Uint32Array) => {
    const inputs = new Float32Array(index.length * PIXELS);
    const targets = new Float32Array(index.length * CLASSES);
    index.forEach((image, r) => {
      for (let p = 0; p < PIXELS; p++) inputs[r * PIXELS + p] = inputOf(digits.images[image * PIXELS + p]);
      targets[r * CLASSES + digits.labels[image]] = 1;
    });
    return { inputs, targets };
  };
  const { trainIndex, testIndex } = splitRows(digits.count, trainRatio, seed);
  const train = rows(trainIndex), test = rows(testIndex);
  return {
    trainInputs: train.inputs, trainTargets: train.targets, testInputs: test.inputs, testTargets: test.targets,
    problem: 'classification', inputWidth: PIXELS, trainIndex, testIndex,
  };
}

/**
 * The data set's own reduction: a BITMAP × BITMAP bitmap (row-major, any value above 0 is on)
 * counted in BLOCK × BLOCK blocks, so each of the 8×8 pixels is 0..16.
 */
export function reduceBitmap(bitmap: ArrayLike<number>): Uint8Array {
  if (bitmap.length !== BITMAP * BITMAP) throw new Error(`a bitmap to reduce has ${BITMAP}×${BITMAP} = ${BITMAP * BITMAP} pixels (got ${bitmap.length})`);
  const counts = new Uint8Array(PIXELS);
  for (let y = 0; y < BITMAP; y++) {
    for (let x = 0; x < BITMAP; x++) {
      if (bitmap[y * BITMAP + x] > 0) counts[Math.floor(y / BLOCK) * SIDE + Math.floor(x / BLOCK)]++;
    }
  }
  return counts;
}
