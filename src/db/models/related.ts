/**
 * Related managers (Django's RelatedManager / ManyRelatedManager): the
 * QuerySet of the objects on the other side of a relation, seen from one
 * instance, with the methods that change the relation.
 *
 *   author.questions            reverse ForeignKey (relatedName, or `question_set`)
 *   post.tags, tag.posts        many-to-many, both directions
 *
 * `prefetchRelated()` fills a manager's cache so that awaiting it (or
 * `.all()`) costs no query.
 */
import { ValueError } from '../../core/exceptions';
import { connections } from '../connection';
import { Q } from './expressions';
import type { ForeignKey, ManyToManyField } from './fields';
import { Options } from './options';
import { Manager, QuerySet } from './query';
import { m2mChanged } from './signals';
import type { Made } from './query';
import type { CreateArgs } from './types';
import { PREFETCHED } from './state';

function pkOf(obj: unknown, target: Options): unknown {
  if (obj !== null && typeof obj === 'object') {
    if ((obj.constructor as any)?._meta !== target) {
      throw new TypeError(`'${target.model.name}' instance expected, got ${String(obj)}`);
    }
    const pk = (obj as any).pk;
    if (pk === null || pk === undefined) throw new ValueError(`Cannot add "${String(obj)}": the object has no primary key yet.`);
    return pk;
  }
  return obj; // a primary key value
}

abstract class RelatedManagerBase<F, T> extends Manager<F, T> {
  constructor(
    opts: Options,
    where: Record<string, unknown>,
    protected readonly instance: any,
    protected readonly cacheName: string,
  ) {
    const pk = instance.pk;
    if (pk === null || pk === undefined) {
      throw new ValueError(`"${String(instance)}" needs a value for its primary key before this relationship can be used.`);
    }
    super(opts, { ...(opts.model.objects as Manager<F, T>).state, where: [Q(where)] });
  }

  private cached(): T[] | null {
    return (this.instance[PREFETCHED]?.[this.cacheName] as T[] | undefined) ?? null;
  }

  override fetch(): Promise<T[]> {
    const c = this.cached();
    return c ? Promise.resolve(c) : super.fetch();
  }

  override all(): QuerySet<F, T> {
    return this.cached() ? this : super.all();
  }

  override async count(): Promise<number> {
    const c = this.cached();
    return c ? c.length : super.count();
  }

  protected dropCache(): void {
    const p = this.instance[PREFETCHED];
    if (p) delete p[this.cacheName];
  }
}

/** What add()/remove()/set() take: instances of the other side, or their primary keys. */
type Linkable<T> = T | number | string | bigint;

/** `author.questions`: the objects whose ForeignKey points at the instance. */
export class ReverseManager<F, T> extends RelatedManagerBase<F, T> {
  constructor(
    opts: Options,
    private readonly fk: ForeignKey,
    instance: any,
    cacheName: string,
  ) {
    super(opts, { [fk.name]: instance.pk }, instance, cacheName);
  }

  /** Creates an object pointing at the instance (its foreign key is filled in). */
  override async create(data: Partial<CreateArgs<F>>): Promise<Made<F, T>> {
    this.dropCache();
    return this.state.opts.model.objects.create({ ...data, [Options.attname(this.fk)]: this.instance.pk });
  }

  /** Points the given objects at the instance (saved with an UPDATE). */
  async add(...objs: Array<Linkable<T>>): Promise<void> {
    this.dropCache();
    const pks = objs.map((o) => pkOf(o, this.state.opts));
    await this.state.opts.model.objects.filter({ pk__in: pks }).update({ [this.fk.name]: this.instance.pk });
    for (const o of objs) if (typeof o === 'object') (o as any)[Options.attname(this.fk)] = this.instance.pk;
  }

  /** Unlinks the given objects (the ForeignKey must be nullable). */
  async remove(...objs: Array<Linkable<T>>): Promise<void> {
    if (!this.fk.null) throw new TypeError(`'${this.cacheName}' has no remove(): ${this.fk.modelLabel}.${this.fk.name} is not nullable.`);
    this.dropCache();
    const pks = objs.map((o) => pkOf(o, this.state.opts));
    await this.state.opts.model.objects.filter({ pk__in: pks, [this.fk.name]: this.instance.pk }).update({ [this.fk.name]: null });
    for (const o of objs) if (typeof o === 'object') (o as any)[Options.attname(this.fk)] = null;
  }

  /** Unlinks every related object (the ForeignKey must be nullable). */
  async clear(): Promise<void> {
    if (!this.fk.null) throw new TypeError(`'${this.cacheName}' has no clear(): ${this.fk.modelLabel}.${this.fk.name} is not nullable.`);
    this.dropCache();
    await this.state.opts.model.objects.filter({ [this.fk.name]: this.instance.pk }).update({ [this.fk.name]: null });
  }
}

/** Options of add()/set()/create() on a many-to-many with an explicit `through` model. */
export interface ThroughOptions {
  /** Values of the intermediate model's other fields for the new links (functions are called per link). */
  throughDefaults?: Record<string, unknown>;
}

function isThroughOptions(v: unknown): v is ThroughOptions {
  return v !== null && typeof v === 'object' && !(v as any).constructor?._meta && Object.keys(v as object).every((k) => k === 'throughDefaults');
}

