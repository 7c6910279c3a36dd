import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DisallowedHost,
  HttpRequest,
  ImproperlyConfigured,
  QueryDict,
  RequestDataTooBig,
  TooManyFieldsSent,
  BadRequest,
  configure,
  resetSettings,
} from '../../src/index';
import { MultiValueDictKeyError } from '../../src/http/querydict';
import { csrf } from '../../src/http/context-processors';
import { unmaskCipherToken } from '../../src/middleware/csrf';

test.before.each(() => {
  resetSettings();
});
test.after(() => {
  resetSettings();
});

const isA = (C: abstract new (...a: any[]) => unknown) => (e: unknown) => e instanceof C;
const req = (url: string, init?: RequestInit) => HttpRequest.create(new Request(url, init));

test('QueryDict keeps every value: get answers the last, getlist all, urlencode round-trips', () => {
  const q = new QueryDict('a=1&a=2&c=3&e=&sp=a+b%20c&u=%C3%A9');
  assert.is(q.get('a'), '2');
  assert.equal(q.getlist('a'), ['1', '2']);
  assert.is(q.get('e'), '');
  assert.is(q.get('sp'), 'a b c');
  assert.is(q.get('u'), 'é');
  assert.is(q.get('missing'), null);
  assert.is(q.get('missing', 'dflt'), 'dflt');
  assert.equal(q.items(), [['a', '2'], ['c', '3'], ['e', ''], ['sp', 'a b c'], ['u', 'é']]);
  assert.equal(q.lists()[0], ['a', ['1', '2']]);
  assert.is(q.urlencode(), 'a=1&a=2&c=3&e=&sp=a+b+c&u=%C3%A9');
  assert.is(new QueryDict('next=/a%26b/').urlencode('/'), 'next=/a%26b/');
  assert.throws(() => q.getItem('missing'), isA(MultiValueDictKeyError));
});

test('a parsed QueryDict is immutable until copied', () => {
  const q = new QueryDict('a=1');
  assert.throws(() => q.set('a', '2'), /This QueryDict instance is immutable/);
  assert.throws(() => q.appendlist('a', '2'), /immutable/);
  const copy = q.copy();
  copy.appendlist('a', '2');
  copy.set('b', 'x');
  assert.equal(copy.getlist('a'), ['1', '2']);
  assert.equal(q.getlist('a'), ['1']);
  assert.ok(new QueryDict(null, { mutable: true }).isMutable);
});

test('more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS is TooManyFieldsSent', () => {
  configure({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 2 });
  assert.is(new QueryDict('a=1&b=2').size, 2);
  assert.throws(() => new QueryDict('a=1&b=2&c=3'), isA(TooManyFieldsSent));
});

test('method, path, pathInfo, GET and the full path come from the fetch Request', async () => {
  const r = await req('http://testserver/caf%C3%A9/a%20b/?q=1&q=2');
  assert.is(r.method, 'GET');
  assert.is(r.path, '/café/a b/');
  assert.is(r.pathInfo, '/café/a b/');
  assert.equal(r.GET.getlist('q'), ['1', '2']);
  assert.is(r.getFullPath(), '/caf%C3%A9/a%20b/?q=1&q=2');
  assert.is(r.getFullPath(true), '/caf%C3%A9/a%20b/?q=1&q=2');
  const noSlash = await req('http://testserver/x?a=1');
  assert.is(noSlash.getFullPath(true), '/x/?a=1');
  const mounted = await HttpRequest.create(new Request('http://testserver/app/polls/'), { scriptName: '/app' });
  assert.is(mounted.path, '/app/polls/');
  assert.is(mounted.pathInfo, '/polls/');
  const broken = await req('http://testserver/%E2%28%A1/');
  assert.is(broken.path, '/%E2(%A1/');
});

test('urlencoded POST bodies fill POST; other methods leave POST empty with the body readable', async () => {
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'choice=3&tag=a&tag=b' };
  const r = await req('http://testserver/vote/', form);
  assert.is(r.POST.get('choice'), '3');
  assert.equal(r.POST.getlist('tag'), ['a', 'b']);
  assert.is(new TextDecoder().decode(r.body), 'choice=3&tag=a&tag=b');
  const put = await req('http://testserver/x/', { ...form, method: 'PUT' });
  assert.is(put.POST.size, 0);
  assert.is(new TextDecoder().decode(put.body), 'choice=3&tag=a&tag=b');
});

