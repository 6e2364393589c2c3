// The step-through's navigation bar: the four stages (a click jumps to a stage's first step),
// Back and Next (← / →), where we are, and the animation speed. One numbering throughout: the
// walk's steps. "Step 5 of 8" says where we are, and each stage shows the steps it spans
// ("Backward 5–7"), so the learner never meets a stage number, a layer count and a layer name
// that disagree.
import { button, el } from './format';
import { STAGES, stageSpan, stepPosition, type Stage, type Step } from './walk';

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
  // A group, not a navigation landmark: these buttons move within the panel, and a page with
  // several step-throughs (a tutorial) would otherwise have landmarks of one name.
  const element = el('div', 'st-nav');
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Backpropagation steps');
  const list = el('ol', 'st-stages');
  const stageButtons = new Map<Stage, { button: HTMLButtonElement; span: HTMLElement }>();
  for (const s of STAGES) {
    const b = button('', 'st-stage');
    const span = el('span', 'st-stage-number');
    b.append(span, ' ', el('span', 'st-stage-name', s.title)); // "5–7 Backward", two words (the flex box draws no space)
    stageButtons.set(s.stage, { button: b, span });
    list.append(el('li', '', b));
  }
  // The arrows are decoration: the buttons are named by their words, as they read.
  const arrow = (text: string) => {
    const a = el('span', 'st-arrow', text);
    a.setAttribute('aria-hidden', 'true');
    return a;
  };
  const backButton = button('', 'st-back');
  backButton.append(arrow('← '), 'Back');
  backButton.title = 'Previous step (←)';
  const nextButton = button('', 'st-primary st-next');
  const nextText = el('span', '', 'Next');
  nextButton.append(nextText, arrow(' →'));
  nextButton.title = 'Next step (→)';
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
  for (const [stage, { button: b }] of stageButtons) b.addEventListener('click', () => stageCallback(stage));
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
      for (const [stage, { button: b, span }] of stageButtons) {
        const here = current?.stage === stage;
        // Seen as a badge "5–7" beside "Backward", read as "Steps 5–7: Backward".
        span.textContent = stageSpan(steps, stage);
        const title = STAGES.find((s) => s.stage === stage)?.title ?? '';
        b.setAttribute('aria-label', `${span.textContent.includes('–') ? 'Steps' : 'Step'} ${span.textContent}: ${title}`);
        b.classList.toggle('is-current', here);
        b.classList.toggle('is-done', !!current && STAGES.findIndex((s) => s.stage === stage) < STAGES.findIndex((s) => s.stage === current.stage));
        if (here) b.setAttribute('aria-current', 'step');
        else b.removeAttribute('aria-current');
        b.disabled = !ready;
      }
      backButton.disabled = !ready || index <= 0;
      nextButton.disabled = !ready;
      nextText.textContent = update === 'pending' ? 'Apply update' : update === 'applied' ? 'Next example' : 'Next';
      nextButton.title = update === 'pending' ? 'Apply the update (→)' : update === 'applied' ? 'Trace the next example (→)' : 'Next step (→)';
      position.textContent = current ? stepPosition(steps, index) : '';
    },
  };
}
