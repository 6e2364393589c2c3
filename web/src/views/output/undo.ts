// A bounded undo history: what each edit replaced, and what each undo took back. Pure and
// generic (no DOM, no store): point-history.ts keeps the data the network trains on in it.

export interface UndoHistory<T> {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** An edit replaced `before`: it can be undone; what was undone can no longer be redone. */
  record(before: T): void;
  /** The value to go back to, given the value now (kept for redo); null if there is none. */
  undo(present: T): T | null;
  /** The value an undo took back, given the value now (kept for undo); null if there is none. */
  redo(present: T): T | null;
}

/** The oldest edits are forgotten past `limit` (a point list may hold 6,000 numbers). */
export function createUndoHistory<T>(limit: number): UndoHistory<T> {
  const past: T[] = [];
  const future: T[] = [];
  const push = (stack: T[], value: T) => {
    stack.push(value);
    if (stack.length > limit) stack.shift();
  };
  return {
    get canUndo() {
      return past.length > 0;
    },
    get canRedo() {
      return future.length > 0;
    },
    record(before) {
      push(past, before);
      future.length = 0;
    },
    undo(present) {
      const value = past.pop();
      if (value === undefined) return null;
      push(future, present);
      return value;
    },
    redo(present) {
      const value = future.pop();
      if (value === undefined) return null;
      push(past, present);
      return value;
    },
  };
}
