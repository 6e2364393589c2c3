// The control bar and the network view in Chromium, operated as a user would (select, click,
// type, keyboard): every control changes the state and the link, the keyboard reaches all of
// them, a weight can be edited, a diverging run never prints NaN, and the page fits a phone.
// Locators are by role and accessible name only, so a control that loses its label fails here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { chromium } from 'playwright-core';

import { artifacts, drawn, launch, ready, useBrowser } from './harness.mjs';

// The built page on a local server and a fresh Chromium, shared by this file's tests.
const env = useBrowser();

const getState = (page) => page.evaluate(() => window.playground.getState());

/** The keys whose values differ between two states. */
function changedKeys(before, after) {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/** The URL's hash holds exactly `key=value` (the value as toHash writes it: lists comma-joined, encoded). */
function assertInHash(page, key, value) {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const part = `${key}=${encodeURIComponent(text)}`;
  const parts = new URL(page.url()).hash.slice(1).split('&');
  assert.ok(parts.includes(part), `the URL holds ${part}; it is ${page.url()}`);
}

/**
 * Runs `act`, then checks that the state changed in exactly `expected` (key → value; other keys
 * may be listed in `alsoChanged`) and that the URL says so.
 */
async function expectChange(page, expected, act, alsoChanged = []) {
  const before = await getState(page);
  await act();
  const after = await getState(page);
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(after[key], value, `state.${key}`);
    assertInHash(page, key, value);
  }
  assert.deepEqual(changedKeys(before, after), [...Object.keys(expected), ...alsoChanged].sort(), 'nothing else changed');
  // Views draw on the next animation frame: let two pass before reading what they show.
  await drawn(page);
}

