// Training ahead (web/src/engine/worker.ts): at a speed whose steps do not fit a frame's budget
// the worker trains the rest after its reply, while the page draws. What the page shows must
// still be the engine's state once it stops: a paused page asks for a fresh snapshot, so the
// next single step moves the step count by exactly one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NETWORKS, link } from '../../bench/frame-cases.mjs';
import { ready, useBrowser } from './harness.mjs';

const env = useBrowser();

// TensorFlow Playground's largest network with minibatches of 1 at speed 10: 2,500 steps a frame,
// far more than a frame's budget, on a network small enough to keep full detail (a reduced
// frame would be redrawn on pausing anyway, hiding what this checks).
test('at speed 10 with minibatches of 1 the worker trains ahead, and a paused page shows the engine as it is', async (t) => {
  const page = await env.browser.page(env.server.url + link(NETWORKS.tfp.hash, 10, 'batchSize=1'));
  await ready(page);
  // Pause in a frame at full detail whose snapshot left steps to train ahead (a reduced one would
  // be redrawn on pausing anyway, hiding what this checks).
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const pg = window.playground;
    const root = document.querySelector('.bp-playground');
    let most = 0;
    const watch = () => {
      const ahead = pg.snapshot?.ahead ?? 0;
      most = Math.max(most, ahead);
      const epoch = pg.snapshot?.metrics.epoch ?? 0;
      if ((epoch > 400 && ahead > 0 && root.dataset.detail === 'full') || epoch > 5000) {
        pg.pause();
        resolve({ most, ahead });
      } else requestAnimationFrame(watch);
    };
    pg.play();
    requestAnimationFrame(watch);
  }));
  if (seen.ahead === 0) t.diagnostic('no frame at full detail left steps to train ahead on this machine: the pause was not tested there');
  else t.diagnostic(`paused on a frame that left ${seen.ahead} steps to train ahead (up to ${seen.most})`);

  // A request still out when the pause came lands after it; then the fresh snapshot of a paused
  // page: no steps left over, full detail, and the count no longer moves.
  const paused = await page.evaluate(() => new Promise((resolve) => {
    const pg = window.playground;
    const end = performance.now() + 5000;
    let last = -1;
    const settle = () => {
      const { metrics: { step }, ahead, gridSize } = pg.snapshot;
      if ((step === last && ahead === 0 && gridSize === 34) || performance.now() > end) resolve({ step, ahead, gridSize });
      else setTimeout(settle, 300);
      last = step;
    };
    settle();
  }));
  assert.deepEqual({ ahead: paused.ahead, gridSize: paused.gridSize }, { ahead: 0, gridSize: 34 }, 'a fresh snapshot after the pause');

  // One step from what is shown: the count moves by one (steps trained ahead but not shown would add to it).
  await page.evaluate(() => window.playground.step(1));
  assert.equal(await page.evaluate(() => window.playground.snapshot.metrics.step), paused.step + 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});
