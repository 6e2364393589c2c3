// What tutorial authors asked for (issue 9), in Chromium on an author's page: a host's command
// with a mistake is answered to the host, not shown to the reader; "Reset to this setup" brings
// back the author's configuration (points and given weights included) in the iframe and the
// element; a `change` event tells the host what the reader changed, and only that; the element's
// `label` names its region and shows a caption. Screenshots of both, light and dark, desktop and
// phone, go to test-results/authors-*.png.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { packWeights } from '../../web/src/share.ts';
import { artifacts, drawn, launch, root, serve } from './harness.mjs';

const SOURCE = 'backprop-playground';
// The author's own ten points (docs/embedding.md's example) and starting weights for a 2-2-1 network.
const POINTS = '2_3_1~3_1_1~4_4_1~1_4_1~3_5_1~-2_-3_-1~-3_-1_-1~-4_-4_-1~-1_-4_-1~-3_-5_-1';
const WEIGHTS = [0.5, -0.25, 0.75, 0.125, 0.1, -0.2, 1.5, -1.25, 0.05];
const f32 = (values) => Array.from(new Float32Array(values));
let author; // the author's configuration, with the packed weights

// A host page with one iframe (sized to its content by the resize events) and a request()
// helper; `received` collects every message the frame sends.
const frameHost = (src) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>An author's page with a frame</title><link rel="icon" href="data:,"></head>
<body style="margin:8px">
<iframe id="frame" title="A network on the author's points" style="width:100%;height:700px;border:0;display:block" src="${src}"></iframe>
<script>
  const frame = document.getElementById('frame');
  window.received = [];
  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.data?.source !== '${SOURCE}') return;
    received.push(event.data);
    if (event.data.type === 'resize') frame.style.height = event.data.height + 'px';
  });
  let next = 0;
  window.request = (message) => new Promise((resolve) => {
    const id = 'r' + next++;
    addEventListener('message', function listen(event) {
      if (event.source !== frame.contentWindow || event.data?.id !== id) return;
      removeEventListener('message', listen);
      resolve(event.data);
    });
    frame.contentWindow.postMessage({ source: '${SOURCE}', id, ...message }, '*');
  });
</script>
</body></html>`;

// A host page with elements; `events` collects every change/error event heard ON the elements
// (not captured), with whether it was the element's own (a CustomEvent with a detail).
const elementHost = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>An author's page with elements</title><link rel="icon" href="data:,">
<script type="module" src="./pg/backprop-playground.js"></script>
<script>
  window.events = [];
  window.warnings = [];
  const warn = console.warn;
  console.warn = (...args) => { warnings.push(args.join(' ')); warn(...args); };
  document.addEventListener('DOMContentLoaded', () => {
    for (const el of document.querySelectorAll('backprop-playground')) {
      for (const type of ['ready', 'change', 'error']) {
        el.addEventListener(type, (e) => events.push({ type, id: el.id, own: e instanceof CustomEvent && e.target === el, detail: e.detail ?? null }));
      }
    }
  });
</script></head>
<body style="margin:8px">${body}</body></html>`;

