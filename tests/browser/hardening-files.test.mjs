// Issue 10, points 7, 8 and 11 in Chromium: a setup file with a weight past float32 is refused
// and the run stays exactly as it was; a weights link with one bit flipped is refused by name
// (the checksum) and the seeded weights are used; several problems make several notices, each
// with its own Dismiss, deduplicated and bounded.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { unpackLink } from '../../web/src/share.ts';
import { MAX_NOTICES } from '../../web/src/notice.ts';
import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

const env = useBrowser();
const CONFIG = '#dataset=xor&networkShape=5,3&activation=relu&seed=31&noise=10&learningRate=0.1';

const getState = (page) => page.evaluate(() => window.playground.getState());
const run = (page) => page.evaluate(() => {
  const { grid, parameters, metrics } = window.playground.snapshot;
  const words = (v) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length));
  return { grid: words(grid), parameters: words(parameters), step: metrics.step, epoch: metrics.epoch };
});
const stepBy = (page, n) => page.evaluate((steps) => window.playground.step(steps), n);
const noticeItems = (page) => page.locator('#notice .notice-item').allTextContents();

async function savedSetup(page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Setup (JSON)' }).click()]);
  await page.keyboard.press('Escape');
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

async function openFile(page, name, json) {
  await page.getByLabel('Open a saved setup', { exact: true }).setInputFiles({
    name, mimeType: 'application/json', buffer: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)) });
}

