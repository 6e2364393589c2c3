// The one script a tutorial author includes:
//   <script type="module" src=".../backprop-playground.js"></script>
// It defines <backprop-playground>. This entry stays small: the playground itself (views, CSS,
// the engine worker) loads on first use through one dynamic import that every element on the
// page shares, so ten elements still load one engine module into one worker.
import { playgroundElementClass, TAG } from './element/playground-element';

// The full playground is index.html beside this script (both are in dist/). Read through a
// variable so the bundler does not treat it as an asset of this source file.
const scriptUrl = import.meta.url;

// Guarded: a page (or two bundles on it) may include the script twice; define() would throw.
if (!customElements.get(TAG)) customElements.define(TAG, playgroundElementClass(new URL('index.html', scriptUrl).href));
