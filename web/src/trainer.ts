// Owns the page's engine session: rebuilds it when the state asks for new data or a new
// network, runs training one request per animation frame while playing, and hands every
// result to its listeners. It never touches the DOM.
import { DetailGovernor } from './detail';
import { Edits } from './edits';
import { FrameLoop } from './frame-loop';
import { Listeners } from './listeners';
import { EngineStoppedError, type Bridge, type RestartEvent } from './engine/bridge';
import { NO_GRIDS, type GridSpec, type Method, type SessionArgs, type SessionInfo, type Snapshot, type WorkerApi } from './engine/protocol';
import { restoreSession, sameSession } from './engine/restore';
import { parameterCount, type Setup } from './export';
import { hyperparameters, LIVE_KEYS, networkConfig, noDataMessage, sessionData, SESSION_KEYS } from './model';
import { stepsPerEpoch, youngRun } from './pacing';
import type { History } from './history';
import { ReadyResults } from './ready';
import { Run } from './run';
import { unpackLink, type Unpacked } from './share';
import type { State } from './state';
import type { Store } from './store';

export type { History } from './history';

export interface Frame {
  info: SessionInfo;
  snapshot: Snapshot;
  history: History;
  playing: boolean;
  /** The grids were computed coarser than they are drawn: the machine is too busy for full detail. */
  reduced: boolean;
}

/** null: there is no session (the user's own data set has too few points), so nothing to draw. */
export type FrameListener = (frame: Frame | null) => void;
export type ErrorListener = (message: string) => void;

export interface TrainerOptions {
  /** Grid resolutions at full detail: the thumbnails' and the output plot's (cells per side). */
  grids: GridSpec;
  /** Session id in the worker (several playgrounds may share one worker). */
  id: number;
}

/** Playing results between the worker and the page: one being computed, two spare (see #kick). */
const PIPELINE = 3;

export class Trainer {
  #bridge: Bridge;
  #store: Store;
  #options: TrainerOptions;
  #info: SessionInfo | null = null;
  #snapshot: Snapshot | null = null;
  #run = new Run();
  #loop = new FrameLoop((now) => this.#frame(now));
  #inFlight = false;
  /** Playing frames' requests out at the worker (PIPELINE at most), and their results not yet shown, oldest first. */
  #queued = 0;
  #ready = new ReadyResults<Snapshot>();
  #generation = 0; // bumps on every rebuild: late replies of an older session are dropped
  #frames = new Listeners<Frame | null>();
  #errors = new Listeners<string>();
  /** Why there is no session to train (too few points of the user's own), or null. */
  #noData: string | null = null;
  /** The state the session was built from: with the run's last snapshot, what a new worker restores. */
  #built: Readonly<State> | null = null;
  /** A dead worker's session being restored in the new one: calls wait for it. */
  #recovery: Promise<void> | null = null;
  #restored = new Listeners<string>();
  /** A real data set's file being loaded for the next session, or null. */
  #loading: Promise<void> | null = null;
  #offRestart: () => void;
  #detail: DetailGovernor;
  /** Parameters set by hand, the step-through's traces and updates, the gradient check. */
  readonly edits = new Edits({
    call: (method, ...args) => this.#call(method, ...args),
    redraw: () => this.#request(0),
    pause: () => this.pause(),
    fail: (error) => this.#fail(error),
  });

