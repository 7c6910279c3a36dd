// The floor: node:http, template literals, statements prepared once, an
// in-memory session map keyed by a random cookie. What any framework adds
// costs something over this.
import { createServer } from 'node:http';
import { COUNT_SQL, DETAIL_SQL, escape, LIST_SQL, maskedToken, openSeeded, PAGE_SIZE, pageCount, pageNumber, randomString, SESSION_USER, type PostItem } from '../data';

interface Session {
  user: string;
  csrf: string;
}

function base(title: string, session: Session, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(title)} | Blog</title></head>
<body>
<header>Signed in as ${escape(session.user)}</header>
<form method="post" action="/search/"><input type="hidden" name="csrfmiddlewaretoken" value="${maskedToken(session.csrf)}"><input type="search" name="q"><button>Search</button></form>
<main>${content}</main>
</body>
</html>`;
}

export async function listen(port: number): Promise<number> {
  const db = await openSeeded();
  const count = db.prepare(COUNT_SQL);
  const list = db.prepare(LIST_SQL);
  const detail = db.prepare(DETAIL_SQL);
  const sessions = new Map<string, Session>();

  const total = (): number => {
    count.step();
    const n = count.get()[0] as number;
    count.reset();
    return n;
  };
  const page = (n: number): PostItem[] => {
    list.bind([PAGE_SIZE, (n - 1) * PAGE_SIZE]);
    const rows: PostItem[] = [];
    while (list.step()) {
      const r = list.get();
      rows.push({ id: r[0] as number, title: r[1] as string, created: r[2] as string, author: r[3] as string });
    }
    list.reset();
    return rows;
  };
  const sessionOf = (cookie: string | undefined): Session | undefined => {
    if (!cookie) return undefined;
    const m = /(?:^|;\s*)sessionid=([A-Za-z0-9]+)/.exec(cookie);
    return m ? sessions.get(m[1]) : undefined;
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
      res.end(body);
    };
    if (path === '/login/') {
      const id = randomString(32);
      sessions.set(id, { user: SESSION_USER, csrf: randomString(32) });
      return send(200, 'text/plain; charset=utf-8', 'signed in', { 'set-cookie': `sessionid=${id}; HttpOnly; Path=/; SameSite=Lax` });
    }
    if (path === '/api/posts/') {
      const n = total();
      const p = pageNumber(params.get('page'), n);
      return send(200, 'application/json', JSON.stringify({ count: n, page: p, pages: pageCount(n), results: page(p) }));
    }
    const session = sessionOf(req.headers.cookie);
    if (path === '/posts/' || /^\/posts\/\d+\/$/.test(path)) {
      if (!session) return send(403, 'text/plain; charset=utf-8', 'Sign in at /login/');
    }
    if (path === '/posts/') {
      const n = total();
      const p = pageNumber(params.get('page'), n);
      const pages = pageCount(n);
      let items = '';
      for (const post of page(p)) items += `<li><a href="/posts/${post.id}/">${escape(post.title)}</a> by ${escape(post.author)} on ${post.created}</li>\n`;
      const nav = `${p > 1 ? `<a href="?page=${p - 1}">previous</a> ` : ''}Page ${p} of ${pages}${p < pages ? ` <a href="?page=${p + 1}">next</a>` : ''}`;
      return send(200, 'text/html; charset=utf-8', base(`Posts (page ${p})`, session!, `<h1>Posts</h1>\n<p>${n} posts</p>\n<ul>\n${items}</ul>\n<nav>${nav}</nav>`));
    }
    const m = /^\/posts\/(\d+)\/$/.exec(path);
    if (m) {
      detail.bind([Number(m[1])]);
      const found = detail.step() ? detail.get() : undefined;
      detail.reset();
      if (!found) return send(404, 'text/plain; charset=utf-8', 'Not Found');
      const [, title, body, created, author] = found as [number, string, string, string, string];
      return send(
        200,
        'text/html; charset=utf-8',
        base(title, session!, `<article><h1>${escape(title)}</h1><p class="meta">by ${escape(author)} on ${created}</p><div class="body">${escape(body)}</div></article>`),
      );
    }
    send(404, 'text/plain; charset=utf-8', 'Not Found');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}
