// The element's `home` attribute: where "Open in the full playground" and the share links lead.
// A pure function (no DOM), tested in tests/web/element-home.test.ts.

/**
 * The full playground's address from the `home` attribute, resolved against the page (a CDN
 * serves the index.html beside the script as text, and a bundler moves the script away from
 * it): http(s) only, without its own #; otherwise `fallback`, with the problem named.
 */
export function homeOf(value: string | null, fallback: string, base: string): { url: string; problem?: string } {
  if (value === null || value.trim() === '') return { url: fallback };
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return { url: fallback, problem: `home "${value.slice(0, 80)}" is not an address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { url: fallback, problem: `home "${value.slice(0, 80)}" is not an http or https address` };
  }
  url.hash = '';
  return { url: url.href };
}
