// The full page: one playground that owns the address bar and the keyboard, reachable by
// scripts as window.playground. It also works offline after one visit (src/offline.ts).
import { registerOffline } from './offline';
import { createPlayground } from './playground';

const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app');
const playground = createPlayground(root, { hash: location.hash, urlSync: true, standalone: true });
const kind = document.getElementById('engine-kind');
new MutationObserver(() => {
  if (kind && root.dataset.engine) kind.textContent = root.dataset.engine === 'simd' ? ' with SIMD' : ' (without SIMD)';
}).observe(root, { attributes: true, attributeFilter: ['data-engine'] });
Object.assign(window, { playground });
registerOffline(document.getElementById('update-notice'));
