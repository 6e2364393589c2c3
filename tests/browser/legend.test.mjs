// The output's legend and colour scale follow the head in Chromium: −1…1 for a tanh output
// (mse), 0…1 for cross-entropy's sigmoid probability, in the output figure, the output neuron's
// heatmap and the step-through's target; and a regression loss keeps its significant digits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { formatLoss } from '../../web/src/views/output/metrics.ts';
import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

// heatmap.ts's default light palette.
const PALETTE = { negative: [245, 147, 34], neutral: [232, 234, 235], positive: [8, 119, 189] };

/** The colour a value should have when the colour scale spans [low, high] (heatmap.ts by hand). */
function expected(v, [low, high]) {
  const u = Math.max(-1, Math.min(1, ((v - low) / (high - low)) * 2 - 1));
  const t = Math.round((u + 1) * 0.5 * 255) / 255 * 2 - 1;
  const to = t < 0 ? PALETTE.negative : PALETTE.positive;
  return PALETTE.neutral.map((c, j) => c + (to[j] - c) * Math.abs(t));
}

/**
 * Pixels of the output heatmap and of the output neuron's node next to the values of the
 * frame's output grid, at cells spread over the square.
 */
function samples(page) {
  return page.evaluate(() => {
    const { output: grid, outputSize: n } = window.playground.snapshot;
    const out = grid.subarray(grid.length - n * n);
    const big = document.querySelector('.output-heatmap').getContext('2d').getImageData(0, 0, n, n).data;
    const cells = [];
    for (let row = 5; row < n; row += 15) {
      for (let col = 5; col < n; col += 15) {
        const i = row * n + col;
        cells.push({ v: out[i], rgb: [big[4 * i], big[4 * i + 1], big[4 * i + 2]] });
      }
    }
    return cells;
  });
}

function assertColours(cells, range, what) {
  let spread = 0;
  for (const { v, rgb } of cells) {
    const want = expected(v, range);
    const off = Math.max(...rgb.map((c, j) => Math.abs(c - want[j])));
    assert.ok(off <= 4, `${what}: value ${v.toFixed(3)} drawn ${rgb}, expected ${want.map(Math.round)} on [${range}]`);
    spread = Math.max(spread, Math.abs(v - (range[0] + range[1]) / 2));
  }
  assert.ok(spread > 0.05, `${what}: the samples are not all at the boundary (spread ${spread})`);
}

const legend = (page) => page.locator('.output-scale').evaluate((el) => [...el.children].map((c) => c.textContent));

