/**
 * SafeString and HTML escaping (django.utils.safestring, django.utils.html).
 *
 * JavaScript strings are primitives and cannot carry a flag, so a string
 * marked safe is a SafeString object; the renderer writes its `value`
 * unescaped. `escape` returns its input untouched when there is nothing to
 * escape, which is the common case on the render path.
 */

/** A string that has been marked safe for HTML output (Django's SafeString). */
export class SafeString {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  get length(): number {
    return this.value.length;
  }
}

/** Marks `value` as safe: it will not be escaped again (Django's mark_safe). */
export function markSafe(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  return new SafeString(typeof value === 'string' ? value : String(value));
}

/** True for values marked safe. */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}

const needsEscape = /[&<>"']/;

/** html.escape with Django's entities; returns `text` itself when nothing needs escaping. */
export function escapeHtml(text: string): string {
  if (!needsEscape.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    let rep: string;
    switch (text.charCodeAt(i)) {
      case 38:
        rep = '&amp;';
        break;
      case 60:
        rep = '&lt;';
        break;
      case 62:
        rep = '&gt;';
        break;
      case 34:
        rep = '&quot;';
        break;
      case 39:
        rep = '&#x27;';
        break;
      default:
        continue;
    }
    if (last !== i) out += text.slice(last, i);
    out += rep;
    last = i + 1;
  }
  return last < text.length ? out + text.slice(last) : out;
}
