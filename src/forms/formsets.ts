/**
 * Formsets (django.forms.formsets): several copies of one form on a page,
 * counted by a hidden management form (TOTAL_FORMS, INITIAL_FORMS,
 * MIN_NUM_FORMS, MAX_NUM_FORMS) whose absence or tampering is an error, not
 * a crash. `formsetFactory(Form, { extra, maxNum, minNum, canDelete,
 * canOrder, validateMax, validateMin })` builds the class.
 *
 * @example
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true });
 * const fs = new ArticleFormSet(request.POST);
 * if (await fs.isValid()) for (const data of fs.cleanedData) ...
 */
import { ValidationError, type ValidationErrorInput } from '../core/exceptions';
import { SafeString } from '../template/safe';
import { BooleanField, IntegerField } from './fields';
import { BaseForm, defineForm, type CleanedData, type FormClass, type Fields, type FormOptions } from './forms';
import { getDefaultRenderer, type Renderer } from './renderers';
import { ErrorDict, ErrorList, toFormData, type FormDataInput, type FormDataLike } from './utils';
import { CheckboxInput, HiddenInput, Media, NumberInput, type Widget } from './widgets';

export const TOTAL_FORM_COUNT = 'TOTAL_FORMS';
export const INITIAL_FORM_COUNT = 'INITIAL_FORMS';
export const MIN_NUM_FORM_COUNT = 'MIN_NUM_FORMS';
export const MAX_NUM_FORM_COUNT = 'MAX_NUM_FORMS';
export const ORDERING_FIELD_NAME = 'ORDER';
export const DELETION_FIELD_NAME = 'DELETE';
export const DEFAULT_MIN_NUM = 0;
export const DEFAULT_MAX_NUM = 1000;

/** Keeps track of how many form instances are displayed on the page. */
export const ManagementForm = /* @__PURE__ */ defineForm(
  {
    TOTAL_FORMS: new IntegerField({ widget: HiddenInput }),
    INITIAL_FORMS: new IntegerField({ widget: HiddenInput }),
    // MIN_NUM_FORMS and MAX_NUM_FORMS are output for client-side code; the server ignores them.
    MIN_NUM_FORMS: new IntegerField({ required: false, widget: HiddenInput }),
    MAX_NUM_FORMS: new IntegerField({ required: false, widget: HiddenInput }),
  },
  {},
  { name: 'ManagementForm' },
);
type ManagementFormInstance = InstanceType<typeof ManagementForm>;

/** Cleans the management form synchronously (its fields never query anything). */
function cleanManagement(form: ManagementFormInstance): { valid: boolean; total: number; initial: number } {
  const cleaned: Record<string, unknown> = {};
  for (const bf of form) {
    try {
      cleaned[bf.name] = bf.field.clean(bf.data);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      form.addError(bf.name as 'TOTAL_FORMS', e);
    }
  }
  const valid = !form.hasErrorsComputed() || form.errors.size === 0;
  return { valid, total: (cleaned.TOTAL_FORMS as number | undefined) ?? 0, initial: (cleaned.INITIAL_FORMS as number | undefined) ?? 0 };
}

export interface FormSetOptions<F extends Fields> {
  autoId?: string | false;
  prefix?: string | null;
  initial?: ReadonlyArray<Record<string, unknown>> | null;
  errorClass?: typeof ErrorList;
  formKwargs?: FormOptions<F>;
  errorMessages?: Record<string, string>;
  renderer?: Renderer;
}

export interface FormSetFactoryOptions {
  extra?: number;
  canOrder?: boolean;
  canDelete?: boolean;
  maxNum?: number | null;
  validateMax?: boolean;
  minNum?: number | null;
  validateMin?: boolean;
  absoluteMax?: number | null;
  canDeleteExtra?: boolean;
  renderer?: Renderer;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** Django's BaseFormSet. Build a class with `formsetFactory`. */
export class BaseFormSet<F extends Fields = Fields> {
  // Set by formsetFactory on each class.
  static form: FormClass<any, any>;
  static extra = 1;
  static canOrder = false;
  static canDelete = false;
  static canDeleteExtra = true;
  static minNum = DEFAULT_MIN_NUM;
  static maxNum = DEFAULT_MAX_NUM;
  static absoluteMax = DEFAULT_MAX_NUM * 2;
  static validateMin = false;
  static validateMax = false;

