// A current-weights link carries the run: the reopened page shows the same step and epoch and the
// same loss history on its chart (thinned to at most 100 points, losses as float32), goes on
// training from that step, and Reset comes back to it. Screenshots of a reopened link, desktop and
// phone, light and dark, go to test-results/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();
const CONFIG = '#dataset=xor&networkShape=5,3&activation=relu&seed=31&noise=10&learningRate=0.1';
const LOSS = '#output-panel .output-chart';

const stepBy = (page, n) => page.evaluate((steps) => window.playground.step(steps), n);
const run = (page) => page.evaluate(() => {
  const { metrics, parameters } = window.playground.snapshot;
  const { step, trainLoss, testLoss } = window.playground.frame.history;
  return { step: metrics.step, epoch: metrics.epoch, history: { step, trainLoss, testLoss },
    parameters: Array.from(new Uint32Array(parameters.buffer, parameters.byteOffset, parameters.length)) };
});
const chartPoints = (page) => page.evaluate((s) => Number(document.querySelector(s).dataset.points), LOSS);

async function currentWeightsLink(page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  await dialog.getByRole('radio', { name: 'Configuration and current weights' }).check();
  await page.waitForFunction(() => /&weights=[A-Za-z0-9_-]+/.test(document.querySelector('.share-link').value));
  const link = await dialog.getByRole('textbox', { name: 'Link to share' }).inputValue();
  await page.keyboard.press('Escape');
  return link;
}

test('a current-weights link reopens at the same step and epoch with the same loss history', async () => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  // 130 recorded frames of 5 steps: more than a link carries, so it is thinned.
  for (let i = 0; i < 130; i++) await stepBy(page, 5);
  const shared = await run(page);
  assert.equal(shared.step, 650);
  assert.equal(shared.history.step.length, 131);
  const link = await currentWeightsLink(page);
  assert.ok(link.length < 8000, `${link.length} characters`);
  console.log(`# current-weights link with history: ${link.length} characters`);

  const copy = await env.browser.page(link);
  await ready(copy);
  await copy.waitForFunction((n) => Number(document.querySelector('#output-panel .output-chart')?.dataset.points) === n, 100);
  const reopened = await run(copy);
  assert.equal(reopened.step, shared.step, 'the same step');
  assert.equal(reopened.epoch, shared.epoch, 'the same epoch');
  assert.deepEqual(reopened.parameters, shared.parameters, 'the weights, bit for bit');
  assert.match(await copy.textContent('#output-panel'), /Epoch 000,026 · step 650/);
  // The loss history: 100 of the 131 points, the first and the last among them, each loss as float32.
  const { step, trainLoss, testLoss } = reopened.history;
  assert.equal(step.length, 100);
  assert.equal(step[0], 0);
  assert.equal(step.at(-1), 650);
  for (let i = 0; i < step.length; i++) {
    const k = shared.history.step.indexOf(step[i]);
    assert.ok(k >= 0, `step ${step[i]} is one of the shared run's`);
    assert.equal(trainLoss[i], Math.fround(shared.history.trainLoss[k]));
    assert.equal(testLoss[i], Math.fround(shared.history.testLoss[k]));
  }
  assert.equal(await chartPoints(copy), 100, 'the chart plots them');
  assert.equal(await copy.isVisible('#notice'), false);

  // Training goes on from the shared step, the chart growing from there.
  await stepBy(copy, 10);
  assert.equal((await run(copy)).step, 660);
  await drawn(copy); // the chart takes the new frame at the next drawing
  assert.equal(await chartPoints(copy), 101);
  // Reset goes back to the link's moment, as it goes back to a link's weights.
  await copy.evaluate(() => window.playground.reset());
  await copy.waitForFunction(() => window.playground.snapshot.metrics.step === 650);
  assert.deepEqual((await run(copy)).history, reopened.history);
  // A link made from the reopened run carries it on.
  const onward = await env.browser.page(await currentWeightsLink(copy));
  await ready(onward);
  await onward.waitForFunction(() => window.playground.snapshot.metrics.step === 650);
  assert.deepEqual((await run(onward)).history, reopened.history);
  for (const p of [page, copy, onward]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('a starting-weights link still starts at step 0 with an empty chart', async () => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  for (let i = 0; i < 20; i++) await stepBy(page, 5);
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('radio', { name: 'Configuration and starting weights' }).check();
  await page.waitForFunction(() => /&weights=[A-Za-z0-9_-]+/.test(document.querySelector('.share-link').value));
  const link = await page.getByRole('textbox', { name: 'Link to share' }).inputValue();
  const replay = await env.browser.page(link);
  await ready(replay);
  assert.equal((await run(replay)).step, 0);
  await drawn(replay);
  assert.equal(await chartPoints(replay), 1);
  assert.deepEqual(replay.errors, []);
  await page.close();
  await replay.close();
});

for (const [width, theme] of [[1400, 'light'], [1400, 'dark'], [390, 'light'], [390, 'dark']]) {
  test(`a reopened shared link, ${width}px ${theme}`, async () => {
    const page = await env.browser.page(`${env.server.url}${CONFIG}&theme=${theme}`, { width, height: 900 });
    await ready(page);
    for (let i = 0; i < 60; i++) await stepBy(page, 10);
    const link = await currentWeightsLink(page);
    const copy = await env.browser.page(link, { width, height: 900 });
    await ready(copy);
    await copy.waitForFunction(() => window.playground.snapshot.metrics.step === 600);
    await copy.waitForTimeout(300);
    await copy.locator('#output-panel').screenshot({ path: join(artifacts, `share-history-reopened-${width}-${theme}.png`) });
    await page.locator('#output-panel').screenshot({ path: join(artifacts, `share-history-shared-${width}-${theme}.png`) });
    assert.deepEqual(copy.errors, []);
    await page.close();
    await copy.close();
  });
}
