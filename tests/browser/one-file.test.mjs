// "Download this page" in Chromium: the share dialog saves the playground as one HTML file, which
// opens from disk (file://) with the network off and every non-file request refused, carries the
// setup and the trained weights to the last bit, and trains. The file names nothing outside
// itself (a notebook's IFrame or an iframe's srcdoc shows it whole); a file whose setup was
// broken by hand says so and starts the default network. A screenshot of the dialog's new part
// goes to test-results/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { artifacts, launch, ready, root, useBrowser } from './harness.mjs';

const env = useBrowser();
const work = mkdtempSync(join(tmpdir(), 'bp-one-file-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = '#dataset=xor&activation=tanh&networkShape=5,3&xTimesY=true&seed=7&learningRate=0.1&batchSize=5';

/** An offline browser: the network is off and only file: (and data:/blob:) requests get through. */
let offline = null;
let refused = [];
before(async () => {
  offline = await launch();
  await offline.context.setOffline(true);
  await offline.context.route('**', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    refused.push(url);
    return route.abort();
  });
});
after(() => offline?.close());

async function openShare(page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  await dialog.waitFor();
  return dialog;
}

/** Downloads the page from the open dialog (with or without weights); the saved file's path and name. */
async function downloadPage(page, dialog, withWeights, file) {
  const section = dialog.getByRole('region', { name: 'Download this page' });
  await section.getByRole('checkbox', { name: 'with the trained weights' }).setChecked(withWeights);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }),
    section.getByRole('button', { name: 'Download this page (.html)' }).click()]);
  const path = join(work, file);
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

/** The page's parameters as bytes (hex), its step and what the network is. */
/** The page on CONFIG trained `steps` steps, what it holds then, and its file saved with the weights as `name`. */
async function savedWithWeights(steps, name) {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  await page.evaluate((n) => window.playground.step(n), steps);
  const saved = await reading(page);
  const file = await downloadPage(page, await openShare(page), true, name);
  await page.close();
  return { saved, file };
}

function reading(page) {
  return page.evaluate(() => {
    const pg = window.playground;
    const s = pg.snapshot;
    const state = pg.getState();
    return {
      bytes: Array.from(new Uint8Array(s.parameters.buffer, s.parameters.byteOffset, s.parameters.byteLength),
        (b) => b.toString(16).padStart(2, '0')).join(''),
      count: s.parameters.length, step: s.metrics.step, epoch: s.metrics.epoch, trainLoss: s.metrics.trainLoss,
      setup: { dataset: state.dataset, networkShape: state.networkShape, activation: state.activation, xTimesY: state.xTimesY,
        seed: state.seed, learningRate: state.learningRate, batchSize: state.batchSize },
    };
  });
}

/** Opens `url` in the offline browser and waits for the engine's first frame. */
async function openOffline(url) {
  const page = await offline.page(url);
  await ready(page);
  return page;
}

