// Offline and installable, for the full page only (index.html; never the embed or the element,
// which live inside other people's sites): registers the service worker (dist/sw.js, built from
// src/sw.ts by web/vite-offline.ts), and when a new build has been installed while an older one
// runs this page, says so with a Reload button. Nothing here may break the page: without service
// workers, on file://, or when the registration fails (as in the dev server, which has no sw.js),
// the page simply stays online-only.
import { textList } from './notice';
import './offline.css';

/** The notice's text (also read by the tests). */
export const NEW_VERSION = 'A new version of the playground is ready';

export function registerOffline(notice: HTMLElement | null): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const container = navigator.serviceWorker;
  let reloading = false;
  // The waiting worker takes over only when the reader presses Reload, and only that tab reloads:
  // another tab of the page keeps its run (its notice stays until it reloads too).
  container.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  const offer = (worker: ServiceWorker) => {
    if (!notice || notice.childElementCount > 0) return;
    notice.append(newVersionItem(() => {
      // Another tab's Reload may have made it the active worker already: then only reload.
      if (worker.state === 'activated') return location.reload();
      reloading = true;
      worker.postMessage('skip-waiting');
      // A worker that never takes over (made redundant by a newer one meanwhile): reload anyway.
      setTimeout(() => location.reload(), 10_000);
    }, () => {
      notice.replaceChildren();
      notice.hidden = true;
    }));
    notice.hidden = false;
  };
  // After the page's load, so the worker's precaching does not compete with the engine's start.
  // updateViaCache 'none': a host's HTTP caching of .js files never delays finding a new sw.js.
  const register = () => container.register('./sw.js', { updateViaCache: 'none' }).then((registration) => {
    if (!registration) return; // a browser that blocks workers (an automated one) may give none
    // A new worker is only news when an older one controls this page; the first one just installs.
    if (registration.waiting && container.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && container.controller) offer(worker);
      });
    });
  }, (error: unknown) => {
    console.info('Backprop Playground: no offline copy (the service worker could not be registered):', error);
  });
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}

/** The notice: what is new, that reloading restarts training, and the two buttons. */
function newVersionItem(reload: () => void, dismiss: () => void): HTMLElement {
  const item = document.createElement('div');
  item.className = 'notice-item';
  const body = document.createElement('div');
  const heading = document.createElement('strong');
  heading.textContent = `${NEW_VERSION}.`;
  body.append(heading, textList(['Reload to use it: your setup is kept (it is in the address), but training starts again from step 0.']));
  const buttons = document.createElement('div');
  buttons.className = 'update-notice-buttons';
  const take = document.createElement('button');
  take.type = 'button';
  take.textContent = 'Reload';
  take.addEventListener('click', () => {
    take.disabled = true;
    reload();
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = 'Later';
  later.setAttribute('aria-label', 'Later: keep this version until the next visit (dismisses this notice)');
  later.addEventListener('click', dismiss);
  buttons.append(take, later);
  item.append(body, buttons);
  return item;
}
