/**
 * Serving static files in development (django.contrib.staticfiles.views.serve
 * and the StaticFilesHandler runserver puts in front of the app). Fetch-style:
 * `(request: Request) => Promise<Response>`, so it runs anywhere;
 * staticFilesApp() wraps createApp()'s app itself, so that manouche/node's
 * server keeps its direct path (no fetch Request per request) for the app's pages.
 *
 * @example
 * const handler = staticFilesHandler(app.fetch); // STATIC_URL paths from the finders, the rest to the app
 * await serve(handler, { port: 8000 });
 * await serve(staticFilesApp(app), { port: 8000 }); // the same, on the server's direct path
 */
import { settings } from '../../conf/settings';
import type { App, FetchEnv } from '../../core/handlers/app';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { find } from './finders';
import type { StaticFS } from './fs';
import { guessType, safeRelativePath, SuspiciousFileOperation } from './utils';

export interface ServeStaticOptions {
  /** Serve even when DEBUG is off (runserver --insecure). */
  insecure?: boolean;
  fs?: StaticFS;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** RFC 9110 IMF-fixdate (Django's http_date). */
function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
}

/** Django's was_modified_since: true unless the header's date is at or after the file's (whole-second) mtime. */
function modifiedSince(header: string | null, mtime: Date): boolean {
  if (!header) return true;
  const since = Date.parse(header);
  if (Number.isNaN(since)) return true;
  return Math.floor(mtime.getTime() / 1000) > Math.floor(since / 1000);
}

/**
 * Answers one static file by its path under STATIC_URL (already
 * percent-decoded): 200 with Content-Type, Content-Length and Last-Modified,
 * 304 for a fresh If-Modified-Since, 404 when no finder has it (or DEBUG is
 * off), 400 for a path that tries to leave the static directories.
 */
export async function serveStatic(request: Pick<Request, 'method' | 'headers'>, path: string, options: ServeStaticOptions = {}): Promise<Response> {
  if (!settings.DEBUG && !options.insecure) return text(404, 'Static files are served this way only when DEBUG is on (or with insecure).');
  let safe: string;
  try {
    safe = safeRelativePath(path);
  } catch (e) {
    if (e instanceof SuspiciousFileOperation) return text(400, `Bad Request: ${e.message}`);
    throw e;
  }
  if (safe === '' || path.endsWith('/')) return text(404, 'Directory indexes are not allowed here.');
  const [file] = await find(safe, { fs: options.fs });
  if (!file) return text(404, `'${path}' could not be found`);
  const info = await file.stat();
  if (!modifiedSince(request.headers.get('if-modified-since'), info.mtime)) return new Response(null, { status: 304 });
  const [type, encoding] = guessType(safe);
  const headers: Record<string, string> = {
    'content-type': type ?? 'application/octet-stream',
    'content-length': String(info.size),
    'last-modified': httpDate(info.mtime),
  };
  if (encoding) headers['content-encoding'] = encoding;
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = file.stream ? file.stream() : await file.read();
  return new Response(body as BodyInit, { status: 200, headers });
}

/** The path part of STATIC_URL when it is local (no host), else null (Django's StaticFilesHandler._should_handle). */
function localPrefix(): string | null {
  const url = settings.STATIC_URL;
  if (!url || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || url.startsWith('//')) return null;
  return url.startsWith('/') ? url : `/${url}`;
}

/**
 * The part of an encoded pathname under STATIC_URL, percent-decoded: null when
 * the path is not a static one, a 400 Response when it does not decode.
 */
function staticPath(pathname: string): string | null | Response {
  const prefix = localPrefix();
  if (prefix === null || !pathname.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return text(400, `Bad Request: the path '${pathname}' is not valid percent-encoded UTF-8.`);
  }
}

type FetchHandler = (request: Request, env?: FetchEnv) => Response | Promise<Response>;

/**
 * Wraps an app so that STATIC_URL paths are answered from the finders and
 * everything else goes to `next` (runserver's StaticFilesHandler).
 */
export function staticFilesHandler(next: FetchHandler, options: ServeStaticOptions = {}): (request: Request, env?: FetchEnv) => Promise<Response> {
  return async (request, env) => {
    const url = request.url;
    // The path without building a URL object for requests that are not static.
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const path = staticPath(pathStart < 0 ? '/' : url.slice(pathStart).replace(/[?#].*$/s, ''));
    if (path === null) return next(request, env);
    return typeof path === 'string' ? serveStatic(request, path, { insecure: true, ...options }) : path;
  };
}

/** What staticFilesApp() gives a host: the app's three entry points, static paths answered first. */
export interface StaticFilesApp {
  fetch(request: Request, env?: FetchEnv): Promise<Response>;
  createRequest: App['createRequest'];
  /** The app's HttpResponse, or the static file's Response for a STATIC_URL path (a host sends either). */
  handle(request: HttpRequest): Promise<HttpResponseBase | Response>;
}

/**
 * staticFilesHandler() for createApp()'s app as a whole: `fetch` as there, and
 * `handle` answering STATIC_URL paths before the middleware, as Django's
 * StaticFilesHandler does, so that manouche/node's server keeps its direct path.
 *
 * @example
 * await serve(settings.DEBUG ? staticFilesApp(app) : app, { port: 8000 });
 */
export function staticFilesApp(app: Pick<App, 'fetch' | 'createRequest' | 'handle'>, options: ServeStaticOptions = {}): StaticFilesApp {
  return {
    fetch: staticFilesHandler((request, env) => app.fetch(request, env), options),
    createRequest: (source, env) => app.createRequest(source, env),
    async handle(request) {
      const path = staticPath(request.url.pathname);
      if (path === null) return app.handle(request);
      return typeof path === 'string' ? serveStatic(request, path, { insecure: true, ...options }) : path;
    },
  };
}
