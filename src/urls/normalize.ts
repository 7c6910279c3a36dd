/**
 * Django's django.utils.regex_helper.normalize(), for reversing rePath()
 * patterns: a regex becomes the list of URL templates it can produce, each a
 * list of literal text and parameter names.
 *
 *   - `?`, `*`, `{0,n}` take zero occurrences, `+` and `{n,m}` take n; an
 *     optional group that holds a parameter gives both forms;
 *   - a character class gives its first character, `.` gives '.', `\d` '0'...;
 *   - look-arounds are dropped; `|` makes the regex irreversible (one empty
 *     template, as Django returns).
 */
import { ValueError } from '../core/exceptions';

export type TemplatePart = string | { readonly param: string };
export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly params: readonly string[];
}

// A parsed item: text, a parameter, a sequence, or a choice between sequences.
type Item =
  | { t: 'text'; v: string }
  | { t: 'param'; v: string }
  | { t: 'seq'; v: Item[] }
  | { t: 'choice'; v: Item[][] };

const ESCAPES: Record<string, string | null> = {
  A: null, b: null, B: null, d: '0', D: 'x', s: ' ', S: 'x', w: 'x', W: '!', Z: null,
};

class Disjunction extends Error {}

export function normalize(regex: string): Template[] {
  try {
    const items = new Parser(regex).sequence(false);
    return expand(items).map(([parts, params]) => ({ parts: mergeText(parts), params }));
  } catch (error) {
    if (error instanceof Disjunction) return [{ parts: [], params: [] }];
    throw error;
  }
}

class Parser {
  private i = 0;
  private positional = 0;
  constructor(private readonly src: string) {}

  sequence(inGroup: boolean): Item[] {
    const out: Item[] = [];
    const src = this.src;
    while (this.i < src.length) {
      const ch = src[this.i++];
      if (ch === ')' && inGroup) return out;
      if (ch === '|') throw new Disjunction();
      if (ch === '^') continue;
      if (ch === '$') {
        this.i = src.length;
        break;
      }
      if (ch === '.') out.push({ t: 'text', v: '.' });
      else if (ch === '\\') {
        const next = src[this.i++] ?? '';
        if (next in ESCAPES) {
          const v = ESCAPES[next];
          if (v !== null) out.push({ t: 'text', v });
        } else out.push({ t: 'text', v: next });
      } else if (ch === '[') {
        // The first character of the class (even '^', as Django does).
        let first = src[this.i++] ?? '';
        if (first === '\\') first = src[this.i++] ?? '';
        out.push({ t: 'text', v: first });
        let escaped = false;
        while (this.i < src.length) {
          const c = src[this.i++];
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === ']') break;
        }
      } else if (ch === '(') out.push(this.group());
      else if (ch === '*' || ch === '?' || ch === '+' || ch === '{') this.quantify(ch, out);
      else out.push({ t: 'text', v: ch });
    }
    return out;
  }

  private group(): Item {
    const src = this.src;
    if (src[this.i] !== '?') {
      const name = `_${this.positional++}`;
      this.skipGroup();
      return { t: 'param', v: name };
    }
    this.i++;
    const kind = src[this.i++];
    if (kind === ':') return { t: 'seq', v: this.sequence(true) };
    if (kind === '=' || kind === '!') {
      this.skipGroup();
      return { t: 'seq', v: [] };
    }
    if (kind === '<' && (src[this.i] === '=' || src[this.i] === '!')) {
      this.skipGroup();
      return { t: 'seq', v: [] };
    }
    let nameStart = this.i;
    if (kind === 'P') {
      const next = src[this.i++];
      if (next === '=') {
        // A named back-reference repeats a parameter.
        const end = src.indexOf(')', this.i);
        const name = src.slice(this.i, end);
        this.i = end + 1;
        return { t: 'param', v: name };
      }
      if (next !== '<') throw new ValueError(`Non-reversible reg-exp portion: '(?P${next}'`);
      nameStart = this.i;
    } else if (kind !== '<') {
      throw new ValueError(`Non-reversible reg-exp portion: '(?${kind}'`);
    }
    const end = src.indexOf('>', nameStart);
    const name = src.slice(nameStart, end);
    this.i = end + 1;
    this.skipGroup();
    return { t: 'param', v: name };
  }

  /** Skips to the parenthesis closing the current group. */
  private skipGroup(): void {
    const src = this.src;
    let depth = 1;
    let inClass = false;
    while (this.i < src.length && depth > 0) {
      const c = src[this.i++];
      if (c === '\\') this.i++;
      else if (inClass) inClass = c !== ']';
      else if (c === '[') inClass = true;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
  }

  private quantify(ch: string, out: Item[]): void {
    let min = ch === '+' ? 1 : 0;
    if (ch === '{') {
      const end = this.src.indexOf('}', this.i);
      const body = this.src.slice(this.i, end);
      this.i = end + 1;
      min = Number.parseInt(body.split(',')[0], 10) || 0;
    }
    if (this.src[this.i] === '?') this.i++; // a lazy quantifier counts the same
    const last = out.pop();
    if (last === undefined) return;
    if (min === 0) {
      if (hasParam(last)) out.push({ t: 'choice', v: [[], [last]] });
    } else {
      for (let k = 0; k < min; k++) out.push(last);
    }
  }
}

function hasParam(item: Item): boolean {
  if (item.t === 'param') return true;
  if (item.t === 'seq') return item.v.some(hasParam);
  if (item.t === 'choice') return item.v.some((alt) => alt.some(hasParam));
  return false;
}

function expand(items: Item[]): Array<[TemplatePart[], string[]]> {
  let results: Array<[TemplatePart[], string[]]> = [[[], []]];
  for (const item of items) {
    let options: Array<[TemplatePart[], string[]]>;
    if (item.t === 'text') options = [[[item.v], []]];
    else if (item.t === 'param') options = [[[{ param: item.v }], [item.v]]];
    else if (item.t === 'seq') options = expand(item.v);
    else options = item.v.flatMap((alt) => expand(alt));
    const next: Array<[TemplatePart[], string[]]> = [];
    for (const [parts, params] of results) {
      for (const [p2, q2] of options) next.push([[...parts, ...p2], [...params, ...q2]]);
    }
    results = next;
  }
  return results;
}

function mergeText(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += part;
    else out.push(part);
  }
  return out;
}
