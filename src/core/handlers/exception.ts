/**
 * Exceptions to responses (django.core.handlers.exception): Http404 → 404,
 * PermissionDenied → 403, BadRequest / SuspiciousOperation /
 * MultiPartParserError → 400, anything else → 500, with the DEBUG technical
 * pages or the project's error views. An error view that fails itself gives
 * the 500 view; the 500 view failing gives Django's plain 500 text.
 */
import { settings } from '../../conf/settings';
import { PermissionDenied, SuspiciousOperation } from '../exceptions';
import { BadRequest, Http404, MultiPartParserError } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponseServerError, type HttpResponseBase } from '../../http/response';
import { Resolver404 } from '../../urls/exceptions';
import { badRequest, pageNotFound, permissionDenied, serverError } from '../../views/defaults';
import type { Awaitable } from './middleware';

export type ErrorView = (request: HttpRequest, exception?: unknown) => Awaitable<HttpResponseBase>;

/** handler400/403/404/500 (Django's URLconf-level names). */
export interface ErrorHandlers {
  handler400?: ErrorView;
  handler403?: ErrorView;
  handler404?: ErrorView;
  handler500?: (request: HttpRequest) => Awaitable<HttpResponseBase>;
}

/** Where errors are reported (Django's django.request logger). */
export type ErrorLogger = (message: string, error: unknown) => void;

const listeners = new Set<(request: HttpRequest, error: unknown) => void>();

/** Calls `fn` for each uncaught exception of a request (Django's got_request_exception); returns the unsubscribe function. */
export function onRequestException(fn: (request: HttpRequest, error: unknown) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// The technical 404/500 pages are DEBUG's: a production process never loads them.
const debugViews = () => import('../../views/debug');

/** What reports a request's uncaught exception with DEBUG off, besides the log (Django's AdminEmailHandler). */
export type ErrorReporter = (request: HttpRequest, error: unknown, message: string) => Promise<void>;
let errorReporter: ErrorReporter | undefined;

/** Installs the reporter (Node installs the email to ADMINS: a browser tab has no mail server to send it through). */
export function setErrorReporter(reporter: ErrorReporter | undefined): void {
  errorReporter = reporter;
}

function isNotFound(e: unknown): boolean {
  return e instanceof Http404 || e instanceof Resolver404;
}

export async function responseForException(request: HttpRequest, exc: unknown, handlers: ErrorHandlers, log: ErrorLogger): Promise<HttpResponseBase> {
  let response: HttpResponseBase;
  if (isNotFound(exc)) {
    response = settings.DEBUG ? (await debugViews()).technical404Response(request, exc) : await exceptionResponse(request, 404, exc, handlers, log);
  } else if (exc instanceof PermissionDenied) {
    log(`Forbidden (Permission denied): ${request.path}`, exc);
    response = await exceptionResponse(request, 403, exc, handlers, log);
  } else if (exc instanceof MultiPartParserError) {
    log(`Bad request (Unable to parse request body): ${request.path}`, exc);
    response = await exceptionResponse(request, 400, exc, handlers, log);
  } else if (exc instanceof BadRequest || exc instanceof SuspiciousOperation) {
    if (exc instanceof SuspiciousOperation) log(`${(exc as Error).name}: ${(exc as Error).message}`, exc);
    response = settings.DEBUG ? (await debugViews()).technical500Response(request, exc, 400) : await exceptionResponse(request, 400, exc, handlers, log);
  } else {
    for (const fn of listeners) fn(request, exc);
    response = await uncaught(request, exc, handlers, log);
  }
  // A TemplateResponse from an error view is rendered here.
  const r = response as HttpResponseBase & { isRendered?: boolean; render?: () => HttpResponseBase; prepareRender?: () => Promise<void> };
  if (r.isRendered === false && typeof r.render === 'function') {
    await r.prepareRender?.();
    response = r.render();
  }
  return response;
}

async function exceptionResponse(request: HttpRequest, status: 400 | 403 | 404, exc: unknown, handlers: ErrorHandlers, log: ErrorLogger): Promise<HttpResponseBase> {
  const view = status === 404 ? (handlers.handler404 ?? pageNotFound) : status === 403 ? (handlers.handler403 ?? permissionDenied) : (handlers.handler400 ?? badRequest);
  try {
    return await view(request, exc);
  } catch (e) {
    for (const fn of listeners) fn(request, e);
    return uncaught(request, e, handlers, log);
  }
}

async function uncaught(request: HttpRequest, exc: unknown, handlers: ErrorHandlers, log: ErrorLogger): Promise<HttpResponseBase> {
  const message = `Internal Server Error: ${request.path}`;
  log(message, exc);
  if (settings.DEBUG_PROPAGATE_EXCEPTIONS) throw exc;
  if (settings.DEBUG) return (await debugViews()).technical500Response(request, exc);
  if (errorReporter) {
    try {
      await errorReporter(request, exc, message);
    } catch (e) {
      log(`Reporting the error failed: ${request.path}`, e);
    }
  }
  try {
    return await (handlers.handler500 ?? serverError)(request);
  } catch (e) {
    log(`The 500 handler failed too: ${request.path}`, e);
    return new HttpResponseServerError('<h1>Server Error (500)</h1>');
  }
}

/** Django's default logger: the message and the stack on stderr. */
export const consoleLogger: ErrorLogger = (message, error) => {
  const status = /^(Forbidden|Bad request|Disallowed|Suspicious|Request|TooMany|Invalid)/.test(message) ? 'warn' : 'error';
  console[status](`${message}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
};
