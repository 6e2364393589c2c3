// What bench/frame-time.mjs runs inside the page: the rAF timing wrapper (an init script), the
// measured window and the click listener, each serialized by playwright (so each uses only what
// it defines and the page's globals); and clickLatency, which drives the clicks from Node.

/**
 * Before the page's scripts: every requestAnimationFrame callback the page registers is timed,
 * the time summed in window.__rafWork. The benchmark's own callbacks use window.__raf (untimed).
 */
export function timeAnimationFrames() {
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
 * For `seconds` s of a page that is already training, every rAF: the interval since the frame
 * before, the page's rAF work since then, whether the page holds a new snapshot (an engine
 * result), and the page's detail indicator (`[data-detail]`, set by the page when it lowers
 * detail under load). Also the long tasks (> 50 ms) and the epochs trained in the window.
 * stats() covers the last 600 commits, warm-up included; this covers exactly the window.
 */
export function measureWindow({ seconds }) {
  const pg = window.playground;
  const raf = window.__raf;
  return new Promise((resolve) => {
    const intervals = [];
    const work = [];
    const longTasks = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    observer.observe({ type: 'longtask' });
    const details = {};
    const detail = () => {
      const value = document.querySelector('[data-detail]')?.getAttribute('data-detail') ?? 'absent';
      details[value] = (details[value] ?? 0) + 1;
    };
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
      detail();
      if (now - start < seconds * 1000) {
        raf(frame);
        return;
      }
      observer.disconnect();
      const stats = pg.stats();
      resolve({
        intervals, work, longTasks, details, snapshots, elapsed: (now - start) / 1000,
        epochs: pg.snapshot.metrics.epoch - startEpoch, commits: stats.commits - startCommits, stats,
        diverged: pg.snapshot.metrics.diverged,
      });
    };
    raf((now) => {
      last = start = now;
      window.__rafWork = 0;
      detail();
      raf(frame);
    });
  });
}

/** In the page: from now on, per click, ms from the event (and from its handler) to the next frame. */
export function listenForClicks() {
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
}

/** Clicks "Show test data" with the real mouse (CDP input) `count` times while the page trains. */
export async function clickLatency(page, count) {
  await page.evaluate(listenForClicks);
  const box = await page.getByRole('checkbox', { name: 'Show test data' }).boundingBox();
  if (!box) throw new Error('no "Show test data" checkbox on screen');
  for (let i = 0; i < count; i++) {
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(150 + Math.random() * 100); // off the frame beat
  }
  await page.waitForFunction((n) => window.__latency.length >= n, count);
  return page.evaluate(() => window.__latency);
}
