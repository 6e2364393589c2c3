// Saved setups and CSV: a setup round-trips to the last bit of every weight, and every kind of
// bad file is refused with a message naming the problem (never a throw, never half a setup).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  buildExport, csvField, csvText, FORMAT_VERSION, lossCsv, parameterCount, parseExport, pointsCsv, shortestFloat32,
  type Setup,
} from '../../web/src/export';
import { layerWidths } from '../../web/src/model';
import { defaultState, parseHash, toHash, type State } from '../../web/src/state';

function randomFloats(n: number, seed = 7): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v[i] = (s / 2 ** 32 - 0.5) * 5;
  }
  v[1] = 1e-40; // a subnormal
  v[2] = 3.4e38;
  return v;
}

function setup(state: Partial<State> = {}): Setup {
  const full: State = { ...defaultState(), networkShape: [5, 3], activation: 'relu', seed: 42, hidden: ['seed'], ...state };
  const count = parameterCount(layerWidths(full));
  return {
    state: full,
    parameters: randomFloats(count, 1),
    start: randomFloats(count, 2),
    history: {
      step: [0, 10, 20], epoch: [0, 0.4, 0.8], trainLoss: [0.5, 0.25, Infinity], testLoss: [0.52, NaN, 0.125],
      gradientNorms: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]],
    },
  };
}

/** The file as an object, changed by `edit`, back to text. */
function edited(edit: (file: Record<string, any>) => void, from: Setup = setup()): string {
  const file = JSON.parse(buildExport(from));
  edit(file);
  return JSON.stringify(file);
}

function refused(text: string, pattern: RegExp): void {
  const result = parseExport(text);
  assert.ok('problem' in result, `refused: ${text.slice(0, 80)}`);
  assert.match(result.problem, pattern);
}

const bits = (v: Float32Array | null) => (v ? Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length)) : null);

test('parameterCount: a weight matrix and a bias vector per layer', () => {
  assert.equal(parameterCount([2, 4, 2, 1]), 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1);
  assert.equal(parameterCount([7, ...Array(8).fill(16), 1]), 7 * 16 + 16 + 7 * (16 * 16 + 16) + 16 + 1);
  assert.equal(parameterCount([3]), 0);
});

test('shortestFloat32 prints few digits and reads back to the same float32', () => {
  assert.equal(shortestFloat32(Math.fround(0.1)), 0.1);
  assert.equal(shortestFloat32(Math.fround(-1.2345678)), -1.2345678);
  for (const v of randomFloats(2000, 99)) {
    const short = shortestFloat32(v);
    assert.equal(Math.fround(short), v);
    assert.ok(String(short).replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length <= 9, String(short));
  }
});

test('a setup round-trips: state, drawn points, weights to the last bit, history (non-finite losses as NaN)', () => {
  const points = [1.25, -3.5, 1, 6, -6, -1, 0, 0.5, 1, -2, 2, -1];
  const original = setup({ dataset: 'custom', points, weights: 'AAAA', weightsAt: 'start', locked: ['activation'] });
  const text = buildExport(original, new Date('2025-01-02T03:04:05Z'));
  const file = JSON.parse(text);
  assert.equal(file.format, 'backprop-playground');
  assert.equal(file.version, FORMAT_VERSION);
  assert.equal(file.exportedAt, '2025-01-02T03:04:05.000Z');
  assert.deepEqual(file.data.points[0], [1.25, -3.5, 1]);
  assert.deepEqual(file.weights.layers, [2, 5, 3, 1]);
  assert.equal(file.state.weights, undefined, 'the weights are not repeated in the state');
  assert.equal(file.history.trainLoss[2], null);
  assert.match(text, /"step": \[0,10,20\]/, 'lists of numbers stay on one line');

  const result = parseExport(text);
  assert.ok('setup' in result, JSON.stringify(result));
  const back = result.setup;
  assert.deepEqual(back.state, { ...original.state, weights: '', weightsAt: 'current' });
  assert.deepEqual(bits(back.parameters), bits(original.parameters));
  assert.deepEqual(bits(back.start), bits(original.start));
  assert.deepEqual(back.history, { ...original.history!, trainLoss: [0.5, 0.25, NaN], testLoss: [0.52, NaN, 0.125] });
  // And again: the second file is the first.
  assert.equal(buildExport(back, new Date('2025-01-02T03:04:05Z')), buildExport({ ...original, history: back.history }, new Date('2025-01-02T03:04:05Z')));
});

