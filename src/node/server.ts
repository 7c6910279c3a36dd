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
const STREAM_HIGH_WATER = 64 * 1024;

/** The node:http request listener for `handler` (for mounting on a server you create yourself). */
export function createListener(handler: FetchHandler, options: Pick<ServeOptions, 'onError'> & { state?: ListenerState } = {}) {
  const onError = options.onError ?? defaultOnError;
  const state = options.state ?? { closing: false, inFlight: 0, idle: undefined };
  return (req: IncomingMessage, res: ServerResponse): void => {
    state.inFlight++;
    const done = () => {
      if (--state.inFlight === 0 && state.idle) state.idle();
    };
    res.once('close', done);
    if (state.closing) res.shouldKeepAlive = false;
    handle(handler, req, res, onError).catch((error) => {
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

async function handle(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, onError: NonNullable<ServeOptions['onError']>): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  let request: Request;
  try {
    request = toRequest(req, controller.signal);
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
    if (controller.signal.aborted) return;
    onError(error, request);
    if (!res.headersSent) writeText(res, 500, 'Internal Server Error');
    return;
  }
  if (controller.signal.aborted) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  await writeResponse(response, req.method === 'HEAD', res, controller.signal);
}

/** The web Request for an IncomingMessage: no re-parsing beyond what undici needs. */
export function toRequest(req: IncomingMessage, signal?: AbortSignal): Request {
  const raw = req.rawHeaders;
  const headers = new Headers();
  let host = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    headers.append(name, raw[i + 1]);
    if (host === '' && name.length === 4 && name.toLowerCase() === 'host') host = raw[i + 1];
  }
  const scheme = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (host === '') host = `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  const target = req.url ?? '/';
  // An absolute-form target (a proxy request) is already a URL.
  const url = target.charCodeAt(0) === 47 ? `${scheme}://${host}${target}` : target;
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (!NO_BODY.has(method) && (req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined)) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(url, init);
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
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    out[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

async function writeResponse(response: Response, head: boolean, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers = headersOf(response);
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
  const onAbort = () => reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (!res.write(first.value)) await drained(res);
    let chunk = settled ?? (await next);
    while (!chunk.done) {
      if (signal.aborted) return;
      if (!res.write(chunk.value)) await drained(res);
      chunk = await reader.read();
    }
    res.end();
  } catch (error) {
    // The body stream failed mid-way: the head is gone, so the only honest signal is a cut connection.
    if (!signal.aborted) res.destroy(error as Error);
  } finally {
    signal.removeEventListener('abort', onAbort);
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
