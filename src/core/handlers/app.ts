/**
 * The application as a fetch handler (Django's WSGIHandler /
 * get_wsgi_application): `app.fetch(request)` takes a web-standard Request
 * and answers a Response, so the same app runs under the Node server
 * adapter, in a service worker, or in any Request-in/Response-out host.
 *
 * @example
 * const app = createApp();                       // settings from configure()/setup()
 * const response = await app.fetch(new Request('http://localhost/polls/'));
 */
import { configure, type Settings } from '../../conf/settings';
import { FileResponse } from '../../http/fileresponse';
import { HttpRequest, type RequestSource } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { BaseHandler, type HandlerOptions } from './base';
import { setScriptPrefix } from '../../urls/script-prefix';

export interface AppOptions extends HandlerOptions {
  /** Settings applied with configure() before the first request. */
  settings?: Partial<Settings>;
  /** The prefix the app is mounted under (WSGI's SCRIPT_NAME). */
  scriptName?: string;
}

/** What a host passes besides the Request. */
export interface FetchEnv {
  /** The client's address (META.REMOTE_ADDR). */
  remoteAddr?: string;
  /** Headers read instead of the Request's (see RequestOptions.headers: the browser's cookie jar). */
  headers?: Headers;
  /**
   * Receives the answer's Set-Cookie values. A Response built in a browser
   * drops them (a forbidden response header), so the browser runtime keeps
   * cookies in its own jar from here.
   */
  setCookies?: (values: string[]) => void | Promise<void>;
}

export interface App {
  /** Request in, Response out. */
  fetch(request: Request, env?: FetchEnv): Promise<Response>;
  /** The same pipeline on an HttpRequest, answering the HttpResponse (the test client uses it). */
  handle(request: HttpRequest): Promise<HttpResponseBase>;
  /**
   * The HttpRequest for a host's request (its body read), for hosts that send
   * the HttpResponse from handle() themselves: manouche/node's server does,
   * skipping the fetch Request and Response. The host calls request.close()
   * once a non-streaming response is sent. Throws a TypeError for a URL that
   * does not parse.
   */
  createRequest(source: RequestSource, env?: FetchEnv): Promise<HttpRequest>;
  readonly handler: BaseHandler;
}

/** Builds the application. */
export function createApp(options: AppOptions = {}): App {
  if (options.settings) configure(options.settings);
  const handler = new BaseHandler(options);
  // One then() rather than an async frame suspended on every request.
  const handle = (request: HttpRequest): Promise<HttpResponseBase> =>
    handler.getResponse(request).then((response) => {
      if (response instanceof FileResponse) response.applyRange(request.headers.get('range'), request.headers.get('if-range'));
      return response;
    });
  const createRequest = (source: RequestSource, env: FetchEnv = {}): Promise<HttpRequest> => {
    // As Django's WSGIHandler: reverse() and relative STATIC_URL/MEDIA_URL start with the mount point.
    if (options.scriptName !== undefined) setScriptPrefix(options.scriptName || '/');
    return HttpRequest.create(source, { remoteAddr: env.remoteAddr, scriptName: options.scriptName, headers: env.headers });
  };
  return {
    handler,
    handle,
    createRequest,
    async fetch(raw: Request, env: FetchEnv = {}): Promise<Response> {
      const request = await createRequest(raw, env);
      const response = await handle(request);
      if (env.setCookies) await env.setCookies(response.setCookieHeaders());
      let out = response.toResponse();
      // Temporary upload files go once the body is built; a streamed body may still read them, so
      // they go when it ends or is cancelled (Django's response closers run request.close).
      if (!response.streaming || out.body === null) request.close();
      else out = new Response(onStreamEnd(out.body, () => request.close()), { status: out.status, statusText: out.statusText, headers: out.headers });
      if (request.method === 'HEAD' && out.body !== null) {
        // A HEAD answer carries the GET's headers without the body.
        void out.body.cancel().catch(() => {});
        return new Response(null, { status: out.status, statusText: out.statusText, headers: out.headers });
      }
      return out;
    },
  };
}

/** `body`, calling `done` once when it has been read to the end, has failed or was cancelled. */
function onStreamEnd(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let called = false;
  const finish = () => {
    if (!called) (called = true), done();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}

/** Django's get_wsgi_application(): the app for the configured settings. */
export function getApplication(options: AppOptions = {}): App {
  return createApp(options);
}
