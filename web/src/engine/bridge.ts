// The page's one way to the engine worker: call(method, ...args) returns a promise of the
// method's result; a failure in the worker rejects with an Error carrying its message.
//
// A worker can die: an uncaught error, a WebAssembly trap that leaves the module's memory in
// doubt, a terminate() by someone else, or a hang (a call that never returns). None of these
// may freeze the page. The bridge watches for them (the error event, a reply flagged fatal, and
// a watchdog: calls waiting and not a word from the worker for REPLY_TIMEOUT ms), rejects every
// waiting call with an EngineStoppedError, starts a new worker and tells its restart listeners
// (each trainer then rebuilds its session there). A worker that keeps dying is given up on.
import { Listeners } from '../listeners';
import type { Method, Reply, Request, WorkerApi } from './protocol';

/** Calls waiting and no message from the worker for this long: it is taken for dead. */
export const REPLY_TIMEOUT = 5000;
/** A new worker still compiles the engine before its first reply: it gets this long. */
export const STARTUP_TIMEOUT = 20_000;
/** More deaths than this within RESTART_WINDOW ms and no new worker is started. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW = 60_000;

/** Why a call got no answer: the worker died (and was restarted, unless `restarted` is false). */
export class EngineStoppedError extends Error {
  override name = 'EngineStoppedError';
}

export interface RestartEvent {
  /** What happened, in words ("it did not answer for 5 s"). */
  reason: string;
  /** A new worker runs (false: it stopped too often and was given up on; `reason` says so). */
  restarted: boolean;
}
export type RestartListener = (event: RestartEvent) => void;

/** What a test may see of the connection: the current worker (to terminate it) and how often it was replaced. */
export interface EngineHook {
  readonly worker: Worker;
  readonly restarts: number;
}

export interface Bridge {
  call<M extends Method>(method: M, ...args: Parameters<WorkerApi[M]>): Promise<ReturnType<WorkerApi[M]>>;
  /** After a worker died: a new one runs (every session is gone) or none will. */
  onRestart(listener: RestartListener): () => void;
  terminate(): void;
  readonly hook: EngineHook;
}

interface Waiting {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** The typed RPC over workers that run engine/worker.ts, each made by `start`, replaced when one dies. */
export function bridgeOf(start: () => Worker): Bridge {
  const pending = new Map<number, Waiting>();
  const listeners = new Listeners<RestartEvent>();
  const deaths: number[] = [];
  let next = 0;
  let restarts = 0;
  let worker: Worker;
  let heard = false; // this worker has answered once (its engine is loaded)
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let heardAt = 0; // the worker's last word, or the call that ended a quiet time (Date.now ms)
  let dueAt = 0; // when the watchdog's timer fires
  let stopped: string | null = null; // why no worker runs any more

  const limit = () => (heard ? REPLY_TIMEOUT : STARTUP_TIMEOUT);
  // Calls waiting and no word for limit() ms: one timer looks at the clock when that could
  // first be true, and again then if the worker spoke meanwhile. A message only moves heardAt:
  // a playing page makes two a frame, and a timer set and cleared for each cost 0.2 ms a frame.
  // (Date.now, not performance.now: tests drive it with node:test's mock timers.)
  const watch = (ms: number) => {
    const setAt = Date.now();
    dueAt = setAt + ms;
    watchdog = setTimeout(() => {
      watchdog = undefined;
      if (pending.size === 0) return;
      const now = Date.now();
      // Fired far too late: the page's own thread was busy, and a reply may be queued behind
      // this timer. A second, short look before calling the worker dead.
      if (now - setAt > ms + 250) return watch(Math.min(limit(), 1000));
      const left = heardAt + limit() - now;
      if (left > 0) return watch(left);
      die(`it did not answer for ${Math.round(limit() / 1000)} s`);
    }, ms);
  };
  const hear = () => {
    heardAt = Date.now();
    if (pending.size === 0 || (watchdog !== undefined && dueAt <= heardAt + limit())) return;
    clearTimeout(watchdog); // (none, or a startup timer that would look too late)
    watch(limit());
  };

  const connect = () => {
    heard = false;
    worker = start();
    worker.onmessage = (event: MessageEvent<Reply>) => {
      heard = true;
      const reply = event.data;
      const waiting = pending.get(reply.call);
      if (waiting) {
        pending.delete(reply.call);
        if ('error' in reply) waiting.reject(reply.fatal ? new EngineStoppedError(`The engine stopped: ${reply.error}`) : new Error(reply.error));
        else waiting.resolve(reply.result);
      }
      if ('error' in reply && reply.fatal) die(`it failed (${reply.error})`);
      else hear();
    };
    worker.onerror = (event) => {
      event.preventDefault(); // handled here: not also an uncaught error of the page
      die(`it failed (${event.message || 'unknown error'})`);
    };
    worker.onmessageerror = () => die('a reply could not be read');
  };

  const die = (reason: string) => {
    clearTimeout(watchdog);
    watchdog = undefined;
    worker.onmessage = worker.onerror = worker.onmessageerror = null;
    worker.terminate();
    const waiting = [...pending.values()];
    pending.clear();
    const now = performance.now();
    deaths.push(now);
    while (deaths.length > 0 && now - deaths[0] > RESTART_WINDOW) deaths.shift();
    const restarted = deaths.length <= MAX_RESTARTS;
    if (restarted) {
      restarts++;
      connect();
    } else {
      stopped = `The engine stopped ${deaths.length} times within ${RESTART_WINDOW / 1000} s (last: ${reason}) and is not restarted again: reload the page`;
    }
    // Listeners first: a trainer marks itself as restoring before its waiting calls hear the news.
    const event = { reason: stopped ?? reason, restarted };
    listeners.emit(event);
    const error = new EngineStoppedError(stopped ?? `The engine stopped (${reason}); it was restarted`);
    for (const w of waiting) w.reject(error);
  };

  connect();
  return {
    call(method, ...args) {
      if (stopped !== null) return Promise.reject(new EngineStoppedError(stopped));
      const call = next++;
      const request: Request = { call, method, args } as Request;
      return new Promise((resolve, reject) => {
        pending.set(call, { resolve: resolve as (v: unknown) => void, reject });
        if (pending.size === 1) hear(); // the quiet time counts from here
        worker.postMessage(request);
      });
    },
    onRestart: (listener) => listeners.add(listener),
    terminate() {
      stopped = 'The engine was shut down';
      clearTimeout(watchdog);
      worker.terminate();
      const error = new EngineStoppedError(stopped);
      for (const w of pending.values()) w.reject(error);
      pending.clear();
    },
    hook: {
      get worker() {
        return worker;
      },
      get restarts() {
        return restarts;
      },
    },
  };
}

export function startEngineWorker(): Bridge {
  return bridgeOf(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
}

let shared: Bridge | null = null;

/** One engine worker for the whole page: every playground on it keeps its session there. */
export function sharedEngineWorker(): Bridge {
  shared ??= startEngineWorker();
  return shared;
}