test('a setup file with a weight of 3.5e38 is refused and the run stays exactly as it was', async () => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  await stepBy(page, 40);
  const saved = await savedSetup(page);
  const before = { state: await getState(page), run: await run(page), url: page.url() };
  assert.equal(before.run.step, 40);

  saved.weights.current[3] = 3.5e38; // a finite double, Infinity as the float32 the network holds
  saved.state.learningRate = 0.3; // and a setting that would change with it
  await openFile(page, 'huge.json', saved);
  await page.waitForFunction(() => document.getElementById('notice').textContent.includes('huge.json'));
  assert.deepEqual(await noticeItems(page), [
    'Note:“huge.json” was not opened: weights.current[3] is beyond the range of a float32 weight, ±3.4028235e+38 (got 3.5e+38). The playground is unchanged.Dismiss',
  ]);
  await drawn(page);
  assert.doesNotMatch(await page.locator('.share-status').textContent(), /Opened/);
  assert.deepEqual(await getState(page), before.state, 'the state is kept');
  assert.deepEqual(await run(page), before.run, 'step, epoch, weights and output to the last bit');
  assert.equal(page.url(), before.url);
  // A file too large to be a setup is refused by its size, quoted, before it is read.
  await openFile(page, 'big.json', ' '.repeat(21_000_000));
  await page.waitForFunction(() => document.getElementById('notice').textContent.includes('big.json'));
  assert.match((await noticeItems(page)).at(-1), /“big\.json” was not opened: it is 21\.0 MB, larger than the 20 MB a saved setup can be\./);
  assert.deepEqual(await run(page), before.run);
  await stepBy(page, 10);
  assert.equal((await run(page)).step, 50, 'and the run goes on from step 40');
  await page.screenshot({ path: join(artifacts, 'hardening-file-refused.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** A flip of one bit in the link's deflated bytes that the checksum (and nothing before it) catches. */
async function checksumFlip(packed, count) {
  const bytes = Buffer.from(packed, 'base64url');
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const flipped = Buffer.from(bytes);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    const text = flipped.toString('base64url');
    const message = await unpackLink(text, count).then(() => '', (error) => error.message);
    if (/checksum does not match/.test(message)) return text;
  }
  throw new Error('no flip reached the checksum');
}

test('a weights link with one bit flipped is refused by name; the network starts from its seeded weights', async () => {
  const source = await env.browser.page(env.server.url + CONFIG);
  await ready(source);
  await stepBy(source, 60);
  const shared = await source.evaluate(() => window.playground.snapshot.parameters.length);
  await source.getByRole('button', { name: 'Share…' }).click();
  await source.getByRole('radio', { name: 'Configuration and current weights' }).check();
  await source.waitForFunction(() => /&weights=[A-Za-z0-9_-]+/.test(document.querySelector('.share-link').value));
  const link = await source.locator('.share-link').inputValue();
  const packed = link.match(/&weights=([A-Za-z0-9_-]+)/)[1];
  const damaged = await checksumFlip(packed, shared);
  const seeded = await env.browser.page(env.server.url + CONFIG);
  await ready(seeded);

  const page = await env.browser.page(link.replace(packed, damaged));
  await ready(page);
  await page.locator('#notice').waitFor();
  assert.match(await page.textContent('#notice'),
    /the weights in this link are damaged \(their checksum does not match\); the network starts from its own initial weights instead/);
  await page.waitForFunction(() => !location.hash.includes('weights='));
  const [mine, theirs] = [await run(page), await run(seeded)];
  assert.deepEqual(mine.parameters, theirs.parameters, 'the seeded weights, not altered ones');
  assert.equal(mine.step, 0);
  // The undamaged link still loads its weights to the last bit.
  const good = await env.browser.page(link);
  await ready(good);
  await good.waitForFunction(() => window.playground.snapshot.metrics.step === 60);
  assert.deepEqual((await run(good)).parameters, (await run(source)).parameters);
  assert.equal(await good.isVisible('#notice'), false);
  for (const p of [source, seeded, page, good]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

const SEVERAL = '#zzbad=1&dataset=xor&networkShape=4&weights=-1';

test('several problems make several notices, each with its own Dismiss; repeats replace, the oldest go past the bound', async () => {
  const page = await env.browser.page(env.server.url + SEVERAL);
  await ready(page);
  await page.waitForFunction(() => document.querySelectorAll('#notice .notice-item').length === 2);
  const items = await noticeItems(page);
  assert.match(items[0], /^Some settings in this link could not be used:unknown parameter 'zzbad'; ignoredDismiss$/);
  assert.match(items[1], /^This could not be done:the weights in this link are damaged or cut short \(they do not decompress\); the network starts from its own initial weights insteadDismiss$/);
  assert.equal(await page.getByRole('button', { name: 'Dismiss this notice' }).count(), 2);
  await page.screenshot({ path: join(artifacts, 'hardening-notices-desktop.png') });

  // Each Dismiss closes its own notice.
  await page.locator('#notice .notice-item').first().getByRole('button', { name: 'Dismiss this notice' }).click();
  assert.deepEqual((await noticeItems(page)).map((t) => t.slice(0, 22)), ['This could not be done']);
  await page.getByRole('button', { name: 'Dismiss this notice' }).click();
  assert.equal(await page.isVisible('#notice'), false);

  // Each stays until its condition goes: the weights notice goes with its session (a feature
  // turned off), the link's stays; the same refusal twice is one notice.
  await page.goto(env.server.url + SEVERAL.replace('zzbad', 'zzother'));
  await ready(page);
  await page.waitForFunction(() => document.querySelectorAll('#notice .notice-item').length === 2);
  const feature = (label) => page.getByRole('button', { name: `Input feature ${label}`, exact: true });
  await feature('x').click();
  await feature('y').click();
  await feature('y').click();
  await page.waitForFunction(() => !document.getElementById('notice').textContent.includes('This could not be done'));
  const kept = await noticeItems(page);
  assert.equal(kept.length, 2, kept.join(' | '));
  assert.match(kept[0], /unknown parameter 'zzother'/);
  assert.match(kept[1], /^Note:.*at least one input feature/);
  await page.screenshot({ path: join(artifacts, 'hardening-notices-kept.png') });
  await feature('x²').click(); // the refusal's condition is over
  await page.waitForFunction(() => document.querySelectorAll('#notice .notice-item').length === 1);
  assert.match((await noticeItems(page))[0], /zzother/);

  // Bounded: the latest MAX_NOTICES stay.
  for (let i = 1; i <= MAX_NOTICES + 2; i++) {
    await openFile(page, `bad-${i}.json`, '{');
    await page.waitForFunction((n) => document.getElementById('notice').textContent.includes(`bad-${n}.json`), i);
  }
  const bounded = await noticeItems(page);
  assert.equal(bounded.length, MAX_NOTICES);
  assert.match(bounded[0], /bad-3\.json/);
  assert.match(bounded.at(-1), new RegExp(`bad-${MAX_NOTICES + 2}\\.json`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the notices in light and dark, desktop and phone (screenshots)', async () => {
  for (const [theme, width] of [['light', 1400], ['dark', 1400], ['light', 390], ['dark', 390]]) {
    const page = await env.browser.page(`${env.server.url}${SEVERAL}&theme=${theme}`, { width, height: 900 });
    await ready(page);
    await page.waitForFunction(() => document.querySelectorAll('#notice .notice-item').length === 2);
    const box = await page.locator('#notice').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `the notice fits the ${width}px width`);
    await page.locator('#notice').screenshot({ path: join(artifacts, `hardening-notices-${theme}-${width}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
