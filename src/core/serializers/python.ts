/**
 * Django's "python" serializer (django.core.serializers.python): model
 * instances <-> plain objects `{ model: 'polls.question', pk: 1, fields: {...} }`.
 * The JSON format (./json.ts) is this plus text.
 *
 * Natural keys, as Django's: a model opts in with an instance method
 * `naturalKey()` returning an array, and `objects.getByNaturalKey(...key)`
 * on its manager:
 *
 *   Person.prototype.naturalKey = function () { return [this.first_name, this.last_name]; };
 *   Person.objects.getByNaturalKey = (first, last) => Person.objects.get({ first_name: first, last_name: last });
 */
import { apps } from '../../apps/registry';
import { ForeignKey, ManyToManyField, type Field } from '../../db/models/fields';
import { Options } from '../../db/models/options';
import { ADDING } from '../../db/models/state';
import { FieldError, LookupError, ValidationError } from '../exceptions';
import { durationString, encodeDate, parseDuration } from './encoder';

/** Something went wrong reading a fixture (Django's DeserializationError). */
export class DeserializationError extends Error {
  override name = 'DeserializationError';
}

export interface SerializeOptions {
  useNaturalForeignKeys?: boolean;
  useNaturalPrimaryKeys?: boolean;
  /** Only these fields (names). */
  fields?: readonly string[] | null;
  /** The database the related objects are read from. */
  using?: string;
}

/** One serialized object. */
export interface SerializedObject {
  model: string;
  pk?: unknown;
  fields: Record<string, unknown>;
}

type AnyModel = { _meta: Options; objects: any; prototype: any; DoesNotExist: new (...a: any[]) => Error };

export function hasNaturalKey(opts: Options): boolean {
  return typeof opts.model?.prototype?.naturalKey === 'function';
}

function getByNaturalKey(opts: Options): ((...key: unknown[]) => Promise<any>) | null {
  const fn = (opts.model as AnyModel).objects?.getByNaturalKey;
  return typeof fn === 'function' ? fn.bind((opts.model as AnyModel).objects) : null;
}

/** `obj.naturalKey()`, which may be async (a Permission's key includes its content type's). */
async function naturalKeyOf(obj: any): Promise<unknown[]> {
  const key = await obj.naturalKey();
  if (!Array.isArray(key)) throw new TypeError(`${obj.constructor.name}.naturalKey() must return an array, got ${String(key)}.`);
  return key;
}

/** A field's value as a fixture holds it (Django's _value_from_field / value_to_string). */
function fieldValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'DateTimeField':
      return value instanceof Date ? encodeDate(value) : value;
    case 'DurationField':
      return typeof value === 'number' ? durationString(value) : value;
    case 'BinaryField':
      return value instanceof Uint8Array ? btoa(String.fromCharCode(...value)) : value;
    default:
      return typeof value === 'bigint' ? value.toString() : value;
  }
}

/** Model instances to plain objects, in the order given. */
export async function serialize(objects: Iterable<any> | AsyncIterable<any>, options: SerializeOptions = {}): Promise<SerializedObject[]> {
  const out: SerializedObject[] = [];
  const only = options.fields ? new Set(options.fields) : null;
  for await (const obj of objects as AsyncIterable<any>) {
    const opts: Options = obj.constructor._meta;
    const fields: Record<string, unknown> = {};
    for (const f of opts.fields) {
      if (f.primaryKey || (only && !only.has(f.name))) continue;
      if (f instanceof ForeignKey) {
        const id = obj[Options.attname(f)];
        const target = opts.target(f);
        if (id !== null && id !== undefined && options.useNaturalForeignKeys && hasNaturalKey(target)) {
          const related = await target.model.objects.using(options.using ?? 'default').get({ [opts.targetField(f).name]: id });
          fields[f.name] = await naturalKeyOf(related);
        } else fields[f.name] = fieldValue(opts.targetField(f), id);
      } else fields[f.name] = fieldValue(f, obj[f.name]);
    }
    for (const f of opts.manyToMany) {
      if (only && !only.has(f.name)) continue;
      if (f.throughRef) continue; // a custom intermediate model is serialized on its own, as in Django
      const target = opts.target(f);
      const related = obj[f.name].using(options.using ?? 'default').orderBy('pk');
      fields[f.name] = options.useNaturalForeignKeys && hasNaturalKey(target) ? await Promise.all((await related).map(naturalKeyOf)) : await related.valuesList('pk', { flat: true });
    }
    const item: SerializedObject = { model: `${opts.appLabel}.${opts.modelName}`, pk: obj.pk, fields };
    if (options.useNaturalPrimaryKeys && hasNaturalKey(opts)) delete item.pk;
    out.push({ model: item.model, ...('pk' in item ? { pk: fieldValue(opts.pk, item.pk) } : {}), fields });
  }
  return out;
}

