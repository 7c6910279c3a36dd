// The query compiler: a query plan (i32 words) -> SQL text for one dialect.
//
// Pipeline
//   1. TypeScript (src/db/query/compiler.ts) resolves a QuerySet against its
//      models: field paths become joins and column references, lookups become
//      lookup nodes, values become parameter slots. Identifiers (table, column
//      and alias names) are interned once with sqlIntern() and referred to by
//      number from then on.
//   2. sqlCompile() walks the plan and writes the SQL text into an output
//      buffer, quoting every identifier, and records the parameter order: for
//      each placeholder in the text, the slot whose value it takes (a lookup
//      may use its value twice). SQLite gets `?`, PostgreSQL `$n` (n = slot+1).
//   3. TypeScript decodes the text once and caches it by the query's shape, so
//      a repeated shape never comes back here.
//
// Values never reach this module: the plan only names slots. The output
// buffers are reused call after call and grow only for a bigger query, so
// linear memory does not grow with the number of calls.

// Dialects
const SQLITE: i32 = 0;
const POSTGRES: i32 = 1;

// Statements
const OP_SELECT: i32 = 1;
const OP_INSERT: i32 = 2;
const OP_UPDATE: i32 = 3;
const OP_DELETE: i32 = 4;
const OP_COMPOUND: i32 = 5; // flags, n, kind, part, (op, kind, part)*, norder, terms, limits
const OP_COUNT: i32 = 6; // exists, alias, statement (OP_SELECT body or OP_COMPOUND body)
const OP_QUALIFY: i32 = 7; // alias, column, low slot, high slot (-1: none), OP_SELECT body

// Compound operators
const K_UNION: i32 = 0;
const K_UNION_ALL: i32 = 1;
const K_INTERSECT: i32 = 2;
const K_EXCEPT: i32 = 3;

// Select flags
const F_DISTINCT: i32 = 1;
const F_LIMIT: i32 = 2;
const F_OFFSET: i32 = 4;
const F_FOR_UPDATE: i32 = 8;
const F_LIMIT_LITERAL: i32 = 16; // the limit word is the number itself (a validated integer)

// Expressions
const E_COL: i32 = 1; // alias, column
const E_PARAM: i32 = 2; // slot
const E_STAR: i32 = 3;
const E_AND: i32 = 4; // n, exprs
const E_OR: i32 = 5; // n, exprs
const E_NOT: i32 = 6; // expr
const E_BINOP: i32 = 7; // op, lhs, rhs
const E_LOOKUP: i32 = 8; // kind, lhs, rhs (range: two rhs; isnull: a 0/1 word)
const E_FUNC: i32 = 9; // fn, n, args
const E_CONST: i32 = 10; // constant
const E_IN_SELECT: i32 = 11; // lhs, select body
const E_EXISTS: i32 = 12; // select body
const E_CASE: i32 = 13; // n, (cond, value) pairs, default expr
const E_TRANSFORM: i32 = 14; // transform, expr
const E_FILTER: i32 = 15; // aggregate expr, condition: `agg FILTER (WHERE cond)`
const E_SUBQUERY: i32 = 16; // select body, as a scalar `(SELECT ...)`
const E_NUMBER: i32 = 17; // a non-negative integer literal (ORDER BY position)
const E_TYPED_PARAM: i32 = 18; // slot, db type: a value PostgreSQL cannot type from its context
const E_ROW_NUMBER: i32 = 19; // alias, partition expr, norder, (expr, desc)*: a select-list column only

// Database types of E_TYPED_PARAM (Django's db_type of the value's field)
const DB_INTEGER: i32 = 0;
const DB_BIGINT: i32 = 1;
const DB_DOUBLE: i32 = 2;
const DB_NUMERIC: i32 = 3;
const DB_TEXT: i32 = 4;
const DB_BOOLEAN: i32 = 5;
const DB_TIMESTAMPTZ: i32 = 6;

