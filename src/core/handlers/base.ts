/**
 * The request pipeline (django.core.handlers.base.BaseHandler): the
 * middleware chain built in MIDDLEWARE order (outermost first), URL
 * resolution, processView hooks, the view (in a transaction with
 * ATOMIC_REQUESTS), processException hooks, processTemplateResponse hooks
 * and the deferred render. Every layer converts exceptions to responses, so
 * an exception anywhere becomes a response and never escapes.
 */
import { settings, type MiddlewareEntry } from '../../conf/settings';
import { ImproperlyConfigured, ValueError } from '../exceptions';
import { connections } from '../../db/connection';
import type { HttpRequest } from '../../http/request';
import { HttpResponseBase } from '../../http/response';
import { getResolver } from '../../urls/base';
import type { URLEntry } from '../../urls/conf';
import { type ErrorHandlers, type ErrorLogger, consoleLogger, responseForException } from './exception';
import {
  type GetResponse,
  type Middleware,
  type MiddlewareFactory,
  MiddlewareNotUsed,
  type ViewFunction,
  type Awaitable,
  callMiddleware,
  instantiate,
  isThenable,
  lookupMiddleware,
} from './middleware';
import { builtinMiddleware, unregisteredHint } from '../../middleware/registry';

export interface HandlerOptions extends ErrorHandlers {
  /** Overrides settings.MIDDLEWARE. */
  middleware?: readonly MiddlewareEntry[];
  /** Overrides settings.ROOT_URLCONF. */
  urlconf?: readonly URLEntry[];
  /** Where 4xx/5xx errors are reported (default: the console). */
  log?: ErrorLogger;
}

type Hook<K extends 'processView' | 'processException' | 'processTemplateResponse'> = NonNullable<Middleware[K]>;

export class BaseHandler {
  private chain: GetResponse | null = null;
  private viewMiddleware: Array<Hook<'processView'>> = [];
  private templateResponseMiddleware: Array<Hook<'processTemplateResponse'>> = [];
  private exceptionMiddleware: Array<Hook<'processException'>> = [];
  readonly log: ErrorLogger;

  constructor(readonly options: HandlerOptions = {}) {
    this.log = options.log ?? consoleLogger;
  }

  /** Builds the chain from MIDDLEWARE, innermost (the view) first (Django's load_middleware). */
  loadMiddleware(): void {
    this.viewMiddleware = [];
    this.templateResponseMiddleware = [];
    this.exceptionMiddleware = [];
    let handler: GetResponse = (request) => this.getResponseInner(request);
    const entries = this.options.middleware ?? settings.MIDDLEWARE;
    for (let i = entries.length - 1; i >= 0; i--) {
      const factory = resolveEntry(entries[i], i);
      let mw: Middleware;
      try {
        mw = instantiate(factory, handler);
      } catch (e) {
        if (e instanceof MiddlewareNotUsed) continue;
        throw e;
      }
      if (mw === null || mw === undefined) throw new ImproperlyConfigured(`Middleware factory ${describe(entries[i])} returned ${mw}.`);
      if (mw.processView) this.viewMiddleware.unshift(mw.processView.bind(mw));
      if (mw.processTemplateResponse) this.templateResponseMiddleware.push(mw.processTemplateResponse.bind(mw));
      if (mw.processException) this.exceptionMiddleware.push(mw.processException.bind(mw));
      handler = this.layer(mw, entries[i]);
    }
    this.chain = handler;
  }

