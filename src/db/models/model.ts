/**
 * defineModel(): one declaration gives the model class, its `objects`
 * manager, its DoesNotExist / MultipleObjectsReturned, and every type tsc
 * checks (instances, create() arguments, filter keys).
 *
 * @example
 * const Question = defineModel('polls.Question', {
 *   question_text: CharField({ maxLength: 200 }),
 *   pub_date: DateTimeField(),
 * }, { ordering: ['-pub_date'] });
 * const Choice = defineModel('polls.Choice', {
 *   question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
 *   choice_text: CharField({ maxLength: 200 }),
 *   votes: IntegerField({ default: 0 }),
 * });
 * const q = await Question.objects.create({ question_text: "What's new?", pub_date: new Date() });
 * await Choice.objects.filter({ question__pub_date__year__gte: 2020 });  // a type error: no such lookup
 */
import { FieldError, ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist, ValueError } from '../../core/exceptions';
import { DatabaseError } from '../backends/base';
import { connections } from '../connection';
import { Mode, fieldConverters, insertStatement, selectStatement, updateStatement } from '../sql/compiler';
import { orderParams } from '../sql/wasm';
import { Collector } from './deletion';
import { Q } from './expressions';
import { CASCADE, type Field, ForeignKey, ManyToManyField } from './fields';
import { type MetaOptions, Options, accessorName, registry, reverseQueryName } from './options';
import { Manager, dbValue } from './query';
import { ManyRelatedManager, ReverseManager } from './related';
import { postSave, preSave } from './signals';
import { ADDING, DEFERRED, RELATED } from './state';
import { type CleanOptions, cleanFields, fullClean, validateUnique } from './validation';
import type { CreateArgs, Fields, Instance, ModelLike, RegisteredRelations, ReverseRelationsOf } from './types';

