// The bar above the workspace: TensorFlow Playground's top row (reset, play, step, epoch,
// learning rate, activation, regularization, problem type) and ours (optimizer, initialization,
// loss, seed, theme, palette). Every control only dispatches; render() shows the state.
import './controls.css';
import { usesOwnPoints } from '../model';
import { PROBLEMS, sourceIn, type ProblemSpec } from '../problems';
import { ACTIVATIONS, LEARNING_RATES, MAX_CLASSES, MIN_CLASSES, REGULARIZATION_RATES, SPEEDS, type Activation, type State } from '../state';
import type { Context, Shown, View } from '../view';
import { dispatcher, element, hider } from './controls/dom';
import { locked } from './controls/lock';
import { createPlayback } from './controls/playback';
import { createSeedField } from './controls/seed-field';
import { createNumberSelectField, createSelectField, type Choice } from './controls/select-field';
import { createSwitch } from './controls/switch';

const ACTIVATION_NAMES: Record<Activation, string> = {
  relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: 'Linear', 'leaky-relu': 'Leaky ReLU', softplus: 'Softplus',
};
const MIXED = 'per-layer';

type Optimizer = State['optimizer'];
type Init = State['init'];
type Loss = State['loss'];
const OPTIMIZERS: Choice[] = [
  { value: 'sgd', label: 'SGD' }, { value: 'momentum', label: 'Momentum' },
  { value: 'rmsprop', label: 'RMSProp' }, { value: 'adam', label: 'Adam' },
];
const INITS: Choice[] = [
  { value: 'uniform', label: 'Uniform ±0.5' }, { value: 'glorot', label: 'Glorot (Xavier)' },
  { value: 'he', label: 'He (Kaiming)' }, { value: 'zero', label: 'Zero' },
];
const LOSSES: Choice[] = [{ value: 'mse', label: 'MSE' }, { value: 'cross-entropy', label: 'Cross-entropy' }];
const REGULARIZATIONS: Choice[] = [{ value: 'none', label: 'None' }, { value: 'L1', label: 'L1' }, { value: 'L2', label: 'L2' }];
const PROBLEM_CHOICES: Choice[] = (Object.entries(PROBLEMS) as [State['problem'], ProblemSpec][])
  .map(([value, spec]) => ({ value, label: spec.label }));
const CLASS_COUNTS = Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, i) => MIN_CLASSES + i);

function activationChoices(mixed: boolean): Choice[] {
  const choices: Choice[] = ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_NAMES[a] }));
  // Per-layer activations (set on the network view or by a link) are not one global value.
  if (mixed) choices.push({ value: MIXED, label: 'Per layer', disabled: true });
  return choices;
}

function group(className: string, ...children: HTMLElement[]): HTMLElement {
  const node = element('div', `controls-group ${className}`);
  node.append(...children);
  return node;
}