/** A fixture value back to the field's type (Django's to_python on fixture text). */
function toPython(field: Field, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return null;
  try {
    switch (field.type) {
      case 'DateTimeField':
        if (typeof value === 'string') {
          const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
          if (Number.isNaN(d.getTime())) throw new ValidationError(`“${value}” value has an invalid format.`);
          return d;
        }
        return value;
      case 'DurationField':
        if (typeof value === 'string') {
          const ms = parseDuration(value);
          if (ms === null) throw new ValidationError(`“${value}” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.`);
          return ms;
        }
        return value;
      case 'BinaryField':
        return typeof value === 'string' ? Uint8Array.from(atob(value), (c) => c.charCodeAt(0)) : value;
      case 'JSONField':
        return value;
      default:
        return field.toPython(value);
    }
  } catch (e) {
    if (e instanceof ValidationError) throw new DeserializationError(`${where}: ${e.messages.join(' ')}`);
    throw e;
  }
}

/** A deserialized instance and its many-to-many data, saved by save() (Django's DeserializedObject). */
export class DeserializedObject {
  constructor(
    readonly object: any,
    readonly m2mData: Record<string, unknown[]>,
    /** Natural keys naming objects not loaded yet (handleForwardReferences), set by saveDeferredFields(). */
    readonly deferredFields: Array<[Field, unknown]> = [],
  ) {}

  /** Django's save_deferred_fields: resolves the forward references once the whole fixture is in. */
  async saveDeferredFields(using = 'default'): Promise<void> {
    const opts: Options = this.object.constructor._meta;
    const where = `${opts.label}(pk=${this.object.pk})`;
    const update: string[] = [];
    for (const [field, value] of this.deferredFields) {
      const target = opts.target(field as ForeignKey);
      if (field instanceof ManyToManyField) {
        const pks: unknown[] = [];
        for (const v of value as unknown[]) pks.push(Array.isArray(v) ? (await naturalLookup(target, v, `${where} field '${field.name}'`)).pk : v);
        await this.object[field.name].set(pks);
      } else {
        const found = await naturalLookup(target, value as unknown[], `${where} field '${field.name}'`);
        this.object[Options.attname(field)] = found[Options.attname(opts.targetField(field as ForeignKey))];
        update.push(field.name);
      }
    }
    if (update.length) await this.object.save({ using, raw: true, updateFields: update });
  }

  /** Saves the object as it is (update when its primary key exists, insert otherwise), then its many-to-many links. */
  async save(using = 'default'): Promise<void> {
    this.object[ADDING] = false; // Django's raw save: UPDATE, then INSERT when no row has this key
    await this.object.save({ using, raw: true });
    for (const [name, pks] of Object.entries(this.m2mData)) await this.object[name].set(pks);
  }

  toString(): string {
    return `<DeserializedObject: ${this.object.constructor._meta.label}(pk=${this.object.pk})>`;
  }
}

export interface DeserializeOptions {
  using?: string;
  /** Skip fields and models the fixture names that do not exist (loaddata --ignorenonexistent). */
  ignoreNonexistent?: boolean;
  /** A natural key naming an object not loaded yet is deferred (DeserializedObject.deferredFields), as loaddata does. */
  handleForwardReferences?: boolean;
}

