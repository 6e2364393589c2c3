// The npm package (`npm run test:package`, the end of `npm test`). `npm pack` makes a tarball of
// the built files only; installed offline from it into a fresh project, the package
//   - imports in plain Node, where there is no window (server-side rendering), engine included;
//   - typechecks a host's TypeScript against its declarations (tsc, two module resolutions),
//     and those declarations equal the source's own types (types.ts here);
//   - bundled by Vite from `import 'backprop-playground'` (a build, and the dev server), makes a
//     page that trains in Chromium;
//   - as the classic file alone, by a <script> tag from another origin (as from a CDN), makes a
//     plain page that trains too.
// Needs the build (dist/, `npm run build`). Vite, tsc and Chromium come from this repository:
// the fresh project holds nothing but the installed package.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { build, createServer } from 'vite';

import { API_VERSION, parseMessage, SOURCE } from '../../web/src/embed/messages.ts';
import { artifacts, launch, root, serve } from '../browser/harness.mjs';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const NAME = pkg.name;

let work, tarball, packed, host, browser;

before(async () => {
  assert.ok(existsSync(join(root, 'dist/npm/backprop-playground.mjs')), 'dist/ has no package build: run npm run build first');
  work = mkdtempSync(join(tmpdir(), 'bp-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, maxBuffer: 1 << 24 });
  [packed] = JSON.parse(stdout);
  tarball = join(work, packed.filename);
  // A fresh project with nothing in it, the package installed from the tarball only.
  host = join(work, 'host');
  mkdirSync(host);
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host', version: '0.0.0', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], { cwd: host });
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('npm pack: the built files only, every export among them, no dependencies', () => {
  const files = packed.files.map((f) => f.path);
  console.log(`# ${packed.filename}: ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files`);
  for (const file of files) {
    assert.match(file, /^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$)/, `${file} is not a built file`);
    assert.doesNotMatch(file, /\.map$|node_modules|(^|\/)tests?\//, file);
  }
  for (const file of ['CHANGELOG.md', 'README.md', 'dist/npm/backprop-playground.mjs', 'dist/backprop-playground.classic.js', 'dist/backprop-playground.js',
    'dist/index.html', 'dist/embed.html', 'dist/engine/index.mjs', 'dist/engine/index.d.mts', 'dist/engine/engine-simd.mjs', 'dist/engine/engine-simd.wasm',
    'dist/engine/engine-baseline.mjs', 'dist/engine/engine-baseline.wasm', 'dist/types/backprop-playground.d.ts', 'dist/types/embed-messages.d.ts',
    'dist/npm/embed-messages.mjs']) {
    assert.ok(files.includes(file), `the package lacks ${file}`);
  }
  // Every file the exports name is in it (the chunks of the module build too: it imports them).
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))).filter((t) => !t.includes('*'));
  for (const target of [...targets, pkg.main, pkg.types, pkg.unpkg]) assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is not in the package`);
  const chunks = readdirSync(join(root, 'dist/npm/chunks')).map((f) => `dist/npm/chunks/${f}`);
  for (const chunk of chunks) assert.ok(files.includes(chunk), chunk);

  const installed = JSON.parse(readFileSync(join(host, 'node_modules', NAME, 'package.json'), 'utf8'));
  assert.equal(installed.private, undefined, 'the package is not private');
  assert.deepEqual(installed.dependencies ?? {}, {}, 'nothing to fetch on install');
  assert.deepEqual(readdirSync(join(host, 'node_modules')).filter((d) => !d.startsWith('.')), [NAME], 'the install brought nothing else');
  assert.match(installed.version, /^\d+\.\d+\.\d+$/);
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  assert.equal(/^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1], installed.version, 'CHANGELOG.md names this version first');
  const docs = readFileSync(join(root, 'docs/embedding.md'), 'utf8');
  assert.ok(docs.includes(`${NAME}@${installed.version}/`), 'docs/embedding.md pins this version in its <script> tag');
});

test('plain Node imports the package (no window: server-side rendering), and its engine trains there in both builds', async () => {
  const script = `
    const element = await import('${NAME}');
    const classic = await import('${NAME}/classic');
    const messages = await import('${NAME}/messages');
    const { loadEngine } = await import('${NAME}/engine');
    const runs = [];
    for (const simd of [true, false]) {
      const engine = await loadEngine({ simd });
      const data = engine.makeDataset({ name: 'circle', count: 200, noise: 0, trainRatio: 0.5, seed: 3, features: ['x', 'y'] });
      const session = engine.createSession({ layers: [2, 4, 1], learningRate: 0.1, seed: 3 }, data);
      const first = session.metrics().trainLoss;
      const last = session.step(2000);
      runs.push({ simd: engine.simd, first, last: last.trainLoss, accuracy: last.testAccuracy });
      session.delete();
    }
    console.log(JSON.stringify({ element: Object.keys(element), classic: Object.keys(classic), messages: { ...messages },
      window: typeof window, customElements: typeof customElements, runs }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: host });
  const result = JSON.parse(stdout);
  assert.deepEqual(result.element, [], 'the element module exports no values');
  assert.equal(result.window, 'undefined');
  assert.equal(result.customElements, 'undefined');
  assert.deepEqual(result.messages, { SOURCE, API_VERSION }, 'backprop-playground/messages has the frame\'s own constants');
  assert.deepEqual(result.runs.map((r) => r.simd), [true, false]);
  for (const r of result.runs) {
    assert.ok(r.last < r.first / 2 && r.accuracy >= 0.9, `the engine learned the circle (${JSON.stringify(r)})`);
  }
  assert.equal(result.runs[0].last, result.runs[1].last, 'SIMD and baseline train bit-identically');
});

test('the declarations: a host typechecks against the installed package, and they equal the source\'s types', async () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  writeFileSync(join(host, 'host.ts'), `
import '${NAME}';
import type { BackpropPlaygroundElement, PlaygroundState } from '${NAME}';
import { SOURCE, API_VERSION, type EmbedCommand, type EmbedMessage } from '${NAME}/messages';
import { loadEngine, type Metrics } from '${NAME}/engine';

const el: BackpropPlaygroundElement | null = document.querySelector('backprop-playground');
const made = document.createElement('backprop-playground');
made.setAttribute('config', '#dataset=xor');
made.addEventListener('progress', (event) => console.log(event.detail.trainLoss.toFixed(3)));
made.addEventListener('change', (event) => console.log(event.detail.keys.includes('learningRate'), event.detail.state.learningRate));
made.addEventListener('error', (event) => console.log(event.detail.message, event.detail.problems?.length));
made.addEventListener('click', (event) => console.log(event.clientX));
void made.step(25).then(() => made.playground?.setState({ learningRate: 0.1 }));
const state: PlaygroundState | null = made.getState();
const shape: number[] | undefined = state?.networkShape;
// @ts-expect-error: not a setting
made.playground?.setState({ learningRat: 0.1 });
const command: EmbedCommand = { source: SOURCE, version: API_VERSION, id: 1, type: 'step', n: 25 };
// @ts-expect-error: not a command
const wrong: EmbedCommand = { source: SOURCE, type: 'train' };
addEventListener('message', (event: MessageEvent<EmbedMessage>) => {
  if (event.data.type === 'ready') console.log(event.data.version, event.data.state?.dataset);
  if (event.data.type === 'progress') console.log(event.data.testLoss);
});
const metrics: Promise<Metrics> = loadEngine().then((engine) => engine.createSession({ layers: [2, 1] }, engine.makeDataset({ name: 'xor' })).metrics());
export { el, shape, command, wrong, metrics };
`);
  for (const resolution of [{ module: 'ESNext', moduleResolution: 'Bundler' }, { module: 'NodeNext', moduleResolution: 'NodeNext' }]) {
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], skipLibCheck: false, ...resolution },
      files: ['host.ts'],
    }));
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: host }).catch((error) => {
      assert.fail(`tsc (${resolution.moduleResolution}) on a host of the package:\n${error.stdout}${error.stderr}`);
    });
  }
  await run(process.execPath, [tsc, '-p', join(root, 'tests/package/tsconfig.json')], { cwd: root }).catch((error) => {
    assert.fail(`tests/package/types.ts: the declarations differ from the source's types:\n${error.stdout}${error.stderr}`);
  });
});

