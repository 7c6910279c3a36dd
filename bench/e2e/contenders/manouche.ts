// ===========================================================================
// Contender: Manouche. The same pages on Manouche's own stack, written as a
// Django user would: models and QuerySets (a count, selectRelated + a slice),
// DTL templates from TEMPLATES with {% extends %} and {% csrf_token %} rendered
// by render(request, …) (the csrf context processor masks the token), the list
// query deferring the post's body as a Django list view would (`defer('body')`:
// every peer's SQL selects the same four columns the page shows), and the
// registered SessionMiddleware + CsrfViewMiddleware with CSRF_USE_SESSIONS (the
// peers keep the CSRF secret in their session too), through createApp() and
// manouche/node's serve().
//
// Sessions live in process memory, as every peer keeps them (express-session's
// MemoryStore, @fastify/session's store, Hono's and the floor's Map): Django's
// cache engine over the default LocMemCache, which stores each session as JSON
// text as MemoryStore does. E2E_SESSIONS=db runs Django's default database
// engine instead (a django_session row read and checked on every request).
//
// It imports each area from its own subpath, as a Django module imports
// django.http, django.shortcuts, django.db: `manouche/node/server` for the
// server, not `manouche/node` (the whole API: every command, backend and
// contrib module, which a serving process has no use for; see "A lean serving
// process" in the README).
//
// It runs the built package (dist/, after `npm run build`), as an application
// does and as every peer runs its own package's JavaScript: loading src/
// through tsx would add its compile time to the cold start and its
// transformed sources and source maps to the RSS.
// ===========================================================================
import { PAGE_SIZE, pageCount, pageNumber, seed, SESSION_USER } from '../data';

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

export async function listen(port: number): Promise<number> {
  const { serve } = await import('manouche/node/server').catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ERR_MODULE_NOT_FOUND' ? new SkipContender('no built package: run `npm run build` first') : e;
  });
  const { createApp } = await import('manouche/core/handlers');
  const { HttpResponse, JsonResponse } = await import('manouche/http');
  const { render } = await import('manouche/shortcuts');
  const { rotateToken } = await import('manouche/middleware');
  const { path } = await import('manouche/urls');
  const { CharField, connections, createTables, defineModel, ForeignKey, CASCADE, SqlJsBackend } = await import('manouche/db');
  const { Session } = await import('manouche/contrib/sessions');
  const Author = defineModel('blog.Author', { name: CharField({ maxLength: 100 }) });
  const Post = defineModel('blog.Post', {
    title: CharField({ maxLength: 200 }),
    body: CharField({ maxLength: 2000 }),
    created: CharField({ maxLength: 10 }),
    author: ForeignKey(() => Author, { onDelete: CASCADE }),
  });

  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Author, Post]);
  // The rows go in with the same prepared INSERTs every contender uses: seeding
  // is the harness's work, not the stack's (a Django server opens a database
  // that is already filled), so it must leave the same garbage in every process.
  seed((connections.get() as unknown as { database(): Parameters<typeof seed>[0] }).database(), { author: Author._meta.dbTable, post: Post._meta.dbTable });
  const sessionEngine = process.env.E2E_SESSIONS === 'db' ? 'db' : 'cache';
  if (sessionEngine === 'db') await createTables(connections.get(), [Session]);
  const signedIn = (request: any) => request.session.aget('user') as Promise<string | undefined>;

  const listView = async (request: any) => {
    const user = await signedIn(request);
    if (!user) return new HttpResponse('Sign in at /login/', { status: 403, contentType: 'text/plain; charset=utf-8' });
    const count = await Post.objects.count();
    const page = pageNumber(request.GET.get('page'), count);
    const posts = await Post.objects.selectRelated('author').defer('body').orderBy('-id').slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return render(request, 'list.html', { user, count, page, pages: pageCount(count), posts });
  };
  const detailView = async (request: any, { id }: { id: number }) => {
    const user = await signedIn(request);
    if (!user) return new HttpResponse('Sign in at /login/', { status: 403, contentType: 'text/plain; charset=utf-8' });
    const post = await Post.objects.selectRelated('author').filter({ pk: id }).first();
    if (!post) return new HttpResponse('Not Found', { status: 404, contentType: 'text/plain; charset=utf-8' });
    return render(request, 'detail.html', { user, post });
  };
  const apiView = async (request: any) => {
    const count = await Post.objects.count();
    const page = pageNumber(request.GET.get('page'), count);
    const posts = await Post.objects.selectRelated('author').defer('body').orderBy('-id').slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const results = (posts as any[]).map((p) => ({ id: p.id, title: p.title, created: p.created, author: p.author.name }));
    return new JsonResponse({ count, page, pages: pageCount(count), results });
  };
  const loginView = async (request: any) => {
    await request.session.aset('user', SESSION_USER);
    rotateToken(request); // as auth's login() does: a fresh CSRF secret (kept in the session)
    return new HttpResponse('signed in', { contentType: 'text/plain; charset=utf-8' });
  };

  const app = createApp({
    settings: {
      DEBUG: false,
      ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
      SECRET_KEY: 'e2e-bench-secret-e2e-bench-secret',
      SESSION_COOKIE_NAME: 'sessionid',
      SESSION_ENGINE: `manouche.contrib.sessions.backends.${sessionEngine}`,
      CSRF_USE_SESSIONS: true,
      MIDDLEWARE: ['manouche.contrib.sessions.middleware.SessionMiddleware', 'manouche.middleware.csrf.CsrfViewMiddleware'],
      TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', OPTIONS: { templates } }],
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