  readonly isBound: boolean;
  readonly data: FormDataLike;
  readonly files: FormDataLike;
  readonly autoId: string | false;
  readonly prefix: string;
  readonly initial: ReadonlyArray<Record<string, unknown>> | null;
  readonly errorClass: typeof ErrorList;
  readonly formKwargs: FormOptions<F>;
  readonly errorMessages: Record<string, string>;
  renderer: Renderer;
  templateName: string | undefined;
  private formsCache: BaseForm<F>[] | undefined;
  private emptyFormCache: BaseForm<F> | undefined;
  private managementCache: { form: ManagementFormInstance; valid: boolean; total: number; initial: number } | undefined;
  private errorsList: ErrorDict[] | null = null;
  private nonFormErrorsList: ErrorList | null = null;

  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: FormSetOptions<F> = {}) {
    this.isBound = (data !== undefined && data !== null) || (files !== undefined && files !== null);
    this.data = toFormData(data);
    this.files = toFormData(files);
    this.autoId = options.autoId ?? 'id_%s';
    this.prefix = options.prefix ?? (this.constructor as typeof BaseFormSet).getDefaultPrefix();
    this.initial = options.initial ?? null;
    this.errorClass = options.errorClass ?? ErrorList;
    this.formKwargs = options.formKwargs ?? {};
    this.renderer = options.renderer ?? getDefaultRenderer();
    this.errorMessages = {
      missing_management_form:
        'ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists.',
      too_many_forms: 'Please submit at most %(num)d form%(s)s.',
      too_few_forms: 'Please submit at least %(num)d form%(s)s.',
      ...(options.errorMessages ?? {}),
    };
  }

  protected get cls(): typeof BaseFormSet {
    return this.constructor as typeof BaseFormSet;
  }
  static getDefaultPrefix(): string {
    return 'form';
  }

  /** The management form: from the data when bound, else built from the counts. */
  get managementForm(): ManagementFormInstance {
    return this.management().form;
  }
  private management(): { form: ManagementFormInstance; valid: boolean; total: number; initial: number } {
    if (this.managementCache) return this.managementCache;
    const opts = { autoId: this.autoId, prefix: this.prefix, renderer: this.renderer, useRequiredAttribute: true };
    if (this.isBound) {
      const form = new ManagementForm(this.data, null, opts);
      this.managementCache = { form, ...cleanManagement(form) };
    } else {
      const initial = this.initialFormCount();
      const form = new ManagementForm(null, null, {
        ...opts,
        initial: { TOTAL_FORMS: this.totalFormCount(), INITIAL_FORMS: initial, MIN_NUM_FORMS: this.cls.minNum, MAX_NUM_FORMS: this.cls.maxNum },
      });
      this.managementCache = { form, valid: true, total: this.totalFormCount(), initial };
    }
    return this.managementCache;
  }

  /** How many forms: from the management form when bound (capped at absoluteMax). */
  totalFormCount(): number {
    if (this.isBound) return Math.min(this.management().total, this.cls.absoluteMax);
    const initialForms = this.initialFormCount();
    let total = Math.max(initialForms, this.cls.minNum) + this.cls.extra;
    if (this.cls.maxNum >= 0 && initialForms > this.cls.maxNum) total = initialForms;
    else if (this.cls.maxNum >= 0 && total > this.cls.maxNum) total = this.cls.maxNum;
    return total;
  }
  /** How many forms hold existing data. */
  initialFormCount(): number {
    if (this.isBound) return this.management().initial;
    return this.initial ? this.initial.length : 0;
  }

