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
    // Hooks that answer synchronously (SessionMiddleware's processRequest,
    // CsrfViewMiddleware's processResponse) run outside an async frame: a
    // suspended async call is about 600 bytes and a turn of the microtask
    // queue on every request, one then() on the inner response is a third.
    try {
      if (this.processRequest) {
        const early = this.processRequest(request);
        if (isThenable(early)) return this.afterAsyncRequest(request, early);
        if (early) return Promise.resolve(this.respond(request, early));
      }
      const response = this.getResponse(request);
      return this.processResponse ? response.then((r) => this.processResponse!(request, r)) : response;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private async afterAsyncRequest(request: HttpRequest, early: PromiseLike<HttpResponseBase | null | undefined | void>): Promise<HttpResponseBase> {
    return this.respond(request, (await early) || (await this.getResponse(request)));
  }

  private respond(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase> {
    return this.processResponse ? this.processResponse(request, response) : response;
  }
}
