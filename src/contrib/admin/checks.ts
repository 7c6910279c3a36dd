/**
 * The admin's system checks (django.contrib.admin.checks), with Django's
 * ids and messages, for the options whose mistakes would otherwise surface
 * as a broken page: list_editable (E121–E125), date_hierarchy (E127–E128),
 * raw_id_fields (E002–E003), filter_horizontal/vertical (E019–E020),
 * prepopulated_fields (E027–E030), autocomplete_fields (E037–E040).
 * Every site built with AdminSite is checked (Django's all_sites) under the 'admin' tag.
 */
import { Error as CheckError, type CheckMessage } from '../../core/checks/messages';
import { register, Tags } from '../../core/checks/registry';
import type { Field, ForeignKey } from '../../db/models/fields';
import type { ModelAdmin } from './options';

interface SiteLike {
  registry: Map<any, ModelAdmin>;
}

const sites = new Set<WeakRef<SiteLike>>();

/** Remembers a site so the 'admin' checks see it (called by AdminSite's constructor). */
export function trackSite(site: SiteLike): void {
  sites.add(new WeakRef(site));
}

function fieldOf(admin: ModelAdmin, name: string): Field | undefined {
  return admin.opts.fieldsByName.get(name) ?? (admin.opts.manyToMany.find((m) => m.name === name) as Field | undefined);
}

const isRelation = (f: Field) => f.type === 'ForeignKey' || f.type === 'OneToOneField' || f.type === 'ManyToManyField';

function missing(admin: ModelAdmin, option: string, name: string, id: string): CheckMessage {
  return new CheckError(`The value of '${option}' refers to '${name}', which is not a field of '${admin.opts.label}'.`, { obj: admin.constructor.name, id });
}

function checkListEditable(admin: ModelAdmin): CheckMessage[] {
  const out: CheckMessage[] = [];
  const display = admin.listDisplay;
  const links = admin.listDisplayLinks;
  admin.listEditable.forEach((name, i) => {
    const label = `list_editable[${i}]`;
    const obj = admin.constructor.name;
    const f = fieldOf(admin, name);
    if (!f) return out.push(missing(admin, label, name, 'admin.E121'));
    if (!display.includes(name)) return out.push(new CheckError(`The value of '${label}' refers to '${name}', which is not contained in 'list_display'.`, { obj, id: 'admin.E122' }));
    if (links && links.includes(name)) return out.push(new CheckError(`The value of '${label}' cannot be in both 'list_editable' and 'list_display_links'.`, { obj, id: 'admin.E123' }));
    if (display[0] === name && links === null) {
      return out.push(new CheckError(`The value of '${label}' refers to the first field in 'list_display' ('${name}'), which cannot be used unless 'list_display_links' is set.`, { obj, id: 'admin.E124' }));
    }
    if (!f.editable || f.primaryKey) out.push(new CheckError(`The value of '${label}' refers to '${name}', which is not editable through the admin.`, { obj, id: 'admin.E125' }));
    return undefined;
  });
  return out;
}

function checkDateHierarchy(admin: ModelAdmin): CheckMessage[] {
  const name = admin.dateHierarchy;
  if (!name) return [];
  const f = admin.opts.fieldsByName.get(name);
  const obj = admin.constructor.name;
  if (!f) return [new CheckError(`The value of 'date_hierarchy' refers to '${name}', which does not refer to a Field.`, { obj, id: 'admin.E127' })];
  if (f.type !== 'DateField' && f.type !== 'DateTimeField') return [new CheckError("The value of 'date_hierarchy' must be a DateField or DateTimeField.", { obj, id: 'admin.E128' })];
  return [];
}

function checkRawId(admin: ModelAdmin): CheckMessage[] {
  return admin.rawIdFields.flatMap((name, i) => {
    const f = fieldOf(admin, name);
    if (!f) return [missing(admin, `raw_id_fields[${i}]`, name, 'admin.E002')];
    if (!isRelation(f)) return [new CheckError(`The value of 'raw_id_fields[${i}]' must be a foreign key or a many-to-many field.`, { obj: admin.constructor.name, id: 'admin.E003' })];
    return [];
  });
}

