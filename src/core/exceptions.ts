/**
 * Django's core exceptions (django.core.exceptions), shared by every area.
 * Each sets `name` so that messages read like Django's tracebacks.
 */

/** Something is wrong in the project's configuration (settings, URLconf, ...). */
export class ImproperlyConfigured extends Error {
  override name = 'ImproperlyConfigured';
}

/**
 * Python's ValueError: a value of the right type but the wrong content. URL
 * converters throw it from `toValue` / `toUrl` to mean "no match", as in Django.
 */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's LookupError: no app or model under that label (django.apps). */
export class LookupError extends Error {
  override name = 'LookupError';
}

/** Python's KeyError: a key that is not there (request.getSignedCookie without a default, as Django). */
export class KeyError extends Error {
  override name = 'KeyError';
}

/** The requested object does not exist (the base of Model.DoesNotExist). */
export class ObjectDoesNotExist extends Error {
  override name = 'ObjectDoesNotExist';
}

/** A query that should return one object returned several. */
export class MultipleObjectsReturned extends Error {
  override name = 'MultipleObjectsReturned';
}

/** A model field lookup names something that does not exist. */
export class FieldError extends Error {
  override name = 'FieldError';
}

/** The user lacks permission (becomes a 403). */
export class PermissionDenied extends Error {
  override name = 'PermissionDenied';
}

/**
 * A synchronous access to something only an `await` can produce (Django's
 * SynchronousOnlyOperation): `request.user` before `await request.auser()`
 * when the session names a user that was not read yet.
 */
export class SynchronousOnlyOperation extends Error {
  override name = 'SynchronousOnlyOperation';
}

/** The request is not well-formed (becomes a 400). */
export class SuspiciousOperation extends Error {
  override name = 'SuspiciousOperation';
}

/** The key of errors that belong to no one field (Django's NON_FIELD_ERRORS). */
export const NON_FIELD_ERRORS = '__all__';

/** What a ValidationError may be built from: one message, a list, or field → messages. */
export type ValidationErrorInput = string | ValidationError | ReadonlyArray<string | ValidationError> | { readonly [field: string]: ValidationErrorInput };

/**
 * Django's `%` operator on a message with named parameters: `%(name)s`,
 * `%(name)d`, `%(name)r` (Python's repr: strings in single quotes) and `%%`.
 */
export function interpolate(message: string, params: Readonly<Record<string, unknown>> | undefined): string {
  if (!params) return message;
  return message.replace(/%(?:\(([^)]*)\))?([sdrif%])/g, (whole, name: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (name === undefined || !(name in params)) return whole;
    const v = params[name];
    if (conv === 'r') return pyRepr(v);
    if (conv === 'd' || conv === 'i') return typeof v === 'number' ? String(Math.trunc(v)) : String(v);
    return pyStr(v);
  });
}

function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
  }
  return pyStr(v);
}

/**
 * Django's django.core.exceptions.ValidationError: one message (with a
 * `code` and `params` for `%(name)s` interpolation), a list of messages, or
 * a dict of field name → list. `messages` flattens it; `messageDict` is the
 * dict form (field → rendered messages); `errorDict` / `errorList` hold the
 * single-message ValidationErrors themselves.
 *
 * @example
 * throw new ValidationError('Ensure this value is less than or equal to %(limit_value)s.', {
 *   code: 'max_value', params: { limit_value: 10 },
 * });
 * throw new ValidationError({ title: ['This field cannot be blank.'], [NON_FIELD_ERRORS]: 'Bad pair.' });
 */
export class ValidationError extends Error {
  override name = 'ValidationError';
  /** The message before interpolation (single-message errors only). */
  readonly template: string | undefined;
  readonly code: string | undefined;
  readonly params: Readonly<Record<string, unknown>> | undefined;
  /** Field name → single-message errors, when built from a dict. */
  readonly errorDict: Record<string, ValidationError[]> | undefined;
  /** The single-message errors (this error alone when it is one). */
  readonly errorList: ValidationError[];

  constructor(message: ValidationErrorInput, options: { code?: string; params?: Record<string, unknown> } = {}) {
    super('');
    let template: string | undefined;
    let code = options.code;
    let params = options.params;
    let errorDict: Record<string, ValidationError[]> | undefined;
    let errorList: ValidationError[];
    if (message instanceof ValidationError) {
      if (message.errorDict) {
        errorDict = message.errorDict;
        errorList = Object.values(errorDict).flat();
      } else if (message.template === undefined) {
        errorList = message.errorList;
      } else {
        template = message.template;
        code = message.code;
        params = message.params;
        errorList = [this];
      }
    } else if (typeof message === 'string') {
      template = message;
      errorList = [this];
    } else if (Array.isArray(message)) {
      errorList = [];
      for (const m of message as ReadonlyArray<string | ValidationError>) {
        const e = m instanceof ValidationError ? m : new ValidationError(m);
        if (e.errorDict) errorList.push(...Object.values(e.errorDict).flat());
        else errorList.push(...e.errorList);
      }
    } else if (message && typeof message === 'object') {
      errorDict = {};
      for (const [field, messages] of Object.entries(message as Record<string, ValidationErrorInput>)) {
        errorDict[field] = new ValidationError(messages).errorList;
      }
      errorList = Object.values(errorDict).flat();
    } else {
      throw new TypeError(`ValidationError expects a message, a list or a dict, not ${typeof message}`);
    }
    this.template = template;
    this.code = template === undefined ? undefined : code;
    this.params = template === undefined ? undefined : params;
    this.errorDict = errorDict;
    this.errorList = errorList;
    this.message = errorDict ? JSON.stringify(this.messageDict) : template !== undefined ? this.renderOne() : JSON.stringify(this.messages);
  }

  /** True when built from a dict (Django's `hasattr(e, 'error_dict')`). */
  get hasErrorDict(): boolean {
    return this.errorDict !== undefined;
  }

  /** Field name → rendered messages (only for dict errors, as in Django). */
  get messageDict(): Record<string, string[]> {
    if (!this.errorDict) throw new TypeError('ValidationError has no errorDict: it was not built from a dict.');
    const out: Record<string, string[]> = {};
    for (const [field, errors] of Object.entries(this.errorDict)) out[field] = errors.map((e) => e.renderOne());
    return out;
  }

  /** Every rendered message, flattened. */
  get messages(): string[] {
    return this.errorList.map((e) => e.renderOne());
  }

  /**
   * Merges this error into `errorDict` (field → errors) and returns it; a
   * non-dict error goes under NON_FIELD_ERRORS, as Django does.
   */
  updateErrorDict(errorDict: Record<string, ValidationError[]>): Record<string, ValidationError[]> {
    if (this.errorDict) {
      for (const [field, errors] of Object.entries(this.errorDict)) (errorDict[field] ??= []).push(...errors);
    } else {
      (errorDict[NON_FIELD_ERRORS] ??= []).push(...this.errorList);
    }
    return errorDict;
  }

  /** Iterates [field, messages] pairs for a dict error, else the messages. */
  *[Symbol.iterator](): IterableIterator<string | [string, string[]]> {
    if (this.errorDict) yield* Object.entries(this.messageDict);
    else yield* this.messages;
  }

  private renderOne(): string {
    return interpolate(this.template ?? '', this.params);
  }
}
