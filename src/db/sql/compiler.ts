/**
 * QuerySet state -> (SQL, parameters, row reader), cached by shape.
 *
 * Two walks over the same tree, in the same order:
 *   1. `shape` (every execution): resolves each filter key through the
 *      model's memo, appends a token per node to the shape key and pushes the
 *      converted values, in slot order. Values never enter the key: only
 *      their kind does (null, expression, value), because those change SQL.
 *   2. `plan` (first time a shape is seen, per dialect): builds the i32 plan
 *      (joins, column references, lookup nodes, parameter slots) and hands it
 *      to the WebAssembly compiler, then builds the row reader.
 * The cache maps the shape key to the compiled statement and its reader, so
 * a repeated shape costs one walk, one Map lookup and no generation.
 */
import { FieldError, ValueError } from '../../core/exceptions';
import type { Dialect, Statement } from '../backends/base';
import { DatabaseError, POSTGRESQL } from '../backends/base';
import { Aggregate, CaseExpr, Combined, ExistsExpr, FRef, Func, OuterRefExpr, QNode, SubqueryExpr, ValueExpr, WrappedExpr } from '../models/expressions';
import { type Field, ForeignKey, IntegerField } from '../models/fields';
import { Options } from '../models/options';
import { PREFETCH_KEY, RELATED } from '../models/state';
import { type Hydrate, hydrator, setGeneratedHydrators } from './hydrate';
import { paramType } from './param-type';
import { type DeferredLoading, type SelectMask, maskedFields, relatedMask, selectMask } from './select-mask';
import { type Hop, type Resolved, resolveKey } from './resolve';
import { type Shape, clearShapes, shapedStatements } from './shape';
import {
  type LookupName,
  C_NULL,
  C_ONE,
  E_AND,
  E_BINOP,
  E_CASE,
  E_COL,
  E_CONST,
  E_EXISTS,
  E_FILTER,
  E_FUNC,
  E_NUMBER,
  E_SUBQUERY,
  E_IN_SELECT,
  E_LOOKUP,
  E_NOT,
  E_OR,
  E_PARAM,
  E_STAR,
  E_TRANSFORM,
  E_ROW_NUMBER,
  E_TYPED_PARAM,
  DB,
  F_DISTINCT,
  F_FOR_UPDATE,
  F_LIMIT,
  F_LIMIT_LITERAL,
  F_OFFSET,
  FN,
  LOOKUPS,
  OP_COMPOUND,
  OP_COUNT,
  OP_DELETE,
  OP_INSERT,
  OP_SELECT,
  OP_QUALIFY,
  OP_UPDATE,
  T_DATETIME,
  TRUNCS,
  type TruncKind,
  compilePlan,
  intern,
} from './wasm';

/** Row shapes a QuerySet returns. */
export const Mode = { Instances: 0, Dicts: 1, Tuples: 2, Flat: 3, Named: 4 } as const;
export type Mode = 0 | 1 | 2 | 3 | 4;

/** Everything a QuerySet knows; immutable, cloned by every method. */
export interface QueryState {
  readonly opts: Options;
  readonly where: readonly QNode[];
  /** null: the model's default ordering. */
  readonly ordering: readonly string[] | null;
  readonly low: number;
  readonly high: number | null;
  readonly related: readonly string[];
  /** values()/values_list() names; null for instances. */
  readonly fields: readonly string[] | null;
  readonly mode: Mode;
  readonly distinct: boolean;
  readonly forUpdate: boolean;
  /** annotate() aggregates by alias (grouped by `fields` when values() came first). */
  readonly annotations: ReadonlyArray<readonly [string, Aggregate | Combined]>;
  readonly reversed: boolean;
  /** Relations loaded after the rows by prefetchRelated(). */
  readonly prefetch?: ReadonlyArray<string | { readonly lookup: string }>;
  /** dates()/datetimes(): the one values column truncated to this unit. */
  readonly trunc?: TruncKind;
  /** datetimes(): the truncated values are read back as Dates. */
  readonly truncDatetime?: boolean;
  /** alias(): named expressions filters and orderBy may use, never selected. */
  readonly aliases?: ReadonlyArray<readonly [string, Aggregate | Combined]>;
  /** union()/intersection()/difference(): the queries combined (this state orders and slices the result). */
  readonly combinator?: { readonly op: 0 | 1 | 2 | 3; readonly name: string; readonly parts: readonly QueryState[] };
  /** only()/defer(): the field paths named (across selectRelated() joins too) and which of the two (`select-mask.ts`). */
  readonly deferred?: DeferredLoading;
  /** What aggregates group by, fixed when annotate() was called ('pk' on instances). */
  readonly groupBy?: readonly string[];
  /** Conditions on aggregate annotations (HAVING). */
  readonly having?: readonly QNode[];
  /** @internal A path read along with each instance (prefetch of a many-to-many). */
  readonly extra?: string;
  /**
   * @internal A sliced Prefetch queryset: rows numbered per `partition` (the
   * path to the parent) in the queryset's order, those in (low, high] kept.
   */
  readonly window?: { readonly partition: string; readonly low: number; readonly high: number | null };
}

export type RowReader = (row: unknown[]) => unknown;

export interface Compiled {
  readonly stmt: Statement;
  readonly read: RowReader | null;
  /** Parameter slots the plan numbered (checked against the shape walk's values). */
  readonly slots?: number;
}

const cache = new Map<string, Compiled>();
/** Shapes kept; past it the oldest half is forgotten (a shape is cheap to rebuild). */
const CACHE_LIMIT = 5000;

function remember(key: string, compiled: Compiled): Compiled {
  if (cache.size >= CACHE_LIMIT) {
    let drop = CACHE_LIMIT >> 1;
    for (const k of cache.keys()) {
      cache.delete(k);
      if (--drop === 0) break;
    }
  }
  cache.set(key, compiled);
  return compiled;
}

/** Forgets every compiled shape (benchmarks measure generation with it). */
export function clearShapeCache(): void {
  cache.clear();
  clearShapes();
}

/**
 * Tests: readers generated (true) or interpreted (false) from now on, as
 * under a Content-Security-Policy without 'unsafe-eval'; every cached
 * statement and model reader is dropped so that the choice applies at once.
 */
export function setGeneratedReaders(on: boolean): boolean {
  const previous = setGeneratedHydrators(on);
  rootCache[0] = new WeakMap();
  rootCache[1] = new WeakMap();
  clearShapeCache();
  return previous;
}

/** Number of cached shapes (tests and benchmarks inspect it). */
export function cachedShapes(): number {
  return cache.size + shapedStatements();
}

// ---------------------------------------------------------------------------
// Values

function isInstance(v: unknown): v is { pk: unknown; constructor: { _meta: Options } } {
  return v !== null && typeof v === 'object' && (v.constructor as any)?._meta instanceof Options;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

function convert(r: Resolved, value: unknown, dialect: Dialect): unknown {
  if (r.relation && isInstance(value)) {
    if (value.constructor._meta !== r.relation) {
      throw new ValueError(`Cannot query "${String(value)}": Must be "${r.relation.model?.name ?? r.relation.label}" instance.`);
    }
    value = value.pk;
  }
  return r.valueField.toDb(value, dialect);
}

export function pushLeafParams(r: Resolved, key: string, value: unknown, dialect: Dialect, params: unknown[]): void {
  switch (r.lookup) {
    case 'exact':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      params.push(convert(r, value, dialect));
      return;
    case 'iexact':
      params.push(escapeLike(String(value)));
      return;
    case 'icontains':
      params.push(`%${escapeLike(String(value))}%`);
      return;
    case 'istartswith':
      params.push(`${escapeLike(String(value))}%`);
      return;
    case 'iendswith':
      params.push(`%${escapeLike(String(value))}`);
      return;
    case 'contains':
    case 'startswith':
    case 'endswith':
    case 'regex':
    case 'iregex':
      params.push(String(value));
      return;
    case 'in': {
      if (value === null || typeof value !== 'object' || !(Symbol.iterator in (value as object)) || typeof value === 'string') {
        throw new ValueError(`The '${key}' lookup needs a list of values.`);
      }
      const list: unknown[] = [];
      for (const v of value as Iterable<unknown>) if (v !== null && v !== undefined) list.push(convert(r, v, dialect));
      params.push(dialect === POSTGRESQL ? list : JSON.stringify(list));
      return;
    }
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) throw new ValueError(`The '${key}' lookup needs a pair [low, high].`);
      params.push(convert(r, value[0], dialect), convert(r, value[1], dialect));
      return;
    }
    default:
      throw new FieldError(`Unsupported lookup '${r.lookup}'`);
  }
}

