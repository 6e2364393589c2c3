// When what changes slowly is redrawn while a run plays. The losses, the accuracy and the epoch
// change every frame; any changed text costs a layout and a paint of its line and the
// compositor's redraw of it: on the project machine (2 cores, software raster) ~110 ms of main
// thread and ~85 ms of compositor time a second at 60 writes, about half of everything the
// default page did. Nobody reads a number that changes 60 times a second, so while playing
// texts are written at most once per slot of PACE_MS. The loss and gradient charts' lines, the
// links' weights (network.ts) and the flow's ticks (network/flow.ts) move on the same slots, so
// the frame of a slot carries all of them (one style recalculation, one layout, one commit of
// them) and the five frames between carry only what must change every frame: the heatmaps. A
// paused page writes at once.
export const PACE_MS = 100;

/**
 * The current animation frame's time (ms): every rAF callback and render of a frame reads the
 * same value (document.timeline's), so that they agree on the slot; performance.now() where
 * there is no document timeline.
 */
export function frameTime(): number {
  const time = typeof document !== 'undefined' ? document.timeline?.currentTime : null;
  return typeof time === 'number' ? time : performance.now();
}

/** The slot a time falls in: slots are PACE_MS long, counted from the clock's origin. */
export function paceSlot(now = frameTime()): number {
  return Math.floor(now / PACE_MS);
}

/** One per view: whether its texts are due in this render. */
export class TextPace {
  #slot = NaN;

  /** Always when nothing plays; while playing, once per slot. */
  due(playing: boolean, now = frameTime()): boolean {
    if (!playing) {
      this.#slot = NaN;
      return true;
    }
    const slot = paceSlot(now);
    if (slot === this.#slot) return false;
    this.#slot = slot;
    return true;
  }
}
