// Your own points of many classes: "Edit points" on the 3-arm spiral copies its points with
// their classes and offers one swatch per class; a point added as class 2 trains as class 2; a
// pasted CSV with names for labels becomes that many classes, and the link carries them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();

test('editing the 3-arm spiral: its classes are kept, a point is added as class 2, the session trains on three classes', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&dataset=spiral&classes=3`);
  await ready(page);
  // An independent count of the generated data's classes, before editing.
  const counts = await page.evaluate(() => {
    const { trainPoints, testPoints } = window.playground.frame.info.data;
    const c = [0, 0, 0];
    for (const list of [trainPoints, testPoints]) for (let i = 2; i < list.length; i += 3) c[list[i]]++;
    return c;
  });
  await page.getByRole('button', { name: 'Edit points' }).click();
  await drawn(page);
  assert.deepEqual(await page.locator('.output-class').evaluateAll((labels) => labels.map((l) => l.getAttribute('aria-label'))), ['Class 0', 'Class 1', 'Class 2']);
  const copied = await page.evaluate(() => window.playground.getState());
  assert.equal(copied.dataset, 'custom');
  const labels = [0, 0, 0];
  for (let i = 2; i < copied.points.length; i += 3) labels[copied.points[i]]++;
  assert.deepEqual(labels, counts, 'the copy keeps every class');

  await page.locator('.output-class[aria-label="Class 2"]').click();
  const box = await page.locator('canvas.is-editing').boundingBox();
  await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await page.waitForFunction((n) => window.playground.getState().points.length === n + 3 &&
    window.playground.frame?.info.data.trainPoints.length + window.playground.frame.info.data.testPoints.length === n + 3, copied.points.length);
  const after = await page.evaluate(() => window.playground.getState().points.slice(-3));
  assert.equal(after[2], 2);
  assert.ok(after[0] < 0 && after[1] > 0, `added at the top left (${after})`);
  assert.deepEqual(await page.evaluate(() => [window.playground.frame.info.data.classes, window.playground.frame.info.config.layers.at(-1)]), [3, 3]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a pasted CSV with names for labels is as many classes; the link carries them', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const names = ['north', 'east', 'south', 'west'];
  const centres = [[0, 4], [4, 0], [0, -4], [-4, 0]];
  const lines = ['x,y,side'];
  for (let i = 0; i < 40; i++) {
    const k = i % 4;
    lines.push(`${centres[k][0] + ((i * 7) % 10) / 10},${centres[k][1] - ((i * 3) % 10) / 10},${names[k]}`);
  }
  await page.getByRole('button', { name: 'Paste CSV…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste your own points' });
  await dialog.locator('textarea').fill(lines.join('\n'));
  await dialog.getByRole('button', { name: 'Use these points' }).click();
  await page.waitForFunction(() => window.playground.frame?.info.config.layers.at(-1) === 4);
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual([state.problem, state.classes, state.dataset, state.loss], ['multiclass', 4, 'custom', 'cross-entropy']);
  assert.deepEqual(state.points.filter((_, i) => i % 3 === 2), Array.from({ length: 40 }, (_, i) => i % 4));
  await page.waitForFunction(() => [...document.querySelectorAll('.output-view [role="status"]')].some((s) => s.textContent.includes('classes 0 = north')));

  const again = await env.browser.page(page.url());
  await ready(again);
  assert.deepEqual(await again.evaluate(() => window.playground.getState().points), state.points);
  assert.equal(await again.evaluate(() => window.playground.frame.info.data.classes), 4);
  assert.deepEqual([...page.errors, ...again.errors], []);
  await again.close();
  await page.close();
});

test('fewer classes than the points name is refused and named; a link that asks for it is repaired', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&classes=3&dataset=custom&points=1_1_0~2_2_1~3_3_2~-1_-1_3~0_1_3~1_0_2`);
  await ready(page);
  assert.match(await page.locator('#notice').textContent(), /'points' include class 3; using classes 4/);
  assert.equal(await page.evaluate(() => window.playground.frame.info.data.classes), 4);
  await page.selectOption('.controls select[name="classes"]', '3');
  await page.waitForFunction(() => document.querySelector('#notice')?.textContent.includes('need at least 4 classes'));
  assert.equal(await page.evaluate(() => window.playground.getState().classes), 4);
  assert.equal(await page.inputValue('.controls select[name="classes"]'), '4');
  assert.deepEqual(page.errors, []);
  await page.close();
});
