import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { include, path, rePath, reverse, resolve, NoReverseMatch, ValueError, setScriptPrefix } from '../../src/index';
import { view } from './helpers';

const yearArchive = view('year_archive');
const urls = [
  path('articles/2003/', view('special'), { name: 'special' }),
  path('articles/<int:year>/', yearArchive, { name: 'news-year-archive' }),
  path('articles/<int:year>/<int:month>/<slug:slug>/', view('detail'), { name: 'article-detail' }),
  path('files/<path:name>', view('file'), { name: 'file' }),
  path('u/<uuid:id>/', view('uuid'), { name: 'by-uuid' }),
  path('s/<str:v>/', view('s'), { name: 'str' }),
  rePath('^comments/(?:page-(?P<page_number>\\d+)/)?$', view('comments'), { name: 'comments' }),
  rePath('^legacy/(\\d+)/(\\w+)/$', view('legacy'), { name: 'legacy' }),
  path('extra/', view('extra'), { name: 'extra', kwargs: { flag: 'on' } }),
];

function noMatch(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.instance(error, NoReverseMatch);
    return (error as Error).message;
  }
  assert.unreachable('expected NoReverseMatch');
  return '';
}

test('reverse() builds URLs from names and arguments, as in the Django docs', () => {
  assert.is(reverse('news-year-archive', { args: [2012], urlconf: urls }), '/articles/2012/');
  assert.is(reverse('news-year-archive', { kwargs: { year: 2012 }, urlconf: urls }), '/articles/2012/');
  assert.is(reverse('article-detail', { args: [2003, 3, 'building-a-django-site'], urlconf: urls }), '/articles/2003/3/building-a-django-site/');
  assert.is(reverse('special', { urlconf: urls }), '/articles/2003/');
});

test('reverse() by view function', () => {
  assert.is(reverse(yearArchive, { args: [1999], urlconf: urls }), '/articles/1999/');
});

test('arguments are checked against the converters', () => {
  const message = noMatch(() => reverse('news-year-archive', { args: ['abc'], urlconf: urls }));
  assert.is(
    message,
    "Reverse for 'news-year-archive' with arguments '[\"abc\"]' not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']",
  );
  noMatch(() => reverse('by-uuid', { args: ['not-a-uuid'], urlconf: urls }));
  noMatch(() => reverse('str', { args: ['a/b'], urlconf: urls }));
  noMatch(() => reverse('news-year-archive', { kwargs: { year: 2012, extra: 1 }, urlconf: urls }));
  noMatch(() => reverse('news-year-archive', { urlconf: urls }));
});

test('an unknown name says so, mixing args and kwargs is an error', () => {
  assert.is(
    noMatch(() => reverse('missing', { urlconf: urls })),
    "Reverse for 'missing' not found. 'missing' is not a valid view function or pattern name.",
  );
  assert.throws(() => reverse('news-year-archive', { args: [1], kwargs: { year: 1 }, urlconf: urls }), (e: unknown) => e instanceof ValueError);
});

test('values are percent-encoded like Django (RFC 3986 pchar stays as is)', () => {
  assert.is(reverse('file', { args: ['a b/c?d#e'], urlconf: urls }), '/files/a%20b/c%3Fd%23e');
  assert.is(reverse('file', { args: ["x!$&'()*+,;=:@~y"], urlconf: urls }), "/files/x!$&'()*+,;=:@~y");
  assert.is(reverse('str', { args: ['café'], urlconf: urls }), '/s/caf%C3%A9/');
  assert.is(reverse('str', { args: ['100%'], urlconf: urls }), '/s/100%25/');
  // A leading double slash would make a scheme-relative URL.
  assert.is(reverse('file', { args: ['/evil.example'], urlconf: urls }), '/files//evil.example');
  const root = [path('<path:p>', view('p'), { name: 'p' })];
  assert.is(reverse('p', { args: ['/evil.example/'], urlconf: root }), '/%2Fevil.example/');
});

test('a reversed URL resolves back to the same view and arguments', () => {
  const url = reverse('article-detail', { kwargs: { year: 2024, month: 11, slug: 'a_b-c' }, urlconf: urls });
  const m = resolve(url, urls);
  assert.is(m.urlName, 'article-detail');
  assert.equal(m.kwargs, { year: 2024, month: 11, slug: 'a_b-c' });
});

