// Editing the user's own points on the output square. While a drag is under way the edit is
// kept here and drawn locally; the store hears of it once, on release, because every dispatch
// of `points` rebuilds the session. Every other edit goes to the store at once, even a list too
// short to train on (after "Clear"): the state and the link then say what the user sees, and the
// trainer asks for more points instead of training on the old ones.
import { classColours, css } from '../../class-colours';
import { PALETTES } from '../../heatmap';
import { problemOf } from '../../problems';
import type { Shown } from '../../view';
import type { Store } from '../../store';
import type { Frame } from '../../trainer';
import { lockLook, locked } from '../controls/lock';
import { minPoints } from '../../model';
import type { Plot } from './plot';
import { describePoint, movedPoint, nearest, pointsFromDataset, withoutPoint, withPoint } from './points';

export interface EditorOptions {
  store: Store;
  plot: Plot;
  /** Redraw the points overlay now (a drag cannot wait for the next frame). */
  redraw(): void;
  /** Say something to screen-reader users. */
  announce(message: string): void;
  /** Buttons shown beside "Edit points" (e.g. "Paste CSV…"). */
  extras?: HTMLElement[];
}

export interface Editor {
  /** The toolbar: "Edit points", the class to add, "Clear" and a hint. */
  element: HTMLElement;
  readonly editing: boolean;
  /** The points to draw while editing (pending edits included), else null. */
  points(): readonly number[] | null;
  selected(): number;
  cursor(): { x: number; y: number } | null;
  render(state: Readonly<Shown>, frame: Frame | null): void;
  /** Clears a pending long-press timer. */
  destroy(): void;
}

const HIT_MOUSE = 8; // CSS px: how near a pointer must be to grab a point
const HIT_TOUCH = 18;
const DRAG_THRESHOLD = 4;
const LONG_PRESS_MS = 550;
const KEY_STEP = 0.25;

