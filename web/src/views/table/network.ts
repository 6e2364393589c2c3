// The network panel for a table: its layers in one line, their widths to edit, and the network
// drawn with its inputs named by their columns and its outputs by their classes. Each link is
// a weight (or, with the links on gradients, its last gradient): blue positive, orange
// negative, thicker and stronger the larger it is on its layer's scale; each unit's fill is its
// bias. Pointing at a link or a unit names it and gives its number. One canvas, redrawn when
// the weights move.
import { classColours, css } from '../../class-colours';
import { colourOf, PALETTES } from '../../heatmap';
import { layerWidths } from '../../model';
import { layerOffsets } from '../../parameters';
import type { Frame } from '../../trainer';
import { releaseCanvas, type Context, type Shown, type View } from '../../view';
import { element, uniqueId } from '../controls/dom';
import { createWidthsField } from '../controls/widths-field';
import { maxAbs } from '../stepthrough/diagram';
import { formatNumber } from '../stepthrough/format';
import { nearestItem, tableLayout, type Item, type Layout } from './layout';
import './table.css';

/** "4 inputs → 8 tanh → 3 softmax". */
export function tableLayersText(state: Readonly<Shown>, output: string): string {
  const widths = layerWidths(state);
  const hidden = state.networkShape.map((n, l) => `${n} ${state.layerActivations[l] ?? state.activation}`);
  return [`${widths[0]} inputs`, ...hidden, `${widths.at(-1)} ${output}`].join(' → ');
}

/** The largest |value| of each weight layer and each bias layer of `values` ([W0 b0 W1 b1 ...]), 1 for none. */
function layerScales(values: Float32Array, widths: readonly number[]): { weights: number[]; biases: number[] } {
  const offsets = layerOffsets(widths);
  return {
    weights: offsets.map((o) => maxAbs(values.subarray(o.weights, o.biases)) || 1),
    biases: offsets.map((o) => maxAbs(values.subarray(o.biases, o.biases + o.out)) || 1),
  };
}

