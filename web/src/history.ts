// The run's history as the charts draw it: one point per training request, bounded in memory.
// Plain data and functions, no DOM; the trainer owns the one History of its run.
import type { SessionInfo, Snapshot } from './engine/protocol';
import { trainingExamples } from './pacing';
import type { LinkedHistory } from './share';

/**
 * Loss over time, one point per training request (a frame's steps, a part of them early in a
 * run, or a single step when play is slower than a step a frame): the charts plot it against the step.
 */
export interface History {
  step: number[];
  epoch: number[];
  trainLoss: number[];
  testLoss: number[];
  /** gradientNorms[l][i]: ‖∂L/∂W_l‖ at the i-th recorded frame. */
  gradientNorms: number[][];
  /** The step at which training diverged (its losses are not finite; the ones before stay plotted). */
  divergedAt: number | null;
}

/** More points than this and every other one is dropped: the charts' shape stays, their cost stays bounded. */
export const HISTORY_LIMIT = 5000;

export function emptyHistory(): History {
  return { step: [], epoch: [], trainLoss: [], testLoss: [], gradientNorms: [], divergedAt: null };
}

/** The history with this snapshot's point added (the same object, its lists thinned when full). */
export function record(h: History, snapshot: Snapshot): History {
  const m = snapshot.metrics;
  // The engine may flag divergence one request after the step whose loss overflowed.
  if (m.diverged && h.divergedAt === null) h.divergedAt = m.step;
  if (h.step.length > 0 && h.step[h.step.length - 1] === m.step) return h;
  h.step.push(m.step);
  h.epoch.push(m.epoch);
  h.trainLoss.push(m.trainLoss);
  h.testLoss.push(m.testLoss);
  snapshot.gradientNorms.forEach((norm, l) => (h.gradientNorms[l] ??= []).push(norm));
  if (h.step.length > HISTORY_LIMIT) {
    const even = (_: number, i: number) => i % 2 === 0;
    for (const key of ['step', 'epoch', 'trainLoss', 'testLoss'] as const) h[key] = h[key].filter(even);
    h.gradientNorms = h.gradientNorms.map((norms) => norms.filter(even));
  }
  return h;
}

/** A shared link's loss history as this session's: whole epochs recomputed, gradient norms as gaps. */
export function linkedHistory(history: Readonly<LinkedHistory>, info: SessionInfo): History {
  const examples = trainingExamples(info);
  const batch = info.config.batchSize;
  return {
    step: [...history.step],
    // The engine's whole passes at each step, as it would have counted them.
    epoch: history.step.map((s) => (examples > 0 ? Math.floor((s * batch) / examples) : 0)),
    trainLoss: [...history.trainLoss],
    testLoss: [...history.testLoss],
    // The link carries no gradient norms: a gap per point, so a setup saved from here stays well formed.
    gradientNorms: Array.from({ length: info.config.layers.length - 1 }, () => history.step.map(() => NaN)),
    divergedAt: null,
  };
}
