// Hono on @hono/node-server, hono/html template literals (escaping), an in-memory
// session map behind a random cookie (Hono has no session middleware of its own).
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { serve } from '@hono/node-server';
import { listItems, maskedToken, openSeeded, pageCount, pageNumber, postCount, postDetail, randomString, SESSION_USER } from '../data';

interface Session {
  user: string;
  csrf: string;
}

const base = (title: unknown, s: Session, content: unknown) => html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} | Blog</title></head>
<body>
<header>Signed in as ${s.user}</header>
<form method="post" action="/search/"><input type="hidden" name="csrfmiddlewaretoken" value="${maskedToken(s.csrf)}"><input type="search" name="q"><button>Search</button></form>
<main>${content}</main>
</body>
</html>`;

export async function listen(port: number): Promise<number> {
  const db = await openSeeded();
  const sessions = new Map<string, Session>();
  const app = new Hono<{ Variables: { session: Session } }>();
  app.get('/login/', (c) => {
    const id = randomString(32);
    sessions.set(id, { user: SESSION_USER, csrf: randomString(32) });
    setCookie(c, 'sessionid', id, { httpOnly: true, path: '/', sameSite: 'Lax' });
    return c.text('signed in');
  });
  app.get('/api/posts/', (c) => {
    const count = postCount(db);
    const page = pageNumber(c.req.query('page'), count);
    return c.json({ count, page, pages: pageCount(count), results: listItems(db, page) });
  });
  app.use('/posts/*', async (c, next) => {
    const s = sessions.get(getCookie(c, 'sessionid') ?? '');
    if (!s) return c.text('Sign in at /login/', 403);
    c.set('session', s);
    await next();
  });
  app.get('/posts/', (c) => {
    const count = postCount(db);
    const page = pageNumber(c.req.query('page'), count);
    const pages = pageCount(count);
    const items = listItems(db, page).map((p) => html`<li><a href="/posts/${p.id}/">${p.title}</a> by ${p.author} on ${p.created}</li>\n`);
    const nav = html`${page > 1 ? html`<a href="?page=${page - 1}">previous</a> ` : ''}Page ${page} of ${pages}${page < pages ? html` <a href="?page=${page + 1}">next</a>` : ''}`;
    return c.html(base(`Posts (page ${page})`, c.get('session'), html`<h1>Posts</h1>\n<p>${count} posts</p>\n<ul>\n${items}</ul>\n<nav>${nav}</nav>`) as Promise<HtmlEscapedString>);
  });
  app.get('/posts/:id/', (c) => {
    const id = c.req.param('id');
    const post = /^\d+$/.test(id) ? postDetail(db, Number(id)) : undefined;
    if (!post) return c.text('Not Found', 404);
    return c.html(base(post.title, c.get('session'), html`<article><h1>${post.title}</h1><p class="meta">by ${post.author} on ${post.created}</p><div class="body">${post.body}</div></article>`) as Promise<HtmlEscapedString>);
  });
  return new Promise((resolve) => {
    serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
}
