// The step-through panel's header, the same for every kind of data: its heading (the panel's
// name), a line of what it does, and the button between training and step mode, which a
// tutorial may lock (mode_lock) or hide (mode_hide).
import type { State } from '../../state';
import type { Store } from '../../store';
import { uniqueId } from '../controls/dom';
import { locked, lockLook } from '../controls/lock';
import { button, el } from './format';

export interface StepHeader {
  element: HTMLElement;
  /** Shows a mode: the body in step mode, the line of what it does in training. */
  show(mode: State['mode']): void;
  render(state: Readonly<State>): void;
}

export function createStepHeader(container: HTMLElement, root: HTMLElement, body: HTMLElement, store: Store, introText: string): StepHeader {
  const heading = el('h2', 'st-heading', 'Step through backpropagation');
  heading.id = uniqueId('st-heading'); // a page may hold several step-throughs (a tutorial)
  container.removeAttribute('aria-label');
  container.setAttribute('aria-labelledby', heading.id);
  const intro = el('p', 'st-intro', introText);
  const toggle = button('Step through backprop', 'st-primary st-toggle');
  const modeLock = lockLook(toggle, [toggle], heading); // mode_lock=true: a page that keeps its readers in one mode
  const element = el('div', 'st-header', el('div', 'st-title', heading, intro), toggle);
  let mode: State['mode'] = 'train';
  toggle.addEventListener('click', () => store.dispatch({ mode: mode === 'step' ? 'train' : 'step' }));
  return {
    element,
    show(next) {
      mode = next;
      const stepping = next === 'step';
      body.hidden = !stepping;
      intro.hidden = stepping;
      toggle.textContent = stepping ? 'Back to training' : 'Step through backprop';
      root.classList.toggle('is-stepping', stepping);
    },
    render(state) {
      modeLock.set(locked(state, 'mode'));
      toggle.hidden = state.hidden.includes('mode'); // mode_hide=true: the link's mode, no way out
    },
  };
}
