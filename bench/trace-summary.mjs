// A Chromium trace of a page, recorded over CDP, and what the frame benchmarks read from it:
// the busy and CPU time of each thread (bench/frame-trace.mjs) and the page's main-thread CPU
// per frame (bench/frame-time.mjs).

/** The trace categories both benchmarks need: top-level tasks (with thread time) and rAF callbacks. */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'];

/** Chromium's names for a thread's outermost task, depending on the thread's kind. */
const TOP = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'RunTask']);

/** Records `seconds` of trace from `page`; returns the trace events. */
export async function recordTrace(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  await page.waitForTimeout(seconds * 1000);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events;
}

function threadNames(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  return names;
}

/**
 * Each thread's outermost tasks, as [start, end, cpu] in µs sorted by start; a task nested in
 * another (or overlapping it) is merged into it, so each µs is counted once. Wall time can
 * include time the thread waited for a core; the outermost task's tdur is the CPU time the
 * thread actually got.
 */
function outermostTasks(events) {
  const spans = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !TOP.has(e.name) || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!spans.has(key)) spans.set(key, []);
    spans.get(key).push([e.ts, e.ts + e.dur, e.tdur ?? e.dur]);
  }
  const tasks = new Map();
  for (const [key, list] of spans) {
    list.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const [s, e, t] of list) {
      const last = merged[merged.length - 1];
      if (last && s < last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e, t]);
    }
    tasks.set(key, merged);
  }
  return tasks;
}

/** Busy time per thread (ms per s of wall time, and CPU ms per s), its tasks and its largest task (ms). */
export function summarize(events, seconds) {
  const names = threadNames(events);
  const rows = [];
  for (const [key, list] of outermostTasks(events)) {
    let wall = 0, cpu = 0, max = 0;
    for (const [s, e, t] of list) {
      wall += e - s;
      cpu += t;
      max = Math.max(max, e - s);
    }
    rows.push({ thread: names.get(key) ?? key, pid: key.split(':')[0], perSecond: wall / 1000 / seconds,
      cpu: cpu / 1000 / seconds, max: max / 1000, tasks: list.length });
  }
  return rows.filter((r) => r.perSecond >= 1).sort((a, b) => b.perSecond - a.perSecond);
}

/**
 * The page's main thread (CrRendererMain of the renderer that ran rAF callbacks), frame by frame:
 * a frame starts with the outermost task that fires animation frames, and holds every task up to
 * the next such task. Returns the CPU ms of each frame (the tasks' summed tdur), the CPU ms per
 * second of the whole window, the number of frames, and the window's length in s.
 */
export function mainThreadFrames(events) {
  const names = threadNames(events);
  const fired = events.filter((e) => e.name === 'FireAnimationFrame' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  if (fired.length === 0) return null;
  const key = `${fired[0].pid}:${fired[0].tid}`;
  const tasks = outermostTasks(events).get(key) ?? [];
  const firedAt = fired.filter((e) => `${e.pid}:${e.tid}` === key).map((e) => e.ts).sort((a, b) => a - b);
  // Which tasks start a frame: those that contain a FireAnimationFrame (two walks in step).
  const starts = [];
  let f = 0;
  tasks.forEach(([s, e], i) => {
    while (f < firedAt.length && firedAt[f] < s) f++;
    if (f < firedAt.length && firedAt[f] <= e) starts.push(i);
  });
  const perFrame = [];
  for (let j = 0; j + 1 < starts.length; j++) {
    let cpu = 0;
    for (let i = starts[j]; i < starts[j + 1]; i++) cpu += tasks[i][2];
    perFrame.push(cpu / 1000);
  }
  if (tasks.length === 0) return null;
  const window = (tasks[tasks.length - 1][1] - tasks[0][0]) / 1e6;
  const cpu = tasks.reduce((sum, t) => sum + t[2], 0) / 1000;
  return { perFrame, cpuPerSecond: cpu / window, frames: starts.length, seconds: window };
}
