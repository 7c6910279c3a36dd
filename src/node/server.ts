/**
 * node:http → any fetch-style handler `(request: Request) => Promise<Response>`
 * (Django's runserver/gunicorn role; the app itself only speaks Request/Response).
 *
 * Pipeline per request: IncomingMessage → Request (headers from rawHeaders, the
 * body a pull-based stream over the socket, a signal aborted when the client
 * goes away) → handler → Response → ServerResponse (head, then the body chunk by
 * chunk, waiting for 'drain' whenever `write()` says the socket buffer is full).
 *
 * Given createApp()'s app itself (not app.fetch), the server takes the direct
 * path: IncomingMessage → HttpRequest (app.createRequest) → app.handle() →
 * the HttpResponse's headers, cookies and whole body written with one
 * writeHead/end; no fetch Request, Headers or Response is built, which was
 * most of the adapter's cost. Streamed responses still go through toResponse().
 *
 * @example
 * import { serve } from 'manouche/node';
 * const server = await serve(app, { host: '127.0.0.1', port: 8000 }); // or serve(app.fetch): the fetch path
 * console.log(server.url); // http://127.0.0.1:8000/
 * await server.close();    // stop accepting, finish requests in flight
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpRequest, RequestSource } from '../http/request';
import type { HttpResponseBase } from '../http/response';
import { HttpHeaders, eachHeader } from '../http/headers';
import { describeValue } from '../utils/text';

/** What a host knows besides the Request (the app's `fetch(request, env)` reads `remoteAddr` as META.REMOTE_ADDR). */
export interface FetchEnv {
  remoteAddr?: string;
}

export type FetchHandler = (request: Request, env?: FetchEnv) => Response | Promise<Response>;

/**
 * What createApp() returns, as far as the server's direct path needs it
 * (staticFilesApp(app) too: its handle() answers static files as fetch Responses).
 */
export interface DirectApp {
  fetch: FetchHandler;
  createRequest(source: RequestSource, env?: FetchEnv): Promise<HttpRequest>;
  handle(request: HttpRequest): Promise<HttpResponseBase | Response>;
}

/** One answered request, for an access log (runserver's "GET /polls/ HTTP/1.1" 200 1234 lines). */
export interface ResponseInfo {
  method: string;
  /** The request target as sent: the path and query string. */
  target: string;
  status: number;
  /** The Content-Length sent, when there was one. */
  contentLength: string | undefined;
  remoteAddr: string | undefined;
}

type Handler = FetchHandler | { fetch: FetchHandler } | DirectApp;

function isDirect(handler: Handler): handler is DirectApp {
  return typeof handler === 'object' && typeof (handler as DirectApp).createRequest === 'function' && typeof (handler as DirectApp).handle === 'function';
}

export interface ServeOptions {
  /** Interface to bind (default '127.0.0.1'; '0.0.0.0' or '::' for every interface). */
  host?: string;
  /** Port (default 8000; 0 picks a free one). */
  port?: number;
  /** Stop gracefully on SIGTERM/SIGINT, then exit the process (default true). */
  handleSignals?: boolean;
  /** How long close() waits for requests in flight before cutting them (ms, default 10 s). */
  shutdownTimeout?: number;
  /** Called with a handler exception (default: printed to stderr). */
  onError?: (error: unknown, request: Request) => void;
  /** Milliseconds a keep-alive connection may stay idle (Node's keepAliveTimeout; default 5 s). */
  keepAliveTimeout?: number;
  /** Called once each response is sent in full, on either path (an access log). */
  onResponse?: (info: ResponseInfo) => void;
}

export interface ServerHandle {
  readonly server: Server;
  /** The bound address (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** `http://host:port/`. */
  readonly url: string;
  /** Stops accepting, lets requests in flight finish (bounded by shutdownTimeout), closes every connection. */
  close(): Promise<void>;
}

const NO_BODY = new Set(['GET', 'HEAD']);

/**
 * A Response may carry its whole body (a string or bytes) under this symbol;
 * the server then writes it directly instead of reading the body stream, which
 * costs about as much as building the Response. Manouche's HttpResponse sets it
 * in toResponse(); it must hold exactly the Response's body.
 */
