// The learning-rate lesson can be watched: Play climbs for seconds, not a fraction of one; both
// charts plot every step against a step axis; the divergence is marked at its step while the last
// finite values stay on the charts. Screenshots just before and after divergence, desktop and
// phone, light and dark, go to test-results/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { artifacts, ready, useBrowser } from './harness.mjs';
import { LESSONS } from '../../web/src/lessons.ts';

const env = useBrowser();
const LESSON = LESSONS.find((l) => l.id === 'learning-rate');

const dataset = (page, selector) => page.evaluate((s) => ({ ...document.querySelector(s)?.dataset }), selector);
const LOSS = '#output-panel .output-chart';
const stepBy = (page, n) => page.evaluate((steps) => window.playground.step(steps), n);
const GRADIENTS = '#network-panel .gradient-chart';

/** The uPlot legend's text with the pointer over a chart at step `step` (the cursor snaps to the nearest point). */
async function legendAt(page, chart, step, lastStep) {
  const over = page.locator(`${chart} .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + (box.width * step) / lastStep, box.y + box.height / 2);
  await page.waitForTimeout(100);
  const text = await page.textContent(`${chart} .u-legend`);
  await page.mouse.move(0, 0);
  return text.replace(/\s+/g, ' ');
}

test('learning-rate lesson: Play climbs for seconds, every step plotted, divergence marked', async () => {
  const page = await env.browser.page(env.server.url + LESSON.hash);
  await ready(page);
  await page.getByRole('button', { name: 'Play' }).click();
  const started = await page.evaluate(() => performance.now());

  // Half way up the climb: still training, and both charts already hold a point per step.
  await page.waitForFunction(() => window.playground.snapshot.metrics.step >= 15, null, { timeout: 30_000, polling: 20 });
  const midway = await page.evaluate(() => ({ playing: window.playground.playing, ...window.playground.snapshot.metrics }));
  assert.equal(midway.playing, true);
  assert.equal(midway.diverged, false);
  await page.waitForTimeout(150); // the gradient chart redraws at most every 100 ms while playing
  const lossMid = await dataset(page, LOSS);
  const gradMid = await dataset(page, GRADIENTS);
  assert.ok(Number(lossMid.points) >= 15, `loss chart points before divergence: ${lossMid.points}`);
  assert.ok(Number(gradMid.points) >= 15, `gradient chart points before divergence: ${gradMid.points}`);
  assert.equal(lossMid.scale, 'log', 'a loss that grows twentyfold a step is drawn on a log scale');
  assert.equal(lossMid.diverged, undefined);

  await page.waitForFunction(() => window.playground.snapshot.metrics.diverged, null, { timeout: 60_000, polling: 20 });
  const seconds = (await page.evaluate(() => performance.now()) - started) / 1000;
  const { step } = await page.evaluate(() => window.playground.snapshot.metrics);
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'training stopped by itself');
  await page.waitForTimeout(300);
  const loss = await dataset(page, LOSS);
  const grad = await dataset(page, GRADIENTS);
  console.log(`# diverged at step ${step}, ${seconds.toFixed(2)} s after Play; loss chart ${loss.points} points, gradient chart ${grad.points} points`);
  assert.ok(seconds >= 2, `the climb takes seconds (${seconds.toFixed(2)} s)`);
  // The numbers the comments in lessons.ts and docs/lessons.md give.
  assert.equal(step, 31, 'diverged at step 31');
  const { history, examples } = await page.evaluate(() => {
    const { history, info } = window.playground.frame;
    return { history, examples: info.data.trainInputs.length / info.data.inputWidth };
  });
  assert.equal(examples, 600, '600 training points: 60 steps an epoch in batches of 10');
  assert.ok(Math.abs(history.trainLoss[0] - 0.159) < 0.001, `first loss ${history.trainLoss[0]}`);
  assert.ok(history.trainLoss[30] > 1e38 && history.trainLoss[30] < 3e38, `loss at step 30: ${history.trainLoss[30]}`);
  const growth = (history.trainLoss[30] / history.trainLoss[0]) ** (1 / 30);
  assert.ok(growth > 10 && growth < 40, `about twentyfold a step: ${growth.toFixed(1)}`);
  // One point per step: steps 0…N.
  assert.equal(Number(loss.points), step + 1);
  assert.equal(Number(grad.points), step + 1);

  // Both charts mark the step where training diverged, in words too.
  for (const chart of [LOSS, GRADIENTS]) {
    assert.equal((await dataset(page, chart)).diverged, String(step));
    const label = page.locator(`${chart} .chart-diverged`);
    assert.equal(await label.isVisible(), true, `${chart} shows its marker label`);
    assert.equal(await label.textContent(), `diverged at step ${step}`);
  }

  // The last finite values stay plotted: the step before divergence reads its huge loss, not a gap.
  const lossLegend = await legendAt(page, LOSS, step - 1, step);
  assert.match(lossLegend, new RegExp(`Step\\s*${step - 1}(?!\\d)`), lossLegend);
  assert.match(lossLegend, /Training loss\s*[0-9.]+×10³[⁰¹²³⁴⁵⁶⁷⁸⁹]/, lossLegend);
  const gradLegend = await legendAt(page, GRADIENTS, step - 1, step);
  assert.match(gradLegend, new RegExp(`Step\\s*${step - 1}(?!\\d)`), gradLegend);
  assert.match(gradLegend, /layer 3 \(h2→output\)\s*[0-9.]+e\d+/, gradLegend);
  assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /NaN|Infinity/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('at full speed (60 steps a frame) the climb is still several points, not one dot', async () => {
  const page = await env.browser.page(`${env.server.url}${LESSON.hash}&speed=1`);
  await ready(page);
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.snapshot.metrics.diverged, null, { timeout: 30_000, polling: 20 });
  await page.waitForTimeout(300);
  const { step } = await page.evaluate(() => window.playground.snapshot.metrics);
  const history = await page.evaluate(() => window.playground.frame.history.step);
  const loss = await dataset(page, LOSS);
  const grad = await dataset(page, GRADIENTS);
  console.log(`# at speed 1: diverged at step ${step}; history steps ${history.join(', ')}`);
  // Young runs take a frame's steps in parts, each one recorded.
  assert.ok(history.length >= 5, `${history.length} points`);
  assert.equal(Number(loss.points), history.length);
  assert.equal(Number(grad.points), history.length);
  assert.equal(loss.diverged, String(step));
  assert.equal(grad.diverged, String(step));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a run that diverges late, past the gradient chart’s thinning, is marked on both charts', async () => {
  const page = await env.browser.page(`${env.server.url}#activation=relu&networkShape=8,8&problem=regression&links=gradients&learningRate=0.01`);
  await ready(page);
  // 700 recorded points: the gradient chart keeps every other one past 600.
  await page.evaluate(async () => { for (let i = 0; i < 700; i++) await window.playground.step(1); });
  await page.evaluate(() => window.playground.setState({ learningRate: 10 }));
  for (let i = 0; i < 40 && !(await page.evaluate(() => window.playground.snapshot.metrics.diverged)); i++) await stepBy(page, 25);
  const { step, diverged } = await page.evaluate(() => window.playground.snapshot.metrics);
  assert.equal(diverged, true, 'lr 10 with ReLU diverges');
  await page.waitForTimeout(300);
  for (const chart of [LOSS, GRADIENTS]) {
    assert.equal((await dataset(page, chart)).diverged, String(step));
    const label = page.locator(`${chart} .chart-diverged`);
    assert.equal(await label.isVisible(), true, `${chart} shows its marker label`);
    assert.equal(await label.textContent(), `diverged at step ${step}`);
  }
  // A falling loss lies low: the label sits at the top of the loss chart, clear of the lines.
  assert.equal(await page.locator(`${LOSS} .chart-diverged`).evaluate((e) => e.classList.contains('is-top')), true);
  await page.locator(LOSS).screenshot({ path: join(artifacts, 'lr-lesson-late-divergence-loss.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [width, theme] of [[1400, 'light'], [1400, 'dark'], [390, 'light'], [390, 'dark']]) {
  test(`learning-rate lesson screenshots before and after divergence, ${width}px ${theme}`, async () => {
    const page = await env.browser.page(`${env.server.url}${LESSON.hash}&theme=${theme}`, { width, height: 900 });
    await ready(page);
    await page.evaluate(() => window.playground.play());
    await page.waitForFunction(() => window.playground.snapshot.metrics.step >= 25, null, { timeout: 30_000, polling: 20 });
    await page.evaluate(() => window.playground.pause());
    await page.waitForTimeout(300);
    const name = (when) => join(artifacts, `lr-lesson-${when}-${width}-${theme}.png`);
    await page.locator('#output-panel').screenshot({ path: name('before-output') });
    await page.locator(GRADIENTS).screenshot({ path: name('before-gradients') });
    await page.evaluate(() => window.playground.play());
    await page.waitForFunction(() => window.playground.snapshot.metrics.diverged, null, { timeout: 30_000, polling: 20 });
    await page.waitForTimeout(300);
    await page.locator('#output-panel').screenshot({ path: name('after-output') });
    await page.locator(GRADIENTS).screenshot({ path: name('after-gradients') });
    await page.screenshot({ path: name('after-page'), fullPage: true });
    // Nothing of either chart spills out of the page at this width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
