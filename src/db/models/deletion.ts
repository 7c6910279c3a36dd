/**
 * Django's deletion Collector: before rows go, every ForeignKey pointing at
 * them applies its on_delete rule: CASCADE collects the related rows (and
 * theirs), PROTECT / RESTRICT refuse naming the blockers, SET_NULL /
 * SET_DEFAULT update them, DO_NOTHING leaves them to the database.
 * Deletion runs dependents first, inside the caller's transaction.
 */
import type { Backend } from '../backends/base';
import { IntegrityError } from '../backends/base';
import { Mode, type QueryState, deleteStatement, selectStatement, updateStatement } from '../sql/compiler';
import { orderParams } from '../sql/wasm';
import { Q } from './expressions';
import { postDelete, preDelete } from './signals';
import type { ForeignKey } from './fields';
import type { Options } from './options';

/** A PROTECT relation blocks the deletion. */
export class ProtectedError extends IntegrityError {
  override name = 'ProtectedError';
  constructor(
    message: string,
    readonly protectedObjects: unknown[],
  ) {
    super(message);
  }
}

/** A RESTRICT relation blocks the deletion. */
export class RestrictedError extends IntegrityError {
  override name = 'RestrictedError';
  constructor(
    message: string,
    readonly restrictedObjects: unknown[],
  ) {
    super(message);
  }
}

function state(opts: Options, where: Record<string, unknown>, mode: QueryState['mode'] = 0, fields: string[] | null = null): QueryState {
  return {
    opts,
    where: [Q(where)],
    ordering: [],
    low: 0,
    high: null,
    related: [],
    fields,
    mode,
    distinct: false,
    forUpdate: false,
    annotations: [],
    reversed: false,
  };
}

export class Collector {
  /** Primary keys to delete, per model, in discovery order. */
  private readonly data = new Map<Options, Set<unknown>>();
  private readonly order: Options[] = [];
  private readonly fieldUpdates: Array<{ opts: Options; field: ForeignKey; pks: unknown[]; value: unknown }> = [];
  private readonly restricted: Array<{ opts: Options; field: ForeignKey; objs: unknown[] }> = [];

  constructor(private readonly backend: Backend) {}

  /** No relation points at `opts`: one DELETE ... WHERE suffices. */
  canFastDelete(opts: Options): boolean {
    if (!opts.autoCreated && (preDelete.hasListeners(opts.model) || postDelete.hasListeners(opts.model))) return false;
    return opts.relatedObjects().every((r) => r.field.onDelete === 'DO_NOTHING');
  }

  private async select(opts: Options, where: Record<string, unknown>, mode: QueryState['mode'], fields: string[] | null): Promise<unknown[]> {
    const { compiled, params } = selectStatement(state(opts, where, mode, fields), this.backend.dialect);
    const rows = await this.backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params));
    return rows.map((r) => compiled.read!(r));
  }

  /** Adds the rows of `opts` with these primary keys and everything that depends on them. */
  async collect(opts: Options, pks: unknown[]): Promise<void> {
    let set = this.data.get(opts);
    if (!set) {
      set = new Set();
      this.data.set(opts, set);
      this.order.push(opts);
    }
    const fresh = pks.filter((pk) => !set!.has(pk));
    if (fresh.length === 0) return;
    for (const pk of fresh) set.add(pk);
    for (const rel of opts.relatedObjects()) {
      const field = rel.field;
      if (field.onDelete === 'DO_NOTHING') continue;
      const lookup = { [`${field.name}__in`]: fresh };
      if (field.onDelete === 'CASCADE') {
        const related = await this.select(rel.model, lookup, Mode.Flat, ['pk']);
        if (related.length) await this.collect(rel.model, related);
      } else if (field.onDelete === 'PROTECT' || field.onDelete === 'RESTRICT') {
        const objs = await this.select(rel.model, lookup, Mode.Instances, null);
        if (objs.length === 0) continue;
        if (field.onDelete === 'PROTECT') {
          const model = opts.model.name;
          throw new ProtectedError(
            `Cannot delete some instances of model '${model}' because they are referenced through protected foreign keys: '${rel.model.model.name}.${field.name}'.`,
            objs,
          );
        }
        this.restricted.push({ opts: rel.model, field, objs });
      } else {
        const pksRel = await this.select(rel.model, lookup, Mode.Flat, ['pk']);
        if (pksRel.length === 0) continue;
        const how = field.onDelete;
        let value: unknown;
        if (how === 'SET_NULL') value = null;
        else if (typeof how === 'object') value = typeof how.value === 'function' ? await (how.value as () => unknown)() : how.value;
        else value = field.getDefault();
        this.fieldUpdates.push({ opts: rel.model, field, pks: pksRel, value });
      }
    }
  }

  /** The collected primary keys per model, in discovery order (what the admin's delete page lists). */
  collected(): Array<[Options, unknown[]]> {
    return this.order.map((opts) => [opts, [...this.data.get(opts)!]]);
  }

  /** Runs the updates and deletes; returns Django's (total, per label) pair. */
  async delete(): Promise<[number, Record<string, number>]> {
    // RESTRICT allows the deletion only when the blockers are deleted too.
    for (const r of this.restricted) {
      const doomed = this.data.get(r.opts);
      const pkAttr = r.opts.pk.name;
      const left = r.objs.filter((o: any) => !doomed?.has(o[pkAttr]));
      if (left.length) {
        throw new RestrictedError(
          `Cannot delete some instances of model because they are referenced through restricted foreign keys: '${r.opts.model.name}.${r.field.name}'.`,
          left,
        );
      }
    }
    for (const u of this.fieldUpdates) {
      const doomed = this.data.get(u.opts);
      const pks = doomed ? u.pks.filter((pk) => !doomed.has(pk)) : u.pks;
      if (!pks.length) continue;
      const { compiled, params } = updateStatement(state(u.opts, { pk__in: pks }), this.backend.dialect, { [u.field.name]: u.value });
      await this.backend.run(compiled.stmt.sql, orderParams(compiled.stmt, params));
    }
    let total = 0;
    const counts: Record<string, number> = {};
    for (const opts of [...this.order].reverse()) {
      const pks = [...this.data.get(opts)!];
      if (!pks.length) continue;
      // As in Django, automatic many-to-many rows send no delete signals.
      const signals = !opts.autoCreated && (preDelete.hasListeners(opts.model) || postDelete.hasListeners(opts.model));
      const instances = signals ? await this.select(opts, { pk__in: pks }, Mode.Instances, null) : [];
      for (const instance of instances) await preDelete.send(opts.model, { instance, using: 'default' });
      const { compiled, params } = deleteStatement(state(opts, { pk__in: pks }), this.backend.dialect);
      const res = await this.backend.run(compiled.stmt.sql, orderParams(compiled.stmt, params));
      if (res.changes) {
        counts[opts.label] = (counts[opts.label] ?? 0) + res.changes;
        total += res.changes;
      }
      for (const instance of instances) await postDelete.send(opts.model, { instance, using: 'default' });
    }
    return [total, counts];
  }
}
