/**
 * Inlines (django.contrib.admin.options.InlineModelAdmin, TabularInline,
 * StackedInline): a parent's change form also edits the rows that point at
 * it, through the inline model formsets of src/forms.
 *
 * The pipeline of one change-form request:
 *   1. getInlineInstances: the inlines the user may see (no add permission → maxNum 0);
 *   2. createFormsets: one formset per inline, bound on POST, prefixes made unique;
 *      view-only rows are never validated (their values are not in the POST);
 *   3. the view validates the form and every formset, then saves them in one atomic block;
 *   4. inlineAdminFormsets: what admin/edit_inline/{tabular,stacked}.html read.
 *
 * @example
 * class ChoiceInline extends TabularInline { model = Choice; extra = 3; }
 * site.register(Question, { inlines: [ChoiceInline] });
 */
import { ImproperlyConfigured, ValidationError, ValueError } from '../../core/exceptions';
import { ProtectedError } from '../../db/models/deletion';
import type { Options } from '../../db/models/options';
import { ADDING } from '../../db/models/state';
import { BaseInlineFormSet, BaseModelForm, inlineFormsetFactory } from '../../forms/models';
import { reverse } from '../../urls/index';
import { adminFieldsets, type AdminField, type AdminFieldset } from './helpers';
import { ModelAdmin, type Fieldset } from './options';
import type { AdminSite } from './sites';
import { capfirst, collectDeleted, fieldVerboseName, quote } from './utils';
import { adminFormfield, prepareAdminWidgets } from './widgets';
import type { Field } from '../../db/models/fields';
import type { FieldOptions } from '../../forms/fields';

type Request = any;
export type InlineClass = new (parentModel: any, adminSite: AdminSite) => InlineModelAdmin;

/** The options an inline takes (Django's names in camelCase). */
export interface InlineModelAdminOptions {
  model: any;
  fkName?: string | null;
  formset?: typeof BaseInlineFormSet;
  form?: typeof BaseModelForm;
  extra?: number;
  minNum?: number | null;
  maxNum?: number | null;
  canDelete?: boolean;
  fields?: ReadonlyArray<string | readonly string[]> | null;
  exclude?: readonly string[] | null;
  fieldsets?: readonly Fieldset[] | null;
  readonlyFields?: readonly string[];
  verboseName?: string | null;
  verboseNamePlural?: string | null;
  showChangeLink?: boolean;
  template?: string;
  classes?: readonly string[] | null;
  ordering?: readonly string[] | null;
}

/** Django's InlineModelAdmin: declare a subclass with `model = Child` (and the options above). */
export class InlineModelAdmin {
  model: any = undefined;
  fkName: string | null = null;
  formset: typeof BaseInlineFormSet = BaseInlineFormSet;
  form: typeof BaseModelForm | undefined = undefined;
  extra = 3;
  minNum: number | null = null;
  maxNum: number | null = null;
  canDelete = true;
  fields: ReadonlyArray<string | readonly string[]> | null = null;
  exclude: readonly string[] | null = null;
  fieldsets: readonly Fieldset[] | null = null;
  readonlyFields: readonly string[] = [];
  verboseName: string | null = null;
  verboseNamePlural: string | null = null;
  showChangeLink = false;
  template = 'admin/edit_inline/tabular.html';
  classes: readonly string[] | null = null;
  ordering: readonly string[] | null = null;
  emptyValueDisplay = '-';
  /** BaseModelAdmin's widget options, which an inline shares (Django's formfield_for_dbfield). */
  rawIdFields: readonly string[] = [];
  autocompleteFields: readonly string[] = [];
  filterHorizontal: readonly string[] = [];
  filterVertical: readonly string[] = [];
  formfieldOverrides: Readonly<Record<string, Partial<FieldOptions>>> = {};

  constructor(
    readonly parentModel: any,
    readonly adminSite: AdminSite,
  ) {}

  get opts(): Options {
    if (!this.model?._meta) throw new ImproperlyConfigured(`${this.constructor.name}: an inline needs \`model\`, the model class it edits (e.g. model = Choice).`);
    return this.model._meta;
  }
  /** Django: verbose_name defaults to the model's; the plural to the model's, or verbose_name + 's'. */
  get nameSingular(): string {
    return this.verboseName ?? this.opts.verboseName;
  }
  get namePlural(): string {
    return this.verboseNamePlural ?? (this.verboseName === null ? this.opts.verboseNamePlural : `${this.verboseName}s`);
  }

