// The embed's postMessage API as a reader: every command is understood, every malformed message
// is refused with a message that says what is wrong, and no input whatever makes it throw.
// Also the embed URL's options, the highlight's range check and the progress throttle.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { parseEmbedOptions, normalOrigin } from '../../web/src/embed/options';
import { COMMANDS, MAX_STEPS, parseMessage, SOURCE, type Parsed } from '../../web/src/embed/messages';
import { throttle } from '../../web/src/embed/throttle';
import { highlightProblem } from '../../web/src/highlight';

const ours = (fields: Record<string, unknown>) => ({ source: SOURCE, ...fields });

function command(parsed: Parsed) {
  assert.equal(parsed.kind, 'command', JSON.stringify(parsed));
  return (parsed as Extract<Parsed, { kind: 'command' }>).command;
}

function refusal(parsed: Parsed, pattern: RegExp) {
  assert.equal(parsed.kind, 'invalid', JSON.stringify(parsed));
  const invalid = parsed as Extract<Parsed, { kind: 'invalid' }>;
  assert.match(invalid.message, pattern);
  return invalid;
}

test('every command is read, with its id', () => {
  assert.deepEqual(command(parseMessage(ours({ type: 'load', hash: '#activation=relu', id: 1 }))), { type: 'load', hash: '#activation=relu', id: 1 });
  assert.deepEqual(command(parseMessage(ours({ type: 'load', state: { learningRate: 0.1, dataset: 'xor' } }))),
    { type: 'load', state: { learningRate: 0.1, dataset: 'xor' }, problems: [] });
  for (const type of ['play', 'pause', 'reset', 'resetSetup', 'getState']) {
    assert.deepEqual(command(parseMessage(ours({ type, id: 'a' }))), { type, id: 'a' });
  }
  assert.deepEqual(command(parseMessage(ours({ type: 'step', n: 25 }))), { type: 'step', n: 25 });
  assert.deepEqual(command(parseMessage(ours({ type: 'step' }))), { type: 'step', n: null });
  assert.deepEqual(command(parseMessage(ours({ type: 'step', n: MAX_STEPS }))), { type: 'step', n: MAX_STEPS });
  assert.deepEqual(command(parseMessage(ours({ type: 'set', key: 'learningRate', value: 0.3 }))), { type: 'set', key: 'learningRate', value: 0.3 });
  assert.deepEqual(command(parseMessage(ours({ type: 'set', key: 'networkShape', value: [3, 2] }))), { type: 'set', key: 'networkShape', value: [3, 2] });
  assert.deepEqual(command(parseMessage(ours({ type: 'set', key: 'locked', value: ['activation'] }))), { type: 'set', key: 'locked', value: ['activation'] });
  assert.deepEqual(command(parseMessage(ours({ type: 'highlight', neuron: { layer: 1, index: 0 } }))),
    { type: 'highlight', target: { neuron: { layer: 1, index: 0 } } });
  assert.deepEqual(command(parseMessage(ours({ type: 'highlight', link: { layer: 0, from: 1, to: 2 } }))),
    { type: 'highlight', target: { link: { layer: 0, from: 1, to: 2 } } });
  assert.deepEqual(command(parseMessage(ours({ type: 'highlight' }))), { type: 'highlight', target: null });
  assert.deepEqual(command(parseMessage(ours({ type: 'highlight', neuron: null }))), { type: 'highlight', target: null });
  // Every command type is covered above.
  assert.deepEqual([...COMMANDS].sort(), ['getState', 'highlight', 'load', 'pause', 'play', 'reset', 'resetSetup', 'set', 'step']);
});

test('a load with some unusable properties applies the rest and lists the problems', () => {
  const c = command(parseMessage(ours({ type: 'load', state: { learningRate: 0.1, noise: 99, nonsense: 1 } })));
  assert.deepEqual(c, { type: 'load', state: { learningRate: 0.1 }, problems: ["'noise' cannot be 99", "unknown property 'nonsense'"] });
  const nothing = refusal(parseMessage(ours({ type: 'load', state: { noise: 99 } })), /nothing usable.*noise/);
  assert.deepEqual(nothing.problems, ["'noise' cannot be 99"]);
});

test('messages that are not ours are ignored silently', () => {
  for (const data of [null, undefined, 0, 'play', [], [SOURCE], { type: 'play' }, { source: 'other', type: 'play' },
    { source: SOURCE.toUpperCase(), type: 'play' }, new Uint8Array(4)]) {
    assert.deepEqual(parseMessage(data), { kind: 'ignore' }, String(data));
  }
});

