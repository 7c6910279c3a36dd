/**
 * The built-in filters (django.template.defaultfilters), with Django's
 * flags: `isSafe` (a safe input keeps its output safe), `needsAutoescape`
 * (receives the autoescape flag), and whether an argument is taken.
 * "String filters" convert their input with Python's str() first.
 */
import type { FilterDef, FilterFunction } from './base';
import { formatDate, formatTime, localtime } from './dateformat';
import { ValueError } from '../core/exceptions';
import { pyFloatOf, pyInt, pyRound } from './defaulttags';
import { MISSING, isHtml, lookup, pyRepr, pyStr, toList, truthy } from './runtime';
import { SafeString, escapeHtml, markSafe } from './safe';
import { numberFormat } from './numberformat';
import { stripTags } from './striptags';
import { urlize } from './urlize';
import { pformat } from './pformat';

const filters = new Map<string, FilterDef>();

function register(name: string, fn: FilterFunction, options: Omit<FilterDef, 'name' | 'fn'> = {}): void {
  filters.set(name, { name, fn, ...options });
}

const str = pyStr;

function conditionalEscape(v: unknown): SafeString {
  if (isHtml(v)) return new SafeString(v.__html__());
  return v instanceof SafeString ? v : new SafeString(escapeHtml(str(v)));
}

/** Python's len(), or null when the value has none. */
function pyLen(v: unknown): number | null {
  if (typeof v === 'string') return v.length;
  if (v instanceof SafeString) return v.value.length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v !== null && typeof v === 'object') {
    const len = (v as { length?: unknown }).length;
    if (typeof len === 'number') return len;
    if (Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length;
  }
  return null;
}

/** Python's list(value) for sequences filters index into. */
function seq(v: unknown): unknown[] | string | null {
  if (typeof v === 'string') return v;
  if (v instanceof SafeString) return v.value;
  if (Array.isArray(v)) return v;
  if (v instanceof Map || v instanceof Set) return Array.from(v instanceof Map ? v.keys() : v);
  return null;
}

// ---------------------------------------------------------------------------
// String filters

