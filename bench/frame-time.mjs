// Frame time of the built page (dist/) in Chromium while it trains (issue 11's targets): how
// often the page draws, how many engine results it shows, how much main-thread work a frame
// costs, how long a click waits for the next frame, on a quiet machine and under a second
// CPU-bound process. Builds nothing: build the page first. A measurement, not a test: it exits 1
// only if it could not run; the verdict table says which targets are met.
//
//   node bench/frame-time.mjs                 # every case: 1 s warm-up, 5 s + 2 s trace each, 20 clicks
//   node bench/frame-time.mjs --seconds 2 --warmup 0.5 --clicks 5   # a quick look
//   options: --only <part of a case name>  --json <file>  --no-trace  --no-load  --shots
//            --dist <dir>  (another build of the page, e.g. an earlier commit's, for an A/B comparison)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { artifacts, launch, ready, root, serve } from '../tests/browser/harness.mjs';
import { startLoad } from './cpu-load.mjs';
import { startThreadCpu } from './thread-cpu.mjs';
import { CASES, link, NETWORKS } from './frame-cases.mjs';
import { clickLatency, measureWindow, timeAnimationFrames } from './frame-page.mjs';
import { verdicts } from './frame-verdicts.mjs';
import { mainThreadFrames, recordTrace } from './trace-summary.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const flag = (name) => args.includes(`--${name}`);
const SECONDS = Number(option('seconds', 5));
const WARMUP = Number(option('warmup', 1));
const CLICKS = Number(option('clicks', 20));
const ONLY = option('only', '');
const JSON_OUT = option('json', '');
const TRACE = !flag('no-trace');
const LOAD = !flag('no-load');
const SHOTS = flag('shots');
const DIST = option('dist', join(root, 'dist'));
/** The trace window after the measured one: long enough for ~100 frames, short enough to keep the run under 4 minutes. */
const TRACE_SECONDS = 2;
/** Above this 1-minute load average at the start, the report warns that the machine was busy. */
const QUIET = 0.5;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? NaN;
};
const spread = (values) => ({ median: quantile(values, 0.5), p95: quantile(values, 0.95), max: values.length ? Math.max(...values) : NaN });
const ms = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** The figures of one measured window (frame-page.mjs's measureWindow). */
function windowFigures(w) {
  const frames = w.intervals.length;
  const seen = Object.keys(w.details);
  return {
    fps: frames / w.elapsed,
    interval: spread(w.intervals),
    longTasks: { count: w.longTasks.length, max: w.longTasks.length ? Math.max(...w.longTasks) : 0 },
    newPerFrame: w.snapshots / frames,
    epochsPerSecond: w.epochs / w.elapsed,
    commitsPerSecond: w.commits / w.elapsed,
    rafWork: spread(w.work),
    // Under load the page may lower detail for part of the window: any reduced frame counts.
    detail: w.details.reduced ? 'reduced' : seen.some((v) => v !== 'absent') ? 'full' : '—',
    details: w.details,
    epochs: w.epochs,
    elapsed: w.elapsed,
    diverged: w.diverged,
    stats: w.stats,
    raw: { intervals: w.intervals, rafWork: w.work, longTasks: w.longTasks },
  };
}

/** Main-thread CPU per frame from the trace window; also CPU ms per s ÷ the trace's frames per s. */
function mainFigures(frames) {
  if (!frames || frames.perFrame.length === 0) return null;
  const fps = frames.frames / frames.seconds;
  return { ...spread(frames.perFrame), cpuPerSecond: frames.cpuPerSecond, fps, perFps: frames.cpuPerSecond / fps,
    raw: frames.perFrame };
}

/** Each renderer thread's CPU ms per frame over the measured window, untraced (thread-cpu.mjs); null if unread. */
function threadFigures(ms, frames) {
  if (!ms || frames === 0) return null;
  return Object.fromEntries(Object.entries(ms).map(([name, total]) => [name, total / frames]));
}

function latencyFigures(latency) {
  const from = latency.map((l) => l.fromEvent);
  return { clicks: latency.length, ...spread(from), handler: spread(latency.map((l) => l.fromHandler)),
    queued: quantile(latency.map((l) => l.queued), 0.5), raw: latency };
}

/**
 * One case on a fresh page: play, warm up, the measured window, then (same page, still training)
 * the trace window, the screenshot and the clicks.
 */
async function measureCase(browser, server, c) {
  const page = await browser.page(server.url + link(NETWORKS[c.network].hash, c.speed, c.extra));
  try {
    await ready(page);
    await page.evaluate(() => window.playground.play());
    await page.waitForTimeout(WARMUP * 1000);
    const cpu = startThreadCpu();
    const result = windowFigures(await page.evaluate(measureWindow, { seconds: SECONDS }));
    result.threads = threadFigures(cpu?.end(), result.raw.intervals.length);
    if (TRACE) result.main = mainFigures(mainThreadFrames(await recordTrace(page, TRACE_SECONDS)));
    if (SHOTS && c.shot) await page.screenshot({ path: join(artifacts, c.shot) });
    if (c.clicks && CLICKS > 0) result.latency = latencyFigures(await clickLatency(page, CLICKS));
    await page.evaluate(() => window.playground.pause());
    result.pageErrors = page.errors;
    return result;
  } finally {
    await page.close();
  }
}

function run(command, argv) {
  try {
    return execFileSync(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: Number(run('nproc', [])) || availableParallelism(),
    chromium: run('/usr/bin/chromium', ['--version']) || 'Chromium (version unknown)',
    node: process.versions.node,
    commit: run('git', ['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: run('git', ['status', '--porcelain']) !== '',
  };
}
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function table(headers, rows) {
  const out = [`| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) out.push(`| ${row.join(' | ')} |`);
  return out.join('\n');
}

function report(m, loads, cases, results) {
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16);
  console.log(`\nPage frame time, ${when} UTC, commit ${m.commit}${m.dirty ? ' (tree dirty)' : ''}: ${m.cpu}, nproc ${m.nproc}`);
  console.log(`${m.chromium} headless, --disable-gpu (software raster); Node ${m.node}`);
  console.log(`${WARMUP} s warm-up, ${SECONDS} s measured, ${TRACE ? `${TRACE_SECONDS} s traced` : 'no trace'} per case`);
  console.log(`load average ${loads.start} (start) / ${loads.end} (end)${loads.loaded ? `; with the load process: ${loads.loaded.start} (its start) / ${loads.loaded.end} (its end)` : ''}`);
  // The targets are for a quiet machine: on 2 cores another process costs frames first.
  if (Number(loads.start.split(' ')[0]) > QUIET) console.log(`the machine was not quiet (1-minute load average over ${QUIET} at the start): the figures are not the targets' conditions`);
  console.log('');
  const rows = cases.map((c) => {
    const r = results.get(c.name);
    if (r.error) return [c.name, NETWORKS[c.network].name, `error: ${r.error}`, '', '', '', '', '', '', '', ''];
    return [
      c.name, `${NETWORKS[c.network].name}${c.extra ? ` ${c.extra}` : ''}, speed ${c.speed}, DPR ${c.dpr}${c.load ? ', load' : ''}`,
      ms(r.fps), `${ms(r.interval.median)} / ${ms(r.interval.p95)} / ${ms(r.interval.max)}`,
      `${r.longTasks.count}${r.longTasks.count ? ` (max ${ms(r.longTasks.max, 0)})` : ''}`,
      ms(r.newPerFrame, 2), `${ms(r.epochsPerSecond)}${r.diverged ? ' diverged' : ''}`,
      `${ms(r.rafWork.median)} / ${ms(r.rafWork.p95)}`,
      r.main ? `${ms(r.main.median)} / ${ms(r.main.p95)} (${ms(r.main.perFps)})` : '—',
      r.threads ? `${ms(r.threads.main)} / ${ms(r.threads.DedicatedWorker)}` : '—',
      r.detail,
    ];
  });
  console.log(table(['case', 'page', 'fps', 'interval median / p95 / max (ms)', 'tasks > 50 ms', 'new results per frame',
    'epochs/s', 'rAF work per frame median / p95 (ms)', 'main-thread CPU per frame median / p95 (CPU ms/s ÷ fps) (ms)',
    'untraced CPU per frame, main / worker (ms)', 'detail'], rows));
  const clicked = cases.filter((c) => results.get(c.name).latency);
  if (clicked.length) {
    console.log(`\nClick → next frame ("Show test data", real mouse, 150–250 ms apart):\n`);
    console.log(table(['case', 'clicks', 'event → next frame median / p95 / max (ms)', 'handler → next frame median / max (ms)', 'queued median (ms)'],
      clicked.map((c) => {
        const l = results.get(c.name).latency;
        return [c.name, String(l.clicks), `${ms(l.median)} / ${ms(l.p95)} / ${ms(l.max)}`, `${ms(l.handler.median)} / ${ms(l.handler.max)}`, ms(l.queued)];
      })));
  }
  const checked = verdicts(results);
  console.log('\nTargets:\n');
  console.log(table(['target', 'measured', 'verdict'], checked.map((v) => [v.target, v.measured, v.verdict])));
  return checked;
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error(`${DIST} holds no page: build it first (npx vite build --config web/vite.config.ts)`);
    process.exit(1);
  }
  const cases = CASES.filter((c) => c.name.includes(ONLY) && (LOAD || !c.load));
  if (cases.length === 0) throw new Error(`no case matches "${ONLY}"; cases: ${CASES.map((c) => c.name).join(', ')}`);
  const m = machine();
  const loads = { start: load() };
  const results = new Map();
  const server = await serve(DIST);
  let browser = null;
  let dpr = 0;
  let cpuLoad = null;
  try {
    for (const c of cases) {
      if (c.dpr !== dpr) {
        await browser?.close();
        browser = await launch({ deviceScaleFactor: c.dpr });
        await browser.context.addInitScript(timeAnimationFrames);
        dpr = c.dpr;
      }
      if (c.load && !cpuLoad) {
        cpuLoad = startLoad();
        await cpuLoad.started;
        loads.loaded = { start: load() };
      }
      try {
        results.set(c.name, await measureCase(browser, server, c));
      } catch (error) {
        results.set(c.name, { error: error.message.split('\n')[0] });
      }
      const r = results.get(c.name);
      r.loadAverage = loadavg()[0]; // the 1-minute figure at the case's end, for reading a surprising case
      if (r.pageErrors?.length) console.error(`${c.name}: page errors: ${r.pageErrors.join('; ')}`);
      process.stderr.write(`${c.name}: ${r.error ? `error: ${r.error}` : `${r.fps.toFixed(1)} fps`}\n`);
    }
  } finally {
    if (cpuLoad) {
      loads.loaded.end = load();
      cpuLoad.stop();
    }
    await browser?.close();
    await server.close();
  }
  loads.end = load();
  const checked = report(m, loads, cases, results);
  if (JSON_OUT) {
    const options = { seconds: SECONDS, warmup: WARMUP, clicks: CLICKS, traceSeconds: TRACE ? TRACE_SECONDS : 0, only: ONLY, load: LOAD };
    writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), machine: m, options, loadavg: loads,
      cases: cases.map((c) => ({ ...c, link: link(NETWORKS[c.network].hash, c.speed, c.extra), ...results.get(c.name) })),
      verdicts: checked }, null, 1));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
