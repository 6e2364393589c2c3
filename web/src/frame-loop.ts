// The playing loop's clock: a callback on every animation frame while it runs, the rule that a
// frame sends at most one request to the engine, and how many steps that request takes (with
// the credit of slow motion carried between frames). No DOM beyond requestAnimationFrame.
import { framePlan } from './pacing';

export class FrameLoop {
  #onFrame: (now: number) => void;
  #raf = 0; // the pending frame's handle, 0 when none
  #running = false;
  #frame = 0;
  #claimed = -1;
  /** Steps owed to play below one step a frame (speed × steps per epoch < 1): one is taken when it reaches 1. */
  #credit = 0;

  constructor(onFrame: (now: number) => void) {
    this.#onFrame = onFrame;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#raf === 0) this.#next();
  }

  stop(): void {
    this.#running = false;
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  /**
   * This frame's turn to send a request: true once per frame while running. A reply that lands
   * after its frame's turn found the worker busy claims that frame's turn at once rather than a
   * frame later, so a slow worker still trains on every frame it can.
   */
  claim(): boolean {
    if (!this.#running || this.#claimed >= this.#frame) return false;
    this.#claimed = this.#frame;
    return true;
  }

  /** The claimed frame's steps (0: none this frame) in `parts` requests, for `perFrame` steps a frame. */
  plan(perFrame: number, historyPoints: number): { steps: number; parts: number } {
    const { steps, parts, credit } = framePlan(perFrame, this.#credit, historyPoints);
    this.#credit = credit;
    return { steps, parts };
  }

  #next(): void {
    this.#raf = requestAnimationFrame((now) => {
      this.#raf = 0;
      if (!this.#running) return;
      this.#frame++;
      this.#onFrame(now);
      if (this.#running && this.#raf === 0) this.#next(); // (onFrame may have stopped and started it)
    });
  }
}
