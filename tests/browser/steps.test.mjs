// Step-through on real data: one test digit walked through forward, error and backward with the
// engine's numbers, checked against a forward pass computed here from the page's weights (the
// loss, a pressed unit's z and a); the update lowers the example's loss; a table's row with a
// target the reader picks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

/** The numbers of a text: "−0.07118" and "0.9311" as numbers. */
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
