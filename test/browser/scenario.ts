/**
 * The routing scenario of the browser smoke test. It runs unchanged in Node
 * (smoke.test.ts imports it through tsx) and in Chromium (page.ts, bundled by
 * esbuild), and both import the BUILT package, dist/index.js, as a user would.
 * It returns plain JSON so the two runs can be compared with deep equality.
 */
import { path, include, rePath, resolve, reverse, getResolver, Resolver404, NoReverseMatch } from '../../dist/index.js';

// Named functions, so that func.name says which view matched.
function index() {}
function detail() {}
function results() {}
function vote() {}
function article() {}
function user() {}
function page() {}
function about() {}
function thing() {}
function file() {}
function cafe() {}
function percent() {}
function archive() {}
function legacy() {}

/** The polls app of Django's tutorial, with an application namespace. */
const polls = {
  appName: 'polls',
  urlpatterns: [
    path('', index, { name: 'index' }),
    path('<int:question_id>/', detail, { name: 'detail' }),
    path('<int:question_id>/results/', results, { name: 'results' }),
    path('<int:question_id>/vote/', vote, { name: 'vote' }),
  ],
};

export const urlpatterns = [
  path('polls/', include(polls)),
  // A second instance of the same app (Django's "author-polls" example).
  path('author-polls/', include([polls.urlpatterns, 'polls'], { namespace: 'author-polls' })),
  path('articles/<int:year>/<slug:slug>/', article, { name: 'article' }),
  path('users/<str:username>/', user, { name: 'user' }),
  // First match in declaration order wins: '/pages/about/' goes to `page`.
  path('pages/<str:name>/', page, { name: 'page' }),
  path('pages/about/', about, { name: 'about' }),
  path('things/<uuid:pk>/', thing, { name: 'thing' }),
  path('files/<path:filepath>', file, { name: 'file' }),
  path('café/<str:nom>/', cafe, { name: 'cafe' }),
  path('100%/', percent, { name: 'percent' }),
  rePath('^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$', archive, { name: 'archive' }),
  rePath('^legacy/([0-9]+)/$', legacy, { name: 'legacy' }),
];

export const paths = [
  '/polls/',
  '/polls/3/',
  '/polls/3/results/',
  '/author-polls/42/vote/',
  '/polls/x/',
  '/polls/3',
  '/articles/2024/hello-world_2/',
  '/articles/2024/hello world/',
  '/users/ada/',
  '/users/a%20b/',
  '/pages/about/',
  '/things/6ba7b810-9dad-11d1-80b4-00c04fd430c8/',
  '/things/6BA7B810-9DAD-11D1-80B4-00C04FD430C8/',
  '/files/a/b/c.txt',
  '/files/',
  '/café/crème/',
  '/caf%C3%A9/cr%C3%A8me/',
  decodeURIComponent('/caf%C3%A9/cr%C3%A8me/'),
  '/100%/',
  '/100%25/',
  '/archive/2024/05/',
  '/legacy/12/',
  '/nowhere/',
  '/polls/99999999999999999999/',
];

export const names: [string, Record<string, unknown>][] = [
  ['polls:index', {}],
  ['polls:detail', { args: [3] }],
  ['polls:results', { kwargs: { question_id: 7 } }],
  ['author-polls:vote', { args: [42] }],
  ['polls:vote', { args: [5], currentApp: 'author-polls' }],
  ['article', { kwargs: { year: 2024, slug: 'hello-world_2' } }],
  ['user', { args: ['a b'] }],
  ['page', { args: ['about'] }],
  ['thing', { args: ['6ba7b810-9dad-11d1-80b4-00c04fd430c8'] }],
  ['file', { kwargs: { filepath: 'a/b/c d.txt' } }],
  ['cafe', { kwargs: { nom: 'crème brûlée' } }],
  ['percent', {}],
  ['archive', { kwargs: { year: '2024', month: '05' } }],
  ['legacy', { args: ['12'] }],
  ['polls:detail', { args: ['x'] }],
  ['article', { kwargs: { year: 2024, slug: 'not a slug' } }],
  ['thing', { args: ['not-a-uuid'] }],
  ['missing', {}],
];

/** How an error is recorded: its class as the scenario sees it, and its message. */
function failure(error: unknown): { error: string; message: string } {
  const kind =
    error instanceof Resolver404 ? 'Resolver404' : error instanceof NoReverseMatch ? 'NoReverseMatch' : `unexpected ${String(error)}`;
  return { error: kind, message: error instanceof Error ? error.message : String(error) };
}

export function runScenario() {
  const resolved = paths.map((p) => {
    try {
      const m = resolve(p, urlpatterns);
      return {
        path: p,
        func: m.func.name,
        args: m.args,
        kwargs: m.kwargs,
        kwargTypes: Object.fromEntries(Object.entries(m.kwargs).map(([k, v]) => [k, typeof v])),
        urlName: m.urlName,
        route: m.route,
        namespace: m.namespace,
        appName: m.appName,
        viewName: m.viewName,
      };
    } catch (error) {
      return {
        path: p,
        ...failure(error),
        ...(error instanceof Resolver404 ? { missingSlash: error.missingSlash, tried: error.tried.length } : {}),
      };
    }
  });

  const reversed = names.map(([name, options]) => {
    try {
      return { name, options, url: reverse(name, { ...options, urlconf: urlpatterns }) };
    } catch (error) {
      return { name, options, ...failure(error) };
    }
  });

  const resolver = getResolver(urlpatterns);
  return {
    resolved,
    reversed,
    resolver: { cached: resolver === getResolver(urlpatterns), entries: resolver.entries.length },
  };
}

export type ScenarioResult = ReturnType<typeof runScenario>;
