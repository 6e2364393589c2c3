// How much the page computes per frame while training: the time the worker may spend on
// training steps, and the grids' resolutions. Input and drawing come first, training fills the
// rest: a frame that finds the worker still busy with the last request first shortens the
// worker's frame (fewer steps at high speeds). When that is not enough, or frames themselves
// come late (another program on one of two cores), the governor lowers the thumbnails' density,
// then the output's, so that frames keep coming and input never waits, and raises it again once
// frames are on time. Pure logic: the trainer feeds it frame times and worker costs, the views
// show `reduced`.
import type { GridSpec } from './engine/protocol';

/** A frame is late when its interval passes this (ms): about 50 fps. */
const LATE_FRAME = 20;
/** The frames the decision looks back over. */
const WINDOW = 30;
/** Late frames in the window that lower the detail one level. */
const LOWER_AT = 6;
/** At most this many late frames in a full window for a raise to be tried. */
const RAISE_AT = 1;
/** Ms after any change before the next lowering (time for the change to show in the frames). */
const SETTLE = 500;
/** Ms of good frames before a raise is tried; doubled each time a raise had to be taken back. */
const RAISE_AFTER = 3000;
const RAISE_AFTER_MAX = 30000;

/**
 * Per level: fractions of the full thumbnail and output resolutions. The thumbnails go first
 * (34 px squares at a quarter of their cells still show their shapes); the output plot, the
 * figure a reader studies, only once they are at their coarsest.
 */
const LEVELS = [
  { neurons: 1, output: 1 },
  { neurons: 1 / 2, output: 1 },
  { neurons: 1 / 4, output: 1 },
  { neurons: 1 / 4, output: 0.72 },
  { neurons: 1 / 4, output: 0.5 },
] as const;
const MIN_NEURONS = 8;
const MIN_OUTPUT = 32;

/**
 * The worker's time for a frame, grids and training steps together, in ms: at most MAX, one less
 * for every frame that finds no new result, and a little more back for every frame that does
 * not. A frame is 16.7 ms at 60 Hz; the trainer keeps spare results (trainer.ts PIPELINE), and
 * after a late reply has used one the worker builds it again only with what its requests leave of
 * a frame: at 14.5 ms that was 2 ms a frame, and at speed 10 the next late reply came first (0.95
 * new results a frame); at 12, ~4.7 ms. The steps left over are trained after the reply anyway
 * (worker.ts, training ahead), so the training rate hardly changes.
 * The two steps set how often the worker is found busy once they balance: at down/up frames
 * apart, so 1/0.015 is one frame in ~67 without a new result (0.985 a frame); at 0.05 it was one
 * in 20, the 0.95-0.97 the benchmark found in the gradient view and at speed 10.
 */
export const WORKER_FRAME = { max: 12, min: 6, down: 1, up: 0.015 };
export const MIN_TRAINING = 1.5;

export class DetailGovernor {
  #full: GridSpec;
  #level = 0;
  #late: boolean[] = [];
  #lastFrame = -1;
  #changedAt = -Infinity;
  #raiseAfter = RAISE_AFTER;
  #raisedAt = -Infinity;
  #gridCost = 0;
  #workerFrame = WORKER_FRAME.max;
  /** Frames seen while playing, and of them the late and the stalled ones (for stats()). */
  counts = { frames: 0, late: 0, stalled: 0, lowered: 0, raised: 0 };

  constructor(full: GridSpec) {
    this.#full = { ...full };
  }

  /** 0 is full detail; higher is coarser. */
  get level(): number {
    return this.#level;
  }

  get reduced(): boolean {
    return this.#level > 0;
  }

  /** The grids at full detail. */
  get full(): GridSpec {
    return this.#full;
  }

  /** The grids to ask for now. */
  get grids(): GridSpec {
    const l = LEVELS[this.#level];
    const scale = (n: number, k: number, min: number) => (n > 0 ? Math.max(Math.min(n, min), Math.round(n * k)) : 0);
    return { neurons: scale(this.#full.neurons, l.neurons, MIN_NEURONS), output: scale(this.#full.output, l.output, MIN_OUTPUT) };
  }

  /** New full resolutions (the display changed: its pixel ratio, the plot's size). */
  setFull(full: GridSpec): void {
    this.#full = { ...full };
  }

  /** Ms of training the worker may take this frame: what its grids leave of the worker's frame. */
  get trainingBudget(): number {
    return Math.max(MIN_TRAINING, this.#workerFrame - this.#gridCost);
  }

  /** The worker's report for a frame: what its grids cost (ms). */
  cost(grids: number): void {
    this.#gridCost = this.#gridCost === 0 ? grids : 0.8 * this.#gridCost + 0.2 * grids;
  }

  /**
   * An animation frame while playing, at `now` (ms); `stalled`: the worker was still busy with
   * the previous frame's request, so this frame shows no new result. True when the level changed.
   */
  frame(now: number, stalled: boolean): boolean {
    const interval = this.#lastFrame < 0 ? 0 : now - this.#lastFrame;
    this.#lastFrame = now;
    if (interval > 250) {
      // A pause, a hidden tab or a breakpoint: not the machine's pace.
      this.#late = [];
      return false;
    }
    // A stalled frame first takes time from training; it counts against the detail once training
    // is down to its minimum (at speed 1 it never needed more, so that is at once).
    if (stalled) this.#workerFrame = Math.max(WORKER_FRAME.min, this.#workerFrame - WORKER_FRAME.down);
    else this.#workerFrame = Math.min(WORKER_FRAME.max, this.#workerFrame + WORKER_FRAME.up);
    const trainingYielded = this.#workerFrame - this.#gridCost <= MIN_TRAINING || this.#workerFrame <= WORKER_FRAME.min;
    this.#late.push(interval > LATE_FRAME || (stalled && trainingYielded));
    this.counts.frames++;
    if (interval > LATE_FRAME) this.counts.late++;
    if (stalled) this.counts.stalled++;
    if (this.#late.length > WINDOW) this.#late.shift();
    const late = this.#late.reduce((n, l) => n + (l ? 1 : 0), 0);
    if (late >= LOWER_AT && this.#level < LEVELS.length - 1 && now - this.#changedAt >= SETTLE) {
      // A raise that did not hold: wait longer before the next one.
      if (now - this.#raisedAt < this.#raiseAfter) this.#raiseAfter = Math.min(RAISE_AFTER_MAX, this.#raiseAfter * 2);
      this.counts.lowered++;
      return this.#set(this.#level + 1, now);
    }
    if (late <= RAISE_AT && this.#late.length === WINDOW && this.#level > 0 && now - this.#changedAt >= this.#raiseAfter) {
      this.#raisedAt = now;
      this.counts.raised++;
      return this.#set(this.#level - 1, now);
    }
    return false;
  }

  /** Training stopped: the next run starts with a fresh window (the level stays, the machine has not changed). */
  pause(): void {
    this.#lastFrame = -1;
    this.#late = [];
  }

  #set(level: number, now: number): boolean {
    this.#level = level;
    this.#changedAt = now;
    this.#late = [];
    return true;
  }
}
