/**
 * Shapes built as methods chain: the fast path for a repeated query.
 *
 * A `Shape` is a node of a trie whose edges are the structural steps of a
 * QuerySet chain: the model, then each filter()'s keys and value *kinds*,
 * orderBy()'s names, slice()'s page size ... (never values). Equal chains
 * reach the same node, so the compiled statement is cached on the node itself
 * and a repeated query finds it with one property read per chained call: no
 * key string is built, hashed or compared.
 *
 * The trie is a log of operations, each followed by a fixed number of
 * arguments or by an END-terminated list, so two different logs never share
 * a node. A method that does not log itself (annotate, values, ...) leaves
 * the QuerySet without a shape, and the query takes the general path
 * (`compiler.ts`: one walk building a string key). Both paths compile the same
 * plan: the shape only decides how the cache entry is found.
 *
 * @example
 * // Post.objects.filter({ author: a }).orderBy('-views').slice(40, 60)
 * // root(Post) -AND-> 'author' -END-> -ORDER-> '-views' -END-> SLICE -1-> 20
 */
import type { Dialect } from '../backends/base';
import type { QNode } from '../models/expressions';
import { Combined } from '../models/expressions';
import { Options } from '../models/options';
import type { Compiled } from './compiler';
import type { GetPlans } from './get-plan';
import { resolveKey } from './resolve';

// Operation markers (numbers: never equal to a name, which is a string).
export const T_AND = -1;
export const T_OR = -2;
export const T_NOT_AND = -3;
export const T_NOT_OR = -4;
export const T_END = -5;
export const T_ORDER = -6;
export const T_SLICE = -7;
export const T_REVERSE = -8;
export const T_DISTINCT = -9;
export const T_RELATED = -13;
export const T_DEFER = -14;
export const T_ONLY = -15;
export const T_UNDEFER = -16;
// Value kinds that change the SQL (NULL, IS NULL ...): a marker before the
// filter key. A plain value (the common case) is the key alone.
const K_PLAIN = 0;
const K_ISNULL_TRUE = -10;
const K_ISNULL_FALSE = -11;
const K_NULL = -12;

/**
 * Nodes made so far; past the limit the trie starts again (old nodes are
 * dropped with their QuerySets), so the trie and its statements stay bounded
 * like the compiler's string cache.
 */
let nodeLimit = 50_000;
let nodes = 0;
/** Bumped by a restart: nodes of an older generation take no more steps. */
let generation = 0;
/** Bumped by clearShapes(): statements cached under an older epoch are stale. */
let epoch = 0;
/** Statements cached on nodes in this epoch. */
let statements = 0;
let roots = new WeakMap<Options, Shape>();

export class Shape {
  private edges: Map<unknown, Shape> | null = null;
  private readonly gen = generation;
  /** @param opts the model, on a root (a Manager keeps its root across restarts) */
  constructor(private readonly opts: Options | null = null) {}

  /** Whether this is a model's root (a Manager's shape: nothing chained yet). */
  get root(): boolean {
    return this.opts !== null;
  }

  /** On a root: the model's get() plans (sql/get-plan.ts), kept here to save a lookup by model. */
  gets: GetPlans | null = null;

  /**
   * Whether statements may be cached here: false for a node left by a
   * restart (a QuerySet kept from before it), whose queries then take the
   * general path, so an old subtree never grows again.
   */
  live(): boolean {
    return this.gen === generation || this.opts !== null;
  }

  private current(): Shape {
    if (this.gen === generation) return this;
    return this.opts !== null ? rootShape(this.opts) : STALE;
  }
  private sqlite: Compiled | null = null;
  private postgres: Compiled | null = null;
  private epoch = epoch;

  /** The node one step further if some chain took that step before, else null. */
  known(token: unknown): Shape | null {
    const self = this.current();
    return self === STALE ? null : (self.edges?.get(token) ?? null);
  }

  /** The node one step further (made on first use). */
  step(token: unknown): Shape {
    const self = this.current();
    if (self === STALE) return STALE;
    let edges = self.edges;
    if (edges === null) edges = self.edges = new Map();
    let next = edges.get(token);
    if (next === undefined) {
      if (nodes >= nodeLimit) {
        restart();
        return this.step(token); // a root starts the new trie; any other node is stale now
      }
      nodes++;
      next = new Shape();
      edges.set(token, next);
    }
    return next;
  }

