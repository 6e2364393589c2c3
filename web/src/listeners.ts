// A set of listeners for one kind of event: add() returns the function that removes the
// listener; emit() calls every listener added so far (a copy of the set, so a listener may
// remove itself or add another while it runs).
export class Listeners<T> {
  #set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) listener(value);
  }
}
