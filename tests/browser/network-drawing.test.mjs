// The network's pixels in Chromium, at devicePixelRatio 1 and 2: the thumbnails are drawn on a
// canvas per column under the stage (build.ts, heatmaps.ts), the links on a canvas per gap
// between columns (link-canvas.ts; read through its readPixels, as its control went to an
// OffscreenCanvas). Each link's colour at its midpoint and each neuron's thumbnail at its centre
// are compared with what the frame's snapshot says they should be, worked out here by hand.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { artifacts, drawn, ready, useBrowser } from './harness.mjs';

// heatmap.ts's palettes (light theme).
const PALETTES = {
  default: { negative: [245, 147, 34], neutral: [232, 234, 235], positive: [8, 119, 189] },
  colorblind: { negative: [213, 94, 0], neutral: [236, 236, 236], positive: [0, 114, 178] },
};

/** The colour of t in [-1, 1] between neutral and the sign's colour. */
function mix(t, palette) {
  const to = t < 0 ? palette.negative : palette.positive;
  return palette.neutral.map((c, j) => c + (to[j] - c) * Math.abs(t));
}

/**
 * A weight link's colour: min(|w|, 1) in 20 levels, at least a quarter of the way to the sign's
 * colour so a small weight still shows (links.ts).
 */
function linkColour(w, palette) {
  const q = Math.round(Math.min(1, Math.abs(w)) * 20);
  return mix(q === 0 ? 0.25 : Math.sign(w) * (0.25 + (0.75 * q) / 20), palette);
}

/** A heatmap cell's colour: v in [-1, 1] on the 256-entry colour table (heatmap.ts). */
function cellColour(v, palette) {
  const u = Math.max(-1, Math.min(1, v));
  return mix(Math.round((u + 1) * 0.5 * 255) / 255 * 2 - 1, palette);
}

const off = (a, b) => Math.max(...b.map((c, j) => Math.abs(a[j] - c))); // RGB of a against b

/**
 * Per link, in parameter order: its weight, its colour level (from data-looks) and the canvas pixel (RGBA) at its
 * midpoint. Per neuron: its grid values around its centre and its canvas pixel there. And each
 * canvas's size next to its CSS size, and how it is enlarged.
 */
function read(page) {
  return page.evaluate(() => {
    const snapshot = window.playground.snapshot;
    const { grid, gridSize: n, parameters } = snapshot;
    const stage = document.querySelector('#network-panel .nn-stage');
    const origin = stage.getBoundingClientRect();
    // A canvas's pixels, through readPixels where its control went offscreen (the links').
    const read = (canvas, x, y, w, h) => (canvas.readPixels ? canvas.readPixels(x, y, w, h) : canvas.getContext('2d').getImageData(x, y, w, h)).data;
    const devicePx = (canvas, x, y) => {
      const box = canvas.getBoundingClientRect();
      return [Math.floor(((x - (box.left - origin.left)) * canvas.width) / box.width), Math.floor(((y - (box.top - origin.top)) * canvas.height) / box.height)];
    };
    const pixel = (canvas, x, y) => [...read(canvas, ...devicePx(canvas, x, y), 1, 1)];
    // A 1 px curve can cross the pixel of its midpoint at a corner: the most covered of the 3×3 around it.
    const covered = (canvas, x, y) => {
      const [px, py] = devicePx(canvas, x, y);
      const data = read(canvas, px - 1, py - 1, 3, 3);
      let best = 0;
      for (let i = 1; i < 9; i++) if (data[4 * i + 3] > data[4 * best + 3]) best = i;
      return [...data.slice(4 * best, 4 * best + 4)];
    };
    const canvases = [...stage.querySelectorAll('canvas')];
    const under = (selector, x, y) => canvases.filter((c) => c.matches(selector)).find((c) => {
      const box = c.getBoundingClientRect();
      const [left, top] = [box.left - origin.left, box.top - origin.top];
      return x >= left && x < left + box.width && y >= top && y < top + box.height;
    });
    const state = window.playground.getState();
    const inputs = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'].filter((f) => state[f]).length;
    const layers = [inputs, ...state.networkShape, 1];
    const weights = [];
    let at = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const count = layers[l] * layers[l + 1];
      weights.push(...parameters.subarray(at, at + count));
      at += count + layers[l + 1];
    }
    const looks = stage.querySelector('.nn-hits').dataset.looks.split(' ');
    const links = [...stage.querySelectorAll('.nn-hit')].map((path, k) => {
      const middle = path.getPointAtLength(path.getTotalLength() / 2); // the curve is symmetric about t = 0.5
      const canvas = under('.nn-links', middle.x, middle.y);
      return { w: weights[k], level: Number(looks[k].split('/')[1]), rgba: canvas ? covered(canvas, middle.x, middle.y) : null };
    });
    // Hidden neurons and the output follow the features in the grid, each n×n, row-major.
    const neurons = [...stage.querySelectorAll('.nn-neuron')].map((node, k) => {
      const box = node.getBoundingClientRect();
      const [x, y] = [box.left - origin.left + box.width / 2, box.top - origin.top + box.height / 2];
      const block = (inputs + k) * n * n;
      // The cells the centre pixel can blend when n cells are scaled to the node's device pixels
      // (downscaling with mipmaps reaches about twice the cells a pixel covers).
      const reach = Math.max(1, 2 * Math.ceil(n / (box.width * window.devicePixelRatio)));
      const centre = [];
      for (let row = Math.floor(n / 2) - reach; row < Math.ceil(n / 2) + reach; row++) {
        for (let col = Math.floor(n / 2) - reach; col < Math.ceil(n / 2) + reach; col++) centre.push(grid[block + row * n + col]);
      }
      const canvas = under('.nn-surface', x, y);
      return { centre, rgba: canvas ? pixel(canvas, x, y) : null };
    });
    const sizes = canvases.map((c) => ({ thumbnails: c.matches('.nn-surface'), width: c.width, height: c.height,
      css: [c.getBoundingClientRect().width, c.getBoundingClientRect().height], rendering: getComputedStyle(c).imageRendering }));
    const counts = { columns: stage.querySelectorAll('.nn-surface').length, gaps: stage.querySelectorAll('.nn-links').length };
    return { links, neurons, sizes, counts, ratio: window.devicePixelRatio };
  });
}

