/**
 * Django's MiddlewareMixin: a middleware with processRequest (may answer
 * early) and processResponse (may change or replace the response).
 */
import type { GetResponse } from '../core/handlers/middleware';
import type { HttpRequest } from '../http/request';
import type { HttpResponseBase } from '../http/response';

type Awaitable<T> = T | Promise<T>;

export class MiddlewareMixin {
  processRequest?(request: HttpRequest): Awaitable<HttpResponseBase | null | undefined | void>;
  processResponse?(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase>;

  constructor(readonly getResponse: GetResponse) {}

  async call(request: HttpRequest): Promise<HttpResponseBase> {
    let response = this.processRequest ? await this.processRequest(request) : null;
    if (!response) response = await this.getResponse(request);
    if (this.processResponse) response = await this.processResponse(request, response);
    return response;
  }
}
