// A labelled slider with its value printed beside the caption. Dragging updates the printed value
// only; the state changes once, on release ('change'), so the engine is not rebuilt per pixel.
import { element, uniqueId } from './dom';
import { lockLook } from './lock';

export interface RangeOptions {
  name: string;
  caption: string;
  min: number;
  max: number;
  step: number;
  /** How the value reads beside the caption and to a screen reader ("50%"). */
  format(value: number): string;
  onChange(value: number): void;
}

export interface RangeField {
  element: HTMLElement;
  show(value: number): void;
  setDisabled(disabled: boolean, why?: string): void;
  /** Locked by the page: disabled, value shown, lock mark (lock.ts). */
  setLocked(locked: boolean): void;
}

export function createRangeField(options: RangeOptions): RangeField {
  const wrapper = element('div', 'range-field');
  wrapper.dataset.control = options.name;
  const id = uniqueId(options.name);
  const top = element('div', 'range-top');
  const caption = element('label', 'control-caption', options.caption);
  caption.htmlFor = id;
  const output = element('output', 'range-value');
  output.htmlFor.add(id);
  output.setAttribute('aria-hidden', 'true'); // the slider's aria-valuetext says the same
  top.append(caption, output);
  const input = element('input');
  input.type = 'range';
  input.id = id;
  input.name = options.name;
  input.min = String(options.min);
  input.max = String(options.max);
  wrapper.append(top, input);
  const lock = lockLook(wrapper, [input], caption);

  const print = (value: number) => {
    const text = options.format(value);
    output.textContent = text;
    input.setAttribute('aria-valuetext', text);
  };
  input.addEventListener('input', () => print(Number(input.value)));
  input.addEventListener('change', () => options.onChange(Number(input.value)));

  let shown = NaN;
  let otherwise = { disabled: false, why: '' };
  return {
    element: wrapper,
    show(value) {
      if (value === shown) return;
      shown = value;
      // A value off the usual steps (a link may hold 75%) gets unit steps, so the slider
      // shows it exactly instead of snapping to a neighbour.
      input.step = (value - options.min) % options.step === 0 ? String(options.step) : '1';
      input.value = String(value);
      print(value);
    },
    setDisabled(disabled, why = '') {
      otherwise = { disabled, why };
      lock.set(lock.locked, otherwise);
    },
    setLocked(locked) {
      lock.set(locked, otherwise);
    },
  };
}