function check(drawing, palette, what) {
  assert.ok(drawing.links.length > 0 && drawing.neurons.length > 0, what);
  for (const [k, { w, level, rgba }] of drawing.links.entries()) {
    assert.ok(rgba, `${what}: link ${k} lies on the canvas`);
    assert.equal(level, Math.sign(w) * Math.round(Math.min(1, Math.abs(w)) * 20) || 0, `${what}: link ${k}'s colour level for w = ${w}`);
    assert.ok(rgba[3] >= 160, `${what}: link ${k} (w = ${w.toFixed(3)}) is drawn at its midpoint (alpha ${rgba[3]})`);
    const want = linkColour(w, palette);
    assert.ok(off(rgba, want) <= 8, `${what}: link ${k} (w = ${w.toFixed(3)}) drawn ${rgba.slice(0, 3)}, expected ${want.map(Math.round)}`);
  }
  for (const [k, { centre, rgba }] of drawing.neurons.entries()) {
    assert.ok(rgba, `${what}: neuron ${k} lies on the canvas`);
    assert.equal(rgba[3], 255, `${what}: neuron ${k}'s thumbnail is opaque`);
    // Scaled to the node, the centre pixel blends the middle cells: it lies within their colours.
    const colours = centre.map((v) => cellColour(v, palette));
    for (let j = 0; j < 3; j++) {
      const [low, high] = [Math.min(...colours.map((c) => c[j])), Math.max(...colours.map((c) => c[j]))];
      assert.ok(rgba[j] >= low - 6 && rgba[j] <= high + 6,
        `${what}: neuron ${k} centre ${rgba.slice(0, 3)} vs cells from ${Math.min(...centre).toFixed(3)} to ${Math.max(...centre).toFixed(3)} (channel ${j} in ${low}…${high})`);
    }
  }
  // The links' canvases are in device px; the thumbnails' in CSS px (a cell a pixel), enlarged
  // by whole pixels on screen (the screen itself is read in detail.test.mjs).
  for (const { thumbnails, width, height, css, rendering } of drawing.sizes) {
    const [scale, kind] = thumbnails ? [1, 'thumbnails'] : [drawing.ratio, 'links'];
    assert.equal(width, Math.round(css[0] * scale), `${what}: a ${kind} canvas's width is its CSS width × ${scale}`);
    assert.equal(height, Math.round(css[1] * scale), `${what}: a ${kind} canvas's height is its CSS height × ${scale}`);
    if (thumbnails) assert.equal(rendering, 'pixelated', `${what}: the thumbnails are enlarged by whole pixels`);
  }
}