test('a setup without weights, starting weights or history, and one of the largest network', () => {
  const bare: Setup = { ...setup(), parameters: null, start: null, history: null };
  const result = parseExport(buildExport(bare));
  assert.ok('setup' in result);
  assert.equal(result.setup.parameters, null);
  assert.equal(result.setup.history, null);
  const big = setup({ networkShape: Array(8).fill(16), xSquared: true, ySquared: true, xTimesY: true, sinX: true, sinY: true });
  const again = parseExport(buildExport({ ...big, start: null }));
  assert.ok('setup' in again);
  assert.equal(again.setup.parameters!.length, 2049);
  assert.equal(again.setup.start, null);
});

test('not JSON, not an object, a foreign format: refused by name', () => {
  refused('', /not JSON/);
  refused('{"format": "backprop-playground", "version": 1,', /not JSON/);
  refused('\u0000\u0001binary', /not JSON/);
  refused('[1, 2, 3]', /not a saved setup/);
  refused('"hello"', /not a saved setup/);
  refused('null', /not a saved setup/);
  refused(JSON.stringify({ version: 1 }), /has no 'format'/);
  refused(edited((f) => (f.format = 'tensorflow-playground')), /its format is "tensorflow-playground"/);
});

test('a newer or a nonsense version is refused; the message names both versions', () => {
  refused(edited((f) => (f.version = 2)), /newer version of the playground \(format version 2; this page reads version 1\)/);
  refused(edited((f) => {
    f.version = 3;
    f.somethingNew = true;
  }), /newer version/);
  refused(edited((f) => (f.version = '1')), /'version' must be a whole number/);
  refused(edited((f) => (f.version = 0)), /'version' must be a whole number/);
  refused(edited((f) => (f.version = 1.5)), /'version' must be a whole number/);
});

test('missing and extra fields are refused by name', () => {
  for (const name of ['exportedAt', 'state', 'data', 'weights', 'history']) {
    refused(edited((f) => delete f[name]), new RegExp(`'${name}' is missing`));
  }
  refused(edited((f) => (f.comment = 'hi')), /unknown field 'comment'/);
  refused(edited((f) => (f.weights.extra = 1)), /'weights' has an unknown field 'extra'/);
  refused(edited((f) => delete f.weights.start), /'weights' 'start' is missing/);
  refused(edited((f) => (f.history.loss = [])), /'history' has an unknown field 'loss'/);
  refused(edited((f) => delete f.history.testLoss), /'testLoss' is missing/);
  refused(edited((f) => (f.exportedAt = 5)), /'exportedAt' must be a date/);
});

test('a bad state is refused by the setting it names', () => {
  refused(edited((f) => (f.state = 'activation=relu')), /'state' must be an object/);
  refused(edited((f) => (f.state.activation = 'swish')), /in 'state': 'activation' cannot be "swish"/);
  refused(edited((f) => (f.state.bogus = 1)), /in 'state': unknown property 'bogus'/);
  refused(edited((f) => (f.state.weights = 'AAAA')), /'state' must not hold 'weights'/);
  refused(edited((f) => (f.state.locked = ['nothing'])), /'locked' must be a list of control names/);
  refused(edited((f) => {
    f.state.x = false;
    f.state.y = false;
  }), /no input feature is on/);
  // Settings the file leaves out take their defaults (a hand-written file may be short).
  const result = parseExport(edited((f) => delete f.state.theme));
  assert.ok('setup' in result);
  assert.equal(result.setup.state.theme, 'auto'); // the default: follow the system
});

test('drawn points: required for a custom data set, checked, and refused elsewhere', () => {
  const custom = setup({ dataset: 'custom', points: [1, 1, 1, -1, -1, -1] });
  refused(edited((f) => (f.data = null), custom), /'data' must hold the drawn points/);
  refused(edited((f) => (f.data.points[0] = [1, 2]), custom), /data.points\[0\] must be \[x, y, label\]/);
  refused(edited((f) => (f.data.points[1] = [1, 9, 1]), custom), /data.points\[1\] must have x and y from -6 to 6 and a label of 1 or -1 \(got \[1,9,1\]\)/);
  refused(edited((f) => (f.data.points[1] = [1, 1, 0.5]), custom), /a label of 1 or -1 \(got \[1,1,0.5\]\)/);
  refused(edited((f) => (f.data.points = [[1, 1, 1]]), custom), /needs at least 2 points/);
  refused(edited((f) => (f.data = { points: [] })), /'data' must be null/);
});