export function createTableNetwork(container: HTMLElement, context: Context): View {
  const root = element('div', 'table-network');
  const heading = element('h3', 'table-heading', 'Network');
  const layers = element('p', 'table-layers');
  const field = createWidthsField(context);
  const caption = element('p', 'table-caption');
  const canvas = element('canvas', 'table-network-canvas');
  canvas.setAttribute('role', 'img');
  const readout = element('p', 'table-readout');
  readout.id = uniqueId('table-readout');
  readout.setAttribute('aria-live', 'polite');
  root.append(heading, layers, field.element, caption, canvas, readout);
  container.append(root);

  let state = context.shown();
  let frame: Frame | null = null;
  let layout: Layout | null = null;
  let drawn: unknown[] = [];
  let pointed: Item | null = null;

  const inputNames = (): string[] => {
    const loaded = frame?.info.loaded;
    return loaded?.kind === 'table' ? loaded.data.features : [];
  };
  const outputNames = (): string[] => {
    const loaded = frame?.info.loaded;
    if (loaded?.kind !== 'table') return [];
    return loaded.data.kind === 'classification' ? loaded.data.classes : [loaded.data.target];
  };
  const values = (): Float32Array | null => (state.links === 'gradients' ? frame?.snapshot.gradients : frame?.snapshot.parameters) ?? null;

  function draw(force = false): void {
    const shownValues = values();
    const width = Math.round(canvas.clientWidth);
    const key = [shownValues, state.palette, state.theme, width, pointed, devicePixelRatio];
    if (!force && key.every((v, i) => Object.is(v, drawn[i]))) return;
    drawn = key;
    const widths = frame?.info.config.layers ?? [];
    const g = canvas.getContext('2d');
    if (!g || widths.length < 2 || width === 0) return;
    const dpr = devicePixelRatio || 1;
    const font = '12px system-ui, sans-serif';
    g.font = font;
    layout = tableLayout(widths, width, inputNames(), outputNames(), (text) => g.measureText(text).width);
    const w = Math.round(width * dpr), h = Math.round(layout.height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.height = `${layout.height}px`;
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, layout.height);
    if (!shownValues) return;
    const palette = PALETTES[state.palette][state.theme];
    const scales = layerScales(shownValues, widths);
    const dark = state.theme === 'dark';
    g.lineCap = 'round';
    for (const link of layout.links) {
      const v = shownValues[link.index] / scales.weights[link.layer];
      const from = layout.nodes[link.layer][link.from], to = layout.nodes[link.layer + 1][link.to];
      g.strokeStyle = css(v < 0 ? palette.negative : palette.positive);
      g.globalAlpha = 0.15 + 0.85 * Math.min(1, Math.abs(v));
      g.lineWidth = 0.5 + 3 * Math.min(1, Math.abs(v)) + (pointed === link ? 2 : 0);
      g.beginPath();
      g.moveTo(from.x, from.y);
      g.lineTo(to.x, to.y);
      g.stroke();
    }
    g.globalAlpha = 1;
    const text = dark ? '#e6e6e6' : '#222';
    const outline = dark ? '#bbb' : '#555';
    const classes = outputNames().length > 1 ? classColours(palette, state.palette, state.theme, outputNames().length) : [];
    layout.nodes.forEach((column, l) => {
      column.forEach((node, j) => {
        g.beginPath();
        g.arc(node.x, node.y, layout!.radius, 0, 2 * Math.PI);
        g.fillStyle = l === 0 ? css(palette.neutral) : colourOf(shownValues[node.bias] / scales.biases[l - 1], palette);
        g.fill();
        const last = l === layout!.nodes.length - 1;
        g.lineWidth = pointed === node ? 3 : last && classes[j] ? 2.5 : 1;
        g.strokeStyle = last && classes[j] ? css(classes[j]) : outline;
        g.stroke();
      });
    });
    g.fillStyle = text;
    g.textBaseline = 'middle';
    g.textAlign = 'right';
    // A name longer than its margin (a phone) is cut with an ellipsis; pointing at the node gives it whole.
    const fit = (name: string, room: number) => {
      if (g.measureText(name).width <= room) return name;
      let n = name.length;
      while (n > 1 && g.measureText(`${name.slice(0, n)}…`).width > room) n--;
      return `${name.slice(0, n)}…`;
    };
    layout.nodes[0].forEach((node, i) => {
      const x = node.x - layout!.radius - 6;
      g.fillText(fit(inputNames()[i] ?? `input ${i + 1}`, x - 2), x, node.y);
    });
    g.textAlign = 'left';
    layout.nodes.at(-1)!.forEach((node, k) => {
      const x = node.x + layout!.radius + 6;
      g.fillText(fit(outputNames()[k] ?? `output ${k + 1}`, width - x - 2), x, node.y);
    });
  }

  function describe(item: Item | null): string {
    const v = values();
    if (!item || !v) return 'Point at a link or a unit for its number.';
    const what = state.links === 'gradients' ? '∂L/∂' : '';
    const unitName = (layer: number, unit: number) =>
      layer === 0 ? `input “${inputNames()[unit] ?? unit + 1}”`
        : layer === layout!.nodes.length - 1 ? `output “${outputNames()[unit] ?? unit + 1}”` : `unit ${unit + 1} of hidden layer ${layer}`;
    if ('from' in item) return `${what}w from ${unitName(item.layer, item.from)} to ${unitName(item.layer + 1, item.to)}: ${formatNumber(v[item.index])}`;
    if (item.layer === 0) return `${unitName(0, item.unit)}: an input, no bias`;
    return `${what}b of ${unitName(item.layer, item.unit)}: ${formatNumber(v[item.bias])}`;
  }

  canvas.addEventListener('pointermove', (event) => {
    if (!layout) return;
    const box = canvas.getBoundingClientRect();
    const item = nearestItem(layout, event.clientX - box.left, event.clientY - box.top);
    if (item === pointed) return;
    pointed = item;
    readout.textContent = describe(item);
    draw();
  }, { signal: context.signal });
  canvas.addEventListener('pointerleave', () => {
    pointed = null;
    readout.textContent = describe(null);
    draw();
  }, { signal: context.signal });

  const resize = new ResizeObserver(() => draw());
  resize.observe(canvas);

  let text = '';
  return {
    render(next, nextFrame) {
      state = next;
      if (nextFrame?.info !== frame?.info) pointed = null;
      frame = nextFrame;
      const loaded = nextFrame?.info.loaded?.kind === 'table' ? nextFrame.info.loaded : null;
      const regression = loaded?.data.kind === 'regression';
      const layersNow = tableLayersText(next, regression ? 'linear' : 'softmax');
      const scaled = loaded ? (loaded.split.scale ? 'as z-scores of the training rows' : 'as they are in the table (not standardized)') : '';
      const captionNow = `Inputs: the table's number columns${scaled ? `, ${scaled}` : ''}. Lines: ${next.links === 'gradients' ? 'each weight’s last gradient' : 'the weights'} (blue positive, orange negative, thicker is larger on its layer's scale); a unit's fill: its bias.`;
      if (layersNow + captionNow !== text) {
        text = layersNow + captionNow;
        layers.textContent = layersNow;
        caption.textContent = captionNow;
        canvas.setAttribute('aria-label', `The network ${layersNow}, inputs ${inputNames().join(', ')}; outputs ${outputNames().join(', ')}`);
      }
      if (pointed) readout.textContent = describe(pointed);
      else if (!readout.textContent) readout.textContent = describe(null);
      field.render(next);
      draw();
    },
    destroy() {
      resize.disconnect();
      releaseCanvas(canvas);
    },
  };
}
