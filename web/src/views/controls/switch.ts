// An on/off switch (role=switch) for the look of the page: dark theme, colour-blind palette.
import { element } from './dom';

export interface Switch {
  element: HTMLButtonElement;
  show(on: boolean): void;
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
  node.append(track, element('span', 'switch-text', text));

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
  };
}
