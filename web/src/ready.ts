// The playing results that came back from the worker and wait for a frame to show them
// (trainer.ts pipelines its requests: up to PIPELINE results between the worker and the page).
// Each carries the session's generation it was asked in; a rebuild or a restart bumps the
// generation, and results of an older one are dropped here, never shown or recorded.

/** Results in the order they came, each with its generation. */
export class ReadyResults<T> {
  #items: { result: T; generation: number }[] = [];

  get length(): number {
    return this.#items.length;
  }

  push(result: T, generation: number): void {
    this.#items.push({ result, generation });
  }

  /** The oldest result of `generation` (those before it of another generation dropped), or null. */
  next(generation: number): T | null {
    let item;
    while ((item = this.#items.shift()) && item.generation !== generation);
    return item ? item.result : null;
  }

  /** Every result of `generation`, oldest first; none left after. */
  drain(generation: number): T[] {
    return this.#items.splice(0).filter((item) => item.generation === generation).map((item) => item.result);
  }
}
