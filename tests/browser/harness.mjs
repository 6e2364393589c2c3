// Browser tests' set-up: the built page (dist/) served on 127.0.0.1 and Debian's Chromium
// driven by playwright-core (../shared/toolchain.md). Screenshots go to test-results/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const artifacts = join(root, 'test-results');
mkdirSync(artifacts, { recursive: true });

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** Serves `dir` (default dist/) under `prefix` on a free port; returns { url, close }. */
export async function serve(dir = join(root, 'dist'), prefix = '/') {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) return res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * A fresh Chromium with its own profile; every console error and page error is collected.
 * `deviceScaleFactor`: the devicePixelRatio of every page (2: a high-density screen).
 * `serviceWorkers`: 'block' (the default) keeps the page's offline worker (dist/sw.js) out, so
 * that every request reaches the server and page.route(); offline.test.mjs passes 'allow'.
 */
export async function launch({ deviceScaleFactor = 1, serviceWorkers = 'block' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor,
    serviceWorkers,
  });
  return {
    context,
    async page(url, { width = 1400, height = 900 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      page.errors = [];
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
      page.on('pageerror', (e) => page.errors.push(e.message));
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Two animation frames: whatever a dispatch or a frame changed has been drawn. */
export function drawn(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Waits until the step-through panel has a trace newer than `after` (its count of traces) and
 * nothing in flight; returns the count.
 */
export async function traced(page, after = 0) {
  await page.waitForFunction((n) => {
    const st = document.querySelector('.st');
    return st && st.dataset.busy === 'false' && Number(st.dataset.traces) > n;
  }, after, { timeout: 15_000 });
  return page.evaluate(() => Number(document.querySelector('.st').dataset.traces));
}

/** Waits until the page's trainer has drawn a first frame (the engine is loaded). */
export async function ready(page) {
  await page.waitForFunction(() => window.playground?.snapshot?.metrics !== undefined, null, { timeout: 20_000 });
}

/** In the page: play() until the test accuracy reaches `goal` (or `ms` pass), then pause; the metrics of the paused frame. */
export function trainUntil(page, goal, ms) {
  return page.evaluate(([target, limit]) => new Promise((resolve) => {
    const pg = window.playground;
    const end = performance.now() + limit;
    pg.play();
    const check = () => {
      const m = pg.snapshot?.metrics;
      if ((m && m.testAccuracy >= target) || performance.now() > end) {
        pg.pause();
        setTimeout(() => resolve(pg.snapshot.metrics), 400); // the paused frame's full-detail redraw
      } else setTimeout(check, 100);
    };
    check();
  }), [goal, ms]);
}

/**
 * Registers before/after hooks that serve dist/ and launch Chromium for the calling test file;
 * returns an object whose `server` and `browser` are set once the hooks have run.
 */
export function useBrowser(options = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve();
    env.browser = await launch(options);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
