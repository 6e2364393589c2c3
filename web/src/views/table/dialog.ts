// "Open a table…": your own table of data, from a CSV/TSV file or pasted, with the column to
// predict and whether it is classes or a value. What the table gives (rows, inputs, classes,
// columns left out) is shown before anything is applied; a bad cell is named by line and column,
// and nothing changes until "Use this table" is pressed on a table that is wholly usable. The
// current run is never the price of a typo.
import { MAX_TABLE_TEXT, type TableKind } from '../../data/own-table';
import { MAX_CLASSES, parseTable, tableData, type Table, type TableData } from '../../data/table';
import { pickDataset } from '../../problems';
import type { Store } from '../../store';
import { element, uniqueId } from '../controls/dom';
import './table.css';

export interface TableDialog {
  button: HTMLButtonElement;
  destroy(): void;
}

const EXAMPLE = 'height, weight, sport\n1.82, 77, rowing\n1.65, 54, climbing\n…';

/**
 * The column a table most likely wants predicted: the last one, as most data sets put it, unless
 * it is text with too many values to be classes (an id, a name), then the last that can be.
 */
export function likelyTarget(table: Table): string {
  const usable = (c: number) => {
    const values = new Set(table.rows.map((row) => row[c]));
    return values.size <= MAX_CLASSES || [...values].every((v) => v === '' || Number.isFinite(Number(v)));
  };
  for (let c = table.columns.length - 1; c >= 0; c--) if (usable(c)) return table.columns[c];
  return table.columns[table.columns.length - 1];
}

/** "342 rows · 4 inputs (…) · 3 classes: …": what the table gives the network. */
export function tableSummary(data: TableData): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const parts = [`${n(data.labels.length)} rows`, `${data.features.length} input${data.features.length === 1 ? '' : 's'}: ${data.features.join(', ')}`,
    data.kind === 'classification' ? `${data.classes.length} classes: ${data.classes.join(', ')}` : `a value to predict: ${data.target}`];
  if (data.ignored.length > 0) parts.push(`not used: ${data.ignored.join(', ')}`);
  if (data.missing.length > 0) {
    const lines = data.missing.slice(0, 5).join(', ') + (data.missing.length > 5 ? ', …' : '');
    parts.push(`${n(data.missing.length)} row${data.missing.length === 1 ? '' : 's'} left out for a missing value (line${data.missing.length === 1 ? '' : 's'} ${lines})`);
  }
  return parts.join(' · ');
}

