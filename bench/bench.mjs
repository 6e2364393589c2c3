// npm run bench: the engine's speed on the workloads of bench/workloads.mjs, same run, same
// machine: native (build/native/bench_native), WebAssembly SIMD and baseline in Node, and both
// again in headless Chromium (bench/bench.html). Prints one table and the targets; never fails
// on a figure (this is a measurement, not a test).
//
//   node bench/bench.mjs [--json FILE] [--only W1,W2] [--quick] [--no-browser] [--serve]
//                        [--seconds S] [--reps N] [--warmup S]
//
//   --json FILE   also write every result (and the machine) as JSON
//   --only IDS    run only these workloads
//   --quick       short timings (a smoke run: figures are rough)
//   --no-browser  skip Chromium
//   --seconds, --reps, --warmup   override bench/workloads.mjs's TIMING
//   --serve       only serve the repository root on 127.0.0.1 to open bench/bench.html by hand
import { spawnSync, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { WORKLOADS, TIMING } from './workloads.mjs';
import { runWorkloads } from './run-wasm.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const nativeBinary = join(root, 'build/native/bench_native');
const engineEntry = join(root, 'dist/engine/index.mjs');

// ---- command line ------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { json: null, only: null, quick: false, browser: true, serve: false, timing: {} };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '--json' && i + 1 < argv.length) options.json = argv[++i];
    else if (arg === '--only' && i + 1 < argv.length) options.only = argv[++i].split(',').map((s) => s.trim().toUpperCase());
    else if (arg === '--quick') options.quick = true;
    else if (['--seconds', '--reps', '--warmup'].includes(arg) && i + 1 < argv.length) {
      const value = Number(argv[++i]);
      if (!(value > 0) || (arg === '--reps' && !Number.isInteger(value))) {
        console.error(`bench: ${arg} needs a number > 0 (got '${argv[i]}')`);
        process.exit(2);
      }
      options.timing[{ '--seconds': 'seconds', '--reps': 'repetitions', '--warmup': 'warmupSeconds' }[arg]] = value;
    }
    else if (arg === '--no-browser') options.browser = false;
    else if (arg === '--serve') options.serve = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/bench.mjs [--json FILE] [--only W1,W2,W3,GRID] [--quick] [--no-browser] [--serve] [--seconds S] [--reps N] [--warmup S]');
      process.exit(0);
    } else {
      console.error(`bench: unexpected argument '${arg}' (see --help)`);
      process.exit(2);
    }
  }
  const ids = WORKLOADS.map((w) => w.id);
  for (const id of options.only ?? []) {
    if (!ids.includes(id)) {
      console.error(`bench: --only: no workload '${id}' (workloads: ${ids.join(', ')})`);
      process.exit(2);
    }
  }
  return options;
}

const progress = (text) => process.stderr.write(`bench: ${text}\n`);

// ---- machine -----------------------------------------------------------------------------

