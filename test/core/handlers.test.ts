import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BadRequest,
  Engine,
  Http404,
  HttpResponse,
  MiddlewareNotUsed,
  PermissionDenied,
  SuspiciousOperation,
  TemplateResponse,
  configure,
  createApp,
  path,
  registerMiddleware,
  render,
  resetSettings,
  type GetResponse,
  type HttpRequest,
  type HttpResponseBase,
  StreamingHttpResponse,
  SimpleUploadedFile,
  MiddlewareMixin,
} from '../../src/index';
import { existsSync } from 'node:fs';
import { promiseHooks } from 'node:v8';
import { TemporaryUploadedFile } from '../../src/node/index';
import { encodeMultipart } from '../../src/test/client';

const silent = { log: () => {} };
const engine = new Engine({
  templates: {
    'page.html': '<p>{{ who }}</p>',
    'broken.html': 'line one\n{% if %}\nline three',
    '404.html': 'custom 404 for {{ request_path }}',
  },
});

const calls: string[] = [];
const urls = [
  path('ok/', (request: HttpRequest) => new HttpResponse(`ok ${request.resolverMatch!.urlName}`), { name: 'ok' }),
  path('tpl/', (request: HttpRequest) => new TemplateResponse(request, 'page.html', { who: 'view' })),
  path('item/<int:id>/', (_r: HttpRequest, { id }: { id: number }) => new HttpResponse(`item ${id}`)),
  path('boom/', () => {
    throw new Error('secret kaboom');
  }),
  path('nf/', () => {
    throw new Http404('No Question matches the given query.');
  }),
  path('denied/', () => {
    throw new PermissionDenied('nope');
  }),
  path('bad/', () => {
    throw new BadRequest('bad input');
  }),
  path('sus/', () => {
    throw new SuspiciousOperation('weird');
  }),
  path('none/', function emptyView() {
    return undefined as never;
  }),
  path('broken/', (request: HttpRequest) => render(request, 'broken.html')),
];

test.before.each(() => {
  resetSettings();
  calls.length = 0;
  configure({ ROOT_URLCONF: urls, TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }], ALLOWED_HOSTS: ['testserver'] });
});
test.after(() => {
  resetSettings();
});

const get = async (app: { fetch(r: Request): Promise<Response> }, p: string) => {
  const r = await app.fetch(new Request('http://testserver' + p));
  return { status: r.status, text: await r.text(), headers: r.headers };
};

const tracer = (name: string) => (getResponse: GetResponse) => async (request: HttpRequest) => {
  calls.push(`${name}:in`);
  const response = await getResponse(request);
  calls.push(`${name}:out`);
  return response;
};

test('promises per request stay bounded: a few for the pipeline and two per middleware layer, synchronous hooks and views not awaited', async () => {
  // Promise hooks count each await's internal promise too. A layer makes two:
  // its then() converting errors and MiddlewareMixin.call's then() on the
  // inner response (an async step there made three or four, each suspending
  // a frame). A wrapper or an await added to every request shows here.
  class Sync extends MiddlewareMixin {
    override processRequest(): null {
      return null;
    }
    override processResponse(_r: HttpRequest, response: HttpResponseBase): HttpResponseBase {
      return response;
    }
  }
  const counts: number[] = [];
  for (const middleware of [[], [Sync], [Sync, Sync, Sync]]) {
    const app = createApp({ ...silent, middleware });
    await get(app, '/ok/'); // the chain is built on the first request
    const request = await app.createRequest({ method: 'GET', url: 'http://testserver/ok/', headers: new Headers(), body: null });
    let n = 0;
    const stop = promiseHooks.onInit(() => void n++);
    try {
      const response = await app.handle(request);
      assert.is(response.statusCode, 200);
    } finally {
      stop();
    }
    counts.push(n);
  }
  assert.ok(counts[0]! <= 4, `the pipeline alone made ${counts[0]} promises`);
  assert.is(counts[1]! - counts[0]!, 2, 'one layer');
  assert.is(counts[2]! - counts[0]!, 6, 'three layers');
});