export function createTableDialog(host: HTMLElement, store: Store, announce: (message: string) => void): TableDialog {
  const id = uniqueId('table-dialog');
  const button = element('button', 'text-button table-open', 'Open a table…');
  button.type = 'button';
  button.setAttribute('aria-haspopup', 'dialog');

  const dialog = element('dialog', 'table-dialog');
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-help`);
  const title = element('h3', undefined, 'Your own table of data');
  title.id = `${id}-title`;
  const help = element('p', 'table-dialog-help',
    'A CSV or TSV file with a header line. Its number columns are the inputs (up to 64; untick one under Inputs to leave it out); pick the column to predict. ' +
    `A column of up to ${MAX_CLASSES} different values is classes, more is a value to predict (regression). ` +
    'The inputs are standardized unless you untick it under Data.');
  help.id = `${id}-help`;

  const fileLabel = element('label', undefined, 'Open a file');
  const file = element('input');
  file.type = 'file';
  file.id = `${id}-file`;
  file.accept = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';
  fileLabel.htmlFor = file.id;
  const pasteLabel = element('label', undefined, 'Or paste it');
  const text = element('textarea');
  text.id = `${id}-text`;
  text.rows = 8;
  text.spellcheck = false;
  text.placeholder = EXAMPLE;
  pasteLabel.htmlFor = text.id;

  const choices = element('div', 'table-dialog-choices');
  const targetLabel = element('label', undefined, 'Column to predict ');
  const target = element('select');
  target.id = `${id}-target`;
  targetLabel.htmlFor = target.id;
  const kindLabel = element('label', undefined, 'It is ');
  const kind = element('select');
  kind.id = `${id}-kind`;
  kindLabel.htmlFor = kind.id;
  for (const [value, name] of [['auto', 'found from its values'], ['classification', 'classes'], ['regression', 'a value (regression)']]) {
    const option = element('option', undefined, name);
    option.value = value;
    kind.append(option);
  }
  choices.append(targetLabel, target, kindLabel, kind);
  // The number columns as inputs, each one a box: an id or a year can be left out.
  const inputs = element('fieldset', 'table-dialog-inputs');
  inputs.append(element('legend', undefined, 'Inputs'));
  const inputList = element('div', 'table-dialog-input-list');
  inputs.append(inputList);
  inputs.hidden = true;

  const summary = element('p', 'table-dialog-summary');
  summary.id = `${id}-summary`;
  summary.setAttribute('role', 'status');
  const errors = element('div', 'table-dialog-errors');
  errors.id = `${id}-errors`;
  errors.setAttribute('role', 'alert');
  text.setAttribute('aria-describedby', `${id}-summary ${id}-errors`);

  const actions = element('div', 'table-dialog-actions');
  const cancel = element('button', undefined, 'Cancel');
  cancel.type = 'button';
  const apply = element('button', 'is-primary', 'Use this table');
  apply.type = 'button';
  actions.append(cancel, apply);
  dialog.append(title, help, fileLabel, file, pasteLabel, text, choices, inputs, summary, errors, actions);
  host.append(dialog);

  /** The text being looked at (a file's is kept here: megabytes in a textarea slow the page) and what it gives. */
  let source = '';
  let sourceName = '';
  let table: Table | null = null;
  let data: TableData | null = null;
  /** Number columns left out of the inputs. */
  let skip = new Set<string>();

  function fail(message: string): void {
    data = null;
    summary.textContent = '';
    errors.replaceChildren(element('p', undefined, 'This table cannot be used yet:'), element('p', undefined, message));
    apply.disabled = true;
  }

  /** The boxes for the number columns (all of them but the target), ticked unless skipped. */
  function showInputs(candidates: readonly string[]): void {
    inputList.replaceChildren(...candidates.map((name) => {
      const label = element('label', 'table-dialog-input');
      const box = element('input');
      box.type = 'checkbox';
      box.checked = !skip.has(name);
      box.addEventListener('change', () => {
        if (box.checked) skip.delete(name);
        else skip.add(name);
        judge();
      });
      label.append(box, document.createTextNode(` ${name}`));
      return label;
    }));
    inputs.hidden = candidates.length === 0;
  }

  /** The data for the chosen target, kind and inputs, or the problem named. */
  function judge(): void {
    errors.replaceChildren();
    if (!table) return;
    const asked = kind.value === 'auto' ? undefined : (kind.value as 'classification' | 'regression');
    try {
      const candidates = tableData(table, target.value, asked).features;
      for (const name of [...skip]) if (!candidates.includes(name)) skip.delete(name);
      showInputs(candidates);
      if (candidates.every((name) => skip.has(name))) throw new Error('every input column is left out: tick at least one under Inputs');
      data = tableData(table, target.value, asked, [...skip]);
      summary.textContent = `${sourceName ? `${sourceName}: ` : ''}${tableSummary(data)}`;
      apply.disabled = false;
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** A new text: its columns into the target menu (keeping the chosen one where it still is). */
  function read(next: string, name: string): void {
    source = next;
    sourceName = name;
    table = null;
    data = null;
    target.replaceChildren();
    if (next.trim() === '') {
      summary.textContent = '';
      errors.replaceChildren();
      apply.disabled = true;
      return;
    }
    if (next.length > MAX_TABLE_TEXT) {
      fail(`the table is ${next.length.toLocaleString('en-US')} characters long; at most ${MAX_TABLE_TEXT.toLocaleString('en-US')} can be used`);
      return;
    }
    try {
      table = parseTable(next);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return;
    }
    const keep = store.get().tableTarget;
    skip = new Set(store.get().table === next ? store.get().tableSkip : []);
    inputs.hidden = true;
    for (const column of table.columns) {
      const option = element('option', undefined, column);
      option.value = column;
      target.append(option);
    }
    target.value = table.columns.includes(keep) ? keep : likelyTarget(table);
    judge();
  }

  // A paste too big to use is refused before the textarea holds (and lays out) megabytes of it.
  text.addEventListener('paste', (event) => {
    const length = event.clipboardData?.getData('text/plain').length ?? 0;
    if (text.value.length + length <= MAX_TABLE_TEXT) return;
    event.preventDefault();
    fail(`the pasted text is ${length.toLocaleString('en-US')} characters long; at most ${MAX_TABLE_TEXT.toLocaleString('en-US')} can be used (nothing was pasted)`);
  });

  let typing: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    clearTimeout(typing);
    file.value = '';
    typing = setTimeout(() => read(text.value, ''), 250);
  });
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_TABLE_TEXT * 4) {
      fail(`${chosen.name} is ${(chosen.size / 1e6).toFixed(1)} MB; a table of at most ${MAX_TABLE_TEXT.toLocaleString('en-US')} characters can be used`);
      return;
    }
    chosen.text().then((content) => {
      text.value = '';
      read(content, chosen.name);
    }, () => fail(`${chosen.name} could not be read`));
  });
  target.addEventListener('change', judge);
  kind.addEventListener('change', judge);

  button.addEventListener('click', () => {
    const state = store.get();
    kind.value = state.tableKind;
    if (state.table !== '' && source === '') {
      text.value = state.table.length <= 20_000 ? state.table : '';
      read(state.table, state.table.length <= 20_000 ? '' : 'your table');
    }
    dialog.showModal();
    (source === '' ? file : target).focus();
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    if (event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom) dialog.close();
  });
  apply.addEventListener('click', () => {
    clearTimeout(typing);
    if (text.value !== '' && text.value !== source) read(text.value, '');
    if (!data) {
      if (!errors.hasChildNodes()) fail('there is no table: open a file or paste one');
      return;
    }
    const own = { table: source, tableTarget: data.target, tableKind: kind.value as TableKind, tableSkip: [...skip].sort() };
    const problems = store.dispatch({ ...own, ...pickDataset({ ...store.get(), ...own }, 'table') });
    if (problems.length > 0) {
      fail(problems.join('; '));
      return;
    }
    dialog.close();
    announce(`Training on your table: ${tableSummary(data)}.`);
  });

  return {
    button,
    destroy() {
      clearTimeout(typing);
      dialog.remove();
    },
  };
}
