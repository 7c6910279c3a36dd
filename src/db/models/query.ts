/**
 * QuerySet (django.db.models.query): lazy, immutable, chainable; awaiting it
 * (or iterating it with `for await`) runs one query and caches the rows.
 *
 * Spelling differences from Django, forced by JavaScript:
 *   qs[5:10]             -> qs.slice(5, 10)
 *   qs.filter(a=1)       -> qs.filter({ a: 1 })
 *   values_list(flat=)   -> valuesList('a', { flat: true })
 *   order_by / select_related / get_or_create ... -> camelCase
 *
 * @example
 * const recent = await Question.objects.filter({ pub_date__lte: new Date() }).orderBy('-pub_date').slice(0, 5);
 */
import { FieldError, MultipleObjectsReturned, ObjectDoesNotExist, ValueError } from '../../core/exceptions';
import type { Backend, Dialect } from '../backends/base';
import { IntegrityError, NotSupportedError } from '../backends/base';
import { connections } from '../connection';
import {
  Mode,
  type QueryState,
  type RowReader,
  aggregateStatement,
  bulkUpdateStatement,
  countFromStatement,
  countStatement,
  deleteStatement,
  insertStatement,
  isSliced,
  selectStatement,
  updateStatement,
} from '../sql/compiler';
import { type GetPlan, getParams, getPlan, getProbe } from '../sql/get-plan';
import { resolveKey } from '../sql/resolve';
import { chainDefer, chainOnly, checkPaths } from '../sql/select-mask';
import { type Shape, T_DEFER, T_DISTINCT, T_ONLY, T_ORDER, T_RELATED, T_REVERSE, T_SLICE, T_UNDEFER, knownList, rootShape, stepList, stepNode } from '../sql/shape';
import { COMPOUND, type TruncKind } from '../sql/wasm';
import { orderParams } from '../sql/wasm';
import { rawQuery } from '../raw';
import { Collector } from './deletion';
import { Aggregate, Combined, ExistsExpr, type OutputOf, Q, QNode } from './expressions';
import { ForeignKey } from './fields';
import { Options, accessorName, reverseQueryName } from './options';
import { ADDING, PREFETCHED, PREFETCH_KEY, RELATED } from './state';
import type { CreateArgs, FieldPath, FilterArgs, Instance, InstanceMethods, Lookup, OrderKey, PathValue, RelatedPath, ValuesRow } from './types';

/** Names only() and defer() accept: fields, `<fk>_id`, `pk`, paths across foreign keys ('author__name'). */
type DeferName<F> = (keyof Instance<F> & string) | FieldPath<F>;
/** Names annotate() added to instance rows `T` (none for values() rows). */
type AnnotationKeys<F, T> = T extends InstanceMethods<F> ? Exclude<keyof T, keyof Instance<F>> & string : never;
/** Filters on annotation names: `{ n__gte: 2 }` after annotate({ n: Count(...) }). */
type AnnotationFilter<F, T> = [AnnotationKeys<F, T>] extends [never]
  ? unknown
  : { [K in AnnotationKeys<F, T>]?: T[K] | Combined } & { [K in AnnotationKeys<F, T> as `${K}__${Lookup}`]?: unknown };
type Filter<F, T = unknown> = (FilterArgs<F> & AnnotationFilter<F, T> & AliasFilter<T>) | QNode | ExistsExpr;
/** orderBy() names: fields, spans, annotation and alias() names. */
type OrderName<F, T> = OrderKey<F> | AnnotationKeys<F, T> | `-${AnnotationKeys<F, T>}` | AliasKeys<T> | `-${AliasKeys<T>}`;

/**
 * Where alias() names live in the row type `T`: a key no row has at run time
 * (a type-only symbol, optional), so the names type filter() and orderBy()
 * without ever appearing on the rows, and every method that keeps `T` keeps them.
 */
export declare const ALIASES: unique symbol;
/** Rows of `T` that carry the alias() names `A` (typed by their output). */
export type Aliased<T, A> = T & { readonly [ALIASES]?: { [K in keyof A]: OutputOf<A[K]> } };
type AliasesOf<T> = T extends { readonly [ALIASES]?: infer A } ? A : unknown;
type AliasKeys<T> = keyof AliasesOf<T> & string;
/** Filters on alias() names: `{ n__gt: 1 }` after alias({ n: Count(...) }). */
type AliasFilter<T> = [AliasKeys<T>] extends [never]
  ? unknown
  : { [K in AliasKeys<T>]?: AliasesOf<T>[K] | Combined } & { [K in AliasKeys<T> as `${K}__${Lookup}`]?: unknown };

/** Rows of `T` with the annotations `A` (typed by their output). */
export type Annotated<T, A> = T extends object ? T & { -readonly [K in keyof A]: OutputOf<A[K]> } : T;

/** What create() returns: the QuerySet's instance type (with the reverse managers withRelated() names), or the plain instance for values() rows. */
export type Made<F, T> = T extends InstanceMethods<F> ? T : Instance<F>;

type Writable<S> = { -readonly [K in keyof S]: S[K] };
const NONE: readonly never[] = Object.freeze([]);

function initialState(opts: Options): QueryState {
  const s = copyState({ opts, where: NONE, ordering: null, low: 0, high: null, related: NONE, fields: null, mode: Mode.Instances, distinct: false, forUpdate: false, annotations: NONE, reversed: false });
  return s;
}

// Every clone is one object literal naming every field, so all states share
// one hidden class and a chained call costs one allocation (a spread of the
// state and a change set was a fifth of a repeated query's time). Typed with
// every key required: a field added to QueryState must be added here.
function copyState(s: QueryState): Writable<QueryState> {
  const copy: { -readonly [K in keyof Required<QueryState>]: QueryState[K] } = {
    opts: s.opts,
    where: s.where,
    ordering: s.ordering,
    low: s.low,
    high: s.high,
    related: s.related,
    fields: s.fields,
    mode: s.mode,
    distinct: s.distinct,
    forUpdate: s.forUpdate,
    annotations: s.annotations,
    reversed: s.reversed,
    prefetch: s.prefetch,
    trunc: s.trunc,
    truncDatetime: s.truncDatetime,
    aliases: s.aliases,
    combinator: s.combinator,
    deferred: s.deferred,
    groupBy: s.groupBy,
    having: s.having,
    extra: s.extra,
    window: s.window,
  };
  return copy;
}

// The checks of the methods that log a list of names in the shape trie
// (QuerySet.logList), run only for a list not seen at that point of a chain.

// names are checked now (as Django's add_ordering does), so the shape key
// only ever holds names that resolve
function checkOrdering(state: QueryState, fields: readonly string[]): void {
  const anns = state.aliases?.length ? [...state.annotations, ...state.aliases] : state.annotations;
  for (const f of fields) {
    if (typeof f !== 'string') throw new FieldError(`Invalid order_by argument: ${String(f)}`);
    if (f === '?') continue;
    const name = f.charCodeAt(0) === 45 ? f.slice(1) : f;
    // a combined query orders by its result columns (checked when compiled)
    if (state.combinator) continue;
    if (anns.length === 0 || !anns.some(([n]) => n === name)) resolveKey(state.opts, name, false);
  }
}