// Transforms of dates and times (Django's __year, __month, ...). The
// DT_ variants read a timestamp in UTC; the plain ones a calendar date.
const T_YEAR: i32 = 0;
const T_MONTH: i32 = 1;
const T_DAY: i32 = 2;
const T_WEEK_DAY: i32 = 3;
const T_HOUR: i32 = 4;
const T_MINUTE: i32 = 5;
const T_SECOND: i32 = 6;
const T_DATE: i32 = 7;
const T_QUARTER: i32 = 8;
const T_TRUNC_YEAR: i32 = 9; // first day of the year, as a date
const T_TRUNC_MONTH: i32 = 10;
const T_TRUNC_DAY: i32 = 11;
const T_TRUNC_HOUR: i32 = 12; // datetimes(): truncated timestamps
const T_TRUNC_MINUTE: i32 = 13;
const T_TRUNC_SECOND: i32 = 14;
const T_DATETIME_FLAG: i32 = 16;

// Binary operators
const B_ADD: i32 = 0;
const B_SUB: i32 = 1;
const B_MUL: i32 = 2;
const B_DIV: i32 = 3;
const B_MOD: i32 = 4;
const B_CONCAT: i32 = 5;

// Lookups
const L_EXACT: i32 = 0;
const L_IEXACT: i32 = 1;
const L_CONTAINS: i32 = 2;
const L_ICONTAINS: i32 = 3;
const L_GT: i32 = 4;
const L_GTE: i32 = 5;
const L_LT: i32 = 6;
const L_LTE: i32 = 7;
const L_STARTSWITH: i32 = 8;
const L_ISTARTSWITH: i32 = 9;
const L_ENDSWITH: i32 = 10;
const L_IENDSWITH: i32 = 11;
const L_IN: i32 = 12;
const L_RANGE: i32 = 13;
const L_ISNULL: i32 = 14;
const L_REGEX: i32 = 15;
const L_IREGEX: i32 = 16;
const L_NE: i32 = 17;

// Functions
const FN_COUNT: i32 = 0;
const FN_SUM: i32 = 1;
const FN_AVG: i32 = 2;
const FN_MIN: i32 = 3;
const FN_MAX: i32 = 4;
const FN_UPPER: i32 = 5;
const FN_LOWER: i32 = 6;
const FN_LENGTH: i32 = 7;
const FN_COALESCE: i32 = 8;
const FN_COUNT_DISTINCT: i32 = 9;
const FN_RANDOM: i32 = 10;

// Constants
const C_NULL: i32 = 0;
const C_TRUE: i32 = 1;
const C_FALSE: i32 = 2;
const C_ONE: i32 = 3;
const C_ZERO: i32 = 4;

// ---------------------------------------------------------------------------
// Interned identifiers: one unmanaged byte store and an (offset, length) table.

let identBytes: usize = 0;
let identBytesCap: usize = 0;
let identBytesLen: usize = 0;
let identTable: usize = 0; // i32 pairs
let identCap: i32 = 0;
let identCount: i32 = 0;

function growBytes(need: usize): void {
  if (identBytesLen + need <= identBytesCap) return;
  let cap = identBytesCap == 0 ? <usize>1024 : identBytesCap;
  while (cap < identBytesLen + need) cap <<= 1;
  const next = heap.alloc(cap);
  if (identBytes != 0) {
    memory.copy(next, identBytes, identBytesLen);
    heap.free(identBytes);
  }
  identBytes = next;
  identBytesCap = cap;
}

/**
 * Stores an identifier (UTF-8 at `ptr`, `len` bytes) and returns its number.
 * It is stored quoted (`"name"`, a `"` inside doubled), so writing it into a
 * statement is one memory.copy.
 */
