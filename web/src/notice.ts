// The notices at the top: what the link (or a script) asked for that could not be used, and why.
// Text only: nothing from a URL is ever inserted as HTML. Notices accumulate (a link with a bad
// setting and bad weights gets both), each with its own Dismiss; the same notice shown again
// replaces itself rather than stacking, and only the latest few stay. A notice that describes a
// condition ("needs at least one input feature", "is locked") carries it, and goes by itself
// once the condition is over: the playground rechecks it whenever it redraws (a change of the
// state, a frame from the engine).
import type { State } from './state';

/** At most this many notices at once: the oldest goes first (a loop of failures must not fill the page). */
export const MAX_NOTICES = 5;

export interface NoticeOptions {
  /** The condition the notice describes is over: it goes (checked at every redraw). */
  until?: (state: Readonly<State>) => boolean;
}

export interface Notice {
  /** Adds a notice below the others (the same title and items again: moved there, with the new condition); with no items, nothing. */
  show(title: string, problems: readonly string[], options?: NoticeOptions): void;
  /** The state changed or a frame came: each notice whose condition is over goes. */
  recheck(state: Readonly<State>): void;
  /** Every notice goes. */
  hide(): void;
}

/** A <ul> of plain-text items (never markup: they may come from a URL or a file). */
export function textList(items: readonly string[]): HTMLUListElement {
  const list = document.createElement('ul');
  for (const text of items) {
    const item = document.createElement('li');
    item.textContent = text;
    list.append(item);
  }
  return list;
}

interface Shown {
  item: HTMLElement;
  until: NoticeOptions['until'];
}

export function createNotice(element: HTMLElement): Notice {
  // In the order shown; keyed by what they say, so a repeat replaces its twin.
  const shown = new Map<string, Shown>();
  const remove = (key: string) => {
    shown.get(key)?.item.remove();
    shown.delete(key);
    element.hidden = shown.size === 0;
  };
  return {
    show(title, problems, options = {}) {
      if (problems.length === 0) return;
      const key = JSON.stringify([title, problems]);
      remove(key);
      const item = document.createElement('div');
      item.className = 'notice-item';
      const body = document.createElement('div');
      const heading = document.createElement('strong');
      heading.textContent = title;
      body.append(heading, textList(problems));
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Dismiss';
      close.setAttribute('aria-label', 'Dismiss this notice');
      close.addEventListener('click', () => remove(key));
      item.append(body, close);
      element.append(item);
      shown.set(key, { item, until: options.until });
      while (shown.size > MAX_NOTICES) remove(shown.keys().next().value as string);
      element.hidden = false;
    },
    recheck(state) {
      for (const [key, { until }] of [...shown]) if (until?.(state)) remove(key);
    },
    hide() {
      shown.clear();
      element.replaceChildren();
      element.hidden = true;
    },
  };
}