test('middleware runs in MIDDLEWARE order around the view, outermost first', async () => {
  const app = createApp({ ...silent, middleware: [tracer('a'), tracer('b')] });
  const r = await get(app, '/ok/');
  assert.is(r.text, 'ok ok');
  assert.equal(calls, ['a:in', 'b:in', 'b:out', 'a:out']);
});

test('processView can short-circuit; processException handles; processTemplateResponse edits before render', async () => {
  class Hooks {
    constructor(readonly getResponse: GetResponse) {}
    call(request: HttpRequest) {
      return this.getResponse(request);
    }
    processView(request: HttpRequest, _view: unknown, _args: unknown, kwargs: Record<string, unknown>) {
      calls.push(`view:${request.pathInfo}:${JSON.stringify(kwargs)}`);
      if (kwargs.id === 7) return new HttpResponse('short-circuited');
      return null;
    }
    processException(_request: HttpRequest, e: unknown) {
      return e instanceof Error && e.message === 'secret kaboom' ? new HttpResponse('handled', { status: 503 }) : null;
    }
    processTemplateResponse(_request: HttpRequest, response: HttpResponseBase) {
      (response as TemplateResponse).contextData.who = 'middleware';
      return response;
    }
  }
  const app = createApp({ ...silent, middleware: [Hooks] });
  assert.is((await get(app, '/item/7/')).text, 'short-circuited');
  assert.is((await get(app, '/item/8/')).text, 'item 8');
  assert.equal(calls, ['view:/item/7/:{"id":7}', 'view:/item/8/:{"id":8}']);
  const boom = await get(app, '/boom/');
  assert.equal([boom.status, boom.text], [503, 'handled']);
  assert.is((await get(app, '/tpl/')).text, '<p>middleware</p>');
});

