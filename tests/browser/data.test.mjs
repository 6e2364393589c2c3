// The data in Chromium, operated as a user would: the data panel's thumbnails and sliders change
// the state and the link; points added, dragged and removed on the output square become the
// training data; pasted CSV replaces it, or with any error changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, useBrowser } from './harness.mjs';

// The built page on a local server and a fresh Chromium, shared by this file's tests.
const env = useBrowser();

const DOMAIN = 6;
const getState = (page) => page.evaluate(() => window.playground.getState());

function changedKeys(before, after) {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/** The URL's hash holds exactly `key=value` (as toHash writes it). */
function assertInHash(page, key, text) {
  const part = `${key}=${encodeURIComponent(text)}`;
  const parts = new URL(page.url()).hash.slice(1).split('&');
  assert.ok(parts.includes(part), `the URL holds ${part}; it is ${page.url()}`);
}

/** Runs `act`; the state then differs in exactly the keys of `expected`, with those values, and the URL says so. */
async function expectChange(page, expected, act) {
  const before = await getState(page);
  await act();
  const after = await getState(page);
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(after[key], value, `state.${key}`);
    assertInHash(page, key, String(value));
  }
  assert.deepEqual(changedKeys(before, after), Object.keys(expected).sort(), 'nothing else changed');
  // Views draw on the next animation frame: let two pass before reading what they show.
  await drawn(page);
}

test('the data panel: every thumbnail, the sliders and Regenerate change the state and the link', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const radio = (name) => page.getByRole('radio', { name, exact: true });

  // Each classification data set by a click; the chosen one is checked (and is the group's Tab stop).
  const names = { xor: 'XOR (exclusive or)', gauss: 'Gaussian (two clusters)', spiral: 'Spiral',
    moons: 'Moons (two half circles)', checkerboard: 'Checkers (checkerboard)', circle: 'Circle' };
  for (const [dataset, name] of Object.entries(names)) {
    await expectChange(page, { dataset }, () => radio(name).click());
    assert.equal(await radio(name).getAttribute('aria-checked'), 'true');
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 1);
  }
  // And by keyboard: the arrows move and choose, as in any radio group. (One key per frame: see
  // the todo test below for keys faster than that.)
  await radio('Circle').focus();
  const key = (name) => async () => {
    await page.keyboard.press(name);
    await drawn(page);
  };
  await expectChange(page, { dataset: 'xor' }, key('ArrowRight'));
  await expectChange(page, { dataset: 'circle' }, key('ArrowLeft'));
  // End: the last choice, the penguins (a real data set is offered under every problem: choosing it chooses its problem
  // and its network); ArrowLeft from there: the digits.
  await key('End')();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Penguins (344 birds, 4 measurements, 3 species)');
  const penguins = await getState(page);
  assert.deepEqual([penguins.dataset, penguins.problem, penguins.networkShape, penguins.init], ['penguins', 'multiclass', [8], 'glorot']);
  await key('ArrowLeft')();
  await page.waitForFunction(() => window.playground.getState().dataset === 'digits');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Digits (1,797 handwritten digits, 8 by 8 pixels)');
  const digits = await getState(page);
  assert.deepEqual([digits.dataset, digits.problem, digits.networkShape, digits.init], ['digits', 'multiclass', [32], 'glorot']);
  await page.evaluate(() => window.playground.load(''));
  await drawn(page);

  // Sliders: the ratio and the batch size by keyboard, the noise by a click at the end of its track.
  const slider = (name) => page.getByRole('slider', { name, exact: true });
  await slider('Ratio of training to test data').focus();
  await expectChange(page, { percTrainData: 60 }, () => page.keyboard.press('ArrowRight'));
  assert.equal(await slider('Ratio of training to test data').getAttribute('aria-valuetext'), '60%');
  const noise = await slider('Noise').boundingBox();
  await expectChange(page, { noise: 50 }, () => page.mouse.click(noise.x + noise.width - 2, noise.y + noise.height / 2));
  await slider('Batch size').focus();
  await expectChange(page, { batchSize: 9 }, () => page.keyboard.press('ArrowLeft'));

  // Regenerate: a new seed (new points, new weights), nothing else.
  const { seed } = await getState(page);
  await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
  const after = await getState(page);
  assert.notEqual(after.seed, seed);
  assertInHash(page, 'seed', String(after.seed));
  assert.equal(await page.getByRole('textbox', { name: 'Seed' }).inputValue(), String(after.seed), 'the seed field shows it');

  // Regression shows its own data sets; a click picks one.
  await page.getByRole('combobox', { name: 'Problem type' }).selectOption('regression');
  assert.equal(await radio('Circle').isVisible(), false);
  assert.equal(await page.getByRole('radio', { name: /^Plane/ }).getAttribute('aria-checked'), 'true');
  await expectChange(page, { regDataset: 'reg-gauss' }, () => page.getByRole('radio', { name: /^Bumps/ }).click());

  // The page trains on what was chosen: noise 50, 60 % of the points for training.
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 0);
  await page.evaluate(() => window.playground.step(20));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), 20);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Right then Left on the data set picker within one frame comes back to circle', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await page.getByRole('radio', { name: 'Circle', exact: true }).focus();
  // Both keys reach the page before its next animation frame (as when the main thread is busy).
  await page.evaluate(() => {
    for (const key of ['ArrowRight', 'ArrowLeft']) {
      document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }
  });
  await drawn(page);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Circle');
  assert.equal((await getState(page)).dataset, 'circle', 'the focused (last chosen) data set is the one used');
  await page.close();
});

