/**
 * Forms (django.forms.forms): a set of fields bound to submitted data.
 * `defineForm(fields, methods)` declares a form class once; its instances'
 * `cleanedData` is typed from the fields. Validation may touch the database
 * (ModelChoiceField, uniqueness), so `isValid()` is async; after it,
 * `errors`, `cleanedData` and rendering are synchronous.
 *
 * @example
 * const ContactForm = defineForm({
 *   subject: new CharField({ maxLength: 100 }),
 *   sender: new EmailField(),
 *   ccMyself: new BooleanField({ required: false }),
 * }, {
 *   cleanSubject() { return this.cleanedData.subject.toUpperCase(); },
 * });
 * const form = new ContactForm(new URLSearchParams('subject=hi&sender=a@b.co'));
 * if (await form.isValid()) form.cleanedData.subject; // 'HI' (a string)
 */
import { NON_FIELD_ERRORS, ValidationError, type ValidationErrorInput } from '../core/exceptions';
import { SafeString } from '../template/safe';
import { BoundField } from './boundfield';
import { FileField, type Field, type FieldValue } from './fields';
import { getDefaultRenderer, type Renderer } from './renderers';
import { ErrorDict, ErrorList, toFormData, type FormDataInput, type FormDataLike } from './utils';
import { Media, type MediaDefinition, type Widget } from './widgets';

export type Fields = Record<string, Field<any>>;

/** What `cleanedData` holds once the form is valid. */
export type CleanedData<F extends Fields> = { -readonly [K in keyof F]: FieldValue<F[K]> };

export interface FormOptions<F extends Fields = Fields> {
  autoId?: string | false;
  prefix?: string | null;
  initial?: Partial<{ [K in keyof F]: unknown }> & Record<string, unknown>;
  errorClass?: typeof ErrorList;
  labelSuffix?: string;
  emptyPermitted?: boolean;
  fieldOrder?: readonly string[] | null;
  useRequiredAttribute?: boolean;
  renderer?: Renderer;
}

