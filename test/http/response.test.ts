import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ContentNotRenderedError,
  DisallowedRedirect,
  FileResponse,
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseServerError,
  HttpResponseNotModified,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  JsonResponse,
  SimpleTemplateResponse,
  StreamingHttpResponse,
  TemplateResponse,
  configure,
  resetSettings,
  Engine,
  SimpleUploadedFile,
} from '../../src/index';

const isA = (C: abstract new (...a: any[]) => unknown) => (e: unknown) => e instanceof C;
const text = (r: Response) => r.text();

test.after(() => {
  resetSettings();
});

test('HttpResponse holds text as bytes in its charset, with Django defaults for status and Content-Type', async () => {
  const r = new HttpResponse('héllo');
  assert.is(r.statusCode, 200);
  assert.is(r.reasonPhrase, 'OK');
  assert.is(r.get('Content-Type'), 'text/html; charset=utf-8');
  assert.equal([...r.content], [...new TextEncoder().encode('héllo')]);
  r.write(' world');
  assert.is(r.text, 'héllo world');
  const latin = new HttpResponse('é', { contentType: 'text/plain; charset=iso-8859-1' });
  assert.equal([...latin.content], [0xe9]);
  assert.is(latin.charset, 'iso-8859-1');
  assert.throws(() => new HttpResponse('', { status: 600 }), /from 100 to 599/);
  assert.throws(() => new HttpResponse('', { status: 2.5 }), /must be an integer/);
  assert.throws(() => new HttpResponse('', { contentType: 'text/plain', headers: { 'Content-Type': 'text/html' } }), /must not contain 'Content-Type'/);
  assert.throws(() => r.set('X-Bad', 'a\r\nSet-Cookie: x=1'), /newlines/);
  const fetched = r.toResponse();
  assert.is(fetched.status, 200);
  assert.is(await text(fetched), 'héllo world');
  assert.is(new HttpResponse('', { status: 418 }).reasonPhrase, "I'm a Teapot");
});

test('setCookie writes Set-Cookie as Django does (max-age with expires, flags, samesite); deleteCookie expires it', () => {
  const r = new HttpResponse();
  r.setCookie('a', 'b c', { maxAge: 3600, httponly: true, secure: true, samesite: 'Lax', domain: '.example.com' });
  const [header] = r.setCookieHeaders();
  assert.match(header, /^a="b c"; expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Path=\/; Domain=\.example\.com; Max-Age=3600; Secure; HttpOnly; SameSite=Lax$/);
  r.setCookie('plain', 'v', { expires: 'Wed, 21 Oct 2015 07:28:00 GMT' });
  assert.is(r.cookies.get('plain')!.output(), 'plain=v; expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/');
  r.setCookie('dated', 'v', { expires: new Date(Date.now() + 10_000) });
  assert.ok([10, 11].includes(r.cookies.get('dated')!.maxAge as number));
  assert.throws(() => r.setCookie('x', 'y', { samesite: 'sometimes' as never }), /samesite must be "lax", "none", or "strict"/);
  r.deleteCookie('__Host-x');
  assert.is(r.cookies.get('__Host-x')!.output(), '__Host-x=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Max-Age=0; Secure');
  const headers = r.toResponse().headers.getSetCookie();
  assert.is(headers.length, 4);
});

test('JsonResponse serializes like Python json.dumps and refuses non-dicts unless safe is false', async () => {
  const r = new JsonResponse({ a: 1, b: [true, null], c: 'é', d: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) });
  assert.is(r.get('content-type'), 'application/json');
  assert.is(r.text, '{"a": 1, "b": [true, null], "c": "\\u00e9", "d": "2024-01-02T03:04:05Z"}');
  assert.equal(JSON.parse(r.text).c, 'é');
  assert.throws(() => new JsonResponse([1, 2]), /In order to allow non-dict objects to be serialized set the safe parameter to False/);
  assert.is(new JsonResponse([1, 2], { safe: false }).text, '[1, 2]');
  assert.throws(() => new JsonResponse({ f: new (class Thing {})() }), /Object of type Thing is not JSON serializable/);
});