// ---------------------------------------------------------------------------
// Subqueries: a QuerySet as the value of `__in` (one column: its values()
// field, or its primary key).

function subqueryState(value: unknown): QueryState | null {
  if (value === null || typeof value !== 'object') return null;
  const state = (value as { state?: QueryState }).state;
  if (!state || !(state.opts instanceof Options) || typeof (value as any).fetch !== 'function') return null;
  if (state.combinator) throw new DatabaseError(`A ${state.combinator.name}() cannot be used as a subquery here.`);
  if (state.mode === Mode.Instances || state.fields === null) return { ...state, mode: Mode.Flat, fields: ['pk'], related: [], prefetch: undefined };
  if (state.fields.length !== 1) throw new ValueError('Cannot use multi-field values as a filter value.');
  return state;
}

/** The state of Subquery(qs): one column (its values() field, or the primary key). */
function scalarState(queryset: { state: unknown }): QueryState {
  const state = subqueryState(queryset);
  if (!state) throw new TypeError('Subquery() takes a QuerySet.');
  return state;
}

function existsState(queryset: { state: unknown }): QueryState {
  const state = (queryset as { state?: QueryState }).state;
  if (!state || !(state.opts instanceof Options)) throw new TypeError('Exists() takes a QuerySet.');
  if (state.combinator) throw new DatabaseError(`A ${state.combinator.name}() cannot be used in Exists().`);
  return state;
}

// ---------------------------------------------------------------------------
// Filters on annotations: `n__gt` where n is annotate()'s alias.

type Annotations = ReadonlyMap<string, Aggregate | Combined>;
/** alias() entries already shaped in this walk (their parameters go where they are first used). */
type Shaped = Set<unknown>;
const ANY_VALUE = new IntegerField({ null: true });
(ANY_VALUE as { toDb: unknown }).toDb = (v: unknown) => v;

function annotationKey(anns: Annotations | null, key: string): { ann: Aggregate | Combined; r: Resolved } | null {
  if (!anns || anns.size === 0) return null;
  const parts = key.split('__');
  const ann = anns.get(parts[0]!);
  if (!ann) return null;
  const lookup = (parts[1] ?? 'exact') as LookupName;
  if (parts.length > 2 || !(lookup in LOOKUPS)) throw new FieldError(`Unsupported lookup '${parts.slice(1).join('__')}' on the annotation '${parts[0]}'.`);
  const valueField = annotationField(ann) ?? ANY_VALUE;
  return { ann, r: { hops: [], joinKey: '', field: ANY_VALUE, column: '', valueField, relation: null, lookup, transform: -1 } };
}

/** The field an annotation's values have, where it is known (filter values are converted by it). */
function annotationField(a: Aggregate | Combined): Field | null {
  if (a instanceof WrappedExpr) return a.outputField as Field;
  if (a instanceof SubqueryExpr) {
    const state = scalarState(a.queryset);
    const name = state.fields![0]!;
    const inner = state.annotations.find(([n]) => n === name);
    return inner ? annotationField(inner[1]) : resolveKey(state.opts, name, false).valueField;
  }
  return null;
}

function annotationMap(state: QueryState): Annotations | null {
  if (state.aliases?.length) return new Map([...state.annotations, ...state.aliases]);
  return state.annotations.length ? new Map(state.annotations) : null;
}

function isAlias(state: QueryState, e: unknown): boolean {
  return !!state.aliases?.some(([, a]) => a === e);
}

// ---------------------------------------------------------------------------
// Walk 1: shape key and parameters

// `op`: the operator `e` is an operand of (-1: none), which types a value on PostgreSQL (param-type.ts)
function shapeExpr(opts: Options, e: unknown, params: unknown[], dialect: Dialect = 0, op = -1): string {
  if (e instanceof FRef) {
    resolveKey(opts, e.name, false);
    return `F(${e.name})`;
  }
  if (e instanceof ValueExpr) return shapeValue(e.value, params, dialect, op);
  if (e instanceof Func) return `${e.fn}(${e.args.map((a) => shapeExpr(opts, a, params, dialect)).join(',')})`;
  if (e instanceof CaseExpr) {
    let k = 'CASE(';
    for (const w of e.whens) k += `${shapeNode(opts, w.condition, dialect, params)}=>${shapeExpr(opts, w.then, params, dialect)};`;
    return `${k}else ${e.otherwise === null || e.otherwise === undefined ? 'N' : shapeExpr(opts, e.otherwise, params, dialect)})`;
  }
  if (e instanceof OuterRefExpr) return `O(${outerKey(e)})`; // resolved against the enclosing query when planned
  if (e instanceof SubqueryExpr) return `Q(${shapeSub(scalarState(e.queryset), dialect, params)})`;
  if (e instanceof ExistsExpr) return `${e.negated ? '~' : ''}X(${shapeSub(existsState(e.queryset), dialect, params)})`;
  if (e instanceof WrappedExpr) return `W(${shapeExpr(opts, e.expression, params, dialect)})`;
  if (e instanceof Combined) return `(${shapeExpr(opts, e.lhs, params, dialect, e.op)}${e.op}${shapeExpr(opts, e.rhs, params, dialect, e.op)})`;
  if (e instanceof Aggregate) throw new FieldError(`An aggregate (${e.fn}) cannot be used inside an expression here; annotate it and filter on its name.`);
  return shapeValue(e, params, dialect, op);
}

const OPERATORS = ['+', '-', '*', '/', '%'];

// A value in an expression: on PostgreSQL its cast is part of the shape.
function shapeValue(v: unknown, params: unknown[], dialect: Dialect, op: number): string {
  // Django cannot type a number combined with text either (its FieldError)
  if (op >= 0 && op <= 4 && typeof v === 'string' && paramType(v, op) !== DB.numeric) {
    throw new FieldError(`Cannot infer type of '${OPERATORS[op]}' expression involving the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}: arithmetic takes numbers or decimal strings ('1.10').`);
  }
  params.push(v);
  return dialect === POSTGRESQL ? `v${paramType(v, op)}` : 'v';
}

function outerKey(e: OuterRefExpr): string {
  return typeof e.name === 'string' ? JSON.stringify(e.name) : `O(${outerKey(e.name)})`;
}

/** An annotation's shape: an aggregate's filter pushes its values, an expression its own. */
function shapeAnnotation(opts: Options, a: Aggregate | Combined, params: unknown[], dialect: Dialect): string {
  if (!(a instanceof Aggregate)) return shapeExpr(opts, a, params, dialect);
  const k = `${a.fn}${a.distinct ? 'D' : ''}(${JSON.stringify(a.field)})`;
  return a.filter ? `${k}[${shapeNode(opts, a.filter, dialect, params)}]` : k;
}

function shapeLeaf(opts: Options, key: string, value: unknown, dialect: Dialect, params: unknown[], anns: Annotations | null = null, shaped: Shaped | null = null): string {
  const annotated = annotationKey(anns, key);
  const r = annotated?.r ?? resolveKey(opts, key);
  let prefix = '';
  if (annotated && shaped && !shaped.has(annotated.ann)) {
    // an alias() is planned where first used: its values go here
    shaped.add(annotated.ann);
    prefix = `#${shapeAnnotation(opts, annotated.ann, params, dialect)}`;
  }
  return prefix + shapeLeafValue(opts, r, key, value, dialect, params);
}

function shapeLeafValue(opts: Options, r: Resolved, key: string, value: unknown, dialect: Dialect, params: unknown[]): string {
  if (value === undefined) throw new ValueError(`The value of '${key}' is undefined.`);
  if (r.lookup === 'isnull') {
    if (typeof value !== 'boolean') throw new ValueError(`The QuerySet value for an isnull lookup must be true or false (got ${String(value)}).`);
    return value ? `${key}:T;` : `${key}:F;`;
  }
  if (value === null) {
    if (r.lookup !== 'exact' && r.lookup !== 'iexact') throw new ValueError(`Cannot use None as a query value ('${key}').`);
    return `${key}:N;`;
  }
  if (value instanceof Combined) {
    if (r.lookup === 'in' || r.lookup === 'range') throw new ValueError(`The '${key}' lookup does not take an expression.`);
    return `${key}:E${shapeExpr(opts, value, params, dialect)};`;
  }
  const sub = subqueryState(value);
  if (sub) {
    if (r.lookup !== 'in' && r.lookup !== 'exact') throw new ValueError(`A QuerySet can only be the value of an 'in' or exact lookup ('${key}').`);
    return `${key}:S(${shapeSub(sub, dialect, params)});`;
  }
  pushLeafParams(r, key, value, dialect, params);
  return `${key};`;
}

