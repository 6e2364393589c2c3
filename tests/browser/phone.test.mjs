// The page on a phone (390x844, touch) and the Lessons menu: a tap on a link or bias shows its
// value without an editor or the on-screen keyboard, a second tap edits; the phone layout puts
// the network and the output right under the lesson menu with Play in a bar at the bottom of
// the screen, and nothing touches the screen's edge; the Lessons menu closes on Escape and on a
// click or tap outside it. Screenshots (light and dark, top and scrolled to the output) go to
// test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();
const WIDTH = 390;
const HEIGHT = 844;

// A touch browser of its own: the harness's context has no touch.
let phone = null;
before(async () => {
  phone = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});
after(async () => {
  await phone?.close();
});

/** A fresh touch page at 390x844 with its system in `colorScheme`, loaded and drawn. */
async function phonePage(hash = '', colorScheme = 'light') {
  const context = await phone.newContext({ viewport: { width: WIDTH, height: HEIGHT }, hasTouch: true, isMobile: true,
    deviceScaleFactor: 2, colorScheme });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(env.server.url + hash);
  await ready(page);
  page.done = () => context.close();
  return page;
}

const focusedTag = (page) => page.evaluate(() => document.activeElement?.tagName ?? '');

test('on touch, a tap shows a weight or bias, a second tap edits it; a mouse click still edits', async () => {
  const page = await phonePage();
  const tooltip = page.locator('#network-panel .nn-tooltip');
  const form = page.locator('#network-panel .nn-editor');
  const value = async (index) => page.evaluate((i) => window.playground.snapshot.parameters[i].toFixed(3), index);

  const name = 'Weight from layer 1, neuron 4 to layer 2, neuron 2'; // parameter 19 (controls.test.mjs)
  // A focused link or bias adds its value to its name.
  const named = (text) => page.getByRole('button', { name: new RegExp(`^${text}(:|$)`) });
  const link = named(name);
  await link.tap();
  await tooltip.waitFor({ state: 'visible' });
  assert.equal(await tooltip.textContent(), `${name}: ${await value(19)}. Tap again to edit`);
  assert.equal(await form.isVisible(), false, 'the first tap opens no editor');
  assert.notEqual(await focusedTag(page), 'INPUT', 'and focuses no input (no on-screen keyboard)');
  await page.screenshot({ path: join(artifacts, 'phone-tap-value.png') });

  // A tap on another one moves the value there, still without an editor.
  const bias = named('Bias of layer 2, neuron 1');
  await bias.tap();
  await drawn(page);
  assert.match(await tooltip.textContent(), /^Bias of layer 2, neuron 1: -?\d+\.\d{3}\. Tap again to edit$/);
  assert.equal(await form.isVisible(), false);
  assert.notEqual(await focusedTag(page), 'INPUT');

  // The second tap on the same one edits it.
  await bias.tap();
  const editor = page.getByRole('textbox', { name: 'Bias of layer 2, neuron 1' });
  await editor.waitFor({ state: 'visible' });
  assert.equal(await focusedTag(page), 'INPUT', 'the editor has focus');
  assert.equal(await tooltip.isVisible(), false);
  await editor.fill('0.25');
  await editor.press('Enter');
  const biasIndex = 2 * 4 + 4 + 4 * 2; // W0 (4x2), b0 (4), W1 (2x4), then b1[0]
  await page.waitForFunction((i) => window.playground.snapshot.parameters[i] === 0.25, biasIndex);
  await page.screenshot({ path: join(artifacts, 'phone-tap-edit.png') });

  // A mouse (a tablet's trackpad, a desktop with touch) edits on the first click, as before.
  await link.scrollIntoViewIfNeeded();
  const box = await link.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole('textbox', { name }).waitFor({ state: 'visible' });
  assert.deepEqual(page.errors, []);
  await page.done();
});

