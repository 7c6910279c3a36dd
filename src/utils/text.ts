/** Django's django.utils.text helpers that more than one module needs. */

/** The string with its first character upper-cased (Django's capfirst). */
export function capfirst(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
