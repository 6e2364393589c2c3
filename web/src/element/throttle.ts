// At most one call per `interval` ms, always ending with the latest value: a host listening to
// 'progress' sees the training move about four times a second and never misses the last state.

export interface Throttle<T> {
  push(value: T): void;
  cancel(): void;
}

export function throttle<T>(interval: number, deliver: (value: T) => void): Throttle<T> {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | null = null;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = performance.now();
    deliver(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + interval - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