function capitalize(name: string): string {
  return name
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** Django's BaseForm. Use `defineForm` to declare a form class. */
export class BaseForm<F extends Fields = Fields> {
  /** The declared fields (copied per instance into `fields`). */
  static baseFields: Fields = {};
  /** Media declared on the form class (merged with the widgets'). */
  static formMedia: MediaDefinition | undefined;
  static defaultFieldOrder: readonly string[] | null = null;

  readonly isBound: boolean;
  readonly data: FormDataLike;
  readonly files: FormDataLike;
  readonly autoId: string;
  prefix: string | null;
  readonly initial: Record<string, unknown>;
  readonly errorClass: typeof ErrorList;
  labelSuffix: string;
  emptyPermitted: boolean;
  useRequiredAttribute: boolean;
  renderer: Renderer;
  /** This instance's fields (copies of the class's, safe to change). */
  fields: { -readonly [K in keyof F]: F[K] };
  cleanedData: CleanedData<F> = {} as CleanedData<F>;
  errorCssClass = '';
  requiredCssClass = '';
  templateName: string | undefined;
  templateNameLabel = 'django/forms/label.html';
  private errorsDict: ErrorDict | null = null;
  private readonly boundFieldsCache = new Map<string, BoundField>();

  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: FormOptions<F> = {}) {
    this.isBound = (data !== undefined && data !== null) || (files !== undefined && files !== null);
    this.data = toFormData(data);
    this.files = toFormData(files);
    const autoId = options.autoId ?? 'id_%s';
    this.autoId = autoId === false ? '' : autoId;
    this.prefix = options.prefix ?? (this.constructor as typeof BaseForm).prototype.prefixDefault ?? null;
    this.initial = { ...(options.initial ?? {}) };
    this.errorClass = options.errorClass ?? ErrorList;
    this.labelSuffix = options.labelSuffix ?? ':';
    this.emptyPermitted = options.emptyPermitted ?? false;
    this.useRequiredAttribute = options.useRequiredAttribute ?? true;
    if (this.emptyPermitted && this.useRequiredAttribute) {
      throw new Error('The emptyPermitted and useRequiredAttribute arguments may not both be true.');
    }
    this.renderer = options.renderer ?? getDefaultRenderer();
    const base = (this.constructor as typeof BaseForm).baseFields;
    const fields: Record<string, Field> = {};
    for (const [name, field] of Object.entries(base)) fields[name] = field.clone();
    this.fields = fields as { -readonly [K in keyof F]: F[K] };
    this.orderFields(options.fieldOrder === undefined ? (this.constructor as typeof BaseForm).defaultFieldOrder : options.fieldOrder);
  }

  /** A class-level default prefix (Django's `prefix` class attribute). */
  declare prefixDefault: string | null | undefined;

  /** Reorders the fields: those named first, in that order, then the rest (unknown names are ignored). */
  orderFields(fieldOrder: readonly string[] | null | undefined): void {
    if (!fieldOrder) return;
    const fields: Record<string, Field> = {};
    const current = this.fields as Record<string, Field>;
    for (const key of fieldOrder) if (key in current) fields[key] = current[key];
    for (const [key, f] of Object.entries(current)) if (!(key in fields)) fields[key] = f;
    this.fields = fields as typeof this.fields;
  }

  /** The BoundField for `name`; throws KeyError-like when there is no such field. */
  get(name: keyof F & string): BoundField {
    const field = (this.fields as Record<string, Field>)[name];
    if (!field) {
      throw new Error(`Key '${name}' not found in '${this.constructor.name}'. Choices are: ${Object.keys(this.fields).sort().join(', ')}.`);
    }
    let bf = this.boundFieldsCache.get(name);
    if (!bf || bf.field !== field) {
      bf = new BoundField(this, field, name);
      this.boundFieldsCache.set(name, bf);
    }
    return bf;
  }
  /** Template lookup: `{{ form.title }}` is the field's BoundField. */
  __getitem__(name: string): BoundField | undefined {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.get(name as keyof F & string) : undefined;
  }
  /** The bound fields, in order. */
  *[Symbol.iterator](): IterableIterator<BoundField> {
    for (const name of Object.keys(this.fields)) yield this.get(name as keyof F & string);
  }
  protected boundItems(): [string, BoundField][] {
    return Object.keys(this.fields).map((name) => [name, this.get(name as keyof F & string)]);
  }

  /** `prefix-name`, or the name. */
  addPrefix(fieldName: string): string {
    return this.prefix ? `${this.prefix}-${fieldName}` : fieldName;
  }
  addInitialPrefix(fieldName: string): string {
    return `initial-${this.addPrefix(fieldName)}`;
  }
  widgetDataValue(widget: Widget, htmlName: string): unknown {
    return widget.valueFromDatadict(this.data, this.files, htmlName);
  }
  getInitialForField(field: Field, name: string): unknown {
    let value = name in this.initial ? this.initial[name] : field.initial;
    if (typeof value === 'function') value = (value as () => unknown)();
    if (value instanceof Date && !field.widget.supportsMicroseconds) {
      value = new Date(Math.floor(value.getTime() / 1000) * 1000);
    }
    return value;
  }

  /** True once the errors have been computed (or the form is unbound). */
  hasErrorsComputed(): boolean {
    return this.errorsDict !== null || !this.isBound;
  }

  /**
   * The errors by field name. An unbound form has none; a bound form's are
   * computed by `await form.isValid()` (or `fullClean()`), since cleaning
   * may query the database.
   */
  get errors(): ErrorDict {
    if (this.errorsDict) return this.errorsDict;
    if (!this.isBound) return new ErrorDict(this.renderer);
    throw new Error(`${this.constructor.name}.errors is not computed yet: await form.isValid() (or form.fullClean()) first.`);
  }

  /** True when bound and every field (and the form's clean()) validated. */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    if (this.errorsDict === null) await this.fullClean();
    return this.errors.size === 0;
  }

  /** Errors that belong to no one field. */
  nonFieldErrors(): ErrorList {
    const found = this.hasErrorsComputed() ? this.errors.get(NON_FIELD_ERRORS) : undefined;
    return found ?? new this.errorClass([], 'nonfield', this.renderer);
  }

  /**
   * Adds an error to `field` (or to the non-field errors when null), as
   * Django's add_error: a dict of errors needs `field` null; the field
   * leaves cleanedData.
   */
  addError(field: (keyof F & string) | null, error: ValidationErrorInput): void {
    const e = error instanceof ValidationError ? error : new ValidationError(error);
    let byField: Record<string, ValidationError[]>;
    if (e.errorDict) {
      if (field !== null) throw new TypeError('The argument `field` must be `null` when the `error` argument contains errors for multiple fields.');
      byField = e.errorDict;
    } else {
      byField = { [field ?? NON_FIELD_ERRORS]: e.errorList };
    }
    this.errorsDict ??= new ErrorDict(this.renderer);
    for (const [name, list] of Object.entries(byField)) {
      let target = this.errorsDict.get(name);
      if (!target) {
        if (name !== NON_FIELD_ERRORS && !(name in this.fields)) throw new Error(`'${this.constructor.name}' has no field named '${name}'.`);
        if (name === NON_FIELD_ERRORS) target = new this.errorClass([], 'nonfield', this.renderer);
        else {
          target = new this.errorClass([], undefined, this.renderer);
          target.field_id = this.get(name as keyof F & string).autoId || undefined;
        }
        this.errorsDict.set(name, target);
      }
      target.push(...list);
      delete (this.cleanedData as Record<string, unknown>)[name];
    }
  }

  /** Whether `field` (or the non-field errors, for null) has an error, optionally of `code`. */
  hasError(field: (keyof F & string) | null, code?: string): boolean {
    const list = this.errors.get(field ?? NON_FIELD_ERRORS);
    return Boolean(list && list.length && (code === undefined || list.asData().some((e) => e.code === code)));
  }

  /** Cleans every field, then the form; fills `errors` and `cleanedData`. */
  async fullClean(): Promise<void> {
    this.errorsDict = new ErrorDict(this.renderer);
    if (!this.isBound) return;
    this.cleanedData = {} as CleanedData<F>;
    if (this.emptyPermitted && !this.hasChanged()) return;
    await this.cleanFields();
    await this.cleanForm();
    await this.postClean();
  }

  protected async cleanFields(): Promise<void> {
    const cleaned = this.cleanedData as Record<string, unknown>;
    for (const [name, bf] of this.boundItems()) {
      const field = bf.field;
      const value = field.disabled ? bf.initial : bf.data;
      try {
        cleaned[name] = await (field instanceof FileField ? field.clean(value, bf.initial) : field.clean(value));
        const hook = this.fieldHook(name);
        if (hook) cleaned[name] = await hook.call(this);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        this.addError(name as keyof F & string, e);
      }
    }
  }

  private fieldHook(name: string): (() => unknown) | undefined {
    const self = this as unknown as Record<string, unknown>;
    const hook = self[`clean_${name}`] ?? self[`clean${capitalize(name)}`];
    return typeof hook === 'function' ? (hook as () => unknown) : undefined;
  }

  protected async cleanForm(): Promise<void> {
    let result: unknown;
    try {
      result = await this.clean();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.addError(null, e);
      return;
    }
    if (result !== undefined && result !== null) this.cleanedData = result as CleanedData<F>;
  }

  /** The form-wide hook: check fields together; return nothing or the new cleanedData. */
  clean(): unknown {
    return this.cleanedData;
  }

  /** A hook run after clean() (ModelForm validates its instance here). */
  protected async postClean(): Promise<void> {}

  /** True when some field's submitted value differs from its initial one. */
  hasChanged(): boolean {
    return this.changedData.length > 0;
  }
  /** The names of the fields whose value changed. */
  get changedData(): string[] {
    return this.boundItems()
      .filter(([, bf]) => bf.hasChanged())
      .map(([name]) => name);
  }

  /** The widgets' and the form's media. */
  get media(): Media {
    let media = new Media((this.constructor as typeof BaseForm).formMedia);
    for (const field of Object.values(this.fields as Record<string, Field>)) media = media.merge(field.widget.media);
    return media;
  }
  /** True when a widget needs multipart/form-data (a file input). */
  isMultipart(): boolean {
    return Object.values(this.fields as Record<string, Field>).some((f) => f.widget.needsMultipartForm);
  }
  hiddenFields(): BoundField[] {
    return [...this].filter((bf) => bf.isHidden);
  }
  visibleFields(): BoundField[] {
    return [...this].filter((bf) => !bf.isHidden);
  }

  /** The context the form templates see. */
  getContext(): Record<string, unknown> {
    if (!this.hasErrorsComputed()) {
      // Django renders a bound form with its errors; they need the (async) validation first.
      throw new Error(`Rendering a bound ${this.constructor.name} before validation would hide its errors: await form.isValid() first.`);
    }
    const fields: [BoundField, SafeString][] = [];
    const hidden: BoundField[] = [];
    const topErrors = new this.errorClass(this.nonFieldErrors().asData(), 'nonfield', this.renderer);
    for (const [name, bf] of this.boundItems()) {
      const bfErrors = new this.errorClass(bf.errors.asData(), undefined, this.renderer);
      if (bf.isHidden) {
        for (const message of bfErrors) topErrors.push(`(Hidden field ${name}) ${message}`);
        hidden.push(bf);
      } else {
        fields.push([bf, bfErrors.render()]);
      }
    }
    return { form: this, fields, hidden_fields: hidden, errors: topErrors };
  }

  /** Renders through `templateName` (default: the renderer's form template, div.html). */
  render(templateName?: string, context?: Record<string, unknown>): SafeString {
    const name = templateName ?? this.templateName ?? this.renderer.formTemplateName;
    return new SafeString(this.renderer.render(name, context ?? this.getContext()));
  }
  asDiv(): SafeString {
    return this.render('django/forms/div.html');
  }
  asP(): SafeString {
    return this.render('django/forms/p.html');
  }
  asTable(): SafeString {
    return this.render('django/forms/table.html');
  }
  asUl(): SafeString {
    return this.render('django/forms/ul.html');
  }
  __html__(): string {
    return this.render().value;
  }
  toString(): string {
    return this.render().value;
  }

  // Django's names, for templates.
  get as_div(): SafeString {
    return this.asDiv();
  }
  get as_p(): SafeString {
    return this.asP();
  }
  get as_table(): SafeString {
    return this.asTable();
  }
  get as_ul(): SafeString {
    return this.asUl();
  }
  get non_field_errors(): ErrorList {
    return this.nonFieldErrors();
  }
  get hidden_fields(): BoundField[] {
    return this.hiddenFields();
  }
  get visible_fields(): BoundField[] {
    return this.visibleFields();
  }
  get is_multipart(): boolean {
    return this.isMultipart();
  }
  get is_bound(): boolean {
    return this.isBound;
  }
}

