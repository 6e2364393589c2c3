// One panel, a view per kind of input (web/src/data/sources.ts): the plane's networks are
// drawn over the input square, a real data set's images as images. The panel holds the view of
// the data in use and replaces it, destroying the old one, when the data changes kind.
import type { InputKind } from '../data/sources';
import { sourceIn } from '../problems';
import type { Context, View } from '../view';

export type ViewFactory<T extends unknown[] = []> = (container: HTMLElement, context: Context, ...rest: T) => View;

export function byKind<T extends unknown[]>(views: Record<InputKind, ViewFactory<T> | null>): ViewFactory<T> {
  return (container, context, ...rest) => {
    let kind: InputKind | null = null;
    let view: View | null = null;
    let holder: HTMLElement | null = null;
    return {
      render(state, frame) {
        const next = sourceIn(state).kind;
        if (next !== kind) {
          view?.destroy();
          holder?.remove();
          kind = next;
          const factory = views[next];
          holder = factory ? document.createElement('div') : null;
          if (holder) {
            holder.className = `kind-view is-${next}`;
            container.append(holder);
          }
          view = factory && holder ? factory(holder, context, ...rest) : null;
        }
        view?.render(state, frame);
      },
      destroy() {
        view?.destroy();
        holder?.remove();
        view = holder = null;
      },
    };
  };
}