function shapeNode(opts: Options, node: QNode, dialect: Dialect, params: unknown[], anns: Annotations | null = null, shaped: Shaped | null = null): string {
  let k = node.negated ? '~' : '';
  k += node.connector === 'AND' ? '&(' : '|(';
  for (const child of node.children) {
    if (child instanceof QNode) k += shapeNode(opts, child, dialect, params, anns, shaped);
    else if (child instanceof Combined) k += `X${shapeExpr(opts, child, params, dialect)};`;
    else k += shapeLeaf(opts, child[0], child[1], dialect, params, anns, shaped);
  }
  return `${k})`;
}

function shapeWhere(state: QueryState, dialect: Dialect, params: unknown[], anns: Annotations | null = null, shaped: Shaped | null = null): string {
  let k = '';
  for (const node of state.where) k += shapeNode(state.opts, node, dialect, params, anns, shaped);
  return k;
}

/**
 * The shape of a SELECT (top level or subquery), pushing its values in the
 * order the plan numbers their slots: annotations, WHERE, HAVING, aliases
 * first used by ORDER BY, OFFSET.
 */
function shapeSelect(state: QueryState, dialect: Dialect, params: unknown[], ordered = true): string {
  if (state.combinator) return shapeCompound(state, dialect, params);
  let k = '';
  for (const [, a] of state.annotations) k += `@${shapeAnnotation(state.opts, a, params, dialect)}`;
  const anns = annotationMap(state);
  const shaped: Shaped | null = state.aliases?.length ? new Set() : null;
  k += shapeWhere(state, dialect, params, anns, shaped);
  if (state.having?.length) {
    k += 'H';
    for (const node of state.having) k += shapeNode(state.opts, node, dialect, params, anns, shaped);
  }
  if (shaped && ordered) {
    for (const term of state.ordering ?? []) {
      const entry = state.aliases!.find(([n]) => n === (term.charCodeAt(0) === 45 ? term.slice(1) : term));
      if (entry && !shaped.has(entry[1])) {
        shaped.add(entry[1]);
        k += `#${shapeAnnotation(state.opts, entry[1], params, dialect)}`;
      }
    }
  }
  const limitFlags = pushLimits(state, params) as number;
  if (state.window) {
    // the window's range comes after everything the SELECT inside it numbers
    params.push(state.window.low);
    if (state.window.high !== null) params.push(state.window.high);
  }
  return `${stateKey(state)}${limitFlags}${state.high === null ? '' : state.high - state.low}|${k}`;
}

/** A subquery orders its rows only when it is sliced (Django clears the ordering otherwise). */
export function isSliced(state: QueryState): boolean {
  return state.high !== null || state.low > 0;
}

function shapeSub(state: QueryState, dialect: Dialect, params: unknown[]): string {
  return shapeSelect(state, dialect, params, isSliced(state));
}

function shapeCompound(state: QueryState, dialect: Dialect, params: unknown[]): string {
  const c = state.combinator!;
  let k = `K${c.op}(`;
  for (const part of c.parts) k += `${shapeSelect(part, dialect, params)};`;
  const limitFlags = pushLimits(state, params) as number;
  const order = state.ordering ? JSON.stringify(state.ordering) : '';
  return `${k})${order}${state.reversed ? 'R' : ''}|${state.mode}|${limitFlags}${state.high === null ? '' : state.high - state.low}`;
}

// ---------------------------------------------------------------------------
// Walk 2: the plan

interface Join {
  readonly key: string;
  readonly hop: Hop;
  readonly parentAlias: string;
  readonly alias: string;
  left: boolean;
}

/** Appends `src` to `out` (no spread: plans are built from many small arrays). */
function append(out: number[], src: readonly number[]): void {
  for (let i = 0; i < src.length; i++) out.push(src[i]!);
}

class PlanBuilder {
  readonly alias: string;
  readonly joins: Join[] = [];
  // made on first use: most plans join nothing (a Map per plan shows in profiles)
  private byKey: Map<string, Join> | null = null;
  private aliases: Set<string> | null = null;
  slot: number;

  /** annotate() aliases filters may name (select statements only). */
  anns: Annotations | null = null;

  /** Subquery nesting: 0 at the top; a subquery's aliases are U0, U1 ... (V0 ... one level deeper). */
  readonly depth: number;

  constructor(
    readonly opts: Options,
    readonly dialect: Dialect,
    firstSlot = 0,
    /** The enclosing query, which OuterRef() names refer to. */
    readonly outer: PlanBuilder | null = null,
  ) {
    this.depth = outer ? outer.depth + 1 : 0;
    this.alias = outer ? this.subAlias(0) : opts.dbTable;
    this.slot = firstSlot;
  }

  private subAlias(n: number): string {
    return `${this.depth <= 6 ? 'UVWXYZ'[this.depth - 1] : `S${this.depth}_`}${n}`;
  }

  /** A builder for a subquery of this query, numbering its slots after ours. */
  sub(opts: Options): PlanBuilder {
    return new PlanBuilder(opts, this.dialect, this.slot, this);
  }

  /** The alias of the table at the end of `hops`, joining what is missing. */
  joinFor(hops: readonly Hop[], mustMatch: boolean): string {
    let parent = this.alias;
    let key = '';
    for (const hop of hops) {
      key += `${key ? '__' : ''}${hop.field.modelLabel}.${hop.field.name}${hop.reverse ? '<' : ''}`;
      let join = this.byKey?.get(key);
      if (!join) {
        const aliases = (this.aliases ??= new Set([this.alias]));
        let alias = this.outer ? this.subAlias(aliases.size) : hop.to.dbTable;
        if (aliases.has(alias)) alias = `T${aliases.size + 1}`;
        aliases.add(alias);
        // A join that may find no row starts LEFT OUTER; a condition every
        // result must meet (top-level AND, not negated) makes it INNER.
        join = { key, hop, parentAlias: parent, alias, left: hop.nullable };
        (this.byKey ??= new Map()).set(key, join);
        this.joins.push(join);
      }
      if (mustMatch) join.left = false;
      parent = join.alias;
    }
    return parent;
  }

  col(alias: string, column: string): number[] {
    return [E_COL, intern(alias), intern(column)];
  }

  param(): number[] {
    return [E_PARAM, this.slot++];
  }

  /** The column of a field path (`fk__name`), joining what it needs. */
  pathCol(name: string): number[] {
    const r = resolveKey(this.opts, name, false);
    return this.col(this.joinFor(r.hops, false), r.column);
  }

  /** A value in an expression, cast on PostgreSQL to its type (param-type.ts). */
  typedParam(value: unknown, op: number): number[] {
    const t = this.dialect === POSTGRESQL ? paramType(value, op) : -1;
    return t < 0 ? this.param() : [E_TYPED_PARAM, this.slot++, t];
  }

  // `op`: the operator `e` is an operand of (-1: none)
  expr(e: unknown, mustMatch: boolean, op = -1): number[] {
    if (e instanceof FRef) {
      const r = resolveKey(this.opts, e.name, false);
      return this.col(this.joinFor(r.hops, mustMatch), r.column);
    }
    if (e instanceof ValueExpr) return this.typedParam(e.value, op);
    if (e instanceof CaseExpr) {
      const out = [E_CASE, e.whens.length];
      for (const w of e.whens) {
        append(out, this.node(w.condition, false, false));
        append(out, this.expr(w.then, false));
      }
      if (e.otherwise === null || e.otherwise === undefined) out.push(E_CONST, C_NULL);
      else append(out, this.expr(e.otherwise, false));
      return out;
    }
    if (e instanceof Func) {
      const out = [E_FUNC, FN[e.fn], e.args.length];
      for (const a of e.args) append(out, this.expr(a, mustMatch));
      return out;
    }
    if (e instanceof OuterRefExpr) {
      if (!this.outer) throw new ValueError('This queryset contains a reference to an outer query and may only be used in a subquery.');
      return this.outer.expr(typeof e.name === 'string' ? new FRef(e.name) : e.name, false);
    }
    if (e instanceof SubqueryExpr) {
      const state = scalarState(e.queryset);
      const sub = this.sub(state.opts);
      const sel = buildSelect(sub, state, 'scalar');
      this.slot = sub.slot;
      return [E_SUBQUERY, ...sel.body];
    }
    if (e instanceof ExistsExpr) {
      const state = existsState(e.queryset);
      const sub = this.sub(state.opts);
      const sel = buildSelect(sub, state, 'exists');
      this.slot = sub.slot;
      return e.negated ? [E_NOT, E_EXISTS, ...sel.body] : [E_EXISTS, ...sel.body];
    }
    if (e instanceof WrappedExpr) return this.expr(e.expression, mustMatch);
    if (e instanceof Combined) return [E_BINOP, e.op, ...this.expr(e.lhs, mustMatch, e.op), ...this.expr(e.rhs, mustMatch, e.op)];
    return this.typedParam(e, op);
  }

