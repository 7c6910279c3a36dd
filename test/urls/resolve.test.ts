import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { include, path, rePath, resolve, Resolver404, isValidPath, registerConverter, ValueError } from '../../src/index';
import { view } from './helpers';

// The URLconf of Django's "URL dispatcher" documentation.
const yearArchive = view('year_archive');
const docs = [
  path('articles/2003/', view('special_case_2003')),
  path('articles/<int:year>/', yearArchive),
  path('articles/<int:year>/<int:month>/', view('month_archive')),
  path('articles/<int:year>/<int:month>/<slug:slug>/', view('article_detail')),
];

function miss(p: string, urlconf: any): Resolver404 {
  try {
    resolve(p, urlconf);
  } catch (error) {
    assert.instance(error, Resolver404);
    return error as Resolver404;
  }
  throw new assert.Assertion({ message: `expected ${p} to miss`, generated: true, operator: 'throws', expects: 'Resolver404', actual: 'match' });
}

test('the documentation examples resolve as in Django', () => {
  assert.is(resolve('/articles/2005/03/', docs).func.name, 'month_archive');
  assert.equal(resolve('/articles/2005/03/', docs).kwargs, { year: 2005, month: 3 });
  assert.is(resolve('/articles/2003/', docs).func.name, 'special_case_2003');
  assert.equal(resolve('/articles/2003/03/building-a-django-site/', docs).kwargs, {
    year: 2003,
    month: 3,
    slug: 'building-a-django-site',
  });
  miss('/articles/2003', docs);
  miss('/articles/abcd/', docs);
});

test('an int converter yields a number, the others strings', () => {
  const m = resolve('/articles/0042/', docs);
  assert.is(m.kwargs.year, 42);
  assert.type(m.kwargs.year, 'number');
  assert.is(m.func, yearArchive);
});

test('the first pattern in declaration order wins, even over a more specific one', () => {
  const urls = [path('<str:x>/', view('catch_all')), path('about/', view('about'))];
  assert.is(resolve('/about/', urls).func.name, 'catch_all');
  assert.equal(resolve('/about/', urls).kwargs, { x: 'about' });
  const reversed = [path('about/', view('about')), path('<str:x>/', view('catch_all'))];
  assert.is(resolve('/about/', reversed).func.name, 'about');
});

test('a path must start with the slash the root resolver consumes', () => {
  const urls = [path('about/', view('about'))];
  miss('about/', urls);
  const error = miss('/nope/', urls);
  assert.is(error.path, 'nope/');
});

test('every built-in converter matches its Django regex', () => {
  const urls = [
    path('i/<int:v>/', view('int')),
    path('s/<str:v>/', view('str')),
    path('g/<slug:v>/', view('slug')),
    path('u/<uuid:v>/', view('uuid')),
    path('p/<path:v>', view('path')),
  ];
  assert.equal(resolve('/s/a b-c.d/', urls).kwargs, { v: 'a b-c.d' });
  assert.equal(resolve('/g/Your-1st_site/', urls).kwargs, { v: 'Your-1st_site' });
  miss('/g/with.dot/', urls);
  miss('/i/-1/', urls);
  assert.equal(resolve('/u/075194d3-6885-417e-a8a8-6c931e272f00/', urls).kwargs, { v: '075194d3-6885-417e-a8a8-6c931e272f00' });
  miss('/u/075194D3-6885-417e-a8a8-6c931e272f00/', urls); // uppercase is refused, as in Django
  miss('/u/075194d36885417ea8a86c931e272f00/', urls); // dashes are required
  assert.equal(resolve('/p/a/b/c.txt', urls).kwargs, { v: 'a/b/c.txt' });
  miss('/p/a\nb', urls); // Python's `.` stops at a newline
  assert.equal(resolve('/s/a\nb/', urls).kwargs, { v: 'a\nb' }); // [^/] does not
});

test('a default converter is str', () => {
  assert.equal(resolve('/x/hello/', [path('x/<name>/', view('v'))]).kwargs, { name: 'hello' });
});

test('path converters are greedy like the regex they stand for', () => {
  const urls = [path('<path:a>/<path:b>/', view('two'))];
  assert.equal(resolve('/x/y/z/w/', urls).kwargs, { a: 'x/y/z', b: 'w' });
  const adjacent = [path('<int:a><int:b>/', view('digits'))];
  assert.equal(resolve('/12345/', adjacent).kwargs, { a: 1234, b: 5 });
  const strs = [path('<str:a>-<str:b>/', view('dash'))];
  assert.equal(resolve('/a-b-c/', strs).kwargs, { a: 'a-b', b: 'c' });
});

