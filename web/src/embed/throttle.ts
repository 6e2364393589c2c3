// At most one call per interval, and the last value always goes out: a burst of frames becomes
// a few progress events, the final numbers included (a trailing call after the burst).
export interface Throttle<T> {
  push(value: T): void;
  /** Drops anything waiting (the frame is going away). */
  cancel(): void;
}

export function throttle<T>(interval: number, send: (value: T) => void, now: () => number = () => performance.now()): Throttle<T> {
  let last = -Infinity;
  let waiting: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    if (!waiting) return;
    const { value } = waiting;
    waiting = null;
    last = now();
    send(value);
  };
  return {
    push(value) {
      waiting = { value };
      if (timer !== null) return;
      const wait = last + interval - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}
