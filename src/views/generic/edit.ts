/**
 * The editing views (django.views.generic.edit): FormView, CreateView,
 * UpdateView and DeleteView, and the mixins they are made of.
 *
 * A GET renders the form (unbound, with getInitial()); a POST (or PUT)
 * binds it to `request.POST` and `request.FILES`, awaits `isValid()`, and
 * calls formValid (save, then redirect to getSuccessUrl()) or formInvalid
 * (render the bound form, errors shown). DeleteView is Django 4's: a GET
 * renders `<app>/<model>_confirm_delete.html`, a POST validates its form
 * (an empty Form by default) and deletes.
 *
 * Django's multiple inheritance (ModelFormMixin is a FormMixin and a
 * SingleObjectMixin) is spelled with one mixin function, `formMixin(Base)`.
 *
 * @example
 * class ArticleCreate extends CreateView {
 *   override model = Article;
 *   override fields = ['title', 'body'];
 *   override successUrl = '/articles/{id}/';
 * }
 * path('articles/new/', ArticleCreate.asView())
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import { BaseForm } from '../../forms/forms';
import { type BaseModelForm, modelformFactory } from '../../forms/models';
import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponseBase } from '../../http/response';
import { TemplateResponseMixin } from './base';
import { SingleObjectMixin } from './detail';

/** A form class a view instantiates (a defineForm or modelformFactory class). */
export type FormClassLike = new (data?: any, files?: any, options?: any) => BaseForm<any>;

type Ctor<T> = abstract new (...args: any[]) => T;

/** The keyword arguments of a form (Django's get_form_kwargs()). */
export interface FormKwargs {
  data?: unknown;
  files?: unknown;
  initial: Record<string, unknown>;
  prefix: string | null;
  instance?: unknown;
  [key: string]: unknown;
}

/**
 * Adds Django's FormMixin to a TemplateResponseMixin class: formClass,
 * initial, prefix, successUrl and the getForm/formValid/formInvalid hooks.
 */
export function formMixin<B extends Ctor<TemplateResponseMixin>>(Base: B) {
  abstract class FormMixin extends Base {
    initial: Record<string, unknown> = {};
    formClass: FormClassLike | null = null;
    successUrl: string | null = null;
    prefix: string | null = null;

    /** A copy of `initial` (Django's get_initial). */
    getInitial(): Record<string, unknown> {
      return { ...this.initial };
    }

    getPrefix(): string | null {
      return this.prefix;
    }

    /** The form class to use (ImproperlyConfigured without one). */
    getFormClass(): FormClassLike {
      if (!this.formClass) throw new ImproperlyConfigured(`${this.constructor.name} is missing a form class. Define ${this.constructor.name}.formClass or override getFormClass().`);
      return this.formClass;
    }

    /** An instance of the form, bound on POST and PUT. */
    getForm(formClass: FormClassLike | null = null): BaseForm<any> {
      const Cls = formClass ?? this.getFormClass();
      const { data, files, ...options } = this.getFormKwargs();
      return new Cls(data ?? null, files ?? null, options);
    }

    /** initial and prefix, and for POST/PUT the request's data and files. */
    getFormKwargs(): FormKwargs {
      const kwargs: FormKwargs = { initial: this.getInitial(), prefix: this.getPrefix() };
      if (this.request.method === 'POST' || this.request.method === 'PUT') {
        kwargs.data = this.request.POST;
        kwargs.files = this.request.FILES;
      }
      return kwargs;
    }

    /** Where a valid form redirects. */
    getSuccessUrl(): string {
      if (!this.successUrl) throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
      return String(this.successUrl);
    }

    /** A valid form: redirect to the success URL. */
    async formValid(_form: BaseForm<any>): Promise<HttpResponseBase> {
      return new HttpResponseRedirect(this.getSuccessUrl());
    }

    /** An invalid form: render it again with its errors. */
    async formInvalid(form: BaseForm<any>): Promise<HttpResponseBase> {
      return this.renderToResponse(await this.getContextData({ form }));
    }

    /** Puts the form (getForm() unless given) in the context as `form`. */
    override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
      const context = { ...kwargs };
      if (!('form' in context)) context.form = this.getForm();
      await prepareForm(context.form);
      return super.getContextData(context);
    }
  }
  return FormMixin;
}

/** Model forms load their choices before rendering (rendering is synchronous). */
async function prepareForm(form: unknown): Promise<void> {
  const f = form as { prepare?: () => Promise<unknown> };
  if (f && typeof f.prepare === 'function') await f.prepare();
}

/** Django's FormMixin over TemplateResponseMixin. */
export const FormMixin = /* @__PURE__ */ formMixin(TemplateResponseMixin);
export type FormMixin = InstanceType<typeof FormMixin>;

/** Django's ProcessFormView over any form mixin: GET renders the form; POST (and PUT) validates it. */
function processFormView<B extends Ctor<InstanceType<ReturnType<typeof formMixin>>>>(Base: B) {
  abstract class ProcessFormView extends Base {
    async get(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
      return this.renderToResponse(await this.getContextData());
    }

    async post(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
      const form = this.getForm();
      return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
    }

    put(request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
      return this.post(request, kwargs);
    }
  }
  return ProcessFormView;
}

/** A form view without a model (Django's BaseFormView). */
export class BaseFormView extends processFormView(FormMixin) {}
export { BaseFormView as ProcessFormView };

