// The confusion matrix under the output plot (classification): for the training or the test
// points, how many of each true class (rows) the network puts in each class (columns). The
// counts are the engine's, from the same pass as the accuracy (Session::confusion). A cell is a
// button: pressed, it rings those points on the plot (their classes from the engine's predict).
import { css } from '../../class-colours';
import type { Rgb } from '../../heatmap';

export type Part = 'train' | 'test';

/** Which points a pressed cell picked: indexes into the part's points. */
export interface Picked {
  part: Part;
  truth: number;
  predicted: number;
  indexes: number[];
}

export interface ConfusionView {
  element: HTMLElement;
  /** `counts`: the snapshot's (2C, C); `classes`: C (0 hides the view). */
  render(counts: Float32Array | null, classes: number, colours: readonly Rgb[], hasTest: boolean): void;
  /** The cell pressed last (its ring on the plot), or null. */
  picked(): Picked | null;
  /** Forget the picked cell (the network changed). */
  clear(): void;
}

export interface ConfusionOptions {
  /** The classes the network predicts for one part's points (their order), for a pressed cell. */
  classesOf(part: Part): Promise<number[] | null>;
  /** The true classes of one part's points, in the same order. */
  truthsOf(part: Part): number[];
  /** A cell was pressed or cleared: redraw the rings. */
  changed(): void;
  announce(message: string): void;
  /** What the counts count ('point', 'digit') and where a pressed cell's are shown. */
  noun?: string;
  where?: string;
  /** The classes' names (a table's species), else their numbers. */
  names?: () => readonly string[];
}

/** "12 training points of class 1 are predicted as class 2". */
export function cellText(count: number, part: Part, truth: number, predicted: number, noun = 'point', names: readonly string[] = []): string {
  const points = `${count} ${part === 'train' ? 'training' : 'test'} ${noun}${count === 1 ? '' : 's'}`;
  const verb = count === 1 ? 'is' : 'are';
  const name = (k: number) => (names[k] !== undefined ? names[k] : `class ${k}`);
  return truth === predicted
    ? `${points} of ${name(truth)} ${verb} predicted right`
    : `${points} of ${name(truth)} ${verb} predicted as ${name(predicted)}`;
}

