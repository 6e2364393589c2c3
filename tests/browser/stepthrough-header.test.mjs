// The step-through's header has one numbering, in the order the learner walks: "Step k of n"
// beside Back and Next, each stage button showing the steps it spans in that same numbering
// (read "Steps 5–7: Backward"), and a title that names the stage and the layer with no number of
// its own. Walked step by step on a 2-3-2-1 network (two hidden layers, 8 steps), forward with
// Next and back with Back, by the stage buttons, and announced to screen readers in the same
// words. Screenshots of the panel at each stage: desktop and 390px, light and dark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, ready, traced, useBrowser } from './harness.mjs';

const env = useBrowser();
const BASE = '#dataset=circle&x=true&y=true&networkShape=3,2&activation=tanh&seed=5';

/** The walk of a network with two hidden layers, as the learner meets it. */
const WALK = [
  ['forward.0', 'Forward: Hidden layer 1'],
  ['forward.1', 'Forward: Hidden layer 2'],
  ['forward.2', 'Forward: Output'],
  ['error.-1', 'Error'],
  ['backward.2', 'Backward: Output'],
  ['backward.1', 'Backward: Hidden layer 2'],
  ['backward.0', 'Backward: Hidden layer 1'],
  ['update.-1', 'Update'],
];
const SPANS = { Forward: '1–3', Error: '4', Backward: '5–7', Update: '8' };

const stepOf = (page) => page.evaluate(() => document.querySelector('.st').dataset.step);

/** What the header shows: the position, the title, the stage buttons' badges and names, the current one. */
function header(page) {
  return page.evaluate(() => {
    const st = document.querySelector('.st');
    const stages = [...st.querySelectorAll('.st-stage')];
    return {
      position: st.querySelector('.st-position').textContent,
      title: st.querySelector('.st-stage-title').textContent,
      badges: Object.fromEntries(stages.map((b) => [b.querySelector('.st-stage-name').textContent, b.querySelector('.st-stage-number').textContent])),
      current: stages.filter((b) => b.getAttribute('aria-current') === 'step').map((b) => b.querySelector('.st-stage-name').textContent),
      nav: st.querySelector('.st-nav').innerText,
      announced: st.querySelector(':scope > [role="status"]').textContent.trim(),
    };
  });
}

/** Is step k (1-based) inside a badge "a–b" or "a"? */
function within(badge, k) {
  const [from, to = from] = badge.split('–').map(Number);
  return from <= k && k <= to;
}

async function expectStep(page, k, { announced = true } = {}) {
  const [step, title] = WALK[k - 1];
  assert.equal(await stepOf(page), step);
  const h = await header(page);
  assert.equal(h.position, `Step ${k} of ${WALK.length}`, `the position at ${step}`);
  assert.equal(h.title, title, `the title at ${step}: the stage and the layer, no number of its own`);
  assert.deepEqual(h.badges, SPANS, 'each stage shows the steps it spans');
  assert.equal(h.current.length, 1);
  assert.ok(within(h.badges[h.current[0]], k), `step ${k} is in the current stage's span ${h.current[0]} ${h.badges[h.current[0]]}`);
  assert.equal(title.split(':')[0], h.current[0], 'the title names the current stage');
  assert.doesNotMatch(h.nav, /layer \d+ of \d+/i, 'no second count of layers');
  assert.doesNotMatch(h.title, /^\d/, 'no stage number before the title');
  if (announced) assert.equal(h.announced.replace(/\u00a0$/, ''), `Step ${k} of ${WALK.length}. ${title}.`);
}

async function move(page, selector) {
  const before = await stepOf(page);
  await page.click(selector);
  await page.waitForFunction((b) => document.querySelector('.st').dataset.step !== b, before);
}

test('2-3-2-1: one numbering at every step, forward, back and by the stage buttons', async () => {
  const page = await env.browser.page(`${env.server.url}${BASE}&mode=step`);
  await ready(page);
  await traced(page);
  await expectStep(page, 1, { announced: false }); // nothing announced before the learner moves
  for (const [stage, span] of Object.entries(SPANS)) {
    const name = `${span.includes('–') ? 'Steps' : 'Step'} ${span}: ${stage}`;
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `a stage button named "${name}"`);
  }
  for (let k = 2; k <= WALK.length; k++) {
    await move(page, '.st-next');
    await expectStep(page, k);
  }
  for (let k = WALK.length - 1; k >= 1; k--) {
    await move(page, '.st-back');
    await expectStep(page, k);
  }
  // A stage button goes to the first step of its span.
  await page.getByRole('button', { name: 'Steps 5–7: Backward' }).click();
  await page.waitForFunction(() => document.querySelector('.st').dataset.step === 'backward.2');
  await expectStep(page, 5);
  await page.getByRole('button', { name: 'Step 4: Error' }).click();
  await page.waitForFunction(() => document.querySelector('.st').dataset.step === 'error.-1');
  await expectStep(page, 4);
  // Back and Next are named by the words they show (the arrows are decoration).
  assert.equal(await page.getByRole('button', { name: 'Back', exact: true }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).count(), 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the issue\'s case, 2-2-1: "Step 5 of 6" over "Backward: Hidden layer 1", in the Backward span 4–5', async () => {
  const page = await env.browser.page(`${env.server.url}${BASE.replace('networkShape=3,2', 'networkShape=2')}&mode=step`);
  await ready(page);
  await traced(page);
  for (let k = 2; k <= 5; k++) await move(page, '.st-next');
  const h = await header(page);
  assert.equal(h.position, 'Step 5 of 6');
  assert.equal(h.title, 'Backward: Hidden layer 1');
  assert.deepEqual(h.badges, { Forward: '1–2', Error: '3', Backward: '4–5', Update: '6' });
  assert.deepEqual(h.current, ['Backward']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('screenshots: the step-through at each stage, desktop and phone, light and dark', async () => {
  const shots = { 'forward.0': 'forward', 'error.-1': 'error', 'backward.0': 'backward', 'update.-1': 'update' };
  for (const [device, width, height] of [['desktop', 1400, 900], ['phone', 390, 844]]) {
    for (const theme of ['light', 'dark']) {
      const page = await env.browser.page(`${env.server.url}${BASE}&theme=${theme}&mode=step`, { width, height });
      await ready(page);
      await traced(page);
      await page.selectOption('.st-nav select', 'off'); // the resting picture, no pulse on the links
      for (const [k, [step]] of WALK.entries()) {
        if (k > 0) await move(page, '.st-next');
        if (!shots[step]) continue;
        await page.locator('#stepthrough-panel').screenshot({ path: join(artifacts, `stepthrough-${shots[step]}-${device}-${theme}.png`) });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the ${device} page is ${overflow}px wider than the screen`);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  }
});
