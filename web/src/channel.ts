// A value the views of one playground share outside the URL state (the step-through's example,
// the embed's highlight): get, set, subscribe. perStore keeps one per store, i.e. per playground
// on the page, found through the store the views already share; nothing is global.
import { Listeners } from './listeners';
import type { Store } from './store';

export interface Channel<T> {
  get(): T;
  /** Notifies the listeners unless `next` equals the current value. */
  set(next: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createChannel<T>(initial: T, equal: (a: T, b: T) => boolean = Object.is): Channel<T> {
  let value = initial;
  const listeners = new Listeners<T>();
  return {
    get: () => value,
    set(next) {
      if (equal(next, value)) return;
      value = next;
      listeners.emit(value);
    },
    subscribe: (listener) => listeners.add(listener),
  };
}

/** `make()` once per store: the returned function finds (or creates) a store's instance. */
export function perStore<T>(make: () => T): (store: Store) => T {
  const instances = new WeakMap<Store, T>();
  return (store) => {
    let instance = instances.get(store);
    if (instance === undefined) {
      instance = make();
      instances.set(store, instance);
    }
    return instance;
  };
}
