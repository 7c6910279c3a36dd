/**
 * Model forms (django.forms.models): form fields derived from model fields,
 * ModelForm (`modelformFactory`) whose `isValid()` also validates the model
 * instance (fields, `clean()`, uniqueness) and whose `save()` writes it, the
 * choice fields over a QuerySet, and the model and inline formsets.
 *
 * Choices and many-to-many values come from the database, and rendering is
 * synchronous: `await form.prepare()` runs those queries (one per choice
 * field) before a form is rendered. Validation needs no preparation.
 *
 * @example
 * const ArticleForm = modelformFactory(Article, { fields: ['title', 'author', 'tags'] });
 * const form = new ArticleForm(data);
 * if (await form.isValid()) await form.save();
 */
import { NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError, ValueError, ImproperlyConfigured } from '../core/exceptions';
import { isEmptyValue } from '../core/validators';
import * as db from '../db/models/fields';
import { FieldFile, FileField as ModelFileField, ImageField as ModelImageField } from '../db/models/files';
import { Options, registry } from '../db/models/options';
import { ADDING } from '../db/models/state';
import type { Instance, ModelLike, TargetFields } from '../db/models/types';
import {
  BooleanField,
  CharField,
  ChoiceField,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  EmailField,
  Field,
  FileField,
  ImageField,
  FloatField,
  GenericIPAddressField,
  IntegerField,
  JSONField,
  NullBooleanField,
  SlugField,
  TimeField,
  TypedChoiceField,
  URLField,
  UUIDField,
  type FieldOptions,
} from './fields';
import { BaseForm, type FormOptions, type Fields } from './forms';
import { BaseFormSet, formsetFactory, DELETION_FIELD_NAME, type FormSetFactoryOptions, type FormSetOptions } from './formsets';
import type { FormDataInput } from './utils';
import { HiddenInput, MultipleHiddenInput, Select, SelectMultiple, Textarea, type Choices, type Widget } from './widgets';
import { capfirst } from '../utils/text';

type AnyModel = { _meta: Options; objects: any; new (data?: any): any; name: string };
type QuerySetLike = { fetch(): Promise<any[]>; filter(...a: any[]): any; get(...a: any[]): Promise<any>; model?: any; state?: any };


/** The model Options behind a QuerySet (or Manager). */
function optsOf(queryset: QuerySetLike): Options {
  const o = (queryset as { state?: { opts?: Options } }).state?.opts ?? (queryset.model as AnyModel | undefined)?._meta;
  if (!o) throw new TypeError('ModelChoiceField needs a QuerySet (Model.objects.all() or a filter of it).');
  return o;
}

// ---------------------------------------------------------------------------
// Choice fields over a QuerySet

export interface ModelChoiceOptions extends FieldOptions {
  emptyLabel?: string | null;
  toFieldName?: string | null;
  blank?: boolean;
  /** Shows an instance in the choices (default: its toString()). */
  labelFromInstance?: (obj: any) => string;
}

/**
 * A choice among a QuerySet's objects; cleans to the instance (one query).
 * Its choices are loaded by `await field.loadChoices()` (one query), which
 * `form.prepare()` does for every such field.
 */
