// "Download this page": the playground as one self-contained HTML file. The build makes the
// template (dist/one-file.html: the page with its engine, data files and CSS inlined, see
// web/vite-one-file.ts) with an empty setup element; this fills it with the setup as the hash a
// share link carries, so the file opens from disk (file://) and trains offline where it was.
// The one-file page reads the element back (readSetup); it is also its own template.

/** The element the setup goes into (as the build writes it: it stands before the page's script, so it is the first match). */
const SETUP_ID = 'bp-setup';
const SETUP_OPEN = `<script type="application/json" id="${SETUP_ID}">`;
/** The template's name beside index.html. */
export const TEMPLATE_FILE = 'one-file.html';

/** What the setup element holds, as JSON: `{"hash": "#v=1&..."}` (the hash of a share link). */
export interface EmbeddedSetup {
  hash: string;
}

/** JSON for inside a <script> element: no `<` at all, so neither `</script>` nor `<!--` can occur. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The template with `setup` in its setup element; throws when it is not the playground's template. */
export function fillTemplate(template: string, setup: EmbeddedSetup): string {
  const open = template.indexOf(SETUP_OPEN);
  const close = open < 0 ? -1 : template.indexOf('</script>', open);
  if (close < 0) throw new Error('the page\'s template has no place for the setup');
  return template.slice(0, open + SETUP_OPEN.length) + scriptJson(setup) + template.slice(close);
}

/**
 * The setup the one-file page carries: its hash ('' for the bare template, the default network),
 * or what is wrong with it (a file edited by hand): the page then starts from the default setup.
 */
export function readSetup(element: HTMLElement | null): { hash: string; problem: string | null } {
  if (!element) return { hash: '', problem: 'The page has no setup element (bp-setup).' };
  const text = element.textContent?.trim() ?? '';
  if (text === '') return { hash: '', problem: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { hash: '', problem: `The saved setup is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const hash = (value as Partial<EmbeddedSetup> | null)?.hash;
  if (typeof value !== 'object' || value === null || typeof hash !== 'string')
    return { hash: '', problem: 'The saved setup is not an object with a "hash" text' };
  if (hash !== '' && !hash.startsWith('#')) return { hash: '', problem: 'The saved setup\'s "hash" does not start with #' };
  return { hash, problem: null };
}

let template: Promise<string> | null = null;

/**
 * The one-file page is its own template: its markup as it was before the playground drew into
 * it (the page calls this first thing), so a page downloaded from a downloaded page works too.
 */
export function useOwnTemplate(): void {
  const html = `<!doctype html>\n${document.documentElement.outerHTML}`;
  template = Promise.resolve(html);
}

/** The template beside `home` (the full playground's address), fetched once. */
export function loadTemplate(home: string): Promise<string> {
  if (!template) {
    template = fetch(new URL(TEMPLATE_FILE, home)).then(async (response) => {
      if (!response.ok) throw new Error(`${TEMPLATE_FILE} is not beside the playground (HTTP ${response.status})`);
      const text = await response.text();
      if (!text.includes(SETUP_OPEN)) throw new Error(`${TEMPLATE_FILE} is not the playground's one-file page`);
      return text;
    });
    template.catch(() => (template = null)); // a failed fetch is tried again on the next click
  }
  return template;
}

/** The file's name: backprop-playground-<data set>.html. */
export function oneFileName(dataset: string): string {
  return `backprop-playground-${dataset.replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'page'}.html`;
}
