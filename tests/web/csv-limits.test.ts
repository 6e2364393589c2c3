// The CSV reader's limits (issue 10, point 9): a text over MAX_CSV_LENGTH is refused unread, a
// line over MAX_LINE_LENGTH is not split, and the reader can be run in slices (readFor) that
// end in the same result as reading at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CSV_LENGTH, MAX_LINE_LENGTH, parseCsvPoints, readCsv, readFor, sizeProblem } from '../../web/src/views/output/csv';

test('a text over the limit is refused by its size, without reading a line', () => {
  assert.equal(sizeProblem(MAX_CSV_LENGTH), null);
  const big = '1.5, 2, 1\n'.repeat(5_242_880); // 50 MB
  const t0 = performance.now();
  const { points, errors } = parseCsvPoints(big);
  assert.ok(performance.now() - t0 < 5, 'refused at once');
  assert.deepEqual(points, []);
  assert.deepEqual(errors, ['the text is 50.0 MB: at most 256 kB can be read (2000 points take far less)']);
  assert.equal(sizeProblem(MAX_CSV_LENGTH + 1), 'the text is 257 kB: at most 256 kB can be read (2000 points take far less)');
});

test('a line too long to be a point is named, not split into its tokens', () => {
  const line = '1,'.repeat(MAX_LINE_LENGTH);
  const { errors } = parseCsvPoints(`1,1,1\n${line}\n2,2,-1`);
  assert.deepEqual(errors, [`line 2: the line is ${line.length} characters long (a point takes at most ${MAX_LINE_LENGTH})`]);
});

test('read in slices, a long text gives the same result as read at once, and each slice is short', () => {
  const text = Array.from({ length: 25_000 }, (_, i) => (i % 7 === 0 ? 'oops' : `${(i % 11) - 5}, 1, ${i % 2}`)).join('\n');
  assert.ok(text.length <= MAX_CSV_LENGTH);
  const reader = readCsv(text);
  let slices = 0;
  let longest = 0;
  let result = null;
  while (!result) {
    const t0 = performance.now();
    result = readFor(reader, 5);
    longest = Math.max(longest, performance.now() - t0);
    slices++;
  }
  assert.ok(slices > 1, `read in ${slices} slices`);
  assert.ok(longest < 50, `the longest slice took ${longest.toFixed(1)} ms`);
  assert.deepEqual(result, parseCsvPoints(text));
  assert.deepEqual(result.errors.slice(-2), [`... and ${Math.ceil(25_000 / 7) - 1 - 20} more lines with errors` /* the first "oops" is a header */, 'too many points: 21428 (at most 2000)']);
});
