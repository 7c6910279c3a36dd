/**
 * ModelAdmin (django.contrib.admin.options): the options of one model's
 * admin pages and its views: changelist, add and change (one change-form
 * view), delete with the cascade listed, and history. Every view checks the
 * per-model permission first and answers 403 (PermissionDenied) without data.
 */
import { FieldError, PermissionDenied, SuspiciousOperation, ValidationError, ValueError } from '../../core/exceptions';
import type { Field, ForeignKey } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import { ProtectedError } from '../../db/models/deletion';
import { modelformFactory, type BaseModelForm } from '../../forms/models';
import { HttpResponseRedirect } from '../../http/response';
import { TemplateResponse } from '../../http/templateresponse';
import { reverse } from '../../urls/index';
import { path, type URLEntry } from '../../urls/conf';
import { SUCCESS, WARNING } from '../messages/constants';
import { addMessage } from '../messages/api';
import { ChangeList, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR, searchQueryset } from './changelist';
import { dateHierarchy } from './date-hierarchy';
import { editableRows, pageFormset, saveChangelist } from './list-editable';
import { adminFormfield, adminScripts, prepareAdminWidgets } from './widgets';
import { popupResponseData } from './related-widget';
import { prepopulatedJson } from './prepopulated';
import type { Field as FormField, FieldOptions } from '../../forms/fields';
import { IncorrectLookupParameters, type ListFilterSpec } from './filters';
import { ADDITION, CHANGE, DELETION, LogEntry, changeMessageText, logAction } from './models';
import type { AdminSite } from './sites';
import type { AdminAction } from './actions';
import { getForModel } from '../contenttypes/models';
import { atomic } from '../../db/connection';
import { adminFieldsets } from './helpers';
import { allValid, constructChangeMessage, createFormsets, getInlineInstances, inlineAdminFormsets, inlineErrorCount, type InlineClass, type InlineModelAdmin } from './inlines';
import { staticUrl } from '../staticfiles/templatetags';
import { capfirst, collectDeleted, displayValue, quote, unquote, type DisplayFn } from './utils';

export type ListDisplayEntry = string | DisplayFn;
/** A fieldsets entry: [name or null, { fields (a nested list shows fields on one line), classes, description }]. */
export type Fieldset = readonly [string | null, { fields: ReadonlyArray<string | readonly string[]>; classes?: readonly string[]; description?: string }];

/** The options a ModelAdmin takes (Django's names in camelCase). */
export interface ModelAdminOptions {
  listDisplay?: readonly ListDisplayEntry[];
  listDisplayLinks?: readonly ListDisplayEntry[] | null;
  listFilter?: readonly ListFilterSpec[];
  listSelectRelated?: boolean | readonly string[];
  listPerPage?: number;
  listMaxShowAll?: number;
  searchFields?: readonly string[];
  ordering?: readonly string[] | null;
  showFullResultCount?: boolean;
  fields?: ReadonlyArray<string | readonly string[]> | null;
  exclude?: readonly string[] | null;
  fieldsets?: readonly Fieldset[] | null;
  readonlyFields?: readonly string[];
  form?: typeof BaseModelForm;
  emptyValueDisplay?: string;
  saveOnTop?: boolean;
  changeListTemplate?: string | null;
  changeFormTemplate?: string | null;
  deleteConfirmationTemplate?: string | null;
  objectHistoryTemplate?: string | null;
  popupResponseTemplate?: string | null;
  /** Actions besides the site's (delete_selected); null disables every action. */
  actions?: readonly AdminAction[] | null;
  actionsOnTop?: boolean;
  actionsOnBottom?: boolean;
  /** Inline classes (TabularInline / StackedInline subclasses) edited on the add and change pages. */
  inlines?: readonly InlineClass[];
  /** A DateField/DateTimeField: the year → month → day links above the list. */
  dateHierarchy?: string | null;
  /** Fields edited in the list's rows (each must be in listDisplay and not a link). */
  listEditable?: readonly string[];
  /** Field → the fields it is filled from on the add page (a slug from a title). */
  prepopulatedFields?: Readonly<Record<string, readonly string[]>>;
  rawIdFields?: readonly string[];
  autocompleteFields?: readonly string[];
  filterHorizontal?: readonly string[];
  filterVertical?: readonly string[];
  /** Model field type ('TextField', 'DateTimeField' ...) → form field options (e.g. a widget). */
  formfieldOverrides?: Readonly<Record<string, Partial<FieldOptions>>>;
  /** "Save as new" on the change page. */
  saveAs?: boolean;
  saveAsContinue?: boolean;
  /** true (the model's getAbsoluteUrl), false, or a function of the object giving its URL. */
  viewOnSite?: boolean | ((obj: any) => string | null);
}

type Request = any;

