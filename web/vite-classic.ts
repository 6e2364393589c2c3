// One self-contained classic script (an iife) built inside the page's build, for the places a
// module script, a worker URL or a .wasm fetch cannot work: the sandboxed embed (vite.config.ts),
// the one-file page (vite-one-file.ts) and the package's classic element (vite-package.ts).
// Everything is inlined (assetsInlineLimit: the .wasm and the data files too); nothing is written.
import { build, type BuildEnvironmentOptions, type InlineConfig, type PluginOption } from 'vite';

const web = (file: string) => decodeURIComponent(new URL(file, import.meta.url).pathname);

/** A file the build made (Rolldown's chunks and assets, as far as the callers read them). */
export type ClassicOutput = { type: string; isEntry?: boolean; code?: string; fileName: string; source?: string | Uint8Array };

export interface ClassicBuild {
  /** The entry, a path under web/ ('src/embed/sandboxed.ts'). */
  input: string;
  plugins: PluginOption[];
  workerPlugins: () => PluginOption[];
  /** Modules whose import.meta is read but empty in an iife, on purpose: their warning is not shown. */
  quiet: RegExp;
  /** More build options (cssCodeSplit, chunkSizeWarningLimit). */
  options?: BuildEnvironmentOptions;
  /** What the build makes, for the error when it made no script. */
  name: string;
}

/**
 * A nested build of web/ with everything inlined (the .wasm and the data files too: nothing is
 * fetched by address), no source maps, no preloads; `options` go over these. The classic builds
 * use it, and so does the package's ES build (vite-package.ts).
 */
export function inlinedConfig(options: BuildEnvironmentOptions, plugins: PluginOption[], workerPlugins: () => PluginOption[]): InlineConfig {
  return {
    configFile: false,
    root: web('.'),
    base: './',
    logLevel: 'warn',
    publicDir: false,
    build: { target: 'es2022', sourcemap: false, modulePreload: false, assetsInlineLimit: () => true, ...options },
    plugins,
    worker: { format: 'iife', plugins: workerPlugins },
  };
}

/** Every file the build made, and its entry script. */
export async function buildClassic(c: ClassicBuild): Promise<{ files: ClassicOutput[]; script: string }> {
  const result = await build(inlinedConfig({
    write: false,
    ...c.options,
    rolldownOptions: {
      input: web(c.input),
      output: { format: 'iife' },
      onLog(level, log, handler) {
        if (log.code === 'EMPTY_IMPORT_META' && c.quiet.test(log.id ?? '')) return;
        handler(level, log);
      },
    },
  }, c.plugins, c.workerPlugins));
  const outputs = (Array.isArray(result) ? result : [result]) as { output: ClassicOutput[] }[];
  const files = outputs.flatMap((o) => o.output);
  const script = files.find((o) => o.type === 'chunk' && o.isEntry)?.code;
  if (!script) throw new Error(`the ${c.name} build made no script`);
  return { files, script };
}
