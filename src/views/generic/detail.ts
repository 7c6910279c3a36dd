/**
 * DetailView and SingleObjectMixin (django.views.generic.detail): one
 * object found by the `pk` or `slug` URL kwarg (Http404 when missing); the
 * context has `object` and `<model_name>`; the default template is
 * `<app>/<model>_detail.html`.
 */
import { ImproperlyConfigured, ObjectDoesNotExist } from '../../core/exceptions';
import { AttributeError, Http404 } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { TemplateResponseMixin } from './base';

type Meta = { appLabel: string; modelName: string; verboseName: string };
type QS = { all(): QS; filter(f: Record<string, unknown>): QS; get(...f: unknown[]): Promise<unknown>; model: { _meta: Meta } };
type ModelLike = { objects: QS; _meta: Meta };

export class SingleObjectMixin extends TemplateResponseMixin {
  model: ModelLike | null = null;
  queryset: QS | null = null;
  slugField = 'slug';
  contextObjectName: string | null = null;
  slugUrlKwarg = 'slug';
  pkUrlKwarg = 'pk';
  queryPkAndSlug = false;
  templateNameField: string | null = null;
  templateNameSuffix = '_detail';
  /** The object shown (set by get()). */
  object: any = null;

  getQueryset(): QS {
    if (this.queryset === null) {
      if (this.model) return this.model.objects.all();
      const cls = this.constructor.name;
      throw new ImproperlyConfigured(`${cls} is missing a QuerySet. Define ${cls}.model, ${cls}.queryset, or override ${cls}.getQueryset().`);
    }
    return this.queryset.all();
  }

  getSlugField(): string {
    return this.slugField;
  }

  /** The object of the URL's pk and/or slug; Http404 when there is none. */
  async getObject(queryset?: QS): Promise<any> {
    let qs = queryset ?? this.getQueryset();
    const pk = this.kwargs[this.pkUrlKwarg];
    const slug = this.kwargs[this.slugUrlKwarg];
    if (pk !== undefined && pk !== null) qs = qs.filter({ pk });
    if (slug !== undefined && slug !== null && (pk === undefined || pk === null || this.queryPkAndSlug)) qs = qs.filter({ [this.getSlugField()]: slug });
    if ((pk === undefined || pk === null) && (slug === undefined || slug === null)) {
      throw new AttributeError(`Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf.`);
    }
    try {
      return await qs.get();
    } catch (e) {
      if (e instanceof ObjectDoesNotExist) throw new Http404(`No ${qs.model._meta.verboseName} found matching the query`);
      throw e;
    }
  }

  getContextObjectName(obj: any): string | null {
    if (this.contextObjectName) return this.contextObjectName;
    return obj?.constructor?._meta?.modelName ?? null;
  }

  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = {};
    if (this.object) {
      context.object = this.object;
      const name = this.getContextObjectName(this.object);
      if (name) context[name] = this.object;
    }
    Object.assign(context, kwargs);
    return super.getContextData(context);
  }

  /** templateName, the object's templateNameField, then `<app>/<model><suffix>.html`. */
  override getTemplateNames(): string[] {
    let names: string[] = [];
    try {
      names = super.getTemplateNames();
    } catch (e) {
      if (!(e instanceof ImproperlyConfigured)) throw e;
      if (this.object && this.templateNameField) {
        const name = this.object[this.templateNameField];
        if (name) names.unshift(String(name));
      }
      const meta: Meta | undefined = this.object?.constructor?._meta ?? this.model?._meta;
      if (meta) names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
      if (!names.length) throw e;
    }
    return names;
  }
}

/** Renders one object (Django's DetailView). */
export class DetailView extends SingleObjectMixin {
  async get(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData({ object: this.object }));
  }
}