test('every control in the bar changes the state and the link', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const select = (name, value) => () => page.getByRole('combobox', { name, exact: true }).selectOption(value);

  await expectChange(page, { learningRate: 0.1 }, select('Learning rate', '0.1'));
  await expectChange(page, { activation: 'relu' }, select('Activation', 'relu'));
  await expectChange(page, { regularization: 'L2' }, select('Regularization', 'L2'));
  await expectChange(page, { regularizationRate: 0.01 }, select('Regularization rate', '0.01'));
  await expectChange(page, { optimizer: 'adam' }, select('Optimizer', 'adam'));
  await expectChange(page, { init: 'he' }, select('Initialization', 'he'));
  await expectChange(page, { loss: 'cross-entropy' }, select('Loss', 'cross-entropy'));
  await expectChange(page, { speed: 3 }, select('Speed (epochs/frame)', '3'));

  // The seed: typed and applied with Enter.
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await expectChange(page, { seed: 42 }, async () => {
    await seed.fill('42');
    await seed.press('Enter');
  });
  // A bad seed is named in a message and changes nothing, not even the link.
  const url = page.url();
  const before = await getState(page);
  await seed.fill('12abc');
  await seed.press('Enter');
  const message = page.getByRole('alert').filter({ hasText: 'not a whole number' });
  assert.equal(await message.isVisible(), true, 'a message names the bad seed');
  assert.equal(await seed.getAttribute('aria-invalid'), 'true');
  assert.equal((await seed.getAttribute('aria-describedby'))?.length > 0, true, 'the message is tied to the field');
  assert.deepEqual(await getState(page), before);
  assert.equal(page.url(), url);
  await seed.fill('-3');
  await seed.press('Enter');
  assert.equal(await page.getByRole('alert').filter({ hasText: 'negative' }).isVisible(), true);
  assert.deepEqual(await getState(page), before);
  // Escape restores the applied seed and clears the message.
  await seed.press('Escape');
  assert.equal(await seed.inputValue(), '42');
  assert.equal(await message.isVisible(), false);

  // The theme is a select (Auto follows the system's dark mode; tests/browser/theme.test.mjs).
  await expectChange(page, { theme: 'dark' }, select('Theme', 'dark'));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const palette = page.getByRole('switch', { name: 'Colour-blind palette' });
  await expectChange(page, { palette: 'colorblind' }, () => palette.click());
  assert.equal(await palette.getAttribute('aria-checked'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.palette), 'colorblind');

  // Regression: the loss select shows MSE, disabled; the data sets become the regression ones.
  await expectChange(page, { problem: 'regression' }, select('Problem type', 'regression'));
  const loss = page.getByRole('combobox', { name: 'Loss', exact: true });
  assert.equal(await loss.isDisabled(), true);
  assert.equal(await loss.inputValue(), 'mse');
  assert.equal(await page.getByRole('radio', { name: /^Plane/ }).isVisible(), true);

  // The page now trains with all of it (no error from any combination above).
  await page.evaluate(() => window.playground.step(25));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), 25);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the network view: layers, neurons, per-layer activations and features change the state and the link', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const button = (name) => page.getByRole('button', { name, exact: true });

  await expectChange(page, { networkShape: [4, 2, 2] }, () => button('Add a hidden layer').click());
  assert.match(await page.getByText(/^\d+ hidden layers?$/).textContent(), /^3 hidden layers$/);
  await expectChange(page, { networkShape: [4, 2] }, () => button('Remove the last hidden layer').click());
  await expectChange(page, { networkShape: [5, 2] }, () => button('Add a neuron to layer 1').click());
  await expectChange(page, { networkShape: [5, 1] }, () => button('Remove a neuron from layer 2').click());
  assert.equal(await button('Remove a neuron from layer 2').isDisabled(), true, 'a layer keeps at least one neuron');
  // Every neuron the state asks for is drawn.
  assert.equal(await page.getByRole('img', { name: /^Layer 1, neuron \d+/ }).count(), 5);

  await expectChange(page, { layerActivations: ['relu', 'tanh'] },
    () => page.getByRole('combobox', { name: 'Activation of layer 1' }).selectOption('relu'));
  assert.equal(await page.getByRole('combobox', { name: 'Activation', exact: true }).inputValue(), 'per-layer',
    'the bar does not claim one activation for a mixed network');
  assert.equal(await page.getByRole('img', { name: 'Layer 1, neuron 1 (relu)' }).count(), 1);

  const feature = (label) => page.getByRole('button', { name: `Input feature ${label}`, exact: true });
  await expectChange(page, { xSquared: true }, () => feature('x²').click());
  assert.equal(await feature('x²').getAttribute('aria-pressed'), 'true');
  await expectChange(page, { xSquared: false }, () => feature('x²').click());
  await expectChange(page, { x: false }, () => feature('x').click());
  assert.equal(await feature('x').getAttribute('aria-pressed'), 'false');

  // y is the last feature on: turning it off is refused, with a message, and nothing changes.
  const url = page.url();
  const before = await getState(page);
  await feature('y').click();
  assert.deepEqual(await getState(page), before);
  assert.equal(page.url(), url);
  assert.equal(await feature('y').getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator('#notice').textContent(), /at least one input feature/);
  assert.equal(await page.locator('#notice').isVisible(), true);

  // The session follows: one input, 5 then 1 hidden units, one output.
  await page.waitForFunction(() => window.playground.snapshot.parameters.length === 1 * 5 + 5 + 5 * 1 + 1 + 1 * 1 + 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Index into [W0 b0 W1 b1 ...] of a weight named "Weight from <source> to <target>" (the view's names). */
function weightIndex(name, features, hidden) {
  const widths = [features.length, ...hidden, 1];
  const m = /^Weight from (.+) to (.+)$/.exec(name);
  assert.ok(m, `a weight's name: ${name}`);
  const unitOf = (text) => {
    if (text === 'the output') return { layer: hidden.length + 1, unit: 0 };
    const n = /^layer (\d+), neuron (\d+)$/.exec(text);
    if (n) return { layer: Number(n[1]), unit: Number(n[2]) - 1 };
    return { layer: 0, unit: features.indexOf(text) };
  };
  const source = unitOf(m[1]);
  const target = unitOf(m[2]);
  assert.equal(target.layer, source.layer + 1, name);
  let at = 0;
  for (let l = 0; l < source.layer; l++) at += widths[l + 1] * widths[l] + widths[l + 1];
  return at + target.unit * widths[source.layer] + source.unit; // W_l is (out, in) row-major
}

test('a weight can be read and set by pointer and by keyboard', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const params = () => page.evaluate(() => Array.from(window.playground.snapshot.parameters));

  // By pointer: hover shows the value, a click opens the editor, 1.5 + Enter sets it.
  const name = 'Weight from layer 1, neuron 4 to layer 2, neuron 2';
  const index = weightIndex(name, ['x', 'y'], [4, 2]);
  assert.equal(index, 19);
  const link = page.getByRole('button', { name, exact: true });
  await link.hover();
  const tooltip = page.locator('.nn-tooltip');
  await tooltip.waitFor({ state: 'visible' });
  const original = await params();
  assert.equal(await tooltip.textContent(), `${name}: ${original[index].toFixed(3)}`);
  await link.click();
  const editor = page.getByRole('textbox', { name });
  assert.equal(await editor.isVisible(), true, 'the editor is labelled with the weight it edits');
  await editor.fill('1.5');
  await editor.press('Enter');
  await page.waitForFunction((i) => window.playground.snapshot.parameters[i] === 1.5, index);
  const edited = await params();
  assert.deepEqual(edited.map((v, i) => (i === index ? original[i] : v)), original, 'only that one changed');
  await expectFocus(page, name, 'focus returns to the link');

  // A value out of range or not a number is refused in the editor, with a message.
  await page.keyboard.press('Enter');
  await editor.fill('1e9');
  await editor.press('Enter');
  assert.match(await page.getByRole('alert').filter({ hasText: 'Enter a number' }).textContent(), /-1000 to 1000/);
  await editor.fill('abc');
  await editor.press('Enter');
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');
  await editor.press('Escape');
  assert.equal((await params())[index], 1.5, 'a refused value changes nothing');

  // By keyboard: a neuron is one Tab stop; Enter steps into its bias and incoming weights.
  await page.getByRole('img', { name: 'Layer 2, neuron 1 (tanh)' }).focus();
  await page.keyboard.press('Enter');
  await expectFocus(page, 'Bias of layer 2, neuron 1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = 'Weight from layer 1, neuron 2 to layer 2, neuron 1';
  await expectFocus(page, second);
  await page.keyboard.press('Enter');
  await page.keyboard.type('-0.75');
  await page.keyboard.press('Enter');
  const other = weightIndex(second, ['x', 'y'], [4, 2]);
  await page.waitForFunction((i) => window.playground.snapshot.parameters[i] === -0.75, other);
  assert.equal((await params())[index], 1.5, 'the first edit stays');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** The focused element's accessible name starts with `name` (focus adds the value to a link's name). */
async function expectFocus(page, name, message = `focus on ${name}`) {
  const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  assert.ok(label.startsWith(name), `${message} (focused: ${label})`);
}

test('Tab reaches every control, and Space on Play toggles training', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  // One Tab at a time from the top, recording each focused element's role and accessible name
  // (Playwright's ARIA snapshot computes the name as assistive technology does).
  const seen = [];
  const unmarked = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    // In the page, and with a visible focus mark (an outline or a ring drawn as a box shadow).
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      return { marked: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none' };
    });
    if (!focus) break;
    const line = (await page.locator('*:focus').ariaSnapshot({ timeout: 2000 })).split('\n')[0];
    if (seen.includes(line)) break;
    seen.push(line);
    if (!focus.marked) unmarked.push(line);
  }
  const expected = [
    'button "Reset the network"', 'button "Play"', 'button "Train one epoch"',
    'combobox "Learning rate"', 'combobox "Activation"', 'combobox "Regularization"', 'combobox "Regularization rate"',
    'combobox "Problem type"', 'combobox "Optimizer"', 'combobox "Initialization"', 'combobox "Loss"', 'textbox "Seed"',
    'button "New random seed"', 'combobox "Speed (epochs/frame)"', 'combobox "Theme"', 'switch "Colour-blind palette"',
    'radio "Circle"', 'slider "Ratio of training to test data"', 'slider "Noise"', 'slider "Batch size"', 'button "Regenerate"',
    'button "Remove the last hidden layer"', 'button "Add a hidden layer"',
    ...['x', 'y', 'x²', 'y²', 'x·y', 'sin x', 'sin y'].map((f) => `button "Input feature ${f}"`),
    'button "Remove a neuron from layer 1"', 'button "Add a neuron to layer 1"', 'combobox "Activation of layer 1"',
    'button "Remove a neuron from layer 2"', 'button "Add a neuron to layer 2"', 'combobox "Activation of layer 2"',
    'img "Layer 1, neuron 1 (tanh)"', // the neurons: one stop (roving focus), the way into weights and biases
    'checkbox "Show test data"', 'checkbox "Discretize output"', 'button "Edit points"', 'button "Paste CSV…"',
  ];
  const missing = expected.filter((e) => !seen.some((line) => line.startsWith(`- ${e}`)));
  assert.deepEqual(missing, [], `reached by Tab:\n${seen.join('\n')}`);
  assert.deepEqual(unmarked, [], 'every focused control shows its focus');

  // From the top of the page (a click on the title), a few Tabs reach Play; Space plays and
  // pauses (the button's own Space).
  await page.getByRole('heading', { name: 'Backprop Playground' }).click();
  for (let i = 0; i < 6 && !(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Play')); i++) {
    await page.keyboard.press('Tab');
  }
  await expectFocus(page, 'Play');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.playground.playing === true);
  await page.waitForFunction(() => window.playground.snapshot.metrics.epoch >= 2);
  await expectFocus(page, 'Pause', 'the button now says what a press does');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.playground.playing === false);
  // The button toggles by what it last showed: wait for it to say Play (a user would), as a
  // second Space within the same animation frame as the pause would be lost.
  const label = (name) => page.getByRole('button', { name, exact: true });
  await label('Play').waitFor();
  // Space with nothing focused is the page's play shortcut; it never scrolls the page.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.playground.playing === true);
  await label('Pause').waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.playground.playing === false);
  // A focused select takes the arrow keys: the next rate, and no toggling.
  await page.getByRole('combobox', { name: 'Learning rate' }).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal((await getState(page)).learningRate, 0.1, 'ArrowDown on a select picks the next rate');
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Space twice before the next frame plays and pauses again', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  // Both key presses reach the page before its next animation frame (as when the main thread is busy).
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
  });
  await drawn(page);
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'play, then pause');
  await page.evaluate(() => window.playground.pause());
  await page.close();
});

