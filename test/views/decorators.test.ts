import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  HttpResponse,
  cacheControl,
  condition,
  configure,
  neverCache,
  path,
  patchCacheControl,
  requireGET,
  requirePOST,
  requireSafe,
  resetSettings,
  setViewLogger,
  varyOnHeaders,
} from '../../src/index';
import { HttpRequest } from '../../src/http/request';
import { Client } from '../../src/test/index';

const modified = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
let viewCalls = 0;
const page = (text: string) => async (_r: HttpRequest) => {
  viewCalls++;
  return new HttpResponse(text);
};

const urls = [
  path('get-only/', requireGET(page('g'))),
  path('post-only/', requirePOST(page('p'))),
  path('safe/', requireSafe(page('s'))),
  path('cond/', condition({ etag: () => 'v1', lastModified: () => modified })(page('conditional'))),
  path('cached/', cacheControl({ maxAge: 3600, public: true })(page('c'))),
  path('never/', neverCache(page('n'))),
  path('vary/', varyOnHeaders('Accept-Language', 'Cookie')(page('v'))),
];

test.before(() => {
  resetSettings();
  configure({ ROOT_URLCONF: urls });
  setViewLogger(() => {});
});
test.after(() => {
  resetSettings();
  setViewLogger((m) => console.warn(m));
});

test('requireGET/POST/Safe answer 405 with Allow for other methods', async () => {
  const c = new Client();
  assert.is((await c.get('/get-only/')).statusCode, 200);
  const r = await c.post('/get-only/');
  assert.equal([r.statusCode, r.get('allow')], [405, 'GET']);
  assert.is((await c.get('/post-only/')).get('allow'), 'POST');
  assert.is((await c.head('/safe/')).statusCode, 200);
  assert.is((await c.delete('/safe/')).get('allow'), 'GET, HEAD');
});

test('condition() answers 304 before the view runs, and 412 for a failed If-Match', async () => {
  const c = new Client();
  viewCalls = 0;
  const fresh = await c.get('/cond/');
  assert.equal([fresh.statusCode, fresh.get('etag'), fresh.get('last-modified')], [200, '"v1"', 'Mon, 01 Jan 2024 12:00:00 GMT']);
  const nm = await c.get('/cond/', undefined, { headers: { 'If-None-Match': '"v1"' } });
  assert.is(nm.statusCode, 304);
  const weak = await c.get('/cond/', undefined, { headers: { 'If-None-Match': 'W/"v1", "other"' } });
  assert.is(weak.statusCode, 304);
  const since = await c.get('/cond/', undefined, { headers: { 'If-Modified-Since': 'Mon, 01 Jan 2024 12:00:00 GMT' } });
  assert.is(since.statusCode, 304);
  const older = await c.get('/cond/', undefined, { headers: { 'If-Modified-Since': 'Sun, 31 Dec 2023 12:00:00 GMT' } });
  assert.is(older.statusCode, 200);
  const put = await c.put('/cond/', '', { headers: { 'If-Match': '"v0"' } });
  assert.is(put.statusCode, 412);
  assert.is(viewCalls, 2);
});

test('cacheControl, neverCache and varyOnHeaders patch the headers as Django does', async () => {
  const c = new Client();
  assert.is((await c.get('/cached/')).get('cache-control'), 'max-age=3600, public');
  const never = await c.get('/never/');
  assert.is(never.get('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private');
  assert.ok(never.has('expires'));
  assert.is((await c.get('/vary/')).get('vary'), 'Accept-Language, Cookie');
  const r = new HttpResponse();
  r.set('Cache-Control', 'private, max-age=100, no-cache=Set-Cookie');
  patchCacheControl(r, { public: true, maxAge: 50, noCache: 'X' });
  assert.is(r.get('cache-control'), 'max-age=50, no-cache=Set-Cookie, no-cache=X, public');
});

test('decoratorFromMiddleware: an early answer skips the view and processResponse; processException answers for a throwing view (Django\'s make_middleware_decorator)', async () => {
  const { decoratorFromMiddleware } = await import('../../src/views/decorators/middleware');
  const seen: string[] = [];
  class Gate {
    constructor(_getResponse: unknown) {}
    processRequest(request: HttpRequest) {
      seen.push('request');
      return request.GET.get('stop') ? new HttpResponse('stopped', { status: 403 }) : null;
    }
    processException(_request: HttpRequest, error: unknown) {
      seen.push('exception');
      return (error as Error).message === 'handled' ? new HttpResponse('recovered', { status: 500 }) : null;
    }
    processResponse(_request: HttpRequest, response: HttpResponse) {
      seen.push('response');
      response.set('X-Gate', 'passed');
      return response;
    }
  }
  const gate = decoratorFromMiddleware(Gate);
  const ok = gate(async (request: HttpRequest) => {
    seen.push('view');
    if (request.GET.get('fail')) throw new Error(request.GET.get('fail')!);
    return new HttpResponse('ok');
  });
  const call = (query: string) => HttpRequest.create(new Request(`http://testserver/?${query}`)).then((r) => (ok as (r: HttpRequest, kwargs: object) => Promise<HttpResponse>)(r, {}));
  const passed = await call('');
  assert.equal([passed.get('X-Gate'), seen.splice(0)], ['passed', ['request', 'view', 'response']]);
  const stopped = await call('stop=1');
  assert.equal([stopped.statusCode, stopped.get('X-Gate'), seen.splice(0)], [403, null, ['request']]);
  const recovered = await call('fail=handled');
  assert.equal([recovered.statusCode, seen.splice(0)], [500, ['request', 'view', 'exception']]);
  const error = await call('fail=other').then(
    () => undefined,
    (e: Error) => e.message,
  );
  assert.equal([error, seen.splice(0)], ['other', ['request', 'view', 'exception']]);
});

test.run();