interface Drag {
  pointerId: number;
  index: number;
  added: boolean;
  moved: boolean;
  startX: number;
  startY: number;
  timer: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function className(label: number): string {
  return label > 0 ? 'positive' : 'negative';
}

export function createEditor(options: EditorOptions): Editor {
  const { store, plot, redraw, announce } = options;
  const canvas = plot.overlay;

  const element = document.createElement('div');
  element.className = 'output-editor';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Edit the data points');

  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'output-edit-toggle';
  toggle.textContent = 'Edit points';
  toggle.setAttribute('aria-pressed', 'false');
  // Editing writes the points and switches to the custom data set: locked with either.
  const lock = lockLook(toggle, [toggle], toggle);

  const classes = document.createElement('fieldset');
  classes.className = 'output-classes';
  const legend = document.createElement('legend');
  legend.textContent = 'Add';
  classes.append(legend);
  // Unique per instance: two playgrounds on one page must not share a radio group.
  const group = `output-class-${Math.random().toString(36).slice(2)}`;
  const radios = new Map<number, HTMLInputElement>();
  /** One radio per class: Positive and Negative for two, "0" .. "K - 1" in the classes' colours for more. */
  let classCount = 0;
  let drawnLook = '';
  function buildRadios(state: Readonly<Shown>): void {
    const many = problemOf(state).classes(state);
    const colours = many > 2 ? classColours(PALETTES[state.palette][state.theme], state.palette, state.theme, many) : [];
    const look = `${many}/${colours.map(css).join()}`;
    if (look === drawnLook) return;
    drawnLook = look;
    const keep = chosenLabel();
    classCount = many;
    for (const radio of radios.values()) radio.closest('label')?.remove();
    radios.clear();
    const entries: [number, string][] = many > 2 ? colours.map((_, k) => [k, String(k)]) : [[1, 'Positive'], [-1, 'Negative']];
    for (const [label, text] of entries) {
      const wrapper = document.createElement('label');
      wrapper.className = many > 2 ? 'output-class' : `output-class is-${className(label)}`;
      if (many > 2) wrapper.setAttribute('aria-label', `Class ${text}`);
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = group;
      input.value = String(label);
      const swatch = document.createElement('span');
      swatch.className = 'output-class-swatch';
      swatch.setAttribute('aria-hidden', 'true');
      if (many > 2) swatch.style.background = css(colours[label]);
      wrapper.append(input, swatch, document.createTextNode(text));
      classes.append(wrapper);
      radios.set(label, input);
      input.addEventListener('change', setHint);
    }
    (radios.get(keep) ?? radios.values().next().value)!.checked = true;
  }

  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'Clear';
  clear.setAttribute('aria-label', 'Clear all points');

  const hint = document.createElement('p');
  hint.className = 'output-editor-hint';
  hint.id = `${group}-hint`;

  // The class choice, "Clear" and the hint only matter while editing: a row of their own.
  const editRow = document.createElement('div');
  editRow.className = 'output-edit-row';
  editRow.append(classes, clear, hint);
  const main = document.createElement('div');
  main.className = 'output-editor-main';
  main.append(toggle, ...(options.extras ?? []));
  element.append(main, editRow);

  let editing = false;
  let local: number[] | null = null; // the list being dragged, until release
  let selected = -1;
  let cursor = { x: 0, y: 0 };
  let showCursor = false;
  let drag: Drag | null = null;
  let lastPointerType = 'mouse';
  let frame: Frame | null = null;

  const current = (): readonly number[] => local ?? store.get().points;
  const chosenLabel = () => [...radios].find(([, radio]) => radio.checked)?.[0] ?? 1;
  const describe = (points: readonly number[], index: number) => describePoint(points, index, classCount);
  const count = (points: readonly number[]) => points.length / 3;

  function setHint(): void {
    const state = store.get();
    const need = minPoints(state.percTrainData) - count(current());
    const text = need > 0
      ? `Add ${plural(need, 'more point')} to train on them.`
      : 'Click or tap to add a point; drag to move one; right-click, long-press or select and press Delete to remove.';
    if (hint.textContent === text) return;
    hint.textContent = text;
    hint.classList.toggle('is-warning', need > 0);
  }

  function commit(points: number[], message: string): void {
    local = null;
    store.dispatch({ dataset: 'custom', points });
    const need = minPoints(store.get().percTrainData) - count(points);
    const tail = need > 0 ? ` Add ${need} more to train.` : '';
    announce(`${message} ${plural(count(points), 'point')}.${tail}`);
    setHint();
    redraw();
  }

  function start(): void {
    const state = store.get();
    if (state.dataset === 'custom') {
      setEditing(true);
      announce(`Editing ${plural(count(state.points), 'point')}.`);
      return;
    }
    const points = pointsFromDataset(frame?.info.data ?? null);
    setEditing(true);
    commit(points, `Editing a copy of the ${state.dataset} data set.`);
  }

  function setEditing(on: boolean, draw = true): void {
    editing = on;
    if (!on) {
      local = null;
      selected = -1;
      drag = null;
    }
    toggle.setAttribute('aria-pressed', String(on));
    editRow.hidden = !on;
    canvas.classList.toggle('is-editing', on);
    if (on) {
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'application');
      canvas.setAttribute('aria-roledescription', 'point editor');
      canvas.setAttribute('aria-describedby', hint.id);
    } else {
      canvas.removeAttribute('tabindex');
      canvas.setAttribute('role', 'img');
      canvas.removeAttribute('aria-roledescription');
      canvas.removeAttribute('aria-describedby');
    }
    setHint();
    if (draw) redraw();
  }

  toggle.addEventListener('click', () => {
    if (editing) {
      setEditing(false);
      announce('Stopped editing.');
    } else {
      start();
    }
  });
  clear.addEventListener('click', () => {
    selected = -1;
    commit([], 'Cleared all points.');
  });

  function hitRadius(pointerType: string): number {
    const px = pointerType === 'mouse' ? HIT_MOUSE : HIT_TOUCH;
    return (px * 12) / Math.max(1, plot.size());
  }

  function endDrag(): void {
    if (drag) clearTimeout(drag.timer);
    drag = null;
  }

  canvas.addEventListener('pointerdown', (event) => {
    lastPointerType = event.pointerType;
    if (!editing || event.button !== 0 || drag) return;
    event.preventDefault();
    canvas.focus({ preventScroll: true });
    const p = plot.toData(event.clientX, event.clientY);
    let points = [...current()];
    let index = nearest(points, p.x, p.y, hitRadius(event.pointerType));
    const added = index < 0;
    if (added) {
      points = withPoint(points, p.x, p.y, chosenLabel());
      index = count(points) - 1;
    }
    local = points;
    selected = index;
    canvas.setPointerCapture(event.pointerId);
    const longPress = () => {
      if (!drag || drag.moved) return;
      const gone = describe(current(), drag.index);
      endDrag();
      selected = -1;
      commit(withoutPoint(current(), index), `Removed the ${gone}.`);
    };
    drag = {
      pointerId: event.pointerId, index, added, moved: false, startX: event.clientX, startY: event.clientY,
      timer: !added && event.pointerType !== 'mouse' ? window.setTimeout(longPress, LONG_PRESS_MS) : 0,
    };
    redraw();
  });