  leaf(key: string, value: unknown, mustMatch: boolean, negated: boolean): number[] {
    const annotated = annotationKey(this.anns, key);
    const r = annotated?.r ?? resolveKey(this.opts, key);
    // exclude() across a multi-valued relation: NOT (pk IN (SELECT fk ...)).
    if (negated && r.hops.length > 0 && r.hops[0]!.reverse) {
      const hop = r.hops[0]!;
      const restParts = key.split('__').slice(1);
      if (hop.far) restParts.unshift(hop.far.name); // a many-to-many continues through the intermediate table
      const rest = restParts.join('__');
      const sub = new PlanBuilder(hop.to, this.dialect, this.slot);
      const cond = rest ? sub.leaf(rest, value, true, false) : sub.leaf(`${hop.to.pk.name}__isnull`, false, true, false);
      this.slot = sub.slot;
      const body = sub.selectBody([sub.col(sub.alias, hop.toColumn)], cond, [], 0, null);
      return [E_IN_SELECT, ...this.col(this.alias, hop.fromColumn), ...body];
    }
    const isnullTrue = (r.lookup === 'isnull' && value === true) || (value === null && r.lookup === 'exact');
    let lhs: number[];
    if (annotated) lhs = this.annotation(annotated.ann);
    else {
      const alias = this.joinFor(r.hops, mustMatch && !isnullTrue);
      const col = this.col(alias, r.column);
      lhs = r.transform < 0 ? col : [E_TRANSFORM, r.transform, ...col];
    }
    let out: number[];
    const subState = subqueryState(value);
    if (subState) {
      // `x__in=<QuerySet>`: x IN (SELECT <one column> ...)
      const sub = this.sub(subState.opts);
      const sel = buildSelect(sub, subState, 'scalar');
      this.slot = sub.slot;
      out = [E_IN_SELECT, ...lhs, ...sel.body];
    } else if (r.lookup === 'isnull') out = [E_LOOKUP, LOOKUPS.isnull, ...lhs, value ? 1 : 0];
    else if (value === null) out = [E_LOOKUP, LOOKUPS.isnull, ...lhs, 1];
    else if (value instanceof Combined) out = [E_LOOKUP, LOOKUPS[r.lookup], ...lhs, ...this.expr(value, mustMatch)];
    else if (r.lookup === 'range') out = [E_LOOKUP, LOOKUPS.range, ...lhs, ...this.param(), ...this.param()];
    else out = [E_LOOKUP, LOOKUPS[r.lookup], ...lhs, ...this.param()];
    // Django: exclude(x=v) keeps rows where x is NULL: NOT (x = v AND x IS NOT NULL).
    const nullable = r.field.null || r.hops.some((h) => h.nullable);
    if (negated && nullable && r.lookup !== 'isnull' && value !== null) {
      out = [E_AND, 2, ...out, E_LOOKUP, LOOKUPS.isnull, ...lhs, 0];
    }
    return out;
  }

  node(node: QNode, mustMatch: boolean, negated: boolean): number[] {
    const neg = negated !== node.negated;
    const match = mustMatch && !node.negated && (node.connector === 'AND' || node.children.length <= 1);
    const n = node.children.length;
    const out: number[] = [];
    if (node.negated) out.push(E_NOT);
    if (n !== 1) out.push(node.connector === 'AND' ? E_AND : E_OR, n);
    for (const child of node.children) {
      if (child instanceof QNode) append(out, this.node(child, match, neg));
      else if (child instanceof Combined) append(out, this.expr(child, match));
      else append(out, this.leaf(child[0], child[1], match, neg));
    }
    return out;
  }

  where(nodes: readonly QNode[]): number[] | null {
    if (nodes.length === 0) return null;
    if (nodes.length === 1) return this.node(nodes[0]!, true, false);
    const out: number[] = [E_AND, nodes.length];
    for (const n of nodes) append(out, this.node(n, true, false));
    return out;
  }

  /** A SELECT body: flags, columns, FROM + joins, WHERE, GROUP BY, ORDER BY, LIMIT/OFFSET. */
  selectBody(
    cols: number[][],
    where: number[] | null,
    order: number[][],
    flags: number,
    group: number[][] | null,
    limitSlots: number[] = [],
    having: number[] | null = null,
  ): number[] {
    const out: number[] = [flags, cols.length];
    for (const c of cols) append(out, c);
    out.push(intern(this.opts.dbTable), intern(this.alias), this.joins.length);
    for (const j of this.joins) {
      out.push(
        j.left ? 1 : 0,
        intern(j.hop.to.dbTable),
        intern(j.alias),
        intern(j.parentAlias),
        intern(j.hop.fromColumn),
        intern(j.hop.toColumn),
      );
    }
    if (where) {
      out.push(1);
      append(out, where);
    } else out.push(0);
    out.push(group ? group.length : 0);
    if (group) for (const g of group) append(out, g);
    if (having) {
      out.push(1);
      append(out, having);
    } else out.push(0);
    out.push(order.length);
    for (const o of order) append(out, o);
    append(out, limitSlots);
    return out;
  }

  orderTerms(state: QueryState): number[][] {
    let ordering = state.ordering ?? this.opts.ordering;
    if (state.reversed) {
      if (ordering.length === 0) ordering = ['pk'];
      ordering = ordering.map((o) => (o.startsWith('-') ? o.slice(1) : o === '?' ? o : `-${o}`));
    }
    const out: number[][] = [];
    for (const term of ordering) {
      if (term === '?') {
        out.push([E_FUNC, FN.RANDOM, 0, 0]);
        continue;
      }
      const desc = term.startsWith('-');
      const name = desc ? term.slice(1) : term;
      const ann = state.annotations.find(([a]) => a === name) ?? state.aliases?.find(([a]) => a === name);
      if (ann) {
        out.push([...this.annotation(ann[1]), desc ? 1 : 0]);
        continue;
      }
      const r = resolveKey(this.opts, name, false);
      let c = this.col(this.joinFor(r.hops, false), r.column);
      if (state.trunc && state.fields?.[0] === name) {
        // dates(): order by the selected (truncated) expression, as DISTINCT requires
        c = [E_TRANSFORM, TRUNCS[state.trunc] | (r.field.type === 'DateTimeField' ? T_DATETIME : 0), ...c];
      }
      out.push([...c, desc ? 1 : 0]);
    }
    return out;
  }

  private annotationWords: Map<unknown, number[]> | null = null;

  /** An annotation's expression; built once, so ORDER BY reuses its parameter slots. */
  annotation(a: Aggregate | Combined): number[] {
    let words = this.annotationWords?.get(a);
    if (!words) {
      words = a instanceof Aggregate ? this.aggregate(a) : this.expr(a, false);
      (this.annotationWords ??= new Map()).set(a, words);
    }
    return words;
  }

  aggregate(a: Aggregate): number[] {
    let arg: number[];
    if (a.field === '*') arg = [E_STAR];
    else {
      const r = resolveKey(this.opts, a.field, false);
      arg = this.col(this.joinFor(r.hops, false), r.column);
    }
    const fn = a.fn === 'COUNT' ? (a.distinct ? FN.COUNT_DISTINCT : FN.COUNT) : FN[a.fn];
    if (!a.filter) return [E_FUNC, fn, 1, ...arg];
    const cond = this.node(a.filter, false, false);
    if (this.dialect === POSTGRESQL) return [E_FILTER, E_FUNC, fn, 1, ...arg, ...cond];
    // SQLite, as Django without FILTER: the argument is NULL outside the condition
    return [E_FUNC, fn, 1, E_CASE, 1, ...cond, ...(a.field === '*' ? [E_CONST, C_ONE] : arg), E_CONST, C_NULL];
  }
}

// ---------------------------------------------------------------------------
// Row readers

function converter(field: Field, dialect: Dialect): ((v: any) => unknown) | null {
  return field.fromDb(dialect);
}

