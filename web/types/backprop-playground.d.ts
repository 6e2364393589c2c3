// The TypeScript declarations of the package's <backprop-playground> element (the entry
// "backprop-playground" and its classic build "backprop-playground/classic"). Hand-written: the
// build generates none. tests/package/types.ts holds them equal to the source's own types
// (web/src/state.ts, web/src/element/, web/src/playground.ts), so they cannot drift.
//
// Importing the package defines the element in a browser and does nothing where there is no
// DOM (server-side rendering); it exports no values, only these types:
//
//   import 'backprop-playground';
//   import type { BackpropPlaygroundElement } from 'backprop-playground';
//   const el = document.querySelector('backprop-playground')!; // typed through HTMLElementTagNameMap

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear' | 'leaky-relu' | 'softplus';
export type DatasetName = 'circle' | 'xor' | 'gauss' | 'spiral' | 'moons' | 'checkerboard' | 'blobs' | 'custom' | 'digits' | 'penguins' | 'table';
export type RegressionDatasetName = 'reg-plane' | 'reg-gauss' | 'table';
export type LessonName = '' | 'three-steps' | 'zero-init' | 'learning-rate' | 'vanishing' | 'hidden-layers' | 'overfitting' | 'softmax'
  | 'input-gradient' | 'digit-units' | 'standardize';

/**
 * A playground's whole configuration: the settings of its address (`#dataset=xor&...`), by the
 * same names, as `el.getState()` returns it and `change` events carry it.
 */
export interface PlaygroundState {
  /** The configuration's format version. */
  v: number;
  activation: Activation;
  /** One activation per hidden layer ([] = `activation` for all). */
  layerActivations: Activation[];
  batchSize: number;
  dataset: DatasetName;
  regDataset: RegressionDatasetName;
  learningRate: number;
  regularization: 'none' | 'L1' | 'L2';
  regularizationRate: number;
  noise: number;
  /** Neurons per hidden layer. */
  networkShape: number[];
  seed: number;
  showTestData: boolean;
  discretize: boolean;
  showInputGradient: boolean;
  percTrainData: number;
  standardize: boolean;
  x: boolean;
  y: boolean;
  xTimesY: boolean;
  xSquared: boolean;
  ySquared: boolean;
  sinX: boolean;
  sinY: boolean;
  problem: 'classification' | 'multiclass' | 'regression';
  classes: number;
  hideText: boolean;
  optimizer: 'sgd' | 'momentum' | 'rmsprop' | 'adam';
  init: 'uniform' | 'glorot' | 'he' | 'zero';
  loss: 'mse' | 'cross-entropy';
  theme: 'auto' | 'light' | 'dark';
  palette: 'default' | 'colorblind';
  speed: number;
  mode: 'train' | 'step';
  links: 'weights' | 'gradients';
  lesson: LessonName;
  /** Your own points, flat: x0, y0, label0, x1, y1, label1, ... */
  points: number[];
  /** Your own table's text (CSV or TSV with a header line). */
  table: string;
  tableTarget: string;
  tableSkip: string[];
  tableKind: 'auto' | 'classification' | 'regression';
  /** Weights carried by a link (base64url, versioned; see docs/embedding.md). */
  weights: string;
  weightsAt: 'current' | 'start';
  /** Controls not shown. */
  hidden: string[];
  /** Controls shown but not changeable. */
  locked: string[];
}

/** A setting's name (the names before `=` in a configuration). */
export type SettingName = Exclude<keyof PlaygroundState, 'hidden' | 'locked'>;

/** The attributes the element reacts to (docs/embedding.md, "Attributes"). */
export type PlaygroundAttribute = 'config' | 'panels' | 'locked' | 'hide' | 'autoplay' | 'label' | 'home';

/** The names `panels` takes. */
export type PanelName = 'lessons' | 'controls' | 'share' | 'data' | 'network' | 'output' | 'chart' | 'stepthrough';

/** The engine's numbers after a step (the engine's Metrics: see backprop-playground/engine). */
export interface PlaygroundMetrics {
  step: number;
  epoch: number;
  trainLoss: number;
  /** NaN without test examples. */
  testLoss: number;
  regularizationLoss: number;
  trainLossRegularized: number;
  testLossRegularized: number;
  /** Share classified correctly; NaN for regression. */
  trainAccuracy: number;
  testAccuracy: number;
  diverged: boolean;
}

/** The playground inside an element (`el.playground`), as a host page may use it. */
export interface Playground {
  /** The configuration now. */
  getState(): PlaygroundState;
  /** Changes settings as a reader could (locked ones are refused); returns the problems with the rest. */
  setState(partial: Partial<PlaygroundState>): string[];
  /** Replaces the whole configuration from a hash (`'#dataset=xor&...'`); returns what it could not use. */
  load(hash: string, options?: { quiet?: boolean }): string[];
  play(): void;
  pause(): void;
  step(n?: number): Promise<void>;
  reset(): Promise<void>;
  readonly playing: boolean;
  /** The last frame's engine state (null before the first); `metrics` has step, epoch, losses and accuracies. */
  readonly snapshot: { readonly metrics: PlaygroundMetrics } | null;
}

/** `progress`: while it trains, at most four a second, always including the last. */
export interface ProgressDetail {
  step: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
}

/** The `detail` of each of the element's events (they do not bubble). */
export interface PlaygroundEventDetails {
  /** The playground is drawn and the API works; again after `panels` changed. */
  ready: { state: PlaygroundState };
  progress: ProgressDetail;
  /** The loss became too large to go on; training stopped. */
  diverged: { step: number };
  /** A setting could not be used (`problems` lists each), or the engine refused something. */
  error: { message: string; problems?: string[] };
  /** The reader changed settings (never the host page's own changes): `keys` sorted, `state` whole. */
  change: { keys: (keyof PlaygroundState)[]; state: PlaygroundState };
}

export type PlaygroundEventMap = { [K in keyof PlaygroundEventDetails]: CustomEvent<PlaygroundEventDetails[K]> };

/** What the element adds to HTMLElement. */
export interface BackpropPlaygroundApi {
  /** The playground inside (null until loaded; see the `ready` event). */
  readonly playground: Playground | null;
  /** The configuration as an object (null until loaded). */
  getState(): PlaygroundState | null;
  /** Trains while on screen; off screen, training starts when it comes into view. */
  play(): void;
  pause(): void;
  /** n minibatch steps (default: one epoch). */
  step(n?: number): Promise<void>;
  /** New starting weights from the seed, epoch 0. */
  reset(): Promise<void>;
  /** Back to the setup the attributes give, as the reader's "Reset to this setup". */
  resetSetup(): Promise<void>;
}

export interface BackpropPlaygroundElement extends HTMLElement, BackpropPlaygroundApi {
  addEventListener<K extends keyof PlaygroundEventMap>(type: K, listener: (this: BackpropPlaygroundElement, event: PlaygroundEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: BackpropPlaygroundElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PlaygroundEventMap>(type: K, listener: (this: BackpropPlaygroundElement, event: PlaygroundEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: BackpropPlaygroundElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'backprop-playground': BackpropPlaygroundElement;
  }
}