test('pyJsonDumps: Python json.dumps output for nesting, empty containers, undefined members, non-ASCII keys and indent', async () => {
  const { pyJsonDumps } = await import('../../src/http/response');
  const value = { 'é': [1, {}, 'ok'], x: [], skip: undefined, n: { m: null } };
  // Python: json.dumps({"é": [1, {}, "ok"], "x": [], "n": {"m": None}})
  assert.is(pyJsonDumps(value), '{"\\u00e9": [1, {}, "ok"], "x": [], "n": {"m": null}}');
  // Python: json.dumps(..., indent=2)
  assert.is(pyJsonDumps(value, undefined, 2), '{\n  "\\u00e9": [\n    1,\n    {},\n    "ok"\n  ],\n  "x": [],\n  "n": {\n    "m": null\n  }\n}');
  assert.is(pyJsonDumps(Object.assign(Object.create(null), { a: 'b' })), '{"a": "b"}');
});

test('redirects set Location (IRI-encoded) and refuse unsafe schemes', () => {
  const r = new HttpResponseRedirect('/polls/é/?a=b c');
  assert.is(r.statusCode, 302);
  assert.is(r.url, '/polls/%C3%A9/?a=b%20c');
  assert.is(new HttpResponsePermanentRedirect('https://example.com/').statusCode, 301);
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', ' JavaScript:x']) {
    assert.throws(() => new HttpResponseRedirect(bad), (e: unknown) => e instanceof DisallowedRedirect && /Unsafe redirect to URL with protocol/.test((e as Error).message));
  }
  assert.is(new HttpResponseRedirect('ftp://example.com/f').url, 'ftp://example.com/f');
});

test('the status subclasses carry Django\'s codes and reason phrases, keep their content, and take a status override as Django does', async () => {
  const cases: [new (content?: string) => HttpResponse, number, string][] = [
    [HttpResponseBadRequest, 400, 'Bad Request'],
    [HttpResponseForbidden, 403, 'Forbidden'],
    [HttpResponseNotFound, 404, 'Not Found'],
    [HttpResponseGone, 410, 'Gone'],
    [HttpResponseServerError, 500, 'Internal Server Error'],
  ];
  for (const [Cls, code, phrase] of cases) {
    const r = new Cls('why');
    assert.is(r.statusCode, code, Cls.name);
    assert.is(r.reasonPhrase, phrase, Cls.name);
    assert.is(r.get('Content-Type'), 'text/html; charset=utf-8');
    const fetched = r.toResponse();
    assert.is(fetched.status, code);
    assert.is(await text(fetched), 'why');
  }
  assert.is(new HttpResponseGone('', { status: 451 } as never).statusCode, 451, 'an explicit status wins, as in Django');
});

test('NotAllowed lists Allow; NotModified has no content or Content-Type', async () => {
  const r = new HttpResponseNotAllowed(['GET', 'POST']);
  assert.is(r.statusCode, 405);
  assert.is(r.get('allow'), 'GET, POST');
  const nm = new HttpResponseNotModified();
  assert.is(nm.statusCode, 304);
  assert.not.ok(nm.has('content-type'));
  assert.throws(() => (nm.content = 'x'), /You cannot set content to a 304/);
  assert.is(nm.toResponse().body, null);
});

test('StreamingHttpResponse streams an async iterable; reading content is an error', async () => {
  async function* gen() {
    yield 'a';
    yield new Uint8Array([98]);
    yield 'ç';
  }
  const r = new StreamingHttpResponse(gen());
  assert.ok(r.streaming);
  assert.throws(() => r.content, /has no `content` attribute. Use `streamingContent` instead/);
  assert.is(await r.toResponse().text(), 'abç');
});

