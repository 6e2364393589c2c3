// Draws the web app icons (web/public/icons/*.png, referenced by web/public/manifest.webmanifest)
// with the canvas of Debian's Chromium: a 2-3-1 network, links blue and orange as on the page.
//   node web/make-icons.mjs      (the PNGs are checked in; run again only to change them)
import { writeFileSync } from 'node:fs';

import { chromium } from 'playwright-core';

const out = new URL('./public/icons/', import.meta.url);
const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  // Maskable: the background fills the square and the drawing keeps inside the central circle
  // of 80 % (the safe zone a launcher's mask never cuts).
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

function draw(size, maskable) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d');
  const s = size / 512;
  g.fillStyle = '#1f6fb2';
  if (maskable) g.fillRect(0, 0, size, size);
  else {
    g.beginPath();
    g.roundRect(16 * s, 16 * s, 480 * s, 480 * s, 96 * s);
    g.fill();
  }
  // The drawing on a 512 grid, shrunk to the safe zone when maskable.
  const k = maskable ? 0.78 : 1;
  const at = ([x, y]) => [(256 + (x - 256) * k) * s, (256 + (y - 256) * k) * s];
  const layers = [[[128, 176], [128, 336]], [[256, 128], [256, 256], [256, 384]], [[384, 256]]];
  const links = [
    [0, 0, 1, 0, '#ffffff', 14], [0, 0, 1, 1, '#f59322', 8], [0, 1, 1, 1, '#ffffff', 6], [0, 1, 1, 2, '#f59322', 16],
    [0, 0, 1, 2, '#ffffff', 4], [0, 1, 1, 0, '#f59322', 4],
    [1, 0, 2, 0, '#ffffff', 16], [1, 1, 2, 0, '#f59322', 10], [1, 2, 2, 0, '#ffffff', 8],
  ];
  g.lineCap = 'round';
  for (const [la, a, lb, b, colour, width] of links) {
    g.strokeStyle = colour;
    g.lineWidth = width * k * s;
    g.beginPath();
    g.moveTo(...at(layers[la][a]));
    g.lineTo(...at(layers[lb][b]));
    g.stroke();
  }
  for (const layer of layers) {
    for (const node of layer) {
      g.beginPath();
      g.arc(...at(node), 38 * k * s, 0, 2 * Math.PI);
      g.fillStyle = '#ffffff';
      g.fill();
      g.lineWidth = 10 * k * s;
      g.strokeStyle = '#0b3d66';
      g.stroke();
    }
  }
  return canvas.toDataURL('image/png');
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of ICONS) {
    const url = await page.evaluate(`(${draw})(${size}, ${maskable})`);
    writeFileSync(new URL(file, out), Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    console.log(`web/public/icons/${file}: ${size} × ${size}`);
  }
} finally {
  await browser.close();
}