test('mse with a tanh output: the legend reads −1 … 1 and the heatmap spans it', async () => {
  const page = await env.browser.page(`${env.server.url}#loss=mse&dataset=xor`);
  await ready(page);
  await page.evaluate(() => window.playground.step(30));
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 30);
  await drawn(page);
  assert.deepEqual(await legend(page), ['−1', '', '1']);
  assertColours(await samples(page), [-1, 1], 'tanh output');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('cross-entropy: the legend reads 0 … 1, the heatmaps span it, the step-through names the 0/1 target and its colour', async () => {
  for (const [theme, width] of [['light', 1400], ['dark', 1400], ['light', 390], ['dark', 390]]) {
    const page = await env.browser.page(`${env.server.url}#loss=cross-entropy&dataset=gauss&learningRate=0.1&theme=${theme}`, { width });
    await ready(page);
    await page.evaluate(() => window.playground.step(30));
    await page.waitForFunction(() => window.playground.snapshot.metrics.step === 30);
    await drawn(page);
    assert.deepEqual(await legend(page), ['0', '', '1'], `${theme} ${width}px`);
    if (theme === 'light' && width === 1400) {
      assertColours(await samples(page), [0, 1], 'sigmoid output');
      // The output neuron in the network draws the same colours (its thumbnail is scaled: compare the centre).
      const [node, big] = await page.evaluate(() => {
        // The output's column is the last of the thumbnails' canvases.
        const surface = [...document.querySelectorAll('.network-panel .nn-surface')].at(-1);
        const box = surface.getBoundingClientRect();
        const output = document.querySelector('.network-panel .nn-output').getBoundingClientRect();
        const scale = surface.width / box.width;
        const x = Math.floor((output.left + output.width / 2 - box.left) * scale);
        const y = Math.floor((output.top + output.height / 2 - box.top) * scale);
        const heat = document.querySelector('.output-heatmap');
        const at = (canvas, px, py) => [...canvas.getContext('2d').getImageData(px, py, 1, 1).data].slice(0, 3);
        return [at(surface, x, y), at(heat, Math.floor(heat.width / 2), Math.floor(heat.height / 2))];
      });
      assert.ok(node.every((c, j) => Math.abs(c - big[j]) <= 12), `output node ${node} vs output figure ${big}`);
    }
    await page.locator('.output-panel').screenshot({ path: join(artifacts, `legend-cross-entropy-${theme}-${width}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }

  // The step-through at the error stage: the target is 0 or 1, named with its class's colour.
  const page = await env.browser.page(`${env.server.url}#loss=cross-entropy&networkShape=2&mode=step`);
  await ready(page);
  await page.waitForFunction(() => document.querySelector('.st')?.dataset.busy === 'false' && Number(document.querySelector('.st').dataset.traces) > 0);
  const seen = new Set();
  for (let example = 0; example < 6 && seen.size < 2; example++) {
    if (example > 0) {
      await page.getByRole('button', { name: 'Next example', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('.st').dataset.busy === 'false');
    }
    while ((await page.evaluate(() => document.querySelector('.st').dataset.step)) !== 'error.-1') {
      const before = await page.evaluate(() => document.querySelector('.st').dataset.step);
      await page.click('.st-next');
      await page.waitForFunction((b) => document.querySelector('.st').dataset.step !== b, before);
    }
    const [t] = JSON.parse(await page.locator('.st-example').getAttribute('data-target'));
    const badge = await page.locator('.st-target').textContent();
    assert.ok(t === 0 || t === 1, `a 0/1 target for a sigmoid output, got ${t}`);
    assert.equal(badge, t === 1 ? 'target 1 (blue)' : 'target 0 (orange)');
    // The output node's colour is on the probability's scale too: 0.5 is neutral, as in the heatmap.
    const node = await page.evaluate(() => {
      const output = document.querySelector('.st-node[data-node="2.0"]');
      return { fill: output.querySelector('rect').getAttribute('fill'), text: output.querySelector('.st-node-value').textContent };
    });
    const a = Number(node.text.replace('−', '-'));
    assert.ok(a > 0 && a < 1, `the output node shows a probability, got ${node.text}`);
    const drawn = node.fill.match(/\d+/g).map(Number);
    const want = expected(a, [0, 1]);
    assert.ok(Math.max(...drawn.map((c, j) => Math.abs(c - want[j]))) <= 4,
      `output node a = ${a} drawn ${drawn}, expected ${want.map(Math.round)} on [0, 1]`);
    if (seen.size === 0) await page.locator('#stepthrough-panel').screenshot({ path: join(artifacts, 'legend-stepthrough-target.png') });
    seen.add(t);
  }
  assert.equal(seen.size, 2, 'both classes were seen');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a regression loss below 0.0005 keeps three significant digits, in the numbers and the chart', async () => {
  // A plane fitted by a network without hidden layers: the loss falls towards 0.
  const page = await env.browser.page(`${env.server.url}#problem=regression&regDataset=reg-plane&networkShape=&learningRate=0.03&noise=0`);
  await ready(page);
  await page.evaluate(() => window.playground.step(400));
  const { trainLoss, testLoss } = await page.evaluate(() => window.playground.snapshot.metrics);
  assert.ok(trainLoss > 0 && trainLoss < 5e-4, `the loss is small: ${trainLoss}`);
  await drawn(page);
  const value = (name) => page.locator('.output-metric', { hasText: name }).first().locator('.output-metric-value').textContent();
  const shownTrain = await value('Training loss');
  assert.notEqual(shownTrain, '0.000');
  assert.equal(shownTrain, formatLoss(trainLoss));
  assert.match(shownTrain, /^\d(\.\d+)?×10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, 'exponent notation');
  assert.equal(await value('Test loss'), formatLoss(testLoss));
  // The chart's legend under the cursor at the last epoch.
  const box = await page.locator('.output-chart .u-over').boundingBox();
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  const legendValues = await page.locator('.output-chart .u-legend .u-value').allTextContents();
  assert.equal(legendValues.length, 3, legendValues.join(' | '));
  for (const text of legendValues.slice(1)) assert.match(text, /^\d(\.\d+)?×10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, `chart legend ${legendValues.join(' | ')}`);
  await page.locator('.output-panel').screenshot({ path: join(artifacts, 'legend-regression-small-loss.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
