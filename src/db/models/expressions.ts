/**
 * Q objects and F expressions (django.db.models.Q, F).
 *
 * JavaScript has no operator overloading, so `Q(a) | Q(b)` is
 * `Q(a).or(Q(b))`, `~Q(a)` is `Q(a).not()`, `F('votes') + 1` is
 * `F('votes').add(1)`.
 *
 * @example
 * Question.objects.filter(Q({ question_text__startswith: 'Who' }).or(Q({ pub_date__year: 2005 }).not()))
 * Choice.objects.filter({ id: 1 }).update({ votes: F('votes').add(1) })
 */
import type { Field } from './fields';
import type { Expression } from './types';

/** A keyword lookup, a nested Q, or a boolean expression (`Exists(...)`) used as a condition. */
export type QChild = QNode | readonly [string, unknown] | Combined;

/** A tree of filter conditions joined by AND / OR, possibly negated. */
export class QNode {
  constructor(
    readonly children: readonly QChild[],
    readonly connector: 'AND' | 'OR' = 'AND',
    readonly negated = false,
  ) {}

  /** Both conditions hold (Django's `&`). */
  and(other: QNode): QNode {
    return combine(this, other, 'AND');
  }
  /** Either condition holds (Django's `|`). */
  or(other: QNode): QNode {
    return combine(this, other, 'OR');
  }
  /** The condition does not hold (Django's `~`). */
  not(): QNode {
    return new QNode(this.children, this.connector, !this.negated);
  }
}

function combine(a: QNode, b: QNode, connector: 'AND' | 'OR'): QNode {
  if (b.children.length === 0) return a;
  if (a.children.length === 0) return b;
  return new QNode([a, b], connector);
}

/** Builds a Q from keyword arguments (ANDed), like Django's Q(**kwargs). */
export function Q(kwargs: Record<string, unknown> = {}): QNode {
  const children: Array<readonly [string, unknown]> = [];
  for (const key in kwargs) children.push([key, kwargs[key]]);
  return new QNode(children);
}

export type ArithOp = 0 | 1 | 2 | 3 | 4 | 5; // + - * / % ||

/** Arithmetic over expressions and values. */
export class Combined implements Expression {
  declare readonly _expression: true;
  constructor(
    readonly lhs: unknown,
    readonly op: ArithOp,
    readonly rhs: unknown,
  ) {}
  add(v: unknown): Combined {
    return new Combined(this, 0, v);
  }
  sub(v: unknown): Combined {
    return new Combined(this, 1, v);
  }
  mul(v: unknown): Combined {
    return new Combined(this, 2, v);
  }
  div(v: unknown): Combined {
    return new Combined(this, 3, v);
  }
  mod(v: unknown): Combined {
    return new Combined(this, 4, v);
  }
}

/** A reference to a field of the row (`F('votes')`), spans allowed. */
export class FRef extends Combined {
  constructor(readonly name: string) {
    super(null, 0, null);
  }
}

/** Django's F(): refers to a column instead of a value. */
export function F(name: string): FRef {
  return new FRef(name);
}

/**
 * Aggregates for aggregate() and annotate(). `filter` restricts the rows the
 * aggregate sees (Django's `Count('x', filter=Q(...))`): `FILTER (WHERE ...)`
 * on PostgreSQL, `CASE WHEN ... THEN x END` on SQLite, as Django does there.
 */
export class Aggregate<R = unknown> implements Expression {
  declare readonly _expression: true;
  /** The type of the value read back (type-level only). */
  declare readonly _output: R;
  readonly filter: QNode | null;
  constructor(
    readonly fn: 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX',
    readonly field: string,
    readonly distinct = false,
    filter: QNode | Record<string, unknown> | null = null,
  ) {
    if (typeof field !== 'string') throw new TypeError(`${fn} takes a field name (got ${String(field)}).`);
    this.filter = filter === null || filter === undefined ? null : filter instanceof QNode ? filter : Q(filter);
  }
}
export interface AggregateOptions {
  /** Only rows matching this condition are aggregated. */
  filter?: QNode | Record<string, unknown>;
}
// Output types: a count is a number, an average a number or null; a sum, a
// minimum or a maximum has the type of the field (unknown here: the name is a string).
export const Count = (field: string, options: AggregateOptions & { distinct?: boolean } = {}): Aggregate<number> =>
  new Aggregate<number>('COUNT', field, options.distinct ?? false, options.filter ?? null);
export const Sum = (field: string, options: AggregateOptions = {}): Aggregate => new Aggregate('SUM', field, false, options.filter ?? null);
export const Avg = (field: string, options: AggregateOptions = {}): Aggregate<number | null> => new Aggregate<number | null>('AVG', field, false, options.filter ?? null);
export const Min = (field: string, options: AggregateOptions = {}): Aggregate => new Aggregate('MIN', field, false, options.filter ?? null);
export const Max = (field: string, options: AggregateOptions = {}): Aggregate => new Aggregate('MAX', field, false, options.filter ?? null);

/** The type an annotation's value is read back as. */
export type OutputOf<E> = E extends { readonly _output: infer R } ? R : unknown;

/** A database function over expressions (Lower, Upper, Length, Coalesce). */
export class Func extends Combined {
  constructor(
    readonly fn: 'UPPER' | 'LOWER' | 'LENGTH' | 'COALESCE',
    readonly args: readonly unknown[],
  ) {
    super(null, 0, null);
  }
}

/** A literal value used where an expression is expected (Django's Value()). */
export class ValueExpr extends Combined {
  constructor(readonly value: unknown) {
    super(null, 0, null);
  }
}

// Field names given as strings to functions mean F(name), as in Django.
const arg = (a: unknown): unknown => (typeof a === 'string' ? new FRef(a) : a);

