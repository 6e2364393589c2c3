// The one-file page (dist/one-file.html): the full playground as ONE self-contained HTML file,
// the template behind Share → "Download this page". A page opened from disk (file://) may not
// load module scripts, start a worker from a URL or fetch the .wasm, so, like the sandboxed
// embed, it is a classic build (src/one-file/main.ts as one IIFE) with the engine worker, both
// WebAssembly builds (SIMD and baseline, as base64) and the shipped data files inlined; its CSS
// goes into a <style>, the script into a <script>, the markup is index.html's. The dialog puts
// the setup into the empty `<script type="application/json" id="bp-setup">` (src/one-file.ts).
import type { Plugin, PluginOption } from 'vite';
import { buildClassic } from './vite-classic.js';

/** The template's name in dist/ (fixed: the dialog fetches it beside index.html). */
export const ONE_FILE = 'one-file.html';
/** The element the setup goes into; it stands before the big script, so it is the first match. */
export const SETUP_ELEMENT = '<script type="application/json" id="bp-setup">';

/**
 * Text for inside a <script> element: its content ends at the first `</script`, and a `<!--`
 * there changes how the parser reads the rest. The bundle has these only inside string
 * literals, where `<\/` and `<\!--` read the same (and a regular expression's `<\/` too).
 */
function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * The built index.html as one file: its scripts and every link to a file (the stylesheets, the
 * preloads, a manifest) go, the CSS and the script come inline, and the footer's link to the
 * tutorial, which is not beside a downloaded file, becomes a line saying what the file is.
 */
function onePage(index: string, script: string, css: string): string {
  let html = index
    .replace(/\s*<script\b[^>]*>[^]*?<\/script>/g, '')
    .replace(/\s*<link\b(?![^>]*\bhref="data:)[^>]*>/g, '');
  const swap = (from: RegExp, to: string) => {
    if (!from.test(html)) throw new Error(`one-file page: index.html no longer has ${from}`);
    html = html.replace(from, () => to);
  };
  swap(/<p><a href="\.\/tutorial\.html">[^]*?<\/p>/,
    '<p>This page is one file saved from the Backprop Playground: it opens from disk and trains offline, from the setup it was saved with.</p>');
  swap(/<\/head>/, `  ${SETUP_ELEMENT}</script>\n  <style>\n${css.replace(/<\/(style)/gi, '<\\/$1')}\n  </style>\n</head>`);
  swap(/<\/body>/, `  <script>\n${scriptText(script)}\n  </script>\n</body>`);
  const left = /\s(?:src|href)="(?!data:|#|https:)[^"]*"/.exec(html.replace(/<script>[^]*<\/script>/, '').replace(/<style>[^]*<\/style>/, ''));
  if (left) throw new Error(`one-file page: the markup still names a file: ${left[0].trim()}`);
  return html;
}

/** `plugins` and `workerPlugins`: vite.config.ts's transforms of the classic embed (no wasm URL, data files as data: URLs). */
export function oneFilePage(plugins: () => PluginOption[], workerPlugins: () => PluginOption[]): Plugin {
  let page: { script: string; css: string } | null = null;
  return {
    name: 'backprop:one-file-page',
    apply: 'build',
    async buildStart() {
      const { files, script } = await buildClassic({
        input: 'src/one-file/main.ts',
        plugins: plugins(),
        workerPlugins,
        quiet: /engine\/bridge\.ts$/,
        options: { cssCodeSplit: false }, // one stylesheet, for the page's <style>
        name: 'one-file',
      });
      const css = files.filter((o) => o.type === 'asset' && o.fileName?.endsWith('.css'))
        .map((o) => (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source))).join('\n');
      if (!css) throw new Error('the one-file build made no CSS');
      // bridge.ts's URL worker is emitted but never started here (the inlined one is).
      const others = files.filter((o) => o.type === 'asset' && !/\.css$|(^|\/)worker-[\w-]+\.js$/.test(o.fileName ?? '')).map((o) => o.fileName);
      if (others.length > 0) this.warn(`the one-file page leaves files out: ${others.join(', ')}`);

      page = { script, css };
    },
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        const index = Object.values(bundle).find((file) => file.type === 'asset' && file.fileName === 'index.html');
        if (!index || index.type !== 'asset' || !page) throw new Error('one-file page: the build has no index.html');
        this.emitFile({ type: 'asset', fileName: ONE_FILE, source: onePage(String(index.source), page.script, page.css) });
      },
    },
  };
}