/** Page pixel of data point (x, y) on the output square, and back. */
async function square(page) {
  const box = await page.getByRole('application', { name: /Point editor/ }).boundingBox();
  assert.ok(box && box.width > 100, 'the output square is on screen');
  return {
    toPage: (x, y) => ({ x: box.x + ((x + DOMAIN) / (2 * DOMAIN)) * box.width, y: box.y + ((DOMAIN - y) / (2 * DOMAIN)) * box.height }),
    toData: (px, py) => ({ x: ((px - box.x) / box.width) * 2 * DOMAIN - DOMAIN, y: DOMAIN - ((py - box.y) / box.height) * 2 * DOMAIN }),
  };
}

function triples(flat) {
  const out = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push(flat.slice(i, i + 3));
  return out;
}

function near(point, x, y, tolerance = 0.1) {
  return Math.abs(point[0] - x) <= tolerance && Math.abs(point[1] - y) <= tolerance;
}

/** The output square's description when not editing names the session's training points. */
async function trainingCount(page) {
  const label = await page.getByRole('img', { name: /^Output of the network/ }).getAttribute('aria-label');
  const m = /(\d+) training points?/.exec(label);
  assert.ok(m, label);
  return Number(m[1]);
}

test('points added, dragged and removed on the output square become the training data', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  assert.equal(await trainingCount(page), 250);

  // "Edit points" starts from a copy of the circle's 500 points (training and test).
  await page.getByRole('button', { name: 'Edit points' }).click();
  assert.equal(await page.getByRole('button', { name: 'Edit points' }).getAttribute('aria-pressed'), 'true');
  const start = await getState(page);
  assert.equal(start.dataset, 'custom');
  assert.equal(start.points.length, 3 * 500);
  assert.equal(await page.getByRole('radio', { name: 'Your own points' }).getAttribute('aria-checked'), 'true');
  assert.equal(await page.getByRole('slider', { name: 'Noise' }).isDisabled(), true, 'noise does not apply to own points');
  await page.evaluate(() => window.playground.step(25));
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 25);

  // Three clicks in the corners (the circle's points are all within radius 5): two positive, one negative.
  const clicks = [[-5.4, 5.3, 1], [5.2, -5.5, 1], [5.5, 5.1, -1]];
  const clicked = [];
  for (const [x, y, label] of clicks) {
    if (label < 0) await page.getByRole('radio', { name: 'Negative' }).check(); // may scroll the page
    // A whole pixel, as a user's click; the expected point is that pixel mapped back to [-6, 6].
    const s = await square(page);
    const p = s.toPage(x, y);
    const [px, py] = [Math.round(p.x), Math.round(p.y)];
    await page.mouse.click(px, py);
    const at = s.toData(px, py);
    clicked.push([at.x, at.y, label]);
  }
  const added = await getState(page);
  assert.equal(added.points.length, start.points.length + 9, 'three more points');
  assert.deepEqual(added.points.slice(0, start.points.length), start.points, 'the others stay');
  for (const [k, point] of triples(added.points.slice(start.points.length)).entries()) {
    const [x, y, label] = clicked[k];
    assert.ok(near(point, x, y), `point ${k + 1} at (${point[0]}, ${point[1]}), clicked at (${x.toFixed(2)}, ${y.toFixed(2)})`);
    assert.equal(point[2], label, `point ${k + 1} has the chosen class`);
  }
  assertInHash(page, 'points', triples(added.points).map((p) => p.join('_')).join('~')); // the link holds them all
  // The session was rebuilt on them: training restarted, and it holds 251 of the 503 for training.
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 0);

  // Drag the first new point to (-3, -5.5).
  const s = await square(page);
  const from = s.toPage(clicks[0][0], clicks[0][1]);
  const to = s.toPage(-3, -5.5);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  const dragged = await getState(page);
  assert.equal(dragged.points.length, added.points.length, 'a drag moves, it does not add');
  const moved = triples(dragged.points)[500];
  assert.ok(near(moved, -3, -5.5), `dragged to (${moved[0]}, ${moved[1]})`);
  assert.equal(moved[2], 1);
  assert.equal(triples(dragged.points).filter((p) => near(p, clicks[0][0], clicks[0][1], 0.3)).length, 0, 'nothing left at the old place');

  // Select the second new point with a click, then Delete removes it.
  const second = s.toPage(clicks[1][0], clicks[1][1]);
  await page.mouse.click(second.x, second.y);
  assert.equal((await getState(page)).points.length, added.points.length, 'a click on a point selects it, adds nothing');
  await page.keyboard.press('Delete');
  const removed = await getState(page);
  assert.equal(removed.points.length, added.points.length - 3);
  assert.equal(triples(removed.points).filter((p) => near(p, clicks[1][0], clicks[1][1], 0.3)).length, 0, 'the point is gone');
  assert.ok(triples(removed.points).some((p) => near(p, -3, -5.5)), 'the dragged one stays');

  // Done editing: the figure describes the session's data, 502 points of which 251 train.
  await page.getByRole('button', { name: 'Edit points' }).click();
  assert.equal(await page.getByRole('button', { name: 'Edit points' }).getAttribute('aria-pressed'), 'false');
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 0);
  await drawn(page);
  assert.equal(await trainingCount(page), 251);
  // And the link alone rebuilds the same data.
  const link = page.url();
  const again = await env.browser.page(link);
  await ready(again);
  assert.deepEqual((await getState(again)).points, removed.points);
  assert.equal(await trainingCount(again), 251);
  await again.close();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('pasted CSV: errors are listed by line and change nothing; a good paste replaces the data', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=spiral`);
  await ready(page);
  const open = page.getByRole('button', { name: 'Paste CSV…' });
  const dialog = page.getByRole('dialog', { name: 'Paste your own points' });
  const text = dialog.getByLabel('Points (CSV)');
  const use = dialog.getByRole('button', { name: 'Use these points' });

  const before = await getState(page);
  const url = page.url();
  await open.click();
  assert.equal(await dialog.isVisible(), true);
  await text.fill('x, y, label\n1, 2, 1\n7, 0, 1\n# a comment\n1, abc, 0\n\n3 4\n-1; -2; yes');
  await use.click();
  const errors = dialog.getByRole('alert');
  assert.equal(await dialog.isVisible(), true, 'the dialog stays open');
  const items = await errors.getByRole('listitem').allTextContents();
  assert.equal(items.length, 4, items.join('\n'));
  assert.match(items[0], /^line 3: x must be a number from -6 to 6 \(got 7\)/);
  assert.match(items[1], /^line 5: y must be a number/);
  assert.match(items[2], /^line 7: expected 3 values/);
  assert.match(items[3], /^line 8: label must be a number as the others are: -1, 0 or 1, or a class 0 to 9 \(got yes\)/);
  assert.match(await errors.textContent(), /Nothing was applied/);
  assert.equal(await text.getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await getState(page), before, 'nothing changed');
  assert.equal(page.url(), url);

  // Fixed: the data are replaced by exactly these points (0 reads as negative).
  await text.fill('x,y,label\n1.5, 2, 1\n-3, -0.5, -1\n0, 4.25, 0\n2.125 -6 1');
  await use.click();
  await dialog.waitFor({ state: 'hidden' });
  const after = await getState(page);
  assert.equal(after.dataset, 'custom');
  assert.deepEqual(after.points, [1.5, 2, 1, -3, -0.5, -1, 0, 4.25, -1, 2.13, -6, 1]);
  assert.deepEqual(changedKeys(before, after), ['dataset', 'points']);
  assertInHash(page, 'dataset', 'custom');
  assertInHash(page, 'points', '1.5_2_1~-3_-0.5_-1~0_4.25_-1~2.13_-6_1');
  // The session trains on them: 2 of the 4 for training at 50 %.
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 0);
  await drawn(page);
  assert.equal(await trainingCount(page), 2);
  await page.evaluate(() => window.playground.step(10));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), 10);

  // Cancel leaves everything as it was.
  await open.click();
  await text.fill('1, 1, 1\n2, 2, -1');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await getState(page), after);
  assert.deepEqual(page.errors, []);
  await page.close();
});
