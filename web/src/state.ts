// The page's state as one declarative table: each property's URL name, type, allowed values and
// default. parseHash and toHash are the only readers and writers of the URL; both are driven by
// the table. The URL is a superset of TensorFlow Playground's hash: one of its links pasted
// after our address loads the same configuration.
import { IMAGE_WIDTH } from './data/sources';
import { quoted } from './quoted';
import { MAX_LINK_LENGTH } from './share';
import { MAX_TABLE_TEXT, packTable, unpackTable } from './data/own-table';
import { fitToData } from './fit';
import { CONTROL_ALIASES, neuronButtonsName, seedOf, TFP_CONTROLS, TFP_PROPERTIES, TFP_UNUSED } from './tfp';

export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'checkerboard', 'blobs', 'custom', 'digits', 'penguins', 'table'] as const;
export const REG_DATASETS = ['reg-plane', 'reg-gauss', 'table'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear', 'leaky-relu', 'softplus'] as const;
export const FEATURES = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'] as const;
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
/** Training speed: epochs per animation frame (60 frames a second when the machine keeps up). */
export const SPEEDS = [0.002, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10] as const;
export const MAX_HIDDEN_LAYERS = 8;
/** Widest hidden layer on the plane (its network view), and for any data (images: web/src/data/sources.ts). */
export const MAX_NEURONS = 16;
export const MAX_WIDTH = IMAGE_WIDTH;
export const MAX_POINTS = 2000;
/** Classes of a multi-class problem. */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
export const DOMAIN = 6; // the input square is [-6, 6]²
export const STATE_VERSION = 1;

export type Dataset = (typeof DATASETS)[number];
export type RegDataset = (typeof REG_DATASETS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type Feature = (typeof FEATURES)[number];

/** One property: how to read it from a URL value, write it back, and its default. */
export interface Property<T> {
  readonly default: T;
  /** The value, or a problem in words; both: the value it was repaired to (the caller names it after the raw text). */
  parse(raw: string): { value: T; problem?: string } | { problem: string };
  format(value: T): string;
  /** Is this a value the property allows? (for setState from scripts) */
  valid(value: unknown): value is T;
  /** Written to the URL only when it differs from the default (long values most links do without). */
  readonly optional?: boolean;
}

function choice<T extends string>(values: readonly T[], fallback: T, aliases: Record<string, T> = {}): Property<T> {
  const valid = (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
  return {
    default: fallback,
    valid,
    parse(raw) {
      const v = aliases[raw] ?? raw;
      return valid(v) ? { value: v } : { problem: `must be one of ${values.join(', ')}` };
    },
    format: (v) => v,
  };
}

function integer(min: number, max: number, fallback: number): Property<number> {
  return {
    default: fallback,
    valid: (v): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
    parse(raw) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { problem: `must be a whole number from ${min} to ${max}` };
      const clamped = Math.min(max, Math.max(min, Math.round(n)));
      return clamped === n ? { value: n } : { value: clamped, problem: `must be a whole number from ${min} to ${max}` };
    },
    format: (v) => String(v),
  };
}

function positive(max: number, fallback: number, allowZero: boolean): Property<number> {
  const ok = (n: number) => Number.isFinite(n) && n <= max && (allowZero ? n >= 0 : n > 0);
  const range = `${allowZero ? '>= 0' : '> 0'} and at most ${max}`;
  return {
    default: fallback,
    valid: (v): v is number => typeof v === 'number' && ok(v),
    parse(raw) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) return { problem: `must be a number ${range}` };
      return ok(n) ? { value: n } : { value: max, problem: `must be a number ${range}` };
    },
    format: (v) => String(v),
  };
}

function flag(fallback: boolean): Property<boolean> {
  return {
    default: fallback,
    valid: (v): v is boolean => typeof v === 'boolean',
    parse(raw) {
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return { problem: 'must be true or false' };
    },
    format: (v) => String(v),
  };
}

