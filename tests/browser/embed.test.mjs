// embed.html in an iframe of a page from another origin, with dist/ served under a sub-path: it
// obeys every postMessage command, tells its parent ready/progress/resize, ignores strangers,
// runs in a sandboxed frame (origin "null"), and locked controls stay put. Screenshots kept.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, launch, ready, serve } from './harness.mjs';

const SOURCE = 'backprop-playground';
const CONFIG = '#dataset=xor&networkShape=4,2&activation=tanh&learningRate=0.03&seed=3';

// The host page: an iframe of ?src=..., the messages it hears from it, and a request() that
// sends a command and waits for the reply with the same id.
const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title>
<link rel="icon" href="data:,"></head>
<body style="margin:0">
<script>
  const params = new URLSearchParams(location.search);
  const frame = document.createElement('iframe');
  frame.title = 'Backprop Playground';
  frame.style.cssText = 'border:0;display:block;width:' + (params.get('w') || 600) + 'px;height:' + (params.get('h') || 400) + 'px';
  if (params.has('sandbox')) frame.setAttribute('sandbox', params.get('sandbox'));
  frame.src = params.get('src');
  document.body.append(frame);
  window.received = [];
  addEventListener('message', (event) => {
    if (event.source === frame.contentWindow) received.push({ origin: event.origin, ...event.data });
  });
  window.send = (message) => frame.contentWindow.postMessage({ source: '${SOURCE}', ...message }, '*');
  let next = 0;
  window.request = (message, timeout = 10000) => new Promise((resolve) => {
    const id = 'r' + next++;
    const listen = (event) => {
      if (event.source !== frame.contentWindow || event.data?.id !== id) return;
      removeEventListener('message', listen);
      resolve(event.data);
    };
    addEventListener('message', listen);
    setTimeout(() => resolve({ type: 'timeout', id }), timeout);
    send({ ...message, id });
  });