test('Download this page: the file opens from disk offline with the setup and the weights to the last bit, and trains', async () => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  await page.evaluate(() => window.playground.step(150));
  const saved = await reading(page);
  assert.equal(saved.step, 150);
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Download this page' });
  const file = await downloadPage(page, dialog, true, 'with-weights.html');
  assert.equal(file.name, 'backprop-playground-xor.html');
  assert.match(await section.getByRole('status').textContent(), /^Saved backprop-playground-xor\.html \(1\.\d MB\)\.$/);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: join(artifacts, 'one-file-dialog.png') });
  await dialog.screenshot({ path: join(artifacts, 'one-file-dialog-whole.png') });
  assert.deepEqual(page.errors, []);
  await page.close();

  const html = readFileSync(file.path, 'utf8');
  // One file: nothing it names is outside it (data: URLs and #fragments only), no module script, no worker file.
  const markup = html.replace(/<script>[^]*<\/script>/, '').replace(/<style>[^]*<\/style>/, '');
  assert.deepEqual([...markup.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !/^(data:|#)/.test(u)), []);
  assert.doesNotMatch(html, /type="module"|<link rel="stylesheet"|<link rel="manifest"/);
  const setup = JSON.parse(/<script type="application\/json" id="bp-setup">([^<]*)<\/script>/.exec(html)[1]);
  assert.match(setup.hash, /^#v=\d+&.*&weights=[\w-]+/);

  refused = [];
  const copy = await openOffline(pathToFileURL(file.path).href);
  assert.match(copy.url(), /^file:\/\//);
  assert.deepEqual(await copy.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.type || (s.src ? 'src' : 'inline')),
    files: [...document.querySelectorAll('[src], [href]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href')).filter((u) => !/^(data:|#|blob:)/.test(u)),
  })), { scripts: ['application/json', 'inline'], files: [] }, 'the setup element and the page\'s script; no file named');
  const opened = await reading(copy);
  assert.equal(opened.count, saved.count);
  assert.equal(opened.bytes, saved.bytes, 'the float32 parameters, bit for bit');
  assert.equal(opened.step, saved.step);
  assert.equal(opened.epoch, saved.epoch);
  assert.deepEqual(opened.setup, saved.setup);
  assert.equal(await copy.evaluate(() => document.documentElement.dataset.engine), 'simd');
  // The page writes its setup into its address, as the full page does (file:// allows it).
  assert.match(await copy.evaluate(() => location.hash), /dataset=xor/);
  // It trains: the step grows, the weights and the loss change.
  await copy.evaluate(() => new Promise((resolve) => {
    window.playground.play();
    const check = () => (window.playground.snapshot.metrics.step >= 400 ? resolve() : setTimeout(check, 50));
    check();
  }));
  await copy.evaluate(() => window.playground.pause());
  const trained = await reading(copy);
  assert.ok(trained.step >= 400, `step ${trained.step}`);
  assert.notEqual(trained.bytes, saved.bytes);
  assert.notEqual(trained.trainLoss, saved.trainLoss);
  assert.deepEqual(refused, [], 'the page asked for nothing outside the file');
  assert.deepEqual(copy.errors, []);

  // A page saved from the saved page (its own template) carries its weights too.
  const again = await downloadPage(copy, await openShare(copy), true, 'again.html');
  const second = await reading(copy);
  await copy.close();
  const reopened = await openOffline(pathToFileURL(again.path).href);
  assert.equal((await reading(reopened)).bytes, second.bytes);
  assert.deepEqual(reopened.errors, []);
  await reopened.close();
});

test('without the weights the file starts from the seed\'s weights, as a configuration link does', async () => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  const start = await reading(page);
  await page.evaluate(() => window.playground.step(100));
  const file = await downloadPage(page, await openShare(page), false, 'config.html');
  await page.close();
  const copy = await openOffline(pathToFileURL(file.path).href);
  const opened = await reading(copy);
  assert.equal(opened.step, 0);
  assert.equal(opened.bytes, start.bytes, 'the seed\'s starting weights');
  assert.deepEqual(opened.setup, start.setup);
  assert.deepEqual(copy.errors, []);
  await copy.close();
});

test('a notebook can show it: in an iframe with src (IPython.display.IFrame) and in srcdoc (IPython.display.HTML of an iframe)', async () => {
  const { saved, file } = await savedWithWeights(60, 'notebook.html');
  const html = readFileSync(file.path, 'utf8');
  const host = join(work, 'notebook-host.html');
  const srcdoc = html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(host, `<!doctype html><title>notebook</title>
<iframe id="src" src="notebook.html" width="1000" height="700"></iframe>
<iframe id="doc" srcdoc="${srcdoc}" width="1000" height="700"></iframe>`);
  const notebook = await offline.page(pathToFileURL(host).href);
  for (const id of ['src', 'doc']) {
    const frame = notebook.frame({ name: id }); // an iframe without a name: its id
    assert.ok(frame, `the ${id} frame`);
    await ready(frame);
    const opened = await reading(frame);
    assert.equal(opened.bytes, saved.bytes, `${id}: the weights, bit for bit`);
    await frame.evaluate(() => window.playground.step(20));
    assert.equal((await reading(frame)).step, saved.step + 20, `${id}: it trains`);
  }
  assert.deepEqual(notebook.errors, []);
  await notebook.close();
});

