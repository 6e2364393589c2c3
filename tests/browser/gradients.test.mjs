// Links by gradient in Chromium: the "Links show" switch changes the state, the address and how
// the links are drawn; the tooltip reads ∂L/∂w; the gradient-norm chart appears and grows; and on
// the vanishing-gradients lesson the first layer's gradient norm is far below the last layer's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { artifacts, ready, useBrowser } from './harness.mjs';

// The built page on a local server and a fresh Chromium, shared by this file's tests.
const env = useBrowser();

// The links are pixels on canvases; their hit paths' group carries the quantized look each is
// drawn with (links.ts), "width/level" per link: its width in px and its colour level (-20 … 20,
// the sign of the value).
const looks = (page) => page.$eval('#network-panel .nn-hits', (g) => (g.dataset.looks ?? '').split(' ').map((l) => l.split('/')));
const widths = async (page) => (await looks(page)).map(([w]) => w);
const levels = async (page) => (await looks(page)).map(([, l]) => Number(l));

/**
 * The stroke widths and colour levels the links should have, from the snapshot: weights on
 * 1 + 7·min(|w|, 2)/2 px and colour strength min(|w|, 1), gradients on a log scale over 4 decades
 * below the largest |∂L/∂w| for both; widths in 16 steps, colours in 20 levels a sign. The links
 * are in parameter order, W_0 then W_1 ... (each (out, in) row-major), skipping the biases.
 */
function expectedLooks(page, mode) {
  return page.evaluate((mode) => {
    const state = window.playground.getState();
    const features = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'].filter((f) => state[f]).length;
    const layers = [features, ...state.networkShape, 1];
    const snapshot = window.playground.snapshot;
    const values = mode === 'weights' ? snapshot.parameters : snapshot.gradients;
    const weights = [];
    let at = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const count = layers[l] * layers[l + 1];
      weights.push(...values.subarray(at, at + count));
      at += count + layers[l + 1];
    }
    const largest = Math.max(...weights.map(Math.abs));
    const fraction = mode === 'weights'
      ? (a) => Math.min(a, 2) / 2
      : (a) => (a > 0 ? Math.min(1, Math.max(0, (Math.log10(a) - (Math.log10(largest) - 4)) / 4)) : 0);
    const strength = mode === 'weights' ? (a) => Math.min(1, a) : fraction;
    return {
      widths: weights.map((w) => String(1 + (7 * Math.round(fraction(Math.abs(w)) * 16)) / 16)),
      levels: weights.map((w) => Math.sign(w) * Math.round(strength(Math.abs(w)) * 20) || 0),
    };
  }, mode);
}
const expectedWidths = async (page, mode) => (await expectedLooks(page, mode)).widths;

test('the switch shows gradients: state, address, links, legend, tooltip and chart follow', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=3`);
  await ready(page);
  await page.evaluate(() => window.playground.step(25));
  await page.waitForTimeout(200);
  assert.equal(await page.getAttribute('#network-panel .nn', 'data-links'), 'weights');
  assert.equal(await page.isVisible('#network-panel .gradient-chart'), false, 'no chart while links show weights');
  const before = await widths(page);
  assert.deepEqual(before, await expectedWidths(page, 'weights'));
  assert.deepEqual(await levels(page), (await expectedLooks(page, 'weights')).levels, 'colour level by w');

  const toggle = page.getByRole('button', { name: 'Gradients' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  await page.waitForFunction(() => window.playground.getState().links === 'gradients');
  assert.match(page.url(), /links=gradients/);
  await page.waitForFunction(() => document.querySelector('#network-panel .nn')?.dataset.links === 'gradients');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.waitForTimeout(200);
  const after = await widths(page);
  assert.equal(after.length, before.length);
  assert.notDeepEqual(after, before, 'the links are redrawn by gradient');
  assert.deepEqual(after, await expectedWidths(page, 'gradients'), 'width by |∂L/∂w| on the log scale');
  assert.deepEqual(await levels(page), (await expectedLooks(page, 'gradients')).levels, 'colour level by ∂L/∂w');
  // The largest |∂L/∂w| gets the thickest link (8 px); the legend says what that is.
  assert.ok(after.some((w) => Number(w) === 8), 'one link is the thickest');
  const legend = await page.textContent('#network-panel .nn-legend');
  assert.match(legend, /last minibatch/);
  assert.match(legend, /thickest: \|∂L\/∂w\| = [0-9]/);

  // The tooltip of a link leads with its gradient.
  await page.locator('#network-panel .nn-hit').first().hover({ force: true });
  await page.waitForSelector('#network-panel .nn-tooltip:not([hidden])');
  assert.match(await page.textContent('#network-panel .nn-tooltip'), /∂L\/∂w = .*\(w = /);

  // The chart appears and takes every new frame.
  assert.equal(await page.isVisible('#network-panel .gradient-chart'), true);
  const points = () => page.getAttribute('#network-panel .gradient-chart', 'data-points').then(Number);
  const start = await points();
  for (let i = 0; i < 5; i++) await page.evaluate(() => window.playground.step(25));
  await page.waitForFunction((n) => Number(document.querySelector('#network-panel .gradient-chart').dataset.points) > n, start);
  assert.equal(await page.locator('#network-panel .gradient-chart .u-legend .u-series').count(), 1 + 3, 'epoch and three layers');
  assert.match(await page.textContent('#network-panel .gradient-chart .u-legend'), /layer 1 \(input→h1\).*layer 3 \(h2→output\)/);

  // And back.
  await page.getByRole('button', { name: 'Weights' }).click();
  await page.waitForFunction(() => window.playground.getState().links === 'weights');
  await page.waitForTimeout(200);
  assert.deepEqual(await widths(page), await expectedWidths(page, 'weights'));
  assert.equal(await page.isVisible('#network-panel .gradient-chart'), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('vanishing gradients: in a deep sigmoid network the first layer’s gradient norm is far below the last’s', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=circle&networkShape=6,6,6,6,6,6&activation=sigmoid&links=gradients&lesson=vanishing`);
  await ready(page);
  for (let i = 0; i < 20; i++) await page.evaluate(() => window.playground.step(25));
  const norms = await page.evaluate(() => window.playground.snapshot.gradientNorms);
  assert.equal(norms.length, 7);
  const [first, last] = [norms[0], norms[norms.length - 1]];
  assert.ok(first > 0 && last > 0, `norms ${norms}`);
  assert.ok(first < last / 1000, `first layer ${first} vs last ${last}: more than 1000× smaller`);
  // Each layer back from the output shrinks (the chain rule multiplies by f′ ≤ 0.25 and small weights).
  for (let l = 0; l + 1 < norms.length; l++) assert.ok(norms[l] < norms[l + 1], `layer ${l + 1} < layer ${l + 2}: ${norms}`);
  // The chart holds those 20 frames on a log scale.
  await page.waitForFunction(() => Number(document.querySelector('#network-panel .gradient-chart')?.dataset.points) >= 20);
  await page.waitForTimeout(300);
  await page.locator('#network-panel').screenshot({ path: join(artifacts, 'gradients-vanishing.png') });
  await page.screenshot({ path: join(artifacts, 'gradients-vanishing-page.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the gradient view on a phone and in the dark theme', async () => {
  const page = await env.browser.page(`${env.server.url}#networkShape=4,4,2&links=gradients&theme=dark`, { width: 390, height: 844 });
  await ready(page);
  for (let i = 0; i < 10; i++) await page.evaluate(() => window.playground.step(25));
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling of the page (${overflow} px)`);
  await page.locator('#network-panel').screenshot({ path: join(artifacts, 'gradients-phone-dark.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
