// The user's own points in Chromium, as a user edits them: "Clear" clears the data the network
// trains on (the plot, the state, the link, the loss), training then asks for points instead of
// going on with the old ones, and every point edit (add, move, remove, clear, paste) can be
// undone and redone with the buttons and with Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

const DOMAIN = 6;
const getState = (page) => page.evaluate(() => window.playground.getState());
const hashPart = (page, key) => new URL(page.url()).hash.slice(1).split('&').find((p) => p.startsWith(`${key}=`));

/** Page pixel of data point (x, y) on the output square (while editing). */
async function square(page) {
  const box = await page.getByRole('application', { name: /Point editor/ }).boundingBox();
  assert.ok(box && box.width > 100, 'the output square is on screen');
  return (x, y) => ({
    x: Math.round(box.x + ((x + DOMAIN) / (2 * DOMAIN)) * box.width),
    y: Math.round(box.y + ((DOMAIN - y) / (2 * DOMAIN)) * box.height),
  });
}

const metric = (page, name) => page.locator('.output-metric', { hasText: name }).first().locator('.output-metric-value').textContent();

/** A session on these points has drawn its first frame (step 0, a finite loss). */
async function trained(page, count) {
  await page.waitForFunction((n) => {
    const p = window.playground;
    const data = p.frame?.info.data;
    return p.snapshot && data && (data.trainPoints.length + data.testPoints.length) / 3 === n && p.snapshot.metrics.step === 0;
  }, count);
}