interface InstancePart {
  readonly opts: Options;
  readonly offset: number;
  /** Reads this model's columns from `offset` on (sql/hydrate.ts). */
  readonly read: Hydrate;
  readonly parent: number; // index in parts, -1 for the root
  readonly fieldName: string;
  readonly pkIndex: number;
}

function instancePart(opts: Options, offset: number, dialect: Dialect, parent: number, fieldName: string, fields: readonly Field[] = opts.fields): InstancePart {
  return { opts, offset, read: hydrator(opts, dialect, fields), parent, fieldName, pkIndex: fields.indexOf(opts.pk) };
}

function readInstance(part: InstancePart, row: unknown[]): any {
  return part.read(row, part.offset);
}

function instanceReader(parts: InstancePart[]): RowReader {
  const root = parts[0]!;
  if (parts.length === 1) {
    const read = root.read;
    const at = root.offset;
    return (row) => read(row, at);
  }
  // One scratch array per reader, not one per row: a read is synchronous (the
  // hydrators run no query), and the slots are cleared before returning so the
  // reader keeps no row's instances alive.
  const objs: any[] = new Array(parts.length).fill(null);
  return (row) => {
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const parentObj = part.parent >= 0 ? objs[part.parent] : null;
      if (part.parent >= 0 && parentObj === null) {
        objs[p] = null;
        continue;
      }
      const obj = p === 0 || row[part.offset + part.pkIndex] !== null ? readInstance(part, row) : null;
      objs[p] = obj;
      if (parentObj) (parentObj[RELATED] ??= {})[part.fieldName] = obj;
    }
    const root = objs[0];
    objs.fill(null);
    return root;
  };
}

/**
 * valuesList({ named: true }): Django's namedtuple rows, as arrays whose
 * prototype reads each name at its index (`row[0]` and `row.name`, spread
 * and destructured like any tuple). A name an array already has (`length`,
 * `map` ...) stays reachable by index only.
 */
function namedRow(names: readonly string[]): ArrayConstructor {
  class Row extends Array<unknown> {}
  names.forEach((name, i) => {
    if (name in Array.prototype || /^\d+$/.test(name)) return;
    Object.defineProperty(Row.prototype, name, {
      get(this: unknown[]) {
        return this[i];
      },
      enumerable: false,
    });
  });
  return Row as unknown as ArrayConstructor;
}

function valuesReader(mode: Mode, names: readonly string[], convs: Array<((v: any) => unknown) | null>): RowReader {
  const n = names.length;
  if (mode === Mode.Flat) {
    const c = convs[0]!;
    return c ? (row) => (row[0] === null ? null : c(row[0])) : (row) => row[0];
  }
  if (mode === Mode.Tuples || mode === Mode.Named) {
    const Row = mode === Mode.Named ? namedRow(names) : Array;
    return (row) => {
      const out = new Row(n);
      for (let i = 0; i < n; i++) {
        const c = convs[i];
        const v = row[i];
        out[i] = c && v !== null ? c(v) : v;
      }
      return out;
    };
  }
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const c = convs[i];
      const v = row[i];
      out[names[i]!] = c && v !== null ? c(v) : v;
    }
    return out;
  };
}

function aggregateConverter(a: Aggregate | Combined, opts: Options, dialect: Dialect): ((v: any) => unknown) | null {
  if (a instanceof ExistsExpr) return Boolean; // SQLite answers 0/1
  if (a instanceof WrappedExpr) return outputConverter(a.outputField as Field, dialect);
  if (a instanceof SubqueryExpr) {
    const state = scalarState(a.queryset);
    const name = state.fields![0]!;
    const inner = state.annotations.find(([n]) => n === name);
    if (inner) return aggregateConverter(inner[1], state.opts, dialect);
    return converter(resolveKey(state.opts, name, false).valueField, dialect);
  }
  if (!(a instanceof Aggregate)) return a instanceof Func && a.fn === 'LENGTH' ? Number : null;
  if (a.fn === 'COUNT') return dialect === POSTGRESQL ? Number : null;
  if (a.fn === 'AVG') return (v) => Number(v);
  if (a.field === '*') return null;
  const r = resolveKey(opts, a.field, false);
  const base = converter(r.valueField, dialect);
  const integer = /Integer|AutoField|ForeignKey/.test(r.valueField.type);
  if (integer && dialect === POSTGRESQL) return (v) => Number(v);
  return base;
}

// A computed value declared as a number may arrive as text from PostgreSQL
// (numeric, bigint): numbers are read as numbers.
function outputConverter(field: Field, dialect: Dialect): ((v: any) => unknown) | null {
  const base = converter(field, dialect);
  if (!/Integer|Float|AutoField/.test(field.type)) return base;
  return base ? (v) => base(typeof v === 'string' ? Number(v) : v) : (v) => (typeof v === 'string' ? Number(v) : v);
}

// ---------------------------------------------------------------------------
// Statements

export interface Bound {
  readonly compiled: Compiled;
  readonly params: unknown[];
}

// Everything but the filters that changes the SQL; each optional part has
// its own tag letter, so the key stays unambiguous and short in the common case.
function stateKey(state: QueryState): string {
  let k = `${state.opts.label}|${state.mode}`;
  if (state.fields) k += `|f${state.fields.join(',')}`;
  if (state.related.length) k += `|r${state.related.join(',')}`;
  k += state.ordering ? `|o${state.ordering.join(',')}` : '|*';
  if (state.reversed) k += '|R';
  if (state.distinct) k += '|D';
  if (state.forUpdate) k += '|U';
  if (state.extra) k += `|x${state.extra}`;
  if (state.window) k += `|w${state.window.partition}${state.window.high === null ? '' : '<'}`;
  if (state.annotations.length) {
    k += '|a';
    // aliases are any strings: quoted, so two annotation lists never share a key
    for (const [n, a] of state.annotations) k += `${JSON.stringify(n)}=${a instanceof Aggregate ? `${a.fn}${a.distinct ? 'D' : ''}(${JSON.stringify(a.field)})` : 'E'},`;
  }
  if (state.groupBy) k += `|g${state.groupBy.join(',')}`;
  if (state.deferred) k += `|${state.deferred.defer ? 'd' : 'o'}${state.deferred.names.join(',')}`;
  if (state.trunc) k += `|t${state.trunc}${state.truncDatetime ? 'T' : ''}`;
  if (state.aliases?.length) {
    k += '|A';
    for (const [n, a] of state.aliases) k += `${JSON.stringify(n)}=${a instanceof Aggregate ? 'G' : 'E'},`;
  }
  return `${k}|`;
}

// LIMIT is written into the SQL (an integer, so nothing can be injected; a
// page size rarely varies), OFFSET is a parameter (it varies page to page).
function pushLimits(state: QueryState, params: unknown[], withLimitInKey = false): number | string {
  let flags = 0;
  if (state.high !== null) flags |= F_LIMIT | F_LIMIT_LITERAL;
  if (withLimitInKey) {
    if (state.low > 0) params.push(state.low);
    return `${flags | (state.low > 0 ? F_OFFSET : 0)}:${state.high === null ? '' : state.high - state.low}`;
  }
  if (state.low > 0) {
    flags |= F_OFFSET;
    params.push(state.low);
  }
  return flags;
}

/**
 * SELECT for iteration (instances, values, values_list, annotate, union ...).
 * With the `shape` its QuerySet chain reached (`shape.ts`), a repeated query
 * skips the key walk: only the values are collected.
 */