export class ModelChoiceField<T = any> extends ChoiceField<T> {
  queryset: QuerySetLike;
  readonly emptyLabel: string | null;
  readonly toFieldName: string | null;
  private readonly labelFn: (obj: any) => string;
  private loaded: any[] | null = null;
  constructor(queryset: QuerySetLike, options: ModelChoiceOptions = {}) {
    super({ ...options, choices: undefined });
    this.queryset = queryset;
    const required = options.required ?? true;
    // Django: no empty choice for a required field with an initial value, or a radio list that is not blank
    this.emptyLabel = required && options.initial !== undefined ? null : options.emptyLabel === undefined ? '---------' : options.emptyLabel;
    this.toFieldName = options.toFieldName ?? null;
    this.labelFn = options.labelFromInstance ?? ((obj) => String(obj));
    this.choices = () => this.modelChoices();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid_choice: 'Select a valid choice. That choice is not one of the available choices.' };
  }
  labelFromInstance(obj: any): string {
    return this.labelFn(obj);
  }
  private keyOf(obj: any): unknown {
    return this.toFieldName ? obj[this.toFieldName] : obj.pk;
  }
  private modelChoices(): Choices {
    if (!this.loaded) {
      throw new Error(`${this.constructor.name} over ${optsOf(this.queryset).label} has not loaded its choices: await form.prepare() (or field.loadChoices()) before rendering.`);
    }
    const out: [unknown, unknown][] = [];
    if (this.emptyLabel !== null) out.push(['', this.emptyLabel]);
    for (const obj of this.loaded) out.push([this.keyOf(obj), this.labelFromInstance(obj)]);
    return out;
  }
  /** Runs the QuerySet once and keeps its objects for the choices. */
  async loadChoices(): Promise<void> {
    this.loaded = await this.queryset.fetch();
  }
  get choicesLoaded(): boolean {
    return this.loaded !== null;
  }
  override clone(): this {
    const copy = super.clone();
    copy.choices = () => copy.modelChoices();
    return copy;
  }
  override prepareValue(value: unknown): unknown {
    if (value && typeof value === 'object' && (value.constructor as AnyModel)?._meta) return this.keyOf(value);
    return value;
  }
  /** The field the submitted key is matched on, and the key converted to its type. */
  protected keyValue(value: unknown): [string, unknown] {
    const opts = optsOf(this.queryset);
    const name = this.toFieldName ?? 'pk';
    const field = name === 'pk' ? opts.pk : opts.getField(name);
    return [name, field.toPython(typeof value === 'string' ? value.trim() : value)];
  }
  override toPython(value: unknown): unknown {
    throw new Error('ModelChoiceField cleans asynchronously: call `await field.clean(value)`.');
  }
  override clean(value: unknown): any {
    return this.cleanAsync(value);
  }
  private async cleanAsync(value: unknown): Promise<unknown> {
    if (isEmptyValue(value)) {
      if (this.required) throw this.error('required');
      return null;
    }
    if (value && typeof value === 'object' && (value.constructor as AnyModel)?._meta) value = this.keyOf(value);
    let obj: unknown;
    try {
      const [name, key] = this.keyValue(value);
      obj = await this.queryset.get({ [name]: key });
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ValueError || e instanceof ObjectDoesNotExist || e instanceof TypeError) {
        throw this.error('invalid_choice', { value });
      }
      throw e;
    }
    this.runValidators(obj);
    return obj;
  }
  override validate(): void {}
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = initial === null || initial === undefined ? '' : String(this.prepareValue(initial));
    const b = data === null || data === undefined ? '' : String(data);
    return a !== b;
  }
}

/** Several objects of a QuerySet; cleans to the list of instances (one query). */
export class ModelMultipleChoiceField<T = any> extends ModelChoiceField<T[]> {
  constructor(queryset: QuerySetLike, options: ModelChoiceOptions = {}) {
    super(queryset, { ...options, emptyLabel: null });
  }
  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }
  override hiddenWidget(): Widget {
    return new MultipleHiddenInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return {
      ...super.defaultErrorMessages(),
      invalid_list: 'Enter a list of values.',
      invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.',
      invalid_pk_value: '“%(pk)s” is not a valid value.',
    };
  }
  override prepareValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => super.prepareValue(v));
    return super.prepareValue(value);
  }
  override clean(value: unknown): any {
    return this.cleanMany(value);
  }
  private async cleanMany(value: unknown): Promise<unknown[]> {
    const list = this.prepareValue(value);
    if (this.required && isEmptyValue(list)) throw this.error('required');
    if (!this.required && isEmptyValue(list)) return [];
    if (!Array.isArray(list)) throw this.error('invalid_list');
    const objs = await this.checkValues(list);
    this.runValidators(objs);
    return objs;
  }
  /** One query for all the keys; each key must be valid and found. */
  private async checkValues(values: unknown[]): Promise<unknown[]> {
    const keys: unknown[] = [];
    let name = 'pk';
    for (const v of new Set(values)) {
      try {
        const [n, key] = this.keyValue(v);
        name = n;
        keys.push(key);
      } catch (e) {
        if (e instanceof ValidationError || e instanceof ValueError || e instanceof TypeError) throw this.error('invalid_pk_value', { pk: v });
        throw e;
      }
    }
    const objs: any[] = await this.queryset.filter({ [`${name}__in`]: keys }).fetch();
    const found = new Set(objs.map((o) => String(name === 'pk' ? o.pk : o[name])));
    for (const v of values) if (!found.has(String(v).trim())) throw this.error('invalid_choice', { value: v });
    return objs;
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = new Set(((this.prepareValue(initial ?? []) as unknown[]) ?? []).map(String));
    const b = new Set((Array.isArray(data) ? data : []).map(String));
    return a.size !== b.size || [...b].some((v) => !a.has(v));
  }
}

// ---------------------------------------------------------------------------
// Model field → form field

