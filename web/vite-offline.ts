// Offline: builds the service worker (web/src/sw.ts) into dist/sw.js with the list of files to
// precache and a version, and checks that the list holds what the full page cannot work without.
//
// The list is what index.html needs, found by following names: it starts with index.html, and
// every file of the build (or of the public folder, web/public: the manifest and its icons) whose
// name appears in a listed text file (HTML, JS, CSS, the manifest) is listed too, until nothing
// new is found. So the page's chunks and CSS, the engine worker, both engines (SIMD and baseline)
// with their .wasm, the data sets, the manifest and icons, and the pages the page links to or
// fetches (tutorial.html, embed.html, one-file.html for "Download this page") are in it; the
// package files (dist/npm/, the classic element) and source maps are not, nor CMake's
// dist/engine/ (the page loads the engine bundled under assets/). One exception: the classic
// embed script, which embed.html names, is left out: only a sandboxed iframe (origin "null")
// loads it, and such a frame cannot use a service worker.
//
// The version is a hash of the worker's own code and every listed file's name and bytes, so any
// change in a build is a new cache. The list is only complete once every plugin has emitted its
// files, so the worker is finished in writeBundle, rewriting the sw.js written with placeholders
// (its source map is then off by the length of the list, on its one line).
import type { Plugin, ResolvedConfig } from 'vite';
// @ts-expect-error web/ has no Node types (see vite.config.ts); only these three are used.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const WORKER = 'sw.js';
const FILES = /(["'`])__BP_OFFLINE_FILES__\1/;
const VERSION = /(["'`])__BP_OFFLINE_VERSION__\1/; // the minifier may write any quotes
const TEXT = /\.(html|m?js|css|webmanifest|json|svg)$/;
const NEVER = /(^|\/)embed-classic-[\w-]+\.js$/;

/** Files the full page cannot work without: a build whose list misses one is an error. */
const REQUIRED = [/^index\.html$/, /^assets\/worker-[\w-]+\.js$/, /^assets\/engine-simd-[\w-]+\.wasm$/,
  /^assets\/engine-baseline-[\w-]+\.wasm$/, /^assets\/digits\.csv-[\w-]+\.gz$/, /^assets\/penguins-[\w-]+\.csv$/,
  /^manifest\.webmanifest$/, /^icons\/icon-512\.png$/];

interface Outputs { [name: string]: { type: 'chunk'; code: string } | { type: 'asset'; source: string | Uint8Array } }

/** Every file of the build and the public folder (not source maps, not the worker): name → bytes. */
function candidates(bundle: Outputs, publicDir: string): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  for (const [name, file] of Object.entries(bundle)) {
    if (name.endsWith('.map') || name === WORKER || NEVER.test(name)) continue;
    const source = file.type === 'chunk' ? file.code : file.source;
    files.set(name, typeof source === 'string' ? encoder.encode(source) : source);
  }
  if (publicDir) {
    const entries: { name: string; parentPath: string; isFile(): boolean }[] = readdirSync(publicDir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = `${entry.parentPath}/${entry.name}`;
      files.set(path.slice(publicDir.length + 1), readFileSync(path) as Uint8Array);
    }
  }
  return files;
}

/** index.html and every file named, directly or through others, by it. */
function needed(files: Map<string, Uint8Array>): string[] {
  const decoder = new TextDecoder();
  const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);
  const listed = new Set(['index.html']);
  const queue = ['index.html'];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (!TEXT.test(name)) continue;
    const text = decoder.decode(files.get(name));
    for (const other of files.keys()) {
      if (!listed.has(other) && text.includes(base(other))) {
        listed.add(other);
        queue.push(other);
      }
    }
  }
  return [...listed].sort();
}

async function versionOf(code: string, list: readonly string[], files: Map<string, Uint8Array>): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode(code)];
  for (const name of list) parts.push(encoder.encode(`\0${name}\0`), files.get(name)!);
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (all.set(part, at), at + part.length), 0);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return [...digest.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function offline(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'backprop:offline',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: `${config.root}/src/sw.ts`, fileName: WORKER });
    },
    async writeBundle(options, bundle) {
      const worker = bundle[WORKER];
      if (worker?.type !== 'chunk' || !FILES.test(worker.code) || !VERSION.test(worker.code)) {
        this.error('sw.js: the built worker has lost its placeholders for the file list and version');
      }
      const files = candidates(bundle as Outputs, config.publicDir);
      const list = needed(files);
      for (const required of REQUIRED) {
        if (!list.some((name) => required.test(name))) this.error(`sw.js: no file matching ${required} to precache`);
      }
      const version = await versionOf(worker.code, list, files);
      const code = worker.code
        .replace(FILES, () => JSON.stringify(JSON.stringify(list)))
        .replace(VERSION, () => JSON.stringify(version));
      writeFileSync(`${options.dir}/${WORKER}`, code);
      const bytes = list.reduce((n, name) => n + files.get(name)!.length, 0);
      config.logger.info(`sw.js: version ${version}, ${list.length} files to precache (${(bytes / 1024).toFixed(0)} KiB)`);
    },
  };
}