export function sqlIntern(ptr: usize, len: i32): i32 {
  growBytes(<usize>len * 2 + 2);
  if (identCount == identCap) {
    const cap = identCap == 0 ? 64 : identCap << 1;
    const next = heap.alloc(<usize>cap << 3);
    if (identTable != 0) {
      memory.copy(next, identTable, <usize>identCount << 3);
      heap.free(identTable);
    }
    identTable = next;
    identCap = cap;
  }
  const start = identBytesLen;
  let at = identBytes + start;
  store<u8>(at++, 34);
  for (let i: usize = 0; i < <usize>len; i++) {
    const c = load<u8>(ptr + i);
    if (c == 34) store<u8>(at++, 34); // a double quote inside an identifier is doubled
    store<u8>(at++, c);
  }
  store<u8>(at++, 34);
  const slot = identTable + (<usize>identCount << 3);
  store<i32>(slot, <i32>start);
  store<i32>(slot + 4, <i32>(at - identBytes - start));
  identBytesLen = at - identBytes;
  return identCount++;
}

// ---------------------------------------------------------------------------
// Output: SQL bytes, parameter order, and a result block read by TypeScript.

let out: usize = 0;
let outCap: usize = 0;
let outLen: usize = 0;
let order: usize = 0;
let orderCap: i32 = 0;
let orderLen: i32 = 0;
let dialect: i32 = SQLITE;
const result: usize = heap.alloc(16); // outPtr, outLen, orderPtr, orderLen

function reserve(n: usize): void {
  if (outLen + n <= outCap) return;
  let cap = outCap == 0 ? <usize>4096 : outCap;
  while (cap < outLen + n) cap <<= 1;
  const next = heap.alloc(cap);
  if (out != 0) {
    memory.copy(next, out, outLen);
    heap.free(out);
  }
  out = next;
  outCap = cap;
}

@inline
function byte(b: i32): void {
  reserve(1);
  store<u8>(out + outLen, <u8>b);
  outLen++;
}

// ASCII text of the keywords; string literals are static data, no allocation.
// Read as UTF-16 code units straight from the literal (no bounds-checked charCodeAt).
function text(s: string): void {
  const n = <usize>s.length;
  reserve(n);
  const src = changetype<usize>(s);
  const dst = out + outLen;
  for (let i: usize = 0; i < n; i++) store<u8>(dst + i, <u8>load<u16>(src + (i << 1)));
  outLen += n;
}

function decimal(v: i32): void {
  if (v >= 10) decimal(v / 10);
  byte(48 + (v % 10));
}

function ident(id: i32): void {
  assert(id >= 0 && id < identCount, "unknown identifier");
  const slot = identTable + (<usize>id << 3);
  const off = <usize>load<i32>(slot);
  const len = <usize>load<i32>(slot + 4);
  reserve(len); // stored quoted by sqlIntern()
  memory.copy(out + outLen, identBytes + off, len);
  outLen += len;
}

function placeholder(slot: i32): void {
  if (orderLen == orderCap) {
    const cap = orderCap == 0 ? 64 : orderCap << 1;
    const next = heap.alloc(<usize>cap << 2);
    if (order != 0) {
      memory.copy(next, order, <usize>orderLen << 2);
      heap.free(order);
    }
    order = next;
    orderCap = cap;
  }
  store<i32>(order + (<usize>orderLen << 2), slot);
  orderLen++;
  if (dialect == POSTGRES) {
    byte(36);
    decimal(slot + 1);
  } else {
    byte(63);
  }
}

// ---------------------------------------------------------------------------
// Plan reader

let plan: usize = 0;
let cursor: i32 = 0;
let planLen: i32 = 0;

@inline
function next(): i32 {
  assert(cursor < planLen, "query plan overrun");
  const v = load<i32>(plan + (<usize>cursor << 2));
  cursor++;
  return v;
}

