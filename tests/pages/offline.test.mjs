// The service worker's rules (wwwroot/js/offline.js): which requests it answers, from which cached
// page, and that what it caches is everything a wall page needs to run with the server down.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  SHELL_CACHE, SHELL_CACHE_PREFIX, SHELL_ASSETS, OVERVIEW_PAGE, WALLBOARD_PAGE, ESCALATION_PAGE, SIGNED_IN_PAGES,
  shellPageFor, routeOf, isOldShellCache, isCacheable, WAITING_PAGE_HTML,
} from '../../src/BuryUrgentCare.Host/wwwroot/js/offline.js';

const ORIGIN = 'http://127.0.0.1:5080';
const wwwroot = new URL('../../src/BuryUrgentCare.Host/wwwroot/', import.meta.url);

const navigate = (path, origin = ORIGIN) => ({ method: 'GET', mode: 'navigate', url: new URL(path, origin).href });
const load = (path, mode = 'cors') => ({ method: 'GET', mode, url: new URL(path, ORIGIN).href });

describe('navigations', () => {
  test('the overview and every wallboard address fall back to their cached page', () => {
    assert.deepEqual(routeOf(navigate('/'), ORIGIN), { kind: 'page', key: OVERVIEW_PAGE });
    assert.deepEqual(routeOf(navigate('/index.html'), ORIGIN), { kind: 'page', key: OVERVIEW_PAGE });
    assert.deepEqual(routeOf(navigate('/wallboard/FGH-ED'), ORIGIN), { kind: 'page', key: WALLBOARD_PAGE });
    assert.deepEqual(routeOf(navigate('/wallboard/BURY%20IVCH'), ORIGIN), { kind: 'page', key: WALLBOARD_PAGE });
    assert.deepEqual(routeOf(navigate('/wallboard.html?unit=FGH-UTC'), ORIGIN), { kind: 'page', key: WALLBOARD_PAGE });
  });

  test('the escalation workspace falls back to its cached page; its print-out does not', () => {
    assert.deepEqual(routeOf(navigate('/escalation'), ORIGIN), { kind: 'page', key: ESCALATION_PAGE });
    assert.equal(routeOf(navigate('/escalation/sitrep'), ORIGIN), null);
    assert.equal(routeOf(navigate('/escalation.html'), ORIGIN), null);
  });

  test('anything else is left to the browser', () => {
    for (const path of ['/wallboard', '/wallboard/', '/wallboard/FGH-ED/extra', '/api/units', '/health/live', '/hubs/wallboard', '/grafana/']) {
      assert.equal(shellPageFor(new URL(path, ORIGIN).pathname), null, path);
      assert.equal(routeOf(navigate(path), ORIGIN), null, path);
    }
  });

  test('another site, or anything but GET, is never answered', () => {
    assert.equal(routeOf(navigate('/', 'http://elsewhere.example'), ORIGIN), null);
    assert.equal(routeOf({ ...navigate('/'), method: 'POST' }, ORIGIN), null);
  });
});

describe('assets', () => {
  test('shell files are routed with their own path as the cache key', () => {
    assert.deepEqual(routeOf(load('/js/shell.js'), ORIGIN), { kind: 'asset', key: '/js/shell.js' });
    assert.deepEqual(routeOf(load('/css/site.css', 'no-cors'), ORIGIN), { kind: 'asset', key: '/css/site.css' });
    assert.deepEqual(routeOf(load('/lib/signalr/signalr.min.js', 'no-cors'), ORIGIN), { kind: 'asset', key: '/lib/signalr/signalr.min.js' });
  });

  test('the API, the hub and unlisted or query-carrying files are not', () => {
    for (const path of ['/api/figures', '/api/units/FGH-ED', '/hubs/wallboard/negotiate?negotiateVersion=1', '/js/shell.js?v=2', '/js/nope.js', '/sw.js']) {
      assert.equal(routeOf(load(path), ORIGIN), null, path);
    }
  });

  test('every module under js/ and every page are cached, and nothing that does not exist', () => {
    const modules = readdirSync(new URL('js/', wwwroot)).filter(f => f.endsWith('.js')).map(f => `/js/${f}`);
    const listed = SHELL_ASSETS.filter(a => a.startsWith('/js/'));
    assert.deepEqual([...listed].sort(), [...modules].sort());
    for (const page of [OVERVIEW_PAGE, WALLBOARD_PAGE, ESCALATION_PAGE, ...SIGNED_IN_PAGES]) assert.ok(SHELL_ASSETS.includes(page), page);
    // Every stylesheet a cached page links to is cached with it.
    for (const page of ['index.html', 'wallboard.html', 'escalation.html']) {
      const html = readFileSync(fileURLToPath(new URL(page, wwwroot)), 'utf8');
      for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)) assert.ok(SHELL_ASSETS.includes(href), `${page} links ${href}`);
    }
    // The vendored SignalR client is a build output (absent from a fresh clone); the rest is source.
    assert.ok(SHELL_ASSETS.includes('/lib/signalr/signalr.min.js'));
    for (const asset of SHELL_ASSETS.filter(a => !a.startsWith('/lib/'))) {
      const file = { [OVERVIEW_PAGE]: 'index.html', [ESCALATION_PAGE]: 'escalation.html' }[asset] ?? asset.slice(1);
      assert.ok(existsSync(fileURLToPath(new URL(file, wwwroot))), `${asset} is in wwwroot`);
    }
    assert.equal(new Set(SHELL_ASSETS).size, SHELL_ASSETS.length);
  });
});

describe('cache versions and contents', () => {
  test('only this worker\'s other versions are deleted', () => {
    assert.ok(SHELL_CACHE.startsWith(SHELL_CACHE_PREFIX));
    assert.equal(isOldShellCache(SHELL_CACHE), false);
    assert.equal(isOldShellCache(`${SHELL_CACHE_PREFIX}v0`), true);
    assert.equal(isOldShellCache('someone-elses-cache'), false);
  });

  test('only a plain same-origin 200 refreshes the cache: never an error, a redirect or an opaque answer', () => {
    const ok = { ok: true, status: 200, redirected: false, type: 'basic' };
    assert.equal(isCacheable(ok), true);
    assert.equal(isCacheable({ ...ok, ok: false, status: 404 }), false);
    assert.equal(isCacheable({ ...ok, ok: false, status: 503 }), false);
    assert.equal(isCacheable({ ...ok, status: 206 }), false);
    assert.equal(isCacheable({ ...ok, redirected: true }), false);
    assert.equal(isCacheable({ ...ok, type: 'opaque' }), false);
  });

  test('the last-resort page waits in words and reloads itself', () => {
    assert.match(WAITING_PAGE_HTML, /data-state="waiting"/);
    assert.match(WAITING_PAGE_HTML, /Waiting for the server…/);
    assert.match(WAITING_PAGE_HTML, /http-equiv="refresh"/);
  });
});
