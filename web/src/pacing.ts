// How many minibatch steps a playing run takes in one animation frame, and in how many requests.
// Plain numbers in and out: the trainer keeps the credit between frames.
import type { SessionInfo } from './engine/protocol';

/** While the history holds fewer points than this, a frame's steps are taken in up to YOUNG_RUN_PARTS parts. */
const YOUNG_RUN_POINTS = 64;
const YOUNG_RUN_PARTS = 8;

/** Early in a run frames are split into parts (more chart points), so a frame may find a request still out. */
export function youngRun(historyPoints: number): boolean {
  return historyPoints < YOUNG_RUN_POINTS;
}

export function stepsPerEpoch(info: SessionInfo | null, batchSize: number): number {
  return Math.max(1, Math.ceil((trainingExamples(info) || 1) / batchSize));
}

/** Training examples of a session: the engine's generated points, or a real data set's rows (0 when unknown). */
export function trainingExamples(info: SessionInfo | null): number {
  if (info?.data) return info.data.trainInputs.length / info.data.inputWidth;
  return info?.loaded?.split.trainIndex.length ?? 0;
}

/**
 * This frame's steps (0: none this frame) and parts, and the credit carried on: below one step a
 * frame (speed × steps per epoch < 1) steps are owed, and one is taken when the debt reaches 1.
 */
export function framePlan(perFrame: number, credit: number, historyPoints: number): { steps: number; parts: number; credit: number } {
  let steps = Math.round(perFrame);
  if (perFrame < 1) {
    // Slow motion: a step every few frames, so a run that diverges in 31 steps takes seconds.
    credit = Math.min(1, credit + perFrame);
    if (credit < 1 - 1e-9) return { steps: 0, parts: 0, credit };
    credit = 0;
    steps = 1;
  }
  // Early in a run a frame's steps come in parts, each a point on the charts: at 60 steps a
  // frame, a run that diverges at step 31 would otherwise be one point and a marker.
  const parts = youngRun(historyPoints) ? Math.min(steps, YOUNG_RUN_PARTS) : 1;
  return { steps, parts, credit };
}
