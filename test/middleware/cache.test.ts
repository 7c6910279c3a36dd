import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  HttpResponse,
  HttpResponseNotModified,
  StreamingHttpResponse,
  TemplateResponse,
  cachePage,
  caches,
  configure,
  csrfProtect,
  path,
  resetSettings,
  type HttpRequest,
} from '../../src/index';
import { LocMemCache } from '../../src/core/cache/backends/locmem';
import { httpDate } from '../../src/http/cookie';
import { CacheMiddleware, FetchFromCacheMiddleware, UpdateCacheMiddleware, registerCacheMiddleware } from '../../src/middleware/cache';
import { Client } from '../../src/test/index';

const SITE = ['django.middleware.cache.UpdateCacheMiddleware', 'django.middleware.cache.FetchFromCacheMiddleware'];

// A real LocMemCache that also lists the timeouts it was given.
const sets: Array<{ key: string; timeout: unknown }> = [];
class RecordingCache extends LocMemCache {
  override set(key: string, value: unknown, timeout?: number | null, version?: number): Promise<void> {
    sets.push({ key, timeout });
    return super.set(key, value, timeout, version);
  }
}

let calls = 0;
const counted =
  (make: (request: HttpRequest) => HttpResponse | StreamingHttpResponse) =>
  async (request: HttpRequest) => {
    calls++;
    return make(request);
  };
const hello = counted(() => new HttpResponse(`Hello ${calls}`));
const cookieView = counted(() => {
  const r = new HttpResponse('with a cookie');
  r.setCookie('flavour', 'ginger', { maxAge: 60, httponly: true });
  r.set('Vary', 'Cookie');
  return r;
});
const BINARY = new Uint8Array([0, 255, 128, 10, 13, 0xc3, 0x28]);

const urls = [
  path('hello/', hello),
  path('private/', counted(() => new HttpResponse('mine', { headers: { 'Cache-Control': 'private' } }))),
  path('no-max-age/', counted(() => new HttpResponse('now', { headers: { 'Cache-Control': 'max-age=0' } }))),
  path('short/', counted(() => new HttpResponse('short', { headers: { 'Cache-Control': 'max-age=7' } }))),
  path('stream/', counted(() => new StreamingHttpResponse(['a', 'b']))),
  path('missing/', counted(() => new HttpResponse('gone', { status: 404 }))),
  path('not-modified/', counted(() => new HttpResponseNotModified())),
  path('cookie/', cookieView),
  path('vary/', counted((r) => new HttpResponse(`encoding ${r.headers.get('accept-encoding')}`, { headers: { Vary: 'Accept-Encoding' } }))),
  path('binary/', counted(() => new HttpResponse(BINARY, { contentType: 'application/octet-stream' }))),
  path('decorated/', cachePage(30)(counted(() => new HttpResponse(`decorated ${calls}`)))),
  path('decorated-prefix/', cachePage(30, { keyPrefix: 'other' })(hello)),
  path('decorated-alias/', cachePage(30, { cache: 'second' })(hello)),
  path('decorated-null/', cachePage(null)(counted(() => new HttpResponse('page', { headers: { 'Cache-Control': 'max-age=9' } })))),
  path('template/', cachePage(30)(counted((r) => new TemplateResponse(r, 'page.html', { n: calls })))),
  path('csrf-template/', csrfProtect(counted((r) => new TemplateResponse(r, 'form.html', {})))),
];

test.before(() => {
  registerCacheMiddleware(); // as manouche/node does
});
test.before.each(async () => {
  resetSettings();
  configure({
    ROOT_URLCONF: urls,
    ALLOWED_HOSTS: ['testserver'],
    CACHES: {
      default: { BACKEND: RecordingCache, LOCATION: 'middleware-cache-test' },
      second: { BACKEND: 'manouche.core.cache.backends.locmem.LocMemCache', LOCATION: 'middleware-cache-test-2' },
    },
    TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { templates: { 'page.html': 'Page {{ n }}', 'form.html': '<form>{% csrf_token %}</form>' } } }],
    CACHE_MIDDLEWARE_SECONDS: 120,
  });
  await caches.get('default').clear();
  await caches.get('second').clear();
  calls = 0;
  sets.length = 0;
});
test.after(() => {
  resetSettings();
});

test('site cache: the second GET is answered from the cache without running the view, with Expires, max-age and Age', async () => {
  const c = new Client({ middleware: SITE });
  const first = await c.get('/hello/');
  assert.is(first.text, 'Hello 1');
  assert.is(first.get('Cache-Control'), 'max-age=120');
  assert.ok(first.get('Expires'));
  assert.is(first.get('Age'), null);
  const second = await c.get('/hello/');
  assert.is(second.text, 'Hello 1');
  assert.is(calls, 1);
  assert.equal([second.statusCode, second.get('Content-Type'), second.get('Cache-Control'), second.get('Expires')], [200, 'text/html; charset=utf-8', 'max-age=120', first.get('Expires')]);
  assert.ok(second.get('Age') === '0' || second.get('Age') === '1', `Age ${second.get('Age')}`);
  // CACHE_MIDDLEWARE_SECONDS is the lifetime of both the page and its header list
  assert.equal(sets.map((s) => s.timeout), [120, 120]);
});

