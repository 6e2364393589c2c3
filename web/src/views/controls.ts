// Placeholder: replaced by the real view.
import type { Context, View } from '../view';

export function createControls(container: HTMLElement, context: Context): View {
  void context;
  const p = document.createElement('p');
  container.append(p);
  return {
    render(state, frame) {
      p.textContent = frame ? `step ${frame.snapshot.metrics.step}, test loss ${frame.snapshot.metrics.testLoss.toFixed(3)}` : 'loading...';
      void state;
    },
  };
}
