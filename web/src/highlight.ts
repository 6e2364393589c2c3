// What the host page asks the network view to point at: one neuron or one link, drawn with a
// ring or a glow. The embed's postMessage API sets it ("highlight"); the network view draws it.
// Like the example selection (selection.ts) it is UI state, not in the URL, and there is one
// per store, i.e. per playground on the page: found through the store both already share.
import { createChannel, perStore, type Channel } from './channel';

/**
 * Layers count as in the engine's config.layers: 0 is the enabled input features, then each
 * hidden layer, the output last. A link joins neuron `from` of `layer` to neuron `to` of
 * `layer + 1` (its weight is W_layer[to][from]).
 */
export type HighlightTarget =
  | { neuron: { layer: number; index: number } }
  | { link: { layer: number; from: number; to: number } };

export type HighlightChannel = Channel<HighlightTarget | null>;

/** The highlight of the playground that owns a store (created on first use); null is none. */
export const highlightChannel = perStore<HighlightChannel>(() =>
  createChannel<HighlightTarget | null>(null, (a, b) => JSON.stringify(a) === JSON.stringify(b)));

/** Widths of every layer (inputs, hidden, output): is `target` inside them? A reason if not. */
export function highlightProblem(target: HighlightTarget, widths: readonly number[]): string | null {
  const name = (layer: number) => (layer === 0 ? 'the input layer' : layer === widths.length - 1 ? 'the output layer' : `hidden layer ${layer}`);
  const inLayer = (layer: number, index: number, what: string) => {
    if (layer >= widths.length) return `there is no layer ${layer} (the network has layers 0 to ${widths.length - 1})`;
    if (index >= widths[layer]) return `${what} ${index} is not in ${name(layer)} (it has ${widths[layer]}, numbered from 0)`;
    return null;
  };
  if ('neuron' in target) return inLayer(target.neuron.layer, target.neuron.index, 'neuron');
  const { layer, from, to } = target.link;
  if (layer + 1 >= widths.length) return `a link leaves layer ${layer}, but the last layer is ${widths.length - 1}`;
  return inLayer(layer, from, 'neuron') ?? inLayer(layer + 1, to, 'neuron');
}
