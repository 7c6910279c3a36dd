// Differential test: the WebAssembly query compiler against a small,
// obviously-correct TypeScript renderer of the same plans, over random plans
// (fast-check). Both must give the same SQL text and parameter order, for
// both dialects.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as P from '../../src/db/sql/wasm';

const NAMES = ['t', 'u', 'id', 'name', 'we"ird', 'col umn', 'été', 'x_1'];
const ids = NAMES.map((n) => P.intern(n));

// --- random plans -----------------------------------------------------------

type Expr = number[];
let slot = 0;

const col = fc.tuple(fc.integer({ min: -1, max: ids.length - 1 }), fc.integer({ min: 0, max: ids.length - 1 })).map(([a, c]) => () => [P.E_COL, a < 0 ? -1 : ids[a]!, ids[c]!]);
const param = fc.constant(() => [P.E_PARAM, slot++]);
const konst = fc.integer({ min: 0, max: 4 }).map((k) => () => [P.E_CONST, k]);
const leaf = fc.oneof(col, param, konst);

const exprArb: fc.Memo<() => Expr> = fc.memo((n) => {
  if (n <= 1) return leaf;
  const sub = exprArb(n - 1);
  return fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(P.E_AND, P.E_OR), fc.array(sub, { minLength: 0, maxLength: 3 })).map(([k, xs]) => () => {
      const out = [k, xs.length];
      for (const x of xs) out.push(...x());
      return out;
    }),
    sub.map((x) => () => [P.E_NOT, ...x()]),
    fc.tuple(fc.integer({ min: 0, max: 5 }), sub, sub).map(([op, a, b]) => () => [P.E_BINOP, op, ...a(), ...b()]),
    fc.tuple(fc.integer({ min: 0, max: 17 }), col, sub, sub).map(([kind, lhs, a, b]) => () => {
      if (kind === P.LOOKUPS.isnull) return [P.E_LOOKUP, kind, ...lhs(), slot % 2];
      if (kind === P.LOOKUPS.range) return [P.E_LOOKUP, kind, ...lhs(), ...a(), ...b()];
      return [P.E_LOOKUP, kind, ...lhs(), ...a()];
    }),
    fc.tuple(fc.integer({ min: 0, max: 10 }), fc.array(sub, { minLength: 1, maxLength: 2 })).map(([fn, xs]) => () => {
      const out = [P.E_FUNC, fn, fn === P.FN.RANDOM ? 0 : xs.length];
      if (fn !== P.FN.RANDOM) for (const x of xs) out.push(...x());
      return out;
    }),
    fc.tuple(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27), col).map(([t, c]) => () => [P.E_TRANSFORM, t, ...c()]),
  );
});

// --- the reference ----------------------------------------------------------

