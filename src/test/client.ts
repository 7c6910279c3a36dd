/**
 * The test client (django.test.Client): requests straight into the app's
 * handler, no server, with cookies kept between requests, redirects
 * followed on demand, and each response carrying the templates rendered and
 * their context. Exceptions in views are re-raised in the test by default
 * (raiseRequestException), as Django does.
 *
 * @example
 * const client = new Client();
 * const response = await client.post('/polls/1/vote/', { choice: 3 }, { follow: true });
 * response.redirectChain; // [['/polls/1/results/', 302]]
 * assertContains(response, '1 vote');
 */
import { UploadedFile } from '../core/files/uploadedfile';
import { type App, createApp } from '../core/handlers/app';
import { onRequestException } from '../core/handlers/exception';
import type { HandlerOptions } from '../core/handlers/base';
import { guessType } from '../http/mimetypes';
import { HttpRequest } from '../http/request';
import { FileResponse } from '../http/fileresponse';
import type { HttpResponseBase } from '../http/response';
import { type RenderedTemplate, onTemplateRendered } from '../http/templates';
import type { ResolverMatch } from '../urls/match';
import { quotePlus } from '../utils/http';
import { concat } from '../utils/bytes';
import { setupTestEnvironment } from './utils';

export const BOUNDARY = 'BoUnDaRyStRiNg';
export const MULTIPART_CONTENT = `multipart/form-data; boundary=${BOUNDARY}`;

/** Too many redirects, or a loop (Django's RedirectCycleError). */
export class RedirectCycleError extends Error {
  override name = 'RedirectCycleError';
  constructor(
    message: string,
    readonly lastResponse: TestResponse,
  ) {
    super(message);
  }
}

/** What the client adds to each response. */
export interface TestFields {
  client: Client;
  /** The request as the view saw it. */
  request: HttpRequest;
  /** Names of the templates rendered, extended ones included, in render order. */
  templates: string[];
  /** The variables of the rendered templates (the first render's value wins, as Django's ContextList), or undefined. */
  context: Record<string, any> | undefined;
  /** Each render's own context. */
  contexts: Record<string, unknown>[];
  /** [url, status] of each redirect followed. */
  redirectChain: Array<[string, number]>;
  resolverMatch: ResolverMatch | null;
  /** The body parsed as JSON (fails unless Content-Type is application/json). */
  json(): any;
  /** The body as text. */
  readonly text: string;
}

export type TestResponse = HttpResponseBase & TestFields & { readonly content: Uint8Array };

export type FormValue = string | number | boolean | UploadedFile | Blob | ReadonlyArray<string | number | boolean | UploadedFile | Blob>;
export type Data = Record<string, FormValue | null | undefined> | string | Uint8Array;

export interface RequestOptions {
  follow?: boolean;
  secure?: boolean;
  headers?: Record<string, string>;
  /** Query parameters added to the URL (Django 5.1's query_params). */
  queryParams?: Record<string, FormValue>;
  contentType?: string;
}

export interface ClientOptions extends HandlerOptions {
  /** An app to call (default: createApp() with these options, errors not logged). */
  app?: App;
  /** Re-raise exceptions from views in the test (default true). */
  raiseRequestException?: boolean;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Client address (META.REMOTE_ADDR), default 127.0.0.1. */
  remoteAddr?: string;
  /** Run CsrfViewMiddleware's checks (off by default, as Django's test client). */
  enforceCsrfChecks?: boolean;
}

const encoder = new TextEncoder();

/** Python's str() of a form value. */
function formString(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}

function isFile(v: unknown): v is UploadedFile | Blob {
  return v instanceof UploadedFile || (typeof Blob !== 'undefined' && v instanceof Blob);
}

/** A urlencoded query string from a dict (lists repeat the key), as Django's urlencode(doseq=True). */
export function encodeQuery(data: Record<string, FormValue | null | undefined>): string {
  const out: string[] = [];
  for (const [k, value] of Object.entries(data)) {
    if (value === null || value === undefined) throw new TypeError(`Cannot encode None for key '${k}' in a query string. Did you mean to pass an empty string or omit the value?`);
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) out.push(`${quotePlus(k)}=${quotePlus(isFile(v) ? String((v as { name?: string }).name ?? '') : formString(v as string))}`);
  }
  return out.join('&');
}

