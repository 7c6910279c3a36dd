/** Django's django.utils.text helpers that more than one module needs. */

/** The string with its first character upper-cased (Django's capfirst). */
export function capfirst(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** A wrong value as an error message names it: "null", "a string", "the function f", "an object (Foo)". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`;
}
