/**
 * ModelAdmin.prepopulated_fields (Django's prepopulated_fields_js): the
 * fields a script fills from others on the add page, as the JSON that
 * admin/js/prepopulate_init.js reads from its data attribute.
 */

/** One entry per prepopulated field the form shows: its id, its sources' ids, and the slug's limits. */
export function prepopulatedJson(form: any, fields: Readonly<Record<string, readonly string[]>>): string {
  const out: Array<Record<string, unknown>> = [];
  for (const [name, deps] of Object.entries(fields)) {
    if (!(name in form.fields)) continue;
    const sources = deps.filter((d) => d in form.fields);
    const field = form.fields[name] as { maxLength?: number | null; allowUnicode?: boolean };
    out.push({
      id: `#${form.get(name).autoId}`,
      name,
      dependency_ids: sources.map((d) => `#${form.get(d).autoId}`),
      dependency_list: sources,
      maxLength: field.maxLength ?? 50,
      allowUnicode: !!field.allowUnicode,
    });
  }
  return out.length ? JSON.stringify(out) : '';
}