test('a diverging run says so and never shows NaN or Infinity', async () => {
  const page = await env.browser.page(`${env.server.url}#learningRate=10&activation=relu&networkShape=8,8&problem=regression`);
  await ready(page);
  for (let i = 0; i < 6 && !(await page.evaluate(() => window.playground.snapshot.metrics.diverged)); i++) {
    await page.evaluate(() => window.playground.step(100));
  }
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.diverged), true, 'lr 10 with ReLU diverges');
  const message = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  await message.waitFor({ state: 'visible' });
  // Focus a link so its tooltip (with the value) is on screen too.
  await page.getByRole('button', { name: 'Weight from layer 1, neuron 1 to layer 2, neuron 1', exact: true }).focus();
  await page.locator('.nn-tooltip').waitFor({ state: 'visible' });
  await drawn(page);
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /NaN|Infinity/);
  // Play refuses to run on (the engine keeps the last finite weights until reset).
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.playground.playing === false);
  await page.getByRole('button', { name: 'Reset the network' }).click();
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 0 && !window.playground.snapshot.metrics.diverged);
  // The message goes with the next drawing after the reset's frame.
  await message.waitFor({ state: 'hidden', timeout: 5_000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Trains the default page 100 epochs (25 steps each), then waits for the drawing of it. */
async function train(page) {
  for (let i = 0; i < 10; i++) await page.evaluate(() => window.playground.step(250));
  await drawn(page);
}

test('screenshots of the trained page: desktop, light and dark', async () => {
  for (const theme of ['light', 'dark']) {
    const page = await env.browser.page(`${env.server.url}#theme=${theme}`);
    await ready(page);
    await train(page);
    assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.epoch), 100);
    await page.screenshot({ path: join(artifacts, `desktop-${theme}.png`), fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1400, 'no horizontal overflow');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('on a phone (390 px, touch) the page fits, Play is tappable; screenshots light and dark', async () => {
  // A touch context of its own: the harness's context has no touch.
  const phone = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const context = await phone.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    for (const theme of ['light', 'dark']) {
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${env.server.url}#theme=${theme}`);
      await ready(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no page-level horizontal overflow at 390 px (scrollWidth ${width})`);
      const play = page.getByRole('button', { name: 'Play', exact: true });
      assert.equal(await play.isVisible(), true);
      const box = await play.boundingBox();
      assert.ok(box.width >= 44 && box.height >= 44, `Play is a finger-sized target (${box.width}×${box.height})`);
      await play.tap();
      await page.waitForFunction(() => window.playground.playing && window.playground.snapshot.metrics.epoch >= 3);
      await page.getByRole('button', { name: 'Pause', exact: true }).tap();
      await page.waitForFunction(() => !window.playground.playing);
      await train(page);
      await page.screenshot({ path: join(artifacts, `phone-${theme}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await phone.close();
  }
});
