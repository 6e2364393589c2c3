// TensorFlow Playground's link vocabulary where it is not ours: the names its state knows that we
// read without using, the controls its links may hide, and its seeds, which are any text. Its
// src/state.ts (State.PROPS, the `_hide` keys of getHiddenProps) and index.html (the ui-* classes
// those keys hide) are the reference.

/** Its properties (State.PROPS): a `<name>_hide` key for each is honoured, as it honours any. */
export const TFP_PROPERTIES = [
  'activation', 'regularization', 'batchSize', 'dataset', 'regDataset', 'learningRate', 'regularizationRate', 'noise',
  'networkShape', 'seed', 'showTestData', 'discretize', 'percTrainData', 'x', 'y', 'xTimesY', 'xSquared', 'ySquared',
  'cosX', 'sinX', 'cosY', 'sinY', 'collectStats', 'tutorial', 'problem', 'initZero', 'hideText',
] as const;

/**
 * Its hideable controls that are not properties: the +/- layer buttons with the layer count
 * (ui-numHiddenLayers) and the three playback buttons.
 */
export const TFP_CONTROLS = ['numHiddenLayers', 'playButton', 'stepButton', 'resetButton'] as const;

/** Its name for the +/- neuron buttons of hidden layer `layer` (0-based): ui-numNodes1, ... */
export function neuronButtonsName(layer: number): string {
  return `numNodes${layer + 1}`;
}

/**
 * Its names we accept and have no use for. cosX and cosY are in its state but not among its
 * inputs: it never draws them or feeds them to the network, so neither do we, without a word.
 */
export const TFP_UNUSED: ReadonlySet<string> = new Set(['cosX', 'cosY', 'collectStats', 'tutorial']);

/** Its names for one of our controls: `initZero_hide` hides (and `_lock` locks) our `init`. */
export const CONTROL_ALIASES: Readonly<Record<string, string>> = { initZero: 'init' };

/**
 * Our integer seed for one of its seeds. It seeds Math.random with the text itself (seedrandom),
 * our engine has its own generator, so no seed reproduces its run exactly; what a link can
 * promise is that the same text always gives the same run here. Its own seeds are
 * Math.random().toFixed(5), "0.59898": those become round(x * 100000), one to one, so the seed
 * field shows 59898; a whole number is itself; any other text ("hello", "-5", "0.1234567") is
 * hashed (32-bit FNV-1a over its UTF-16 units) to a seed, the same on every load.
 */
export function seedOf(text: string): number {
  if (/^\d+$/.test(text) && Number(text) <= 0xffffffff) return Number(text);
  if (/^0?\.\d{1,5}$/.test(text)) return Math.round(Number(text) * 100000);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