function machine() {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {}
  let nproc = availableParallelism();
  try {
    nproc = Number(execFileSync('nproc').toString().trim());
  } catch {}
  let emscripten = 'unknown';
  try {
    emscripten = readFileSync('/usr/share/emscripten/emscripten-version.txt', 'utf8').trim().replace(/"/g, '');
  } catch {}
  return { nproc, cpu, loadavg: loadavg().map((x) => Number(x.toFixed(2))), node: process.versions.node, v8: process.versions.v8, emscripten };
}

// ---- native ------------------------------------------------------------------------------

function timingArgs(timing) {
  return ['--warmup', timing.warmupSeconds, '--seconds', timing.seconds, '--reps', timing.repetitions, '--call-ms', timing.callMs].map(String);
}

function runNative(timing, only) {
  if (!existsSync(nativeBinary)) throw new Error(`${nativeBinary} is missing: run bash .ci/setup.sh (npm run bench does)`);
  const args = ['--workloads', '-', ...timingArgs(timing), ...(only ? ['--only', only.join(',')] : [])];
  const run = spawnSync(nativeBinary, args, { input: JSON.stringify(WORKLOADS), maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench_native failed (exit ${run.status}): ${run.stderr.toString().trim()}`);
  const lines = run.stdout.toString().trim().split('\n').map((line) => JSON.parse(line));
  return { info: lines.find((l) => l.info)?.info ?? {}, results: lines.filter((l) => l.workload) };
}

// ---- Node ----------------------------------------------------------------------------------

async function runNode(timing, only) {
  if (!existsSync(engineEntry)) throw new Error(`${engineEntry} is missing: run bash .ci/setup.sh (npm run bench does)`);
  const { loadEngine } = await import(new URL(`file://${engineEntry}`).href);
  const out = {};
  for (const variant of ['simd', 'baseline']) {
    const engine = await loadEngine({ simd: variant === 'simd' });
    out[variant] = await runWorkloads(engine, { workloads: WORKLOADS, timing, only, log: (t) => progress(`node ${t}`) });
  }
  return out;
}

// ---- Chromium ------------------------------------------------------------------------------

const types = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A static server of the repository root on 127.0.0.1 (a free port); resolves to { server, url }. */
function serveRoot(port = 0) {
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) return response.writeHead(403).end('forbidden');
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        // Cross-origin isolation: the page gets fine-grained performance.now() (5 µs, not 100 µs).
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      response.end(await readFile(file));
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveServer({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

async function runChromium(timing, only) {
  const { chromium } = await import('playwright-core');
  const { server, url } = await serveRoot();
  let browser;
  try {
    // launch() gives the browser a fresh temporary user-data dir of its own, removed on close.
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('console', (message) => progress(`chromium ${message.text()}`));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}bench/bench.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 }).catch(() => {
      throw new Error(`bench/bench.html did not load${errors.length ? `: ${errors.join('; ')}` : ''}`);
    });
    const info = await page.evaluate(() => ({ userAgent: navigator.userAgent, isolated: self.crossOriginIsolated }));
    const out = await page.evaluate((options) => window.runBench(options), { timing, only });
    return { version: browser.version(), userAgent: info.userAgent, crossOriginIsolated: info.isolated, simdSupported: out.simdSupported, results: out.results };
  } finally {
    await browser?.close().catch(() => {});
    server.close();
  }
}

// ---- report --------------------------------------------------------------------------------

const COLUMNS = [
  ['native', 'native'],
  ['nodeSimd', 'Node SIMD'],
  ['nodeBaseline', 'Node baseline'],
  ['chromiumSimd', 'Chromium SIMD'],
  ['chromiumBaseline', 'Chromium baseline'],
];

// The issue's figures on this machine kind (samples/s; GRID: grids/s).
const REFERENCE = { W1: 3e6, W2: 38e3, W3: 550e3, GRID: 850 };
const TFJS = { W1: 4e3, W2: 3.2e3, W3: 38e3, GRID: 63 };
const TARGET = { W1: 2e6, W2: 25e3, W3: 400e3, GRID: 500 };

function figure(result) {
  if (!result || result.error) return undefined;
  return result.gridsPerSecond ?? result.samplesPerSecond;
}

function human(value) {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  return value.toFixed(0);
}

const ratio = (a, b, digits = 2) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(digits)}x` : '-');

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function byWorkload(results) {
  const out = {};
  for (const [key] of COLUMNS) {
    for (const r of results[key] ?? []) (out[r.workload] ??= {})[key] = r;
  }
  return out;
}

function targets(cells) {
  const lines = [];
  const verdict = (value, goal) => (value === undefined ? 'not measured' : value >= goal ? 'MET' : 'NOT met');
  for (const id of ['W1', 'W2', 'W3', 'GRID']) {
    const c = cells[id];
    if (!c) continue;
    const unit = id === 'GRID' ? 'grids/s' : 'samples/s';
    for (const [key, name] of [['nodeSimd', 'Node'], ['chromiumSimd', 'Chromium']]) {
      const v = figure(c[key]);
      lines.push({ target: `${id} wasm SIMD >= ${human(TARGET[id])} ${unit}`, where: name, value: human(v), verdict: verdict(v, TARGET[id]) });
    }
  }
  const w2 = cells.W2;
  if (w2) {
    for (const [simd, base, name] of [['nodeSimd', 'nodeBaseline', 'Node'], ['chromiumSimd', 'chromiumBaseline', 'Chromium']]) {
      const s = figure(w2[simd]), b = figure(w2[base]);
      lines.push({ target: 'W2 SIMD >= 3x baseline', where: name, value: ratio(s, b, 3), verdict: s === undefined || b === undefined ? 'not measured' : verdict(s / b, 3) });
    }
    for (const [simd, name] of [['nodeSimd', 'Node'], ['chromiumSimd', 'Chromium']]) {
      const s = figure(w2[simd]), n = figure(w2.native);
      lines.push({ target: 'W2 wasm SIMD >= 0.8x native', where: name, value: ratio(s, n, 3), verdict: s === undefined || n === undefined ? 'not measured' : verdict(s / n, 0.8) });
    }
  }
  return lines;
}

/** The runners must have run the same workloads: same parameters, rows and random data. */
function consistency(cells) {
  const problems = [];
  for (const [id, c] of Object.entries(cells)) {
    for (const field of ['parameterCount', 'trainCount', 'testCount', 'neurons', 'dataChecksum']) {
      const values = new Map(Object.entries(c).filter(([, r]) => r[field] !== undefined).map(([k, r]) => [k, r[field]]));
      if (new Set(values.values()).size > 1) problems.push(`${id}: ${field} differs: ${JSON.stringify(Object.fromEntries(values))}`);
    }
  }
  return problems;
}

function report(run) {
  const cells = byWorkload(run.results);
  const ids = WORKLOADS.map((w) => w.id).filter((id) => cells[id]);
  const out = [];
  const m = run.machine;
  out.push(`Backprop Playground benchmark, ${run.date}`);
  out.push(`machine: ${m.cpu}, nproc ${m.nproc}, load average ${m.loadavg.join(' ')} (at start) / ${run.loadavgEnd.join(' ')} (at end)`);
  out.push(`Node ${m.node} (V8 ${m.v8}); Chromium ${run.chromium ? `${run.chromium.version} (cross-origin isolated: ${run.chromium.crossOriginIsolated})` : "(not run)"}; Emscripten ${m.emscripten}; native g++ ${run.nativeInfo.compiler ?? '?'}`);
  out.push(`timing per cell: warm-up >= ${run.timing.warmupSeconds} s, median of ${run.timing.repetitions} runs of >= ${run.timing.seconds} s, calls of ~${run.timing.callMs} ms`);
  out.push('');
  out.push('Training: samples/s (steps x batch / s, the per-call metrics refresh excluded); GRID: grids/s.');
  const header = ['', ...COLUMNS.map(([, name]) => name), 'SIMD/baseline (Node)', 'SIMD/native (Node)'];
  const rows = ids.map((id) => {
    const c = cells[id];
    return [id, ...COLUMNS.map(([key]) => human(figure(c[key]))), ratio(figure(c.nodeSimd), figure(c.nodeBaseline)), ratio(figure(c.nodeSimd), figure(c.native))];
  });
  out.push(table(header, rows));
  out.push('');
  out.push('step(k) as called, including its metrics refresh (a forward pass over every train and test row per call):');
  const trainIds = ids.filter((id) => cells[id].native?.samplesPerSecond !== undefined || cells[id].nodeSimd?.samplesPerSecond !== undefined);
  out.push(table(['', ...COLUMNS.map(([, name]) => name)], trainIds.flatMap((id) => {
    const c = cells[id];
    return [
      [`${id} samples/s`, ...COLUMNS.map(([key]) => human(c[key]?.apiSamplesPerSecond))],
      [`${id} refresh ms/call`, ...COLUMNS.map(([key]) => (c[key]?.refreshMsPerCall === undefined ? '-' : c[key].refreshMsPerCall.toFixed(2)))],
      [`${id} k (steps/call)`, ...COLUMNS.map(([key]) => c[key]?.stepsPerCall ?? '-')],
    ];
  })));
  out.push('');
  out.push('Targets (reference: a blocked simd128 implementation on this machine kind; TF.js 4.22 wasm):');
  out.push(table(['target', 'where', 'measured', 'verdict'], targets(cells).map((t) => [t.target, t.where, t.value, t.verdict])));
  out.push(`reference ${ids.map((id) => `${id} ${human(REFERENCE[id])}`).join(', ')}; TF.js 4.22 wasm ${ids.map((id) => `${id} ${human(TFJS[id])}`).join(', ')}`);
  const noisy = [];
  for (const id of ids) {
    for (const [key, name] of COLUMNS) {
      const reps = cells[id][key]?.repetitions;
      if (reps?.length > 1 && Math.max(...reps) > 1.25 * Math.min(...reps))
        noisy.push(`${name} ${id} (${human(Math.min(...reps))} to ${human(Math.max(...reps))})`);
    }
  }
  out.push(noisy.length ? `noisy cells (repetitions differ by > 25%: other load on the machine?): ${noisy.join(', ')}` : 'repetitions within 25% of each other in every cell');
  const problems = consistency(cells);
  out.push(problems.length ? `CONSISTENCY PROBLEMS:\n  ${problems.join('\n  ')}` : 'consistency: every runner ran the same networks on the same data (parameters, rows, W2 data checksum)');
  if (run.errors.length) out.push(`ERRORS:\n  ${run.errors.join('\n  ')}`);
  return out.join('\n');
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.serve) {
    const { url } = await serveRoot(Number(process.env.PORT ?? 8090));
    console.log(`benchmark page: ${url}bench/bench.html`);
    return;
  }
  const timing = { ...TIMING, ...(options.quick ? { warmupSeconds: 0.2, seconds: 0.2, repetitions: 1 } : {}), ...options.timing };
  const started = performance.now();
  const run = { date: new Date().toISOString(), machine: machine(), timing, workloads: WORKLOADS, results: {}, errors: [], nativeInfo: {} };

  progress('native (build/native/bench_native)');
  try {
    const native = runNative(timing, options.only);
    run.nativeInfo = native.info;
    run.results.native = native.results;
  } catch (error) {
    run.errors.push(`native: ${error.message}`);
  }

  progress('Node: SIMD, then baseline');
  try {
    const node = await runNode(timing, options.only);
    run.results.nodeSimd = node.simd;
    run.results.nodeBaseline = node.baseline;
  } catch (error) {
    run.errors.push(`Node: ${error.message}`);
  }

  if (options.browser) {
    progress('headless Chromium: SIMD, then baseline');
    try {
      const browser = await runChromium(timing, options.only);
      run.chromium = { version: browser.version, userAgent: browser.userAgent, crossOriginIsolated: browser.crossOriginIsolated, simdSupported: browser.simdSupported };
      for (const [variant, key] of [['simd', 'chromiumSimd'], ['baseline', 'chromiumBaseline']]) {
        const r = browser.results[variant];
        if (Array.isArray(r)) run.results[key] = r;
        else if (r?.error) run.errors.push(`Chromium ${variant}: ${r.error}`);
      }
    } catch (error) {
      run.errors.push(`Chromium: ${error.message}`);
    }
  }

  run.loadavgEnd = loadavg().map((x) => Number(x.toFixed(2)));
  run.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  run.targets = targets(byWorkload(run.results));
  console.log(report(run));
  console.log(`(benchmark took ${run.seconds} s)`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify(run, null, 2) + '\n');
    console.log(`results written to ${options.json}`);
  }
  if (run.errors.length) process.exitCode = 1;
}

await main();