export interface FieldsForModelOptions {
  fields?: readonly string[] | '__all__' | null;
  exclude?: readonly string[] | null;
  widgets?: Readonly<Record<string, Widget | (new () => Widget)>>;
  labels?: Readonly<Record<string, string>>;
  helpTexts?: Readonly<Record<string, string>>;
  errorMessages?: Readonly<Record<string, Record<string, string>>>;
  fieldClasses?: Readonly<Record<string, (options: FieldOptions) => Field>>;
  /** Builds a form field for a model field (return null to leave it out). */
  formfieldCallback?: (field: db.Field, options: FieldOptions) => Field | null;
}

function integerCoerce(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ValueError(`invalid literal for int(): '${v}'`);
  return n;
}

/** Django's Model field formfield(): the form field a model field edits through. */
export function formfieldFor(f: db.Field, overrides: FieldOptions = {}): Field | null {
  if (!f.editable || f.auto) return null;
  const base: FieldOptions = {
    required: !f.blank,
    label: capfirst(f.verboseLabel),
    helpText: f.helpText,
  };
  if (f.hasDefault()) {
    const d = (f as unknown as { defaultValue: unknown }).defaultValue;
    base.initial = d;
    if (typeof d === 'function') base.showHiddenInitial = true;
  }
  const options = { ...base, ...overrides };
  const nullEmpty = f.null ? { emptyValue: null } : {};
  if (f.choices && !(f instanceof db.ForeignKey)) {
    const includeBlank = f.blank || !(f.hasDefault() || 'initial' in overrides);
    const choices = [...(includeBlank ? [['', '---------'] as const] : []), ...f.choices];
    const isInt = f instanceof db.IntegerField;
    return new TypedChoiceField({ ...options, choices, coerce: isInt ? integerCoerce : (v: string) => v, emptyValue: f.null ? null : '' });
  }
  if (f instanceof db.ManyToManyField) {
    const target = resolveTarget(f);
    return new ModelMultipleChoiceField(target.objects.all(), { ...options, required: !f.blank });
  }
  if (f instanceof db.ForeignKey) {
    const target = resolveTarget(f);
    return new ModelChoiceField(target.objects.all(), { ...options, toFieldName: f.toField ?? null, blank: f.blank });
  }
  if (f instanceof ModelImageField) return new ImageField({ ...options, maxLength: f.maxLength });
  if (f instanceof ModelFileField) return new FileField({ ...options, maxLength: f.maxLength });
  if (f instanceof db.BooleanField) return f.null ? new NullBooleanField({ ...options, required: false }) : new BooleanField({ ...options, required: false });
  if (f instanceof db.EmailField) return new EmailField({ ...options, ...nullEmpty, maxLength: (f as any).maxLength ?? 254 });
  if (f instanceof db.URLField) return new URLField({ ...options, ...nullEmpty, maxLength: (f as any).maxLength ?? 200 });
  if (f instanceof db.SlugField) return new SlugField({ ...options, ...nullEmpty, maxLength: (f as any).maxLength ?? 50, allowUnicode: (f as any).allowUnicode });
  if (f instanceof db.TextField) return new CharField({ ...options, ...nullEmpty, widget: Textarea, maxLength: (f as any).maxLength ?? null });
  if (f instanceof db.CharField) return new CharField({ ...options, ...nullEmpty, maxLength: (f as any).maxLength ?? null });
  if (f instanceof db.UUIDField) return new UUIDField(options);
  if (f instanceof db.DecimalField) return new DecimalField({ ...options, maxDigits: (f as any).maxDigits, decimalPlaces: (f as any).decimalPlaces });
  if (f instanceof db.IntegerField) return new IntegerField({ ...options, minValue: f instanceof db.PositiveIntegerField ? 0 : null });
  if (f instanceof db.FloatField) return new FloatField(options);
  if (f instanceof db.DateTimeField) return new DateTimeField(options);
  if (f instanceof db.DateField) return new DateField(options);
  if (f instanceof db.TimeField) return new TimeField(options);
  if (f instanceof db.DurationField) return new DurationField(options);
  if (f instanceof db.JSONField) return new JSONField(options);
  if (f instanceof db.GenericIPAddressField) return new GenericIPAddressField({ ...options, ...nullEmpty, protocol: (f as any).protocol ?? 'both', unpackIpv4: (f as any).unpackIpv4 });
  return null; // BinaryField and the like are not editable in forms
}

/** The model a relation points to (resolved through the registry, so a lazy reference works). */
function resolveTarget(f: db.ForeignKey | db.ManyToManyField): AnyModel {
  const owner = registry.get(f.modelLabel);
  if (!owner) throw new ImproperlyConfigured(`Model '${f.modelLabel}' of field '${f.name}' is not defined.`);
  return owner.target(f).model as AnyModel;
}