test('request.json() parses the body; invalid JSON is a BadRequest', async () => {
  const r = await req('http://testserver/api/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a": [1, 2]}' });
  assert.equal(r.json(), { a: [1, 2] });
  assert.is(r.POST.size, 0);
  const bad = await req('http://testserver/api/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
  assert.throws(() => bad.json(), isA(BadRequest));
});

test('a body above DATA_UPLOAD_MAX_MEMORY_SIZE raises RequestDataTooBig when the view reads it, not before', async () => {
  configure({ DATA_UPLOAD_MAX_MEMORY_SIZE: 10 });
  const declared = await req('http://testserver/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=' + 'x'.repeat(20) });
  assert.is(declared.method, 'POST');
  assert.throws(() => declared.POST, isA(RequestDataTooBig));
  assert.throws(() => declared.body, isA(RequestDataTooBig));
  // A chunked body with no Content-Length is counted as it is read.
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('a=xxxxxx'));
      c.enqueue(new TextEncoder().encode('xxxxxxxx'));
      c.close();
    },
  });
  const chunked = await req('http://testserver/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
  assert.throws(() => chunked.body, isA(RequestDataTooBig));
  configure({ DATA_UPLOAD_MAX_MEMORY_SIZE: null });
  const unlimited = await req('http://testserver/', { method: 'POST', body: 'x'.repeat(100) });
  assert.is(unlimited.body.length, 100);
});

test('a request read before load() says how to build it', () => {
  const r = new HttpRequest(new Request('http://testserver/', { method: 'POST', body: 'a=1' }));
  assert.throws(() => r.body, isA(ImproperlyConfigured));
});

test('COOKIES parse like Django (quoted values, last duplicate wins, nameless chunks)', async () => {
  const r = await req('http://testserver/', { headers: { cookie: 'a=1; b="x\\"y"; a=2; bare; sessionid=abc' } });
  assert.equal(r.COOKIES, { a: '2', b: 'x"y', '': 'bare', sessionid: 'abc' });
});

test('META entries the framework keeps (CSRF_COOKIE) are set and read without building META, and are in META once built', async () => {
  const r = await req('http://example.com/a', { headers: { 'x-custom': 'v' } });
  const built = () => (r as unknown as { meta: unknown }).meta !== null;
  assert.is(r.metaEntry('CSRF_COOKIE'), undefined);
  r.setMetaEntry('CSRF_COOKIE', 's1');
  r.setMetaEntry('CSRF_COOKIE_NEEDS_UPDATE', true);
  assert.is(r.metaEntry('CSRF_COOKIE'), 's1');
  assert.not.ok(built());
  // a key META derives from the request is read from META (building it)
  assert.is(r.metaEntry('HTTP_X_CUSTOM'), 'v');
  assert.ok(built());
  assert.is(r.META.CSRF_COOKIE, 's1');
  assert.is(r.META.CSRF_COOKIE_NEEDS_UPDATE as unknown, true);
  // once built, entries write through to META
  r.setMetaEntry('CSRF_COOKIE', 's2');
  assert.is(r.META.CSRF_COOKIE, 's2');
  r.META.CSRF_COOKIE = 's3';
  assert.is(r.metaEntry('CSRF_COOKIE'), 's3');
  // a derived key asked of a request whose META is not built comes from the request
  const s = await req('http://example.com/a');
  assert.is(s.metaEntry('SERVER_NAME'), 'example.com');
});

