// The contract of the engine package (dist/engine/index.mjs). Hand-written: Emscripten 3.1.6
// cannot generate it. tests/wasm/usage.ts compiles against it in `npm test`. (.d.mts: the typing TypeScript looks for beside index.mjs.)

export type HiddenActivation = 'linear' | 'relu' | 'leaky-relu' | 'tanh' | 'sigmoid' | 'softplus';
export type OutputActivation = 'linear' | 'tanh' | 'sigmoid' | 'softmax';
export type LossName = 'mse' | 'bce' | 'softmax-ce';
export type InitName = 'uniform' | 'glorot' | 'he' | 'zero';
export type OptimizerName = 'sgd' | 'momentum' | 'rmsprop' | 'adam';
export type RegularizationName = 'none' | 'l1' | 'l2';
export type FeatureName = 'x' | 'y' | 'xSquared' | 'ySquared' | 'xTimesY' | 'sinX' | 'sinY';
export type DatasetName =
  | 'circle' | 'xor' | 'gauss' | 'spiral' | 'moons' | 'checkerboard' | 'plane' | 'multigauss' | 'custom' | 'blobs';
export type ProblemName = 'classification' | 'regression';

/** A network and how to train it. Every field is optional; defaults are TensorFlow Playground's. */
export interface NetworkConfig {
  /** Widths: input, 0-16 hidden layers, output; each 1-1024. Default [2, 4, 2, 1]. */
  layers?: number[];
  /** One name for every hidden layer, or one per hidden layer. Default 'tanh'. */
  activation?: HiddenActivation | HiddenActivation[];
  /** Default 'tanh'. */
  output?: OutputActivation;
  /** 'bce' needs output 'sigmoid'; 'softmax-ce' needs output 'softmax'. Default 'mse'. */
  loss?: LossName;
  /** Default 'uniform' (U(-0.5, 0.5) weights, biases 0.1). */
  init?: InitName;
  /** Default 'sgd'. */
  optimizer?: OptimizerName;
  /** Finite, > 0. Default 0.03. */
  learningRate?: number;
  /** 1-4096. Default 10. */
  batchSize?: number;
  /** Default 'none'. */
  regularization?: RegularizationName;
  /** Finite, >= 0. Default 0. */
  regularizationRate?: number;
  /** Momentum's μ, in [0, 1). Default 0.9. */
  momentum?: number;
  /** RMSProp's decay ρ, in [0, 1). Default 0.9. */
  rho?: number;
  /** Adam's β1, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Adam's β2, in [0, 1). Default 0.999. */
  beta2?: number;
  /** RMSProp's and Adam's ε, > 0. Default 1e-8. */
  epsilon?: number;
  /** Initial weights and minibatch order; integer 0 to 2^32 - 1. Default 1. */
  seed?: number;
}

/** The configuration as the engine validated it: every field present. */
export type ResolvedNetworkConfig = Required<Omit<NetworkConfig, 'activation'>> & { activation: HiddenActivation[] };

export interface DatasetOptions {
  /** Default 'circle'. */
  name?: DatasetName;
  /** Points, 2-100000; default 500 for classification sets, 1200 for regression. */
  count?: number;
  /** 0 to 0.5. Default 0. */
  noise?: number;
  /** Share of points used for training, in (0, 1]. Default 0.5. */
  trainRatio?: number;
  /** Integer 0 to 2^32 - 1. Default 1. */
  seed?: number;
  /**
   * Classes, 2 to 10, for 'spiral' (one arm each), 'blobs' (one blob each) and 'custom'
   * classification points; the other sets have 2. Default 2: labels ±1. More: labels 0 .. classes - 1,
   * and the network needs one output per class (softmax).
   */
  classes?: number;
  /** The inputs computed from each point (x, y), in this order. Default ['x', 'y']. */
  features?: FeatureName[];
  /** For 'custom' only. Default 'classification'. */
  problem?: ProblemName;
  /**
   * For 'custom' only: [x, y, label] with |x|, |y| <= 1000; classification labels -1 or 0 (negative)
   * or 1, or with classes > 2 a class 0 .. classes - 1.
   */
  points?: [number, number, number][];
}

/** What makeDataset returns: plain data that can be kept, drawn, exported and passed to createSession. */
export interface Dataset {
  problem: ProblemName;
  features: FeatureName[];
  inputWidth: number;
  targetForm: 'labels';
  /** 2 (labels ±1) or more (labels 0 .. classes - 1). */
  classes: number;
  /** (trainCount, inputWidth) row-major. */
  trainInputs: Float32Array;
  /** One label per example: ±1 (or a class 0 .. classes - 1) for classification, the value for regression. */
  trainTargets: Float32Array;
  testInputs: Float32Array;
  testTargets: Float32Array;
  /** (trainCount, 3): x, y, label of each training point. */
  trainPoints: Float32Array;
  testPoints: Float32Array;
}

