// <backprop-playground> in Chromium, on a plain host page like a tutorial author's: two elements
// and one iframe (embed.html) train independently on one engine worker per page; an element
// pauses off screen and resumes, honours attribute changes, frees its engine session when
// removed, and refuses changes to a locked control. Then the tutorial page (dist/tutorial.html):
// no console errors, every playground ready, screenshots at desktop and phone width.
//
// The host page lives in a temporary folder served under a sub-path (/course/), with dist/
// beside it as pg/: the element script is loaded from another folder than the page, as it is
// when an author links to a hosted copy.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, launch, root, serve } from './harness.mjs';

const HOST = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>A tutorial author's page</title>
  <link rel="icon" href="data:,">
  <script type="module" src="./pg/backprop-playground.js"></script>
  <script>
    // Element events do not bubble, but a capturing listener on the document sees them all.
    window.events = [];
    for (const type of ['ready', 'progress', 'diverged', 'error']) {
      document.addEventListener(type, (e) => {
        if (e.target.localName === 'backprop-playground') events.push({ type, id: e.target.id, detail: e.detail, at: performance.now() });
      }, true);
    }
    window.messages = [];
    addEventListener('message', (e) => { if (e.data && e.data.source === 'backprop-playground') messages.push(e.data); });
    let next = 0;
    // One postMessage command to the iframe; resolves with its reply.
    window.command = (message) => new Promise((resolve, reject) => {
      const id = 'c' + next++;
      const listen = (e) => {
        if (!e.data || e.data.id !== id) return;
        removeEventListener('message', listen);
        if (e.data.type === 'error') reject(new Error(e.data.message)); else resolve(e.data);
      };
      addEventListener('message', listen);
      document.getElementById('frame').contentWindow.postMessage({ source: 'backprop-playground', id, ...message }, '*');
    });
  </script>
</head>
<body>
  <h1>Two playgrounds and a frame</h1>
  <backprop-playground id="a" config="#dataset=xor&networkShape=3&activation=relu&seed=3"
    panels="network,output" locked="activation,learningRate"></backprop-playground>
  <backprop-playground id="b" config="#dataset=circle&networkShape=4,2&learningRate=0.1"
    panels="controls,output" locked="activation"></backprop-playground>
  <iframe id="frame" title="An embedded playground" style="width: 100%; height: 640px; border: 0"
    src="./pg/embed.html?panels=network,output#dataset=gauss&networkShape=2"></iframe>
  <div style="height: 4000px"></div>
  <p id="bottom">The end.</p>
</body>
</html>
`;

let server, hostServer, browser, hostDir;
before(async () => {
  hostDir = mkdtempSync(join(tmpdir(), 'bp-host-'));
  writeFileSync(join(hostDir, 'host.html'), HOST);
  symlinkSync(join(root, 'dist'), join(hostDir, 'pg'), 'dir');
  // docs/embedding.md's five-minute page, exactly as printed, beside the playground/ it expects.
  const docs = readFileSync(join(root, 'docs/embedding.md'), 'utf8');
  writeFileSync(join(hostDir, 'minimal.html'), /```html\n(<!doctype html>[^]*?)```/.exec(docs)[1]);
  // Its own-points example, as printed, in the smallest page around it.
  const points = /## Starting from your own points[^]*?```html\n([^]*?)```/.exec(docs)[1];
  writeFileSync(join(hostDir, 'points.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your own points</title><link rel="icon" href="data:,">
<script type="module" src="playground/backprop-playground.js"></script></head>
<body>${points}</body></html>`);
  symlinkSync(join(root, 'dist'), join(hostDir, 'playground'), 'dir');
  hostServer = await serve(hostDir, '/course/');
  server = await serve();
  browser = await launch();
  // Counts the workers each window starts (the page's engine must be one, however many elements).
  await browser.context.addInitScript(() => {
    const Original = window.Worker;
    window.workersStarted = 0;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        window.workersStarted++;
      }
    };
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await hostServer?.close();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

/** The host page with both elements drawn and the iframe ready. */
async function openHost() {
  const page = await browser.page(`${hostServer.url}host.html`);
  await page.waitForFunction(() => ['a', 'b'].every((id) => events.some((e) => e.type === 'ready' && e.id === id)),
    null, { timeout: 20_000 });
  await page.waitForFunction(() => messages.some((m) => m.type === 'ready'), null, { timeout: 20_000 });
  return page;
}

