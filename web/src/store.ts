// One typed state, changed only through dispatch; everything else subscribes. Listeners get
// the new state and the set of keys that changed, so each can ignore what is not its business.
import { checkPartial, type State } from './state';

export interface DispatchOptions {
  /** Past locks: the host page loading a configuration (never the reader). */
  force?: boolean;
  /** The host page's script, not the reader (embeds tell their host only the reader's changes). */
  host?: boolean;
}

/** Listeners also hear how the change was made: `byReader(how)` tells the reader's apart. */
export type Listener = (state: Readonly<State>, changed: ReadonlySet<keyof State>, how: Readonly<DispatchOptions>) => void;

export interface Store {
  get(): Readonly<State>;
  /**
   * Applies the valid part of `partial`; returns the problems with the rest (never throws).
   * Changes to locked keys are refused unless `force` (the host page loading a configuration).
   */
  dispatch(partial: Partial<State>, options?: DispatchOptions): string[];
  subscribe(listener: Listener): () => void;
}

/** A change the reader made in the playground's controls (not the host's, nor a forced one). */
export function byReader(how: Readonly<DispatchOptions>): boolean {
  return !how.force && !how.host;
}

export function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

export function createStore(initial: State): Store {
  let state: State = { ...initial };
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    dispatch(partial, options = {}) {
      const { changes, problems } = checkPartial(partial);
      // A locked control shows its value but cannot change it; only the host page (load, or
      // dispatch with { force: true }) changes locked settings.
      if (!options.force) {
        for (const key of Object.keys(changes) as (keyof State)[]) {
          if (state.locked.includes(key) && !same(state[key], changes[key])) {
            delete changes[key];
            problems.push(`'${key}' is locked on this page`);
          }
        }
      }
      const changed = new Set<keyof State>();
      for (const [key, value] of Object.entries(changes) as [keyof State, unknown][]) {
        if (!same(state[key], value)) changed.add(key);
      }
      if (changed.size > 0) {
        state = { ...state, ...changes };
        for (const listener of [...listeners]) listener(state, changed, options);
      }
      return problems;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