export const Value = (value: unknown): ValueExpr => new ValueExpr(value);
export const Lower = (e: unknown): Func => new Func('LOWER', [arg(e)]);
export const Upper = (e: unknown): Func => new Func('UPPER', [arg(e)]);
export const Length = (e: unknown): Func => new Func('LENGTH', [arg(e)]);
/** The first non-null argument. */
export const Coalesce = (...args: unknown[]): Func => {
  if (args.length < 2) throw new TypeError('Coalesce must take at least two expressions');
  return new Func('COALESCE', args.map(arg));
};
/** Concatenation (SQL `||`: a NULL argument makes the result NULL; wrap it in Coalesce). */
export const Concat = (...args: unknown[]): Combined => {
  if (args.length < 2) throw new TypeError('Concat must take at least two expressions');
  return args.map(arg).reduce((a, b) => new Combined(a, 5 as ArithOp, b)) as Combined;
};

/** One branch of a Case: when `condition` holds, `then`. */
export class WhenClause {
  readonly condition: QNode;
  constructor(
    condition: QNode | Record<string, unknown>,
    readonly then: unknown,
  ) {
    this.condition = condition instanceof QNode ? condition : Q(condition);
  }
}

/** SQL CASE: the first When whose condition holds gives the value, else `default` (NULL). */
export class CaseExpr extends Combined {
  constructor(
    readonly whens: readonly WhenClause[],
    readonly otherwise: unknown,
  ) {
    super(null, 0, null);
  }
}

/**
 * Django's Case(When(...), ..., default=...).
 * @example Case(When({ age__gte: 40 }, Value('old')), { default: Value('young') })
 */
export function Case(...args: Array<WhenClause | { default: unknown }>): CaseExpr {
  const whens = args.filter((a): a is WhenClause => a instanceof WhenClause);
  const last = args[args.length - 1];
  const otherwise = last && !(last instanceof WhenClause) ? last.default : null;
  if (whens.length === 0) throw new TypeError('Case needs at least one When.');
  return new CaseExpr(whens, otherwise);
}

/** Django's When(condition, then=...): keyword lookups or a Q. */
export function When(condition: QNode | Record<string, unknown>, then: unknown): WhenClause {
  return new WhenClause(condition, then);
}

// ---------------------------------------------------------------------------
// Subqueries (django.db.models.Subquery, OuterRef, Exists)

/** What Subquery/Exists need of a QuerySet (kept structural: no import cycle). */
export interface QuerySetLike {
  readonly state: unknown;
  fetch(): Promise<unknown>;
}

function isQuerySet(v: unknown): v is QuerySetLike {
  return v !== null && typeof v === 'object' && 'state' in (v as object) && typeof (v as QuerySetLike).fetch === 'function';
}

/**
 * A column of the query one level out (`OuterRef('pk')`), or two levels out
 * with `OuterRef(OuterRef('pk'))`. Only meaningful inside a Subquery/Exists.
 */
export class OuterRefExpr extends Combined {
  constructor(readonly name: string | OuterRefExpr) {
    super(null, 0, null);
    if (typeof name !== 'string' && !(name instanceof OuterRefExpr)) throw new TypeError(`OuterRef takes a field name (got ${String(name)}).`);
  }
}
export const OuterRef = (name: string | OuterRefExpr): OuterRefExpr => new OuterRefExpr(name);

/** A QuerySet used as a value: one row, one column (`values('x')` and a slice `[0, 1]`). */
export class SubqueryExpr extends Combined {
  constructor(readonly queryset: QuerySetLike) {
    super(null, 0, null);
    if (!isQuerySet(queryset)) throw new TypeError('Subquery() takes a QuerySet.');
  }
}
/**
 * @example
 * const newest = Post.objects.filter({ author: OuterRef('pk') }).orderBy('-created').values('title').slice(0, 1);
 * Author.objects.annotate({ newest: Subquery(newest) })
 */
export const Subquery = (queryset: QuerySetLike): SubqueryExpr => new SubqueryExpr(queryset);

/** EXISTS (subquery): a boolean, usable in filter(), exclude() and annotate(). */
export class ExistsExpr extends Combined {
  declare readonly _output: boolean;
  constructor(
    readonly queryset: QuerySetLike,
    readonly negated = false,
  ) {
    super(null, 0, null);
    if (!isQuerySet(queryset)) throw new TypeError('Exists() takes a QuerySet.');
  }
  /** NOT EXISTS (Django's `~Exists(...)`). */
  not(): ExistsExpr {
    return new ExistsExpr(this.queryset, !this.negated);
  }
}
/** @example Author.objects.filter(Exists(Post.objects.filter({ author: OuterRef('pk') }))) */
export const Exists = (queryset: QuerySetLike): ExistsExpr => new ExistsExpr(queryset);

/**
 * An expression with a declared output field (Django's ExpressionWrapper):
 * the field converts the value read back (`F('a').mul(F('b'))` as a DecimalField).
 */
export class WrappedExpr<V = unknown> extends Combined {
  declare readonly _output: V | null;
  constructor(
    readonly expression: unknown,
    readonly outputField: { fromDb(dialect: 0 | 1): ((v: any) => unknown) | null; type: string; readonly _value?: V },
  ) {
    super(null, 0, null);
    if (!(expression instanceof Combined)) throw new TypeError('ExpressionWrapper takes an expression.');
    if (!outputField || typeof outputField.fromDb !== 'function') throw new TypeError('ExpressionWrapper needs an output field, e.g. DecimalField().');
  }
}
export const ExpressionWrapper = <V>(expression: unknown, outputField: Field<V, any, any, any>): WrappedExpr<V> =>
  new WrappedExpr<V>(expression, outputField as unknown as WrappedExpr<V>['outputField']);
