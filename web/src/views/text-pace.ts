// When the numbers a reader reads are written. While a run plays, the losses, the accuracy and
// the epoch change every frame; any changed text costs a layout and a paint of its line and the
// compositor's redraw of it: on the project machine (2 cores, software raster) ~110 ms of main
// thread and ~85 ms of compositor time a second at 60 writes, about half of everything the
// default page does. Nobody reads a number that changes 60 times a second, so while playing
// texts are written at most every TEXT_INTERVAL ms, every view in the same frame (one slot of
// the clock for all, so they share one layout); a paused page writes them at once.
export const TEXT_INTERVAL = 100;

/** One per view: whether its texts are due in this render. */
export class TextPace {
  #slot = NaN;

  /** Always when nothing plays; while playing, once per TEXT_INTERVAL slot of the clock. */
  due(playing: boolean, now = performance.now()): boolean {
    if (!playing) {
      this.#slot = NaN;
      return true;
    }
    const slot = Math.floor(now / TEXT_INTERVAL);
    if (slot === this.#slot) return false;
    this.#slot = slot;
    return true;
  }
}