function renderer(dialect: number, plan: number[]) {
  let i = 0;
  const order: number[] = [];
  const next = () => plan[i++]!;
  const q = (id: number) => `"${NAMES[ids.indexOf(id)]!.replace(/"/g, '""')}"`;
  const ph = (s: number) => {
    order.push(s);
    return dialect === 1 ? `$${s + 1}` : '?';
  };
  const asText = (s: string) => (dialect === 1 ? `(${s})::text` : s);
  function expr(): string {
    const k = next();
    switch (k) {
      case P.E_COL: {
        const a = next();
        const c = next();
        return a >= 0 ? `${q(a)}.${q(c)}` : q(c);
      }
      case P.E_PARAM:
        return ph(next());
      case P.E_AND:
      case P.E_OR: {
        const n = next();
        if (n === 0) return k === P.E_AND ? '1 = 1' : '1 = 0';
        const parts = Array.from({ length: n }, () => expr());
        return `(${parts.join(k === P.E_AND ? ' AND ' : ' OR ')})`;
      }
      case P.E_NOT:
        return `NOT (${expr()})`;
      case P.E_BINOP: {
        const op = [' + ', ' - ', ' * ', ' / ', ' % ', ' || '][next()]!;
        const a = expr();
        return `(${a}${op}${expr()})`;
      }
      case P.E_LOOKUP:
        return lookup(next());
      case P.E_FUNC: {
        const fn = next();
        const n = next();
        if (fn === P.FN.RANDOM) return 'RANDOM()';
        const name = ['COUNT(', 'SUM(', 'AVG(', 'MIN(', 'MAX(', 'UPPER(', 'LOWER(', 'LENGTH(', 'COALESCE(', 'COUNT(DISTINCT '][fn]!;
        return `${name}${Array.from({ length: n }, () => expr()).join(', ')})`;
      }
      case P.E_CONST: {
        const c = next();
        return ['NULL', dialect === 1 ? 'TRUE' : '1', dialect === 1 ? 'FALSE' : '0', '1', '0'][c]!;
      }
      case P.E_TRANSFORM:
        return transform(next());
      default:
        throw new Error(`reference: unknown expression ${k}`);
    }
  }
  function transform(t: number): string {
    const dt = (t & 16) !== 0;
    const kind = t & ~16;
    const x = expr();
    if (kind >= 9) {
      const unit = ['year', 'month', 'day'][kind - 9]!;
      if (dialect === 1) return `(DATE_TRUNC('${unit}', (${x})${dt ? " AT TIME ZONE 'UTC'))::date" : '))::date'}`;
      return kind === 11 ? `date(${x})` : `strftime('${kind === 9 ? '%Y-01-01' : '%Y-%m-01'}', ${x})`;
    }
    if (dialect === 1) {
      if (kind === 7) return `((${x})${dt ? " AT TIME ZONE 'UTC')::date" : ')::date'}`;
      const part = ['YEAR', 'MONTH', 'DAY', 'DOW', 'HOUR', 'MINUTE', 'SECOND', '', 'QUARTER'][kind]!;
      const core = `EXTRACT(${part} FROM (${x})${dt ? " AT TIME ZONE 'UTC')" : ')'}`;
      if (kind === 3) return `(${core} + 1)`;
      if (kind === 6) return `FLOOR(${core})`;
      return core;
    }
    if (kind === 7) return `date(${x})`;
    if (kind === 8) return `((CAST(strftime('%m', ${x}) AS INTEGER) + 2) / 3)`;
    const f = ['%Y', '%m', '%d', '%w', '%H', '%M', '%S'][kind]!;
    return `(CAST(strftime('${f}', ${x}) AS INTEGER)${kind === 3 ? ' + 1' : ''})`;
  }
  // Expressions used twice are rendered again at each use, like the engine.
  function at(pos: number, text: boolean): string {
    const saved = i;
    i = pos;
    const s = expr();
    i = saved;
    return text ? asText(s) : s;
  }
  function skip(): number {
    const start = i;
    const savedOrder = order.length;
    expr();
    order.length = savedOrder;
    return start;
  }
  function lookup(kind: number): string {
    const L = P.LOOKUPS;
    if (kind === L.isnull) {
      const x = expr();
      return `${x}${next() ? ' IS NULL' : ' IS NOT NULL'}`;
    }
    const cmp: Record<number, string> = { [L.exact]: ' = ', 17: ' <> ', [L.gt]: ' > ', [L.gte]: ' >= ', [L.lt]: ' < ', [L.lte]: ' <= ' };
    if (kind in cmp) {
      const a = expr();
      return `${a}${cmp[kind]}${expr()}`;
    }
    if (kind === L.range) {
      const a = expr();
      const b = expr();
      return `${a} BETWEEN ${b} AND ${expr()}`;
    }
    if (kind === L.in) {
      const a = expr();
      return dialect === 1 ? `${a} = ANY(${expr()})` : `${a} IN (SELECT value FROM json_each(${expr()}))`;
    }
    if ([L.iexact, L.icontains, L.istartswith, L.iendswith].includes(kind as never)) {
      if (dialect === 1) {
        const a = asText(expr());
        return `UPPER(${a}) LIKE UPPER(${expr()}) ESCAPE '\\'`;
      }
      const a = expr();
      return `${a} LIKE ${expr()} ESCAPE '\\'`;
    }
    if ([L.contains, L.startswith, L.endswith].includes(kind as never)) {
      const l = skip();
      const r = skip();
      const end = i;
      let out: string;
      if (kind === L.contains) out = `${dialect === 1 ? 'strpos(' : 'instr('}${at(l, true)}, ${at(r, false)}) > 0`;
      else if (kind === L.startswith) {
        out = dialect === 1 ? `starts_with(${at(l, true)}, ${at(r, false)})` : `substr(${at(l, false)}, 1, length(${at(r, false)})) = ${at(r, false)}`;
      } else {
        out =
          dialect === 1
            ? `right(${at(l, true)}, length(${at(r, false)})) = ${at(r, false)}`
            : `substr(${at(l, false)}, length(${at(l, false)}) - length(${at(r, false)}) + 1) = ${at(r, false)}`;
      }
      i = end;
      return out;
    }
    if (kind === L.regex || kind === L.iregex) {
      if (dialect === 1) {
        const a = asText(expr());
        return `${a}${kind === L.regex ? ' ~ ' : ' ~* '}${expr()}`;
      }
      const a = expr();
      return kind === L.iregex ? `${a} REGEXP ('(?i)' || ${expr()})` : `${a} REGEXP ${expr()}`;
    }
    throw new Error(`reference: unknown lookup ${kind}`);
  }
  return { expr, order, rest: () => plan.slice(i) };
}

// SELECT <expr> FROM "t" WHERE <expr>: the engine's own framing, reproduced.
function referenceSelect(dialect: number, cols: number[], where: number[]): { sql: string; order: number[] } {
  const r = renderer(dialect, [...cols, ...where]);
  const c = r.expr();
  const w = r.expr();
  return { sql: `SELECT ${c} FROM "t" WHERE ${w}`, order: r.order };
}

test('random plans: the wasm compiler and the reference agree on both dialects', () => {
  fc.assert(
    fc.property(exprArb(4), exprArb(4), fc.constantFrom(0, 1), (mkCol, mkWhere, dialect) => {
      slot = 0;
      const cols = mkCol();
      const where = mkWhere();
      const plan = [P.OP_SELECT, 0, 1, ...cols, ids[0]!, ids[0]!, 0, 1, ...where, 0, 0, 0];
      const got = P.compilePlan(dialect as 0 | 1, plan);
      const want = referenceSelect(dialect, cols, where);
      assert.is(got.sql, want.sql);
      assert.equal(Array.from(got.order), want.order);
    }),
    { numRuns: 1500 },
  );
});

test.run();
