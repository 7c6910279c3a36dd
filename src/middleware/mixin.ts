/**
 * Django's MiddlewareMixin: a middleware with processRequest (may answer
 * early) and processResponse (may change or replace the response).
 */
import { type GetResponse, isThenable } from '../core/handlers/middleware';
import type { HttpRequest } from '../http/request';
import type { HttpResponseBase } from '../http/response';

type Awaitable<T> = T | Promise<T>;

export class MiddlewareMixin {
  processRequest?(request: HttpRequest): Awaitable<HttpResponseBase | null | undefined | void>;
  processResponse?(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase>;

  constructor(readonly getResponse: GetResponse) {}

  call(request: HttpRequest): Promise<HttpResponseBase> {
    // Not async: hooks that answer synchronously (SessionMiddleware's
    // processRequest, CsrfViewMiddleware's processResponse) need no frame,
    // and one that answers later gets a then(): a suspended async call is
    // about 400 bytes and a turn of the microtask queue on every request.
    try {
      if (this.processRequest) {
        const early = this.processRequest(request);
        if (isThenable(early)) return Promise.resolve(early).then((answer) => (answer ? this.respond(request, answer) : this.inner(request)));
        if (early) return Promise.resolve(this.respond(request, early));
      }
      return this.inner(request);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The rest of the chain, then processResponse. */
  private inner(request: HttpRequest): Promise<HttpResponseBase> {
    const response = this.getResponse(request);
    return this.processResponse ? response.then((r) => this.processResponse!(request, r)) : response;
  }

  private respond(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase> {
    return this.processResponse ? this.processResponse(request, response) : response;
  }
}
