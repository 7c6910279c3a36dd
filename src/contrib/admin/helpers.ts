/**
 * What the admin's form templates read (django.contrib.admin.helpers): a
 * form's fieldsets turned into lines of fields, each either a bound field
 * with its label and errors or a read-only value. The change form and every
 * inline form (stacked or tabular) are built by the same function.
 */
import type { Field } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import type { Fieldset } from './options';
import { capfirst, displayValue, fieldVerboseName, lookupField } from './utils';

/** One field of a fieldset line, as admin/includes/fieldset.html reads it. */
export interface AdminField {
  readonly: boolean;
  name: string;
  label: string;
  /** Read-only: the value as text. */
  contents?: string;
  /** Editable: the bound field and its label tag. */
  bf?: any;
  label_html?: unknown;
  is_checkbox?: boolean;
  is_hidden?: boolean;
  errors?: unknown;
}

export interface AdminFieldset {
  name: string | null;
  lines: Array<{ fields: AdminField[]; has_errors: boolean }>;
  classes: string;
  description: string;
  /** Django 5's Fieldset.is_collapsible: a named 'collapse' fieldset with no errors inside renders closed in <details>. */
  is_collapsible: boolean;
}

/** The admin whose callables and empty value a read-only field reads (a ModelAdmin or an inline). */
export interface FieldOwner {
  readonly opts: Options;
  emptyValueDisplay: string;
}

/** A read-only field: its label (the model field's, the callable's description, or the name) and value. */
async function readonlyField(name: string, obj: any, owner: FieldOwner): Promise<AdminField> {
  const value = obj ? await lookupField(name, obj, owner) : { field: owner.opts.fieldsByName.get(name) ?? null, value: null, fn: null };
  let label: string;
  try {
    label = capfirst(value.field ? fieldVerboseName(value.field as Field) : ((owner as any)[name]?.shortDescription ?? name.replace(/_/g, ' ')));
  } catch {
    label = name;
  }
  const isBool = value.fn?.boolean === true || value.field?.type === 'BooleanField';
  return { readonly: true, name, label, contents: isBool ? (value.value ? 'Yes' : 'No') : displayValue(value.value, value.field, owner.emptyValueDisplay) };
}

/**
 * Django's AdminForm/Fieldset/Fieldline iteration: every name of `fieldsets`
 * in `readonly` (or missing from the form) is a read-only value of `obj`;
 * the others are the form's bound fields, with their errors when `showErrors`.
 */
export async function adminFieldsets(form: any, obj: any, fieldsets: readonly Fieldset[], readonly: ReadonlySet<string>, owner: FieldOwner, showErrors: boolean): Promise<AdminFieldset[]> {
  const out: AdminFieldset[] = [];
  for (const [name, o] of fieldsets) {
    const lines = [];
    for (const line of o.fields) {
      const names = typeof line === 'string' ? [line] : [...line];
      const fields: AdminField[] = [];
      for (const n of names) {
        if (readonly.has(n) || !(n in form.fields)) {
          fields.push(await readonlyField(n, obj, owner));
          continue;
        }
        const bf = form.get(n);
        const isCheckbox = bf.field.widget?.inputType === 'checkbox';
        const labelHtml = bf.labelTag(undefined, bf.field.required ? { class: isCheckbox ? 'vCheckboxLabel required' : 'required' } : isCheckbox ? { class: 'vCheckboxLabel' } : {});
        fields.push({ readonly: false, name: n, label: String(bf.label ?? n), bf, label_html: labelHtml, is_checkbox: isCheckbox, is_hidden: !!bf.isHidden, errors: showErrors ? bf.errors : null });
      }
      lines.push({ fields, has_errors: fields.some((f: any) => f.errors && f.errors.data?.length) });
    }
    const classes = o.classes ?? [];
    const collapsible = !!name && classes.includes('collapse') && !lines.some((l) => l.has_errors);
    out.push({ name, lines, classes: classes.join(' '), description: o.description ?? '', is_collapsible: collapsible });
  }
  return out;
}