function expr(): void {
  const kind = next();
  if (kind == E_COL) {
    const alias = next();
    const col = next();
    if (alias >= 0) {
      ident(alias);
      byte(46);
    }
    ident(col);
  } else if (kind == E_PARAM) {
    placeholder(next());
  } else if (kind == E_STAR) {
    byte(42);
  } else if (kind == E_AND || kind == E_OR) {
    const n = next();
    if (n == 0) {
      text(kind == E_AND ? "1 = 1" : "1 = 0");
      return;
    }
    byte(40);
    for (let i = 0; i < n; i++) {
      if (i > 0) text(kind == E_AND ? " AND " : " OR ");
      expr();
    }
    byte(41);
  } else if (kind == E_NOT) {
    text("NOT (");
    expr();
    byte(41);
  } else if (kind == E_BINOP) {
    const op = next();
    byte(40);
    expr();
    if (op == B_ADD) text(" + ");
    else if (op == B_SUB) text(" - ");
    else if (op == B_MUL) text(" * ");
    else if (op == B_DIV) text(" / ");
    else if (op == B_MOD) text(" % ");
    else if (op == B_CONCAT) text(" || ");
    else assert(false, "unknown operator");
    expr();
    byte(41);
  } else if (kind == E_LOOKUP) {
    lookup(next());
  } else if (kind == E_FUNC) {
    func();
  } else if (kind == E_CONST) {
    const c = next();
    if (c == C_NULL) text("NULL");
    else if (c == C_TRUE) text(dialect == POSTGRES ? "TRUE" : "1");
    else if (c == C_FALSE) text(dialect == POSTGRES ? "FALSE" : "0");
    else if (c == C_ONE) byte(49);
    else if (c == C_ZERO) byte(48);
    else assert(false, "unknown constant");
  } else if (kind == E_IN_SELECT) {
    expr();
    text(" IN (");
    selectBody();
    byte(41);
  } else if (kind == E_EXISTS) {
    text("EXISTS (");
    selectBody();
    byte(41);
  } else if (kind == E_TRANSFORM) {
    transform(next());
  } else if (kind == E_FILTER) {
    expr();
    text(" FILTER (WHERE ");
    expr();
    byte(41);
  } else if (kind == E_SUBQUERY) {
    byte(40);
    selectBody();
    byte(41);
  } else if (kind == E_TYPED_PARAM) {
    placeholder(next());
    const t = next();
    // PostgreSQL types an untyped parameter from its context (`integer * $1`
    // makes $1 an integer, so 0.5 fails); SQLite needs no cast
    if (dialect == POSTGRES) {
      if (t == DB_INTEGER) text("::integer");
      else if (t == DB_BIGINT) text("::bigint");
      else if (t == DB_DOUBLE) text("::double precision");
      else if (t == DB_NUMERIC) text("::numeric");
      else if (t == DB_TEXT) text("::text");
      else if (t == DB_BOOLEAN) text("::boolean");
      else if (t == DB_TIMESTAMPTZ) text("::timestamp with time zone");
      else assert(false, "unknown parameter type");
    }
  } else if (kind == E_ROW_NUMBER) {
    const alias = next();
    text("ROW_NUMBER() OVER (PARTITION BY ");
    expr();
    orderBy();
    text(") AS ");
    ident(alias);
  } else if (kind == E_NUMBER) {
    const n = next();
    assert(n >= 0, "negative number");
    decimal(n);
  } else if (kind == E_CASE) {
    const n = next();
    text("CASE");
    for (let i = 0; i < n; i++) {
      text(" WHEN ");
      expr();
      text(" THEN ");
      expr();
    }
    text(" ELSE ");
    expr();
    text(" END");
  } else {
    assert(false, "unknown expression");
  }
}