  /** Runs the request through middleware and view (Django's get_response). */
  getResponse(request: HttpRequest): Promise<HttpResponseBase> {
    // Not an async function: it would wrap the chain's promise in another one on every request.
    if (this.chain === null) {
      try {
        this.loadMiddleware();
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.chain!(request);
  }

  /**
   * One middleware in the chain: called, its answer checked, its exceptions
   * converted, in one then() on its promise. Not an async function: a
   * suspended one is about 400 bytes per layer on every request, a then()
   * with two small closures a quarter of that.
   */
  private layer(mw: Middleware, entry: MiddlewareEntry): GetResponse {
    return (request) => {
      const convert = (e: unknown) => responseForException(request, e, this.options, this.log);
      try {
        const out = callMiddleware(mw, request);
        if (out instanceof HttpResponseBase) return Promise.resolve(out);
        return Promise.resolve(out).then((response) => (response instanceof HttpResponseBase ? response : convert(notAResponse(response, entry))), convert);
      } catch (e) {
        return convert(e);
      }
    };
  }

  /**
   * Resolve, processView, view, processException, processTemplateResponse,
   * render (Django's _get_response), its exceptions converted to responses.
   * Hooks and views that answer synchronously are not awaited: each await of
   * a plain value is a turn of the microtask queue on every request.
   */
  private async getResponseInner(request: HttpRequest): Promise<HttpResponseBase> {
    try {
      const urlconf = (request.urlconf as readonly URLEntry[] | undefined) ?? this.options.urlconf;
      const match = getResolver(urlconf).resolve(request.pathInfo);
      request.resolverMatch = match;
      const view = match.func as ViewFunction;
      let response: HttpResponseBase | null | undefined | void = undefined;
      for (const hook of this.viewMiddleware) {
        const out = hook(request, view, match.args, match.kwargs);
        response = isThenable(out) ? await out : out;
        if (response) break;
      }
      if (!response) {
        try {
          const out = this.callView(view, request, match.args, match.kwargs);
          response = isThenable(out) ? await out : out;
        } catch (e) {
          response = await this.processExceptionByMiddleware(e, request);
          if (!response) throw e;
        }
      }
      let checked = checkResponse(response, view);
      const deferred = checked as HttpResponseBase & { render?: () => HttpResponseBase };
      if (typeof deferred.render === 'function') {
        for (const hook of this.templateResponseMiddleware) {
          checked = checkResponse(await hook(request, checked), view, `${hook.name.replace(/^bound /, '')}`);
        }
        try {
          const late = checked as HttpResponseBase & { render(): HttpResponseBase; prepareRender?(): Promise<void> };
          await late.prepareRender?.(); // rendering is synchronous: what the template's context needs is read first
          checked = late.render();
        } catch (e) {
          const handled = await this.processExceptionByMiddleware(e, request);
          if (!handled) throw e;
          checked = handled;
        }
      }
      return checked;
    } catch (e) {
      return responseForException(request, e, this.options, this.log);
    }
  }

  /** Calls the view; inside a transaction for each database with ATOMIC_REQUESTS (Django's make_view_atomic). */
  private callView(view: ViewFunction, request: HttpRequest, args: readonly unknown[], kwargs: Record<string, unknown>): Awaitable<HttpResponseBase | null | undefined | void> {
    const nonAtomic = (view as { nonAtomicRequests?: Set<string> }).nonAtomicRequests;
    type Step = () => Awaitable<HttpResponseBase | null | undefined | void>;
    let run: Step | null = null;
    const databases = settings.DATABASES;
    for (const alias in databases) {
      if (databases[alias].ATOMIC_REQUESTS && !nonAtomic?.has(alias) && connections.has(alias)) {
        const inner: Step = run ?? (() => view(request, kwargs, ...args));
        run = () => connections.get(alias).atomic(async () => inner());
      }
    }
    return run ? run() : view(request, kwargs, ...args);
  }

  private async processExceptionByMiddleware(e: unknown, request: HttpRequest): Promise<HttpResponseBase | null> {
    for (const hook of this.exceptionMiddleware) {
      const response = await hook(request, e);
      if (response) return response;
    }
    return null;
  }
}

function describe(entry: MiddlewareEntry): string {
  return typeof entry === 'string' ? `'${entry}'` : entry.name || '<anonymous>';
}

function resolveEntry(entry: MiddlewareEntry, index: number): MiddlewareFactory {
  if (typeof entry === 'function') return entry as MiddlewareFactory;
  if (typeof entry === 'string') {
    const factory = lookupMiddleware(entry) ?? builtinMiddleware(entry);
    if (factory) return factory;
    throw new ImproperlyConfigured(`MIDDLEWARE[${index}]: no middleware is registered as '${entry}' (${unregisteredHint(entry)}).`);
  }
  throw new ImproperlyConfigured(`MIDDLEWARE[${index}] must be a factory function, a class or a registered name, not ${typeof entry}.`);
}

/** Django's check_response: a view must return an HttpResponse. */
function checkResponse(response: unknown, view: ViewFunction, name?: string): HttpResponseBase {
  if (response instanceof HttpResponseBase) return response;
  const who = name ? `${name}` : `The view ${viewName(view)}`;
  const what = response === null || response === undefined ? 'None' : response instanceof Response ? 'a fetch Response (wrap it in an HttpResponse)' : `a ${typeof response === 'object' ? (response as object).constructor?.name : typeof response}`;
  throw new ValueError(`${who} didn't return an HttpResponse object. It returned ${what} instead.`);
}

/** What a middleware returned instead of an HttpResponse, as Django words it. */
function notAResponse(response: unknown, entry: MiddlewareEntry): ValueError {
  return new ValueError(`Middleware ${describe(entry)} didn't return an HttpResponse object. It returned ${response === null || response === undefined ? 'None' : typeof response} instead.`);
}

function viewName(view: ViewFunction): string {
  const cls = (view as { viewClass?: { name: string } }).viewClass;
  return cls ? `${cls.name}` : view.name || '<anonymous>';
}
