/**
 * ListView and MultipleObjectMixin (django.views.generic.list): a list of
 * objects from `model` or `queryset`, paginated with `paginateBy` and
 * `?page=` (or a `page` URL kwarg, or 'last'); the context has
 * object_list, page_obj, is_paginated, paginator and `<model>_list`.
 * QuerySets are evaluated before rendering (templates render synchronously).
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import { InvalidPage, type Page, Paginator, type Pageable } from '../../core/paginator';
import { Http404 } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { TemplateResponseMixin } from './base';

type ModelLike = { objects: QuerySetLike; _meta: { appLabel: string; modelName: string; verboseName: string } };
export type QuerySetLike = {
  all(): QuerySetLike;
  orderBy(...fields: string[]): QuerySetLike;
  count(): Promise<number>;
  exists(): Promise<boolean>;
  slice(low: number, high?: number): PromiseLike<unknown[]>;
  model: ModelLike;
} & PromiseLike<unknown[]>;

function isQuerySet(v: unknown): v is QuerySetLike {
  return !!v && typeof v === 'object' && typeof (v as QuerySetLike).orderBy === 'function' && typeof (v as QuerySetLike).count === 'function';
}

export class MultipleObjectMixin extends TemplateResponseMixin {
  allowEmpty = true;
  queryset: QuerySetLike | readonly unknown[] | null = null;
  model: ModelLike | null = null;
  paginateBy: number | null = null;
  paginateOrphans = 0;
  contextObjectName: string | null = null;
  paginatorClass: typeof Paginator = Paginator;
  pageKwarg = 'page';
  ordering: string | readonly string[] | null = null;
  templateNameSuffix = '_list';
  /** The list being shown (set by get()). */
  objectList: QuerySetLike | readonly unknown[] = [];

  /** The QuerySet (or array) of objects to list, ordered by `ordering`. */
  getQueryset(): QuerySetLike | readonly unknown[] {
    let qs: QuerySetLike | readonly unknown[];
    if (this.queryset !== null) qs = isQuerySet(this.queryset) ? this.queryset.all() : this.queryset;
    else if (this.model !== null) qs = this.model.objects.all();
    else {
      const cls = this.constructor.name;
      throw new ImproperlyConfigured(`${cls} is missing a QuerySet. Define ${cls}.model, ${cls}.queryset, or override ${cls}.getQueryset().`);
    }
    const ordering = this.getOrdering();
    if (ordering && isQuerySet(qs)) qs = qs.orderBy(...(typeof ordering === 'string' ? [ordering] : ordering));
    return qs;
  }

  getOrdering(): string | readonly string[] | null {
    return this.ordering;
  }

  getPaginateBy(_queryset: unknown): number | null {
    return this.paginateBy;
  }

  getPaginateOrphans(): number {
    return this.paginateOrphans;
  }

  getAllowEmpty(): boolean {
    return this.allowEmpty;
  }

  getPaginator(queryset: Pageable<unknown>, perPage: number, orphans = 0, allowEmptyFirstPage = true): Paginator<unknown> {
    return new this.paginatorClass(queryset, perPage, orphans, allowEmptyFirstPage);
  }

  /** [paginator, page, page's objects, isPaginated]; Http404 for a page that does not exist. */
  async paginateQueryset(queryset: QuerySetLike | readonly unknown[], pageSize: number): Promise<[Paginator<unknown>, Page<unknown>, unknown[], boolean]> {
    const paginator = this.getPaginator(queryset as Pageable<unknown>, pageSize, this.getPaginateOrphans(), this.getAllowEmpty());
    const raw = this.kwargs[this.pageKwarg] || this.request.GET.get(this.pageKwarg) || 1;
    let pageNumber: number;
    if (typeof raw === 'number') pageNumber = raw;
    else if (/^\s*[+-]?\d+\s*$/.test(String(raw))) pageNumber = Number(raw);
    else if (raw === 'last') pageNumber = (await paginator.loadCount(), paginator.numPages);
    else throw new Http404('Page is not “last”, nor can it be converted to an int.');
    try {
      const page = await paginator.page(pageNumber);
      return [paginator, page, page.objectList, page.hasOtherPages()];
    } catch (e) {
      if (e instanceof InvalidPage) throw new Http404(`Invalid page (${pageNumber}): ${e.message}`);
      throw e;
    }
  }

  /** `<model_name>_list`, or contextObjectName. */
  getContextObjectName(objectList: unknown): string | null {
    if (this.contextObjectName) return this.contextObjectName;
    if (isQuerySet(objectList)) return `${objectList.model._meta.modelName}_list`;
    return null;
  }

  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const { object_list: given, ...rest } = kwargs;
    const queryset = (given ?? this.objectList) as QuerySetLike | readonly unknown[];
    const pageSize = this.getPaginateBy(queryset);
    const name = this.getContextObjectName(queryset);
    let context: Record<string, unknown>;
    if (pageSize) {
      const [paginator, page, list, isPaginated] = await this.paginateQueryset(queryset, pageSize);
      context = { paginator, page_obj: page, is_paginated: isPaginated, object_list: list };
    } else {
      const list = isQuerySet(queryset) ? await queryset : [...queryset];
      context = { paginator: null, page_obj: null, is_paginated: false, object_list: list };
    }
    if (name !== null) context[name] = context.object_list;
    Object.assign(context, rest);
    return super.getContextData(context);
  }

  /** templateName, then `<app>/<model><suffix>.html` (Django's MultipleObjectTemplateResponseMixin). */
  override getTemplateNames(): string[] {
    let names: string[] = [];
    try {
      names = super.getTemplateNames();
    } catch (e) {
      if (!(e instanceof ImproperlyConfigured)) throw e;
    }
    const list = this.objectList;
    if (isQuerySet(list)) {
      const meta = list.model._meta;
      names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
    } else if (!names.length) {
      throw new ImproperlyConfigured(`${this.constructor.name} requires either a 'templateName' attribute or a getQueryset() method that returns a QuerySet.`);
    }
    return names;
  }
}

/** Renders a list of objects (Django's ListView). */
export class ListView extends MultipleObjectMixin {
  async get(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.objectList = this.getQueryset();
    if (!this.getAllowEmpty()) {
      const list = this.objectList;
      const empty = this.getPaginateBy(list) && isQuerySet(list) ? !(await list.exists()) : isQuerySet(list) ? (await list).length === 0 : list.length === 0;
      if (empty) throw new Http404(`Empty list and “${this.constructor.name}.allowEmpty” is False.`);
    }
    return this.renderToResponse(await this.getContextData());
  }
}