let server, browser, hostDir;
before(async () => {
  author = `#dataset=custom&points=${POINTS}&networkShape=2&learningRate=0.03&seed=7&weights=${await packWeights(new Float32Array(WEIGHTS))}`;
  hostDir = mkdtempSync(join(tmpdir(), 'bp-authors-'));
  symlinkSync(join(root, 'dist'), join(hostDir, 'pg'), 'dir');
  const embed = (config) => `./pg/embed.html?panels=controls,network,output${config}`;
  writeFileSync(join(hostDir, 'frame.html'), frameHost(embed(author)));
  writeFileSync(join(hostDir, 'frame-dark.html'), frameHost(embed(`${author}&theme=dark`)));
  writeFileSync(join(hostDir, 'frame-nobutton.html'), frameHost(embed(`${author}&resetSetupButton_hide=true`)));
  const element = (config, label) => `
    <h1>Your own points</h1>
    <backprop-playground id="el" label="${label}" config="${config}" panels="controls,network,output"></backprop-playground>
    <backprop-playground id="plain" config="#dataset=xor" panels="output"></backprop-playground>`;
  writeFileSync(join(hostDir, 'element.html'), elementHost(element(author, 'Ten points and a small network')));
  writeFileSync(join(hostDir, 'element-dark.html'), elementHost(element(`${author}&theme=dark`, 'Ten points and a small network')));
  server = await serve(hostDir, '/');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

async function openFrame(file = 'frame.html', size = {}) {
  const page = await browser.page(`${server.url}${file}`, size);
  await page.waitForFunction(() => received.some((m) => m.type === 'ready'), null, { timeout: 20_000 });
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => window.playground.snapshot?.parameters.length > 0);
  return { page, frame };
}

async function openElements(file = 'element.html', size = {}) {
  const page = await browser.page(`${server.url}${file}`, size);
  await page.waitForFunction(() => ['el', 'plain'].every((id) => events.some((e) => e.type === 'ready' && e.id === id)), null, { timeout: 20_000 });
  return page;
}

const request = (page, message) => page.evaluate((m) => window.request(m), message);
const changes = (page) => page.evaluate(() => received.filter((m) => m.type === 'change'));
const visibleNotices = (scope) => scope.evaluate(() =>
  [...document.querySelectorAll('.notice')].filter((n) => !n.hidden && n.getClientRects().length > 0).map((n) => n.textContent));
const parameters = (scope, expression) => scope.evaluate((e) => Array.from(eval(e).snapshot.parameters), expression);

/** The frame or element back at the author's setup: its settings, its points, its weights, step 0. */
async function assertAuthorSetup(scope, playground, expected) {
  await scope.waitForFunction((e) => eval(e).snapshot?.metrics.step === 0 && eval(e).snapshot.parameters.length === 9, playground);
  const state = await scope.evaluate((e) => eval(e).getState(), playground);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(state[key], value, key);
  assert.equal(state.points.length, 30, 'the ten points');
  await scope.waitForFunction(([e, w]) => Array.from(eval(e).snapshot.parameters).every((v, i) => v === w[i]), [playground, f32(WEIGHTS)]);
}

test('iframe: a load with a bad key shows the reader no notice; the reply names the key', async () => {
  const { page, frame } = await openFrame();
  assert.deepEqual(await visibleNotices(frame), [], 'the author URL is clean');
  const reply = await request(page, { type: 'load', hash: '#dataset=xor&bogusKey=1&learningRate=banana' });
  assert.equal(reply.type, 'ok');
  assert.equal(reply.command, 'load');
  assert.ok(reply.problems.some((p) => p.includes("'bogusKey'")), JSON.stringify(reply.problems));
  assert.ok(reply.problems.some((p) => p.includes("'learningRate'")), JSON.stringify(reply.problems));
  assert.equal((await request(page, { type: 'getState' })).state.dataset, 'xor', 'the rest was applied');
  await page.waitForTimeout(300);
  assert.deepEqual(await visibleNotices(frame), [], "the host's mistake is not shown to the reader");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('iframe: change events come for the reader only; Reset to this setup brings back points and weights', async () => {
  const { page, frame } = await openFrame();
  const button = frame.locator('.reset-setup');
  const expected = { dataset: 'custom', networkShape: [2], learningRate: 0.03, seed: 7 };
  await assertAuthorSetup(frame, 'window.playground', expected);
  assert.equal(await button.isHidden(), true, 'nothing changed yet: no button');

  // The host's own commands: no change event.
  assert.equal((await request(page, { type: 'set', key: 'learningRate', value: 0.1 })).type, 'ok');
  assert.equal((await request(page, { type: 'load', state: { showTestData: true } })).type, 'ok');
  assert.deepEqual((await request(page, { type: 'resetSetup' })), { source: SOURCE, type: 'ok', id: 'r2', command: 'resetSetup' });
  const afterHost = (await request(page, { type: 'getState' })).state;
  assert.equal(afterHost.learningRate, 0.03, 'resetSetup undid the set');
  assert.equal(afterHost.showTestData, true, 'the load joined the setup');
  assert.equal(await button.isHidden(), true);
  await page.waitForTimeout(300);
  assert.deepEqual(await changes(page), [], 'no change event for the host');

  // The reader: a learning rate, a neuron more, some training.
  await frame.locator('select[name="learningRate"]').selectOption('0.3');
  await page.waitForFunction(() => received.some((m) => m.type === 'change'));
  let [change] = await changes(page);
  assert.deepEqual(change.keys, ['learningRate']);
  assert.equal(change.state.learningRate, 0.3);
  assert.equal(change.state.dataset, 'custom');
  assert.equal(await button.isVisible(), true, 'the reader changed something: the button is there');
  await frame.locator('[data-action="add-neuron"]').first().click();
  await page.waitForFunction(() => received.filter((m) => m.type === 'change').length === 2);
  change = (await changes(page))[1];
  assert.deepEqual(change.keys, ['networkShape']);
  assert.deepEqual(change.state.networkShape, [3]);
  await frame.waitForFunction(() => window.playground.snapshot.parameters.length === 2 * 3 + 3 + 3 + 1);
  await request(page, { type: 'step', n: 20 });

  // Reset to this setup: all of it, and the host hears it as the reader's change.
  await button.click();
  await assertAuthorSetup(frame, 'window.playground', { ...expected, showTestData: true });
  await page.waitForFunction(() => received.filter((m) => m.type === 'change').length === 3);
  change = (await changes(page))[2];
  assert.deepEqual(change.keys, ['learningRate', 'networkShape', 'weights']);
  assert.equal(change.state.learningRate, 0.03);
  assert.equal(await button.isHidden(), true, 'back at the setup: no button');

  // A host load of a whole hash is the new setup (and no change event).
  await request(page, { type: 'load', hash: `${author}&learningRate=1` });
  await frame.locator('select[name="learningRate"]').selectOption('0.01');
  await page.waitForFunction(() => received.filter((m) => m.type === 'change').length === 4);
  await request(page, { type: 'resetSetup' });
  await assertAuthorSetup(frame, 'window.playground', { ...expected, learningRate: 1 });
  await page.waitForTimeout(300);
  assert.equal((await changes(page)).length, 4, 'resetSetup from the host sends no change event');
  assert.deepEqual(await visibleNotices(frame), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('resetSetupButton_hide=true: the reader gets no button, the host command still resets', async () => {
  const { page, frame } = await openFrame('frame-nobutton.html');
  await frame.locator('select[name="learningRate"]').selectOption('0.3');
  await page.waitForFunction(() => received.some((m) => m.type === 'change'));
  await drawn(frame);
  assert.equal(await frame.locator('.reset-setup').isHidden(), true, 'hidden by the author');
  assert.equal((await request(page, { type: 'resetSetup' })).type, 'ok');
  assert.equal((await request(page, { type: 'getState' })).state.learningRate, 0.03);
  assert.deepEqual(await visibleNotices(frame), [], 'resetSetupButton is a known name');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('element: change events for the reader only; Reset to this setup; attribute problems go to the host', async () => {
  const page = await openElements();
  const el = "document.getElementById('el').playground";
  const button = page.locator('#el .reset-setup');
  const expected = { dataset: 'custom', networkShape: [2], learningRate: 0.03, seed: 7 };
  await assertAuthorSetup(page, el, expected);
  assert.equal(await button.isHidden(), true);
  const own = () => page.evaluate(() => events.filter((e) => e.type === 'change'));

  // The host's own changes: no change event.
  await page.evaluate(() => document.getElementById('el').playground.setState({ learningRate: 0.1 }));
  await page.evaluate(() => document.getElementById('el').resetSetup());
  await page.evaluate(() => document.getElementById('el').setAttribute('locked', 'dataset'));
  assert.equal(await page.evaluate(() => document.getElementById('el').getState().learningRate), 0.03);
  await page.waitForTimeout(300);
  assert.deepEqual(await own(), []);

  // The reader's: the element's event only, never the inner select's native one.
  await page.locator('#el select[name="learningRate"]').selectOption('0.3');
  await page.waitForFunction(() => events.some((e) => e.type === 'change'));
  let [change] = await own();
  assert.equal(change.own, true, 'the native change of the select stops inside the element');
  assert.deepEqual(change.detail.keys, ['learningRate']);
  assert.equal(change.detail.state.learningRate, 0.3);
  assert.equal(await button.isVisible(), true);
  await page.locator('#el [data-action="add-neuron"]').first().click();
  await page.waitForFunction(() => events.filter((e) => e.type === 'change').length === 2);
  await page.evaluate(() => document.getElementById('el').step(10));

  await button.click();
  await assertAuthorSetup(page, el, { ...expected, locked: ['dataset'] });
  await page.waitForFunction(() => events.filter((e) => e.type === 'change').length === 3);
  change = (await own())[2];
  assert.equal(change.own, true);
  assert.deepEqual(change.detail.keys, ['learningRate', 'networkShape', 'weights']);
  assert.equal(await button.isHidden(), true);
  assert.ok((await own()).every((e) => e.own), 'every change heard on the element is its own');

  // A config set later by the host's script: problems to the host (event, console), no notice.
  await page.evaluate(() => document.getElementById('el').setAttribute('config', '#dataset=xor&bogusKey=1'));
  await page.waitForFunction(() => events.some((e) => e.type === 'error' && e.id === 'el'));
  const error = await page.evaluate(() => events.find((e) => e.type === 'error' && e.id === 'el').detail);
  assert.ok(error.problems.some((p) => p.includes("'bogusKey'")), JSON.stringify(error));
  assert.ok(await page.evaluate(() => warnings.some((w) => w.includes('bogusKey'))), 'a console warning names it');
  assert.deepEqual(await visibleNotices(page), [], 'the reader sees no notice of the host script');
  assert.equal(await page.evaluate(() => document.getElementById('el').getState().dataset), 'xor');
  assert.equal(await button.isHidden(), true, 'the new config is the setup');
  assert.equal((await own()).length, 3, 'and no change event');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("element: label names the region and shows the caption; the tutorial's regions all have their own name", async () => {
  const page = await openElements();
  const region = page.getByRole('region', { name: 'Ten points and a small network' });
  assert.equal(await region.count(), 1);
  const caption = page.locator('#el .bp-caption');
  assert.equal(await caption.textContent(), 'Ten points and a small network');
  assert.equal(await caption.isVisible(), true);
  const captionBox = await caption.boundingBox();
  const controlsBox = await page.locator('#el [data-panel="controls"]').boundingBox();
  assert.ok(captionBox.y + captionBox.height <= controlsBox.y, 'the caption is above the playground');
  assert.equal(await page.getByRole('region', { name: 'Neural network playground' }).count(), 1, 'the unlabelled one keeps the generic name');
  assert.equal(await page.locator('#plain .bp-caption').count(), 0);

  await page.evaluate(() => document.getElementById('el').setAttribute('label', 'Your points, relabelled'));
  assert.equal(await page.getByRole('region', { name: 'Your points, relabelled' }).count(), 1);
  assert.equal(await caption.textContent(), 'Your points, relabelled');
  await page.evaluate(() => document.getElementById('el').removeAttribute('label'));
  assert.equal(await page.getByRole('region', { name: 'Neural network playground' }).count(), 2);
  assert.equal(await page.locator('#el .bp-caption').count(), 0);
  await page.close();

  const tutorial = await browser.page(`${server.url}pg/tutorial.html`);
  await tutorial.waitForFunction(() => [...document.querySelectorAll('backprop-playground')].every((el) => el.playground), null, { timeout: 30_000 });
  const names = await tutorial.evaluate(() => [...document.querySelectorAll('backprop-playground [role="region"]')].map((r) => {
    const by = r.getAttribute('aria-labelledby');
    return by ? document.getElementById(by).textContent : r.getAttribute('aria-label');
  }));
  assert.ok(names.length >= 9, `${names.length} regions`);
  assert.equal(new Set(names).size, names.length, `every region has its own name: ${names.join(' | ')}`);
  assert.ok(!names.includes('Neural network playground'), 'every playground of the tutorial is labelled');
  assert.deepEqual(tutorial.errors, []);
  await tutorial.close();
});

test('screenshots: an embed showing Reset to this setup and an element with a caption, light and dark, desktop and phone', async () => {
  for (const theme of ['light', 'dark']) {
    for (const [name, width, height] of [['desktop', 1400, 900], ['phone', 390, 844]]) {
      const suffix = theme === 'dark' ? '-dark' : '';
      const { page, frame } = await openFrame(`frame${suffix}.html`, { width, height });
      await frame.locator('select[name="learningRate"]').selectOption('0.3');
      await frame.locator('.reset-setup').waitFor({ state: 'visible' });
      const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `the embed is ${overflow}px wider than its frame (${name})`);
      await page.waitForTimeout(300); // the resize event has sized the frame
      await page.screenshot({ path: join(artifacts, `authors-embed-${name}-${theme}.png`), fullPage: true });
      await page.close();

      const elements = await openElements(`element${suffix}.html`, { width, height });
      await elements.locator('#el select[name="learningRate"]').selectOption('0.3');
      await elements.locator('#el .reset-setup').waitFor({ state: 'visible' });
      const wide = await elements.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(wide <= 0, `the page is ${wide}px wider than the ${name} screen`);
      await elements.locator('#el').screenshot({ path: join(artifacts, `authors-element-${name}-${theme}.png`) });
      assert.deepEqual(elements.errors, []);
      await elements.close();
    }
  }
});
