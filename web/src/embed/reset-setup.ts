// The reader's "Reset to this setup" button, beside "Open in the full playground" in embeds
// and elements (the setup itself is embed/setup.ts).
import type { Store } from '../store';
import { element, icon } from '../views/controls/dom';
import type { AuthorSetup } from './setup';
import './reset-setup.css';

export interface ResetSetupButton {
  readonly button: HTMLButtonElement;
  /** Stops following the store and the setup (the playground it belongs to is gone). */
  stop(): void;
}

/** The reader's button, shown only while the playground differs from the author's setup. */
export function createResetSetupButton(store: Store, setup: AuthorSetup, onClick: () => void): ResetSetupButton {
  const node = element('button', 'reset-setup');
  node.type = 'button';
  node.append(icon('reset'), 'Reset to this setup');
  node.title = "Back to this page's setup: its settings, data and starting weights, from epoch 0";
  const update = () => {
    const state = store.get();
    const hidden = !setup.differs(state) || state.hidden.includes('resetSetupButton');
    // Pressed from the keyboard, it hides itself: focus moves on to its neighbour, the link to
    // the full playground, rather than falling back to the top of the page.
    if (hidden && document.activeElement === node) (node.nextElementSibling as HTMLElement | null)?.focus();
    node.hidden = hidden;
  };
  node.addEventListener('click', onClick);
  const stops = [store.subscribe(update), setup.subscribe(update)];
  update();
  return { button: node, stop: () => stops.forEach((stop) => stop()) };
}
