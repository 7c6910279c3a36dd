/**
 * Django's shortcuts (django.shortcuts): render, redirect, resolveUrl,
 * getObjectOr404, getListOr404.
 *
 * @example
 * export async function detail(request: HttpRequest, { question_id }: { question_id: number }) {
 *   const question = await getObjectOr404(Question, { pk: question_id });
 *   return render(request, 'polls/detail.html', { question });
 * }
 */
import { NoReverseMatch } from './urls/exceptions';
import { reverse } from './urls/base';
import { Http404 } from './http/exceptions';
import { HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, type ResponseInit } from './http/response';
import { renderTemplate, selectTemplate } from './http/templates';
import { prepareContext } from './template/prepare';
import type { Dict } from './template/context';
import { ObjectDoesNotExist } from './core/exceptions';

/**
 * Renders a template with the request and answers it (Django's render()).
 * Async where Django's is not: before the (synchronous) render it awaits
 * what the context processors read for the names the template uses (the
 * auth processor's user and permissions), so views `return render(...)`.
 */
export function render(request: unknown, templateName: string | readonly string[], context: Dict = {}, init: ResponseInit & { using?: string } = {}): Promise<HttpResponse> {
  try {
    const template = selectTemplate(templateName, init.using);
    const rendered = () => new HttpResponse(renderTemplate(template, context, request), init);
    const preparing = prepareContext(template, request);
    return preparing ? preparing.then(rendered) : Promise.resolve(rendered());
  } catch (e) {
    return Promise.reject(e);
  }
}

export interface RedirectOptions {
  permanent?: boolean;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

type Target = string | { getAbsoluteUrl(): string } | ((...a: any[]) => unknown);

/**
 * The URL for `to` (Django's resolve_url): a model's getAbsoluteUrl(), a
 * relative URL as is, a route name (or view) reversed with its arguments,
 * else `to` itself when it looks like a URL.
 */
export function resolveUrl(to: Target, args: unknown[] = [], kwargs?: Record<string, unknown>): string {
  if (to && typeof to === 'object' && typeof (to as { getAbsoluteUrl?: unknown }).getAbsoluteUrl === 'function') return (to as { getAbsoluteUrl(): string }).getAbsoluteUrl();
  if (typeof to === 'string' && (to.startsWith('./') || to.startsWith('../'))) return to;
  try {
    return reverse(to as string, { args, kwargs });
  } catch (e) {
    if (!(e instanceof NoReverseMatch)) throw e;
    if (typeof to === 'function') throw e;
    if (!String(to).includes('/') && !String(to).includes('.')) throw e;
  }
  return String(to);
}

/**
 * A redirect (302, or 301 with `permanent`) to a URL, a route name with its
 * arguments, or a model instance with getAbsoluteUrl().
 *
 * @example
 * redirect('/polls/');                           // a URL
 * redirect('polls:results', question.id);        // a route name and its arguments
 * redirect('archive', { kwargs: { year: 2024 }, permanent: true });
 * redirect(question);                            // question.getAbsoluteUrl()
 */
export function redirect(to: Target, ...rest: unknown[]): HttpResponseRedirect | HttpResponsePermanentRedirect {
  let options: RedirectOptions = {};
  const last = rest[rest.length - 1];
  if (last !== null && typeof last === 'object' && Object.getPrototypeOf(last) === Object.prototype) {
    options = rest.pop() as RedirectOptions;
  }
  const args = [...rest, ...(options.args ?? [])];
  const url = resolveUrl(to, args, options.kwargs);
  return options.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
}

interface Queryable<T> {
  get(...filters: any[]): Promise<T>;
  filter(...filters: any[]): PromiseLike<T[]>;
  model?: { name?: string; _meta?: { objectName?: string } };
  objects?: Queryable<T>;
  name?: string;
}

function source<T>(klass: any, fn: string): Queryable<T> {
  const q = klass && typeof klass === 'function' && klass.objects ? klass.objects : klass;
  if (!q || typeof q.get !== 'function' || typeof q.filter !== 'function') {
    const name = typeof klass === 'function' ? klass.name : klass?.constructor?.name ?? String(klass);
    throw new TypeError(`First argument to ${fn}() must be a Model, Manager, or QuerySet, not '${name}'.`);
  }
  return q;
}

function modelName(klass: any): string {
  if (typeof klass === 'function' && klass.name) return klass.name;
  return klass?.model?.name ?? 'object';
}

/** The one object matching, or Http404 (Django's get_object_or_404). */
export async function getObjectOr404<T = any>(klass: any, ...filters: any[]): Promise<T> {
  const q = source<T>(klass, 'getObjectOr404');
  try {
    return await q.get(...filters);
  } catch (e) {
    if (e instanceof ObjectDoesNotExist) throw new Http404(`No ${modelName(klass)} matches the given query.`);
    throw e;
  }
}

/** The matching objects, or Http404 when there are none (Django's get_list_or_404). */
export async function getListOr404<T = any>(klass: any, ...filters: any[]): Promise<T[]> {
  const q = source<T>(klass, 'getListOr404');
  const list = await q.filter(...filters);
  if (!list.length) throw new Http404(`No ${modelName(klass)} matches the given query.`);
  return list;
}
