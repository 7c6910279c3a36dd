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
import { POSTGRESQL } from '../backends/base';
import { Aggregate, CaseExpr, Combined, FRef, Func, QNode, ValueExpr } from '../models/expressions';
import { type Field, ForeignKey, IntegerField } from '../models/fields';
import { Options } from '../models/options';
import { DEFERRED, PREFETCH_KEY, RELATED } from '../models/state';
import { type Hop, type Resolved, resolveKey } from './resolve';
import {
  type LookupName,
  C_NULL,
  C_ONE,
  E_AND,
  E_BINOP,
  E_CASE,
  E_COL,
  E_CONST,
  E_FUNC,
  E_IN_SELECT,
  E_LOOKUP,
  E_NOT,
  E_OR,
  E_PARAM,
  E_STAR,
  E_TRANSFORM,
  F_DISTINCT,
  F_FOR_UPDATE,
  F_LIMIT,
  F_LIMIT_LITERAL,
  F_OFFSET,
  FN,
  LOOKUPS,
  OP_DELETE,
  OP_INSERT,
  OP_SELECT,
  OP_UPDATE,
  T_DATETIME,
  compilePlan,
  intern,
} from './wasm';

/** Row shapes a QuerySet returns. */
export const Mode = { Instances: 0, Dicts: 1, Tuples: 2, Flat: 3 } as const;
export type Mode = 0 | 1 | 2 | 3;

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
  readonly prefetch?: readonly string[];
  /** dates(): the one values column truncated to 'year' | 'month' | 'day'. */
  readonly trunc?: 'year' | 'month' | 'day';
  /** Fields only()/defer() leave out of the SELECT. */
  readonly deferred?: readonly string[];
  /** What aggregates group by, fixed when annotate() was called ('pk' on instances). */
  readonly groupBy?: readonly string[];
  /** Conditions on aggregate annotations (HAVING). */
  readonly having?: readonly QNode[];
  /** @internal A path read along with each instance (prefetch of a many-to-many). */
  readonly extra?: string;
}

export type RowReader = (row: unknown[]) => unknown;

export interface Compiled {
  readonly stmt: Statement;
  readonly read: RowReader | null;
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
}

/** Number of cached shapes (tests and benchmarks inspect it). */
export function cachedShapes(): number {
  return cache.size;
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

function pushLeafParams(r: Resolved, key: string, value: unknown, dialect: Dialect, params: unknown[]): void {
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
  if (state.mode === Mode.Instances || state.fields === null) return { ...state, mode: Mode.Flat, fields: ['pk'], related: [], annotations: [] };
  if (state.fields.length !== 1 || state.annotations.length) throw new ValueError('Cannot use multi-field values as a filter value.');
  return state;
}

// ---------------------------------------------------------------------------
// Filters on annotations: `n__gt` where n is annotate()'s alias.

type Annotations = ReadonlyMap<string, Aggregate | Combined>;
const ANY_VALUE = new IntegerField({ null: true });
(ANY_VALUE as { toDb: unknown }).toDb = (v: unknown) => v;

function annotationKey(anns: Annotations | null, key: string): { ann: Aggregate | Combined; r: Resolved } | null {
  if (!anns || anns.size === 0) return null;
  const parts = key.split('__');
  const ann = anns.get(parts[0]!);
  if (!ann) return null;
  const lookup = (parts[1] ?? 'exact') as LookupName;
  if (parts.length > 2 || !(lookup in LOOKUPS)) throw new FieldError(`Unsupported lookup '${parts.slice(1).join('__')}' on the annotation '${parts[0]}'.`);
  return { ann, r: { hops: [], joinKey: '', field: ANY_VALUE, column: '', valueField: ANY_VALUE, relation: null, lookup, transform: -1 } };
}

function annotationMap(state: QueryState): Annotations | null {
  return state.annotations.length ? new Map(state.annotations) : null;
}

// ---------------------------------------------------------------------------
// Walk 1: shape key and parameters

function shapeExpr(opts: Options, e: unknown, params: unknown[], dialect: Dialect = 0): string {
  if (e instanceof FRef) {
    resolveKey(opts, e.name, false);
    return `F(${e.name})`;
  }
  if (e instanceof ValueExpr) {
    params.push(e.value);
    return 'v';
  }
  if (e instanceof Func) return `${e.fn}(${e.args.map((a) => shapeExpr(opts, a, params, dialect)).join(',')})`;
  if (e instanceof CaseExpr) {
    let k = 'CASE(';
    for (const w of e.whens) k += `${shapeNode(opts, w.condition, dialect, params)}=>${shapeExpr(opts, w.then, params, dialect)};`;
    return `${k}else ${e.otherwise === null || e.otherwise === undefined ? 'N' : shapeExpr(opts, e.otherwise, params, dialect)})`;
  }
  if (e instanceof Combined) return `(${shapeExpr(opts, e.lhs, params, dialect)}${e.op}${shapeExpr(opts, e.rhs, params, dialect)})`;
  params.push(e);
  return 'v';
}

function shapeLeaf(opts: Options, key: string, value: unknown, dialect: Dialect, params: unknown[], anns: Annotations | null = null): string {
  const r = annotationKey(anns, key)?.r ?? resolveKey(opts, key);
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
    const where = shapeWhere(sub, dialect, params); // the subquery's values, then its OFFSET, as in the plan
    return `${key}:S(${stateKey(sub)}${pushLimits(sub, params, true)}${where});`;
  }
  pushLeafParams(r, key, value, dialect, params);
  return `${key};`;
}

