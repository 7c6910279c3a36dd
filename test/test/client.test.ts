import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CharField,
  Engine,
  HttpResponse,
  HttpResponseRedirect,
  JsonResponse,
  SqlJsBackend,
  configure,
  connections,
  createTables,
  defineModel,
  path,
  render,
  resetSettings,
  SimpleUploadedFile,
  type HttpRequest,
} from '../../src/index';
import {
  AssertionError,
  Client,
  RedirectCycleError,
  assertContains,
  assertNotContains,
  assertNumQueries,
  assertRedirects,
  assertTemplateNotUsed,
  assertTemplateUsed,
} from '../../src/test/index';

const Tag = defineModel('clienttests.Tag', { name: CharField({ maxLength: 20 }) });
const engine = new Engine({
  templates: {
    'base.html': '[{% block b %}{% endblock %}]',
    'child.html': '{% extends "base.html" %}{% block b %}{{ n }}{% endblock %}',
    'page.html': '{% extends "base.html" %}{% block b %}{% include "row.html" with n=1 %}{% for i in items %}{% include "row.html" %}{% endfor %}{% endblock %}',
    'row.html': '<{{ n }}{% include "cell.html" %}>',
    'cell.html': '.',
  },
});

const urls = [
  path('set/', () => {
    const r = new HttpResponse('set');
    r.setCookie('flavour', 'choc', { maxAge: 60 });
    return r;
  }),
  path('read/', (request: HttpRequest) => new HttpResponse(JSON.stringify(request.COOKIES))),
  path('clear/', () => {
    const r = new HttpResponse('cleared');
    r.deleteCookie('flavour');
    return r;
  }),
  path('a/', () => new HttpResponseRedirect('/b/')),
  path('b/', () => new HttpResponseRedirect('/c/?x=1')),
  path('c/', (request: HttpRequest) => new HttpResponse(`c ${request.GET.get('x')}`)),
  path('loop/', () => new HttpResponseRedirect('/loop/')),
  path('echo/', async (request: HttpRequest) => {
    const file = request.FILES.get('upload');
    return new JsonResponse({
      method: request.method,
      post: request.POST.dict(),
      file: file ? [file.name, await file.text()] : null,
      body: request.method === 'POST' && request.contentType === 'multipart/form-data' ? null : new TextDecoder().decode(request.body),
      type: request.contentType,
    });
  }),
  path('atomic/', async () => {
    await Tag.objects.create({ name: 'rolled back' });
    throw new Error('after the write');
  }),
  path('tpl/', (request: HttpRequest) => render(request, 'child.html', { n: 5 })),
  path('inc/', (request: HttpRequest) => render(request, 'page.html', { n: 5, items: [1, 2] })),
  path('boom/', () => {
    throw new TypeError('view bug');
  }),
  path('tags/', async () => {
    const names: string[] = [];
    for (const t of await Tag.objects.all()) names.push((await Tag.objects.get({ pk: t.id })).name);
    return new HttpResponse(names.join(','));
  }),
];

test.before(async () => {
  resetSettings();
  configure({ ROOT_URLCONF: urls, TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Tag]);
  for (const name of ['x', 'y', 'z']) await Tag.objects.create({ name });
});
test.after(async () => {
  await connections.closeAll();
  resetSettings();
});

test('cookies set by a response are sent with the next requests; deleted ones are dropped', async () => {
  const c = new Client();
  await c.get('/set/');
  assert.equal(JSON.parse((await c.get('/read/')).text), { flavour: 'choc' });
  await c.get('/clear/');
  assert.equal(JSON.parse((await c.get('/read/')).text), {});
  assert.equal(JSON.parse((await new Client().get('/read/')).text), {});
});

test('follow walks the redirects and records the chain; loops are RedirectCycleError', async () => {
  const c = new Client();
  const r = await c.get('/a/', undefined, { follow: true });
  assert.is(r.text, 'c 1');
  assert.equal(r.redirectChain, [['/b/', 302], ['/c/?x=1', 302]]);
  await assertRedirects(await c.get('/b/'), '/c/?x=1');
  try {
    await c.get('/loop/', undefined, { follow: true });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof RedirectCycleError);
    assert.match((e as Error).message, /Redirect loop detected/);
  }
});

test('post sends multipart (with files) by default, or JSON / urlencoded / raw bodies on request', async () => {
  const c = new Client();
  const multi = (await c.post('/echo/', { a: '1', n: 2, upload: new SimpleUploadedFile('n.txt', 'file body') })).json();
  assert.equal(multi, { method: 'POST', post: { a: '1', n: '2' }, file: ['n.txt', 'file body'], body: null, type: 'multipart/form-data' });
  const json = (await c.post('/echo/', { a: [1] }, { contentType: 'application/json' })).json();
  assert.equal([json.body, json.post], ['{"a":[1]}', {}]);
  const form = (await c.post('/echo/', { a: 'x y' }, { contentType: 'application/x-www-form-urlencoded' })).json();
  assert.equal(form.post, { a: 'x y' });
  const put = (await c.put('/echo/', 'raw text', { contentType: 'text/plain' })).json();
  assert.equal([put.method, put.body, put.type], ['PUT', 'raw text', 'text/plain']);
  assert.is((await c.patch('/echo/')).json().method, 'PATCH');
  assert.is((await c.delete('/echo/')).json().method, 'DELETE');
});