test('the message API carries a version: a command may name it, one above the frame\'s is refused, none means 1', () => {
  assert.equal(API_VERSION, 1);
  assert.deepEqual(parseMessage({ source: SOURCE, type: 'step', n: 5, version: 1, id: 'a' }), { kind: 'command', command: { type: 'step', n: 5, id: 'a' } });
  assert.deepEqual(parseMessage({ source: SOURCE, type: 'play' }), { kind: 'command', command: { type: 'play' } });
  assert.deepEqual(parseMessage({ source: SOURCE, type: 'play', version: 2, id: 7 }),
    { kind: 'invalid', id: 7, command: 'play', message: 'this playground speaks version 1 of the message API, not 2' });
  for (const version of [0, 1.5, '1', null]) {
    const parsed = parseMessage({ source: SOURCE, type: 'play', version });
    assert.equal(parsed.kind, 'invalid', String(version));
    assert.match(parsed.message, /^version must be a whole number/);
  }
});

/** In the page: waits for the element's ready event, plays, and resolves with its metrics once it reaches `goal` test accuracy. */
function trains(page, id, goal = 0.9) {
  return page.evaluate(([id, goal]) => new Promise((resolve, reject) => {
    const el = document.getElementById(id);
    const t0 = performance.now();
    const start = () => {
      // The first frame's numbers (the engine's first answer) before any training.
      const first = el.playground.snapshot?.metrics;
      if (!first) return setTimeout(start, 50);
      const ready = performance.now() - t0;
      el.play();
      const end = performance.now() + 40_000;
      const check = () => {
        const m = el.playground.snapshot?.metrics;
        if (m && m.testAccuracy >= goal && m.step > 0) {
          el.pause();
          resolve({ first, last: m, state: el.getState(), ready, trained: performance.now() - t0 - ready });
        }
        else if (performance.now() > end) reject(new Error(`no ${goal} accuracy in 40 s: ${JSON.stringify(m)}`));
        else setTimeout(check, 100);
      };
      check();
    };
    if (el.playground) start();
    else el.addEventListener('ready', start, { once: true });
  }), [id, goal]);
}

