// serve(app): the direct path from node:http to HttpRequest and from the
// HttpResponse to the socket, with the behaviour of the fetch path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createListener, serve, type ResponseInfo, type ServerHandle } from '../../src/node/server';
import { createServer, type ServerResponse } from 'node:http';
import { createApp, type App } from '../../src/core/handlers/app';
import { HttpResponse, HttpResponseNotModified, JsonResponse, StreamingHttpResponse } from '../../src/http/response';
import type { HttpRequest } from '../../src/http/request';
import { path } from '../../src/urls/index';
import { existsSync } from 'node:fs';
import { encodeMultipart } from '../../src/test/client';
import { SimpleUploadedFile } from '../../src/core/files/uploadedfile';
import { TemporaryUploadedFile } from '../../src/node/index';
import { raw } from './raw-http';

const settings = { DEBUG: false, ALLOWED_HOSTS: ['*'], SECRET_KEY: 'direct-path-tests', MIDDLEWARE: [] };

function app(): App {
  return createApp({
    settings,
    urlconf: [
      path('hello/', (request: HttpRequest) => {
        const response = new HttpResponse(`héllo ${request.GET.get('name') ?? ''} ${request.headers.get('x-name') ?? ''}`, { status: 201 });
        response.set('X-Remote', (request.META.REMOTE_ADDR as string) ?? '');
        response.set('X-Host', request.getHost());
        response.setCookie('a', '1');
        response.setCookie('b', '2', { httponly: true });
        return response;
      }),
      path('form/', (request: HttpRequest) => new JsonResponse({ method: request.method, q: request.POST.getlist('q') })),
      path('latin/', () => new HttpResponse('café', { contentType: 'text/plain; charset=iso-8859-1' })),
      path('none/', () => new HttpResponseNotModified()),
      path('stream/', () => new StreamingHttpResponse((async function* () {
        yield 'one ';
        yield 'two';
      })())),
      path('boom/', () => {
        throw new Error('boom');
      }),
    ],
  });
}

async function withApp(body: (s: ServerHandle) => Promise<void>, onError: (e: unknown) => void = () => {}): Promise<void> {
  const server = await serve(app(), { port: 0, handleSignals: false, onError });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}


