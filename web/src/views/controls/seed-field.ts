// The random seed: typed text is checked before it is dispatched, and a bad value is named in an
// inline message instead of being clamped behind the user's back. A dice button draws a new one.
import { button, element, randomSeed, uniqueId } from './dom';
import { lockLook } from './lock';

const MAX_SEED = 0xffffffff;

/** The problem with a typed seed, in words, or null when it is a valid seed. */
export function seedProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return `Type a whole number from 0 to ${MAX_SEED}.`;
  if (!/^[+-]?\d+$/.test(t)) return `“${t.length > 20 ? `${t.slice(0, 17)}...` : t}” is not a whole number (0 to ${MAX_SEED}).`;
  const n = Number(t);
  if (n < 0) return `The seed cannot be negative (0 to ${MAX_SEED}).`;
  if (n > MAX_SEED) return `The seed can be at most ${MAX_SEED}.`;
  return null;
}

export interface SeedField {
  element: HTMLElement;
  show(seed: number): void;
  /** Locked by the page: disabled, value shown, lock mark (lock.ts). */
  setLocked(locked: boolean): void;
}

export function createSeedField(onSeed: (seed: number) => void): SeedField {
  const wrapper = element('div', 'control-field seed-field');
  wrapper.dataset.control = 'seed';
  const id = uniqueId('seed');
  const caption = element('label', 'control-caption', 'Seed');
  caption.htmlFor = id;
  const row = element('div', 'seed-row');
  // A text field with a numeric keyboard rather than type=number: no mouse-wheel changes while
  // scrolling the page, no spinner for a 10-digit range, and our own wording for bad input.
  const input = element('input');
  input.id = id;
  input.type = 'text';
  input.inputMode = 'numeric';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.title = `Random seed: fixes the data and the initial weights (0 to ${MAX_SEED}). Enter applies, Escape restores.`;
  const message = element('p', 'field-error');
  message.id = uniqueId('seed-error');
  message.setAttribute('role', 'alert');
  message.hidden = true;
  const dice = button('icon-button small', 'New random seed', 'New random seed', 'dice');
  row.append(input, dice);
  wrapper.append(caption, row, message);
  const lock = lockLook(wrapper, [input, dice], caption);

  let seed = NaN;
  const showProblem = (problem: string | null) => {
    message.textContent = problem ?? '';
    message.hidden = problem === null;
    input.setAttribute('aria-invalid', String(problem !== null));
    if (problem === null) input.removeAttribute('aria-describedby');
    else input.setAttribute('aria-describedby', message.id);
  };
  const commit = () => {
    const problem = seedProblem(input.value);
    showProblem(problem);
    if (problem === null && Number(input.value) !== seed) onSeed(Number(input.value));
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape' && !message.hidden) {
      input.value = String(seed);
      showProblem(null);
    }
  });
  // Clear the complaint as soon as the text is fixed; new complaints wait for Enter or blur.
  input.addEventListener('input', () => {
    if (!message.hidden && seedProblem(input.value) === null) showProblem(null);
  });
  dice.addEventListener('click', () => {
    showProblem(null);
    onSeed(randomSeed());
  });

  return {
    element: wrapper,
    show(value) {
      if (value === seed) return;
      seed = value;
      // A value from elsewhere (dice, regenerate, a link) replaces what was typed.
      input.value = String(value);
      showProblem(null);
    },
    setLocked(locked) {
      if (locked && !message.hidden) {
        input.value = String(seed);
        showProblem(null);
      }
      lock.set(locked);
    },
  };
}