function throughValues(defaults: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults ?? {})) out[k] = typeof v === 'function' ? (v as () => unknown)() : v;
  return out;
}

/** `post.tags` / `tag.post_set`: both sides of a many-to-many. */
export class ManyRelatedManager<F, T> extends RelatedManagerBase<F, T> {
  private readonly through: Options;
  private readonly near: ForeignKey;
  private readonly far: ForeignKey;

  constructor(
    /** The model whose objects this manager returns. */
    opts: Options,
    /** The filter path from `opts` back to the instance. */
    path: string,
    source: Options,
    field: ManyToManyField,
    instance: any,
    cacheName: string,
    private readonly forward: boolean,
  ) {
    super(opts, { [path]: instance.pk }, instance, cacheName);
    this.through = source.through(field);
    const [src, dst] = source.throughFields(field);
    this.near = forward ? src : dst;
    this.far = forward ? dst : src;
  }

  private throughModel(): any {
    return this.through.model;
  }

  private async changed(action: 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear', pks: unknown[] | null): Promise<void> {
    const sender = this.through.model;
    if (!m2mChanged.hasListeners(sender)) return;
    await m2mChanged.send(sender, {
      instance: this.instance,
      action,
      reverse: !this.forward,
      model: this.state.opts.model,
      pkSet: pks ? new Set(pks) : null,
      using: this.db,
    });
  }

  /**
   * Links the given objects (or primary keys); links that exist are kept.
   * A last argument `{ throughDefaults }` fills the intermediate model's other fields.
   */
  async add(...args: Array<Linkable<T> | ThroughOptions>): Promise<void> {
    this.dropCache();
    const objs: any[] = [...args];
    const options = objs.length && isThroughOptions(objs[objs.length - 1]) ? (objs.pop() as ThroughOptions) : {};
    if (options.throughDefaults !== undefined) this.checkThroughDefaults(options.throughDefaults);
    const pks = [...new Set(objs.map((o) => pkOf(o, this.state.opts)))];
    if (!pks.length) return;
    const backend = connections.get(this.db);
    await backend.atomic(async () => {
      const Through = this.throughModel();
      const existing = new Set(
        await Through.objects.filter({ [this.near.name]: this.instance.pk, [`${this.far.name}__in`]: pks }).valuesList(this.far.name, { flat: true }),
      );
      const fresh = pks.filter((pk) => !existing.has(pk));
      if (!fresh.length) return;
      await this.changed('pre_add', fresh);
      const rows = fresh.map(
        (pk) => new Through({ ...throughValues(options.throughDefaults), [Options.attname(this.near)]: this.instance.pk, [Options.attname(this.far)]: pk }),
      );
      await Through.objects.bulkCreate(rows);
      await this.changed('post_add', fresh);
    });
  }

  /** Unlinks the given objects (or primary keys). */
  async remove(...objs: Array<Linkable<T>>): Promise<void> {
    this.dropCache();
    const pks = objs.map((o) => pkOf(o, this.state.opts));
    if (!pks.length) return;
    await this.changed('pre_remove', pks);
    await this.throughModel().objects.filter({ [this.near.name]: this.instance.pk, [`${this.far.name}__in`]: pks }).delete();
    await this.changed('post_remove', pks);
  }

  /** Unlinks everything. */
  async clear(): Promise<void> {
    this.dropCache();
    await this.changed('pre_clear', null);
    await this.throughModel().objects.filter({ [this.near.name]: this.instance.pk }).delete();
    await this.changed('post_clear', null);
  }

  private checkThroughDefaults(defaults: unknown): void {
    if (defaults === null || typeof defaults !== 'object') throw new TypeError('throughDefaults must be an object of field values.');
    for (const name of Object.keys(defaults)) {
      const f = this.through.fieldsByName.get(name);
      if (!f || f === this.near || f === this.far || f.primaryKey) {
        throw new TypeError(`${this.through.model.name}() got an unexpected keyword argument '${name}' in throughDefaults.`);
      }
    }
  }

  /** Makes the links exactly `objs`: removes the others, adds the missing (with `throughDefaults`). */
  async set(objs: ReadonlyArray<Linkable<T>>, options: ThroughOptions & { clear?: boolean } = {}): Promise<void> {
    if (!Array.isArray(objs)) throw new TypeError(`${this.cacheName}.set() takes a list of objects.`);
    const pks = new Set<any>(objs.map((o) => pkOf(o, this.state.opts)));
    const backend = connections.get(this.db);
    await backend.atomic(async () => {
      const Through = this.throughModel();
      if (options.clear) await this.clear();
      const current: any[] = options.clear ? [] : await Through.objects.filter({ [this.near.name]: this.instance.pk }).valuesList(this.far.name, { flat: true });
      const stale = current.filter((pk) => !pks.has(pk));
      if (stale.length) await this.remove(...stale);
      const have = new Set(current);
      const missing = [...pks].filter((pk) => !have.has(pk));
      if (missing.length) await this.add(...missing, { throughDefaults: options.throughDefaults });
    });
  }

  /** Creates an object on the other side and links it. */
  override async create(data: CreateArgs<F>, options: ThroughOptions = {}): Promise<Made<F, T>> {
    const backend = connections.get(this.db);
    return backend.atomic(async () => {
      const obj = await this.state.opts.model.objects.create(data);
      await this.add(obj, { throughDefaults: options.throughDefaults });
      return obj;
    });
  }
}