test('serve(app) answers with the HttpResponse: status, headers, each cookie its own Set-Cookie, UTF-8 body with Content-Length', async () => {
  await withApp(async (s) => {
    const r = await fetch(`${s.url}hello/?name=Ada`, { headers: { 'X-Name': 'Lovelace' } });
    assert.is(r.status, 201);
    assert.is(r.statusText, 'Created');
    assert.is(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.is(r.headers.get('x-remote'), '127.0.0.1');
    assert.is(r.headers.get('x-host'), `127.0.0.1:${s.address.port}`);
    assert.equal(r.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    const body = 'héllo Ada Lovelace';
    assert.is(r.headers.get('content-length'), String(Buffer.byteLength(body)));
    assert.is(await r.text(), body);
  });
});

test('serve(app): a POST body reaches request.POST; a non-UTF-8 charset is sent as its bytes; a 304 has no body', async () => {
  await withApp(async (s) => {
    const post = await fetch(`${s.url}form/`, { method: 'POST', body: new URLSearchParams([['q', 'a'], ['q', 'b']]) });
    assert.equal(await post.json(), { method: 'POST', q: ['a', 'b'] });
    const latin = await fetch(`${s.url}latin/`);
    assert.equal([...new Uint8Array(await latin.arrayBuffer())], [0x63, 0x61, 0x66, 0xe9]);
    const none = await raw(s.address.port, 'GET /none/ HTTP/1.1\r\nHost: x\r\n\r\n', /\r\n\r\n/);
    assert.match(none, /^HTTP\/1\.1 304 Not Modified/);
    assert.not.match(none, /content-type/i);
  });
});

test('serve(app): HEAD gets the GET headers and Content-Length with no body', async () => {
  await withApp(async (s) => {
    const text = await raw(s.address.port, 'HEAD /hello/ HTTP/1.1\r\nHost: x\r\n\r\nGET /latin/ HTTP/1.1\r\nHost: x\r\n\r\n', /caf.$/);
    const [head, second] = text.split(/(?=HTTP\/1\.1 20)/g).filter(Boolean);
    assert.match(head, /^HTTP\/1\.1 201/);
    assert.match(head, /content-length: 8\r\n/i);
    assert.ok(head.endsWith('\r\n\r\n'), 'no body after the HEAD response headers');
    assert.match(second, /^HTTP\/1\.1 200/);
  });
});

test('serve(app): a streamed response is streamed (chunked), a view exception is the app 500 page, a bad Host is 400', async () => {
  const errors: unknown[] = [];
  await withApp(async (s) => {
    const stream = await raw(s.address.port, 'GET /stream/ HTTP/1.1\r\nHost: x\r\n\r\n', /0\r\n\r\n$/);
    assert.match(stream, /transfer-encoding: chunked/i);
    assert.match(stream, /one [\s\S]*two/);
    const boom = await fetch(`${s.url}boom/`);
    assert.is(boom.status, 500);
    await boom.text();
    const bad = await raw(s.address.port, 'GET / HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n', /\r\n\r\n[\s\S]*Bad Request/);
    assert.match(bad, /^HTTP\/1\.1 400/);
    assert.is((await fetch(`${s.url}hello/`)).status, 201, 'the server goes on');
  }, (e) => errors.push(e));
  assert.is(errors.length, 0, 'a view exception is the app handler\'s to answer, not the server\'s');
});

test('serve(app): an app whose handle() fails, at once or later, or whose response cannot give its body, is a 500 reported to onError; the server goes on', async () => {
  const errors: string[] = [];
  const inner = app();
  let mode = 'throw';
  const failing: App = {
    ...inner,
    handle(request: HttpRequest) {
      if (mode === 'throw') throw new Error('handle threw');
      if (mode === 'reject') return Promise.reject(new Error('handle rejected'));
      if (mode === 'body') return Promise.resolve(Object.assign(new HttpResponse('x'), { wholeBody: () => { throw new Error('no body'); } }));
      return inner.handle(request);
    },
  };
  const server = await serve(failing, { port: 0, handleSignals: false, onError: (e) => void errors.push((e as Error).message) });
  try {
    for (const m of ['throw', 'reject', 'body']) {
      mode = m;
      const r = await fetch(`${server.url}hello/`);
      assert.is(r.status, 500, m);
      assert.is(await r.text(), 'Internal Server Error');
    }
    mode = 'ok';
    assert.is((await fetch(`${server.url}hello/`)).status, 201, 'the server goes on');
  } finally {
    await server.close();
  }
  assert.equal(errors, ['handle threw', 'handle rejected', 'no body']);
});

test('serve(app) builds no fetch Request, Response or undici Headers for a whole-body response', async () => {
  const counts = { Request: 0, Response: 0, Headers: 0 };
  const saved = { Request: globalThis.Request, Response: globalThis.Response, Headers: globalThis.Headers };
  await withApp(async (s) => {
    // Counted from here: the test's own fetch() builds its objects inside undici, not through these globals.
    globalThis.Request = class extends saved.Request {
      constructor(...a: ConstructorParameters<typeof Request>) {
        super(...a);
        counts.Request++;
      }
    };
    globalThis.Response = class extends saved.Response {
      constructor(...a: ConstructorParameters<typeof Response>) {
        super(...a);
        counts.Response++;
      }
    };
    try {
      for (let i = 0; i < 20; i++) await (await fetch(`${s.url}hello/?name=${i}`)).text();
    } finally {
      Object.assign(globalThis, saved);
    }
  });
  assert.equal({ Request: counts.Request, Response: counts.Response }, { Request: 0, Response: 0 });
});

test('onResponse hears of every response once it is sent, on the direct and the fetch path (runserver\'s access log)', async () => {
  const direct: ResponseInfo[] = [];
  const server = await serve(app(), { port: 0, handleSignals: false, onResponse: (info) => direct.push(info) });
  try {
    await (await fetch(`${server.url}hello/?name=x`)).text();
    await (await fetch(`${server.url}stream/`)).text();
    await (await fetch(`${server.url}missing/`)).text();
  } finally {
    await server.close();
  }
  assert.equal(
    direct.map(({ method, target, status, contentLength }) => [method, target, status, contentLength]),
    [['GET', '/hello/?name=x', 201, '9'], ['GET', '/stream/', 200, undefined], ['GET', '/missing/', 404, direct[2]?.contentLength]],
  );
  assert.ok(Number(direct[2].contentLength) > 0);
  assert.is(direct[0].remoteAddr, '127.0.0.1');
  const viaFetch: ResponseInfo[] = [];
  const plain = await serve(() => new Response('hi', { status: 202 }), { port: 0, handleSignals: false, onResponse: (info) => viaFetch.push(info) });
  try {
    await (await fetch(`${plain.url}x?y=1`, { method: 'POST', body: 'z' })).text();
  } finally {
    await plain.close();
  }
  assert.equal(viaFetch.map(({ method, target, status, contentLength }) => [method, target, status, contentLength]), [['POST', '/x?y=1', 202, '2']]);
});

test('the server adds no property of its own to Node\'s ServerResponse (Node\'s stream code then sees one object shape), onResponse or not', async () => {
  const keysOf = async (listener: (req: never, res: ServerResponse) => void, path: string) => {
    let seen: ServerResponse | undefined;
    const server = createServer((req, res) => {
      seen = res;
      listener(req as never, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await (await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}${path}`)).text();
    } finally {
      await new Promise((r) => server.close(r));
    }
    return Reflect.ownKeys(seen!).map(String).sort();
  };
  const plain = await keysOf((_req, res) => {
    res.writeHead(201, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('hi');
  }, '/hello/');
  for (const onResponse of [undefined, () => {}]) {
    for (const path of ['/hello/?name=x', '/missing/', '/form/']) {
      const keys = await keysOf(createListener(app(), { onResponse }), path);
      assert.equal(keys.filter((k) => !plain.includes(k)), [], `${path}: ${keys.filter((k) => !plain.includes(k)).join(', ')}`);
    }
  }
});

test('serve() still refuses what is neither a function nor an object with fetch()', async () => {
  for (const bad of [undefined, null, 42, {}, { fetch: 'no' }]) {
    try {
      await serve(bad as never, { port: 0, handleSignals: false });
      assert.unreachable(`accepted ${JSON.stringify(bad)}`);
    } catch (e) {
      assert.instance(e, TypeError);
      assert.match((e as Error).message, /serve\(\) needs a function/);
    }
  }
});

test('serve(app): an upload spilled to a temporary file is removed once a streamed answer has been sent (Django closes the request with the response)', async () => {
  const seen: { path?: string; during?: boolean } = {};
  const uploads = createApp({
    settings: { ...settings, FILE_UPLOAD_MAX_MEMORY_SIZE: 100 },
    urlconf: [
      path('upload/', (request: HttpRequest) => {
        const file = request.FILES.get('f');
        if (!(file instanceof TemporaryUploadedFile)) return new HttpResponse('not spilled', { status: 500 });
        seen.path = file.temporaryFilePath();
        return new StreamingHttpResponse((async function* () {
          yield 'kept while streaming: ';
          seen.during = existsSync(seen.path!);
          yield String(seen.during);
        })());
      }),
    ],
  });
  const server = await serve(uploads, { port: 0, handleSignals: false });
  try {
    const body = await encodeMultipart('BoUnDaRy', { f: new SimpleUploadedFile('big.bin', new Uint8Array(5000).fill(7), 'application/octet-stream') });
    const response = await fetch(`http://127.0.0.1:${server.address.port}/upload/`, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'multipart/form-data; boundary=BoUnDaRy' } });
    assert.is(await response.text(), 'kept while streaming: true');
    assert.ok(seen.path, 'the upload went to a temporary file');
    for (let i = 0; i < 1000 && existsSync(seen.path!); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.not.ok(existsSync(seen.path!), 'the temporary file is gone after the response');
  } finally {
    await server.close();
  }
});

test.run();