  /** The statement compiled for this shape and dialect, if still current (a live node only). */
  compiled(dialect: Dialect): Compiled | null {
    if (this.epoch !== epoch) return null;
    return dialect === 0 ? this.sqlite : this.postgres;
  }

  remember(dialect: Dialect, compiled: Compiled): void {
    if (this.epoch !== epoch) {
      this.sqlite = this.postgres = null;
      this.epoch = epoch;
    }
    if ((dialect === 0 ? this.sqlite : this.postgres) === null) statements++;
    if (dialect === 0) this.sqlite = compiled;
    else this.postgres = compiled;
  }
}

function restart(): void {
  nodes = 0;
  generation++;
  roots = new WeakMap();
  clearShapes();
}

// A node of an older generation that is not a root: every step stays here.
const STALE = new Shape();
(STALE as unknown as { gen: number }).gen = -1;

/** Tests: a small node limit, to watch restarts (returns the previous one). */
export function setNodeLimit(limit: number): number {
  const previous = nodeLimit;
  nodeLimit = limit;
  return previous;
}

/** The trie's root for a model (a Manager's shape). */
export function rootShape(opts: Options): Shape {
  let root = roots.get(opts);
  if (root === undefined) roots.set(opts, (root = new Shape(opts)));
  return root;
}

/** Forgets every statement cached on shapes (with the compiler's string cache). */
export function clearShapes(): void {
  epoch++;
  statements = 0;
}

/** Bumped by clearShapes(): other caches of statements (get-plan.ts) start again with it. */
export function shapeEpoch(): number {
  return epoch;
}

/** Statements cached on shapes (counted by the compiler's cachedShapes()). */
export function shapedStatements(): number {
  return statements;
}

/** Number of trie nodes made since the last restart (tests watch it). */
export function shapeNodes(): number {
  return nodes;
}

/**
 * The shape after filter()/exclude() adds `node`, or null when the node holds
 * anything but plain lookups (expressions, subqueries, Exists, a value the
 * general path must judge): those queries take the general path.
 */
export function stepNode(shape: Shape, opts: Options, node: QNode): Shape | null {
  let s: Shape | null = shape.step(node.negated ? (node.connector === 'AND' ? T_NOT_AND : T_NOT_OR) : node.connector === 'AND' ? T_AND : T_OR);
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child instanceof Combined) return null;
    if (!Array.isArray(child)) {
      s = stepNode(s, opts, child as QNode);
      if (s === null) return null;
      continue;
    }
    const key = child[0] as string;
    const kind = leafKind(opts, key, child[1]);
    if (kind === -1) return null;
    s = kind === K_PLAIN ? s.step(key) : s.step(kind).step(key);
  }
  return s.step(T_END);
}

/**
 * The node after `op`, the names and END if a chain took exactly those steps
 * from here before (so the names were checked then), else null. A name that
 * is not a string never matches: it is left to the check that refuses it.
 */
export function knownList(shape: Shape | null, op: number, names: readonly unknown[]): Shape | null {
  let s = shape === null ? null : shape.known(op);
  for (let i = 0; s !== null && i < names.length; i++) s = typeof names[i] === 'string' ? s.known(names[i]) : null;
  return s === null ? null : s.known(T_END);
}

/** The node after `op`, the names and END (made on first use). */
export function stepList(shape: Shape, op: number, names: readonly string[]): Shape {
  let s = shape.step(op);
  for (let i = 0; i < names.length; i++) s = s.step(names[i]);
  return s.step(T_END);
}

// The kind of a filter value, or -1 when the general path must look at it
// (and raise the error it raises today, at the same moment).
function leafKind(opts: Options, key: string, value: unknown): number {
  if (typeof key !== 'string') return -1;
  let lookup = (opts.lookupCache.get(key) as { lookup: string } | undefined)?.lookup;
  if (lookup === undefined) {
    try {
      lookup = resolveKey(opts, key).lookup;
    } catch {
      return -1;
    }
  }
  if (lookup === 'isnull') return value === true ? K_ISNULL_TRUE : value === false ? K_ISNULL_FALSE : -1;
  if (value === null) return lookup === 'exact' || lookup === 'iexact' ? K_NULL : -1;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return K_PLAIN;
    case 'object':
      if (value instanceof Date || Array.isArray(value) || value instanceof Uint8Array) return K_PLAIN;
      // a model instance (its pk is the value)
      return (value.constructor as { _meta?: unknown } | undefined)?._meta instanceof Options ? K_PLAIN : -1;
    default:
      return -1;
  }
}
