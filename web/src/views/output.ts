// The output panel: loss numbers and chart, the output neuron's heatmap with the data points
// on top, the two display options, and editing the user's own points. Everything drawn is
// compared with what was drawn last, so a frame costs one heatmap paint and a chart append.
import { statusRegion } from './controls/dom';
import { classColours, css } from '../class-colours';
import { colourOf, PALETTES, type Palette } from '../heatmap';
import { encodeLabel, head, meaning, noDataMessage } from '../model';
import { classIndex, dataClasses, predictedClasses, problemOf } from '../problems';
import { exampleSelection } from '../selection';
import type { Frame } from '../trainer';
import type { Context, Shown, View } from '../view';
import './output.css';
import { lockLook, locked } from './controls/lock';
import { createLossChart } from './output/chart';
import { createConfusion, type Part } from './output/confusion';
import { createCsvDialog } from './output/csv-dialog';
import { createInputGradients } from './output/input-gradient';
import { createEditor } from './output/editor';
import { createPointHistory } from './output/point-history';
import { createMetrics } from './output/metrics';
import { attachExamplePicker } from './output/pick';
import { createPlot, type OverlaySpec } from './output/plot';
import { TextPace } from './text-pace';
import { checkbox } from './controls/checkbox';

type Flag = 'showTestData' | 'discretize' | 'showInputGradient';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** True when two lists hold the same values by identity (what was drawn vs. what is asked). */
function same(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export function createOutputView(container: HTMLElement, context: Context): View {
  const { store } = context;
  const root = document.createElement('div');
  root.className = 'output-view';

  const metrics = createMetrics();
  const chart = createLossChart();
  const pace = new TextPace();
  const plot = createPlot();

  const scale = document.createElement('div');
  scale.className = 'output-scale';
  scale.setAttribute('aria-hidden', 'true');
  const scaleBar = document.createElement('span');
  scaleBar.className = 'output-scale-bar';
  const scaleLow = document.createElement('span');
  const scaleHigh = document.createElement('span');
  scale.append(scaleLow, scaleBar, scaleHigh);

  const options = document.createElement('div');
  options.className = 'output-options';
  const flags: Record<Flag, ReturnType<typeof checkbox>> = {
    showTestData: checkbox('Show test data'),
    discretize: checkbox('Discretize output'),
    showInputGradient: checkbox('Show input gradient'),
  };
  for (const [key, { label, input }] of Object.entries(flags) as [Flag, (typeof flags)[Flag]][]) {
    input.addEventListener('change', () => store.dispatch({ [key]: input.checked }));
    options.append(label);
  }

  const live = statusRegion();
  let flip = false;
  const announce = (message: string) => {
    // A trailing no-break space that alternates makes a repeated message count as new.
    flip = !flip;
    live.textContent = flip ? message : `${message}\u00a0`;
  };

  let state = context.shown();
  let frame: Frame | null = null;
  let drawnOverlay: unknown[] | null = null;
  let drawnHeatmap: unknown[] | null = null;
  let drawnLabel = '';

  const csv = createCsvDialog(root, store, announce);
  const pointHistory = createPointHistory(context, announce);
  const editor = createEditor({ store, plot, redraw: () => drawOverlay(true), announce, extras: [csv.button, pointHistory.element] });
  const csvLock = lockLook(csv.button, [csv.button], csv.button);

  // Step-through mode: a click on a training point picks the example; its ring is drawn as the
  // editor's selected point is (both index the training points).
  const selection = exampleSelection(store);
  const stepping = () => state.mode === 'step' && !editor.editing;
  const picker = attachExamplePicker(plot, {
    active: stepping, points: () => frame?.info.data?.trainPoints ?? null, pick: (index) => selection.set(index),
  });
  selection.subscribe(() => drawOverlay(false));

  // The confusion matrix: a pressed cell's points, ringed, come from the engine's own predictions.
  const partPoints = (part: Part) => (part === 'train' ? frame?.info.data?.trainPoints : frame?.info.data?.testPoints) ?? null;
  const confusion = createConfusion({
    async classesOf(part) {
      const data = frame?.info.data;
      if (!frame || !data) return null;
      const { config } = frame.info;
      try {
        const outputs = await context.actions.predict(part === 'train' ? data.trainInputs : data.testInputs);
        return predictedClasses(outputs, config.layers.at(-1) ?? 1, config.output);
      } catch (error) {
        context.actions.notify(error instanceof Error ? error.message : String(error));
        return null;
      }
    },
    truthsOf(part) {
      const points = partPoints(part);
      const classes = dataClasses(frame?.info.data);
      const truths: number[] = [];
      for (let i = 0; points && i + 2 < points.length; i += 3) truths.push(classIndex(points[i + 2], classes));
      return truths;
    },
    changed: () => drawOverlay(true),
    announce,
  });
  let confusionInfo: unknown = null;
  const inputGradients = createInputGradients({
    request: (points, targets) => context.actions.pointGradients(points, targets),
    target: (label) => encodeLabel(store.get(), label),
    changed: () => drawOverlay(false),
    fail: (message) => context.actions.notify(message),
  });
  let ringed: { picked: ReturnType<typeof confusion.picked>; rings: number[] | null } = { picked: null, rings: null };

  root.append(metrics.element, chart.element, plot.element, scale, options, confusion.element, editor.element, live);
  container.append(root);

  const palette = (s: Readonly<Shown>): Palette => PALETTES[s.palette][s.theme];

  function overlaySpec(): OverlaySpec {
    const data = frame?.info.data ?? null;
    const editing = editor.points();
    // The points being edited are of the problem's classes (two: ±1), the session's of its data's.
    const classes = editing ? problemOf(state).classes(state) : dataClasses(data);
    const picked = editing ? null : confusion.picked();
    if (picked !== ringed.picked) {
      // The same list while the same cell is pressed: the overlay redraws by identity.
      const points = picked ? partPoints(picked.part) : null;
      const rings = picked && points ? picked.indexes.flatMap((i) => [points[3 * i], points[3 * i + 1], points[3 * i + 2]]) : null;
      ringed = { picked, rings };
    }
    const rings = ringed.rings;
    return {
      arrows: editing || !state.showInputGradient ? null : inputGradients.arrows(),
      rings,
      train: editing ?? data?.trainPoints ?? null,
      test: editing || !state.showTestData ? null : data?.testPoints ?? null,
      classes,
      classColours: classColours(palette(state), state.palette, state.theme, Math.max(2, classes)),
      palette: palette(state),
      dark: state.theme === 'dark',
      selected: editor.editing ? editor.selected() : stepping() ? selection.get() : -1,
      cursor: editor.cursor(),
    };
  }

  function drawOverlay(force: boolean): void {
    const spec = overlaySpec();
    const key = [spec.train, spec.test, spec.arrows, spec.rings, spec.classes, spec.palette, spec.dark, spec.selected,
      spec.cursor?.x, spec.cursor?.y, plot.size()];
    if (!force && same(drawnOverlay, key)) return;
    drawnOverlay = key;
    plot.drawOverlay(spec);
    describe(spec);
  }

  function describe(spec: OverlaySpec): void {
    const trainCount = spec.train ? Math.floor(spec.train.length / 3) : 0;
    let text: string;
    if (editor.editing) {
      text = `Point editor over the network's output, x and y from -6 to 6: ${plural(trainCount, 'point')}. ` +
        'Arrow keys move the cursor (Shift for bigger steps), Enter adds a point of the chosen class, ' +
        'Delete removes the selected or the nearest point.';
    } else {
      const testCount = spec.test ? Math.floor(spec.test.length / 3) : 0;
      const what = spec.classes === 0 ? 'colour shows the predicted value'
        : spec.classes > 2 ? `colour shows the most probable of ${spec.classes} classes, paler where the network is less sure`
        : 'colour shows the predicted class';
      const points = frame?.info.data
        ? `; ${plural(trainCount, 'training point')}${testCount > 0 ? ` and ${plural(testCount, 'test point')}` : ''}`
        : '';
      const arrows = spec.arrows
        ? '; an arrow from each training point shows the way it would have to move to lower its loss (minus the gradient of its loss with respect to x and y)'
        : '';
      text = `Output of the network over the input square, x and y from -6 to 6 (${what})${points}${arrows}`;
    }
    if (text !== drawnLabel) {
      drawnLabel = text;
      plot.overlay.setAttribute('aria-label', text);
    }
  }

  let drawnScale: Palette | null = null;
  function drawHeatmap(): void {
    const snapshot = frame?.snapshot ?? null;
    const p = palette(state);
    const key = [snapshot, p, state.discretize];
    if (same(drawnHeatmap, key)) return;
    drawnHeatmap = key;
    const grid = snapshot?.output;
    const n = snapshot?.outputSize ?? 0;
    if (!frame || !grid || n <= 0 || grid.length < n * n) {
      plot.clearHeatmap();
      return;
    }
    const units = Math.floor(grid.length / (n * n));
    if (units > 1) {
      // One probability per class: the likeliest class's colour, as strong as the network is sure.
      plot.paintClasses(grid, 0, n, classColours(p, state.palette, state.theme, units), p.neutral, state.discretize);
      return;
    }
    plot.paintHeatmap(grid, grid.length - n * n, n, p, state.discretize, meaning(frame.info.config.output).range);
  }

  /**
   * The legend spans the output's range: −1…1 for tanh, 0…1 for a sigmoid's probability; for
   * many classes, one swatch per class.
   */
  let drawnClasses = '';
  function drawScale(): void {
    const classes = problemOf(state).outputs(state);
    const key = classes > 1 ? `${classes}/${state.palette}/${state.theme}` : '';
    if (key !== drawnClasses) {
      drawnClasses = key;
      scaleBar.replaceChildren();
      scale.classList.toggle('is-classes', classes > 1);
      if (classes > 1) {
        scaleBar.style.background = '';
        drawnScale = null; // the gradient is written again when the classes go
        classColours(palette(state), state.palette, state.theme, classes).forEach((colour, k) => {
          const swatch = document.createElement('span');
          swatch.className = 'output-legend-class';
          swatch.style.background = css(colour);
          swatch.textContent = String(k);
          scaleBar.append(swatch);
        });
      }
    }
    if (classes > 1) {
      // The swatches name the classes: no range at the ends (written only when it changes, as below).
      for (const end of [scaleLow, scaleHigh]) if (end.textContent !== '') end.textContent = '';
      return;
    }
    const p = palette(state);
    if (p !== drawnScale) {
      drawnScale = p; // a style write only when the colours change, not every frame
      scaleBar.style.background = `linear-gradient(to right, ${colourOf(-1, p)}, ${colourOf(0, p)}, ${colourOf(1, p)})`;
    }
    const [low, high] = meaning(head(state).output).range;
    const text = (v: number) => (v < 0 ? `−${-v}` : String(v));
    if (scaleLow.textContent !== text(low)) scaleLow.textContent = text(low);
    if (scaleHigh.textContent !== text(high)) scaleHigh.textContent = text(high);
  }

  plot.onResize(() => drawOverlay(true));

  return {
    render(next, nextFrame) {
      state = next;
      frame = nextFrame;
      const classification = problemOf(next).classes(next) > 0;
      const texts = pace.due(nextFrame?.playing ?? false);
      if (texts) metrics.render(nextFrame?.snapshot.metrics ?? null, classification, noDataMessage(next));
      inputGradients.update(nextFrame, next.showInputGradient, texts);
      // A pressed cell's rings belong to the weights they were found for: gone once they move or the network is new.
      if (nextFrame?.playing || nextFrame?.info !== confusionInfo) confusion.clear();
      confusionInfo = nextFrame?.info ?? null;
      if (texts) {
        const data = nextFrame?.info.data;
        const classes = data ? dataClasses(data) : 0;
        confusion.render(nextFrame?.snapshot.confusion ?? null, classes,
          classColours(palette(next), next.palette, next.theme, Math.max(2, classes)), (data?.testPoints.length ?? 0) > 0);
      }
      chart.render(nextFrame?.history ?? null, `${next.theme}/${next.palette}`, texts, nextFrame?.playing ?? false);
      drawHeatmap();
      drawScale();
      editor.render(next, nextFrame);
      pointHistory.render(next);
      picker.sync();
      drawOverlay(false);
      for (const key of Object.keys(flags) as Flag[]) {
        const { label, input, lock } = flags[key];
        if (input.checked !== next[key]) input.checked = next[key];
        label.hidden = next.hidden.includes(key);
        lock.set(next.locked.includes(key));
      }
      csv.button.hidden = next.hidden.includes('dataEditor');
      csvLock.set(locked(next, 'dataEditor', 'points', 'dataset'));
      editor.element.hidden = csv.button.hidden;
    },
    destroy() {
      chart.destroy();
      plot.destroy();
      editor.destroy();
    },
  };
}
