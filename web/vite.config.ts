// Builds the page from web/ into dist/ with relative URLs, so the folder works from any static
// host under any sub-path. The engine package (dist/engine, from CMake) is bundled in.
//
// Pages: index.html (the playground), embed.html (for iframes), tutorial.html; and one script,
// dist/backprop-playground.js (the <backprop-playground> element), under a fixed name so a page
// can include it. Everything else is hashed under assets/.
import { defineConfig, type Plugin } from 'vite';
import { buildClassic } from './vite-classic.js';
import { offline } from './vite-offline.js';
import { oneFilePage } from './vite-one-file.js';
import { packageFiles } from './vite-package.js';

/** A file beside this config, as a path (written without node:path, so no Node types are needed). */
const web = (file: string) => decodeURIComponent(new URL(file, import.meta.url).pathname);
const ELEMENT = 'backprop-playground';
const CLASSIC = 'embed-classic.js';

/**
 * A sandboxed iframe (sandbox="allow-scripts", origin "null") may not load module scripts,
 * start a worker from a URL or fetch the .wasm unless the host sends CORS headers, which a
 * plain static host does not. So the embed also gets a classic build, one self-contained
 * script whose engine worker and WebAssembly are inlined (embed/sandboxed.ts), and embed.html
 * gets a tiny loader that picks it when its origin is "null"; every other frame loads the
 * usual module build (smaller, shared with the other pages).
 */
function sandboxedEmbed(): Plugin {
  return {
    name: 'backprop:sandboxed-embed',
    apply: 'build',
    async buildStart() {
      const { script } = await buildClassic({
        input: 'src/embed/sandboxed.ts',
        plugins: [withoutEmscriptenWasmUrl(), inlineDataFiles()],
        workerPlugins: () => [withoutEmscriptenWasmUrl()],
        quiet: /engine\/bridge\.ts$/, // bridge.ts's URL worker (and its import.meta.url) is never started by this build
        name: 'classic embed',
      });
      this.emitFile({ type: 'asset', name: CLASSIC, source: script });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.filename.endsWith('embed.html') || !context.bundle) return html;
        const classic = Object.values(context.bundle).find((file) => file.type === 'asset' && file.names.includes(CLASSIC))?.fileName;
        if (!classic) throw new Error('embed.html: the classic embed build is missing');
        const module = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/.exec(html);
        if (!module) throw new Error('embed.html: no module script to replace');
        const preloads: string[] = [];
        const rest = html
          .replace(module[0], '')
          .replace(/<link rel="modulepreload" crossorigin href="([^"]+)">\s*/g, (_, href: string) => {
            preloads.push(href);
            return '';
          })
          // A stylesheet needs no CORS unless it asks for it; the sandboxed frame could not.
          .replace(/<link rel="stylesheet" crossorigin /g, '<link rel="stylesheet" ');
        const loader = `<script>
  // Module scripts need CORS in a sandboxed frame (origin "null"): there the classic build runs.
  (function () {
    var sandboxed = self.origin === 'null';
    var script = document.createElement('script');
    if (sandboxed) script.src = ${JSON.stringify(`./${classic}`)};
    else {
      script.type = 'module';
      script.src = ${JSON.stringify(module[1])};
      ${JSON.stringify(preloads)}.forEach(function (href) {
        var link = document.createElement('link');
        link.rel = 'modulepreload';
        link.href = href;
        document.head.appendChild(link);
      });
    }
    document.head.appendChild(script);
  })();
  </script>
`;
        return rest.replace('</head>', `  ${loader}</head>`);
      },
    },
  };
}

/**
 * Emscripten's glue names its .wasm by `new URL(..., import.meta.url)`, which an inlining build
 * would copy in a second time; the URL is never used (the engine's index.mjs always passes
 * locateFile), so the classic build drops it.
 */
function withoutEmscriptenWasmUrl(): Plugin {
  return {
    name: 'backprop:without-emscripten-wasm-url',
    enforce: 'pre',
    transform(code, id) {
      if (!/engine-(simd|baseline)\.mjs$/.test(id)) return null;
      const pattern = /new URL\("engine-(simd|baseline)\.wasm",\s*import\.meta\.url\)\.toString\(\)/;
      if (!pattern.test(code)) this.warn('the engine glue no longer names its .wasm as expected: it is inlined twice');
      return code.replace(pattern, '""');
    },
  };
}

/**
 * The classic embed has no import.meta.url to resolve a data set's file against (an iife's
 * import.meta is empty): there each file a module of web/src/data/ names as
 * `new URL('../../data/<file>', import.meta.url).href` is a data: URL imported as such.
 */
function inlineDataFiles(): Plugin {
  const pattern = /new URL\('\.\.\/\.\.\/data\/([\w.-]+)', import\.meta\.url\)\.href/g;
  return {
    name: 'backprop:inline-data-files',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/data\/[\w-]+\.ts$/.test(id) || !code.includes('import.meta.url')) return null;
      const files: string[] = [];
      const rewritten = code.replace(pattern, (_, file: string) => `dataFile${files.push(file) - 1}`);
      if (/import\.meta\.url/.test(rewritten.replace(/^\s*(\/\/|\*).*$/gm, ''))) this.error(`${id} names a file in a way the classic embed cannot inline`);
      return files.map((file, i) => `import dataFile${i} from '../../data/${file}?url';\n`).join('') + rewritten;
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: false, // dist/engine is CMake's
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      input: {
        index: web('index.html'),
        embed: web('embed.html'),
        tutorial: web('tutorial.html'),
        [ELEMENT]: web('src/element.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === ELEMENT ? `${ELEMENT}.js` : 'assets/[name]-[hash].js'),
      },
    },
  },
  plugins: [sandboxedEmbed(), offline(), oneFilePage(() => [withoutEmscriptenWasmUrl(), inlineDataFiles()], () => [withoutEmscriptenWasmUrl()]),
    packageFiles(() => [withoutEmscriptenWasmUrl(), inlineDataFiles()], () => [withoutEmscriptenWasmUrl()])],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
