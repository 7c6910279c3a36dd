// The whole request path of a session-backed page (SessionMiddleware and
// CsrfViewMiddleware with CSRF_USE_SESSIONS, cache sessions, a session read,
// one query, a template with {% csrf_token %}) stays within a budget of
// promises: each suspended async frame there cost about 400 bytes on every
// request, so an await added anywhere on the way shows here. And what was an
// async function keeps answering errors as rejections, never synchronous
// throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promiseHooks } from 'node:v8';
import {
  CASCADE,
  CharField,
  ForeignKey,
  HttpRequest,
  SqlJsBackend,
  configure,
  connections,
  createApp,
  createTables,
  defineModel,
  path,
  render,
  resetSettings,
  rotateToken,
  HttpResponse,
  type HttpResponseBase,
} from '../../src/index';
import { CacheSessionStore, type SessionBase } from '../../src/contrib/sessions/index';
import { caches } from '../../src/core/cache/index';

const Writer = defineModel('pathtest.Writer', { name: CharField({ maxLength: 50 }) });
const Note = defineModel('pathtest.Note', {
  title: CharField({ maxLength: 100 }),
  writer: ForeignKey(() => Writer, { onDelete: CASCADE }),
});

const templates = {
  'base.html': '<form>{% csrf_token %}</form>{% block content %}{% endblock %}',
  'note.html': '{% extends "base.html" %}{% block content %}<h1>{{ note.title }}</h1> by {{ note.writer.name }} for {{ user }}{% endblock %}',
};

async function setUp() {
  resetSettings();
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Writer, Note]);
  const ada = await Writer.objects.create({ name: 'Ada' });
  await Note.objects.create({ title: 'Engines', writer: ada });
  configure({
    SECRET_KEY: 'request-path-tests-request-path-tests',
    ALLOWED_HOSTS: ['testserver'],
    SESSION_ENGINE: 'manouche.contrib.sessions.backends.cache',
    CSRF_USE_SESSIONS: true,
    MIDDLEWARE: ['manouche.contrib.sessions.middleware.SessionMiddleware', 'manouche.middleware.csrf.CsrfViewMiddleware'],
    TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { templates } }],
    ROOT_URLCONF: [
      path('login/', async (request: HttpRequest) => {
        await (request.session as SessionBase).aset('user', 'ada');
        rotateToken(request);
        return new HttpResponse('in');
      }),
      path('notes/<int:id>/', async (request: HttpRequest, { id }: { id: number }) => {
        const user = await (request.session as SessionBase).aget('user');
        const note = await Note.objects.selectRelated('writer').filter({ pk: id }).first();
        return render(request, 'note.html', { user, note });
      }),
    ],
  });
}

const source = (target: string, cookie = '') => ({ method: 'GET', url: `http://testserver${target}`, headers: new Headers(cookie ? { cookie } : {}), body: null });

