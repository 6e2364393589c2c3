// The output panel for a table: losses and accuracy, the loss chart, a scatter of two chosen
// columns with every row filled by what the network predicts and ringed by the truth (test rows
// as squares), and the confusion matrix with the classes' names, or, for regression, the
// predicted value against the true one. The engine is asked for every row's prediction at
// reading pace (at most once a second while playing), one request at a time.
import { classColours, css } from '../../class-colours';
import type { LoadedTable } from '../../data/sources';
import { colourOf, PALETTES, type Palette } from '../../heatmap';
import { noDataMessage } from '../../model';
import { predictedClasses } from '../../problems';
import type { Frame } from '../../trainer';
import type { Context, Shown, View } from '../../view';
import { element, uniqueId, statusRegion } from '../controls/dom';
import { createLossChart } from '../output/chart';
import { createConfusion, type Part } from '../output/confusion';
import { createMetrics } from '../output/metrics';
import { TextPace } from '../text-pace';
import { createScatter, type Dot } from './scatter';
import './table.css';

/** While playing, every row's prediction is asked for at most this often. */
const PREDICT_INTERVAL = 1000;

/** The rows the scatter shows: the training rows, then the test rows, as the engine sees them. */
interface Rows {
  /** Row of the data for each shown row. */
  index: Uint32Array;
  trainCount: number;
  /** (rows, features) as the network takes them. */
  inputs: Float32Array;
}

function rowsOf(loaded: LoadedTable): Rows {
  const { split } = loaded;
  const trainCount = split.trainIndex.length;
  const index = new Uint32Array(trainCount + split.testIndex.length);
  index.set(split.trainIndex);
  index.set(split.testIndex, trainCount);
  const inputs = new Float32Array(split.trainInputs.length + (split.testInputs?.length ?? 0));
  inputs.set(split.trainInputs as Float32Array);
  if (split.testInputs) inputs.set(split.testInputs as Float32Array, split.trainInputs.length);
  return { index, trainCount, inputs };
}

/** A column picker for one axis of the scatter. */
function axisSelect(label: string, onChange: () => void): { element: HTMLElement; select: HTMLSelectElement } {
  const wrap = element('label', 'table-axis');
  const select = element('select');
  select.id = uniqueId('table-axis');
  select.addEventListener('change', onChange);
  wrap.append(element('span', undefined, label), select);
  return { element: wrap, select };
}