test('FileResponse sets type, length and disposition from the file name, and serves byte ranges', async () => {
  const data = new TextEncoder().encode('0123456789');
  const make = () => new FileResponse(new Blob([data]), { filename: 'digits.txt' });
  const r = make();
  assert.is(r.get('content-type'), 'text/plain');
  assert.is(r.get('content-length'), '10');
  assert.is(r.get('content-disposition'), 'inline; filename="digits.txt"');
  assert.is(r.get('accept-ranges'), 'bytes');
  assert.is(await r.toResponse().text(), '0123456789');
  const att = new FileResponse(data, { asAttachment: true, filename: 'naïve "x".csv' });
  assert.is(att.get('content-disposition'), "attachment; filename*=utf-8''na%C3%AFve%20%22x%22.csv");
  assert.is(att.get('content-type'), 'text/csv');
  const part = make();
  part.applyRange('bytes=2-5', null);
  assert.is(part.statusCode, 206);
  assert.is(part.get('content-range'), 'bytes 2-5/10');
  assert.is(part.get('content-length'), '4');
  assert.is(await part.toResponse().text(), '2345');
  const suffix = make();
  suffix.applyRange('bytes=-3', null);
  assert.is(await suffix.toResponse().text(), '789');
  const open = make();
  open.applyRange('bytes=7-', null);
  assert.is(await open.toResponse().text(), '789');
  const beyond = make();
  beyond.applyRange('bytes=20-30', null);
  assert.is(beyond.statusCode, 416);
  assert.is(beyond.get('content-range'), 'bytes */10');
  const multi = make();
  multi.applyRange('bytes=0-1,4-5', null);
  assert.is(multi.statusCode, 200);
  const stale = make();
  stale.set('ETag', '"v2"');
  stale.applyRange('bytes=0-1', '"v1"');
  assert.is(stale.statusCode, 200);
  const uploaded = new FileResponse(new SimpleUploadedFile('a.json', '{"x": 1}', 'application/json'));
  uploaded.applyRange('bytes=1-3', null);
  assert.is(await uploaded.toResponse().text(), '"x"');
  assert.is(uploaded.get('content-type'), 'application/json');
});

test('TemplateResponse renders late; its content cannot be read before render()', () => {
  const engine = new Engine({ templates: { 'hi.html': 'Hi {{ name }}' } });
  configure({ TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  const r = new TemplateResponse({}, 'hi.html', { name: 'Ada' });
  assert.not.ok(r.isRendered);
  assert.throws(() => r.content, isA(ContentNotRenderedError));
  r.contextData.name = 'Grace';
  let called = 0;
  r.addPostRenderCallback(() => void called++);
  r.render();
  assert.is(r.text, 'Hi Grace');
  assert.is(called, 1);
  r.contextData.name = 'Nobody';
  r.render();
  assert.is(r.text, 'Hi Grace');
  const simple = new SimpleTemplateResponse(engine.fromString('{{ x }}!'), { x: 1 });
  assert.is(simple.render().text ?? '', '1!');
});

test('wholeBody() gives a host the body as it is sent: UTF-8 text as a string, other charsets as bytes, null without a body, undefined when streamed', () => {
  assert.is(new HttpResponse('héllo').wholeBody(), 'héllo');
  const latin = new HttpResponse('café', { contentType: 'text/plain; charset=iso-8859-1' }).wholeBody();
  assert.equal([...(latin as Uint8Array)], [0x63, 0x61, 0x66, 0xe9]);
  const two = new HttpResponse('a');
  two.write(new Uint8Array([0x62]));
  assert.equal([...(two.wholeBody() as Uint8Array)], [0x61, 0x62]);
  assert.is(new HttpResponseNotModified().wholeBody(), null);
  assert.is(new HttpResponse('ignored', { status: 204 }).wholeBody(), null);
  assert.is(new StreamingHttpResponse(['a']).wholeBody(), undefined);
  assert.is(new FileResponse(new Uint8Array([1, 2])).wholeBody(), undefined);
  assert.throws(() => new HttpResponse('', { status: 101 }).wholeBody(), /informational status 101/);
});

test('pyJsonDumps escapes strings exactly as json.dumps(ensure_ascii=True) does, with or without the unescaped fast path', async () => {
  const { pyJsonDumps } = await import('../../src/http/response');
  const fc = (await import('fast-check')).default;
  // Python: json.dumps('a"b\\c\n\x01\x7f\u00e9\U0001F600') and a plain string.
  assert.is(pyJsonDumps('a"b\\c\n\x01\x7f\u00e9\u{1F600}'), '"a\\"b\\\\c\\n\\u0001\\u007f\\u00e9\\ud83d\\ude00"');
  assert.is(pyJsonDumps({ 'Post 1: fish & <chips>': 'plain' }), '{"Post 1: fish & <chips>": "plain"}');
  // The reference: JSON.stringify's escapes, then every code unit past '~' as \\uxxxx.
  const reference = (s: string) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => pyJsonDumps(s) === reference(s) && pyJsonDumps({ [s]: s }) === `{${reference(s)}: ${reference(s)}}`), { numRuns: 2000 });
});

