/**
 * Values at render time: Django's variable resolution (dict key, then
 * attribute, then list index; zero-argument callables called), Python's
 * truthiness and Python's str() for output. Shared by the interpreter and by
 * the generated render functions, so both modes have the same semantics.
 */
import { SafeString, escapeHtml, markSafe } from './safe';
import { formatDate } from './dateformat';

/** Marker for a failed lookup (Django's VariableDoesNotExist, without the cost of an exception). */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

const objectProto = Object.prototype;
const dictMethods = new Set(['items', 'keys', 'values']);

export function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === objectProto || p === null;
}

/**
 * One step of a dotted lookup. Mirrors Django's Variable._resolve_lookup:
 *   1. dictionary lookup (Map#get, own or inherited property)
 *   2. list index for numeric bits
 *   3. Python's dict methods (`items`, `keys`, `values`) on plain objects and Maps
 * then calls the result if it is a function (unless it is flagged
 * `doNotCallInTemplates`; `altersData` functions resolve to a miss).
 */
export function lookup(current: unknown, bit: string): unknown {
  if (typeof current === 'object' && current !== null) {
    // Fast path: a plain data property (Object.prototype only holds functions).
    const v = (current as Record<string, unknown>)[bit];
    if (v !== undefined && typeof v !== 'function' && !(current instanceof Map)) return v;
  }
  if (current === null || current === undefined) return MISSING;
  let value: unknown = MISSING;
  if (current instanceof Map) {
    if (current.has(bit)) value = current.get(bit);
    else if (dictMethods.has(bit)) value = mapMethod(current, bit);
  } else if (typeof current === 'object' || typeof current === 'function') {
    const o = current as Record<string, unknown>;
    // Python's __getitem__ (a form's fields: `form.title`), tried first as Django does.
    if (typeof o.__getitem__ === 'function') {
      const item = (o.__getitem__ as (k: string) => unknown).call(o, bit);
      if (item !== undefined) return item;
    }
    if (bit in o && !(bit in objectProto && (o as object)[bit as keyof object] === objectProto[bit as keyof object])) {
      value = o[bit];
    } else if (dictMethods.has(bit) && isPlainObject(o)) {
      value = objectMethod(o, bit);
    }
  } else if (typeof current === 'string') {
    if (bit === 'length') value = current.length;
    else if (isIndex(bit)) value = Number(bit) < current.length ? current[Number(bit)] : MISSING;
    else if (bit in String.prototype) value = (String.prototype as unknown as Record<string, unknown>)[bit];
  } else if (current instanceof SafeString) {
    return lookup(current.value, bit);
  } else if (typeof current === 'number' || typeof current === 'boolean') {
    return MISSING;
  }
  if (value === MISSING) return MISSING;
  return typeof value === 'function' ? callValue(value, current) : value;
}

/**
 * Django calls a callable it finds during a lookup (with no arguments): one
 * flagged `doNotCallInTemplates` stays as it is, one flagged `altersData`
 * or that declares parameters (Python would raise TypeError) is a miss.
 */
export function callValue(value: unknown, self: unknown): unknown {
  const fn = value as { doNotCallInTemplates?: boolean; altersData?: boolean; length: number } & ((this: unknown) => unknown);
  if (fn.doNotCallInTemplates) return value;
  if (fn.altersData || fn.length > 0) return MISSING;
  if (isClass(fn)) return value;
  return fn.call(self);
}

/** An is_safe filter's result: safe again when its input was (Django's FilterExpression.resolve). */
export function keepSafe(input: unknown, result: unknown): unknown {
  return input instanceof SafeString ? markSafe(result) : result;
}

/**
 * Django's `silent_variable_failure`: an error raised while a variable is
 * resolved (a getter, a method, `__getitem__`) that carries
 * `silentVariableFailure = true` makes the variable string_if_invalid;
 * any other error propagates.
 */
export function isSilentFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && Boolean((e as { silentVariableFailure?: unknown }).silentVariableFailure);
}

/**
 * A variable path resolved with silent failures caught (what guarded
 * generated code calls): `first` is the raw value of the path's first name,
 * `bits` the whole path. MISSING on a miss, `stringIfInvalid` on a silent failure.
 */
export function guardedPath(first: unknown, bits: readonly string[], stringIfInvalid: string): unknown {
  try {
    let current = base(first);
    for (let i = 1; i < bits.length && current !== MISSING; i++) current = lookup(current, bits[i]);
    return current;
  } catch (e) {
    if (isSilentFailure(e)) return stringIfInvalid;
    throw e;
  }
}

