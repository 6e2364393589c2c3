// The penguins in the page: #dataset=penguins opens 4-8-3 on the standardized measurements with
// the table's views (the network with its columns and species named, the scatter of the rows,
// the confusion matrix with the species); trained, it passes 95 % on the test birds; pointing at
// an output unit names its bias with the engine's number; the standardize box rebuilds the
// session on the raw columns, which the caption says.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, trainUntil, useBrowser } from './harness.mjs';

const env = useBrowser();

/** Canvas pixels that are not transparent. */
const inked = (page, selector) => page.locator(selector).evaluate((c) => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
});

test('the penguins: named network, 95 % on the test birds, the scatter, the species in the matrix, a bias on demand', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=penguins`);
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.playground.frame.info.config.layers), [4, 8, 3]);
  assert.equal(await page.locator('.table-layers').textContent(), '4 inputs → 8 tanh → 3 softmax');
  const label = await page.locator('.table-network-canvas').getAttribute('aria-label');
  assert.match(label, /inputs bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g; outputs Adelie, Gentoo, Chinstrap/);
  assert.equal(await page.locator('.output-heatmap').count(), 0, 'no plot over an input square');
  assert.match(await page.locator('.table-network .table-caption').textContent(), /as z-scores of the training rows/);

  const metrics = await trainUntil(page, 0.95, 30_000);
  assert.ok(metrics.testAccuracy >= 0.95, `test accuracy ${metrics.testAccuracy} at epoch ${metrics.epoch}`);
  await drawn(page);
  await page.waitForFunction(() => document.querySelector('.table-scatter.is-columns')?.width > 0);
  assert.ok((await inked(page, '.table-scatter.is-columns')) > 2000, 'the rows are drawn');
  assert.equal(await page.isVisible('.table-scatter.is-fit'), false, 'no predicted-vs-true plot for classes');

  // The axes: any two columns.
  await page.selectOption('.table-axis >> nth=0 >> select', { label: 'flipper_length_mm' });
  await page.selectOption('.table-axis >> nth=1 >> select', { label: 'body_mass_g' });
  await drawn(page);

  // The matrix names the species; a pressed cell says how many rows it rings.
  const heads = await page.locator('.output-confusion-table tr:first-child th').allTextContents();
  assert.deepEqual(heads.slice(1), ['Adelie', 'Gentoo', 'Chinstrap']);
  const cell = page.locator('.output-confusion-cell[data-truth="0"][data-predicted="0"]');
  const count = Number(await cell.textContent());
  assert.ok(count > 30, `${count} Adelie test birds predicted right`);
  await cell.click();
  await page.waitForFunction(() => document.querySelector('.table-output [role="status"]')?.textContent.includes('ringed'));
  const said = await page.locator('.table-output [role="status"]').textContent();
  assert.equal(said, `${count} test rows of Adelie are predicted right; they are ringed on the scatter above.`);

  // Pointing at the first output unit names its bias: b of output "Adelie", the engine's number.
  // For 4-8-3 the parameters are W0 (8×4), b0 (8), W1 (3×8), b1 (3): Adelie's bias is at 32 + 8 + 24.
  const box = await page.locator('.table-network-canvas').boundingBox();
  let readout = '';
  for (let x = box.width - 1; x > box.width / 2 && !readout.includes('output “Adelie”'); x -= 3) {
    for (let y = 2; y < box.height && !readout.includes('output “Adelie”'); y += 3) {
      await page.mouse.move(box.x + x, box.y + y);
      readout = await page.locator('.table-readout').textContent();
      if (readout.includes('output') && !readout.includes('Adelie')) y += 12;
    }
  }
  const match = /^b of output “Adelie”: (.+)$/.exec(readout);
  assert.ok(match, `the readout names the bias: ${readout}`);
  const bias = await page.evaluate(() => window.playground.snapshot.parameters[64]);
  assert.ok(Math.abs(Number(match[1].replace('−', '-')) - bias) <= 1e-3 * Math.max(1, Math.abs(bias)), `${match[1]} vs ${bias}`);

  // Not standardized: a new session on the raw columns, which the caption says.
  const before = await page.evaluate(() => window.playground.frame.info);
  await page.locator('.data-controls label', { hasText: 'Standardize the columns' }).click();
  await page.waitForFunction((old) => window.playground.frame.info !== old && window.playground.frame.info.loaded?.split.scale === null, before);
  assert.equal(await page.evaluate(() => window.playground.getState().standardize), false);
  await drawn(page);
  assert.match(await page.locator('.table-network .table-caption').textContent(), /as they are in the table \(not standardized\)/);
  assert.match(page.url(), /standardize=false/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('phone width: the penguins\' views fit 390 px', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=penguins`, { width: 390, height: 844 });
  await ready(page);
  await drawn(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