  constructor(bridge: Bridge, store: Store, options: TrainerOptions) {
    this.#bridge = bridge;
    this.#store = store;
    this.#options = options;
    this.#detail = new DetailGovernor(options.grids);
    this.#offRestart = bridge.onRestart((event) => void this.#recover(event));
    store.subscribe((state, changed) => {
      const session = [...changed].some((k) => SESSION_KEYS.has(k));
      if (session && state.weights !== '' && !changed.has('weights')) {
        // A link's weights belong to its network and data: once the user changes either, the
        // session starts from its own seeded weights and the link forgets them. (After this
        // dispatch has reached every listener, so none sees the states out of order.)
        queueMicrotask(() => store.dispatch({ weights: '' }, { force: true }));
        void this.rebuild({ ...state, weights: '' });
      } else if (session && this.#info && this.#built && sameSession(this.#built, state)) {
        // Back to the session that runs (a data set that failed to load, undone): it goes on; a
        // rebuild still under way is dropped.
        ++this.#generation;
        this.#emit();
      } else if (session || (changed.has('weights') && state.weights !== '')) {
        void this.rebuild(state);
      } else if ([...changed].some((k) => LIVE_KEYS.has(k))) {
        void this.#retune(state);
      }
    });
  }

  get playing(): boolean {
    return this.#loop.running;
  }

  get info(): SessionInfo | null {
    return this.#info;
  }

  get snapshot(): Snapshot | null {
    return this.#snapshot;
  }

  /** The detail level: 0 full, higher coarser (the machine is busy). */
  get detail(): number {
    return this.#detail.level;
  }

