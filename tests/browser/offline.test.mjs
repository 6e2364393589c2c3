// Offline and installable, in Chromium, with the page under a sub-path. After one visit the
// service worker (dist/sw.js) controls the page and its cache holds every file of its list, which
// holds every file the page asked for; then the server is stopped AND the context goes offline
// (so nothing but the worker could answer), and a reload still trains on the SIMD engine, steps
// through backpropagation and opens a share link with bit-identical weights. A second build
// served later on the same origin brings the "new version" notice; Reload takes it (the setup
// kept), another tab keeps its run. Chromium finds the page installable (manifest, icons,
// worker). Also: web/serve.mjs sends sw.js with no-cache.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, drawn, launch, ready, root, traced, trainUntil } from './harness.mjs';

const DIST = process.env.BP_PAGE_DIR || join(root, 'dist');
const PREFIX = '/courses/nets/playground/';
const CONFIG = '#dataset=circle&networkShape=4,2&activation=tanh&seed=7&learningRate=0.03';
const NEW_VERSION = 'A new version of the playground is ready';
const AXE = readFileSync(join(createRequire(import.meta.url).resolve('axe-core'), '../axe.min.js'), 'utf8');

/** axe's violations inside `selector`, as lines (every rule). */
async function axeLines(page, selector) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (where) => {
    const result = await window.axe.run(document.querySelector(where), { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}`));
  }, selector);
}
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.csv': 'text/csv' };

/**
 * A static server of `dir` under PREFIX that can stop and start again on the same port (the same
 * origin, so the same worker registration) and serve another folder; it records what it served.
 */
async function switchableServer(dir) {
  const served = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(PREFIX)) return res.writeHead(404).end();
    // As hosts with "pretty URLs" do: tutorial.html moves to tutorial.
    if (path.endsWith('/tutorial.html')) return res.writeHead(301, { location: 'tutorial' }).end();
    let file = normalize(join(dir, path.slice(PREFIX.length).replace(/\/tutorial$/, '/tutorial.html').replace(/^tutorial$/, 'tutorial.html')));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      served.push(file.slice(dir.length + 1)); // the file, whatever the address
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        ...(file.endsWith('/sw.js') ? { 'cache-control': 'no-cache' } : {}) });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  let port = 0;
  const start = () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    port = server.address().port;
    resolve();
  }));
  await start();
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    served,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    async restart(folder) {
      dir = folder;
      await start();
    },
  };
}

/** dist/sw.js's list of files, as its build wrote it. */
function precacheList(dir) {
  const code = readFileSync(join(dir, 'sw.js'), 'utf8');
  const literal = /JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(code);
  assert.ok(literal, 'sw.js has its file list');
  return JSON.parse(JSON.parse(literal[1]));
}

/** In the page: the version the controlling worker serves, its cache's name and that cache's files (relative). */
function controllerCache(page) {
  return page.evaluate(async () => {
    const sw = navigator.serviceWorker;
    if (!sw.controller) {
      await new Promise((resolve, reject) => {
        sw.addEventListener('controllerchange', resolve, { once: true });
        setTimeout(() => reject(new Error('no service worker took the page within 20 s')), 20_000);
      });
    }
    const registration = await sw.ready;
    const version = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      sw.controller.postMessage('version', [channel.port2]);
    });
    const names = await caches.keys();
    const name = `backprop-playground ${registration.scope} ${version}`;
    const files = names.includes(name) ? (await (await caches.open(name)).keys()).map((r) => r.url.slice(registration.scope.length)) : [];
    return { version, name, names, files: files.sort(), scope: registration.scope };
  });
}

const bits = (page) => page.evaluate(() => {
  const { parameters, metrics } = window.playground.snapshot;
  return { parameters: Array.from(new Uint32Array(parameters.buffer, parameters.byteOffset, parameters.length)), step: metrics.step };
});

let server, browser, next;
before(async () => {
  server = await switchableServer(DIST);
  browser = await launch({ serviceWorkers: 'allow' });
});
after(async () => {
  await browser?.close();
  await server?.stop().catch(() => {});
  if (next) rmSync(next, { recursive: true, force: true });
});

let link, linked, cached;
test('after one visit: no server, no network, and the page still trains, steps through and opens a share link', { timeout: 120_000 }, async () => {
  const page = await browser.page(server.url + CONFIG);
  await ready(page);

  // The worker takes the page on the first visit (clients.claim) and has cached its whole list.
  cached = await controllerCache(page);
  assert.equal(cached.scope, server.url, 'the worker\'s scope is the page\'s sub-path');
  const list = precacheList(DIST);
  assert.deepEqual(cached.files, [...list].sort(), 'the cache holds every listed file');
  for (const required of ['index.html', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png']) {
    assert.ok(list.includes(required), `${required} is precached`);
  }
  for (const pattern of [/^assets\/engine-simd-.*\.wasm$/, /^assets\/engine-baseline-.*\.wasm$/, /^assets\/worker-.*\.js$/, /^assets\/digits\.csv-.*\.gz$/, /^assets\/penguins-.*\.csv$/]) {
    assert.ok(list.some((file) => pattern.test(file)), `a file matching ${pattern} is precached`);
  }
  // Whatever the page asked for on its visit (the document, its chunks, the worker, the engine's
  // .wasm, the manifest and icon) is in the list. The data sets and the baseline engine, which this
  // visit did not load, are in it by the assertions above.
  const missing = [...new Set(server.served)].filter((file) => file !== 'sw.js' && !list.includes(file));
  assert.deepEqual(missing, [], 'every file the page loaded is precached');
  assert.ok(server.served.some((file) => /engine-simd-.*\.wasm$/.test(file)), `the SIMD engine was loaded: ${server.served}`);
  const bytes = list.reduce((n, file) => n + readFileSync(join(DIST, file)).length, 0);
  console.log(`# precached: ${list.length} files, ${(bytes / 1024).toFixed(0)} KiB, version ${cached.version}`);
  // A cached Response keeps its headers: the engine's .wasm is still application/wasm (streaming compilation).
  const wasm = list.find((file) => /engine-simd-.*\.wasm$/.test(file));
  assert.equal(await page.evaluate(async (url) => (await caches.match(url)).headers.get('content-type'), server.url + wasm), 'application/wasm');
  assert.equal(await page.locator('#update-notice').isHidden(), true, 'no "new version" notice on a first visit');
  // Installable: Chromium's own verdict on the manifest, its icons and the worker.
  const cdp = await browser.context.newCDPSession(page);
  assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, [], 'Chromium would install it');
  const manifest = await cdp.send('Page.getAppManifest');
  assert.equal(manifest.url, `${server.url}manifest.webmanifest`);
  assert.deepEqual(manifest.errors, []);
  await cdp.detach();

  // A share link with the current weights, made online.
  await page.evaluate(() => window.playground.step(120));
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  await dialog.getByRole('radio', { name: 'Configuration and current weights' }).check();
  await page.waitForFunction(() => /&weights=[A-Za-z0-9_-]+/.test(document.querySelector('.share-link').value));
  link = await dialog.getByRole('textbox', { name: 'Link to share' }).inputValue();
  linked = await bits(page);
  await page.keyboard.press('Escape');

  // Nothing could answer but the worker.
  await server.stop();
  await browser.context.setOffline(true);
  const reloaded = await page.reload();
  assert.equal(reloaded.fromServiceWorker(), true, 'the reload came from the service worker');
  await ready(page);
  assert.equal(await page.evaluate(() => window.playground.root.dataset.engine), 'simd', 'the SIMD engine, from the cache');

  // It trains.
  const metrics = await trainUntil(page, 0.9, 20_000);
  assert.ok(metrics.step > 0 && metrics.testAccuracy >= 0.9, `trained offline: step ${metrics.step}, test accuracy ${metrics.testAccuracy}`);

  // It steps through: forward, error, backward, update, each a new stage on screen.
  await page.getByRole('button', { name: 'Step through backprop' }).click();
  await traced(page);
  const stages = [await page.evaluate(() => document.querySelector('.st').dataset.step)];
  for (let k = 0; k < 4; k++) {
    await page.click('.st-next');
    await page.waitForFunction((seen) => document.querySelector('.st').dataset.step !== seen, stages.at(-1));
    stages.push(await page.evaluate(() => document.querySelector('.st').dataset.step));
  }
  assert.equal(new Set(stages).size, stages.length, `five different stages: ${stages}`);
  assert.equal(stages[0], 'forward.0');
  await drawn(page);

  // Share → "Download this page" builds its file from one-file.html, which is cached too.
  await page.getByRole('button', { name: 'Share…' }).click();
  const section = page.getByRole('dialog', { name: 'Share this playground' }).getByRole('region', { name: 'Download this page' });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }),
    section.getByRole('button', { name: 'Download this page (.html)' }).click()]);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.ok(saved.length > 500_000 && saved.includes('id="bp-setup"'), `the one-file page, offline (${saved.length} characters)`);
  await page.keyboard.press('Escape');

  // The tutorial, which the host redirects (tutorial.html → tutorial), opens from the cache too.
  const tutorial = await browser.page(`${server.url}tutorial.html`);
  assert.equal(new URL(tutorial.url()).pathname, `${PREFIX}tutorial.html`);
  await tutorial.waitForFunction(() => document.querySelector('backprop-playground')?.playground?.snapshot?.metrics !== undefined, null, { timeout: 30_000 });
  assert.deepEqual(tutorial.errors, []);
  await tutorial.close();

  // The share link opens in a new tab, offline, with its weights to the last bit.
  const shared = await browser.page(link);
  await ready(shared);
  const reopened = await bits(shared);
  assert.deepEqual(reopened.parameters, linked.parameters, 'the share link\'s weights, bit for bit');
  assert.deepEqual((({ dataset, networkShape, activation, seed }) => ({ dataset, networkShape, activation, seed }))(await shared.evaluate(() => window.playground.getState())),
    { dataset: 'circle', networkShape: [4, 2], activation: 'tanh', seed: 7 });
  await shared.evaluate(() => window.playground.step(10));
  assert.equal((await bits(shared)).step, reopened.step + 10, 'and trains on');

  for (const p of [page, shared]) assert.deepEqual(p.errors, [], 'not one error, offline');
  await shared.close();
  await page.close();
});