export const RESPONSE_BODY = Symbol.for('manouche.responseBody');
const STREAM_HIGH_WATER = 64 * 1024;

/** The node:http request listener for `handler` (for mounting on a server you create yourself); an app from createApp() takes the direct path. */
export function createListener(handler: Handler, options: Pick<ServeOptions, 'onError' | 'onResponse'> & { state?: ListenerState } = {}) {
  const onError = options.onError ?? defaultOnError;
  const onResponse = options.onResponse;
  const direct = isDirect(handler) ? handler : undefined;
  const fetchHandler = direct ? undefined : typeof handler === 'function' ? handler : handler.fetch.bind(handler);
  if (!direct && typeof fetchHandler !== 'function') throw new TypeError('serve() needs a function (request) => Response or an object with a fetch() method.');
  const state = options.state ?? { closing: false, inFlight: 0, idle: undefined };
  return (req: IncomingMessage, res: ServerResponse): void => {
    state.inFlight++;
    if (state.closing) res.shouldKeepAlive = false;
    const exchange: Exchange = { req, res, request: undefined, gone: false, sentLength: undefined };
    if (onResponse) res.once('finish', () => onResponse(responseInfo(exchange)));
    // One listener per request: the in-flight count, and the abort when the client left early.
    // on(), not once(): a response closes once, and once() wraps the listener in two more objects.
    res.on('close', () => {
      if (--state.inFlight === 0 && state.idle) state.idle();
      if (!res.writableFinished) {
        exchange.gone = true;
        exchange.request?.abort(new Error('The client closed the connection.'));
      }
    });
    (direct ? handleDirect(direct, exchange, onError) : handle(fetchHandler!, exchange, onError)).catch((error) => {
      // Only reached when writing the response itself failed (socket gone): nothing to answer.
      if (!res.destroyed) res.destroy(error);
    });
  };
}

function responseInfo({ req, res, sentLength }: Exchange): ResponseInfo {
  return { method: req.method ?? 'GET', target: req.url ?? '/', status: res.statusCode, contentLength: sentLength, remoteAddr: req.socket.remoteAddress };
}

interface ListenerState {
  closing: boolean;
  inFlight: number;
  idle: (() => void) | undefined;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  request: NodeRequest | undefined;
  /** The connection closed before the response was finished. */
  gone: boolean;
  /** The Content-Length the response was sent with, for onResponse. */
  sentLength: string | undefined;
}

/**
 * A Request whose `signal` is this server's: undici builds and links a signal
 * per Request when one is passed in, which costs three times the rest of the
 * Request; here the AbortController exists only once the app asks for the
 * signal or the client disconnects.
 */
export interface NodeRequest extends Request {
  /** Aborts `signal` (the server calls it when the client goes away). */
  abort(reason: unknown): void;
}

// Defined on first use: `extends Request` names a fetch global, which makes
// Node load undici (see http/headers.ts), and a server on the direct path
// never builds a Request.
let NodeRequestClass: (new (url: string, init: RequestInit) => NodeRequest) | undefined;

