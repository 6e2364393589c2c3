// The typed bridge between the page and the engine worker: every request names a method of
// WorkerApi with its arguments; the reply carries its result or an error message.
import type { Dataset, DatasetOptions, Metrics, NetworkConfig, ResolvedNetworkConfig, RowData } from '../../../wasm/index.d.mts';
import type { LoadedData } from '../data/sources';

/** What the page knows about a session after creating it. */
export interface SessionInfo {
  config: ResolvedNetworkConfig;
  layerCount: number;
  gridNeuronCount: number;
  /** The data the session trains on when the engine generated it (the plane's points), else null. */
  data: Dataset | null;
  /** A real data set's rows and what its views show (the page adds it: the worker never sees it). */
  loaded?: LoadedData | null;
}

/**
 * The grids a frame asks for, in cells per side (0: none), each at the size it is drawn at:
 * the network view's thumbnails are 36 CSS px, the output plot several hundred.
 */
export interface GridSpec {
  /** Every neuron (features, hidden units, outputs): the network view's thumbnails. */
  neurons: number;
  /** The output units only: the output plot and its picture. */
  output: number;
}

/** A frame without grids: steps or metrics only. */
export const NO_GRIDS: Readonly<GridSpec> = Object.freeze({ neurons: 0, output: 0 });

/** One frame's worth of results: everything the views draw. */
export interface Snapshot {
  metrics: Metrics;
  /** [W0 b0 W1 b1 ...], a copy. */
  parameters: Float32Array;
  /** ∂L/∂θ of the last minibatch (or example), same layout, a copy. */
  gradients: Float32Array;
  /** Classification: (2C, C) counts as of these metrics, training then test, row true, column predicted; else empty. */
  confusion: Float32Array;
  /** ‖∂L/∂W_l‖₂ per weight layer for that batch: shows vanishing and exploding gradients. */
  gradientNorms: number[];
  /** Every neuron's output on a gridSize² grid (neuron, row, col), or null if not asked for. */
  grid: Float32Array | null;
  gridSize: number;
  /** The output units on an outputSize² grid (unit, row, col), or null if not asked for. */
  output: Float32Array | null;
  outputSize: number;
  /** Milliseconds the worker spent on this frame's steps and on its grids. */
  cost: { steps: number; grids: number };
  /**
   * Steps of this request its budget left over, which the worker trains after this reply until
   * the next request comes (worker.ts trainAhead): when not 0, the session's weights may move on
   * from this snapshot's, and a paused page asks for a fresh one.
   */
  ahead: number;
}

/** One layer of one example's pass, all read from the engine's buffers (row 0 of each view). */
export interface LayerTrace {
  /** z = W a_prev + b, per unit. */
  z: Float32Array;
  /** a = f(z). */
  a: Float32Array;
  /** f'(z), the factor the chain rule multiplies in at each unit. */
  derivative: Float32Array;
  /** δ = ∂L/∂z. */
  delta: Float32Array;
  /** W (out, in) and b as they were during the pass. */
  weights: Float32Array;
  biases: Float32Array;
  /** ∂L/∂W = δ a_prevᵀ and ∂L/∂b = δ for this example. */
  weightGradients: Float32Array;
  biasGradients: Float32Array;
}

/** Everything the step-through mode shows for one example: forward, error and backward. */
export interface ExampleTrace {
  input: Float32Array;
  /** The target in the loss's form (±1 for tanh, 0/1 for sigmoid). */
  target: Float32Array;
  loss: number;
  /** ∂L/∂a of the output units. */
  outputGradient: Float32Array;
  layers: LayerTrace[];
}

/** One optimizer update from an example's gradients. */
export interface UpdateTrace {
  before: Float32Array;
  after: Float32Array;
  lossBefore: number;
  lossAfter: number;
  snapshot: Snapshot;
}

export type ViewName =
  | 'weights' | 'biases' | 'weightGradients' | 'biasGradients' | 'preActivations' | 'activations' | 'deltas';

export interface WorkerApi {
  info(): { simd: boolean; variant: 'simd' | 'baseline' };
  create(id: number, network: NetworkConfig, data: DatasetOptions | RowData): SessionInfo;
  destroy(id: number): void;
  /**
   * Up to `steps` minibatch updates, then the metrics, parameters and the grids asked for.
   * `budget` (ms): the steps stop once they have taken that long (at least one is taken), so a
   * frame's training fits beside the drawing; the snapshot's metrics say how far it got.
   */
  frame(id: number, steps: number, grids: GridSpec, budget?: number): Snapshot;
  reset(id: number, seed: number): Snapshot;
  setHyperparameters(id: number, changes: Pick<NetworkConfig, 'learningRate' | 'regularization' | 'regularizationRate'>): void;
  setParameter(id: number, index: number, value: number): Snapshot;
  /** Every parameter at once, [W0 b0 W1 b1 ...] (e.g. hand-chosen weights for a lesson or a test). */
  setParameters(id: number, values: number[]): Snapshot;
  view(id: number, name: ViewName, layer: number): Float32Array;
  parameters(id: number): Float32Array;
  gradients(id: number): Float32Array;
  forward(id: number, input: number[]): void;
  backward(id: number, target: number[]): number;
  update(id: number): void;
  computeGradients(id: number, inputs: number[], targets: number[]): number;
  /** Forward and backward for one example, no update: every intermediate, copied. */
  trace(id: number, input: number[], target: number[]): ExampleTrace;
  /** The optimizer's update from the gradients of the last trace, and the example's loss before and after. */
  updateFromTrace(id: number, input: number[], target: number[]): UpdateTrace;
  numericalGradient(id: number, index: number, inputs: number[], targets: number[]): number;
  /** ∂L_r/∂(x_r, y_r) of each point's own loss, (points, 2); targets one row per point in the loss's form. */
  pointGradients(id: number, points: Float32Array, targets: Float32Array): Float32Array;
  /** The outputs for rows of inputs (the exact forward pass): (rows, outputs). */
  predict(id: number, inputs: Float32Array): Float32Array;
  /** ∂L_r/∂x_r of each row's own loss with respect to its inputs, (rows, inputs). */
  inputGradients(id: number, inputs: Float32Array, targets: Float32Array): Float32Array;
}

export type Method = keyof WorkerApi;

/** A session method's arguments after the session id. */
export type SessionArgs<M extends Method> = WorkerApi[M] extends (id: number, ...rest: infer R) => unknown ? R : never;

export interface Request<M extends Method = Method> {
  call: number;
  method: M;
  args: Parameters<WorkerApi[M]>;
}

/** `fatal`: the error was a WebAssembly trap, after which the module's memory cannot be trusted. */
export type Reply = { call: number; result: unknown } | { call: number; error: string; fatal?: boolean };