/** Renders a form on GET; on a valid POST redirects to successUrl (Django's FormView). */
export class FormView extends BaseFormView {}

type ModelLike = { name: string; _meta: { appLabel: string; modelName: string; verboseName: string } };

/** `{name}` in a success URL filled from the object's values (Python's str.format(**obj.__dict__)). */
function formatUrl(url: string, object: Record<string, unknown>): string {
  return url.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const key = name!;
    let value: unknown;
    if (key === 'pk') value = (object as { pk?: unknown }).pk;
    else if (key in object) value = object[key];
    else throw new ImproperlyConfigured(`successUrl '${url}' names {${key}}, which the ${object.constructor?.name ?? 'object'} does not have.`);
    return String(value ?? 'None');
  });
}

const ModelFormBase = /* @__PURE__ */ formMixin(SingleObjectMixin);

/**
 * Django's ModelFormMixin: the form class is built from `model` and
 * `fields` (or given as formClass), bound to the view's object; a valid
 * form is saved, then the view redirects to successUrl (its `{field}`
 * placeholders filled from the saved object) or the object's
 * getAbsoluteUrl().
 */
export class ModelFormMixin extends ModelFormBase {
  fields: readonly string[] | '__all__' | null = null;

  override getFormClass(): FormClassLike {
    if (this.fields !== null && this.formClass) throw new ImproperlyConfigured("Specifying both 'fields' and 'formClass' is not permitted.");
    if (this.formClass) return this.formClass;
    const model: ModelLike | null = (this.model as unknown as ModelLike | null) ?? (this.object ? this.object.constructor : null) ?? (this.getQueryset().model as unknown as ModelLike);
    if (this.fields === null) {
      throw new ImproperlyConfigured(`Using ModelFormMixin (base class of ${this.constructor.name}) without the 'fields' attribute is prohibited.`);
    }
    return modelformFactory(model as never, { fields: this.fields as never }) as unknown as FormClassLike;
  }

  /** Adds `instance` (the object being edited, or none for a new one). */
  override getFormKwargs(): FormKwargs {
    const kwargs = super.getFormKwargs();
    if (this.object) kwargs.instance = this.object;
    return kwargs;
  }

  override getSuccessUrl(): string {
    if (this.successUrl) return formatUrl(this.successUrl, this.object);
    if (this.object && typeof this.object.getAbsoluteUrl === 'function') return String(this.object.getAbsoluteUrl());
    throw new ImproperlyConfigured('No URL to redirect to.  Either provide a url or define a getAbsoluteUrl method on the Model.');
  }

  /** Saves the form, then redirects. */
  override async formValid(form: BaseForm<any>): Promise<HttpResponseBase> {
    this.object = await (form as BaseModelForm).save();
    return super.formValid(form);
  }
}

/** GET renders the form; POST validates and saves it (Django's ProcessFormView over a ModelFormMixin). */
const ProcessModelFormView = /* @__PURE__ */ processFormView(ModelFormMixin);

/** A form for a new object (Django's BaseCreateView). */
export class BaseCreateView extends ProcessModelFormView {
  override async get(request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = null;
    return super.get(request, kwargs);
  }
  override async post(request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = null;
    return super.post(request, kwargs);
  }
}

/** Creates an object; the template is `<app>/<model>_form.html` (Django's CreateView). */
export class CreateView extends BaseCreateView {
  override templateNameSuffix = '_form';
}

/** A form for the URL's object (Django's BaseUpdateView). */
export class BaseUpdateView extends ProcessModelFormView {
  override async get(request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return super.get(request, kwargs);
  }
  override async post(request: HttpRequest, kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return super.post(request, kwargs);
  }
}

/** Edits an object; the template is `<app>/<model>_form.html` (Django's UpdateView). */
export class UpdateView extends BaseUpdateView {
  override templateNameSuffix = '_form';
}

/** An empty form: what DeleteView validates by default (Django's forms.Form). */
class ConfirmForm extends BaseForm {}

const DeleteBase = /* @__PURE__ */ formMixin(SingleObjectMixin);

/**
 * Django 4's BaseDeleteView (DeletionMixin + FormMixin + BaseDetailView):
 * GET renders the object with a confirmation form; POST validates the form
 * and, when valid, deletes the object and redirects to successUrl (its
 * `{field}` placeholders filled from the object before deletion). DELETE
 * deletes at once.
 */
export class BaseDeleteView extends DeleteBase {
  override formClass: FormClassLike | null = ConfirmForm;

  async get(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData({ object: this.object }));
  }

  async post(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** Django's DeletionMixin.delete(): fetch, delete, redirect. */
  async delete(_request: HttpRequest, _kwargs: Record<string, any> = {}): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    const url = this.getSuccessUrl();
    await this.object.delete();
    return new HttpResponseRedirect(url);
  }

  override getSuccessUrl(): string {
    if (this.successUrl) return formatUrl(this.successUrl, this.object);
    throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
  }

  /** Deletes the object and redirects (the URL is computed first, while the object still has its pk). */
  override async formValid(_form: BaseForm<any>): Promise<HttpResponseBase> {
    const url = this.getSuccessUrl();
    await this.object.delete();
    return new HttpResponseRedirect(url);
  }
}

/** Deletes an object after a confirmation page, `<app>/<model>_confirm_delete.html` (Django's DeleteView). */
export class DeleteView extends BaseDeleteView {
  override templateNameSuffix = '_confirm_delete';
}
