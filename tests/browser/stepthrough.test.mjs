// Step-through mode in Chromium. (a) A 2-2-1 tanh network with hand-chosen weights and one
// example, walked through every stage: the z, a, δ, gradients and updated weights on screen must
// be what a hand computation here gives (plain Math.tanh, independent of the engine), to 1e-6.
// (b) The chain-rule panel's sum equals the engine's gradient for every weight of a 2-3-2-1
// network. (c) The gradient check agrees with backprop to 1e-3 on a tanh network. (d) Screenshots
// of every stage. Numbers are read from the data-value attributes the panel puts on each shown
// number (full precision); the text beside them is formatted for people.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, launch, ready, serve, traced } from './harness.mjs';

let server, browser;
before(async () => {
  // BP_PAGE_DIR: a page built elsewhere (a helper's own build); the default is dist/.
  server = await serve(process.env.BP_PAGE_DIR || undefined);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const BASE = '#x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&sinX=false&sinY=false' +
  '&problem=classification&dataset=circle&activation=tanh&loss=mse&optimizer=sgd&regularization=none&batchSize=10';

/** |actual − expected| ≤ 1e-6 · max(1, |expected|). */
function near(actual, expected, what, tolerance = 1e-6) {
  assert.ok(Number.isFinite(actual), `${what}: shown ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: shown ${actual}, by hand ${expected}`);
}

/** The number the explanation shows under data-key `key`. */
async function shown(page, key) {
  const locator = page.locator(`.st-text [data-key="${key}"]`).first();
  await locator.waitFor({ state: 'attached', timeout: 5000 });
  return Number(await locator.getAttribute('data-value'));
}

const stepOf = (page) => page.evaluate(() => document.querySelector('.st').dataset.step);

async function next(page) {
  const before = await stepOf(page);
  await page.click('.st-next');
  await page.waitForFunction((b) => document.querySelector('.st').dataset.step !== b, before);
}

async function panelShot(page, name) {
  // Let the pulse along the links finish so the picture is the resting state.
  await page.waitForTimeout(1100);
  await page.locator('#stepthrough-panel').screenshot({ path: join(artifacts, name) });
}

test('a 2-2-1 tanh network: every stage shows the hand-computed numbers', async () => {
  const page = await browser.page(`${BASE}&networkShape=2&learningRate=0.1&mode=step`.replace(/^/, server.url));
  await ready(page);
  let traces = await traced(page);

  // Hand-chosen weights, exact in float32 so the engine holds exactly these: [W0 b0 W1 b1],
  // W0 rows are h1 = (from x, from y) and h2; W1 is out = (from h1, from h2).
  const W0 = [[0.5, -0.25], [0.125, 0.375]];
  const b0 = [0.0625, -0.125];
  const W1 = [0.75, -0.625];
  const b1 = 0.03125;
  await page.evaluate((p) => window.playground.setParameters(p), [...W0.flat(), ...b0, ...W1, b1]);
  traces = await traced(page, traces);

  // The example: two clicks on "Next example" (index 2), as a user would.
  for (let k = 0; k < 2; k++) {
    await page.getByRole('button', { name: 'Next example', exact: true }).click();
    traces = await traced(page, traces);
  }
  const bar = page.locator('.st-example');
  assert.equal(await bar.getAttribute('data-index'), '2');
  const [x, y] = JSON.parse(await bar.getAttribute('data-input'));
  const [t] = JSON.parse(await bar.getAttribute('data-target'));
  assert.ok(t === 1 || t === -1, `a ±1 target for a tanh output, got ${t}`);
  assert.equal(await stepOf(page), 'forward.0');

  // By hand. Forward: z = W a + b, a = tanh(z).
  const z1 = W0.map(([wx, wy], j) => wx * x + wy * y + b0[j]);
  const a1 = z1.map(Math.tanh);
  const z2 = W1[0] * a1[0] + W1[1] * a1[1] + b1;
  const a2 = Math.tanh(z2);
  // Error: L = ½(a − t)², ∂L/∂a = a − t.
  const loss = 0.5 * (a2 - t) ** 2;
  const dLda = a2 - t;
  // Backward: δ_out = (a − t)(1 − a²); δ_j = (1 − a_j²) w_j δ_out; ∂L/∂w = a_i δ_j; ∂L/∂b = δ.
  const d2 = dLda * (1 - a2 * a2);
  const d1 = a1.map((a, j) => (1 - a * a) * W1[j] * d2);
  const gW1 = a1.map((a) => a * d2);
  const gW0 = d1.map((d) => [x * d, y * d]);
  // Update (SGD, η = 0.1): w ← w − η ∂L/∂w.
  const eta = 0.1;
  const newW0 = W0.map((row, j) => row.map((w, i) => w - eta * gW0[j][i]));
  const newB0 = b0.map((b, j) => b - eta * d1[j]);
  const newW1 = W1.map((w, j) => w - eta * gW1[j]);
  const newB1 = b1 - eta * d2;
  const after1 = newW0.map(([wx, wy], j) => Math.tanh(wx * x + wy * y + newB0[j]));
  const lossAfter = 0.5 * (Math.tanh(newW1[0] * after1[0] + newW1[1] * after1[1] + newB1) - t) ** 2;

  // 1 Forward, hidden layer: every neuron's z and a, and the selected neuron's terms.
  for (let j = 0; j < 2; j++) {
    near(await shown(page, `z.0.${j}`), z1[j], `z of h1.${j + 1}`);
    near(await shown(page, `a.0.${j}`), a1[j], `a of h1.${j + 1}`);
  }
  near(await shown(page, 'w.0.0.1'), W0[0][1], 'the weight y → h1.1 in the formula');
  near(await shown(page, 'input.0'), x, 'x in the formula');
  await panelShot(page, 'stage-forward.png');

  // 1 Forward, output layer.
  await next(page);
  assert.equal(await stepOf(page), 'forward.1');
  near(await shown(page, 'z.1.0'), z2, 'z of out');
  near(await shown(page, 'a.1.0'), a2, 'a of out');

  // 2 Error.
  await next(page);
  assert.equal(await stepOf(page), 'error.-1');
  near(await shown(page, 'prediction.0'), a2, 'prediction');
  near(await shown(page, 'target.0'), t, 'target');
  near(await shown(page, 'loss'), loss, 'loss');
  near(await shown(page, 'dLda.0'), dLda, '∂L/∂a');
  await panelShot(page, 'stage-error.png');

  // 3 Backward, output: δ, and the gradients of the links into it.
  await next(page);
  assert.equal(await stepOf(page), 'backward.1');
  near(await shown(page, 'delta.1.0'), d2, 'δ of out');
  for (let i = 0; i < 2; i++) near(await shown(page, `dw.1.0.${i}`), gW1[i], `∂L/∂w h1.${i + 1} → out`);
  near(await shown(page, 'db.1.0'), d2, '∂L/∂b of out');

  // 3 Backward, hidden layer: both δs, and each neuron's incoming gradients (click to select).
  await next(page);
  assert.equal(await stepOf(page), 'backward.0');
  for (let j = 0; j < 2; j++) near(await shown(page, `delta.0.${j}`), d1[j], `δ of h1.${j + 1}`);
  for (let j = 0; j < 2; j++) {
    await page.click(`.st-diagram [data-node="1.${j}"]`);
    for (let i = 0; i < 2; i++) near(await shown(page, `dw.0.${j}.${i}`), gW0[j][i], `∂L/∂w into h1.${j + 1} from input ${i}`);
    near(await shown(page, `db.0.${j}`), d1[j], `∂L/∂b of h1.${j + 1}`);
  }
  assert.equal(await stepOf(page), 'backward.0');
  await panelShot(page, 'stage-backward.png');

  // 4 Update: old values first, then "Apply update" really updates the network.
  await next(page);
  assert.equal(await stepOf(page), 'update.-1');
  near(await shown(page, 'wold.1.0.0'), W1[0], 'old weight h1.1 → out');
  assert.equal(await page.locator('.st-next').textContent(), 'Apply update →');
  await page.click('.st-next');
  traces = await traced(page, traces);
  for (let i = 0; i < 2; i++) near(await shown(page, `wnew.1.0.${i}`), newW1[i], `new weight h1.${i + 1} → out`);
  near(await shown(page, 'bnew.1.0'), newB1, 'new bias of out');
  for (let j = 0; j < 2; j++) {
    await page.click(`.st-diagram [data-node="1.${j}"]`);
    for (let i = 0; i < 2; i++) near(await shown(page, `wnew.0.${j}.${i}`), newW0[j][i], `new weight into h1.${j + 1} from input ${i}`);
    near(await shown(page, `bnew.0.${j}`), newB0[j], `new bias of h1.${j + 1}`);
  }
  near(await shown(page, 'loss-before'), loss, 'loss before the update');
  near(await shown(page, 'loss-after'), lossAfter, 'loss after the update');
  assert.match(await page.locator('.st-verdict').first().textContent(), lossAfter < loss ? /went down from/ : /went up from/);
  // The network itself holds the new weights.
  const parameters = await page.evaluate(async () => Array.from(await window.playground.session.parameters()));
  const expected = [...newW0.flat(), ...newB0, ...newW1, newB1];
  expected.forEach((v, k) => near(parameters[k], v, `engine parameter ${k}`));
  await panelShot(page, 'stage-update.png');

  // Back does not undo: the applied-update note shows, the engine keeps the new weights.
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('.st').dataset.step === 'backward.0');
  assert.equal(await page.locator('.st-applied').isVisible(), true);
  const still = await page.evaluate(async () => Array.from(await window.playground.session.parameters()));
  assert.deepEqual(still, parameters);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('2-3-2-1: the chain rule adds up to the engine gradient for every weight', async () => {
  const page = await browser.page(`${server.url}${BASE}&networkShape=3,2&learningRate=0.03&seed=4&mode=step`);
  await ready(page);
  await traced(page);
  const widths = [2, 3, 2, 1];
  // The engine's own gradient views after the trace: this example's ∂L/∂W per layer.
  const engine = await page.evaluate(async (n) => {
    const out = [];
    for (let l = 0; l < n; l++) out.push(Array.from(await window.playground.session.weightGradients(l)));
    return out;
  }, widths.length - 1);
  let checked = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    for (let j = 0; j < widths[l + 1]; j++) {
      for (let i = 0; i < widths[l]; i++) {
        await page.selectOption('.st-chain select', `${l}.${j}.${i}`);
        const read = (key) => page.locator(`.st-chain [data-key="${key}"]`).getAttribute('data-value').then(Number);
        await page.locator(`.st-chain select`).evaluate((s, v) => s.value === v, `${l}.${j}.${i}`);
        const sum = await read('chain-sum');
        const reported = await read('chain-engine');
        const g = engine[l][j * widths[l] + i];
        near(reported, g, `the panel's engine gradient for layer ${l} w${j}${i}`, 1e-9);
        near(sum, g, `chain-rule sum for layer ${l} w${j}${i}`);
        const paths = await page.locator('.st-chain .st-path').count();
        assert.equal(paths, l === 0 ? 2 : 1, `paths for layer ${l}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 6 + 6 + 2);

  // A click on a link (a quarter of the way along, away from crossings) picks it too.
  await page.locator('.st-diagram').scrollIntoViewIfNeeded();
  const point = await page.evaluate(() => {
    const hit = document.querySelector('.st-diagram [data-link="0.2.1"]');
    const p = hit.getPointAtLength(hit.getTotalLength() * 0.25);
    const m = hit.getScreenCTM();
    return { x: p.x * m.a + m.e, y: p.y * m.d + m.f };
  });
  await page.mouse.click(point.x, point.y);
  assert.equal(await page.locator('.st-chain select').inputValue(), '0.2.1');
  await page.locator('.st-chain').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.locator('.st-lower').screenshot({ path: join(artifacts, 'chain-rule.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the gradient check agrees with backprop on a tanh network (all weights, and one)', async () => {
  const page = await browser.page(`${server.url}${BASE}&networkShape=4,2&learningRate=0.03&seed=3&mode=step`);
  await ready(page);
  await traced(page);
  await page.selectOption('.st-chain select', '1.1.3');
  await page.getByRole('button', { name: 'Check all weights' }).click();
  await page.waitForFunction(() => document.querySelector('.st-check [data-key="check-worst"]'), null, { timeout: 30_000 });
  const worst = Number(await page.locator('.st-check [data-key="check-worst"]').getAttribute('data-value'));
  assert.ok(worst < 1e-3, `worst relative difference ${worst}`);
  const rows = await page.locator('.st-check-table tbody tr').count();
  assert.equal(rows, 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1, 'one row per parameter');
  await page.waitForTimeout(200);
  await page.locator('.st-lower').screenshot({ path: join(artifacts, 'gradient-check.png') });

  await page.getByRole('button', { name: /Check this gradient/ }).click();
  await page.waitForFunction(() => document.querySelector('.st-check [data-key="check-relative"]'));
  const one = Number(await page.locator('.st-check [data-key="check-relative"]').first().getAttribute('data-value'));
  assert.ok(one < 1e-3, `relative difference ${one}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('picking: a click on a training point of the output plot chooses it; the mode button leaves and enters', async () => {
  const page = await browser.page(`${server.url}${BASE}&networkShape=2&mode=step`);
  await ready(page);
  let traces = await traced(page);
  // Example 5's place, read from the bar, then back to example 0 and a click there.
  for (let k = 0; k < 5; k++) {
    await page.getByRole('button', { name: 'Next example', exact: true }).click();
    traces = await traced(page, traces);
  }
  const [x, y] = await page.locator('.st-example').evaluate((e) => [Number(e.dataset.x), Number(e.dataset.y)]);
  await page.getByRole('button', { name: 'Previous example' }).click();
  traces = await traced(page, traces);
  const box = await page.locator('.output-overlay').boundingBox();
  await page.mouse.click(box.x + ((x + 6) / 12) * box.width, box.y + ((6 - y) / 12) * box.height);
  traces = await traced(page, traces);
  assert.equal(await page.locator('.st-example').getAttribute('data-index'), '5');

  // → and ← walk the steps.
  await page.locator('.st-next').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.st').dataset.step === 'forward.1');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('.st').dataset.step === 'forward.0');

  await page.getByRole('button', { name: 'Back to training' }).click();
  assert.equal((await page.evaluate(() => window.playground.getState())).mode, 'train');
  assert.match(page.url(), /mode=train/);
  assert.equal(await page.locator('.st-body').isVisible(), false);
  await page.getByRole('button', { name: 'Step through backprop' }).click();
  assert.match(page.url(), /mode=step/);
  await traced(page, traces);
  assert.deepEqual(page.errors, []);
  await page.close();
});
