// AuthenticationMiddleware's lazy user (src/contrib/auth/middleware.ts,
// request-user.ts) and the lazy `user`/`perms` of the auth context processor
// (context-processors.ts): what runs a query, and when (Django's
// tests/auth_tests/test_middleware.py and test_context_processors.py).
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { configure, resetSettings } from '../../../src/conf/settings';
import { apps } from '../../../src/apps/registry';
import { SynchronousOnlyOperation } from '../../../src/core/exceptions';
import { ContentType, clearContentTypeCache, contenttypesApp, getForModel } from '../../../src/contrib/contenttypes/index';
import { Session, sessionsApp, DatabaseSessionStore } from '../../../src/contrib/sessions/index';
import { AnonymousUser, AuthenticationMiddleware, authApp, Group, loadPerms, login, logout, PBKDF2PasswordHasher, Permission, SESSION_KEY, User, userLoggedOut } from '../../../src/contrib/auth/index';
import { path } from '../../../src/urls/index';
import { HttpRequest } from '../../../src/http/request';
import { HttpResponse } from '../../../src/http/response';
import { TemplateResponse } from '../../../src/http/templateresponse';
import { renderToString } from '../../../src/http/templates';
import { render } from '../../../src/shortcuts';
import { Client, assertNumQueries, captureQueries } from '../../../src/test/index';
import { defineModel, CharField } from '../../../src/db/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

const Gadget = defineModel('gadgets.Gadget', { name: CharField({ maxLength: 10 }) });

let seen: unknown[] = [];
const untouched = async () => new HttpResponse('no user here');
const manyReads = async (request: HttpRequest) => {
  const [a, b] = await Promise.all([request.auser!(), request.auser!()]);
  const c = await request.auser!();
  seen = [a, b, c, request.user];
  return new HttpResponse(String((request.user as { username: string }).username));
};
const syncRead = async (request: HttpRequest) => new HttpResponse(String((request.user as { username?: string }).username));
const page = (name: string) => async (request: HttpRequest) => render(request, name, {});
const late = (name: string) => async (request: HttpRequest) => new TemplateResponse(request, name, {});

const MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware'];

/** A request through the session and authentication middleware, with the session cookie of `key`. */
async function lazyRequest(key: string | null): Promise<HttpRequest> {
  const request = await HttpRequest.create(new Request('http://testserver/', { headers: key ? { cookie: `sessionid=${key}` } : {} }));
  request.session = new DatabaseSessionStore(key);
  await new AuthenticationMiddleware(async () => new HttpResponse('')).processRequest(request);
  return request;
}

