// ===========================================================================
// Contender: Manouche. The same pages on Manouche's own stack: models and
// QuerySets (a count and selectRelated + a slice), DTL templates with
// {% extends %} and {% csrf_token %}, sessions in the database (Django's
// default engine, table django_session), through createApp() → { fetch } and
// manouche/node's serve().
//
// SessionMiddleware and CsrfViewMiddleware are not registered names in this
// branch yet, so the two middleware below do their work with what exists:
// contrib.sessions' sessionFromCookies()/sessionResponse() (exactly the logic
// SessionMiddleware will wrap) and Django's CSRF masking of a secret kept in
// the session (CSRF_USE_SESSIONS, key '_csrftoken'), the same masking the
// peers use (../data). LEAD: at merge, replace `sessionMiddleware` and
// `csrfMiddleware` in MIDDLEWARE by their registered names and csrfToken() by
// the project's get_token accessor.
// ===========================================================================
import { atomic, CharField, connections, createTables, defineModel, ForeignKey, CASCADE, SqlJsBackend } from '../../../src/db/index';
import { Engine } from '../../../src/template/index';
import { path } from '../../../src/urls/index';
import { serve } from '../../../src/node/server';
import { Session, sessionFromCookies, sessionResponse } from '../../../src/contrib/sessions/index';
import { AUTHORS, PAGE_SIZE, pageCount, pageNumber, POSTS, authorRow, postRow, SESSION_USER, maskedToken, randomString } from '../data';

export class SkipContender extends Error {
  override name = 'SkipContender';
}

const templates: Record<string, string> = {
  'base.html': `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} | Blog</title></head>
<body>
<header>Signed in as {{ user }}</header>
<form method="post" action="/search/">{% csrf_token %}<input type="search" name="q"><button>Search</button></form>
<main>{% block content %}{% endblock %}</main>
</body>
</html>`,
  'list.html': `{% extends "base.html" %}
{% block title %}Posts (page {{ page }}){% endblock %}
{% block content %}<h1>Posts</h1>
<p>{{ count }} posts</p>
<ul>
{% for post in posts %}<li><a href="/posts/{{ post.id }}/">{{ post.title }}</a> by {{ post.author.name }} on {{ post.created }}</li>
{% endfor %}</ul>
<nav>{% if page > 1 %}<a href="?page={{ page|add:"-1" }}">previous</a> {% endif %}Page {{ page }} of {{ pages }}{% if page < pages %} <a href="?page={{ page|add:"1" }}">next</a>{% endif %}</nav>{% endblock %}`,
  'detail.html': `{% extends "base.html" %}
{% block title %}{{ post.title }}{% endblock %}
{% block content %}<article><h1>{{ post.title }}</h1><p class="meta">by {{ post.author.name }} on {{ post.created }}</p><div class="body">{{ post.body }}</div></article>{% endblock %}`,
};

const Author = defineModel('blog.Author', { name: CharField({ maxLength: 100 }) });
const Post = defineModel('blog.Post', {
  title: CharField({ maxLength: 200 }),
  body: CharField({ maxLength: 2000 }),
  created: CharField({ maxLength: 10 }),
  author: ForeignKey(() => Author, { onDelete: CASCADE }),
});