test('the csrf context processor: a token for a request (its secret in the entry slot) or any object with META, NOTPROVIDED for anything else', async () => {
  const r = await req('http://example.com/');
  const token = String(csrf(r).csrf_token);
  assert.match(token, /^[A-Za-z0-9]{64}$/);
  assert.is(unmaskCipherToken(token), r.metaEntry('CSRF_COOKIE'));
  assert.is((r as unknown as { meta: unknown }).meta, null, 'META was built');
  const plain = { META: {} as Record<string, unknown> };
  assert.match(String(csrf(plain).csrf_token), /^[A-Za-z0-9]{64}$/);
  assert.type(plain.META.CSRF_COOKIE, 'string');
  for (const bad of [undefined, null, 'GET /', 42, {}, { META: null }]) assert.is(String(csrf(bad).csrf_token), 'NOTPROVIDED', String(bad));
});

test('META has the CGI names: HTTP_* headers, CONTENT_TYPE, SERVER_NAME/PORT, REMOTE_ADDR', async () => {
  const r = await HttpRequest.create(new Request('https://example.com:8443/p?x=1', { method: 'POST', headers: { 'x-custom': 'v', 'content-type': 'text/plain' }, body: 'hi' }), { remoteAddr: '10.0.0.1' });
  assert.is(r.META.HTTP_X_CUSTOM, 'v');
  assert.is(r.META.CONTENT_TYPE, 'text/plain');
  assert.is(r.META.SERVER_NAME, 'example.com');
  assert.is(r.META.SERVER_PORT, '8443');
  assert.is(r.META.QUERY_STRING, 'x=1');
  assert.is(r.META.REMOTE_ADDR, '10.0.0.1');
  assert.is(r.META.REQUEST_METHOD, 'POST');
  assert.is(r.headers.get('X-Custom'), 'v');
});

test('getHost validates against ALLOWED_HOSTS, with the DEBUG localhost defaults', async () => {
  configure({ ALLOWED_HOSTS: ['.example.com', 'exact.org'] });
  assert.is((await req('http://www.example.com/')).getHost(), 'www.example.com');
  assert.is((await req('http://example.com:8000/')).getHost(), 'example.com:8000');
  assert.is((await req('http://exact.org/')).getHost(), 'exact.org');
  const evil = await req('http://evil.com/', { headers: { host: 'evil.com' } });
  assert.throws(() => evil.getHost(), (e: Error) => e instanceof DisallowedHost && /Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS./.test(e.message));
  const bad = await req('http://example.com/', { headers: { host: 'bad host!' } });
  assert.throws(() => bad.getHost(), /not valid according to RFC 1034\/1035/);
  configure({ ALLOWED_HOSTS: [], DEBUG: true });
  assert.is((await req('http://localhost:8000/')).getHost(), 'localhost:8000');
  assert.is((await req('http://app.localhost/')).getHost(), 'app.localhost');
  assert.is((await req('http://[::1]:8000/')).getHost(), '[::1]:8000');
  assert.throws(() => evil.getHost(), isA(DisallowedHost));
  configure({ DEBUG: false });
  const local = await req('http://localhost/');
  assert.throws(() => local.getHost(), isA(DisallowedHost));
  configure({ ALLOWED_HOSTS: ['*'] });
  assert.is(evil.getHost(), 'evil.com');
});

test('isSecure and buildAbsoluteUri follow SECURE_PROXY_SSL_HEADER and USE_X_FORWARDED_HOST', async () => {
  configure({ ALLOWED_HOSTS: ['*'] });
  const r = await req('http://example.com/a/b/?x=1', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'proxy.example' } });
  assert.not.ok(r.isSecure());
  assert.is(r.buildAbsoluteUri(), 'http://example.com/a/b/?x=1');
  configure({ SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'], USE_X_FORWARDED_HOST: true });
  assert.ok(r.isSecure());
  assert.is(r.buildAbsoluteUri(), 'https://proxy.example/a/b/?x=1');
  assert.is(r.buildAbsoluteUri('/c/'), 'https://proxy.example/c/');
  assert.is(r.buildAbsoluteUri('d/'), 'https://proxy.example/a/b/d/');
  assert.is(r.buildAbsoluteUri('../e'), 'https://proxy.example/a/e');
  assert.is(r.buildAbsoluteUri('https://other.org/x'), 'https://other.org/x');
  configure({ SECURE_PROXY_SSL_HEADER: 'bad' as never });
  assert.throws(() => r.scheme, isA(ImproperlyConfigured));
});

test.run();
