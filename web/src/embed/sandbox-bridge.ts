// The engine worker for a sandboxed frame (sandbox="allow-scripts", origin "null"), used by the
// classic build of the embed (sandboxed.ts). Such a page may not start a worker from a URL, and
// the worker could not fetch the .wasm without CORS headers; so the worker's code comes inlined
// (a Blob URL) and carries the WebAssembly with it (the build inlines it; see vite.config.ts).
// The calls are the same typed RPC as engine/bridge.ts.
import { bridgeOf, type Bridge } from '../engine/bridge';
import EngineWorker from '../engine/worker.ts?worker&inline';

export function startInlinedEngineWorker(): Bridge {
  return bridgeOf(() => new EngineWorker());
}
