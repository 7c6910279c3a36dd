/**
 * The admin's widgets (django.contrib.admin.widgets) and the form fields
 * ModelAdmin gives each model field (Django's formfield_for_dbfield and
 * FORMFIELD_FOR_DBFIELD_DEFAULTS). Every widget is a plain form control
 * that works without JavaScript; the admin's small scripts
 * (admin/js/*.js in ./static.ts) enhance them when they run.
 *
 * - AdminDateWidget / AdminTimeWidget / AdminSplitDateTime: date and time
 *   inputs (DateTimeShortcuts.js adds "Today" / "Now" and a calendar for dates).
 * - ForeignKeyRawIdWidget / ManyToManyRawIdWidget: a text input for the key(s)
 *   and a lookup link to the related change list (RelatedObjectLookups.js
 *   opens it as a popup with _popup=1); the current object's name is shown.
 * - AutocompleteSelect / AutocompleteSelectMultiple: a select carrying the
 *   autocomplete endpoint's parameters (autocomplete.js adds the search).
 * - FilteredSelectMultiple: a multiple select (SelectFilter2.js makes the two boxes).
 * - Every other related select is wrapped in RelatedFieldWidgetWrapper (./related-widget.ts).
 */
import * as db from '../../db/models/fields';
import type { Field as FormField, FieldOptions } from '../../forms/fields';
import { SplitDateTimeField } from '../../forms/fields';
import { formfieldFor, ModelChoiceField, ModelMultipleChoiceField } from '../../forms/models';
import { DateInput, Media, NumberInput, Select, SelectMultiple, SplitDateTimeWidget, TextInput, Textarea, TimeInput, type Attrs, type WidgetOptions } from '../../forms/widgets';
import { SafeString, escapeHtml } from '../../template/safe';
import { reverse } from '../../urls/index';
import { staticUrl } from '../staticfiles/templatetags';
import { TO_FIELD_VAR } from './changelist';
import { RelatedFieldWidgetWrapper, type RelatedAdmin } from './related-widget';
import { quote } from './utils';

type FormDataLike = { get(name: string): unknown; getlist?(name: string): unknown[] };

/** The URLs of the admin's scripts; none when static files are not configured (the pages work without them). */
export function adminScripts(...names: string[]): string[] {
  const urls: string[] = [];
  for (const n of names) {
    try {
      urls.push(staticUrl(`admin/js/${n}`));
    } catch {
      // no STATIC_URL: the controls still work as plain HTML
    }
  }
  return urls;
}
const js = (...names: string[]): Media => new Media({ js: adminScripts(...names) });

const withClass = (attrs: Attrs | undefined, cls: string, extra: Attrs = {}): Attrs => ({ class: cls, ...extra, ...(attrs ?? {}) });

export class AdminDateWidget extends DateInput {
  constructor(options: WidgetOptions & { format?: string } = {}) {
    super({ ...options, attrs: withClass(options.attrs, 'vDateField', { size: '10' }) });
  }
  override get media(): Media {
    return js('DateTimeShortcuts.js');
  }
}

export class AdminTimeWidget extends TimeInput {
  constructor(options: WidgetOptions & { format?: string } = {}) {
    super({ ...options, attrs: withClass(options.attrs, 'vTimeField', { size: '8' }) });
  }
  override get media(): Media {
    return js('DateTimeShortcuts.js');
  }
}

/** Django's AdminSplitDateTime: "Date:" and "Time:" inputs side by side (admin/widgets/split_datetime.html). */
export class AdminSplitDateTime extends SplitDateTimeWidget {
  constructor(options: WidgetOptions = {}) {
    super(options);
    (this as unknown as { widgets: unknown[] }).widgets = [new AdminDateWidget({ attrs: options.attrs }), new AdminTimeWidget({ attrs: options.attrs })];
  }
  override render(name: string, value: unknown, attrs?: Attrs, renderer?: any): SafeString {
    const ctx = this.getContext(name, value, attrs);
    const [date, time] = (this as unknown as { widgets: Array<{ render(n: string, v: unknown, a?: Attrs, r?: any): SafeString }> }).widgets;
    const subs = ctx.widget.subwidgets as Array<{ name: string; value: unknown; attrs: Attrs }>;
    const d = date!.render(subs[0]!.name, subs[0]!.value, subs[0]!.attrs, renderer);
    const t = time!.render(subs[1]!.name, subs[1]!.value, subs[1]!.attrs, renderer);
    return new SafeString(`<p class="datetime">Date: ${d}<br>Time: ${t}</p>`);
  }
  override get media(): Media {
    return js('DateTimeShortcuts.js');
  }
}

