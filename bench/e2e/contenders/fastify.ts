// Fastify 5 + liquidjs (layout with blocks) + @fastify/cookie + @fastify/session (its memory store).
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { Liquid } from 'liquidjs';
import { listItems, maskedToken, openSeeded, pageCount, pageNumber, postCount, postDetail, randomString, SESSION_USER } from '../data';

const templates: Record<string, string> = {
  'base.liquid': `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} | Blog</title></head>
<body>
<header>Signed in as {{ user }}</header>
<form method="post" action="/search/"><input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}"><input type="search" name="q"><button>Search</button></form>
<main>{% block content %}{% endblock %}</main>
</body>
</html>`,
  'list.liquid': `{% layout "base.liquid" %}
{% block title %}Posts (page {{ page }}){% endblock %}
{% block content %}<h1>Posts</h1>
<p>{{ count }} posts</p>
<ul>
{% for post in posts %}<li><a href="/posts/{{ post.id }}/">{{ post.title }}</a> by {{ post.author }} on {{ post.created }}</li>
{% endfor %}</ul>
<nav>{% if page > 1 %}<a href="?page={{ page | minus: 1 }}">previous</a> {% endif %}Page {{ page }} of {{ pages }}{% if page < pages %} <a href="?page={{ page | plus: 1 }}">next</a>{% endif %}</nav>{% endblock %}`,
  'detail.liquid': `{% layout "base.liquid" %}
{% block title %}{{ post.title }}{% endblock %}
{% block content %}<article><h1>{{ post.title }}</h1><p class="meta">by {{ post.author }} on {{ post.created }}</p><div class="body">{{ post.body }}</div></article>{% endblock %}`,
};

declare module 'fastify' {
  interface Session {
    user?: string;
    csrf?: string;
  }
}

export async function listen(port: number): Promise<number> {
  const db = await openSeeded();
  const liquid = new Liquid({ templates, cache: true, outputEscape: 'escape' });
  const app = Fastify();
  await app.register(fastifyCookie);
  await app.register(fastifySession, { secret: 'e2e-bench-secret-e2e-bench-secret', cookieName: 'sessionid', cookie: { secure: false }, saveUninitialized: false });
  app.get('/login/', async (req, reply) => {
    req.session.user = SESSION_USER;
    req.session.csrf = randomString(32);
    reply.type('text/plain; charset=utf-8');
    return 'signed in';
  });
  app.get('/api/posts/', async (req) => {
    const count = postCount(db);
    const page = pageNumber((req.query as { page?: string }).page, count);
    return { count, page, pages: pageCount(count), results: listItems(db, page) };
  });
  app.get('/posts/', async (req, reply) => {
    if (!req.session.user) return reply.code(403).type('text/plain; charset=utf-8').send('Sign in at /login/');
    const count = postCount(db);
    const page = pageNumber((req.query as { page?: string }).page, count);
    const html = await liquid.renderFile('list.liquid', { user: req.session.user, csrf_token: maskedToken(req.session.csrf!), count, page, pages: pageCount(count), posts: listItems(db, page) });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.get('/posts/:id/', async (req, reply) => {
    if (!req.session.user) return reply.code(403).type('text/plain; charset=utf-8').send('Sign in at /login/');
    const id = (req.params as { id: string }).id;
    const post = /^\d+$/.test(id) ? postDetail(db, Number(id)) : undefined;
    if (!post) return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
    const html = await liquid.renderFile('detail.liquid', { user: req.session.user, csrf_token: maskedToken(req.session.csrf!), post });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  await app.listen({ port, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}