function checkRelated(_state: QueryState, fields: readonly string[]): void {
  for (const f of fields) {
    if (typeof f !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(f.replace(/__/g, '_'))) {
      throw new FieldError(`Invalid field name(s) given in select_related: '${String(f)}'.`);
    }
  }
}

function checkDefer(state: QueryState, names: readonly string[]): void {
  checkPaths(state.opts, names, 'defer');
}

function checkOnly(state: QueryState, names: readonly string[]): void {
  checkPaths(state.opts, names, 'only');
}

// values() on a state; a combined one passes it to its parts, nested ones included.
function columnsOf(s: QueryState, fields: readonly string[] | null, mode: Mode): Partial<QueryState> {
  const c = s.combinator;
  if (!c) return { fields, mode };
  const parts = c.parts.map((p) => ({ ...p, ...(p.mode === Mode.Instances || p.combinator ? columnsOf(p, fields, mode) : { mode }) }));
  return { fields, mode, combinator: { ...c, parts } };
}

function checkPartNames(s: QueryState, n: string): void {
  for (const p of s.combinator!.parts) {
    if (p.combinator) checkPartNames(p, n);
    else if (!p.annotations.some(([a]) => a === n)) resolveKey(p.opts, n, false);
  }
}

function toNode(args: ReadonlyArray<Record<string, unknown> | QNode>, negated: boolean): QNode {
  if (args.length === 1 && !negated) {
    // the common call, filter({ ... }): no list of children to build
    const a = args[0];
    if (a instanceof QNode) return a;
    if (a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype) return Q(a);
  }
  const children: QNode[] = [];
  for (const a of args) {
    if (a instanceof QNode) children.push(a);
    else if (a instanceof ExistsExpr) children.push(new QNode([a]));
    else if (a === null || typeof a !== 'object' || a instanceof Combined || Array.isArray(a)) {
      throw new TypeError(`filter() takes keyword lookups, Q objects or Exists(): got ${a instanceof Combined ? a.constructor.name : String(a)}.`);
    } else children.push(Q(a));
  }
  const node = children.length === 1 ? children[0]! : new QNode(children, 'AND');
  return negated ? node.not() : node;
}

export class QuerySet<F, T = Instance<F>> implements PromiseLike<T[]>, AsyncIterable<T> {
  /** @internal */
  readonly state: QueryState;
  /** @internal */
  readonly db: string;
  private resultCache: T[] | null = null;
  /**
   * @internal Where this chain is in the shape trie (sql/shape.ts), or null
   * when a method that does not log itself was called: then the SQL is found
   * by the compiler's key walk instead.
   */
  shape: Shape | null = null;

  constructor(opts: Options, state?: QueryState, db = 'default') {
    this.state = state ?? initialState(opts);
    this.db = db;
    if (state === undefined) this.shape = rootShape(opts);
  }

  /** The model this QuerySet reads. */
  get model(): any {
    return this.state.opts.model;
  }

  protected clone<U = T>(changes: Partial<QueryState>, db = this.db): QuerySet<F, U> {
    return new QuerySet<F, U>(this.state.opts, Object.assign(copyState(this.state), changes), db);
  }

  // clone() for one changed field, without a change set to allocate and merge
  private derive<K extends keyof QueryState>(key: K, value: QueryState[K], shape: Shape | null): QuerySet<F, T> {
    const s = copyState(this.state);
    s[key] = value;
    return this.made(s, shape);
  }

  private made(s: QueryState, shape: Shape | null): QuerySet<F, T> {
    const qs = new QuerySet<F, T>(s.opts, s, this.db);
    qs.shape = shape;
    return qs;
  }

  private backend(): Backend {
    return connections.get(this.db);
  }

  // After union() and co. only ordering, slicing, values and counting are allowed (Django).
  private notCombined(method: string): void {
    const c = this.state.combinator;
    if (c) throw new NotSupportedError(`Calling QuerySet.${method}() after ${c.name}() is not supported.`);
  }

  private assertNotSliced(what: string): void {
    if (this.state.low !== 0 || this.state.high !== null) throw new TypeError(`Cannot ${what} a query once a slice has been taken.`);
  }

  // -------------------------------------------------------------------------
  // Methods that return new QuerySets

  all(): QuerySet<F, T> {
    return this.withShape(this.clone({}), this.shape);
  }

  private withShape<U>(qs: QuerySet<F, U>, shape: Shape | null): QuerySet<F, U> {
    qs.shape = shape;
    return qs;
  }

  /** Rows matching every condition (keyword lookups and Q objects). */
  filter(...args: Array<Filter<F, T>>): QuerySet<F, T> {
    if (args.length === 0) return this.clone({});
    this.notCombined('filter');
    this.assertNotSliced('filter');
    return this.addCondition(toNode(args as any, false));
  }

  /** Rows not matching the conditions. */
  exclude(...args: Array<Filter<F, T>>): QuerySet<F, T> {
    if (args.length === 0) return this.clone({});
    this.notCombined('exclude');
    this.assertNotSliced('filter');
    return this.addCondition(toNode(args as any, true));
  }

  // A condition naming an aggregate annotation goes to HAVING, as in Django.
  private addCondition(node: QNode): QuerySet<F, T> {
    const named = this.state.aliases?.length ? [...this.state.annotations, ...this.state.aliases] : this.state.annotations;
    if (named.length === 0) {
      const shape = this.shape === null ? null : stepNode(this.shape, this.state.opts, node);
      const where = this.state.where;
      const next = new Array<QNode>(where.length + 1);
      for (let i = 0; i < where.length; i++) next[i] = where[i]!;
      next[where.length] = node;
      return this.derive('where', next, shape);
    }
    const aggregates = new Set(named.filter(([, a]) => a instanceof Aggregate).map(([n]) => n));
    const names = (n: QNode): boolean =>
      n.children.some((c) => (c instanceof QNode ? names(c) : !(c instanceof Combined) && aggregates.has(c[0].split('__')[0]!)));
    if (aggregates.size && names(node)) return this.clone({ having: [...(this.state.having ?? []), node] });
    return this.clone({ where: [...this.state.where, node] });
  }

  /** Orders by fields ('-' descending, '?' random, spans with '__'). */
  orderBy(...fields: Array<OrderName<F, T>>): QuerySet<F, T> {
    this.assertNotSliced('reorder');
    const shape = this.logList(T_ORDER, fields as string[], checkOrdering);
    const s = copyState(this.state);
    s.ordering = fields as string[];
    s.reversed = false;
    return this.made(s, shape);
  }

