/**
 * HTML compared as documents, not text (django.test.html): parseHtml()
 * builds Django's normalized tree (whitespace collapsed, attributes sorted,
 * class names sorted, `checked` equal to `checked="checked"`, character
 * references decoded), on which assertHTMLEqual, assertInHTML and
 * assertContains(..., { html: true }) compare and count.
 */
import { Tokenizer } from 'htmlparser2';
import { escapeHtml } from '../template/safe';

const ASCII_WHITESPACE = /[\t\n\f\r ]+/g;
const MAX_DEPTH = 1000;

/** Attributes whose presence is their value (Django's BOOLEAN_ATTRIBUTES). */
const BOOLEAN_ATTRIBUTES = new Set([
  'allowfullscreen', 'async', 'autofocus', 'autoplay', 'checked', 'controls', 'default', 'defer', 'disabled', 'formnovalidate',
  'hidden', 'ismap', 'itemscope', 'loop', 'multiple', 'muted', 'nomodule', 'novalidate', 'open', 'playsinline', 'readonly',
  'required', 'reversed', 'selected', 'truespeed',
]);

/** Elements without an end tag (Python's html.parser and Django's SELF_CLOSING_TAGS). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export class HTMLParseError extends Error {
  override name = 'HTMLParseError';
}

type Child = string | Element;

function normalizeWhitespace(text: string): string {
  return text.replace(ASCII_WHITESPACE, ' ');
}

function normalizeAttributes(attributes: Record<string, string>): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  for (const [name, raw] of Object.entries(attributes)) {
    let value: string | null = raw;
    if (name === 'class' && value) value = value.split(ASCII_WHITESPACE).filter(Boolean).sort().join(' ');
    if (BOOLEAN_ATTRIBUTES.has(name) && (!value || value === name)) value = null;
    out.push([name, value]);
  }
  return out.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : String(av) < String(bv) ? -1 : String(av) > String(bv) ? 1 : 0));
}

/** An element of the normalized tree; the document itself is an Element named null. */
export class Element {
  readonly children: Child[] = [];
  constructor(
    readonly name: string | null,
    readonly attributes: ReadonlyArray<[string, string | null]> = [],
  ) {}

  append(child: Child): void {
    if (typeof child === 'string') {
      child = normalizeWhitespace(child);
      const last = this.children[this.children.length - 1];
      if (typeof last === 'string') {
        this.children[this.children.length - 1] = normalizeWhitespace(last + child);
        return;
      }
    } else {
      // A whitespace-only text before an element is dropped (Django's too; it ignores that space between inline tags matters).
      const last = this.children[this.children.length - 1];
      if (typeof last === 'string' && last.trim() === '') this.children.pop();
    }
    if (child !== '') this.children.push(child);
  }

  /** Strips the text at the edges, as Django's finalize(). */
  finalize(): void {
    while (this.children.length) {
      const last = this.children[this.children.length - 1];
      if (typeof last !== 'string') break;
      const stripped = last.trimEnd();
      if (stripped) {
        this.children[this.children.length - 1] = stripped;
        break;
      }
      this.children.pop();
    }
    this.children.forEach((child, i) => {
      if (typeof child === 'string') this.children[i] = child.trim();
      else child.finalize();
    });
  }

  equals(other: Child): boolean {
    if (typeof other === 'string' || this.name !== other.name) return false;
    if (this.attributes.length !== other.attributes.length) return false;
    for (let i = 0; i < this.attributes.length; i++) {
      const [a, av] = this.attributes[i]!;
      const [b, bv] = other.attributes[i]!;
      if (a !== b || av !== bv) return false;
    }
    if (this.children.length !== other.children.length) return false;
    return this.children.every((c, i) => (typeof c === 'string' ? c === other.children[i] : c.equals(other.children[i]!)));
  }

  /** How many times `needle` (an element, a fragment of several, or text) occurs in this tree (Django's Element.count). */
  count(needle: Child): number {
    return this.countIn(needle, true);
  }

  contains(needle: Child): boolean {
    return this.countIn(needle, false) > 0;
  }