export class ModelAdmin implements Required<Omit<ModelAdminOptions, 'form'>> {
  listDisplay: readonly ListDisplayEntry[] = ['__str__'];
  listDisplayLinks: readonly ListDisplayEntry[] | null = null;
  listFilter: readonly ListFilterSpec[] = [];
  listSelectRelated: boolean | readonly string[] = false;
  listPerPage = 100;
  listMaxShowAll = 200;
  searchFields: readonly string[] = [];
  ordering: readonly string[] | null = null;
  showFullResultCount = true;
  fields: ReadonlyArray<string | readonly string[]> | null = null;
  exclude: readonly string[] | null = null;
  fieldsets: readonly Fieldset[] | null = null;
  readonlyFields: readonly string[] = [];
  form: typeof BaseModelForm | undefined = undefined;
  emptyValueDisplay = '-';
  saveOnTop = false;
  changeListTemplate: string | null = null;
  changeFormTemplate: string | null = null;
  deleteConfirmationTemplate: string | null = null;
  objectHistoryTemplate: string | null = null;
  popupResponseTemplate: string | null = null;
  actions: readonly AdminAction[] | null = [];
  actionsOnTop = true;
  actionsOnBottom = false;
  inlines: readonly InlineClass[] = [];
  dateHierarchy: string | null = null;
  listEditable: readonly string[] = [];
  prepopulatedFields: Readonly<Record<string, readonly string[]>> = {};
  rawIdFields: readonly string[] = [];
  autocompleteFields: readonly string[] = [];
  filterHorizontal: readonly string[] = [];
  filterVertical: readonly string[] = [];
  formfieldOverrides: Readonly<Record<string, Partial<FieldOptions>>> = {};
  saveAs = false;
  saveAsContinue = true;
  viewOnSite: boolean | ((obj: any) => string | null) = true;

  readonly opts: Options;

  constructor(
    readonly model: any,
    readonly adminSite: AdminSite,
  ) {
    this.opts = model._meta;
  }

  toString(): string {
    return `${this.opts.appLabel}.${this.constructor.name}`;
  }

  // --- permissions (Django's has_*_permission) ---------------------------

  private perm(action: string): string {
    return `${this.opts.appLabel}.${action}_${this.opts.modelName}`;
  }
  async hasAddPermission(request: Request): Promise<boolean> {
    return !!(await request.user?.hasPerm?.(this.perm('add')));
  }
  async hasChangePermission(request: Request, _obj?: unknown): Promise<boolean> {
    return !!(await request.user?.hasPerm?.(this.perm('change')));
  }
  async hasDeletePermission(request: Request, _obj?: unknown): Promise<boolean> {
    return !!(await request.user?.hasPerm?.(this.perm('delete')));
  }
  async hasViewPermission(request: Request, obj?: unknown): Promise<boolean> {
    return !!(await request.user?.hasPerm?.(this.perm('view'))) || (await this.hasChangePermission(request, obj));
  }
  async hasViewOrChangePermission(request: Request, obj?: unknown): Promise<boolean> {
    return (await this.hasViewPermission(request, obj)) || (await this.hasChangePermission(request, obj));
  }
  async hasModulePermission(request: Request): Promise<boolean> {
    return !!(await request.user?.hasModulePerms?.(this.opts.appLabel));
  }
  /** Django's get_model_perms. */
  async getModelPerms(request: Request): Promise<{ add: boolean; change: boolean; delete: boolean; view: boolean }> {
    return {
      add: await this.hasAddPermission(request),
      change: await this.hasChangePermission(request),
      delete: await this.hasDeletePermission(request),
      view: await this.hasViewPermission(request),
    };
  }

  // --- hooks ------------------------------------------------------------

