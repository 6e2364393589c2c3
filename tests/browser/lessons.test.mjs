// The lessons in Chromium: each lesson's link loads with its text in the lesson panel and no
// console error; the menu and Previous/Next/Close work; the learning-rate lesson, played, ends in
// the diverged state with its message on screen, no NaN or Infinity anywhere, and a page that
// still answers. Screenshots of every lesson go to test-results/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';

import { artifacts, ready, useBrowser } from './harness.mjs';

// The page's own list (npm test runs with tsx, so the TypeScript module loads as it is).
import { LESSONS } from '../../web/src/lessons.ts';

/** Minibatch steps before each lesson's screenshot. */
const SCREENSHOT_STEPS = { 'zero-init': 2500, vanishing: 1000, 'hidden-layers': 1250, overfitting: 4000, softmax: 6000, 'input-gradient': 300, 'digit-units': 2250, standardize: 1000 };

// The built page on a local server and a fresh Chromium, shared by this file's tests.
const env = useBrowser();

for (const { id, hash, title } of LESSONS) {
  test(`lesson ${id}: its link loads and shows its text`, async () => {
    const page = await env.browser.page(env.server.url + hash);
    await ready(page);
    const heading = page.locator('#lesson-panel .lesson-title');
    await heading.waitFor({ state: 'visible' });
    assert.equal(await heading.textContent(), title);
    assert.ok((await page.locator('#lesson-panel .lesson-text p').count()) > 0, 'the lesson has text');
    assert.equal(await page.isVisible('#lesson-panel .lesson-todo'), true);
    const state = await page.evaluate(() => window.playground.getState());
    assert.equal(state.lesson, id);
    assert.equal(await page.isVisible('#notice'), false, 'a lesson link has no unusable setting');
    // Some training, so the screenshot shows what the lesson is about (step-through waits for the
    // learner; the divergence has its own test below).
    for (let i = 0; i < (SCREENSHOT_STEPS[id] ?? 0) / 250; i++) await page.evaluate(() => window.playground.step(250));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifacts, `lesson-${id}.png`), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('the menu lists every lesson as a link; Next, Previous and Close work', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const summary = page.locator('#lesson-panel summary');
  await summary.click();
  const links = page.locator('#lesson-panel .lesson-item-link');
  assert.equal(await links.count(), LESSONS.length);
  for (const [i, { hash }] of LESSONS.entries()) assert.equal(await links.nth(i).getAttribute('href'), hash);
  await page.screenshot({ path: join(artifacts, 'lesson-menu.png') });

  await links.nth(1).click();
  await page.waitForFunction(() => window.playground.getState().lesson === 'zero-init');
  await page.locator('#lesson-panel .lesson-title').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('lesson-title')), true,
    'focus moves to the opened lesson');
  assert.equal((await page.evaluate(() => window.playground.getState())).init, 'zero');

  await page.click('#lesson-panel .lesson-next');
  await page.waitForFunction(() => window.playground.getState().lesson === 'learning-rate');
  await page.click('#lesson-panel .lesson-previous');
  await page.waitForFunction(() => window.playground.getState().lesson === 'zero-init');

  // A variant keeps the lesson and changes only its setup; the one on screen is marked.
  await page.click('#lesson-panel .lesson-variant >> nth=1');
  await page.waitForFunction(() => window.playground.getState().init === 'uniform');
  await page.waitForSelector('#lesson-panel .lesson-variant[aria-current="true"] >> text=Random starting weights');
  assert.equal(await page.getAttribute('#lesson-panel .lesson-variant >> nth=0', 'aria-current'), null);

  await page.click('#lesson-panel .lesson-close');
  await page.waitForFunction(() => window.playground.getState().lesson === '');
  await page.locator('#lesson-panel summary').waitFor({ state: 'visible' }); // closed: the menu is back
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY', 'focus stays in the panel');
  assert.equal((await page.evaluate(() => window.playground.getState())).init, 'uniform', 'Close keeps the settings');
  assert.doesNotMatch(page.url(), /lesson=[a-z]/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('lesson links keep the dark theme', async () => {
  const page = await env.browser.page(`${env.server.url}#theme=dark`);
  await ready(page);
  const href = await page.getAttribute('#lesson-panel .lesson-item-link >> nth=0', 'href');
  assert.match(href, /&theme=dark$/);
  await page.close();
});

test('the learning-rate lesson diverges: message shown, no NaN or Infinity, the page still answers', async () => {
  const page = await env.browser.page(env.server.url + LESSONS.find((l) => l.id === 'learning-rate').hash);
  await ready(page);
  // A few steps, 6 at a time (play takes about 7 a second here; lr-lesson.test.mjs times it): the
  // loss and the last layer's gradient norm grow with every step.
  const norms = [];
  for (let i = 0; i < 4; i++) {
    norms.push(await page.evaluate(async () => {
      await window.playground.step(6);
      return window.playground.snapshot.gradientNorms.at(-1);
    }));
  }
  assert.ok(norms[3] > 100 * norms[0], `exploding gradients: ${norms}`);
  await page.evaluate(() => window.playground.play());
  // Bounded by steps, not time: at most 200 × 50 steps.
  let diverged = false;
  for (let i = 0; i < 200 && !diverged; i++) {
    diverged = await page.evaluate(async () => {
      if (!window.playground.snapshot.metrics.diverged) await window.playground.step(50);
      return window.playground.snapshot.metrics.diverged;
    });
  }
  assert.equal(diverged, true, 'a learning rate of 3 diverges');
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'training stopped by itself');
  const message = page.getByText(/Training diverged/);
  await message.first().waitFor({ state: 'visible' });
  await page.waitForTimeout(300); // a frame for every view to draw the diverged state
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /NaN|Infinity/, 'no NaN or Infinity on screen');
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.lesson, 'learning-rate', 'the page still answers');
  assert.equal(await page.isVisible('#lesson-panel .lesson-title'), true);
  await page.screenshot({ path: join(artifacts, 'lesson-learning-rate-diverged.png'), fullPage: true });
  // Lowering the learning rate and resetting trains again.
  await page.evaluate(() => window.playground.setState({ learningRate: 0.03 }));
  await page.evaluate(() => window.playground.reset());
  await page.evaluate(() => window.playground.step(600));
  const metrics = await page.evaluate(() => window.playground.snapshot.metrics);
  assert.equal(metrics.diverged, false);
  assert.ok(metrics.trainLoss < 0.1, `train loss ${metrics.trainLoss}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
