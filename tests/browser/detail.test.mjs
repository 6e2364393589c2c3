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

test('at devicePixelRatio 2 a thumbnail is its 34 cells, each shown as 2 × 2 device px of the 68 inside its node', async () => {
  const page = await wide.browser.page(wide.server.url);
  await ready(page);
  await drawn(page);
  // The first hidden neuron's square inside its 1 px border: its cells on the column's canvas
  // (in CSS px, a cell a pixel), and where it is on the page.
  const { gridSize, outputSize, ratio, clip, cells } = await page.evaluate(() => {
    const { gridSize, outputSize } = window.playground.snapshot;
    const node = document.querySelector('#network-panel .nn-neuron:not(.nn-output)').getBoundingClientRect();
    const canvas = [...document.querySelectorAll('#network-panel .nn-surface')].find((c) => {
      const b = c.getBoundingClientRect();
      return node.left >= b.left && node.right <= b.right && node.top >= b.top && node.bottom <= b.bottom;
    });
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    const [x0, y0] = [Math.round(node.left - box.left + 1), Math.round(node.top - box.top + 1)];
    const cells = [...canvas.getContext('2d').getImageData(x0, y0, 34, 34).data];
    // 2 CSS px of margin around the square: the page need not lie on whole device pixels.
    return { gridSize, outputSize, ratio, clip: { x: node.left - 1, y: node.top - 1, width: 38, height: 38 }, cells };
  });
  assert.deepEqual({ gridSize, outputSize, ratio }, { gridSize: 34, outputSize: 100, ratio: 1 }, 'a canvas pixel per cell');
  // What the screen shows there: 76 × 76 device px, decoded by the page.
  const png = (await page.screenshot({ clip })).toString('base64');
  const shown = await page.evaluate(async (png) => {
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return { width: image.width, height: image.height, pixels: [...context.getImageData(0, 0, image.width, image.height).data] };
  }, png);
  assert.deepEqual([shown.width, shown.height], [76, 76]);
  // Somewhere near 4 device px in, every device pixel is its cell's colour: rows 2 to 23 of
  // cells, under the corners the node's rounded border covers and above the bias square on its
  // lower left corner.
  const unlike = (ox, oy) => {
    let count = 0;
    for (let y = 4; y < 48; y++) {
      for (let x = 0; x < 68; x++) {
        const [s, c] = [((y + oy) * 76 + x + ox) * 4, ((y >> 1) * 34 + (x >> 1)) * 4];
        if ([0, 1, 2].some((j) => Math.abs(shown.pixels[s + j] - cells[c + j]) > 2)) count++;
      }
    }
    return count;
  };
  const fits = [];
  for (let oy = 2; oy <= 6; oy++) for (let ox = 2; ox <= 6; ox++) fits.push({ ox, oy, unlike: unlike(ox, oy) });
  const best = fits.reduce((a, b) => (b.unlike < a.unlike ? b : a));
  assert.equal(best.unlike, 0, `device pixels unlike their cell at the best offset ${JSON.stringify(best)}`);
  const distinct = new Set();
  for (let i = 0; i < cells.length; i += 4) distinct.add(cells[i] << 16 | cells[i + 1] << 8 | cells[i + 2]);
  assert.ok(distinct.size > 10, `the square shows the neuron's function, not one colour (${distinct.size} colours)`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