function nodeRequest(url: string, init: RequestInit): NodeRequest {
  NodeRequestClass ??= class NodeRequest extends Request {
    #controller: AbortController | undefined;

    override get signal(): AbortSignal {
      return (this.#controller ??= new AbortController()).signal;
    }

    abort(reason: unknown): void {
      (this.#controller ??= new AbortController()).abort(reason);
    }
  };
  return new NodeRequestClass(url, init);
}

async function handle(handler: FetchHandler, exchange: Exchange, onError: NonNullable<ServeOptions['onError']>): Promise<void> {
  const { req, res } = exchange;
  let request: NodeRequest;
  try {
    request = exchange.request = toRequest(req);
  } catch (error) {
    // A request line or header undici refuses (an invalid header value, a bad URL): 400, like Django's server.
    writeText(exchange, 400, `Bad Request: ${(error as Error).message}`);
    return;
  }
  let response: Response;
  try {
    response = await handler(request, { remoteAddr: req.socket.remoteAddress });
    if (!(response instanceof Response)) throw new TypeError(`The handler returned ${describeValue(response)}, not a Response.`);
  } catch (error) {
    if (exchange.gone) return;
    onError(error, request);
    if (!res.headersSent) writeText(exchange, 500, 'Internal Server Error');
    return;
  }
  if (exchange.gone) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  await writeResponse(response, req.method === 'HEAD', exchange);
}

/**
 * The direct path: no fetch Request or Response (see the module comment).
 * Then() steps rather than one async function: each await there suspended a
 * frame of about 400 bytes on every request; a whole body is written from
 * the step that receives the response.
 */
function handleDirect(app: DirectApp, exchange: Exchange, onError: NonNullable<ServeOptions['onError']>): Promise<void> {
  const { req, res } = exchange;
  let creating: Promise<HttpRequest>;
  try {
    creating = app.createRequest(toSource(req), { remoteAddr: req.socket.remoteAddress });
  } catch (error) {
    return Promise.reject(error);
  }
  return creating.then(
    (request) => {
      const failed = (error: unknown) => {
        request.close();
        if (exchange.gone) return;
        onError(error, asRequest(request.raw));
        if (!res.headersSent) writeText(exchange, 500, 'Internal Server Error');
      };
      let handling: Promise<HttpResponseBase | Response>;
      try {
        handling = app.handle(request);
      } catch (error) {
        return failed(error); // a host's handle() that throws at once is answered as one that rejects
      }
      return handling.then((response) => sendDirect(response, request, exchange, failed), failed);
    },
    (error) => {
      // A URL the WHATWG parser refuses (a malformed Host): 400, as on the fetch path.
      if (!(error instanceof TypeError)) throw error;
      writeText(exchange, 400, `Bad Request: ${error.message}`);
    },
  );
}

/** Sends the app's answer (a promise only when a stream is written); `failed` answers what went wrong before anything was sent. */
function sendDirect(response: HttpResponseBase | Response, request: HttpRequest, exchange: Exchange, failed: (error: unknown) => void): Promise<void> | undefined {
  const { req } = exchange;
  if (!isHttpResponse(response)) {
    // A fetch Response (a static file from staticFilesApp): the fetch path's writer.
    request.close();
    return exchange.gone ? response.body?.cancel().catch(() => {}) : writeResponse(response, req.method === 'HEAD', exchange).catch(failed);
  }
  let whole: string | Uint8Array | null | undefined;
  try {
    whole = response.wholeBody();
  } catch (error) {
    failed(error);
    return undefined;
  }
  if (whole === undefined) return sendStream(response, request, exchange);
  if (!exchange.gone) writeWhole(exchange, response.statusCode, response.reasonPhrase, headersOf(response.headers, response.setCookieHeaders()), whole, req.method === 'HEAD');
  request.close();
  return undefined;
}

/**
 * A streamed body: the stream path (backpressure, cancel on disconnect). The request's uploads
 * are released once the stream ended, as Django's response closers run request.close.
 */
async function sendStream(response: HttpResponseBase, request: HttpRequest, exchange: Exchange): Promise<void> {
  const out = response.toResponse();
  try {
    if (exchange.gone) await out.body?.cancel().catch(() => {});
    else await writeResponse(out, exchange.req.method === 'HEAD', exchange);
  } finally {
    request.close();
  }
}

/** Not `instanceof Response`: naming a fetch global makes Node load undici (see http/headers.ts). */
function isHttpResponse(response: HttpResponseBase | Response): response is HttpResponseBase {
  return typeof (response as HttpResponseBase).wholeBody === 'function';
}

/** The request's parts for app.createRequest(): what toRequest() gives undici, without a Request. */
export function toSource(req: IncomingMessage): RequestSource {
  const headers = HttpHeaders.fromRaw(req.rawHeaders);
  const method = req.method ?? 'GET';
  return { method, url: absoluteUrl(req, headers.get('host') ?? ''), headers, body: hasBody(req, method) ? bodyStream(req) : null };
}

/** A Request for onError on the direct path (errors are rare; the common path builds none). */
function asRequest(source: RequestSource): Request {
  return source instanceof Request ? source : new Request(source.url, { method: source.method, headers: source.headers });
}

/** The absolute URL of the request target (an absolute-form target, a proxy request, is one already). */
function absoluteUrl(req: IncomingMessage, host: string): string {
  const scheme = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (host === '') host = `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  const target = req.url ?? '/';
  return target.charCodeAt(0) === 47 ? `${scheme}://${host}${target}` : target;
}

function hasBody(req: IncomingMessage, method: string): boolean {
  if (NO_BODY.has(method)) return false;
  return req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
}

/** The web Request for an IncomingMessage: no re-parsing beyond what undici needs. */
export function toRequest(req: IncomingMessage): NodeRequest {
  const raw = req.rawHeaders;
  // Name/value pairs, not a Headers object: undici copies a Headers given to
  // Request through its iterator, which costs as much as the Request itself.
  const headers: Array<[string, string]> = new Array(raw.length >> 1);
  let host = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    headers[i >> 1] = [name, raw[i + 1]];
    if (host === '' && name.length === 4 && name.toLowerCase() === 'host') host = raw[i + 1];
  }
  const url = absoluteUrl(req, host);
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody(req, method)) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return nodeRequest(url, init);
}

