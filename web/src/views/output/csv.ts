// Reads pasted CSV into custom-data points. Pure (no DOM) so it can be tested in Node.
// Every line is checked and every problem reported with its line number; the caller applies
// nothing unless `errors` is empty, so a half-read paste never replaces the user's data.
//
// A paste can be huge (50 MB, a million bad lines): the text is refused over MAX_CSV_LENGTH
// before anything is read, a line over MAX_LINE_LENGTH is not split, and the reader is a
// generator that the dialog runs in slices of a few milliseconds (readFor), so the page keeps
// answering while it reads.
import { DOMAIN, MAX_POINTS } from '../../state';

export interface CsvResult {
  /**
   * Flat [x, y, label, ...]: coordinates rounded to 2 decimals; with two classes labels ±1 (0
   * reads as -1), with more the class 0 .. classes - 1.
   */
  points: number[];
  errors: string[];
  /** The classes the labels name: 2 for -1/0/1, else the largest class number + 1 or the names' count. */
  classes: number;
  /** The labels as names (in order of first appearance, class 0 first), or null when they were numbers. */
  names: string[] | null;
}

/** Classes a paste may have (the multi-class problem's most). */
export const MAX_LABEL_CLASSES = 10;

/** More than this many errors would bury the first ones; the rest are counted. */
export const MAX_ERRORS = 20;
/**
 * Characters: MAX_POINTS lines of "x, y, label" take about 40 kB, so this leaves room for
 * comments and long numbers. Kept this low because the textarea itself must lay the text out:
 * Chromium takes over a second for a million short lines, before any script sees them.
 */
export const MAX_CSV_LENGTH = 256 * 1024;
/** A line longer than this is not a point (and is not split into its maybe million tokens). */
export const MAX_LINE_LENGTH = 1000;
/** Lines read between two looks at the clock. */
const LINES_PER_YIELD = 256;

/** Yields the share of the text read so far (0 to 1); returns the result once all is read. */
export type CsvReader = Generator<number, CsvResult, void>;

const SEPARATOR = /[,;\s]+/;

function isNumber(token: string): boolean {
  return token !== '' && Number.isFinite(Number(token));
}

function shown(token: string): string {
  return token.length > 20 ? `${token.slice(0, 17)}...` : token;
}

export function round2(v: number): number {
  // +0 instead of -0, so "-0" never reaches the URL.
  return Math.round(v * 100) / 100 + 0;
}

function coordinateError(name: 'x' | 'y', token: string): string | null {
  const v = Number(token);
  if (isNumber(token) && Math.abs(v) <= DOMAIN) return null;
  return `${name} must be a number from -${DOMAIN} to ${DOMAIN} (got ${shown(token)})`;
}

function size(length: number): string {
  return length >= 1024 * 1024 ? `${(length / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(length / 1024)} kB`;
}

/** Why a text of this many characters is not read (too long), or null. */
export function sizeProblem(length: number): string | null {
  if (length <= MAX_CSV_LENGTH) return null;
  return `the text is ${size(length)}: at most ${size(MAX_CSV_LENGTH)} can be read (${MAX_POINTS} points take far less)`;
}

/** Reads on for about `ms` milliseconds: the result once the text is all read, else null (call again). */
export function readFor(reader: CsvReader, ms: number): CsvResult | null {
  const end = performance.now() + ms;
  for (;;) {
    const next = reader.next();
    if (next.done) return next.value;
    if (performance.now() >= end) return null;
  }
}

/** The whole text at once (tests, and callers with short texts). */
export function parseCsvPoints(text: string): CsvResult {
  return readFor(readCsv(text), Infinity) as CsvResult;
}

/**
 * Lines of "x, y, label" separated by commas, semicolons or whitespace. A first line with no
 * number in it is a header and skipped; blank lines and lines starting with '#' are skipped.
 */
