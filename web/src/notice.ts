// The dismissable notice at the top: what the link (or a script) asked for that could not be
// used, and why. Text only: nothing from a URL is ever inserted as HTML.

export interface Notice {
  show(title: string, problems: readonly string[]): void;
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
  const hide = () => {
    element.hidden = true;
    element.replaceChildren();
  };
  return {
    show(title, problems) {
      if (problems.length === 0) return;
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
    hide,
  };
}