  /**
   * The shape after `op` and its names. A shaped chain that took the same
   * step here before skips `check`: the trie only has an edge for names that
   * passed it on this model.
   */
  private logList(op: number, names: readonly string[], check: (state: QueryState, names: readonly string[]) => void): Shape | null {
    const known = knownList(this.shape, op, names);
    if (known !== null) return known;
    check(this.state, names);
    return this.shape === null ? null : stepList(this.shape, op, names);
  }

  /** Reverses the ordering. */
  reverse(): QuerySet<F, T> {
    // reversing after LIMIT/OFFSET would pick other rows, not the slice backwards (Django refuses it too)
    this.assertNotSliced('reverse');
    return this.withShape(this.clone({ reversed: !this.state.reversed }), this.shape?.step(T_REVERSE) ?? null);
  }

  distinct(): QuerySet<F, T> {
    this.notCombined('distinct');
    return this.withShape(this.clone({ distinct: true }), this.shape?.step(T_DISTINCT) ?? null);
  }

  /**
   * Loads only these fields (and the primary key). The others are left
   * undefined on the instances; save() then writes only the loaded fields and
   * refreshFromDb() loads the rest. A path across a selectRelated() join
   * ('author__name') loads only those fields of the joined model (and its
   * primary key); naming a relation ('author') loads all of its fields. A
   * relation selectRelated() follows must be named, alone or in a path
   * (Django: "cannot be both deferred and traversed using select_related").
   * After defer(), the deferred names stay out, as in Django.
   * @example
   * Post.objects.selectRelated('author').only('title', 'author__name')
   */
  only(...fields: Array<DeferName<F>>): QuerySet<F, T> {
    this.notCombined('only');
    const shape = this.logList(T_ONLY, fields, checkOnly);
    return this.withShape(this.clone({ deferred: chainOnly(this.state.deferred, fields) }), shape);
  }

  /**
   * Leaves these fields out of the SELECT (see only()); 'author__bio' leaves
   * a field of a selectRelated() join out. After only(), takes the names out
   * of the only() set, as in Django. `defer(null)` clears every deferral.
   */
  defer(...fields: Array<DeferName<F>> | [null]): QuerySet<F, T> {
    this.notCombined('defer');
    if (fields.length === 1 && fields[0] === null) return this.withShape(this.clone({ deferred: undefined }), this.shape?.step(T_UNDEFER) ?? null);
    const names = fields as string[];
    const shape = this.logList(T_DEFER, names, checkDefer);
    return this.withShape(this.clone({ deferred: chainDefer(this.state.deferred, names) }), shape);
  }

  /** Follows foreign keys in the same query (one JOIN each). */
  selectRelated(...fields: Array<RelatedPath<F>>): QuerySet<F, T> {
    this.notCombined('selectRelated');
    const shape = this.logList(T_RELATED, fields as string[], checkRelated);
    return this.withShape(this.clone({ related: [...this.state.related, ...(fields as string[])] }), shape);
  }

  /**
   * Loads relations in one more query each, after the rows: forward and
   * reverse foreign keys, many-to-many both ways, nested with '__'.
   */
  prefetchRelated(...names: Array<string | Prefetch>): QuerySet<F, T> {
    this.notCombined('prefetchRelated');
    for (const n of names) {
      if (typeof n !== 'string' && !(n instanceof Prefetch)) throw new TypeError(`prefetchRelated() takes relation names or Prefetch objects (got ${String(n)}).`);
    }
    return this.clone({ prefetch: [...(this.state.prefetch ?? []), ...names] });
  }

  /** Locks the selected rows until the transaction ends (PostgreSQL; no-op on SQLite). */
  selectForUpdate(): QuerySet<F, T> {
    this.notCombined('selectForUpdate');
    return this.clone({ forUpdate: true });
  }

  /** Rows as objects keyed by the given names (all fields when none). */
  values<P extends FieldPath<F> & string = never>(...fields: P[]): QuerySet<F, [P] extends [never] ? Record<string, unknown> : ValuesRow<F, P>> {
    this.checkNames(fields);
    return this.withColumns(fields.length ? fields : null, Mode.Dicts);
  }

  // On a combined query, values() applies to every part that chose no columns yet (Django).
  private withColumns<U>(fields: readonly string[] | null, mode: Mode): QuerySet<F, U> {
    return this.clone(columnsOf(this.state, fields, mode));
  }

  private checkNames(names: readonly string[]): void {
    const anns = this.state.annotations;
    for (const n of names) {
      if (typeof n !== 'string') throw new FieldError(`Invalid field name: ${String(n)}`);
      if (this.state.aliases?.some(([a]) => a === n)) throw new FieldError(`Cannot select the '${n}' alias. Use annotate() to promote it.`);
      if (this.state.combinator) checkPartNames(this.state, n);
      else if (anns.length === 0 || !anns.some(([a]) => a === n)) resolveKey(this.state.opts, n, false);
    }
  }

  /** Rows as arrays, or single values with `{ flat: true }`. */
  valuesList<P extends FieldPath<F> & string>(...fields: P[]): QuerySet<F, unknown[]>;
  valuesList<P extends FieldPath<F> & string>(field: P, options: { flat: true }): QuerySet<F, PathValue<F, P>>;
  /** Rows as arrays that also read each name (Django's named=True rows). */
  valuesList<P extends FieldPath<F> & string>(...args: [...fields: P[], options: { named: true }]): QuerySet<F, unknown[] & ValuesRow<F, P>>;
  valuesList(...args: unknown[]): QuerySet<F, unknown> {
    const last = args[args.length - 1];
    const options = typeof last === 'object' && last !== null ? (last as { flat?: boolean; named?: boolean }) : null;
    const flat = options?.flat === true;
    const named = options?.named === true;
    const fields = (options ? args.slice(0, -1) : args) as string[];
    if (flat && named) throw new TypeError("'flat' and 'named' can't be used together.");
    if (flat && fields.length !== 1) throw new TypeError("'flat' is not valid when valuesList is called with more than one field.");
    this.checkNames(fields);
    return this.withColumns(fields.length ? fields : null, flat ? Mode.Flat : named ? Mode.Named : Mode.Tuples);
  }

  /**
   * The distinct dates (`'YYYY-MM-DD'`, truncated to `kind`) of a date or
   * datetime field (UTC), ascending or, with `order: 'DESC'`, descending.
   */
  dates(field: string, kind: 'year' | 'month' | 'day', options: { order?: 'ASC' | 'DESC' } = {}): QuerySet<F, string> {
    this.notCombined('dates');
    const f = this.state.opts.getField(field);
    if (f.type !== 'DateField' && f.type !== 'DateTimeField') throw new FieldError(`'${field}' is not a DateField or DateTimeField.`);
    if (!['year', 'month', 'day'].includes(kind)) throw new ValueError("'kind' must be one of 'year', 'month' or 'day'.");
    if (options.order !== undefined && options.order !== 'ASC' && options.order !== 'DESC') throw new ValueError("'order' must be either 'ASC' or 'DESC'.");
    // ordering by the selected expression: the column is ordered the same way
    return this.clone({
      fields: [field],
      mode: Mode.Flat,
      distinct: true,
      trunc: kind,
      ordering: [options.order === 'DESC' ? `-${field}` : field],
      related: [],
      annotations: [],
    });
  }

