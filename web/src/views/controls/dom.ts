// Small DOM builders shared by the control bar and the data panel. Text goes in through
// textContent only: nothing built here ever parses HTML, so a value from a link cannot inject any.

import type { State } from '../../state';
import type { Context } from '../../view';

const SVG = 'http://www.w3.org/2000/svg';

/** Material-style 24×24 icon paths (drawn, not fetched: the page works offline). */
export const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 19h4V5H6v14zm8-14v14h4V5h-4z',
  step: 'M6 18l8.5-6L6 6v12zM16 6v12h2V6h-2z',
  reset: 'M12 5V1L7 6l5 5V7c3.31 0 6 2.69 6 6s-2.69 6-6 6-6-2.69-6-6H4c0 4.42 3.58 8 8 8s8-3.58 8-8-3.58-8-8-8z',
  regenerate:
    'M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.73 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
  dice:
    'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zM7.5 18a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm0-9a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm4.5 4.5a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm4.5 4.5a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm0-9a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3z',
} as const;

export type IconName = keyof typeof ICONS;

/** An inline SVG icon of a 24×24 path, hidden from assistive technology (its button carries the name). */
export function svgIcon(d: string, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add(className);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/** One of the control bar's icons. */
export function icon(name: IconName): SVGSVGElement {
  return svgIcon(ICONS[name], 'icon');
}

/** Points the icon of `svg` at another path (play ↔ pause) without rebuilding it. */
export function setIcon(svg: SVGSVGElement, name: IconName): void {
  svg.firstElementChild?.setAttribute('d', ICONS[name]);
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, className?: string, text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(className: string, label: string, title: string, iconName?: IconName): HTMLButtonElement {
  const node = element('button', className);
  node.type = 'button';
  node.setAttribute('aria-label', label);
  node.title = title;
  if (iconName) node.append(icon(iconName));
  return node;
}

/** Ids for label/description links; unique per page without a module-level counter. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

/** A fresh random seed, as TensorFlow Playground's "regenerate" does. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Shows or hides each element by whether its control name is in `state.hidden`
 * (`<name>_hide=true` in the link); an element listed under several names hides for any. Returns a function that only touches the DOM when the
 * list changed.
 */
export function hider(entries: readonly (readonly [names: string | readonly string[], node: HTMLElement])[]): (hidden: readonly string[]) => void {
  let last = '';
  return (hidden) => {
    const key = hidden.join(',');
    if (key === last) return;
    last = key;
    for (const [names, node] of entries) {
      node.hidden = (typeof names === 'string' ? [names] : names).some((name) => hidden.includes(name));
    }
  };
}

/**
 * Dispatches a change; anything the store refuses is shown to the user, never dropped silently.
 * A refusal because of locks lasts while they do: the notice goes when the page unlocks them.
 */
export function dispatcher({ store, actions }: Context): (partial: Partial<State>) => void {
  return (partial) => {
    const refused = Object.keys(partial).filter((key) => store.get().locked.includes(key));
    const problems = store.dispatch(partial);
    if (problems.length === 0) return;
    actions.notify(problems.join('; '), refused.length > 0 ? (state) => refused.every((key) => !state.locked.includes(key)) : undefined);
  };
}

/** A polite live region, not shown: what a view says to screen readers (a pressed cell's count). */
export function statusRegion(): HTMLDivElement {
  const live = element('div', 'visually-hidden');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  return live;
}
