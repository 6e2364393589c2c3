// The theme follows the system's light or dark mode (prefers-color-scheme) unless the link or
// the user chose one: 'auto' is the state's default and is never written to the link.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

/** A page whose system is in `colorScheme` from before it loads. */
async function open(hash, colorScheme, { width = 1400, height = 900 } = {}) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width, height });
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.emulateMedia({ colorScheme });
  await page.goto(env.server.url + hash);
  await ready(page);
  return page;
}

const look = (page) => page.evaluate(() => ({
  theme: document.documentElement.dataset.theme,
  root: document.getElementById('app').dataset.theme,
  background: getComputedStyle(document.body).backgroundColor,
  chosen: window.playground.getState().theme,
  hash: location.hash,
}));
const DARK_BG = 'rgb(22, 24, 28)';
const LIGHT_BG = 'rgb(247, 247, 245)';

test('with no theme in the link the page follows the system, also when it changes', async () => {
  const page = await open('', 'dark');
  let now = await look(page);
  assert.equal(now.theme, 'dark', 'the system is dark: so is the page');
  assert.equal(now.root, 'dark');
  assert.equal(now.background, DARK_BG);
  assert.equal(now.chosen, 'auto');
  assert.doesNotMatch(now.hash, /theme=/, 'auto is not written to the link');
  assert.equal(await page.getByRole('combobox', { name: 'Theme' }).inputValue(), 'auto');
  // The output plot is drawn in the dark palette too (its background cell is dark).
  await page.screenshot({ path: join(artifacts, 'theme-desktop-system-dark.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'light' });
  await drawn(page);
  now = await look(page);
  assert.equal(now.theme, 'light', 'the system turned light: so does the page, without a reload');
  assert.equal(now.background, LIGHT_BG);
  assert.doesNotMatch(now.hash, /theme=/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('theme=light in the link wins over a dark system', async () => {
  const page = await open('#theme=light', 'dark');
  const now = await look(page);
  assert.equal(now.theme, 'light');
  assert.equal(now.background, LIGHT_BG);
  assert.match(now.hash, /(^#|&)theme=light(&|$)/, 'the link keeps it');
  await page.screenshot({ path: join(artifacts, 'theme-desktop-link-light.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the user's choice wins over the system and is written to the link; Auto follows again", async () => {
  const page = await open('', 'dark');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await theme.selectOption('light');
  await drawn(page);
  let now = await look(page);
  assert.equal(now.theme, 'light');
  assert.equal(now.chosen, 'light');
  assert.match(now.hash, /(^#|&)theme=light(&|$)/);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await drawn(page);
  assert.equal((await look(page)).theme, 'light', 'a chosen theme ignores the system');
  // A lesson link keeps the chosen theme; with Auto it carries none (the next page follows the system).
  assert.match(await page.locator('#lesson-panel .lesson-item-link').first().getAttribute('href'), /&theme=light$/);

  await theme.selectOption('auto');
  await drawn(page);
  now = await look(page);
  assert.equal(now.theme, 'dark');
  assert.equal(now.background, DARK_BG);
  assert.doesNotMatch(now.hash, /theme=/);
  assert.doesNotMatch(await page.locator('#lesson-panel .lesson-item-link').first().getAttribute('href'), /theme=/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
