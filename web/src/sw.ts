// The service worker (dist/sw.js) that makes the full page work offline after one visit. It is
// built by web/vite-offline.ts, which puts the build's file list and version in place of the two
// strings below. Strategy: precache everything the page can ask for at install (all or nothing:
// one missing file and the new worker is dropped, the old one stays), answer every request for a
// listed file from that cache, anything else from the network. A new build is a new version, so a
// new cache; it waits until the page says "take it" (the Reload button of the notice, which
// web/src/offline.ts shows), and the old cache goes when it takes over.
//
// Import-free on purpose: the bundler must emit it as one classic script.
declare const self: ServiceWorkerGlobalScope;
export {};

/** The files to cache, relative to this script (so the page works under any sub-path). */
const FILES: readonly string[] = JSON.parse('__BP_OFFLINE_FILES__');
/** A hash of the files' names and bytes: a new build is a new cache. */
const VERSION = '__BP_OFFLINE_VERSION__';

// One origin may host several copies of the page under different paths, each with its own
// worker: every cache name carries the scope, and a worker deletes only its own scope's old ones.
const PREFIX = `backprop-playground ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(precache().catch(async (error: unknown) => {
    await caches.delete(CACHE); // all or nothing: this worker is dropped, the old one stays
    throw error;
  }));
});

/** Every listed file, fetched first and stored only once all have come. */
async function precache(): Promise<void> {
  const entries = await Promise.all(FILES.map(async (file) => {
    // A file under assets/ has its content's hash in its name: the HTTP cache's copy (the one the
    // page has just loaded) is right. The others (index.html, …) keep their names across builds:
    // 'reload' skips the HTTP cache, or a new version could be filled with old bytes.
    const request = new Request(new URL(file, self.location.href), { cache: file.startsWith('assets/') ? 'default' : 'reload' });
    const response = await fetch(request);
    if (!response.ok) throw new Error(`sw.js: ${file} answered HTTP ${response.status}`);
    // Hosts with "pretty URLs" redirect tutorial.html to tutorial: a redirected response may not
    // answer a navigation, so the body is stored as a plain response under the listed name.
    const stored = response.redirected ? new Response(await response.blob(), response) : response;
    return [request, stored] as const;
  }));
  const cache = await caches.open(CACHE);
  await Promise.all(entries.map(([request, response]) => cache.put(request, response)));
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    // The first visit: take the open page now, so that it is offline-ready without a reload.
    await self.clients.claim();
  })());
});

// 'skip-waiting': the page's Reload button; this waiting worker takes over (the page reloads on
// controllerchange). 'version' (with a port): which build this worker serves.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') void self.skipWaiting();
  else if (event.data === 'version') event.ports[0]?.postMessage(VERSION);
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  const url = new URL(request.url);
  // The files never depend on the query (embed.html?panels=…): the listed file answers.
  url.search = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(url.href))
      .then((cached) => cached ?? fetch(request)),
  );
});