  /** Every form (built once). */
  get forms(): BaseForm<F>[] {
    if (!this.formsCache) {
      const forms: BaseForm<F>[] = [];
      const total = this.totalFormCount();
      for (let i = 0; i < total; i++) forms.push(this.constructForm(i, this.getFormKwargs(i)));
      this.formsCache = forms;
    }
    return this.formsCache;
  }
  /** Options for form `index` (override to pass per-form options). */
  getFormKwargs(_index: number | null): FormOptions<F> {
    return { ...this.formKwargs };
  }
  protected constructForm(i: number, kwargs: FormOptions<F>): BaseForm<F> {
    const defaults: FormOptions<F> = {
      autoId: this.autoId,
      prefix: this.addPrefix(i),
      errorClass: this.errorClass,
      // Don't render `required` on empty extra forms: the browser would refuse to submit them.
      useRequiredAttribute: false,
      renderer: this.renderer,
    };
    if (this.initial && !('initial' in kwargs) && i < this.initial.length) defaults.initial = this.initial[i] as FormOptions<F>['initial'];
    // extra forms may be left empty, unless they are part of the minimum
    if (i >= this.initialFormCount() && i >= this.cls.minNum) defaults.emptyPermitted = true;
    const FormCls = this.cls.form as unknown as new (d: unknown, f: unknown, o: FormOptions<F>) => BaseForm<F>;
    const form = new FormCls(this.isBound ? this.data : null, this.isBound ? this.files : null, { ...defaults, ...kwargs });
    this.addFields(form, i);
    return form;
  }
  get initialForms(): BaseForm<F>[] {
    return this.forms.slice(0, this.initialFormCount());
  }
  get extraForms(): BaseForm<F>[] {
    return this.forms.slice(this.initialFormCount());
  }
  /** A blank form with the '__prefix__' placeholder, for client-side cloning (built once, so that prepare() reaches the one rendered). */
  get emptyForm(): BaseForm<F> {
    if (this.emptyFormCache) return this.emptyFormCache;
    const FormCls = this.cls.form as unknown as new (d: unknown, f: unknown, o: FormOptions<F>) => BaseForm<F>;
    const form = new FormCls(null, null, {
      ...this.getFormKwargs(null),
      autoId: this.autoId,
      prefix: this.addPrefix('__prefix__'),
      emptyPermitted: true,
      useRequiredAttribute: false,
      renderer: this.renderer,
    });
    this.addFields(form, null);
    this.emptyFormCache = form;
    return form;
  }

  /** Adds ORDER and DELETE fields as the options ask. */
  addFields(form: BaseForm<F>, index: number | null): void {
    const initialCount = this.initialFormCount();
    const fields = form.fields as Record<string, unknown>;
    if (this.cls.canOrder) {
      fields[ORDERING_FIELD_NAME] =
        index !== null && index < initialCount
          ? new IntegerField({ label: 'Order', initial: index + 1, required: false, widget: this.getOrderingWidget() })
          : new IntegerField({ label: 'Order', required: false, widget: this.getOrderingWidget() });
    }
    if (this.cls.canDelete && (this.cls.canDeleteExtra || (index !== null && index < initialCount))) {
      fields[DELETION_FIELD_NAME] = new BooleanField({ label: 'Delete', required: false, widget: this.getDeletionWidget() });
    }
  }
  getOrderingWidget(): Widget {
    return new NumberInput();
  }
  getDeletionWidget(): Widget {
    return new CheckboxInput();
  }
  addPrefix(index: number | string): string {
    return `${this.prefix}-${index}`;
  }