</script>
</body></html>`;

let app, host, hostDir, browser;
before(async () => {
  hostDir = mkdtempSync(join(tmpdir(), 'bp-host-'));
  writeFileSync(join(hostDir, 'index.html'), HOST);
  app = await serve(undefined, '/tutorials/nets/playground/');
  host = await serve(hostDir, '/'); // another port: another origin
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
  rmSync(hostDir, { recursive: true, force: true });
});

const hostOrigin = () => new URL(host.url).origin;
const embedUrl = (query, config = CONFIG) => `${app.url}embed.html?${query}${config}`;

/** The host page with one iframe; resolves once the frame said ready. */
async function hostPage(query, { w = 600, h = 400, sandbox = null, config = CONFIG, waitReady = true } = {}) {
  const params = new URLSearchParams({ src: embedUrl(query, config), w: String(w), h: String(h) });
  if (sandbox !== null) params.set('sandbox', sandbox);
  const page = await browser.page(`${host.url}?${params}`, { width: w + 40, height: h + 40 });
  if (waitReady) await page.waitForFunction(() => received.some((m) => m.type === 'ready'), null, { timeout: 20_000 });
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  assert.ok(frame, 'the embed frame is there');
  return { page, frame };
}

const request = (page, message) => page.evaluate((m) => window.request(m), message);
const metrics = (frame) => frame.evaluate(() => window.playground.snapshot.metrics);

test('the iframe says ready, obeys every command, and reports progress and its height', async () => {
  const { page, frame } = await hostPage(`panels=network,output&locked=activation&origins=${encodeURIComponent(hostOrigin())}`);
  assert.equal(await frame.evaluate(() => self.origin), new URL(app.url).origin);

  const readyEvent = await page.evaluate(() => received.find((m) => m.type === 'ready'));
  assert.equal(readyEvent.source, SOURCE);
  assert.equal(readyEvent.version, 1);
  assert.equal(readyEvent.state.dataset, 'xor');
  assert.deepEqual(readyEvent.state.locked, ['activation']);
  const resize = await page.evaluate(() => received.filter((m) => m.type === 'resize'));
  assert.ok(resize.length >= 1 && resize[0].height > 100, `resize events: ${JSON.stringify(resize)}`);

  // getState
  const state = await request(page, { type: 'getState' });
  assert.equal(state.type, 'state');
  assert.deepEqual(state.state.networkShape, [4, 2]);

  // set: through the store, so the lock holds; the refusal says why.
  assert.deepEqual(await request(page, { type: 'set', key: 'learningRate', value: 0.1 }), { source: SOURCE, type: 'ok', id: 'r1', command: 'set' });
  assert.equal((await request(page, { type: 'getState' })).state.learningRate, 0.1);
  const refused = await request(page, { type: 'set', key: 'activation', value: 'relu' });
  assert.equal(refused.type, 'error');
  assert.deepEqual(refused.problems, ["'activation' is locked on this page"]);
  assert.equal((await request(page, { type: 'getState' })).state.activation, 'tanh');

  // step: answered once trained.
  assert.equal((await request(page, { type: 'step', n: 40 })).type, 'ok');
  assert.equal((await metrics(frame)).step, 40);
  await page.waitForFunction(() => received.some((m) => m.type === 'progress' && m.step === 40));
  const progress = await page.evaluate(() => received.find((m) => m.type === 'progress' && m.step === 40));
  for (const key of ['epoch', 'trainLoss', 'testLoss']) assert.equal(typeof progress[key], 'number', key);

  // play, at most 4 progress events a second, pause.
  const before = await page.evaluate(() => received.filter((m) => m.type === 'progress').length);
  assert.equal((await request(page, { type: 'play' })).type, 'ok');
  await page.waitForTimeout(2000);
  assert.equal((await request(page, { type: 'pause' })).type, 'ok');
  const during = (await page.evaluate(() => received.filter((m) => m.type === 'progress').length)) - before;
  assert.ok(during >= 3 && during <= 10, `${during} progress events in 2 s of training`);
  const paused = (await metrics(frame)).step;
  assert.ok(paused > 40, `trained while playing (step ${paused})`);
  await page.waitForTimeout(400);
  assert.equal((await metrics(frame)).step, paused, 'pause stops training');

  // reset
  assert.equal((await request(page, { type: 'reset' })).type, 'ok');
  assert.equal((await metrics(frame)).step, 0);

  // load: a hash replaces the configuration (the host may change locked settings); the embed
  // URL's locks still hold afterwards. A partial state keeps everything else.
  const loaded = await request(page, { type: 'load', hash: '#dataset=circle&networkShape=3&activation=relu&bogus=1' });
  assert.equal(loaded.type, 'ok');
  assert.deepEqual(loaded.problems, ["unknown parameter 'bogus'; ignored"]);
  let s = (await request(page, { type: 'getState' })).state;
  assert.equal(s.dataset, 'circle');
  assert.equal(s.activation, 'relu');
  assert.deepEqual(s.networkShape, [3]);
  assert.deepEqual(s.locked, ['activation']);
  assert.equal((await request(page, { type: 'load', state: { noise: 10, activation: 'sigmoid' } })).type, 'ok');
  s = (await request(page, { type: 'getState' })).state;
  assert.equal(s.noise, 10);
  assert.equal(s.activation, 'sigmoid');
  assert.deepEqual(s.networkShape, [3]);
  await frame.waitForFunction(() => window.playground.frame?.info.config.layers.join() === '2,3,1');

  // highlight: a ring on a neuron, a glow on a link, a refusal for one that is not there, clear.
  assert.equal((await request(page, { type: 'highlight', neuron: { layer: 1, index: 2 } })).type, 'ok');
  await frame.waitForSelector('.nn-neuron.nn-highlight[data-column="0"][data-row="2"]');
  // Below the fold of the 400 px frame: the frame scrolls to it (only itself, not the host page).
  await frame.waitForFunction(() => {
    const box = document.querySelector('.nn-highlight').getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight;
  });
  assert.equal(await page.evaluate(() => scrollY), 0);
  await page.waitForTimeout(300);
  await page.locator('iframe').screenshot({ path: join(artifacts, 'embed-highlight-neuron.png') });
  assert.equal((await request(page, { type: 'highlight', link: { layer: 0, from: 1, to: 2 } })).type, 'ok');
  await frame.waitForSelector('.nn-hit.nn-highlight');
  assert.equal(await frame.locator('.nn-neuron.nn-highlight').count(), 0, 'one highlight at a time');
  assert.match(await frame.getAttribute('.nn-hit.nn-highlight', 'aria-label'), /Weight from y to layer 1, neuron 3/);
  const missing = await request(page, { type: 'highlight', neuron: { layer: 1, index: 7 } });
  assert.equal(missing.type, 'error');
  assert.match(missing.message, /neuron 7 is not in hidden layer 1 \(it has 3/);
  assert.equal((await request(page, { type: 'highlight' })).type, 'ok');
  assert.equal(await frame.locator('.nn-highlight').count(), 0);

  // Malformed commands get an error naming the problem; other scripts' messages get nothing.
  const unknown = await request(page, { type: 'fly' });
  assert.equal(unknown.type, 'error');
  assert.match(unknown.message, /unknown command type "fly"/);
  assert.match((await request(page, { type: 'step', n: 0 })).message, /from 1 to 10000/);
  const count = await page.evaluate(() => received.length);
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ hello: 'world' }, '*'));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => received.filter((m) => m.type !== 'progress' && m.type !== 'resize').length),
    await page.evaluate((n) => received.slice(0, n).filter((m) => m.type !== 'progress' && m.type !== 'resize').length, count));

  // Every event came from the frame's origin, in our format.
  const all = await page.evaluate(() => received);
  assert.ok(all.every((m) => m.source === SOURCE && m.origin === new URL(app.url).origin));

  // "Open in full playground": the full page under the same sub-path, with the current configuration.
  const open = frame.locator('a.embed-open');
  assert.equal(await open.getAttribute('target'), '_blank');
  const href = await open.evaluate((a) => a.href);
  assert.ok(href.startsWith(`${app.url}index.html#`), href);
  assert.match(href, /dataset=circle/);
  assert.match(href, /noise=10/);
  assert.doesNotMatch(href, /_lock=/, 'the full playground is for exploring: no locks');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an auto-height frame follows the resize events; autoplay plays', async () => {
  const { page, frame } = await hostPage('panels=controls,network,output,chart&autoplay=1&hide=seed,playButton', { w: 700, h: 150 });
  await page.waitForFunction(() => received.some((m) => m.type === 'progress' && m.step > 0));
  assert.equal(await frame.evaluate(() => window.playground.playing), true, 'autoplay');
  assert.equal(await frame.locator('.seed-field').isHidden(), true, 'hide= hides');
  assert.equal(await frame.locator('.play-button').isHidden(), true);
  await frame.evaluate(() => window.playground.pause());
  await page.evaluate(() => {
    const apply = () => {
      const last = received.filter((m) => m.type === 'resize').at(-1);
      if (last) document.querySelector('iframe').style.height = `${last.height}px`;
    };
    apply();
    addEventListener('message', () => setTimeout(apply));
  });
  await page.waitForTimeout(500);
  const content = await frame.evaluate(() => Math.ceil(document.getElementById('embed').getBoundingClientRect().height));
  const height = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
  assert.equal(height, content);
  assert.equal(await frame.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight), true, 'nothing left to scroll');
  // A panel that appears (the loss chart) changes the height: the parent hears it.
  const last = await page.evaluate(() => received.filter((m) => m.type === 'resize').length);
  await frame.evaluate(() => document.getElementById('embed').classList.add('embed-no-chart'));
  await page.waitForFunction((n) => received.filter((m) => m.type === 'resize').length > n, last);
  await page.close();
});

