// "Paste CSV…": a modal dialog with a textarea. The whole paste is checked first; with any
// error nothing is applied and every error is listed with its line number. A long paste is read
// in slices of SLICE_MS between which the page answers input and paints. A paste over the size
// limit is refused before it reaches the textarea (Chromium itself needs seconds to insert and
// lay out megabytes of lines there); a text put in by a script is refused at "Use" unread, and
// emptied: while the textarea holds megabytes every frame takes Chromium 200 ms or more.
import type { Store } from '../../store';
import { readCsv, readFor, sizeProblem, type CsvResult } from './csv';
import { minPoints } from '../../model';
import { textList } from '../../notice';

export interface CsvDialog {
  /** The button that opens the dialog (the dialog itself is appended to `host`). */
  button: HTMLButtonElement;
}

const EXAMPLE = 'x, y, label\n1.5, 2, 1\n-3, -0.5, -1\n0, 4.25, 0';
/** Milliseconds of reading per task: well inside the 100 ms after which a page feels stuck. */
const SLICE_MS = 12;

export function createCsvDialog(host: HTMLElement, store: Store, announce: (message: string) => void): CsvDialog {
  const id = `output-csv-${Math.random().toString(36).slice(2)}`;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'output-csv-open';
  button.textContent = 'Paste CSV…';
  button.setAttribute('aria-haspopup', 'dialog');

  const dialog = document.createElement('dialog');
  dialog.className = 'output-csv-dialog';
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-help`);

  const title = document.createElement('h3');
  title.id = `${id}-title`;
  title.textContent = 'Paste your own points';
  const help = document.createElement('p');
  help.id = `${id}-help`;
  help.className = 'output-csv-help';
  help.textContent = 'One point per line: x, y, label. x and y from -6 to 6; label 1 (positive) or -1 / 0 (negative), ' +
    'or for more classes a class 0 to 9 or a name for each (up to 10). Commas, semicolons or spaces separate the values; ' +
    'a header line is allowed. This replaces the current data.';

  const label = document.createElement('label');
  label.htmlFor = `${id}-text`;
  label.textContent = 'Points (CSV)';
  const text = document.createElement('textarea');
  text.id = `${id}-text`;
  text.rows = 10;
  text.spellcheck = false;
  text.placeholder = EXAMPLE;
  text.setAttribute('aria-describedby', `${id}-errors`);

  const errors = document.createElement('div');
  errors.id = `${id}-errors`;
  errors.className = 'output-csv-errors';
  errors.setAttribute('role', 'alert');

  const actions = document.createElement('div');
  actions.className = 'output-csv-actions';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  const apply = document.createElement('button');
  apply.type = 'button';
  apply.className = 'is-primary';
  apply.textContent = 'Use these points';
  actions.append(cancel, apply);

  dialog.append(title, help, label, text, errors, actions);
  host.append(dialog);

  // The paste being read: its timer, to stop it when the dialog closes or a new one starts.
  let reading: ReturnType<typeof setTimeout> | undefined;
  const stopReading = () => {
    clearTimeout(reading);
    reading = undefined;
    apply.disabled = false;
    dialog.removeAttribute('aria-busy');
  };

  function showErrors(list: string[]): void {
    errors.replaceChildren();
    if (list.length === 0) return;
    const heading = document.createElement('p');
    heading.textContent = 'Nothing was applied. Please fix:';
    errors.append(heading, textList(list));
    text.setAttribute('aria-invalid', 'true');
  }

  button.addEventListener('click', () => {
    showErrors([]);
    text.removeAttribute('aria-invalid');
    dialog.showModal();
    text.focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', stopReading);
  // A paste too big to read is refused before the textarea holds (and lays out) megabytes of it.
  text.addEventListener('paste', (event) => {
    const tooLong = sizeProblem(event.clipboardData?.getData('text/plain').length ?? 0);
    if (!tooLong) return;
    event.preventDefault();
    showErrors([`${tooLong}; nothing was pasted`]);
  });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  apply.addEventListener('click', () => {
    stopReading();
    const tooLong = sizeProblem(text.value.length);
    if (tooLong) {
      text.value = '';
      showErrors([`${tooLong}; it was cleared, as a text this long slows the whole page`]);
      return;
    }
    const reader = readCsv(text.value);
    // A short paste is read at once (its errors are there when the click returns); a long one
    // in slices, the button disabled meanwhile.
    const slice = () => {
      const result = readFor(reader, SLICE_MS);
      if (result) {
        stopReading();
        use(result);
        return;
      }
      apply.disabled = true;
      dialog.setAttribute('aria-busy', 'true');
      reading = setTimeout(slice);
    };
    slice();
  });

  function use(result: CsvResult): void {
    const need = minPoints(store.get().percTrainData);
    if (result.errors.length === 0 && result.points.length / 3 < need) {
      result.errors.push(`at least ${need} points are needed so that ${store.get().percTrainData} % of them leave one to train on`);
    }
    if (result.errors.length > 0) {
      showErrors(result.errors);
      return;
    }
    showErrors([]);
    text.removeAttribute('aria-invalid');
    // Two classes are the binary problem (as before); more are the multi-class problem with their count.
    const many = result.classes > 2;
    const state = store.get();
    const problems = store.dispatch(many
      ? { problem: 'multiclass', classes: result.classes, dataset: 'custom', points: result.points, ...(state.problem !== 'multiclass' ? { loss: 'cross-entropy' as const } : {}) }
      : { problem: 'classification', dataset: 'custom', points: result.points });
    if (problems.length > 0) {
      showErrors(problems);
      return;
    }
    dialog.close();
    const named = result.names ? `; classes ${result.names.map((name, k) => `${k} = ${name}`).join(', ')}` : '';
    announce(`Loaded ${result.points.length / 3} points of ${result.classes} classes from the pasted CSV${named}.`);
  }

  return { button };
}