function transform(t: i32): void {
  const datetime = (t & T_DATETIME_FLAG) != 0;
  const kind = t & ~T_DATETIME_FLAG;
  if (kind >= T_TRUNC_HOUR && kind <= T_TRUNC_SECOND) {
    // a timestamp truncated in UTC: timestamptz on PostgreSQL, ISO text on SQLite
    if (dialect == POSTGRES) {
      text("(DATE_TRUNC('");
      text(kind == T_TRUNC_HOUR ? "hour" : kind == T_TRUNC_MINUTE ? "minute" : "second");
      text("', (");
      expr();
      text(") AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')");
    } else {
      text(kind == T_TRUNC_HOUR ? "strftime('%Y-%m-%d %H:00:00', " : kind == T_TRUNC_MINUTE ? "strftime('%Y-%m-%d %H:%M:00', " : "strftime('%Y-%m-%d %H:%M:%S', ");
      expr();
      byte(41);
    }
    return;
  }
  if (kind >= T_TRUNC_YEAR && kind <= T_TRUNC_DAY) {
    if (dialect == POSTGRES) {
      text("(DATE_TRUNC('");
      text(kind == T_TRUNC_YEAR ? "year" : kind == T_TRUNC_MONTH ? "month" : "day");
      text("', (");
      expr();
      text(datetime ? ") AT TIME ZONE 'UTC'))::date" : ")))::date");
    } else {
      text(kind == T_TRUNC_YEAR ? "strftime('%Y-01-01', " : kind == T_TRUNC_MONTH ? "strftime('%Y-%m-01', " : "date(");
      expr();
      byte(41);
    }
    return;
  }
  if (dialect == POSTGRES) {
    if (kind == T_DATE) {
      byte(40);
      byte(40);
      expr();
      text(datetime ? ") AT TIME ZONE 'UTC')::date" : "))::date");
      return;
    }
    // SECOND is truncated to a whole second, as Django does.
    if (kind == T_SECOND) text("FLOOR(");
    text(kind == T_WEEK_DAY ? "(EXTRACT(DOW FROM " : "EXTRACT(");
    if (kind == T_YEAR) text("YEAR FROM ");
    else if (kind == T_MONTH) text("MONTH FROM ");
    else if (kind == T_DAY) text("DAY FROM ");
    else if (kind == T_HOUR) text("HOUR FROM ");
    else if (kind == T_MINUTE) text("MINUTE FROM ");
    else if (kind == T_SECOND) text("SECOND FROM ");
    else if (kind == T_QUARTER) text("QUARTER FROM ");
    else assert(kind == T_WEEK_DAY, "unknown transform");
    byte(40);
    expr();
    text(datetime ? ") AT TIME ZONE 'UTC')" : "))");
    if (kind == T_WEEK_DAY) text(" + 1)");
    if (kind == T_SECOND) byte(41);
    return;
  }
  // SQLite: dates and datetimes are ISO text in UTC.
  if (kind == T_DATE) {
    text("date(");
    expr();
    byte(41);
    return;
  }
  if (kind == T_QUARTER) {
    text("((CAST(strftime('%m', ");
    expr();
    text(") AS INTEGER) + 2) / 3)");
    return;
  }
  text("(CAST(strftime('");
  if (kind == T_YEAR) text("%Y");
  else if (kind == T_MONTH) text("%m");
  else if (kind == T_DAY) text("%d");
  else if (kind == T_WEEK_DAY) text("%w");
  else if (kind == T_HOUR) text("%H");
  else if (kind == T_MINUTE) text("%M");
  else if (kind == T_SECOND) text("%S");
  else assert(false, "unknown transform");
  text("', ");
  expr();
  text(") AS INTEGER)");
  if (kind == T_WEEK_DAY) text(" + 1");
  byte(41);
}

// The left-hand side as text: PostgreSQL compares text functions on `::text`.
function lhsText(): void {
  if (dialect == POSTGRES) {
    byte(40);
    expr();
    text(")::text");
  } else {
    expr();
  }
}