test('messages from an origin outside the allow-list, or not from the parent, are ignored', async () => {
  // The frame allows only another origin: its ready goes nowhere we can hear, commands do nothing.
  const { page, frame } = await hostPage('panels=network,output&origins=https://tutorial.example', { waitReady: false });
  await frame.waitForFunction(() => window.playground?.snapshot?.metrics !== undefined, null, { timeout: 20_000 });
  const reply = await page.evaluate(() => window.request({ type: 'step', n: 25 }, 1500));
  assert.equal(reply.type, 'timeout');
  await page.evaluate(() => { send({ type: 'play' }); send({ type: 'set', key: 'learningRate', value: 1 }); });
  await page.waitForTimeout(500);
  assert.equal((await metrics(frame)).step, 0, 'nothing trained');
  assert.equal(await frame.evaluate(() => window.playground.getState().learningRate), 0.03);
  assert.equal(await frame.evaluate(() => window.embed.ignored), 3);
  assert.deepEqual(await page.evaluate(() => received), [], 'no event reaches an origin that is not allowed');

  // A message the frame posts to itself (or a sibling's) is not its parent's: ignored too.
  await frame.evaluate((source) => window.postMessage({ source, type: 'step', n: 5 }, '*'), SOURCE);
  await page.waitForTimeout(300);
  assert.equal(await frame.evaluate(() => window.embed.ignored), 4);
  assert.equal((await metrics(frame)).step, 0);
  await page.close();
});