/** Django's fields_for_model: the form fields for a model's editable fields, in declaration order. */
export function fieldsForModel(model: AnyModel, options: FieldsForModelOptions = {}): Record<string, Field> {
  const opts = model._meta;
  const all = [...opts.fields, ...opts.manyToMany];
  const wanted = options.fields === '__all__' || options.fields == null ? null : options.fields;
  const out: Record<string, Field> = {};
  const ordered = wanted ? wanted.map((n) => all.find((f) => f.name === n)).filter((f): f is db.Field => f !== undefined) : all;
  if (wanted) {
    const missing = wanted.filter((n) => !all.some((f) => f.name === n));
    if (missing.length) throw new Error(`Unknown field(s) (${missing.join(', ')}) specified for ${model.name}`);
  }
  for (const f of ordered) {
    if (options.exclude?.includes(f.name)) continue;
    if (!f.editable) {
      if (wanted?.includes(f.name)) throw new Error(`'${f.name}' cannot be specified for ${model.name} model form as it is a non-editable field`);
      continue;
    }
    const overrides: FieldOptions = {};
    const w = options.widgets?.[f.name];
    if (w) overrides.widget = w;
    if (options.labels?.[f.name] !== undefined) overrides.label = options.labels[f.name];
    if (options.helpTexts?.[f.name] !== undefined) overrides.helpText = options.helpTexts[f.name];
    if (options.errorMessages?.[f.name]) overrides.errorMessages = options.errorMessages[f.name];
    let formField: Field | null;
    if (options.formfieldCallback) formField = options.formfieldCallback(f, overrides);
    else if (options.fieldClasses?.[f.name]) formField = options.fieldClasses[f.name]({ required: !f.blank, label: capfirst(f.verboseLabel), helpText: f.helpText, ...overrides });
    else formField = formfieldFor(f, overrides);
    if (formField) out[f.name] = formField;
  }
  return out;
}

/** Django's model_to_dict: the instance's values for the form's initial data (foreign keys as ids). */
export function modelToDict(instance: any, fields?: readonly string[] | null, exclude?: readonly string[] | null): Record<string, unknown> {
  const opts: Options = instance.constructor._meta;
  const data: Record<string, unknown> = {};
  for (const f of opts.fields) {
    if (!f.editable) continue;
    if (fields && !fields.includes(f.name)) continue;
    if (exclude?.includes(f.name)) continue;
    const value = instance[Options.attname(f)];
    data[f.name] = value instanceof FieldFile && !value.name && !value.pending ? null : value; // an empty file is no initial file
  }
  return data;
}

// ---------------------------------------------------------------------------
// ModelForm

export interface ModelFormMeta extends FieldsForModelOptions {
  model: AnyModel;
}

export interface ModelFormOptions<F extends Fields> extends FormOptions<F> {
  instance?: any;
}

