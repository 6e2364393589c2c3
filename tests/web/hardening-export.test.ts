// Issue 10, points 7 and 12: a saved setup is checked in the form the network will use it
// (weights as float32), and every part of it (weights, history, points) before any of it is
// applied; each refusal quotes what the file holds. A table of hostile files and their messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildExport, parameterCount, parseExport, type Setup } from '../../web/src/export';
import { layerWidths } from '../../web/src/model';
import { checkPartial, defaultState, type State } from '../../web/src/state';

function setup(state: Partial<State> = {}): Setup {
  const full: State = { ...defaultState(), networkShape: [3], seed: 5, ...state };
  const count = parameterCount(layerWidths(full)); // 2-3-1: 13
  const ramp = Float32Array.from({ length: count }, (_, i) => (i - 6) / 4);
  return {
    state: full, parameters: ramp, start: ramp.map((v) => -v),
    history: { step: [0, 10, 20], epoch: [0, 0.5, 1], trainLoss: [0.7, 0.5, 0.3], testLoss: [0.8, 0.6, 0.4], gradientNorms: [[1, 2, 3], [4, 5, 6]] },
  };
}

function file(edit: (f: Record<string, any>) => void, from = setup()): string {
  const f = JSON.parse(buildExport(from));
  edit(f);
  return JSON.stringify(f);
}

const problem = (text: string) => {
  const result = parseExport(text);
  return 'problem' in result ? result.problem : null;
};

test('a weight past the float32 range is refused, not loaded as Infinity', () => {
  const cases: [(f: Record<string, any>) => void, string][] = [
    [(f) => (f.weights.current[3] = 3.5e38), 'weights.current[3] is beyond the range of a float32 weight, ±3.4028235e+38 (got 3.5e+38)'],
    [(f) => (f.weights.start[0] = -1e39), 'weights.start[0] is beyond the range of a float32 weight, ±3.4028235e+38 (got -1e+39)'],
    [(f) => (f.weights.current[12] = 1.7976931348623157e308), 'weights.current[12] is beyond the range of a float32 weight, ±3.4028235e+38 (got 1.7976931348623157e+308)'],
  ];
  for (const [edit, message] of cases) assert.equal(problem(file(edit)), message);
  // The largest float32 itself (and what rounds to it) is a weight like any other.
  const edge = parseExport(file((f) => (f.weights.current[3] = 3.4028235e38)));
  assert.ok('setup' in edge);
  assert.equal(edge.setup.parameters![3], 3.4028234663852886e38);
});

test('a history the charts could not draw, or a header the page cannot read, is refused whole, quoting what it holds', () => {
  const cases: [(f: Record<string, any>) => void, string][] = [
    [(f) => f.history.gradientNorms[1].pop(), "'history.gradientNorms[1]' has 2 entries but 'history.step' has 3"],
    [(f) => f.history.gradientNorms.push([1, 2, 3]), "'history.gradientNorms' has 3 lists but the network has 2 weight layers"],
    [(f) => (f.history.epoch[1] = -0.5), 'history.epoch[1] must not be negative (got -0.5)'],
    [(f) => (f.history.step[2] = 2 ** 60), "'history.step' must be whole numbers that never go down"],
    [(f) => (f.history.step = Array(100_001).fill(0)), "'history.step' has 100001 entries, more than 100000"],
    [(f) => (f.history.epoch = 'all'), `'history.epoch' must be a list of numbers (got "all")`],
    [(f) => (f.history.epoch[0] = 'NaN'), `history.epoch[0] is not a finite number (got "NaN")`],
    [(f) => (f.version = '1'), `'version' must be a whole number from 1 (got "1")`],
    [(f) => (f.exportedAt = 17), "'exportedAt' must be a date as text (got 17)"],
  ];
  for (const [edit, message] of cases) assert.equal(problem(file(edit)), message);
});

test('drawn points: the refusal names the point and quotes it', () => {
  const custom = setup({ dataset: 'custom', points: [1, 1, 1, -1, -1, -1] });
  assert.equal(problem(file((f) => (f.data.points[1] = [0, 7, 1]), custom)),
    'data.points[1] must have x and y from -6 to 6 and a label of 1 or -1 (got [0,7,1])');
  assert.equal(problem(file((f) => (f.data.points = Array(2001).fill([0, 0, 1])), custom)), "'data.points' has 2001 points, more than 2000");
});

test('a script\'s or a file\'s value is quoted as given: NaN, Infinity, 1e-50, not "null"; odd values never throw', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [Record<string, unknown>, string][] = [
    [{ learningRate: NaN }, "'learningRate' cannot be NaN"],
    [{ learningRate: Infinity }, "'learningRate' cannot be Infinity"],
    [{ learningRate: 1e-50 * 0 - 1e-50 }, "'learningRate' cannot be -1e-50"],
    [{ batchSize: -0 }, "'batchSize' cannot be -0"],
    [{ batchSize: 10n }, "'batchSize' cannot be 10n"],
    [{ networkShape: [4, NaN] }, "'networkShape' cannot be [4,NaN]"],
    [{ networkShape: Array(20).fill(1) }, "'networkShape' cannot be [1,1,1,1,1,1,1,1,...]"],
    [{ activation: cyclic }, `'activation' cannot be {"self":{"self":{"self":{...}}}}`],
    [{ activation: 'swish' }, `'activation' cannot be "swish"`],
    [{ activation: undefined }, "'activation' cannot be undefined"],
  ];
  for (const [partial, message] of cases) assert.deepEqual(checkPartial(partial).problems, [message]);
  // A file's 1e400 reads as Infinity: named so, not as the null JSON would write back.
  assert.equal(problem(file((f) => (f.state.learningRate = 12345)).replace('12345', '1e400')), "in 'state': 'learningRate' cannot be Infinity");
});