function lookup(kind: i32): void {
  if (kind == L_ISNULL) {
    expr();
    text(next() ? " IS NULL" : " IS NOT NULL");
    return;
  }
  if (kind == L_EXACT || kind == L_NE || kind == L_GT || kind == L_GTE || kind == L_LT || kind == L_LTE) {
    expr();
    if (kind == L_EXACT) text(" = ");
    else if (kind == L_NE) text(" <> ");
    else if (kind == L_GT) text(" > ");
    else if (kind == L_GTE) text(" >= ");
    else if (kind == L_LT) text(" < ");
    else text(" <= ");
    expr();
    return;
  }
  if (kind == L_RANGE) {
    expr();
    text(" BETWEEN ");
    expr();
    text(" AND ");
    expr();
    return;
  }
  if (kind == L_IN) {
    // One parameter holds the whole list, so every list length shares a shape.
    expr();
    if (dialect == POSTGRES) {
      text(" = ANY(");
      expr();
      byte(41);
    } else {
      text(" IN (SELECT value FROM json_each(");
      expr();
      text("))");
    }
    return;
  }
  // Case-insensitive pattern lookups: the value arrives as an escaped LIKE
  // pattern (backslash escapes), identical for both dialects.
  if (kind == L_IEXACT || kind == L_ICONTAINS || kind == L_ISTARTSWITH || kind == L_IENDSWITH) {
    if (dialect == POSTGRES) {
      text("UPPER(");
      lhsText();
      text(") LIKE UPPER(");
      expr();
      text(") ESCAPE '\\'");
    } else {
      expr();
      text(" LIKE ");
      expr();
      text(" ESCAPE '\\'");
    }
    return;
  }
  // Case-sensitive substring lookups take the raw value; the right-hand side
  // is read once and repeated where the dialect needs it twice.
  if (kind == L_CONTAINS || kind == L_STARTSWITH || kind == L_ENDSWITH) {
    const lhsAt = cursor;
    skipExpr();
    const rhsAt = cursor;
    skipExpr();
    const end = cursor;
    if (kind == L_CONTAINS) {
      text(dialect == POSTGRES ? "strpos(" : "instr(");
      at(lhsAt, true);
      text(", ");
      at(rhsAt, false);
      text(") > 0");
    } else if (kind == L_STARTSWITH) {
      if (dialect == POSTGRES) {
        text("starts_with(");
        at(lhsAt, true);
        text(", ");
        at(rhsAt, false);
        byte(41);
      } else {
        text("substr(");
        at(lhsAt, false);
        text(", 1, length(");
        at(rhsAt, false);
        text(")) = ");
        at(rhsAt, false);
      }
    } else {
      text(dialect == POSTGRES ? "right(" : "substr(");
      at(lhsAt, true);
      if (dialect == POSTGRES) {
        text(", length(");
        at(rhsAt, false);
        text(")) = ");
      } else {
        text(", length(");
        at(lhsAt, false);
        text(") - length(");
        at(rhsAt, false);
        text(") + 1) = ");
      }
      at(rhsAt, false);
    }
    cursor = end;
    return;
  }
  if (kind == L_REGEX || kind == L_IREGEX) {
    if (dialect == POSTGRES) {
      lhsText();
      text(kind == L_REGEX ? " ~ " : " ~* ");
      expr();
    } else {
      // A REGEXP function is registered by the sql.js backend; (?i) makes it
      // case-insensitive there.
      expr();
      text(" REGEXP ");
      if (kind == L_IREGEX) text("('(?i)' || ");
      expr();
      if (kind == L_IREGEX) byte(41);
    }
    return;
  }
  assert(false, "unknown lookup");
}

// Emits the expression starting at word `pos` (as text on PostgreSQL if asked).
function at(pos: i32, asText: bool): void {
  const saved = cursor;
  cursor = pos;
  if (asText) lhsText();
  else expr();
  cursor = saved;
}

// Advances the cursor over one expression without emitting it.
function skipExpr(): void {
  const saved = outLen;
  const savedOrder = orderLen;
  expr();
  outLen = saved;
  orderLen = savedOrder;
}

function func(): void {
  const fn = next();
  const n = next();
  if (fn == FN_RANDOM) {
    text("RANDOM()");
    return;
  }
  if (fn == FN_COUNT) text("COUNT(");
  else if (fn == FN_COUNT_DISTINCT) text("COUNT(DISTINCT ");
  else if (fn == FN_SUM) text("SUM(");
  else if (fn == FN_AVG) text("AVG(");
  else if (fn == FN_MIN) text("MIN(");
  else if (fn == FN_MAX) text("MAX(");
  else if (fn == FN_UPPER) text("UPPER(");
  else if (fn == FN_LOWER) text("LOWER(");
  else if (fn == FN_LENGTH) text("LENGTH(");
  else if (fn == FN_COALESCE) text("COALESCE(");
  else assert(false, "unknown function");
  for (let i = 0; i < n; i++) {
    if (i > 0) text(", ");
    expr();
  }
  byte(41);
}