/** Django's BaseModelForm: a form over one model instance. */
export class BaseModelForm<F extends Fields = Fields> extends BaseForm<F> {
  static meta: ModelFormMeta;
  instance: any;
  private m2mPending: (() => Promise<void>) | null = null;
  /** Initial values the caller gave (kept over the instance's). */
  private readonly userInitial: Set<string>;
  private validateUniqueOnPostClean = true;

  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: ModelFormOptions<F> = {}) {
    const meta = (new.target as unknown as typeof BaseModelForm).meta;
    if (!meta?.model) throw new ImproperlyConfigured('ModelForm has no model class specified.');
    const instance = options.instance ?? new meta.model();
    const fields = meta.fields === '__all__' ? null : (meta.fields ?? null);
    const objectData = modelToDict(instance, fields, meta.exclude ?? null);
    super(data, files, { ...options, initial: { ...objectData, ...(options.initial ?? {}) } as FormOptions<F>['initial'] });
    this.instance = instance;
    this.userInitial = new Set(Object.keys(options.initial ?? {}));
  }
  protected get meta(): ModelFormMeta {
    return (this.constructor as typeof BaseModelForm).meta;
  }

  /**
   * Runs the queries rendering needs: each ModelChoiceField's choices and,
   * for a saved instance, its many-to-many values (one query each).
   */
  async prepare(): Promise<this> {
    for (const field of Object.values(this.fields as Record<string, Field>)) {
      if (field instanceof ModelChoiceField && !field.choicesLoaded) await field.loadChoices();
    }
    await this.loadM2mInitial();
    return this;
  }

  private m2mInitialLoaded = false;
  /** The saved instance's many-to-many keys, as initial values (Django's model_to_dict does this). */
  protected async loadM2mInitial(): Promise<void> {
    if (this.m2mInitialLoaded) return;
    this.m2mInitialLoaded = true;
    if (this.instance[ADDING] || this.instance.pk == null) return;
    const opts: Options = this.meta.model._meta;
    for (const f of opts.manyToMany) {
      if (!(f.name in (this.fields as object)) || this.userInitial.has(f.name)) continue;
      const objs = await this.instance[f.name].fetch();
      this.initial[f.name] = objs.map((o: any) => o.pk);
    }
  }

  override async fullClean(): Promise<void> {
    await this.loadM2mInitial();
    await super.fullClean();
  }

  /** Fields the model validation leaves out (Django's _get_validation_exclusions). */
  protected validationExclusions(): Set<string> {
    const exclude = new Set<string>();
    const opts: Options = this.meta.model._meta;
    const formFields = this.fields as Record<string, Field>;
    const errors = this.hasErrorsComputed() ? this.errors : new Map();
    for (const f of opts.fields) {
      const name = f.name;
      if (!(name in formFields)) exclude.add(name);
      else if (errors.has(name)) exclude.add(name);
      else {
        const formField = formFields[name];
        const value = (this.cleanedData as Record<string, unknown>)[name];
        if (!f.blank && !formField.required && isEmptyValue(value)) exclude.add(name);
      }
    }
    return exclude;
  }

  /** Copies cleanedData onto the instance (Django's construct_instance). */
  protected constructInstance(): void {
    const opts: Options = this.meta.model._meta;
    const cleaned = this.cleanedData as Record<string, unknown>;
    for (const f of opts.fields) {
      if (!f.editable || f.auto || !(f.name in cleaned)) continue;
      const formField = (this.fields as Record<string, Field>)[f.name];
      // Leave defaults for fields absent from the data, except checkboxes (never sent unchecked).
      if (f.hasDefault() && formField && formField.widget.valueOmittedFromData(this.data, this.files, this.addPrefix(f.name)) && isEmptyValue(cleaned[f.name])) continue;
      if (f instanceof ModelFileField) f.saveFormData(this.instance, cleaned[f.name]);
      else if (f instanceof db.ForeignKey) this.instance[f.name] = cleaned[f.name] ?? null;
      else this.instance[f.name] = cleaned[f.name];
    }
  }

  /** Adds model validation errors, using the form fields' messages for their codes. */
  protected updateErrors(e: ValidationError): void {
    const byField = e.errorDict ?? { [NON_FIELD_ERRORS]: e.errorList };
    const out: Record<string, ValidationError[]> = {};
    for (const [field, list] of Object.entries(byField)) {
      const formField = (this.fields as Record<string, Field>)[field];
      const messages = field === NON_FIELD_ERRORS ? (this.meta.errorMessages?.[NON_FIELD_ERRORS] ?? {}) : formField ? formField.errorMessages : null;
      const key = field === NON_FIELD_ERRORS || formField ? field : NON_FIELD_ERRORS;
      for (const one of list) {
        // the form field's message for the same code wins, as in Django
        const custom = messages && one.code ? messages[one.code] : undefined;
        (out[key] ??= []).push(custom ? new ValidationError(custom, { code: one.code, params: one.params as Record<string, unknown> }) : one);
      }
    }
    this.addError(null, new ValidationError(out));
  }

  protected override async postClean(): Promise<void> {
    const exclude = this.validationExclusions();
    try {
      this.constructInstance();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.updateErrors(e);
    }
    try {
      await this.instance.fullClean({ exclude, validateUnique: false });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.updateErrors(e);
    }
    if (this.validateUniqueOnPostClean) await this.validateUnique();
  }

  /** The instance's uniqueness checks (unique fields and uniqueTogether), for the fields that passed. */
  async validateUnique(): Promise<void> {
    const exclude = this.validationExclusions();
    try {
      await this.instance.validateUnique(exclude);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.updateErrors(e);
    }
  }

  /**
   * Saves the instance (and its many-to-many values); with `commit: false`
   * nothing is written and `saveM2m()` is left to call after saving the
   * instance yourself.
   */
  async save(options: { commit?: boolean } = {}): Promise<any> {
    if (this.errors.size) {
      throw new ValueError(`The ${this.meta.model.name} could not be ${this.instance[ADDING] ? 'created' : 'changed'} because the data didn't validate.`);
    }
    const commit = options.commit ?? true;
    if (commit) {
      await this.instance.save();
      await this.saveM2mNow();
    } else {
      this.m2mPending = () => this.saveM2mNow();
    }
    return this.instance;
  }

  /** Saves the many-to-many values after a `save({ commit: false })`. */
  async saveM2m(): Promise<void> {
    if (!this.m2mPending) throw new Error('saveM2m() is only available after save({ commit: false }).');
    const run = this.m2mPending;
    this.m2mPending = null;
    await run();
  }

  private async saveM2mNow(): Promise<void> {
    const opts: Options = this.meta.model._meta;
    const cleaned = this.cleanedData as Record<string, unknown>;
    for (const f of opts.manyToMany) {
      if (!(f.name in cleaned) || !(f.name in (this.fields as object))) continue;
      await this.instance[f.name].set(cleaned[f.name] as unknown[]);
    }
  }
}

