/**
 * The type PostgreSQL is told for a value inside an expression. pg sends
 * parameters untyped, and PostgreSQL types one from its context: in
 * `"votes" * $1` the parameter becomes an integer, so 0.5 is refused, and in
 * `SELECT $1` it stays text. Django's expressions give a value the field its
 * Python type implies (int: IntegerField, float: FloatField, Decimal:
 * DecimalField, str: CharField ...); the parameter is cast to that field's
 * db type. Decimal values are strings here, so a decimal-looking string is
 * numeric where it meets arithmetic; other strings stay untyped (PostgreSQL
 * reads them as text, or as the type of the column they are compared with).
 */
import { DB } from './wasm';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const INT32 = 2 ** 31;

/** The DB code for `value` under the operator `op` (0-4 arithmetic, 5 concatenation, -1 none), or -1 to leave it untyped. */
export function paramType(value: unknown, op: number): number {
  switch (typeof value) {
    case 'number':
      if (!Number.isInteger(value)) return DB.double;
      return value >= -INT32 && value < INT32 ? DB.integer : DB.bigint;
    case 'bigint':
      return DB.bigint;
    case 'boolean':
      return DB.boolean;
    case 'string':
      // left untyped outside arithmetic: compared with a column it takes the
      // column's type (a decimal's text against a numeric column)
      if (op < 0 || op > 4) return -1;
      return DECIMAL.test(value) ? DB.numeric : DB.text;
    default:
      return value instanceof Date ? DB.timestamptz : -1;
  }
}
