// Sharing and saving in Chromium, with the page served under a sub-path as a tutorial site would:
// a link with the current weights reopens with the same predictions to the last bit; one with the
// starting weights replays the same training; a saved setup opens to the same run; and a bad
// file, a cut weights link and a link too long to share each say so and leave the page working.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { artifacts, drawn, launch, ready, serve } from './harness.mjs';

const PREFIX = '/tutorials/neural-nets/playground/';
let server, browser;
before(async () => {
  server = await serve(undefined, PREFIX);
  browser = await launch();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const CONFIG = '#dataset=xor&networkShape=5,3&activation=relu&seed=31&noise=10&learningRate=0.1';
const BIG = '#networkShape=16,16,16,16,16,16,16,16&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true';

const getState = (page) => page.evaluate(() => window.playground.getState());
/** The snapshot's buffers as their float32 bit patterns (equal means equal to the last bit). */
const bits = (page) => page.evaluate(() => {
  const { grid, output, parameters, metrics } = window.playground.snapshot;
  const words = (v) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length));
  return { grid: words(grid), output: words(output), parameters: words(parameters), step: metrics.step };
});
const stepBy = (page, n) => page.evaluate((steps) => window.playground.step(steps), n);

function sameBits(a, b, what) {
  assert.equal(a.length, b.length, `${what}: same length`);
  const first = a.findIndex((v, i) => v !== b[i]);
  assert.equal(first, -1, `${what}: bit-identical (first difference at ${first})`);
}

/** Opens the share dialog, picks what the link carries, and returns the link once it is built. */
async function shareLink(page, choice) {
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Share…' }).click();
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: choice }).check();
  const input = dialog.getByRole('textbox', { name: 'Link to share' });
  const wanted = choice === 'Configuration only' ? /#v=1&(?!.*weights=)/ : /&weights=[A-Za-z0-9_-]+/;
  await page.waitForFunction(([re]) => new RegExp(re).test(document.querySelector('.share-link').value), [wanted.source]);
  return input.inputValue();
}