// flags, ncols, cols(expr), table, alias, njoins, joins, where?, ngroup,
// group exprs, having?, norder, (expr, desc), [limit slot or literal], [offset slot]
function selectBody(): void {
  const flags = next();
  text(flags & F_DISTINCT ? "SELECT DISTINCT " : "SELECT ");
  const ncols = next();
  for (let i = 0; i < ncols; i++) {
    if (i > 0) text(", ");
    expr();
  }
  text(" FROM ");
  const table = next();
  const alias = next();
  ident(table);
  if (alias != table) {
    text(" AS ");
    ident(alias);
  }
  const njoins = next();
  for (let i = 0; i < njoins; i++) {
    const left = next();
    const jt = next();
    const ja = next();
    const lhsAlias = next();
    const lhsCol = next();
    const rhsCol = next();
    text(left ? " LEFT OUTER JOIN " : " INNER JOIN ");
    ident(jt);
    if (ja != jt) {
      text(" AS ");
      ident(ja);
    }
    text(" ON (");
    ident(lhsAlias);
    byte(46);
    ident(lhsCol);
    text(" = ");
    ident(ja);
    byte(46);
    ident(rhsCol);
    byte(41);
  }
  if (next()) {
    text(" WHERE ");
    expr();
  }
  const ngroup = next();
  for (let i = 0; i < ngroup; i++) {
    text(i == 0 ? " GROUP BY " : ", ");
    expr();
  }
  if (next()) {
    text(" HAVING ");
    expr();
  }
  orderAndLimits(flags);
}

/** ` ORDER BY e1 ASC, e2 DESC` from a count and (expression, descending) pairs; nothing for 0. */
function orderBy(): void {
  const norder = next();
  for (let i = 0; i < norder; i++) {
    text(i == 0 ? " ORDER BY " : ", ");
    expr();
    if (next()) text(" DESC");
    else text(" ASC");
  }
}

function orderAndLimits(flags: i32): void {
  orderBy();
  if (flags & F_LIMIT) {
    text(" LIMIT ");
    if (flags & F_LIMIT_LITERAL) {
      const n = next();
      assert(n >= 0, "negative limit");
      decimal(n);
    } else placeholder(next());
  } else if (flags & F_OFFSET && dialect == SQLITE) {
    text(" LIMIT -1");
  }
  if (flags & F_OFFSET) {
    text(" OFFSET ");
    placeholder(next());
  }
  if (flags & F_FOR_UPDATE && dialect == POSTGRES) text(" FOR UPDATE");
}

// flags, n, kind, part, (op, kind, part) * (n - 1), norder, (expr, desc), [limit], [offset]
// kind 0: a select body; 1: a select that orders or slices itself, in
// parentheses (PostgreSQL; the compiler refuses it on SQLite, which cannot
// parse it); 2: a nested compound (flags, n, ...).
function compound(): void {
  const flags = next();
  const n = next();
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const op = next();
      if (op == K_UNION) text(" UNION ");
      else if (op == K_UNION_ALL) text(" UNION ALL ");
      else if (op == K_INTERSECT) text(" INTERSECT ");
      else if (op == K_EXCEPT) text(" EXCEPT ");
      else assert(false, "unknown compound operator");
    }
    const kind = next();
    if (kind == 2) {
      // a nested compound: parenthesised on PostgreSQL; SQLite has no
      // parentheses in compounds, so it is a subquery there (as in Django)
      text(dialect == POSTGRES ? "(" : "SELECT * FROM (");
      compound();
      byte(41);
    } else {
      if (kind == 1) byte(40);
      selectBody();
      if (kind == 1) byte(41);
    }
  }
  orderAndLimits(flags);
}