export interface ModelFormClass<F extends Fields = Fields, M = {}> {
  new (data?: FormDataInput | null, files?: FormDataInput | null, options?: ModelFormOptions<F>): BaseModelForm<F> & M;
  meta: ModelFormMeta;
  baseFields: F;
  prototype: BaseModelForm<F> & M;
}

// The form fields' types, from the model's declaration: a foreign key cleans to
// the related instance, a many-to-many field to a list of them.
type ModelFieldsOf<Mo> = Mo extends ModelLike<infer F> ? F : Record<string, db.Field>;
type FormValueOf<D> =
  D extends db.ManyToManyField<infer T>
    ? Instance<TargetFields<T>>[]
    : D extends db.ForeignKey<infer T, infer V, any>
      ? Instance<TargetFields<T>> | (null extends V ? null : never)
      : D extends db.Field<infer V, any, any, any>
        ? V
        : unknown;
/** The form fields of a model form over `Mo` with the fields `K`. */
export type ModelFormFields<Mo, K extends PropertyKey> = { [P in K & keyof ModelFieldsOf<Mo>]: Field<FormValueOf<ModelFieldsOf<Mo>[P]>> };

type FactoryOptions<M> = FieldsForModelOptions & { form?: typeof BaseModelForm; extraFields?: Fields; methods?: M & ThisType<BaseModelForm & M>; fieldOrder?: readonly string[] };

/**
 * Django's modelform_factory: a ModelForm class for `model` with `fields`
 * (or '__all__') or `exclude`, optional widgets, labels, help texts, error
 * messages, extra fields and hooks (`clean`, `clean<Field>`). Its
 * `cleanedData` is typed from the model's fields.
 */
export function modelformFactory<Mo extends AnyModel, const K extends keyof ModelFieldsOf<Mo> & string, M = {}>(
  model: Mo,
  options: FactoryOptions<M> & { fields: readonly K[] },
): ModelFormClass<ModelFormFields<Mo, K>, M>;
export function modelformFactory<Mo extends AnyModel, const E extends keyof ModelFieldsOf<Mo> & string = never, M = {}>(
  model: Mo,
  options: FactoryOptions<M> & ({ fields: '__all__'; exclude?: readonly E[] } | { exclude: readonly E[]; fields?: '__all__' | null }),
): ModelFormClass<ModelFormFields<Mo, Exclude<keyof ModelFieldsOf<Mo>, E>>, M>;
export function modelformFactory<M = {}>(model: AnyModel, options: FactoryOptions<M>): ModelFormClass<any, M> {
  return buildModelForm(model, options);
}

/** modelformFactory without the field-name typing (formset factories pass options through). */
function buildModelForm<M = {}>(model: AnyModel, options: FactoryOptions<M> = {}): ModelFormClass<any, M> {
  if (options.fields == null && options.exclude == null) {
    throw new ImproperlyConfigured("Calling modelformFactory without defining 'fields' or 'exclude' explicitly is prohibited.");
  }
  const base = fieldsForModel(model, options);
  const fields = { ...base, ...(options.extraFields ?? {}) };
  const Parent = options.form ?? BaseModelForm;
  const Form = class extends Parent {};
  Object.assign(Form, { baseFields: fields, meta: { ...options, model }, defaultFieldOrder: options.fieldOrder ?? null });
  Object.defineProperty(Form, 'name', { value: `${model.name}Form` });
  for (const [key, value] of Object.entries(Object.getOwnPropertyDescriptors(options.methods ?? {}))) Object.defineProperty(Form.prototype, key, value);
  return Form as unknown as ModelFormClass<Fields, M>;
}

// ---------------------------------------------------------------------------
// Model formsets

export interface ModelFormSetOptions<F extends Fields> extends FormSetOptions<F> {
  queryset?: QuerySetLike;
}