  /** Each form's cleanedData (the formset must be valid). */
  get cleanedData(): CleanedData<F>[] {
    if (!this.isValidComputed()) throw new Error(`'${this.constructor.name}' object has no attribute 'cleanedData': await formset.isValid() first.`);
    return this.forms.map((f) => f.cleanedData);
  }
  /** The forms marked for deletion. */
  get deletedForms(): BaseForm<F>[] {
    if (!this.isValidComputed() || !this.cls.canDelete) return [];
    return this.forms.filter((form, i) => (i < this.initialFormCount() || form.hasChanged()) && this.shouldDeleteForm(form));
  }
  /** The forms in their ORDER (forms without one last), deleted forms left out. */
  get orderedForms(): BaseForm<F>[] {
    if (!this.isValidComputed() || !this.cls.canOrder) throw new Error(`'${this.constructor.name}' object has no attribute 'orderedForms'.`);
    const ordering: [number, number | null][] = [];
    this.forms.forEach((form, i) => {
      if (i >= this.initialFormCount() && !form.hasChanged()) return;
      if (this.cls.canDelete && this.shouldDeleteForm(form)) return;
      ordering.push([i, ((form.cleanedData as Record<string, unknown>)[ORDERING_FIELD_NAME] as number | null | undefined) ?? null]);
    });
    ordering.sort((a, b) => (a[1] === null ? (b[1] === null ? 0 : 1) : b[1] === null ? -1 : a[1] - b[1]));
    return ordering.map(([i]) => this.forms[i]);
  }
  protected shouldDeleteForm(form: BaseForm<F>): boolean {
    return Boolean((form.cleanedData as Record<string, unknown>)[DELETION_FIELD_NAME]);
  }

  private isValidComputed(): boolean {
    return this.errorsList !== null && this.isBound;
  }

  /** One ErrorDict per form (computed by `await isValid()`). */
  get errors(): ErrorDict[] {
    if (this.errorsList === null) {
      if (!this.isBound) return [];
      throw new Error(`${this.constructor.name}.errors is not computed yet: await formset.isValid() first.`);
    }
    return this.errorsList;
  }
  /** Errors of the formset itself (management form, counts, clean()). */
  nonFormErrors(): ErrorList {
    return this.nonFormErrorsList ?? new this.errorClass([], 'nonform', this.renderer);
  }
  totalErrorCount(): number {
    return this.nonFormErrors().length + this.errors.reduce((n, e) => n + [...e.values()].reduce((m, l) => m + l.length, 0), 0);
  }

  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    if (this.errorsList === null) await this.fullClean();
    const valid = this.forms.every((form) => (this.cls.canDelete && this.shouldDeleteForm(form)) || form.errors.size === 0);
    return valid && this.nonFormErrors().length === 0;
  }

  /** Cleans every form, then the counts and the formset's clean(). */
  async fullClean(): Promise<void> {
    const errors: ErrorDict[] = [];
    this.nonFormErrorsList = new this.errorClass([], 'nonform', this.renderer);
    this.errorsList = errors;
    if (!this.isBound) return;
    const management = this.management();
    // a valid bound management form is rendered again with the page's errors: its (empty) errors must be computed
    await management.form.isValid();
    if (!management.valid) {
      const names = [...management.form.errors.keys()].map((n) => management.form.addPrefix(n)).join(', ');
      this.nonFormErrorsList.push(new ValidationError(this.errorMessages.missing_management_form, { code: 'missing_management_form', params: { field_names: names } }));
    }
    let emptyFormsCount = 0;
    for (const [i, form] of this.forms.entries()) {
      await form.fullClean();
      if (!form.hasChanged() && i >= this.initialFormCount()) emptyFormsCount++;
      if (this.cls.canDelete && this.shouldDeleteForm(form)) continue;
      errors.push(form.errors);
    }
    try {
      const deleted = this.deletedForms.length;
      const { maxNum, minNum, absoluteMax } = this.cls;
      if ((this.cls.validateMax && this.totalFormCount() - deleted > maxNum) || management.total > absoluteMax) {
        throw new ValidationError(this.errorMessages.too_many_forms, { code: 'too_many_forms', params: { num: maxNum, s: plural(maxNum, '', 's') } });
      }
      if (this.cls.validateMin && this.totalFormCount() - deleted - emptyFormsCount < minNum) {
        throw new ValidationError(this.errorMessages.too_few_forms, { code: 'too_few_forms', params: { num: minNum, s: plural(minNum, '', 's') } });
      }
      await this.clean();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.nonFormErrorsList = new this.errorClass(e.errorList, 'nonform', this.renderer);
    }
  }

  /** The formset-wide hook: throw a ValidationError for errors across forms. */
  clean(): void | Promise<void> {}

  /** Adds a non-form error (for use in clean()). */
  protected addNonFormError(error: ValidationErrorInput): void {
    (this.nonFormErrorsList ??= new this.errorClass([], 'nonform', this.renderer)).push(error instanceof ValidationError ? error : new ValidationError(error));
  }

  hasChanged(): boolean {
    return this.forms.some((f) => f.hasChanged());
  }
  isMultipart(): boolean {
    const forms = this.forms.length ? this.forms : [this.emptyForm];
    return forms[0].isMultipart();
  }
  get media(): Media {
    return (this.forms[0] ?? this.emptyForm).media;
  }
  *[Symbol.iterator](): IterableIterator<BaseForm<F>> {
    yield* this.forms;
  }
  get length(): number {
    return this.forms.length;
  }

  render(templateName?: string): SafeString {
    const name = templateName ?? this.templateName ?? this.renderer.formsetTemplateName;
    return new SafeString(this.renderer.render(name, { formset: this }));
  }
  asDiv(): SafeString {
    return this.render('django/forms/formsets/div.html');
  }
  asP(): SafeString {
    return this.render('django/forms/formsets/p.html');
  }
  asTable(): SafeString {
    return this.render('django/forms/formsets/table.html');
  }
  asUl(): SafeString {
    return this.render('django/forms/formsets/ul.html');
  }
  __html__(): string {
    return this.render().value;
  }
  toString(): string {
    return this.render().value;
  }
  // Django's names, for templates.
  get management_form(): ManagementFormInstance {
    return this.managementForm;
  }
  get non_form_errors(): ErrorList {
    return this.nonFormErrors();
  }
  get empty_form(): BaseForm<F> {
    return this.emptyForm;
  }
}