export class AdminTextInputWidget extends TextInput {
  constructor(options: WidgetOptions = {}) {
    super({ ...options, attrs: withClass(options.attrs, 'vTextField') });
  }
}
export class AdminTextareaWidget extends Textarea {
  constructor(options: WidgetOptions = {}) {
    super({ ...options, attrs: withClass(options.attrs, 'vLargeTextField') });
  }
}
export class AdminIntegerFieldWidget extends NumberInput {
  constructor(options: WidgetOptions = {}) {
    super({ ...options, attrs: withClass(options.attrs, 'vIntegerField') });
  }
}

/** What a raw-id widget needs to link to the related admin. */
interface RawIdTarget {
  field: db.ForeignKey | db.ManyToManyField;
  model: any;
  siteName: string;
}

/** The related change list's URL with `_to_field` (null when the model is not registered on the site). */
function lookupUrl(t: RawIdTarget): string | null {
  const { appLabel, modelName } = t.model._meta;
  try {
    const base = reverse(`${t.siteName}:${appLabel}_${modelName}_changelist`, { currentApp: t.siteName });
    const toField = (t.field as db.ForeignKey).toField ?? t.model._meta.pk.name;
    return `${base}?${TO_FIELD_VAR}=${encodeURIComponent(toField)}`;
  } catch {
    return null;
  }
}

function lookupLink(t: RawIdTarget, name: string): string {
  const url = lookupUrl(t);
  return url ? `<a href="${escapeHtml(url)}" class="related-lookup" id="lookup_id_${escapeHtml(name)}" title="Lookup"></a>` : '';
}

/** Django's ForeignKeyRawIdWidget: the key in a text box, a lookup link, and the object's name. */
export class ForeignKeyRawIdWidget extends TextInput {
  /** key → [label, change URL], filled by `loadLabels()` before rendering (rendering is synchronous). */
  private labels = new Map<string, [string, string | null]>();
  constructor(
    readonly target: RawIdTarget,
    options: WidgetOptions = {},
  ) {
    super({ ...options, attrs: withClass(options.attrs, 'vForeignKeyRawIdAdminField') });
  }
  async loadLabels(value: unknown): Promise<void> {
    const keys = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && v !== '').map(String);
    if (!keys.length) return;
    const toField = (this.target.field as db.ForeignKey).toField ?? 'pk';
    const numeric = /Auto|Integer/.test(this.target.model._meta.pk.type) && toField === 'pk';
    const valid = numeric ? keys.filter((k) => /^-?\d+$/.test(k)) : keys;
    if (!valid.length) return;
    // A new map, so a cloned widget (each form has its own) never shows another form's labels.
    this.labels = new Map();
    for (const obj of await this.target.model.objects.filter({ [`${toField}__in`]: valid }).fetch()) {
      let url: string | null = null;
      try {
        const { appLabel, modelName } = this.target.model._meta;
        url = reverse(`${this.target.siteName}:${appLabel}_${modelName}_change`, { args: [quote(obj.pk)], currentApp: this.target.siteName });
      } catch {
        url = null;
      }
      this.labels.set(String(toField === 'pk' ? obj.pk : obj[toField]), [String(obj), url]);
    }
  }
  override render(name: string, value: unknown, attrs?: Attrs, renderer?: any): SafeString {
    const input = super.render(name, value, attrs, renderer);
    const label = value === null || value === undefined ? undefined : this.labels.get(String(value));
    const strong = label ? `\n<strong>${label[1] ? `<a href="${escapeHtml(label[1])}">` : ''}${escapeHtml(label[0])}${label[1] ? '</a>' : ''}</strong>` : '';
    return new SafeString(`${input}${lookupLink(this.target, name)}${strong}`);
  }
  override get media(): Media {
    return js('RelatedObjectLookups.js');
  }
}

