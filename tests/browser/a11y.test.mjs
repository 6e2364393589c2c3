// Accessibility in Chromium: axe-core (its default rules, best practices included) over every
// page and state a learner meets, in the light, dark and colour-blind looks; it fails on any
// violation and prints each one (rule, impact, target selectors, what to fix). Beside axe, two
// checks of our own that axe leaves to a person: every text drawn in SVG (the step-through's
// nodes, the network's labels) has the contrast of WCAG AA against what it is drawn on (axe
// cannot see an SVG <rect> behind a <text>), and no id is given twice (axe reports ids that ARIA
// attributes point to only as "needs review").
//
// Pages: index.html (default; many classes with a confusion cell pressed; the lessons menu and a lesson; the share dialog; the CSV dialog,
// listing errors; step-through at every stage of a 2-3-2-1 network, after the update and back,
// the chain-rule panel with a weight picked and checked, the gradient check's table), embed.html
// (every panel, stepping through), tutorial.html and a host page with two elements.
// One browser for the file, axe injected once per page and run again on each state.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import { drawn, ready, traced, useBrowser } from './harness.mjs';

const AXE = readFileSync(join(createRequire(import.meta.url).resolve('axe-core'), '../axe.min.js'), 'utf8');
const env = useBrowser();

/** [theme, palette]: the looks a reader can choose. */
const LOOKS = [['light', 'default'], ['dark', 'default'], ['light', 'colorblind'], ['dark', 'colorblind']];
const lookName = ([theme, palette]) => (palette === 'default' ? theme : `${theme}, colour-blind`);

/**
 * axe's findings on the page as it is now, plus our own checks, as lines "state: rule (impact)
 * target — summary". `only`: run just these axe rules (every rule
 * otherwise: none is ever turned off).
 */
async function audit(page, state, { only = null, axe = true } = {}) {
  const started = Date.now();
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async ({ only, axe }) => {
    const result = axe ? await window.axe.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: only } : {}) }) : { violations: [] };
    const lines = [];
    for (const v of result.violations) {
      for (const node of v.nodes) {
        const summary = (node.failureSummary ?? v.help).replace(/\s*\n\s*/g, ' ');
        lines.push(`${v.id} (${v.impact}) ${node.target.join(' ')} — ${summary}`);
      }
    }

    // Ids given twice: a label or description then points at another playground's element.
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    for (const [id, n] of seen) if (n > 1) lines.push(`unique-id (serious) #${id} — ${n} elements have this id`);

    // SVG text: contrast against the shape it sits on (a sibling <rect> before it in its group)
    // or the nearest opaque HTML background. 4.5:1, or 3:1 for large text (≥ 24px, ≥ 18.67px bold).
    const rgb = (colour) => {
      const m = colour.match(/[\d.]+/g);
      return m && !/^none|transparent/.test(colour) && (m.length < 4 || Number(m[3]) > 0) ? m.slice(0, 3).map(Number) : null;
    };
    const luminance = ([r, g, b]) => {
      const lin = (c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const over = (top, bottom, alpha) => top.map((v, k) => alpha * v + (1 - alpha) * bottom[k]);
    const page = (svg) => {
      for (let n = svg.parentElement; n; n = n.parentElement) {
        const bg = rgb(getComputedStyle(n).backgroundColor);
        if (bg) return bg;
      }
      return [255, 255, 255];
    };
    // The text's own opacity blends it into what is behind it; its ancestors' opacity (up to the
    // <svg>) blends text and shape together into the page.
    const opacity = (e) => Number(getComputedStyle(e).opacity);
    for (const text of document.querySelectorAll('svg text')) {
      const box = text.getBoundingClientRect();
      const style = getComputedStyle(text);
      if (!text.textContent.trim() || box.width === 0 || style.visibility === 'hidden' || text.closest('[aria-hidden="true"]')) continue;
      const fill = rgb(style.fill);
      if (!fill) continue;
      const svg = text.closest('svg');
      const ground = page(svg);
      let shape = ground;
      for (let n = text.previousElementSibling; n; n = n.previousElementSibling) {
        const colour = (n.localName === 'rect' || n.localName === 'circle') && rgb(getComputedStyle(n).fill);
        if (colour) {
          shape = over(colour, ground, opacity(n) * Number(getComputedStyle(n).fillOpacity));
          break;
        }
      }
      let common = 1;
      for (let n = text.parentElement; n && n !== svg.parentElement; n = n.parentElement) common *= opacity(n);
      const ink = over(over(fill, shape, opacity(text) * Number(style.fillOpacity)), ground, common);
      const back = over(shape, ground, common);
      const [a, b] = [luminance(ink), luminance(back)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.67 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        const where = text.closest('[data-node]')?.getAttribute('data-node') ?? text.getAttribute('class') ?? 'text';
        const show = (c) => `rgb(${c.map(Math.round).join(', ')})`;
        lines.push(`svg-text-contrast (serious) ${where} "${text.textContent}" — ${ratio.toFixed(2)}:1, ${show(ink)} on ${show(back)}`);
      }
    }
    return lines;
  }, { only, axe });
  if (process.env.A11Y_TIMING) console.log(`${state}: ${Date.now() - started} ms`);
  return found.map((line) => `${state}: ${line}`);
}

