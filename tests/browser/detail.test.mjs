// Adaptive detail: heatmaps are computed at the size they are drawn at, and a page whose frames
// come late (here: a script that holds the main thread 40 ms every frame, as a busy machine
// would) gets coarser thumbnails, says so, and gets full detail back once frames are on time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();
const wide = useBrowser({ deviceScaleFactor: 2 }); // devicePixelRatio 2

/**
 * Plays while holding the main thread 40 ms in every frame, until the detail drops: then the
 * hog stops in the frame that sees it (one level, before a second could follow), and `pause`s
 * there if asked.
 */
function slowUntilReduced(page, { pause }) {
  return page.evaluate((pause) => {
    const root = document.querySelector('.bp-playground');
    const hog = () => {
      if (root.dataset.detail === 'reduced') {
        if (pause) window.playground.pause();
        return;
      }
      const until = performance.now() + 40;
      while (performance.now() < until) { /* a busy machine */ }
      requestAnimationFrame(hog);
    };
    requestAnimationFrame(hog);
    window.playground.play();
  }, pause);
}

test('grids at their drawn size; under a slow main thread the detail drops, is shown, and comes back', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await drawn(page);
  const sizes = () => page.evaluate(() => ({ neurons: window.playground.snapshot.gridSize, output: window.playground.snapshot.outputSize }));
  assert.deepEqual(await sizes(), { neurons: 34, output: 100 }, 'a cell per device px of the 34 px inside a node at devicePixelRatio 1; the output at 100²');
  assert.equal(await page.evaluate(() => document.querySelector('.bp-playground').dataset.detail), 'full');
  const badge = page.getByRole('status').filter({ hasText: 'Reduced detail' });
  assert.equal(await badge.isVisible(), false);

  await slowUntilReduced(page, { pause: false });
  await page.waitForFunction(() => document.querySelector('.bp-playground').dataset.detail === 'reduced', null, { timeout: 10000 });
  await badge.waitFor({ state: 'visible' });
  const reduced = await sizes();
  assert.ok(reduced.neurons < 34, `coarser thumbnails (${reduced.neurons})`);
  assert.ok(reduced.output <= 100);

  // The machine is free again: full detail after a few seconds of frames on time.
  await page.waitForFunction(() => document.querySelector('.bp-playground').dataset.detail === 'full', null, { timeout: 30000 });
  await badge.waitFor({ state: 'hidden' });
  assert.deepEqual(await sizes(), { neurons: 34, output: 100 });

  // Paused, a step is drawn at full detail whatever the level was.
  await page.evaluate(() => window.playground.pause());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('paused on a frame of reduced detail, the same weights are drawn again at full detail', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await slowUntilReduced(page, { pause: true });
  await page.waitForFunction(() => !window.playground.playing && document.querySelector('.bp-playground').dataset.detail === 'full',
    null, { timeout: 15000 });
  const after = await page.evaluate(() => ({ neurons: window.playground.snapshot.gridSize, output: window.playground.snapshot.outputSize }));
  assert.deepEqual(after, { neurons: 34, output: 100 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('at devicePixelRatio 2 a thumbnail is its 34 cells, each 2 × 2 device px of the 68 inside its node', async () => {
  const page = await wide.browser.page(wide.server.url);
  await ready(page);
  const shown = await page.evaluate(() => {
    const { gridSize, outputSize, grid } = window.playground.snapshot;
    // The first hidden neuron's square: inside the 1 px border of its node, in device px of its column's canvas.
    const node = document.querySelector('#network-panel .nn-neuron:not(.nn-output)').getBoundingClientRect();
    const canvas = [...document.querySelectorAll('#network-panel .nn-surface')].find((c) => {
      const b = c.getBoundingClientRect();
      return node.left >= b.left && node.right <= b.right && node.top >= b.top && node.bottom <= b.bottom;
    });
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const [x0, y0] = [Math.round((node.left - box.left + 1) * ratio), Math.round((node.top - box.top + 1) * ratio)];
    const pixels = canvas.getContext('2d').getImageData(x0, y0, 68, 68).data;
    let unequal = 0; // pixels of a 2 × 2 block that differ from its top-left one
    for (let y = 0; y < 68; y += 2) {
      for (let x = 0; x < 68; x += 2) {
        const at = (y * 68 + x) * 4;
        for (const d of [4, 68 * 4, 68 * 4 + 4]) for (let c = 0; c < 3; c++) if (pixels[at + d + c] !== pixels[at + c]) unequal++;
      }
    }
    let distinct = new Set();
    for (let i = 0; i < pixels.length; i += 4) distinct.add(pixels[i] << 16 | pixels[i + 1] << 8 | pixels[i + 2]);
    return { gridSize, outputSize, ratio, unequal, distinct: distinct.size, grid: grid.length > 0 };
  });
  assert.deepEqual({ ...shown, distinct: undefined }, { gridSize: 34, outputSize: 100, ratio: 2, unequal: 0, distinct: undefined, grid: true });
  assert.ok(shown.distinct > 10, `the square shows the neuron's function, not one colour (${shown.distinct} colours)`);
  await page.close();
});