/** Django's ManyToManyRawIdWidget: comma-separated keys in a text box. */
export class ManyToManyRawIdWidget extends ForeignKeyRawIdWidget {
  constructor(target: RawIdTarget, options: WidgetOptions = {}) {
    super(target, { ...options, attrs: withClass(options.attrs, 'vManyToManyRawIdAdminField') });
  }
  override formatValue(value: unknown): unknown {
    return Array.isArray(value) ? value.map(String).join(',') : super.formatValue(value);
  }
  override valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    const v = data.get(name);
    return v === null || v === undefined || v === '' ? [] : String(v).split(',').map((s) => s.trim());
  }
  override render(name: string, value: unknown, attrs?: Attrs, renderer?: any): SafeString {
    const input = TextInput.prototype.render.call(this, name, value, attrs, renderer);
    return new SafeString(`${input}${lookupLink(this.target, name)}`);
  }
}

/** The model (and site) whose form holds an autocomplete field. */
export interface Owner {
  appLabel: string;
  modelName: string;
  siteName: string;
}

/** Django's AutocompleteMixin: the select says where its choices come from. */
function autocompleteAttrs(field: db.Field, owner: Owner): Attrs {
  const siteName = owner.siteName;
  let url = '';
  try {
    url = reverse(`${siteName}:autocomplete`, { currentApp: siteName });
  } catch {
    url = '';
  }
  return {
    class: 'admin-autocomplete',
    'data-ajax--url': url,
    'data-app-label': owner.appLabel,
    'data-model-name': owner.modelName,
    'data-field-name': field.name,
    'data-theme': 'admin-autocomplete',
    'data-allow-clear': String(!!field.blank),
    'data-placeholder': '',
    lang: 'en',
  };
}

export class AutocompleteSelect extends Select {
  constructor(field: db.Field, owner: Owner, options: WidgetOptions = {}) {
    super({ ...options, attrs: { ...autocompleteAttrs(field, owner), ...(options.attrs ?? {}) } });
  }
  override get media(): Media {
    return js('autocomplete.js');
  }
}
export class AutocompleteSelectMultiple extends SelectMultiple {
  constructor(field: db.Field, owner: Owner, options: WidgetOptions = {}) {
    super({ ...options, attrs: { ...autocompleteAttrs(field, owner), ...(options.attrs ?? {}) } });
  }
  override get media(): Media {
    return js('autocomplete.js');
  }
}

/** Django's FilteredSelectMultiple (filter_horizontal / filter_vertical). */
export class FilteredSelectMultiple extends SelectMultiple {
  constructor(verboseName: string, isStacked: boolean, options: WidgetOptions = {}) {
    super({ ...options, attrs: { class: isStacked ? 'selectfilterstacked' : 'selectfilter', 'data-field-name': verboseName, 'data-is-stacked': isStacked ? '1' : '0', ...(options.attrs ?? {}) } });
  }
  override get media(): Media {
    return js('SelectFilter2.js');
  }
}

/** A model choice field whose widget never lists the choices, so a form never loads the whole related table. */
class RawIdChoiceField extends ModelChoiceField {
  override get choicesLoaded(): boolean {
    return true;
  }
}
class RawIdMultipleChoiceField extends ModelMultipleChoiceField {
  override get choicesLoaded(): boolean {
    return true;
  }
}

/** The ModelAdmin options formfieldFor reads. */
export interface WidgetOptionsSource {
  rawIdFields: readonly string[];
  autocompleteFields: readonly string[];
  filterHorizontal: readonly string[];
  filterVertical: readonly string[];
  formfieldOverrides: ReadonlyMap<string, Partial<FieldOptions>> | Readonly<Record<string, Partial<FieldOptions>>>;
  adminSite: { name: string; registry?: ReadonlyMap<any, RelatedAdmin> };
  opts: { appLabel: string; modelName: string };
}

/** Django's formfield_for_dbfield: a related select registered on the site gets the add/change links. */
function wrapRelated(source: WidgetOptionsSource, dbField: db.Field, formfield: FormField | null): FormField | null {
  if (!formfield) return formfield;
  const model = (formfield as unknown as { queryset?: { model: any } }).queryset?.model;
  const admin = model ? source.adminSite.registry?.get(model) : undefined;
  if (!admin) return formfield;
  const toField = (dbField as db.ForeignKey).toField ?? model._meta.pk.name;
  formfield.widget = new RelatedFieldWidgetWrapper(formfield.widget, { model, toField, siteName: source.adminSite.name, admin });
  return formfield;
}