/** What defineModel returns: the class, typed from the declaration. */
export interface ModelClass<F extends Fields, L extends string = string> extends ModelLike<F> {
  /** 'app_label.ModelName' as declared (typed: default reverse accessors `<model>_set` are derived from it). */
  readonly _label: L;
  new (data?: CreateArgs<F>): Instance<F> & RegisteredRelations<ModelClass<F, L>>;
  readonly objects: Manager<F, Instance<F> & RegisteredRelations<ModelClass<F, L>>>;
  readonly _meta: Options;
  readonly name: string;
  readonly DoesNotExist: typeof ObjectDoesNotExist;
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
  readonly prototype: Instance<F>;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Defines a model. `label` is 'app_label.ModelName' as in Django. */
export function defineModel<const F extends Fields, const L extends string = string>(label: L, fields: F, meta: MetaOptions = {}): ModelClass<F, L> {
  const models = meta.registry ?? registry;
  if (models.has(label)) throw new ImproperlyConfigured(`Model '${label}' is already defined.`);
  const opts = new Options(label, fields as unknown as Record<string, Field>, meta);
  const name = label.slice(label.indexOf('.') + 1);

  class DoesNotExist extends ObjectDoesNotExist {
    override name = `${name}.DoesNotExist`;
  }
  class MultipleReturned extends MultipleObjectsReturned {
    override name = `${name}.MultipleObjectsReturned`;
  }

  const Model = function (this: any, data: Record<string, unknown> = {}) {
    if (!new.target) throw new TypeError(`Class constructor ${name} cannot be invoked without 'new'`);
    const known = new Set<string>();
    for (const f of opts.fields) {
      const attr = Options.attname(f);
      known.add(attr);
      known.add(f.name);
      if (f instanceof ForeignKey) {
        if (f.name in data) {
          this[f.name] = data[f.name]; // the setter stores the id and the cache
        } else {
          this[attr] = attr in data ? data[attr] : f.getDefault();
        }
      } else {
        this[attr] = f.name in data ? data[f.name] : f.auto ? null : f.getDefault();
      }
    }
    for (const key of Object.keys(data)) {
      if (!known.has(key) && key !== 'pk') {
        throw new TypeError(`${name}() got an unexpected keyword argument '${key}'`);
      }
    }
    if ('pk' in data) this[Options.attname(opts.pk)] = data.pk;
    this[ADDING] = true;
  } as unknown as { new (data?: Record<string, unknown>): any; prototype: any };
  Object.defineProperty(Model, 'name', { value: name });
  opts.model = Model;
  const proto = Model.prototype;
  proto[ADDING] = false;
  Object.defineProperty(proto, 'pk', {
    get() {
      return this[Options.attname(opts.pk)];
    },
    set(v) {
      this[Options.attname(opts.pk)] = v;
    },
  });

  for (const f of opts.manyToMany) {
    Object.defineProperty(proto, f.name, {
      get(this: any) {
        const target = opts.target(f);
        return new ManyRelatedManager(target, reverseQueryName(f, opts), opts, f, this, f.name, true);
      },
    });
  }
  for (const f of opts.fields) {
    if (f instanceof ForeignKey) defineRelation(proto, opts, f);
    // A field that owns its attribute (FileField's FieldFile accessor, Django's descriptors).
    if (typeof (f as { contributeToPrototype?: unknown }).contributeToPrototype === 'function') (f as unknown as { contributeToPrototype(p: object): void }).contributeToPrototype(proto);
    if (f.choices) {
      const choices = new Map(f.choices.map(([v, l]) => [v, l] as const));
      const attr = f.name;
      proto[`get${capitalize(camel(attr))}Display`] = function (this: any) {
        const v = this[attr];
        return choices.has(v) ? choices.get(v) : v === null || v === undefined ? v : String(v);
      };
    }
  }

  const fileFields = opts.fields.filter((f): f is Field & { commitFile(i: unknown): Promise<void> } => typeof (f as { commitFile?: unknown }).commitFile === 'function');
  // `raw` saves the attributes as they are, with no pre_save (auto_now, uploads): Django's raw save, used by loaddata.
  proto.save = async function (this: any, options: { updateFields?: readonly string[]; forceInsert?: boolean; using?: string; raw?: boolean } = {}) {
    const using = options.using ?? 'default';
    const backend = connections.get(using);
    const dialect = backend.dialect;
    const pkAttr = Options.attname(opts.pk);
    const adding = this[ADDING] === true;
    const signalArgs = { instance: this, using, updateFields: options.updateFields ?? null };
    if (preSave.hasListeners(Model)) await preSave.send(Model, signalArgs);
    // Fields with content to store first (FileField's uploads), as Django's pre_save does.
    if (!options.raw) for (const f of fileFields) await f.commitFile(this);
    const hasPk = this[pkAttr] !== null && this[pkAttr] !== undefined;
    if (!adding && hasPk && !options.forceInsert) {
      const deferred: string[] | undefined = this[DEFERRED];
      const fields = options.updateFields
        ? options.updateFields.map((n) => opts.getField(n))
        : opts.fields.filter((f) => !f.primaryKey && !deferred?.includes(f.name)); // a deferred field was never loaded
      if (fields.length === 0) return;
      const values: Record<string, unknown> = {};
      for (const f of fields) {
        const v = options.raw ? this[Options.attname(f)] : f.preSave(this, false);
        values[f.name] = f instanceof ForeignKey ? this[Options.attname(f)] : v;
      }
      const state = { ...(this.constructor as any).objects.state, where: [Q({ pk: this[pkAttr] })] };
      const { compiled, params } = updateStatement(state, dialect, values);
      const res = await backend.run(compiled.stmt.sql, orderParams(compiled.stmt, params));
      if (res.changes > 0) {
        if (postSave.hasListeners(Model)) await postSave.send(Model, { ...signalArgs, created: false });
        return;
      }
      if (options.updateFields) throw new DatabaseError('Save with updateFields did not affect any rows.');
      // No row had this primary key: insert it, as Django does.
    }
    // INSERT (with the primary key when it is set)
    const fields = opts.fields.filter((f) => !(f.auto && !hasPk));
    const params = fields.map((f) => dbValue(opts, f, this, backend, true, options.raw));
    const stmt = insertStatement(opts, dialect, fields.map((f) => f.column), 1, true);
    const rows = await backend.query(stmt.sql, orderParams(stmt, params));
    const conv = opts.pk.fromDb(dialect);
    const pk = rows[0]![0];
    this[pkAttr] = conv && pk !== null ? conv(pk) : pk;
    this[ADDING] = false;
    if (postSave.hasListeners(Model)) await postSave.send(Model, { ...signalArgs, created: true });
  };

  proto.delete = async function (this: any, options: { using?: string } = {}) {
    const pk = this.pk;
    if (pk === null || pk === undefined) {
      throw new ValueError(`${name} object can't be deleted because its ${opts.pk.name} attribute is set to None.`);
    }
    const backend = connections.get(options.using);
    const collector = new Collector(backend);
    const result = await backend.atomic(async () => {
      await collector.collect(opts, [pk]);
      return collector.delete();
    });
    this[Options.attname(opts.pk)] = null;
    return result;
  };

  proto.refreshFromDb = async function (this: any, options: { using?: string; fields?: readonly string[] } = {}) {
    const backend = connections.get(options.using);
    const state = { ...(this.constructor as any).objects.state, where: [Q({ pk: this.pk })], ordering: [], mode: Mode.Tuples, fields: null };
    const { compiled, params } = selectStatement(state, backend.dialect);
    const rows = await backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params));
    if (rows.length === 0) throw new DoesNotExist(`${name} matching query does not exist.`);
    const convs = fieldConverters(opts, backend.dialect);
    const row = rows[0]!;
    const only = options.fields ? new Set(options.fields) : null;
    opts.fields.forEach((f, i) => {
      if (only && !only.has(f.name)) return;
      const v = row[i];
      const c = convs[i];
      this[Options.attname(f)] = c && v !== null ? c(v) : v;
    });
    if (this[RELATED]) this[RELATED] = undefined;
    if (this[DEFERRED]) this[DEFERRED] = only ? (this[DEFERRED] as string[]).filter((n) => !only.has(n)) : undefined;
    this[ADDING] = false;
  };

  // Validation (./validation.ts). save() does not call it, as in Django.
  proto.clean = function () {};
  proto.cleanFields = function (this: any, exclude?: Iterable<string>, options: { using?: string } = {}) {
    return cleanFields(this, opts, exclude, options.using);
  };
  proto.validateUnique = function (this: any, exclude?: Iterable<string>, options: { using?: string } = {}) {
    return validateUnique(this, opts, exclude, options.using);
  };
  proto.fullClean = function (this: any, options?: CleanOptions) {
    return fullClean(this, opts, options);
  };

  proto.equals = function (this: any, other: unknown): boolean {
    if (this === other) return true;
    if (!other || typeof other !== 'object' || (other as any).constructor?._meta !== opts) return false;
    const pk = this.pk;
    return pk !== null && pk !== undefined && pk === (other as any).pk;
  };

  proto.fetchRelated = async function (this: any, fieldName: string) {
    const reverse = opts.fieldsByName.has(fieldName)
      ? undefined
      : opts.relatedObjects().find((r) => r.field.type === 'OneToOneField' && accessorName(r.field, r.model) === fieldName);
    if (reverse) {
      const cache = (this[RELATED] ??= {});
      if (!(fieldName in cache)) cache[fieldName] = await reverse.model.model.objects.filter({ [reverse.field.name]: this.pk }).first();
      if (cache[fieldName] === null) throw new reverse.model.model.DoesNotExist(`${name} has no ${fieldName}.`);
      return cache[fieldName];
    }
    const f = opts.getField(fieldName);
    if (!(f instanceof ForeignKey)) throw new FieldError(`'${fieldName}' is not a foreign key of ${name}.`);
    const cache = this[RELATED];
    if (cache && fieldName in cache) return cache[fieldName];
    const id = this[Options.attname(f)];
    const target = opts.target(f);
    const obj = id === null || id === undefined ? null : await target.model.objects.get({ [opts.targetField(f).name]: id });
    (this[RELATED] ??= {})[fieldName] = obj;
    return obj;
  };

  proto.toString = function (this: any) {
    return `${name} object (${this.pk ?? 'None'})`;
  };

  Object.defineProperties(Model, {
    _meta: { value: opts },
    _fields: { value: fields },
    _label: { value: label },
    DoesNotExist: { value: DoesNotExist },
    MultipleObjectsReturned: { value: MultipleReturned },
    objects: { value: new Manager(opts) },
  });
  models.set(label, opts);
  linkReverseAccessors(models);
  return Model as unknown as ModelClass<F, L>;
}


