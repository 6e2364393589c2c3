// The playground page in Chromium: it loads cleanly on the SIMD engine, learns, reads and
// writes the URL, survives garbage links, and looks like something (screenshots kept).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { artifacts, ready, useBrowser } from './harness.mjs';

// The built page on a local server and a fresh Chromium, shared by this file's tests.
const env = useBrowser();

test('the page loads with no console errors and runs the SIMD engine', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), 'simd');
  assert.match(await page.textContent('#engine-kind'), /SIMD/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('training on circle brings the test loss below 0.05', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=circle&seed=2`);
  await ready(page);
  // 300 epochs of 25 steps each, requested as steps (not time), then read the metrics.
  for (let i = 0; i < 30; i++) await page.evaluate(() => window.playground.step(250));
  const metrics = await page.evaluate(() => window.playground.snapshot.metrics);
  assert.equal(metrics.epoch, 300);
  assert.ok(metrics.testLoss < 0.05, `test loss ${metrics.testLoss}`);
  await page.screenshot({ path: join(artifacts, 'trained-circle.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('play trains until pause, and the hash follows the state', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.snapshot.metrics.epoch >= 20, null, { timeout: 20_000 });
  await page.evaluate(() => window.playground.pause());
  const state = await page.evaluate(() => window.playground.setState({ learningRate: 0.1, networkShape: [3] }));
  assert.deepEqual(state, []);
  assert.match(page.url(), /learningRate=0\.1&/);
  assert.match(page.url(), /networkShape=3&/);
  await page.close();
});

test('a TensorFlow Playground link loads the same settings', async () => {
  const link = '#activation=relu&batchSize=17&dataset=spiral&regDataset=reg-plane&learningRate=0.01' +
    '&regularizationRate=0.003&noise=35&networkShape=5,3&seed=0.71245&showTestData=true&discretize=false' +
    '&percTrainData=70&x=true&y=true&xTimesY=false&xSquared=true&ySquared=false&cosX=false&sinX=true&cosY=false' +
    '&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false';
  const page = await env.browser.page(env.server.url + link);
  await ready(page);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.activation, 'relu');
  assert.equal(state.batchSize, 17);
  assert.equal(state.dataset, 'spiral');
  assert.deepEqual(state.networkShape, [5, 3]);
  assert.equal(state.noise, 35);
  assert.equal(await page.isVisible('#notice'), false, 'no notice for a valid link');
  const config = await page.evaluate(() => window.playground.session.metrics());
  assert.equal(config.step, 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a garbage hash shows the notice and the defaults, and the page still trains', async () => {
  const page = await env.browser.page(`${env.server.url}#%E0%A4%A&batchSize=-4&activation=<b>x</b>&networkShape=1e9,,&dataset=__proto__`);
  await ready(page);
  assert.equal(await page.isVisible('#notice'), true);
  const text = await page.textContent('#notice');
  for (const name of ['batchSize', 'activation', 'dataset']) assert.ok(text.includes(name), `the notice names ${name}`);
  assert.equal(await page.locator('#notice b').count(), 0, 'URL text is never markup');
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.activation, 'tanh');
  assert.equal(state.dataset, 'circle');
  await page.evaluate(() => window.playground.step(10));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), 10);
  await page.screenshot({ path: join(artifacts, 'garbage-link.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