  /** Django's get_queryset: the rows every view starts from. */
  getQueryset(_request: Request): any {
    let qs = this.model.objects.all();
    const ordering = this.ordering ?? [];
    if (ordering.length) qs = qs.orderBy(...ordering);
    return qs;
  }
  getReadonlyFields(_request: Request, _obj?: unknown): readonly string[] {
    return this.readonlyFields;
  }
  getListDisplay(_request: Request): readonly ListDisplayEntry[] {
    return this.listDisplay;
  }
  getListEditable(_request: Request): readonly string[] {
    return this.listEditable;
  }
  getSearchFields(_request: Request): readonly string[] {
    return this.searchFields;
  }
  /** Django's get_search_results: the rows matching every bit of the term. */
  getSearchResults(request: Request, queryset: any, term: string): any {
    return searchQueryset(queryset, this.getSearchFields(request), term);
  }
  /** Django's response_add goes on to the change page with "Save and continue editing" (UserAdmin: always). */
  continuesAfterAdd(request: Request): boolean {
    return request.POST.has('_continue');
  }
  getPrepopulatedFields(_request: Request, _obj?: unknown): Readonly<Record<string, readonly string[]>> {
    return this.prepopulatedFields;
  }
  /** Django's formfield_for_dbfield: the admin's widgets (dates, raw ids, autocomplete, filter_horizontal) and formfield_overrides. */
  formfieldForDbfield(dbField: Field, _request: Request, options: FieldOptions = {}): FormField | null {
    return adminFormfield(this, dbField, options);
  }
  /** Django's get_view_on_site_url: the object's public URL, or null. */
  getViewOnSiteUrl(obj: any): string | null {
    if (!obj || this.viewOnSite === false) return null;
    if (typeof this.viewOnSite === 'function') return this.viewOnSite(obj);
    return typeof obj.getAbsoluteUrl === 'function' ? String(obj.getAbsoluteUrl()) : null;
  }
  /**
   * Django's to_field_allowed: `_to_field` may name the primary key or a
   * field some relation points at; anything else could leak other columns.
   */
  toFieldAllowed(toField: string): boolean {
    const opts = this.opts;
    if (toField === 'pk' || toField === opts.pk.name) return true;
    const f = opts.fieldsByName.get(toField);
    if (!f) return false;
    for (const [model] of this.adminSite.registry) {
      for (const rel of model._meta.fields as Field[]) {
        if ((rel.type === 'ForeignKey' || rel.type === 'OneToOneField') && (rel as ForeignKey).toField === toField) {
          try {
            if (model._meta.target(rel as ForeignKey) === opts) return true;
          } catch {
            // an unresolved relation points at nothing
          }
        }
      }
    }
    return false;
  }
  /**
   * Django's lookup_allowed: a lookup that crosses more than one relation
   * (e.g. 'question__question_text') needs a list_filter entry; unknown
   * fields pass here and fail when filtering (the changelist then redirects to ?e=1).
   */
  lookupAllowed(lookup: string): boolean {
    const parts = lookup.split('__');
    let opts: Options = this.opts;
    let prev: Field | null = null;
    const relationParts: string[] = [];
    for (const part of parts) {
      const field: Field | undefined = part === 'pk' ? opts.pk : (opts.fieldsByName.get(part) ?? opts.manyToMany.find((m) => m.name === part));
      if (!field) break;
      const isRelation = field.type === 'ForeignKey' || field.type === 'OneToOneField' || field.type === 'ManyToManyField';
      if (!prev || field !== opts.pk) relationParts.push(part);
      if (!isRelation) break;
      prev = field;
      opts = opts.target(field as ForeignKey);
    }
    if (relationParts.length <= 1) return true;
    const valid = this.listFilter.filter((f): f is string => typeof f === 'string');
    const joined = relationParts.join('__');
    return valid.some((v) => v === joined || joined.startsWith(v + '__') || v.startsWith(joined));
  }

  /** The form fields (Django's get_fields): the fieldsets' or `fields`, else every editable field. */
  getFields(request: Request, obj?: unknown): string[] {
    if (this.fieldsets) return this.fieldsets.flatMap(([, o]) => o.fields.flatMap((l) => (typeof l === 'string' ? [l] : [...l])));
    if (this.fields) return this.fields.flatMap((l) => (typeof l === 'string' ? [l] : [...l]));
    const readonly = new Set(this.getReadonlyFields(request, obj));
    const exclude = new Set(this.exclude ?? []);
    const editable = [...this.opts.fields, ...this.opts.manyToMany].filter((f) => f.editable && !(f as Field).auto && !exclude.has(f.name)).map((f) => f.name);
    return [...editable, ...[...readonly].filter((r) => !editable.includes(r))];
  }
  getFieldsets(request: Request, obj?: unknown): Fieldset[] {
    if (this.fieldsets) return [...this.fieldsets];
    const fields = this.fields ?? this.getFields(request, obj);
    return [[null, { fields }]];
  }

  /** Django's get_form: a ModelForm over the editable, non-readonly fields. */
  getForm(request: Request, obj: unknown, readonlyAll: boolean): any {
    const readonly = new Set(readonlyAll ? this.getFields(request, obj) : this.getReadonlyFields(request, obj));
    const editable = new Set([...this.opts.fields, ...this.opts.manyToMany].filter((f) => f.editable).map((f) => f.name));
    const fields = this.getFields(request, obj).filter((f) => !readonly.has(f) && editable.has(f));
    return modelformFactory(this.model, {
      fields,
      ...(this.exclude ? { exclude: this.exclude } : {}),
      ...(this.form ? { form: this.form } : {}),
      formfieldCallback: (f: Field, o: FieldOptions) => this.formfieldForDbfield(f, request, o),
    } as any);
  }