// exists, alias, statement: `SELECT COUNT(*) FROM (...) alias`, or for
// exists() `SELECT 1 FROM (...) alias LIMIT 1` (Django's count of a sliced,
// annotated or combined query: counted in SQL, no row fetched).
function countFrom(): void {
  const exists = next();
  const alias = next();
  text(exists ? "SELECT 1 FROM (" : "SELECT COUNT(*) FROM (");
  const op = next();
  if (op == OP_SELECT) selectBody();
  else if (op == OP_COMPOUND) compound();
  else assert(false, "unknown counted statement");
  text(") ");
  ident(alias);
  if (exists) text(" LIMIT 1");
}

// table, ncols, cols, nrows, returning (-1: none); values take slots row by row.
// Rows of a window column's range (Django's filter on a window: the sliced
// queryset of a Prefetch): SELECT * FROM (body) alias WHERE alias.col > low
// [AND alias.col <= high] ORDER BY alias.col.
function qualify(): void {
  const alias = next();
  const col = next();
  const low = next();
  const high = next();
  assert(next() == OP_SELECT, "a qualified statement is a SELECT");
  text("SELECT * FROM (");
  selectBody();
  text(") ");
  ident(alias);
  text(" WHERE ");
  ident(alias);
  byte(46);
  ident(col);
  text(" > ");
  placeholder(low);
  if (high >= 0) {
    text(" AND ");
    ident(alias);
    byte(46);
    ident(col);
    text(" <= ");
    placeholder(high);
  }
  text(" ORDER BY ");
  ident(alias);
  byte(46);
  ident(col);
  text(" ASC");
}

function insert(): void {
  const table = next();
  const ncols = next();
  const colsAt = cursor;
  cursor += ncols;
  const nrows = next();
  const returning = next();
  text("INSERT INTO ");
  ident(table);
  if (ncols == 0) {
    text(" DEFAULT VALUES");
  } else {
    text(" (");
    for (let i = 0; i < ncols; i++) {
      if (i > 0) text(", ");
      ident(load<i32>(plan + (<usize>(colsAt + i) << 2)));
    }
    text(") VALUES ");
    let slot = 0;
    for (let r = 0; r < nrows; r++) {
      text(r == 0 ? "(" : ", (");
      for (let i = 0; i < ncols; i++) {
        if (i > 0) text(", ");
        placeholder(slot++);
      }
      byte(41);
    }
  }
  if (returning >= 0) {
    text(" RETURNING ");
    ident(returning);
  }
}

// table, nsets, (col, expr), where?
function update(): void {
  text("UPDATE ");
  ident(next());
  const nsets = next();
  for (let i = 0; i < nsets; i++) {
    text(i == 0 ? " SET " : ", ");
    ident(next());
    text(" = ");
    expr();
  }
  if (next()) {
    text(" WHERE ");
    expr();
  }
}

// table, where?
function del(): void {
  text("DELETE FROM ");
  ident(next());
  if (next()) {
    text(" WHERE ");
    expr();
  }
}

/**
 * Compiles the plan of `len` i32 words at `ptr`: dialect, statement, body.
 * Returns the address of four i32: SQL address, SQL byte length, parameter
 * order address, parameter count.
 */
export function sqlCompile(ptr: usize, len: i32): usize {
  plan = ptr;
  planLen = len;
  cursor = 0;
  outLen = 0;
  orderLen = 0;
  dialect = next();
  const op = next();
  if (op == OP_SELECT) selectBody();
  else if (op == OP_INSERT) insert();
  else if (op == OP_UPDATE) update();
  else if (op == OP_DELETE) del();
  else if (op == OP_COMPOUND) compound();
  else if (op == OP_COUNT) countFrom();
  else if (op == OP_QUALIFY) qualify();
  else assert(false, "unknown statement");
  assert(cursor == planLen, "query plan not fully read");
  store<i32>(result, <i32>out);
  store<i32>(result + 4, <i32>outLen);
  store<i32>(result + 8, <i32>order);
  store<i32>(result + 12, orderLen);
  return result;
}

/** Number of identifiers interned so far (tests watch it). */
export function sqlIdentCount(): i32 {
  return identCount;
}
