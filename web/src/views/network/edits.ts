// What the network view's buttons ask for, as pure functions from the state to a partial state
// to dispatch. Kept apart from the DOM so the rules (layer count, per-layer activations, at least
// one feature) read in one place.
import { head, enabledFeatures, layerWidths } from '../../model';
import { FEATURES, MAX_HIDDEN_LAYERS, MAX_NEURONS, type Activation, type Feature, type State } from '../../state';
import type { Structure } from './layout';

/** The activation of each hidden layer: the per-layer list when it fits, else the global one. */
export function layerActivationsOf(state: Readonly<State>): Activation[] {
  const n = state.networkShape.length;
  return state.layerActivations.length === n ? [...state.layerActivations] : Array<Activation>(n).fill(state.activation);
}

export function structureOf(state: Readonly<State>): Structure {
  const hidden = (f: Feature) => state.hidden.includes(f);
  const column = FEATURES.filter((f) => !hidden(f) || state[f]);
  return {
    features: enabledFeatures(state),
    column,
    fixed: column.filter((f) => hidden(f) || state.locked.includes(f)),
    hidden: [...state.networkShape],
    activations: layerActivationsOf(state),
    output: head(state).output ?? 'tanh',
    outputs: layerWidths(state).at(-1) ?? 1,
  };
}

/**
 * A per-layer list in its shortest form: when every layer uses one activation, the global
 * `activation` says it and the list is empty (a TensorFlow Playground link then stays one).
 */
function activationsPartial(list: Activation[]): Partial<State> {
  if (list.length === 0) return { layerActivations: [] };
  if (list.every((a) => a === list[0])) return { activation: list[0], layerActivations: [] };
  return { layerActivations: list };
}

/** A new last layer of 2 neurons (as the playground), with the activation of the layer before it. */
export function addLayer(state: Readonly<State>): Partial<State> | null {
  if (state.networkShape.length >= MAX_HIDDEN_LAYERS) return null;
  const list = layerActivationsOf(state);
  const networkShape = [...state.networkShape, 2];
  if (state.layerActivations.length === 0) return { networkShape };
  return { networkShape, ...activationsPartial([...list, list[list.length - 1] ?? state.activation]) };
}

export function removeLayer(state: Readonly<State>): Partial<State> | null {
  if (state.networkShape.length === 0) return null;
  const networkShape = state.networkShape.slice(0, -1);
  if (state.layerActivations.length === 0) return { networkShape };
  return { networkShape, ...activationsPartial(layerActivationsOf(state).slice(0, -1)) };
}

/** Layer `layer` (0-based) with `delta` more neurons, kept in 1..MAX_NEURONS. */
export function changeNeurons(state: Readonly<State>, layer: number, delta: number): Partial<State> | null {
  const width = state.networkShape[layer] + delta;
  if (width < 1 || width > MAX_NEURONS) return null;
  const networkShape = [...state.networkShape];
  networkShape[layer] = width;
  return { networkShape };
}

export function setLayerActivation(state: Readonly<State>, layer: number, activation: Activation): Partial<State> {
  const list = layerActivationsOf(state);
  list[layer] = activation;
  return activationsPartial(list);
}

/** Why a button did nothing, and when that stops being true (the notice then goes). */
export interface Refusal {
  message: string;
  until(state: Readonly<State>): boolean;
}

/** The feature switched, or why not: the last one cannot go, until another one is on. */
export function toggleFeature(state: Readonly<State>, feature: Feature): Partial<State> | Refusal {
  const on = state[feature];
  if (on && enabledFeatures(state).length === 1) {
    return { message: 'The network needs at least one input feature; turn another one on first.', until: (s) => enabledFeatures(s).length > 1 };
  }
  return { [feature]: !on } as Partial<State>;
}
