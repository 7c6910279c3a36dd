/**
 * `npm start`: serves the Django tutorial's polls app at http://127.0.0.1:8000/
 * — models on the embedded sql.js database, Django templates, routing through
 * resolve() and reverse() with Django's APPEND_SLASH redirect and a debug 404
 * page listing the patterns tried. A bare node:http server stands in for the
 * HTTP layer (requests, responses, middleware, runserver) until it lands.
 */
import { createServer } from 'node:http';
import { configure, resolve, Resolver404, settings } from 'manouche';
import { setUpDatabase } from './db';
import { urlpatterns } from './urls';
import type { Page, Request } from './views';

configure({ ROOT_URLCONF: urlpatterns });
await setUpDatabase();

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function notFound(error: Resolver404, path: string): Page {
  const tried = error.tried.map((chain) => `<li><code>${escape(chain.join(' '))}</code></li>`).join('');
  return [
    404,
    `<!doctype html><meta charset="utf-8"><title>Page not found</title><h1>Page not found (404)</h1>` +
      `<p>Request URL: <code>${escape(path)}</code></p><p>Using the URLconf of this app, Manouche tried these URL patterns, in this order:</p><ol>${tried}</ol>` +
      `<p>The current path, <code>${escape(error.path)}</code>, didn't match any of these.</p>`,
  ];
}

async function handle(request: Request): Promise<Page> {
  const url = request.url;
  // Django resolves the percent-decoded path.
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return [400, 'Bad Request'];
  }
  try {
    const match = resolve(path);
    return (await match.func(request, match.kwargs)) as Page;
  } catch (error) {
    if (!(error instanceof Resolver404)) throw error;
    if (settings.APPEND_SLASH && error.missingSlash) return [301, '', { location: url.pathname + '/' + url.search }];
    return notFound(error, path);
  }
}

const port = Number(process.env.PORT ?? 8000);
const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let form = '';
  for await (const chunk of request) {
    form += chunk;
    if (form.length > 65536) break; // the tutorial's forms are tiny; DATA_UPLOAD_MAX_MEMORY_SIZE comes with the HTTP layer
  }
  let page: Page;
  try {
    page = await handle({ method: request.method ?? 'GET', url, POST: new URLSearchParams(request.method === 'POST' ? form : '') });
  } catch (error) {
    console.error(error);
    page = [500, 'Server Error (500)'];
  }
  const [status, body, headers] = page;
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  response.end(body);
  console.log(`"${request.method} ${request.url}" ${status} ${Buffer.byteLength(body)}`);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Manouche polls example at http://127.0.0.1:${port}/ (Ctrl-C to quit)`);
});
