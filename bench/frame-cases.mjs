// The networks the frame benchmarks draw, as page links (web/src/state.ts's hash format).
const ALL_FEATURES = 'x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true';

export const NETWORKS = {
  /** 2 inputs, 4-2 tanh, one output: the page with no settings. */
  default: { name: 'default 2-4-2-1', hash: '' },
  /** TensorFlow Playground's largest: 6 hidden layers of 8, all its features. */
  tfp: { name: 'TFP largest 7-8×6-1', hash: `networkShape=8,8,8,8,8,8&${ALL_FEATURES}` },
  /** The largest this page allows: 8 hidden layers of 16, all seven features (1,920 weights, 136 heatmaps). */
  largest: { name: 'largest 7-16×8-1', hash: `networkShape=16,16,16,16,16,16,16,16&${ALL_FEATURES}` },
};
export const CASES_BY_NAME = NETWORKS;

/** The page's link for a network at a speed (epochs per frame), with extra settings. */
export function link(hash, speed, extra = '') {
  return `#${[hash, speed === 1 ? '' : `speed=${speed}`, extra].filter(Boolean).join('&')}`;
}