  /**
   * The distinct truncated values (Dates, UTC) of a DateTimeField
   * (Django's datetimes()), ascending or, with `order: 'DESC'`, descending.
   */
  datetimes(field: string, kind: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', options: { order?: 'ASC' | 'DESC' } = {}): QuerySet<F, Date> {
    this.notCombined('datetimes');
    const f = this.state.opts.getField(field);
    if (f.type !== 'DateTimeField') throw new FieldError(`'${field}' isn't a DateTimeField.`);
    if (!['year', 'month', 'day', 'hour', 'minute', 'second'].includes(kind)) {
      throw new ValueError("'kind' must be one of 'year', 'month', 'week', 'day', 'hour', 'minute', or 'second'.");
    }
    if (options.order !== undefined && options.order !== 'ASC' && options.order !== 'DESC') throw new ValueError("'order' must be either 'ASC' or 'DESC'.");
    return this.clone({
      fields: [field],
      mode: Mode.Flat,
      distinct: true,
      trunc: kind as TruncKind,
      truncDatetime: true,
      ordering: [options.order === 'DESC' ? `-${field}` : field],
      related: [],
      annotations: [],
    });
  }

  /**
   * Adds an aggregate or expression per row (per group after values()); the
   * rows' type gains each name with the expression's output type
   * (`Count` a number, `Exists` a boolean, `ExpressionWrapper` its field's).
   */
  annotate<A extends Record<string, Aggregate<any> | Combined>>(aggregates: A): QuerySet<F, Annotated<T, A>> {
    this.notCombined('annotate');
    const ann = this.namedExpressions(aggregates, 'annotation');
    const fields = this.state.fields ? [...this.state.fields, ...ann.map(([n]) => n)] : null;
    const annotated = new Set([...this.state.annotations, ...ann].map(([n]) => n));
    // the grouping is fixed here: later values()/valuesList() only choose columns
    const groupBy =
      this.state.groupBy ??
      (this.state.mode === Mode.Instances
        ? ['pk']
        : (this.state.fields ?? this.state.opts.fields.map((f) => Options.attname(f))).filter((n) => !annotated.has(n)));
    return this.clone({ annotations: [...this.state.annotations, ...ann], fields, groupBy });
  }

  private namedExpressions(exprs: Record<string, Aggregate | Combined>, what: string): Array<[string, Aggregate | Combined]> {
    if (exprs === null || typeof exprs !== 'object') throw new TypeError(`${what === 'alias' ? 'alias' : 'annotate'}() takes an object of named expressions.`);
    const out = Object.entries(exprs);
    const taken = new Set([...this.state.annotations, ...(this.state.aliases ?? [])].map(([n]) => n));
    for (const [name, e] of out) {
      if (this.state.opts.fieldsByName.has(name)) throw new ValueError(`The ${what} '${name}' conflicts with a field on the model.`);
      if (taken.has(name)) throw new ValueError(`The ${what} '${name}' conflicts with an existing annotation or alias.`);
      if (name.length === 0 || name.includes('__')) throw new ValueError(`Invalid ${what} name ${JSON.stringify(name)}: it cannot be empty or contain '__'.`);
      if (!(e instanceof Aggregate) && !(e instanceof Combined)) throw new TypeError(`The ${what} '${name}' is not an expression (use Value() for a constant).`);
    }
    return out;
  }

  /**
   * Named expressions that filter() and orderBy() may use without selecting
   * them (Django's alias()).
   * @example Author.objects.alias({ n: Count('books') }).filter({ n__gt: 1 })
   */
  alias<A extends Record<string, Aggregate<any> | Combined>>(exprs: A): QuerySet<F, Aliased<T, A>> {
    this.notCombined('alias');
    const named = this.namedExpressions(exprs, 'alias');
    let groupBy = this.state.groupBy;
    if (!groupBy && named.some(([, e]) => e instanceof Aggregate)) {
      groupBy = this.state.mode === Mode.Instances ? ['pk'] : (this.state.fields ?? this.state.opts.fields.map((f) => Options.attname(f)));
    }
    return this.clone({ aliases: [...(this.state.aliases ?? []), ...named], groupBy });
  }

  /** SQL UNION of this query and the others (`all: true`: UNION ALL). */
  union(...others: Array<QuerySet<any, any> | { all?: boolean }>): QuerySet<F, T> {
    const last = others[others.length - 1];
    const hasOptions = last !== null && typeof last === 'object' && !(last instanceof QuerySet) && Object.keys(last).every((k) => k === 'all');
    const all = hasOptions && (last as { all?: boolean }).all === true;
    const qs = (hasOptions ? others.slice(0, -1) : others) as Array<QuerySet<any, any>>;
    return this.combine(all ? COMPOUND.unionAll : COMPOUND.union, 'union', qs);
  }

  /** Rows in this query and in every other (SQL INTERSECT). */
  intersection(...others: Array<QuerySet<any, any>>): QuerySet<F, T> {
    return this.combine(COMPOUND.intersection, 'intersection', others);
  }

  /** Rows in this query and in none of the others (SQL EXCEPT). */
  difference(...others: Array<QuerySet<any, any>>): QuerySet<F, T> {
    return this.combine(COMPOUND.difference, 'difference', others);
  }

  private combine(op: 0 | 1 | 2 | 3, name: string, others: ReadonlyArray<QuerySet<any, any>>): QuerySet<F, T> {
    for (const o of others) if (!(o instanceof QuerySet)) throw new TypeError(`${name}() takes QuerySets.`);
    if (others.length === 0) return this.clone({});
    const parts: QueryState[] = [];
    for (const qs of [this, ...others]) {
      const st = qs.state;
      // a part keeps its own orderBy() and slice: PostgreSQL runs it in
      // parentheses, SQLite refuses it when compiled (Django's DatabaseError)
      // a.union(b).union(c) is one UNION of three; any other combined query is a nested part
      if (st.combinator && st.combinator.op === op && qs === this && !isSliced(st) && !st.ordering?.length) parts.push(...st.combinator.parts);
      else parts.push({ ...st, ordering: st.ordering ?? [], prefetch: undefined });
    }
    const first = parts[0]!;
    return this.clone({
      ...first,
      where: [],
      having: undefined,
      annotations: [],
      aliases: undefined,
      ordering: [],
      low: 0,
      high: null,
      reversed: false,
      combinator: { op, name, parts },
    });
  }

