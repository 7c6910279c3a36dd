/**
 * Class-based views (django.views.generic.base): View dispatches on the
 * method (405 with Allow for the others, OPTIONS answered), TemplateView
 * renders a template, RedirectView redirects. `asView()` makes the view
 * function a URLconf takes; attributes are Django's, in camelCase
 * (templateName, extraContext, patternName, queryString).
 *
 * @example
 * class AboutView extends TemplateView { override templateName = 'about.html'; }
 * path('about/', AboutView.asView())
 * path('go/', RedirectView.asView({ url: '/about/' }))
 */
import { ImproperlyConfigured, interpolate } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponse, HttpResponseGone, HttpResponseNotAllowed, HttpResponsePermanentRedirect, HttpResponseRedirect, type HttpResponseBase } from '../../http/response';
import { TemplateResponse, type TemplateSpec } from '../../http/templateresponse';
import { reverse } from '../../urls/base';

type Awaitable<T> = T | Promise<T>;
type Handler = (request: HttpRequest, kwargs: Record<string, any>, ...args: any[]) => Awaitable<HttpResponseBase>;

/** The function asView() returns; `viewClass` and `viewInitkwargs` as in Django. */
export interface ViewFunction<V> {
  (request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]): Promise<HttpResponseBase>;
  viewClass: new () => V;
  viewInitkwargs: Partial<V>;
}

/** Logs what Django logs on django.request (a 405, a 410). */
export let viewLogger: (message: string) => void = (message) => console.warn(message);
export function setViewLogger(fn: (message: string) => void): void {
  viewLogger = fn;
}

export class View {
  static httpMethodNames = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

  request!: HttpRequest;
  args: unknown[] = [];
  kwargs: Record<string, any> = {};

  /**
   * The view function for a URLconf. `initkwargs` set attributes of each
   * instance; only existing attributes are accepted, never method names.
   */
  static asView<V extends View>(this: new () => V, initkwargs: Partial<V> = {}): ViewFunction<V> {
    const cls = this;
    const probe = new cls() as unknown as Record<string, unknown>;
    for (const key of Object.keys(initkwargs)) {
      if (View.httpMethodNames.includes(key)) {
        throw new TypeError(`The method name ${key} is not accepted as a keyword argument to ${cls.name}().`);
      }
      if (!(key in probe)) {
        throw new TypeError(`${cls.name}() received an invalid keyword '${key}'. asView only accepts arguments that are already attributes of the class.`);
      }
    }
    const view = async (request: HttpRequest, kwargs: Record<string, any> = {}, ...args: any[]): Promise<HttpResponseBase> => {
      const self = new cls();
      Object.assign(self, initkwargs);
      self.setup(request, args, kwargs);
      return self.dispatch(request, kwargs, ...args);
    };
    Object.defineProperty(view, 'name', { value: cls.name });
    return Object.assign(view, { viewClass: cls, viewInitkwargs: initkwargs });
  }

  /** Sets request, args and kwargs (Django's setup(); HEAD falls back to GET). */
  setup(request: HttpRequest, args: unknown[], kwargs: Record<string, any>): void {
    const self = this as unknown as Record<string, unknown>;
    if (typeof self.get === 'function' && typeof self.head !== 'function') self.head = self.get;
    this.request = request;
    this.args = args;
    this.kwargs = kwargs;
  }

  /** Calls the method's handler, or httpMethodNotAllowed. */
  async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
    const name = request.method.toLowerCase();
    const self = this as unknown as Record<string, Handler | undefined>;
    const handler = View.httpMethodNames.includes(name) && typeof self[name] === 'function' ? self[name]! : this.httpMethodNotAllowed;
    return handler.call(this, request, kwargs, ...args);
  }

  httpMethodNotAllowed(request: HttpRequest, _kwargs?: Record<string, any>): HttpResponseBase {
    viewLogger(`Method Not Allowed (${request.method}): ${request.path}`);
    return new HttpResponseNotAllowed(this.allowedMethods());
  }

  /** OPTIONS: the Allow header and an empty body. */
  options(_request: HttpRequest, _kwargs?: Record<string, any>): Awaitable<HttpResponseBase> {
    const response = new HttpResponse();
    response.set('Allow', this.allowedMethods().join(', '));
    response.set('Content-Length', '0');
    return response;
  }

  allowedMethods(): string[] {
    const self = this as unknown as Record<string, unknown>;
    return View.httpMethodNames.filter((m) => typeof self[m] === 'function').map((m) => m.toUpperCase());
  }
}

/** Adds `view` and extraContext to the context (Django's ContextMixin). */
export class ContextMixin extends View {
  extraContext: Record<string, unknown> | null = null;

  /** The kwargs, `view`, and extraContext (Django's get_context_data). */
  async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = { ...kwargs };
    if (!('view' in context)) context.view = this;
    if (this.extraContext) Object.assign(context, this.extraContext);
    return context;
  }
}

/** Renders the template names into a TemplateResponse (Django's TemplateResponseMixin). */
export class TemplateResponseMixin extends ContextMixin {
  templateName: string | null = null;
  templateEngine: string | undefined = undefined;
  responseClass: typeof TemplateResponse = TemplateResponse;
  contentType: string | undefined = undefined;

  /** The template names to try (ImproperlyConfigured without templateName). */
  getTemplateNames(): string[] {
    if (this.templateName === null) {
      throw new ImproperlyConfigured("TemplateResponseMixin requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'");
    }
    return [this.templateName];
  }

  renderToResponse(context: Record<string, unknown>, init: { status?: number; headers?: Record<string, string> } = {}): TemplateResponse {
    const Cls = this.responseClass;
    return new Cls(this.request, this.getTemplateNames() as TemplateSpec, context, { contentType: this.contentType, using: this.templateEngine, ...init });
  }
}

/** Renders templateName with the URL's kwargs as context. */
export class TemplateView extends TemplateResponseMixin {
  async get(_request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData(kwargs));
  }
}

/** Redirects to `url` (with `%(name)s` filled from the kwargs) or the reverse of patternName; 410 when neither. */
export class RedirectView extends View {
  permanent = false;
  url: string | null = null;
  patternName: string | null = null;
  queryString = false;

  getRedirectUrl(kwargs: Record<string, any>, ...args: any[]): string | null {
    let url: string;
    if (this.url) url = interpolate(this.url, kwargs);
    else if (this.patternName) url = reverse(this.patternName, { args, kwargs });
    else return null;
    const qs = this.request.url.search.slice(1);
    if (qs && this.queryString) url = `${url}?${qs}`;
    return url;
  }

  async get(request: HttpRequest, kwargs: Record<string, any> = {}, ...args: any[]): Promise<HttpResponseBase> {
    const url = this.getRedirectUrl(kwargs, ...args);
    if (url) return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
    viewLogger(`Gone: ${request.path}`);
    return new HttpResponseGone();
  }
  head(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
  post(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
  override options(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
  delete(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
  put(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
  patch(request: HttpRequest, kwargs?: Record<string, any>, ...args: any[]) {
    return this.get(request, kwargs, ...args);
  }
}