test('a file whose setup was broken by hand says so and starts the default network', async () => {
  const template = readFileSync(join(root, 'dist', 'one-file.html'), 'utf8');
  const cases = [
    ['{"hash": "#dataset=xor&networkShape=4', /not valid JSON/],
    ['[1, 2]', /not an object with a "hash" text/],
    ['{"hash": "dataset=xor"}', /does not start with #/],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const path = join(work, `broken-${i}.html`);
    writeFileSync(path, template.replace('<script type="application/json" id="bp-setup"></script>',
      `<script type="application/json" id="bp-setup">${text}</script>`));
    const page = await openOffline(pathToFileURL(path).href);
    const notice = page.getByRole('alert').filter({ hasText: 'This page\'s saved setup could not be read' });
    await notice.waitFor();
    assert.match(await notice.textContent(), message);
    assert.match(await notice.textContent(), /starts from its default setup/);
    const state = await page.evaluate(() => window.playground.getState());
    assert.equal(state.dataset, 'circle');
    assert.deepEqual(state.networkShape, [4, 2]);
    if (i === 0) await page.screenshot({ path: join(artifacts, 'one-file-broken.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  // Damaged weights in a valid setup: the link's own message, the seed's weights instead.
  const path = join(work, 'broken-weights.html');
  writeFileSync(path, template.replace('<script type="application/json" id="bp-setup"></script>',
    '<script type="application/json" id="bp-setup">{"hash":"#dataset=xor&networkShape=3&weights=AAAAAAAA"}</script>'));
  const page = await openOffline(pathToFileURL(path).href);
  await page.getByRole('status').filter({ hasText: 'initial weights instead' }).first().waitFor();
  assert.equal((await page.evaluate(() => window.playground.getState())).dataset, 'xor');
  await page.close();
});

test('the shipped data files are inside it: digits and penguins open from disk offline and train', async () => {
  const template = readFileSync(join(root, 'dist', 'one-file.html'), 'utf8');
  for (const dataset of ['digits', 'penguins']) {
    const path = join(work, `${dataset}.html`);
    writeFileSync(path, template.replace('<script type="application/json" id="bp-setup"></script>',
      `<script type="application/json" id="bp-setup">{"hash":"#dataset=${dataset}"}</script>`));
    refused = [];
    const page = await openOffline(pathToFileURL(path).href);
    await page.waitForFunction(() => window.playground.frame?.info.loaded, null, { timeout: 20_000 });
    await page.evaluate(() => window.playground.step(30));
    const { step, inputs } = await page.evaluate(() => ({ step: window.playground.snapshot.metrics.step, inputs: window.playground.frame.info.config.layers[0] }));
    assert.equal(inputs, dataset === 'digits' ? 64 : 4, dataset);
    assert.equal(step, 30, dataset);
    assert.deepEqual(refused, [], dataset);
    assert.deepEqual(page.errors, [], dataset);
    await page.close();
  }
});

test('on a 390 px phone in the dark theme the part stacks inside the dialog', async () => {
  const page = await env.browser.page(`${env.server.url}${CONFIG}&theme=dark`, { width: 390, height: 844 });
  await ready(page);
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Download this page' });
  await section.scrollIntoViewIfNeeded();
  const box = await dialog.boundingBox();
  const button = await section.getByRole('button', { name: 'Download this page (.html)' }).boundingBox();
  const label = await section.getByText('with the trained weights').boundingBox();
  assert.ok(button.x >= box.x && button.x + button.width <= box.x + box.width, 'the button is inside the dialog');
  assert.ok(button.y >= label.y + label.height - 1, 'the button is under the box');
  await section.screenshot({ path: join(artifacts, 'one-file-dialog-phone-dark.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without WebAssembly SIMD the file runs its baseline engine, to the same bits', async () => {
  const { saved, file } = await savedWithWeights(80, 'baseline.html');
  // A browser without SIMD: the engine worker's WebAssembly.validate refuses every module, so its
  // probe for SIMD fails (the worker's code is read back and started with that line in front).
  const copy = await offline.context.newPage();
  copy.errors = [];
  copy.on('pageerror', (e) => copy.errors.push(e.message));
  await copy.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = function Worker(url, options) {
      const request = new XMLHttpRequest();
      request.open('GET', url, false);
      request.send();
      const code = `WebAssembly.validate = () => false;\n${request.responseText}`;
      return new Original(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), options);
    };
  });
  await copy.goto(pathToFileURL(file.path).href);
  await ready(copy);
  assert.equal(await copy.evaluate(() => document.documentElement.dataset.engine), 'baseline');
  assert.equal((await reading(copy)).bytes, saved.bytes);
  await copy.evaluate(() => window.playground.step(40));
  assert.equal((await reading(copy)).step, saved.step + 40);
  assert.deepEqual(copy.errors, []);
  await copy.close();
});