export async function listen(port: number): Promise<number> {
  const core = (await import('../../../src/index')) as Record<string, any>;
  const missing = ['createApp', 'HttpResponse', 'JsonResponse'].filter((n) => typeof core[n] !== 'function');
  if (missing.length) throw new SkipContender(`the HTTP core is not merged yet (missing ${missing.join(', ')} in src/index.ts)`);
  const { createApp, HttpResponse, JsonResponse } = core;

  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Author, Post]);
  // Seeded in one transaction with bulkCreate, as the peers seed with one prepared statement in a transaction.
  await atomic(async () => {
    await Author.objects.bulkCreate(Array.from({ length: AUTHORS }, (_, i) => {
      const [id, name] = authorRow(i + 1);
      return new Author({ id, name } as any);
    }));
    await Post.objects.bulkCreate(Array.from({ length: POSTS }, (_, i) => {
      const [id, title, body, created, author_id] = postRow(i + 1);
      return new Post({ id, title, body, created, author_id } as any);
    }), { batchSize: 500 });
  });
  await createTables(connections.get(), [Session]);
  const engine = new Engine({ templates });

  // SessionMiddleware (django.contrib.sessions.middleware): the session from the
  // cookie, loaded lazily; on the way out saved and its cookie set when modified.
  const sessionMiddleware = (getResponse: (request: any) => Promise<any>) => async (request: any) => {
    const cookies = request.COOKIES;
    request.session = sessionFromCookies(cookies);
    const response = await getResponse(request);
    const out = await sessionResponse(request.session, { hadCookie: cookies.sessionid !== undefined, status: response.statusCode });
    if (out.vary) response.headers.set('Vary', 'Cookie');
    if (out.cookie?.action === 'set') {
      const c = out.cookie;
      response.setCookie(c.name, c.value, { maxAge: c.maxAge, expires: c.expires, domain: c.domain ?? undefined, path: c.path, secure: c.secure, httponly: c.httpOnly, samesite: c.sameSite || undefined });
    } else if (out.cookie?.action === 'delete') response.deleteCookie(out.cookie.name, { path: out.cookie.path, domain: out.cookie.domain ?? undefined });
    return response;
  };
  // CsrfViewMiddleware's GET half with CSRF_USE_SESSIONS: the secret is in the
  // session, and every page gets a freshly masked token (Django's get_token).
  const CSRF_SESSION_KEY = '_csrftoken';
  const csrfMiddleware = (getResponse: (request: any) => Promise<any>) => async (request: any) => {
    request.csrfToken = async () => {
      let secret = (await request.session.aget(CSRF_SESSION_KEY)) as string | undefined;
      if (!secret) await request.session.aset(CSRF_SESSION_KEY, (secret = randomString(32)));
      return maskedToken(secret);
    };
    return getResponse(request);
  };
  const csrfToken = (request: any): Promise<string> => request.csrfToken();
  const signedIn = async (request: any) => (await request.session.aget('user')) as string | undefined;

  const listView = async (request: any) => {
    const user = await signedIn(request);
    if (!user) return new HttpResponse('Sign in at /login/', { status: 403, contentType: 'text/plain; charset=utf-8' });
    const count = await Post.objects.count();
    const page = pageNumber(request.GET.get('page'), count);
    const posts = await Post.objects.selectRelated('author').orderBy('-id').slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const html = engine.renderToString('list.html', { user, csrf_token: await csrfToken(request), count, page, pages: pageCount(count), posts });
    return new HttpResponse(html);
  };
  const detailView = async (request: any, { id }: { id: number }) => {
    const user = await signedIn(request);
    if (!user) return new HttpResponse('Sign in at /login/', { status: 403, contentType: 'text/plain; charset=utf-8' });
    const post = await Post.objects.selectRelated('author').filter({ pk: id }).first();
    if (!post) return new HttpResponse('Not Found', { status: 404, contentType: 'text/plain; charset=utf-8' });
    return new HttpResponse(engine.renderToString('detail.html', { user, csrf_token: await csrfToken(request), post }));
  };
  const apiView = async (request: any) => {
    const count = await Post.objects.count();
    const page = pageNumber(request.GET.get('page'), count);
    const posts = await Post.objects.selectRelated('author').orderBy('-id').slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const results = (posts as any[]).map((p) => ({ id: p.id, title: p.title, created: p.created, author: p.author.name }));
    return new JsonResponse({ count, page, pages: pageCount(count), results });
  };
  const loginView = async (request: any) => {
    await request.session.aset('user', SESSION_USER);
    await request.session.aset(CSRF_SESSION_KEY, randomString(32));
    return new HttpResponse('signed in', { contentType: 'text/plain; charset=utf-8' });
  };

  const app = createApp({
    settings: {
      DEBUG: false,
      ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
      SECRET_KEY: 'e2e-bench-secret-e2e-bench-secret',
      SESSION_COOKIE_NAME: 'sessionid',
      // LEAD: 'manouche.contrib.sessions.middleware.SessionMiddleware', 'manouche.middleware.csrf.CsrfViewMiddleware' once registered.
      MIDDLEWARE: [sessionMiddleware, csrfMiddleware],
      ROOT_URLCONF: [
        path('login/', loginView),
        path('posts/', listView),
        path('posts/<int:id>/', detailView),
        path('api/posts/', apiView),
      ],
    },
  });
  const server = await serve(app, { host: '127.0.0.1', port, handleSignals: true });
  return server.address.port;
}