/**
 * Django's BaseModelFormSet: one ModelForm per object of a QuerySet, plus
 * extra forms for new objects. `await formset.prepare()` loads the objects
 * (one query) before rendering; `isValid()` does it by itself.
 */
export class BaseModelFormSet<F extends Fields = Fields> extends BaseFormSet<F> {
  static model: AnyModel;
  queryset: QuerySetLike;
  private objects: any[] | null = null;
  newObjects: any[] = [];
  changedObjects: [any, string[]][] = [];
  deletedObjects: any[] = [];

  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: ModelFormSetOptions<F> = {}) {
    super(data, files, options);
    const model = (this.constructor as typeof BaseModelFormSet).model;
    this.queryset = options.queryset ?? model.objects.all();
  }
  /** Loads the QuerySet's objects (and each form's choices). */
  async prepare(): Promise<this> {
    if (this.objects === null) this.objects = await this.queryset.fetch();
    for (const form of [...this.forms, this.emptyForm]) await (form as unknown as BaseModelForm<F>).prepare();
    return this;
  }
  private get loadedObjects(): any[] {
    if (this.objects === null) throw new Error(`${this.constructor.name}: await formset.prepare() (or isValid()) first: the forms need the QuerySet's objects.`);
    return this.objects;
  }
  override initialFormCount(): number {
    if (!this.isBound) return this.loadedObjects.length;
    return super.initialFormCount();
  }
  protected override constructForm(i: number, kwargs: FormOptions<F>): BaseForm<F> {
    const objs = this.loadedObjects;
    const pkName = (this.constructor as typeof BaseModelFormSet).model._meta.pk.name;
    const extra: ModelFormOptions<F> = { ...kwargs };
    if (i < this.initialFormCount()) {
      if (this.isBound) {
        const key = this.data.get(`${this.addPrefix(i)}-${pkName}`);
        const obj = key === undefined ? undefined : objs.find((o) => String(o.pk) === String(key));
        if (obj) extra.instance = obj;
      } else if (i < objs.length) {
        extra.instance = objs[i];
      }
    } else if (this.initial && i - this.initialFormCount() < this.initial.length) {
      extra.initial = this.initial[i - this.initialFormCount()] as FormOptions<F>['initial'];
    }
    const form = super.constructForm(i, extra);
    if (i >= this.initialFormCount()) form.emptyPermitted = true; // extra forms may be left blank
    // Django: an initial form must say which object it edits (a missing key is an error, not a new row)
    else (form.fields as Record<string, Field>)[pkName]!.required = true;
    return form;
  }
  /** Adds the hidden primary key field each form needs to find its object again. */
  override addFields(form: BaseForm<F>, index: number | null): void {
    const opts: Options = (this.constructor as typeof BaseModelFormSet).model._meta;
    const pk = opts.pk;
    const fields = form.fields as Record<string, Field>;
    if (!(pk.name in fields)) {
      const instance = (form as unknown as BaseModelForm<F>).instance;
      fields[pk.name] = new IntegerLikePkField({ required: false, widget: HiddenInput, initial: instance?.pk ?? null });
    }
    super.addFields(form, index);
  }
  override async isValid(): Promise<boolean> {
    if (this.objects === null) this.objects = await this.queryset.fetch();
    return super.isValid();
  }
  override async fullClean(): Promise<void> {
    if (this.objects === null) this.objects = await this.queryset.fetch();
    await super.fullClean();
  }

  /** Saves the changed and new objects and deletes those marked; returns the saved ones. */
  async save(options: { commit?: boolean } = {}): Promise<any[]> {
    const commit = options.commit ?? true;
    this.newObjects = [];
    this.changedObjects = [];
    this.deletedObjects = [];
    const saved: any[] = [];
    const initialCount = this.initialFormCount();
    for (const [i, f] of this.forms.entries()) {
      const form = f as unknown as BaseModelForm<F>;
      if (i < initialCount) {
        const obj = form.instance;
        if (obj[ADDING]) continue; // its row vanished between display and submit
        if (this.deletedForms.includes(f)) {
          this.deletedObjects.push(obj);
          if (commit) await obj.delete();
          continue;
        }
        if (form.hasChanged()) {
          this.changedObjects.push([obj, form.changedData]);
          saved.push(await form.save({ commit }));
        }
      } else {
        if (!form.hasChanged()) continue;
        if ((this.constructor as typeof BaseFormSet).canDelete && this.deletedForms.includes(f)) continue;
        const obj = await this.saveNew(form, commit);
        this.newObjects.push(obj);
        saved.push(obj);
      }
    }
    return saved;
  }
  protected saveNew(form: BaseModelForm<F>, commit: boolean): Promise<any> {
    return form.save({ commit });
  }
}

