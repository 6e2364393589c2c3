// "Reset to this setup": the configuration an author gave an embed or an element, and the
// reader's way back to it. The author's setup is what the host page gave: the embed URL (hash,
// locked=, hide=) or the element's attributes, then every host `load` (or `config` change).
// The reader's changes are not part of it, and neither is a host's `set`: that changes a
// setting as the reader would, so going back to the setup undoes it too. The button is in
// reset-setup.ts.
import { Listeners } from '../listeners';
import { sessionDiffers } from '../model';
import type { Playground } from '../playground';
import { keys, type State } from '../state';
import { same } from '../store';

/** Everything a setup is compared on: the table's properties and the locked and hidden lists. */
const COMPARED: readonly (keyof State)[] = [...keys, 'hidden', 'locked'];

export interface AuthorSetup {
  /** From now on the author's setup is this whole state (the start, a host's load of a hash). */
  replace(state: Readonly<State>): void;
  /** The host loaded these properties: they join the author's setup. */
  merge(partial: Partial<State>): void;
  /** Has the playground moved away from the author's setup (a setting, the points, the weights given)? */
  differs(state: Readonly<State>): boolean;
  /**
   * Back to the author's setup: every setting, the points and any weights the author gave, and
   * a fresh run from step 0 (Reset alone only draws new weights). Resolves with the keys it changed.
   */
  restore(playground: Playground): Promise<(keyof State)[]>;
  /** Called after replace and merge (the button's visibility depends on them too). */
  subscribe(listener: () => void): () => void;
}

export function createAuthorSetup(initial: Readonly<State>): AuthorSetup {
  let setup = structuredClone(initial) as State;
  const listeners = new Listeners<void>();
  const changed = () => listeners.emit();
  return {
    replace(state) {
      setup = structuredClone(state) as State;
      changed();
    },
    merge(partial) {
      const next = { ...setup, ...structuredClone(partial) };
      // As in the trainer: given weights belong to their network and data, so a load of a new
      // network or data set without weights leaves the setup without them.
      if (sessionDiffers(next, setup) && partial.weights === undefined) next.weights = '';
      setup = next;
      changed();
    },
    differs: (state) => COMPARED.some((key) => !same(state[key], setup[key])),
    async restore(playground) {
      const restored = new Set<keyof State>();
      const stop = playground.store.subscribe((_, keys) => keys.forEach((key) => restored.add(key)));
      // Forced: the author's locked settings come back too (a host script may have moved them).
      playground.store.dispatch(structuredClone(setup), { force: true });
      stop();
      // A changed network or data set is rebuilt by the dispatch; the reset also covers a setup
      // whose settings the reader kept but trained on: its seeded (or given) weights, step 0.
      await playground.reset();
      return [...restored].sort();
    },
    subscribe: (listener) => listeners.add(listener),
  };
}
