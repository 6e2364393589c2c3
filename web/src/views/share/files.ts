// The downloads: a file from text or a Blob through an object URL and <a download> (works on any
// static host and in a sandboxed frame that allows downloads), and the output heatmap as a PNG.
import { classColours, classTables, css, paintClasses } from '../../class-colours';
import { colourOf, colourTable, paint, PALETTES, rangeScaling, type Rgb } from '../../heatmap';
import { meaning } from '../../model';
import { classIndex, dataClasses } from '../../problems';
import { DOMAIN } from '../../state';
import type { Shown } from '../../view';
import type { Frame } from '../../trainer';

/** The output picture's side: the 100 × 100 grid, each cell 4 × 4 pixels. */
const SCALE = 4;

export function saveFile(contents: Blob | string, name: string, type = 'text/plain'): void {
  const blob = typeof contents === 'string' ? new Blob([contents], { type }) : contents;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `classes` 0: regression (each label a value on the scale); else each point its class's colour. */
function dots(ctx: CanvasRenderingContext2D, list: ArrayLike<number>, state: Readonly<Shown>, classes: number,
  colours: readonly Rgb[], scale: number, stroke: string, width: number): void {
  const palette = PALETTES[state.palette][state.theme];
  ctx.lineWidth = width;
  ctx.strokeStyle = stroke;
  for (let i = 0; i + 2 < list.length; i += 3) {
    ctx.beginPath();
    ctx.arc((list[i] + DOMAIN) * scale, (DOMAIN - list[i + 1]) * scale, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = classes === 0 ? colourOf(list[i + 2], palette) : css(colours[classIndex(list[i + 2], classes)] ?? palette.neutral);
    ctx.fill();
    ctx.stroke();
  }
}

/**
 * The output neuron's heatmap with the data points, as the output panel draws them, from the
 * frame itself (so it works when the output panel is not shown). `background` is what the
 * page shows through the heatmap's slightly transparent colours.
 */
export function outputPng(frame: Frame, state: Readonly<Shown>, background: string): Promise<Blob> {
  const { output: grid, outputSize: n } = frame.snapshot;
  if (!grid || grid.length < n * n) return Promise.reject(new Error('the output is not computed yet'));
  const cells = new OffscreenCanvas(n, n);
  const cellContext = cells.getContext('2d');
  const side = n * SCALE;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext('2d');
  if (!cellContext || !ctx) return Promise.reject(new Error('this browser cannot draw the picture'));
  const image = cellContext.createImageData(n, n);
  const palette = PALETTES[state.palette][state.theme];
  const units = Math.floor(grid.length / (n * n));
  const colours = classColours(palette, state.palette, state.theme, Math.max(2, units));
  if (units > 1) {
    paintClasses(image, grid, 0, n, units, classTables(colours, palette.neutral, 190), state.discretize);
  } else {
    const { scale, centre } = rangeScaling(meaning(frame.info.config.output).range);
    paint(image, grid, grid.length - n * n, n, colourTable(palette, 190), state.discretize, scale, centre);
  }
  cellContext.putImageData(image, 0, 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, side, side);
  ctx.drawImage(cells, 0, 0, side, side);
  const data = frame.info.data;
  if (data) {
    const classes = dataClasses(data);
    const scale = side / (2 * DOMAIN);
    if (state.showTestData) dots(ctx, data.testPoints, state, classes, colours, scale, state.theme === 'dark' ? '#000' : '#111', 1.6);
    dots(ctx, data.trainPoints, state, classes, colours, scale, '#fff', 1);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('this browser cannot make a PNG'))), 'image/png'));
}
