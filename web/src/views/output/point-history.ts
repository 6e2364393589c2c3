// Undo and Redo for the data the network trains on: every change of the user's own points (an
// add, a move, a removal, Clear, a CSV paste) and every switch to or from them, whoever made it,
// is recorded by watching the store, so the editor and the CSV dialog need not know of it.
// Switches between generated sets are not point edits and are not recorded. Ctrl+Z, and
// Ctrl+Shift+Z or Ctrl+Y, act when focus is in this playground, never inside a text field.
import type { Dataset, State } from '../../state';
import { ownsKeyEvent, type Context } from '../../view';
import { lockLook, locked } from '../controls/lock';
import { createUndoHistory } from './undo';

interface Data {
  dataset: Dataset;
  points: readonly number[];
}

export interface PointHistory {
  /** The Undo and Redo buttons (kept together when the toolbar wraps), for the editor's toolbar. */
  element: HTMLElement;
  render(state: Readonly<State>): void;
}

const LIMIT = 100;

/** Keys a text field uses for its own undo (or a select for nothing): the page must not take them. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  const plain = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image'];
  return target instanceof HTMLInputElement && !plain.includes(target.type);
}

function plural(n: number): string {
  return `${n} point${n === 1 ? '' : 's'}`;
}

function describe(data: Data): string {
  return data.dataset === 'custom' ? `your ${plural(data.points.length / 3)}` : `the ${data.dataset} data set`;
}

export function createPointHistory(context: Context, announce: (message: string) => void): PointHistory {
  const { store } = context;
  const history = createUndoHistory<Data>(LIMIT);
  const dataOf = (s: Readonly<State>): Data => ({ dataset: s.dataset, points: s.points });
  let last = dataOf(store.get());
  let applying = false;

  store.subscribe((state, changed) => {
    if (!changed.has('dataset') && !changed.has('points')) return;
    const now = dataOf(state);
    const pointEdit = last.dataset === 'custom' || now.dataset === 'custom';
    if (!applying && pointEdit) history.record(last);
    last = now;
  });

  function make(text: string, title: string, keys: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'output-undo';
    button.textContent = text;
    button.title = title;
    button.setAttribute('aria-keyshortcuts', keys);
    button.disabled = true;
    return button;
  }
  const undoButton = make('Undo', 'Undo the last change to the points (Ctrl+Z)', 'Control+Z');
  const redoButton = make('Redo', 'Redo the change to the points (Ctrl+Shift+Z or Ctrl+Y)', 'Control+Shift+Z Control+Y');
  const element = document.createElement('span');
  element.className = 'output-undo-group';
  element.append(undoButton, redoButton);
  const looks = [undoButton, redoButton].map((b) => lockLook(b, [b], b));
  const isLocked = () => locked(store.get(), 'dataEditor', 'points', 'dataset');

  function sync(): void {
    const lock = isLocked();
    looks[0].set(lock, { disabled: !history.canUndo, why: '' });
    looks[1].set(lock, { disabled: !history.canRedo, why: '' });
  }

  /** Goes one step back or forward; false when there was nothing to go to (or it is locked). */
  function go(direction: 'undo' | 'redo'): boolean {
    if (isLocked()) return false;
    const present = dataOf(store.get());
    const target = direction === 'undo' ? history.undo(present) : history.redo(present);
    if (!target) return false;
    applying = true;
    try {
      store.dispatch({ dataset: target.dataset, points: [...target.points] });
    } finally {
      applying = false;
    }
    announce(`${direction === 'undo' ? 'Undone' : 'Redone'}: back to ${describe(target)}.`);
    sync();
    return true;
  }

  undoButton.addEventListener('click', () => go('undo'));
  redoButton.addEventListener('click', () => go('redo'));

  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.repeat) return;
    const key = event.key.toLowerCase();
    const direction = key === 'z' ? (event.shiftKey ? 'redo' : 'undo') : key === 'y' && !event.shiftKey ? 'redo' : null;
    if (!direction || typing(event.target) || !ownsKeyEvent(context)) return;
    if (go(direction)) event.preventDefault();
  }, { signal: context.signal });

  return {
    element,
    render(state) {
      // Points are edited for classification only (a CSV paste switches to it).
      element.hidden = state.problem !== 'classification';
      sync();
    },
  };
}