test('Clear empties the plot, the state, the link and the loss; training asks for 2 points until it has them', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await page.evaluate(() => window.playground.step(20));
  await page.waitForFunction(() => window.playground.snapshot.metrics.step === 20);
  await page.getByRole('button', { name: 'Edit points' }).click();
  await page.getByRole('button', { name: 'Clear all points' }).click();

  const state = await getState(page);
  assert.equal(state.dataset, 'custom');
  assert.deepEqual(state.points, []);
  assert.equal(hashPart(page, 'dataset'), 'dataset=custom');
  assert.equal(hashPart(page, 'points'), 'points=', 'the link holds no points');
  await page.waitForFunction(() => window.playground.snapshot === null);
  await drawn(page);
  // No stale numbers: the loss and accuracy read as no data, and say why.
  assert.equal(await metric(page, 'Test loss'), '—');
  assert.equal(await metric(page, 'Training loss'), '—');
  assert.equal(await metric(page, 'Test accuracy'), '—');
  assert.equal(await page.locator('.output-counter').textContent(), 'No data');
  assert.match(await page.locator('.output-no-data').textContent(), /Add at least 2 points to train the network \(the data set has none\)/);
  assert.match(await page.getByRole('application', { name: /Point editor/ }).getAttribute('aria-label'), /: 0 points\./);
  assert.match(await page.locator('.output-editor-hint').textContent(), /Add 2 more points/);
  await page.screenshot({ path: join(artifacts, 'points-cleared-desktop.png') });

  // Play (button or Space) and Step refuse with the reason, and nothing trains.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  assert.match(await page.locator('[data-panel="notice"]').textContent(), /Add at least 2 points/);
  assert.equal(await page.locator('[data-panel="notice"]').isVisible(), true);
  await page.evaluate(() => window.playground.step(5));
  assert.equal(await page.evaluate(() => window.playground.snapshot), null);

  // Not editing, the figure draws nothing and names no training points.
  await page.getByRole('button', { name: 'Edit points' }).click();
  await drawn(page);
  assert.doesNotMatch(await page.getByRole('img', { name: /^Output of the network/ }).getAttribute('aria-label'), /training point/);

  // The link alone opens the same empty canvas (no fallback to the circle, no complaint).
  const again = await env.browser.page(page.url());
  await again.waitForFunction(() => window.playground?.getState().dataset === 'custom');
  await drawn(again);
  assert.deepEqual((await getState(again)).points, []);
  assert.equal(await again.locator('[data-panel="notice"]').isVisible(), false);
  assert.match(await again.locator('.output-no-data').textContent(), /Add at least 2 points/);
  // "Edit points" works without a session to copy from.
  assert.equal(await again.getByRole('button', { name: 'Edit points' }).isDisabled(), false);
  await again.close();

  // Two points are enough: a session on them, a finite loss, and Play trains.
  await page.getByRole('button', { name: 'Edit points' }).click();
  const at = await square(page);
  for (const [x, y, label] of [[-3, 3, 'Positive'], [3, -3, 'Negative']]) {
    await page.getByRole('radio', { name: label }).check();
    const p = at(x, y);
    await page.mouse.click(p.x, p.y);
  }
  assert.equal((await getState(page)).points.length, 6);
  await trained(page, 2);
  await drawn(page);
  assert.match(await metric(page, 'Training loss'), /^\d/);
  assert.equal(await page.locator('.output-no-data').isVisible(), false);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.playground.snapshot.metrics.step > 3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Undo and Redo step through add, move, remove, clear and paste; the link and the loss follow', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=custom&points=1_1_1~-1_-1_-1~2_-2_1`);
  await ready(page);
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  assert.equal(await undo.isDisabled(), true, 'nothing to undo yet');
  assert.equal(await redo.isDisabled(), true);

  const states = [(await getState(page)).points];
  const record = async (what) => {
    const points = (await getState(page)).points;
    assert.notDeepEqual(points, states[states.length - 1], `${what} changed the points`);
    states.push(points);
  };
  await page.getByRole('button', { name: 'Edit points' }).click();
  const at = await square(page);
  // Add at (-4, 4).
  let p = at(-4, 4);
  await page.mouse.click(p.x, p.y);
  await record('add');
  assert.equal(await undo.isDisabled(), false);
  // Move (1, 1) to (3, 3).
  const from = at(1, 1);
  const to = at(3, 3);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
  await record('move');
  // Remove (-1, -1) with a right-click.
  p = at(-1, -1);
  await page.mouse.click(p.x, p.y, { button: 'right' });
  await record('remove');
  assert.equal(states[3].length, 9);
  // Clear, then paste two points.
  await page.getByRole('button', { name: 'Clear all points' }).click();
  await record('clear');
  await page.getByRole('button', { name: 'Paste CSV…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste your own points' });
  await dialog.getByLabel('Points (CSV)').fill('0,0,1\n-5,5,-1');
  // Ctrl+Z inside the text field is the field's own: the points stay.
  await dialog.getByLabel('Points (CSV)').press('Control+z');
  assert.deepEqual((await getState(page)).points, states[4], 'Ctrl+Z in a text field does not undo points');
  await dialog.getByLabel('Points (CSV)').fill('0,0,1\n-5,5,-1');
  await dialog.getByRole('button', { name: 'Use these points' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await record('paste');
  assert.deepEqual(states[5], [0, 0, 1, -5, 5, -1]);
  await trained(page, 2);

  // Back through every edit: the Undo button, then Ctrl+Z with focus on the square.
  for (let k = 4; k >= 0; k--) {
    if (k % 2 === 0) await undo.click();
    else {
      await page.getByRole('application', { name: /Point editor/ }).focus();
      await page.keyboard.press('Control+z');
    }
    const state = await getState(page);
    assert.deepEqual(state.points, states[k], `undo back to edit ${k}`);
    assert.equal(state.dataset, 'custom');
    const hash = hashPart(page, 'points');
    assert.equal(decodeURIComponent(hash.slice('points='.length)).split('~').filter(Boolean).length, states[k].length / 3, 'the link follows');
    if (k === 4) {
      // Undo of the paste is the cleared set: no session, no loss.
      await page.waitForFunction(() => window.playground.snapshot === null);
      await drawn(page);
      assert.equal(await metric(page, 'Training loss'), '—');
      await page.screenshot({ path: join(artifacts, 'points-undo-to-cleared.png') });
    } else {
      // The session is rebuilt on the points undone to, with a finite loss.
      await trained(page, states[k].length / 3);
    }
  }
  assert.equal(await undo.isDisabled(), true, 'all undone');
  assert.equal(await redo.isDisabled(), false);
  await drawn(page);
  assert.match(await metric(page, 'Training loss'), /^\d/);
  await page.screenshot({ path: join(artifacts, 'points-after-undo-desktop.png') });

  // Forward again: Redo button, Ctrl+Shift+Z and Ctrl+Y.
  const shortcuts = ['button', 'Control+Shift+z', 'Control+y', 'button', 'Control+Shift+z'];
  for (let k = 1; k <= 5; k++) {
    const how = shortcuts[k - 1];
    if (how === 'button') await redo.click();
    else {
      await page.getByRole('application', { name: /Point editor/ }).focus();
      await page.keyboard.press(how);
    }
    assert.deepEqual((await getState(page)).points, states[k], `redo to edit ${k} (${how})`);
  }
  assert.equal(await redo.isDisabled(), true, 'all redone');
  await trained(page, 2);

  // A new edit after an undo drops what could be redone.
  await undo.click();
  p = at(4, -4);
  await page.mouse.click(p.x, p.y);
  await drawn(page); // (the toolbar shows the history on the next frame)
  assert.equal(await redo.isDisabled(), true);
  assert.equal((await getState(page)).points.length, 3);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Undo of the first edit goes back to the generated set; switching between generated sets is not an edit', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await page.getByRole('radio', { name: 'XOR (exclusive or)' }).click();
  assert.equal((await getState(page)).dataset, 'xor');
  assert.equal(await undo.isDisabled(), true, 'a data set picked is not a point edit');
  await page.getByRole('button', { name: 'Edit points' }).click();
  assert.equal((await getState(page)).points.length, 3 * 500);
  await undo.click();
  const state = await getState(page);
  assert.equal(state.dataset, 'xor');
  assert.deepEqual(state.points, []);
  await drawn(page);
  assert.equal(await page.getByRole('button', { name: 'Edit points' }).getAttribute('aria-pressed'), 'false', 'editing ends with the own points');
  // Ctrl+Z is the playground's only while focus is in it: with focus outside (the page's own field), nothing happens.
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  assert.equal((await getState(page)).dataset, 'custom');
  await page.evaluate(() => {
    const outside = document.createElement('button');
    outside.textContent = 'outside';
    document.body.prepend(outside);
    outside.focus();
  });
  await page.keyboard.press('Control+z');
  assert.equal((await getState(page)).dataset, 'custom', 'a key press outside the playground is not its');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Clear and Undo look right on a phone and in the dark theme (screenshots), the toolbar within the screen', async () => {
  for (const [theme, width] of [['light', 390], ['dark', 390], ['dark', 1400]]) {
    const page = await env.browser.page(`${env.server.url}#theme=${theme}`, { width, height: 900 });
    await ready(page);
    await page.getByRole('button', { name: 'Edit points' }).click();
    await page.getByRole('button', { name: 'Clear all points' }).click();
    await page.waitForFunction(() => window.playground.snapshot === null);
    await drawn(page);
    const panel = page.locator('.output-panel');
    await panel.screenshot({ path: join(artifacts, `points-cleared-${theme}-${width}.png`) });
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    const box = await undo.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `Undo within the ${width}px screen: ${JSON.stringify(box)}`);
    await undo.click();
    assert.equal((await getState(page)).points.length, 3 * 500, 'the copy of the circle is back');
    await trained(page, 500);
    await drawn(page);
    await panel.screenshot({ path: join(artifacts, `points-undone-${theme}-${width}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