type Floats = Float32Array | Float64Array | number[];

/** Your own examples: flat row-major arrays; targets hold one value per output unit (one-hot rows for softmax). */
export interface RowData {
  trainInputs: Floats;
  trainTargets: Floats;
  testInputs?: Floats;
  testTargets?: Floats;
  /** Accuracy is measured for classification only. Default 'classification'. */
  problem?: ProblemName;
  /** Values per input row; default: the network's input width. */
  inputWidth?: number;
}

export interface Metrics {
  /** Optimizer updates so far. */
  step: number;
  /** Completed passes over the training examples. */
  epoch: number;
  /** Mean data loss over all training examples (without the regularization term). */
  trainLoss: number;
  /** NaN without test examples. */
  testLoss: number;
  /** λ Σ R(w) over the weights. */
  regularizationLoss: number;
  trainLossRegularized: number;
  testLossRegularized: number;
  /** Share classified correctly; NaN for regression. */
  trainAccuracy: number;
  testAccuracy: number;
  /** A step produced NaN or ±inf: training stopped, the last finite weights are kept; reset() to go on. */
  diverged: boolean;
}

/**
 * A network with its data and training state.
 *
 * Views (weights, activations, ...) are copies: each call returns a new Float32Array that the
 * caller owns, holding the numbers of that moment. Writing into one changes nothing in the
 * session (use setWeights / setBiases), and one kept after delete() can never reach another
 * session's memory. evaluateGrid(n, out) fills an array the caller keeps, for a per-frame grid.
 *
 * Work budget: a call whose estimated cost is over about 1 s of work (1.5e9 multiply-add
 * equivalents, core/budget.hpp) throws a message that says how to split it: step(n) / train(n)
 * name the most steps that fit; createSession refuses a network whose one training step or one
 * pass over all examples (metrics) is over the budget; evaluateGrid(n) asks for a smaller n.
 */
/** A caller's buffer to fill, or null/undefined for a new array. */
export type Floats32 = Float32Array | null | undefined;

/** evaluateGrids' result: the grid asked for and every neuron's sample of it. */
export interface GridPair {
  grid: Float32Array;
  sample: Float32Array;
}

export interface Session {
  readonly layerCount: number;
  readonly config: ResolvedNetworkConfig;
  readonly trainCount: number;
  readonly testCount: number;
  /** Examples held in the workspace views: the last batch, or 1 after forward(). */
  readonly rows: number;
  /** Neurons in evaluateGrid's output: input features, then every layer's units. */
  readonly gridNeuronCount: number;

  /**
   * n minibatch updates (0 to 1e7) in one call; returns the metrics after them, which costs one
   * forward pass over every training and test example.
   */
  step(n?: number): Metrics;
  /** n minibatch updates without measuring afterwards (call metrics() when you need them). */
  train(n?: number): void;
  metrics(): Metrics;
  /**
   * Goes on training with new hyper-parameters, keeping the weights and optimizer state:
   * learningRate, regularization, regularizationRate, momentum, rho, beta1, beta2, epsilon (init
   * and seed apply at the next reset). layers, activation, output, loss, optimizer and batchSize
   * cannot change (throws: make a new session).
   */
  setHyperparameters(changes: Partial<Omit<NetworkConfig, 'layers' | 'activation' | 'output' | 'loss' | 'optimizer' | 'batchSize'>>): void;
  /** New initial weights (from seed, default the config's), optimizer state and counters; same data. */
  reset(seed?: number): void;

  /** (out, in) row-major; l = 0 is input → first hidden. */
  weights(l: number): Float32Array;
  /** (out) */
  biases(l: number): Float32Array;
  /** ∂L/∂W of the data loss, averaged over the last batch: (out, in). */
  weightGradients(l: number): Float32Array;
  biasGradients(l: number): Float32Array;
  /** z of layer l for the last batch: (rows, out). */
  preActivations(l: number): Float32Array;
  /** a = f(z): (rows, out). */
  activations(l: number): Float32Array;
  /** δ = ∂L/∂z: (rows, out). */
  deltas(l: number): Float32Array;
  /** The last batch's input rows: (rows, inputWidth). */
  inputs(): Float32Array;
  /** The last batch's targets in the loss's form: (rows, outputs). */
  targets(): Float32Array;
  /** Every parameter [W0 b0 W1 b1 ...]. */
  parameters(): Float32Array;
  gradients(): Float32Array;
  /** Optimizer state: momentum's v, Adam's m. */
  moment1(): Float32Array;
  /** Optimizer state: RMSProp's s, Adam's v. */
  moment2(): Float32Array;
  setWeights(l: number, values: Floats): void;
  setBiases(l: number, values: Floats): void;