  /**
   * Django's admin checks E202/E203: the model is set and has one foreign key
   * to the parent (or `fkName` names one). Run by AdminSite.register().
   */
  check(): void {
    try {
      this.fkField();
    } catch (e) {
      if (e instanceof ValueError) throw new ImproperlyConfigured(`${this.constructor.name}: ${e.message}`);
      throw e;
    }
  }

  // --- permissions: the inline model's own (Django's InlineModelAdmin.has_*_permission) ---

  private async can(request: Request, action: string): Promise<boolean> {
    return !!(await request.user?.hasPerm?.(`${this.opts.appLabel}.${action}_${this.opts.modelName}`));
  }
  hasAddPermission(request: Request, _obj?: unknown): Promise<boolean> {
    return this.can(request, 'add');
  }
  hasChangePermission(request: Request, _obj?: unknown): Promise<boolean> {
    return this.can(request, 'change');
  }
  hasDeletePermission(request: Request, _obj?: unknown): Promise<boolean> {
    return this.can(request, 'delete');
  }
  async hasViewPermission(request: Request, obj?: unknown): Promise<boolean> {
    return (await this.can(request, 'view')) || (await this.hasChangePermission(request, obj));
  }

  // --- hooks ---

  getQueryset(_request: Request): any {
    const qs = this.model.objects.all();
    return this.ordering?.length ? qs.orderBy(...this.ordering) : qs;
  }
  getReadonlyFields(_request: Request, _obj?: unknown): readonly string[] {
    return this.readonlyFields;
  }
  /** The same rules as a ModelAdmin's (fieldsets, fields, or every editable field). */
  getFields(request: Request, obj?: unknown): string[] {
    return ModelAdmin.prototype.getFields.call(this as never, request, obj).filter((n) => n !== this.fkField().name);
  }
  getFieldsets(request: Request, obj?: unknown): Fieldset[] {
    if (this.fieldsets) return [...this.fieldsets];
    return [[null, { fields: this.fields ?? this.getFields(request, obj) }]];
  }
  getExtra(_request: Request, _obj?: unknown): number {
    return this.extra;
  }
  getMinNum(_request: Request, _obj?: unknown): number | null {
    return this.minNum;
  }
  getMaxNum(_request: Request, _obj?: unknown): number | null {
    return this.maxNum;
  }

  private fkCache: { name: string } | undefined;
  private fkField(): { name: string } {
    return (this.fkCache ??= (inlineFormsetFactory(this.parentModel, this.opts.model, { fields: [], fkName: this.fkName ?? undefined }) as unknown as { fk: { name: string } }).fk);
  }

  /**
   * Django's get_formset: an inline formset class over the editable, non
   * read-only fields. Its forms refuse to change what the user may not
   * (a row without change permission, a new row without add permission
   * never "has changed", so it is neither validated nor saved).
   */
  async getFormset(request: Request, obj: unknown): Promise<typeof BaseInlineFormSet> {
    const readonly = this.getReadonlyFields(request, obj);
    const editable = new Set([...this.opts.fields, ...this.opts.manyToMany].filter((f) => f.editable).map((f) => f.name));
    const fields = this.getFields(request, obj).filter((n) => !readonly.includes(n) && editable.has(n));
    const canChange = await this.hasChangePermission(request, obj);
    const canAdd = await this.hasAddPermission(request, obj);
    const canDelete = this.canDelete && (await this.hasDeletePermission(request, obj));
    const Base = (this.form ?? BaseModelForm) as unknown as new (...args: any[]) => BaseModelForm<any>;
    class DeleteProtectedModelForm extends Base {
      override hasChanged(): boolean {
        const adding = !!this.instance[ADDING];
        if ((!canChange && !adding) || (!canAdd && adding)) return false;
        return super.hasChanged();
      }
    }
    const maxNum = this.getMaxNum(request, obj);
    return inlineFormsetFactory(this.parentModel, this.model, {
      form: DeleteProtectedModelForm as unknown as typeof BaseModelForm,
      formset: this.formset,
      fkName: this.fkName ?? undefined,
      fields,
      exclude: [...(this.exclude ?? []), ...readonly],
      extra: this.getExtra(request, obj),
      minNum: this.getMinNum(request, obj),
      maxNum,
      // max_num is a promise the admin makes: a tampered TOTAL_FORMS beyond it is an error, not extra rows.
      validateMax: maxNum !== null && canAdd,
      canDelete,
      formfieldCallback: (f: Field, o: FieldOptions) => adminFormfield(this, f, o),
    });
  }
}