test('malformed commands are refused with a message that names the problem', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /unknown command type undefined/],
    [{ type: 'fly' }, /unknown command type "fly"; expected one of load, play/],
    [{ type: 42 }, /unknown command type 42/],
    [{ type: 'play', id: {} }, /id must be a string .* or a finite number/],
    [{ type: 'play', id: Infinity }, /id must be/],
    [{ type: 'play', id: 'x'.repeat(101) }, /id must be a string of up to 100/],
    [{ type: 'play', n: 3 }, /'play' does not take 'n'; it takes no fields besides id/],
    [{ type: 'step', count: 3 }, /'step' does not take 'count'; it takes n/],
    [{ type: 'step', n: 0 }, /n must be a whole number from 1 to 10000 \(got 0\)/],
    [{ type: 'step', n: 10001 }, /from 1 to 10000/],
    [{ type: 'step', n: 2.5 }, /whole number/],
    [{ type: 'step', n: '5' }, /got "5"/],
    [{ type: 'step', n: NaN }, /whole number/],
    [{ type: 'load' }, /either hash .* or state/],
    [{ type: 'load', hash: '#a', state: {} }, /either hash/],
    [{ type: 'load', hash: 7 }, /hash must be a string/],
    [{ type: 'load', hash: `#${'a'.repeat(100_001)}` }, /too long/],
    [{ type: 'load', state: [1] }, /state must be an object/],
    [{ type: 'load', state: 'x' }, /state must be an object/],
    [{ type: 'set', key: 'learningRate' }, /needs a value/],
    [{ type: 'set', value: 1 }, /key must be the name of a property/],
    [{ type: 'set', key: 'speling', value: 1 }, /'speling' is not a property/],
    [{ type: 'set', key: '__proto__', value: {} }, /is not a property/],
    [{ type: 'set', key: 'learningRate', value: -1 }, /'learningRate' cannot be -1/],
    [{ type: 'set', key: 'activation', value: '<b>x</b>' }, /'activation' cannot be/],
    [{ type: 'set', key: 'locked', value: ['nothing'] }, /'locked' must be a list of control names/],
    [{ type: 'highlight', neuron: { layer: 1 } }, /neuron.index must be a whole number/],
    [{ type: 'highlight', neuron: { layer: -1, index: 0 } }, /neuron.layer must be a whole number from 0/],
    [{ type: 'highlight', neuron: { layer: 1, index: 0, colour: 'red' } }, /takes only layer and index/],
    [{ type: 'highlight', neuron: 3 }, /neuron must be an object/],
    [{ type: 'highlight', link: { layer: 0, from: 0 } }, /link.to must be/],
    [{ type: 'highlight', link: 'x' }, /link must be an object/],
    [{ type: 'highlight', neuron: { layer: 1, index: 0 }, link: { layer: 0, from: 0, to: 0 } }, /a neuron or a link, not both/],
    [{ type: 'highlight', weight: 1 }, /does not take 'weight'/],
  ];
  for (const [fields, pattern] of cases) {
    const invalid = refusal(parseMessage(ours(fields)), pattern);
    assert.ok(invalid.message.length < 300, 'a message short enough to show');
  }
  // The id comes back with the refusal when it could be read, and so does the command.
  const invalid = refusal(parseMessage(ours({ type: 'step', n: 0, id: 'q1' })), /whole number/);
  assert.equal(invalid.id, 'q1');
  assert.equal(invalid.command, 'step');
});

test('no message whatever makes the reader throw, and what it accepts is well-formed', () => {
  const field = fc.oneof(fc.constantFrom(...COMMANDS, 'fly', ''), fc.anything());
  const message = fc.record({
    source: fc.oneof(fc.constant(SOURCE), fc.anything()),
    type: field,
    id: fc.anything(),
    n: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.anything()),
    hash: fc.oneof(fc.string(), fc.anything()),
    state: fc.oneof(fc.dictionary(fc.constantFrom('learningRate', 'noise', 'activation', 'x', 'bogus'), fc.anything()), fc.anything()),
    key: fc.oneof(fc.constantFrom('learningRate', 'networkShape', 'dataset', 'hidden'), fc.string()),
    value: fc.anything(),
    neuron: fc.oneof(fc.record({ layer: fc.integer({ min: -2, max: 12 }), index: fc.integer({ min: -2, max: 20 }) }), fc.anything()),
    link: fc.anything(),
  }, { requiredKeys: [] });
  fc.assert(
    fc.property(fc.oneof(message, fc.anything()), (data) => {
      const parsed = parseMessage(data);
      if (parsed.kind === 'invalid') {
        assert.equal(typeof parsed.message, 'string');
        assert.ok(parsed.message.length > 0);
      } else if (parsed.kind === 'command') {
        const c = parsed.command;
        assert.ok((COMMANDS as readonly string[]).includes(c.type));
        if (c.type === 'step' && c.n !== null) assert.ok(Number.isInteger(c.n) && c.n >= 1 && c.n <= MAX_STEPS);
        if (c.id !== undefined) assert.ok(typeof c.id === 'string' || Number.isFinite(c.id));
      }
    }),
    { numRuns: 3000 },
  );
});

