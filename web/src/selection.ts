// Which training example the step-through follows. The output plot sets it (a click on a point
// in step mode) and draws its ring; the step-through panel sets it ("Next example") and traces
// it. It is UI state, not in the URL. There is one per store, i.e. per playground on the page:
// the two views find it through the store they already share, so neither main.ts nor the
// view Context needs to know about it, and nothing is global.
import { createChannel, perStore, type Channel } from './channel';

/** Row of the chosen example in the training data (trainPoints / trainInputs), or -1 for none yet. */
export type ExampleSelection = Channel<number>;

/** The example selection of the playground that owns a store (created on first use). */
export const exampleSelection = perStore<ExampleSelection>(() => {
  const channel = createChannel(-1);
  // Only whole row numbers are examples.
  return {
    ...channel,
    set(next) {
      if (Number.isInteger(next)) channel.set(next);
    },
  };
});