  /** Python slicing: rows [low, high) as LIMIT/OFFSET. */
  slice(low: number, high?: number): QuerySet<F, T> {
    if (!Number.isInteger(low) || low < 0 || (high !== undefined && (!Number.isInteger(high) || high < 0))) {
      throw new ValueError('Negative indexing is not supported.');
    }
    if (low > 0x7fffffff || (high ?? 0) > 0x7fffffff) throw new ValueError('Slice bounds must be below 2**31.');
    const start = this.state.low + low;
    let end = high === undefined ? this.state.high : this.state.low + high;
    if (this.state.high !== null && end !== null) end = Math.min(end, this.state.high);
    if (end !== null && end < start) end = start;
    // what the SQL depends on: an OFFSET or not, and the LIMIT (a literal)
    const shape = this.shape?.step(T_SLICE).step(start > 0 ? 1 : 0).step(end === null ? -1 : end - start) ?? null;
    const s = copyState(this.state);
    s.low = start;
    s.high = end;
    return this.made(s, shape);
  }

  /** The same query on another database alias. */
  using(alias: string): QuerySet<F, T> {
    return this.withShape(this.clone({}, alias), this.shape);
  }

  /**
   * The SQL and parameters this QuerySet runs (Django's `str(qs.query)`),
   * for `dialect` (the connection's by default). Cached by shape like a run.
   */
  toSql(dialect?: Dialect): { sql: string; params: unknown[] } {
    const d = dialect ?? this.backend().dialect;
    const { compiled, params } = selectStatement(this.state, d, this.shape);
    return { sql: compiled.stmt.sql, params: orderParams(compiled.stmt, params) };
  }

  // -------------------------------------------------------------------------
  // Evaluation

  /**
   * Runs the query (once; later awaits reuse the rows). Then() steps, not an
   * async function: a suspended frame is about 400 bytes on every query.
   */
  fetch(): Promise<T[]> {
    if (this.resultCache) return Promise.resolve(this.resultCache);
    try {
      if (this.state.high !== null && this.state.high === this.state.low) return Promise.resolve((this.resultCache = []));
      const backend = this.backend();
      const { compiled, params } = selectStatement(this.state, backend.dialect, this.shape);
      const read = compiled.read!;
      return backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params)).then((rows) => this.hydrated(rows, read));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The rows as instances (or values), cached; with prefetchRelated, once the related rows are in. */
  private hydrated(rows: unknown[][], read: RowReader): T[] | Promise<T[]> {
    const out = new Array<T>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = read(rows[i]!) as T;
    if (this.state.prefetch?.length && this.state.mode === Mode.Instances && out.length) return this.prefetched(out);
    this.resultCache = out;
    return out;
  }

  private async prefetched(out: T[]): Promise<T[]> {
    for (const p of this.state.prefetch!) {
      if (typeof p === 'string') await prefetch(out as any[], this.state.opts, p, this.db);
      else await prefetch(out as any[], this.state.opts, p.lookup, this.db, p as Prefetch);
    }
    this.resultCache = out;
    return out;
  }

  then<A = T[], B = never>(onfulfilled?: ((value: T[]) => A | PromiseLike<A>) | null, onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.fetch().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const rows = await this.fetch();
    for (const row of rows) yield row;
  }

  /**
   * Streams the rows in chunks of `chunkSize` (LIMIT/OFFSET pages in a stable
   * order, by pk when unordered) without filling the result cache.
   */
  async *iterator(options: { chunkSize?: number } = {}): AsyncGenerator<T> {
    const size = options.chunkSize ?? 2000;
    if (!Number.isInteger(size) || size <= 0) throw new ValueError('Chunk size must be strictly positive.');
    const ordered = this.ordered();
    const end = this.state.high;
    for (let at = 0; ; at += size) {
      const stop = end === null ? at + size : Math.min(at + size, end - this.state.low);
      if (stop <= at) return;
      const page = await ordered.slice(at, stop).fetch();
      for (const row of page) yield row;
      if (page.length < stop - at) return;
    }
  }

  /** The one object matching (Model.DoesNotExist / MultipleObjectsReturned otherwise). */
  get(...args: Array<Filter<F, T>>): Promise<T>;
  get(filter?: Filter<F, T>): Promise<T> {
    // The commonest call, Model.objects.get({ pk }), on the manager itself
    // (the root shape: nothing chained) takes a cached plan (sql/get-plan.ts).
    // `arguments`, not a rest parameter: no array is made on this path.
    if (arguments.length === 1 && this.shape !== null && this.shape.root) {
      const done = this.getPlanned(this.shape, filter);
      if (done !== null) return done;
    }
    return this.getAny(Array.prototype.slice.call(arguments) as Array<Filter<F, T>>);
  }

  // get() through a cached plan, or null when the general path must run it.
  // No async frame of its own: with a synchronous driver the row is read
  // before get() returns, as the general path's first await would have.
  private getPlanned(root: Shape, filter: unknown): Promise<T> | null {
    let backend: Backend;
    let plan: GetPlan | null;
    try {
      backend = this.backend();
      plan = getPlan(root, this.state, filter, backend.dialect);
    } catch {
      return null; // the general path raises the same error
    }
    if (plan === null) return null;
    try {
      const params = getParams(plan, filter as Record<string, unknown>, backend.dialect);
      const stmt = plan.stmt;
      if (backend.querySync !== undefined) return Promise.resolve(this.oneOf(backend.querySync(stmt.sql, params), plan.read, plan.limited));
      return backend.query(stmt.sql, params).then((rows) => this.oneOf(rows, plan.read, plan.limited));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private async getAny(args: ReadonlyArray<Filter<F, T>>): Promise<T> {
    if (args.length && this.state.combinator) throw new NotSupportedError(`Calling QuerySet.get(...) with filters after ${this.state.combinator.name}() is not supported.`);
    const where = args.length ? [...this.state.where, toNode(args as any, false)] : this.state.where;
    if (args.length) this.assertNotSliced('filter');
    const { probe, limited } = getProbe(this.state, where);
    const qs = new QuerySet<F, T>(this.state.opts, probe, this.db);
    const rows = await qs.fetch();
    if (rows.length === 1) return rows[0]!;
    return this.oneOf(rows, null, limited);
  }

  // The one row of get(), read with `read` (rows already read when null).
  private oneOf(rows: readonly unknown[], read: RowReader | null, limited: boolean): T {
    if (rows.length === 1) return (read === null ? rows[0] : read(rows[0] as unknown[])) as T;
    const model = this.state.opts.model;
    if (rows.length === 0) throw new model.DoesNotExist(`${model.name} matching query does not exist.`);
    throw new model.MultipleObjectsReturned(
      `get() returned more than one ${model.name} -- it returned ${limited && rows.length > 20 ? 'more than 20' : rows.length}!`,
    );
  }

  /** Number of matching rows (SELECT COUNT(*)), or the cached rows' length. */
  count(): Promise<number> {
    if (this.resultCache) return Promise.resolve(this.resultCache.length);
    try {
      const backend = this.backend();
      const count = this.countsInSubquery() ? countFromStatement : countStatement;
      const { compiled, params } = count(this.state, backend.dialect, false);
      return backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params)).then(countOf);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Whether any row matches (SELECT 1 ... LIMIT 1). */
  async exists(): Promise<boolean> {
    if (this.resultCache) return this.resultCache.length > 0;
    const backend = this.backend();
    const count = this.countsInSubquery() ? countFromStatement : countStatement;
    const { compiled, params } = count(this.state, backend.dialect, true);
    const rows = await backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params));
    return rows.length > 0;
  }

