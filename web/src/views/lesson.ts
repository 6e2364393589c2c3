// The lesson panel above the controls. With a lesson in the state it shows the lesson's text,
// what to try, links to its variants and to the previous and next lesson, and a Close button;
// without one, a compact "Lessons" menu. Every way into a lesson is a plain link to its URL hash:
// the page already reads hash changes, a lesson can be opened in a new tab, and the address bar
// always holds the link to share.
import './lesson/lesson.css';
import { LESSONS, lessonById, type Lesson } from '../lessons';
import { LIVE_KEYS, SESSION_KEYS } from '../model';
import { parseHash, properties, type Key, type State } from '../state';
import type { Context, View } from '../view';

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The lesson's hash plus the reader's chosen theme and palette, so a lesson link does not switch them back. */
function hrefOf(hash: string, state: Readonly<State>): string {
  let href = hash;
  if (state.theme !== properties.theme.default) href += `&theme=${state.theme}`;
  if (state.palette !== properties.palette.default) href += `&palette=${state.palette}`;
  return href;
}

function link(className: string, text: string, hash: string, state: Readonly<State>): HTMLAnchorElement {
  const a = make('a', className, text);
  a.href = hrefOf(hash, state);
  return a;
}

// What makes a setup: the network, the data and how it trains (not the look or the view).
const SETUP_KEYS = [...SESSION_KEYS, ...LIVE_KEYS] as Key[];

/** The setup a hash describes, as comparable text. */
function setupOf(state: Readonly<State>): string {
  return SETUP_KEYS.map((key) => (properties[key] as { format(v: unknown): string }).format(state[key])).join('&');
}


interface Built {
  focusTarget: HTMLElement;
  /** Each variant's setup and its link. */
  variants: [string, HTMLAnchorElement][];
}

function buildMenu(container: HTMLElement, state: Readonly<State>): Built {
  const details = make('details', 'lesson-menu');
  const summary = make('summary', 'lesson-summary', 'Lessons');
  summary.setAttribute('aria-label', `Lessons: ${LESSONS.length} guided setups`);
  const list = make('ol', 'lesson-list');
  for (const lesson of LESSONS) {
    const item = make('li', 'lesson-item');
    item.append(link('lesson-item-link', lesson.title, lesson.hash, state), make('span', 'lesson-item-goal', lesson.goal));
    list.append(item);
  }
  details.append(summary, list);
  container.append(details);
  return { focusTarget: summary, variants: [] };
}

function buildLesson(container: HTMLElement, lesson: Lesson, state: Readonly<State>, close: () => void): Built {
  const at = LESSONS.indexOf(lesson);
  const card = make('section', 'lesson-card');
  const head = make('div', 'lesson-head');
  const titles = make('div', 'lesson-titles');
  const kicker = make('p', 'lesson-kicker', `Lesson ${at + 1} of ${LESSONS.length}`);
  const title = make('h2', 'lesson-title', lesson.title);
  title.id = 'lesson-title';
  title.tabIndex = -1; // focus lands here when a lesson opens from this panel
  card.setAttribute('aria-labelledby', title.id);
  titles.append(kicker, title);
  const closeButton = make('button', 'lesson-close', 'Close');
  closeButton.type = 'button';
  closeButton.setAttribute('aria-label', 'Close the lesson (the settings stay)');
  closeButton.addEventListener('click', close);
  head.append(titles, closeButton);

  const text = make('div', 'lesson-text');
  for (const paragraph of lesson.paragraphs) text.append(make('p', '', paragraph));

  const todo = make('div', 'lesson-todo');
  todo.append(make('h3', 'lesson-todo-title', 'Try it'), make('p', '', lesson.todo));
  const variants: [string, HTMLAnchorElement][] = [];
  if (lesson.variants.length > 0) {
    const list = make('ul', 'lesson-variants');
    list.setAttribute('aria-label', 'Setups to compare');
    for (const variant of lesson.variants) {
      const item = make('li', '');
      const a = link('lesson-variant', variant.label, variant.hash, state);
      item.append(a);
      list.append(item);
      variants.push([setupOf(parseHash(variant.hash).state), a]);
    }
    todo.append(list);
  }

  const body = make('div', 'lesson-body');
  body.append(text, todo);

  const nav = make('nav', 'lesson-nav');
  nav.setAttribute('aria-label', 'Other lessons');
  const previous = LESSONS[at - 1];
  const next = LESSONS[at + 1];
  if (previous) nav.append(link('lesson-step lesson-previous', `← Previous: ${previous.title}`, previous.hash, state));
  if (next) nav.append(link('lesson-step lesson-next', `Next: ${next.title} →`, next.hash, state));

  card.append(head, body, nav);
  container.append(card);
  return { focusTarget: title, variants };
}

