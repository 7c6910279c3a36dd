/**
 * Form helpers (django.forms.utils): the multi-valued data a form is bound
 * to, HTML attribute flattening, ErrorList and ErrorDict (rendered through
 * the form renderer, with `asJson()` / `asData()` / `asText()`).
 */
import { NON_FIELD_ERRORS, ValidationError } from '../core/exceptions';
import { SafeString, escapeHtml } from '../template/safe';
import { getDefaultRenderer, type Renderer } from './renderers';

/**
 * The data a form is bound to: Django's QueryDict (`get`, `getlist`).
 * `URLSearchParams`, `FormData`, a `Map<string, string[]>` or a plain object
 * are adapted to it by `toFormData`.
 */
export interface FormDataLike {
  get(key: string): unknown;
  getlist(key: string): unknown[];
  has(key: string): boolean;
}

/** What `new Form(data, files)` accepts. */
export type FormDataInput =
  | FormDataLike
  | URLSearchParams
  | FormData
  | Map<string, unknown | unknown[]>
  | Readonly<Record<string, unknown>>;

/** A multi-valued map of submitted values (a minimal QueryDict). */
export class MultiValueData implements FormDataLike {
  constructor(private readonly map: Map<string, unknown[]>) {}
  get(key: string): unknown {
    const list = this.map.get(key);
    return list && list.length ? list[list.length - 1] : undefined; // Django: the last value
  }
  getlist(key: string): unknown[] {
    return [...(this.map.get(key) ?? [])];
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

/** Adapts any accepted input to FormDataLike. */
export function toFormData(input: FormDataInput | null | undefined): FormDataLike {
  if (input === null || input === undefined) return new MultiValueData(new Map());
  const any = input as any;
  if (typeof any.getlist === 'function' && typeof any.get === 'function') {
    if (typeof any.has === 'function') return any as FormDataLike;
    return { get: (k) => any.get(k), getlist: (k) => any.getlist(k), has: (k) => any.getlist(k).length > 0 || any.get(k) !== undefined };
  }
  if (typeof any.getAll === 'function' && typeof any.keys === 'function') {
    // URLSearchParams and FormData
    const map = new Map<string, unknown[]>();
    for (const key of any.keys() as Iterable<string>) if (!map.has(key)) map.set(key, any.getAll(key));
    return new MultiValueData(map);
  }
  const map = new Map<string, unknown[]>();
  const entries: Iterable<[string, unknown]> = input instanceof Map ? input.entries() : Object.entries(input as object);
  for (const [key, value] of entries) {
    if (typeof key !== 'string') throw new TypeError(`Form data keys must be strings, got ${typeof key}.`);
    map.set(key, Array.isArray(value) ? value : [value]);
  }
  return new MultiValueData(map);
}

/** Python's str() for a value shown in HTML or messages. */
export function str(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof SafeString) return value.value;
  return String(value);
}

/** Django's pretty_name: 'first_name' → 'First name'. */
export function prettyName(name: string): string {
  if (!name) return '';
  const spaced = name.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * Django's flatatt: ` key="value"` pairs; `true` renders the bare key,
 * `false`/`null`/`undefined` leave it out. Values are escaped.
 */
export function flatatt(attrs: Readonly<Record<string, unknown>>): SafeString {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    out += v === true ? ` ${escapeHtml(k)}` : ` ${escapeHtml(k)}="${escapeHtml(str(v))}"`;
  }
  return new SafeString(out);
}

/** One error as asData()/asJson() give it. */
export interface ErrorData {
  message: string;
  code: string;
}

/**
 * Django's ErrorList: the errors of one field (or the non-field errors),
 * iterable as messages, rendered as `<ul class="errorlist">` through the
 * renderer's `django/forms/errors/list/default.html`.
 */
export class ErrorList {
  readonly data: ValidationError[] = [];
  renderer: Renderer | undefined;
  templateName = 'django/forms/errors/list/default.html';
  /** The field's id (for `id="<field_id>_error"`), as Django 5 sets it. */
  field_id: string | undefined;
  constructor(
    initial: Iterable<ValidationError | string> = [],
    readonly errorClass = 'errorlist',
    renderer?: Renderer,
  ) {
    this.errorClass = errorClass ? `errorlist ${errorClass}`.replace(/^errorlist errorlist\b/, 'errorlist') : 'errorlist';
    for (const e of initial) this.push(e);
    this.renderer = renderer;
  }
  push(...errors: (ValidationError | string)[]): void {
    for (const e of errors) {
      if (e instanceof ValidationError) this.data.push(...e.errorList);
      else this.data.push(new ValidationError(e));
    }
  }
  get length(): number {
    return this.data.length;
  }
  /** The messages. */
  get messages(): string[] {
    return this.data.flatMap((e) => e.messages);
  }
  [Symbol.iterator](): IterableIterator<string> {
    return this.messages[Symbol.iterator]();
  }
  /** Django's as_data(): a list of ValidationError. */
  asData(): ValidationError[] {
    return [...this.data];
  }
  /** Django's get_json_data(): message and code of each. */
  getJsonData(escape = false): ErrorData[] {
    return this.data.map((e) => ({ message: escape ? escapeHtml(e.messages[0] ?? '') : (e.messages[0] ?? ''), code: e.code ?? '' }));
  }
  asJson(escape = false): string {
    return JSON.stringify(this.getJsonData(escape));
  }
  asText(): string {
    return this.messages.map((m) => `* ${m}`).join('\n');
  }
  asUl(): SafeString {
    return this.render('django/forms/errors/list/ul.html');
  }
  render(templateName = this.templateName): SafeString {
    const renderer = this.renderer ?? getDefaultRenderer();
    return new SafeString(renderer.render(templateName, { errors: this, error_class: this.errorClass }));
  }
  __html__(): string {
    return this.render().value;
  }
  toString(): string {
    return this.render().value;
  }
  // snake_case for templates
  get error_class(): string {
    return this.errorClass;
  }
}

/**
 * Django's ErrorDict: field name → ErrorList; NON_FIELD_ERRORS ('__all__')
 * holds the form's own errors.
 */
export class ErrorDict extends Map<string, ErrorList> {
  renderer: Renderer | undefined;
  constructor(renderer?: Renderer) {
    super();
    this.renderer = renderer;
  }
  /** Field → ValidationError list. */
  asData(): Record<string, ValidationError[]> {
    const out: Record<string, ValidationError[]> = {};
    for (const [k, v] of this) out[k] = v.asData();
    return out;
  }
  getJsonData(escape = false): Record<string, ErrorData[]> {
    const out: Record<string, ErrorData[]> = {};
    for (const [k, v] of this) out[k] = v.getJsonData(escape);
    return out;
  }
  asJson(escape = false): string {
    return JSON.stringify(this.getJsonData(escape));
  }
  /** Field → messages, as a plain object (Django's dict of lists). */
  toObject(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of this) out[k] = v.messages;
    return out;
  }
  asUl(): SafeString {
    return this.render('django/forms/errors/dict/ul.html');
  }
  asText(): string {
    let out = '';
    for (const [k, v] of this) out += `* ${k}\n${v.messages.map((m) => `  * ${m}`).join('\n')}\n`;
    return out.replace(/\n$/, '');
  }
  render(templateName = 'django/forms/errors/dict/default.html'): SafeString {
    const renderer = this.renderer ?? getDefaultRenderer();
    return new SafeString(renderer.render(templateName, { errors: [...this.entries()], error_class: 'errorlist' }));
  }
  __html__(): string {
    return this.render().value;
  }
  override toString(): string {
    return this.render().value;
  }
}

export { NON_FIELD_ERRORS };