/** A context value as a lookup's first step sees it (callables called). */
export function base(value: unknown): unknown {
  return typeof value === 'function' ? callValue(value, undefined) : value;
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function isIndex(bit: string): boolean {
  return /^-?\d+$/.test(bit);
}

function objectMethod(o: Record<string, unknown>, bit: string): () => unknown {
  if (bit === 'items') return () => Object.entries(o);
  if (bit === 'keys') return () => Object.keys(o);
  return () => Object.values(o);
}

function mapMethod(m: Map<unknown, unknown>, bit: string): () => unknown {
  if (bit === 'items') return () => Array.from(m.entries());
  if (bit === 'keys') return () => Array.from(m.keys());
  return () => Array.from(m.values());
}

/** Resolves a path of bits from a starting value; MISSING when any step fails. */
export function lookupPath(current: unknown, bits: readonly string[], from = 0): unknown {
  for (let i = from; i < bits.length; i++) {
    current = lookup(current, bits[i]);
    if (current === MISSING) return MISSING;
  }
  return current;
}

/** Python truthiness: empty strings, lists, dicts, 0, None and False are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === MISSING) return false;
  if (v === true) return true;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof SafeString) return v.value.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'object' && isPlainObject(v)) {
    for (const _ in v) return true;
    return false;
  }
  const len = (v as { length?: unknown }).length;
  if (typeof len === 'number' && typeof v === 'object') return len > 0;
  return true;
}

/** Python's repr() of a value, as Django shows lists and dicts. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined || v === MISSING) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string' || v instanceof SafeString) {
    const s = String(v);
    if (s.includes("'") && !s.includes('"')) return `"${s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}"`;
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
  }
  if (typeof v === 'number') return pyNumber(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Map) return `{${Array.from(v, ([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof Set) return v.size ? `{${Array.from(v, pyRepr).join(', ')}}` : 'set()';
  if (typeof v === 'object' && isPlainObject(v)) {
    return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return pyStr(v);
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python's str() of a value: what `{{ value }}` prints before escaping. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof SafeString) return v.value;
  if (typeof v === 'number') return pyNumber(v);
  if (v === null || v === undefined || v === MISSING) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (Array.isArray(v) || v instanceof Map || v instanceof Set) return pyRepr(v);
  if (v instanceof Date) return pyDate(v);
  if (typeof v === 'object' && isPlainObject(v)) {
    const own = (v as { toString?: unknown }).toString;
    return typeof own === 'function' && own !== objectProto.toString ? String(v) : pyRepr(v);
  }
  return String(v);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function pyDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const ms = d.getMilliseconds();
  return ms ? `${base}.${pad(ms * 1000, 6)}` : base;
}

/** Output of `{{ value }}` under autoescape: safe strings as they are, everything else escaped. */
export function out(v: unknown): string {
  if (typeof v === 'string') return escapeHtml(v);
  if (v === MISSING) return ''; // a miss with an empty string_if_invalid (generated code passes it through)
  if (v instanceof SafeString) return v.value;
  if (typeof v === 'number') return pyNumber(v);
  if (isHtml(v)) return v.__html__(); // Django's __html__ protocol (forms, error lists, widgets)
  return escapeHtml(outRaw(v));
}

/** An object that renders itself as safe HTML (Python's `__html__`). */
export function isHtml(v: unknown): v is { __html__(): string } {
  return typeof v === 'object' && v !== null && typeof (v as { __html__?: unknown }).__html__ === 'function';
}

/** Output of `{{ value }}` with autoescape off (dates localized with DATETIME_FORMAT, as Django's localize does). */
export function outRaw(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === MISSING) return '';
  if (v instanceof Date && !Number.isNaN(v.getTime())) return formatDate(v, 'N j, Y, P');
  return pyStr(v);
}

/** A for loop's sequence as an array (Django's `list(values)`; dicts iterate keys). */
export function toList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined || v === MISSING || v === false || v === true || typeof v === 'number') return [];
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof SafeString) return Array.from(v.value);
  if (v instanceof Map) return Array.from(v.keys());
  if (typeof v === 'object' && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>);
  if (typeof v === 'object') return Object.keys(v as object);
  return [];
}

/**
 * Django's if operators in generated code: an exception while evaluating
 * makes the operation false. A silent variable failure is let through: the
 * fast code reads properties inline, so it comes from a variable, which
 * Django turns into string_if_invalid, not into false; the template then
 * switches to guarded code (see Template), whose operators use guardAny.
 */
export function guard(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    if (isSilentFailure(e)) throw e;
    return false;
  }
}

/** Django's if operators in guarded generated code (variables never throw there): any exception is false. */
export function guardAny(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return false;
  }
}

/** Python's == for template values. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a instanceof SafeString) a = a.value;
  if (b instanceof SafeString) b = b.value;
  if (a === MISSING) a = null;
  if (b === MISSING) b = null;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (typeof a === 'boolean' && typeof b === 'number') return (a ? 1 : 0) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return (b ? 1 : 0) === a;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

/** Python's `in`; a TypeError (unsupported container) counts as false, as in Django's if tag. */
export function pyIn(needle: unknown, hay: unknown): boolean {
  if (hay instanceof SafeString) hay = hay.value;
  if (typeof hay === 'string') {
    const n = needle instanceof SafeString ? needle.value : needle;
    return typeof n === 'string' && hay.includes(n);
  }
  if (Array.isArray(hay)) return hay.some((x) => pyEq(x, needle));
  if (hay instanceof Map || hay instanceof Set) {
    for (const k of hay.keys()) if (pyEq(k, needle)) return true;
    return false;
  }
  if (hay !== null && typeof hay === 'object' && typeof needle === 'string') return needle in hay;
  return false;
}

/** Python's ordering for numbers and strings; anything else raises in Python, which Django's if treats as false. */
export function pyCompare(a: unknown, b: unknown, op: string): boolean {
  if (a instanceof SafeString) a = a.value;
  if (b instanceof SafeString) b = b.value;
  if (typeof a === 'boolean') a = a ? 1 : 0;
  if (typeof b === 'boolean') b = b ? 1 : 0;
  const ok = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') || (a instanceof Date && b instanceof Date);
  if (!ok) return false;
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

/** Python's `is` (None, True and False are singletons; missing values are None). */
export function pyIs(a: unknown, b: unknown): boolean {
  if (a === undefined || a === MISSING) a = null;
  if (b === undefined || b === MISSING) b = null;
  return a === b;
}