test('a new build served later: the notice, Reload takes it with the setup kept, another tab keeps its run, Later hides it', { timeout: 120_000 }, async () => {
  // The next build: the same files with another version and a changed index.html.
  next = mkdtempSync(join(tmpdir(), 'bp-next-build-'));
  cpSync(DIST, next, { recursive: true, filter: (file) => !file.endsWith('.map') });
  const sw = readFileSync(join(next, 'sw.js'), 'utf8');
  assert.ok(sw.includes(`"${cached.version}"`), 'sw.js names its version');
  writeFileSync(join(next, 'sw.js'), sw.replace(`"${cached.version}"`, `"${cached.version}-next"`));
  const index = readFileSync(join(next, 'index.html'), 'utf8');
  writeFileSync(join(next, 'index.html'), index.replace('<head>', '<head>\n  <meta name="bp-build" content="next">'));
  await server.restart(next);
  await browser.context.setOffline(false);

  // Opening the page finds the new worker; the old one still serves this visit, so it says so.
  const page = await browser.page(server.url + CONFIG);
  await ready(page);
  const notice = page.locator('#update-notice');
  await notice.getByText(NEW_VERSION).waitFor({ timeout: 20_000 });
  assert.match(await notice.textContent(), /training starts again/);
  assert.equal(await page.locator('meta[name="bp-build"]').count(), 0, 'this visit is still the old build');
  await page.evaluate(() => window.playground.step(30));
  assert.deepEqual(await axeLines(page, '#update-notice'), [], 'axe, light');
  await page.evaluate(() => window.playground.setState({ theme: 'dark' }));
  await drawn(page);
  await notice.screenshot({ path: join(artifacts, 'offline-new-version-dark.png') });
  assert.deepEqual(await axeLines(page, '#update-notice'), [], 'axe, dark');
  await page.evaluate(() => window.playground.setState({ theme: 'light' }));
  await page.screenshot({ path: join(artifacts, 'offline-new-version.png'), clip: { x: 0, y: 0, width: 1400, height: 260 } });

  // A second tab (phone-sized) shows it too; in a third, "Later" dismisses it.
  const other = await browser.page(server.url + '#dataset=xor&networkShape=3', { width: 390, height: 844 });
  await ready(other);
  await other.locator('#update-notice').getByText(NEW_VERSION).waitFor();
  await other.locator('#update-notice').screenshot({ path: join(artifacts, 'offline-new-version-phone.png') });
  await other.evaluate(() => window.playground.step(50));
  const later = await browser.page(server.url);
  await later.locator('#update-notice').getByText(NEW_VERSION).waitFor();
  await later.locator('#update-notice').getByRole('button', { name: /^Later/ }).click();
  assert.equal(await later.locator('#update-notice').isHidden(), true);
  assert.deepEqual(later.errors, []);
  await later.close();

  // Reload: the new worker takes over, this tab reloads into the new build with its setup.
  const state = await page.evaluate(() => window.playground.getState());
  await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload', exact: true }).click()]);
  await ready(page);
  assert.equal(await page.locator('meta[name="bp-build"]').getAttribute('content'), 'next', 'the new build');
  assert.deepEqual(await page.evaluate(() => window.playground.getState()), state, 'the same setup');
  const now = await controllerCache(page);
  assert.equal(now.version, `${cached.version}-next`);
  assert.deepEqual(now.names.filter((n) => n.startsWith(`backprop-playground ${now.scope} `)), [now.name], 'the old cache is gone');
  assert.deepEqual(now.files, cached.files, 'the new cache holds the whole list');
  assert.equal(await notice.isHidden(), true);

  // The other tab was not reloaded: its run is where it was, its notice still there. Its Reload,
  // the new worker already active, only reloads (at once, not after the 10 s fallback).
  assert.equal(await other.evaluate(() => window.playground.snapshot.metrics.step), 50);
  assert.equal(await other.locator('meta[name="bp-build"]').count(), 0);
  assert.equal(await other.locator('#update-notice').isVisible(), true);
  assert.deepEqual(other.errors, []);
  await Promise.all([other.waitForEvent('load', { timeout: 5000 }), other.locator('#update-notice').getByRole('button', { name: 'Reload', exact: true }).click()]);
  await ready(other);
  assert.equal(await other.locator('meta[name="bp-build"]').getAttribute('content'), 'next');
  for (const p of [page, other]) assert.deepEqual(p.errors, []);
  await other.close();
  await page.close();
});

test('npm start\'s server sends sw.js with Cache-Control: no-cache and the manifest as a manifest', { timeout: 30_000 }, async () => {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(process.execPath, [join(root, 'web/serve.mjs'), '--port', String(port), '--root', DIST], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => { if (String(chunk).includes(`:${port}/`)) resolve(); });
      child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    const sw = await fetch(`http://127.0.0.1:${port}/sw.js`);
    assert.equal(sw.status, 200);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
    assert.match(sw.headers.get('content-type'), /^text\/javascript/);
    const manifest = await fetch(`http://127.0.0.1:${port}/manifest.webmanifest`);
    assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
    const parsed = await manifest.json();
    assert.deepEqual([parsed.start_url, parsed.scope, parsed.display], ['./', './', 'standalone']);
    assert.deepEqual(parsed.icons.map((i) => `${i.src} ${i.sizes} ${i.purpose}`),
      ['icons/icon-192.png 192x192 any', 'icons/icon-512.png 512x512 any', 'icons/icon-maskable-512.png 512x512 maskable']);
  } finally {
    child.kill();
  }
});
