// The network panel for images: its layers in one line, their widths to edit (up to 64 a
// layer), and what each unit of the first layer has learned to look for: its 64 incoming
// weights as an 8×8 picture, blue where a pixel's ink raises the unit, orange where it lowers
// it, each unit on its own scale. One canvas for all of them, redrawn when the weights move.
import { PIXELS, SIDE } from '../../data/digits';
import { colourTable, PALETTES } from '../../heatmap';
import { layerWidths } from '../../model';
import type { Frame } from '../../trainer';
import { releaseCanvas, type Context, type Shown, type View } from '../../view';
import { element } from '../controls/dom';
import { createWidthsField } from '../controls/widths-field';
import { largest, paintImage } from './image';
import './digits.css';

/** Units a row of the picture. */
const COLUMNS = 8;
/** Canvas pixels between two units. */
const GAP = 1;

/** "64 pixels → 32 tanh → 10 softmax". */
export function layersText(state: Readonly<Shown>): string {
  const widths = layerWidths(state);
  const hidden = state.networkShape.map((n, l) => `${n} ${state.layerActivations[l] ?? state.activation}`);
  return [`${widths[0]} pixels`, ...hidden, `${widths.at(-1)} softmax`].join(' → ');
}

export function createUnitsView(container: HTMLElement, context: Context): View {
  const root = element('div', 'digit-units');
  const heading = element('h3', 'digit-heading', 'Network');
  const layers = element('p', 'digit-layers');
  const field = createWidthsField(context);

  const caption = element('p', 'digit-caption');
  const canvas = element('canvas', 'digit-units-canvas');
  canvas.setAttribute('role', 'img');
  root.append(heading, layers, field.element, caption, canvas);
  container.append(root);

  let drawn: unknown[] = [];
  function draw(state: Readonly<Shown>, frame: Frame | null): void {
    const parameters = frame?.snapshot.parameters ?? null;
    const key = [parameters, state.palette, state.theme];
    if (key.every((v, i) => Object.is(v, drawn[i]))) return;
    drawn = key;
    const units = frame ? frame.info.config.layers[1] : 0;
    const rows = Math.ceil(units / COLUMNS);
    const columns = Math.min(units, COLUMNS);
    const width = Math.max(1, columns * (SIDE + GAP) - GAP), height = Math.max(1, rows * (SIDE + GAP) - GAP);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    if (!g || !parameters || units === 0) return;
    const palette = PALETTES[state.palette][state.theme];
    const table = colourTable(palette);
    const image = g.createImageData(width, height);
    const pixels = new Uint32Array(image.data.buffer);
    // (the gaps stay transparent: the panel's own ground)
    // W0 is (units, 64), row-major, first in the parameters: unit j's weights are row j.
    for (let j = 0; j < units; j++) {
      const left = (j % COLUMNS) * (SIDE + GAP), top = Math.floor(j / COLUMNS) * (SIDE + GAP);
      paintImage(pixels, width, left, top, parameters, j * PIXELS, 1 / largest(parameters, j * PIXELS), table);
    }
    g.putImageData(image, 0, 0);
  }

  let text = '';
  return {
    render(state, frame) {
      const layersNow = layersText(state);
      const hidden = state.networkShape.length > 0;
      const units = layerWidths(state)[1];
      const captionNow = hidden
        ? `What each of the ${units} units of the first hidden layer looks for: its 64 incoming weights as an 8×8 image (blue: ink there raises the unit; orange: lowers it; each unit on its own scale).`
        : `What each digit's output unit looks for: its 64 weights as an 8×8 image (blue: ink there raises that digit's score; orange: lowers it).`;
      if (layersNow + captionNow !== text) {
        text = layersNow + captionNow;
        layers.textContent = layersNow;
        caption.textContent = captionNow;
        canvas.setAttribute('aria-label', `${units} images of 8 by 8 weights, ${COLUMNS} a row, in unit order`);
      }
      field.render(state);
      draw(state, frame);
    },
    destroy() {
      releaseCanvas(canvas);
    },
  };
}
