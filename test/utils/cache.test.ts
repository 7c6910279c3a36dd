import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../src/conf/settings';
import { caches } from '../../src/core/cache/index';
import { HttpRequest } from '../../src/http/request';
import { HttpResponse } from '../../src/http/response';
import { getCacheKey, getMaxAge, hasVaryHeader, learnCacheKey, patchResponseHeaders, patchVaryHeaders } from '../../src/utils/cache';

// Django's CacheUtils settings; its requests come from RequestFactory(HTTP_HOST='www.example.com').
function useCacheSettings(): void {
  resetSettings();
  configure({ CACHE_MIDDLEWARE_KEY_PREFIX: 'settingsprefix', CACHE_MIDDLEWARE_SECONDS: 1, ALLOWED_HOSTS: ['.example.com'], CACHES: { default: { BACKEND: 'manouche.core.cache.backends.locmem.LocMemCache', LOCATION: 'utils-cache-test' } } });
}
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => HttpRequest.create(new Request(`http://www.example.com${path}`, { method, headers }));
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

test('patchVaryHeaders: sets Vary on a response without one, one header or several', () => {
  const one = new HttpResponse('');
  patchVaryHeaders(one, ['Cookie']);
  assert.is(one.get('Vary'), 'Cookie');
  const two = new HttpResponse('');
  patchVaryHeaders(two, ['Cookie', 'Accept-Language']);
  assert.is(two.get('Vary'), 'Cookie, Accept-Language');
});

test('patchVaryHeaders: merges with the Vary already there, case-insensitively, without duplicates (Django)', () => {
  const r = new HttpResponse('');
  r.set('Vary', 'Accept-Encoding, cookie');
  patchVaryHeaders(r, ['Cookie', 'Accept-Language']);
  assert.is(r.get('Vary'), 'Accept-Encoding, cookie, Accept-Language');
  assert.ok(hasVaryHeader(r, 'ACCEPT-LANGUAGE'));
  assert.not.ok(hasVaryHeader(r, 'Origin'));
});

test("patchVaryHeaders: '*' absorbs every other header, given or already there", () => {
  const given = new HttpResponse('');
  patchVaryHeaders(given, ['*']);
  assert.is(given.get('Vary'), '*');
  const there = new HttpResponse('');
  there.set('Vary', 'Cookie');
  patchVaryHeaders(there, ['*', 'Origin']);
  assert.is(there.get('Vary'), '*');
});

test('getCacheKey: null until learnCacheKey stores the header list; then Django\'s key, with the key prefix given or the setting\'s', async () => {
  useCacheSettings();
  await caches.get().clear();
  const request = await get('/cache/test/');
  const response = new HttpResponse();
  assert.is(await getCacheKey(request), null);
  await learnCacheKey(request, response);
  // The same key Django computes for this request (its CacheUtils.test_get_cache_key).
  assert.is(await getCacheKey(request), `views.decorators.cache.cache_page.settingsprefix.GET.18a03f9c9649f7d684af5db3524f5c99.${EMPTY_MD5}`);
  await learnCacheKey(request, response, undefined, 'localprefix');
  assert.is(await getCacheKey(request, 'localprefix'), `views.decorators.cache.cache_page.localprefix.GET.18a03f9c9649f7d684af5db3524f5c99.${EMPTY_MD5}`);
  resetSettings();
});

test('getCacheKey: the query string is part of the key', async () => {
  useCacheSettings();
  await caches.get().clear();
  const request = await get('/cache/test/?test=1');
  await learnCacheKey(request, new HttpResponse());
  assert.is(await getCacheKey(request), `views.decorators.cache.cache_page.settingsprefix.GET.beaf87a9a99ee81c673ea2d67ccbec2a.${EMPTY_MD5}`);
  resetSettings();
});

test('learnCacheKey: the headers Vary names go into the key, so requests differing in them get different keys', async () => {
  useCacheSettings();
  await caches.get().clear();
  const response = new HttpResponse();
  response.set('Vary', 'Pony, accept-encoding');
  const gzip = await get('/cache/test/', { 'accept-encoding': 'gzip' });
  const key = await learnCacheKey(gzip, response);
  assert.equal(await caches.get().get('views.decorators.cache.cache_header.settingsprefix.18a03f9c9649f7d684af5db3524f5c99'), ['HTTP_ACCEPT_ENCODING', 'HTTP_PONY']);
  assert.is(await getCacheKey(gzip), key);
  const plain = await get('/cache/test/', { 'accept-encoding': 'identity' });
  assert.is.not(await getCacheKey(plain), key);
  // A HEAD request learns a HEAD key; a GET lookup for it finds the GET key
  const head = await get('/cache/test/', { 'accept-encoding': 'gzip' }, 'HEAD');
  assert.match(await learnCacheKey(head, response), /\.HEAD\./);
  assert.match((await getCacheKey(head))!, /\.GET\./);
  resetSettings();
});

test('cache keys keep their length for any URL (a hostile 10,000-character path fits a DatabaseCache key)', async () => {
  useCacheSettings();
  const short = await learnCacheKey(await get('/a/'), new HttpResponse());
  const long = await learnCacheKey(await get(`/${'x'.repeat(10_000)}/?q=${'%00'.repeat(500)}`), new HttpResponse());
  assert.is(long.length, short.length);
  assert.ok(long.length < 255);
  resetSettings();
});

test('getMaxAge: the integer max-age of Cache-Control, else null', () => {
  const r = (cc?: string) => {
    const response = new HttpResponse();
    if (cc !== undefined) response.set('Cache-Control', cc);
    return getMaxAge(response);
  };
  assert.is(r(), null);
  assert.is(r('public'), null);
  assert.is(r('max-age=3600'), 3600);
  assert.is(r('private, Max-Age=0'), 0);
  assert.is(r('max-age=nope'), null);
  assert.is(r('max-age=1.5'), null);
  assert.is(r('s-maxage=10, max-age=20'), 20);
});

test('patchResponseHeaders: Expires and max-age from the timeout, CACHE_MIDDLEWARE_SECONDS by default; never negative', () => {
  useCacheSettings();
  const response = new HttpResponse();
  patchResponseHeaders(response);
  assert.is(response.get('Cache-Control'), 'max-age=1');
  assert.ok(response.has('Expires'));
  const negative = new HttpResponse();
  patchResponseHeaders(negative, -5);
  assert.is(negative.get('Cache-Control'), 'max-age=0');
  resetSettings();
});

test.run();