async function naturalLookup(target: Options, key: unknown[], where: string, missing?: 'defer'): Promise<any> {
  const get = getByNaturalKey(target);
  if (!get) throw new DeserializationError(`${where}: ${target.label} has no objects.getByNaturalKey(), so natural key ${JSON.stringify(key)} cannot be resolved.`);
  try {
    return await get(...key);
  } catch (e) {
    if (e instanceof (target.model as AnyModel).DoesNotExist) {
      if (missing === 'defer') return DEFER;
      throw new DeserializationError(`${where}: ${target.model.name} matching natural key ${JSON.stringify(key)} does not exist.`);
    }
    throw e;
  }
}

/** A natural key whose object is not loaded yet (Django's DEFER_FIELD). */
const DEFER = Symbol('defer');

/** Plain objects back to unsaved instances (Django's python Deserializer), one at a time. */
export async function* deserialize(data: unknown, options: DeserializeOptions = {}): AsyncGenerator<DeserializedObject> {
  if (!Array.isArray(data)) throw new DeserializationError('A fixture must be a list of objects: [{"model": "app.model", "pk": 1, "fields": {...}}, ...].');
  let index = 0;
  for (const d of data) {
    const where = `object #${index++}`;
    if (!d || typeof d !== 'object' || typeof (d as SerializedObject).model !== 'string') {
      throw new DeserializationError(`${where}: each entry must be an object with a "model" ("app_label.model_name").`);
    }
    const item = d as SerializedObject;
    let opts: Options;
    try {
      opts = apps.getModel(item.model);
    } catch (e) {
      if (options.ignoreNonexistent && e instanceof LookupError) continue;
      throw new DeserializationError(`Invalid model identifier: '${item.model}'`);
    }
    const label = `${opts.label}(pk=${item.pk ?? '?'})`;
    const data: Record<string, unknown> = {};
    if ('pk' in item && item.pk !== null && item.pk !== undefined) data[Options.attname(opts.pk)] = toPython(opts.pk, item.pk, `${label} pk`);
    const m2m: Record<string, unknown[]> = {};
    const deferred: Array<[Field, unknown]> = [];
    const forward = options.handleForwardReferences ? ('defer' as const) : undefined;
    const fields = item.fields ?? {};
    if (typeof fields !== 'object' || Array.isArray(fields)) throw new DeserializationError(`${label}: "fields" must be an object.`);
    for (const [name, value] of Object.entries(fields)) {
      let field: Field;
      try {
        field = opts.getField(name);
      } catch (e) {
        if (options.ignoreNonexistent && e instanceof FieldError) continue;
        throw new DeserializationError(`${label}: ${opts.model.name} has no field named '${name}'`);
      }
      const fwhere = `${label} field '${name}'`;
      if (field instanceof ManyToManyField) {
        if (!Array.isArray(value)) throw new DeserializationError(`${fwhere}: a many-to-many value must be a list.`);
        const target = opts.target(field);
        const pks: unknown[] = [];
        for (const v of value) pks.push(Array.isArray(v) ? await naturalLookup(target, v, fwhere, forward) : toPython(target.pk, v, fwhere));
        if (pks.includes(DEFER)) deferred.push([field, value]);
        else m2m[name] = pks.map((p) => (p && typeof p === 'object' ? (p as { pk: unknown }).pk : p));
      } else if (field instanceof ForeignKey) {
        const target = opts.target(field);
        const tf = opts.targetField(field);
        if (!Array.isArray(value)) data[Options.attname(field)] = toPython(tf, value, fwhere);
        else {
          const found = await naturalLookup(target, value, fwhere, forward);
          if (found === DEFER) deferred.push([field, value]);
          else data[Options.attname(field)] = found[Options.attname(tf)];
        }
      } else {
        data[Options.attname(field)] = toPython(field, value, fwhere);
      }
    }
    const obj = new (opts.model as new (d: Record<string, unknown>) => any)(data);
    // Django's build_instance: a natural primary key finds the stored row's pk
    if ((obj.pk === null || obj.pk === undefined) && hasNaturalKey(opts) && getByNaturalKey(opts)) {
      try {
        const existing = await getByNaturalKey(opts)!(...(await naturalKeyOf(obj)));
        obj.pk = existing.pk;
      } catch (e) {
        if (!(e instanceof (opts.model as AnyModel).DoesNotExist)) throw e;
      }
    }
    yield new DeserializedObject(obj, m2m, deferred);
  }
}