const linked = new Set<Field>();

// Reverse accessors go on the target's prototype once the target can be
// resolved (a thunk may name a model defined later: retried on every define).
function linkReverseAccessors(models: Map<string, Options>): void {
  for (const opts of models.values()) {
    const rels: Array<ForeignKey | ManyToManyField> = [...opts.fields.filter((f): f is ForeignKey => f instanceof ForeignKey), ...opts.manyToMany];
    for (const f of rels) {
      if (linked.has(f) || opts.autoCreated) continue;
      let target: Options;
      try {
        target = opts.target(f);
      } catch {
        continue;
      }
      linked.add(f);
      const name = accessorName(f, opts);
      if (f.relatedName?.endsWith('+')) continue;
      // A clash keeps the first accessor; the system checks report it (fields.E302 / E304), as Django does.
      if (Object.prototype.hasOwnProperty.call(target.model.prototype, name) || target.fieldsByName.has(name)) continue;
      Object.defineProperty(target.model.prototype, name, {
        get(this: any) {
          if (f instanceof ManyToManyField) return new ManyRelatedManager(opts, f.name, opts, f, this, name, false);
          if (f.type === 'OneToOneField') {
            const cache = this[RELATED];
            if (cache && name in cache) {
              if (cache[name] === null) throw new opts.model.DoesNotExist(`${target.model.name} has no ${name}.`);
              return cache[name];
            }
            throw new FieldError(`${target.model.name}.${name} is not loaded: use prefetchRelated('${name}') or await obj.fetchRelated('${name}').`);
          }
          return new ReverseManager(opts, f, this, name);
        },
      });
    }
  }
}