export function createTableOutput(container: HTMLElement, context: Context): View {
  const { actions } = context;
  const root = element('div', 'output-view table-output');
  const metrics = createMetrics();
  const chart = createLossChart();
  const pace = new TextPace();
  const live = statusRegion();

  let state = context.shown();
  let frame: Frame | null = null;
  let loaded: LoadedTable | null = null;
  let rows: Rows | null = null;
  /** Every shown row's outputs (rows, units), for the weights `predictedFor`. */
  let outputs: Float32Array | null = null;
  let predictedFor: Float32Array | null = null;
  let predictedAt = -Infinity;
  let busy = false;

  const xAxis = axisSelect('Across', () => drawScatters());
  const yAxis = axisSelect('Up', () => drawScatters());
  const axes = element('div', 'table-axes');
  axes.append(xAxis.element, yAxis.element);
  const scatter = createScatter('is-columns', 'The rows of the table on two of its columns');
  const legend = element('p', 'table-caption');
  const scatterSection = element('section', 'table-section');
  scatterSection.append(element('h3', 'table-heading', 'The rows'), axes, scatter.element, legend);

  const fitHeading = element('h3', 'table-heading', 'Predicted against true');
  const fit = createScatter('is-fit', 'Each row’s predicted value against its true value');
  const fitSection = element('section', 'table-section');
  fitSection.append(fitHeading, fit.element, element('p', 'table-caption', 'On the dashed line the prediction is exact. Circles: training rows; squares: test rows.'));

  const partOf = (part: Part) => (part === 'train' ? [0, rows?.trainCount ?? 0] : [rows?.trainCount ?? 0, rows?.index.length ?? 0]);
  const classesOfRows = (): number[] => (outputs && loaded ? predictedClasses(outputs, loaded.data.classes.length, 'softmax') : []);
  const confusion = createConfusion({
    async classesOf(part) {
      if (!(await predict(true))) return null;
      const [from, to] = partOf(part);
      return classesOfRows().slice(from, to);
    },
    truthsOf(part) {
      if (!loaded || !rows) return [];
      const [from, to] = partOf(part);
      return Array.from(rows.index.subarray(from, to), (row) => loaded!.data.labels[row]);
    },
    changed: () => drawScatters(),
    announce: (message) => (live.textContent = message),
    noun: 'row',
    where: 'ringed on the scatter above',
    names: () => loaded?.data.classes ?? [],
  });

  root.append(metrics.element, chart.element, scatterSection, fitSection, confusion.element, live);
  container.append(root);

  const palette = (): Palette => PALETTES[state.palette][state.theme];

  /** Every row's outputs for the weights now; false when they could not be had. */
  async function predict(force = false): Promise<boolean> {
    const parameters = frame?.snapshot.parameters ?? null;
    if (!rows || !parameters) return false;
    if (parameters === predictedFor && outputs) return true;
    const now = performance.now();
    if (busy || (!force && frame?.playing && now - predictedAt < PREDICT_INTERVAL)) return outputs !== null;
    busy = true;
    predictedAt = now;
    const asked = rows;
    try {
      const result = await actions.predict(asked.inputs);
      if (asked === rows) {
        outputs = result;
        predictedFor = parameters;
        drawScatters();
      }
      return asked === rows;
    } catch (error) {
      actions.notify(error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      busy = false;
    }
  }

  /** A regression value as the views show it: the network's z back in the target's units. */
  const valueOf = (z: number) => {
    const scale = loaded?.split.targetScale;
    return scale ? z * scale.sd[0] + scale.mean[0] : z;
  };

  function drawScatters(): void {
    if (!loaded || !rows) return;
    const { data } = loaded;
    const width = data.features.length;
    const cx = Number(xAxis.select.value) || 0, cy = Number(yAxis.select.value) || 0;
    const regression = data.kind === 'regression';
    const picked = confusion.picked();
    const pickedRows = new Set<number>();
    if (picked) {
      const [from] = partOf(picked.part);
      for (const i of picked.indexes) pickedRows.add(from + i);
    }
    const colours = regression ? [] : classColours(palette(), state.palette, state.theme, data.classes.length);
    const predicted = regression ? [] : classesOfRows();
    // Regression colours: the target's range on the palette's scale, low orange, high blue.
    let lo = Infinity, hi = -Infinity;
    if (regression) for (const v of data.labels) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const scaleColour = (v: number) => colourOf(hi > lo ? ((v - lo) / (hi - lo)) * 2 - 1 : 0, palette());
    const none = css(palette().neutral);
    const dots: Dot[] = [];
    const fitDots: Dot[] = [];
    rows.index.forEach((row, i) => {
      const truth = data.labels[row];
      const test = i >= rows!.trainCount;
      const value = regression && outputs ? valueOf(outputs[i]) : NaN;
      const fill = regression ? (outputs ? scaleColour(value) : none) : predicted.length ? css(colours[predicted[i]]) : none;
      const ring = regression ? scaleColour(truth) : css(colours[truth]);
      dots.push({ x: data.inputs[row * width + cx], y: data.inputs[row * width + cy], fill, ring, test, marked: pickedRows.has(i) });
      if (regression && outputs) fitDots.push({ x: truth, y: value, fill, ring, test, marked: false });
    });
    scatter.draw(dots, { x: data.features[cx], y: data.features[cy] }, state.theme);
    if (regression) fit.draw(fitDots, { x: `true ${data.target}`, y: `predicted ${data.target}`, diagonal: true }, state.theme);
  }

  function setUp(next: LoadedTable | null): void {
    loaded = next;
    rows = next ? rowsOf(next) : null;
    outputs = predictedFor = null;
    if (!next) return;
    const { data } = next;
    for (const [axis, pick] of [[xAxis, 0], [yAxis, Math.min(1, data.features.length - 1)]] as const) {
      const keep = axis.select.value;
      axis.select.replaceChildren(...data.features.map((name, c) => {
        const option = element('option', undefined, name);
        option.value = String(c);
        return option;
      }));
      axis.select.value = Number(keep) < data.features.length && keep !== '' ? keep : String(pick);
    }
    fitSection.hidden = data.kind !== 'regression';
    legend.textContent = data.kind === 'regression'
      ? `Fill: the predicted ${data.target}; ring: the true one (orange low, blue high). Circles: training rows; squares: test rows.` +
        (next.split.targetScale ? ` The network learns ${data.target} standardized, so the losses above are in standard deviations squared; the plots are in its own units.` : '')
      : 'Fill: the class the network predicts; ring: the true class. Circles: training rows; squares: test rows.';
    scatter.element.setAttribute('aria-label', `The ${rows!.index.length} rows of the table on two of its columns, filled by the prediction and ringed by the truth`);
  }

  const resize = new ResizeObserver(() => drawScatters());
  resize.observe(scatter.element);

  let info: unknown = null;
  let look = '';
  return {
    render(next: Readonly<Shown>, nextFrame) {
      state = next;
      frame = nextFrame;
      const table = nextFrame?.info.loaded?.kind === 'table' ? nextFrame.info.loaded : null;
      if (table !== loaded) setUp(table);
      if (nextFrame?.playing || nextFrame?.info !== info) confusion.clear();
      info = nextFrame?.info ?? null;
      const texts = pace.due(nextFrame?.playing ?? false);
      if (texts) {
        const classes = loaded?.data.kind === 'classification' ? loaded.data.classes.length : 0;
        metrics.render(nextFrame?.snapshot.metrics ?? null, classes > 0, noDataMessage(next));
        confusion.render(nextFrame?.snapshot.confusion ?? null, classes,
          classColours(palette(), next.palette, next.theme, Math.max(2, classes)), (loaded?.split.testIndex.length ?? 0) > 0);
        void predict();
      }
      chart.render(nextFrame?.history ?? null, `${next.theme}/${next.palette}`, texts, nextFrame?.playing ?? false);
      if (`${next.theme}/${next.palette}` !== look) {
        look = `${next.theme}/${next.palette}`;
        drawScatters();
      }
    },
    destroy() {
      resize.disconnect();
      chart.destroy();
      scatter.destroy();
      fit.destroy();
    },
  };
}
