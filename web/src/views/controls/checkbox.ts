// A labelled checkbox for one flag of the state, with the lock look a tutorial's `_lock` gives it.
import { lockLook, type LockLook } from './lock';

export function checkbox(text: string, className = 'output-check'): { label: HTMLLabelElement; input: HTMLInputElement; lock: LockLook } {
  const label = document.createElement('label');
  label.className = className;
  const input = document.createElement('input');
  input.type = 'checkbox';
  const caption = document.createElement('span');
  caption.textContent = text;
  label.append(input, caption);
  return { label, input, lock: lockLook(label, [input], caption) };
}