  /** Mean gradients of the data loss over the examples, into the gradient views; no update. Returns the mean loss. */
  computeGradients(inputs: Floats, targets: Floats): number;
  /** One example forward: fills row 0 of preActivations and activations. */
  forward(input: Floats): void;
  /** After forward(): δ of every layer and the gradients of this example's loss. Returns the loss. */
  backward(target: Floats): number;
  /** One optimizer update from the gradient views as they are. */
  update(): void;
  /** Mean data loss over the examples (rows as for computeGradients); leaves every view as it was. */
  loss(inputs: Floats, targets: Floats): number;
  /**
   * ∂L/∂θ[index] of the mean data loss over the examples, by central finite differences on an
   * independent double-precision forward pass: the gradient check's estimate. index is into parameters().
   */
  numericalGradient(index: number, inputs: Floats, targets: Floats): number;
  /** f'(z) of layer l for the rows in the views: (rows, out). For softmax, the Jacobian's diagonal. */
  derivatives(l: number): Float32Array;
  /** ∂L/∂a of the output layer for the rows in the views: (rows, outputs); NaN where it is not finite. */
  outputGradient(): Float32Array;
  /**
   * Classification, as of the last metrics: (2C, C) counts, C = classes (2 for one output). Rows
   * 0..C-1 are the training examples, C..2C-1 the test ones; row the true class, column the
   * predicted one. Empty for regression.
   */
  confusion(): Float32Array;
  /** The network's outputs for rows of inputs (the exact forward pass): (rows, outputs). Leaves every view as it was. */
  predict(inputs: Floats): Float32Array;
  /**
   * ∂L/∂x, the gradient carried past the first weights to the network's inputs, for the rows of
   * the last backward() or computeGradients(): (rows, inputWidth); empty after anything else
   * (a training step, a lone forward()).
   */
  inputGradient(): Float32Array;
  /**
   * The gradient to the input, example by example: row r is ∂L_r/∂x_r, how example r's own loss
   * changes with each of its inputs (rows as for computeGradients): (rows, inputWidth). For image
   * data, which pixels would change the answer. Weights, gradients and every view are left as they were.
   */
  inputGradients(inputs: Floats, targets: Floats): Float32Array;
  /**
   * For (x, y) data: row r is ∂L_r/∂(x_r, y_r), the input gradient carried on through the features
   * (x², sin x, ...). points holds (x, y) pairs, targets one row per point: (points, 2).
   */
  pointGradients(points: Floats, targets: Floats): Float32Array;
  /**
   * Every neuron's output on an n×n grid over [-6, 6]²: (neuron, row, col), row 0 at y = 6; a new
   * array, or `out` (at least n·n·gridNeuronCount floats) filled and returned. Grids over 64M floats
   * (256 MiB) or over the work budget throw. `first`: only the neurons from this one on, at
   * (neuron - first, row, col); gridNeuronCount - outputs gives the output units alone (every
   * layer is still computed, but nothing else is written or copied). These are pictures: tanh is
   * computed to within 2e-6 (about half the cost), so values are within ~1e-5 of forward()'s.
   */
  evaluateGrid(n: number, out?: Float32Array | null, first?: number): Float32Array;
  /**
   * A frame's two pictures from one pass: `grid`, the neurons from `first` on at n×n (as
   * evaluateGrid), and `sample`, every neuron at every `every`-th row and column of that grid,
   * (neuron, row, col) with (n - 1) / every + 1 cells a side (n - 1 must be a multiple of every):
   * the same points as evaluateGrid((n - 1) / every + 1) but for the rounding of their
   * positions, without a second pass. New arrays, or `out` and `sampleOut` filled.
   */
  evaluateGrids(n: number, first: number, every: number, out?: Floats32, sampleOut?: Floats32): GridPair;
  /** Frees the session's memory; any later call throws. */
  delete(): void;
}

export interface Engine {
  /** true when the SIMD build is in use. */
  readonly simd: boolean;
  readonly variant: 'simd' | 'baseline';
  makeDataset(options?: DatasetOptions): Dataset;
  createSession(config: NetworkConfig | undefined, data: Dataset | RowData): Session;
  /** Bytes allocated on the engine's heap now. */
  heapInUse(): number;
  /** Bytes of engine memory (grows, never shrinks). */
  memorySize(): number;
}

/** True when this JS engine runs WebAssembly SIMD. */
export function simdSupported(): boolean;

/** Loads the engine once per variant (SIMD when supported, unless options.simd says otherwise). */
export function loadEngine(options?: { simd?: boolean }): Promise<Engine>;
