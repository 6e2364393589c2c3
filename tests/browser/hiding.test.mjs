// Hidden means hidden: a control named by `<name>_hide=true` (or an element's hide=) is not
// drawn, not in the tab order, and the layout closes up where it was; TensorFlow Playground's
// hide keys and hideText work as there; a notice about a condition goes when the condition does;
// the features' hint says what clicking does; the URL writes init, never initZero.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

/** Every visible, enabled element the Tab key stops at, by its accessible name (roughly). */
function tabStops(page) {
  return page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ checkVisibilityCSS: true }))
    .map((el) => (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.title || el.localName)
      .replace(/\s+/g, ' ').trim()));
}

/** Loads a configuration into the open page and waits until it is drawn. */
async function load(page, hash) {
  const problems = await page.evaluate((h) => window.playground.load(h), hash);
  await drawn(page);
  return problems;
}

/** Features drawn in the network's first column: name and top (px), top to bottom. */
function drawnFeatures(page) {
  return page.evaluate(() => [...document.querySelectorAll('.nn-feature')]
    .filter((node) => node.checkVisibility())
    .map((node) => ({ name: node.getAttribute('aria-label'), top: Math.round(node.getBoundingClientRect().top) })));
}

// Each hideable control and the tab stops that must go with it (matched from the start of the name).
const CONTROLS = [
  ['playButton', ['Play']], ['stepButton', ['Train one epoch']], ['resetButton', ['Reset the network']],
  ['learningRate', ['Learning rate']], ['activation', ['ActivationReLU', 'Activation of layer 1', 'Activation of layer 2']],
  ['layerActivations', ['Activation of layer 1']], ['regularization', ['RegularizationNone']],
  ['regularizationRate', ['Regularization rate']], ['problem', ['Problem type']], ['optimizer', ['Optimizer']],
  ['init', ['Initialization']], ['initZero', ['Initialization']], ['loss', ['Loss']],
  ['seed', ['Seed', 'New random seed', 'Regenerate']], ['speed', ['Speed']], ['theme', ['Theme']],
  ['palette', ['Colour-blind palette']], ['shareButton', ['Share…', 'Open a saved setup…']], ['dataset', ['Circle']],
  ['percTrainData', ['Ratio of training to test data']], ['noise', ['Noise']], ['batchSize', ['Batch size']],
  ['numHiddenLayers', ['Remove the last hidden layer', 'Add a hidden layer']],
  ['networkShape', ['Remove a neuron from layer 1', 'Add a neuron to layer 2', 'Add a hidden layer']],
  ['numNodes2', ['Remove a neuron from layer 2', 'Add a neuron to layer 2']], ['links', ['Weights', 'Gradients']],
  ['xSquared', ['Input feature x²']], ['sinY', ['Input feature sin y']], ['showTestData', ['Show test data']],
  ['discretize', ['Discretize output']], ['dataEditor', ['Edit points', 'Paste CSV…']], ['mode', ['Step through backprop']],
];