/** Django's FORMFIELD_FOR_DBFIELD_DEFAULTS, by model field type (widgets are built per field). */
const DEFAULTS: Record<string, () => Partial<FieldOptions> & { formClass?: new (o: any) => FormField }> = {
  DateTimeField: () => ({ formClass: SplitDateTimeField, widget: new AdminSplitDateTime() }),
  DateField: () => ({ widget: new AdminDateWidget() }),
  TimeField: () => ({ widget: new AdminTimeWidget() }),
  TextField: () => ({ widget: new AdminTextareaWidget() }),
  IntegerField: () => ({ widget: new AdminIntegerFieldWidget() }),
  BigIntegerField: () => ({ widget: new AdminIntegerFieldWidget() }),
  CharField: () => ({ widget: new AdminTextInputWidget() }),
};

function overridesFor(source: WidgetOptionsSource, type: string): Partial<FieldOptions> | undefined {
  const o = source.formfieldOverrides;
  return o instanceof Map ? o.get(type) : (o as Record<string, Partial<FieldOptions>>)[type];
}

/**
 * Django's ModelAdmin.formfield_for_dbfield: the admin's widget for each
 * model field; formfield_overrides (by field type, e.g. 'TextField') win
 * over the defaults, and a form's explicit options win over both.
 */
export function adminFormfield(source: WidgetOptionsSource, dbField: db.Field, options: FieldOptions = {}): FormField | null {
  const siteName = source.adminSite.name;
  const isFk = dbField instanceof db.ForeignKey;
  const isM2m = dbField instanceof db.ManyToManyField;
  if (isFk || isM2m) {
    const base = formfieldFor(dbField, options) as ModelChoiceField | ModelMultipleChoiceField | null;
    if (!base || 'widget' in options) return wrapRelated(source, dbField, base);
    const target = { field: dbField as db.ForeignKey, model: (base.queryset as { model: any }).model, siteName };
    if (source.rawIdFields.includes(dbField.name)) {
      const widget = isFk ? new ForeignKeyRawIdWidget(target) : new ManyToManyRawIdWidget(target);
      const Cls = isFk ? RawIdChoiceField : RawIdMultipleChoiceField;
      return new (Cls as any)(base.queryset, { ...options, required: base.required, label: base.label, helpText: base.helpText, widget, ...(isFk ? { toFieldName: (dbField as db.ForeignKey).toField ?? null, blank: dbField.blank } : {}) });
    }
    if (source.autocompleteFields.includes(dbField.name)) {
      const owner = { appLabel: source.opts.appLabel, modelName: source.opts.modelName, siteName };
      return wrapRelated(source, dbField, formfieldFor(dbField, { ...options, widget: isFk ? new AutocompleteSelect(dbField, owner) : new AutocompleteSelectMultiple(dbField, owner) }));
    }
    if (isM2m && (source.filterHorizontal.includes(dbField.name) || source.filterVertical.includes(dbField.name))) {
      return wrapRelated(source, dbField, formfieldFor(dbField, { ...options, widget: new FilteredSelectMultiple(dbField.verboseLabel, source.filterVertical.includes(dbField.name)) }));
    }
    return wrapRelated(source, dbField, base);
  }
  if (dbField.choices) return formfieldFor(dbField, options);
  const defaults = DEFAULTS[dbField.type]?.() ?? {};
  const merged: Partial<FieldOptions> & { formClass?: new (o: any) => FormField } = { ...defaults, ...(overridesFor(source, dbField.type) ?? {}), ...options };
  const { formClass, ...rest } = merged;
  if (formClass) {
    const plain = formfieldFor(dbField, {});
    if (!plain) return null;
    return new formClass({ required: plain.required, label: plain.label, helpText: plain.helpText, initial: plain.initial, showHiddenInitial: plain.showHiddenInitial, ...rest });
  }
  return formfieldFor(dbField, rest as FieldOptions);
}

/** Loads what the widgets show (raw-id labels, the related links' permissions) before rendering, which is synchronous. */
export async function prepareAdminWidgets(form: any, request?: unknown): Promise<void> {
  for (const [name, field] of Object.entries(form.fields as Record<string, FormField>)) {
    const widget = field.widget as unknown as { loadLabels?: (v: unknown) => Promise<void>; loadPermissions?: (r: unknown) => Promise<void> };
    if (typeof widget.loadLabels === 'function') await widget.loadLabels(form.get(name).value());
    if (request !== undefined && typeof widget.loadPermissions === 'function') await widget.loadPermissions(request);
  }
}