export function* readCsv(text: string): CsvReader {
  const tooLong = sizeProblem(text.length);
  if (tooLong) return { points: [], errors: [tooLong], classes: 2, names: null };
  const points: number[] = [];
  // Each point's label is read once every line is: it may be -1/0/1, a class number, or a name.
  const labels: { line: number; token: string }[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  let count = 0;
  let seenContent = false;
  const fail = (line: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${message}`);
  };

  const end = /\r\n|\r|\n/g;
  for (let i = 0, start = 0; start <= text.length; i++) {
    if (i % LINES_PER_YIELD === LINES_PER_YIELD - 1) yield start / Math.max(1, text.length);
    const eol = end.exec(text);
    const raw = text.slice(start, eol ? eol.index : text.length);
    start = eol ? end.lastIndex : text.length + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE_LENGTH) {
      seenContent = true;
      fail(i + 1, `the line is ${line.length} characters long (a point takes at most ${MAX_LINE_LENGTH})`);
      continue;
    }
    const tokens = line.split(SEPARATOR).filter((t) => t !== '');
    const header = !seenContent && !tokens.some(isNumber);
    seenContent = true;
    if (header) continue;
    const n = i + 1;
    // A fourth column is the train/test set of the playground's own data export: read, ignored.
    if (tokens.length === 4 && /^(train|test)$/i.test(tokens[3])) tokens.pop();
    if (tokens.length !== 3) {
      fail(n, `expected 3 values (x, y, label) but found ${tokens.length}`);
      continue;
    }
    const [xs, ys, ls] = tokens;
    const problems = [coordinateError('x', xs), coordinateError('y', ys)];
    const found = problems.filter((p): p is string => p !== null);
    if (found.length > 0) {
      fail(n, found.join('; '));
      continue;
    }
    count++;
    if (count <= MAX_POINTS) {
      points.push(round2(Number(xs)), round2(Number(ys)), 0);
      labels.push({ line: n, token: ls });
    }
  }

  // The labels: all numbers (-1/0/1 is two classes, else whole numbers 0 .. 9) or all names.
  const numeric = labels.filter((l) => isNumber(l.token));
  const named = numeric.length === 0 && labels.length > 0;
  let names: string[] | null = null;
  let classes = 2;
  if (named) {
    names = [...new Set(labels.map((l) => l.token))];
    classes = names.length;
    if (classes > MAX_LABEL_CLASSES) errors.push(`the labels name ${classes} classes (${names.slice(0, 12).map(shown).join(', ')}${classes > 12 ? ', ...' : ''}); at most ${MAX_LABEL_CLASSES}`);
    else if (classes < 2) errors.push(`every point has the label ${shown(names[0])}: at least 2 classes are needed`);
  } else {
    const two = numeric.every((l) => ['-1', '0', '1'].includes(String(Number(l.token))));
    const higher = numeric.find((l) => Number(l.token) > 1);
    for (const { line, token } of labels) {
      const v = Number(token);
      if (!isNumber(token)) fail(line, `label must be a number as the others are: -1, 0 or 1, or a class 0 to ${MAX_LABEL_CLASSES - 1} (got ${shown(token)})`);
      else if (!two && v === -1) fail(line, `label -1 (a negative point of two classes) cannot be mixed with classes above 1 (line ${higher!.line} has ${shown(higher!.token)})`);
      else if (!two && !(Number.isInteger(v) && v >= 0 && v < MAX_LABEL_CLASSES)) fail(line, `label must be -1, 0 or 1, or a class 0 to ${MAX_LABEL_CLASSES - 1} (got ${shown(token)})`);
      else if (!two) classes = Math.max(classes, v + 1);
    }
    // In the order of the lines, as the reader met the others.
    errors.sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1] ?? 0) - Number(/^line (\d+)/.exec(b)?.[1] ?? 0));
  }
  labels.forEach(({ token }, i) => {
    const k = names ? names.indexOf(token) : Number(token);
    // Two classes are ±1 (class 0 is -1), as the binary problem and the engine's two-class data have them.
    points[i * 3 + 2] = classes === 2 ? (names ? (k === 1 ? 1 : -1) : k > 0 ? 1 : -1) : k;
  });

  if (errorCount > MAX_ERRORS) errors.push(`... and ${errorCount - MAX_ERRORS} more lines with errors`);
  if (count > MAX_POINTS) errors.push(`too many points: ${count} (at most ${MAX_POINTS})`);
  if (errorCount === 0 && count < 2) {
    errors.push(count === 0 ? 'no points found: paste lines of x, y, label' : 'at least 2 points are needed (got 1)');
  }
  return { points: errors.length === 0 ? points : [], errors, classes, names };
}