/** Django's encode_multipart: fields and files, with the client's fixed boundary. */
export async function encodeMultipart(boundary: string, data: Record<string, FormValue | null | undefined>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const text = (s: string) => parts.push(encoder.encode(s));
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) {
      throw new TypeError(`Cannot encode None for key '${key}' as POST data. Did you mean to pass an empty string or omit the value?`);
    }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (isFile(v)) {
        const name = v instanceof UploadedFile ? v.name : ((v as File).name ?? key);
        const ctype = (v instanceof UploadedFile ? v.contentType : (v as Blob).type) || guessType(name) || 'application/octet-stream';
        const bytes = v instanceof UploadedFile ? await v.bytes() : new Uint8Array(await (v as Blob).arrayBuffer());
        text(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"; filename="${name.replace(/"/g, '\\"')}"\r\nContent-Type: ${ctype}\r\n\r\n`);
        parts.push(bytes);
        text('\r\n');
      } else {
        text(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${formString(v as string)}\r\n`);
      }
    }
  }
  text(`--${boundary}--\r\n`);
  return concat(parts);
}

export class Client {
  readonly app: App;
  /** Cookies the client holds, by name (sent with each request). */
  readonly cookies = new Map<string, string>();
  readonly defaults: Record<string, string>;
  raiseRequestException: boolean;
  enforceCsrfChecks: boolean;
  private readonly remoteAddr: string;

  constructor(options: ClientOptions = {}) {
    setupTestEnvironment();
    const { app, raiseRequestException = true, headers = {}, remoteAddr = '127.0.0.1', enforceCsrfChecks = false, ...handlerOptions } = options;
    this.enforceCsrfChecks = enforceCsrfChecks;
    this.app = app ?? createApp({ log: () => {}, ...handlerOptions });
    this.raiseRequestException = raiseRequestException;
    this.defaults = headers;
    this.remoteAddr = remoteAddr;
  }

  get(path: string, data?: Record<string, FormValue | null | undefined>, options: RequestOptions = {}): Promise<TestResponse> {
    return this.generic('GET', path, this.queryString(path, data), undefined, options);
  }

  head(path: string, data?: Record<string, FormValue | null | undefined>, options: RequestOptions = {}): Promise<TestResponse> {
    return this.generic('HEAD', path, this.queryString(path, data), undefined, options);
  }

  trace(path: string, data?: Record<string, FormValue | null | undefined>, options: RequestOptions = {}): Promise<TestResponse> {
    return this.generic('TRACE', path, this.queryString(path, data), undefined, options);
  }

  /** A POST: multipart by default (files allowed); JSON when contentType is application/json; urlencoded on request. */
  async post(path: string, data: Data = {}, options: RequestOptions = {}): Promise<TestResponse> {
    const contentType = options.contentType ?? MULTIPART_CONTENT;
    const body = await this.encodeData(data, contentType);
    return this.generic('POST', path, '', body, { ...options, contentType });
  }

  put(path: string, data: Data = '', options: RequestOptions = {}): Promise<TestResponse> {
    return this.withBody('PUT', path, data, options);
  }

  patch(path: string, data: Data = '', options: RequestOptions = {}): Promise<TestResponse> {
    return this.withBody('PATCH', path, data, options);
  }

  delete(path: string, data: Data = '', options: RequestOptions = {}): Promise<TestResponse> {
    return this.withBody('DELETE', path, data, options);
  }

  options(path: string, data: Data = '', options: RequestOptions = {}): Promise<TestResponse> {
    return this.withBody('OPTIONS', path, data, options);
  }

  private async withBody(method: string, path: string, data: Data, options: RequestOptions): Promise<TestResponse> {
    const contentType = options.contentType ?? 'application/octet-stream';
    const body = await this.encodeData(data, contentType);
    return this.generic(method, path, '', body, { ...options, contentType });
  }

  private queryString(path: string, data?: Record<string, FormValue | null | undefined>): string {
    return data ? encodeQuery(data) : '';
  }

  private async encodeData(data: Data, contentType: string): Promise<Uint8Array> {
    if (typeof data === 'string') return encoder.encode(data);
    if (data instanceof Uint8Array) return data;
    const type = contentType.split(';')[0].trim().toLowerCase();
    if (type === 'multipart/form-data') {
      const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2] ?? BOUNDARY;
      return encodeMultipart(boundary, data);
    }
    if (type === 'application/json' || type.endsWith('+json')) return encoder.encode(JSON.stringify(data));
    if (type === 'application/x-www-form-urlencoded') return encoder.encode(encodeQuery(data));
    throw new TypeError(`Cannot encode an object as '${contentType}': pass a string or bytes, or use multipart/form-data, application/json or application/x-www-form-urlencoded.`);
  }

  /** Any method, with a raw body (Django's generic()). */
  async generic(method: string, path: string, query = '', body?: Uint8Array, options: RequestOptions = {}): Promise<TestResponse> {
    const response = await this.once(method, path, query, body, options);
    if (!options.follow) return response;
    return this.followRedirects(response, options);
  }

  private async once(method: string, path: string, query: string, body: Uint8Array | undefined, options: RequestOptions): Promise<TestResponse> {
    const hashless = path.split('#')[0];
    const [pathPart, pathQuery = ''] = hashless.split(/\?(.*)/s);
    let qs = [pathQuery, query].filter(Boolean).join('&');
    if (options.queryParams) qs = [qs, encodeQuery(options.queryParams)].filter(Boolean).join('&');
    const scheme = options.secure ? 'https' : 'http';
    const url = `${scheme}://testserver${pathPart.startsWith('/') ? '' : '/'}${encodeURI(decodeSafe(pathPart))}${qs ? '?' + qs : ''}`;
    const headers = new Headers({ ...this.defaults, ...(options.headers ?? {}) });
    if (!headers.has('host')) headers.set('host', 'testserver');
    if (body && options.contentType) headers.set('content-type', options.contentType);
    if (body) headers.set('content-length', String(body.length));
    if (this.cookies.size) headers.set('cookie', [...this.cookies].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('; '));
    const raw = new Request(url, { method, headers, body: body && method !== 'GET' && method !== 'HEAD' ? (body as BodyInit) : undefined });
    const rendered: RenderedTemplate[] = [];
    const errors: unknown[] = [];
    const stopTemplates = onTemplateRendered((r) => rendered.push(r));
    const stopErrors = onRequestException((_req, e) => errors.push(e));
    let request: HttpRequest;
    let response: HttpResponseBase;
    try {
      request = await HttpRequest.create(raw, { remoteAddr: this.remoteAddr });
      if (!this.enforceCsrfChecks) (request as unknown as { _dontEnforceCsrfChecks: boolean })._dontEnforceCsrfChecks = true;
      response = await this.app.handle(request);
      // As a server does (and Django's ClientHandler): temporary uploads go once a non-streamed response is built.
      if (!response.streaming) request.close();
    } finally {
      stopTemplates();
      stopErrors();
    }
    if (errors.length && this.raiseRequestException) throw errors[0];
    if (response instanceof FileResponse === false && method === 'HEAD' && !response.streaming) {
      // Django's conditional_content_removal: no body for HEAD.
      (response as unknown as { content: string }).content = '';
    }
    this.storeCookies(response);
    return this.decorate(response, request, rendered);
  }

  /** The client's session (Django's client.session): its cookie's SessionStore, loaded; save() it after changes. */
  async session(): Promise<import('../contrib/sessions/base').SessionBase> {
    const { getSessionStore } = await import('../contrib/sessions/engines');
    const { settings } = await import('../conf/settings');
    const Store = getSessionStore();
    const key = this.cookies.get(settings.SESSION_COOKIE_NAME);
    if (key) return new Store(key).load();
    const session = new Store();
    await session.save();
    this.cookies.set(settings.SESSION_COOKIE_NAME, session.sessionKey!);
    return session.load();
  }

  /**
   * Logs in with credentials through authenticate() (Django's
   * client.login); false when they are refused.
   */
  async login(credentials: Record<string, unknown>): Promise<boolean> {
    const auth = await import('../contrib/auth/index');
    const user = await auth.authenticate(null, credentials);
    if (!user) return false;
    await this.loginUser(user, user.backend);
    return true;
  }

  /** Logs `user` in without checking a password (Django's force_login): fast, for tests. */
  async forceLogin(user: any, backend?: string): Promise<void> {
    const auth = await import('../contrib/auth/index');
    if (backend === undefined) {
      // The first backend that can load users (Django's _get_backend).
      backend = auth.getBackendsWithPaths().find(([b]) => typeof (b as { getUser?: unknown }).getUser === 'function')?.[1];
    }
    await this.loginUser(user, backend);
  }

  private async loginUser(user: any, backend: string | undefined): Promise<void> {
    const auth = await import('../contrib/auth/index');
    const { settings } = await import('../conf/settings');
    const { getSessionStore } = await import('../contrib/sessions/engines');
    const Store = getSessionStore();
    const key = this.cookies.get(settings.SESSION_COOKIE_NAME);
    const request = { session: await new Store(key ?? null).load(), user: new auth.AnonymousUser() as unknown };
    await auth.login(request, user, backend ? { backend } : {});
    await request.session.save();
    this.cookies.set(settings.SESSION_COOKIE_NAME, request.session.sessionKey!);
  }

  /** Logs out: the session is flushed and every cookie dropped (Django's client.logout). */
  async logout(): Promise<void> {
    const auth = await import('../contrib/auth/index');
    const { settings } = await import('../conf/settings');
    const { getSessionStore } = await import('../contrib/sessions/engines');
    const key = this.cookies.get(settings.SESSION_COOKIE_NAME);
    if (key) {
      const request = { session: await new (getSessionStore())(key).load(), user: undefined as unknown };
      request.user = await auth.getUser(request);
      await auth.logout(request);
    }
    this.cookies.clear();
  }

  private storeCookies(response: HttpResponseBase): void {
    for (const [key, morsel] of response.cookies) {
      const expired = morsel.maxAge === 0 || (morsel.expires && Date.parse(morsel.expires) <= Date.now() && morsel.maxAge === '');
      if (expired || (morsel.maxAge !== '' && morsel.maxAge <= 0)) this.cookies.delete(key);
      else this.cookies.set(key, morsel.value);
    }
  }

  private decorate(response: HttpResponseBase, request: HttpRequest, rendered: RenderedTemplate[]): TestResponse {
    const r = response as TestResponse;
    const context: Record<string, unknown> = {};
    for (const { context: c } of [...rendered].reverse()) Object.assign(context, c);
    Object.assign(r, {
      client: this,
      request,
      templates: rendered.flatMap((t) => t.names),
      context: rendered.length ? context : undefined,
      contexts: rendered.map((t) => t.context),
      redirectChain: (r as Partial<TestFields>).redirectChain ?? [],
      resolverMatch: request.resolverMatch,
    });
    if (!('json' in r)) {
      Object.defineProperty(r, 'json', {
        configurable: true,
        value: () => {
          const type = response.get('content-type') ?? '';
          if (!/^application\/(.+\+)?json/.test(type)) throw new Error(`Content-Type header is "${type}", not "application/json"`);
          return JSON.parse(new TextDecoder().decode((response as unknown as { content: Uint8Array }).content));
        },
      });
    }
    return r;
  }

  private async followRedirects(first: TestResponse, options: RequestOptions): Promise<TestResponse> {
    let response = first;
    const chain: Array<[string, number]> = [];
    while ([301, 302, 303, 307, 308].includes(response.statusCode)) {
      const location = response.get('location') ?? '';
      chain.push([location, response.statusCode]);
      const base = `${response.request.scheme}://testserver${response.request.path}`;
      const target = new URL(location, base);
      const headers = { ...(options.headers ?? {}) };
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith('//')) headers.host = target.host;
      const secure = target.protocol === 'https:';
      const preserve = response.statusCode === 307 || response.statusCode === 308;
      const method = preserve ? response.request.method : 'GET';
      const body = preserve && !['GET', 'HEAD'].includes(method) ? safeBody(response.request) : undefined;
      response = await this.once(method, target.pathname, target.search.slice(1), body, {
        ...options,
        headers,
        secure,
        queryParams: undefined,
        contentType: preserve ? (response.request.headers.get('content-type') ?? undefined) : undefined,
      });
      response.redirectChain = [...chain];
      const last = chain[chain.length - 1];
      if (chain.slice(0, -1).some(([u, s]) => u === last[0] && s === last[1])) throw new RedirectCycleError('Redirect loop detected.', response);
      if (chain.length > 20) throw new RedirectCycleError('Too many redirects.', response);
    }
    response.redirectChain = chain;
    return response;
  }
}

function decodeSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function safeBody(request: HttpRequest): Uint8Array | undefined {
  try {
    return request.body;
  } catch {
    return undefined;
  }
}
