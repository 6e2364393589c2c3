// Entry of the one-file page (dist/one-file.html, and every "Download this page" file): the full
// page as main.ts makes it, but as a classic script with the engine worker inlined (a page
// opened from disk may not start a worker from a URL or fetch the .wasm), its setup read from
// the page's own setup element rather than from the address. A hash in the address (the page
// writes its setup there, so a reload keeps what the reader changed) wins over the element.
import '../page.css';
import { startInlinedEngineWorker } from '../embed/sandbox-bridge';
import { createNotice } from '../notice';
import { readSetup, useOwnTemplate } from '../one-file';
import { createPlayground } from '../playground';

useOwnTemplate(); // before the playground draws into the markup
const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app');
const saved = readSetup(document.getElementById('bp-setup'));
// about:srcdoc (the file put into an iframe's srcdoc) has no address of its own to write to.
const urlSync = /^(file|https?):$/.test(location.protocol);
const playground = createPlayground(root, {
  hash: urlSync && location.hash.length > 1 ? location.hash : saved.hash,
  urlSync,
  standalone: true,
  bridge: startInlinedEngineWorker(),
});
if (saved.problem) {
  // Its own notice, beside the playground's (which it clears when a configuration is loaded).
  const element = document.createElement('div');
  element.className = 'notice';
  element.setAttribute('role', 'alert');
  root.querySelector('[data-panel="notice"]')?.before(element);
  createNotice(element).show('This page\'s saved setup could not be read:', [saved.problem, 'The playground starts from its default setup.']);
}
const kind = document.getElementById('engine-kind');
new MutationObserver(() => {
  if (kind && root.dataset.engine) kind.textContent = root.dataset.engine === 'simd' ? ' with SIMD' : ' (without SIMD)';
}).observe(root, { attributes: true, attributeFilter: ['data-engine'] });
Object.assign(window, { playground });
