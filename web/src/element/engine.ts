// The engine connection of every <backprop-playground> on a page: the page's one shared worker
// (engine/bridge.ts), seen through a wrapper that notes which session ids were created, so
// sessionsInEngine() can ask the worker which of them it still holds. That is the test hook
// that proves a removed element frees its session.
import { sharedEngineWorker, type Bridge } from '../engine/bridge';

// Per page, like the worker itself: the ids any element's playground created there.
const created = new Set<number>();
let counted: Bridge | null = null;

export function elementBridge(): Bridge {
  if (counted) return counted;
  const inner = sharedEngineWorker();
  counted = {
    call(method, ...args) {
      if (method === 'create') created.add(args[0] as number);
      return inner.call(method, ...args);
    },
    onRestart: (listener) => inner.onRestart(listener),
    terminate: () => inner.terminate(),
    hook: inner.hook,
  };
  return counted;
}

/** How many of the created sessions the worker still holds (a freed one answers "no session"). */
export async function sessionsInEngine(): Promise<number> {
  const bridge = elementBridge();
  const answers = await Promise.allSettled([...created].map((id) => bridge.call('parameters', id)));
  return answers.filter((answer) => answer.status === 'fulfilled').length;
}
