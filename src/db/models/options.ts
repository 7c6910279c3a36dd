/**
 * A model's metadata (Django's `Model._meta`) and the registry of models
 * (Django's `apps`). Relations are resolved lazily: a ForeignKey may name a
 * model defined after it, by thunk or by label.
 */
import { FieldError, ImproperlyConfigured } from '../../core/exceptions';
import type { Constraint } from './constraints';
import { AutoField, type Field, ForeignKey, ManyToManyField } from './fields';
import type { IndexSpec } from './indexes';

/** Meta options (Django's `class Meta`). */
export interface MetaOptions {
  dbTable?: string;
  ordering?: readonly string[];
  verboseName?: string;
  verboseNamePlural?: string;
  uniqueTogether?: ReadonlyArray<readonly string[]>;
  getLatestBy?: string;
  /** Extra indexes (Django's Meta.indexes): `Index({ fields, name })`. */
  indexes?: readonly IndexSpec[];
  /** Table constraints (Django's Meta.constraints): UniqueConstraint, CheckConstraint. */
  constraints?: readonly Constraint[];
  /** @internal An automatic many-to-many intermediate model. */
  autoCreated?: boolean;
  /**
   * @internal The registry the model belongs to (default: the live one).
   * Migrations build historical models in a registry of their own.
   */
  registry?: Map<string, Options>;
}

/** A reverse relation: `field` on `model` points here. */
export interface RelatedObject {
  readonly model: Options;
  readonly field: ForeignKey;
}

export class Options {
  readonly label: string;
  readonly appLabel: string;
  readonly modelName: string;
  readonly dbTable: string;
  readonly ordering: readonly string[];
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  readonly uniqueTogether: ReadonlyArray<readonly string[]>;
  readonly getLatestBy: string | undefined;
  readonly indexes: readonly IndexSpec[];
  readonly constraints: readonly Constraint[];
  /** Every field, in declaration order (the primary key first when implicit). */
  readonly fields: Field[];
  readonly fieldsByName = new Map<string, Field>();
  /** Many-to-many fields (no column of their own). */
  readonly manyToMany: ManyToManyField[] = [];
  /** Creates the automatic intermediate model of a many-to-many field (set by model.ts). */
  static createThrough: (opts: Options, field: ManyToManyField) => Options;
  private readonly throughs = new Map<ManyToManyField, Options>();
  pk!: Field;
  /** The model class (set by defineModel). */
  model: any;
  /** An automatic many-to-many intermediate model. */
  autoCreated = false;
  /** The models this one's relations resolve among (the live registry, or a migration's historical one). */
  readonly registry: Map<string, Options>;
  /** Memo of resolved lookup keys (see ../sql/resolve.ts). */
  readonly lookupCache = new Map<string, unknown>();
  /** Memo of resolved field paths (order_by, values, F). */
  readonly pathCache = new Map<string, unknown>();