// Hidden layer widths, "4,2" (TensorFlow Playground's networkShape); "" is no hidden layer. Up
// to MAX_WIDTH here; parseHash keeps the plane's networks to MAX_NEURONS, once it knows the data.
const networkShape: Property<number[]> = {
  default: [4, 2],
  valid: (v): v is number[] =>
    Array.isArray(v) && v.length <= MAX_HIDDEN_LAYERS && v.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_WIDTH),
  parse(raw) {
    if (raw.trim() === '') return { value: [] };
    const parts = raw.split(',');
    const widths = parts.map(Number);
    if (widths.some((n) => !Number.isFinite(n))) return { problem: `must be a list of widths like 4,2` };
    const fixed = widths.slice(0, MAX_HIDDEN_LAYERS).map((n) => Math.min(MAX_WIDTH, Math.max(1, Math.round(n))));
    const exact = fixed.length === widths.length && fixed.every((n, i) => n === widths[i]);
    return exact
      ? { value: fixed }
      : { value: fixed, problem: `allows up to ${MAX_HIDDEN_LAYERS} layers of 1 to ${MAX_WIDTH} neurons` };
  },
  format: (v) => v.join(','),
};

// One activation per hidden layer (ours), "tanh,relu"; empty means "all use activation".
const layerActivations: Property<Activation[]> = {
  default: [],
  valid: (v): v is Activation[] =>
    Array.isArray(v) && v.length <= MAX_HIDDEN_LAYERS && v.every((a) => (ACTIVATIONS as readonly string[]).includes(a)),
  parse(raw) {
    if (raw.trim() === '') return { value: [] };
    const names = raw.split(',');
    const bad = names.find((a) => !(ACTIVATIONS as readonly string[]).includes(a));
    if (bad !== undefined || names.length > MAX_HIDDEN_LAYERS)
      return { problem: `must be up to ${MAX_HIDDEN_LAYERS} of ${ACTIVATIONS.join(', ')}, comma-separated` };
    return { value: names as Activation[] };
  },
  format: (v) => v.join(','),
};

// The user's own points for dataset=custom, flat [x0, y0, label0, x1, ...], written compactly as
// "x_y_label~x_y_label" with two decimals (characters that need no escaping in a URL). A label
// is ±1 for two classes, or a class 0 .. 9 for more (web/src/problems.ts classIndex).
const isLabel = (n: number) => n === -1 || (Number.isInteger(n) && n >= 0 && n < MAX_CLASSES);
const points: Property<number[]> = {
  default: [],
  valid: (v): v is number[] =>
    Array.isArray(v) && v.length % 3 === 0 && v.length <= 3 * MAX_POINTS &&
    v.every((n, i) => typeof n === 'number' && (i % 3 === 2 ? isLabel(n) : Math.abs(n) <= DOMAIN)),
  parse(raw) {
    if (raw.trim() === '') return { value: [] };
    const triples = raw.split('~');
    if (triples.length > MAX_POINTS) return { problem: `holds more than ${MAX_POINTS} points` };
    const flat: number[] = [];
    for (const [i, triple] of triples.entries()) {
      const [x, y, label] = triple.split('_').map(Number);
      if (triple.split('_').length !== 3 || ![x, y, label].every(Number.isFinite) || Math.abs(x) > DOMAIN ||
          Math.abs(y) > DOMAIN || !isLabel(label))
        return { problem: `point ${i + 1} must be x_y_label with |x|, |y| <= ${DOMAIN} and label 1 or -1, or a class 0 to ${MAX_CLASSES - 1}` };
      flat.push(x, y, label);
    }
    return { value: flat };
  },
  format(v) {
    const parts: string[] = [];
    for (let i = 0; i < v.length; i += 3) parts.push(`${+v[i].toFixed(2)}_${+v[i + 1].toFixed(2)}_${v[i + 2]}`);
    return parts.join('~');
  },
};