/** Where things are on the page (page coordinates, px) and every control too near the screen's edge. */
function measure(page) {
  return page.evaluate(() => {
    const box = (selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right };
    };
    const near = [];
    for (const node of document.querySelectorAll('button, a[href], select, input, summary, [role="radio"], [role="switch"]')) {
      const r = node.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || node.closest('[hidden], .visually-hidden')) continue;
      const gap = Math.min(r.left, innerWidth - r.right);
      if (gap < 8) near.push(`${node.getAttribute('aria-label') || node.textContent.trim().slice(0, 30)} (${gap.toFixed(1)} px)`);
    }
    const button = document.querySelector('.play-button');
    const play = button.getBoundingClientRect();
    return {
      play: { top: play.top, bottom: play.bottom, pageTop: play.top + scrollY, position: getComputedStyle(button.closest('.controls-playback')).position },
      network: box('#network-panel'), output: box('#output-panel'), plot: box('#output-panel .output-square'),
      data: box('#data-panel'), steps: box('#stepthrough-panel'), settings: box('#controls .controls-main'), near,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

test('phone layout: Play stays under the thumb, the network then the output come first, nothing touches the edge', async (t) => {
  for (const scheme of ['light', 'dark']) {
    const page = await phonePage('', scheme); // dark: from the system's dark mode, no theme in the link
    const at = await measure(page);
    t.diagnostic(`${scheme}: Play ${Math.round(at.play.top)}-${Math.round(at.play.bottom)} on screen (${at.play.position}); ` +
      `network top ${Math.round(at.network.top)}, output top ${Math.round(at.output.top)}, plot top ${Math.round(at.plot.top)}, ` +
      `data ${Math.round(at.data.top)}, step-through ${Math.round(at.steps.top)}, settings ${Math.round(at.settings.top)}; scrollWidth ${at.scrollWidth}`);
    assert.ok(at.scrollWidth <= WIDTH, `no horizontal overflow (scrollWidth ${at.scrollWidth})`);
    assert.deepEqual(at.near, [], 'every control is at least 8 px from the screen edges');
    // Play on the first screen, and the network starting on it too, close to the top.
    assert.ok(at.play.top >= 0 && at.play.bottom <= HEIGHT, `Play is on screen (${at.play.top}-${at.play.bottom})`);
    assert.ok(at.network.top < HEIGHT / 4, `the network starts near the top (${at.network.top})`);
    assert.ok(at.network.top < at.output.top && at.output.top < at.data.top && at.data.top < at.steps.top &&
      at.steps.top < at.settings.top, 'network, then output, data, the step-through, then the settings');
    assert.ok(at.output.top - at.network.bottom < 40, 'the output follows the network directly');
    assert.ok(at.plot.top - at.play.pageTop < HEIGHT, `the output plot is less than a screen from Play (${at.plot.top - at.play.pageTop})`);
    await page.screenshot({ path: join(artifacts, `phone-layout-${scheme}-top.png`) });

    // Scrolled to the output: Play is still on screen and not covering the plot.
    await page.locator('#output-panel .output-square').first().scrollIntoViewIfNeeded();
    await page.evaluate((top) => window.scrollTo(0, top - 8), at.output.top);
    await drawn(page);
    const scrolled = await measure(page);
    assert.ok(scrolled.play.top >= 0 && scrolled.play.bottom <= HEIGHT, 'Play stays on screen while scrolling');
    await page.getByRole('button', { name: 'Play', exact: true }).tap();
    await page.waitForFunction(() => window.playground.playing && window.playground.snapshot.metrics.epoch >= 2);
    await page.getByRole('button', { name: 'Pause', exact: true }).tap();
    await page.waitForFunction(() => !window.playground.playing);
    await drawn(page);
    await page.screenshot({ path: join(artifacts, `phone-layout-${scheme}-output.png`) });
    // The page ends above the bar: the last line of the footer is not under it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const footer = await page.evaluate(() => document.querySelector('.site-footer p:last-child').getBoundingClientRect().bottom);
    const bar = await page.evaluate(() => document.querySelector('.controls-playback').getBoundingClientRect().top);
    assert.ok(footer <= bar, `the footer (bottom ${footer}) ends above the play bar (top ${bar})`);
    assert.deepEqual(page.errors, []);
    await page.done();
  }
});

test('with Play, Step and Reset hidden there is no bar at the bottom for the epoch counter alone', async () => {
  const page = await phonePage('#playButton_hide=true&stepButton_hide=true&resetButton_hide=true');
  await drawn(page);
  assert.equal(await page.locator('.controls-playback').isVisible(), false, 'no playback bar');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).paddingBottom), '0px', 'no room kept for it');
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('a desktop keeps its layout: Play in the control bar, data, network and output side by side', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const at = await measure(page);
  assert.equal(at.play.position, 'static');
  assert.ok(at.data.top === at.network.top && at.network.top === at.output.top, 'three columns');
  assert.ok(at.settings.top < at.network.top, 'the control bar above them');
  await page.close();
});

test('the Lessons menu closes on Escape (focus back on it), on a click outside, on a tap outside', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const summary = page.locator('#lesson-panel summary');
  const isOpen = () => page.locator('#lesson-panel details').evaluate((d) => d.open);
  await summary.click();
  assert.equal(await isOpen(), true);
  await page.keyboard.press('Escape');
  assert.equal(await isOpen(), false, 'Escape closes it');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY', 'focus is back on the summary');

  // Open from the keyboard, Escape from inside the list.
  await page.keyboard.press('Enter');
  assert.equal(await isOpen(), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('lesson-item-link')), true);
  await page.keyboard.press('Escape');
  assert.equal(await isOpen(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');

  await summary.click();
  await page.getByRole('heading', { name: 'Backprop Playground' }).click();
  assert.equal(await isOpen(), false, 'a click outside closes it');
  // A click inside (on a lesson's goal text) keeps it open.
  await summary.click();
  await page.locator('#lesson-panel .lesson-item-goal').first().click();
  assert.equal(await isOpen(), true, 'a click inside keeps it open');
  // A new look from elsewhere (the system's dark mode, a script) keeps it open.
  await page.evaluate(() => window.playground.setState({ theme: 'dark' }));
  await drawn(page);
  assert.equal(await isOpen(), true, 'a change of theme keeps it open');
  // Tab out of the last lesson: focus left the menu, so it closes.
  await page.locator('#lesson-panel .lesson-item-link').last().focus();
  await page.keyboard.press('Tab');
  assert.equal(await isOpen(), false, 'focus leaving closes it');
  assert.deepEqual(page.errors, []);
  await page.close();

  const touch = await phonePage();
  await touch.locator('#lesson-panel summary').tap();
  assert.equal(await touch.locator('#lesson-panel details').evaluate((d) => d.open), true);
  await touch.screenshot({ path: join(artifacts, 'phone-lesson-menu.png') });
  await touch.getByRole('heading', { name: 'Backprop Playground' }).tap();
  assert.equal(await touch.locator('#lesson-panel details').evaluate((d) => d.open), false, 'a tap outside closes it');
  assert.deepEqual(touch.errors, []);
  await touch.done();
});