  // What a plain COUNT(*) over the table cannot count (Django counts these
  // in a subquery): a slice, annotations, a union, distinct values rows.
  private countsInSubquery(): boolean {
    const s = this.state;
    return (
      s.low !== 0 || s.high !== null || s.annotations.length > 0 || !!s.aliases?.length || !!s.combinator || (s.distinct && s.mode !== Mode.Instances)
    );
  }

  private ordered(): QuerySet<F, T> {
    const has = (this.state.ordering ?? this.state.opts.ordering).length > 0;
    if (has) return this;
    // Django's first()/last() order an unordered queryset with order_by('pk'),
    // which a slice refuses: ordering rows already cut by LIMIT would be arbitrary.
    this.assertNotSliced('reorder');
    // orderBy() takes a step in the shape trie, so filter({ pk }).first()
    // finds its statement there; a clone would leave the chain unshaped.
    // (orderBy() forgets reverse(): that keeps the clone.)
    if (this.state.reversed) return this.clone({ ordering: ['pk'] });
    return this.orderBy('pk' as OrderName<F, T>);
  }

  /**
   * The first object by the ordering (by pk when unordered), or null. On a
   * slice it is the slice's first row; an unordered slice is a TypeError.
   */
  first(): Promise<T | null> {
    try {
      return this.ordered().slice(0, 1).fetch().then(firstOrNull);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The last object by the ordering (by pk when unordered), or null; a TypeError on a slice (reverse() refuses it). */
  last(): Promise<T | null> {
    try {
      return this.ordered().reverse().slice(0, 1).fetch().then(firstOrNull);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The latest object by `field` (or Meta.getLatestBy). */
  async latest(...fields: Array<OrderKey<F>>): Promise<T> {
    const by = fields.length ? (fields as string[]) : this.latestBy();
    return this.orderBy(...(by.map((f) => (f.startsWith('-') ? f.slice(1) : `-${f}`)) as Array<OrderKey<F>>)).slice(0, 1).get();
  }

  /** The earliest object by `field` (or Meta.getLatestBy). */
  async earliest(...fields: Array<OrderKey<F>>): Promise<T> {
    const by = fields.length ? (fields as string[]) : this.latestBy();
    return this.orderBy(...(by as Array<OrderKey<F>>)).slice(0, 1).get();
  }

  private latestBy(): string[] {
    const by = this.state.opts.getLatestBy;
    if (!by) throw new ValueError("earliest() and latest() require either fields as positional arguments or 'getLatestBy' in the model's Meta.");
    return [by];
  }

  /** Objects by primary key (or `fieldName`), as a Map. */
  async inBulk(ids?: readonly unknown[], fieldName = 'pk'): Promise<Map<unknown, T>> {
    let qs: QuerySet<F, T> = this;
    if (ids) qs = qs.filter({ [`${fieldName}__in`]: ids } as any);
    const attr = fieldName === 'pk' ? Options.attname(this.state.opts.pk) : fieldName;
    const out = new Map<unknown, T>();
    for (const obj of await qs.fetch()) out.set((obj as any)[attr], obj);
    return out;
  }

  /** Aggregates over the whole QuerySet: `{ total: Sum('votes') }` -> `{ total: 12 }`. */
  async aggregate<K extends string>(aggregates: Record<K, Aggregate>): Promise<Record<K, any>> {
    this.notCombined('aggregate');
    const backend = this.backend();
    const { compiled, params } = aggregateStatement(this.state, backend.dialect, Object.entries(aggregates) as any);
    const rows = await backend.query(compiled.stmt.sql, orderParams(compiled.stmt, params));
    return compiled.read!(rows[0]!) as Record<K, any>;
  }

  // -------------------------------------------------------------------------
  // Writes

  /** Inserts one object and returns it (Django's create(**kwargs)). */
  async create(data: CreateArgs<F>): Promise<Made<F, T>> {
    const Model = this.state.opts.model;
    const obj = new Model(data);
    await obj.save({ forceInsert: true, using: this.db });
    return obj;
  }

  /** [object, created]: looks up by `lookup`, creating it with `defaults` when missing. */
  async getOrCreate(lookup: FilterArgs<F>, defaults: Partial<CreateArgs<F>> = {}): Promise<[Made<F, T>, boolean]> {
    const base = this as unknown as QuerySet<F, Made<F, T>>;
    try {
      return [await base.get(lookup as Filter<F, Made<F, T>>), false];
    } catch (e) {
      if (!(e instanceof ObjectDoesNotExist)) throw e;
    }
    const params: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(lookup as object)) if (!k.includes('__')) params[k] = v;
    try {
      const obj = await this.backend().atomic(() => base.create(params as CreateArgs<F>) as Promise<Made<F, T>>);
      return [obj, true];
    } catch (e) {
      if (e instanceof IntegrityError) {
        try {
          return [await base.get(lookup as Filter<F, Made<F, T>>), false];
        } catch {
          /* the IntegrityError is the real cause */
        }
      }
      throw e;
    }
  }

  /** [object, created]: updates the match with `defaults`, or creates it. */
  async updateOrCreate(lookup: FilterArgs<F>, defaults: Partial<CreateArgs<F>> = {}): Promise<[Made<F, T>, boolean]> {
    return this.backend().atomic(async () => {
      const [obj, created] = await this.selectForUpdate().getOrCreate(lookup, defaults);
      if (created) return [obj, true] as [Made<F, T>, boolean];
      Object.assign(obj as object, defaults);
      await (obj as Instance<F>).save();
      return [obj, false] as [Made<F, T>, boolean];
    });
  }

  /** Inserts many objects in few statements; primary keys are set on them. */
  async bulkCreate(objs: ReadonlyArray<Instance<F>>, options: { batchSize?: number } = {}): Promise<Array<Instance<F>>> {
    if (objs.length === 0) return [];
    const opts = this.state.opts;
    const backend = this.backend();
    for (const o of objs) {
      if (!(o instanceof opts.model)) throw new TypeError(`bulkCreate() expects ${opts.model.name} instances.`);
    }
    const withPk = objs.filter((o) => o.pk !== null && o.pk !== undefined);
    const withoutPk = objs.filter((o) => o.pk === null || o.pk === undefined);
    const run = async () => {
      for (const group of [withPk, withoutPk]) {
        if (group.length === 0) continue;
        const fields = opts.fields.filter((f) => !(f.auto && group === withoutPk));
        // SQLite allows 32766 parameters per statement; PostgreSQL 65535.
        const limit = Math.max(1, Math.floor(30000 / Math.max(1, fields.length)));
        const batch = Math.min(options.batchSize ?? limit, limit);
        for (let start = 0; start < group.length; start += batch) {
          const chunk = group.slice(start, start + batch);
          const params: unknown[] = [];
          for (const o of chunk) for (const f of fields) params.push(dbValue(opts, f, o as any, backend, true));
          const stmt = insertStatement(opts, backend.dialect, fields.map((f) => f.column), chunk.length, true);
          const rows = await backend.query(stmt.sql, orderParams(stmt, params));
          const conv = opts.pk.fromDb(backend.dialect);
          const attr = Options.attname(opts.pk);
          rows.forEach((r, i) => {
            const o = chunk[i] as any;
            o[attr] = conv ? conv(r[0]) : r[0];
            o[ADDING] = false;
          });
        }
      }
    };
    if (backend.inAtomicBlock) await run();
    else await backend.atomic(run);
    return [...objs];
  }

  /** Saves `fields` of many objects in few statements (CASE WHEN per field); returns rows updated. */
  async bulkUpdate(objs: ReadonlyArray<Instance<F>>, fields: ReadonlyArray<keyof Instance<F> & string>, options: { batchSize?: number } = {}): Promise<number> {
    if (fields.length === 0) throw new ValueError('Field names must be given to bulkUpdate().');
    const opts = this.state.opts;
    const list = fields.map((n) => opts.getField(n));
    for (const f of list) {
      if (f.primaryKey) throw new ValueError('bulkUpdate() cannot be used with primary key fields.');
      if ((f as any).ref && !(f instanceof ForeignKey)) throw new ValueError('bulkUpdate() can only be used with concrete fields.');
    }
    for (const o of objs) if (o.pk === null || o.pk === undefined) throw new ValueError('All bulkUpdate() objects must have a primary key set.');
    const backend = this.backend();
    const batch = Math.max(1, Math.min(options.batchSize ?? 500, Math.floor(30000 / (2 * list.length + 1))));
    let total = 0;
    const run = async () => {
      for (let start = 0; start < objs.length; start += batch) {
        const chunk = objs.slice(start, start + batch) as any[];
        const params: unknown[] = [];
        const pkField = opts.pk;
        for (const f of list) {
          for (const o of chunk) params.push(pkField.toDb(o.pk, backend.dialect), dbValue(opts, f, o, backend, false));
        }
        const pks = chunk.map((o) => pkField.toDb(o.pk, backend.dialect));
        params.push(backend.dialect === 1 ? pks : JSON.stringify(pks));
        const stmt = bulkUpdateStatement(opts, backend.dialect, list, chunk.length);
        total += (await backend.run(stmt.sql, orderParams(stmt, params))).changes;
      }
    };
    if (backend.inAtomicBlock) await run();
    else await backend.atomic(run);
    return total;
  }

  /** UPDATE every matching row; returns the number of rows matched. */
  async update(values: Partial<Record<keyof Instance<F> & string, unknown>>): Promise<number> {
    this.notCombined('update');
    this.assertNotSliced('update');
    const backend = this.backend();
    const data: Record<string, unknown> = { ...values };
    for (const f of this.state.opts.fields) {
      if ((f as any).autoNow && !(f.name in data)) data[f.name] = f.preSave({}, false);
    }
    const { compiled, params } = updateStatement(this.state, backend.dialect, data);
    const res = await backend.run(compiled.stmt.sql, orderParams(compiled.stmt, params));
    return res.changes;
  }

  /** Deletes the matching rows and what CASCADE says; [total, per model label]. */
  async delete(): Promise<[number, Record<string, number>]> {
    this.notCombined('delete');
    this.assertNotSliced('delete');
    if (this.state.mode !== Mode.Instances) throw new TypeError('Cannot call delete() after values() or valuesList().');
    const backend = this.backend();
    const opts = this.state.opts;
    const collector = new Collector(backend);
    if (!collector.canFastDelete(opts)) {
      const pks = (await this.clone<unknown>({ mode: Mode.Flat, fields: ['pk'], ordering: [], related: [] }).fetch()) as unknown[];
      return backend.atomic(async () => {
        await collector.collect(opts, pks);
        return collector.delete();
      });
    }
    const { compiled, params } = deleteStatement(this.state, backend.dialect);
    const res = await backend.run(compiled.stmt.sql, orderParams(compiled.stmt, params));
    return [res.changes, res.changes ? { [opts.label]: res.changes } : {}];
  }
}

/** count()'s answer: the first column of the first row. */
function countOf(rows: unknown[][]): number {
  return Number(rows[0]![0]);
}

/** first()/last()'s answer from a one-row slice. */
function firstOrNull<T>(rows: readonly T[]): T | null {
  return rows[0] ?? null;
}

function group(objs: any[], key: (o: any) => unknown): Map<unknown, any[]> {
  const m = new Map<unknown, any[]>();
  for (const o of objs) {
    const k = key(o);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(o);
  }
  return m;
}

/**
 * Django's Prefetch(lookup, queryset=, to_attr=): the last relation of
 * `lookup` is loaded with `queryset` (its filters, ordering, selectRelated),
 * and stored on `toAttr` (a list, or the object for a single-valued relation)
 * instead of the relation's cache. A sliced queryset on a multi-valued
 * relation slices each object's list (Django 4.2: rows numbered per parent
 * with ROW_NUMBER(), still one statement).
 * @example Question.objects.prefetchRelated(Prefetch('choices', { queryset: Choice.objects.filter({ votes__gt: 0 }), toAttr: 'voted' }))
 * @example Author.objects.prefetchRelated(Prefetch('posts', { queryset: Post.objects.orderBy('-id').slice(0, 3), toAttr: 'latest' }))
 */
export class Prefetch {
  readonly queryset: QuerySet<any, any> | null;
  readonly toAttr: string | null;
  constructor(
    readonly lookup: string,
    options: { queryset?: QuerySet<any, any>; toAttr?: string } = {},
  ) {
    if (typeof lookup !== 'string' || lookup === '') throw new TypeError('Prefetch() needs a relation name.');
    const qs = options.queryset ?? null;
    if (qs !== null) {
      if (!(qs instanceof QuerySet)) throw new TypeError('Prefetch querysets must be QuerySets.');
      if (qs.state.mode !== Mode.Instances) throw new ValueError('Prefetch querysets cannot use raw(), values(), and values_list().');
      if (qs.state.combinator) throw new NotSupportedError(`Prefetch querysets cannot use ${qs.state.combinator.name}().`);
    }
    if (options.toAttr !== undefined && (typeof options.toAttr !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(options.toAttr))) {
      throw new ValueError(`Invalid toAttr ${JSON.stringify(options.toAttr)}: an attribute name is expected.`);
    }
    this.queryset = qs;
    this.toAttr = options.toAttr ?? null;
  }
}

/** prefetch_related for one path on `objs` (all of model `opts`); `spec` applies to its last relation. */
async function prefetch(objs: any[], opts: Options, path: string, db: string, spec: Prefetch | null = null): Promise<void> {
  const [name, ...restParts] = path.split('__') as [string, ...string[]];
  const rest = restParts.join('__');
  const own = rest ? null : spec;
  if (own?.toAttr && (opts.fieldsByName.has(own.toAttr) || own.toAttr === 'pk')) {
    throw new ValueError(`to_attr=${own.toAttr} conflicts with a field on the ${opts.model.name} model.`);
  }
  const pks = [...new Set(objs.map((o) => o.pk))];
  let children: any[];
  const fk = opts.fieldsByName.get(name);
  const m2m = opts.manyToMany.find((f) => f.name === name);
  const reverse = opts.relatedObjects().find((r) => !r.model.autoCreated && accessorName(r.field, r.model) === name);
  const reverseM2m = opts.relatedManyToMany().find((r) => accessorName(r.field, r.model) === name);
  // `partition`: the path from a child to its parent, for a sliced queryset
  // (null on a single-valued relation, which a slice cannot narrow)
  const run = (target: Options, where: Record<string, unknown>, extra: string | undefined, partition: string | null) => {
    const base = own?.queryset ? own.queryset.state : (target.model.objects.state as QueryState);
    if (base.opts !== target) throw new ValueError(`Prefetch queryset for '${path}' must be a QuerySet of ${target.model.name} (got ${base.opts.model.name}).`);
    const state: QueryState = { ...base, where: [...base.where, Q(where)], extra, prefetch: base.prefetch };
    if (!isSliced(base)) return new QuerySet<unknown, any>(target, state, db).fetch();
    // Django's _filter_prefetch_queryset(): the slice applies to each parent's rows
    if (partition === null) throw new TypeError('Cannot filter a query once a slice has been taken.');
    const window = { partition, low: base.low, high: base.high };
    return new QuerySet<unknown, any>(target, { ...state, low: 0, high: null, window }, db).fetch();
  };
  const store = (o: any, bucket: symbol, value: unknown) => {
    if (own?.toAttr) o[own.toAttr] = value;
    else (o[bucket] ??= {})[name] = value;
  };
  if (fk instanceof ForeignKey) {
    const attr = Options.attname(fk);
    const target = opts.target(fk);
    const tf = opts.targetField(fk);
    const ids = [...new Set(objs.map((o) => o[attr]).filter((v) => v !== null && v !== undefined))];
    children = ids.length ? await run(target, { [`${tf.name}__in`]: ids }, undefined, null) : [];
    const byId = new Map(children.map((c) => [c[Options.attname(tf)], c]));
    for (const o of objs) store(o, RELATED, byId.get(o[attr]) ?? null);
  } else if (m2m || reverseM2m || reverse) {
    let target: Options;
    let where: Record<string, unknown>;
    let extra: string | undefined;
    let keyOf: (c: any) => unknown;
    if (m2m) {
      target = opts.target(m2m);
      extra = reverseQueryName(m2m, opts);
      where = { [`${extra}__in`]: pks };
      keyOf = (c) => c[PREFETCH_KEY];
    } else if (reverseM2m) {
      target = reverseM2m.model;
      extra = reverseM2m.field.name;
      where = { [`${extra}__in`]: pks };
      keyOf = (c) => c[PREFETCH_KEY];
    } else {
      target = reverse!.model;
      where = { [`${reverse!.field.name}__in`]: pks };
      const attr = Options.attname(reverse!.field);
      keyOf = (c) => c[attr];
    }
    const oneToOne = reverse !== undefined && reverse.field.type === 'OneToOneField';
    children = await run(target, where, extra, oneToOne ? null : (extra ?? reverse!.field.name));
    const groups = group(children, keyOf);
    if (reverse && reverse.field.type === 'OneToOneField') {
      for (const o of objs) store(o, RELATED, groups.get(o.pk)?.[0] ?? null);
    } else {
      for (const o of objs) store(o, PREFETCHED, groups.get(o.pk) ?? []);
    }
  } else {
    throw new FieldError(`Cannot find '${name}' on ${opts.model.name} object, '${path}' is an invalid parameter to prefetchRelated()`);
  }
  if (rest && children.length) {
    const target = children[0].constructor._meta as Options;
    await prefetch([...new Set(children)], target, rest, db, spec);
  }
}

/** The value of `field` of `obj` as the driver binds it. */
export function dbValue(opts: Options, field: ForeignKey | any, obj: Record<string, unknown>, backend: Backend, adding: boolean, raw = false): unknown {
  const value = raw ? obj[Options.attname(field)] : field.preSave(obj, adding);
  if (field instanceof ForeignKey) {
    const raw = obj[Options.attname(field)];
    if (raw === null || raw === undefined) {
      if (!field.null && !field.hasDefault()) return null;
      return raw ?? null;
    }
    return opts.targetField(field).toDb(raw, backend.dialect);
  }
  return field.toDb(value, backend.dialect);
}

/** `Model.objects`: every QuerySet method, each call starting a fresh QuerySet. */
export class Manager<F, T = Instance<F>> extends QuerySet<F, T> {
  override async fetch(): Promise<T[]> {
    return new QuerySet<F, T>(this.state.opts, this.state, this.db).fetch();
  }

  /**
   * Instances from raw SQL (`%s` placeholders): columns are matched to fields
   * by column name, other columns become attributes; the primary key is required.
   */
  async raw(sql: string, params: readonly unknown[] = []): Promise<Array<Instance<F>>> {
    const opts = this.state.opts;
    const backend = connections.get(this.db);
    const { columns, rows } = await rawQuery(sql, params, { using: this.db });
    const byColumn = new Map(opts.fields.map((f) => [f.column, f] as const));
    const plan = columns.map((c) => {
      const f = byColumn.get(c);
      if (!f) return { attr: c, conv: null };
      const conv = (f instanceof ForeignKey ? opts.targetField(f) : f).fromDb(backend.dialect);
      return { attr: Options.attname(f), conv };
    });
    if (!plan.some((p) => p.attr === Options.attname(opts.pk))) throw new ValueError('Raw query must include the primary key');
    const proto = opts.model.prototype;
    return rows.map((row) => {
      const o: any = Object.create(proto);
      for (const f of opts.fields) o[Options.attname(f)] = undefined;
      plan.forEach((p, i) => {
        const v = row[i];
        o[p.attr] = p.conv && v !== null ? p.conv(v) : v;
      });
      return o;
    });
  }
}
