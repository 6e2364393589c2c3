// The trainer's pipeline (web/src/trainer.ts PIPELINE): while a run plays past its first
// history points, a result waits a frame as the spare before it is shown. Whatever the timing,
// results must be shown in the engine's order, every one must reach the history once, in
// order, and a pause must show the newest state with nothing still waiting.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NETWORKS, link } from '../../bench/frame-cases.mjs';
import { ready, useBrowser } from './harness.mjs';

const env = useBrowser();

test('pipelined results are shown in order, each reaches the history once, and a pause shows the newest', async () => {
  const page = await env.browser.page(env.server.url + link(NETWORKS.largest.hash, 3));
  await ready(page);
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const pg = window.playground;
    const steps = [];
    const watch = () => {
      steps.push(pg.snapshot.metrics.step);
      // Past the young run (64 history points, one request at a time) and 200 frames into the pipeline.
      if (steps.length < 400) requestAnimationFrame(watch);
      else {
        pg.pause();
        resolve(steps);
      }
    };
    pg.play();
    requestAnimationFrame(watch);
  }));
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `frame ${i}: step ${seen[i]} after ${seen[i - 1]}`);
  assert.ok(new Set(seen).size > 200, `most frames showed a new result (${new Set(seen).size} of ${seen.length})`);

  // The requests still out at the pause land after it; then nothing moves.
  const settled = await page.evaluate(() => new Promise((resolve) => {
    const pg = window.playground;
    let last = -1;
    const settle = () => {
      const step = pg.snapshot.metrics.step;
      if (step === last) resolve(step);
      else setTimeout(settle, 300);
      last = step;
    };
    settle();
  }));
  // The history: strictly increasing steps (no result recorded twice or out of order), ending at the shown one.
  const steps = await page.evaluate(() => Array.from(window.playground.frame.history.step));
  assert.ok(steps.length > 64, `the run's points (${steps.length})`);
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i] > steps[i - 1], `history point ${i}: ${steps[i]} after ${steps[i - 1]}`);
  assert.equal(steps[steps.length - 1], settled, 'the last point is the shown step');
  // From what is shown, one step moves the count by one: nothing was trained and left unshown.
  await page.evaluate(() => window.playground.step(1));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), settled + 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});