/** The hidden primary key of a model formset's form: text in, the key back (checked against the formset's objects). */
class IntegerLikePkField extends Field<unknown> {
  protected override defaultWidget(): Widget {
    return new HiddenInput();
  }
  override toPython(value: unknown): unknown {
    return isEmptyValue(value) ? null : value;
  }
}

export interface ModelFormSetFactoryOptions extends FieldsForModelOptions, FormSetFactoryOptions {
  form?: typeof BaseModelForm;
  formset?: typeof BaseModelFormSet;
}

/** Django's modelformset_factory. */
export function modelFormsetFactory(model: AnyModel, options: ModelFormSetFactoryOptions): typeof BaseModelFormSet {
  const form = buildModelForm(model, options);
  const FormSet = formsetFactory(form as any, { ...options, formset: (options.formset ?? BaseModelFormSet) as any }) as unknown as typeof BaseModelFormSet;
  (FormSet as { model: AnyModel }).model = model;
  return FormSet;
}

/**
 * Django's BaseInlineFormSet: the objects related to `instance` through a
 * foreign key; the key itself is not a form field, it is set on save.
 */
export class BaseInlineFormSet<F extends Fields = Fields> extends BaseModelFormSet<F> {
  static fk: db.ForeignKey;
  readonly instance: any;
  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: ModelFormSetOptions<F> & { instance?: any } = {}) {
    const cls = new.target as unknown as typeof BaseInlineFormSet;
    const instance = options.instance ?? new (cls.fk ? resolveTarget(cls.fk) : cls.model)();
    const fk = cls.fk;
    const qs = options.queryset ?? cls.model.objects.all();
    // an unsaved parent has no children yet
    const queryset = instance.pk == null ? qs.filter({ pk__in: [] }) : qs.filter({ [Options.attname(fk)]: instance.pk });
    super(data, files, { ...options, queryset, prefix: options.prefix ?? cls.getDefaultPrefix() });
    this.instance = instance;
  }
  /** Django's get_default_prefix: the reverse accessor's name ('choices', or 'choice_set'). */
  static override getDefaultPrefix(): string {
    return (this.fk.relatedName ?? `${this.model._meta.modelName}_set`).replace('+', '');
  }
  protected override constructForm(i: number, kwargs: FormOptions<F>): BaseForm<F> {
    const form = super.constructForm(i, kwargs) as unknown as BaseModelForm<F>;
    const fk = (this.constructor as typeof BaseInlineFormSet).fk;
    // the child points at the parent before validation, so that uniqueTogether with the key is checked
    if (this.instance.pk != null) form.instance[Options.attname(fk)] = this.instance.pk;
    return form as unknown as BaseForm<F>;
  }
  protected override saveNew(form: BaseModelForm<F>, commit: boolean): Promise<any> {
    const fk = (this.constructor as typeof BaseInlineFormSet).fk;
    form.instance[fk.name] = this.instance;
    return form.save({ commit });
  }
}

/** Django's inlineformset_factory: children of `parent` through their foreign key (`fkName` when several). */
export function inlineFormsetFactory(parent: AnyModel, model: AnyModel, options: ModelFormSetFactoryOptions & { fkName?: string }): typeof BaseInlineFormSet {
  const opts = model._meta;
  const fks = opts.fields.filter((f): f is db.ForeignKey => f instanceof db.ForeignKey && opts.target(f) === parent._meta);
  let fk: db.ForeignKey | undefined;
  if (options.fkName) {
    fk = fks.find((f) => f.name === options.fkName);
    if (!fk) throw new ValueError(`fk_name '${options.fkName}' is not a ForeignKey to '${parent._meta.label}'.`);
  } else {
    if (fks.length === 0) throw new ValueError(`'${opts.label}' has no ForeignKey to '${parent._meta.label}'.`);
    if (fks.length > 1) throw new ValueError(`'${opts.label}' has more than one ForeignKey to '${parent._meta.label}'. You must specify a 'fkName' attribute.`);
    fk = fks[0];
  }
  const exclude = [...(options.exclude ?? []), fk.name];
  const fields = options.fields && options.fields !== '__all__' ? options.fields.filter((n) => n !== fk!.name) : (options.fields ?? '__all__');
  const FormSet = modelFormsetFactory(model, { extra: 3, canDelete: true, ...options, fields, exclude, formset: options.formset ?? BaseInlineFormSet }) as unknown as typeof BaseInlineFormSet;
  (FormSet as { fk: db.ForeignKey }).fk = fk;
  return FormSet;
}

export { DELETION_FIELD_NAME, Select };
