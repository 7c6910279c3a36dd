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

  async call(request: HttpRequest): Promise<HttpResponseBase> {
    // A hook that answers synchronously (SessionMiddleware's processRequest,
    // CsrfViewMiddleware's processResponse) is not awaited: an await of a
    // plain value still costs a turn of the microtask queue on every request.
    let response: HttpResponseBase | null | undefined | void = null;
    if (this.processRequest) {
      const early = this.processRequest(request);
      response = isThenable(early) ? await early : early;
    }
    if (!response) response = await this.getResponse(request);
    if (this.processResponse) {
      const out = this.processResponse(request, response);
      response = isThenable(out) ? await out : out;
    }
    return response;
  }
}