test('the view pipeline with hooks answering promises: an async processView before a synchronous one, an async view rejected and handled, a promised non-response named', async () => {
  const mk = (name: string, async: boolean) =>
    class {
      constructor(readonly getResponse: GetResponse) {}
      call(request: HttpRequest) {
        return this.getResponse(request);
      }
      processView(request: HttpRequest, _view: unknown, _args: unknown, kwargs: Record<string, unknown>) {
        calls.push(`${name}:${request.pathInfo}`);
        const answer = kwargs.id === 7 && name === 'b' ? new HttpResponse(`short-circuited by ${name}`) : null;
        return async ? Promise.resolve(answer) : answer;
      }
      processException(_request: HttpRequest, e: unknown) {
        const answer = e instanceof Error && e.message === 'async kaboom' && name === 'a' ? new HttpResponse(`handled by ${name}`, { status: 503 }) : null;
        return async ? Promise.resolve(answer) : answer;
      }
    };
  const asyncUrls = [
    path('item/<int:id>/', async (_r: HttpRequest, { id }: { id: number }) => new HttpResponse(`item ${id}`)),
    path('boom/', async () => {
      throw new Error('async kaboom');
    }),
    path('none/', async function promisedNothing() {
      return undefined as never;
    }),
  ];
  const app = createApp({ ...silent, middleware: [mk('a', true), mk('b', false)], urlconf: asyncUrls });
  // 'a' answers a promise of null: 'b' still runs after it and may answer.
  assert.is((await get(app, '/item/7/')).text, 'short-circuited by b');
  assert.is((await get(app, '/item/8/')).text, 'item 8');
  assert.equal(calls, ['a:/item/7/', 'b:/item/7/', 'a:/item/8/', 'b:/item/8/']);
  // processException hooks run innermost first (Django's order): 'b' declines, 'a' answers with a promise.
  const boom = await get(app, '/boom/');
  assert.equal([boom.status, boom.text], [503, 'handled by a']);
  const logged = createApp({ urlconf: asyncUrls, log: (message: string, exc?: unknown) => void calls.push(`${message} ${(exc as Error)?.message}`) });
  const none = await logged.handle(await logged.createRequest({ method: 'GET', url: 'http://testserver/none/', headers: new Headers(), body: null }));
  assert.is(none.statusCode, 500);
  assert.ok(calls.some((m) => /The view promisedNothing didn't return an HttpResponse object\. It returned None instead\./.test(m)), calls.join('\n'));
});

test('MIDDLEWARE names resolve through the registry; unknown names and MiddlewareNotUsed are handled', async () => {
  registerMiddleware('tests.Tracer', tracer('named'));
  registerMiddleware('tests.Unused', () => {
    throw new MiddlewareNotUsed();
  });
  configure({ MIDDLEWARE: ['tests.Unused', 'tests.Tracer'] });
  const app = createApp(silent);
  assert.is((await get(app, '/ok/')).status, 200);
  assert.equal(calls, ['named:in', 'named:out']);
  configure({ MIDDLEWARE: ['tests.Missing'] });
  const broken = createApp(silent);
  try {
    await get(broken, '/ok/');
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /MIDDLEWARE\[0\]: no middleware is registered as 'tests.Missing'/);
  }
});

test('exceptions become Django statuses with plain bodies that leak nothing when DEBUG is off', async () => {
  const app = createApp(silent);
  const cases: Array<[string, number, RegExp]> = [
    ['/missing/', 404, /custom 404 for \/missing\//],
    ['/nf/', 404, /custom 404 for \/nf\//],
    ['/denied/', 403, /<h1>403 Forbidden<\/h1>/],
    ['/bad/', 400, /<h1>Bad Request \(400\)<\/h1>/],
    ['/sus/', 400, /Bad Request \(400\)/],
    ['/boom/', 500, /<h1>Server Error \(500\)<\/h1>/],
    ['/none/', 500, /Server Error/],
  ];
  for (const [p, status, body] of cases) {
    const r = await get(app, p);
    assert.is(r.status, status, p);
    assert.match(r.text, body, p);
    assert.not.match(r.text, /kaboom|weird|bad input|Traceback/, p);
  }
});

test('a view returning nothing is reported as Django words it', async () => {
  const logged: string[] = [];
  const app = createApp({ log: (_m, e) => logged.push((e as Error).message) });
  await get(app, '/none/');
  assert.equal(logged, ["The view emptyView didn't return an HttpResponse object. It returned None instead."]);
});

test('handler404/handler500 replace the default error views; a failing handler falls back to the plain 500', async () => {
  const app = createApp({
    ...silent,
    handler404: (request) => new HttpResponse(`gone fishing: ${request.path}`, { status: 404 }),
    handler500: () => {
      throw new Error('handler broke');
    },
  });
  assert.is((await get(app, '/nope/')).text, 'gone fishing: /nope/');
  const r = await get(app, '/boom/');
  assert.equal([r.status, r.text], [500, '<h1>Server Error (500)</h1>']);
});

test('DEBUG 404 lists the patterns tried (a named one with [name=\'…\'], as Django) and says which path failed', async () => {
  configure({ DEBUG: true });
  const app = createApp(silent);
  const r = await get(app, '/nowhere/');
  assert.is(r.status, 404);
  assert.match(r.text, /<title>Page not found at \/nowhere\/<\/title>/);
  assert.match(r.text, /<li>\s*ok\/ \[name='ok'\]\s*<\/li>\s*<li>\s*tpl\/\s*<\/li>\s*<li>\s*item\/&lt;int:id&gt;\/\s*<\/li>/);
  assert.match(r.text, /The current path, <code>nowhere\/<\/code>,\s*didn’t match any of these./);
  const raised = await get(app, '/nf/');
  assert.match(raised.text, /<pre class="exception_value">No Question matches the given query.<\/pre>/);
  configure({ ROOT_URLCONF: [] });
  const empty = await get(createApp(silent), '/');
  assert.match(empty.text, /The install worked successfully!/);
});

test('DEBUG 500 shows the exception, the stack and the request with secrets masked', async () => {
  configure({ DEBUG: true, SECRET_KEY: 'very-secret-value' });
  const app = createApp(silent);
  const r = await app.fetch(new Request('http://testserver/boom/?q=1', { headers: { cookie: 'sessionid=abc123; theme=dark', authorization: 'Bearer tok', 'x-api-key': 'k123' } }));
  const text = await r.text();
  assert.is(r.status, 500);
  assert.match(text, /<h1>Error at \/boom\/<\/h1>/);
  assert.match(text, /secret kaboom/);
  assert.match(text, /handlers\.test\.ts/); // the stack trace
  assert.match(text, /<td>q<\/td><td class="code"><pre>&#x27;1&#x27;<\/pre>/);
  assert.match(text, /<td>theme<\/td>/);
  assert.not.match(text, /abc123|very-secret-value|k123|Bearer tok/);
  assert.match(text, /\*{20}/);
});

test('DEBUG 500 for a template error shows the source excerpt with the failing line marked', async () => {
  configure({ DEBUG: true });
  const r = await get(createApp(silent), '/broken/');
  assert.is(r.status, 500);
  assert.match(r.text, /TemplateSyntaxError/);
  assert.match(r.text, /In template <code>broken.html<\/code>, error at line <strong>2<\/strong>/);
  assert.match(r.text, /<tr><th>1<\/th><td>line one<\/td><\/tr>\s*<tr class="error"><th>2<\/th><td>\{% if %\}<\/td><\/tr>\s*<tr><th>3<\/th><td>line three<\/td><\/tr>/);
});

test('HEAD answers carry the headers without the body; an exception never escapes fetch()', async () => {
  const app = createApp(silent);
  const r = await app.fetch(new Request('http://testserver/ok/', { method: 'HEAD' }));
  assert.is(r.status, 200);
  assert.is(await r.text(), '');
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => get(app, i % 2 ? '/boom/' : '/ok/')));
  assert.equal(results.map((x) => x.status), Array.from({ length: 20 }, (_, i) => (i % 2 ? 500 : 200)));
});

test('app.fetch: a spilled upload outlives the streamed answer that reads it and goes when the body ends or is cancelled', async () => {
  const paths: string[] = [];
  const app = createApp({
    settings: { DEBUG: false, ALLOWED_HOSTS: ['*'], SECRET_KEY: 'handlers-upload-test', MIDDLEWARE: [], FILE_UPLOAD_MAX_MEMORY_SIZE: 100 },
    urlconf: [
      path('upload/', (request: HttpRequest) => {
        const file = request.FILES.get('f');
        if (!(file instanceof TemporaryUploadedFile)) return new HttpResponse('not spilled', { status: 500 });
        paths.push(file.temporaryFilePath());
        return new StreamingHttpResponse((async function* () {
          yield 'size ';
          yield String((await file.bytes()).length);
        })());
      }),
    ],
  });
  const upload = async () => {
    const body = await encodeMultipart('BoUnDaRy', { f: new SimpleUploadedFile('big.bin', new Uint8Array(3000).fill(1), 'application/octet-stream') });
    return app.fetch(new Request('http://testserver/upload/', { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'multipart/form-data; boundary=BoUnDaRy' } }));
  };
  try {
    const read = await upload();
    assert.ok(existsSync(paths[0]!), 'kept until the body is read');
    assert.is(await read.text(), 'size 3000');
    assert.not.ok(existsSync(paths[0]!), 'gone once the body ended');
    const cancelled = await upload();
    assert.ok(existsSync(paths[1]!));
    await cancelled.body!.cancel();
    assert.not.ok(existsSync(paths[1]!), 'gone once the body was cancelled');
  } finally {
    resetSettings();
  }
});

test.run();
