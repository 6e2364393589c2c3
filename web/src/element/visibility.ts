// "Is this element worth training right now?": on screen (IntersectionObserver) and in a
// visible tab (visibilitychange). A tutorial page with eight playgrounds trains only the ones
// the reader is looking at.

/** Calls `onChange(visible)` whenever either condition changes; returns the stop function. */
export function watchVisibility(target: Element, onChange: (visible: boolean) => void): () => void {
  let inView = false;
  const report = () => onChange(inView && document.visibilityState !== 'hidden');
  let observer: IntersectionObserver | null = null;
  if (typeof IntersectionObserver === 'function') {
    // The first callback arrives right after observe() with the element's current position.
    observer = new IntersectionObserver((entries) => {
      inView = entries[entries.length - 1].isIntersecting;
      report();
    });
    observer.observe(target);
  } else {
    inView = true; // no way to know: behave as if on screen
    queueMicrotask(report);
  }
  document.addEventListener('visibilitychange', report);
  return () => {
    observer?.disconnect();
    document.removeEventListener('visibilitychange', report);
  };
}
