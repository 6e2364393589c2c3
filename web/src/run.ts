// One training run as the page counts it: its loss history, the weights it started from, and
// the step and epoch it goes on from when it did not start here (a shared link, an opened file,
// a restart of the engine), since a new engine session always counts from 0. The trainer owns
// one; it holds no session and touches no DOM.
import type { SessionInfo, Snapshot } from './engine/protocol';
import type { SavedHistory } from './export';
import { emptyHistory, linkedHistory, record, type History } from './history';
import type { LinkedRun } from './share';

export class Run {
  history: History = emptyHistory();
  /** The parameters at step 0 of this run (after any hand edits there): a link with them replays it. */
  start: Float32Array | null = null;
  /** The latest snapshot, in the run's count: what a new worker restores. */
  last: Snapshot | null = null;
  /** Where the session's count of 0 sits in the run's, or null when the run started in this session. */
  #offset: { step: number; epoch: number } | null = null;

  /** A fresh run on the current session: empty history, counting from step 0. */
  begin(): void {
    this.history = emptyHistory();
    this.start = null;
    this.last = null;
    this.#offset = null;
  }

  /** A shared run goes on from its step and epoch, its loss history already on the charts. */
  continueLinked(run: LinkedRun, info: SessionInfo): void {
    this.history = linkedHistory(run.history, info);
    this.#offset = { step: run.step, epoch: run.epoch };
    this.start = null;
  }

  /**
   * A saved run (an opened file) goes on from its history's last step; `start` is its starting
   * weights when the file has them, or its weights when it has no history (then they are the start).
   */
  continueSaved(history: SavedHistory | null | undefined, start: Float32Array | null | undefined, parameters: Float32Array | null): void {
    if (history && history.step.length > 0) {
      this.history = { ...structuredClone(history), divergedAt: null };
      this.#offset = { step: history.step[history.step.length - 1], epoch: history.epoch[history.epoch.length - 1] };
    }
    this.start = start ?? (this.#offset ? null : parameters);
    this.#offset ??= { step: 0, epoch: 0 };
  }

  /** A new session (after the engine restarted) carries on the run from its last snapshot. */
  continueAt(last: Snapshot): void {
    this.#offset = { step: last.metrics.step, epoch: last.metrics.epoch };
  }

  /** A snapshot in the run's own count; the first one of a run that starts here is its start. */
  place(snapshot: Snapshot): Snapshot {
    if (this.#offset) {
      const m = snapshot.metrics;
      snapshot.metrics = { ...m, step: m.step + this.#offset.step, epoch: m.epoch + this.#offset.epoch };
    } else if (snapshot.metrics.step === 0) {
      this.start = snapshot.parameters;
    }
    this.last = snapshot;
    return snapshot;
  }

  /** Adds a point to the history. */
  record(snapshot: Snapshot): void {
    this.history = record(this.history, snapshot);
  }
}