test('the embed URL options: panels, locks, hidden controls, autoplay, origins', () => {
  const plain = parseEmbedOptions('');
  assert.deepEqual(plain.panels, ['controls', 'network', 'output']);
  assert.equal(plain.chart, true);
  assert.equal(plain.origins, null);
  assert.equal(plain.autoplay, false);
  assert.deepEqual(plain.problems, []);

  const o = parseEmbedOptions('?panels=network,output&locked=activation,learningRate&hide=seed&autoplay=1&origins=https://a.example,https://b.example:8443');
  assert.deepEqual(o.panels, ['network', 'output']);
  assert.equal(o.chart, false, 'the chart is shown only when listed');
  assert.deepEqual(o.locked, ['activation', 'learningRate']);
  assert.deepEqual(o.hidden, ['seed']);
  assert.equal(o.autoplay, true);
  assert.deepEqual(o.origins, ['https://a.example', 'https://b.example:8443']);
  assert.deepEqual(o.problems, []);

  const chart = parseEmbedOptions('?panels=chart');
  assert.deepEqual(chart.panels, ['output']);
  assert.equal(chart.chartOnly, true);

  const bad = parseEmbedOptions('?panels=network,sidebar&locked=activation,colour&autoplay=maybe&origins=https://a.example/path,ftp://x,null&panel=x');
  assert.deepEqual(bad.panels, ['network']);
  assert.deepEqual(bad.locked, ['activation']);
  assert.deepEqual(bad.origins, ['null'], 'a mistyped origin allows nobody rather than everybody');
  assert.equal(bad.problems.length, 6);
  assert.match(bad.problems.join('\n'), /no panel 'sidebar'/);
  assert.match(bad.problems.join('\n'), /no control 'colour'/);
  assert.match(bad.problems.join('\n'), /autoplay must be 1 or 0/);
  assert.match(bad.problems.join('\n'), /'https:\/\/a.example\/path' is not an origin/);
  assert.match(bad.problems.join('\n'), /unknown embed option 'panel'/);

  assert.equal(normalOrigin('https://a.example/'), 'https://a.example');
  assert.equal(normalOrigin('https://A.example'), null, 'an origin is written as the browser writes it');
  assert.equal(normalOrigin('javascript:alert(1)'), null);
});

test('a highlight must point at a neuron or link of the network', () => {
  const widths = [2, 4, 2, 1];
  assert.equal(highlightProblem({ neuron: { layer: 1, index: 3 } }, widths), null);
  assert.equal(highlightProblem({ neuron: { layer: 3, index: 0 } }, widths), null);
  assert.match(highlightProblem({ neuron: { layer: 1, index: 4 } }, widths)!, /neuron 4 is not in hidden layer 1 \(it has 4/);
  assert.match(highlightProblem({ neuron: { layer: 4, index: 0 } }, widths)!, /no layer 4/);
  assert.equal(highlightProblem({ link: { layer: 0, from: 1, to: 3 } }, widths), null);
  assert.match(highlightProblem({ link: { layer: 0, from: 2, to: 0 } }, widths)!, /input layer/);
  assert.match(highlightProblem({ link: { layer: 3, from: 0, to: 0 } }, widths)!, /last layer is 3/);
});

test('the progress throttle sends at most one per interval, and always the last', async () => {
  let clock = 0;
  const sent: number[] = [];
  const t = throttle<number>(250, (v) => sent.push(v), () => clock);
  t.push(1); // the first goes at once
  clock = 10;
  t.push(2);
  t.push(3);
  assert.deepEqual(sent, [1]);
  clock = 260;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(sent, [1, 3], 'the burst becomes its last value');
  t.push(4);
  t.cancel();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(sent, [1, 3], 'cancelled');
});