test('pyJsonDumps writes plain data as JSON.stringify does with Python separators and ASCII escapes (property)', async () => {
  const { pyJsonDumps } = await import('../../src/http/response');
  const fc = (await import('fast-check')).default;
  // The oracle: JSON.stringify's text, a space after every `,` and `:` outside strings, non-ASCII as \\uxxxx.
  const python = (v: unknown) =>
    JSON.stringify(v).replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (t) => (t === ',' || t === ':' ? t + ' ' : t.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))));
  const plain = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
    object: fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
  }));
  fc.assert(fc.property(plain.value, (v) => pyJsonDumps(v) === python(v)), { numRuns: 3000 });
  assert.is(pyJsonDumps({ u: undefined, a: 'x,y: "z"\x7f', b: { c: [], d: {} } }), '{"a": "x,y: \\"z\\"\\u007f", "b": {"c": [], "d": {}}}');
});

test('pyJsonDumps: an encoder may serialize within a serialization, and a value refused half-way leaves the next call whole', async () => {
  const { pyJsonDumps, JsonResponse } = await import('../../src/http/response');
  class Point {
    constructor(readonly x: number, readonly y: number) {}
  }
  // The encoder's own pyJsonDumps call runs while the outer one is writing.
  const encoder = (o: unknown) => (o instanceof Point ? pyJsonDumps({ x: o.x, y: o.y }) : o);
  assert.is(pyJsonDumps({ a: [new Point(1, 2), 'z'], b: new Point(3, 4) }, encoder), '{"a": ["{\\"x\\": 1, \\"y\\": 2}", "z"], "b": "{\\"x\\": 3, \\"y\\": 4}"}');
  // A value the encoder refuses, half-way through: a TypeError naming its type, and the next call is whole.
  assert.throws(() => pyJsonDumps({ a: 'first', b: [1, new Point(0, 0)] }), /Object of type Point is not JSON serializable/);
  assert.throws(() => pyJsonDumps({ f: () => 1 }), /Object of type function is not JSON serializable/);
  assert.is(pyJsonDumps({ after: ['ok'] }), '{"after": ["ok"]}');
  // A function or symbol goes through the encoder like any object, at its own depth in indented output.
  const named = (o: unknown) => (typeof o === 'function' ? { fn: o.name } : typeof o === 'symbol' ? String(o.description) : o);
  assert.is(pyJsonDumps({ a: { f: function go() {} } }, named, 2), '{\n  "a": {\n    "f": {\n      "fn": "go"\n    }\n  }\n}');
  assert.is(pyJsonDumps([Symbol('s')], named), '["s"]');
  assert.is(new TextDecoder().decode(new JsonResponse({ n: 1 }).content), '{"n": 1}');
});

test.run();