  private countIn(needle: Child, all: boolean): number {
    if (typeof needle !== 'string' && this.equals(needle)) return 1;
    if (typeof needle !== 'string' && needle.name === null && sameChildren(this.children, needle.children)) return 1;
    let found = 0;
    let matched = 0;
    for (const child of this.children) {
      if (typeof child === 'string') {
        if (typeof needle === 'string') {
          if (all) found += occurrences(child, needle);
          else if (child.includes(needle)) return 1;
        }
        continue;
      }
      found += child.countIn(needle, all);
      if (!all && found) return found;
      // A fragment of several elements: a run of them among this element's children ('<a/><b/>' in '<a/><b/><c/>').
      if (typeof needle !== 'string' && needle.name === null && needle.children.length) {
        if (child.equals(needle.children[matched]!)) {
          matched++;
          if (matched === needle.children.length) {
            found++;
            matched = 0;
          }
        } else matched = 0;
      }
    }
    return found;
  }

  /** The normalized HTML, as the assertion messages show it. */
  toString(): string {
    const inner = this.children.map((c) => (typeof c === 'string' ? escapeHtml(c) : String(c))).join(this.name === null ? ' ' : '');
    if (this.name === null) return inner;
    const attrs = this.attributes.map(([k, v]) => (v === null ? ` ${k}` : ` ${k}="${v.replace(/"/g, '&quot;')}"`)).join('');
    return VOID.has(this.name) && !this.children.length ? `<${this.name}${attrs}>` : `<${this.name}${attrs}>${inner}</${this.name}>`;
  }
}

function sameChildren(a: readonly Child[], b: readonly Child[]): boolean {
  return a.length === b.length && a.every((c, i) => (typeof c === 'string' ? c === b[i] : c.equals(b[i]!)));
}

/** How many times `needle` occurs in `text`, without overlaps (Python's str.count). */
export function occurrences(text: string, needle: string): number {
  if (needle === '') return text.length + 1;
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * The normalized tree of an HTML document or fragment; one top element is
 * answered as itself (Django's parse_html). htmlparser2's tokenizer reads the
 * tags; the tree is built as Django's parser builds it (no implied closing:
 * an end tag closes up to its element, and an end tag with no open element
 * is an error).
 */
export function parseHtml(html: string): Element {
  const root = new Element(null);
  const stack: Element[] = [root];
  const position = (index: number) => {
    const before = html.slice(0, index);
    return `Line ${before.split('\n').length}, Column ${index - before.lastIndexOf('\n') - 1}`;
  };
  let tagName = '';
  let tagStart = 0;
  let attributes: Record<string, string> = {};
  let attribName = '';
  let attribValue = '';
  const open = (selfClosing: boolean) => {
    const element = new Element(tagName, normalizeAttributes(attributes));
    stack[stack.length - 1]!.append(element);
    if (!VOID.has(tagName) && !selfClosing) {
      // The tree is compared recursively; Python's parser stops near this depth too.
      if (stack.length > MAX_DEPTH) throw new HTMLParseError(`Elements nested more than ${MAX_DEPTH} deep (${position(tagStart)})`);
      stack.push(element);
    }
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true, recognizeSelfClosing: true },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        tagStart = start - 1;
        attributes = {};
      },
      onattribname(start, end) {
        attribName = html.slice(start, end).toLowerCase();
        attribValue = '';
      },
      onattribdata(start, end) {
        attribValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        attribValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        // The first of repeated attributes wins, as in browsers.
        if (!(attribName in attributes)) attributes[attribName] = attribValue;
      },
      onopentagend() {
        open(false);
      },
      onselfclosingtag() {
        open(true);
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (VOID.has(name)) return;
        const at = stack.map((e) => e.name).lastIndexOf(name);
        if (at <= 0) throw new HTMLParseError(`Unexpected end tag \`${name}\` (${position(start - 2)})`);
        stack.length = at;
      },
      ontext(start, end) {
        stack[stack.length - 1]!.append(html.slice(start, end));
      },
      ontextentity(codepoint) {
        stack[stack.length - 1]!.append(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  root.finalize();
  return root.children.length === 1 && typeof root.children[0] !== 'string' ? root.children[0]! : root;
}