/** The request body as a ReadableStream that pauses the socket while the app is not reading. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: Error) => {
          if (open) controller.error(error);
          open = false;
        };
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (open) controller.close();
          open = false;
        });
        req.once('error', fail);
        req.once('close', () => fail(new Error('The client closed the connection before the request body ended.')));
      },
      pull() {
        req.resume();
      },
      cancel() {
        open = false;
        req.resume(); // drain what is left so the connection can be reused
      },
    },
    { highWaterMark: STREAM_HIGH_WATER, size: (chunk) => chunk.byteLength },
  );
}

/** node:http's header object for `headers` (plus `cookies`, each its own Set-Cookie line). */
function headersOf(headers: Headers, cookies: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // The Headers iterator yields each Set-Cookie on its own (never comma-joined).
  let setCookie: string[] | undefined;
  const add = (value: string, name: string) => {
    if (name === 'set-cookie') (setCookie ??= []).push(value);
    else out[name] = value;
  };
  eachHeader(headers, add);
  if (cookies.length) setCookie = setCookie ? [...setCookie, ...cookies] : cookies;
  if (setCookie) out['set-cookie'] = setCookie;
  return out;
}

/**
 * Keeps the Content-Length for onResponse on the exchange (writeHead() given an
 * object does not keep it where res.getHeader() looks), not on the
 * ServerResponse: a property of our own would change the shape of Node's
 * object, and Node's optimized stream code would see two.
 */
function writeHead(exchange: Exchange, status: number, statusText: string, headers: Record<string, string | string[]>): void {
  exchange.sentLength = headers['content-length'] as string | undefined;
  exchange.res.writeHead(status, statusText || undefined, headers);
}

/** A whole body (or none) with its Content-Length, in one writeHead + end. */
function writeWhole(exchange: Exchange, status: number, statusText: string, headers: Record<string, string | string[]>, whole: string | Uint8Array | null, head: boolean): void {
  const { res } = exchange;
  if (headers['content-length'] === undefined && whole !== null) headers['content-length'] = String(typeof whole === 'string' ? Buffer.byteLength(whole) : whole.byteLength);
  writeHead(exchange, status, statusText, headers);
  if (head || whole === null) res.end();
  else res.end(whole);
}