Options.createThrough = (opts: Options, field: ManyToManyField): Options => {
  const target = opts.target(field);
  const self = target === opts;
  const src = self ? `from_${opts.modelName}` : opts.modelName;
  const dst = self ? `to_${target.modelName}` : target.modelName;
  const name = `${opts.label.slice(opts.appLabel.length + 1)}_${field.name}`;
  const Through = defineModel(
    `${opts.appLabel}.${name}`,
    {
      [src]: new ForeignKey(() => opts.model, { onDelete: CASCADE }),
      [dst]: new ForeignKey(() => target.model, { onDelete: CASCADE }),
    },
    { dbTable: field.throughTable ?? `${opts.dbTable}_${field.name}`, uniqueTogether: [[src, dst]], autoCreated: true, registry: opts.registry },
  );
  return Through._meta;
};

/** `obj.question` (the loaded object) and its setter, which also sets `question_id`. */
function defineRelation(proto: any, opts: Options, f: ForeignKey): void {
  const attname = Options.attname(f);
  Object.defineProperty(proto, f.name, {
    get(this: any) {
      const cache = this[RELATED];
      if (cache && f.name in cache) {
        const obj = cache[f.name];
        // A changed `<fk>_id` makes the cached object stale.
        if (obj === null ? this[attname] === null || this[attname] === undefined : obj.pk === this[attname]) return obj;
      }
      if (this[attname] === undefined && (this[DEFERRED] as string[] | undefined)?.includes(f.name)) {
        // Deferred by only()/defer(): unknown, not empty (Django would query; a property read cannot).
        throw new FieldError(`${opts.model.name}.${f.name} is deferred: await obj.refreshFromDb({ fields: ['${f.name}'] }) loads it.`);
      }
      if (this[attname] === null || this[attname] === undefined) return null;
      throw new FieldError(
        `${opts.model.name}.${f.name} is not loaded: use selectRelated('${f.name}') or await obj.fetchRelated('${f.name}').`,
      );
    },
    set(this: any, value: any) {
      if (value === null || value === undefined) {
        this[attname] = null;
      } else {
        const target = opts.target(f);
        if (value.constructor?._meta !== target) {
          throw new ValueError(`Cannot assign "${String(value)}": "${opts.model.name}.${f.name}" must be a "${target.model.name}" instance.`);
        }
        const tf = opts.targetField(f);
        this[attname] = value[Options.attname(tf)];
      }
      (this[RELATED] ??= {})[f.name] = value ?? null;
    },
    enumerable: false,
  });
}

export type { Instance };

/** `M` with its `objects` typed as `O` (the constructor kept). */
type WithManager<M, O> = Omit<M, 'objects'> & { readonly objects: O } & (M extends new (...a: infer A) => infer I ? new (...a: A) => I : unknown);

/**
 * The same model class, typed with the reverse relations `sources` declare
 * onto it (`relatedName` on their ForeignKeys): one declaration cannot see
 * the models pointing at it, so this names them once they exist.
 * Nothing changes at run time.
 * @example
 * const Post = defineModel('blog.Post', { author: ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'posts' }) });
 * const Authors = withRelated(Author, Post);
 * const a = await Authors.objects.get({ pk: 1 });
 * await a.posts.filter({ title__startswith: 'A' });   // typed as Post's ReverseManager
 */
export function withRelated<F extends Fields, M extends ModelClass<F, any>, const S extends readonly ModelLike<any>[]>(
  model: M & ModelLike<F>,
  ..._sources: S
): WithManager<M, Manager<F, Instance<F> & ReverseRelationsOf<M, S>>> {
  return model as any;
}