dbSuite('contrib/auth: the lazy request.user', [ContentType, Permission, Group, User, Session, Gadget], (test) => {
  test.before.each(async () => {
    resetSettings();
    clearContentTypeCache();
    seen = [];
    await apps.populate([contenttypesApp, authApp, sessionsApp]);
    configure({
      SECRET_KEY: 'lazy-user-tests',
      PASSWORD_HASHERS: [FastPBKDF2],
      ALLOWED_HOSTS: ['testserver'],
      MIDDLEWARE,
      ROOT_URLCONF: [
        path('untouched/', untouched),
        path('many/', manyReads),
        path('sync/', syncRead),
        path('plain/', page('plain.html')),
        path('name/', page('name.html')),
        path('perms/', page('perms.html')),
        path('inherits/', page('child.html')),
        path('late-plain/', late('plain.html')),
        path('late-perms/', late('perms.html')),
      ],
      TEMPLATES: [
        {
          BACKEND: 'manouche.template.backends.django',
          OPTIONS: {
            templates: {
              'plain.html': 'just text {{ title }}',
              'name.html': 'hi {{ user.username }}',
              'perms.html': '{{ user.username }} add={{ perms.gadgets.add_gadget }} app={% if perms.gadgets %}yes{% else %}no{% endif %}',
              'base.html': '[{% block nav %}{% endblock %}]{% block body %}{% endblock %}',
              'child.html': '{% extends "base.html" %}{% block nav %}{% include "nav.html" %}{% endblock %}',
              'nav.html': '{% if user.isAuthenticated %}{{ user.username }}{% endif %}',
              '404.html': 'nothing here, {{ user.username }}',
            },
            context_processors: ['django.contrib.auth.context_processors.auth'],
          },
        },
      ],
    });
  });
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  async function loggedIn(): Promise<{ client: Client; ada: any }> {
    const ada = await User.objects.createUser('ada', null, 'pw');
    const client = new Client();
    await client.forceLogin(ada);
    return { client, ada };
  }

  test('a logged-in request to a view that never reads the user runs no query at all (no session or user read, no Vary: Cookie)', async () => {
    const { client } = await loggedIn();
    const r = await assertNumQueries(0, () => client.get('/untouched/'));
    assert.is(r.text, 'no user here');
    assert.not.ok((r.get('Vary') ?? '').includes('Cookie'));
  });

  test('auser() reads the session and the user once per request, however often it is awaited; request.user is that user afterwards', async () => {
    const { client, ada } = await loggedIn();
    const r = await assertNumQueries(2, () => client.get('/many/')); // the session row, the user row
    assert.is(r.text, 'ada');
    assert.is(seen.length, 4);
    for (const u of seen) assert.is(u, seen[0]);
    assert.is((seen[0] as any).pk, ada.pk);
    assert.ok((r.get('Vary') ?? '').includes('Cookie'), 'reading the user reads the session');
  });

  test('request.user before auser() names auser() in its error when the session may hold a user', async () => {
    const { client } = await loggedIn();
    try {
      await client.get('/sync/');
      assert.unreachable('a synchronous read of an unread user must not answer');
    } catch (e) {
      assert.instance(e, SynchronousOnlyOperation);
      assert.match((e as Error).message, 'await request.auser()');
    }
  });

  test('request.user answers AnonymousUser synchronously, without a query, when there is no session cookie', async () => {
    const r = await assertNumQueries(0, () => new Client().get('/sync/'));
    assert.is(r.text, '');
    const request = await lazyRequest(null);
    assert.instance(request.user, AnonymousUser);
    assert.is(await request.auser!(), request.user);
  });

  test('request.user answers AnonymousUser synchronously once the loaded session holds no user id', async () => {
    const store = new DatabaseSessionStore();
    store.set('cart', [1, 2]);
    await store.save();
    const request = await lazyRequest(store.sessionKey);
    assert.throws(() => request.user, (e: Error) => e instanceof SynchronousOnlyOperation, 'not loaded yet: cannot tell');
    await (request.session as DatabaseSessionStore).load();
    assert.instance(request.user, AnonymousUser);
  });

  test('login() and logout() set request.user at once, for request.user and auser()', async () => {
    const ada = await User.objects.createUser('ada', null, 'pw');
    const request = await lazyRequest(null);
    await login(request as any, ada);
    assert.is(request.user, ada);
    assert.is(await request.auser!(), ada);
    assert.is((request.session as DatabaseSessionStore).get(SESSION_KEY), String(ada.pk));
    await logout(request as any);
    assert.instance(request.user, AnonymousUser);
    assert.instance(await request.auser!(), AnonymousUser);
  });

  test('logout() of a request whose user was never read reads it first (the signal names who left)', async () => {
    const { client, ada } = await loggedIn();
    const request = await lazyRequest(client.cookies.get('sessionid')!);
    const left: unknown[] = [];
    const receiver = ({ user }: { user: unknown }) => void left.push(user);
    userLoggedOut.connect(receiver);
    try {
      await logout(request as any);
    } finally {
      userLoggedOut.disconnect(receiver);
    }
    assert.is((left[0] as any)?.pk, ada.pk);
    assert.instance(request.user, AnonymousUser);
  });

  test('a page whose template never shows user or perms renders without a query; render() and TemplateResponse alike', async () => {
    const { client } = await loggedIn();
    assert.is((await assertNumQueries(0, () => client.get('/plain/'))).text, 'just text ');
    assert.is((await assertNumQueries(0, () => client.get('/late-plain/'))).text, 'just text ');
  });

  test('{{ user.username }} renders the logged-in user: the session and the user are read, the permissions are not', async () => {
    const { client } = await loggedIn();
    const r = await assertNumQueries(2, () => client.get('/name/'));
    assert.is(r.text, 'hi ada');
    assert.is((await new Client().get('/name/')).text, 'hi ', 'anonymous: no cookie, no query');
  });

  test('user in a parent or an included template counts: it is read before the render', async () => {
    const { client } = await loggedIn();
    assert.is((await client.get('/inherits/')).text, '[ada]');
  });

  test("the project's 404 page that shows the user reads it first", async () => {
    const { client } = await loggedIn();
    const r = await client.get('/missing/');
    assert.is(r.statusCode, 404);
    assert.is(r.text, 'nothing here, ada');
  });

  test('{{ perms.app.codename }} and {% if perms.app %} read the permissions only on pages that use perms', async () => {
    const { client, ada } = await loggedIn();
    const withoutPerms = await captureQueries(() => client.get('/perms/'));
    assert.is(withoutPerms.result.text, 'ada add=False app=no');
    const permQueries = withoutPerms.queries.filter((q) => /auth_permission/.test(q.sql)).length;
    assert.ok(permQueries > 0, 'perms are read when the template uses them');
    const name = await captureQueries(() => client.get('/name/'));
    assert.is(name.queries.filter((q) => /auth_permission/.test(q.sql)).length, 0, 'and not when it does not');
    const perm = await Permission.objects.create({ codename: 'add_gadget', name: 'Can add gadget', content_type: await getForModel(Gadget) });
    await ada.user_permissions.add(perm);
    assert.is((await client.get('/perms/')).text, 'ada add=True app=yes');
    assert.is((await client.get('/late-perms/')).text, 'ada add=True app=yes', 'a TemplateResponse reads them too');
    assert.is((await new Client().get('/perms/')).text, ' add=False app=no');
  });

  test('a superuser has every permission without a permission query', async () => {
    const root = await User.objects.createSuperuser('root', null, 'pw');
    const client = new Client();
    await client.forceLogin(root);
    const r = await captureQueries(() => client.get('/perms/'));
    assert.is(r.result.text, 'root add=True app=yes');
    assert.is(r.queries.filter((q) => /auth_permission/.test(q.sql)).length, 0);
  });

  test('without AuthenticationMiddleware the processor gives AnonymousUser and no permissions, as Django', async () => {
    const request = await HttpRequest.create(new Request('http://testserver/'));
    assert.is(renderToString('perms.html', {}, request), ' add=False app=no');
    assert.is((await render(request, 'perms.html')).text, ' add=False app=no');
  });

  test('a template rendered without the prepare step (renderToString) that shows an unread user gets an error naming render() and auser(), not an anonymous page', async () => {
    const { client } = await loggedIn();
    const request = await lazyRequest(client.cookies.get('sessionid')!);
    // the error names both fixes: a render that prepares, or reading the user first
    assert.throws(() => renderToString('name.html', {}, request), (e: Error) => e instanceof SynchronousOnlyOperation && /shows `user`, which was not loaded/.test(e.message) && /await render\(request, \.\.\.\)` or a TemplateResponse/.test(e.message) && /`await request\.auser\(\)` before renderToString\(\)/.test(e.message));
    assert.throws(() => renderToString('child.html', {}, request), /await request\.auser\(\)/, 'through a parent template too');
    assert.is((await render(request, 'name.html')).text, 'hi ada', 'render() loads it');
    assert.is(renderToString('name.html', {}, request), 'hi ada', 'and then renderToString() can show it');
    const fresh = await lazyRequest(client.cookies.get('sessionid')!);
    await fresh.auser!();
    assert.is(renderToString('name.html', {}, fresh), 'hi ada');
    assert.throws(() => renderToString('perms.html', {}, fresh), /perms/);
    await loadPerms(await fresh.auser!()); // what the error advises
    assert.is(renderToString('perms.html', {}, fresh), 'ada add=False app=no');
  });
});