export function selectStatement(state: QueryState, dialect: Dialect, shape: Shape | null = null): Bound {
  if (shape !== null && shape.live()) {
    const params = plainParams(state, dialect);
    let compiled = shape.compiled(dialect);
    if (compiled === null) {
      // a new shape: planned straight away, no key walk, no string key
      compiled = planSelect(state, dialect);
      if (compiled.slots !== params.length) throw new Error(`query compiler: ${compiled.slots} slots for ${params.length} parameters`);
      shape.remember(dialect, compiled);
    }
    return { compiled, params };
  }
  const params: unknown[] = [];
  const key = `${dialect}S${shapeSelect(state, dialect, params)}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = state.combinator ? planCompound(state, dialect) : planSelect(state, dialect);
    if (compiled.slots !== params.length) throw new Error(`query compiler: ${compiled.slots} slots for ${params.length} parameters`);
    remember(key, compiled);
  }
  return { compiled, params };
}

/**
 * The parameters of a query whose shape is known (plain lookups only: see
 * `stepNode`), in the order `shapeSelect` pushes them: WHERE, then OFFSET.
 * Values are converted and checked exactly as there.
 */
function plainParams(state: QueryState, dialect: Dialect): unknown[] {
  const params: unknown[] = [];
  const where = state.where;
  for (let i = 0; i < where.length; i++) plainNodeParams(state.opts, where[i]!, dialect, params);
  if (state.low > 0) params.push(state.low);
  return params;
}

function plainNodeParams(opts: Options, node: QNode, dialect: Dialect, params: unknown[]): void {
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child instanceof QNode) plainNodeParams(opts, child, dialect, params);
    else {
      const key = (child as readonly [string, unknown])[0];
      const value = (child as readonly [string, unknown])[1];
      const r = (opts.lookupCache.get(key) as Resolved | undefined) ?? resolveKey(opts, key);
      if (r.lookup !== 'isnull' && value !== null) pushLeafParams(r, key, value, dialect, params);
    }
  }
}

function planSelect(state: QueryState, dialect: Dialect): Compiled {
  const b = new PlanBuilder(state.opts, dialect);
  const sel = buildSelect(b, state, 'rows');
  if (state.window) {
    // Django's filter on a window (a sliced Prefetch queryset): the SELECT
    // with its ROW_NUMBER column, wrapped, its range as the last parameters
    const low = b.slot++;
    const high = state.window.high === null ? -1 : b.slot++;
    const plan = [OP_QUALIFY, intern('qualify'), intern(WINDOW_COLUMN), low, high, OP_SELECT, ...sel.body];
    return { stmt: compilePlan(dialect, plan), read: sel.read, slots: b.slot };
  }
  return { stmt: compilePlan(dialect, sel.body, OP_SELECT), read: sel.read, slots: b.slot };
}

/** The ROW_NUMBER column of a windowed SELECT (Django's `qual0`); it comes last, after every column a reader reads. */
const WINDOW_COLUMN = 'qual0';

/**
 * What a SELECT is built for: `rows` (a QuerySet's own rows), `scalar` (one
 * column: `IN (SELECT ...)`, `Subquery()`), `exists` (`EXISTS (SELECT 1 ...)`).
 * Subqueries keep their ORDER BY only when sliced.
 */
type SelectKind = 'rows' | 'scalar' | 'exists';

interface Select {
  readonly body: number[];
  readonly read: RowReader;
  /** Selected names (instances: attnames), for ORDER BY positions of a union. */
  readonly names: readonly string[];
}

// A module-level function: a closure made per plan costs an allocation (and,
// under tsx/esbuild's keepNames, a defineProperty: a tenth of a new shape).
const rowAsIs: RowReader = (row) => row;

function buildSelect(b: PlanBuilder, state: QueryState, kind: SelectKind): Select {
  const dialect = b.dialect;
  b.anns = annotationMap(state);
  // annotations take the first parameter slots, in declaration order (the
  // shape walk pushes their values first), then the filter, then HAVING
  for (const [, a] of state.annotations) b.annotation(a);
  const where = b.where(state.where);
  const having = state.having?.length ? b.where(state.having) : null;
  const cols: number[][] = [];
  let read: RowReader = rowAsIs;
  let names: string[] = [];
  let group: number[][] | null = null;
  const hasAggregate = state.annotations.some(([, a]) => a instanceof Aggregate) || !!state.aliases?.some(([, a]) => a instanceof Aggregate);
  if (kind === 'exists') {
    cols.push([E_CONST, C_ONE]);
    if (hasAggregate) group = (state.groupBy ?? ['pk']).map((n) => b.pathCol(n));
  } else if (state.mode === Mode.Instances) {
    const mask = selectMask(state.opts, state.deferred);
    const loaded = maskedFields(state.opts, mask);
    let root: RootColumns;
    if (loaded === state.opts.fields && b.alias === state.opts.dbTable) root = rootColumns(b, state.opts);
    else root = { part: instancePart(state.opts, 0, dialect, -1, '', loaded), cols: loaded.map((f) => b.col(b.alias, f.column)), names: loaded.map((f) => Options.attname(f)) };
    const parts: InstancePart[] = [root.part];
    // each part's only()/defer() mask (null: every field), by index in parts
    const masks: Array<SelectMask | null> = [mask];
    for (const c of root.cols) cols.push(c);
    names = [...root.names];
    const seen = new Map<string, number>();
    for (const path of state.related) {
      let opts = state.opts;
      let parent = 0;
      const pathNames = path.split('__');
      const hops: Hop[] = [];
      let prefix = '';
      for (const name of pathNames) {
        const f = opts.fieldsByName.get(name);
        if (!(f instanceof ForeignKey)) {
          const choices = opts.fields.filter((x) => x instanceof ForeignKey).map((x) => x.name);
          throw new FieldError(
            `Invalid field name(s) given in select_related: '${name}'. Choices are: ${choices.join(', ') || '(none)'}`,
          );
        }
        const target = opts.target(f);
        hops.push({ reverse: false, from: opts, to: target, field: f, nullable: f.null, fromColumn: f.column, toColumn: opts.targetField(f).column });
        prefix += (prefix ? '__' : '') + name;
        let index = seen.get(prefix);
        if (index === undefined) {
          const sub = relatedMask(opts, masks[parent]!, f);
          const fields = maskedFields(target, sub);
          const alias = b.joinFor(hops, false);
          index = parts.length;
          parts.push(instancePart(target, cols.length, dialect, parent, name, fields));
          masks.push(sub);
          for (const tf of fields) cols.push(b.col(alias, tf.column));
          seen.set(prefix, index);
        }
        parent = index;
        opts = target;
      }
    }
    read = instanceReader(parts);
    if (state.annotations.length) {
      // One row per object: group by the primary key of every selected model
      // (the other columns depend on it, which PostgreSQL accepts too).
      group = parts.map((p) => cols[p.offset + p.pkIndex]!);
      const start = cols.length;
      const convs: Array<((v: any) => unknown) | null> = [];
      const annNames: string[] = [];
      for (const [alias, agg] of state.annotations) {
        cols.push(b.annotation(agg));
        convs.push(aggregateConverter(agg, state.opts, dialect));
        annNames.push(alias);
      }
      names.push(...annNames);
      if (!hasAggregate) group = null;
      const base = read;
      read = (row) => {
        const o = base(row) as any;
        for (let i = 0; i < annNames.length; i++) {
          const v = row[start + i];
          const c = convs[i];
          o[annNames[i]!] = c && v !== null ? c(v) : v;
        }
        return o;
      };
    } else if (hasAggregate) group = parts.map((p) => cols[p.offset + p.pkIndex]!);
    if (state.extra) {
      const r = resolveKey(state.opts, state.extra, false);
      const index = cols.length;
      cols.push(b.col(b.joinFor(r.hops, false), r.column));
      const conv = converter(r.valueField, dialect);
      const base = read;
      read = (row) => {
        const o = base(row) as any;
        const v = row[index];
        o[PREFETCH_KEY] = conv && v !== null ? conv(v) : v;
        return o;
      };
    }
  } else {
    const fieldNames = state.fields ?? state.opts.fields.map((f) => Options.attname(f));
    const convs: Array<((v: any) => unknown) | null> = [];
    const groupCols: number[][] = [];
    for (const name of fieldNames) {
      const ann = state.annotations.find(([a]) => a === name);
      if (ann) {
        cols.push(b.annotation(ann[1]));
        convs.push(aggregateConverter(ann[1], state.opts, dialect));
        continue;
      }
      const r = resolveKey(state.opts, name, false);
      let c = b.col(b.joinFor(r.hops, false), r.column);
      if (state.trunc) c = [E_TRANSFORM, TRUNCS[state.trunc] | (r.field.type === 'DateTimeField' ? T_DATETIME : 0), ...c];
      cols.push(c);
      groupCols.push(c);
      convs.push(state.trunc ? (state.truncDatetime ? readTruncated : null) : converter(r.valueField, dialect));
    }
    names = [...fieldNames];
    // a subquery selects its one column; rows carry the annotations too
    if (kind === 'rows') {
      for (const [alias, agg] of state.annotations) {
        if (fieldNames.includes(alias)) continue;
        cols.push(b.annotation(agg));
        convs.push(aggregateConverter(agg, state.opts, dialect));
        names.push(alias);
      }
    }
    if (hasAggregate) group = state.groupBy ? state.groupBy.map((n) => b.pathCol(n)) : groupCols;
    read = valuesReader(state.mode, names, convs);
  }
  const sliced = isSliced(state);
  let order = kind === 'rows' || sliced ? b.orderTerms(state) : [];
  if (state.window && kind === 'rows') {
    // ROW_NUMBER() OVER (PARTITION BY the parent's key ORDER BY the queryset's ordering)
    const r = resolveKey(state.opts, state.window.partition, false);
    const w = [E_ROW_NUMBER, intern(WINDOW_COLUMN), ...b.col(b.joinFor(r.hops, false), r.column), order.length];
    for (const o of order) append(w, o);
    cols.push(w);
    order = [];
  }
  const slots: number[] = [];
  if (state.high !== null) slots.push(state.high - state.low);
  if (state.low > 0) slots.push(b.slot++);
  const flags =
    (state.high !== null ? F_LIMIT | F_LIMIT_LITERAL : 0) |
    (state.low > 0 ? F_OFFSET : 0) |
    (state.distinct && kind !== 'exists' ? F_DISTINCT : 0) |
    (state.forUpdate && kind === 'rows' ? F_FOR_UPDATE : 0);
  return { body: b.selectBody(cols, where, order, flags, group, slots, having), read, names };
}

// datetimes(): a truncated timestamp (PostgreSQL: a Date already; a day or
// coarser: 'YYYY-MM-DD'; SQLite: 'YYYY-MM-DD HH:MM:SS') as a Date in UTC.
function readTruncated(v: unknown): Date {
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}Z`);
}

