// parseCsvPoints: what a paste of "x, y, label" lines becomes, and how every bad line is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_POINTS } from '../../web/src/state';
import { MAX_ERRORS, parseCsvPoints } from '../../web/src/views/output/csv';

test('reads comma, semicolon and whitespace separated lines; 0 is the negative class', () => {
  const { points, errors } = parseCsvPoints('1.5, 2, 1\n-3;-0.5;-1\n0\t4.256   0\n\n# a comment\n6,-6,1\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(points, [1.5, 2, 1, -3, -0.5, -1, 0, 4.26, -1, 6, -6, 1]);
});

test('skips a header line and accepts Windows line ends', () => {
  const { points, errors } = parseCsvPoints('x,y,label\r\n1,1,1\r\n-1,-1,0\r\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(points, [1, 1, 1, -1, -1, -1]);
});

test('a header is only the first line: a later word line is an error', () => {
  const { errors } = parseCsvPoints('1,1,1\nx,y,label\n2,2,1');
  assert.deepEqual(errors, ['line 2: x must be a number from -6 to 6 (got x); y must be a number from -6 to 6 (got y)']);
});

test('names each kind of error with its line number and applies nothing', () => {
  const text = ['x,y,label', '1,2,1', '3,4,-1', '5,6,2', '1,2', 'abc,1,1', '1,7,1', '1,2,1,4', '-6.5,0,1', '0,NaN,1', '1,1,yes'].join('\n');
  const { points, errors } = parseCsvPoints(text);
  assert.deepEqual(points, []);
  assert.deepEqual(errors, [
    'line 3: label -1 (a negative point of two classes) cannot be mixed with classes above 1 (line 4 has 2)',
    'line 5: expected 3 values (x, y, label) but found 2',
    'line 6: x must be a number from -6 to 6 (got abc)',
    'line 7: y must be a number from -6 to 6 (got 7)',
    'line 8: expected 3 values (x, y, label) but found 4',
    'line 9: x must be a number from -6 to 6 (got -6.5)',
    'line 10: y must be a number from -6 to 6 (got NaN)',
    'line 11: label must be a number as the others are: -1, 0 or 1, or a class 0 to 9 (got yes)',
  ]);
});

test('lists at most MAX_ERRORS errors and counts the rest', () => {
  const text = Array.from({ length: MAX_ERRORS + 5 }, () => '9,0,1').join('\n');
  const { errors } = parseCsvPoints(text);
  assert.equal(errors.length, MAX_ERRORS + 1);
  assert.equal(errors[0], 'line 1: x must be a number from -6 to 6 (got 9)');
  assert.equal(errors[MAX_ERRORS - 1], `line ${MAX_ERRORS}: x must be a number from -6 to 6 (got 9)`);
  assert.equal(errors[MAX_ERRORS], '... and 5 more lines with errors');
});

test('refuses more than MAX_POINTS points', () => {
  const text = Array.from({ length: MAX_POINTS + 1 }, (_, i) => `0,0,${i % 2}`).join('\n');
  const { points, errors } = parseCsvPoints(text);
  assert.deepEqual(points, []);
  assert.deepEqual(errors, [`too many points: ${MAX_POINTS + 1} (at most ${MAX_POINTS})`]);
  assert.equal(parseCsvPoints(text.split('\n').slice(0, MAX_POINTS).join('\n')).errors.length, 0);
});

test('needs at least two points', () => {
  assert.deepEqual(parseCsvPoints('').errors, ['no points found: paste lines of x, y, label']);
  assert.deepEqual(parseCsvPoints('x,y,label\n').errors, ['no points found: paste lines of x, y, label']);
  assert.deepEqual(parseCsvPoints('1,1,1').errors, ['at least 2 points are needed (got 1)']);
});

test('never writes -0', () => {
  const { points } = parseCsvPoints('-0.001,-0,1\n0,0,1');
  assert.ok(points.every((v) => !Object.is(v, -0)));
});

test("the playground's own data export (x, y, label, set) pastes back", () => {
  const { points, errors } = parseCsvPoints('x,y,label,set\n1.5,-2,1,train\n-3,4,-1,test\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(points, [1.5, -2, 1, -3, 4, -1]);
});

test('more than two classes: class numbers 0 to 9, or names in order of first appearance; -1 and 2 do not mix', () => {
  const numbers = parseCsvPoints('x,y,label\n1,1,0\n2,2,2\n3,3,1\n-1,0,2\n');
  assert.deepEqual(numbers, { points: [1, 1, 0, 2, 2, 2, 3, 3, 1, -1, 0, 2], errors: [], classes: 3, names: null });
  const named = parseCsvPoints('1,1,cat\n2,2,dog\n3,3,bird\n4,4,dog\n');
  assert.deepEqual(named, { points: [1, 1, 0, 2, 2, 1, 3, 3, 2, 4, 4, 1], errors: [], classes: 3, names: ['cat', 'dog', 'bird'] });
  // Two names are the two classes as ±1: the first named is class 0 (-1).
  assert.deepEqual(parseCsvPoints('1,1,no\n2,2,yes\n').points, [1, 1, -1, 2, 2, 1]);
  assert.deepEqual(parseCsvPoints('1,1,0\n2,2,1\n').classes, 2);
  assert.deepEqual(parseCsvPoints('1,1,0\n2,2,10\n').errors, ['line 2: label must be -1, 0 or 1, or a class 0 to 9 (got 10)']);
  assert.deepEqual(parseCsvPoints('1,1,0\n2,2,1.5\n').errors, ['line 2: label must be -1, 0 or 1, or a class 0 to 9 (got 1.5)']);
  const eleven = Array.from({ length: 11 }, (_, i) => `0,0,c${i}`).join('\n');
  assert.match(parseCsvPoints(eleven).errors[0], /^the labels name 11 classes \(c0, c1, .*\); at most 10$/);
  assert.deepEqual(parseCsvPoints('1,1,a\n2,2,a\n').errors, ['every point has the label a: at least 2 classes are needed']);
});
