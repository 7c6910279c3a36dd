/**
 * The bridge to the WebAssembly query compiler (assembly/sql.ts).
 *
 * Identifiers are interned once: the module keeps its own copy and the plan
 * refers to them by number. A plan is written as i32 words into a reused
 * region; the SQL text comes back as UTF-8 in the module's output buffer and
 * is decoded once, then cached by the caller under the query's shape.
 */
import { FieldError } from '../../core/exceptions';
import { wasm } from '../../wasm/instance';
import { Region, bytes, words } from '../../wasm/memory';
import type { Dialect, Statement } from '../backends/base';

// Plan vocabulary, shared with assembly/sql.ts.
export const OP_SELECT = 1;
export const OP_INSERT = 2;
export const OP_UPDATE = 3;
export const OP_DELETE = 4;
export const OP_COMPOUND = 5;
/** SELECT COUNT(*) / SELECT 1 ... LIMIT 1 FROM (a select or compound) alias */
export const OP_COUNT = 6;
/** SELECT * FROM (a select with a ROW_NUMBER column) alias WHERE alias.col > low [AND <= high] ORDER BY alias.col */
export const OP_QUALIFY = 7;
/** union / union all / intersection / difference */
export const COMPOUND = { union: 0, unionAll: 1, intersection: 2, difference: 3 } as const;

export const F_DISTINCT = 1;
export const F_LIMIT = 2;
export const F_OFFSET = 4;
export const F_FOR_UPDATE = 8;
export const F_LIMIT_LITERAL = 16;

export const E_COL = 1;
export const E_PARAM = 2;
export const E_STAR = 3;
export const E_AND = 4;
export const E_OR = 5;
export const E_NOT = 6;
export const E_BINOP = 7;
export const E_LOOKUP = 8;
export const E_FUNC = 9;
export const E_CONST = 10;
export const E_IN_SELECT = 11;
export const E_EXISTS = 12;
export const E_CASE = 13;
export const E_TRANSFORM = 14;
export const E_FILTER = 15;
export const E_SUBQUERY = 16;
export const E_NUMBER = 17;
export const E_TYPED_PARAM = 18;
/** ROW_NUMBER() OVER (PARTITION BY expr ORDER BY ...) AS alias (a select-list column) */
export const E_ROW_NUMBER = 19;

/** The db type PostgreSQL is told for a value in an expression (Django's db_type of the value's field): -1 none. */
export const DB = { integer: 0, bigint: 1, double: 2, numeric: 3, text: 4, boolean: 5, timestamptz: 6 } as const;

/** Date transforms (`__year`, ...), with the flag for a timestamp read in UTC. */
export const TRANSFORMS = { year: 0, month: 1, day: 2, week_day: 3, hour: 4, minute: 5, second: 6, date: 7, quarter: 8 } as const;
export type TransformName = keyof typeof TRANSFORMS;
export const T_DATETIME = 16;
/** dates()/datetimes() truncations. */
export const TRUNCS = { year: 9, month: 10, day: 11, hour: 12, minute: 13, second: 14 } as const;
export type TruncKind = keyof typeof TRUNCS;

export const LOOKUPS = {
  exact: 0,
  iexact: 1,
  contains: 2,
  icontains: 3,
  gt: 4,
  gte: 5,
  lt: 6,
  lte: 7,
  startswith: 8,
  istartswith: 9,
  endswith: 10,
  iendswith: 11,
  in: 12,
  range: 13,
  isnull: 14,
  regex: 15,
  iregex: 16,
} as const;
export type LookupName = keyof typeof LOOKUPS;
export const L_NE = 17;

export const FN = { COUNT: 0, SUM: 1, AVG: 2, MIN: 3, MAX: 4, UPPER: 5, LOWER: 6, LENGTH: 7, COALESCE: 8, COUNT_DISTINCT: 9, RANDOM: 10 } as const;
export const C_NULL = 0;
export const C_TRUE = 1;
export const C_FALSE = 2;
export const C_ONE = 3;

const ids = new Map<string, number>();
const nameRegion = new Region(256);
const planRegion = new Region(4096);
const decoder = new TextDecoder();

/** The number of an identifier in the module's table (interned on first use). */
export function intern(name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    if (name.length === 0 || name.includes('\0')) throw new FieldError(`Invalid SQL identifier ${JSON.stringify(name)}`);
    const n = nameRegion.writeUtf8(name);
    id = wasm.sqlIntern(nameRegion.ptr, n);
    ids.set(name, id);
  }
  return id;
}

/** Generations of SQL so far: tests prove a repeated shape does not generate again. */
export let generated = 0;

/**
 * Compiles a plan (without its dialect word) to SQL for `dialect`. With `op`,
 * the plan is a statement body and `op` its first word (no array is spread to
 * prepend it).
 */
export function compilePlan(dialect: Dialect, plan: readonly number[], op = 0): Statement {
  generated++;
  const head = op === 0 ? 1 : 2;
  const n = plan.length + head;
  planRegion.ensure(n * 4);
  let w = words();
  const base = planRegion.ptr >> 2;
  w[base] = dialect;
  if (op !== 0) w[base + 1] = op;
  for (let i = head; i < n; i++) w[base + i] = plan[i - head]!;
  const res = wasm.sqlCompile(planRegion.ptr, n) >> 2;
  w = words(); // memory may have grown while compiling
  const outPtr = w[res]!;
  const outLen = w[res + 1]!;
  const orderPtr = w[res + 2]! >> 2;
  const orderLen = w[res + 3]!;
  const sql = decoder.decode(bytes().subarray(outPtr, outPtr + outLen));
  const order = w.slice(orderPtr, orderPtr + orderLen);
  // PostgreSQL numbers its placeholders by slot ($n takes slot n-1), so the
  // values pass as they are; SQLite's `?` take them in text order.
  let identity = true;
  if (dialect === 0) for (let i = 0; i < order.length; i++) if (order[i] !== i) identity = false;
  return { sql, order, identity };
}

/** The parameter list a statement expects, from the values in slot order. */
export function orderParams(stmt: Statement, values: unknown[]): unknown[] {
  if (stmt.identity) return values;
  const out = new Array<unknown>(stmt.order.length);
  for (let i = 0; i < out.length; i++) out[i] = values[stmt.order[i]!];
  return out;
}