test("site cache: Age is the page's max-age less what is left of it until Expires; 0 when the clock went back", async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/hello/');
  const key = sets.find((s) => s.key.includes('cache_page'))!.key;
  const restamp = async (expiresInMs: number) => {
    const page = (await caches.get().get(key)) as { headers: Array<[string, string]> };
    page.headers = page.headers.map(([k, v]) => [k, k.toLowerCase() === 'expires' ? httpDate(Date.now() + expiresInMs) : v]);
    await caches.get().set(key, page);
  };
  await restamp(30_500); // stored about 90 s ago, of 120 (Expires has whole seconds)
  const age = (await c.get('/hello/')).get('Age');
  assert.ok(['89', '90', '91'].includes(age!), `Age ${age}`);
  await restamp(600_000); // expires later than max-age allows
  assert.is((await c.get('/hello/')).get('Age'), '0');
  assert.is(calls, 1);
});

test('site cache: other query strings and POSTs run the view; a POST neither reads nor writes the cache', async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/hello/');
  assert.is((await c.get('/hello/', { page: '2' })).text, 'Hello 2');
  assert.is((await c.post('/hello/')).text, 'Hello 3');
  assert.is((await c.post('/hello/')).text, 'Hello 4');
  assert.is((await c.get('/hello/')).text, 'Hello 1');
});

test('site cache: private, max-age=0, streamed and non-200 responses are not cached', async () => {
  const c = new Client({ middleware: SITE });
  for (const url of ['/private/', '/no-max-age/', '/stream/', '/missing/']) {
    calls = 0;
    await c.get(url);
    await c.get(url);
    assert.is(calls, 2, url);
  }
  assert.is(sets.length, 0);
});

test("site cache: a 304 gets the caching headers but is not stored (Django's test_304_response_has_http_caching_headers_but_not_cached)", async () => {
  const c = new Client({ middleware: SITE });
  const r = await c.get('/not-modified/');
  assert.is(r.statusCode, 304);
  assert.is(r.get('Cache-Control'), 'max-age=120');
  assert.ok(r.get('Expires'));
  await c.get('/not-modified/');
  assert.is(calls, 2);
});

test("site cache: the response's max-age is the page's lifetime", async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/short/');
  await c.get('/short/');
  assert.is(calls, 1);
  assert.equal(sets.map((s) => s.timeout), [7, 7]);
});

test('site cache: a cookie set for a request without cookies, varying on Cookie, is never cached; with cookies sent, the page and its cookie are', async () => {
  const anonymous = new Client({ middleware: SITE });
  await anonymous.get('/cookie/');
  anonymous.cookies.clear();
  await anonymous.get('/cookie/');
  assert.is(calls, 2);
  assert.is(sets.length, 0);

  // The page varies on Cookie, so the second request sends the same Cookie header as the first.
  const known = new Client({ middleware: SITE });
  known.cookies.set('seen', '1');
  await known.get('/cookie/');
  known.cookies.delete('flavour');
  const hit = await known.get('/cookie/');
  assert.is(calls, 3);
  const cookie = hit.cookies.get('flavour');
  assert.ok(cookie, 'the cached page keeps its cookie');
  assert.equal([cookie!.value, cookie!.maxAge, cookie!.httponly], ['ginger', 60, true]);
});

test('site cache: pages vary on the request headers their Vary names', async () => {
  const c = new Client({ middleware: SITE });
  assert.is((await c.get('/vary/', {}, { headers: { 'accept-encoding': 'gzip' } })).text, 'encoding gzip');
  assert.is((await c.get('/vary/', {}, { headers: { 'accept-encoding': 'br' } })).text, 'encoding br');
  assert.is((await c.get('/vary/', {}, { headers: { 'accept-encoding': 'gzip' } })).text, 'encoding gzip');
  assert.is(calls, 2);
});

test('site cache: HEAD is answered from a cached GET; a HEAD-only entry does not answer a GET', async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/hello/');
  const head = await c.head('/hello/');
  assert.is(head.statusCode, 200);
  assert.is(calls, 1);

  calls = 0;
  await c.head('/short/');
  await c.head('/short/');
  assert.is(calls, 1, 'the HEAD page is cached under HEAD');
  await c.get('/short/');
  assert.is(calls, 2, 'a GET is not answered by the HEAD entry');
});

test('site cache: bytes that are not UTF-8 come back unchanged', async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/binary/');
  const hit = await c.get('/binary/');
  assert.is(calls, 1);
  assert.equal([...hit.content], [...BINARY]);
  assert.is(hit.get('Content-Type'), 'application/octet-stream');
});

