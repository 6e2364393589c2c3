// The one-file page's setup element: the JSON put into it can never end the <script> element
// (or open a comment in it), it reads back to the same hash, and every broken setup is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { fillTemplate, oneFileName, readSetup, scriptJson } from '../../web/src/one-file';
import { unpackLink } from '../../web/src/share';
import { parseHash, toHash } from '../../web/src/state';
import { pageHash } from '../../web/src/views/share/one-file';

const TEMPLATE = '<!doctype html><head><script type="application/json" id="bp-setup"></script><style></style></head>' +
  '<body><script>const tag = \'<script type="application/json" id="bp-setup">\';<\\/script></script></body>';

/** The setup element's text in a filled page, as an HTML parser takes it: up to the first </script. */
function elementText(html: string): string {
  const open = '<script type="application/json" id="bp-setup">';
  const from = html.indexOf(open) + open.length;
  return html.slice(from, html.slice(from).search(/<\/script/i) + from);
}

test('any hash goes in and reads back the same; the text has no < at all', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
    const hash = `#${text}`;
    const html = fillTemplate(TEMPLATE, { hash });
    const inside = elementText(html);
    assert.equal(inside.includes('<'), false);
    assert.deepEqual(readSetup({ textContent: inside } as HTMLElement), { hash, problem: null });
    assert.ok(html.endsWith('<\\/script></script></body>'), 'the rest of the template is untouched');
  }), { numRuns: 500 });
  assert.equal(scriptJson({ hash: '#</script><!--' }), '{"hash":"#\\u003c/script>\\u003c!--"}');
});

test('a page made from a filled page (its own template) replaces the setup, not the copy of the tag in its script', () => {
  const once = fillTemplate(TEMPLATE, { hash: '#dataset=xor' });
  const twice = fillTemplate(once, { hash: '#dataset=spiral' });
  assert.equal(readSetup({ textContent: elementText(twice) } as HTMLElement).hash, '#dataset=spiral');
  assert.equal(twice.length, once.length + 3);
  assert.throws(() => fillTemplate('<html></html>', { hash: '' }), /no place for the setup/);
});

test('a broken setup is named and gives the default hash', () => {
  const read = (text: string | null) => readSetup(text === null ? null : ({ textContent: text } as HTMLElement));
  assert.deepEqual(read(''), { hash: '', problem: null }, 'the bare template: the default network, nothing to say');
  assert.match(read(null).problem ?? '', /no setup element/);
  assert.match(read('{"hash": "#dataset').problem ?? '', /^The saved setup is not valid JSON/);
  for (const text of ['null', '[]', '"#dataset=xor"', '{"hash": 3}', '{}']) assert.match(read(text).problem ?? '', /not an object with a "hash" text/, text);
  assert.match(read('{"hash": "dataset=xor"}').problem ?? '', /does not start with #/);
  for (const bad of ['null', '{"hash": 3}', '{"hash": "x"}', '{']) assert.equal(read(bad).hash, '');
});

test('the hash is the share link\'s: without weights none (even a link\'s), with them the current ones and their run', async () => {
  const { state } = parseHash('#dataset=xor&networkShape=3&seed=4&weights=abc');
  assert.equal(await pageHash(state, null, false), toHash({ ...state, weights: '' }));
  await assert.rejects(pageHash(state, null, true), /not known yet/);
  const parameters = Float32Array.from({ length: 13 }, (_, i) => i / 7 - 1);
  const frame = { snapshot: { parameters, metrics: { step: 40, epoch: 2 } }, history: { step: [0, 20, 40], trainLoss: [1, 0.5, 0.25], testLoss: [1, 0.6, 0.3] } };
  const hash = await pageHash(state, frame as never, true);
  const reread = parseHash(hash);
  assert.deepEqual(reread.problems, []);
  assert.notEqual(reread.state.weights, '');
  assert.equal(reread.state.weightsAt, 'current');
  const unpacked = await unpackLink(reread.state.weights);
  assert.deepEqual(new Uint8Array(unpacked.parameters.buffer), new Uint8Array(parameters.buffer), 'bit for bit');
  assert.deepEqual([unpacked.run?.step, unpacked.run?.epoch, unpacked.run?.history.step], [40, 2, [0, 20, 40]]);
  assert.equal(oneFileName('xor'), 'backprop-playground-xor.html');
  assert.equal(oneFileName('reg-plane'), 'backprop-playground-reg-plane.html');
  assert.equal(oneFileName('A b/../c'), 'backprop-playground-a-b-c.html');
});
