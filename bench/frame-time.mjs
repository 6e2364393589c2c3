// Frame time of the built page (dist/) in Chromium while it trains: how often the page draws,
// how many engine results it shows, how long a commit (every view's render) takes, and how long
// a click waits for the next frame while the largest network trains. Builds nothing: run
// `npm run build` (or vite) first. A measurement, not a test: it exits 1 only if it could not run.
//
//   node bench/frame-time.mjs                 # 1 s warm-up, 5 s per case, 20 clicks
//   node bench/frame-time.mjs --seconds 2 --warmup 0.5 --clicks 5   # a quick look
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { launch, ready, root, serve } from '../tests/browser/harness.mjs';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
const SECONDS = option('seconds', 5);
const WARMUP = option('warmup', 1);
const CLICKS = option('clicks', 20);

const DEFAULT = '';
const LARGEST = 'networkShape=16,16,16,16,16,16,16,16&x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true';
const CASES = [
  { name: 'default 2-4-2-1', hash: DEFAULT, speed: 1 },
  { name: 'default 2-4-2-1', hash: DEFAULT, speed: 3 },
  { name: 'largest 7-16×8-1', hash: LARGEST, speed: 1 },
  { name: 'largest 7-16×8-1', hash: LARGEST, speed: 3 },
];

function link(hash, speed) {
  return `#${[hash, speed === 1 ? '' : `speed=${speed}`].filter(Boolean).join('&')}`;
}

/**
 * Before the page's scripts: every requestAnimationFrame callback the page registers is timed,
 * the time summed in window.__rafWork. The benchmark's own callbacks use window.__raf (untimed).
 * stats() covers the last 600 commits, warm-up and first build included; this covers exactly
 * the measured seconds.
 */
function timeAnimationFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  window.__raf = raf;
  window.__rafWork = 0;
  window.requestAnimationFrame = (callback) => raf((t) => {
    const start = performance.now();
    try {
      callback(t);
    } finally {
      window.__rafWork += performance.now() - start;
    }
  });
}

/**
 * In the page: play, wait `warmup` s, then for `seconds` s record every requestAnimationFrame
 * interval, the page's rAF work since the previous frame, tasks over 50 ms, and the distinct
 * snapshots the page holds at each frame; epochs and render statistics from window.playground.
 */
function measureInPage({ warmup, seconds }) {
  const pg = window.playground;
  const raf = window.__raf;
  return new Promise((resolve) => {
    pg.play();
    setTimeout(() => {
      const intervals = [];
      const work = [];
      let longTasks = 0;
      const observer = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
      observer.observe({ type: 'longtask' });
      let last = 0;
      let start = 0;
      let snapshot = pg.snapshot;
      let snapshots = 0;
      const startEpoch = pg.snapshot.metrics.epoch;
      const startCommits = pg.stats().commits;
      const frame = (now) => {
        intervals.push(now - last);
        work.push(window.__rafWork);
        window.__rafWork = 0;
        last = now;
        if (pg.snapshot !== snapshot) {
          snapshot = pg.snapshot;
          snapshots++;
        }
        if (now - start < seconds * 1000) {
          raf(frame);
          return;
        }
        const elapsed = (now - start) / 1000;
        const stats = pg.stats();
        pg.pause();
        observer.disconnect();
        resolve({
          intervals, work, longTasks, elapsed, snapshots, epochs: pg.snapshot.metrics.epoch - startEpoch,
          commits: stats.commits - startCommits, stats, diverged: pg.snapshot.metrics.diverged,
        });
      };
      raf((now) => {
        last = start = now;
        window.__rafWork = 0;
        raf(frame);
      });
    }, warmup * 1000);
  });
}

/** Clicks a checkbox with the real mouse `count` times while training; per click, ms from the event to the next frame. */
async function inputLatency(page, count) {
  await page.evaluate(() => {
    window.__latency = [];
    // Capturing, so it runs before the page's own handler; the next rAF callback is the start of
    // the first frame that can show the click's effect.
    window.addEventListener('click', (event) => {
      const handled = performance.now();
      window.__raf(() => {
        const now = performance.now(); // not the callback's argument: that is the frame's start, maybe before the handler
        window.__latency.push({ fromEvent: now - event.timeStamp, fromHandler: now - handled, queued: handled - event.timeStamp });
      });
    }, true);
    window.playground.play();
  });
  await page.waitForTimeout(WARMUP * 1000);
  const box = await page.getByRole('checkbox', { name: 'Show test data' }).boundingBox();
  for (let i = 0; i < count; i++) {
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(150 + Math.random() * 100); // off the frame beat
  }
  await page.waitForFunction((n) => window.__latency.length >= n, count);
  return page.evaluate(() => {
    window.playground.pause();
    return window.__latency;
  });
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? NaN;
};
const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : '—');