/** An instance of a declared form: its fields and cleanedData are typed. */
export type Form<F extends Fields> = BaseForm<F>;

/** A declared form class. */
export interface FormClass<F extends Fields, M = {}> {
  new (data?: FormDataInput | null, files?: FormDataInput | null, options?: FormOptions<F>): BaseForm<F> & M;
  baseFields: F;
  formMedia: MediaDefinition | undefined;
  defaultFieldOrder: readonly string[] | null;
  prototype: BaseForm<F> & M;
}

/** Class-level options of a declared form. */
export interface DefineFormOptions {
  media?: MediaDefinition;
  fieldOrder?: readonly string[];
  prefix?: string;
  errorCssClass?: string;
  requiredCssClass?: string;
  templateName?: string;
  name?: string;
}

/**
 * Declares a form class from its fields and its hooks (`clean()`,
 * `clean<Field>()` — `cleanSubject` or `clean_subject`), as Django's class
 * body does. Subclass the result to add more (`class F extends defineForm(...)`).
 */
export function defineForm<const F extends Fields, M extends object = {}>(
  fields: F,
  methods?: M & ThisType<BaseForm<F> & M>,
  options: DefineFormOptions = {},
): FormClass<F, M> {
  for (const [name, field] of Object.entries(fields)) {
    if (!field || typeof (field as Field).clean !== 'function') throw new TypeError(`defineForm: '${name}' is not a form field.`);
  }
  const Declared = class extends BaseForm<F> {
    static override baseFields: Fields = fields;
    static override formMedia = options.media;
    static override defaultFieldOrder = options.fieldOrder ?? null;
    constructor(data?: FormDataInput | null, files?: FormDataInput | null, opts: FormOptions<F> = {}) {
      super(data, files, opts);
      if (options.errorCssClass) this.errorCssClass = options.errorCssClass;
      if (options.requiredCssClass) this.requiredCssClass = options.requiredCssClass;
      if (options.templateName) this.templateName = options.templateName;
    }
  };
  if (options.prefix !== undefined) Object.defineProperty(Declared.prototype, 'prefixDefault', { value: options.prefix });
  if (options.name) Object.defineProperty(Declared, 'name', { value: options.name });
  for (const [key, value] of Object.entries(Object.getOwnPropertyDescriptors(methods ?? {}))) Object.defineProperty(Declared.prototype, key, value);
  return Declared as unknown as FormClass<F, M>;
}