async function writeResponse(response: Response, head: boolean, exchange: Exchange): Promise<void> {
  const { res } = exchange;
  const headers = headersOf(response.headers);
  const whole = (response as Response & { [RESPONSE_BODY]?: string | Uint8Array })[RESPONSE_BODY];
  if (whole !== undefined) {
    writeWhole(exchange, response.status, response.statusText, headers, whole, head);
    return;
  }
  const body = response.body;
  if (body === null || head) {
    if (body) body.cancel().catch(() => {});
    writeHead(exchange, response.status, response.statusText, headers);
    res.end();
    return;
  }
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) {
    writeHead(exchange, response.status, response.statusText, headers);
    res.end();
    return;
  }
  // A body made from a string or bytes is whole in its first chunk: when the
  // stream ends at once, send it with a Content-Length and no chunked framing.
  const next = reader.read();
  const settled = await settledSoon(next);
  if (settled?.done) {
    if (headers['content-length'] === undefined) headers['content-length'] = String(first.value.byteLength);
    writeHead(exchange, response.status, response.statusText, headers);
    res.end(first.value);
    return;
  }
  writeHead(exchange, response.status, response.statusText, headers);
  // The client leaving cancels the body (the app's stream sees cancel()).
  const onClose = () => {
    if (!res.writableFinished) reader.cancel(new Error('The client closed the connection.')).catch(() => {});
  };
  res.once('close', onClose);
  try {
    if (!res.write(first.value)) await drained(res);
    let chunk = settled ?? (await next);
    while (!chunk.done) {
      if (exchange.gone) return;
      if (!res.write(chunk.value)) await drained(res);
      chunk = await reader.read();
    }
    res.end();
  } catch (error) {
    // The body stream failed mid-way: the head is gone, so the only honest signal is a cut connection.
    if (!exchange.gone) res.destroy(error as Error);
  } finally {
    res.off('close', onClose);
  }
}

/** The read's result when it settles within a few microtask turns, else undefined. */
async function settledSoon<T>(promise: Promise<T>): Promise<T | undefined> {
  let value: T | undefined;
  let done = false;
  promise.then(
    (v) => {
      value = v;
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let i = 0; i < 4 && !done; i++) await undefined;
  return value;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      res.off('drain', finish);
      res.off('close', finish);
      resolve();
    };
    res.on('drain', finish);
    res.on('close', finish);
  });
}

function writeText(exchange: Exchange, status: number, text: string): void {
  writeHead(exchange, status, '', { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  exchange.res.end(text);
}

function defaultOnError(error: unknown, request: Request): void {
  console.error(`Internal Server Error: ${new URL(request.url).pathname}\n${(error as Error)?.stack ?? String(error)}`);
}

/**
 * Serves `handler` over HTTP/1.1 until `close()` (or SIGTERM/SIGINT).
 *
 * @example
 * const server = await serve((request) => new Response('hi'), { port: 0 });
 * await fetch(server.url); // 'hi'
 */
export async function serve(handler: Handler, options: ServeOptions = {}): Promise<ServerHandle> {
  if (typeof handler !== 'function' && typeof (handler as { fetch?: unknown } | null)?.fetch !== 'function') {
    throw new TypeError('serve() needs a function (request) => Response or an object with a fetch() method.');
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`serve(): port must be an integer from 0 to 65535, got ${port}.`);
  const timeout = options.shutdownTimeout ?? 10_000;
  const state: ListenerState = { closing: false, inFlight: 0, idle: undefined };
  const server = createServer(createListener(handler, { onError: options.onError, onResponse: options.onResponse, state }));
  server.keepAliveTimeout = options.keepAliveTimeout ?? 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = { host: bound.address, port: bound.port };
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      state.closing = true;
      removeSignals();
      server.close(() => resolve());
      server.closeIdleConnections();
      const finished = new Promise<void>((r) => (state.inFlight === 0 ? r() : (state.idle = r)));
      const timer = setTimeout(() => server.closeAllConnections(), timeout);
      timer.unref();
      finished.then(() => {
        clearTimeout(timer);
        // Keep-alive sockets that just finished their last response.
        server.closeIdleConnections();
      });
    });
    return closed;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    close().then(() => process.exit(0));
    // A second signal while draining means "now".
    process.once(signal, () => process.exit(1));
  };
  const removeSignals = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shown = address.host.includes(':') ? `[${address.host}]` : address.host;
  return { server, address, url: `http://${shown}:${address.port}/`, close };
}