const stepOf = (page, id) => page.evaluate((id) => document.getElementById(id).playground.snapshot.metrics.step, id);
const sessions = (page) => page.evaluate(() => customElements.get('backprop-playground').sessionsInEngine());

test('two elements and an iframe train independently; the elements share one engine worker', async () => {
  const page = await openHost();
  assert.equal(await page.evaluate(() => window.workersStarted), 1, 'one worker for both elements');
  assert.equal(await sessions(page), 2, 'one engine session per element');

  // Different configurations: different data, different networks.
  const shape = await page.evaluate(() => ['a', 'b'].map((id) => {
    const el = document.getElementById(id);
    return { dataset: el.getState().dataset, parameters: el.playground.snapshot.parameters.length };
  }));
  assert.deepEqual(shape, [{ dataset: 'xor', parameters: 2 * 3 + 3 + 3 + 1 }, { dataset: 'circle', parameters: 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1 }]);

  await page.evaluate(() => document.getElementById('a').step(5));
  assert.equal(await stepOf(page, 'a'), 5);
  assert.equal(await stepOf(page, 'b'), 0, "a's steps are not b's");
  const frameStep = () => page.evaluate(() => document.getElementById('frame').contentWindow.playground.snapshot.metrics.step);
  assert.equal(await frameStep(), 0);

  const reply = await page.evaluate(() => command({ type: 'step', n: 3 }));
  assert.equal(reply.type, 'ok');
  assert.equal(await frameStep(), 3);
  assert.equal(await stepOf(page, 'a'), 5, "the frame's steps are not a's");
  assert.equal(await stepOf(page, 'b'), 0);

  await page.evaluate(() => document.getElementById('b').step(2));
  assert.deepEqual([await stepOf(page, 'a'), await stepOf(page, 'b'), await frameStep()], [5, 2, 3]);
  const state = (await page.evaluate(() => command({ type: 'getState' }))).state;
  assert.equal(state.dataset, 'gauss');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a locked control cannot be changed, by the reader or by a script', async () => {
  const page = await openHost();
  // b shows the control bar with activation locked: choose ReLU as a reader would.
  const select = page.locator('#b select[name="activation"]');
  await select.evaluate((node) => {
    node.value = 'relu';
    node.dispatchEvent(new Event('change', { bubbles: true }));
    node.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await page.evaluate(() => document.getElementById('b').getState().activation), 'tanh');
  // The control shows the locked value (or cannot be used at all).
  await page.waitForFunction(() => {
    const node = document.querySelector('#b select[name="activation"]');
    return node.disabled || node.value === 'tanh';
  }, null, { timeout: 5000 });
  const refused = await page.evaluate(() => ({
    a: document.getElementById('a').playground.setState({ learningRate: 0.3 }),
    b: document.getElementById('b').playground.setState({ activation: 'relu', learningRate: 0.3 }),
  }));
  assert.deepEqual(refused.a, ["'learningRate' is locked on this page"]);
  assert.deepEqual(refused.b, ["'activation' is locked on this page"], 'b locks only activation');
  const after = await page.evaluate(() => ({
    a: document.getElementById('a').getState(),
    b: document.getElementById('b').getState(),
  }));
  assert.equal(after.a.learningRate, 0.03);
  assert.deepEqual(after.a.locked, ['activation', 'learningRate']);
  assert.equal(after.b.learningRate, 0.3);
  assert.equal(after.b.activation, 'tanh');
  await page.close();
});

test('an element pauses out of view or in a hidden tab and resumes, unless the reader paused it', async () => {
  const page = await openHost();
  const playing = () => page.evaluate(() => document.getElementById('a').playground.playing);
  await page.evaluate(() => document.getElementById('a').play());
  await page.waitForFunction(() => document.getElementById('a').playground.snapshot.metrics.step > 50);
  assert.equal(await playing(), true);

  // Progress events: at most four a second while it trains.
  const since = await page.evaluate(() => performance.now());
  await page.waitForTimeout(2000);
  const progress = await page.evaluate((since) => events.filter((e) => e.type === 'progress' && e.id === 'a' && e.at >= since).length, since);
  assert.ok(progress >= 4 && progress <= 9, `${progress} progress events in 2 s`);

  await page.evaluate(() => document.getElementById('bottom').scrollIntoView());
  await page.waitForFunction(() => !document.getElementById('a').playground.playing);
  const parked = await stepOf(page, 'a');
  await page.waitForTimeout(400);
  assert.equal(await stepOf(page, 'a'), parked, 'no training off screen');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.getElementById('a').playground.playing);
  await page.waitForFunction((parked) => document.getElementById('a').playground.snapshot.metrics.step > parked, parked);

  // A hidden tab pauses it too.
  const setVisibility = (state) => page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  await setVisibility('hidden');
  assert.equal(await playing(), false);
  await setVisibility('visible');
  assert.equal(await playing(), true);

  // Paused by the reader: scrolling away and back does not start it again.
  await page.evaluate(() => document.getElementById('a').pause());
  await page.evaluate(() => document.getElementById('bottom').scrollIntoView());
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  assert.equal(await playing(), false);

  // play() while off screen waits for the element to come into view.
  await page.evaluate(() => document.getElementById('bottom').scrollIntoView());
  await page.waitForTimeout(300);
  await page.evaluate(() => document.getElementById('a').play());
  await page.waitForTimeout(300);
  assert.equal(await playing(), false);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.getElementById('a').playground.playing);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('attribute changes: config reloads, locked and hide update, panels rebuild, autoplay plays', async () => {
  const page = await openHost();
  await page.evaluate(() => document.getElementById('a').step(4));

  // locked and hide change only those lists: the training so far is kept.
  await page.evaluate(() => document.getElementById('a').setAttribute('locked', 'dataset'));
  let state = await page.evaluate(() => document.getElementById('a').getState());
  assert.deepEqual(state.locked, ['dataset']);
  assert.equal(await stepOf(page, 'a'), 4);
  assert.deepEqual(await page.evaluate(() => document.getElementById('a').playground.setState({ dataset: 'circle' })),
    ["'dataset' is locked on this page"]);
  await page.evaluate(() => document.getElementById('a').setAttribute('hide', 'stepButton'));
  assert.equal(await page.locator('#a').getByRole('button', { name: 'Train one epoch' }).isHidden(), true);
  assert.equal(await page.locator('#a').getByRole('button', { name: 'Play' }).isVisible(), true);

  // A new config is loaded whole (locked keys too: the author is the host).
  await page.evaluate(() => document.getElementById('a').setAttribute('config', '#dataset=gauss&networkShape=2&activation=tanh'));
  await page.waitForFunction(() => document.getElementById('a').playground.snapshot.parameters.length === 2 * 2 + 2 + 2 + 1);
  state = await page.evaluate(() => document.getElementById('a').getState());
  assert.equal(state.dataset, 'gauss');
  assert.deepEqual(state.networkShape, [2]);
  assert.equal(state.activation, 'tanh');
  assert.deepEqual(state.locked, ['dataset']);
  assert.deepEqual(state.hidden, ['stepButton']);

  // A config with a mistake: the rest is used, the element says what it could not use.
  await page.evaluate(() => document.getElementById('a').setAttribute('config', '#dataset=moons&learningRate=banana'));
  await page.waitForFunction(() => events.some((e) => e.type === 'error' && e.id === 'a'));
  const error = await page.evaluate(() => events.find((e) => e.type === 'error' && e.id === 'a').detail);
  assert.match(error.message, /learningRate/);
  assert.equal(await page.evaluate(() => document.getElementById('a').getState().dataset), 'moons');

  // New panels: a new playground with the same configuration; the old session is freed.
  const readies = await page.evaluate(() => events.filter((e) => e.type === 'ready' && e.id === 'a').length);
  await page.evaluate(() => document.getElementById('a').setAttribute('panels', 'output,chart'));
  await page.waitForFunction((n) => events.filter((e) => e.type === 'ready' && e.id === 'a').length === n + 1, readies);
  assert.equal(await page.locator('#a [data-panel="network"]').count(), 0);
  assert.equal(await page.locator('#a [data-panel="output"] .output-chart').isVisible(), true);
  state = await page.evaluate(() => document.getElementById('a').getState());
  assert.equal(state.dataset, 'moons');
  assert.deepEqual(state.locked, ['dataset']);
  assert.equal(await sessions(page), 2);

  // autoplay added after creation plays; removed, it pauses.
  await page.evaluate(() => document.getElementById('a').setAttribute('autoplay', ''));
  await page.waitForFunction(() => document.getElementById('a').playground.playing);
  await page.evaluate(() => document.getElementById('a').removeAttribute('autoplay'));
  assert.equal(await page.evaluate(() => document.getElementById('a').playground.playing), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('home: "Open in the full playground" leads where the author says; a bad home is named and the link stays beside the script', async () => {
  const page = await openHost();
  const link = () => page.locator('#a a.bp-open').getAttribute('href');
  assert.ok((await link()).startsWith(`${hostServer.url}pg/index.html#`), await link());
  const readies = () => page.evaluate(() => events.filter((e) => e.type === 'ready' && e.id === 'a').length);
  let before = await readies();
  await page.evaluate(() => document.getElementById('a').setAttribute('home', '/site/playground/#ignored'));
  await page.waitForFunction((n) => events.filter((e) => e.type === 'ready' && e.id === 'a').length === n + 1, before);
  const moved = await link();
  assert.ok(moved.startsWith(`${new URL(hostServer.url).origin}/site/playground/#`), moved);
  assert.match(moved, /dataset=xor/);
  assert.doesNotMatch(moved, /ignored/);
  before = await readies();
  await page.evaluate(() => document.getElementById('a').setAttribute('home', 'javascript:alert(1)'));
  await page.waitForFunction(() => events.some((e) => e.type === 'error' && e.id === 'a' && /home/.test(e.detail.message)));
  await page.waitForFunction((n) => events.filter((e) => e.type === 'ready' && e.id === 'a').length === n + 1, before);
  assert.ok((await link()).startsWith(`${hostServer.url}pg/index.html#`), await link());
  const message = await page.evaluate(() => events.findLast((e) => e.type === 'error' && e.id === 'a').detail.message);
  assert.match(message, /home "javascript:alert\(1\)" is not an http or https address/);
  await page.close();
});

test('removing elements frees their engine sessions; moving one keeps it', async () => {
  const page = await openHost();
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'many';
    for (let i = 0; i < 20; i++) {
      const el = document.createElement('backprop-playground');
      el.setAttribute('config', `#dataset=circle&networkShape=${1 + (i % 4)}&seed=${i}`);
      el.setAttribute('panels', 'output');
      box.append(el);
    }
    document.body.prepend(box);
  });
  await page.waitForFunction(() => [...document.querySelectorAll('#many backprop-playground')].every((el) => el.playground?.snapshot),
    null, { timeout: 30_000 });
  assert.equal(await sessions(page), 22);
  assert.equal(await page.evaluate(() => window.workersStarted), 1, 'still one worker for 22 elements');

  await page.evaluate(() => document.getElementById('many').remove());
  await page.waitForFunction(() => customElements.get('backprop-playground').sessionsInEngine().then((n) => n === 2));
  assert.equal(await sessions(page), 2);

  // Moving an element within the page keeps its playground and its training.
  await page.evaluate(() => document.getElementById('b').step(3));
  const kept = await page.evaluate(async () => {
    const b = document.getElementById('b');
    const before = b.playground;
    document.body.append(b);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return b.playground === before && b.playground.snapshot.metrics.step === 3;
  });
  assert.equal(kept, true);
  assert.equal(await sessions(page), 2);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("docs/embedding.md's minimal page: two differently configured, partly locked playgrounds", async () => {
  const page = await browser.context.newPage();
  const errors = [];
  // The page, as printed, has no icon: the browser's own request for /favicon.ico may fail.
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${hostServer.url}minimal.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('backprop-playground')].every((el) => el.playground?.snapshot),
    null, { timeout: 20_000 });
  const [first, second] = await page.evaluate(() => [...document.querySelectorAll('backprop-playground')].map((el) => ({
    shape: el.getState().networkShape, locked: el.getState().locked, hidden: el.getState().hidden.length,
    refused: el.playground.setState({ networkShape: [8] }),
  })));
  assert.deepEqual(first.shape, []);
  assert.deepEqual(first.locked, ['dataset', 'networkShape']);
  assert.deepEqual(first.refused, ["'networkShape' is locked on this page"]);
  assert.deepEqual(second.shape, [4]);
  assert.deepEqual(second.locked, ['activation', 'dataset', 'networkShape']);
  assert.equal(second.hidden, 10);
  // Each is a region named by its label, which it shows as a caption.
  const labels = await page.evaluate(() => [...document.querySelectorAll('backprop-playground')].map((el) => el.getAttribute('label')));
  assert.equal(labels.length, 2);
  for (const label of labels) {
    assert.equal(await page.getByRole('region', { name: label }).count(), 1, label);
    assert.equal(await page.getByText(label, { exact: true }).isVisible(), true, label);
  }
  // The second has autoplay: it trains once it is on screen.
  await page.evaluate(() => document.querySelectorAll('backprop-playground')[1].scrollIntoView());
  await page.waitForFunction(() => document.querySelectorAll('backprop-playground')[1].playground.snapshot.metrics.step > 0);
  const notices = await page.evaluate(() =>
    [...document.querySelectorAll('[data-panel="notice"]')].filter((n) => !n.hidden).map((n) => n.textContent));
  assert.deepEqual(notices, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("docs/embedding.md's own-points example: the element trains on exactly the author's points", async () => {
  const page = await browser.page(`${hostServer.url}points.html`);
  await page.waitForFunction(() => document.querySelector('backprop-playground').playground?.frame?.info.data, null, { timeout: 20_000 });
  const config = await page.evaluate(() => document.querySelector('backprop-playground').getAttribute('config'));
  const given = /points=([^&]+)/.exec(config)[1].split('~').map((p) => p.split('_').map(Number)).sort();
  assert.equal(given.length, 10);
  const used = await page.evaluate(() => {
    const { data } = document.querySelector('backprop-playground').playground.frame.info;
    const rows = (flat) => Array.from({ length: flat.length / 3 }, (_, i) => Array.from(flat.subarray(3 * i, 3 * i + 3)));
    return { train: rows(data.trainPoints), test: rows(data.testPoints) };
  });
  assert.deepEqual([used.train.length, used.test.length], [8, 2], 'percTrainData=80: eight train, two test');
  assert.deepEqual([...used.train, ...used.test].sort(), given, 'the points as written, no others');
  const state = await page.evaluate(() => document.querySelector('backprop-playground').getState());
  assert.equal(state.dataset, 'custom');
  assert.deepEqual(state.locked, ['dataset', 'networkShape', 'points']);
  assert.deepEqual(await page.evaluate(() => document.querySelector('backprop-playground').playground.setState({ points: [0, 0, 1, 1, 1, -1] })),
    ["'points' is locked on this page"]);
  // A straight line separates them: a network without hidden layers learns every training point.
  await page.evaluate(() => document.querySelector('backprop-playground').step(200));
  const metrics = await page.evaluate(() => document.querySelector('backprop-playground').playground.snapshot.metrics);
  assert.equal(metrics.step, 200);
  assert.equal(metrics.trainAccuracy, 1, `train accuracy ${metrics.trainAccuracy}, loss ${metrics.trainLoss}`);
  const label = await page.evaluate(() => document.querySelector('backprop-playground').getAttribute('label'));
  assert.equal(await page.getByRole('region', { name: label }).count(), 1);
  const notices = await page.evaluate(() =>
    [...document.querySelectorAll('[data-panel="notice"]')].filter((n) => !n.hidden).map((n) => n.textContent));
  assert.deepEqual(notices, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the tutorial page loads with no console errors and all its playgrounds become ready', async () => {
  for (const [name, width, height] of [['desktop', 1400, 900], ['phone', 390, 844]]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.readyElements = new Set();
      document.addEventListener('ready', (e) => window.readyElements.add(e.target), true);
    });
    await page.goto(`${server.url}tutorial.html`);
    const count = await page.locator('backprop-playground').count();
    assert.ok(count >= 6, `${count} playgrounds`);
    await page.waitForFunction((count) => window.readyElements.size === count, count, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.workersStarted), 1);
    const notices = await page.evaluate(() =>
      [...document.querySelectorAll('backprop-playground [data-panel="notice"]')].filter((n) => !n.hidden).map((n) => n.textContent));
    assert.deepEqual(notices, [], 'every configuration on the page is valid');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the ${name} screen`);
    await page.screenshot({ path: join(artifacts, `tutorial-${name}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  }
});