/** A formset class for `form`. */
export interface FormSetClass<F extends Fields> {
  new (data?: FormDataInput | null, files?: FormDataInput | null, options?: FormSetOptions<F>): BaseFormSet<F>;
  form: FormClass<F, any>;
  extra: number;
  maxNum: number;
  minNum: number;
  absoluteMax: number;
}

/**
 * Django's formset_factory: a formset class for `form` with the given
 * counts and options. `absoluteMax` (default maxNum + 1000) caps what a
 * tampered TOTAL_FORMS can ask for.
 */
export function formsetFactory<F extends Fields, B extends typeof BaseFormSet<F> = typeof BaseFormSet<F>>(
  form: FormClass<F, any>,
  options: FormSetFactoryOptions & { formset?: B } = {},
): FormSetClass<F> & B {
  const minNum = options.minNum ?? DEFAULT_MIN_NUM;
  const maxNum = options.maxNum ?? DEFAULT_MAX_NUM;
  const absoluteMax = options.absoluteMax ?? maxNum + DEFAULT_MAX_NUM;
  if (absoluteMax < maxNum) throw new Error("'absoluteMax' must be greater or equal to 'maxNum'.");
  const Base = (options.formset ?? BaseFormSet) as typeof BaseFormSet;
  const FormSet = class extends Base {};
  Object.assign(FormSet, {
    form,
    extra: options.extra ?? 1,
    canOrder: options.canOrder ?? false,
    canDelete: options.canDelete ?? false,
    canDeleteExtra: options.canDeleteExtra ?? true,
    minNum,
    maxNum,
    absoluteMax,
    validateMin: options.validateMin ?? false,
    validateMax: options.validateMax ?? false,
  });
  Object.defineProperty(FormSet, 'name', { value: `${form.name || 'Form'}FormSet` });
  return FormSet as unknown as FormSetClass<F> & B;
}

export { BaseForm };
