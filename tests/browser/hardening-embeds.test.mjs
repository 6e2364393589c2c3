// Issue 10, points 13 and 14. A host page creates and removes 1,000 <backprop-playground>
// elements (in batches of 25, each drawn before the batch goes; one in ten with every panel, the
// others with the default ones; the network shows gradients, so its chart is made): afterwards the JS
// heap, the DOM counters and the live canvases are back near where they started, so a removed
// element's views freed what they made (uPlot charts, observers, listeners, canvases). Before
// the fix, 100 elements with every panel left +13 MiB of heap, +130,000 DOM nodes, +10,300
// listeners and +2,700 canvases (uPlot's window listener held each playground). What is
// left after 1,000 (about 1.7 MiB, measured by a heap snapshot diff) is V8's compiled code,
// Chromium's performance-timeline entries and this test's own WeakRefs, none of the page's. And an
// embed with origins=null (a sandboxed parent may command it) tells a foreign page framing it
// nothing of its state: no 'ready' with the state, no 'resize', no 'progress'.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, launch, root, serve } from './harness.mjs';

const ELEMENTS = Number(process.env.BP_ELEMENTS ?? 1000); // fewer only to look at a run by hand
const BATCH = 25;

// The host page; window.cycle(n, batch) creates and removes n elements, `batch` at a time.
// 1,000 take about 45 s on this 2-core machine when it is otherwise idle, up to 120 s while other
// engineers' tests share it (building a playground's views costs ~40-100 ms).
const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Many playgrounds</title><link rel="icon" href="data:,">
<script type="module" src="./pg/backprop-playground.js"></script>
<script>
  // Every canvas the page makes, held weakly: after a collection, the ones still alive.
  window.canvases = [];
  const make = Document.prototype.createElement;
  Document.prototype.createElement = function (tag, ...rest) {
    const node = make.call(this, tag, ...rest);
    if (String(tag).toLowerCase() === 'canvas') canvases.push(new WeakRef(node));
    return node;
  };
  window.liveCanvases = () => canvases.filter((ref) => ref.deref() !== undefined).length;
  // Drawn once: every view built and rendered (the charts, the heatmaps' canvases); the
  // engine's first frame need not be there yet (waiting for it too would take minutes).
  const drawnOnce = async (el) => {
    while (!(el.playground?.stats().commits > 0)) await new Promise((resolve) => requestAnimationFrame(resolve));
  };
  window.cycle = async (n, batch) => {
    const box = document.getElementById('box');
    for (let done = 0; done < n; done += batch) {
      const made = [];
      for (let i = 0; i < Math.min(batch, n - done); i++) {
        const el = document.createElement('backprop-playground');
        // Most with the element's default panels (the loss chart among them), one in ten with
        // every panel, so each view's destroy() is exercised.
        if ((done + i) % 10 === 0) el.setAttribute('panels', 'controls,share,data,network,output,chart,stepthrough');
        el.setAttribute('config', '#dataset=xor&networkShape=3,2&links=gradients');
        box.append(el);
        made.push(el);
      }
      await Promise.all(made.map(drawnOnce));
      for (const el of made) el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  };
</script></head>
<body><h1>Many playgrounds</h1><div id="box"></div></body></html>`;

// A page that frames embed.html (its address in ?embed=) and notes every message the frame
// sends it. framing.html is an ordinary page of another origin than the frame's; sandboxed.html
// is the same page run inside <iframe sandbox="allow-scripts"> (origin "null"), which commands
// the frame with getState once it is ready and passes what it hears up to the top page.
const FRAMING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page framing the embed</title><link rel="icon" href="data:,">
<script>
  window.heard = [];
  const embed = new URLSearchParams(location.search).get('embed');
  addEventListener('message', (e) => {
    if (e.source !== document.getElementById('frame').contentWindow || e.data?.source !== 'backprop-playground') return;
    heard.push(e.data);
    if (parent !== window) parent.postMessage({ relayed: e.data }, '*');
    if (e.data.type === 'ready' && location.search.includes('command')) {
      e.source.postMessage({ source: 'backprop-playground', type: 'getState', id: 1 }, '*');
    }
  });
  addEventListener('DOMContentLoaded', () => { document.getElementById('frame').src = embed; });
</script></head>
<body><iframe id="frame" title="An embedded playground" style="width: 600px; height: 500px; border: 0"></iframe></body></html>`;

const SANDBOXED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A sandboxed page framing the embed</title><link rel="icon" href="data:,">
<script>
  window.heard = [];
  addEventListener('message', (e) => { if (e.data?.relayed) heard.push(e.data.relayed); });
</script></head>
<body><iframe id="outer" sandbox="allow-scripts" title="A sandboxed page" style="width: 640px; height: 540px; border: 0"></iframe>
<script>document.getElementById('outer').src = 'framing.html' + location.search;</script></body></html>`;

let server, dist, browser, hostDir;
before(async () => {
  hostDir = mkdtempSync(join(tmpdir(), 'bp-embeds-'));
  writeFileSync(join(hostDir, 'many.html'), HOST);
  writeFileSync(join(hostDir, 'framing.html'), FRAMING);
  writeFileSync(join(hostDir, 'sandboxed.html'), SANDBOXED);
  symlinkSync(join(root, 'dist'), join(hostDir, 'pg'), 'dir');
  server = await serve(hostDir, '/h/');
  dist = await serve(); // the embed on its own origin (another port), as on a playground's site
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await dist?.close();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

/** Heap, DOM counters and live canvases after a full collection. */
async function measure(page, cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const canvases = await page.evaluate(() => liveCanvases());
  return { heapMiB: usedSize / 2 ** 20, nodes: counters.nodes, listeners: counters.jsEventListeners, documents: counters.documents, canvases };
}

test(`${ELEMENTS} elements created and removed leave the heap, the DOM and the canvases as they were`, { timeout: 240_000 }, async () => {
  const page = await browser.page(`${server.url}many.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  // A first batch loads the element's module and the engine: what stays for the page's life.
  await page.evaluate((batch) => cycle(batch, batch), BATCH);
  const start = await measure(page, cdp);
  const began = Date.now();
  await page.evaluate(({ n, batch }) => cycle(n, batch), { n: ELEMENTS, batch: BATCH });
  const seconds = (Date.now() - began) / 1000;
  const end = await measure(page, cdp);
  const sessions = await page.evaluate(() => customElements.get('backprop-playground').sessionsInEngine());
  console.log(`# ${ELEMENTS} elements in ${seconds.toFixed(1)} s; before ${JSON.stringify(start)}; after ${JSON.stringify(end)}`);
  assert.equal(sessions, 0, 'every removed element freed its engine session');
  assert.ok(end.heapMiB - start.heapMiB < 3, `the JS heap grew by ${(end.heapMiB - start.heapMiB).toFixed(1)} MiB`);
  assert.ok(end.canvases - start.canvases <= 5, `${end.canvases - start.canvases} more canvases alive`);
  assert.ok(end.nodes - start.nodes < 500, `${end.nodes - start.nodes} more DOM nodes`);
  assert.ok(end.listeners - start.listeners < 50, `${end.listeners - start.listeners} more JS event listeners`);

  // And the page still works: one more element trains and draws (desktop, light; phone, dark).
  await page.evaluate(() => {
    const el = document.createElement('backprop-playground');
    el.id = 'last';
    el.setAttribute('panels', 'controls,network,output,chart');
    el.setAttribute('config', '#dataset=xor&networkShape=3,2&links=gradients');
    document.getElementById('box').append(el);
    el.play();
  });
  await page.waitForFunction(() => (document.getElementById('last').playground?.snapshot?.metrics.step ?? 0) > 50, null, { timeout: 30_000 });
  await page.screenshot({ path: join(artifacts, 'hardening-embeds-after-1000-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => document.getElementById('last').playground.setState({ theme: 'dark' }));
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(artifacts, 'hardening-embeds-after-1000-phone-dark.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
});

/** The embed's address with origins=null, training from the start. */
const nullEmbed = () => `${dist.url}embed.html?panels=network,output,chart&origins=null&autoplay=1#dataset=xor&networkShape=3`;

/** The embed frame inside `page` (at any depth), once it has trained a while. */
async function trainedEmbed(page) {
  await page.waitForFunction(() => true);
  let frame = null;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = page.frames().find((f) => f.url().startsWith(dist.url)) ?? null;
    if (!frame) await page.waitForTimeout(50);
  }
  await frame.waitForFunction(() => (window.playground?.snapshot?.metrics.step ?? 0) > 20, null, { timeout: 30_000 });
  await page.waitForTimeout(600); // past a progress event's interval and the ready fallback
  return frame;
}

test('origins=null: an ordinary page framing the embed hears only a bare ready, and cannot command it', async () => {
  const page = await browser.page(`${server.url}framing.html?embed=${encodeURIComponent(nullEmbed())}`);
  const frame = await trainedEmbed(page);
  await page.evaluate(() => document.getElementById('frame').contentWindow.postMessage({ source: 'backprop-playground', type: 'getState', id: 7 }, '*'));
  await frame.waitForFunction(() => window.embed.ignored >= 1);
  await page.waitForTimeout(300);
  const heard = await page.evaluate(() => heard);
  assert.deepEqual(heard, [{ source: 'backprop-playground', type: 'ready', version: 1 }],
    `a foreign page heard ${JSON.stringify(heard.map((m) => m.type))}`);
  assert.deepEqual(page.errors, []);
});

test('origins=null: a sandboxed page hears ready, commands the frame, and from then on hears every event', async () => {
  const page = await browser.page(`${server.url}sandboxed.html?command&embed=${encodeURIComponent(nullEmbed())}`);
  await trainedEmbed(page);
  await page.waitForFunction(() => heard.some((m) => m.type === 'progress'), null, { timeout: 10_000 });
  const heard = await page.evaluate(() => heard);
  assert.equal(heard[0].type, 'ready');
  const reply = heard.find((m) => m.type === 'state');
  assert.equal(reply?.id, 1, 'its getState is answered');
  assert.equal(reply.state.dataset, 'xor');
  const resize = heard.find((m) => m.type === 'resize');
  assert.ok(resize && resize.height > 100, `the frame's height is told (${JSON.stringify(resize)})`);
  assert.deepEqual(page.errors, []);
});