export function createConfusion(options: ConfusionOptions): ConfusionView {
  const noun = options.noun ?? 'point';
  const where = options.where ?? 'ringed on the output plot';
  const names = () => options.names?.() ?? [];
  // Folded for two classes (the accuracy says most of it), open for more; the reader's own
  // opening or closing holds until the class count changes.
  const element = document.createElement('details');
  element.className = 'output-confusion';
  const summary = document.createElement('summary');
  summary.textContent = 'Confusion matrix';
  const heading = document.createElement('div');
  heading.className = 'output-confusion-head';
  const switcher = document.createElement('div');
  switcher.className = 'output-confusion-parts';
  switcher.setAttribute('role', 'group');
  switcher.setAttribute('aria-label', 'Points counted');
  const partButtons = new Map<Part, HTMLButtonElement>();
  for (const [part, label] of [['train', 'Training'], ['test', 'Test']] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => {
      shownPart = part;
      drawn = '';
      unpick();
      draw();
    });
    partButtons.set(part, b);
    switcher.append(b);
  }
  heading.append(switcher);
  const table = document.createElement('table');
  table.className = 'output-confusion-table';
  const caption = document.createElement('caption');
  caption.className = 'visually-hidden';
  table.append(caption);
  const body = document.createElement('tbody');
  table.append(body);
  const note = document.createElement('p');
  note.className = 'output-confusion-note';
  note.textContent = options.where
    ? `Rows: the true class; columns: the predicted one. Press a cell: its ${noun}s are ${where}.`
    : 'Rows: the true class; columns: the predicted one. Press a cell to ring its points.';
  element.append(summary, heading, table, note);

  let shownPart: Part = 'test';
  let counts: Float32Array | null = null;
  let classes = 0;
  let colours: readonly Rgb[] = [];
  let hasTest = false;
  let drawn = '';
  let picked: Picked | null = null;
  const cells: HTMLButtonElement[] = [];

  /** The part shown: the chosen one, or the training points when there is no test part. */
  const visiblePart = (): Part => (hasTest ? shownPart : 'train');

  async function press(truth: number, predicted: number): Promise<void> {
    const part = visiblePart();
    if (picked && picked.part === part && picked.truth === truth && picked.predicted === predicted) {
      unpick(); // a second press takes the rings away
      return;
    }
    const predictedClasses = await options.classesOf(part);
    if (!predictedClasses) return;
    const truths = options.truthsOf(part);
    const indexes: number[] = [];
    predictedClasses.forEach((p, i) => {
      if (p === predicted && truths[i] === truth) indexes.push(i);
    });
    picked = { part, truth, predicted, indexes };
    options.changed();
    drawPressed();
    options.announce(`${cellText(indexes.length, part, truth, predicted, noun, names())}; they are ${where}.`);
  }

  /** No cell pressed: its rings go. */
  function unpick(): void {
    if (picked === null) return;
    picked = null;
    drawPressed();
    options.changed();
  }

  function drawPressed(): void {
    for (const cell of cells) {
      const on = picked !== null && picked.part === visiblePart() &&
        Number(cell.dataset.truth) === picked.truth && Number(cell.dataset.predicted) === picked.predicted;
      cell.setAttribute('aria-pressed', String(on));
    }
  }

  function build(): void {
    body.replaceChildren();
    cells.length = 0;
    const head = document.createElement('tr');
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.className = 'output-confusion-corner';
    corner.textContent = 'true ↓ predicted →';
    head.append(corner);
    for (let p = 0; p < classes; p++) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = names()[p] ?? String(p);
      th.style.borderBottomColor = css(colours[p]);
      head.append(th);
    }
    body.append(head);
    for (let t = 0; t < classes; t++) {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = names()[t] ?? String(t);
      th.style.borderRightColor = css(colours[t]);
      row.append(th);
      for (let p = 0; p < classes; p++) {
        const td = document.createElement('td');
        const cell = document.createElement('button');
        cell.type = 'button';
        cell.className = `output-confusion-cell${t === p ? ' is-right' : ''}`;
        cell.dataset.truth = String(t);
        cell.dataset.predicted = String(p);
        cell.addEventListener('click', () => void press(t, p));
        td.append(cell);
        row.append(td);
        cells.push(cell);
      }
      body.append(row);
    }
  }

  function draw(): void {
    const part = visiblePart();
    for (const [name, b] of partButtons) {
      b.setAttribute('aria-pressed', String(name === part));
      b.disabled = name === 'test' && !hasTest;
    }
    if (!counts || classes === 0) return;
    const base = part === 'train' ? 0 : classes * classes;
    const key = `${part}/${classes}/${Array.from(counts.subarray(base, base + classes * classes)).join()}`;
    if (key === drawn) return;
    drawn = key;
    caption.textContent = `Confusion matrix of the ${part === 'train' ? 'training' : 'test'} points: rows are the true class, columns the predicted class`;
    for (const cell of cells) {
      const t = Number(cell.dataset.truth), p = Number(cell.dataset.predicted);
      const n = counts[base + t * classes + p];
      let rowTotal = 0;
      for (let j = 0; j < classes; j++) rowTotal += counts[base + t * classes + j];
      const share = rowTotal > 0 ? n / rowTotal : 0;
      cell.textContent = String(n);
      cell.setAttribute('aria-label', cellText(n, part, t, p, noun, names()));
      // The share of its row as the cell's depth: the diagonal's colour right, off it wrong.
      cell.style.setProperty('--share', share.toFixed(3));
    }
    drawPressed();
  }

  let drawnLook = '';
  return {
    element,
    render(next, nextClasses, nextColours, nextHasTest) {
      element.hidden = nextClasses === 0;
      counts = next;
      hasTest = nextHasTest;
      const look = `${nextClasses}/${nextColours.map(css).join()}/${names().join()}`;
      if (look !== drawnLook) {
        drawnLook = look;
        if (nextClasses !== classes) element.open = nextClasses > 2;
        classes = nextClasses;
        colours = nextColours;
        build();
        drawn = '';
      }
      draw();
    },
    picked: () => picked,
    clear: unpick,
  };
}
