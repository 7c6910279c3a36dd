/**
 * Python's pprint.pformat (width 80, dictionaries sorted by key), for the
 * pprint filter and `{% debug %}`: the repr when it fits, otherwise one
 * dictionary item or list element per line, long strings split on
 * whitespace into adjacent literals.
 *
 * @example
 * pformat({ b: 1, a: [1, 2] }) // "{'a': [1, 2], 'b': 1}"
 */
import { isPlainObject, pyRepr } from './runtime';

const WIDTH = 80;

type Entries = [unknown, unknown][];

/** The items of a value Python would print as a dict, or null. */
function dictItems(v: unknown): Entries | null {
  if (v instanceof Map) return [...v];
  if (v !== null && typeof v === 'object' && isPlainObject(v)) return Object.entries(v);
  return null;
}

/** Python orders keys of one type by value; mixed types by type name. */
function sortItems(items: Entries): Entries {
  const rank = (k: unknown) => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  return items.sort(([a], [b]) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 0) return (a as number) - (b as number);
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

/** pprint's _safe_repr: the one-line form, dictionaries sorted. */
export function saferepr(v: unknown): string {
  const items = dictItems(v);
  if (items) return `{${sortItems(items).map(([k, x]) => `${saferepr(k)}: ${saferepr(x)}`).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(saferepr).join(', ')}]`;
  return pyRepr(v);
}

/** Python's pprint.pformat(value). */
export function pformat(v: unknown): string {
  const out: string[] = [];
  format(v, out, 0, 0, 1);
  return out.join('');
}

function format(v: unknown, out: string[], indent: number, allowance: number, level: number): void {
  const rep = saferepr(v);
  if (rep.length <= WIDTH - indent - allowance) {
    out.push(rep);
    return;
  }
  const items = dictItems(v);
  if (items) {
    out.push('{');
    const sorted = sortItems(items);
    const inner = indent + 1;
    sorted.forEach(([k, x], i) => {
      const last = i === sorted.length - 1;
      const key = saferepr(k);
      out.push(key, ': ');
      format(x, out, inner + key.length + 2, last ? allowance + 1 : 1, level + 1);
      if (!last) out.push(`,\n${' '.repeat(inner)}`);
    });
    out.push('}');
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    const inner = indent + 1;
    v.forEach((x, i) => {
      const last = i === v.length - 1;
      if (i) out.push(`,\n${' '.repeat(inner)}`);
      format(x, out, inner, last ? allowance + 1 : 1, level + 1);
    });
    out.push(']');
    return;
  }
  if (typeof v === 'string' && v.length) {
    formatString(v, out, indent, allowance, level);
    return;
  }
  out.push(rep);
}

/** pprint's _pprint_str: a long string as adjacent literals, split after whitespace. */
function formatString(s: string, out: string[], indent: number, allowance: number, level: number): void {
  const chunks: string[] = [];
  const lines = s.match(/[^\n\r]*(?:\r\n|\n|\r)|[^\n\r]+$/g) ?? [s];
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  let maxWidth1 = maxWidth;
  let rep = '';
  lines.forEach((line, i) => {
    rep = pyRepr(line);
    if (i === lines.length - 1) maxWidth1 -= allowance;
    if (rep.length <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((p, j, all) => p !== '' || j < all.length - 1);
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
      if (pyRepr(candidate).length > maxWidth2) {
        if (current) chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(pyRepr(current));
  });
  if (chunks.length === 1) {
    out.push(rep);
    return;
  }
  if (level === 1) out.push('(');
  out.push(chunks.join(`\n${' '.repeat(indent)}`));
  if (level === 1) out.push(')');
}