test('weights: NaN, text, the wrong count or the wrong layers are refused', () => {
  refused(edited((f) => (f.weights.current[3] = null)), /weights.current\[3\] is not a finite number \(got null\)/);
  refused(edited((f) => (f.weights.current[0] = 'NaN')), /weights.current\[0\] is not a finite number/);
  refused(buildExport(setup()).replace(/"current": \[[^\]]*?,/, '"current": [NaN,'), /not JSON/);
  refused(edited((f) => f.weights.current.pop()), /'weights.current' has 36 values; this network has 37/);
  refused(edited((f) => f.weights.start.push(1)), /'weights.start' has 38 values; this network has 37/);
  refused(edited((f) => (f.weights.current = {})), /'weights.current' must be a list of numbers/);
  refused(edited((f) => (f.weights.layers = [2, 4, 2, 1])), /weights are for layers 2-4-2-1 but the configuration's network has 2-5-3-1/);
  refused(edited((f) => (f.state.networkShape = [4])), /weights are for layers 2-5-3-1/);
  refused(edited((f) => (f.weights = [1, 2, 3])), /'weights' must be null or/);
});

test('history: lists of the same length, steps that never go down', () => {
  refused(edited((f) => f.history.epoch.pop()), /'history.epoch' has 2 entries but 'history.step' has 3/);
  refused(edited((f) => (f.history.step = [0, 20, 10])), /never go down/);
  refused(edited((f) => (f.history.step[1] = -1)), /never go down/);
  refused(edited((f) => (f.history.epoch[1] = null)), /history.epoch\[1\] is not a finite number/);
  refused(edited((f) => (f.history.gradientNorms = [1, 2])), /history.gradientNorms\[0\]' must be a list/);
  refused(edited((f) => (f.history = 'none')), /'history' must be null or/);
});

test('a refused file never throws, whatever its content', () => {
  const file = JSON.parse(buildExport(setup()));
  const paths: [Record<string, any>, string][] = [];
  const walk = (o: Record<string, any>) => {
    for (const key of Object.keys(o)) {
      paths.push([o, key]);
      if (o[key] !== null && typeof o[key] === 'object') walk(o[key]);
    }
  };
  walk(file);
  for (const [owner, key] of paths) {
    for (const value of [null, 'x', -1, 1e309, [], {}, true, [null]]) {
      const before = owner[key];
      owner[key] = value;
      const result = parseExport(JSON.stringify(file));
      assert.ok('setup' in result || typeof result.problem === 'string');
      owner[key] = before;
    }
  }
});

test('CSV fields: plain, quoted when they hold a separator, a quote, a line break or edge spaces', () => {
  assert.equal(csvField('train'), 'train');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' padded'), '" padded"');
  assert.equal(csvField(0.25), '0.25');
  assert.equal(csvField(-3), '-3');
  assert.equal(csvField(NaN), '');
  assert.equal(csvField(Infinity), '');
  assert.equal(csvText([['a', 'b'], [1, 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
});

test('the loss history and the data points as CSV', () => {
  assert.equal(lossCsv({ step: [0, 10], epoch: [0, 0.5], trainLoss: [0.5, NaN], testLoss: [0.52, 0.25] }),
    'epoch,step,train_loss,test_loss\r\n0,0,0.5,0.52\r\n0.5,10,,0.25\r\n');
  const train = Float32Array.from([0.1, -2, 1, 3.5, 4, -1]);
  const test = Float32Array.from([-6, 6, 1]);
  assert.equal(pointsCsv(train, test), 'x,y,label,set\r\n0.1,-2,1,train\r\n3.5,4,-1,train\r\n-6,6,1,test\r\n');
  assert.equal(pointsCsv([], []), 'x,y,label,set\r\n');
});

test('weights in the state: optional in the link, checked as text, round-tripped', () => {
  const plain = toHash(defaultState());
  assert.doesNotMatch(plain, /[#&]weights(At)?=/, 'a link without weights does not mention them');
  const state: State = { ...defaultState(), weights: 'eJz-_09', weightsAt: 'start' };
  const { state: back, problems } = parseHash(toHash(state));
  assert.deepEqual(problems, []);
  assert.equal(back.weights, 'eJz-_09');
  assert.equal(back.weightsAt, 'start');
  assert.match(parseHash('#weights=abc$').problems[0], /'weights' must be packed weights/);
  assert.match(parseHash(`#weights=${'A'.repeat(8001)}`).problems[0], /'weights' is longer than 8000 characters/);
  assert.match(parseHash('#weightsAt=later').problems[0], /'weightsAt' must be one of current, start/);
});
