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
import { NETWORKS, link } from './frame-cases.mjs';
import { recordTrace, summarize } from './trace-summary.mjs';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const CASE = option('case', 'largest');
const SPEED = Number(option('speed', '1'));
const SECONDS = Number(option('seconds', '3'));
const DPR = Number(option('dpr', '1'));
const OUT = option('out', '');
const CSS = option('css', ''); // an experiment: CSS added to the page, e.g. '.nn-surface { display: none }'

async function main() {
  const c = NETWORKS[CASE];
  if (!c) throw new Error(`no case ${CASE}; one of ${Object.keys(NETWORKS).join(', ')}`);
  const server = await serve();
  const browser = await launch({ deviceScaleFactor: DPR });
  try {
    const page = await browser.page(server.url + link(c.hash, SPEED));
    await ready(page);
    if (CSS) await page.addStyleTag({ content: CSS });
    await page.evaluate(() => window.playground.play());
    await page.waitForTimeout(1000);
    const load = loadavg()[0].toFixed(2);
    const events = await recordTrace(page, SECONDS);
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
