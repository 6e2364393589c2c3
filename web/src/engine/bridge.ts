// The page's one way to the engine worker: call(method, ...args) returns a promise of the
// method's result; a failure in the worker rejects with an Error carrying its message.
import type { Method, Reply, Request, WorkerApi } from './protocol';

export interface Bridge {
  call<M extends Method>(method: M, ...args: Parameters<WorkerApi[M]>): Promise<ReturnType<WorkerApi[M]>>;
  terminate(): void;
}

/** The typed RPC over any worker that runs engine/worker.ts. */
export function bridgeOf(worker: Worker): Bridge {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.call);
    if (!waiting) return;
    pending.delete(reply.call);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.result);
  };
  worker.onerror = (event) => {
    const error = new Error(`the engine worker failed: ${event.message || 'unknown error'}`);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  return {
    call(method, ...args) {
      const call = next++;
      const request: Request = { call, method, args } as Request;
      return new Promise((resolve, reject) => {
        pending.set(call, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage(request);
      });
    },
    terminate: () => worker.terminate(),
  };
}

export function startEngineWorker(): Bridge {
  return bridgeOf(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
}

let shared: Bridge | null = null;

/** One engine worker for the whole page: every playground on it keeps its session there. */
export function sharedEngineWorker(): Bridge {
  shared ??= startEngineWorker();
  return shared;
}
