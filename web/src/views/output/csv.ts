// Reads pasted CSV into custom-data points. Pure (no DOM) so it can be tested in Node.
// Every line is checked and every problem reported with its line number; the caller applies
// nothing unless `errors` is empty, so a half-read paste never replaces the user's data.
import { DOMAIN, MAX_POINTS } from '../../state';

export interface CsvResult {
  /** Flat [x, y, label, ...]: coordinates rounded to 2 decimals, labels ±1 (0 reads as -1). */
  points: number[];
  errors: string[];
}

/** More than this many errors would bury the first ones; the rest are counted. */
export const MAX_ERRORS = 20;

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

/**
 * Lines of "x, y, label" separated by commas, semicolons or whitespace. A first line with no
 * number in it is a header and skipped; blank lines and lines starting with '#' are skipped.
 */
export function parseCsvPoints(text: string): CsvResult {
  const points: number[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  let count = 0;
  let seenContent = false;
  const fail = (line: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${message}`);
  };

  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
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
    const label = Number(ls);
    if (!isNumber(ls) || (label !== -1 && label !== 0 && label !== 1)) problems.push(`label must be -1, 0 or 1 (got ${shown(ls)})`);
    const found = problems.filter((p): p is string => p !== null);
    if (found.length > 0) {
      fail(n, found.join('; '));
      continue;
    }
    count++;
    if (count <= MAX_POINTS) points.push(round2(Number(xs)), round2(Number(ys)), label > 0 ? 1 : -1);
  }

  if (errorCount > MAX_ERRORS) errors.push(`... and ${errorCount - MAX_ERRORS} more lines with errors`);
  if (count > MAX_POINTS) errors.push(`too many points: ${count} (at most ${MAX_POINTS})`);
  if (errorCount === 0 && count < 2) {
    errors.push(count === 0 ? 'no points found: paste lines of x, y, label' : 'at least 2 points are needed (got 1)');
  }
  return { points: errors.length === 0 ? points : [], errors };
}