/** A model's own columns at the top level, as every new shape of it selects them: built once per model and dialect. */
interface RootColumns {
  readonly part: InstancePart;
  readonly cols: readonly number[][];
  readonly names: readonly string[];
}
const rootCache: Array<WeakMap<Options, RootColumns>> = [new WeakMap(), new WeakMap()];

function rootColumns(b: PlanBuilder, opts: Options): RootColumns {
  let r = rootCache[b.dialect]!.get(opts);
  if (!r) {
    r = { part: instancePart(opts, 0, b.dialect, -1, '', opts.fields), cols: opts.fields.map((f) => b.col(b.alias, f.column)), names: opts.fields.map((f) => Options.attname(f)) };
    rootCache[b.dialect]!.set(opts, r);
  }
  return r;
}

/** union() / intersection() / difference(): the parts' SELECTs joined, then ORDER BY (by position) and LIMIT. */
function planCompound(state: QueryState, dialect: Dialect): Compiled {
  const { plan, read, slots } = compoundPlan(state, dialect);
  return { stmt: compilePlan(dialect, plan), read, slots };
}

interface CompoundPlan {
  readonly plan: number[];
  readonly read: RowReader;
  readonly slots: number;
  /** The first part's selected names and column count (every part selects as many). */
  readonly names: readonly string[];
  readonly ncols: number;
}

// Part kinds in the plan: a SELECT, a parenthesised SELECT (it orders or
// slices itself), a nested compound (a union of a union of another kind).
const PART_PLAIN = 0;
const PART_PARENS = 1;
const PART_COMPOUND = 2;

function compoundPlan(state: QueryState, dialect: Dialect, firstSlot = 0): CompoundPlan {
  const c = state.combinator!;
  const plan = [OP_COMPOUND, 0, c.parts.length];
  let slot = firstSlot;
  let first: { names: readonly string[]; read: RowReader } | null = null;
  let firstCols = 0;
  for (let i = 0; i < c.parts.length; i++) {
    const part = c.parts[i]!;
    const own = isSliced(part) || !!part.ordering?.length;
    // Django's supports_slicing_ordering_in_compound: PostgreSQL parenthesises
    // such a part; SQLite's grammar has no place for it.
    if (own && dialect === 0) {
      throw new DatabaseError(isSliced(part) ? 'LIMIT/OFFSET not allowed in subqueries of compound statements.' : 'ORDER BY not allowed in subqueries of compound statements.');
    }
    let body: number[];
    let sel: { names: readonly string[]; read: RowReader };
    let ncols: number;
    if (part.combinator) {
      const nested = compoundPlan(part, dialect, slot);
      body = nested.plan;
      body[0] = PART_COMPOUND; // the OP_COMPOUND word becomes the part kind
      sel = nested;
      ncols = nested.ncols;
      slot = nested.slots;
    } else {
      const b = new PlanBuilder(part.opts, dialect, slot);
      const s = buildSelect(b, part, 'rows');
      body = [own ? PART_PARENS : PART_PLAIN, ...s.body];
      sel = s;
      ncols = s.body[1]!;
      slot = b.slot;
    }
    if (first === null) {
      first = sel;
      firstCols = ncols;
    } else {
      if (ncols !== firstCols) {
        throw new DatabaseError(`The queries in ${c.name}() must select the same number of columns: ${firstCols} and ${ncols}.`);
      }
      plan.push(c.op);
    }
    append(plan, body);
  }
  let ordering = state.ordering ?? [];
  if (state.reversed) ordering = ordering.map((o) => (o.startsWith('-') ? o.slice(1) : `-${o}`));
  const positions = compoundPositions(c.parts[0]!, first!.names);
  plan.push(ordering.length);
  for (const term of ordering) {
    const desc = term.startsWith('-');
    const pos = positions.get(desc ? term.slice(1) : term);
    if (pos === undefined) throw new DatabaseError(`ORDER BY term does not match any column in the result set: '${term}'.`);
    plan.push(E_NUMBER, pos, desc ? 1 : 0);
  }
  let flags = 0;
  if (state.high !== null) {
    flags |= F_LIMIT | F_LIMIT_LITERAL;
    plan.push(state.high - state.low);
  }
  if (state.low > 0) {
    flags |= F_OFFSET;
    plan.push(slot++);
  }
  plan[1] = flags;
  return { plan, read: first!.read, slots: slot, names: first!.names, ncols: firstCols };
}

// Names ORDER BY may use on a combined query, to their 1-based column.
function compoundPositions(part: QueryState, names: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  names.forEach((n, i) => m.set(n, i + 1));
  if (part.mode === Mode.Instances) {
    for (const f of part.opts.fields) {
      const at = m.get(Options.attname(f));
      if (at !== undefined) m.set(f.name, at);
    }
    const pk = m.get(Options.attname(part.opts.pk));
    if (pk !== undefined) m.set('pk', pk);
  }
  return m;
}

/** SELECT COUNT(*) (or, for exists(), SELECT 1 ... LIMIT 1). */
export function countStatement(state: QueryState, dialect: Dialect, exists: boolean): Bound {
  const params: unknown[] = [];
  const whereKey = shapeWhere(state, dialect, params);
  const key = `${dialect}${exists ? 'E' : 'C'}${state.opts.label}|${state.distinct ? 'd' : ''}|${whereKey}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const b = new PlanBuilder(state.opts, dialect);
    const where = b.where(state.where);
    let cols: number[][];
    if (exists) cols = [[E_CONST, C_ONE]];
    else if (state.distinct) cols = [[E_FUNC, FN.COUNT_DISTINCT, 1, ...b.col(b.alias, state.opts.pk.column)]];
    else cols = [[E_FUNC, FN.COUNT, 1, E_STAR]];
    const slots = exists ? [1] : [];
    if (b.slot !== params.length) throw new Error('query compiler: slot mismatch');
    const plan = [OP_SELECT, ...b.selectBody(cols, where, [], exists ? F_LIMIT | F_LIMIT_LITERAL : 0, null, slots)];
    compiled = { stmt: compilePlan(dialect, plan), read: null };
    remember(key, compiled);
  }
  return { compiled, params };
}

/**
 * count() / exists() of what a plain COUNT(*) cannot count (a slice,
 * annotations or aliases, a union, values().distinct()): Django's
 * `SELECT COUNT(*) FROM (...) subquery`, or `SELECT 1 FROM (...) subquery
 * LIMIT 1`. An unsliced query is counted unordered, as in Django.
 */
export function countFromStatement(state: QueryState, dialect: Dialect, exists: boolean): Bound {
  const inner: QueryState = isSliced(state) ? state : { ...state, ordering: [], reversed: false };
  const params: unknown[] = [];
  const key = `${dialect}${exists ? 'e' : 'c'}${shapeSelect(inner, dialect, params)}`;
  let compiled = cache.get(key);
  if (!compiled) {
    let body: number[];
    let slots: number;
    if (inner.combinator) {
      const c = compoundPlan(inner, dialect);
      body = c.plan;
      slots = c.slots;
    } else {
      const b = new PlanBuilder(inner.opts, dialect);
      body = [OP_SELECT, ...buildSelect(b, inner, 'rows').body];
      slots = b.slot;
    }
    if (slots !== params.length) throw new Error(`query compiler: ${slots} slots for ${params.length} parameters`);
    compiled = remember(key, { stmt: compilePlan(dialect, [OP_COUNT, exists ? 1 : 0, intern('subquery'), ...body]), read: null, slots });
  }
  return { compiled, params };
}

/** SELECT aggregate(...) over the filtered rows. */
export function aggregateStatement(state: QueryState, dialect: Dialect, aggs: ReadonlyArray<readonly [string, Aggregate]>): Bound {
  const params: unknown[] = [];
  const whereKey = shapeWhere(state, dialect, params);
  let aggKey = '';
  for (const [n, a] of aggs) {
    if (!(a instanceof Aggregate)) throw new TypeError(`aggregate() takes aggregates (Count, Sum, ...): '${n}' is not one.`);
    aggKey += `${JSON.stringify(n)}=${shapeAnnotation(state.opts, a, params, dialect)},`;
  }
  const key = `${dialect}A${state.opts.label}|${aggKey}|${whereKey}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const b = new PlanBuilder(state.opts, dialect);
    const where = b.where(state.where);
    const cols = aggs.map(([, a]) => b.aggregate(a));
    const convs = aggs.map(([, a]) => aggregateConverter(a, state.opts, dialect));
    if (b.slot !== params.length) throw new Error('query compiler: slot mismatch');
    const plan = [OP_SELECT, ...b.selectBody(cols, where, [], 0, null)];
    compiled = { stmt: compilePlan(dialect, plan), read: valuesReader(Mode.Dicts, aggs.map(([n]) => n), convs) };
    remember(key, compiled);
  }
  return { compiled, params };
}

