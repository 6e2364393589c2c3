// Your own table in the page: pasted with a bad cell, it is named by line and column and nothing
// changes; fixed, it trains, and its link (the table packed inside) reopens the same data; a
// file with a numeric target is a regression with predicted-vs-true; a damaged table in a link
// is named and the run falls back to a data set of its problem.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, drawn, ready, trainUntil, useBrowser } from './harness.mjs';

const env = useBrowser();

/** 120 rows of two columns, the class "above" when b > a (a line to learn), with a text column. */
function separable() {
  const lines = ['a,b,note,side'];
  for (let i = 0; i < 120; i++) {
    const a = ((i * 37) % 100) / 10, b = ((i * 61 + 13) % 100) / 10;
    if (Math.abs(a - b) < 0.5) continue;
    lines.push(`${a},${b},row ${i},${b > a ? 'above' : 'below'}`);
  }
  return lines.join('\n');
}

test('a pasted table: a bad cell is named and changes nothing; the good one trains, and its link reopens it', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=3`);
  await ready(page);
  await page.evaluate(() => (window.before = window.playground.frame.info));
  await page.getByRole('button', { name: 'Open a table…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your own table of data' });
  await dialog.waitFor();
  const text = separable();
  await dialog.locator('textarea').fill(text.replace('\n3.7,', '\n3.7x,'));
  await dialog.getByRole('button', { name: 'Use this table' }).click();
  await page.waitForFunction(() => document.querySelector('.table-dialog [role="alert"]')?.textContent.includes('is not a number'));
  assert.match(await dialog.locator('[role="alert"]').textContent(), /line 3, column 1 \("a"\): "3\.7x" is not a number/);
  assert.equal(await page.evaluate(() => window.playground.frame.info === window.before && window.playground.getState().dataset === 'circle'), true,
    'the run and the setup are kept');

  await dialog.locator('textarea').fill(text);
  await page.waitForFunction(() => document.querySelector('.table-dialog-summary')?.textContent.includes('2 classes'));
  assert.match(await dialog.locator('.table-dialog-summary').textContent(), /^\d+ rows · 2 inputs: a, b · 2 classes: above, below · not used: note$/);
  // A column left out of the inputs, then taken back.
  await dialog.getByRole('checkbox', { name: 'b' }).uncheck();
  await page.waitForFunction(() => document.querySelector('.table-dialog-summary')?.textContent.includes('1 input: a'));
  assert.match(await dialog.locator('.table-dialog-summary').textContent(), /not used: b, note$/);
  await dialog.getByRole('checkbox', { name: 'a' }).uncheck();
  await page.waitForFunction(() => document.querySelector('.table-dialog [role="alert"]')?.textContent.includes('tick at least one'));
  assert.equal(await dialog.getByRole('button', { name: 'Use this table' }).isDisabled(), true);
  await dialog.getByRole('checkbox', { name: 'a' }).check();
  await dialog.getByRole('checkbox', { name: 'b' }).check();
  await page.waitForFunction(() => document.querySelector('.table-dialog-summary')?.textContent.includes('2 inputs: a, b'));
  await dialog.getByRole('button', { name: 'Use this table' }).click();
  await page.waitForFunction(() => window.playground.frame?.info.loaded?.name === 'your table');
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual([state.problem, state.dataset, state.tableTarget, state.loss], ['multiclass', 'table', 'side', 'cross-entropy']);
  assert.deepEqual(await page.evaluate(() => window.playground.frame.info.config.layers), [2, 8, 2]);
  const metrics = await trainUntil(page, 0.9, 20_000);
  assert.ok(metrics.testAccuracy >= 0.9, `test accuracy ${metrics.testAccuracy}`);
  await drawn(page);
  await page.screenshot({ path: join(artifacts, 'own-table.png'), fullPage: true });

  // The address holds the table, packed: a new page opened on it trains on the same rows.
  const link = page.url();
  assert.match(link, /&table=t\d+\.[A-Za-z0-9_-]+/);
  const again = await env.browser.page(link);
  await ready(again);
  await again.waitForFunction(() => window.playground.frame?.info.loaded?.name === 'your table');
  assert.equal(await again.evaluate(() => window.playground.getState().table), text);
  assert.deepEqual(again.errors, []);
  await again.close();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a table file with a numeric target is a regression, drawn as predicted against true', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  const lines = ['x1\tx2\ty'];
  for (let i = 0; i < 80; i++) {
    const x1 = (i % 9) - 4, x2 = ((i * 5) % 11) - 5;
    lines.push(`${x1}\t${x2}\t${(100 + 20 * x1 - 10 * x2).toFixed(1)}`);
  }
  const file = join(artifacts, 'regression-table.tsv');
  writeFileSync(file, lines.join('\n'));
  await page.getByRole('button', { name: 'Open a table…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your own table of data' });
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('.table-dialog-summary')?.textContent.includes('a value to predict: y'));
  await dialog.getByRole('button', { name: 'Use this table' }).click();
  await page.waitForFunction(() => window.playground.frame?.info.loaded?.name === 'your table');
  const state = await page.evaluate(() => window.playground.getState());
  assert.deepEqual([state.problem, state.regDataset], ['regression', 'table']);
  const start = await page.evaluate(() => window.playground.snapshot.metrics.trainLoss);
  const metrics = await trainUntil(page, 2, 3000);
  assert.ok(metrics.trainLoss < start * 0.1, `the loss ${start} → ${metrics.trainLoss}`);
  await drawn(page);
  assert.equal(await page.isVisible('.table-scatter.is-fit'), true);
  await page.locator('.table-output').screenshot({ path: join(artifacts, 'own-table-regression.png') });
  assert.equal(await page.isVisible('.output-confusion'), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a damaged table in a link is named, and the run takes its problem\'s first data set', async () => {
  const page = await env.browser.page(`${env.server.url}#problem=multiclass&dataset=table&table=t500.AAAA&tableTarget=y`);
  await ready(page);
  const notice = await page.locator('#notice').textContent();
  assert.match(notice, /'table' is damaged \(it does not decompress\)/);
  assert.match(notice, /your table cannot be used: there is no table: open a file or paste one; using spiral/);
  assert.equal(await page.evaluate(() => window.playground.getState().dataset), 'spiral');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a paste too long for a table is refused before the textarea holds it; the page stays responsive', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Open a table…' }).click();
  const pasted = await page.evaluate(() => {
    const area = document.querySelector('.table-dialog textarea');
    const data = new DataTransfer();
    data.setData('text/plain', 'a,b\n1,2\n'.repeat(500_000));
    const t0 = performance.now();
    const accepted = area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return { accepted, ms: performance.now() - t0, value: area.value, message: document.querySelector('.table-dialog [role="alert"]')?.textContent };
  });
  assert.deepEqual({ ...pasted, ms: 0 }, { accepted: false, ms: 0, value: '',
    message: 'This table cannot be used yet:the pasted text is 4,000,000 characters long; at most 1,000,000 can be used (nothing was pasted)' });
  assert.equal(await page.isDisabled('.table-dialog .is-primary'), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a table too large for a link: the share dialog says so and offers the setup file, which holds the table and reopens it', async () => {
  const page = await env.browser.page(env.server.url);
  await ready(page);
  // 2,000 rows of random numbers: about 60 kB, far more than a link holds even deflated.
  let seed = 11;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31).toFixed(5);
  const lines = ['p,q,r,kind'];
  for (let i = 0; i < 2000; i++) lines.push(`${next()},${next()},${next()},${['a', 'b', 'c'][i % 3]}`);
  const text = lines.join('\n');
  const file = join(artifacts, 'large-table.csv');
  writeFileSync(file, text);
  await page.getByRole('button', { name: 'Open a table…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your own table of data' });
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('.table-dialog-summary')?.textContent.includes('2,000 rows'));
  await dialog.getByRole('button', { name: 'Use this table' }).click();
  await page.waitForFunction(() => window.playground.frame?.info.loaded?.name === 'your table');

  await page.getByRole('button', { name: 'Share…' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This link would be' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Download the setup as a file instead\./);
  assert.equal(await page.getByRole('button', { name: 'Copy link' }).isDisabled(), true);
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the setup (JSON)' }).click()]);
  const json = JSON.parse(readFileSync(await saved.path(), 'utf8'));
  assert.equal(json.state.table, text);
  await page.keyboard.press('Escape');

  // The file reopens in a fresh page with the table.
  const fresh = await env.browser.page(env.server.url);
  await ready(fresh);
  const setup = join(artifacts, 'large-table-setup.json');
  writeFileSync(setup, JSON.stringify(json));
  await fresh.locator('input[type="file"][accept*="json"]').setInputFiles(setup);
  await fresh.waitForFunction(() => window.playground.frame?.info.loaded?.name === 'your table');
  assert.equal(await fresh.evaluate(() => window.playground.getState().table), text);
  assert.deepEqual([...page.errors, ...fresh.errors], []);
  await fresh.close();
  await page.close();
});