  /** Django's get_inlines: the inline classes for this request and object. */
  getInlines(_request: Request, _obj?: unknown): readonly InlineClass[] {
    return this.inlines;
  }
  /** Django's get_inline_instances (see inlines.ts). */
  getInlineInstances(request: Request, obj?: unknown): Promise<InlineModelAdmin[]> {
    return getInlineInstances(this, request, obj ?? null);
  }
  /** Django's get_formsets_with_inlines: [FormSet class, inline] pairs. */
  async getFormsetsWithInlines(request: Request, obj?: unknown): Promise<Array<[Awaited<ReturnType<InlineModelAdmin['getFormset']>>, InlineModelAdmin]>> {
    const out: Array<[Awaited<ReturnType<InlineModelAdmin['getFormset']>>, InlineModelAdmin]> = [];
    for (const inline of await this.getInlineInstances(request, obj)) out.push([await inline.getFormset(request, obj ?? null), inline]);
    return out;
  }
  /** Django's save_formset: saves one inline formset (override to touch the objects first). */
  async saveFormset(_request: Request, _form: unknown, formset: { save(): Promise<unknown> }, _change: boolean): Promise<void> {
    await formset.save();
  }

  // --- URLs ---------------------------------------------------------------

  /** Django's ModelAdmin.get_urls: this model's views, mounted by the site under '<app>/<model>/'. */
  getUrls(): URLEntry[] {
    const wrap = <P>(v: (request: Request, params: P) => unknown) => this.adminSite.adminView(v);
    const { appLabel, modelName } = this.opts;
    const n = (v: string) => ({ name: `${appLabel}_${modelName}_${v}` });
    return [
      path('', wrap((r) => this.changelistView(r)), n('changelist')),
      path('add/', wrap((r) => this.addView(r)), n('add')),
      path('<path:object_id>/history/', wrap((r, p: { object_id: string }) => this.historyView(r, p.object_id)), n('history')),
      path('<path:object_id>/delete/', wrap((r, p: { object_id: string }) => this.deleteView(r, p.object_id)), n('delete')),
      path('<path:object_id>/change/', wrap((r, p: { object_id: string }) => this.changeView(r, p.object_id)), n('change')),
      // Django's RedirectView(pattern_name=change): the old object URL.
      path('<path:object_id>/', wrap((_r, p: { object_id: string }) => new HttpResponseRedirect(this.url('change', [p.object_id])))),
    ];
  }

  urlName(view: string): string {
    return `${this.adminSite.name}:${this.opts.appLabel}_${this.opts.modelName}_${view}`;
  }
  url(view: string, args: unknown[] = []): string {
    return reverse(this.urlName(view), { args, currentApp: this.adminSite.name });
  }