export function createLessonPanel(container: HTMLElement, context: Context): View {
  const { store } = context;
  let builtKey = '';
  let builtLesson: string | null = null;
  let built: Built | null = null;
  let checkedState: Readonly<State> | null = null;

  const close = () => store.dispatch({ lesson: '' });

  // The menu is a <details>, which on its own closes only by its summary. As a menu it also
  // closes on Escape (focus back on its summary), on a click or tap elsewhere, and when focus
  // leaves it.
  const openMenu = () => container.querySelector<HTMLDetailsElement>('details.lesson-menu[open]');
  const closeMenu = (menu: HTMLDetailsElement, refocus: boolean) => {
    menu.open = false;
    if (refocus) menu.querySelector<HTMLElement>('summary')?.focus();
  };
  // On the document: a tap on the summary does not focus it in every browser.
  document.addEventListener('keydown', (event) => {
    const menu = openMenu();
    if (event.key !== 'Escape' || !menu) return;
    event.preventDefault();
    closeMenu(menu, true);
  }, { signal: context.signal });
  container.addEventListener('focusout', (event) => {
    const menu = openMenu();
    const next = event.relatedTarget as Node | null;
    if (menu && next && !menu.contains(next)) closeMenu(menu, false);
  });
  document.addEventListener('pointerdown', (event) => {
    const menu = openMenu();
    if (menu && !menu.contains(event.target as Node)) closeMenu(menu, false);
  }, { signal: context.signal });

  return {
    render(shown) {
      if (shown === checkedState) return;
      checkedState = shown;
      // The links carry the state's own theme: render's has 'auto' resolved to light or dark.
      const state = store.get();
      const lesson = lessonById(state.lesson);
      const menuHidden = state.hideText || state.hidden.includes('lesson');
      const key = JSON.stringify([lesson?.id ?? '', menuHidden, state.theme, state.palette]);
      if (key !== builtKey) {
        builtKey = key;
        // A link or button inside the panel that opened or closed a lesson is gone after the
        // rebuild; keyboard focus moves to the new lesson's title (or the menu) instead of the
        // page's top. Not on the first render: loading the page moves no focus.
        const switched = builtLesson !== null && builtLesson !== state.lesson;
        const moveFocus = switched && (container.contains(document.activeElement) || document.activeElement === document.body);
        builtLesson = state.lesson;
        // A new look (the system's dark mode, a script) rebuilds the links; an open menu stays open.
        const wasOpen = openMenu() !== null;
        container.replaceChildren();
        container.hidden = !lesson && menuHidden;
        container.classList.toggle('has-lesson', lesson !== undefined);
        built = lesson ? buildLesson(container, lesson, state, close) : menuHidden ? null : buildMenu(container, state);
        if (moveFocus) built?.focusTarget.focus();
        const menu = container.querySelector<HTMLDetailsElement>('details.lesson-menu');
        if (menu && wasOpen) menu.open = true;
      }
      // The variant on screen is marked, so "compare" links read as a switch between setups
      // (after any change of the setup, none is).
      const setup = setupOf(state);
      for (const [variantSetup, a] of built?.variants ?? []) {
        const current = variantSetup === setup;
        if (current) a.setAttribute('aria-current', 'true');
        else a.removeAttribute('aria-current');
      }
    },
    // Its listeners are on its own nodes, or on the document with context.signal.
    destroy() {},
  };
}