test('site cache: an entry that is not a cached page (another program, a corrupted store) is a miss, then replaced', async () => {
  const c = new Client({ middleware: SITE });
  await c.get('/hello/');
  const key = sets.find((s) => s.key.includes('cache_page'))!.key;
  for (const junk of ['<html>', 42, null, { status: 200 }, { status: 'x', headers: [], cookies: [], body: '' }]) {
    await caches.get().set(key, junk);
    assert.match((await c.get('/hello/')).text, /^Hello \d+$/);
  }
  assert.is(calls, 6);
  await c.get('/hello/');
  assert.is(calls, 6, 'the last miss stored the page again');
});

test('cachePage: caches one view for its timeout, in the default cache with no prefix unless told', async () => {
  const c = new Client();
  assert.is((await c.get('/decorated/')).text, 'decorated 1');
  assert.is((await c.get('/decorated/')).text, 'decorated 1');
  assert.is(calls, 1);
  assert.ok(sets.every((s) => s.timeout === 30 && s.key.includes('.cache_page..GET.') !== s.key.includes('cache_header')));
});

test('cachePage: its timeout overrides the max-age; null keeps the max-age', async () => {
  const c = new Client();
  await c.get('/decorated-null/');
  await c.get('/decorated-null/');
  assert.is(calls, 1);
  assert.equal(sets.map((s) => s.timeout), [9, 9]);
});

test('cachePage: keyPrefix and cache keep separate entries', async () => {
  const c = new Client();
  await c.get('/decorated-prefix/');
  await c.get('/decorated-prefix/');
  assert.is(calls, 1);
  assert.ok(sets.some((s) => s.key.startsWith('views.decorators.cache.cache_page.other.GET.')));
  await c.get('/decorated-alias/');
  await c.get('/decorated-alias/');
  assert.is(calls, 2);
  assert.is(sets.length, 2, 'the alias view wrote to its own cache, not the default');
});

test('cachePage: a TemplateResponse is rendered, then cached', async () => {
  const c = new Client();
  assert.is((await c.get('/template/')).text, 'Page 1');
  assert.is((await c.get('/template/')).text, 'Page 1');
  assert.is(calls, 1);
});

test("a decorator's processResponse sees the rendered page: csrfProtect on a TemplateResponse sends the cookie its {% csrf_token %} needs", async () => {
  const c = new Client();
  const r = await c.get('/csrf-template/');
  assert.match(r.text, /name="csrfmiddlewaretoken"/);
  assert.ok(r.cookies.get('csrftoken'), 'csrftoken cookie set');
});

test('a cache middleware name that does not exist says how the cache middleware gets its names', async () => {
  const c = new Client({ middleware: ['django.middleware.cache.UpdateCacheMiddlewar'], raiseRequestException: false });
  const error = await c.get('/hello/').then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(String(error), /no middleware is registered as 'django.middleware.cache.UpdateCacheMiddlewar' \(registerCacheMiddleware\(\) from 'manouche\/middleware' names the cache middleware; manouche\/node does it\)/);
});

test('cachePage: a timeout that is not a number is a TypeError naming it', () => {
  assert.throws(() => cachePage('60' as never), /cachePage: timeout must be a number of seconds or null, got "60"/);
  assert.throws(() => cachePage(Number.NaN), /got NaN/);
});

test('CacheMiddleware: an unknown cache alias is an error naming it', async () => {
  const mw = new CacheMiddleware(async () => new HttpResponse('x'), { cacheAlias: 'nope' });
  const c = new Client();
  const request = (await c.get('/hello/')).request;
  const error = await mw.call(request).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(String(error), /The connection 'nope' doesn't exist/);
});

test('the middleware read their settings when built; CacheMiddleware takes its own options as Django\'s does', () => {
  configure({ CACHE_MIDDLEWARE_ALIAS: 'second', CACHE_MIDDLEWARE_KEY_PREFIX: 'site', CACHE_MIDDLEWARE_SECONDS: 5 });
  const getResponse = async () => new HttpResponse();
  const update = new UpdateCacheMiddleware(getResponse);
  assert.equal([update.cacheAlias, update.keyPrefix, update.cacheTimeout, update.pageTimeout], ['second', 'site', 5, null]);
  const fetch = new FetchFromCacheMiddleware(getResponse);
  assert.equal([fetch.cacheAlias, fetch.keyPrefix], ['second', 'site']);
  const plain = new CacheMiddleware(getResponse);
  assert.equal([plain.cacheAlias, plain.keyPrefix, plain.cacheTimeout, plain.pageTimeout], ['second', 'site', 5, null]);
  // null means the defaults ('default', ''), as cache_page passes them
  const fromDecorator = new CacheMiddleware(getResponse, { pageTimeout: 3, cacheAlias: null, keyPrefix: null });
  assert.equal([fromDecorator.cacheAlias, fromDecorator.keyPrefix, fromDecorator.cacheTimeout, fromDecorator.pageTimeout], ['default', '', 5, 3]);
  const given = new CacheMiddleware(getResponse, { cacheTimeout: 60, cacheAlias: 'default', keyPrefix: 'p' });
  assert.equal([given.cacheAlias, given.keyPrefix, given.cacheTimeout], ['default', 'p', 60]);
});

test.run();
