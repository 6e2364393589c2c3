// The typed bridge between the page and the engine worker: every request names a method of
// WorkerApi with its arguments; the reply carries its result or an error message.
import type { Dataset, DatasetOptions, Metrics, NetworkConfig, ResolvedNetworkConfig, RowData } from '../../../wasm/index.d.mts';

/** What the page knows about a session after creating it. */
export interface SessionInfo {
  config: ResolvedNetworkConfig;
  layerCount: number;
  gridNeuronCount: number;
  /** The data the session trains on (generated or given). */
  data: Dataset | null;
}

/** One frame's worth of results: everything the views draw. */
export interface Snapshot {
  metrics: Metrics;
  /** [W0 b0 W1 b1 ...], a copy. */
  parameters: Float32Array;
  /** Every neuron's output on a gridSize² grid (neuron, row, col), or null if not asked for. */
  grid: Float32Array | null;
  gridSize: number;
}

export type ViewName =
  | 'weights' | 'biases' | 'weightGradients' | 'biasGradients' | 'preActivations' | 'activations' | 'deltas';

export interface WorkerApi {
  info(): { simd: boolean; variant: 'simd' | 'baseline' };
  create(id: number, network: NetworkConfig, data: DatasetOptions | RowData): SessionInfo;
  destroy(id: number): void;
  /** `steps` minibatch updates, then the metrics, parameters and (gridSize > 0) the grid. */
  frame(id: number, steps: number, gridSize: number): Snapshot;
  reset(id: number, seed: number): Snapshot;
  setHyperparameters(id: number, changes: Pick<NetworkConfig, 'learningRate' | 'regularization' | 'regularizationRate'>): void;
  setParameter(id: number, index: number, value: number): Snapshot;
  view(id: number, name: ViewName, layer: number): Float32Array;
  parameters(id: number): Float32Array;
  gradients(id: number): Float32Array;
  forward(id: number, input: number[]): void;
  backward(id: number, target: number[]): number;
  update(id: number): void;
  computeGradients(id: number, inputs: number[], targets: number[]): number;
}

export type Method = keyof WorkerApi;

export interface Request<M extends Method = Method> {
  call: number;
  method: M;
  args: Parameters<WorkerApi[M]>;
}

export type Reply = { call: number; result: unknown } | { call: number; error: string };
