// The one script a tutorial author includes:
//   <script type="module" src=".../backprop-playground.js"></script>
// It defines <backprop-playground>. This entry stays small: the playground itself (views, CSS,
// the engine worker) loads on first use through one dynamic import that every element on the
// page shares, so ten elements still load one engine module into one worker.
//
// It is also the package's entry (npm install backprop-playground), which server-side renderers
// (Docusaurus/MDX, Astro, Next) import in Node, where there is no DOM: there it defines nothing
// and touches nothing, and the element upgrades in the browser. The class itself is only made
// here (extending HTMLElement at a module's top level would throw in Node).
import { playgroundElementClass, TAG } from './element/playground-element';

/**
 * This script's address: the full playground is index.html beside it (both are in dist/).
 * A module knows it; the classic one-file build (an iife, whose import.meta is empty) reads it
 * from its <script> element, which is document.currentScript only while the script first runs.
 */
function scriptUrl(): string {
  // Read through a variable so the bundler does not treat it as an asset of this source file.
  const url: string | undefined = import.meta.url;
  return url || (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;
}

// Guarded: a page (or two bundles on it) may include the script twice; define() would throw.
if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, playgroundElementClass(new URL('index.html', scriptUrl()).href));
}