/** The WHERE of UPDATE / DELETE: direct, or `pk IN (SELECT ...)` when it joins. */
function mutationWhere(b: PlanBuilder, state: QueryState): number[] | null {
  const where = b.where(state.where);
  if (b.joins.length === 0 || where === null) return where;
  const pk = b.col(b.alias, state.opts.pk.column);
  return [E_IN_SELECT, ...pk, ...b.selectBody([pk], where, [], 0, null)];
}

/** UPDATE ... SET ... WHERE ... */
export function updateStatement(state: QueryState, dialect: Dialect, values: Record<string, unknown>): Bound {
  const params: unknown[] = [];
  let setKey = '';
  const setFields: Array<[Field, unknown]> = [];
  for (const name in values) {
    const field = state.opts.fieldsByName.get(name) ?? state.opts.fields.find((f) => Options.attname(f) === name);
    if (!field) {
      throw new FieldError(`Cannot resolve keyword '${name}' into field. Choices are: ${state.opts.choiceNames().join(', ')}`);
    }
    if (field.primaryKey && field.auto) throw new FieldError(`Cannot update the automatic primary key '${name}'.`);
    let value = values[name];
    if (value instanceof Combined) {
      setKey += `${name}=E${shapeExpr(state.opts, value, params, dialect)};`;
      checkNoJoins(state.opts, value); // as in Django: no joined references in UPDATE
    } else {
      if (isInstance(value) && field instanceof ForeignKey) value = value.pk;
      if (value === null && !field.null) throw new ValueError(`Field '${state.opts.label}.${name}' does not allow null.`);
      params.push(field instanceof ForeignKey ? state.opts.targetField(field).toDb(value, dialect) : field.toDb(value, dialect));
      setKey += `${name};`;
    }
    setFields.push([field, values[name]]);
  }
  const whereKey = shapeWhere(state, dialect, params);
  const key = `${dialect}U${state.opts.label}|${setKey}|${whereKey}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const b = new PlanBuilder(state.opts, dialect);
    const sets: number[] = [];
    for (const [field, value] of setFields) {
      sets.push(intern(field.column));
      if (value instanceof Combined) {
        const e = b.expr(value, true);
        // UPDATE's SET names columns of the table itself, without an alias.
        sets.push(...e);
      } else sets.push(...b.param());
    }
    const where = mutationWhere(b, state);
    if (b.slot !== params.length) throw new Error('query compiler: slot mismatch');
    const plan = [OP_UPDATE, intern(state.opts.dbTable), setFields.length, ...sets, where ? 1 : 0, ...(where ?? [])];
    compiled = { stmt: compilePlan(dialect, plan), read: null };
    remember(key, compiled);
  }
  return { compiled, params };
}

function checkNoJoins(opts: Options, e: unknown): void {
  if (e instanceof FRef) {
    if (resolveKey(opts, e.name, false).hops.length > 0) {
      throw new FieldError('Joined field references are not permitted in this query');
    }
  } else if (e instanceof Combined) {
    checkNoJoins(opts, e.lhs);
    checkNoJoins(opts, e.rhs);
  }
}

/** DELETE FROM ... WHERE ... */
export function deleteStatement(state: QueryState, dialect: Dialect): Bound {
  const params: unknown[] = [];
  const whereKey = shapeWhere(state, dialect, params);
  const key = `${dialect}D${state.opts.label}|${whereKey}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const b = new PlanBuilder(state.opts, dialect);
    const where = mutationWhere(b, state);
    if (b.slot !== params.length) throw new Error('query compiler: slot mismatch');
    const plan = [OP_DELETE, intern(state.opts.dbTable), where ? 1 : 0, ...(where ?? [])];
    compiled = { stmt: compilePlan(dialect, plan), read: null };
    remember(key, compiled);
  }
  return { compiled, params };
}

/** INSERT INTO ... (cols) VALUES (...), ... [RETURNING pk]. */
export function insertStatement(opts: Options, dialect: Dialect, columns: readonly string[], rows: number, returning: boolean): Statement {
  const key = `${dialect}I${opts.label}|${columns.join(',')}|${rows}|${returning ? 'r' : ''}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const plan = [
      OP_INSERT,
      intern(opts.dbTable),
      columns.length,
      ...columns.map(intern),
      rows,
      returning ? intern(opts.pk.column) : -1,
    ];
    compiled = { stmt: compilePlan(dialect, plan), read: null };
    remember(key, compiled);
  }
  return compiled.stmt;
}

/** The reader a row of every concrete field of `opts` needs (refresh_from_db, save). */
export function fieldConverters(opts: Options, dialect: Dialect): Array<((v: any) => unknown) | null> {
  return opts.fields.map((f) => converter(f instanceof ForeignKey ? opts.targetField(f) : f, dialect));
}

/**
 * True when the filter is one equality on the primary key or a unique column
 * of the model itself: at most one row can match, so get() needs no LIMIT.
 */
export function matchesAtMostOne(state: QueryState): boolean {
  if (state.where.length !== 1 || state.distinct || state.annotations.length) return false;
  const node = state.where[0]!;
  if (node.negated || node.children.length !== 1) return false;
  const child = node.children[0]!;
  if (child instanceof QNode || child instanceof Combined) return false;
  const value = child[1];
  if (value === null || value === undefined || value instanceof Combined) return false;
  const r = resolveKey(state.opts, child[0]);
  return r.hops.length === 0 && r.lookup === 'exact' && r.relation === null && (r.field.unique || r.field.primaryKey);
}

/**
 * UPDATE for bulkUpdate(): each field becomes
 * `CASE WHEN pk = ? THEN ? ... ELSE col END` over `rows` objects, and the
 * WHERE takes the primary keys as one list parameter. Parameters: per field,
 * per object (pk, value); then the list.
 */
export function bulkUpdateStatement(opts: Options, dialect: Dialect, fields: readonly Field[], rows: number): Statement {
  const key = `${dialect}B${opts.label}|${fields.map((f) => f.name).join(',')}|${rows}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const table = intern(opts.dbTable);
    const pk = [E_COL, table, intern(opts.pk.column)];
    const plan: number[] = [OP_UPDATE, table, fields.length];
    let slot = 0;
    for (const f of fields) {
      plan.push(intern(f.column), E_CASE, rows);
      for (let i = 0; i < rows; i++) {
        plan.push(E_LOOKUP, LOOKUPS.exact);
        append(plan, pk);
        plan.push(E_PARAM, slot++, E_PARAM, slot++);
      }
      plan.push(E_COL, table, intern(f.column));
    }
    plan.push(1, E_LOOKUP, LOOKUPS.in);
    append(plan, pk);
    plan.push(E_PARAM, slot++);
    compiled = remember(key, { stmt: compilePlan(dialect, plan), read: null });
  }
  return compiled.stmt;
}