/** Fails with every problem, one a line, after printing them. */
function expectNone(problems) {
  if (problems.length) console.log(`${problems.length} accessibility problems:\n${problems.join('\n')}`);
  assert.equal(problems.length, 0, `accessibility problems:\n${problems.join('\n')}`);
}

/**
 * Audits the page as it is, in the first look with every rule, then in each other look with the
 * colour checks only (a look changes colours, never the document's structure), and goes back to
 * the first look. `setLook(look)` applies a look. axe's colour-contrast rule is slow (most of a
 * second a run here), so in the looks not in `contrastIn` (names, default all) only our own
 * checks run; the states of the index test say which looks each needs.
 */
async function everyLook(page, state, setLook, { contrastIn = LOOKS.map(lookName) } = {}) {
  const problems = await audit(page, `${state}, ${lookName(LOOKS[0])}`);
  for (const chosen of LOOKS.slice(1)) {
    await setLook(chosen);
    const name = lookName(chosen);
    problems.push(...await audit(page, `${state}, ${name}`, { only: ['color-contrast'], axe: contrastIn.includes(name) }));
  }
  await setLook(LOOKS[0]);
  return problems;
}

test('index.html in every look: every panel, dialog and step-through stage', async () => {
  const page = await env.browser.page(`${env.server.url}#networkShape=3,2&seed=2`);
  await ready(page);
  const setLook = async ([theme, palette]) => {
    await page.evaluate((change) => window.playground.store.dispatch(change), { theme, palette });
    await drawn(page);
  };
  const problems = [];
  // `contrast`: the looks besides light that axe's colour contrast runs in. The colour-blind
  // palette changes no HTML text's colour (only the SVG fills, which our own check sees in every
  // look and state, the canvases and the swatches), so axe checks it on three states as a
  // safety net; dark changes every colour, so every state but one like another is checked dark.
  const ALL = LOOKS.map(lookName);
  const DARK = ['dark'];
  const check = async (state, contrast = DARK, look = setLook) => problems.push(...await everyLook(page, state, look, { contrastIn: contrast }));
  await check('default', ALL);

  // Many classes: the class menu, the K-class legend and plot, a pressed confusion-matrix cell.
  await page.evaluate(() => window.playground.store.dispatch({ problem: 'multiclass', loss: 'cross-entropy' }));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 3 &&
    document.querySelectorAll('.output-confusion-cell').length === 9);
  await page.locator('.output-confusion-cell').first().click();
  await page.locator('.output-confusion-cell[aria-pressed="true"]').waitFor();
  await check('many classes, a confusion-matrix cell pressed', ALL);
  await page.evaluate(() => window.playground.store.dispatch({ problem: 'classification', loss: 'mse' }));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 1);

  // The digits: the units' images, one digit's bars and gradient, the pad, the gallery, a pressed cell.
  await page.evaluate(() => window.playground.load('#dataset=digits&networkShape=3,2&seed=2'));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers[0] === 64 &&
    document.querySelectorAll('.digit-bar[aria-label]').length === 10 && document.querySelectorAll('.output-confusion-cell').length === 100);
  await page.locator('.output-confusion-cell').nth(11).click();
  await page.locator('.output-confusion-cell[aria-pressed="true"]').waitFor();
  await check('the digits, a confusion-matrix cell pressed', ALL);
  // A table: the named network, the scatter's column pickers, the standardize box, a pressed cell with species names.
  await page.evaluate(() => window.playground.load('#dataset=penguins&seed=2'));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers[0] === 4 &&
    document.querySelectorAll('.table-axis select').length === 2 && document.querySelectorAll('.output-confusion-cell').length === 9);
  await page.locator('.output-confusion-cell').nth(4).click();
  await page.locator('.output-confusion-cell[aria-pressed="true"]').waitFor();
  await check('the penguins, a confusion-matrix cell pressed', ALL);
  // Step-through on real data: a digit's strips, bars, images, a pressed unit's numbers.
  await page.evaluate(() => window.playground.load('#dataset=digits&networkShape=8&seed=2&mode=step'));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers[0] === 64 && document.querySelectorAll('.walk-unit').length > 8);
  await page.locator('.walk-unit').nth(2).click();
  await page.locator('.walk-detail .walk-title').waitFor();
  await check('step-through on a digit, a unit pressed', ALL);
  await page.evaluate(() => window.playground.load('#networkShape=3,2&seed=2'));
  await page.waitForFunction(() => window.playground.frame?.info.config.layers[0] === 2);

  // The table dialog with a pasted table: the file field, the target, the kind, the input boxes.
  await page.getByRole('button', { name: 'Open a table…' }).click();
  const tableDialog = page.getByRole('dialog', { name: 'Your own table of data' });
  await tableDialog.locator('textarea').fill('id,height,weight,sport\n1,1.8,70,row\n2,1.7,60,climb\n3,1.9,80,row\n');
  await page.locator('.table-dialog-input').first().waitFor();
  await check('the table dialog with a pasted table');
  await page.keyboard.press('Escape');
  await tableDialog.waitFor({ state: 'hidden' });

  const share = page.getByRole('dialog', { name: 'Share this playground' });
  await page.getByRole('button', { name: 'Share…' }).click();
  await share.waitFor({ state: 'visible' });
  await check('share dialog');
  await page.keyboard.press('Escape');
  await share.waitFor({ state: 'hidden' });

  const csv = page.getByRole('dialog', { name: 'Paste your own points' });
  await page.getByRole('button', { name: 'Paste CSV…' }).click();
  await csv.waitFor({ state: 'visible' });
  await csv.getByLabel('Points (CSV)').fill('x, y, label\n1, 2, 1\n7, 0, 1\n1, abc, 0');
  await csv.getByRole('button', { name: 'Use these points' }).click();
  await csv.getByRole('alert').waitFor({ state: 'visible' });
  await check('CSV dialog open, listing errors');
  await page.keyboard.press('Escape');
  await csv.waitFor({ state: 'hidden' });

  // Step-through: every step of the walk.
  await page.getByRole('button', { name: 'Step through backprop' }).click();
  let traces = await traced(page);
  const stepOf = () => page.evaluate(() => document.querySelector('.st').dataset.step);
  const steps = await page.evaluate(() => document.querySelector('.st-position').textContent.match(/of (\d+)/)[1]).then(Number);
  assert.equal(steps, 8, 'a 2-3-2-1 network is walked in 8 steps');
  for (let k = 0; k < steps; k++) {
    if (k > 0) {
      const before = await stepOf();
      await page.click('.st-next');
      await page.waitForFunction((b) => document.querySelector('.st').dataset.step !== b, before);
    }
    // Every stage, and its first and last layer (forward.1 and backward.1, hidden layer to
    // hidden layer, are drawn as their neighbours are).
    const here = await stepOf();
    if (here === 'forward.1' || here === 'backward.1') continue;
    await check(`step-through ${here}`, here === 'forward.0' || here === 'backward.0' ? ALL : DARK);
  }

  // The chain rule and the gradient check of one weight, and of all (before the update: the
  // check is of the trace's gradients).
  await page.selectOption('.st-chain select', '1.1.2');
  await page.locator('.st-chain [data-key="chain-sum"]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: /Check this gradient/ }).click();
  await page.locator('.st-check [data-key="check-relative"]').first().waitFor({ state: 'attached', timeout: 30_000 });
  await check('chain-rule panel and one gradient checked');
  await page.getByRole('button', { name: 'Check all weights' }).click();
  await page.locator('.st-check [data-key="check-worst"]').waitFor({ state: 'attached', timeout: 30_000 });
  await check('gradient check of all weights');

  // The update applied, then one step back (the note that going back does not undo it).
  await page.click('.st-next');
  traces = await traced(page, traces);
  await check('step-through update applied');
  await page.click('.st-back');
  await page.locator('.st-applied').waitFor({ state: 'visible' });
  await check('step-through back after the update', []);

  // Lessons: the menu, then one lesson open (last: a lesson changes the setup).
  await page.getByRole('button', { name: 'Back to training' }).click();
  const menu = page.locator('#lesson-panel details');
  const openMenu = async () => {
    if (!(await menu.evaluate((d) => d.open))) await page.locator('#lesson-panel summary').click();
    await page.locator('#lesson-panel .lesson-item-link').first().waitFor({ state: 'visible' });
  };
  await openMenu();
  // A change of look rebuilds the lesson panel, closed: open it again in each look.
  await check('lessons menu', DARK, async (chosen) => {
    await setLook(chosen);
    await openMenu();
  });
  await page.locator('#lesson-panel .lesson-item-link').nth(1).click();
  await page.locator('#lesson-panel .lesson-title').waitFor({ state: 'visible' });
  await drawn(page);
  await check('a lesson open');
  expectNone(problems);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('embed.html in every look, with every panel (the step-through open)', async () => {
  const query = '?panels=controls,network,output,chart,stepthrough,share';
  const page = await env.browser.page(`${env.server.url}embed.html${query}#networkShape=3&mode=step`, { width: 900, height: 900 });
  await page.waitForFunction(() => window.embed?.playground?.snapshot?.metrics !== undefined, null, { timeout: 20_000 });
  await traced(page);
  const problems = await everyLook(page, `embed.html${query}`, async ([theme, palette]) => {
    await page.evaluate((change) => window.embed.playground.store.dispatch(change), { theme, palette });
    await drawn(page);
  });
  expectNone(problems);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Loads `url` (served `body` if given) and waits until all its <backprop-playground> elements are ready. */
async function elementsPage(url, body) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  if (body) await page.route(url, (r) => r.fulfill({ contentType: 'text/html', body }));
  await page.goto(url);
  await page.waitForFunction(() => [...document.querySelectorAll('backprop-playground')].every((e) => e.playground?.snapshot?.metrics !== undefined),
    null, { timeout: 30_000 });
  return page;
}

/** Gives every element of the page this look (as its reader would with the theme switch). */
async function restyle(page, [theme, palette]) {
  await page.evaluate((change) => {
    for (const e of document.querySelectorAll('backprop-playground')) e.playground.store.dispatch(change);
  }, { theme, palette });
  await drawn(page);
}


test('tutorial.html in every look: the article and its playgrounds', async () => {
  const page = await elementsPage(`${env.server.url}tutorial.html`);
  const problems = await everyLook(page, 'tutorial.html', (chosen) => restyle(page, chosen));
  expectNone(problems);
  assert.deepEqual(page.errors, []);
  await page.close();
});

const HOST = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Two playgrounds</title>
  <script type="module" src="./backprop-playground.js"></script>
</head>
<body>
  <main>
    <h1>Two playgrounds on one page</h1>
    <backprop-playground label="XOR with three ReLU neurons" config="#dataset=xor&networkShape=3&activation=relu&seed=3"
      panels="network,output"></backprop-playground>
    <backprop-playground label="Circle, stepped through" config="#dataset=circle&networkShape=2&mode=step"
      panels="controls,network,stepthrough"></backprop-playground>
  </main>
</body>
</html>`;

test('a host page with two elements (one stepping through), in every look', async () => {
  const page = await elementsPage(`${env.server.url}a11y-host.html`, HOST);
  await page.waitForFunction(() => Number(document.querySelector('.st')?.dataset.traces) > 0 && document.querySelector('.st').dataset.busy === 'false');
  const problems = await everyLook(page, 'host page', (chosen) => restyle(page, chosen));
  expectNone(problems);
  assert.deepEqual(page.errors, []);
  await page.close();
});
