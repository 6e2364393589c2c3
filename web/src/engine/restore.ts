// After the engine worker died and a new one started (bridge.ts): a playground's session built
// again there, from its state and the parameters its run had reached, so the run goes on.
import { networkConfig, sessionData, SESSION_KEYS } from '../model';
import type { State } from '../state';
import type { Bridge } from './bridge';
import type { SessionInfo } from './protocol';

/** The state a session was built from still asks for that session (no rebuild was under way). */
export function sameSession(built: Readonly<State>, now: Readonly<State>): boolean {
  return [...SESSION_KEYS, 'weights' as const].every((k) => JSON.stringify(built[k]) === JSON.stringify(now[k]));
}

/**
 * The same network on the same data (both follow from the state and its seed), then the last
 * parameters; the optimizer's moments start again from zero. `current` is false once the
 * playground has moved on (a rebuild), and then the parameters are not written.
 */
export async function restoreSession(
  bridge: Bridge, id: number, state: Readonly<State>, parameters: Float32Array, current: () => boolean,
): Promise<SessionInfo> {
  const { data, loaded } = await sessionData(state); // (a file, when one, was loaded for the session before)
  const info = await bridge.call('create', id, networkConfig(state), data);
  if (current()) await bridge.call('setParameters', id, Array.from(parameters));
  return { ...info, loaded };
}
