/**
 * ModelAdmin.list_editable (Django's changelist formset): a model formset
 * over the page's objects with only the list_editable fields, rendered in
 * the rows, with the management form and a Save button.
 *
 * 1. POST with `_save`: the change permission is checked, the formset is
 *    bound to the objects whose keys were posted (Django's
 *    _get_list_editable_queryset), validated as a whole.
 * 2. Valid: only the forms that changed are saved, each logged as a CHANGE,
 *    in one transaction; then "N questions were changed successfully."
 * 3. Invalid: nothing is saved and the list is shown again with the errors
 *    in their rows.
 */
import { PermissionDenied } from '../../core/exceptions';
import { ADDING } from '../../db/models/state';
import { atomic } from '../../db/connection';
import { modelFormsetFactory, type BaseModelFormSet } from '../../forms/models';
import { HttpResponseRedirect } from '../../http/response';
import { SafeString } from '../../template/safe';
import { SUCCESS } from '../messages/constants';
import { addMessage } from '../messages/api';
import type { Cell } from './changelist';
import { CHANGE, logAction } from './models';
import type { ModelAdmin } from './options';
import { fieldVerboseName } from './utils';

type Request = any;

/** Django's get_changelist_formset: the list_editable fields only, no extra forms. */
export function changelistFormset(admin: ModelAdmin, request: Request): typeof BaseModelFormSet {
  return modelFormsetFactory(admin.model, { fields: admin.getListEditable(request), extra: 0, formfieldCallback: (f, o) => admin.formfieldForDbfield(f, request, o) });
}

/** Django's _get_list_editable_queryset: the rows whose keys the POST names (all rows when a key is malformed). */
export function editedQueryset(admin: ModelAdmin, request: Request, prefix: string): any {
  const pkName = admin.opts.pk.name;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+-${pkName}$`);
  const keys: string[] = [];
  for (const k of request.POST.keys() as string[]) if (pattern.test(k)) keys.push(String(request.POST.get(k)));
  const qs = admin.getQueryset(request);
  const numeric = /Auto|Integer/.test(admin.opts.pk.type);
  if (numeric && keys.some((k) => !/^-?\d+$/.test(k))) return qs; // Django validates with to_python and falls back to every row
  return qs.filter({ pk__in: keys });
}

/**
 * Handles the list's Save: a redirect when every form is valid, else the
 * bound formset with its errors. Throws PermissionDenied without the change permission.
 */
export async function saveChangelist(admin: ModelAdmin, request: Request): Promise<{ response: HttpResponseRedirect } | { formset: any }> {
  if (!(await admin.hasChangePermission(request))) throw new PermissionDenied();
  const FormSet = changelistFormset(admin, request);
  const formset: any = new FormSet(request.POST, request.FILES, { queryset: editedQueryset(admin, request, FormSet.getDefaultPrefix()) });
  let valid = await formset.isValid();
  // A key that names no row of the list (malformed, or deleted meanwhile) must not save a new row.
  formset.forms.forEach((form: any, i: number) => {
    if (i < formset.initialFormCount() && (form.instance?.[ADDING] || form.instance?.pk == null)) {
      form.addError(null, 'Select a valid choice. That choice is not one of the available choices.');
      valid = false;
    }
  });
  if (!valid) {
    await formset.managementForm.isValid?.(); // a bound management form renders only once validated
    return { formset };
  }
  let count = 0;
  await atomic(async () => {
    for (const form of formset.forms) {
      if (!form.hasChanged()) continue;
      const changed: string[] = form.changedData;
      const obj = await form.save();
      const label = (n: string) => (form.fields[n]?.label as string | undefined) ?? fieldVerboseName(admin.opts.fieldsByName.get(n)!);
      await logAction(request.user, obj, CHANGE, [{ changed: { fields: changed.map(label) } }]);
      count++;
    }
  });
  if (count) {
    const name = count === 1 ? admin.opts.verboseName : admin.opts.verboseNamePlural;
    addMessage(request, SUCCESS, `${count} ${name} ${count === 1 ? 'was' : 'were'} changed successfully.`, { failSilently: true });
  }
  return { response: new HttpResponseRedirect(request.getFullPath()) };
}

/** The unbound formset over the page's objects, already loaded (Django passes cl.result_list). */
export async function pageFormset(admin: ModelAdmin, request: Request, cl: { queryset: any; results: any[] }): Promise<any> {
  const FormSet = changelistFormset(admin, request);
  const page = Object.assign(Object.create(cl.queryset), { fetch: async () => cl.results });
  const formset: any = new FormSet(null, null, { queryset: page });
  await formset.prepare();
  return formset;
}

/**
 * Puts each row's form into its cells (Django's items_for_result): an
 * editable column shows its errors and widget; the primary key travels as a
 * hidden field after the table (result_hidden_fields).
 */
export function editableRows(rows: Cell[][], listDisplay: readonly unknown[], editable: readonly string[], formset: any): { rows: Array<Array<Cell & { html?: SafeString }>>; hidden: SafeString[]; nonFieldErrors: unknown[] } {
  const hidden: SafeString[] = [];
  const nonFieldErrors: unknown[] = [];
  const out = rows.map((row, i) => {
    const form = formset.forms[i];
    if (!form) return row;
    for (const bf of form.hiddenFields()) hidden.push(new SafeString(String(bf)));
    const errors = form.isBound ? form.nonFieldErrors() : null;
    nonFieldErrors.push(errors);
    return row.map((cell, j) => {
      // Django's change_list_results: a row's non-field errors on a line of their own above it.
      if (j === 0 && errors && errors.length) cell = { ...cell, row_errors: errors } as Cell;
      const name = listDisplay[j];
      if (typeof name !== 'string' || !editable.includes(name) || !(name in form.fields)) return cell;
      const bf = form.get(name);
      return { ...cell, link: null, html: new SafeString((form.isBound ? String(bf.errors) : '') + String(bf)) };
    });
  });
  return { rows: out, hidden, nonFieldErrors };
}
