// Placeholder: replaced by the real view.
import type { Context, View } from '../view';

export function createStepThrough(container: HTMLElement, context: Context): View {
  void context;
  container.hidden = true;
  return { render() {} };
}
