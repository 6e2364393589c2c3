// Geometry of the network drawing, computed from numbers only: the view never measures the DOM
// to place nodes (no layout reads, so no layout thrash), it only tells the browser where things go.
// Also the map from (layer, unit, input) to an index into the flat parameters [W0 b0 W1 b1 ...].
import type { HiddenActivation, OutputActivation } from '../../../../wasm/index.d.mts';
import type { Feature } from '../../state';

/** What the drawing depends on; a change of any of it rebuilds the DOM. */
export interface Structure {
  /** Enabled input features, in FEATURES order (the engine's input order). */
  features: Feature[];
  /**
   * The features drawn in the first column, in FEATURES order: all but the hidden ones
   * (<feature>_hide), and a hidden one the network uses all the same, fixed (it has links).
   */
  column: Feature[];
  /** Drawn features the reader cannot switch: locked by the page, or hidden but on. */
  fixed: Feature[];
  /** Hidden widths. */
  hidden: number[];
  /** One activation per hidden layer. */
  activations: HiddenActivation[];
  output: OutputActivation;
  /** Output units: one, or one per class. */
  outputs: number;
}

/** Widths of every layer: inputs, hidden layers, the outputs (as the engine's config.layers). */
export function widthsOf(s: Structure): number[] {
  return [s.features.length, ...s.hidden, s.outputs];
}

export const NODE = 36; // node square, CSS px; ≥ 32 so a finger can hit it
const LABEL_WIDTH = 50; // feature names left of the feature nodes
const RIGHT_PAD = 14;
const MIN_PITCH = 72; // fits two 32 px neuron buttons side by side: a 9-column network fits a 1400 px page
const MAX_PITCH = 190;
const LABEL_ROW = 22;
const BUTTON_ROW = 36;
const SELECT_ROW = 32;

export interface Layout {
  width: number;
  height: number;
  /** Height of the band of layer headers above the nodes. */
  header: number;
  /** Horizontal distance between columns. */
  pitch: number;
  /** Per column (features, hidden layers..., output): left x and each node's top y. */
  columns: { x: number; ys: number[] }[];
}

/**
 * Columns: the drawn features (those off dimmed), each hidden layer, the output. Columns are
 * centred vertically on the tallest one so links fan out symmetrically. `available` is the panel's
 * content width; the pitch stretches to fill it and below MIN_PITCH the stage scrolls sideways.
 */
export function computeLayout(s: Structure, available: number, controls: { buttons: boolean; selects: boolean }): Layout {
  const columnCount = s.hidden.length + 2;
  const tallest = Math.max(s.column.length, ...s.hidden, s.outputs);
  const rowPitch = tallest > 8 ? 44 : 50;
  const header = LABEL_ROW + (controls.buttons ? BUTTON_ROW : 0) + (controls.selects ? SELECT_ROW : 0) + 10;
  const room = available - LABEL_WIDTH - NODE - RIGHT_PAD;
  const pitch = Math.max(MIN_PITCH, Math.min(MAX_PITCH, Math.floor(room / (columnCount - 1))));
  const counts = [s.column.length, ...s.hidden, s.outputs];
  const columns = counts.map((count, c) => {
    const top = header + ((tallest - count) * rowPitch) / 2;
    return { x: LABEL_WIDTH + c * pitch, ys: Array.from({ length: count }, (_, i) => top + i * rowPitch) };
  });
  const width = LABEL_WIDTH + (columnCount - 1) * pitch + NODE + RIGHT_PAD;
  const height = header + tallest * rowPitch;
  return { width, height, header, pitch, columns };
}

/**
 * A cubic curve from the right middle of a source node to the left middle of a target node, its
 * control points halfway across (TensorFlow Playground's d3 diagonal).
 */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}

/** The point at t = 0.5 on linkPath's curve: where a link's tooltip and editor sit. */
export function linkMiddle(x1: number, y1: number, x2: number, y2: number): { x: number; y: number } {
  return { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
}

/** Where layer l's weights and biases start in [W0 b0 W1 b1 ...] (parameters.ts). */
export { layerOffsets as parameterOffsets } from '../../parameters';