test('every hideable control: not drawn, not in the tab order, nothing else changes', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=2`);
  await ready(page);
  const all = await tabStops(page);
  for (const [name, gone] of CONTROLS) {
    assert.deepEqual(await load(page, `#seed=2&${name}_hide=true`), [], `${name}_hide=true is a known control`);
    const stops = await tabStops(page);
    for (const label of gone) {
      assert.ok(all.some((s) => s.startsWith(label)), `'${label}' is a tab stop on the full page`);
      assert.ok(!stops.some((s) => s.startsWith(label)), `${name}_hide=true: '${label}' is still a tab stop`);
    }
    assert.deepEqual(stops.filter((s) => !all.includes(s)), [], `${name}_hide=true adds no tab stop`);
    // A control bar group whose controls are all hidden takes no room either.
    const emptyGroups = await page.evaluate(() => [...document.querySelectorAll('.controls-group')]
      .filter((g) => g.checkVisibility() && ![...g.children].some((c) => c.checkVisibility())).length);
    assert.equal(emptyGroups, 0, `${name}_hide=true leaves no empty group in the bar`);
  }
  // One layer's neuron buttons (TensorFlow Playground's numNodes<n>) leave the other layer's.
  await load(page, '#seed=2&numNodes2_hide=true');
  assert.equal(await page.getByRole('button', { name: 'Add a neuron to layer 1' }).isVisible(), true);
  // Without hidden layers, the layer buttons are still there to add one.
  await load(page, '#seed=2&networkShape=');
  assert.equal(await page.getByRole('button', { name: 'Add a hidden layer' }).isVisible(), true);
  // Hiding all of a row's controls closes the row.
  await load(page, '#learningRate_hide=true&activation_hide=true&regularization_hide=true&regularizationRate_hide=true&problem_hide=true');
  assert.equal(await page.locator('.controls-main').isVisible(), false);
  // So does the network's toolbar without its layer buttons, count and links switch.
  await load(page, '#numHiddenLayers_hide=true&links_hide=true');
  assert.equal(await page.locator('.nn-toolbar').evaluate((el) => el.checkVisibility()), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("hidden features are not drawn and the column closes up (TensorFlow Playground's link)", async () => {
  const page = await env.browser.page(`${env.server.url}#seed=2`);
  await ready(page);
  const full = await drawnFeatures(page);
  assert.equal(full.length, 7);
  const pitch = full[1].top - full[0].top;
  const fullHeight = await page.locator('.nn-stage').evaluate((s) => s.getBoundingClientRect().height);

  await load(page, '#seed=2&xSquared_hide=true&ySquared_hide=true&sinX_hide=true&sinY_hide=true');
  const shown = await drawnFeatures(page);
  assert.deepEqual(shown.map((f) => f.name), ['Input feature x', 'Input feature y', 'Input feature x·y']);
  assert.equal(await page.locator('[data-feature="xSquared"], [data-feature="sinY"]').count(), 0, 'not in the DOM at all');
  shown.forEach((f, i) => assert.equal(f.top - shown[0].top, i * pitch, 'no gap where the hidden ones were'));
  const height = await page.locator('.nn-stage').evaluate((s) => s.getBoundingClientRect().height);
  // The tallest column is now the 4-neuron layer, not the 7 features: three rows shorter.
  assert.equal(height, fullHeight - 3 * pitch, `the network is shorter: ${height} px vs ${fullHeight} px`);
  // The links still join every drawn feature that is on: x and y, 2 × 4 links into layer 1.
  const links = await page.evaluate(() => window.playground.snapshot.parameters.length);
  assert.equal(links, 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1);

  // A hidden feature the network uses stays drawn, fixed as a locked one is: disabled, out of
  // the tab order, with the lock and its title.
  await load(page, '#seed=2&x_hide=true&sinX_hide=true');
  const names = (await drawnFeatures(page)).map((f) => f.name);
  assert.equal(names.length, 6);
  assert.equal(names[0], 'Input feature x');
  assert.ok(!names.some((n) => n.includes('sin x')));
  const x = page.getByRole('button', { name: 'Input feature x', exact: true });
  assert.equal(await x.isDisabled(), true);
  assert.equal(await x.getAttribute('aria-pressed'), 'true');
  assert.equal(await x.getAttribute('title'), 'Locked by this page');
  assert.equal(await x.locator('.lock-mark').count(), 1);
  assert.ok(!(await tabStops(page)).includes('Input feature x'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('<backprop-playground hide="xSquared,ySquared,sinX,sinY"> draws only the other features', async () => {
  const page = await env.browser.page(`${env.server.url}tutorial.html`);
  await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hide</title>
    <script type="module" src="./backprop-playground.js"></script></head><body>
    <backprop-playground id="a" config="#seed=2" panels="network" hide="xSquared,ySquared,sinX,sinY"></backprop-playground>
    </body></html>`);
  await page.waitForFunction(() => document.querySelectorAll('backprop-playground .nn-feature').length > 0, null, { timeout: 20_000 });
  assert.deepEqual((await drawnFeatures(page)).map((f) => f.name), ['Input feature x', 'Input feature y', 'Input feature x·y']);
  await page.close();
});

test('hideText=true and numHiddenLayers_hide=true: no header, footer or hints; no layer buttons or count', async () => {
  const hash = '#xSquared_hide=true&ySquared_hide=true&sinX_hide=true&sinY_hide=true&numHiddenLayers_hide=true&hideText=true';
  for (const [width, height, tag] of [[1400, 900, 'desktop'], [390, 844, 'phone']]) {
    for (const theme of ['light', 'dark']) {
      const page = await env.browser.page(`${env.server.url}${hash}&theme=${theme}`, { width, height });
      await ready(page);
      assert.equal(await page.locator('#notice').isVisible(), false, 'no notice: every key is known');
      assert.equal(await page.locator('.site-header').isVisible(), false);
      assert.equal(await page.locator('.site-footer').isVisible(), false);
      assert.equal(await page.getByText('Click to turn on or off').isVisible(), false);
      assert.equal(await page.locator('.nn-layer-count').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: 'Add a hidden layer' }).isVisible(), false);
      assert.equal(await page.getByRole('button', { name: 'Add a neuron to layer 1' }).isVisible(), true, 'the neuron buttons stay');
      await page.screenshot({ path: join(artifacts, `hiding-${tag}-${theme}.png`), fullPage: true });
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  }
});

test('a notice about a condition goes when the condition does', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=2`);
  await ready(page);
  const notice = page.locator('#notice');
  const feature = (label) => page.getByRole('button', { name: `Input feature ${label}`, exact: true });
  await feature('x').click();
  await feature('y').click(); // the last one: refused
  assert.match(await notice.textContent(), /at least one input feature/);
  assert.equal(await notice.isVisible(), true);
  await feature('x²').click(); // another one is on: the notice has nothing more to say
  await page.waitForFunction(() => document.getElementById('notice').hidden);
  await feature('y').click();
  assert.equal(await notice.isVisible(), false, 'and turning y off now works without one');
  assert.equal(await feature('y').getAttribute('aria-pressed'), 'false');

  // A refusal for a lock lasts while the lock does. (A locked control is disabled; enabled by
  // force here, its change goes through the same dispatcher every control uses.)
  await load(page, '#seed=2&x_lock=true&learningRate_lock=true');
  await page.getByRole('combobox', { name: 'Learning rate' }).evaluate((select) => {
    select.disabled = false;
    select.value = '0.1';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.match(await notice.textContent(), /'learningRate' is locked/);
  await page.evaluate(() => window.playground.store.dispatch({ locked: ['x'] }, { force: true }));
  await page.waitForFunction(() => document.getElementById('notice').hidden);

  // A failure of this session (damaged weights in the link) lasts until a new network is built.
  await load(page, '#seed=2&weights=AAAA');
  await page.waitForFunction(() => /initial weights instead/.test(document.getElementById('notice').textContent));
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  assert.equal(await notice.isVisible(), true, 'the theme is not the network: the notice stays');
  await page.getByRole('button', { name: 'Add a neuron to layer 1' }).click();
  await page.waitForFunction(() => document.getElementById('notice').hidden);

  // Loading another configuration clears what was said about the last one.
  await load(page, '#seed=2&bogus=1');
  assert.match(await notice.textContent(), /bogus/);
  await load(page, '#seed=3');
  assert.equal(await notice.isVisible(), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the features hint: gone when none can be switched, and says so when some cannot', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=2`);
  await ready(page);
  const hint = page.locator('.nn-header-features .nn-explain');
  assert.equal(await hint.textContent(), 'Click to turn on or off');
  await load(page, '#seed=2&x_lock=true&y_lock=true');
  assert.equal(await hint.textContent(), 'Click unlocked ones to turn on or off');
  const all = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'].map((f) => `${f}_lock=true`).join('&');
  await load(page, `#seed=2&${all}`);
  assert.equal(await hint.count(), 0, 'every feature locked: no hint to click');
  // Hidden ones are not drawn; the two drawn, both locked: no hint either.
  await load(page, '#seed=2&x_lock=true&y_lock=true&xSquared_hide=true&ySquared_hide=true&xTimesY_hide=true&sinX_hide=true&sinY_hide=true');
  assert.equal((await drawnFeatures(page)).length, 2);
  assert.equal(await hint.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('TensorFlow Playground seeds load; the URL writes init, never initZero', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=hello&initZero=true`);
  await ready(page);
  assert.equal(await page.locator('#notice').isVisible(), false);
  const state = await page.evaluate(() => window.playground.getState());
  assert.ok(Number.isInteger(state.seed));
  assert.equal(state.init, 'zero');
  assert.equal(await page.getByRole('textbox', { name: 'Seed' }).inputValue(), String(state.seed));
  const hash = new URL(page.url()).hash;
  assert.match(hash, /&init=zero(&|$)/);
  assert.doesNotMatch(hash, /initZero/);
  await page.getByRole('combobox', { name: 'Initialization' }).selectOption('he');
  assert.match(new URL(page.url()).hash, /&init=he(&|$)/);
  assert.doesNotMatch(new URL(page.url()).hash, /initZero/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
