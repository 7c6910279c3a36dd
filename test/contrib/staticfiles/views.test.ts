import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure } from '../../../src/conf/settings';
import { serveStatic, staticFilesApp, staticFilesHandler } from '../../../src/contrib/staticfiles/index';
import { createApp } from '../../../src/core/handlers/app';
import { HttpResponse } from '../../../src/http/response';
import type { HttpRequest } from '../../../src/http/request';
import { path as route } from '../../../src/urls/index';
import { serve } from '../../../src/node/server';
import { project } from './project';

const files = {
  'polls/static/polls/style.css': 'li { color: green; }',
  'polls/static/polls/app.js.gz': 'gzipped',
  'polls/static/polls/data.bin': 'xx',
  'secret.txt': 'password',
};
const app = (request: Request) => new Response(`app: ${new URL(request.url).pathname}`);
const handler = staticFilesHandler(app);
const get = (path: string, headers: Record<string, string> = {}) => handler(new Request(`http://testserver${path}`, { headers }));

test('a STATIC_URL path is answered from the finders with Content-Type, Content-Length and Last-Modified', async () => {
  const p = await project(files);
  try {
    const r = await get('/static/polls/style.css');
    assert.is(r.status, 200);
    assert.is(r.headers.get('content-type'), 'text/css');
    assert.is(r.headers.get('content-length'), '20');
    assert.is(r.headers.get('last-modified'), 'Thu, 02 Jan 2020 03:04:05 GMT');
    assert.is(await r.text(), 'li { color: green; }');
    assert.is((await get('/static/polls/data.bin')).headers.get('content-type'), 'application/octet-stream');
    const gz = await get('/static/polls/app.js.gz');
    assert.is(gz.headers.get('content-type'), 'text/javascript');
    assert.is(gz.headers.get('content-encoding'), 'gzip');
  } finally {
    await p.done();
  }
});

test('If-Modified-Since at or after the file time gives 304; an older one gives the file', async () => {
  const p = await project(files);
  try {
    const fresh = await get('/static/polls/style.css', { 'if-modified-since': 'Thu, 02 Jan 2020 03:04:05 GMT' });
    assert.is(fresh.status, 304);
    assert.is(await fresh.text(), '');
    const stale = await get('/static/polls/style.css', { 'if-modified-since': 'Thu, 02 Jan 2020 03:04:04 GMT' });
    assert.is(stale.status, 200);
    const garbage = await get('/static/polls/style.css', { 'if-modified-since': 'yesterday-ish' });
    assert.is(garbage.status, 200);
  } finally {
    await p.done();
  }
});

test('paths outside STATIC_URL go to the app; missing files and directories are 404', async () => {
  const p = await project(files);
  try {
    assert.is(await (await get('/polls/')).text(), 'app: /polls/');
    const missing = await get('/static/polls/nope.css');
    assert.is(missing.status, 404);
    assert.is(await missing.text(), "'polls/nope.css' could not be found");
    const dir = await get('/static/polls/');
    assert.is(dir.status, 404);
    assert.is(await dir.text(), 'Directory indexes are not allowed here.');
  } finally {
    await p.done();
  }
});

test('traversal is refused: .., encoded %2e%2e and %2f, NUL, backslashes, absolute paths', async () => {
  const p = await project(files);
  try {
    for (const path of ['/static/..%2fsecret.txt', '/static/%2e%2e%2fsecret.txt', '/static/polls/%2e%2e/%2e%2e/%2e%2e/secret.txt', '/static/%00', '/static/polls%00.css', '/static/..%5csecret.txt', '/static//etc/passwd', '/static/%2fetc%2fpasswd']) {
      const r = await get(path);
      const body = await r.text();
      assert.not.ok(body.includes('password'), `${path} leaked the file`);
      assert.ok(r.status === 400 || body.startsWith('app: '), `${path}: ${r.status} ${body}`);
    }
    assert.is((await get('/static/..%2fsecret.txt')).status, 400);
    assert.is((await get('/static/%E0%A4%A')).status, 400);
    // Direct calls with a decoded path, as Django's view receives it.
    assert.is((await serveStatic(new Request('http://t/'), '../secret.txt')).status, 400);
    assert.is((await serveStatic(new Request('http://t/'), '/etc/passwd')).status, 400);
  } finally {
    await p.done();
  }
});

test('without DEBUG the view answers 404 unless insecure', async () => {
  const p = await project(files);
  try {
    configure({ DEBUG: false });
    assert.is((await serveStatic(new Request('http://t/'), 'polls/style.css')).status, 404);
    assert.is((await serveStatic(new Request('http://t/'), 'polls/style.css', { insecure: true })).status, 200);
  } finally {
    await p.done();
  }
});

test('served over a real socket: HEAD has the headers and no body', async () => {
  const p = await project(files);
  const server = await serve(handler, { port: 0, handleSignals: false });
  try {
    const r = await fetch(`${server.url}static/polls/style.css`, { method: 'HEAD' });
    assert.is(r.status, 200);
    assert.is(r.headers.get('content-length'), '20');
    assert.is(await r.text(), '');
    assert.is(await (await fetch(`${server.url}static/polls/style.css`)).text(), 'li { color: green; }');
  } finally {
    await server.close();
    await p.done();
  }
});

test('staticFilesHandler passes the host\'s env (REMOTE_ADDR) on to the app', async () => {
  const seen: unknown[] = [];
  const wrapped = staticFilesHandler((_request, env) => {
    seen.push(env);
    return new Response('ok');
  });
  await wrapped(new Request('http://testserver/polls/'), { remoteAddr: '10.1.2.3' });
  assert.equal(seen, [{ remoteAddr: '10.1.2.3' }]);
});

test('staticFilesApp(app) on the server\'s direct path: files from the finders (GET, HEAD, 304, 404, 400), every other path to the app with no fetch Request built', async () => {
  const p = await project(files);
  const site = createApp({
    settings: { ALLOWED_HOSTS: ['*'], MIDDLEWARE: [] },
    urlconf: [route('polls/', (request: HttpRequest) => new HttpResponse(`app: ${request.path} from ${request.META.REMOTE_ADDR}`))],
  });
  let fetched = 0;
  const server = await serve(staticFilesApp({ ...site, fetch: (r, e) => (fetched++, site.fetch(r, e)) }), { port: 0, handleSignals: false });
  try {
    const css = await fetch(`${server.url}static/polls/style.css`);
    assert.is(css.status, 200);
    assert.is(css.headers.get('content-type'), 'text/css');
    assert.is(css.headers.get('last-modified'), 'Thu, 02 Jan 2020 03:04:05 GMT');
    assert.is(await css.text(), 'li { color: green; }');
    const head = await fetch(`${server.url}static/polls/style.css`, { method: 'HEAD' });
    assert.is(head.headers.get('content-length'), '20');
    assert.is(await head.text(), '');
    const fresh = await fetch(`${server.url}static/polls/style.css`, { headers: { 'if-modified-since': 'Thu, 02 Jan 2020 03:04:05 GMT' } });
    assert.is(fresh.status, 304);
    assert.is((await fetch(`${server.url}static/polls/nope.css`)).status, 404);
    assert.is((await fetch(`${server.url}static/polls/%E0%A4%A.css`)).status, 400);
    assert.is((await fetch(`${server.url}static/..%2fsecret.txt`)).status, 400);
    assert.is(await (await fetch(`${server.url}polls/`)).text(), 'app: /polls/ from 127.0.0.1');
    assert.is(fetched, 0, 'the direct path: app.fetch (a fetch Request and Response per request) is never called');
  } finally {
    await server.close();
    await p.done();
  }
});

test.run();