function table(headers, rows) {
  const out = [`| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) out.push(`| ${row.join(' | ')} |`);
  return out.join('\n');
}

function machine() {
  let nproc = availableParallelism();
  try {
    nproc = Number(execFileSync('nproc').toString().trim());
  } catch { /* availableParallelism it is */ }
  let chromium = '';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch { /* unknown */ }
  return { nproc, cpu: cpus()[0]?.model ?? 'unknown', chromium, node: process.versions.node };
}

async function main() {
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    console.error('dist/ is missing: build the page first (npm run build)');
    process.exit(1);
  }
  const m = machine();
  const loadStart = loadavg().map((x) => x.toFixed(2));
  const server = await serve();
  const browser = await launch();
  await browser.context.addInitScript(timeAnimationFrames);
  const rows = [];
  let latency = [];
  try {
    for (const c of CASES) {
      const page = await browser.page(server.url + link(c.hash, c.speed));
      await ready(page);
      const r = await page.evaluate(measureInPage, { warmup: WARMUP, seconds: SECONDS });
      if (page.errors.length > 0) console.error(`${c.name}: page errors: ${page.errors.join('; ')}`);
      rows.push({ ...c, ...r });
      process.stderr.write(`${c.name} speed ${c.speed}: ${(r.intervals.length / r.elapsed).toFixed(1)} fps\n`);
      await page.close();
    }
    const page = await browser.page(server.url + link(LARGEST, 1));
    await ready(page);
    latency = await inputLatency(page, CLICKS);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const loadEnd = loadavg().map((x) => x.toFixed(2));

  const when = new Date().toISOString().replace('T', ' ').slice(0, 16);
  console.log(`Page frame time, ${when} UTC: ${m.cpu}, nproc ${m.nproc}, load average ${loadStart.join(' ')} (start) / ${loadEnd.join(' ')} (end)`);
  console.log(`${m.chromium || 'Chromium'} headless, --disable-gpu (software raster); Node ${m.node}; ${WARMUP} s warm-up, ${SECONDS} s measured per case\n`);
  console.log(table(
    ['network', 'speed', 'fps', 'rAF interval median / p95 / max (ms)', 'snapshots/s', 'commits/s', 'epochs (epochs/s)',
      'stats() render median / p95 / max (ms)', 'rAF work per frame median / p95 / max (ms)', 'tasks > 50 ms'],
    rows.map((r) => [
      r.name, String(r.speed), (r.intervals.length / r.elapsed).toFixed(1),
      `${ms(quantile(r.intervals, 0.5))} / ${ms(quantile(r.intervals, 0.95))} / ${ms(Math.max(...r.intervals))}`,
      (r.snapshots / r.elapsed).toFixed(1),
      (r.commits / r.elapsed).toFixed(1),
      `${r.epochs} (${(r.epochs / r.elapsed).toFixed(1)})${r.diverged ? ' diverged' : ''}`,
      `${ms(r.stats.renderMedian)} / ${ms(r.stats.render95)} / ${ms(r.stats.renderMax)}`,
      `${ms(quantile(r.work, 0.5))} / ${ms(quantile(r.work, 0.95))} / ${ms(Math.max(...r.work))}`,
      String(r.longTasks),
    ]),
  ));
  const from = latency.map((l) => l.fromEvent);
  const handler = latency.map((l) => l.fromHandler);
  console.log(`\nInput latency, largest network training at speed 1, ${latency.length} clicks on "Show test data":`);
  console.log(`  event → next frame: median ${ms(quantile(from, 0.5))} ms, p95 ${ms(quantile(from, 0.95))}, max ${ms(Math.max(...from))}`);
  console.log(`  handler → next frame: median ${ms(quantile(handler, 0.5))} ms, p95 ${ms(quantile(handler, 0.95))}, max ${ms(Math.max(...handler))}`);
  console.log(`  event queued before its handler ran: median ${ms(quantile(latency.map((l) => l.queued), 0.5))} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