  constructor(label: string, fields: Record<string, Field>, meta: MetaOptions) {
    const dot = label.indexOf('.');
    if (dot <= 0 || dot === label.length - 1) {
      throw new ImproperlyConfigured(`Model label '${label}' must be 'app_label.ModelName'.`);
    }
    this.label = label;
    this.registry = meta.registry ?? registry;
    this.appLabel = label.slice(0, dot);
    const name = label.slice(dot + 1);
    this.modelName = name.toLowerCase();
    this.dbTable = meta.dbTable ?? `${this.appLabel}_${this.modelName}`;
    this.ordering = meta.ordering ?? [];
    this.verboseName = meta.verboseName ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    this.verboseNamePlural = meta.verboseNamePlural ?? `${this.verboseName}s`;
    this.uniqueTogether = meta.uniqueTogether ?? [];
    this.getLatestBy = meta.getLatestBy;
    this.autoCreated = meta.autoCreated ?? false;
    this.indexes = meta.indexes ?? [];
    for (const index of this.indexes) index.setNameWithModel(this.dbTable);
    this.constraints = meta.constraints ?? [];
    this.fields = [];
    const declared = Object.entries(fields);
    if (!declared.some(([, f]) => f.primaryKey)) {
      if ('id' in fields) throw new ImproperlyConfigured(`${label}: 'id' can only be used as a field name if the field also sets 'primaryKey: true'.`);
      const id = new AutoField({ verboseName: 'ID' }); // Django's auto-created primary key
      id.contribute('id', label);
      this.fields.push(id);
    }
    for (const [name, field] of declared) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new ImproperlyConfigured(`${label}: '${name}' is not a valid field name (letters, digits, '_' and '$').`);
      if (name.includes('__')) throw new ImproperlyConfigured(`${label}.${name}: field names must not contain "__".`);
      const rel = (field as { relatedName?: string; relatedQueryName?: string });
      for (const n of [rel.relatedName, rel.relatedQueryName]) {
        if (n !== undefined && !/^[A-Za-z_$][\w$]*\+?$/.test(n)) throw new ImproperlyConfigured(`${label}.${name}: '${n}' is not a valid related name.`);
      }
      if (name === 'pk') throw new ImproperlyConfigured(`${label}: 'pk' is a reserved word that cannot be used as a field name.`);
      field.contribute(name, label);
      if (field instanceof ManyToManyField) this.manyToMany.push(field);
      else this.fields.push(field);
    }
    const pks = this.fields.filter((f) => f.primaryKey);
    if (pks.length > 1) throw new ImproperlyConfigured(`${label}: the model cannot have more than one field with 'primaryKey: true'.`);
    this.pk = pks[0]!;
    for (const f of this.fields) this.fieldsByName.set(f.name, f);
    for (const c of [...this.indexes, ...this.constraints]) {
      const names = 'fieldOrders' in c ? c.fieldOrders.map(([n]) => n) : 'fields' in c ? c.fields : [];
      for (const n of names) if (!this.fieldsByName.has(n)) throw new ImproperlyConfigured(`${label}: '${c.name}' refers to the nonexistent field '${n}'.`);
    }
  }

  /** The attribute an instance stores the field's value in. */
  static attname(field: Field): string {
    return field instanceof ForeignKey ? `${field.name}_id` : field.name;
  }

  /** The intermediate model of a many-to-many field (created on first use when automatic). */
  through(field: ManyToManyField): Options {
    let t = this.throughs.get(field);
    if (!t) {
      const ref = field.throughRef as any;
      if (ref) t = (typeof ref === 'function' && !ref._meta ? ref() : ref)._meta as Options;
      else t = Options.createThrough(this, field);
      this.throughs.set(field, t);
    }
    return t;
  }

  /** The two foreign keys of a many-to-many's intermediate model: to this side, to the target. */
  throughFields(field: ManyToManyField): [ForeignKey, ForeignKey] {
    const through = this.through(field);
    const target = this.target(field);
    const fks = through.fields.filter((f): f is ForeignKey => f instanceof ForeignKey);
    if (target === this) return [fks[0]!, fks[1]!];
    const src = fks.find((f) => through.target(f) === this);
    const dst = fks.find((f) => through.target(f) === target);
    if (!src || !dst) throw new ImproperlyConfigured(`${this.label}.${field.name}: the intermediate model needs foreign keys to both models.`);
    return [src, dst];
  }

  /** Many-to-many fields of other models pointing here. */
  relatedManyToMany(): Array<{ model: Options; field: ManyToManyField }> {
    const out: Array<{ model: Options; field: ManyToManyField }> = [];
    for (const opts of this.registry.values()) {
      for (const f of opts.manyToMany) if (opts.resolvedTarget(f) === this) out.push({ model: opts, field: f });
    }
    return out;
  }

  /** The model a ForeignKey or ManyToManyField points to. */
  target(field: ForeignKey | ManyToManyField): Options {
    const target = this.resolvedTarget(field);
    if (!target) throw new ImproperlyConfigured(`${this.label}.${field.name}: related model ${String(field.ref)} cannot be resolved.`);
    return target;
  }

  /**
   * The target, or undefined while it names a model not defined (yet): such a
   * relation has no reverse side, as a pending lazy relation in Django
   * (`check` reports it as fields.E300).
   */
  resolvedTarget(field: ForeignKey | ManyToManyField): Options | undefined {
    const ref = field.ref as unknown;
    let model: any;
    if (ref === 'self') model = this.model;
    else if (typeof ref === 'string') model = this.registry.get(ref.includes('.') ? ref : `${this.appLabel}.${ref}`)?.model;
    else if (typeof ref === 'function' && !(ref as any)._meta) model = (ref as () => unknown)();
    else model = ref;
    return model?._meta as Options | undefined;
  }

  /** The field a ForeignKey's column holds (the target's primary key by default). */
  targetField(field: ForeignKey): Field {
    const target = this.target(field);
    return field.toField ? target.getField(field.toField) : target.pk;
  }

  getField(name: string): Field {
    const f = this.fieldsByName.get(name === 'pk' ? this.pk.name : name) ?? this.manyToMany.find((m) => m.name === name);
    if (!f) throw new FieldError(`${this.model?.name ?? this.label} has no field named '${name}'`);
    return f;
  }

  /** Reverse relations: every ForeignKey of every registered model pointing here. */
  relatedObjects(): RelatedObject[] {
    const out: RelatedObject[] = [];
    for (const opts of this.registry.values()) {
      for (const f of opts.fields) {
        if (f instanceof ForeignKey && opts.resolvedTarget(f) === this) out.push({ model: opts, field: f });
      }
    }
    return out;
  }

  /** Names listed in a FieldError ("Choices are: ..."). */
  choiceNames(): string[] {
    const names = this.fields.map((f) => f.name);
    for (const f of this.manyToMany) names.push(f.name);
    for (const rel of this.relatedObjects()) {
      if (!rel.model.autoCreated) names.push(rel.field.relatedQueryName ?? rel.field.relatedName ?? rel.model.modelName);
    }
    for (const rel of this.relatedManyToMany()) names.push(rel.field.relatedQueryName ?? rel.field.relatedName ?? rel.model.modelName);
    for (const f of this.fields) if (f instanceof ForeignKey) names.push(`${f.name}_id`);
    return names.sort();
  }
}

/** Every defined model, by label. */
export const registry = new Map<string, Options>();

/** The name that filters from a relation's target back to its source. */
export function reverseQueryName(f: ForeignKey | ManyToManyField, source: Options): string {
  return f.relatedQueryName ?? f.relatedName ?? source.modelName;
}

/** The attribute a reverse relation gets on the target's instances: relatedName or `<model>_set`. */
export function accessorName(f: ForeignKey | ManyToManyField, source: Options): string {
  // a one-to-one's reverse is one object: `place.restaurant`, not `restaurant_set`
  return f.relatedName ?? (f.type === 'OneToOneField' ? source.modelName : `${source.modelName}_set`);
}