test('non-ASCII paths capture whole characters', () => {
  const urls = [path('<str:a><str:b>/', view('pair')), path('w/<slug:s>/', view('slug'))];
  assert.equal(resolve('/café/', urls).kwargs, { a: 'caf', b: 'é' });
  assert.equal(resolve('/日本語/', urls).kwargs, { a: '日本', b: '語' });
  miss('/w/café/', urls);
});

test('include() mounts patterns under a prefix with namespaces and the joined route', () => {
  const polls = {
    appName: 'polls',
    urlpatterns: [
      path('', view('index'), { name: 'index' }),
      path('<int:question_id>/', view('detail'), { name: 'detail' }),
      path('<int:question_id>/results/', view('results'), { name: 'results' }),
    ],
  };
  const urls = [path('polls/', include(polls)), path('admin/', view('admin'))];
  const m = resolve('/polls/34/results/', urls);
  assert.is(m.func.name, 'results');
  assert.equal(m.kwargs, { question_id: 34 });
  assert.is(m.urlName, 'results');
  assert.is(m.route, 'polls/<int:question_id>/results/');
  assert.equal(m.appNames, ['polls']);
  assert.is(m.namespace, 'polls');
  assert.is(m.viewName, 'polls:results');
  assert.is(resolve('/polls/', urls).viewName, 'polls:index');
  assert.is(resolve('/admin/', urls).viewName, 'admin');
});

test('nested includes merge prefix captures and extra kwargs like Django', () => {
  const inner = [path('<slug:slug>/', view('detail'), { kwargs: { extra: 'leaf' } })];
  const urls = [
    path('<str:lang>/', include([path('blog/', include([inner, 'blog'], { namespace: 'b1' }), { kwargs: { section: 'blog', extra: 'resolver' } })])),
  ];
  const m = resolve('/fr/blog/hello/', urls);
  assert.equal(m.kwargs, { lang: 'fr', section: 'blog', extra: 'leaf', slug: 'hello' });
  assert.equal(m.capturedKwargs, { slug: 'hello' });
  assert.equal(m.extraKwargs, { section: 'blog', extra: 'leaf' });
  assert.equal(m.namespaces, ['b1']);
  assert.is(m.appName, 'blog');
  assert.is(m.route, '<str:lang>/blog/<slug:slug>/');
  assert.is(m.viewName, 'b1:detail');
});

test('an include prefix commits to its first match, as Django never backtracks into it', () => {
  // Django matches the prefix regex ^(?P<a>.+)/ once (greedy: up to the last slash)
  // and hands the rest to the included patterns.
  const urls = [path('<path:a>/', include([path('x/', view('x')), path('', view('empty'))]))];
  const m = resolve('/p/q/x/', urls);
  assert.is(m.func.name, 'empty');
  assert.equal(m.kwargs, { a: 'p/q/x' });
  // A prefix ending with a converter takes every digit, leaving none for the child.
  const digits = [path('<int:a>', include([path('<int:b>/', view('b'))]))];
  miss('/12/', digits);
});

test('rePath() routes give keyword or positional arguments and keep their order among path() routes', () => {
  const urls = [
    rePath('^articles/(?P<year>[0-9]{4})/$', view('year')),
    path('articles/<str:x>/', view('str')),
    rePath('^(\\d+)/(\\w+)/$', view('positional')),
    rePath('^opt/(?:page-(?P<page>\\d+)/)?$', view('optional')),
  ];
  assert.equal(resolve('/articles/2024/', urls).kwargs, { year: '2024' });
  assert.is(resolve('/articles/24/', urls).func.name, 'str');
  const p = resolve('/12/ab/', urls);
  assert.equal(p.args, ['12', 'ab']);
  assert.equal(p.kwargs, {});
  assert.equal(resolve('/opt/', urls).kwargs, {}); // unmatched groups are dropped
  assert.equal(resolve('/opt/page-3/', urls).kwargs, { page: '3' });
  assert.is(resolve('/opt/', urls).route, '^opt/(?:page-(?P<page>\\d+)/)?$');
});

