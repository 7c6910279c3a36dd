// Django's CacheUtils tests of get_cache_key / learn_cache_key (the cache middleware's keys).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../src/conf/settings';
import { caches } from '../../src/core/cache/index';
import { HttpRequest } from '../../src/http/request';
import { HttpResponse } from '../../src/http/response';
import { getCacheKey, learnCacheKey } from '../../src/middleware/cache';

// Django's CacheUtils settings; its requests come from RequestFactory(HTTP_HOST='www.example.com').
function useCacheSettings(): void {
  resetSettings();
  configure({ CACHE_MIDDLEWARE_KEY_PREFIX: 'settingsprefix', CACHE_MIDDLEWARE_SECONDS: 1, ALLOWED_HOSTS: ['.example.com'], CACHES: { default: { BACKEND: 'manouche.core.cache.backends.locmem.LocMemCache', LOCATION: 'utils-cache-test' } } });
}
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => HttpRequest.create(new Request(`http://www.example.com${path}`, { method, headers }));
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

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

test.run();