// Ours are whole numbers; TensorFlow Playground's are any text ("0.59898", "hello"), mapped to
// one of ours the same way on every load (seedOf in tfp.ts), without a notice: the link's run
// here is fixed by its text, and no seed could give TensorFlow Playground's own run.
const seed: Property<number> = {
  default: 1,
  valid: (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff,
  parse: (raw) => (raw.trim() === '' ? { problem: 'must not be empty' } : { value: seedOf(raw.trim()) }),
  format: (v) => String(v),
};

// Packed weights (web/src/share.ts) the network starts from instead of its seeded initial ones.
// Only the text is checked here; its bits and its count are checked when the network is built,
// where a damaged link can be named and the seeded weights kept.
const weights: Property<string> = {
  default: '',
  optional: true,
  valid: (v): v is string => typeof v === 'string' && v.length <= MAX_LINK_LENGTH && /^[A-Za-z0-9_-]*$/.test(v),
  parse(raw) {
    if (raw.length > MAX_LINK_LENGTH) return { problem: `is longer than ${MAX_LINK_LENGTH} characters` };
    if (!/^[A-Za-z0-9_-]*$/.test(raw)) return { problem: 'must be packed weights (letters, digits, - and _ only)' };
    return { value: raw };
  },
  format: (v) => v,
};

// Your own table (web/src/data/own-table.ts): its text, packed in a link; the target column;
// classification or regression ('auto': up to 10 distinct values are classes).
const table: Property<string> = {
  default: '',
  optional: true,
  valid: (v): v is string => typeof v === 'string' && v.length <= MAX_TABLE_TEXT,
  parse(raw) {
    if (raw === '') return { value: '' };
    try {
      return { value: unpackTable(raw) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  },
  format: (v) => (v === '' ? '' : packTable(v)),
};

const tableTarget: Property<string> = {
  default: '',
  optional: true,
  valid: (v): v is string => typeof v === 'string' && v.length <= 200,
  parse: (raw) => (raw.length <= 200 ? { value: raw } : { problem: 'is longer than 200 characters' }),
  format: (v) => v,
};

// Number columns of your table left out of the inputs (an id, a year), tab-separated in a link
// (a tab is what no header cell of a table holds).
const tableSkip: Property<string[]> = {
  default: [],
  optional: true,
  valid: (v): v is string[] => Array.isArray(v) && v.length <= 200 && v.every((c) => typeof c === 'string' && c.length <= 200 && !c.includes('\t')),
  parse(raw) {
    if (raw === '') return { value: [] };
    const names = raw.split('\t');
    return names.length <= 200 && names.every((c) => c.length <= 200) ? { value: names } : { problem: 'must be up to 200 column names of up to 200 characters' };
  },
  format: (v) => v.join('\t'),
};

/** The table: every property of the state, in the order the URL lists them. */
export const properties = {
  v: integer(1, STATE_VERSION, STATE_VERSION),
  activation: choice(ACTIVATIONS, 'tanh'),
  layerActivations,
  batchSize: integer(1, 30, 10),
  dataset: choice(DATASETS, 'circle'),
  regDataset: choice(REG_DATASETS, 'reg-plane'),
  learningRate: positive(10, 0.03, false),
  regularization: choice(['none', 'L1', 'L2'] as const, 'none', { l1: 'L1', l2: 'L2' }),
  regularizationRate: positive(10, 0, true),
  noise: integer(0, 50, 0),
  networkShape,
  seed,
  showTestData: flag(false),
  discretize: flag(false),
  /** Arrows on the training points: −∂L/∂(x, y), backpropagation carried to the input (ours); written when on. */
  showInputGradient: { ...flag(false), optional: true },
  percTrainData: integer(10, 90, 50),
  /** A table's features (and a regression target) as z-scores from the training rows (ours); written when off. */
  standardize: { ...flag(true), optional: true },
  x: flag(true),
  y: flag(true),
  xTimesY: flag(false),
  xSquared: flag(false),
  ySquared: flag(false),
  sinX: flag(false),
  sinY: flag(false),
  problem: choice(['classification', 'multiclass', 'regression'] as const, 'classification'),
  /** Classes of a multi-class problem (its spiral's arms, its blobs); written when not 3. */
  classes: { ...integer(MIN_CLASSES, MAX_CLASSES, 3), optional: true },
  hideText: flag(false),
  optimizer: choice(['sgd', 'momentum', 'rmsprop', 'adam'] as const, 'sgd'),
  init: choice(['uniform', 'glorot', 'he', 'zero'] as const, 'uniform'),
  loss: choice(['mse', 'cross-entropy'] as const, 'mse'),
  /** 'auto' follows the system's light or dark mode (where the playground is the page); a link carries only a chosen theme. */
  theme: { ...choice(['auto', 'light', 'dark'] as const, 'auto'), optional: true },
  palette: choice(['default', 'colorblind'] as const, 'default'),
  speed: positive(10, 1, false),
  /** 'train' plays minibatches; 'step' walks one example through forward, error, backward, update. */
  mode: choice(['train', 'step'] as const, 'train'),
  /** What the links show: the weights, or the last gradient of each weight. */
  links: choice(['weights', 'gradients'] as const, 'weights'),
  /** The lesson whose text is shown ('' for none); see web/src/lessons.ts. */
  lesson: choice(['', 'three-steps', 'zero-init', 'learning-rate', 'vanishing', 'hidden-layers', 'overfitting', 'softmax',
    'input-gradient', 'digit-units', 'standardize'] as const, ''),
  points,
  table,
  tableTarget,
  tableSkip,
  tableKind: { ...choice(['auto', 'classification', 'regression'] as const, 'auto'), optional: true },
  weights,
  /** Which weights a link carries: those at step 0 of the shared run (it replays) or those of the moment it was shared. */
  weightsAt: { ...choice(['current', 'start'] as const, 'current'), optional: true },
};

type Table = typeof properties;
type ValueOf<P> = P extends Property<infer T> ? T : never;

/**
 * Everything a link reproduces. `hidden` lists controls hidden by `<control>_hide=true`;
 * `locked` those shown but not changeable, by `<control>_lock=true` (for tutorial embeds).
 */
export type State = { [K in keyof Table]: ValueOf<Table[K]> } & { hidden: string[]; locked: string[] };
export type Key = keyof Table;

export const keys = Object.keys(properties) as Key[];

/** TensorFlow Playground's initZero=true is our init=zero: read from its links, never written. */
const initZero = flag(false);

export function defaultState(): State {
  const state = { hidden: [], locked: [] } as unknown as Record<string, unknown>;
  for (const key of keys) {
    const value = properties[key].default;
    state[key] = Array.isArray(value) ? [...value] : value;
  }
  return state as State;
}

/**
 * Controls that `<name>_hide=true` may hide (and `_lock` lock): every property, ours and
 * TensorFlow Playground's, its extra controls (also each layer's +/- neuron buttons), and our buttons.
 */
export const HIDEABLE = new Set<string>([...keys, ...TFP_PROPERTIES, ...TFP_CONTROLS, 'dataEditor', 'shareButton',
  'resetSetupButton',
  ...Array.from({ length: MAX_HIDDEN_LAYERS }, (_, layer) => neuronButtonsName(layer))]);

/** The control a hide/lock name stands for (initZero is init). */
function controlName(name: string): string {
  return CONTROL_ALIASES[name] ?? name;
}

// Room for the longest packed table (MAX_TABLE_TEXT, which deflate shrinks; base64 grows by a
// third) beside every other property: the address bar and setup files carry your table.
const MAX_HASH_LENGTH = 100_000 + Math.ceil((MAX_TABLE_TEXT * 4) / 3);
const MAX_PROBLEMS = 20;

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Reads a URL hash ("#a=1&b=2" or "a=1&b=2"). Never throws: anything it cannot use is left at
 * its default (or clamped) and described in `problems`, in words for a notice.
 */
export function parseHash(hash: string): { state: State; problems: string[] } {
  const state = defaultState() as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const note = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
    else if (problems.length === MAX_PROBLEMS) problems.push('... and more problems');
  };
  let text = typeof hash === 'string' ? hash : '';
  if (text.startsWith('#')) text = text.slice(1);
  if (text.length > MAX_HASH_LENGTH) {
    note(`the link is too long (${text.length} characters, more than ${MAX_HASH_LENGTH}); using the defaults`);
    return { state: state as unknown as State, problems };
  }
  const hidden = new Set<string>();
  const locked = new Set<string>();
  const seen = new Set<string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let name: string, raw: string;
    try {
      name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      note(`'${shown(part)}' is not a valid URL parameter; ignored`);
      continue;
    }
    const suffix = name.endsWith('_hide') ? '_hide' : name.endsWith('_lock') ? '_lock' : '';
    if (suffix) {
      const control = name.slice(0, -suffix.length);
      const verb = suffix === '_hide' ? 'hide' : 'lock';
      if (!HIDEABLE.has(control)) note(`'${shown(name)}': there is no control '${shown(control)}' to ${verb}; ignored`);
      else if (raw === 'true') (suffix === '_hide' ? hidden : locked).add(controlName(control));
      else if (raw !== 'false') note(`'${shown(name)}' must be true or false; ignored`);
      continue;
    }
    if (TFP_UNUSED.has(name)) continue;
    // initZero is read like a property, then becomes init (below).
    const property = name === 'initZero' ? initZero : Object.hasOwn(properties, name) ? properties[name as Key] as Property<unknown> : null;
    if (!property) {
      note(`unknown parameter '${shown(name)}'; ignored`);
      continue;
    }
    if (seen.has(name)) note(`'${name}' is given twice; using the last`);
    seen.add(name);
    const result = property.parse(raw);
    if ('value' in result) state[name] = result.value;
    if (result.problem) {
      // What was taken instead, after what was given; a default with no text (no weights, no
      // points) is nothing to name: the value is ignored.
      const used = property.format('value' in result ? result.value : property.default);
      const fallback = used === '' ? '; ignored' : `; using ${used}`;
      note(`'${name}' ${result.problem} (got '${shown(raw)}')${fallback}`);
    }
  }
  const s = state as unknown as State;
  if (!FEATURES.some((f) => s[f])) {
    note('no input feature is on; using x and y');
    s.x = s.y = true;
  }
  if (state.initZero === true && !seen.has('init')) s.init = 'zero';
  delete state.initZero;
  fitToData(s, seen, note, MAX_HIDDEN_LAYERS);
  if (s.layerActivations.length > 0 && s.layerActivations.length !== s.networkShape.length) {
    note(`'layerActivations' names ${s.layerActivations.length} layers but the network has ${s.networkShape.length}; ignored`);
    s.layerActivations = [];
  }
  s.hidden = [...hidden].sort();
  s.locked = [...locked].sort();
  return { state: s, problems };
}

/**
 * The hash for a state: every property (optional ones only when not at their default), in the
 * table's order, then the hidden and locked controls.
 */
export function toHash(state: State): string {
  const parts: string[] = [];
  for (const key of keys) {
    const property = properties[key] as Property<unknown>;
    const text = property.format(state[key]);
    if (property.optional && text === property.format(property.default)) continue;
    parts.push(`${key}=${encodeURIComponent(text)}`);
  }
  for (const control of state.hidden) parts.push(`${encodeURIComponent(control)}_hide=true`);
  for (const control of state.locked) parts.push(`${encodeURIComponent(control)}_lock=true`);
  return `#${parts.join('&')}`;
}

/**
 * A partial state from a script (window.playground.setState): each value is checked against
 * the table; refused values are listed, never applied.
 */
export function checkPartial(partial: unknown): { changes: Partial<State>; problems: string[] } {
  const problems: string[] = [];
  const changes: Record<string, unknown> = {};
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    return { changes: {}, problems: ['setState needs an object of properties'] };
  }
  for (const [name, value] of Object.entries(partial)) {
    if (name === 'hidden' || name === 'locked') {
      if (Array.isArray(value) && value.every((c) => typeof c === 'string' && HIDEABLE.has(c))) changes[name] = [...new Set(value.map(controlName))];
      else problems.push(`'${name}' must be a list of control names`);
      continue;
    }
    if (name === 'initZero') {
      // Files saved before init was the one source (they hold "initZero": false) still open.
      if (!initZero.valid(value)) problems.push("'initZero' must be true or false");
      else if (value && !Object.hasOwn(partial, 'init')) changes.init = 'zero';
      continue;
    }
    if (!Object.hasOwn(properties, name)) {
      problems.push(`unknown property '${shown(name)}'`);
      continue;
    }
    const property = properties[name as Key] as Property<unknown>;
    if (property.valid(value)) changes[name] = Array.isArray(value) ? [...value] : value;
    else problems.push(`'${name}' cannot be ${shown(quoted(value))}`);
  }
  return { changes: changes as Partial<State>, problems };
}