test('a sandboxed iframe (allow-scripts only, origin "null") loads the engine and trains', async () => {
  const { page, frame } = await hostPage('panels=network,output,chart', { sandbox: 'allow-scripts' });
  assert.equal(await frame.evaluate(() => self.origin), 'null');
  assert.equal(await frame.evaluate(() => document.querySelector('#embed').dataset.engine), 'simd');
  // Events from an opaque origin arrive with origin "null".
  assert.ok(await page.evaluate(() => received.every((m) => m.origin === 'null')));
  const start = await metrics(frame);
  assert.equal((await request(page, { type: 'step', n: 500 })).type, 'ok');
  const trained = await metrics(frame);
  assert.equal(trained.step, 500);
  assert.ok(trained.trainLoss < start.trainLoss, `the loss fell: ${start.trainLoss} → ${trained.trainLoss}`);
  assert.equal((await request(page, { type: 'play' })).type, 'ok');
  await frame.waitForFunction(() => window.playground.snapshot.metrics.step > 600);
  assert.equal((await request(page, { type: 'pause' })).type, 'ok');

  // A run that diverges says so (lr 10 with ReLU, as the page's own test).
  assert.equal((await request(page, { type: 'load', hash: '#learningRate=10&activation=relu&networkShape=8,8&problem=regression' })).type, 'ok');
  for (let i = 0; i < 6 && !(await page.evaluate(() => received.some((m) => m.type === 'diverged'))); i++) {
    await request(page, { type: 'step', n: 100 });
  }
  const diverged = await page.evaluate(() => received.find((m) => m.type === 'diverged'));
  assert.ok(diverged && diverged.step > 0, 'a diverged event');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('locked controls show their value but cannot be changed, in every view', async () => {
  const locked = 'activation,learningRate,x,networkShape,percTrainData,dataset,showTestData,links,seed,playButton';
  const page = await browser.page(embedUrl(`panels=controls,data,network,output,chart&locked=${locked}`), { width: 1100, height: 900 });
  await ready(page);
  await page.waitForTimeout(200);
  const check = async (selector, what) => {
    const control = page.locator(selector).first();
    assert.equal(await control.isDisabled(), true, `${what} is disabled`);
    const titled = await control.evaluate((el) => el.closest('[title="Locked by this page"]') !== null || el.title === 'Locked by this page');
    assert.ok(titled, `${what} says it is locked`);
  };
  await check('.controls select[name="activation"]', 'the activation select');
  assert.equal(await page.inputValue('.controls select[name="activation"]'), 'tanh', 'its value shows');
  await check('.controls select[name="learningRate"]', 'the learning rate');
  await check('.seed-field input', 'the seed');
  await check('.play-button', 'the play button');
  await check('.data-panel input[name="percTrainData"]', 'the ratio slider');
  await check('.output-check input', 'show test data');
  await check('.nn-feature[data-feature="x"]', 'feature x');
  await check('.nn-activation', 'the layer activation');
  await check('[data-action="add-neuron"]', 'adding a neuron');
  await check('[data-action="add-layer"]', 'adding a layer');
  await check('.nn-links-option', 'links: weights or gradients');
  await check('.output-edit-toggle', 'editing points');
  assert.ok((await page.locator('.lock-mark:not([hidden])').count()) >= 12, 'lock marks');
  assert.equal(await page.locator('.controls select[name="regularization"]').isDisabled(), false, 'others are not locked');

  // Forced clicks and keys do nothing; the dataset radios refuse too.
  await page.locator('.nn-feature[data-feature="x"]').click({ force: true });
  await page.locator('[data-action="add-neuron"]').first().click({ force: true });
  await check('.dataset-option[data-dataset="circle"]', 'the data set');
  await page.locator('.dataset-option[data-dataset="circle"]').click({ force: true });
  await page.locator('.dataset-option[aria-checked="true"]').press('ArrowRight');
  await page.keyboard.press('Escape');
  await page.locator('body').press(' ');
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.x, true);
  assert.deepEqual(state.networkShape, [4, 2]);
  assert.equal(state.dataset, 'xor');
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'Space does not press a locked play button');

  // The store refuses what the page's own scripts try; the host (force) may.
  assert.deepEqual(await page.evaluate(() => window.playground.setState({ learningRate: 1, activation: 'relu' })),
    ["'learningRate' is locked on this page", "'activation' is locked on this page"]);
  assert.equal(await page.evaluate(() => window.playground.getState().learningRate), 0.03);
  await page.screenshot({ path: join(artifacts, 'embed-locked.png') });
  assert.deepEqual(page.errors, []);
  await page.close();

  // The full page shows a link's locks the same way.
  const full = await browser.page(`${app.url}index.html${CONFIG}&activation_lock=true&noise_lock=true`);
  await ready(full);
  await full.waitForTimeout(200);
  assert.equal(await full.locator('.controls select[name="activation"]').isDisabled(), true);
  assert.equal(await full.locator('.data-panel input[name="noise"]').isDisabled(), true);
  assert.equal(await full.locator('[data-control="noise"] .lock-mark:not([hidden])').count(), 1);
  assert.deepEqual(full.errors, []);
  await full.close();
});

