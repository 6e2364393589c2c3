// What every view and control module looks like: create(container, context) returns a View
// whose render() the page calls at most once per animation frame, when something changed.
// Views only draw; user actions go through context.store.dispatch or context.actions.
import type { State } from './state';
import type { Store } from './store';
import type { Frame } from './trainer';

export interface Actions {
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  /** Set one parameter by its flat index into [W0 b0 W1 b1 ...]. */
  setParameter(index: number, value: number): void;
  /** Show a short message to the user (an error, a refused value). */
  notify(message: string): void;
}

export interface Context {
  store: Store;
  actions: Actions;
}

export interface View {
  render(state: Readonly<State>, frame: Frame | null): void;
}

export type ViewFactory = (container: HTMLElement, context: Context) => View;
