import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzipSync } from 'node:zlib';
import { HttpResponse, StreamingHttpResponse, configure, createApp, noAppendSlash, path, resetSettings, type HttpRequest } from '../../src/index';
import { Client } from '../../src/test/index';

const long = 'Manouche '.repeat(100);
const urls = [
  path('page/', () => new HttpResponse(long)),
  path('tiny/', () => new HttpResponse('tiny')),
  path('encoded/', () => new HttpResponse(long, { headers: { 'Content-Encoding': 'br' } })),
  path('tagged/', () => new HttpResponse(long, { headers: { ETag: '"abc"' } })),
  path('stream/', () => new StreamingHttpResponse(['part one, ', 'part two'])),
  path('noslash/', noAppendSlash(async (_r: HttpRequest) => new HttpResponse('x'))),
  path('nostore/', () => new HttpResponse(long, { headers: { 'Cache-Control': 'no-store' } })),
];

test.before.each(() => {
  resetSettings();
  configure({ ROOT_URLCONF: urls, ALLOWED_HOSTS: ['testserver', 'example.com', 'www.example.com'] });
});
test.after(() => {
  resetSettings();
});

const common = ['manouche.middleware.common.CommonMiddleware'];

test('MiddlewareMixin: hooks may answer synchronously, with a promise or with any thenable', async () => {
  const { MiddlewareMixin } = await import('../../src/middleware/mixin');
  const seen: string[] = [];
  const view = async () => {
    seen.push('view');
    return new HttpResponse('from view');
  };
  const early = new HttpResponse('early');
  const wrap = (n: string, tag: (r: HttpResponse) => unknown) =>
    class extends MiddlewareMixin {
      override processResponse(_q: HttpRequest, r: HttpResponse): any {
        r.set(`x-${n}`, '1');
        return tag(r);
      }
    };
  const forms: Array<[string, (r: HttpResponse) => unknown]> = [
    ['sync', (r) => r],
    ['promise', (r) => Promise.resolve(r)],
    ['thenable', (r) => ({ then: (ok: (v: unknown) => void) => ok(r) })],
  ];
  for (const [name, tag] of forms) {
    seen.length = 0;
    const M = wrap(name, tag);
    const out = await new M(view as any).call({} as HttpRequest);
    assert.is((out as HttpResponse).text, 'from view', name);
    assert.is(out.get(`x-${name}`), '1', name);
    assert.equal(seen, ['view']);
  }
  for (const [name, answer] of [['sync', () => early], ['promise', async () => early], ['thenable', () => ({ then: (ok: (v: unknown) => void) => ok(early) })], ['none', () => null]] as const) {
    seen.length = 0;
    const M = class extends MiddlewareMixin {
      override processRequest(): any {
        return answer();
      }
    };
    const out = await new M(view as any).call({} as HttpRequest);
    assert.is((out as HttpResponse).text, name === 'none' ? 'from view' : 'early', name);
    assert.equal(seen, name === 'none' ? ['view'] : [], `${name}: the view runs only without an early answer`);
  }
});

test('MiddlewareMixin: processResponse sees early answers too; a hook that throws gives a rejected promise, never a synchronous throw', async () => {
  const { MiddlewareMixin } = await import('../../src/middleware/mixin');
  const view = async () => new HttpResponse('from view');
  for (const [name, answer] of [['sync', () => new HttpResponse('early')], ['promise', async () => new HttpResponse('early')], ['promise of none', async () => null]] as const) {
    const M = class extends MiddlewareMixin {
      override processRequest(): any {
        return answer();
      }
      override processResponse(_q: HttpRequest, r: HttpResponse): HttpResponse {
        r.set('x-seen', name);
        return r;
      }
    };
    const out = (await new M(view as any).call({} as HttpRequest)) as HttpResponse;
    assert.is(out.text, name === 'promise of none' ? 'from view' : 'early', name);
    assert.is(out.get('x-seen'), name);
  }
  for (const hook of ['processRequest', 'processResponse'] as const) {
    const M = class extends MiddlewareMixin {};
    (M.prototype as any)[hook] = () => {
      throw new Error(`${hook} failed`);
    };
    let pending: Promise<unknown> | undefined;
    assert.not.throws(() => void (pending = new M(view as any).call({} as HttpRequest)), hook);
    const error = await pending!.then(() => null, (e: Error) => e);
    assert.is(error?.message, `${hook} failed`);
  }
});

