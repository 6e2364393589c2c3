// A labelled <select> that only dispatches, and shows whatever the state holds: a value outside
// its usual list (from a link) becomes an extra option instead of being silently misreported.
import { element } from './dom';
import { lockLook } from './lock';

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectField {
  /** The <label> wrapping caption and select: hide this to hide the control. */
  element: HTMLLabelElement;
  select: HTMLSelectElement;
  /** Replaces the options (only touches the DOM when they differ from the last ones). */
  setChoices(choices: readonly Choice[]): void;
  /** Selects `value` (only touches the DOM when it changed). */
  show(value: string): void;
  setDisabled(disabled: boolean, why?: string): void;
  /** Locked by the page: disabled, value shown, lock mark (lock.ts). */
  setLocked(locked: boolean): void;
}

export function createSelectField(name: string, caption: string, choices: readonly Choice[],
  onChange: (value: string) => void): SelectField {
  const label = element('label', 'control-field');
  label.dataset.control = name;
  const select = element('select');
  select.name = name;
  const captionNode = element('span', 'control-caption', caption);
  label.append(captionNode, select);
  select.addEventListener('change', () => onChange(select.value));
  const lock = lockLook(label, [select], captionNode);

  let choicesKey = '';
  let shown: string | null = null;
  let otherwise = { disabled: false, why: '' };
  const field: SelectField = {
    element: label,
    select,
    setChoices(next) {
      const key = next.map((c) => `${c.value}\u0000${c.label}\u0000${c.disabled ? 1 : 0}`).join('\u0001');
      if (key === choicesKey) return;
      choicesKey = key;
      select.replaceChildren(...next.map((c) => {
        const option = element('option', undefined, c.label);
        option.value = c.value;
        option.disabled = c.disabled === true;
        return option;
      }));
      shown = null; // the browser picked a default option: reapply the value
    },
    show(value) {
      if (value === shown) return;
      shown = value;
      select.value = value;
    },
    setDisabled(disabled, why = '') {
      otherwise = { disabled, why };
      lock.set(lock.locked, otherwise);
    },
    setLocked(locked) {
      lock.set(locked, otherwise);
    },
  };
  field.setChoices(choices);
  return field;
}

/**
 * A select over a fixed list of numbers. A state value outside the list (a link may carry any
 * valid number) is added in order and marked, so the select never claims a value that is not used.
 */
export function createNumberSelectField(name: string, caption: string, values: readonly number[],
  onChange: (value: number) => void): Pick<SelectField, 'element' | 'select' | 'setLocked'> & { show(value: number): void } {
  const base = (extra: number | null): Choice[] =>
    [...values, ...(extra === null ? [] : [extra])].sort((a, b) => a - b).map((v) => ({
      value: String(v),
      label: v === extra ? `${String(v)} (from link)` : String(v),
    }));
  const field = createSelectField(name, caption, base(null), (raw) => onChange(Number(raw)));
  return {
    element: field.element,
    select: field.select,
    setLocked: field.setLocked,
    show(value) {
      field.setChoices(base(values.includes(value) ? null : value));
      field.show(String(value));
    },
  };
}