/** Django's TabularInline: one table row per object. */
export class TabularInline extends InlineModelAdmin {
  override template = 'admin/edit_inline/tabular.html';
}

/** Django's StackedInline: each object as a fieldset. */
export class StackedInline extends InlineModelAdmin {
  override template = 'admin/edit_inline/stacked.html';
}

// --- what the change-form view calls -------------------------------------------

/** Django's get_inline_instances: the inlines the user may see; without add permission, no empty forms. */
export async function getInlineInstances(admin: ModelAdmin, request: Request, obj: unknown): Promise<InlineModelAdmin[]> {
  const out: InlineModelAdmin[] = [];
  for (const Inline of admin.getInlines(request, obj)) {
    const inline = new Inline(admin.model, admin.adminSite);
    const canView = await inline.hasViewPermission(request, obj);
    if (!(canView || (await inline.hasAddPermission(request, obj)) || (await inline.hasDeletePermission(request, obj)))) continue;
    if (!(await inline.hasAddPermission(request, obj))) inline.maxNum = 0;
    out.push(inline);
  }
  return out;
}

/** One inline's formset and the inline that made it. */
export interface InlineFormset {
  formset: BaseInlineFormSet;
  inline: InlineModelAdmin;
  /** Rows whose deletion PROTECT relations refused (set by allValid). */
  protectedErrors?: number;
}

/**
 * Django's _create_formsets: one formset per inline over `obj` (the form's
 * unsaved instance when adding), bound to the POST; prefixes are the related
 * accessor names, numbered when two inlines share one. Without edit rights on
 * the parent every formset is read-only (no extra forms).
 */
export async function createFormsets(admin: ModelAdmin, request: Request, obj: any, change: boolean): Promise<InlineFormset[]> {
  const post = request.method === 'POST';
  const canEditParent = change ? await admin.hasChangePermission(request, obj) : await admin.hasAddPermission(request);
  const out: InlineFormset[] = [];
  const prefixes = new Map<string, number>();
  for (const [Made, inline] of await admin.getFormsetsWithInlines(request, change ? obj : null)) {
    let FormSet = Made;
    if (!canEditParent) {
      FormSet = class extends (Made as unknown as new (...args: any[]) => BaseInlineFormSet<any>) {} as unknown as typeof BaseInlineFormSet;
      Object.assign(FormSet, { extra: 0, maxNum: 0, minNum: 0, validateMax: false, validateMin: false });
    }
    let prefix = FormSet.getDefaultPrefix();
    const n = (prefixes.get(prefix) ?? 0) + 1;
    prefixes.set(prefix, n);
    if (n !== 1 || !prefix) prefix = `${prefix}-${n}`;
    const formset = new FormSet(post ? request.POST : null, post ? request.FILES : null, { instance: obj, prefix, queryset: inline.getQueryset(request) });
    await formset.prepare();
    if (post && !(await inline.hasChangePermission(request, change ? obj : null))) {
      // Django: view-only rows are not in the POST, so they are not validated (unless deleted).
      const canDelete = await inline.hasDeletePermission(request, change ? obj : null);
      const keys: string[] = request.POST.keys();
      formset.initialForms.forEach((form, i) => {
        if (!(canDelete && keys.includes(`${formset.prefix}-${i}-DELETE`))) form.emptyPermitted = true;
      });
    }
    out.push({ formset, inline });
  }
  return out;
}

/**
 * Django's all_valid: every formset validated (all of them, so that each
 * shows its errors). A row marked for deletion whose cascade reaches PROTECT
 * relations gets Django's error instead (DeleteProtectedModelForm.hand_clean_DELETE).
 */
