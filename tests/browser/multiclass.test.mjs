// Many classes in the page: a link opens the 3-arm spiral with three softmax units, the problem
// menu switches to it (softmax cross-entropy, a class count), and once trained the output plot
// shows under each training point the colour of its own class (read back from the canvas).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ready, trainUntil, useBrowser } from './harness.mjs';

const env = useBrowser();


test('a link of the 3-arm spiral trains three softmax units, and each point lies on its class colour', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&dataset=spiral&classes=3&sinX=true&sinY=true&networkShape=8,8&optimizer=adam&learningRate=0.01&speed=3`);
  await ready(page);
  const outputs = await page.locator('.nn-output').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
  assert.deepEqual(outputs, ['Output neuron 1, class 0 (softmax)', 'Output neuron 2, class 1 (softmax)', 'Output neuron 3, class 2 (softmax)']);
  assert.deepEqual(await page.locator('.output-legend-class').allTextContents(), ['0', '1', '2']);
  const metrics = await trainUntil(page, 0.9, 60_000);
  assert.ok(metrics.testAccuracy >= 0.9, `test accuracy ${metrics.testAccuracy}`);

  // Under each training point, the heatmap's pixel is nearer its class's colour than the others'.
  const agreement = await page.evaluate(() => {
    const heat = document.querySelector('.output-heatmap');
    const n = heat.width;
    const pixels = heat.getContext('2d').getImageData(0, 0, n, n).data;
    const swatches = [...document.querySelectorAll('.output-legend-class')].map((s) => getComputedStyle(s).backgroundColor.match(/\d+/g).map(Number));
    const points = window.playground.frame.info.data.trainPoints;
    let agree = 0, count = 0;
    for (let i = 0; i + 2 < points.length; i += 3) {
      const col = Math.round(((points[i] + 6) / 12) * (n - 1)), row = Math.round(((6 - points[i + 1]) / 12) * (n - 1));
      if (col < 0 || col >= n || row < 0 || row >= n) continue;
      const at = 4 * (row * n + col);
      const rgb = [pixels[at], pixels[at + 1], pixels[at + 2]];
      // The hue direction away from the ground: compare each swatch by angle to the pixel's colour.
      const ground = [232, 234, 235];
      const away = rgb.map((v, j) => v - ground[j]);
      const score = swatches.map((s) => {
        const d = s.map((v, j) => v - ground[j]);
        const dot = d.reduce((sum, v, j) => sum + v * away[j], 0);
        return dot / (Math.hypot(...d) * Math.hypot(...away) || 1);
      });
      agree += score.indexOf(Math.max(...score)) === points[i + 2] ? 1 : 0;
      count++;
    }
    return agree / count;
  });
  assert.ok(agreement >= 0.85, `${(agreement * 100).toFixed(1)} % of training points lie on their class's colour`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the problem menu switches to many classes: spiral, softmax cross-entropy, a class count that rebuilds', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  assert.equal(await page.getByRole('combobox', { name: 'Classes' }).isVisible(), false, 'no class count for two classes');
  await page.getByLabel('Problem type').selectOption('multiclass');
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 3);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.problem, 'multiclass');
  assert.equal(state.loss, 'cross-entropy');
  assert.equal(await page.evaluate(() => window.playground.frame.info.config.loss), 'softmax-ce');
  assert.equal(await page.evaluate(() => window.playground.frame.info.data.classes), 3);
  assert.equal(await page.getByRole('radio', { name: 'Spiral' }).getAttribute('aria-checked'), 'true');
  assert.equal(await page.getByRole('radio', { name: /^Circle/ }).isVisible(), false, 'two-class sets are not offered');
  await page.getByRole('combobox', { name: 'Classes' }).selectOption('5');
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 5);
  assert.equal(await page.locator('.nn-output').count(), 5);
  assert.match(await page.evaluate(() => location.hash), /classes=5/);
  await page.getByRole('radio', { name: /^Blobs/ }).click();
  await page.waitForFunction(() => window.playground.getState().dataset === 'blobs');
  await page.getByLabel('Problem type').selectOption('classification');
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 1);
  assert.equal(await page.getByRole('radio', { name: /^Circle/ }).getAttribute('aria-checked'), 'true', 'blobs are not a two-class set: the first is');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the confusion matrix shows the engine\'s counts, its diagonal is the accuracy, and a cell rings its points', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&dataset=blobs&classes=4&noise=40&networkShape=4&learningRate=0.03`);
  await ready(page);
  await trainUntil(page, 0.7, 20_000);
  await page.waitForFunction(() => document.querySelectorAll('.output-confusion-cell').length === 16);
  const read = () => page.evaluate(() => ({
    cells: [...document.querySelectorAll('.output-confusion-cell')].map((c) => Number(c.textContent)),
    confusion: Array.from(window.playground.snapshot.confusion),
    metrics: window.playground.snapshot.metrics,
    test: window.playground.frame.info.data.testPoints.length / 3,
    train: window.playground.frame.info.data.trainPoints.length / 3,
  }));
  // The test points by default; the training points a press away.
  let shown = await read();
  assert.deepEqual(shown.cells, shown.confusion.slice(16));
  assert.equal(shown.cells.reduce((a, b) => a + b, 0), shown.test);
  const diagonal = (cells) => [0, 5, 10, 15].reduce((sum, i) => sum + cells[i], 0);
  assert.ok(Math.abs(diagonal(shown.cells) / shown.test - shown.metrics.testAccuracy) < 1e-9);
  await page.getByRole('button', { name: 'Training', exact: true }).click();
  shown = await read();
  assert.deepEqual(shown.cells, shown.confusion.slice(0, 16));
  assert.ok(Math.abs(diagonal(shown.cells) / shown.train - shown.metrics.trainAccuracy) < 1e-9);
  // The fullest wrong cell: pressed, it says how many points it rings.
  const wrong = shown.cells.map((n, i) => ({ n, i })).filter(({ i }) => i % 5 !== 0).sort((a, b) => b.n - a.n)[0];
  assert.ok(wrong.n > 0, 'some training point is misclassified at 40 % noise');
  const cell = page.locator('.output-confusion-cell').nth(wrong.i);
  const truth = Math.floor(wrong.i / 4), predicted = wrong.i % 4;
  assert.equal(await cell.getAttribute('aria-label'), `${wrong.n} training point${wrong.n === 1 ? '' : 's'} of class ${truth} ${wrong.n === 1 ? 'is' : 'are'} predicted as class ${predicted}`);
  await cell.click();
  await page.waitForFunction(() => document.querySelector('.output-confusion-cell[aria-pressed="true"]'));
  await page.waitForFunction((n) => [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent.startsWith(`${n} training point`)), wrong.n);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('many classes, stepped through: z, the softmax p, −ln p_target and δ = p − t equal a hand computation', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&dataset=blobs&classes=3&networkShape=2&activation=tanh&x=true&y=true&mode=step`);
  await ready(page);
  const traces = () => page.evaluate(() => Number(document.querySelector('.st')?.dataset.traces ?? 0));
  await page.waitForFunction(() => document.querySelector('.st')?.dataset.busy === 'false' && Number(document.querySelector('.st').dataset.traces) > 0);
  // Hand-chosen weights, exact in float32: [W0 (2×2) b0 W1 (3×2) b1].
  const W0 = [[0.5, -0.25], [0.125, 0.375]], b0 = [0.0625, -0.125];
  const W1 = [[0.75, -0.5], [-0.25, 0.625], [0.375, 0.125]], b1 = [0.03125, -0.0625, 0.125];
  const before = await traces();
  await page.evaluate((p) => window.playground.setParameters(p), [...W0.flat(), ...b0, ...W1.flat(), ...b1]);
  await page.waitForFunction((n) => document.querySelector('.st').dataset.busy === 'false' && Number(document.querySelector('.st').dataset.traces) > n, before);
  const bar = page.locator('.st-example');
  const [x, y] = JSON.parse(await bar.getAttribute('data-input'));
  const t = JSON.parse(await bar.getAttribute('data-target'));
  assert.equal(t.length, 3);
  assert.equal(t.reduce((a, b) => a + b, 0), 1, 'a one-hot target');
  const target = t.indexOf(1);

  // By hand (plain Math, nothing from the engine).
  const a1 = W0.map(([wx, wy], j) => Math.tanh(wx * x + wy * y + b0[j]));
  const z2 = W1.map(([w1, w2], k) => w1 * a1[0] + w2 * a1[1] + b1[k]);
  const max = Math.max(...z2);
  const e = z2.map((z) => Math.exp(z - max));
  const p = e.map((v) => v / e.reduce((s, u) => s + u, 0));
  const loss = -Math.log(p[target]);
  const d2 = p.map((pk, k) => pk - t[k]);
  const d1 = a1.map((a, j) => (1 - a * a) * W1.reduce((s, row, k) => s + row[j] * d2[k], 0));

  const shown = async (key) => Number(await page.locator(`.st-text [data-key="${key}"]`).first().getAttribute('data-value'));
  const near = (actual, expected, what) =>
    assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: shown ${actual}, by hand ${expected}`);
  const next = async () => {
    const step = await page.evaluate(() => document.querySelector('.st').dataset.step);
    await page.click('.st-next');
    await page.waitForFunction((s) => document.querySelector('.st').dataset.step !== s, step);
  };
  await next(); // forward, output
  await next(); // error
  assert.equal(await page.evaluate(() => document.querySelector('.st').dataset.step), 'error.-1');
  for (let k = 0; k < 3; k++) {
    near(await shown(`score.${k}`), z2[k], `z of out${k + 1}`);
    near(await shown(`prediction.${k}`), p[k], `p of out${k + 1}`);
  }
  near(await shown('loss'), loss, 'L = −ln p_target');
  assert.match(await page.locator('.st-text').textContent(), new RegExp(`This example is of class ${target}, so its target is one-hot`));
  await next(); // backward, output
  near(await shown('delta.1.0'), d2[0], 'δ of out1 = p − t');
  assert.match(await page.locator('.st-text').textContent(), /δ_k = p_k − t_k/);
  await next(); // backward, hidden
  near(await shown('delta.0.0'), d1[0], 'δ of h1.1');

  // The chain rule for every weight sums its paths (through all three outputs for the first
  // layer's) to the engine's gradient; the numerical check agrees with backprop.
  const engine = await page.evaluate(async () => [
    Array.from(await window.playground.session.weightGradients(0)), Array.from(await window.playground.session.weightGradients(1)),
  ]);
  const widths = [2, 2, 3];
  for (let l = 0; l < 2; l++) {
    for (let j = 0; j < widths[l + 1]; j++) {
      for (let i = 0; i < widths[l]; i++) {
        await page.selectOption('.st-chain select', `${l}.${j}.${i}`);
        const read = (key) => page.locator(`.st-chain [data-key="${key}"]`).getAttribute('data-value').then(Number);
        near(await read('chain-sum'), engine[l][j * widths[l] + i], `chain-rule sum, layer ${l} w${j}${i}`);
        assert.equal(await page.locator('.st-chain .st-path').count(), l === 0 ? 3 : 1, `paths for layer ${l}`);
      }
    }
  }
  await page.getByRole('button', { name: 'Check all weights' }).click();
  await page.locator('.st-check [data-key="check-worst"]').waitFor({ state: 'attached', timeout: 30_000 });
  const worst = Number(await page.locator('.st-check [data-key="check-worst"]').getAttribute('data-value'));
  assert.ok(worst < 1e-3, `worst relative difference of the gradient check ${worst}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
