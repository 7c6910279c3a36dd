// Express 5 + nunjucks (template inheritance from a base) + express-session (MemoryStore).
import express from 'express';
import session from 'express-session';
import nunjucks from 'nunjucks';
import { listItems, maskedToken, openSeeded, pageCount, pageNumber, postCount, postDetail, randomString, SESSION_USER } from '../data';

const templates: Record<string, string> = {
  'base.njk': `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} | Blog</title></head>
<body>
<header>Signed in as {{ user }}</header>
<form method="post" action="/search/"><input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}"><input type="search" name="q"><button>Search</button></form>
<main>{% block content %}{% endblock %}</main>
</body>
</html>`,
  'list.njk': `{% extends "base.njk" %}
{% block title %}Posts (page {{ page }}){% endblock %}
{% block content %}<h1>Posts</h1>
<p>{{ count }} posts</p>
<ul>
{% for post in posts %}<li><a href="/posts/{{ post.id }}/">{{ post.title }}</a> by {{ post.author }} on {{ post.created }}</li>
{% endfor %}</ul>
<nav>{% if page > 1 %}<a href="?page={{ page - 1 }}">previous</a> {% endif %}Page {{ page }} of {{ pages }}{% if page < pages %} <a href="?page={{ page + 1 }}">next</a>{% endif %}</nav>{% endblock %}`,
  'detail.njk': `{% extends "base.njk" %}
{% block title %}{{ post.title }}{% endblock %}
{% block content %}<article><h1>{{ post.title }}</h1><p class="meta">by {{ post.author }} on {{ post.created }}</p><div class="body">{{ post.body }}</div></article>{% endblock %}`,
};

class MemoryLoader extends nunjucks.Loader {
  getSource(name: string) {
    return { src: templates[name], path: name, noCache: false };
  }
}

declare module 'express-session' {
  interface SessionData {
    user: string;
    csrf: string;
  }
}

export async function listen(port: number): Promise<number> {
  const db = await openSeeded();
  const env = new nunjucks.Environment(new MemoryLoader(), { autoescape: true });
  const app = express();
  app.set('etag', false);
  app.use(session({ secret: 'e2e-bench-secret-e2e-bench-secret', name: 'sessionid', resave: false, saveUninitialized: false }));
  app.get('/login/', (req, res) => {
    req.session.user = SESSION_USER;
    req.session.csrf = randomString(32);
    res.type('text/plain').send('signed in');
  });
  app.get('/api/posts/', (req, res) => {
    const count = postCount(db);
    const page = pageNumber(req.query.page as string | undefined, count);
    res.json({ count, page, pages: pageCount(count), results: listItems(db, page) });
  });
  const signedIn: express.RequestHandler = (req, res, next) => {
    if (!req.session.user) res.status(403).type('text/plain').send('Sign in at /login/');
    else next();
  };
  app.get('/posts/', signedIn, (req, res) => {
    const count = postCount(db);
    const page = pageNumber(req.query.page as string | undefined, count);
    const html = env.render('list.njk', { user: req.session.user, csrf_token: maskedToken(req.session.csrf!), count, page, pages: pageCount(count), posts: listItems(db, page) });
    res.type('html').send(html);
  });
  app.get('/posts/:id/', signedIn, (req, res) => {
    const post = /^\d+$/.test(req.params.id as string) ? postDetail(db, Number(req.params.id)) : undefined;
    if (!post) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    res.type('html').send(env.render('detail.njk', { user: req.session.user, csrf_token: maskedToken(req.session.csrf!), post }));
  });
  return new Promise((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}