test('a custom converter matches by its regex and may refuse a value', () => {
  registerConverter(
    {
      regex: '[0-9]{4}',
      toValue(value: string) {
        const year = Number(value);
        if (year < 1000) throw new ValueError('too early');
        return year;
      },
      toUrl: (value: number) => String(value).padStart(4, '0'),
    },
    'yyyy',
  );
  const urls = [path('y/<yyyy:year>/', view('four')), path('y/<str:other>/', view('other'))];
  assert.equal(resolve('/y/2024/', urls).kwargs, { year: 2024 });
  assert.is(resolve('/y/0999/', urls).func.name, 'other');
  assert.is(resolve('/y/20245/', urls).func.name, 'other');
});

test('an int beyond 2**53 is refused and resolution goes on to the next pattern', () => {
  const urls = [path('n/<int:id>/', view('int')), path('n/<str:id>/', view('str'))];
  assert.equal(resolve('/n/9007199254740991/', urls).kwargs, { id: 9007199254740991 });
  const big = resolve('/n/99999999999999999999/', urls);
  assert.is(big.func.name, 'str');
  // Refused inside an include prefix: the whole include is skipped.
  const nested = [path('<int:a>/', include([path('x/', view('x')), path('y/', view('y'))])), path('<str:a>/y/', view('fallback'))];
  assert.is(resolve('/99999999999999999999/y/', nested).func.name, 'fallback');
});

test('Resolver404 lists every pattern tried and says when only a slash is missing', () => {
  const urls = [path('polls/', include([path('', view('index')), path('<int:id>/', view('detail'))])), path('about/', view('about'))];
  const error = miss('/polls/abc/', urls);
  assert.equal(error.tried, [['polls/', ''], ['polls/', '<int:id>/'], ['about/']]);
  assert.equal(error.triedNames, [null, null, null]);
  const named = [path('polls/', include([path('', view('index'), { name: 'index' }), path('<int:id>/', view('detail'), { name: 'detail' })])), path('about/', view('about'))];
  assert.equal(miss('/polls/abc/', named).triedNames, ['index', 'detail', null], 'the name of the last pattern of each chain');
  assert.equal(miss('/nope/', named).triedNames, [null, null], 'an include that did not match has no name');
  assert.is(error.missingSlash, false);
  const slash = miss('/about', urls);
  assert.is(slash.missingSlash, true);
  assert.equal(slash.tried, [['polls/'], ['about/']]);
  assert.ok(isValidPath('/about/', urls));
  assert.not.ok(isValidPath('/about', urls));
});

test('extra kwargs of path() reach the view', () => {
  const urls = [path('blog/<int:year>/', view('y'), { kwargs: { foo: 'bar' } })];
  assert.equal(resolve('/blog/2005/', urls).kwargs, { year: 2005, foo: 'bar' });
});

test('routes that all share a long prefix resolve and miss correctly', () => {
  const urls = [path('api/v1/users/', view('users')), path('api/v1/<int:id>/', view('item'))];
  assert.is(resolve('/api/v1/users/', urls).func.name, 'users');
  assert.equal(resolve('/api/v1/7/', urls).kwargs, { id: 7 });
  miss('/api/v2/7/', urls);
  miss('/api/', urls);
  miss('/', urls);
});

test('without generated code (a strict Content-Security-Policy), lookups give the same answers', async () => {
  const { CompiledURLconf } = await import('../../src/urls/resolver');
  const urls = [
    path('articles/<int:year>/<int:month>/<slug:slug>/', view('article')),
    path('n/<int:id>/', view('int')),
    path('n/<str:id>/', view('str')),
    path('u/<uuid:id>/<path:rest>', view('uuid')),
  ];
  const generated = new CompiledURLconf(urls);
  const interpreted = new CompiledURLconf(urls);
  for (const entry of interpreted.entries) (entry as { build: unknown }).build = null;
  const paths = ['/articles/2024/11/hi/', '/n/12/', '/n/99999999999999999999/', '/u/075194d3-6885-417e-a8a8-6c931e272f00/a/b', '/nope/'];
  for (const p of paths) {
    const a = generated.match(p);
    const b = interpreted.match(p);
    assert.equal(b && [b.func.name, b.kwargs], a && [a.func.name, a.kwargs], p);
  }
  assert.equal(generated.match('/n/99999999999999999999/')?.func.name, 'str');
  generated.free();
  interpreted.free();
});

test.run();
