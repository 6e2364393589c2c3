// The output panel for images (the digits): losses and accuracy, the loss chart, one digit as
// the network sees it (its probabilities and the gradient to its pixels), the drawing pad, the
// confusion matrix and a gallery of the test digits it gets most confidently wrong. The engine
// is asked for the example's reading and the test set's predictions at reading pace, one
// request at a time; the answers are drawn when they come.
import { classColours } from '../../class-colours';
import { CLASSES, inputOf, PIXELS } from '../../data/digits';
import type { LoadedImages } from '../../data/sources';
import { PALETTES, type Palette } from '../../heatmap';
import { noDataMessage } from '../../model';
import { predictedClasses } from '../../problems';
import type { Frame } from '../../trainer';
import type { Context, View } from '../../view';
import { element, statusRegion } from '../controls/dom';
import { createLossChart } from '../output/chart';
import { createConfusion, type Part } from '../output/confusion';
import { createMetrics } from '../output/metrics';
import { TextPace } from '../text-pace';
import { createExampleView, descentOf, type Example, type Reading } from './example';
import { confidentlyWrong, createGallery, GALLERY, type Entry } from './gallery';
import { createDrawingPad } from './pad';
import './digits.css';

/** While playing, the test set's predictions (the gallery) are asked for at most this often. */
const GALLERY_INTERVAL = 1000;

type Rows = { inputs: Float32Array; labels: number[] };

function rowsOf(data: LoadedImages, part: Part): Rows {
  const index = part === 'train' ? data.split.trainIndex : data.split.testIndex;
  return {
    inputs: part === 'train' ? data.split.trainInputs as Float32Array : data.split.testInputs as Float32Array,
    labels: Array.from(index, (image) => data.digits.labels[image]),
  };
}

function oneHot(k: number): Float32Array {
  const t = new Float32Array(CLASSES);
  t[k] = 1;
  return t;
}