function checkFilter(admin: ModelAdmin, option: 'filter_horizontal' | 'filter_vertical', names: readonly string[]): CheckMessage[] {
  return names.flatMap((name, i) => {
    const f = fieldOf(admin, name);
    if (!f) return [missing(admin, `${option}[${i}]`, name, 'admin.E019')];
    if (f.type !== 'ManyToManyField') return [new CheckError(`The value of '${option}[${i}]' must be a many-to-many field.`, { obj: admin.constructor.name, id: 'admin.E020' })];
    return [];
  });
}

function checkPrepopulated(admin: ModelAdmin): CheckMessage[] {
  const out: CheckMessage[] = [];
  const obj = admin.constructor.name;
  for (const [name, sources] of Object.entries(admin.prepopulatedFields)) {
    const f = fieldOf(admin, name);
    if (!f) {
      out.push(missing(admin, 'prepopulated_fields', name, 'admin.E027'));
      continue;
    }
    if (f.type === 'DateTimeField' || isRelation(f)) {
      out.push(new CheckError(`The value of 'prepopulated_fields' refers to '${name}', which must not be a DateTimeField, a ForeignKey, a OneToOneField, or a ManyToManyField.`, { obj, id: 'admin.E028' }));
    }
    if (!Array.isArray(sources)) {
      out.push(new CheckError(`The value of 'prepopulated_fields["${name}"]' must be a list or tuple.`, { obj, id: 'admin.E029' }));
      continue;
    }
    sources.forEach((s, i) => {
      if (!fieldOf(admin, s)) out.push(missing(admin, `prepopulated_fields["${name}"][${i}]`, s, 'admin.E030'));
    });
  }
  return out;
}

function checkAutocomplete(admin: ModelAdmin, site: SiteLike): CheckMessage[] {
  const obj = admin.constructor.name;
  return admin.autocompleteFields.flatMap((name, i) => {
    const f = fieldOf(admin, name);
    if (!f) return [missing(admin, `autocomplete_fields[${i}]`, name, 'admin.E037')];
    if (!isRelation(f)) return [new CheckError(`The value of 'autocomplete_fields[${i}]' must be a foreign key or a many-to-many field.`, { obj, id: 'admin.E038' })];
    let target: any;
    try {
      target = admin.opts.target(f as ForeignKey).model;
    } catch {
      return [];
    }
    const related = site.registry.get(target);
    if (!related) return [new CheckError(`An admin for model "${target.name}" has to be registered to be referenced by ${obj}.autocomplete_fields.`, { obj, id: 'admin.E039' })];
    if (!related.searchFields.length) return [new CheckError(`${related.constructor.name} must define "search_fields", because it's referenced by ${obj}.autocomplete_fields.`, { obj: related.constructor.name, id: 'admin.E040' })];
    return [];
  });
}

/** Every check for every ModelAdmin of one site (Django's AdminSite.check()). */
export function checkAdminSite(site: SiteLike): CheckMessage[] {
  const out: CheckMessage[] = [];
  for (const admin of site.registry.values()) {
    out.push(
      ...checkListEditable(admin),
      ...checkDateHierarchy(admin),
      ...checkRawId(admin),
      ...checkFilter(admin, 'filter_horizontal', admin.filterHorizontal),
      ...checkFilter(admin, 'filter_vertical', admin.filterVertical),
      ...checkPrepopulated(admin),
      ...checkAutocomplete(admin, site),
    );
  }
  return out;
}

/** Django's check_admin_app: every live site. */
export function checkAdminApp(): CheckMessage[] {
  const out: CheckMessage[] = [];
  for (const ref of sites) {
    const site = ref.deref();
    if (site) out.push(...checkAdminSite(site));
    else sites.delete(ref);
  }
  return out;
}

register(checkAdminApp, Tags.admin);