export function createControls(container: HTMLElement, context: Context): View {
  const dispatch = dispatcher(context);

  const playback = createPlayback(context);
  const learningRate = createNumberSelectField('learningRate', 'Learning rate', LEARNING_RATES,
    (v) => dispatch({ learningRate: v }));
  const activation = createSelectField('activation', 'Activation', activationChoices(false),
    (v) => dispatch({ activation: v as Activation, layerActivations: [] }));
  const regularization = createSelectField('regularization', 'Regularization', REGULARIZATIONS,
    (v) => dispatch({ regularization: v as State['regularization'] }));
  const regularizationRate = createNumberSelectField('regularizationRate', 'Regularization rate', REGULARIZATION_RATES,
    (v) => dispatch({ regularizationRate: v }));
  // Many classes train under softmax cross-entropy first (the loss menu offers squared error).
  const problem = createSelectField('problem', 'Problem type', PROBLEM_CHOICES,
    (v) => dispatch(v === 'multiclass' ? { problem: v, loss: 'cross-entropy' } : { problem: v as State['problem'] }));
  // Your own points keep their classes: fewer classes than they name is refused, named, and the count kept.
  const classes = createNumberSelectField('classes', 'Classes', CLASS_COUNTS, (v) => {
    const state = context.store.get();
    const highest = usesOwnPoints(state) ? Math.max(-1, ...state.points.filter((_, i) => i % 3 === 2)) : -1;
    if (v <= highest) {
      context.actions.notify(`Your points include class ${highest}, so they need at least ${highest + 1} classes; remove those points first. The classes stay at ${state.classes}.`);
      classes.select.value = String(state.classes); // (show() skips a value it already shows)
      return;
    }
    dispatch({ classes: v });
  });
  classes.select.title = 'How many classes the data has: the spiral\'s arms, the blobs';
  const optimizer = createSelectField('optimizer', 'Optimizer', OPTIMIZERS,
    (v) => dispatch({ optimizer: v as Optimizer }));
  const init = createSelectField('init', 'Initialization', INITS,
    (v) => dispatch({ init: v as Init }));
  const loss = createSelectField('loss', 'Loss', LOSSES, (v) => dispatch({ loss: v as Loss }));
  const seed = createSeedField((v) => dispatch({ seed: v }));
  const speed = createNumberSelectField('speed', 'Speed (epochs/frame)', SPEEDS, (v) => dispatch({ speed: v }));
  speed.select.title = 'Epochs trained per animation frame while playing (about 60 frames a second)';
  // Auto follows the system's dark mode where the playground is the page (playground.ts).
  const themes: Choice[] = [
    { value: 'auto', label: context.standalone ? 'Auto (system)' : 'Auto (light)' },
    { value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' },
  ];
  const theme = createSelectField('theme', 'Theme', themes, (v) => dispatch({ theme: v as State['theme'] }));
  theme.select.title = 'Light, dark, or the system\'s setting (a link carries only a chosen theme)';
  const palette = createSwitch('palette', 'Colour-blind palette',
    'Vermillion and blue (Okabe–Ito) instead of orange and blue: distinct under common colour-vision deficiencies',
    (on) => dispatch({ palette: on ? 'colorblind' : 'default' }));

  optimizer.select.title = 'How each step uses the gradient: plain SGD, or with momentum, RMSProp or Adam';
  init.select.title = 'How the initial weights are drawn (Reset draws new ones); Uniform ±0.5 is TensorFlow Playground\'s, with biases 0.1';

  container.classList.add('controls-bar');
  const groups = [
    group('controls-playback', playback.element),
    group('controls-main', learningRate.element, activation.element, regularization.element,
      regularizationRate.element, problem.element, classes.element),
    group('controls-more', optimizer.element, init.element, loss.element, seed.element, speed.element),
    group('controls-look', theme.element, palette.element),
  ];
  container.append(...groups);

  const applyHidden = hider([
    ...playback.parts,
    ['learningRate', learningRate.element], ['activation', activation.element],
    ['regularization', regularization.element], ['regularizationRate', regularizationRate.element],
    ['problem', problem.element], ['optimizer', optimizer.element], ['init', init.element],
    ['loss', loss.element], ['seed', seed.element], ['speed', speed.element], ['theme', theme.element],
    ['palette', palette.element],
  ]);

  let rendered: Readonly<Shown> | null = null;
  return {
    render(state, frame) {
      playback.render(frame, state.locked);
      // The rest shows only the state: a frame of training alone (the same state) changes none of it.
      if (state === rendered) return;
      rendered = state;
      learningRate.show(state.learningRate);
      const mixed = state.layerActivations.some((a) => a !== state.activation);
      activation.setChoices(activationChoices(mixed));
      activation.show(mixed ? MIXED : state.activation);
      regularization.show(state.regularization);
      regularizationRate.show(state.regularizationRate);
      problem.show(state.problem);
      classes.show(state.classes);
      optimizer.show(state.optimizer);
      init.show(state.init);
      // Regression always trains on squared error (linear output): show what is used.
      const regression = state.problem === 'regression';
      loss.show(regression ? 'mse' : state.loss);
      loss.setDisabled(regression, 'Regression always uses mean squared error');
      seed.show(state.seed);
      speed.show(state.speed);
      theme.show(context.store.get().theme); // the state's own: render's has 'auto' resolved
      palette.show(state.palette === 'colorblind');
      applyHidden(state.hidden);
      // Only many classes have a count to choose (applyHidden writes only when the hidden list changes).
      // (A real data set's classes are its own: the ten digits.)
      classes.element.hidden = state.hidden.includes('classes') || state.problem !== 'multiclass' || sourceIn(state).classes(state) !== null;
      // Without its three buttons the epoch counter alone goes too (on a phone it would keep a bar
      // at the screen's bottom for a number), as in the element's toolbar.
      const noButtons = playback.parts.every(([, part]) => part.hidden);
      if (playback.element.hidden !== noButtons) playback.element.hidden = noButtons;
      // A group whose controls are all hidden goes too, with its share of the bar's gaps.
      for (const g of groups) g.hidden = [...g.children].every((c) => (c as HTMLElement).hidden);
      learningRate.setLocked(locked(state, 'learningRate'));
      activation.setLocked(locked(state, 'activation', 'layerActivations'));
      regularization.setLocked(locked(state, 'regularization'));
      regularizationRate.setLocked(locked(state, 'regularizationRate'));
      problem.setLocked(locked(state, 'problem'));
      classes.setLocked(locked(state, 'classes'));
      optimizer.setLocked(locked(state, 'optimizer'));
      init.setLocked(locked(state, 'init'));
      loss.setLocked(locked(state, 'loss'));
      seed.setLocked(locked(state, 'seed'));
      speed.setLocked(locked(state, 'speed'));
      theme.setLocked(locked(state, 'theme'));
      palette.setLocked(locked(state, 'palette'));
    },
    // Its listeners are on its own nodes, or on the document with context.signal.
    destroy() {},
  };
}
