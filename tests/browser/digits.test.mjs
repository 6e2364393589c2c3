// The digits in the page: #dataset=digits opens 64-32-10 on the real images with their views;
// trained, it passes 95 % on the test digits; a stroke dispatched on the drawing pad as pointer
// events is classified; a gallery digit becomes the example; a pressed confusion cell shows
// as many digits as it counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, trainUntil, useBrowser } from './harness.mjs';

const env = useBrowser();


/** Draws `points` (pad fractions) as one stroke of pointer events. */
async function stroke(page, points) {
  const box = await page.locator('.digit-output .digit-pad-canvas').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

const title = (page) => page.locator('.digit-example-title').textContent();

test('the digits: the views, 95 % on the test digits, a drawn 1 and 0 classified, the gallery and the matrix', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=digits&speed=3`);
  await ready(page);
  const layers = await page.evaluate(() => window.playground.frame.info.config.layers);
  assert.deepEqual(layers, [64, 32, 10]);
  assert.equal(await page.locator('.digit-layers').textContent(), '64 pixels → 32 tanh → 10 softmax');
  assert.equal(await page.locator('.digit-units-canvas').evaluate((c) => [c.width, c.height].join('x')), `${8 * 9 - 1}x${4 * 9 - 1}`);
  assert.equal(await page.locator('.output-heatmap').count(), 0, 'no plot over an input square');
  assert.equal(await page.locator('.nn-node').count(), 0, 'no node diagram of 64 inputs');

  const metrics = await trainUntil(page, 0.95, 60_000);
  assert.ok(metrics.testAccuracy >= 0.95, `test accuracy ${metrics.testAccuracy} at epoch ${metrics.epoch}`);
  await drawn(page);

  // The example's bars sum to 1 and name the prediction the title gives.
  await page.waitForFunction(() => document.querySelectorAll('.digit-bar.is-predicted').length === 1);
  const bars = await page.locator('.digit-bar-value').allTextContents();
  const sum = bars.reduce((a, t) => a + Number.parseFloat(t), 0);
  assert.ok(Math.abs(sum - 100) < 1, `the bars sum to ${sum} %`);
  const predicted = await page.locator('.digit-bar.is-predicted .digit-bar-name').textContent();
  assert.match(await title(page), new RegExp(`the network says ${predicted}`));
  // The gradient's picture is drawn (not the blank canvas): pixels of more than one colour.
  const colours = await page.locator('.digit-pictures canvas').nth(1).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, 8, 8).data;
    return new Set(Array.from({ length: 64 }, (_, i) => d[4 * i] * 65536 + d[4 * i + 1] * 256 + d[4 * i + 2])).size;
  });
  assert.ok(colours > 5, `${colours} colours in the gradient's image`);

  // A drawn 1 (a vertical stroke) and a drawn 0 (an oval), each classified as it is drawn.
  await stroke(page, [[0.5, 0.15], [0.5, 0.5], [0.5, 0.85]]);
  await page.waitForFunction(() => document.querySelector('.digit-example-title').textContent.startsWith('Your drawing: the network says'));
  assert.equal(await title(page), 'Your drawing: the network says 1');
  await page.getByRole('button', { name: 'Clear' }).click();
  const oval = Array.from({ length: 25 }, (_, i) => [0.5 + 0.25 * Math.sin((2 * Math.PI * i) / 24), 0.5 - 0.38 * Math.cos((2 * Math.PI * i) / 24)]);
  await stroke(page, oval);
  await page.waitForFunction(() => /^Your drawing: the network says 0$/.test(document.querySelector('.digit-example-title').textContent), null, { timeout: 5000 });

  // A gallery digit becomes the example.
  const first = page.locator('.digit-gallery-item:not([hidden])').first();
  const label = await first.getAttribute('aria-label');
  const [, row, truth] = /: test digit (\d+), a (\d)/.exec(label);
  await first.click();
  await page.waitForFunction((r) => document.querySelector('.digit-example-title').textContent.startsWith(`Test digit ${r}, a`), row);
  assert.match(await title(page), new RegExp(`^Test digit ${row}, a ${truth}: the network says \\d, wrongly$`));

  // The diagonal cell of 3s: the gallery shows as many (up to 12) and says how many.
  const cell = page.locator('.output-confusion-cell[data-truth="3"][data-predicted="3"]');
  const count = Number(await cell.textContent());
  await cell.click();
  await page.waitForFunction(() => /test digits 3 predicted as 3/.test(document.querySelector('.digit-gallery-title').textContent));
  assert.match(await page.locator('.digit-gallery-title').textContent(), new RegExp(`^${count} test digits 3 predicted as 3`));
  assert.equal(await page.locator('.digit-gallery-item:not([hidden])').count(), Math.min(12, count));
  assert.deepEqual(page.errors, []);
});

test('the digits file missing: named, the data set choice undone, and the run goes on where it was', async () => {
  const page = await env.browser.page(`${env.server.url}#networkShape=3&seed=4`);
  await page.route(/digits\.csv.*\.gz$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await ready(page);
  await page.evaluate(() => window.playground.step(40));
  const before = await page.evaluate(() => ({ step: window.playground.snapshot.metrics.step, parameters: Array.from(window.playground.snapshot.parameters) }));
  await page.getByRole('radio', { name: /^Digits/ }).click();
  await page.waitForFunction(() => document.getElementById('notice').textContent.includes('could not be loaded'));
  assert.match(await page.locator('#notice').textContent(), /the digits could not be loaded \(HTTP 404 for .*digits\.csv.*\.gz\); the run goes on with the data it had/);
  await page.waitForFunction(() => window.playground.getState().dataset === 'circle');
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual([state.problem, state.networkShape], ['classification', [3]]);
  await drawn(page);
  const after = await page.evaluate(() => ({ step: window.playground.snapshot.metrics.step, parameters: Array.from(window.playground.snapshot.parameters) }));
  assert.deepEqual(after, before, 'the same run, at the same step, with the same weights');
  assert.equal(await page.locator('.nn-node').count() > 0, true, 'the plane network view is back');
  await page.evaluate(() => window.playground.step(10));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), before.step + 10, 'and it trains on');
});

test('a saved digits setup opens in a fresh page with its weights and step', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=digits&networkShape=8`);
  await ready(page);
  await page.evaluate(() => window.playground.step(200));
  await page.getByRole('button', { name: 'Share…' }).click();
  assert.equal(await page.getByRole('button', { name: 'Output image (PNG)' }).isHidden(), true, 'no heatmap to save for images');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Setup (JSON)' }).click()]);
  const text = await (await import('node:fs/promises')).readFile(await file.path(), 'utf8');
  const saved = await page.evaluate(() => ({ step: window.playground.snapshot.metrics.step, parameters: Array.from(window.playground.snapshot.parameters) }));

  const fresh = await env.browser.page(env.server.url);
  await ready(fresh);
  await fresh.getByLabel('Open a saved setup', { exact: true }).setInputFiles({ name: 'digits.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await fresh.waitForFunction((step) => window.playground.snapshot?.metrics.step === step && window.playground.frame.info.config.layers[0] === 64, saved.step);
  const opened = await fresh.evaluate(() => ({ step: window.playground.snapshot.metrics.step, parameters: Array.from(window.playground.snapshot.parameters) }));
  assert.deepEqual(opened, saved);
  assert.equal(await fresh.locator('.digit-layers').textContent(), '64 pixels → 8 tanh → 10 softmax');
  assert.deepEqual([...page.errors, ...fresh.errors], []);
});