test('a None value is refused with Django\'s message', async () => {
  try {
    await new Client().post('/echo/', { a: null });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /Cannot encode None for key 'a' as POST data/);
  }
});

test('responses carry the templates rendered (extended ones too) and their context', async () => {
  const r = await new Client().get('/tpl/');
  assert.is(r.text, '[5]');
  assert.equal(r.templates, ['child.html', 'base.html']);
  assert.is(r.context!.n, 5);
  assertTemplateUsed(r, 'child.html');
  assertTemplateUsed(r, 'base.html', { count: 1 });
  assertTemplateNotUsed(r, 'other.html');
  assert.throws(() => assertTemplateUsed(r, 'other.html'), /Template 'other.html' was not a template used to render the response. Actual template\(s\) used: child.html, base.html/);
  assert.throws(() => assertTemplateUsed(r, 'child.html', { count: 2 }), /expected to be rendered 2 time\(s\) but was actually rendered 1 time\(s\)/);
});

test('templates pulled in by {% include %} are listed after the page and what it extends, once per render, as Django lists them', async () => {
  for (let i = 0; i < 3; i++) {
    // Several times: the engine interprets the first renders and generates code for later ones.
    const r = await new Client().get('/inc/');
    assert.is(r.text, '[<1.><5.><5.>]');
    assert.equal(r.templates, ['page.html', 'base.html', 'row.html', 'cell.html', 'row.html', 'cell.html', 'row.html', 'cell.html']);
    assertTemplateUsed(r, 'row.html', { count: 3 });
    assertTemplateUsed(r, 'cell.html', { count: 3 });
  }
});

test('assertContains / assertNotContains / assertRedirects fail with Django\'s messages', async () => {
  const c = new Client();
  const r = await c.get('/c/', { x: 'hello' });
  assertContains(r, 'hello');
  assertContains(r, 'l', { count: 2 });
  assertNotContains(r, 'bye');
  const fails = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof AssertionError && re.test((e as Error).message));
  fails(() => assertContains(r, 'bye'), /Couldn't find 'bye' in response/);
  fails(() => assertContains(r, 'l', { count: 3 }), /Found 2 instances of 'l' in response \(expected 3\)/);
  fails(() => assertContains(r, 'hello', { statusCode: 404 }), /Couldn't retrieve content: Response code was 200 \(expected 404\)/);
  fails(() => assertNotContains(r, 'hello'), /Response should not contain 'hello'/);
  try {
    await assertRedirects(await c.get('/a/'), '/c/');
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /Couldn't retrieve redirection page '\/b\/': response code was 302 \(expected 200\)/);
  }
  try {
    await assertRedirects(r, '/x/');
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /Response didn't redirect as expected: Response code was 200 \(expected 302\)/);
  }
});

test('view exceptions are re-raised in the test unless raiseRequestException is false', async () => {
  try {
    await new Client().get('/boom/');
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof TypeError);
    assert.is((e as Error).message, 'view bug');
  }
  const r = await new Client({ raiseRequestException: false }).get('/boom/');
  assert.is(r.statusCode, 500);
});

test('assertNumQueries counts SQL statements and lists them when the count is wrong (the N+1 check)', async () => {
  const c = new Client();
  const r = await assertNumQueries(4, () => c.get('/tags/'));
  assert.is(r.text, 'x,y,z');
  try {
    await assertNumQueries(1, () => c.get('/tags/'));
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AssertionError);
    assert.match((e as Error).message, /^4 queries executed, 1 expected\nCaptured queries were:\n1\. SELECT/);
  }
  await assertNumQueries(0, () => c.get('/c/'));
});

test('with ATOMIC_REQUESTS a view that fails leaves no write behind', async () => {
  const c = new Client({ raiseRequestException: false });
  configure({ DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs', ATOMIC_REQUESTS: true } } });
  try {
    assert.is((await c.get('/atomic/')).statusCode, 500);
    assert.is(await Tag.objects.filter({ name: 'rolled back' }).count(), 0);
    configure({ DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs' } } });
    await c.get('/atomic/');
    assert.is(await Tag.objects.filter({ name: 'rolled back' }).count(), 1);
  } finally {
    await Tag.objects.filter({ name: 'rolled back' }).delete();
    configure({ DATABASES: {} });
  }
});

test.run();
