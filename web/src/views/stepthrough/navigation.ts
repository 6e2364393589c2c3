// The step-through's navigation bar: the four stages (a click jumps to a stage's first step),
// Back and Next (← / →), where we are ("layer 1 of 2"), and the animation speed.
import { button, el } from './format';
import { STAGES, type Stage, type Step } from './walk';

export type Speed = 'off' | 'slow' | 'normal' | 'fast';

/** Pulse duration along the links, ms. */
export const SPEEDS: Record<Speed, number> = { off: 0, slow: 1800, normal: 900, fast: 450 };

export interface NavigationInput {
  steps: Step[];
  index: number;
  /** A trace is there and nothing is in flight. */
  ready: boolean;
  /** On the update step: is the update still to apply, or applied? */
  update: 'none' | 'pending' | 'applied';
}

export interface Navigation {
  element: HTMLElement;
  render(input: NavigationInput): void;
  speed(): Speed;
  onStage(callback: (stage: Stage) => void): void;
  onBack(callback: () => void): void;
  onNext(callback: () => void): void;
  onSpeed(callback: () => void): void;
}

export function createNavigation(initialSpeed: Speed): Navigation {
  const element = el('nav', 'st-nav');
  element.setAttribute('aria-label', 'Backpropagation steps');
  const list = el('ol', 'st-stages');
  const stageButtons = new Map<Stage, HTMLButtonElement>();
  for (const s of STAGES) {
    const b = button('', 'st-stage');
    b.append(el('span', 'st-stage-number', String(s.number)), el('span', 'st-stage-name', s.title));
    stageButtons.set(s.stage, b);
    list.append(el('li', '', b));
  }
  const backButton = button('← Back', 'st-back', 'Previous step');
  const nextButton = button('Next →', 'st-primary st-next');
  const position = el('span', 'st-position');
  const keys = el('span', 'st-keys', 'Keys: ', el('kbd', '', '←'), ' back, ', el('kbd', '', '→'), ' next');
  const speedLabel = el('label', 'st-field st-speed', 'Animation');
  const speedSelect = el('select', 'st-select');
  for (const value of ['off', 'slow', 'normal', 'fast'] as const) {
    const option = el('option', '', value[0].toUpperCase() + value.slice(1));
    option.value = value;
    speedSelect.append(option);
  }
  speedSelect.value = initialSpeed;
  speedLabel.append(speedSelect);
  element.append(list, el('div', 'st-nav-row', backButton, nextButton, position, keys, speedLabel));

  let stageCallback: (stage: Stage) => void = () => {};
  let speedCallback: () => void = () => {};
  for (const [stage, b] of stageButtons) b.addEventListener('click', () => stageCallback(stage));
  speedSelect.addEventListener('change', () => speedCallback());
  let drawn = '';

  return {
    element,
    speed: () => speedSelect.value as Speed,
    onStage(callback) {
      stageCallback = callback;
    },
    onBack(callback) {
      backButton.addEventListener('click', callback);
    },
    onNext(callback) {
      nextButton.addEventListener('click', callback);
    },
    onSpeed(callback) {
      speedCallback = callback;
    },
    render({ steps, index, ready, update }) {
      const key = `${steps.length}/${index}/${ready}/${update}`;
      if (key === drawn) return;
      drawn = key;
      const current = steps[index];
      for (const [stage, b] of stageButtons) {
        const here = current?.stage === stage;
        b.classList.toggle('is-current', here);
        b.classList.toggle('is-done', !!current && STAGES.findIndex((s) => s.stage === stage) < STAGES.findIndex((s) => s.stage === current.stage));
        if (here) b.setAttribute('aria-current', 'step');
        else b.removeAttribute('aria-current');
        b.disabled = !ready;
      }
      backButton.disabled = !ready || index <= 0;
      nextButton.disabled = !ready;
      nextButton.textContent = update === 'pending' ? 'Apply update →' : update === 'applied' ? 'Next example →' : 'Next →';
      nextButton.setAttribute('aria-label', update === 'pending' ? 'Apply the update' : update === 'applied' ? 'Next example' : 'Next step');
      if (!current) {
        position.textContent = '';
        return;
      }
      const layers = steps.filter((s) => s.stage === current.stage).length;
      const within = steps.slice(0, index + 1).filter((s) => s.stage === current.stage).length;
      position.textContent = `Step ${index + 1} of ${steps.length}${layers > 1 ? ` · layer ${within} of ${layers}` : ''}`;
    },
  };
}