/** A download started by clicking `name` in the share dialog: its file name and contents. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('a link with the current weights reopens with bit-identical predictions, under a sub-path', async () => {
  const page = await browser.page(server.url + CONFIG);
  await ready(page);
  await stepBy(page, 150);
  const link = await shareLink(page, 'Configuration and current weights');
  assert.ok(link.startsWith(server.url + '#'), `the link keeps the page's sub-path: ${link.slice(0, 80)}`);
  assert.ok(link.length < 8000);
  assert.match(link, /&weightsAt=current|^(?!.*weightsAt=)/);
  await page.screenshot({ path: join(artifacts, 'share-dialog.png') });

  // Copy link: the clipboard holds the link and the dialog says so.
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('Copied', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  // Escape closes the dialog and gives the focus back to the Share button.
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Share…');

  const original = await bits(page);
  assert.equal(original.step, 150);
  // Thumbnails at their drawn size (the 34 CSS px inside a node, a cell per device px at devicePixelRatio 1), the output plot at 100².
  assert.equal(original.grid.length, 34 * 34 * (2 + 5 + 3 + 1), 'every neuron\'s 34 × 34 grid');
  assert.equal(original.output.length, 100 * 100, 'the output\'s 100 × 100 grid');

  const copy = await browser.page(link);
  await ready(copy);
  const reopened = await bits(copy);
  sameBits(reopened.parameters, original.parameters, 'parameters');
  sameBits(reopened.grid, original.grid, 'the 34 × 34 grid of every neuron');
  sameBits(reopened.output, original.output, 'the output\'s 100 × 100 grid');
  assert.equal(await copy.isVisible('#notice'), false, 'no notice for a good weights link');
  assert.deepEqual(copy.errors, []);

  // The configuration-only link gives the seed's weights instead.
  const plain = await shareLink(page, 'Configuration only');
  assert.doesNotMatch(plain, /weights=/);
  await page.close();
  await copy.close();
});

test('a link with the starting weights replays the same training, hand edits included', async () => {
  const page = await browser.page(server.url + CONFIG);
  await ready(page);
  // A hand edit at step 0: the seed alone would not reproduce this run.
  await page.evaluate(async () => {
    const values = Array.from(window.playground.snapshot.parameters);
    values[0] = 1.5;
    values[3] = -0.75;
    await window.playground.setParameters(values);
  });
  await stepBy(page, 200);
  const trained = await bits(page);
  assert.equal(trained.step, 200);
  const link = await shareLink(page, 'Configuration and starting weights');
  assert.match(link, /&weightsAt=start/);
  const configOnly = await shareLink(page, 'Configuration only');

  const replay = await browser.page(link);
  await ready(replay);
  await stepBy(replay, 200);
  const replayed = await bits(replay);
  assert.equal(replayed.step, 200);
  sameBits(replayed.parameters, trained.parameters, 'parameters after 200 steps');
  sameBits(replayed.grid, trained.grid, 'predictions after 200 steps');
  sameBits(replayed.output, trained.output, 'the output after 200 steps');

  // Reset goes back to the link's starting weights, so the replay can be run again.
  await replay.evaluate(() => window.playground.reset());
  await stepBy(replay, 200);
  sameBits((await bits(replay)).parameters, trained.parameters, 'parameters after Reset and 200 steps');

  // Without the starting weights the run differs (the hand edit is lost).
  const seedOnly = await browser.page(configOnly);
  await ready(seedOnly);
  await stepBy(seedOnly, 200);
  assert.notDeepEqual((await bits(seedOnly)).parameters, trained.parameters);
  // Changing the network forgets the link's weights (they belong to the old one).
  await replay.evaluate(() => window.playground.setState({ networkShape: [4] }));
  await replay.waitForFunction(() => window.playground.getState().weights === '' && !location.hash.includes('weights='));
  await replay.waitForFunction(() => window.playground.snapshot.parameters.length === 2 * 4 + 4 + 4 + 1);
  assert.equal(await replay.isVisible('#notice'), false);
  for (const p of [page, replay, seedOnly]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('a saved setup opens to the same run: state, weights, loss history; and saves again the same', async () => {
  const page = await browser.page(server.url + CONFIG + '&theme=dark');
  await ready(page);
  for (let i = 0; i < 6; i++) await stepBy(page, 25);
  await drawn(page);
  await page.getByRole('button', { name: 'Share…' }).click();
  const setup = await download(page, 'Setup (JSON)');
  assert.equal(setup.name, 'backprop-playground-setup.json');
  const file = JSON.parse(setup.bytes.toString('utf8'));
  assert.equal(file.format, 'backprop-playground');
  assert.equal(file.version, 1);
  assert.deepEqual(file.weights.layers, [2, 5, 3, 1]);
  assert.equal(file.weights.current.length, 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1);
  assert.equal(file.history.step.at(-1), 150);

  // The other downloads: the loss history, the data points, the output picture.
  const loss = (await download(page, 'Loss history (CSV)')).bytes.toString('utf8').trim().split('\r\n');
  assert.equal(loss[0], 'epoch,step,train_loss,test_loss');
  assert.equal(loss.length, 1 + file.history.step.length);
  assert.match(loss.at(-1), /^6,150,0\.\d+,0\.\d+$/);
  const data = (await download(page, 'Data points (CSV)')).bytes.toString('utf8').trim().split('\r\n');
  assert.equal(data[0], 'x,y,label,set');
  assert.equal(data.filter((l) => l.endsWith(',train')).length, 250);
  assert.equal(data.filter((l) => l.endsWith(',test')).length, 250);
  const png = await download(page, 'Output image (PNG)');
  assert.equal(png.name, 'backprop-playground-output.png');
  assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [400, 400]);
  await writeFile(join(artifacts, 'share-output-download.png'), png.bytes);
  await page.keyboard.press('Escape');
  const saved = { state: await getState(page), run: await bits(page),
    history: await page.evaluate(() => window.playground.frame.history) };

  // Opened on a fresh page (default settings): everything comes back.
  const other = await browser.page(server.url);
  await ready(other);
  await other.getByLabel('Open a saved setup', { exact: true }).setInputFiles({
    name: 'my run.json', mimeType: 'application/json', buffer: setup.bytes });
  await other.getByText('Opened “my run.json”.').waitFor();
  await other.waitForFunction(() => window.playground.snapshot.metrics.step === 150);
  assert.deepEqual(await getState(other), saved.state);
  const opened = await bits(other);
  sameBits(opened.parameters, saved.run.parameters, 'parameters');
  sameBits(opened.grid, saved.run.grid, 'predictions');
  sameBits(opened.output, saved.run.output, 'the output');
  const history = await other.evaluate(() => window.playground.frame.history);
  assert.deepEqual(history, saved.history);
  assert.equal(await other.isVisible('#notice'), false);
  // Saving it again gives the same file (but for the time of saving).
  await other.getByRole('button', { name: 'Share…' }).click();
  const again = JSON.parse((await download(other, 'Setup (JSON)')).bytes.toString('utf8'));
  assert.deepEqual({ ...again, exportedAt: '' }, { ...file, exportedAt: '' });
  await other.keyboard.press('Escape');
  // Training continues from the saved run's step.
  await stepBy(other, 10);
  assert.equal((await bits(other)).step, 160);
  await other.screenshot({ path: join(artifacts, 'share-opened-setup.png') });
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await page.close();
  await other.close();
});

test('a corrupted or newer setup file is refused by name and the run is kept', async () => {
  const page = await browser.page(server.url + CONFIG);
  await ready(page);
  await stepBy(page, 40);
  const before = { state: await getState(page), run: await bits(page) };
  const input = page.getByLabel('Open a saved setup', { exact: true });

  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "backprop-playground", "vers') });
  await page.locator('#notice').waitFor();
  assert.match(await page.textContent('#notice'), /“broken\.json” was not opened: it is not JSON .*The playground is unchanged\./);
  await page.screenshot({ path: join(artifacts, 'share-bad-file.png') });

  const newer = JSON.stringify({ format: 'backprop-playground', version: 2, exportedAt: '', state: {}, data: null, weights: null, history: null });
  await input.setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(newer) });
  await page.waitForFunction(() => document.querySelector('#notice').textContent.includes('future.json'));
  assert.match(await page.textContent('#notice'), /saved by a newer version of the playground \(format version 2; this page reads version 1\)/);

  await input.setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
  await page.waitForFunction(() => document.querySelector('#notice').textContent.includes('photo.json'));
  assert.match(await page.textContent('#notice'), /not a saved setup of this playground/);

  // Dropped on the playground rather than chosen: the same checks.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['{"format": "backprop-playground", "version": 1}'], 'dropped.json', { type: 'application/json' }));
    const app = document.getElementById('app');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      app.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  });
  await page.waitForFunction(() => document.querySelector('#notice').textContent.includes('dropped.json'));
  assert.match(await page.textContent('#notice'), /“dropped\.json” was not opened: 'exportedAt' is missing/);

  assert.deepEqual(await getState(page), before.state, 'the state is kept');
  sameBits((await bits(page)).parameters, before.run.parameters, 'the weights are kept');
  await stepBy(page, 10);
  assert.equal((await bits(page)).step, 50, 'the page still trains');

  // A page that locks a setting (a tutorial's embed) does not let a file change it.
  await page.getByRole('button', { name: 'Share…' }).click();
  const saved = JSON.parse((await download(page, 'Setup (JSON)')).bytes.toString('utf8'));
  await page.keyboard.press('Escape');
  const locked = await browser.page(server.url + CONFIG + '&activation_lock=true');
  await ready(locked);
  saved.state.activation = 'tanh';
  await locked.getByLabel('Open a saved setup', { exact: true }).setInputFiles({
    name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await locked.locator('#notice').waitFor();
  assert.match(await locked.textContent('#notice'), /this page keeps 'activation' fixed and the file changes it/);
  assert.equal((await getState(locked)).activation, 'relu');
  // One that leaves it as it is opens, and the page's lock stays.
  saved.state.activation = 'relu';
  await locked.getByLabel('Open a saved setup', { exact: true }).setInputFiles({
    name: 'same.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await locked.getByText('Opened “same.json”.').waitFor();
  assert.deepEqual((await getState(locked)).locked, ['activation']);
  for (const p of [page, locked]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('a cut weights link says so and starts from the seeded weights', async () => {
  const source = await browser.page(server.url + CONFIG);
  await ready(source);
  await stepBy(source, 80);
  const link = await shareLink(source, 'Configuration and current weights');
  const packed = link.match(/&weights=([A-Za-z0-9_-]+)/)[1];
  // Cut at a whole number of base64 quads, as a chat app that cuts at a length would half the time.
  const cut = link.replace(packed, packed.slice(0, Math.floor(packed.length / 8) * 4));
  const seeded = await browser.page(server.url + CONFIG);
  await ready(seeded);

  const page = await browser.page(cut);
  await ready(page);
  await page.locator('#notice').waitFor();
  assert.match(await page.textContent('#notice'), /the weights in this link are (damaged or )?cut short.*the network starts from its own initial weights instead/);
  sameBits((await bits(page)).parameters, (await bits(seeded)).parameters, 'the seeded weights');
  await page.waitForFunction(() => !location.hash.includes('weights='));
  assert.equal((await getState(page)).weights, '', 'the damaged weights are dropped from the state and the address');
  await page.screenshot({ path: join(artifacts, 'share-cut-link.png') });
  await stepBy(page, 10);
  assert.equal((await bits(page)).step, 10, 'the page still trains');
  // Reset does not complain again.
  await page.getByRole('button', { name: 'Dismiss this notice' }).click();
  await page.evaluate(() => window.playground.reset());
  await drawn(page);
  assert.equal(await page.isVisible('#notice'), false);
  // Cut one character past a quad, the text is not even base64: also named.
  const ragged = await browser.page(link.replace(packed, packed.slice(0, Math.floor(packed.length / 8) * 4 + 1)));
  await ready(ragged);
  await ragged.locator('#notice').waitFor();
  assert.match(await ragged.textContent('#notice'), /the weights in this link are not valid base64url text/);
  for (const p of [source, seeded, page, ragged]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('a link too long for common hosts is refused with the file offered instead', async () => {
  const page = await browser.page(server.url + BIG);
  await ready(page);
  assert.equal(await page.evaluate(() => window.playground.snapshot.parameters.length), 2049);
  await shareLink(page, 'Configuration only');
  await page.getByRole('radio', { name: 'Configuration and current weights' }).check();
  const alert = page.getByRole('alert').filter({ hasText: 'This link would be' });
  await alert.waitFor();
  const text = await alert.textContent();
  const length = Number(text.match(/This link would be ([\d,]+) characters long/)[1].replace(/,/g, ''));
  assert.ok(length > 8000, `${length} characters`);
  assert.match(text, /links longer than 8,000 may be cut by chat apps and e-mail\. Download the setup as a file instead\./);
  assert.equal(await page.getByRole('button', { name: 'Copy link' }).isDisabled(), true);
  assert.equal(await page.getByRole('textbox', { name: 'Link to share' }).inputValue(), '');
  await page.screenshot({ path: join(artifacts, 'share-too-long.png') });
  const offered = await download(page, 'Download the setup (JSON)');
  assert.equal(JSON.parse(offered.bytes.toString('utf8')).weights.current.length, 2049);
  // Back to a short link: the message goes.
  await page.getByRole('radio', { name: 'Configuration only' }).check();
  await alert.waitFor({ state: 'hidden' });
  await page.keyboard.press('Escape');

  // An over-long weights parameter typed into the address is refused by the link reader.
  const typed = await browser.page(`${server.url}#weights=${'A'.repeat(9000)}`);
  await ready(typed);
  await typed.locator('#notice').waitFor();
  assert.match(await typed.textContent('#notice'), /'weights' is longer than 8000 characters/);
  await stepBy(typed, 5);
  assert.equal((await bits(typed)).step, 5);
  for (const p of [page, typed]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('the share dialog on a phone, in the dark theme, by keyboard', async () => {
  const page = await browser.page(server.url + CONFIG + '&theme=dark', { width: 390, height: 844 });
  await ready(page);
  const share = page.getByRole('button', { name: 'Share…' });
  await share.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  await dialog.waitFor();
  // Focus starts on the chosen option; the arrows choose another.
  assert.equal(await page.evaluate(() => document.activeElement.type), 'radio');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('.share-link').value.includes('weights='));
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the dialog fits the phone');
  await page.screenshot({ path: join(artifacts, 'share-dialog-phone-dark.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Share…');
  // Hidden by the link like any control.
  const hidden = await browser.page(server.url + '#shareButton_hide=true');
  await ready(hidden);
  await drawn(hidden);
  assert.equal(await hidden.getByRole('button', { name: 'Share…' }).count(), 0);
  for (const p of [page, hidden]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});
