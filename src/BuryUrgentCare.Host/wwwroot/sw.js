// The wall pages' service worker (registered by js/shell.js, scope `/`; a module worker). It lets a
// page that is (re)loaded while the server is down run its own code, which shows "Waiting for the
// server…" and retries until the server answers. The rules (what is cached, what is routed where)
// are in js/offline.js; this file only fetches and caches.
//
// Network first, always: a shell file or page comes from the server whenever the server answers,
// and refreshes the cache; the cache answers only a request that failed at the network level. So
// new code reaches the walls with the server, and an HTTP error (a 404 for an unknown unit) reaches
// the page as the server sent it.
import {
  SHELL_CACHE, SHELL_ASSETS, SIGNED_IN_PAGES, WAITING_PAGE_HTML, routeOf, isOldShellCache, isCacheable,
} from './js/offline.js';

/**
 * Fetches every shell file into the cache. Revalidated, so a stale HTTP-cached copy is not what
 * gets kept. All or nothing: if one file fails, the cache keeps what it had.
 */
async function fillShell() {
  const cache = await caches.open(SHELL_CACHE);
  // Pages that need a viewer's sign-in are cached when they can be, and never fail the install (SIGNED_IN_PAGES).
  await cache.addAll(SHELL_ASSETS.filter(path => !SIGNED_IN_PAGES.includes(path)).map(path => new Request(path, { cache: 'no-cache' })));
  await Promise.all(SIGNED_IN_PAGES.map(path => cache.add(new Request(path, { cache: 'no-cache' })).catch(() => {})));
}

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    // If this fails, the install fails and the next page load tries again.
    await fillShell();
    // Nothing in a page depends on which version of the worker serves it: take over at once
    // rather than when every wall has been closed, which on a wall is never.
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (isOldShellCache(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const route = routeOf(event.request, self.location.origin);
  if (route) event.respondWith(networkFirst(event, route));
});

async function networkFirst(event, route) {
  let response;
  try {
    // A navigation request cannot be copied; assets are revalidated like at install.
    response = await fetch(route.kind === 'page' ? event.request : new Request(event.request, { cache: 'no-cache' }));
  } catch (error) {
    // Only here, where no answer came at all, does the cache stand in for the server.
    const cached = await caches.match(route.key, { cacheName: SHELL_CACHE });
    if (cached) return cached;
    if (route.kind === 'page') {
      return new Response(WAITING_PAGE_HTML, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    throw error; // the page sees the network error it would have seen without a worker
  }
  if (!isCacheable(response)) return response;
  if (route.kind === 'page') {
    // A page loaded from a live server: refresh the whole shell, not only what this page loaded,
    // so that what an outage serves later is one version of every file (the overview's modules
    // too, on a wall that only ever showed a wallboard since the server was upgraded).
    event.waitUntil(fillShell().catch(error => console.warn('Page shell not refreshed; the cached copy stays.', error)));
  } else {
    const copy = response.clone();
    event.waitUntil(caches.open(SHELL_CACHE).then(cache => cache.put(route.key, copy)));
  }
  return response;
}