test('Chromium: a page bundled by Vite from import "backprop-playground" (built, and on the dev server), and a plain page with only the classic <script>, all train', async () => {
  // 1. The bundled page: the project's own source, built with Vite's API from this repository.
  const app = join(host, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bundled</title><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script></head>
<body><h1>A bundled page</h1>
<backprop-playground id="pg" label="Bundled" config="#dataset=circle&networkShape=4&learningRate=0.1&seed=2" panels="network,output"></backprop-playground>
</body></html>`);
  writeFileSync(join(app, 'main.js'), `import '${NAME}';\nwindow.bundled = customElements.get('backprop-playground') !== undefined;\n`);
  const out = join(host, 'out');
  let t = performance.now();
  await build({ root: app, configFile: false, base: './', logLevel: 'warn', build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 4000 } });
  console.log(`# vite build of the host page: ${Math.round(performance.now() - t)} ms`);
  const outputs = readdirSync(join(out, 'assets'));
  assert.ok(outputs.every((f) => /\.js$/.test(f)), `the bundle is scripts only (the worker, .wasm and CSS inlined): ${outputs.join(', ')}`);

  // 2. The classic page: its script from another origin (as from a CDN), which serves the
  // installed package's dist/ folder as it is.
  const cdn = await serve(join(host, 'node_modules', NAME, 'dist'), `/${NAME}@${pkg.version}/dist/`);
  const classic = join(host, 'classic');
  mkdirSync(classic);
  writeFileSync(join(classic, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Classic</title><link rel="icon" href="data:,">
<script src="${cdn.url}backprop-playground.classic.js"></script></head>
<body><h1>A plain page</h1>
<backprop-playground id="pg" label="Classic" config="#dataset=xor&networkShape=4&learningRate=0.1&seed=5" panels="controls,network,output"></backprop-playground>
</body></html>`);

  const bundledServer = await serve(out, '/');
  const classicServer = await serve(classic, '/');
  // 3. The same project's page on Vite's dev server (as Astro's or a Vite site's `dev`), which
  // pre-bundles the package rather than building it.
  const dev = await createServer({ root: app, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 },
    cacheDir: join(host, '.vite') });
  await dev.listen();
  const devServer = { url: dev.resolvedUrls.local[0] };
  try {
    t = performance.now();
    browser = await launch();
    console.log(`# Chromium launched in ${Math.round(performance.now() - t)} ms`);
    for (const [name, server] of [['bundled', bundledServer], ['classic', classicServer], ['dev', devServer]]) {
      const failed = [];
      const page = await browser.page('about:blank');
      page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));
      t = performance.now();
      await page.goto(server.url);
      console.log(`# ${name}: loaded in ${Math.round(performance.now() - t)} ms`);
      const { first, last, state, ready, trained } = await trains(page, 'pg');
      console.log(`# ${name}: first frame ${Math.round(ready)} ms after load, ${last.step} steps to ${last.testAccuracy} test accuracy in ${Math.round(trained)} ms`);
      await page.screenshot({ path: join(artifacts, `package-${name}.png`) });
      assert.ok(last.testAccuracy >= 0.9 && last.trainLoss < first.trainLoss, `${name}: it learned (${JSON.stringify({ first, last })})`);
      assert.equal(state.dataset, name === 'classic' ? 'xor' : 'circle');
      // The element's styles are there (its chunk injected them), and the engine worker runs inlined.
      const look = await page.evaluate(() => ({
        styles: document.querySelectorAll('style[data-backprop-playground]').length,
        display: getComputedStyle(document.getElementById('pg')).display,
        home: document.querySelector('#pg a.bp-open')?.href ?? null,
      }));
      assert.ok(look.styles > 0 && look.display === 'block', `${name}: styled (${JSON.stringify(look)})`);
      if (name === 'classic') assert.ok(look.home?.startsWith(`${cdn.url}index.html#`), `the full playground beside the classic file: ${look.home}`);
      if (name !== 'classic') assert.equal(await page.evaluate(() => window.bundled), true);
      assert.deepEqual(failed, [], `${name}: every request succeeded`);
      assert.deepEqual(page.errors, [], `${name}: no console errors`);
      await page.close();
    }
  } finally {
    // The browser first: a server's close() waits for the connections a browser keeps open.
    await browser?.close();
    browser = null;
    await dev.close();
    await bundledServer.close();
    await classicServer.close();
    await cdn.close();
  }
});
