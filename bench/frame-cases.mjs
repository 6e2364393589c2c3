// The networks the frame benchmarks draw, as page links (web/src/state.ts's hash format).
const ALL_FEATURES = 'x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true';

export const NETWORKS = {
  /** 2 inputs, 4-2 tanh, one output: the page with no settings. */
  default: { name: 'default 2-4-2-1', hash: '' },
  /** TensorFlow Playground's largest: 6 hidden layers of 8, all its features. */
  tfp: { name: 'TFP largest 7-8×6-1', hash: `networkShape=8,8,8,8,8,8&${ALL_FEATURES}` },
  /** The largest this page allows: 8 hidden layers of 16, all seven features (1,920 weights, 136 heatmaps). */
  largest: { name: 'largest 7-16×8-1', hash: `networkShape=16,16,16,16,16,16,16,16&${ALL_FEATURES}` },
  /** The 8×8 handwritten digits at their default network, every image view drawn (issue 12). */
  digits: { name: 'digits 64-32-10', hash: 'dataset=digits' },
  /** The Palmer penguins at their default network: the named network, the scatter, the matrix (issue 12). */
  penguins: { name: 'penguins 4-8-3', hash: 'dataset=penguins' },
};

/** The page's link for a network at a speed (epochs per frame), with extra settings. */
export function link(hash, speed, extra = '') {
  return `#${[hash, speed === 1 ? '' : `speed=${speed}`, extra].filter(Boolean).join('&')}`;
}

/**
 * The cases bench/frame-time.mjs measures, in the order it runs them (those at DPR 2 share a
 * browser, the loaded ones run last with the load process). `extra`: more settings in the link
 * (web/src/state.ts: mode=step is the step-through mode, links=gradients the gradient view);
 * `clicks`: also measure click → next frame; `shot`: the --shots screenshot's file name.
 */
export const CASES = [
  { name: 'default speed 1', network: 'default', speed: 1 },
  { name: 'default speed 3', network: 'default', speed: 3 },
  { name: 'tfp speed 1', network: 'tfp', speed: 1 },
  { name: 'largest speed 1', network: 'largest', speed: 1, clicks: true, shot: 'frame-largest-dpr1.png' },
  { name: 'largest speed 3', network: 'largest', speed: 3 },
  { name: 'largest speed 10', network: 'largest', speed: 10 },
  { name: 'largest gradients', network: 'largest', speed: 1, extra: 'links=gradients' },
  { name: 'largest step-through', network: 'largest', speed: 1, extra: 'mode=step' },
  // Many classes (issue 12): the 3-arm spiral, three softmax units, the K-class picture.
  { name: 'largest 3-class spiral', network: 'largest', speed: 1, extra: 'problem=multiclass&dataset=spiral&classes=3' },
  { name: 'digits speed 1', network: 'digits', speed: 1 },
  { name: 'digits step-through', network: 'digits', speed: 1, extra: 'mode=step' },
  { name: 'penguins speed 1', network: 'penguins', speed: 1 },
  { name: 'largest DPR 2', network: 'largest', speed: 1, dpr: 2, shot: 'frame-largest-dpr2.png' },
  { name: 'default DPR 2', network: 'default', speed: 1, dpr: 2 },
  { name: 'loaded default', network: 'default', speed: 1, load: true, clicks: true },
  { name: 'loaded largest', network: 'largest', speed: 1, load: true, clicks: true },
].map((c) => ({ dpr: 1, extra: '', load: false, clicks: false, shot: '', ...c }));