  /** Frames played so far, and of them the late ones, those that found the worker busy, and the level's changes. */
  get detailCounts(): DetailGovernor['counts'] {
    return { ...this.#detail.counts };
  }

  /** Full-detail grid resolutions for a new display (pixel ratio, plot size); used from the next frame. */
  setGrids(grids: GridSpec): void {
    this.#detail.setFull(grids);
  }

  /** The weights this run started from (null when unknown: a restored file without them). */
  get startParameters(): Float32Array | null {
    return this.#run.start;
  }

  onFrame(listener: FrameListener): () => void {
    return this.#frames.add(listener);
  }

  onError(listener: ErrorListener): () => void {
    return this.#errors.add(listener);
  }

  /** The engine worker died and the session was rebuilt in a new one: what happened, in words. */
  onRestored(listener: ErrorListener): () => void {
    return this.#restored.add(listener);
  }

  /** Stops training and no longer follows the engine (the playground is gone). */
  destroy(): void {
    this.pause();
    this.#offRestart();
  }

  /**
   * A new session from the state: new data, new initial weights (the link's, when it carries
   * them), empty history. True when this session was built (not superseded, no error).
   */
  async rebuild(state: Readonly<State> = this.#store.get()): Promise<boolean> {
    const generation = ++this.#generation;
    this.#noData = noDataMessage(state);
    if (this.#noData !== null) {
      this.#drop();
      return false;
    }
    try {
      let prepared = sessionData(state);
      if (prepared instanceof Promise) {
        // A file to load first: a reset meanwhile waits for it (it belongs to the new session).
        const loading = prepared;
        const settled = (this.#loading = loading.then(() => {}, () => {}));
        try {
          prepared = await loading;
        } catch (error) {
          if (generation === this.#generation) this.#undo(error);
          return false;
        } finally {
          if (this.#loading === settled) this.#loading = null; // (a later load keeps its own)
        }
        if (generation !== this.#generation) return false;
      }
      const { data, loaded } = prepared;
      const info = await this.#bridge.call('create', this.#options.id, networkConfig(state), data);
      if (generation !== this.#generation) return false;
      this.#info = { ...info, loaded };
      this.#built = state;
      this.#run.begin();
      await this.#applyLinkedWeights(state.weights, generation);
      await this.#request(0);
      return generation === this.#generation;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  /**
   * A data set that could not be loaded: named, and the settings of the session that runs put
   * back, so that its run goes on (nothing is lost to a missing file or a dropped connection).
   */
  #undo(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const built = this.#built;
    if (!built || !this.#info) {
      this.#fail(error);
      return;
    }
    const back = Object.fromEntries([...SESSION_KEYS].map((key) => [key, built[key]])) as Partial<State>;
    this.#store.dispatch(back, { force: true });
    // (Then the message: a notice about a session goes once the settings differ from those it was shown with.)
    this.#errors.emit(`${message}; the run goes on with the data it had`);
  }

  /**
   * A saved run (an opened file): its configuration, then its weights, loss history and starting
   * weights. Training is paused: the user sees the run as it was saved. True once it is all applied.
   */
  async restore(setup: Setup): Promise<boolean> {
    this.pause();
    this.#store.dispatch({ ...setup.state, weights: '', weightsAt: 'current' }, { force: true });
    if (!(await this.rebuild())) return false;
    const generation = this.#generation;
    try {
      if (setup.parameters) await this.#bridge.call('setParameters', this.#options.id, Array.from(setup.parameters));
      if (generation !== this.#generation) return false;
      this.#run.continueSaved(setup.history, setup.start, setup.parameters);
      await this.#request(0);
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  /**
   * No data, no session: the old one's numbers would describe points that are gone, so the
   * listeners hear null and training cannot start until there are enough points.
   */
  #drop(): void {
    this.#loop.stop();
    this.#info = null;
    this.#snapshot = null;
    this.#run.begin();
    this.#frames.emit(null);
  }

  /**
   * The link's packed weights in place of the seeded ones, and the run they were shared at (its
   * step, epoch and loss history) when the link carries it; a damaged link is named and the
   * seeded weights kept.
   */
  async #applyLinkedWeights(packed: string, generation: number): Promise<void> {
    if (packed === '' || !this.#info) return;
    // Counted as a request in flight, so that a playing loop trains no step on the seeded weights first.
    this.#inFlight = true;
    try {
      let link: Unpacked;
      try {
        link = await unpackLink(packed, parameterCount(this.#info.config.layers));
      } catch (error) {
        if (generation !== this.#generation) return;
        // Forgotten, so the address bar stops carrying them and Reset does not complain again.
        this.#store.dispatch({ weights: '' }, { force: true });
        const message = error instanceof Error ? error.message : String(error);
        this.#errors.emit(`${message}; the network starts from its own initial weights instead`);
        return;
      }
      if (generation !== this.#generation) return;
      await this.#bridge.call('setParameters', this.#options.id, Array.from(link.parameters));
      if (link.run && generation === this.#generation && this.#info) this.#run.continueLinked(link.run, this.#info);
    } finally {
      this.#inFlight = false;
    }
  }

  play(): void {
    if (this.#refuseWithoutData() || this.playing) return;
    this.#loop.start();
  }

  pause(): void {
    this.#loop.stop();
    this.#detail.pause();
    this.#takeReady();
    this.#emit();
    this.#sharpen();
  }

  /**
   * Paused on a frame computed at reduced detail, or one after which the worker trained ahead:
   * the session's weights again at full detail (no step).
   */
  #sharpen(): void {
    if (this.playing || this.#inFlight || this.#queued > 0 || !this.#snapshot) return;
    if (!this.#reduced(this.#snapshot) && this.#snapshot.ahead === 0) return;
    void this.#request(0);
  }

  #reduced(snapshot: Snapshot): boolean {
    if (!this.#gridded()) return false;
    return snapshot.gridSize < this.#detail.full.neurons || snapshot.outputSize < this.#detail.full.output;
  }

  /** n minibatch steps (default: one epoch) while paused or playing. */
  async step(n?: number): Promise<void> {
    if (this.#refuseWithoutData()) return;
    await this.#request(n ?? this.#stepsPerEpoch());
  }

  async reset(): Promise<void> {
    if (this.#loading) await this.#loading;
    if (this.#refuseWithoutData() || !this.#info) return;
    const generation = this.#generation;
    try {
      await this.#call('reset', this.#store.get().seed);
      if (generation !== this.#generation) return;
      this.#run.begin();
      // A link's weights are where its run starts: Reset goes back to them.
      await this.#applyLinkedWeights(this.#store.get().weights, generation);
      await this.#request(0);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** New learning rate or regularization for the running session: same weights, same history. */
  async #retune(state: Readonly<State>): Promise<void> {
    if (!this.#info) return;
    try {
      await this.#call('setHyperparameters', hyperparameters(state));
      if (!this.playing) await this.#request(0);
    } catch (error) {
      this.#fail(error);
    }
  }

  #refuseWithoutData(): boolean {
    if (this.#noData === null) return false;
    this.#errors.emit(this.#noData);
    return true;
  }

  #stepsPerEpoch(): number {
    return stepsPerEpoch(this.#info, this.#store.get().batchSize);
  }

  // A playing frame: it shows the oldest result that is ready (one a frame), then asks for more.
  // A frame that finds none while a request is out shows no new result (early in a run a
  // frame's steps come in several requests: that is not the machine being slow).
  #frame(now: number): void {
    const shown = this.#showReady();
    const busy = this.#inFlight || this.#queued > 0;
    if (this.#detail.frame(now, !shown && busy && !youngRun(this.#run.history.step.length)) && !shown) this.#emit();
    this.#kick();
  }

  /**
   * Requests for the frames to come. Early in a run, and in slow motion, one at a time: a frame's
   * steps in parts, each shown when it comes. Then pipelined: results wait in #ready and each
   * frame shows one, and a request goes out for every result shown, PIPELINE kept between the
   * worker and the page. So up to two results are spare: replies that come a frame or two late
   * (the worker shares its core with the page's drawing; on the project machine one in ten
   * comes over 25 ms after its request, one in a hundred over 40) are covered by them, and the
   * page still shows a new result every frame, at the price of two frames' delay (33 ms) on the
   * training's picture. (With one spare, 0.97-0.99 new results a frame at the largest network;
   * with two, 0.99-1.00.)
   */
  #kick(): void {
    if (this.#inFlight || this.#recovery || !this.#info || !this.#loop.running) return;
    const perFrame = this.#stepsPerEpoch() * this.#store.get().speed;
    const points = this.#run.history.step.length;
    if (youngRun(points) || perFrame < 1) {
      if (this.#queued > 0 || this.#ready.length > 0 || !this.#loop.claim()) return;
      const { steps, parts } = this.#loop.plan(perFrame, points);
      if (steps > 0) void this.#request(steps, parts).then(() => this.#kick());
      return;
    }
    while (this.#queued + this.#ready.length < PIPELINE) void this.#pipelined(this.#loop.plan(perFrame, points).steps);
  }

  /** A playing frame's request, its result kept in #ready for a frame to show. */
  async #pipelined(steps: number): Promise<void> {
    const generation = this.#generation;
    this.#queued++;
    try {
      const grids = this.#gridded() ? this.#detail.grids : NO_GRIDS;
      const snapshot = this.#run.place(await this.#call('frame', steps, grids, this.#detail.trainingBudget));
      if (generation !== this.#generation) return;
      this.#detail.cost(snapshot.cost.grids);
      this.#ready.push(snapshot, generation);
      // Paused meanwhile, or diverged (the engine takes no more steps): shown now, with any before it.
      if (!this.playing || snapshot.metrics.diverged) {
        this.#loop.stop();
        this.#takeReady();
        this.#emit();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#queued--;
    }
    this.#sharpen();
  }

  /** Shows the oldest ready result of this session; false when there is none. */
  #showReady(): boolean {
    const next = this.#ready.next(this.#generation);
    if (!next) return false;
    this.#snapshot = next;
    this.#run.record(next);
    this.#emit();
    return true;
  }

  /** Every ready result into the history, in order, the last one as the current snapshot (not emitted). */
  #takeReady(): void {
    for (const snapshot of this.#ready.drain(this.#generation)) {
      this.#snapshot = snapshot;
      this.#run.record(snapshot);
    }
  }

  /** A call for this session (its id added) once any restore after a restart is over, so that it meets the restored session. */
  async #call<M extends Method>(method: M, ...args: SessionArgs<M>): Promise<ReturnType<WorkerApi[M]>> {
    while (this.#recovery) await this.#recovery;
    return this.#bridge.call(method, ...([this.#options.id, ...args] as unknown as Parameters<WorkerApi[M]>));
  }

  /**
   * The worker died and a new one runs: this session again there, from the state and the last
   * parameters, the run going on from its step with its history (still playing if it was).
   * Without a run to go on from (none yet, a rebuild under way, a diverged run) it is built anew.
   */
  async #recover({ reason, restarted }: RestartEvent): Promise<void> {
    const generation = ++this.#generation; // the dead worker's replies will not come
    if (!restarted) {
      this.#loop.stop();
      this.#errors.emit(reason);
      return;
    }
    if (this.#noData !== null) return;
    const state = this.#store.get();
    const last = this.#run.last;
    if (!last || !this.#built || !sameSession(this.#built, state) || !last.parameters.every(Number.isFinite)) {
      if (await this.rebuild(state)) this.#restored.emit(`The engine stopped (${reason}); it was restarted and the network built again from its settings.`);
      return;
    }
    let done = () => {};
    const recovery = (this.#recovery = new Promise<void>((resolve) => (done = resolve)));
    try {
      const info = await restoreSession(this.#bridge, this.#options.id, state, last.parameters, () => generation === this.#generation);
      if (generation !== this.#generation) return;
      this.#info = info;
      this.#built = state;
      // The new session counts from 0: the run's own count goes on from the last step.
      this.#run.continueAt(last);
      this.#recovery = null;
      await this.#request(0);
      this.#restored.emit(`The engine stopped (${reason}); it was restarted and your network restored at step ${last.metrics.step}.`);
    } catch (error) {
      this.#fail(error);
    } finally {
      if (this.#recovery === recovery) this.#recovery = null;
      done();
    }
  }

  /**
   * `steps` minibatch steps in `parts` requests; all but the last skip the grids and only add
   * history points. While playing, the last one's steps stop at the detail's training budget.
   */
  async #request(steps: number, parts = 1): Promise<void> {
    if (!this.#info) return;
    const generation = this.#generation;
    this.#inFlight = true;
    try {
      let left = steps;
      for (let k = parts; k > 1; k--) {
        const part = Math.round(left / k);
        left -= part;
        const snapshot = this.#run.place(await this.#call('frame', part, NO_GRIDS));
        if (generation !== this.#generation) return;
        this.#takeReady(); // (pipelined results sent before this request are older: recorded first)
        this.#run.record(snapshot);
        if (snapshot.metrics.diverged) break; // the engine takes no more steps; the last request draws it
      }
      // Paused, a step or an edit is drawn at full detail: the machine has the time.
      const grids = !this.#gridded() ? NO_GRIDS : this.playing ? this.#detail.grids : this.#detail.full;
      const budget = this.playing ? this.#detail.trainingBudget : undefined;
      const snapshot = this.#run.place(await this.#call('frame', left, grids, budget));
      if (generation !== this.#generation) return;
      this.#detail.cost(snapshot.cost.grids);
      this.#takeReady();
      this.#snapshot = snapshot;
      this.#run.record(snapshot);
      if (snapshot.metrics.diverged) this.#loop.stop();
      this.#emit();
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#inFlight = false;
    }
    this.#sharpen(); // a reply that came after a pause
  }

  /** The plane's networks are drawn over the input square; a real data set's inputs are no square (no grids). */
  #gridded(): boolean {
    return this.#info?.data !== null;
  }

  #emit(): void {
    if (!this.#info || !this.#snapshot) return;
    const frame: Frame = {
      info: this.#info, snapshot: this.#snapshot, history: this.#run.history, playing: this.playing,
      reduced: this.#reduced(this.#snapshot),
    };
    this.#frames.emit(frame);
  }

  #fail(error: unknown): void {
    // The worker died under this call: the restart's restore (#recover) speaks for it.
    if (error instanceof EngineStoppedError) return;
    const message = error instanceof Error ? error.message : String(error);
    this.#loop.stop();
    this.#errors.emit(message);
  }
}
