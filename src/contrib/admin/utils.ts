/**
 * The admin's helpers (django.contrib.admin.utils and decorators): the
 * `display()` decorator, field lookups through relations for list_display,
 * labels, value display, URL quoting of primary keys, and the nested list of
 * what a deletion removes (Django's NestedObjects over the ORM's Collector).
 */
import { Collector } from '../../db/models/deletion';
import { ForeignKey, ManyToManyField, type Field } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import { connections } from '../../db/connection';
import { capfirst } from '../../utils/text';

/** Django's FieldDoesNotExist: a name in list_display or a lookup path that is no field. */
export class FieldDoesNotExist extends Error {
  override name = 'FieldDoesNotExist';
}

/** What display() attaches to a list_display callable. */
export interface DisplayOptions {
  description?: string;
  boolean?: boolean;
  /** The field the column sorts by ('-field' allowed), as Django's admin_order_field. */
  ordering?: string;
  emptyValue?: string;
}

export type DisplayFn = ((obj: any) => unknown) & { shortDescription?: string; boolean?: boolean; adminOrderField?: string; emptyValueDisplay?: string };

/**
 * Django's @admin.display: a description, boolean icon and sort field for a
 * list_display callable.
 *
 * @example
 * const wasPublishedRecently = display({ description: 'Published recently?', boolean: true, ordering: 'pub_date' },
 *   (q) => q.pub_date >= new Date(Date.now() - 86_400_000));
 */
export function display<T extends (obj: any) => unknown>(options: DisplayOptions, fn: T): T & DisplayFn {
  const f = fn as T & DisplayFn;
  if (options.description !== undefined) f.shortDescription = options.description;
  if (options.boolean !== undefined) f.boolean = options.boolean;
  if (options.ordering !== undefined) f.adminOrderField = options.ordering;
  if (options.emptyValue !== undefined) f.emptyValueDisplay = options.emptyValue;
  return f;
}

/** Django's admin.utils.quote: a primary key made safe for a URL path segment. */
export function quote(value: unknown): string {
  return String(value).replace(/[_:/#?;@&=+$,"[\]<>%\n\\]/g, (c) => '_' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export function unquote(value: string): string {
  return value.replace(/_([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The fields along 'a__b__c' from `opts` (Django's get_fields_from_path); throws FieldDoesNotExist. */
export function fieldsFromPath(opts: Options, path: string): Field[] {
  const out: Field[] = [];
  let current = opts;
  const parts = path.split('__');
  parts.forEach((part, i) => {
    const name = part === 'pk' ? current.pk.name : part;
    const f: Field | undefined = current.fieldsByName.get(name) ?? current.manyToMany.find((m) => m.name === name);
    if (!f) throw new FieldDoesNotExist(`${current.label} has no field named '${part}'`);
    out.push(f);
    if (i < parts.length - 1) {
      if (!(f instanceof ForeignKey) && !(f instanceof ManyToManyField)) throw new FieldDoesNotExist(`${current.label}.${part} is not a relation`);
      current = current.target(f as ForeignKey | ManyToManyField);
    }
  });
  return out;
}

export { capfirst };

export function fieldVerboseName(f: Field): string {
  return f.verboseName ?? f.name.replace(/_/g, ' ');
}

/** The header of a list_display entry (Django's label_for_field). */
export function labelForField(name: string | DisplayFn, opts: Options, admin: object): string {
  if (typeof name === 'function') return name.shortDescription ?? (name.name ? name.name.replace(/_/g, ' ') : '--');
  if (name === '__str__') return opts.verboseName;
  try {
    const fields = fieldsFromPath(opts, name);
    return fieldVerboseName(fields[fields.length - 1]!);
  } catch (e) {
    if (!(e instanceof FieldDoesNotExist)) throw e;
  }
  const attr = (admin as Record<string, unknown>)[name] ?? (opts.model.prototype as Record<string, unknown>)[name];
  if (typeof attr === 'function') return (attr as DisplayFn).shortDescription ?? name.replace(/_/g, ' ');
  if (attr === undefined) throw new FieldDoesNotExist(`Unable to lookup '${name}' on ${opts.model.name} or ${admin.constructor.name}`);
  return name.replace(/_/g, ' ');
}

/** One list_display value: the field (or null), the value, and the callable when there is one. */
export interface Lookup {
  field: Field | null;
  value: unknown;
  fn: DisplayFn | null;
}

/** Django's lookup_field: follows 'fk__field' through the select_related cache, calls callables. */
export async function lookupField(name: string | DisplayFn, obj: any, admin: object): Promise<Lookup> {
  if (typeof name === 'function') return { field: null, value: await name(obj), fn: name };
  if (name === '__str__') return { field: null, value: String(obj), fn: null };
  const opts = obj.constructor._meta as Options;
  let fields: Field[] | null = null;
  try {
    fields = fieldsFromPath(opts, name);
  } catch (e) {
    if (!(e instanceof FieldDoesNotExist)) throw e;
  }
  if (fields) {
    let current = obj;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (current === null || current === undefined) return { field: f, value: null, fn: null };
      if (f instanceof ForeignKey) current = await current.fetchRelated(f.name);
      else current = current[f.name];
    }
    const last = fields[fields.length - 1]!;
    return { field: last, value: current, fn: null };
  }
  const fromAdmin = (admin as Record<string, unknown>)[name];
  if (typeof fromAdmin === 'function') return { field: null, value: await (fromAdmin as DisplayFn).call(admin, obj), fn: fromAdmin as DisplayFn };
  const attr = obj[name];
  if (typeof attr === 'function') return { field: null, value: await attr.call(obj), fn: attr };
  return { field: null, value: attr, fn: null };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/** A date as Django's DATE_FORMAT 'N j, Y' / DATETIME_FORMAT 'N j, Y, P' render it. */
export function formatDate(d: Date, withTime: boolean): string {
  const date = `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
  if (!withTime) return date;
  const h = d.getHours();
  const m = d.getMinutes();
  const hour = h % 12 === 0 ? 12 : h % 12;
  const time = h === 0 && m === 0 ? 'midnight' : h === 12 && m === 0 ? 'noon' : `${hour}${m ? ':' + pad(m) : ''} ${h < 12 ? 'a.m.' : 'p.m.'}`;
  return `${date}, ${time}`;
}

/** Django's display_for_field / display_for_value, as text (booleans are handled by the caller). */
export function displayValue(value: unknown, field: Field | null, emptyValue: string): string {
  if (field?.choices) {
    const hit = field.choices.find(([v]) => v === value);
    if (hit) return hit[1];
  }
  if (value === null || value === undefined || value === '') return emptyValue;
  if (value instanceof Date) return formatDate(value, field ? field.type !== 'DateField' : true);
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** One model's objects a deletion removes. */
export interface DeletedGroup {
  opts: Options;
  objects: any[];
}

/**
 * What deleting `objs` removes, per model (Django's get_deleted_objects over
 * NestedObjects): the ORM's Collector walks the cascade, then each model's
 * rows are read for their names. PROTECT raises ProtectedError, as in Django.
 */
export async function collectDeleted(opts: Options, objs: readonly any[], using?: string): Promise<DeletedGroup[]> {
  const collector = new Collector(connections.get(using));
  await collector.collect(opts, objs.map((o) => o.pk));
  const groups: DeletedGroup[] = [];
  for (const [model, pks] of collector.collected()) {
    if (model.autoCreated || pks.length === 0) continue;
    const objects = model === opts ? [...objs] : await model.model.objects.filter({ pk__in: pks }).orderBy('pk').fetch();
    groups.push({ opts: model, objects });
  }
  return groups;
}
