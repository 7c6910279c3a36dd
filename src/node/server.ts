/**
 * node:http → any fetch-style handler `(request: Request) => Promise<Response>`
 * (Django's runserver/gunicorn role; the app itself only speaks Request/Response).
 *
 * Pipeline per request: IncomingMessage → Request (headers from rawHeaders, the
 * body a pull-based stream over the socket, a signal aborted when the client
 * goes away) → handler → Response → ServerResponse (head, then the body chunk by
 * chunk, waiting for 'drain' whenever `write()` says the socket buffer is full).
 *
 * @example
 * import { serve } from 'manouche/node';
 * const server = await serve(app.fetch, { host: '127.0.0.1', port: 8000 });
 * console.log(server.url); // http://127.0.0.1:8000/
 * await server.close();    // stop accepting, finish requests in flight
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a host knows besides the Request (the app's `fetch(request, env)` reads `remoteAddr` as META.REMOTE_ADDR). */
export interface FetchEnv {
  remoteAddr?: string;
}

export type FetchHandler = (request: Request, env?: FetchEnv) => Response | Promise<Response>;

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

/** The node:http request listener for `handler` (for mounting on a server you create yourself). */
export function createListener(handler: FetchHandler, options: Pick<ServeOptions, 'onError'> & { state?: ListenerState } = {}) {
  const onError = options.onError ?? defaultOnError;
  const state = options.state ?? { closing: false, inFlight: 0, idle: undefined };
  return (req: IncomingMessage, res: ServerResponse): void => {
    state.inFlight++;
    if (state.closing) res.shouldKeepAlive = false;
    const exchange: Exchange = { req, res, request: undefined, gone: false };
    // One listener per request: the in-flight count, and the abort when the client left early.
    res.once('close', () => {
      if (--state.inFlight === 0 && state.idle) state.idle();
      if (!res.writableFinished) {
        exchange.gone = true;
        exchange.request?.abort(new Error('The client closed the connection.'));
      }
    });
    handle(handler, exchange, onError).catch((error) => {
      // Only reached when writing the response itself failed (socket gone): nothing to answer.
      if (!res.destroyed) res.destroy(error);
    });
  };
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
}

/**
 * A Request whose `signal` is this server's: undici builds and links a signal
 * per Request when one is passed in, which costs three times the rest of the
 * Request; here the AbortController exists only once the app asks for the
 * signal or the client disconnects.
 */
export class NodeRequest extends Request {
  #controller: AbortController | undefined;

  override get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** Aborts `signal` (the server calls it when the client goes away). */
  abort(reason: unknown): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
}

async function handle(handler: FetchHandler, exchange: Exchange, onError: NonNullable<ServeOptions['onError']>): Promise<void> {
  const { req, res } = exchange;
  let request: NodeRequest;
  try {
    request = exchange.request = toRequest(req);
  } catch (error) {
    // A request line or header undici refuses (an invalid header value, a bad URL): 400, like Django's server.
    writeText(res, 400, `Bad Request: ${(error as Error).message}`);
    return;
  }
  let response: Response;
  try {
    response = await handler(request, { remoteAddr: req.socket.remoteAddress });
    if (!(response instanceof Response)) throw new TypeError(`The handler returned ${describe(response)}, not a Response.`);
  } catch (error) {
    if (exchange.gone) return;
    onError(error, request);
    if (!res.headersSent) writeText(res, 500, 'Internal Server Error');
    return;
  }
  if (exchange.gone) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  await writeResponse(response, req.method === 'HEAD', exchange);
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
  const scheme = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (host === '') host = `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  const target = req.url ?? '/';
  // An absolute-form target (a proxy request) is already a URL.
  const url = target.charCodeAt(0) === 47 ? `${scheme}://${host}${target}` : target;
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (!NO_BODY.has(method) && (req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined)) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new NodeRequest(url, init);
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

function headersOf(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // The Headers iterator yields each Set-Cookie on its own (never comma-joined).
  let cookies: string[] | undefined;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') (cookies ??= []).push(value);
    else out[name] = value;
  }
  if (cookies) out['set-cookie'] = cookies;
  return out;
}

async function writeResponse(response: Response, head: boolean, exchange: Exchange): Promise<void> {
  const { res } = exchange;
  const headers = headersOf(response);
  const whole = (response as Response & { [RESPONSE_BODY]?: string | Uint8Array })[RESPONSE_BODY];
  if (whole !== undefined) {
    if (headers['content-length'] === undefined) headers['content-length'] = String(typeof whole === 'string' ? Buffer.byteLength(whole) : whole.byteLength);
    res.writeHead(response.status, response.statusText || undefined, headers);
    if (head) res.end();
    else res.end(whole);
    return;
  }
  const body = response.body;
  if (body === null || head) {
    if (body) body.cancel().catch(() => {});
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end();
    return;
  }
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) {
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end();
    return;
  }
  // A body made from a string or bytes is whole in its first chunk: when the
  // stream ends at once, send it with a Content-Length and no chunked framing.
  const next = reader.read();
  const settled = await settledSoon(next);
  if (settled?.done) {
    if (headers['content-length'] === undefined) headers['content-length'] = String(first.value.byteLength);
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end(first.value);
    return;
  }
  res.writeHead(response.status, response.statusText || undefined, headers);
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

function writeText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`;
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
export async function serve(handler: FetchHandler | { fetch: FetchHandler }, options: ServeOptions = {}): Promise<ServerHandle> {
  const fetchHandler = typeof handler === 'function' ? handler : handler.fetch.bind(handler);
  if (typeof fetchHandler !== 'function') throw new TypeError('serve() needs a function (request) => Response or an object with a fetch() method.');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`serve(): port must be an integer from 0 to 65535, got ${port}.`);
  const timeout = options.shutdownTimeout ?? 10_000;
  const state: ListenerState = { closing: false, inFlight: 0, idle: undefined };
  const server = createServer(createListener(fetchHandler, { onError: options.onError, state }));
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
