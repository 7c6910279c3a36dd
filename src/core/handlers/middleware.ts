/**
 * Django's middleware contract, typed: a factory takes `getResponse` and
 * returns the middleware — a function of the request, or an object with
 * `call(request)` — optionally with processView, processException and
 * processTemplateResponse hooks. A class with a constructor taking
 * getResponse is a factory too. Every step may be async.
 *
 * @example
 * const timing: MiddlewareFactory = (getResponse) => async (request) => {
 *   const start = Date.now();
 *   const response = await getResponse(request);
 *   response.set('Server-Timing', `app;dur=${Date.now() - start}`);
 *   return response;
 * };
 */
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';

export type Awaitable<T> = T | Promise<T>;
export type GetResponse = (request: HttpRequest) => Promise<HttpResponseBase>;
export type ViewFunction = (request: HttpRequest, kwargs: Record<string, any>, ...args: any[]) => Awaitable<HttpResponseBase | null | undefined | void>;

export interface MiddlewareHooks {
  /** Before the view: return a response to short-circuit it. */
  processView?(request: HttpRequest, view: ViewFunction, args: readonly unknown[], kwargs: Record<string, unknown>): Awaitable<HttpResponseBase | null | undefined | void>;
  /** The view threw: return a response to handle it. */
  processException?(request: HttpRequest, exception: unknown): Awaitable<HttpResponseBase | null | undefined | void>;
  /** The view returned a response with render(): change or replace it before rendering. */
  processTemplateResponse?(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase>;
}

export type Middleware = (((request: HttpRequest) => Awaitable<HttpResponseBase>) & MiddlewareHooks) | ({ call(request: HttpRequest): Awaitable<HttpResponseBase> } & MiddlewareHooks);

export type MiddlewareFactory = ((getResponse: GetResponse) => Middleware) | (new (getResponse: GetResponse) => Middleware);

/** Thrown by a middleware factory to take itself out of the chain (Django's MiddlewareNotUsed). */
export class MiddlewareNotUsed extends Error {
  override name = 'MiddlewareNotUsed';
}

const registry = new Map<string, MiddlewareFactory>();

/** Makes a middleware nameable in MIDDLEWARE ('manouche.middleware.common.CommonMiddleware'). */
export function registerMiddleware(name: string, factory: MiddlewareFactory): void {
  registry.set(name, factory);
}

export function lookupMiddleware(name: string): MiddlewareFactory | undefined {
  return registry.get(name);
}

/** True for `class X {}` (called with `new`), false for plain functions. */
export function isClass(fn: unknown): fn is new (...args: any[]) => unknown {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** Instantiates a factory (function or class). */
export function instantiate(factory: MiddlewareFactory, getResponse: GetResponse): Middleware {
  return isClass(factory) ? new factory(getResponse) : (factory as (g: GetResponse) => Middleware)(getResponse);
}

/** Calls a middleware, whatever its shape. */
export function callMiddleware(mw: Middleware, request: HttpRequest): Awaitable<HttpResponseBase> {
  return typeof mw === 'function' ? mw(request) : mw.call(request);
}

/** True for a promise or any other thenable: what must be awaited (a plain value need not be). */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
