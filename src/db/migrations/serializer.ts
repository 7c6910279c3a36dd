/**
 * Values as TypeScript/JavaScript source (django.db.migrations.serializer):
 * what a migration file spells for fields, indexes, constraints, Q objects,
 * dates, functions and plain data. Anything it cannot write back faithfully
 * is an error naming the value, never a silently different file.
 */
import { ValueError } from '../../core/exceptions';
import { CheckConstraintSpec, UniqueConstraintSpec } from '../models/constraints';
import { Combined, FRef, QNode } from '../models/expressions';
import { Field } from '../models/fields';
import { IndexSpec } from '../models/indexes';

const IDENT = /^[A-Za-z_$][\w$]*$/;
const ON_DELETE = new Set(['CASCADE', 'PROTECT', 'RESTRICT', 'SET_NULL', 'SET_DEFAULT', 'DO_NOTHING']);

/** A string literal in single quotes. */
export function str(s: string): string {
  return `'${s.replace(/[\\'\n\r\t\u2028\u2029]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u2028': '\\u2028', '\u2029': '\\u2029' })[c]!)}'`;
}

function key(k: string): string {
  return IDENT.test(k) ? k : str(k);
}

function fn(f: (...a: unknown[]) => unknown, where: string): string {
  const src = Function.prototype.toString.call(f);
  if (/\[native code\]/.test(src)) throw new ValueError(`Cannot serialize the built-in function '${f.name}' (${where}): write it as an arrow function, e.g. () => ${f.name}().`);
  if (/^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(src)) return src;
  // a method shorthand (`name() {}`) becomes a function expression
  const m = /^(async\s+)?(\*?\s*[A-Za-z_$][\w$]*\s*\()/.exec(src);
  if (m) return `${m[1] ?? ''}function ${src.slice((m[1] ?? '').length)}`;
  throw new ValueError(`Cannot serialize the function ${f.name || '(anonymous)'} (${where}).`);
}

function q(node: QNode, ind: string): string {
  let base: string;
  const pairs = node.children.every((c) => !(c instanceof QNode));
  if (pairs && node.connector === 'AND') {
    const obj = Object.fromEntries(node.children.map((c) => c as readonly [string, unknown]));
    if (Object.keys(obj).length !== node.children.length) base = raw(node, ind);
    else base = `models.Q(${serialize(obj, ind)})`;
  } else if (node.children.length === 2 && node.children.every((c) => c instanceof QNode)) {
    base = `${q(node.children[0] as QNode, ind)}.${node.connector === 'AND' ? 'and' : 'or'}(${q(node.children[1] as QNode, ind)})`;
  } else base = raw(node, ind);
  if (!node.negated) return base;
  return base.startsWith('new models.QNode') ? base : `${base}.not()`;
}

function raw(node: QNode, ind: string): string {
  const children = node.children.map((c) => {
    if (c instanceof QNode) return q(c, ind);
    if (!Array.isArray(c)) throw new ValueError('A Q holding an expression (Exists, a comparison) cannot be written into a migration; use lookups in constraint conditions.');
    return serialize([...c], ind);
  });
  return `new models.QNode([${children.join(', ')}], ${str(node.connector)}, ${node.negated})`;
}

/** `value` as source text; `ind` is the indentation of the line it starts on. */
export function serialize(value: unknown, ind = '', where = 'a migration value'): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'number':
      if (Number.isNaN(value)) return 'Number.NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Number.POSITIVE_INFINITY' : 'Number.NEGATIVE_INFINITY';
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return fn(value as (...a: unknown[]) => unknown, where);
    case 'symbol':
      throw new ValueError(`Cannot serialize a symbol (${where}).`);
  }
  if (value instanceof Field) return field(value, ind);
  if (value instanceof IndexSpec) return `models.Index(${serialize(value.deconstruct().options, ind)})`;
  if (value instanceof UniqueConstraintSpec) return `models.UniqueConstraint(${serialize(value.deconstruct().options, ind)})`;
  if (value instanceof CheckConstraintSpec) return `models.CheckConstraint(${serialize(value.deconstruct().options, ind)})`;
  if (value instanceof QNode) return q(value, ind);
  if (value instanceof FRef) return `models.F(${str(value.name)})`;
  if (value instanceof Combined) throw new ValueError(`Cannot serialize an expression (${where}); use values, Q and F.`);
  if (value instanceof Date) return `new Date(${str(value.toISOString())})`;
  if (value instanceof Uint8Array) return `new Uint8Array([${Array.from(value).join(', ')}])`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((v) => serialize(v, ind, where)).join(', ')}]`;
    if (flat.length + ind.length <= 100 && !flat.includes('\n')) return flat;
    const inner = `${ind}  `;
    return `[\n${value.map((v) => `${inner}${serialize(v, inner, where)},`).join('\n')}\n${ind}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new ValueError(`Cannot serialize ${proto?.constructor?.name ?? 'this object'} (${where}).`);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const flat = `{ ${entries.map(([k, v]) => `${key(k)}: ${serialize(v, ind, where)}`).join(', ')} }`;
  if (flat.length + ind.length <= 100 && !flat.includes('\n')) return flat;
  const inner = `${ind}  `;
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${serialize(v, inner, `${where}.${k}`)},`).join('\n')}\n${ind}}`;
}

/** A field as its factory call: `models.CharField({ maxLength: 200 })`. */
function field(f: Field, ind: string): string {
  const d = f.deconstruct();
  const where = `field ${f.modelLabel ? `${f.modelLabel}.` : ''}${f.name || d.type}`;
  const options = Object.entries(d.options)
    .map(([k, v]) => `${key(k)}: ${k === 'onDelete' && typeof v === 'string' && ON_DELETE.has(v) ? `models.${v}` : serialize(v, `${ind}  `, where)}`)
    .join(', ');
  const args = [d.to !== undefined ? str(d.to) : null, options || d.to === undefined ? `{${options ? ` ${options} ` : ''}}` : null].filter((a) => a !== null);
  if (d.to !== undefined && !options) return `models.${d.type}(${args[0]})`;
  return `models.${d.type}(${args.join(', ')})`;
}