const env = useBrowser();
const screens = { 1: env, 2: useBrowser({ deviceScaleFactor: 2 }) }; // by devicePixelRatio

for (const ratio of [1, 2]) {
  test(`at devicePixelRatio ${ratio} the link and thumbnail canvases show the frame's weights and neuron outputs`, async () => {
    // One input fanning out to three tanh neurons and back into the output: no two links' midpoints overlap.
    const screen = screens[ratio];
    const page = await screen.browser.page(`${screen.server.url}#seed=5&x=true&y=false&networkShape=3&activation=tanh&learningRate=0.1`);
    await ready(page);
    await page.evaluate(() => window.playground.step(60));
    await page.waitForFunction(() => window.playground.snapshot.metrics.step === 60);
    await drawn(page);
    const drawing = await read(page);
    assert.equal(drawing.ratio, ratio);
    assert.equal(drawing.links.length, 6);
    assert.equal(drawing.neurons.length, 4);
    assert.deepEqual(drawing.counts, { columns: 3, gaps: 2 }, 'a canvas per column of thumbnails and per gap of links');
    check(drawing, PALETTES.default, `ratio ${ratio}`);
    await page.locator('#network-panel .nn-stage').screenshot({ path: join(artifacts, `network-drawing-${ratio}x.png`) });

    // A new palette redraws every link and thumbnail in its colours.
    await page.evaluate(() => window.playground.setState({ palette: 'colorblind' }));
    await drawn(page);
    check(await read(page), PALETTES.colorblind, `ratio ${ratio}, colour-blind palette`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('the largest network: 1,920 links on 9 canvases and 136 thumbnails on 9, every link drawn at its midpoint in some colour', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=3&networkShape=16,16,16,16,16,16,16,16&x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true`);
  await ready(page);
  await page.evaluate(() => window.playground.step(5));
  // A draw strokes about 25,000 device rows of links a frame (link-canvas.ts), a quarter of a
  // gap's height at a time: the nine gaps of 16 × 16 links (about 540,000 rows) take some 22 frames.
  for (let i = 0; i < 20; i++) await drawn(page);
  const counts = await page.evaluate(() => ({
    surfaces: document.querySelectorAll('#network-panel .nn-surface').length,
    gaps: document.querySelectorAll('#network-panel .nn-links').length,
    hits: document.querySelectorAll('#network-panel .nn-hit').length,
    canvases: document.querySelectorAll('#network-panel .nn-stage canvas').length,
  }));
  // The features' column, eight hidden layers and the output; a gap after each but the last.
  assert.deepEqual(counts, { surfaces: 10, gaps: 9, hits: 1920, canvases: 19 });
  const { links } = await read(page);
  assert.ok(links.every((l) => l.rgba && l.rgba[3] > 0), 'something is drawn at every link’s midpoint');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a frame redraws only the rows of the links that changed, and leaves the pixels a redraw of everything would', async () => {
  const page = await env.browser.page(`${env.server.url}#seed=7&x=true&y=true&networkShape=8,8,4&learningRate=0.1`);
  await ready(page);
  const pixels = () => page.evaluate(() => [...document.querySelectorAll('#network-panel .nn-links')]
    .map((c) => Array.from(c.readPixels(0, 0, c.width, c.height).data)));
  const levels = () => page.$eval('#network-panel .nn-hits', (g) => g.dataset.looks);
  // Single steps, until some links changed their look and others kept it: bands were redrawn.
  const start = await levels();
  for (let i = 0; i < 40 && (await levels()) === start; i++) {
    await page.evaluate(() => window.playground.step(1));
    await drawn(page);
  }
  assert.notEqual(await levels(), start, 'some link changed its look');
  const partial = await pixels();
  // A palette there and back redraws every gap whole.
  await page.evaluate(() => window.playground.setState({ palette: 'colorblind' }));
  await drawn(page);
  await page.evaluate(() => window.playground.setState({ palette: 'default' }));
  await drawn(page);
  const whole = await pixels();
  assert.equal(partial.length, 4, 'a canvas per gap');
  // Compared premultiplied (a nearly transparent pixel's own RGB is noise). Skia antialiases a
  // stroke cut by the band's clip a little differently from a whole one (supersampled, not
  // analytic: a thin, nearly level edge can gain or lose a quarter of a pixel's coverage), so a
  // few edge pixels differ by up to 64 of 255; a link left out or drawn twice would differ by
  // more, along its whole length.
  partial.forEach((gap, g) => {
    let largest = 0;
    let edges = 0;
    for (let p = 0; p < gap.length; p += 4) {
      const [a, b] = [gap[p + 3], whole[g][p + 3]];
      let d = Math.abs(a - b);
      for (let j = 0; j < 3; j++) d = Math.max(d, Math.abs((gap[p + j] * a - whole[g][p + j] * b) / 255));
      largest = Math.max(largest, d);
      if (d > 16) edges++;
    }
    assert.ok(largest <= 64, `gap ${g}: a pixel differs from a whole redraw by ${largest.toFixed(1)} of 255`);
    assert.ok(edges <= gap.length / 4 / 500, `gap ${g}: ${edges} pixels differ from a whole redraw by more than 16 of 255`);
  });
  assert.deepEqual(page.errors, []);
  await page.close();
});

/**
 * Coverage along the horizontal link from the middle hidden neuron to the output of
 * `x → 3 → output`: per device column, the summed alpha of the rows around its centre line.
 */
/**
 * Per screen column along a level link (the middle hidden neuron to the output), how far its
 * pixels are from the panel's colour, summed over the 12 rows around it: read from a screenshot,
 * since the flow's ticks are an SVG over the canvas's solid links (network/flow.ts).
 */
async function alongLevelLink(page) {
  const box = await page.evaluate(() => {
    const path = [...document.querySelectorAll('#network-panel .nn-hit')][4]; // W_1, input 2 of 3 (the middle neuron)
    const matrix = path.getScreenCTM();
    const at = (length) => new DOMPoint(path.getPointAtLength(length).x, path.getPointAtLength(length).y).matrixTransform(matrix);
    const [start, end] = [at(0), at(path.getTotalLength())];
    return { level: Math.abs(start.y - end.y) < 0.01, x: Math.ceil(start.x + 4), width: Math.floor(end.x - 4) - Math.ceil(start.x + 4), y: Math.round(start.y) - 6 };
  });
  const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: 12 } });
  const sums = await page.evaluate(async (base64) => {
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
    const panel = getComputedStyle(document.querySelector('#network-panel')).backgroundColor.match(/\d+/g).map(Number);
    return Array.from({ length: width }, (_, x) => {
      let sum = 0;
      for (let row = 0; row < height; row++) for (let c = 0; c < 3; c++) sum += Math.abs(data[4 * (row * width + x) + c] - panel[c]);
      return sum;
    });
  }, png.toString('base64'));
  return { level: box.level, sums };
}