test('embeds fit small frames: screenshots at 600×400 and 360×640', async () => {
  for (const [w, h, query, name] of [
    [600, 400, 'panels=network,output&locked=activation', 'embed-600x400.png'],
    [360, 640, 'panels=network,output&locked=activation', 'embed-360x640.png'],
    [600, 400, 'panels=controls,network,output,chart&hide=optimizer,init,loss,speed,regularizationRate', 'embed-600x400-controls.png'],
  ]) {
    const { page, frame } = await hostPage(query, { w, h, config: `${CONFIG}&theme=${name.includes('controls') ? 'dark' : 'light'}` });
    await request(page, { type: 'step', n: 300 });
    await page.waitForTimeout(300);
    const layout = await frame.evaluate(() => {
      const box = (s) => document.querySelector(s)?.getBoundingClientRect();
      return { network: box('.network-panel'), output: box('.output-panel'), width: document.documentElement.scrollWidth };
    });
    assert.ok(layout.width <= w, `no sideways scroll (${layout.width} > ${w})`);
    if (w >= 600) assert.ok(layout.output.left >= layout.network.right - 1, 'network and output side by side');
    else assert.ok(layout.output.top >= layout.network.bottom - 1, 'network and output stacked');
    await page.locator('iframe').screenshot({ path: join(artifacts, name) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