export async function allValid(formsets: readonly InlineFormset[]): Promise<boolean> {
  let valid = true;
  for (const entry of formsets) {
    if (!(await entry.formset.isValid())) valid = false;
    for (const form of entry.formset.deletedForms as any[]) {
      const obj = form.instance;
      if (obj[ADDING]) continue;
      try {
        await collectDeleted(obj.constructor._meta, [obj]);
      } catch (e) {
        if (!(e instanceof ProtectedError)) throw e;
        const related = textList(e.protectedObjects.map((o: any) => `${o.constructor._meta.verboseName} ${String(o)}`));
        form.addError(null, new ValidationError(`Deleting ${obj.constructor._meta.verboseName} ${String(obj)} would require deleting the following protected related objects: ${related}`, { code: 'deleting_protected' }));
        entry.protectedErrors = (entry.protectedErrors ?? 0) + 1;
        valid = false;
      }
    }
  }
  return valid;
}

/** Django's get_text_list(items, 'and'): 'a, b and c'. */
function textList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Django's AdminErrorList count: the main form's errors plus each formset's and each inline form's. */
export function inlineErrorCount(formsets: readonly InlineFormset[]): number {
  let n = 0;
  for (const { formset, protectedErrors } of formsets) {
    if (!formset.isBound) continue;
    n += formset.nonFormErrors().length + (protectedErrors ?? 0);
    for (const errors of formset.errors) n += errors.size;
  }
  return n;
}

/** A field's label in a change message: the form field's label, else the model field's verbose name (Django's _get_changed_field_labels_from_form). */
function changedLabels(form: any, names: readonly string[]): string[] {
  const opts: Options | undefined = form?.constructor?.meta?.model?._meta;
  return names.map((n) => (form?.fields?.[n]?.label as string | undefined) || (opts?.fieldsByName.get(n) ? fieldVerboseName(opts.fieldsByName.get(n)!) : n));
}

/**
 * Django's construct_change_message: what LogEntry.change_message stores
 * (JSON), e.g. [{"added": {}}, {"added": {"name": "choice", "object": "Yes"}},
 * {"changed": {"name": "choice", "object": "No", "fields": ["Votes"]}}].
 */
export function constructChangeMessage(form: any, formsets: readonly InlineFormset[], add: boolean): unknown[] {
  const message: unknown[] = [];
  const changed: string[] = form.changedData;
  if (add) message.push({ added: {} });
  else if (changed.length) message.push({ changed: { fields: changedLabels(form, changed) } });
  for (const { formset } of formsets) {
    for (const o of formset.newObjects) message.push({ added: { name: o.constructor._meta.verboseName, object: String(o) } });
    for (const [o, fields] of formset.changedObjects) message.push({ changed: { name: o.constructor._meta.verboseName, object: String(o), fields: changedLabels(formset.forms[0], fields) } });
    for (const o of formset.deletedObjects) message.push({ deleted: { name: o.constructor._meta.verboseName, object: String(o) } });
  }
  return message;
}

/** One inline form as the edit_inline templates read it (Django's InlineAdminForm). */
export interface InlineAdminForm {
  form: any;
  original: any;
  id_suffix: string;
  is_empty: boolean;
  counter: number;
  change_url: string | null;
  fieldsets: AdminFieldset[];
  /** Tabular: the visible cells, and the hidden inputs that go in the first cell. */
  cells: Array<AdminField & { widget_html?: unknown }>;
  hidden: unknown[];
  pk_field: unknown;
  deletion_field: any;
  deletion_widget: unknown;
  non_field_errors: unknown;
}

/** One inline as the edit_inline templates read it (Django's InlineAdminFormSet). */
export interface InlineAdminFormSet {
  formset: BaseInlineFormSet;
  inline: InlineModelAdmin;
  template: string;
  prefix: string;
  heading: string;
  verbose_name: string;
  verbose_name_plural: string;
  classes: string;
  headers: Array<{ name: string; label: string; required: boolean; hidden: boolean; help_text: string }>;
  forms: InlineAdminForm[];
  can_delete: boolean;
  has_add_permission: boolean;
  has_change_permission: boolean;
  inline_formset_data: string;
}