/** Is the line broken by dashes: some column far below the usual coverage? */
function dashed(sums) {
  const sorted = [...sums].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  assert.ok(median > 100, `the link is drawn (median coverage ${median})`);
  return sorted[0] < 0.8 * median;
}

test('while a small network trains its links flow as dashes; paused, or under prefers-reduced-motion, they are solid', async () => {
  const url = `${env.server.url}#seed=5&x=true&y=false&networkShape=3`;
  const page = await env.browser.page(url);
  await ready(page);
  await page.evaluate(() => window.playground.step(20));
  await drawn(page);
  const still = await alongLevelLink(page);
  assert.ok(still.level, 'the middle neuron and the output are level');
  assert.equal(dashed(still.sums), false, 'paused: solid');
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.snapshot.metrics.step > 40);
  await drawn(page);
  const playing = await alongLevelLink(page);
  assert.equal(dashed(playing.sums), true, 'playing: dashes');
  // The ticks move a px per 100 ms slot (text-pace.ts): a few slots later they are elsewhere.
  await page.waitForTimeout(350);
  const later = await alongLevelLink(page);
  assert.equal(dashed(later.sums), true, 'still dashes');
  assert.notDeepEqual(later.sums, playing.sums, 'the dashes moved along the link');
  await page.evaluate(() => window.playground.pause());
  await drawn(page);
  await drawn(page);
  assert.equal(dashed((await alongLevelLink(page)).sums), false, 'paused again: solid');
  assert.deepEqual(page.errors, []);
  await page.close();

  const calm = await env.browser.context.newPage();
  await calm.emulateMedia({ reducedMotion: 'reduce' });
  await calm.goto(url);
  await ready(calm);
  await calm.evaluate(() => window.playground.play());
  await calm.waitForFunction(() => window.playground.snapshot.metrics.step > 40);
  await drawn(calm);
  assert.equal(dashed((await alongLevelLink(calm)).sums), false, 'reduced motion: solid while playing');
  await calm.close();
});