test('a session-backed page with a query and a CSRF token: 27 promises per request, a fifth of them the view\'s own', async () => {
  await setUp();
  const app = createApp();
  const login = await app.handle(await app.createRequest(source('/login/')));
  const cookie = login.setCookieHeaders()[0]!.split(';')[0]!;
  const page = async () => {
    const request = await app.createRequest(source('/notes/1/', cookie));
    return app.handle(request);
  };
  await page(); // the chain, the template and the statement are built on first use
  let n = 0;
  const stop = promiseHooks.onInit(() => void n++);
  let response: HttpResponseBase;
  try {
    response = await page();
  } finally {
    stop();
  }
  assert.is(response.statusCode, 200);
  assert.match(String(response.wholeBody()), /<h1>Engines<\/h1> by Ada for ada/);
  assert.match(String(response.wholeBody()), /name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"/);
  // Counted (promise hooks count await's internal promises too): this test's
  // page() and its awaits (4); createRequest (1); handle, the two layers and
  // the mixins' then()s (6); reading the session behind CSRF's processRequest
  // (LocMemCache.get and four then()s: 5); the view pipeline's async frame
  // and its await of the view (2); the view's own promise, its two awaits and
  // the render() promise it returns, adopted (4); aget (1); the query (query,
  // fetch's and first()'s then()s: 3); render (1). With the async frames
  // these then()s replaced, the same page made 45.
  assert.ok(n <= 27, `${n} promises for one page`);
});

test('the CSRF secret stays in the request\'s META entry slot: a page with a token never builds META, which shows the secret when read', async () => {
  await setUp();
  const app = createApp();
  const login = await app.handle(await app.createRequest(source('/login/')));
  const cookie = login.setCookieHeaders()[0]!.split(';')[0]!;
  const request = await app.createRequest(source('/notes/1/', cookie));
  const response = await app.handle(request);
  assert.match(String(response.wholeBody()), /name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"/);
  assert.is((request as unknown as { meta: unknown }).meta, null, 'META was built');
  const secret = (request.session as SessionBase).get('_csrftoken');
  assert.type(secret, 'string');
  assert.is(request.META.CSRF_COOKIE, secret);
  assert.is(request.META.CSRF_COOKIE_NEEDS_UPDATE as unknown, false);
  assert.is(request.META.HTTP_COOKIE, cookie);
});

test('what was an async function still answers a rejected promise, never a synchronous throw', async () => {
  await setUp();
  // An unordered slice refuses first(): the TypeError arrives as a rejection.
  const first = Note.objects.all().slice(0, 1).first();
  assert.instance(first, Promise);
  await first.then(
    () => assert.unreachable('first() on an unordered slice'),
    (e: Error) => assert.match(e.message, /slice/i),
  );
  // SQL the database refuses: a rejection naming the problem.
  const query = (connections.get() as SqlJsBackend).query('SELEC 1', []);
  assert.instance(query, Promise);
  await query.then(
    () => assert.unreachable('bad SQL'),
    (e: Error) => assert.match(e.message, /syntax error/),
  );
  // A Host the URL parser refuses: createRequest rejects with a TypeError (the server answers 400).
  const created = createApp().createRequest({ method: 'GET', url: 'http://exa mple.com/', headers: new Headers(), body: null });
  assert.instance(created, Promise);
  await created.then(
    () => assert.unreachable('a malformed URL'),
    (e: Error) => assert.instance(e, TypeError),
  );
});

test('a GET is read at once; a POST body is read before the request is handed over', async () => {
  await setUp();
  const app = createApp();
  const get = await app.createRequest(source('/notes/1/?a=1&a=2'));
  assert.equal(get.GET.getlist('a'), ['1', '2']);
  assert.is(get.body.length, 0);
  const post = await app.createRequest({
    method: 'POST',
    url: 'http://testserver/notes/1/',
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
    body: new Blob(['x=%C3%A9&x=2']).stream(),
  });
  assert.is(post.encoding, 'utf-8');
  assert.equal(post.POST.getlist('x'), ['é', '2']);
});

test('a cache session whose cache throws on get, synchronously or not, loads as an empty session', async () => {
  await setUp();
  const store = caches.get('default');
  const original = store.get;
  try {
    store.get = () => {
      throw new Error('cache down');
    };
    const s = await new CacheSessionStore('a'.repeat(32)).load();
    assert.equal(s.keys(), []);
    assert.is(s.sessionKey, null);
    store.get = () => Promise.reject(new Error('cache down'));
    const t = await new CacheSessionStore('b'.repeat(32)).load();
    assert.equal(t.keys(), []);
  } finally {
    store.get = original;
  }
});

test('a session store whose loadData throws at once: load() answers a rejection, never a synchronous throw', async () => {
  await setUp();
  class Broken extends CacheSessionStore {
    protected override loadData(): Promise<Record<string, unknown>> {
      throw new Error('store misconfigured');
    }
  }
  const loading = new Broken('c'.repeat(32)).load();
  assert.instance(loading, Promise);
  await loading.then(
    () => assert.unreachable('a broken store'),
    (e: Error) => assert.match(e.message, /store misconfigured/),
  );
});

test.after(() => {
  resetSettings();
});
test.run();
