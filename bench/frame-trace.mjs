// Where a frame's time goes: a Chromium trace of the built page training, summed per thread.
// For each thread (the page's main thread, the engine worker, the compositor, the raster
// workers, the display compositor) it prints the busy milliseconds per second of wall time, from
// the trace's top-level tasks, and the largest task. A tool for the drawing work, not a test.
//
//   node bench/frame-trace.mjs                          # the largest network at speed 1, 3 s
//   node bench/frame-trace.mjs --case default --speed 3 --seconds 5 [--dpr 2] [--out trace.json]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

import { launch, ready, serve } from '../tests/browser/harness.mjs';
import { CASES_BY_NAME, link } from './frame-cases.mjs';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const CASE = option('case', 'largest');
const SPEED = Number(option('speed', '1'));
const SECONDS = Number(option('seconds', '3'));
const DPR = Number(option('dpr', '1'));
const OUT = option('out', '');
const CSS = option('css', ''); // an experiment: CSS added to the page, e.g. '.nn-link-canvas { display: none }'

async function trace(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  await page.waitForTimeout(seconds * 1000);
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

/** Busy time per thread: the union of its top-level tasks' intervals (nested tasks counted once). */
function summarize(events, seconds) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const TOP = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'RunTask']);
  const spans = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !TOP.has(e.name) || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!spans.has(key)) spans.set(key, []);
    spans.get(key).push([e.ts, e.ts + e.dur, e.tdur ?? e.dur]);
  }
  const rows = [];
  for (const [key, list] of spans) {
    list.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    // Wall time can include time the thread waited for a core; the outermost task's tdur is
    // the CPU time the thread actually got.
    let total = 0, cpu = 0, max = 0, count = 0, start = -Infinity, end = -Infinity;
    const close = () => {
      if (end > start) { total += end - start; max = Math.max(max, end - start); count++; }
    };
    for (const [s, e, t] of list) {
      if (s >= end) { close(); start = s; end = e; cpu += t; } else if (e > end) end = e;
    }
    close();
    rows.push({ thread: names.get(key) ?? key, pid: key.split(':')[0], perSecond: total / 1000 / seconds,
      cpu: cpu / 1000 / seconds, max: max / 1000, tasks: count });
  }
  return rows.filter((r) => r.perSecond >= 1).sort((a, b) => b.perSecond - a.perSecond);
}

async function main() {
  const c = CASES_BY_NAME[CASE];
  if (!c) throw new Error(`no case ${CASE}; one of ${Object.keys(CASES_BY_NAME).join(', ')}`);
  const server = await serve();
  const browser = await launch({ deviceScaleFactor: DPR });
  try {
    const page = await browser.page(server.url + link(c.hash, SPEED));
    await ready(page);
    if (CSS) await page.addStyleTag({ content: CSS });
    await page.evaluate(() => window.playground.play());
    await page.waitForTimeout(1000);
    const load = loadavg()[0].toFixed(2);
    const events = await trace(page, SECONDS);
    await page.evaluate(() => window.playground.pause());
    if (OUT) writeFileSync(OUT, JSON.stringify({ traceEvents: events }));
    console.log(`${c.name}, speed ${SPEED}, DPR ${DPR}, ${SECONDS} s traced, load average ${load}`);
    console.log('| thread | pid | busy ms per s (wall) | CPU ms per s | tasks | largest task ms |\n|---|---|---:|---:|---:|---:|');
    for (const r of summarize(events, SECONDS)) {
      console.log(`| ${r.thread} | ${r.pid} | ${r.perSecond.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.tasks} | ${r.max.toFixed(1)} |`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
