// One server adapter in its own process, answering GET /hello (11 bytes of text)
// and GET /page (a 10 KB HTML string) — the adapter's own cost, no app work
// ('manouche-app': createApp() on the direct path, with its router and HttpResponse).
// Prints "listening <port>".
import { createServer } from 'node:http';
import express from 'express';
import { serve as honoServe } from '@hono/node-server';
import { RESPONSE_BODY, serve } from '../../src/node/server';

const PAGE = `<!DOCTYPE html><html><body>${'<p>Django rebuilt in TypeScript &amp; WebAssembly.</p>\n'.repeat(190)}</body></html>`;
const fetchHandler = (request: Request): Response => {
  const path = request.url.slice(request.url.indexOf('/', 8));
  if (path === '/__cpu') return new Response(JSON.stringify(process.cpuUsage()));
  if (path === '/hello') return new Response('Hello world', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (path === '/page') return new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  return new Response('Not Found', { status: 404 });
};

// What Manouche's HttpResponse does: the Response also carries its whole body for the server.
const withBody = (request: Request): Response => {
  const response = fetchHandler(request);
  const path = request.url.slice(request.url.indexOf('/', 8));
  const body = path === '/hello' ? 'Hello world' : path === '/page' ? PAGE : undefined;
  if (body !== undefined) (response as unknown as Record<symbol, unknown>)[RESPONSE_BODY] = body;
  return response;
};

const name = process.argv[2];
let port: number;
if (name === 'manouche') {
  port = (await serve(fetchHandler, { port: 0, host: '127.0.0.1' })).address.port;
} else if (name === 'manouche+body') {
  port = (await serve(withBody, { port: 0, host: '127.0.0.1' })).address.port;
} else if (name === 'manouche-app') {
  // createApp() itself given to serve(): the direct path (no fetch Request/Response), with
  // Manouche's URL resolver and HttpResponse, no middleware — as Express and Hono route too.
  const { createApp } = await import('../../src/core/handlers/app');
  const { HttpResponse } = await import('../../src/http/response');
  const { path } = await import('../../src/urls/index');
  const app = createApp({
    settings: { DEBUG: false, ALLOWED_HOSTS: ['*'], SECRET_KEY: 'server-bench', MIDDLEWARE: [] },
    urlconf: [
      path('__cpu', () => new HttpResponse(JSON.stringify(process.cpuUsage()), { contentType: 'application/json' })),
      path('hello', () => new HttpResponse('Hello world', { contentType: 'text/plain; charset=utf-8' })),
      path('page', () => new HttpResponse(PAGE)),
    ],
  });
  port = (await serve(app, { port: 0, host: '127.0.0.1' })).address.port;
} else if (name === 'hono') {
  port = await new Promise((resolve) => honoServe({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port)));
} else if (name === 'node') {
  const server = createServer((req, res) => {
    if (req.url === '/__cpu') {
      res.end(JSON.stringify(process.cpuUsage()));
    } else if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 11 });
      res.end('Hello world');
    } else if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE) });
      res.end(PAGE);
    } else {
      res.writeHead(404);
      res.end('Not Found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
} else if (name === 'express') {
  const app = express();
  app.set('etag', false);
  app.get('/__cpu', (_req, res) => void res.send(JSON.stringify(process.cpuUsage())));
  app.get('/hello', (_req, res) => void res.type('text/plain').send('Hello world'));
  app.get('/page', (_req, res) => void res.type('html').send(PAGE));
  port = await new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
} else {
  console.error(`unknown server ${name}`);
  process.exit(2);
}
process.stdout.write(`listening ${port}\n`);
