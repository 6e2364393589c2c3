// "Export as code" in Chromium: the share dialog's two Python downloads. The NumPy script of the
// network on screen, run by python3 with NumPy, predicts the page's own 100 × 100 output grid
// within 1e-5; the PyTorch script compiles; the buttons work from the keyboard, say what they
// give for the data in use (a table's row), and pass axe in light and dark. Screenshots of the
// dialog (light, dark, a 390 px phone) go to test-results/.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { artifacts, ready, useBrowser } from './harness.mjs';

const env = useBrowser();
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0) ?? null;
const AXE = readFileSync(join(createRequire(import.meta.url).resolve('axe-core'), '../axe.min.js'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'bp-export-code-page-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = '#dataset=xor&activation=relu&networkShape=5,3&xTimesY=true&sinX=true&seed=5&learningRate=0.1';

function python(dir, args) {
  if (!PYTHON) assert.fail('no python3 with NumPy on this machine: apt-get install -y python3-numpy');
  return execFileSync(PYTHON, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

async function openShare(page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this playground' });
  await dialog.waitFor();
  return dialog;
}

/** Clicks (or, with `key`, focuses and presses Enter on) a button; the download's name and text. */
async function download(page, name, key = false) {
  const button = page.getByRole('button', { name });
  const [file] = await Promise.all([page.waitForEvent('download'), key ? button.focus().then(() => page.keyboard.press('Enter')) : button.click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** axe over the open dialog: its violations as lines. */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run('.share-dialog', { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary}`));
  });
}

test('the NumPy script downloaded from the dialog predicts the page\'s own output grid within 1e-5; the PyTorch script compiles', async (t) => {
  const page = await env.browser.page(env.server.url + CONFIG);
  await ready(page);
  await page.evaluate(() => window.playground.step(300));
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Export as code' });
  await section.waitFor();
  const hint = await section.locator('.share-hint').textContent();
  assert.match(hint, /network\.py: these weights and the forward pass in NumPy; predict\(x, y\) gives the predictions shown here\./);
  assert.match(hint, /network_torch\.py: .*training loop over the Data points \(CSV\) above/);
  const numpyButton = section.getByRole('button', { name: 'NumPy script (.py)' });
  assert.equal(await numpyButton.isEnabled(), true);
  assert.equal(await numpyButton.getAttribute('aria-describedby'), await section.locator('.share-hint').getAttribute('id'));
  assert.deepEqual(await audit(page), []);

  const numpy = await download(page, 'NumPy script (.py)', true);
  assert.equal(numpy.name, 'network.py');
  const { output, outputSize: n, parameters, step } = await page.evaluate(() => {
    const s = window.playground.snapshot;
    return { output: Array.from(s.output), outputSize: s.outputSize, parameters: s.parameters.length, step: s.metrics.step };
  });
  assert.equal(n, 100, 'the paused page draws its output at 100 × 100');
  assert.match(numpy.text, new RegExp(`The weights are the playground's at step ${step.toLocaleString('en-US')}\\.`));
  assert.match(numpy.text, /Made from:\s+http:\/\/127\.0\.0\.1:\d+\/#v=1&activation=relu/);
  const dir = join(work, 'plane');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'network.py'), numpy.text);
  const predicted = JSON.parse(python(dir, ['-c', [
    'import json, sys', "sys.path.insert(0, '.')", 'from network import grid', 'import network',
    `print(json.dumps({"grid": grid(${n}).astype(float).ravel().tolist(), "count": sum(getattr(network, k).size for k in dir(network) if k[0] in "Wb" and k[1:].isdigit())}))`,
  ].join('\n')]));
  assert.equal(predicted.count, parameters, 'every weight and bias is in the file');
  let largest = 0;
  predicted.grid.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - output[i]))));
  t.diagnostic(`max |difference| ${largest.toExponential(2)} against the page's 100 × 100 output`);
  assert.ok(largest <= 1e-5, `max |difference| ${largest} against the page's output`);
  assert.match(python(dir, ['network.py']), /^predict\(-3\.0, 3\.0\) = -?[\d.]+ {2}\((blue|orange)\)$/m);

  const torch = await download(page, 'PyTorch script (.py)');
  assert.equal(torch.name, 'network_torch.py');
  writeFileSync(join(dir, 'network_torch.py'), torch.text);
  python(dir, ['-m', 'py_compile', 'network_torch.py']);
  assert.match(torch.text, /return torch\.optim\.SGD\(model\.parameters\(\), lr=0\.1\)/);
  await page.screenshot({ path: join(artifacts, 'export-code-dialog.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('penguins: the dialog offers predict(row), and the NumPy script runs on a row of the table', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=penguins&theme=dark`);
  await ready(page);
  await page.evaluate(() => window.playground.step(200));
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Export as code' });
  assert.match(await section.locator('.share-hint').textContent(), /predict\(row\) gives the predictions shown here.*training loop over the table's CSV file/);
  assert.deepEqual(await audit(page), [], 'dark theme');
  const numpy = await download(page, 'NumPy script (.py)');
  const dir = join(work, 'penguins');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'network.py'), numpy.text);
  assert.match(python(dir, ['network.py']), /classify\(EXAMPLE\) = (Adelie|Gentoo|Chinstrap)\nits true species: Adelie/);
  await page.screenshot({ path: join(artifacts, 'export-code-dialog-dark.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const theme of ['light', 'dark']) test(`on a 390 px phone (${theme}) the code buttons are one under the other, inside the dialog`, async () => {
  const page = await env.browser.page(`${env.server.url}${CONFIG}&theme=${theme}`, { width: 390, height: 844 });
  await ready(page);
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Export as code' });
  await section.scrollIntoViewIfNeeded();
  const boxes = await Promise.all(['NumPy script (.py)', 'PyTorch script (.py)'].map((name) => section.getByRole('button', { name }).boundingBox()));
  const frame = await dialog.boundingBox();
  assert.ok(boxes[1].y >= boxes[0].y + boxes[0].height, 'stacked');
  for (const box of boxes) assert.ok(box.x >= frame.x && box.x + box.width <= frame.x + frame.width, 'inside the dialog');
  assert.deepEqual(await audit(page), []);
  await page.screenshot({ path: join(artifacts, `export-code-dialog-phone-${theme}.png`) });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('with nothing trained (your own points, none drawn yet) the code buttons are off and the dialog says why', async () => {
  const page = await env.browser.page(`${env.server.url}#dataset=custom`);
  await page.getByRole('button', { name: 'Share…' }).waitFor();
  const dialog = await openShare(page);
  const section = dialog.getByRole('region', { name: 'Export as code' });
  assert.equal(await section.locator('.share-hint').textContent(), 'Not available now: there is no network yet (it needs data to train on).');
  for (const name of ['NumPy script (.py)', 'PyTorch script (.py)']) assert.equal(await section.getByRole('button', { name }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
