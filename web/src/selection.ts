// Which training example the step-through follows. The output plot sets it (a click on a point
// in step mode) and draws its ring; the step-through panel sets it ("Next example") and traces
// it. It is UI state, not in the URL. There is one per store, i.e. per playground on the page:
// the two views find it through the store they already share, so neither main.ts nor the
// view Context needs to know about it, and nothing is global.
import type { Store } from './store';

export interface ExampleSelection {
  /** Row of the chosen example in the training data (trainPoints / trainInputs), or -1 for none yet. */
  get(): number;
  set(index: number): void;
  subscribe(listener: (index: number) => void): () => void;
}

function createExampleSelection(): ExampleSelection {
  let index = -1;
  const listeners = new Set<(index: number) => void>();
  return {
    get: () => index,
    set(next) {
      if (!Number.isInteger(next) || next === index) return;
      index = next;
      for (const listener of [...listeners]) listener(index);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const selections = new WeakMap<Store, ExampleSelection>();

/** The example selection of the playground that owns `store` (created on first use). */
export function exampleSelection(store: Store): ExampleSelection {
  let selection = selections.get(store);
  if (!selection) {
    selection = createExampleSelection();
    selections.set(store, selection);
  }
  return selection;
}