/** Django's get_inline_formsets + InlineAdminFormSet iteration: initial forms, extra forms, then the empty form (with add permission). */
export async function inlineAdminFormsets(admin: ModelAdmin, request: Request, formsets: readonly InlineFormset[], obj: any, add: boolean): Promise<InlineAdminFormSet[]> {
  const canEditParent = add ? await admin.hasAddPermission(request) : await admin.hasChangePermission(request, obj);
  const post = request.method === 'POST';
  const out: InlineAdminFormSet[] = [];
  for (const { formset, inline } of formsets) {
    const target = add ? null : obj;
    const canAdd = canEditParent && (await inline.hasAddPermission(request, target));
    const canChange = canEditParent && (await inline.hasChangePermission(request, target));
    const canDelete = canEditParent && (await inline.hasDeletePermission(request, target));
    const fieldsets = inline.getFieldsets(request, target);
    const names = fieldsets.flatMap(([, o]) => o.fields.flatMap((l) => (typeof l === 'string' ? [l] : [...l])));
    const readonly = new Set(inline.getReadonlyFields(request, target));
    const allReadonly = new Set(names);
    const opts = inline.opts;
    const pkName = opts.pk.name;
    const entries: Array<[any, boolean]> = [...formset.forms.map((f): [any, boolean] => [f, false])];
    if (canAdd) entries.push([formset.emptyForm, true]);
    const forms: InlineAdminForm[] = [];
    for (const [i, [form, isEmpty]] of entries.entries()) {
      const isInitial = !isEmpty && i < formset.initialFormCount() && !form.instance[ADDING];
      const original = isInitial ? form.instance : null;
      await prepareAdminWidgets(form, request);
      const sets = await adminFieldsets(form, original, fieldsets, original && !canChange ? allReadonly : readonly, inline, post && !isEmpty);
      const flat = sets.flatMap((s) => s.lines.flatMap((l) => l.fields));
      let changeUrl: string | null = null;
      if (original && inline.showChangeLink && admin.adminSite.isRegistered(inline.model)) {
        changeUrl = reverse(`${admin.adminSite.name}:${opts.appLabel}_${opts.modelName}_change`, { args: [quote(original.pk)], currentApp: admin.adminSite.name });
      }
      forms.push({
        form,
        original,
        id_suffix: isEmpty ? 'empty' : String(i),
        is_empty: isEmpty,
        counter: i + 1,
        change_url: changeUrl,
        fieldsets: sets,
        // A table cell has no <label>: the column's name goes on the input for screen readers.
        cells: flat.filter((f) => f.readonly || !f.is_hidden).map((f) => (f.readonly ? f : { ...f, widget_html: f.bf.asWidget(undefined, { 'aria-label': f.label }) })),
        hidden: flat.filter((f) => !f.readonly && f.is_hidden).map((f) => f.bf),
        pk_field: pkName in form.fields ? form.get(pkName) : null,
        deletion_field: canDelete && original && 'DELETE' in form.fields ? form.get('DELETE') : null,
        deletion_widget: canDelete && original && 'DELETE' in form.fields ? form.get('DELETE').asWidget(undefined, { 'aria-label': `Delete ${String(original)}` }) : null,
        non_field_errors: post && !isEmpty ? form.nonFieldErrors() : null,
      });
    }
    const sample = forms[0]?.form ?? formset.emptyForm;
    const headers = names.map((n) => {
      const formField = !readonly.has(n) ? sample.fields[n] : undefined;
      const field = opts.fieldsByName.get(n);
      const label = formField?.label ?? (field ? fieldVerboseName(field) : ((inline as any)[n]?.shortDescription ?? n.replace(/_/g, ' ')));
      return { name: n, label: capfirst(String(label)), required: !!formField?.required && canChange, hidden: !!formField?.widget?.isHidden, help_text: String(formField?.helpText ?? '') };
    });
    const singular = inline.nameSingular;
    out.push({
      formset,
      inline,
      template: inline.template,
      prefix: formset.prefix,
      heading: capfirst((formset.constructor as typeof BaseInlineFormSet).maxNum === 1 ? singular : inline.namePlural),
      verbose_name: singular,
      verbose_name_plural: inline.namePlural,
      classes: (inline.classes ?? []).join(' '),
      headers,
      forms,
      can_delete: canDelete && (formset.constructor as typeof BaseInlineFormSet).canDelete,
      has_add_permission: canAdd,
      has_change_permission: canChange,
      inline_formset_data: JSON.stringify({ name: `#${formset.prefix}`, options: { prefix: formset.prefix, addText: `Add another ${capfirst(singular)}`, deleteText: 'Remove' } }),
    });
  }
  return out;
}