  /** Django's get_object: null for an unknown or malformed key. */
  async getObject(request: Request, objectId: string): Promise<any | null> {
    const id = unquote(objectId);
    const pk = this.opts.pk;
    if (/Auto|Integer/.test(pk.type) && !/^-?\d+$/.test(id)) return null;
    try {
      return await this.getQueryset(request).filter({ pk: id }).first();
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ValueError) return null;
      throw e;
    }
  }

  private notFound(request: Request, objectId: string): HttpResponseRedirect {
    addMessage(request, WARNING, `${capfirst(this.opts.verboseName)} with ID “${unquote(objectId)}” doesn’t exist. Perhaps it was deleted?`, { failSilently: true });
    return new HttpResponseRedirect(reverse(`${this.adminSite.name}:index`, { currentApp: this.adminSite.name }));
  }

  private templates(own: string | null, name: string): string[] {
    const { appLabel, modelName } = this.opts;
    return own ? [own] : [`admin/${appLabel}/${modelName}/${name}`, `admin/${appLabel}/${name}`, `admin/${name}`];
  }

  private async baseContext(request: Request, title: string): Promise<Record<string, unknown>> {
    return {
      ...(await this.adminSite.eachContext(request)),
      title,
      opts: this.opts,
      module_name: this.opts.verboseNamePlural,
      app_label: this.opts.appLabel,
      app_verbose_name: this.adminSite.appVerboseName(this.opts.appLabel),
      app_list_url: reverse(`${this.adminSite.name}:app_list`, { kwargs: { app_label: this.opts.appLabel }, currentApp: this.adminSite.name }),
      changelist_url: this.url('changelist'),
      verbose_name: this.opts.verboseName,
      verbose_name_plural: this.opts.verboseNamePlural,
    };
  }

  /** The message text of Django's views: 'The question “What's up?” was added successfully.' */
  private say(request: Request, text: string): void {
    addMessage(request, SUCCESS, text, { failSilently: true });
  }

  /** Django's get_actions: the site's and this admin's actions the user has the permissions for, by name. */
  async getActions(request: Request): Promise<Map<string, { fn: AdminAction; description: string }>> {
    const out = new Map<string, { fn: AdminAction; description: string }>();
    if (this.actions === null) return out;
    for (const fn of [...this.adminSite.actions, ...this.actions]) {
      let allowed = true;
      for (const p of fn.allowedPermissions ?? []) {
        const check = (this as unknown as Record<string, (r: Request) => Promise<boolean>>)[`has${p.charAt(0).toUpperCase()}${p.slice(1)}Permission`];
        if (!check || !(await check.call(this, request))) allowed = false;
      }
      if (!allowed) continue;
      const name = fn.actionName ?? fn.name;
      const description = (fn.shortDescription ?? capfirst(name.replace(/_/g, ' '))).replace('%(verbose_name_plural)s', this.opts.verboseNamePlural).replace('%(verbose_name)s', this.opts.verboseName);
      out.set(name, { fn, description });
    }
    return out;
  }

  /** The context every model page starts from (site context, opts, names and URLs). */
  contextFor(request: Request, title: string): Promise<Record<string, unknown>> {
    return this.baseContext(request, title);
  }

  /** Django's response_action: runs the chosen action on the selected rows (or all, with select_across). */
  private async responseAction(request: Request, queryset: any, actions: Map<string, { fn: AdminAction; description: string }>): Promise<unknown | null> {
    const name = String(request.POST.get('action') ?? '');
    const chosen = actions.get(name);
    if (!chosen) {
      addMessage(request, WARNING, 'No action selected.', { failSilently: true });
      return null;
    }
    const selectAcross = request.POST.get('select_across') === '1';
    let selected: string[] = (request.POST.getlist('_selected_action') as string[]).map(String);
    if (/Auto|Integer/.test(this.opts.pk.type)) selected = selected.filter((v) => /^-?\d+$/.test(v));
    if (!selected.length && !selectAcross) {
      addMessage(request, WARNING, 'Items must be selected in order to perform actions on them. No items have been changed.', { failSilently: true });
      return null;
    }
    const qs = selectAcross ? queryset : queryset.filter({ pk__in: selected });
    const response = await chosen.fn(this, request, qs);
    return response ?? new HttpResponseRedirect(request.getFullPath());
  }

  // --- views --------------------------------------------------------------

  /** Django's changelist_view. */
  async changelistView(request: Request): Promise<unknown> {
    if (!(await this.hasViewOrChangePermission(request))) throw new PermissionDenied();
    const toField = request.GET.get(TO_FIELD_VAR);
    if (toField !== null && !this.toFieldAllowed(String(toField))) throw new DisallowedModelAdminToField(`The field ${String(toField)} cannot be referenced.`);
    const isPopup = request.GET.has(IS_POPUP_VAR);
    // Django's get_actions: none in a popup (the list there only picks an object).
    const actions = isPopup ? new Map<string, { fn: AdminAction; description: string }>() : await this.getActions(request);
    const ownDisplay = this.getListDisplay(request);
    const listDisplay = actions.size ? ['action_checkbox', ...ownDisplay] : ownDisplay;
    const cl = new ChangeList(request, this, listDisplay, this.listDisplayLinks ?? ownDisplay.slice(0, 1));
    try {
      await cl.load();
    } catch (e) {
      if (!(e instanceof IncorrectLookupParameters) && !isBadLookup(e)) throw e;
      // Django: an unusable filter sends the user to ?e=1; with ?e=1 already, the error page.
      if (request.GET.keys().includes(ERROR_FLAG)) {
        return new TemplateResponse(request, 'admin/invalid_setup.html', { ...(await this.baseContext(request, 'Database error')) }, { status: 200 });
      }
      return new HttpResponseRedirect(`${request.path}?${ERROR_FLAG}=1`);
    }
    // Django: an action posted from the list (index) or from its confirmation page (_selected_action).
    if (actions.size && request.method === 'POST' && !request.POST.keys().includes('_save')) {
      const keys: string[] = request.POST.keys();
      if (keys.includes('index') || keys.includes('_selected_action')) {
        const response = await this.responseAction(request, cl.queryset, actions);
        return response ?? new HttpResponseRedirect(request.getFullPath());
      }
    }
    const editable = isPopup ? [] : this.getListEditable(request);
    let formset: any = null;
    if (editable.length && request.method === 'POST' && request.POST.has('_save')) {
      const saved = await saveChangelist(this, request);
      if ('response' in saved) return saved.response;
      formset = saved.formset;
    }
    const canChange = await this.hasChangePermission(request);
    const canView = canChange || (await this.hasViewPermission(request));
    if (editable.length && !formset && canChange) formset = await pageFormset(this, request, cl);
    const headers = cl.headers();
    const icons = { true: iconUrl('yes'), false: iconUrl('no'), null: iconUrl('unknown') };
    const popupKey = (obj: any) => String(toField && toField !== 'pk' ? obj[String(toField)] : obj.pk);
    let rows: any[][] = (await cl.rows((obj) => (canView ? this.url('change', [quote(obj.pk)]) : null))).map((row, i) =>
      row.map((cell) => {
        const out: any = cell.isBoolean ? { ...cell, icon: icons[String(cell.boolean) as 'true' | 'false' | 'null'], alt: cell.boolean === null ? 'None' : cell.boolean ? 'True' : 'False' } : { ...cell };
        // Django's popup list: a link carries the chosen key back to the opener (RelatedObjectLookups.js).
        if (isPopup && out.link) out.popup = popupKey(cl.results[i]);
        return out;
      }),
    );
    let hiddenFields: unknown[] = [];
    if (formset) ({ rows, hidden: hiddenFields } = editableRows(rows, listDisplay, editable, formset));
    const filters = [];
    for (const f of cl.filterSpecs) if (f.hasOutput()) filters.push({ title: f.title, choices: await f.choices(cl) });
    const name = cl.resultCount === 1 ? this.opts.verboseName : this.opts.verboseNamePlural;
    const ctx = {
      ...(await this.baseContext(request, `Select ${this.opts.verboseName} to ${canChange ? 'change' : 'view'}`)),
      cl,
      headers,
      rows,
      filters,
      has_filters: filters.length > 0,
      search_fields: this.searchFields.length > 0,
      query: cl.query,
      result_count: cl.resultCount,
      result_count_name: name,
      full_result_count: cl.fullResultCount,
      show_full_count: cl.fullResultCount !== null && cl.fullResultCount !== cl.resultCount,
      full_count_name: cl.fullResultCount === 1 ? this.opts.verboseName : this.opts.verboseNamePlural,
      clear_search_url: cl.getQueryString({}, ['q']),
      pages: cl.multiPage && !cl.showAll ? cl.pageRange() : [],
      show_all_url: cl.canShowAll && cl.multiPage && !cl.showAll ? cl.getQueryString({ all: '' }) : '',
      hidden_params: [...cl.params].filter(([k]) => k !== 'q' && k !== 'p' && k !== 'e'),
      has_add_permission: await this.hasAddPermission(request),
      add_url: this.url('add'),
      action_choices: [...actions].map(([name, a]) => ({ name, description: a.description })),
      actions_on_top: actions.size > 0 && this.actionsOnTop,
      actions_on_bottom: actions.size > 0 && this.actionsOnBottom,
      // Django's actions counter: "0 of 100 selected" and "Select all 123 questions" across pages.
      selection_note: `0 of ${cl.results.length} selected`,
      selection_note_all: `All ${cl.resultCount} selected`,
      select_all_text: `Select all ${cl.resultCount} ${cl.resultCount === 1 ? this.opts.verboseName : this.opts.verboseNamePlural}`,
      show_select_all: cl.resultCount !== cl.results.length,
      date_hierarchy: this.dateHierarchy ? await dateHierarchy(cl, this.dateHierarchy) : null,
      formset,
      formset_errors: formset && formset.isBound ? formset.totalErrorCount() : 0,
      result_hidden_fields: hiddenFields,
      is_popup: isPopup,
      to_field: toField,
      media: formset ? formset.media : '',
      admin_scripts: adminScripts(...(actions.size ? ['actions.js'] : []), ...(isPopup ? ['RelatedObjectLookups.js'] : [])),
    };
    return new TemplateResponse(request, this.templates(this.changeListTemplate, 'change_list.html'), ctx);
  }

  addView(request: Request): Promise<unknown> {
    return this.changeformView(request, null);
  }

  async changeView(request: Request, objectId: string): Promise<unknown> {
    return this.changeformView(request, objectId);
  }

  /** Django's _changeform_view: add when objectId is null, else change (or view only). */
  async changeformView(request: Request, objectId: string | null): Promise<unknown> {
    const post = request.method === 'POST';
    // Django's save_as: "Save as new" posts the change form to the add path.
    const saveAsNew = post && objectId !== null && this.saveAs && request.POST.has('_saveasnew');
    if (saveAsNew) {
      const original = await this.getObject(request, objectId!);
      if (original === null) return this.notFound(request, objectId!);
      if (!(await this.hasChangePermission(request, original))) throw new PermissionDenied();
      objectId = null;
    }
    const add = objectId === null;
    let obj: any = null;
    if (add) {
      if (!(await this.hasAddPermission(request))) throw new PermissionDenied();
    } else {
      obj = await this.getObject(request, objectId!);
      if (post ? !(await this.hasChangePermission(request, obj)) : !(await this.hasViewOrChangePermission(request, obj))) throw new PermissionDenied();
      if (obj === null) return this.notFound(request, objectId!);
    }
    // Django's popup mode: the form was opened by a related widget's link and answers it after saving.
    const isPopup = request.POST.has(IS_POPUP_VAR) || request.GET.has(IS_POPUP_VAR);
    const toField = (request.POST.get(TO_FIELD_VAR) ?? request.GET.get(TO_FIELD_VAR)) as string | null;
    if (toField && !this.toFieldAllowed(String(toField))) throw new DisallowedModelAdminToField(`The field ${String(toField)} cannot be referenced.`);
    const canChange = add || (await this.hasChangePermission(request, obj));
    const Form = this.getForm(request, obj, !canChange);
    const opts = this.opts;
    let form: any;
    let formsets: Awaited<ReturnType<typeof createFormsets>>;
    if (post) {
      form = new Form(request.POST, request.FILES, obj ? { instance: obj } : {});
      await form.prepare?.(); // a plain form (UserAdmin's add form) has no choices to load
      formsets = await createFormsets(this, request, add ? form.instance : obj, !add);
      const formValid = await form.isValid();
      // Django's changeform_view: the parent and every inline are written in one transaction, or nothing is.
      if ((await allValid(formsets)) && formValid) {
        const saved = await atomic(async () => {
          const saved = await form.save();
          for (const { formset } of formsets) await this.saveFormset(request, form, formset, !add);
          await logAction(request.user, saved, add ? ADDITION : CHANGE, constructChangeMessage(form, formsets, add));
          return saved;
        });
        const what = `The ${opts.verboseName} “${String(saved)}” was ${add ? 'added' : 'changed'} successfully.`;
        const pkUrl = quote(saved.pk);
        if (isPopup) return this.popupResponse(request, saved, toField, add ? 'add' : 'change', objectId);
        if (request.POST.has('_continue') || (saveAsNew && this.saveAsContinue) || (add && this.continuesAfterAdd(request))) {
          this.say(request, `${what} You may edit it again below.`);
          return new HttpResponseRedirect(this.url('change', [pkUrl]));
        }
        if (request.POST.keys().includes('_addanother')) {
          this.say(request, `${what} You may add another ${opts.verboseName} below.`);
          return new HttpResponseRedirect(this.url('add'));
        }
        this.say(request, what);
        if (await this.hasViewOrChangePermission(request)) return new HttpResponseRedirect(this.url('changelist'));
        return new HttpResponseRedirect(reverse(`${this.adminSite.name}:index`, { currentApp: this.adminSite.name }));
      }
    } else {
      const initial: Record<string, unknown> = {};
      if (add) for (const k of request.GET.keys()) initial[k] = request.GET.get(k);
      form = new Form(null, null, obj ? { instance: obj, initial } : { initial });
      await form.prepare?.();
      formsets = await createFormsets(this, request, add ? form.instance : obj, !add);
    }
    await prepareAdminWidgets(form, request);
    const readonly = new Set(canChange ? this.getReadonlyFields(request, obj) : this.getFields(request, obj));
    const fieldsets = await adminFieldsets(form, obj, this.getFieldsets(request, obj), readonly, this, post);
    const inlineFormsets = await inlineAdminFormsets(this, request, formsets, obj, add);
    const verb = add ? 'Add' : canChange ? 'Change' : 'View';
    const errorCount = post ? [...(form.errors as Map<string, { data: unknown[] }>).values()].reduce((n, e) => n + e.data.length, 0) + inlineErrorCount(formsets) : 0;
    const ctx = {
      ...(await this.baseContext(request, `${verb} ${opts.verboseName}`)),
      add,
      change: !add,
      original: obj,
      object_id: objectId,
      subtitle: obj ? String(obj) : null,
      form,
      fieldsets,
      errors: post ? form.nonFieldErrors() : null,
      error_count: errorCount,
      is_multipart: form.isMultipart() || formsets.some(({ formset }) => formset.isMultipart()),
      inline_admin_formsets: inlineFormsets,
      has_add_permission: await this.hasAddPermission(request),
      has_change_permission: canChange,
      has_delete_permission: !add && (await this.hasDeletePermission(request, obj)),
      has_editable: canChange,
      save_on_top: this.saveOnTop,
      // Django's submit_row: with save_as, "Save as new" replaces "Save and add another" on the change page.
      show_save_as_new: !isPopup && !add && canChange && this.saveAs && (await this.hasAddPermission(request)),
      show_save_and_add_another: !isPopup && !(this.saveAs && !add),
      is_popup: isPopup,
      to_field: toField,
      view_on_site_url: obj && !add ? this.getViewOnSiteUrl(obj) : null,
      media: form.media,
      admin_scripts: adminScripts(
        ...(Object.keys(this.getPrepopulatedFields(request, obj)).length && add ? ['urlify.js', 'prepopulate_init.js'] : []),
        ...(inlineFormsets.length ? ['inlines.js'] : []),
      ),
      prepopulated_json: add && canChange ? prepopulatedJson(form, this.getPrepopulatedFields(request, obj)) : '',
      history_url: obj ? this.url('history', [quote(obj.pk)]) : null,
      delete_url: obj ? this.url('delete', [quote(obj.pk)]) : null,
    };
    return new TemplateResponse(request, this.templates(this.changeFormTemplate, 'change_form.html'), ctx);
  }

  /** Django's popup_response.html: a page whose script hands the saved object's key and name to the opener's select. */
  private popupResponse(request: Request, obj: any, toField: string | null, action: 'add' | 'change', objectId: string | null): unknown {
    const data = popupResponseData(obj, toField, action, objectId ?? undefined);
    return new TemplateResponse(request, this.templates(this.popupResponseTemplate, 'popup_response.html'), { popup_response_data: data, admin_scripts: adminScripts('RelatedObjectLookups.js') });
  }

  /** Django's delete_view: the confirmation page lists the cascade; POST deletes. */
  async deleteView(request: Request, objectId: string): Promise<unknown> {
    const obj = await this.getObject(request, objectId);
    if (!(await this.hasDeletePermission(request, obj))) throw new PermissionDenied();
    if (obj === null) return this.notFound(request, objectId);
    const opts = this.opts;
    let groups: Awaited<ReturnType<typeof collectDeleted>> = [];
    let protectedObjs: string[] = [];
    try {
      groups = await collectDeleted(opts, [obj]);
    } catch (e) {
      if (!(e instanceof ProtectedError)) throw e;
      protectedObjs = ((e as ProtectedError & { protectedObjects?: unknown[] }).protectedObjects ?? []).map((o: any) => `${capfirst(o.constructor._meta.verboseName)}: ${String(o)}`);
      if (!protectedObjs.length) protectedObjs = [e.message];
    }
    // Every other model the cascade reaches needs its delete permission too.
    const permsNeeded: string[] = [];
    for (const g of groups) {
      if (g.opts === opts) continue;
      const admin = this.adminSite.registry.get(g.opts.model);
      if (admin && !(await admin.hasDeletePermission(request))) permsNeeded.push(g.opts.verboseName);
    }
    if (request.method === 'POST' && !protectedObjs.length && !permsNeeded.length) {
      const repr = String(obj);
      await logAction(request.user, obj, DELETION, '');
      await obj.delete();
      this.say(request, `The ${opts.verboseName} “${repr}” was deleted successfully.`);
      if (await this.hasViewOrChangePermission(request)) return new HttpResponseRedirect(this.url('changelist'));
      return new HttpResponseRedirect(reverse(`${this.adminSite.name}:index`, { currentApp: this.adminSite.name }));
    }
    const summary = groups.map((g) => ({ name: g.objects.length === 1 ? g.opts.verboseName : g.opts.verboseNamePlural, count: g.objects.length }));
    const deleted = groups.flatMap((g) => {
      const admin = this.adminSite.registry.get(g.opts.model);
      return g.objects.map((o) => ({
        label: `${capfirst(g.opts.verboseName)}: ${String(o)}`,
        url: admin ? reverse(`${this.adminSite.name}:${g.opts.appLabel}_${g.opts.modelName}_change`, { args: [quote(o.pk)], currentApp: this.adminSite.name }) : null,
      }));
    });
    const ctx = {
      ...(await this.baseContext(request, protectedObjs.length || permsNeeded.length ? 'Cannot delete ' + opts.verboseName : 'Are you sure?')),
      object: obj,
      object_name: opts.verboseName,
      object_url: this.url('change', [quote(obj.pk)]),
      summary,
      deleted_objects: deleted,
      perms_lacking: permsNeeded,
      protected: protectedObjs,
    };
    return new TemplateResponse(request, this.templates(this.deleteConfirmationTemplate, 'delete_confirmation.html'), ctx);
  }

  /** Django's history_view: the object's LogEntry rows, oldest first. */
  async historyView(request: Request, objectId: string): Promise<unknown> {
    const obj = await this.getObject(request, objectId);
    if (!(await this.hasViewOrChangePermission(request, obj))) throw new PermissionDenied();
    if (obj === null) return this.notFound(request, objectId);
    const ct = await getForModel(this.model);
    const entries = await (LogEntry.objects as any)
      .filter({ object_id: String(obj.pk), content_type: ct.pk })
      .selectRelated('user')
      .orderBy('action_time', 'pk')
      .fetch();
    const actions = entries.map((e: any) => ({
      time: displayValue(e.action_time, null, ''),
      iso: e.action_time instanceof Date ? e.action_time.toISOString() : String(e.action_time),
      user: String(e.user?.username ?? e.user_id),
      message: changeMessageText(e),
      flag: e.action_flag,
    }));
    const ctx = {
      ...(await this.baseContext(request, `Change history: ${String(obj)}`)),
      object: obj,
      object_url: this.url('change', [quote(obj.pk)]),
      action_list: actions,
    };
    return new TemplateResponse(request, this.templates(this.objectHistoryTemplate, 'object_history.html'), ctx);
  }
}

/** Django's DisallowedModelAdminToField: a `_to_field` no relation uses (a 400). */
export class DisallowedModelAdminToField extends SuspiciousOperation {
  override name = 'DisallowedModelAdminToField';
}

/** A boolean icon's URL ('' when static files cannot be resolved). */
function iconUrl(name: string): string {
  return staticOrEmpty(`admin/img/icon-${name}.svg`);
}

/** A static file's URL, '' when static files cannot be resolved (no STATIC_URL). */
function staticOrEmpty(path: string): string {
  try {
    return staticUrl(path);
  } catch {
    return '';
  }
}

/** The errors a bad filter value causes while the query runs (Django catches these as IncorrectLookupParameters). */
function isBadLookup(e: unknown): boolean {
  const name = (e as Error)?.name ?? '';
  return e instanceof ValidationError || e instanceof ValueError || e instanceof FieldError || name === 'DataError';
}
