// The dismissable notice at the top: what the link (or a script) asked for that could not be
// used, and why. Text only: nothing from a URL is ever inserted as HTML. A notice that describes
// a condition ("needs at least one input feature", "is locked") carries it, and goes by itself
// once the condition is over: the playground rechecks it whenever it redraws (a change of the
// state, a frame from the engine).
import type { State } from './state';

export interface NoticeOptions {
  /** The condition the notice describes is over: it goes (checked at every redraw). */
  until?: (state: Readonly<State>) => boolean;
}

export interface Notice {
  /** Replaces the notice; with no items, the current one stays. */
  show(title: string, problems: readonly string[], options?: NoticeOptions): void;
  /** The state changed or a frame came: a notice whose condition is over goes. */
  recheck(state: Readonly<State>): void;
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

export function createNotice(element: HTMLElement): Notice {
  let until: NoticeOptions['until'] = undefined;
  const hide = () => {
    until = undefined;
    element.hidden = true;
    element.replaceChildren();
  };
  return {
    show(title, problems, options = {}) {
      if (problems.length === 0) return;
      until = options.until;
      const body = document.createElement('div');
      const heading = document.createElement('strong');
      heading.textContent = title;
      body.append(heading, textList(problems));
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Dismiss';
      close.setAttribute('aria-label', 'Dismiss this notice');
      close.addEventListener('click', hide);
      element.replaceChildren(body, close);
      element.hidden = false;
    },
    recheck(state) {
      if (until?.(state)) hide();
    },
    hide,
  };
}
