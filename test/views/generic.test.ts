import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CharField,
  DetailView,
  Engine,
  HttpResponse,
  ListView,
  RedirectView,
  SlugField,
  SqlJsBackend,
  TemplateView,
  View,
  configure,
  connections,
  createTables,
  defineModel,
  path,
  resetSettings,
  type HttpRequest,
} from '../../src/index';
import { Client, assertNumQueries } from '../../src/test/index';

const Article = defineModel('genericviews.Article', { title: CharField({ maxLength: 50 }), slug: SlugField() }, { ordering: ['id'] });

const engine = new Engine({
  templates: {
    'about.html': 'About {{ topic }} {{ view.constructor.name }}',
    'genericviews/article_list.html':
      '{% for a in object_list %}{{ a.title }},{% endfor %}|{{ article_list|length }}|{% if is_paginated %}{{ page_obj.number }}/{{ paginator.num_pages }}{% if page_obj.has_next %} next={{ page_obj.next_page_number }}{% endif %}{% endif %}',
    'genericviews/article_detail.html': '{{ object.title }}={{ article.slug }}',
  },
});

class Hello extends View {
  async get(_request: HttpRequest, kwargs: { name?: string }) {
    return new HttpResponse(`hello ${kwargs.name ?? 'world'}`);
  }
  async post() {
    return new HttpResponse('posted');
  }
}
class About extends TemplateView {
  override templateName = 'about.html';
}
class Articles extends ListView {
  override model = Article as never;
  override paginateBy = 3 as number | null;
}

const urls = [
  path('hello/', Hello.asView()),
  path('hello/<str:name>/', Hello.asView()),
  path('about/<str:topic>/', About.asView()),
  path('about-extra/', About.asView({ extraContext: { topic: 'extra' } })),
  path('go/<int:id>/', RedirectView.asView({ url: '/articles/%(id)s/', queryString: true })),
  path('go-named/<int:pk>/', RedirectView.asView({ patternName: 'article', permanent: true })),
  path('gone/', RedirectView.asView()),
  path('articles/', Articles.asView()),
  path('articles/all/', ListView.asView({ model: Article as never })),
  path('articles/empty/', ListView.asView({ queryset: Article.objects.filter({ title: 'none' }) as never, allowEmpty: false })),
  path('articles/<int:pk>/', DetailView.asView({ model: Article as never }), { name: 'article' }),
  path('articles/by-slug/<slug:slug>/', DetailView.asView({ model: Article as never })),
  path('articles/bad/', DetailView.asView({ model: Article as never })),
];

test.before(async () => {
  resetSettings();
  configure({ ROOT_URLCONF: urls, TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { engine } }] });
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Article]);
  for (let i = 1; i <= 7; i++) await Article.objects.create({ title: `A${i}`, slug: `a-${i}` });
});
test.after(async () => {
  await connections.closeAll();
  resetSettings();
});

const client = () => new Client({ raiseRequestException: false, log: () => {} });

test('View dispatches on the method; others get 405 with Allow; OPTIONS lists them; HEAD falls back to GET', async () => {
  const c = client();
  assert.is((await c.get('/hello/')).text, 'hello world');
  assert.is((await c.get('/hello/ada/')).text, 'hello ada');
  assert.is((await c.post('/hello/')).text, 'posted');
  const put = await c.put('/hello/');
  assert.is(put.statusCode, 405);
  assert.is(put.get('allow'), 'GET, POST, HEAD, OPTIONS');
  const options = await c.options('/hello/');
  assert.equal([options.statusCode, options.get('allow'), options.get('content-length')], [200, 'GET, POST, HEAD, OPTIONS', '0']);
  const head = await c.head('/hello/');
  assert.equal([head.statusCode, head.text], [200, '']);
});

test('asView refuses method names and unknown attributes, as Django does', () => {
  assert.throws(() => Hello.asView({ get: 1 } as never), /The method name get is not accepted as a keyword argument to Hello\(\)/);
  assert.throws(() => About.asView({ nope: 1 } as never), /About\(\) received an invalid keyword 'nope'. asView only accepts arguments that are already attributes of the class/);
  const view = About.asView({ templateName: 'x.html' });
  assert.is(view.viewClass, About);
  assert.equal(view.viewInitkwargs, { templateName: 'x.html' });
});

test('TemplateView renders its template with the URL kwargs, `view` and extraContext', async () => {
  const c = client();
  const r = await c.get('/about/dogs/');
  assert.is(r.text, 'About dogs About');
  assert.is(r.context!.topic, 'dogs');
  assert.ok(r.context!.view instanceof About);
  assert.is((await c.get('/about-extra/')).text, 'About extra About');
});

test('RedirectView: url with kwargs and query string, patternName reversed, 410 with neither', async () => {
  const c = client();
  const r = await c.get('/go/5/?x=1');
  assert.equal([r.statusCode, r.get('location')], [302, '/articles/5/?x=1']);
  const named = await c.get('/go-named/4/');
  assert.equal([named.statusCode, named.get('location')], [301, '/articles/4/']);
  assert.is((await c.get('/gone/')).statusCode, 410);
});

test('ListView paginates with ?page= (count then one LIMIT query), 404 on a bad page, "last" works', async () => {
  const c = client();
  const first = await assertNumQueries(2, () => c.get('/articles/'));
  assert.is(first.text, 'A1,A2,A3,|3|1/3 next=2');
  assert.is(first.context!.is_paginated, true);
  assert.is(first.context!.page_obj.number, 1);
  assert.is((await c.get('/articles/', { page: 3 })).text, 'A7,|1|3/3');
  assert.is((await c.get('/articles/', { page: 'last' })).text, 'A7,|1|3/3');
  assert.is((await c.get('/articles/', { page: 4 })).statusCode, 404);
  assert.is((await c.get('/articles/', { page: 'x' })).statusCode, 404);
  const all = await assertNumQueries(1, () => c.get('/articles/all/'));
  assert.is(all.text, 'A1,A2,A3,A4,A5,A6,A7,|7|');
  assert.is(all.context!.paginator, null);
  assert.is((await c.get('/articles/empty/')).statusCode, 404);
});

test('DetailView finds the object by pk or slug, 404 when missing, and names its template after the model', async () => {
  const c = client();
  const r = await c.get('/articles/2/');
  assert.is(r.text, 'A2=a-2');
  assert.equal(r.templates, ['genericviews/article_detail.html']);
  assert.is((await c.get('/articles/by-slug/a-5/')).text, 'A5=a-5');
  const missing = await c.get('/articles/99/');
  assert.is(missing.statusCode, 404);
  configure({ DEBUG: true });
  const debug = await c.get('/articles/99/');
  assert.match(debug.text, /No article found matching the query/);
  const bad = await c.get('/articles/bad/');
  assert.is(bad.statusCode, 500);
  assert.match(bad.text, /Generic detail view DetailView must be called with either an object pk or a slug in the URLconf/);
  configure({ DEBUG: false });
});

test.run();
