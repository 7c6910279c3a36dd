/**
 * The plan of the commonest read, `Model.objects.get({ pk })`: a get() with
 * one keyword filter of plain values on a model's own manager (nothing
 * chained before it). Its statement, row reader and the lookups of its keys
 * are kept per model, dialect and key set, so a repeated call builds no Q
 * tree, no QueryState and no shape key: it converts the values, binds them
 * and reads the row.
 *
 * The plan is made by the general path itself (the same probe get() builds,
 * compiled by `selectStatement`), so both paths run the same SQL with the
 * same parameters; `test/db/get-plan.test.ts` compares their rows and errors.
 * Anything else (null, a list, an instance, an expression, an unknown key,
 * no key at all) makes `getPlan()` answer null and get() take the general path,
 * which raises the errors it always raised.
 *
 * @example
 * // Post.objects.get({ pk: 7 }) on SQLite, from the second call on:
 * // plan.stmt.sql = 'SELECT ... FROM "bench_post" WHERE "bench_post"."id" = ?' (no LIMIT: a primary key matches once)
 */
import type { Dialect, Statement } from '../backends/base';
import { Q } from '../models/expressions';
import type { Options } from '../models/options';
import { type QueryState, type RowReader, isSliced, matchesAtMostOne, pushLeafParams, selectStatement } from './compiler';
import { type Resolved, resolveKey } from './resolve';
import { type Shape, shapeEpoch } from './shape';
import { orderParams } from './wasm';

export interface GetPlan {
  readonly stmt: Statement;
  /** The lookup of each filter key, in the filter's key order. */
  readonly lookups: readonly Resolved[];
  readonly read: RowReader;
  /** LIMIT 21 was added (the filter is not one equality on a unique column): "more than 20". */
  readonly limited: boolean;
}

/** Plans kept per model and dialect; past the limit a model's plans start again. */
const PLANS_PER_MODEL = 64;

/** A model's plans by dialect and key set (on its root shape), with the last one found. */
export class GetPlans {
  readonly epoch = shapeEpoch();
  readonly byKeys: [Map<string, GetPlan>, Map<string, GetPlan>] = [new Map(), new Map()];
  // the last hit: a loop of get({ pk }) compares one (interned) string
  lastKeys = '';
  lastDialect = -1;
  lastPlan: GetPlan | null = null;
}

// Lookups whose one value becomes one parameter; `in`, `range` and `isnull`
// take lists, pairs or booleans that change the SQL, so they stay general.
const ONE_VALUE = new Set(['exact', 'iexact', 'contains', 'icontains', 'gt', 'gte', 'lt', 'lte', 'startswith', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex']);

/**
 * The plan for get(`filter`) on `state`, a manager's untouched state whose
 * root shape is `root`, or null when the general path must run it. Made on
 * first use; the values of `filter` only decide whether it qualifies, never
 * what is cached.
 */
export function getPlan(root: Shape, state: QueryState, filter: unknown, dialect: Dialect): GetPlan | null {
  if (filter === null || typeof filter !== 'object' || Object.getPrototypeOf(filter) !== Object.prototype) return null;
  const values = filter as Record<string, unknown>;
  // the key set, in order (the SQL depends on it, never on the values)
  let keys = '';
  let n = 0;
  for (const k in values) {
    if (!plainValue(values[k])) return null;
    keys = n++ === 0 ? k : `${keys}\0${k}`;
  }
  if (n === 0) return null;
  let gets = root.gets;
  // clearShapeCache() forgot every statement: so do the plans
  if (gets === null || gets.epoch !== shapeEpoch()) root.gets = gets = new GetPlans();
  if (keys === gets.lastKeys && dialect === gets.lastDialect) return gets.lastPlan;
  const byKeys = gets.byKeys[dialect];
  let plan = byKeys.get(keys) ?? null;
  if (plan === null) {
    plan = makePlan(state, values, dialect);
    if (plan === null) return null;
    if (byKeys.size >= PLANS_PER_MODEL) byKeys.clear();
    byKeys.set(keys, plan);
  }
  gets.lastKeys = keys;
  gets.lastDialect = dialect;
  gets.lastPlan = plan;
  return plan;
}

/**
 * The query get() runs for `state` with the conditions `where` (Django's
 * QuerySet.get()): unordered unless sliced, and at most 21 rows
 * (MAX_GET_RESULTS) to tell "more than 20" apart, from the slice's start;
 * one equality on the primary key or a unique column needs no LIMIT.
 */
export function getProbe(state: QueryState, where: QueryState['where']): { probe: QueryState; limited: boolean } {
  const sliced = isSliced(state);
  const probe: { -readonly [K in keyof QueryState]: QueryState[K] } = sliced ? { ...state, where } : { ...state, where, ordering: [], reversed: false };
  const limited = !matchesAtMostOne(probe);
  if (limited) probe.high = probe.high === null ? probe.low + 21 : Math.min(probe.high, probe.low + 21);
  return { probe, limited };
}

/** The parameters of `filter` for `plan`, converted and checked as the general path does. */
export function getParams(plan: GetPlan, filter: Record<string, unknown>, dialect: Dialect): unknown[] {
  const params: unknown[] = [];
  let i = 0;
  for (const k in filter) pushLeafParams(plan.lookups[i++]!, k, filter[k], dialect, params);
  return orderParams(plan.stmt, params);
}

// A value whose kind leaves the SQL as the key alone (no NULL, list, instance, expression).
function plainValue(v: unknown): boolean {
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint' || v instanceof Date;
}

function makePlan(state: QueryState, values: Record<string, unknown>, dialect: Dialect): GetPlan | null {
  const lookups: Resolved[] = [];
  for (const k in values) {
    let r: Resolved;
    try {
      r = resolveKey(state.opts, k);
    } catch {
      return null; // the general path raises the FieldError
    }
    if (!ONE_VALUE.has(r.lookup)) return null;
    lookups.push(r);
  }
  // exactly the probe get() builds on the general path
  const { probe, limited } = getProbe(state, [Q(values)]);
  let compiled;
  try {
    compiled = selectStatement(probe, dialect, null).compiled;
  } catch {
    return null; // a value the general path refuses: it raises the error
  }
  return { stmt: compiled.stmt, lookups, read: compiled.read!, limited };
}
