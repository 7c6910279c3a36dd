import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http/response';
import { getMaxAge, hasVaryHeader, patchResponseHeaders, patchVaryHeaders } from '../../src/utils/cache';

// Django's CacheUtils settings; its requests come from RequestFactory(HTTP_HOST='www.example.com').
function useCacheSettings(): void {
  resetSettings();
  configure({ CACHE_MIDDLEWARE_KEY_PREFIX: 'settingsprefix', CACHE_MIDDLEWARE_SECONDS: 1, ALLOWED_HOSTS: ['.example.com'], CACHES: { default: { BACKEND: 'manouche.core.cache.backends.locmem.LocMemCache', LOCATION: 'utils-cache-test' } } });
}

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
