// An on/off switch (role=switch) for the look of the page: dark theme, colour-blind palette.
import { element } from './dom';
import { lockLook } from './lock';

export interface Switch {
  element: HTMLButtonElement;
  show(on: boolean): void;
  /** Locked by the page: disabled, state shown, lock mark (lock.ts). */
  setLocked(locked: boolean): void;
}

export function createSwitch(name: string, text: string, title: string, onToggle: (on: boolean) => void): Switch {
  const node = element('button', 'switch');
  node.type = 'button';
  node.dataset.control = name;
  node.setAttribute('role', 'switch');
  node.title = title;
  const track = element('span', 'switch-track');
  track.setAttribute('aria-hidden', 'true');
  track.append(element('span', 'switch-thumb'));
  const label = element('span', 'switch-text', text);
  node.append(track, label);
  const lock = lockLook(node, [node], label);

  let on: boolean | null = null;
  // Flip the local value at once: two clicks before the next frame toggle twice.
  node.addEventListener('click', () => {
    on = !on;
    node.setAttribute('aria-checked', String(on));
    onToggle(on);
  });
  return {
    element: node,
    show(value) {
      if (value === on) return;
      on = value;
      node.setAttribute('aria-checked', String(value));
    },
    setLocked(locked) {
      lock.set(locked);
    },
  };
}
