// One typed state, changed only through dispatch; everything else subscribes. Listeners get
// the new state and the set of keys that changed, so each can ignore what is not its business.
import { checkPartial, type State } from './state';

export type Listener = (state: Readonly<State>, changed: ReadonlySet<keyof State>) => void;

export interface Store {
  get(): Readonly<State>;
  /** Applies the valid part of `partial`; returns the problems with the rest (never throws). */
  dispatch(partial: Partial<State>): string[];
  subscribe(listener: Listener): () => void;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

export function createStore(initial: State): Store {
  let state: State = { ...initial };
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    dispatch(partial) {
      const { changes, problems } = checkPartial(partial);
      const changed = new Set<keyof State>();
      for (const [key, value] of Object.entries(changes) as [keyof State, unknown][]) {
        if (!same(state[key], value)) changed.add(key);
      }
      if (changed.size > 0) {
        state = { ...state, ...changes };
        for (const listener of [...listeners]) listener(state, changed);
      }
      return problems;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
