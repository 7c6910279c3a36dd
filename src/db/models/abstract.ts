/**
 * Abstract base models (Django's `class Meta: abstract = True`).
 *
 * An abstract model has no table, no manager and no label of its own: it is
 * a set of fields and Meta options that every concrete child gets a copy of.
 * As in Django:
 *   - each child gets its own copy of every field (a field belongs to one model);
 *   - the child's Meta extends the base's (like `class Meta(Base.Meta)`);
 *     a key the child sets wins;
 *   - a field the child declares under the same name replaces the base's;
 *   - `relatedName` / `relatedQueryName` may use `%(class)s` and
 *     `%(app_label)s`, replaced per child, so two children's reverse
 *     relations do not clash.
 *
 * @example
 * // class CommonInfo(models.Model): name = ...; class Meta: abstract = True; ordering = ['name']
 * const CommonInfo = abstractModel({ name: CharField({ maxLength: 100 }), age: PositiveIntegerField() }, { ordering: ['name'] });
 * // class Student(CommonInfo): home_group = ...
 * const Student = CommonInfo.extend('school.Student', { home_group: CharField({ maxLength: 5 }) });
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import type { Field } from './fields';
import { type ModelClass, defineModel } from './model';
import type { MetaOptions } from './options';
import type { Fields } from './types';

/** The child's fields over the base's: a name the child declares replaces the base's. */
export type Merge<A, B> = Omit<A, keyof B> & B;

export class AbstractModel<const F extends Fields> {
  constructor(
    /** The declared fields (templates: each child copies them). */
    readonly fields: F,
    readonly meta: Readonly<MetaOptions>,
  ) {
    for (const [name, f] of Object.entries(fields)) {
      if (!f || typeof (f as { contribute?: unknown }).contribute !== 'function') {
        throw new ImproperlyConfigured(`abstractModel(): '${name}' is not a field.`);
      }
      if ((f as unknown as Field).name) throw new ImproperlyConfigured(`abstractModel(): the field '${name}' already belongs to the model ${(f as unknown as Field).modelLabel}.`);
    }
    if (meta.dbTable !== undefined) throw new ImproperlyConfigured('abstractModel(): an abstract model has no table: dbTable belongs to its children.');
  }

  /** A concrete model with a copy of these fields and this Meta, plus its own. */
  extend<const G extends Fields>(label: string, fields: G = {} as G, meta: MetaOptions = {}): ModelClass<Merge<F, G>> {
    const dot = label.indexOf('.');
    const appLabel = label.slice(0, dot);
    const className = label.slice(dot + 1).toLowerCase();
    const copies: Record<string, Field> = {};
    for (const [name, f] of Object.entries(this.fields)) {
      if (name in fields) continue;
      copies[name] = copyField(f as unknown as Field, appLabel, className);
    }
    return defineModel(label, { ...copies, ...fields } as unknown as Merge<F, G>, { ...this.meta, ...meta });
  }

  /** An abstract model extending this one (Django: an abstract child of an abstract base). */
  extendAbstract<const G extends Fields>(fields: G, meta: MetaOptions = {}): AbstractModel<Merge<F, G>> {
    const merged: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(this.fields)) if (!(name in fields)) merged[name] = f;
    return new AbstractModel({ ...merged, ...fields } as unknown as Merge<F, G>, { ...this.meta, ...meta });
  }
}

// A field is copied before it joins a model: same class, same options, its
// own identity (contribute() gives it a name and a model).
function copyField(f: Field, appLabel: string, className: string): Field {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(f)), f) as Field & Record<string, unknown>;
  for (const key of ['relatedName', 'relatedQueryName']) {
    const v = copy[key];
    if (typeof v === 'string') copy[key] = v.replaceAll('%(class)s', className).replaceAll('%(app_label)s', appLabel);
  }
  return copy;
}

/**
 * Declares an abstract base model: fields and Meta its children share, no table.
 * `Base.extend(label, fields, meta)` defines a concrete child.
 */
export function abstractModel<const F extends Fields>(fields: F, meta: MetaOptions = {}): AbstractModel<F> {
  return new AbstractModel(fields, meta);
}