test('CommonMiddleware: APPEND_SLASH redirects (301) only when the slashed path resolves, keeping the query', async () => {
  const c = new Client({ middleware: common });
  const r = await c.get('/page?x=1');
  assert.equal([r.statusCode, r.get('location')], [301, '/page/?x=1']);
  assert.is((await c.get('/missing')).statusCode, 404);
  assert.is((await c.get('/noslash')).statusCode, 404);
  configure({ APPEND_SLASH: false });
  assert.is((await c.get('/page')).statusCode, 404);
});

test('CommonMiddleware: with DEBUG, a POST to an unslashed URL explains the problem instead of losing the data', async () => {
  configure({ DEBUG: true });
  const c = new Client({ middleware: common, raiseRequestException: false });
  const r = await c.post('/page', { a: '1' });
  assert.is(r.statusCode, 500);
  assert.match(r.text, /You called this URL via POST, but the URL doesn(&#x27;|')t end in a slash/);
});

test('CommonMiddleware: PREPEND_WWW, DISALLOWED_USER_AGENTS, a bad Host and Content-Length', async () => {
  const c = new Client({ middleware: common });
  configure({ PREPEND_WWW: true });
  const www = await c.get('/page/', undefined, { headers: { host: 'example.com' } });
  assert.equal([www.statusCode, www.get('location')], [301, 'http://www.example.com/page/']);
  configure({ PREPEND_WWW: false, DISALLOWED_USER_AGENTS: [/evilbot/i] });
  assert.is((await c.get('/page/', undefined, { headers: { 'user-agent': 'EvilBot/1.0' } })).statusCode, 403);
  const evil = await c.get('/page/', undefined, { headers: { host: 'evil.com' } });
  assert.is(evil.statusCode, 400);
  const ok = await c.get('/page/');
  assert.is(ok.get('content-length'), String(long.length));
});

test('GZipMiddleware compresses what is worth it, varies on Accept-Encoding, and pads the header against BREACH', async () => {
  const app = createApp({ middleware: ['manouche.middleware.gzip.GZipMiddleware'], log: () => {} });
  const fetch = (p: string, ae = 'gzip, deflate') => app.fetch(new Request('http://testserver' + p, { headers: { 'accept-encoding': ae } }));
  const sizes = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const r = await fetch('/page/');
    assert.is(r.headers.get('content-encoding'), 'gzip');
    assert.is(r.headers.get('vary'), 'Accept-Encoding');
    const body = new Uint8Array(await r.arrayBuffer());
    assert.is(Number(r.headers.get('content-length')), body.length);
    assert.is(gunzipSync(body).toString(), long);
    sizes.add(body.length);
  }
  assert.ok(sizes.size > 1, 'the compressed length varies from response to response');
  assert.is((await fetch('/tiny/')).headers.get('content-encoding'), null);
  assert.is((await fetch('/encoded/')).headers.get('content-encoding'), 'br');
  assert.is((await fetch('/page/', 'identity')).headers.get('content-encoding'), null);
  assert.is((await fetch('/tagged/')).headers.get('etag'), 'W/"abc"');
  const stream = await fetch('/stream/');
  assert.is(stream.headers.get('content-encoding'), 'gzip');
  assert.is(gunzipSync(new Uint8Array(await stream.arrayBuffer())).toString(), 'part one, part two');
});

test('ConditionalGetMiddleware adds an MD5 ETag and answers 304 to a matching If-None-Match', async () => {
  const c = new Client({ middleware: ['manouche.middleware.http.ConditionalGetMiddleware'] });
  const first = await c.get('/page/');
  const etag = first.get('etag')!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await c.get('/page/', undefined, { headers: { 'If-None-Match': etag } });
  assert.is(again.statusCode, 304);
  assert.is(again.get('etag'), etag);
  assert.is((await c.get('/nostore/')).get('etag'), null);
  assert.is((await c.post('/page/', {}, { headers: { 'If-None-Match': etag } })).statusCode, 200);
});

test.run();