test('rePath() patterns reverse through their optional groups and positional groups', () => {
  assert.is(reverse('comments', { urlconf: urls }), '/comments/');
  assert.is(reverse('comments', { kwargs: { page_number: 3 }, urlconf: urls }), '/comments/page-3/');
  assert.is(reverse('legacy', { args: [12, 'ab'], urlconf: urls }), '/legacy/12/ab/');
  noMatch(() => reverse('legacy', { args: ['x', 'ab'], urlconf: urls }));
});

test('extra kwargs must be absent or equal to the default', () => {
  assert.is(reverse('extra', { urlconf: urls }), '/extra/');
  assert.is(reverse('extra', { kwargs: { flag: 'on' }, urlconf: urls }), '/extra/');
  noMatch(() => reverse('extra', { kwargs: { flag: 'off' }, urlconf: urls }));
});

test('when several patterns share a name, the last declared one is tried first (as Django)', () => {
  const dup = [path('first/<int:id>/', view('a'), { name: 'dup' }), path('second/<int:id>/', view('b'), { name: 'dup' }), path('other/', view('c'), { name: 'dup' })];
  assert.is(reverse('dup', { urlconf: dup }), '/other/');
  assert.is(reverse('dup', { args: [1], urlconf: dup }), '/second/1/');
});

test('namespaces: application and instance namespaces with currentApp, as in the Django polls tutorial docs', () => {
  const polls = [
    path('', view('index'), { name: 'index' }),
    path('<int:pk>/', view('detail'), { name: 'detail' }),
  ];
  const conf = [
    path('author-polls/', include([polls, 'polls'], { namespace: 'author-polls' })),
    path('publisher-polls/', include([polls, 'polls'], { namespace: 'publisher-polls' })),
  ];
  // The default instance: none is named 'polls', so the last deployed one.
  assert.is(reverse('polls:index', { urlconf: conf }), '/publisher-polls/');
  assert.is(reverse('polls:index', { urlconf: conf, currentApp: 'author-polls' }), '/author-polls/');
  assert.is(reverse('author-polls:detail', { args: [3], urlconf: conf }), '/author-polls/3/');
  const withDefault = [...conf, path('polls/', include([polls, 'polls']))];
  assert.is(reverse('polls:index', { urlconf: withDefault }), '/polls/');
  assert.is(noMatch(() => reverse('nope:index', { urlconf: conf })), "'nope' is not a registered namespace");
  assert.is(
    noMatch(() => reverse('author-polls:deeper:index', { urlconf: conf })),
    "'deeper' is not a registered namespace inside 'author-polls'",
  );
});

test('nested namespaces and prefixes with parameters', () => {
  const inner = [path('<slug:slug>/', view('entry'), { name: 'entry' })];
  const conf = [path('<str:lang>/', include({ appName: 'site', urlpatterns: [path('blog/', include({ appName: 'blog', urlpatterns: inner }))] }))];
  assert.is(reverse('site:blog:entry', { kwargs: { lang: 'fr', slug: 'hello' }, urlconf: conf }), '/fr/blog/hello/');
  noMatch(() => reverse('site:blog:entry', { kwargs: { slug: 'hello' }, urlconf: conf }));
  assert.is(resolve('/fr/blog/hello/', conf).viewName, 'site:blog:entry');
});

test('names inside a non-namespaced include are reversible from the top', () => {
  const conf = [path('shop/<int:shop>/', include([path('item/<int:id>/', view('item'), { name: 'item' })]))];
  assert.is(reverse('item', { kwargs: { shop: 1, id: 2 }, urlconf: conf }), '/shop/1/item/2/');
});

test('query and fragment are appended (Django 5.2)', () => {
  assert.is(reverse('special', { urlconf: urls, query: { q: 'a b', tag: ['x', 'y'] }, fragment: 'top' }), '/articles/2003/?q=a+b&tag=x&tag=y#top');
});

test('the script prefix starts every reversed URL', () => {
  setScriptPrefix('/app');
  try {
    assert.is(reverse('special', { urlconf: urls }), '/app/articles/2003/');
  } finally {
    setScriptPrefix('/');
  }
});

test.run();