function shapeNode(opts: Options, node: QNode, dialect: Dialect, params: unknown[], anns: Annotations | null = null): string {
  let k = node.negated ? '~' : '';
  k += node.connector === 'AND' ? '&(' : '|(';
  for (const child of node.children) {
    if (child instanceof QNode) k += shapeNode(opts, child, dialect, params, anns);
    else k += shapeLeaf(opts, child[0], child[1], dialect, params, anns);
  }
  return `${k})`;
}

function shapeWhere(state: QueryState, dialect: Dialect, params: unknown[], anns: Annotations | null = null): string {
  let k = '';
  for (const node of state.where) k += shapeNode(state.opts, node, dialect, params, anns);
  return k;
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
  private readonly byKey = new Map<string, Join>();
  private readonly aliases = new Set<string>();
  slot: number;

  /** annotate() aliases filters may name (select statements only). */
  anns: Annotations | null = null;

  constructor(
    readonly opts: Options,
    readonly dialect: Dialect,
    firstSlot = 0,
  ) {
    this.alias = opts.dbTable;
    this.aliases.add(this.alias);
    this.slot = firstSlot;
  }

  /** The alias of the table at the end of `hops`, joining what is missing. */
  joinFor(hops: readonly Hop[], mustMatch: boolean): string {
    let parent = this.alias;
    let key = '';
    for (const hop of hops) {
      key += `${key ? '__' : ''}${hop.field.modelLabel}.${hop.field.name}${hop.reverse ? '<' : ''}`;
      let join = this.byKey.get(key);
      if (!join) {
        let alias = hop.to.dbTable;
        if (this.aliases.has(alias)) alias = `T${this.aliases.size + 1}`;
        this.aliases.add(alias);
        // A join that may find no row starts LEFT OUTER; a condition every
        // result must meet (top-level AND, not negated) makes it INNER.
        join = { key, hop, parentAlias: parent, alias, left: hop.nullable };
        this.byKey.set(key, join);
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

  expr(e: unknown, mustMatch: boolean): number[] {
    if (e instanceof FRef) {
      const r = resolveKey(this.opts, e.name, false);
      return this.col(this.joinFor(r.hops, mustMatch), r.column);
    }
    if (e instanceof ValueExpr) return this.param();
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
    if (e instanceof Combined) return [E_BINOP, e.op, ...this.expr(e.lhs, mustMatch), ...this.expr(e.rhs, mustMatch)];
    return this.param();
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
      const sub = new PlanBuilder(subState.opts, this.dialect, this.slot);
      const where = sub.where(subState.where);
      const name = subState.fields![0]!;
      const sr = resolveKey(subState.opts, name, false);
      const scol = sub.col(sub.joinFor(sr.hops, false), sr.column);
      const order = subState.high !== null || subState.low > 0 ? sub.orderTerms(subState) : [];
      const slots: number[] = [];
      if (subState.high !== null) slots.push(subState.high - subState.low);
      if (subState.low > 0) slots.push(sub.slot++);
      const flags = (subState.high !== null ? F_LIMIT | F_LIMIT_LITERAL : 0) | (subState.low > 0 ? F_OFFSET : 0) | (subState.distinct ? F_DISTINCT : 0);
      this.slot = sub.slot;
      out = [E_IN_SELECT, ...lhs, ...sub.selectBody([scol], where, order, flags, null, slots)];
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
      append(out, child instanceof QNode ? this.node(child, match, neg) : this.leaf(child[0], child[1], match, neg));
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
      const ann = state.annotations.find(([a]) => a === name);
      if (ann) {
        out.push([...this.annotation(ann[1]), desc ? 1 : 0]);
        continue;
      }
      const r = resolveKey(this.opts, name, false);
      let c = this.col(this.joinFor(r.hops, false), r.column);
      if (state.trunc && state.fields?.[0] === name) {
        // dates(): order by the selected (truncated) expression, as DISTINCT requires
        c = [E_TRANSFORM, { year: 9, month: 10, day: 11 }[state.trunc] | (r.field.type === 'DateTimeField' ? T_DATETIME : 0), ...c];
      }
      out.push([...c, desc ? 1 : 0]);
    }
    return out;
  }

  private readonly annotationWords = new Map<unknown, number[]>();

  /** An annotation's expression; built once, so ORDER BY reuses its parameter slots. */
  annotation(a: Aggregate | Combined): number[] {
    let words = this.annotationWords.get(a);
    if (!words) {
      words = a instanceof Aggregate ? this.aggregate(a) : this.expr(a, false);
      this.annotationWords.set(a, words);
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
    return [E_FUNC, fn, 1, ...arg];
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
  readonly attnames: string[];
  readonly convs: Array<((v: any) => unknown) | null>;
  readonly proto: object;
  readonly parent: number; // index in parts, -1 for the root
  readonly fieldName: string;
  readonly pkIndex: number;
  /** Fields not loaded (only()/defer()), or null. */
  readonly deferred: string[] | null;
}

function instancePart(opts: Options, offset: number, dialect: Dialect, parent: number, fieldName: string, fields: readonly Field[] = opts.fields): InstancePart {
  return {
    opts,
    offset,
    attnames: fields.map((f) => Options.attname(f)),
    convs: fields.map((f) => converter(f instanceof ForeignKey ? opts.targetField(f) : f, dialect)),
    proto: opts.model.prototype,
    parent,
    fieldName,
    pkIndex: fields.indexOf(opts.pk),
    deferred: fields.length === opts.fields.length ? null : opts.fields.filter((f) => !fields.includes(f)).map((f) => f.name),
  };
}

function readInstance(part: InstancePart, row: unknown[]): any {
  const o: any = Object.create(part.proto);
  const { attnames, convs, offset } = part;
  for (let i = 0; i < attnames.length; i++) {
    const v = row[offset + i];
    const c = convs[i];
    o[attnames[i]!] = c === null || v === null ? v : c(v);
  }
  if (part.deferred) o[DEFERRED] = part.deferred;
  return o; // the prototype says ADDING = false
}

function instanceReader(parts: InstancePart[]): RowReader {
  const root = parts[0]!;
  if (parts.length === 1) return (row) => readInstance(root, row);
  return (row) => {
    const objs: any[] = [];
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const parentObj = part.parent >= 0 ? objs[part.parent] : null;
      if (part.parent >= 0 && parentObj === null) {
        objs.push(null);
        continue;
      }
      const obj = p === 0 || row[part.offset + part.pkIndex] !== null ? readInstance(part, row) : null;
      objs.push(obj);
      if (parentObj) (parentObj[RELATED] ??= {})[part.fieldName] = obj;
    }
    return objs[0];
  };
}

function valuesReader(mode: Mode, names: readonly string[], convs: Array<((v: any) => unknown) | null>): RowReader {
  const n = names.length;
  if (mode === Mode.Flat) {
    const c = convs[0]!;
    return c ? (row) => (row[0] === null ? null : c(row[0])) : (row) => row[0];
  }
  if (mode === Mode.Tuples) {
    return (row) => {
      const out = new Array(n);
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
  if (state.annotations.length) {
    k += '|a';
    // aliases are any strings: quoted, so two annotation lists never share a key
    for (const [n, a] of state.annotations) k += `${JSON.stringify(n)}=${a instanceof Aggregate ? `${a.fn}${a.distinct ? 'D' : ''}(${JSON.stringify(a.field)})` : 'E'},`;
  }
  if (state.groupBy) k += `|g${state.groupBy.join(',')}`;
  if (state.deferred) k += `|d${state.deferred.join(',')}`;
  if (state.trunc) k += `|t${state.trunc}`;
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

/** SELECT for iteration (instances, values, values_list, annotate). */
export function selectStatement(state: QueryState, dialect: Dialect): Bound {
  const params: unknown[] = [];
  // expression annotations' values first, then the filter's, then HAVING's: the plan builds them in that order
  let whereKey = '';
  for (const [, a] of state.annotations) if (!(a instanceof Aggregate)) whereKey += `@${shapeExpr(state.opts, a, params, dialect)}`;
  const anns = annotationMap(state);
  whereKey += shapeWhere(state, dialect, params, anns);
  if (state.having?.length) {
    whereKey += 'H';
    for (const node of state.having) whereKey += shapeNode(state.opts, node, dialect, params, anns);
  }
  const limitFlags = pushLimits(state, params) as number;
  const key = `${dialect}S${stateKey(state)}${limitFlags}${state.high === null ? '' : state.high - state.low}|${whereKey}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = planSelect(state, dialect, limitFlags, params.length);
    remember(key, compiled);
  }
  return { compiled, params };
}

function planSelect(state: QueryState, dialect: Dialect, limitFlags: number, nparams: number): Compiled {
  const b = new PlanBuilder(state.opts, dialect);
  b.anns = annotationMap(state);
  // annotations take the first parameter slots, in declaration order (the
  // shape walk pushes their values first), then the filter, then HAVING
  for (const [, a] of state.annotations) b.annotation(a);
  const where = b.where(state.where);
  const having = state.having?.length ? b.where(state.having) : null;
  const cols: number[][] = [];
  let read: RowReader;
  let group: number[][] | null = null;
  if (state.mode === Mode.Instances) {
    const deferred = state.deferred ? new Set(state.deferred) : null;
    const loaded = deferred ? state.opts.fields.filter((f) => f.primaryKey || !deferred.has(f.name)) : state.opts.fields;
    const parts: InstancePart[] = [instancePart(state.opts, 0, dialect, -1, '', loaded)];
    for (const f of loaded) cols.push(b.col(b.alias, f.column));
    const seen = new Map<string, number>();
    for (const path of state.related) {
      let opts = state.opts;
      let parent = 0;
      const names = path.split('__');
      const hops: Hop[] = [];
      let prefix = '';
      for (const name of names) {
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
          const alias = b.joinFor(hops, false);
          index = parts.length;
          parts.push(instancePart(target, cols.length, dialect, parent, name));
          for (const tf of target.fields) cols.push(b.col(alias, tf.column));
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
      const names: string[] = [];
      for (const [alias, agg] of state.annotations) {
        cols.push(b.annotation(agg));
        convs.push(aggregateConverter(agg, state.opts, dialect));
        names.push(alias);
      }
      if (!state.annotations.some(([, a]) => a instanceof Aggregate)) group = null;
      const base = read;
      read = (row) => {
        const o = base(row) as any;
        for (let i = 0; i < names.length; i++) {
          const v = row[start + i];
          const c = convs[i];
          o[names[i]!] = c && v !== null ? c(v) : v;
        }
        return o;
      };
    }
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
    const names = state.fields ?? state.opts.fields.map((f) => Options.attname(f));
    const convs: Array<((v: any) => unknown) | null> = [];
    const groupCols: number[][] = [];
    for (const name of names) {
      const ann = state.annotations.find(([a]) => a === name);
      if (ann) {
        cols.push(b.annotation(ann[1]));
        convs.push(aggregateConverter(ann[1], state.opts, dialect));
        continue;
      }
      const r = resolveKey(state.opts, name, false);
      let c = b.col(b.joinFor(r.hops, false), r.column);
      if (state.trunc) {
        const code = { year: 9, month: 10, day: 11 }[state.trunc] | (r.field.type === 'DateTimeField' ? T_DATETIME : 0);
        c = [E_TRANSFORM, code, ...c];
      }
      cols.push(c);
      groupCols.push(c);
      convs.push(state.trunc ? null : converter(r.valueField, dialect));
    }
    const allNames = [...names];
    for (const [alias, agg] of state.annotations) {
      if (names.includes(alias)) continue;
      cols.push(b.annotation(agg));
      convs.push(aggregateConverter(agg, state.opts, dialect));
      allNames.push(alias);
    }
    if (state.annotations.some(([, a]) => a instanceof Aggregate)) {
      group = state.groupBy
        ? state.groupBy.map((name) => {
            const r = resolveKey(state.opts, name, false);
            return b.col(b.joinFor(r.hops, false), r.column);
          })
        : groupCols;
    }
    read = valuesReader(state.mode, allNames, convs);
  }
  const order = b.orderTerms(state);
  const slots: number[] = [];
  let slot = b.slot;
  if (limitFlags & F_LIMIT) slots.push(state.high! - state.low);
  if (limitFlags & F_OFFSET) slots.push(slot++);
  if (slot !== nparams) throw new Error(`query compiler: ${slot} slots for ${nparams} parameters`);
  const flags = limitFlags | (state.distinct ? F_DISTINCT : 0) | (state.forUpdate ? F_FOR_UPDATE : 0);
  const plan = [OP_SELECT];
  append(plan, b.selectBody(cols, where, order, flags, group, slots, having));
  return { stmt: compilePlan(dialect, plan), read };
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

/** SELECT aggregate(...) over the filtered rows. */
export function aggregateStatement(state: QueryState, dialect: Dialect, aggs: ReadonlyArray<readonly [string, Aggregate]>): Bound {
  const params: unknown[] = [];
  const whereKey = shapeWhere(state, dialect, params);
  const aggKey = aggs.map(([n, a]) => `${JSON.stringify(n)}=${a.fn}${a.distinct ? 'D' : ''}(${JSON.stringify(a.field)})`).join(',');
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
  if (child instanceof QNode) return false;
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