register('addslashes', (v) => str(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'"), { isSafe: true });

register(
  'capfirst',
  (v) => {
    const s = str(v);
    return s && s[0].toUpperCase() + s.slice(1);
  },
  { isSafe: true },
);

const jsEscapes: Record<string, string> = {
  '\\': '\\u005C',
  "'": '\\u0027',
  '"': '\\u0022',
  '>': '\\u003E',
  '<': '\\u003C',
  '&': '\\u0026',
  '=': '\\u003D',
  '-': '\\u002D',
  ';': '\\u003B',
  '`': '\\u0060',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
// C0 controls, DEL and C1 controls, as Django escapes them.
for (let i = 0; i < 0xa0; i = i === 31 ? 0x7f : i + 1) jsEscapes[String.fromCharCode(i)] = `\\u${i.toString(16).toUpperCase().padStart(4, '0')}`;

/** Django's escapejs: characters that could end a JavaScript string or a script element, as \uXXXX. */
export function escapejs(value: unknown): SafeString {
  return markSafe(str(value).replace(/[\\'"><&=\-;`\u2028\u2029\x00-\x1f\x7f-\x9f]/g, (c) => jsEscapes[c]));
}
register('escapejs', escapejs);

/** Python's json.dumps with default separators. */
function pyJson(v: unknown): string {
  if (v === null || v === undefined || v === MISSING) return 'null';
  if (v instanceof SafeString) v = v.value;
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (v instanceof Map) return `{${Array.from(v, ([k, x]) => `${pyJson(String(k))}: ${pyJson(x)}`).join(', ')}}`;
  if (typeof v === 'object') {
    const o = v as { toJSON?: () => unknown };
    if (typeof o.toJSON === 'function') return pyJson(o.toJSON());
    return `{${Object.entries(v as object).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ')}}`;
  }
  return JSON.stringify(String(v));
}

register(
  'json_script',
  (v, id) => {
    const json = pyJson(v).replace(/&/g, '\\u0026').replace(/</g, '\\u003C').replace(/>/g, '\\u003E');
    const attr = id !== undefined && id !== null && str(id) !== '' ? ` id="${escapeHtml(str(id))}"` : '';
    return markSafe(`<script${attr} type="application/json">${json}</script>`);
  },
  { isSafe: true, arg: 'optional' },
);

register(
  'floatformat',
  (text, arg = -1) => floatformat(text, arg),
  { isSafe: true, arg: 'optional' },
);

/** A decimal as Python's Decimal.as_tuple() sees it: value = (-1)^neg × digits × 10^exp. */
interface DecimalTuple {
  neg: boolean;
  /** Digits without leading zeros ('0' for zero). */
  digits: string;
  exp: number;
}

const decimalSyntax = /^\s*([-+]?)((?:\d(?:_?\d)*)?)(?:\.((?:\d(?:_?\d)*)?))?(?:e([-+]?\d(?:_?\d)*))?\s*$/i;

/** Python's Decimal(text) for finite values, or null when it would raise (or the value is infinite/NaN). */
function parseDecimal(text: string): DecimalTuple | null {
  const m = decimalSyntax.exec(text);
  if (!m) return null;
  const intDigits = m[2].replace(/_/g, '');
  const fracDigits = (m[3] ?? '').replace(/_/g, '');
  if (!intDigits && !fracDigits) return null;
  const digits = (intDigits + fracDigits).replace(/^0+(?=\d)/, '');
  // Exponents beyond 2^53 only need to be known as huge (the caller cuts off at 200 digits).
  const exp = (m[4] ? Number(m[4].replace(/_/g, '')) : 0) - fracDigits.length;
  return { neg: m[1] === '-', digits, exp };
}

/** The plain decimal text of `d` rounded half-up to `places` decimals (Decimal.quantize with ROUND_HALF_UP). */
function quantize(d: DecimalTuple, places: number): string {
  let digits = d.digits;
  let exp = d.exp;
  if (exp > -places) {
    // Fewer decimals than asked: pad with zeros.
    digits += '0'.repeat(exp + places);
    exp = -places;
  } else if (exp < -places) {
    const drop = -places - exp;
    if (drop > digits.length) digits = '0'.repeat(drop - digits.length) + digits;
    const keep = digits.slice(0, digits.length - drop);
    const roundUp = digits.charCodeAt(digits.length - drop) >= 53; // '5'
    digits = roundUp ? increment(keep || '0') : keep || '0';
    exp = -places;
  }
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const intPart = digits.slice(0, digits.length - places).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(digits.length - places);
  // Python keeps the sign only on a non-zero result ("-0.00" prints as "0.00").
  const sign = d.neg && /[1-9]/.test(intPart + frac) ? '-' : '';
  return `${sign}${intPart}${places ? `.${frac}` : ''}`;
}

/** A string of decimal digits plus one. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  return i < 0 ? `1${'0'.repeat(digits.length)}` : digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1);
}

/** Django's floatformat (with its `g` and `u` suffixes). */
function floatformat(text: unknown, arg: unknown): string | SafeString {
  let forceGrouping = false;
  let useL10n = true;
  let a: unknown = arg;
  if (typeof a === 'string' || a instanceof SafeString) {
    let s = str(a);
    if (s.endsWith('gu') || s.endsWith('ug')) {
      forceGrouping = true;
      useL10n = false;
      s = s.slice(0, -2);
    } else if (s.endsWith('g')) {
      forceGrouping = true;
      s = s.slice(0, -1);
    } else if (s.endsWith('u')) {
      useL10n = false;
      s = s.slice(0, -1);
    }
    a = s === '' ? -1 : s;
  }
  const inputVal = str(text);
  // Python's Decimal(str(text)), falling back to Decimal(str(float(text))).
  let source: string | null;
  if (typeof text === 'number' || typeof text === 'bigint') source = String(text);
  else if (typeof text === 'boolean') source = text ? '1' : '0';
  else if (typeof text === 'string' || text instanceof SafeString) source = inputVal;
  else source = null;
  if (source === null) return '';
  if (/^\s*[-+]?(inf|infinity|nan|snan)\s*$/i.test(source)) {
    // Decimal accepts them; int() of them raises, so Django returns the input.
    return inputVal;
  }
  const d = parseDecimal(source);
  if (d === null) return '';
  const p = pyInt(a);
  if (p === null) return inputVal;
  // More than 200 digits (with the exponent) are returned as they are, as
  // Django does against memory exhaustion.
  if (d.digits.length + Math.abs(d.exp) > 200) return inputVal;
  const isInt = d.exp >= 0 || /^0*$/.test(d.digits.slice(d.digits.length + d.exp));
  if (isInt && p <= 0) {
    const intPart = d.exp >= 0 ? (d.digits === '0' ? '0' : d.digits + '0'.repeat(d.exp)) : d.digits.slice(0, d.digits.length + d.exp) || '0';
    const sign = d.neg && intPart !== '0' ? '-' : '';
    return markSafe(numberFormat(sign + intPart, 0, { forceGrouping, useL10n }));
  }
  const places = Math.abs(p);
  return markSafe(numberFormat(quantize(d, places), places, { forceGrouping, useL10n }));
}

const iriSafe = new Set("/#%[]=:;$&()+,!?*@'~".split(''));

/** Python's urllib.parse.quote with a set of extra safe characters. */
export function quote(s: string, safe: string | Set<string> = '/'): string {
  const extra = typeof safe === 'string' ? new Set(safe.split('')) : safe;
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9_.\-~]/.test(ch) || extra.has(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

register('iriencode', (v) => quote(str(v), iriSafe), { isSafe: true });

register(
  'linenumbers',
  (value, _arg, autoescape) => {
    const lines = str(value).split('\n');
    const width = String(lines.length).length;
    const esc = autoescape && !(value instanceof SafeString);
    return markSafe(lines.map((l, i) => `${String(i + 1).padStart(width, '0')}. ${esc ? escapeHtml(l) : l}`).join('\n'));
  },
  { isSafe: true, needsAutoescape: true },
);

register('lower', (v) => str(v).toLowerCase(), { isSafe: true });
register('make_list', (v) => Array.from(str(v)));

/** Django's slugify: ASCII-folded, lowercased, non-word characters removed, spaces and hyphens collapsed. */
export function slugify(value: unknown): string {
  let s = str(value).normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  s = s.toLowerCase().replace(/[^\w\s-]/g, '');
  return s.replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}
register('slugify', slugify, { isSafe: true });

/** Python's %-formatting of one value with one conversion spec (`.2f`, `05d`, `s`, `x`…). */
function percentFormat(spec: string, value: unknown): string | null {
  const m = /^([-+ 0#]*)(\d+)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])$/.exec(spec);
  if (!m) return null;
  const [, flags, widthText, precText, conv] = m;
  const width = widthText ? parseInt(widthText, 10) : 0;
  const prec = precText !== undefined ? parseInt(precText, 10) : undefined;
  let body: string;
  let numeric = false;
  let negative = false;
  const num = () => {
    const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : NaN;
    if (Number.isNaN(n) && !(typeof value === 'number')) throw new TypeError('number required');
    return n;
  };
  switch (conv) {
    case 's':
      body = str(value);
      if (prec !== undefined) body = body.slice(0, prec);
      break;
    case 'r':
    case 'a':
      body = pyRepr(value);
      break;
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(num());
      negative = n < 0;
      body = String(Math.abs(n));
      numeric = true;
      break;
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = Math.trunc(num());
      negative = n < 0;
      body = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') body = body.toUpperCase();
      if (flags.includes('#')) body = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + body;
      numeric = true;
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const n = num();
      negative = n < 0 || Object.is(n, -0);
      const a = Math.abs(n);
      const p = prec ?? 6;
      if (conv === 'f' || conv === 'F') {
        body = Number.isFinite(a) ? quantize(parseDecimal(String(a))!, p) : a > 0 ? 'inf' : 'nan';
      } else if (conv === 'e' || conv === 'E') {
        body = a.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') body = body.toUpperCase();
      } else {
        body = String(Number(a.toPrecision(p || 1)));
        if (conv === 'G') body = body.toUpperCase();
      }
      numeric = true;
      break;
    }
    case 'c':
      body = typeof value === 'number' ? String.fromCodePoint(value) : str(value);
      break;
    default:
      body = '%';
  }
  let sign = '';
  if (numeric) sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const total = sign.length + body.length;
  if (total >= width) return sign + body;
  if (flags.includes('-')) return sign + body + ' '.repeat(width - total);
  if (flags.includes('0') && numeric) return sign + '0'.repeat(width - total) + body;
  return ' '.repeat(width - total) + sign + body;
}

register(
  'stringformat',
  (value, arg) => {
    try {
      const out = percentFormat(str(arg), value instanceof SafeString ? value.value : value);
      return out ?? '';
    } catch {
      return '';
    }
  },
  { isSafe: true, arg: 'required' },
);

/** Python's str.title(): the first cased character of every run is upper case, the rest lower. */
function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

register(
  'title',
  (v) => {
    const t = pyTitle(str(v)).replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase());
    return t.replace(/\d([A-Z])/g, (m) => m.toLowerCase());
  },
  { isSafe: true },
);

const combining = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;

function addTruncation(text: string, truncate: string): string {
  return text.endsWith(truncate) ? text : text + truncate;
}

/** Django's Truncator.chars. */
export function truncateChars(value: string, length: number, truncate = '…'): string {
  if (length <= 0) return '';
  if (!/[^\x00-\u02ff]/.test(value)) {
    // No combining marks and nothing NFC would change: count UTF-16 units.
    if (value.length <= length) return value;
    const keep = Math.max(0, length - truncate.length);
    return addTruncation(value.slice(0, keep), truncate);
  }
  const text = value.normalize('NFC');
  let truncateLen = length;
  for (const ch of truncate) {
    if (!combining.test(ch)) {
      truncateLen--;
      if (truncateLen === 0) break;
    }
  }
  let sLen = 0;
  let endIndex: number | null = null;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    if (combining.test(chars[i])) continue;
    sLen++;
    if (endIndex === null && sLen > truncateLen) endIndex = i;
    if (sLen > length) return addTruncation(chars.slice(0, endIndex ?? 0).join(''), truncate);
  }
  return text;
}

/** Django's Truncator.words (whitespace is normalized to single spaces). */
export function truncateWords(value: string, length: number, truncate = ' …'): string {
  if (length <= 0) return '';
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length > length) return addTruncation(words.slice(0, length).join(' '), truncate);
  return words.join(' ');
}

register(
  'truncatechars',
  (value, arg) => {
    const n = pyInt(arg);
    if (n === null) return value;
    return truncateChars(str(value), n);
  },
  { isSafe: true, arg: 'required' },
);

register(
  'truncatewords',
  (value, arg) => {
    const n = pyInt(arg);
    if (n === null) return value;
    return truncateWords(str(value), n);
  },
  { isSafe: true, arg: 'required' },
);


const singlets = new Set(['br', 'col', 'link', 'base', 'img', 'param', 'area', 'hr', 'input']);

/**
 * Django's Truncator._truncate_html: counts characters (or words) outside
 * tags, cuts, appends the truncation text and closes the tags left open.
 */
export function truncateHtml(text: string, length: number, truncate: string, words: boolean): string {
  if (length <= 0) return '';
  let truncateLen = length;
  if (!words) {
    for (const ch of truncate) {
      if (!combining.test(ch)) {
        truncateLen--;
        if (truncateLen === 0) break;
      }
    }
  }
  const re = words ? /<[^>]+?>|([^<>\s]+)/gs : /<[^>]+?>|(.)/gsu;
  const tagRe = /^<(\/)?(\S+?)(?:(\s*\/)|\s.*?)?>$/s;
  let endTextPos = 0;
  let currentLen = 0;
  let openTags: string[] = [];
  re.lastIndex = 0;
  while (currentLen <= length) {
    const m = re.exec(text);
    if (!m) break;
    if (m[1] !== undefined) {
      currentLen++;
      if (currentLen === truncateLen) endTextPos = re.lastIndex;
      continue;
    }
    const tag = tagRe.exec(m[0]);
    if (!tag || currentLen >= truncateLen) continue;
    const [, closing, name, selfClosing] = tag;
    const tagname = name.toLowerCase();
    if (selfClosing || singlets.has(tagname)) continue;
    if (closing) {
      const i = openTags.indexOf(tagname);
      if (i >= 0) openTags = openTags.slice(i + 1);
    } else openTags.unshift(tagname);
  }
  if (currentLen <= length) return text;
  let out = text.slice(0, endTextPos) + truncate;
  for (const t of openTags) out += `</${t}>`;
  return out;
}

register(
  'truncatechars_html',
  (value, arg) => {
    const n = pyInt(arg);
    if (n === null) return value;
    return truncateHtml(str(value).normalize('NFC'), n, '…', false);
  },
  { isSafe: true, arg: 'required' },
);

register(
  'truncatewords_html',
  (value, arg) => {
    const n = pyInt(arg);
    if (n === null) return value;
    return truncateHtml(str(value), n, ' …', true);
  },
  { isSafe: true, arg: 'required' },
);

register('urlize', (value, _arg, autoescape) => markSafe(urlize(value, null, true, !!autoescape)), { isSafe: true, needsAutoescape: true });
register(
  'urlizetrunc',
  (value, limit, autoescape) => markSafe(urlize(value, pyInt(limit) ?? 0, true, !!autoescape)),
  { isSafe: true, needsAutoescape: true, arg: 'required' },
);

register('upper', (v) => str(v).toUpperCase());
register(
  'urlencode',
  (v, safe) => quote(str(v), safe === undefined ? '/' : str(safe)),
  { arg: 'optional' },
);
register('wordcount', (v) => str(v).split(/\s+/).filter(Boolean).length);

/** Django's text.wrap: keeps existing line breaks, never breaks long words. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  for (let line of lines) {
    let maxWidth = Math.min(line.endsWith('\n') ? width + 1 : width, width);
    while (line.length > maxWidth) {
      let space = line.slice(0, maxWidth + 1).lastIndexOf(' ') + 1;
      if (space === 0) {
        space = line.indexOf(' ') + 1;
        if (space === 0) {
          out.push(line);
          line = '';
          break;
        }
      }
      out.push(`${line.slice(0, space - 1)}\n`);
      line = line.slice(space);
      maxWidth = Math.min(line.endsWith('\n') ? width + 1 : width, width);
    }
    if (line) out.push(line);
  }
  return out.join('');
}

register(
  'wordwrap',
  (v, arg) => {
    const n = pyInt(arg);
    return wrap(str(v), n ?? 0);
  },
  { isSafe: true, arg: 'required' },
);

register('ljust', (v, arg) => str(v).padEnd(pyInt(arg) ?? 0), { isSafe: true, arg: 'required' });
register('rjust', (v, arg) => str(v).padStart(pyInt(arg) ?? 0), { isSafe: true, arg: 'required' });
register(
  'center',
  (v, arg) => {
    const s = str(v);
    const width = pyInt(arg) ?? 0;
    const pad = width - s.length;
    if (pad <= 0) return s;
    const left = Math.floor(pad / 2) + (pad & width & 1);
    return ' '.repeat(left) + s + ' '.repeat(pad - left);
  },
  { isSafe: true, arg: 'required' },
);

register(
  'cut',
  (value, arg) => {
    const safe = value instanceof SafeString;
    const out = str(value).split(str(arg)).join('');
    return safe && str(arg) !== ';' ? markSafe(out) : out;
  },
  { arg: 'required' },
);

// ---------------------------------------------------------------------------
// HTML filters

register('escape', (v) => conditionalEscape(v), { isSafe: true });
register('escapeseq', (v) => toList(v).map(conditionalEscape), { isSafe: true });
register('force_escape', (v) => markSafe(escapeHtml(str(v))), { isSafe: true });

/** Django's linebreaks: paragraphs in <p>, single newlines as <br>. */
export function linebreaks(value: string, autoescape: boolean): string {
  const paras = value.replace(/\r\n|\r/g, '\n').split(/\n{2,}/);
  return paras.map((p) => `<p>${(autoescape ? escapeHtml(p) : p).replace(/\n/g, '<br>')}</p>`).join('\n\n');
}

register(
  'linebreaks',
  (value, _arg, autoescape) => markSafe(linebreaks(str(value), !!autoescape && !(value instanceof SafeString))),
  { isSafe: true, needsAutoescape: true },
);

register(
  'linebreaksbr',
  (value, _arg, autoescape) => {
    const esc = !!autoescape && !(value instanceof SafeString);
    let s = str(value).replace(/\r\n|\r/g, '\n');
    if (esc) s = escapeHtml(s);
    return markSafe(s.replace(/\n/g, '<br>'));
  },
  { isSafe: true, needsAutoescape: true },
);

register('safe', (v) => markSafe(str(v)), { isSafe: true });
register('safeseq', (v) => toList(v).map((x) => markSafe(str(x))), { isSafe: true });

register('striptags', (v) => stripTags(str(v)), { isSafe: true });

// ---------------------------------------------------------------------------
// Lists

/** A key function from a dictsort argument: a dotted path (or a numeric index). */
function propertyResolver(arg: string): (x: unknown) => unknown {
  const bits = arg.split('.');
  if (bits.some((b) => b.startsWith('_'))) throw new Error('Access to private variables is forbidden.');
  return (x) => {
    let cur: unknown = x;
    for (const b of bits) {
      cur = lookup(cur, b);
      if (cur === MISSING) throw new Error(`no ${arg}`);
    }
    return cur;
  };
}

function pySortKey(a: unknown, b: unknown): number {
  if (a instanceof SafeString) a = a.value;
  if (b instanceof SafeString) b = b.value;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pySortKey(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  throw new TypeError('unorderable');
}

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  try {
    const key = propertyResolver(str(arg));
    const items = toList(value).map((v) => [key(v), v] as const);
    items.sort((x, y) => pySortKey(x[0], y[0]) * (reverse ? -1 : 1));
    return items.map((x) => x[1]);
  } catch {
    return '';
  }
}

register('dictsort', (v, arg) => dictsort(v, arg, false), { arg: 'required' });
register('dictsortreversed', (v, arg) => dictsort(v, arg, true), { arg: 'required' });

register('first', (v) => {
  const s = seq(v);
  return s && s.length ? s[0] : '';
});
register('last', (v) => {
  const s = seq(v);
  return s && s.length ? s[s.length - 1] : '';
});

register(
  'join',
  (value, arg, autoescape) => {
    let items: unknown[];
    if (typeof value === 'string' || value instanceof SafeString) items = Array.from(str(value));
    else if (Array.isArray(value) || value instanceof Set || value instanceof Map) items = toList(value);
    else return value;
    const sep = autoescape ? conditionalEscape(arg).value : str(arg);
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (i) out += sep;
      out += !autoescape ? str(v) : typeof v === 'string' ? escapeHtml(v) : conditionalEscape(v).value;
    }
    return new SafeString(out);
  },
  { isSafe: true, needsAutoescape: true, arg: 'required' },
);

register('length', (v) => pyLen(v) ?? 0, { isSafe: false });
register(
  'length_is',
  (v, arg) => {
    const n = pyLen(v);
    const a = pyInt(arg);
    return n === null || a === null ? '' : n === a;
  },
  { arg: 'required' },
);

register(
  'random',
  (v) => {
    const s = seq(v);
    return s && s.length ? s[Math.floor(Math.random() * s.length)] : '';
  },
  { isSafe: true },
);

/** Python's sequence[start:stop:step]. */
export function pySlice<T>(items: readonly T[], start: number | null, stop: number | null, step: number | null): T[] {
  const n = items.length;
  const st = step ?? 1;
  if (st === 0) throw new Error('slice step cannot be zero');
  const norm = (i: number | null, dflt: number, lo: number, hi: number) => {
    if (i === null) return dflt;
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: T[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    for (let i = a; i < b; i += st) out.push(items[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(items[i]);
  }
  return out;
}

register(
  'slice',
  (value, arg) => {
    const parts = str(arg).split(':');
    const bits: (number | null)[] = [];
    for (const x of parts) {
      if (!x) bits.push(null);
      else {
        const n = pyInt(x);
        if (n === null) return value;
        bits.push(n);
      }
    }
    if (bits.length > 3) return value;
    const s = seq(value);
    if (s === null) return value;
    let start: number | null = null;
    let stop: number | null = null;
    let step: number | null = null;
    if (bits.length === 1) stop = bits[0];
    else [start, stop, step = null] = bits;
    try {
      if (typeof s === 'string') return pySlice(Array.from(s), start, stop, step).join('');
      return pySlice(s, start, stop, step);
    } catch {
      return value;
    }
  },
  { isSafe: true, arg: 'required' },
);

register(
  'unordered_list',
  (value, _arg, autoescape) => {
    const esc = autoescape ? (v: unknown) => conditionalEscape(v).value : (v: unknown) => str(v);
    const walk = (items: unknown[], tabs: number): string => {
      const indent = '\t'.repeat(tabs);
      const out: string[] = [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        let sublist = '';
        const next = items[i + 1];
        if (Array.isArray(next) || (next !== null && typeof next === 'object' && !(next instanceof SafeString) && Symbol.iterator in (next as object))) {
          i++;
          const inner = walk(toList(next), tabs + 1);
          if (inner) sublist = `\n${indent}<ul>\n${inner}\n${indent}</ul>\n${indent}`;
        }
        out.push(`${indent}<li>${esc(item)}${sublist}</li>`);
      }
      return out.join('\n');
    };
    return markSafe(walk(toList(value), 1));
  },
  { isSafe: true, needsAutoescape: true },
);

// ---------------------------------------------------------------------------
// Integers, values

register(
  'add',
  (value, arg) => {
    const x = value instanceof SafeString ? value.value : value;
    const y = arg instanceof SafeString ? arg.value : arg;
    const a = pyInt(x);
    const b = pyInt(y);
    if (a !== null && b !== null && typeof x !== 'object' && typeof y !== 'object') return a + b;
    if (typeof x === 'string' && typeof y === 'string') return x + y;
    if (typeof x === 'number' && typeof y === 'number') return x + y;
    if (Array.isArray(x) && Array.isArray(y)) return x.concat(y);
    return '';
  },
  { arg: 'required' },
);

register(
  'get_digit',
  (value, arg) => {
    const a = pyInt(arg);
    const v = pyInt(value);
    if (a === null || v === null) return value;
    if (a < 1) return value;
    const s = String(v);
    return a <= s.length ? Number(s[s.length - a]) || (s[s.length - a] === '-' ? value : 0) : 0;
  },
  { arg: 'required' },
);

register(
  'divisibleby',
  (value, arg) => {
    const a = pyInt(value);
    const b = pyInt(arg);
    if (a === null || b === null) throw new TypeError('divisibleby needs integers');
    return a % b === 0;
  },
  { arg: 'required' },
);

register('default', (value, arg) => (truthy(value) ? value : arg), { arg: 'required' });
register('default_if_none', (value, arg) => (value === null || value === undefined ? arg : value), { arg: 'required' });

register(
  'yesno',
  (value, arg) => {
    const bits = (arg === undefined ? 'yes,no,maybe' : str(arg)).split(',');
    if (bits.length < 2) return value;
    const [yes, no, maybe] = bits.length === 3 ? bits : [bits[0], bits[1], bits[1]];
    if (value === null || value === undefined) return maybe;
    return truthy(value) ? yes : no;
  },
  { arg: 'optional' },
);

register(
  'pluralize',
  (value, arg = 's') => {
    let a = str(arg);
    if (!a.includes(',')) a = `,${a}`;
    const bits = a.split(',');
    if (bits.length > 2) return '';
    const [singular, plural] = bits;
    const v = value instanceof SafeString ? value.value : value;
    if (typeof v === 'number' || typeof v === 'boolean') return Number(v) === 1 ? singular : plural;
    if (typeof v === 'string') {
      const f = pyFloatOf(v);
      return f === null ? '' : f === 1 ? singular : plural;
    }
    const n = pyLen(v);
    return n === null ? '' : n === 1 ? singular : plural;
  },
  { isSafe: false, arg: 'optional' },
);

const phoneMap: Record<string, string> = {};
'abc2def3ghi4jkl5mno6pqrs7tuv8wxyz9'.replace(/([a-z]+)(\d)/g, (_m, letters: string, d: string) => {
  for (const l of letters) phoneMap[l] = d;
  return '';
});
register('phone2numeric', (v) => str(v).replace(/[a-z]/gi, (c) => phoneMap[c.toLowerCase()] ?? c), { isSafe: true });

register('pprint', (v) => pformat(v), { isSafe: true });

function sizeNumber(v: number): string {
  const r = pyRound(v * 10) / 10;
  return r.toFixed(1);
}

register(
  'filesizeformat',
  (value) => {
    let bytes = pyInt(value instanceof SafeString ? value.value : typeof value === 'string' ? value : value);
    if (bytes === null && typeof value === 'number') bytes = Math.trunc(value);
    const nb = '\u00a0';
    if (bytes === null) return `0${nb}bytes`;
    const KB = 1024;
    const MB = KB * 1024;
    const GB = MB * 1024;
    const TB = GB * 1024;
    const PB = TB * 1024;
    const negative = bytes < 0;
    if (negative) bytes = -bytes;
    let out: string;
    if (bytes < KB) out = `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
    else if (bytes < MB) out = `${sizeNumber(bytes / KB)} KB`;
    else if (bytes < GB) out = `${sizeNumber(bytes / MB)} MB`;
    else if (bytes < TB) out = `${sizeNumber(bytes / GB)} GB`;
    else if (bytes < PB) out = `${sizeNumber(bytes / TB)} TB`;
    else out = `${sizeNumber(bytes / PB)} PB`;
    if (negative) out = `-${out}`;
    return out.replace(/ /g, nb);
  },
  { isSafe: true },
);

// ---------------------------------------------------------------------------
// Dates

register(
  'date',
  (value, arg) => {
    if (value === null || value === undefined || value === '') return '';
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) return '';
    return formatDate(value, arg === undefined ? 'N j, Y' : str(arg));
  },
  { arg: 'optional' },
);

register(
  'time',
  (value, arg) => {
    if (value === null || value === undefined || value === '') return '';
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) return '';
    return formatTime(value, arg === undefined ? 'P' : str(arg));
  },
  { arg: 'optional' },
);

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME_NAMES: [string, string][] = [
  ['year', 'years'],
  ['month', 'months'],
  ['week', 'weeks'],
  ['day', 'days'],
  ['hour', 'hours'],
  ['minute', 'minutes'],
];
const CHUNKS = [60 * 60 * 24 * 7, 60 * 60 * 24, 60 * 60, 60];

/** A wall-clock time as milliseconds on a UTC axis (years below 100 kept as they are). */
function wallMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** A Date's wall clock in the engine's time zone (the runtime's when none), on a UTC axis. */
function wallClock(x: Date): Date {
  const l = localtime(x);
  return new Date(wallMs(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds(), l.getMilliseconds()));
}

/**
 * Django 5's timesince: "3 days, 2 hours" between two Dates, up to `depth`
 * adjacent units. Years and months are calendar ones, counted on both
 * dates' wall clocks in the engine's time zone (the runtime's when the
 * engine has none), as Python does for two datetimes of one time zone; the
 * rest is counted from the pivot, `d` moved by those years and months.
 */
export function timesince(d: Date, now: Date = new Date(), reversed = false, depth = 2): string {
  if (depth <= 0) throw new ValueError('depth must be greater than 0.');
  if (reversed) [d, now] = [now, d];
  const nb = '\u00a0';
  const zero = `0${nb}minutes`;
  const a = wallClock(d);
  const b = wallClock(now);
  // Seconds, microseconds ignored (Python's delta.days * 86400 + delta.seconds).
  const since = Math.floor((b.getTime() - a.getTime()) / 1000);
  if (since <= 0) return zero;
  let totalMonths = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  const timeOf = (x: Date) => ((x.getUTCHours() * 60 + x.getUTCMinutes()) * 60 + x.getUTCSeconds()) * 1000 + x.getUTCMilliseconds();
  if (a.getUTCDate() > b.getUTCDate() || (a.getUTCDate() === b.getUTCDate() && timeOf(a) > timeOf(b))) totalMonths--;
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths - years * 12;
  let pivot = a.getTime();
  if (years || months) {
    let py = a.getUTCFullYear() + years;
    let pm = a.getUTCMonth() + 1 + months;
    if (pm > 12) {
      pm -= 12;
      py++;
    }
    // February counts 28 days, leap year or not, as in Django's MONTHS_DAYS.
    pivot = wallMs(py, pm - 1, Math.min(MONTH_DAYS[pm - 1], a.getUTCDate()), a.getUTCHours(), a.getUTCMinutes(), a.getUTCSeconds(), 0);
  }
  let remaining = (b.getTime() - pivot) / 1000;
  const partials = [years, months];
  for (const chunk of CHUNKS) {
    const count = Math.floor(remaining / chunk);
    partials.push(count);
    remaining -= chunk * count;
  }
  let i = partials.findIndex((p) => p !== 0);
  if (i < 0) return zero;
  const result: string[] = [];
  let current = 0;
  while (i < TIME_NAMES.length && current < depth) {
    const v = partials[i];
    if (v === 0) break;
    result.push(`${v}${nb}${v === 1 ? TIME_NAMES[i][0] : TIME_NAMES[i][1]}`);
    current++;
    i++;
  }
  return result.join(', ');
}

register(
  'timesince',
  (value, arg) => {
    if (!truthy(value) || !(value instanceof Date)) return '';
    if (arg !== undefined && arg !== null && !(arg instanceof Date)) return '';
    return timesince(value, (arg as Date | undefined) ?? new Date());
  },
  { arg: 'optional' },
);

register(
  'timeuntil',
  (value, arg) => {
    if (!truthy(value) || !(value instanceof Date)) return '';
    if (arg !== undefined && arg !== null && !(arg instanceof Date)) return '';
    return timesince(value, (arg as Date | undefined) ?? new Date(), true);
  },
  { arg: 'optional' },
);

/** The built-in filters by name. */
export const builtinFilters: ReadonlyMap<string, FilterDef> = filters;
