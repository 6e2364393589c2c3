// The npm package's own files (package.json "exports"; docs/embedding.md, "Install"), built
// beside the page:
//
//   dist/npm/backprop-playground.mjs (+ dist/npm/chunks/): the element as an ES module for
//     bundlers (Vite, webpack, Rollup, esbuild) and server-side renderers. The page's own
//     dist/backprop-playground.js finds its worker, .wasm, data files and its chunks' CSS by
//     addresses relative to itself, which a bundler that re-bundles it does not follow (it
//     would copy the worker, but not the engine chunks the worker imports). So here the engine
//     worker and both .wasm builds are inlined, the data files are data: URLs and each chunk
//     injects its own CSS when it loads: nothing is found by address, and the heavy chunk still
//     loads only when the first element connects.
//   dist/backprop-playground.classic.js: the same as one classic script (an iife), for a plain
//     <script src> from any host: no module, no CORS, no worker URL (as the sandboxed embed).
//   dist/types/: the hand-written declarations (web/types/), and dist/npm/embed-messages.mjs,
//     the message API's two constants for hosts of the iframe.
//
// The package ships dist/ whole besides (package.json "files", without source maps): the full
// playground, for the element's "Open in the full playground" link and for hosting.
import { build, type Plugin, type PluginOption } from 'vite';
import { buildClassic, inlinedConfig } from './vite-classic.js';

const web = (file: string) => decodeURIComponent(new URL(file, import.meta.url).pathname);
const CLASSIC = 'backprop-playground.classic.js';
const TYPES = ['backprop-playground.d.ts', 'embed-messages.d.ts'];

/**
 * `plugins` and `workerPlugins`: the page build's inlining plugins (vite.config.ts's
 * withoutEmscriptenWasmUrl and inlineDataFiles), shared rather than copied.
 */
export function packageFiles(plugins: () => PluginOption[], workerPlugins: () => PluginOption[]): Plugin {
  // kB: the engine chunk carries both .wasm builds (~1 MB as base64)
  const chunkSizeWarningLimit = 2000;
  let outDir = '';

  return {
    name: 'backprop:package-files',
    apply: 'build',
    configResolved(resolved) {
      // build.outDir as written (relative to the root), as a path
      outDir = decodeURIComponent(new URL(`${resolved.build.outDir}/`, `file://${resolved.root}/`).pathname).replace(/\/$/, '');
    },
    async buildStart() {
      await build(inlinedConfig({
        chunkSizeWarningLimit,
        outDir: `${outDir}/npm`,
        emptyOutDir: true,
        copyPublicDir: false,
        rolldownOptions: {
          input: { 'backprop-playground': web('src/element.ts') },
          output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
        },
      }, [inlineEngineWorker(), stylesFromScripts(), ...plugins()], workerPlugins));

      const { files, script } = await buildClassic({
        input: 'src/element.ts',
        plugins: [inlineEngineWorker(), stylesFromScripts(), ...plugins()],
        workerPlugins,
        // element.ts reads import.meta.url, empty in an iife, and falls back to its <script> (the
        // warning names the module it was concatenated into); Vite's preload helper reads it only
        // for files to preload, and there are none.
        quiet: /src\/element(\/playground-element)?\.ts$|vite\/preload-helper\.js$/,
        options: { chunkSizeWarningLimit },
        name: 'classic element',
      });
      const others = files.filter((o) => o.type !== 'chunk' || !o.isEntry).map((o) => o.fileName);
      if (others.length > 0) throw new Error(`the classic element build is not one file: it also made ${others.join(', ')}`);
      this.emitFile({ type: 'asset', fileName: CLASSIC, source: script });

      const copy = async (from: string, fileName: string) =>
        this.emitFile({ type: 'asset', fileName, source: await this.fs.readFile(web(from), { encoding: 'utf8' }) });
      for (const file of TYPES) await copy(`types/${file}`, `types/${file}`);
      await copy('types/embed-messages.mjs', 'npm/embed-messages.mjs');
    },
  };
}

/**
 * engine/bridge.ts starts its worker from a URL beside the script; here the worker's code is
 * inlined instead (a Blob URL, as embed/sandbox-bridge.ts does for the sandboxed embed).
 */
function inlineEngineWorker(): Plugin {
  const pattern = /new Worker\(new URL\('\.\/worker\.ts', import\.meta\.url\), \{ type: 'module' \}\)/;
  return {
    name: 'backprop:inline-engine-worker',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/engine/bridge.ts')) return null;
      if (!pattern.test(code)) this.error('engine/bridge.ts no longer starts its worker as the package build expects');
      return `import InlinedEngineWorker from './worker.ts?worker&inline';\n${code.replace(pattern, 'new InlinedEngineWorker()')}`;
    },
  };
}

/**
 * `import './x.css'` becomes the CSS as a string put into a <style> in the document's head when
 * the importing chunk first runs: no stylesheet file to find by address, and nothing touches the
 * document before an element connects (the entry itself imports no CSS).
 */
function stylesFromScripts(): Plugin {
  const STYLE = '\0backprop-style';
  const CSS = '\0backprop-css:';
  return {
    name: 'backprop:styles-from-scripts',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === STYLE) return STYLE;
      if (!importer || importer.startsWith(CSS) || !/\.css$/.test(source) || /\.css$/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // (not ending in .css, which Vite's own CSS plugins would take)
      return resolved ? { id: `${CSS}${resolved.id}.js`, moduleSideEffects: true } : null;
    },
    load(id) {
      if (id === STYLE) {
        return `export function addStyle(css) {
  const style = document.createElement('style');
  style.dataset.backpropPlayground = '';
  style.textContent = css;
  document.head.append(style);
}`;
      }
      if (!id.startsWith(CSS)) return null;
      return `import css from ${JSON.stringify(`${id.slice(CSS.length, -'.js'.length)}?inline`)};\nimport { addStyle } from ${JSON.stringify(STYLE)};\naddStyle(css);\n`;
    },
  };
}
