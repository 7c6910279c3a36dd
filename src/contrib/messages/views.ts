/**
 * Django's SuccessMessageMixin (django.contrib.messages.views) as a mixin
 * function over any view with formValid(): after a valid form, a success
 * message made from `successMessage` with the cleaned data interpolated
 * Python-style (`'%(name)s was created successfully'`).
 *
 * @example
 * class AuthorCreate extends successMessageMixin(CreateView) {
 *   override model = Author;
 *   override fields = ['name'];
 *   override successMessage = '%(name)s was created successfully';
 * }
 */
import { interpolate } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { success } from './api';
import type { MessageRequest } from './storage/base';

interface FormViewLike {
  request: HttpRequest;
  formValid(form: any): Promise<HttpResponseBase>;
}

type Ctor<T> = abstract new (...args: any[]) => T;

/** A value as Python's str() shows it in a message: an object's own toString() (a model instance's), else the value. */
function forMessage(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && v.toString !== Object.prototype.toString ? String(v) : v;
}

export function successMessageMixin<B extends Ctor<FormViewLike>>(Base: B) {
  abstract class SuccessMessageMixin extends Base {
    successMessage = '';

    override async formValid(form: any): Promise<HttpResponseBase> {
      const response = await super.formValid(form);
      const message = this.getSuccessMessage(form.cleanedData ?? {});
      if (message) success(this.request as unknown as MessageRequest, message);
      return response;
    }

    /** `successMessage % cleanedData` (Django's get_success_message); override to use the saved object. */
    getSuccessMessage(cleanedData: Record<string, unknown>): string {
      return interpolate(this.successMessage, Object.fromEntries(Object.entries(cleanedData).map(([k, v]) => [k, forMessage(v)])));
    }
  }
  return SuccessMessageMixin;
}