export function createDigitsOutput(container: HTMLElement, context: Context): View {
  const { actions } = context;
  const root = element('div', 'output-view digit-output');
  const metrics = createMetrics();
  const chart = createLossChart();
  const pace = new TextPace();
  const live = statusRegion();

  let state = context.shown();
  let frame: Frame | null = null;
  let data: LoadedImages | null = null;
  /** The data's training and test rows with their digits, made once per data set. */
  let parts: Record<Part, Rows> | null = null;
  let example: Example | null = null;
  let testRow = 0;
  let reading: Reading | null = null;
  let readFor: unknown[] = [];
  let reading$: Promise<void> | null = null;

  const exampleView = createExampleView(() => void read(true));
  const nav = element('div', 'digit-nav');
  const navButton = (text: string, label: string, move: (row: number, count: number) => number) => {
    const b = element('button', 'text-button', text);
    b.type = 'button';
    b.setAttribute('aria-label', label);
    b.addEventListener('click', () => {
      const count = data ? data.split.testIndex.length : 0;
      if (count > 0) showTest(move(testRow, count));
    });
    nav.append(b);
  };
  navButton('‹ Previous', 'Previous test digit', (row, count) => (row + count - 1) % count);
  navButton('Next ›', 'Next test digit', (row, count) => (row + 1) % count);
  navButton('Random', 'A random test digit', (_, count) => Math.floor(Math.random() * count));

  const pad = createDrawingPad((counts) => {
    if (!counts) {
      showTest(testRow);
      return;
    }
    example = { inputs: Float32Array.from(counts, inputOf), label: null, name: 'your drawing' };
    void read(true);
  });

  const gallery = createGallery((row) => showTest(row, picked()?.part ?? 'test'));
  let galleryAt = -Infinity;
  let galleryFor: Float32Array | null = null;
  let wrong: Entry[] = [];
  let galleryBusy = false;

  const confusion = createConfusion({
    async classesOf(part) {
      if (!parts || !frame) return null;
      try {
        return predictedClasses(await actions.predict(parts[part].inputs), CLASSES, 'softmax');
      } catch (error) {
        actions.notify(error instanceof Error ? error.message : String(error));
        return null;
      }
    },
    truthsOf: (part) => parts?.[part].labels ?? [],
    changed: () => drawGallery(),
    announce: (message) => (live.textContent = message),
    noun: 'digit',
    where: 'shown in the gallery below',
  });
  const picked = () => confusion.picked();

  const exampleSection = element('section', 'digit-section');
  exampleSection.append(element('h3', 'digit-heading', 'One digit'), nav, exampleView.element);
  const padSection = element('section', 'digit-section');
  padSection.append(element('h3', 'digit-heading', 'Draw your own'), pad.element);
  const columns = element('div', 'digit-columns');
  columns.append(exampleSection, padSection);
  root.append(metrics.element, chart.element, columns, confusion.element, gallery.element, live);
  container.append(root);

  const palette = (): Palette => PALETTES[state.palette][state.theme];

  function showTest(row: number, part: Part = 'test'): void {
    if (!parts) return;
    const { inputs, labels } = parts[part];
    if (row < 0 || row * PIXELS >= inputs.length) return;
    if (part === 'test') testRow = row;
    example = { inputs: inputs.slice(row * PIXELS, (row + 1) * PIXELS), label: labels[row], name: `${part === 'test' ? 'test' : 'training'} digit ${row + 1}` };
    void read(true);
  }

  /** The example's probabilities and gradient for the weights now (once per weights, example and target). */
  async function read(force = false): Promise<void> {
    const parameters = frame?.snapshot.parameters ?? null;
    const current = example;
    const target = exampleView.chosenTarget();
    const key = [parameters, current, target];
    if (!current || !parameters || (!force && key.every((v, i) => Object.is(v, readFor[i])))) return;
    if (reading$) return; // one at a time; the next render asks again
    readFor = key;
    reading$ = (async () => {
      try {
        const probabilities = await actions.predict(current.inputs);
        const [predicted] = predictedClasses(probabilities, CLASSES, 'softmax');
        const goal = target ?? current.label ?? predicted;
        const gradient = await actions.inputGradients(current.inputs, oneHot(goal));
        if (current === example) reading = { probabilities, descent: descentOf(gradient), target: goal };
      } catch (error) {
        actions.notify(error instanceof Error ? error.message : String(error));
      } finally {
        reading$ = null;
      }
      exampleView.draw(example, current === example ? reading : null, palette(), state.theme);
    })();
    await reading$;
  }

  async function refreshGallery(): Promise<void> {
    const parameters = frame?.snapshot.parameters ?? null;
    if (!parts || !parameters || galleryBusy || parameters === galleryFor) return;
    const now = performance.now();
    if (frame?.playing && now - galleryAt < GALLERY_INTERVAL) return;
    galleryBusy = true;
    galleryAt = now;
    galleryFor = parameters;
    try {
      const { inputs, labels } = parts.test;
      wrong = inputs.length > 0 ? confidentlyWrong(await actions.predict(inputs), labels) : [];
      drawGallery();
    } catch (error) {
      actions.notify(error instanceof Error ? error.message : String(error));
    } finally {
      galleryBusy = false;
    }
  }

  function drawGallery(): void {
    if (!parts) return;
    const cell = picked();
    if (cell) {
      const { inputs } = parts[cell.part];
      const entries = cell.indexes.slice(0, GALLERY).map((row) => ({ row, truth: cell.truth, predicted: cell.predicted, confidence: 1 }));
      const which = cell.part === 'test' ? 'test' : 'training';
      gallery.draw(`${cell.indexes.length} ${which} digits ${cell.truth} predicted as ${cell.predicted}${cell.indexes.length > GALLERY ? ` (the first ${GALLERY})` : ''}`,
        entries, inputs, which, palette(), state.theme);
      return;
    }
    const title = wrong.length === 0 ? 'No test digit is wrong.' : 'The test digits the network gets most confidently wrong (true → predicted):';
    gallery.draw(title, wrong, parts.test.inputs, 'test', palette(), state.theme);
  }

  let info: unknown = null;
  return {
    render(next, nextFrame) {
      state = next;
      frame = nextFrame;
      const loaded = nextFrame?.info.loaded?.kind === 'image' ? nextFrame.info.loaded : null;
      if (loaded !== data) {
        data = loaded;
        parts = data ? { train: rowsOf(data, 'train'), test: rowsOf(data, 'test') } : null;
        wrong = [];
        galleryFor = null;
        if (data && (!example || example.label !== null)) showTest(Math.min(testRow, data.split.testIndex.length - 1));
      }
      if (nextFrame?.playing || nextFrame?.info !== info) confusion.clear();
      info = nextFrame?.info ?? null;
      const texts = pace.due(nextFrame?.playing ?? false);
      if (texts) {
        metrics.render(nextFrame?.snapshot.metrics ?? null, true, noDataMessage(next));
        confusion.render(nextFrame?.snapshot.confusion ?? null, data ? CLASSES : 0,
          classColours(palette(), next.palette, next.theme, CLASSES), (data?.split.testIndex.length ?? 0) > 0);
        void read();
        void refreshGallery();
      }
      chart.render(nextFrame?.history ?? null, `${next.theme}/${next.palette}`, texts, nextFrame?.playing ?? false);
    },
    destroy() {
      chart.destroy();
      pad.destroy();
      gallery.destroy();
      exampleView.destroy();
    },
  };
}