  canvas.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointerId || !local) return;
    if (!drag.moved && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_THRESHOLD) return;
    drag.moved = true;
    clearTimeout(drag.timer);
    const p = plot.toData(event.clientX, event.clientY);
    local = movedPoint(local, drag.index, p.x, p.y);
    redraw();
  });

  canvas.addEventListener('pointerup', (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { added, moved, index } = drag;
    endDrag();
    const points = local ?? [...current()];
    if (added) commit(points, `Added a ${describe(points, index)}.`);
    else if (moved) commit(points, `Moved the point to ${describe(points, index).replace(/^.* at /, '')}.`);
    else {
      // A tap on a point selects it (for Delete); nothing changed, nothing to send.
      local = null;
      announce(`Selected the ${describe(current(), index)}. Press Delete to remove it.`);
      redraw();
    }
  });

  canvas.addEventListener('pointercancel', (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    endDrag();
    local = null;
    selected = -1;
    redraw();
  });

  canvas.addEventListener('contextmenu', (event) => {
    if (!editing) return;
    event.preventDefault();
    // A touch long-press also raises contextmenu; the long-press timer handles touch.
    if (lastPointerType !== 'mouse') return;
    const p = plot.toData(event.clientX, event.clientY);
    const index = nearest(current(), p.x, p.y, hitRadius('mouse'));
    if (index < 0) return;
    const gone = describe(current(), index);
    selected = -1;
    commit(withoutPoint(current(), index), `Removed the ${gone}.`);
  });

  canvas.addEventListener('keydown', (event) => {
    if (!editing || drag) return;
    const step = event.shiftKey ? 1 : KEY_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    const points = current();
    if (move) {
      cursor = { x: Math.max(-6, Math.min(6, cursor.x + move[0])), y: Math.max(-6, Math.min(6, cursor.y + move[1])) };
      showCursor = true;
      announce(`Cursor at x ${cursor.x.toFixed(2)}, y ${cursor.y.toFixed(2)}.`);
      redraw();
    } else if (event.key === 'Enter' || event.key === ' ') {
      showCursor = true;
      const next = withPoint(points, cursor.x, cursor.y, chosenLabel());
      selected = -1;
      commit(next, `Added a ${describe(next, count(next) - 1)}.`);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      const index = selected >= 0 && selected < count(points) ? selected : nearest(points, cursor.x, cursor.y);
      if (index < 0) {
        announce('There is no point to remove.');
      } else {
        const gone = describe(points, index);
        selected = -1;
        commit(withoutPoint(points, index), `Removed the ${gone}.`);
      }
    } else if (event.key === 'Escape') {
      selected = -1;
      redraw();
    } else {
      return;
    }
    event.preventDefault();
  });

  canvas.addEventListener('focus', () => {
    showCursor = canvas.matches(':focus-visible');
    redraw();
  });
  canvas.addEventListener('blur', () => {
    showCursor = false;
    redraw();
  });

  setEditing(false, false);

  return {
    element,
    get editing() {
      return editing;
    },
    points: () => (editing ? current() : null),
    selected: () => (editing ? selected : -1),
    cursor: () => (editing && showCursor ? cursor : null),
    render(state, nextFrame) {
      frame = nextFrame;
      const available = problemOf(state).ownPoints && !state.hidden.includes('dataEditor');
      buildRadios(state);
      toggle.hidden = !available;
      const isLocked = locked(state, 'dataEditor', 'points', 'dataset');
      // A generated set is copied from the session's data; the user's own (maybe empty) need none.
      lock.set(isLocked, { disabled: !editing && !nextFrame && state.dataset !== 'custom', why: '' });
      if (editing && (!available || isLocked || state.dataset !== 'custom')) {
        setEditing(false);
        return;
      }
      if (selected >= count(current())) selected = -1;
      if (editing) setHint();
    },
    destroy: endDrag,
  };
}
