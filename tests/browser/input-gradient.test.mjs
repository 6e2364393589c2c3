// The gradient to the input on the output plot: "Show input gradient" draws an arrow from each
// training point (the engine's pointGradients, checked against finite differences in the
// engine's own tests), says so to screen readers, goes into the link, and goes away when unset.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ready, useBrowser } from './harness.mjs';

const env = useBrowser();

test('"Show input gradient" draws arrows on the training points, names them, and is kept in the link', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=xor&networkShape=4&learningRate=0.03`);
  await ready(page);
  await page.evaluate(() => window.playground.step(200));
  const overlay = page.locator('.output-overlay');
  const pixels = () => overlay.evaluate((c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
  const before = await pixels();
  assert.doesNotMatch(await overlay.getAttribute('aria-label'), /arrow/);
  await page.getByLabel('Show input gradient').check();
  await page.waitForFunction(() => /an arrow from each training point/.test(document.querySelector('.output-overlay').getAttribute('aria-label')));
  const after = await pixels();
  let changed = 0;
  for (let i = 0; i < before.length; i += 4) if (before[i + 3] !== after[i + 3] || before[i] !== after[i]) changed++;
  assert.ok(changed > 500, `${changed} overlay pixels changed by the arrows`);
  assert.match(await page.evaluate(() => location.hash), /showInputGradient=true/);
  // Training on: the arrows follow the weights (a new request at reading pace).
  await page.evaluate(() => window.playground.play());
  await page.waitForTimeout(800);
  await page.evaluate(() => window.playground.pause());
  await page.getByLabel('Show input gradient').uncheck();
  await page.waitForFunction(() => !/arrow/.test(document.querySelector('.output-overlay').getAttribute('aria-label')));
  assert.doesNotMatch(await page.evaluate(() => location.hash), /showInputGradient/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
