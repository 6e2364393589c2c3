// Step-through on real data: one test digit walked through forward, error and backward with the
// engine's numbers, checked against a forward pass computed here from the page's weights (the
// loss, a pressed unit's z and a); the update lowers the example's loss; a table's row with a
// target the reader picks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, trainUntil, useBrowser } from './harness.mjs';

const env = useBrowser();

/** The numbers of a text: "−0.07118" and "0.9311" as numbers. */
/** A number as formatNumber shows it: "−0.5037" or "−7.3×10⁻⁴". */
const SUPERSCRIPT = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const shownNumber = (text) => Number(text.replace(/−/g, '-').replace(/×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/, (_, e) => `e${[...e].map((c) => SUPERSCRIPT[c]).join('')}`));
const numbers = (text) => [...text.matchAll(/[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?/g)].map((m) => Number(m[0].replace(/−/g, '-')));

test('one digit: the loss and a unit\'s z and a equal a forward pass computed here; the update lowers the loss', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=digits&networkShape=16`);
  await ready(page);
  await page.evaluate(() => window.playground.step(300));
  await page.getByRole('button', { name: 'Step through backprop' }).click();
  await page.waitForSelector('.walk-unit');
  assert.equal(await page.locator('.walk-panel .st-example-text').textContent(), await page.evaluate(() => {
    const { split, digits } = window.playground.frame.info.loaded;
    return `test digit 1 (a ${digits.labels[split.testIndex[0]]})`;
  }));

  // The forward pass by hand: 64 → 16 tanh → 10 softmax, from the parameters [W0 b0 W1 b1].
  const hand = await page.evaluate(() => {
    const θ = window.playground.snapshot.parameters;
    const { split, digits } = window.playground.frame.info.loaded;
    const x = Array.from(split.testInputs.slice(0, 64));
    const label = digits.labels[split.testIndex[0]];
    const z1 = [], a1 = [];
    for (let j = 0; j < 16; j++) {
      let z = θ[64 * 16 + j];
      for (let i = 0; i < 64; i++) z += θ[j * 64 + i] * x[i];
      z1.push(z);
      a1.push(Math.tanh(z));
    }
    const base = 64 * 16 + 16;
    const z2 = [];
    for (let k = 0; k < 10; k++) {
      let z = θ[base + 16 * 10 + k];
      for (let j = 0; j < 16; j++) z += θ[base + k * 16 + j] * a1[j];
      z2.push(z);
    }
    const top = Math.max(...z2);
    const e = z2.map((z) => Math.exp(z - top));
    const sum = e.reduce((s, v) => s + v, 0);
    const p = e.map((v) => v / sum);
    return { z1, a1, p, label, loss: -Math.log(p[label]) };
  });
  const error = await page.locator('.walk-equation').first().textContent();
  const [shownP, shownLoss] = numbers(error.replace(/p\(\d\)/, 'p'));
  assert.ok(Math.abs(shownP - hand.p[hand.label]) < 1e-3, `${error} vs p ${hand.p[hand.label]}`);
  assert.ok(Math.abs(shownLoss - hand.loss) < 1e-3 * Math.max(1, hand.loss), `${error} vs L ${hand.loss}`);

  await page.locator('.walk-unit').nth(5).click(); // the sixth hidden unit's a
  const detail = await page.locator('.walk-detail').textContent();
  assert.match(detail, /^unit 6 of hidden layer 1/);
  const z = numbers(/= ([−-]?[\d.]+)The largest/.exec(detail)[1])[0];
  const a = numbers(/a = f\(z\) = ([−-]?[\d.]+)/.exec(detail)[1])[0];
  assert.ok(Math.abs(z - hand.z1[5]) < 1e-3 * Math.max(1, Math.abs(hand.z1[5])), `z ${z} vs ${hand.z1[5]}`);
  assert.ok(Math.abs(a - hand.a1[5]) < 1e-3, `a ${a} vs ${hand.a1[5]}`);

  // The update: the example's own loss goes down.
  await page.getByRole('button', { name: 'Apply the update' }).click();
  await page.waitForFunction(() => document.querySelector('.walk-panel > .st-body > .walk-caption')?.textContent.includes('loss went from'));
  const [before, after] = numbers((await page.locator('.walk-panel > .st-body > .walk-caption').textContent()).split('went from')[1]);
  assert.ok(after < before, `loss ${before} → ${after}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a table row: the target the reader picks is the one the loss and δ use', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=penguins&mode=step`);
  await ready(page);
  await page.waitForSelector('.walk-unit');
  const own = await page.locator('.walk-equation').first().textContent();
  const species = /p\((\w+)\)/.exec(own)[1];
  const other = ['Adelie', 'Gentoo', 'Chinstrap'].find((s) => s !== species);
  await page.selectOption('.walk-target select', { label: other });
  await page.waitForFunction((name) => document.querySelector('.walk-equation')?.textContent.includes(`p(${name})`), other);
  // The output's δ for the new target is p − 1, negative; for the example's own species now p − 0 ≥ 0.
  const deltas = await page.locator('.walk-part:nth-child(2) .walk-unit').evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label')));
  const value = (name) => Number(deltas.find((d) => d.includes(`“${name}”`)).split(': ').at(-1).replace('−', '-'));
  assert.ok(value(other) < 0 && value(species) >= 0, deltas.join('; '));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a digit: any weight on demand (a pixel clicked), checked by finite differences; a drawn digit is the example', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=digits&networkShape=16&speed=3`);
  await ready(page);
  await trainUntil(page, 0.9, 30_000);
  await page.getByRole('button', { name: 'Step through backprop' }).click();
  await page.waitForSelector('.walk-unit');
  await page.locator('.walk-unit').nth(2).click();
  // Row 3, column 4 of the input image: the weight from that pixel into unit 3.
  const box = await page.locator('.walk-input').boundingBox();
  await page.mouse.click(box.x + box.width * (3.5 / 8), box.y + box.height * (2.5 / 8));
  const weightText = await page.locator('.walk-weight-numbers').textContent();
  assert.match(weightText, /^w from pixel row 3, column 4 to unit 3 of hidden layer 1: w = /);
  const w = shownNumber(/w = ([−-]?[\d.×⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+);/.exec(weightText)[1]);
  const θ = await page.evaluate(() => window.playground.snapshot.parameters[2 * 64 + 2 * 8 + 3]);
  assert.ok(Math.abs(w - θ) <= 1e-3 * Math.max(1, Math.abs(θ)), `${w} vs θ ${θ}`);
  await page.getByRole('button', { name: 'Check it by finite differences' }).click();
  await page.waitForFunction(() => /they (agree|differ)/.test(document.querySelector('.walk-check-result')?.textContent ?? ''));
  assert.match(await page.locator('.walk-check-result').textContent(), /they agree\.$/);
  // The largest term's weight (its input is not 0, so its gradient is not 0 either).
  // (the list is open: a weight is chosen)
  await page.locator('.walk-weight-list button').first().click();
  await page.getByRole('button', { name: 'Check it by finite differences' }).click();
  await page.waitForFunction(() => /they (agree|differ)/.test(document.querySelector('.walk-check-result')?.textContent ?? ''));
  const result = await page.locator('.walk-check-result').textContent();
  assert.match(result, /they agree\.$/);
  assert.notEqual(numbers(result)[0], 0, result);

  // A drawn 1: the example is the drawing, its target the digit the network sees.
  await page.getByRole('button', { name: 'Draw your own' }).click();
  const pad = await page.locator('.walk-pad .digit-pad-canvas').boundingBox();
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.85, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('.walk-panel .st-example-text')?.textContent === 'your drawing');
  await page.waitForFunction(() => /p\(\d\)/.test(document.querySelector('.walk-equation')?.textContent ?? ''));
  const error = await page.locator('.walk-equation').first().textContent();
  const shown = await page.locator('.walk-bars .digit-bar-value').allTextContents();
  const best = shown.map((t) => parseFloat(t)).reduce((b, v, k, all) => (v > all[b] ? k : b), 0);
  assert.match(error, new RegExp(`p\\(${best}\\)`), `the target is the likeliest digit ${best}: ${error}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
