/**
 * Django's Urlizer (django.utils.html.urlize): links for the URLs and e-mail
 * addresses in a text, behind the urlize and urlizetrunc filters. Words are
 * split on whitespace, quotes and angle brackets; wrapping punctuation
 * (parentheses, brackets) and trailing punctuation (`.,:;!`, but not the `;`
 * of an HTML entity) are kept outside the link; `http://` is assumed for
 * bare domains (`https://` with the setting URLIZE_ASSUME_HTTPS); e-mail
 * addresses are checked with Django's EmailValidator.
 *
 * @example
 * urlize('See www.example.com.', null, true, true)
 * // 'See <a href="http://www.example.com" rel="nofollow">www.example.com</a>.'
 */
import { settings } from '../conf/settings';
import { EmailValidator, isValidIPv6 } from '../core/validators';
import { quote, quotePlus } from '../utils/http';
import { SafeString, escapeHtml } from './safe';
import { pyStr } from './runtime';

const RFC3986_SUBDELIMS = "!$&'()*+,;=";
const RFC3986_GENDELIMS = ':/?#[]@';
/** Django's MAX_URL_LENGTH: longer words are never linked. */
const MAX_URL_LENGTH = 2048;

const wordSplit = /([\s<>"']+)/;
// Python's \w is Unicode-aware.
const simpleUrl = /^https?:\/\/\[?[\p{L}\p{N}_]/iu;
// DomainNameValidator's hostname and domain patterns, then one of the original gTLDs.
const simpleUrl2 = /^www\.|^(?!http)(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?)(?:\.(?!-)[a-z0-9\u00a1-\uffff-]{1,63}(?<!-))*\.(com|edu|gov|int|mil|net|org)($|\/.*)$/i;
const emailValidator = new EmailValidator({ allowlist: [] });

const trailingPunctuation = '.,:;!';
const wrapping: [string, string][] = [
  ['(', ')'],
  ['[', ']'],
];

/** Links the URLs and addresses of `text`; `trimLimit` shortens link texts, `nofollow` adds rel="nofollow". */
export function urlize(text: unknown, trimLimit: number | null, nofollow: boolean, autoescape: boolean): string {
  const safeInput = text instanceof SafeString;
  const words = pyStr(text).split(wordSplit);
  const cache = new Map<string, string>();
  let out = '';
  for (const word of words) {
    let linked = cache.get(word);
    if (linked === undefined) {
      linked = handleWord(word, safeInput, trimLimit, nofollow, autoescape);
      cache.set(word, linked);
    }
    out += linked;
  }
  return out;
}

function handleWord(word: string, safeInput: boolean, trimLimit: number | null, nofollow: boolean, autoescape: boolean): string {
  const plain = () => (safeInput || !autoescape ? word : escapeHtml(word));
  if (!word.includes('.') && !word.includes('@') && !word.includes(':')) return plain();
  let [lead, middle, trail] = trimPunctuation(word);
  let url: string | null = null;
  let rel = nofollow ? ' rel="nofollow"' : '';
  if (middle.length <= MAX_URL_LENGTH && simpleUrl.test(middle)) url = smartUrlquote(htmlUnescape(middle));
  else if (middle.length <= MAX_URL_LENGTH && simpleUrl2.test(middle)) {
    const protocol = (settings as { URLIZE_ASSUME_HTTPS?: unknown }).URLIZE_ASSUME_HTTPS === true ? 'https' : 'http';
    url = smartUrlquote(`${protocol}://${htmlUnescape(middle)}`);
  } else if (!middle.includes(':') && isEmail(middle)) {
    const at = middle.lastIndexOf('@');
    // RFC 6068: both parts percent-encoded; IDNA is left to the browser.
    url = `mailto:${quote(middle.slice(0, at), '')}@${quote(middle.slice(at + 1), '')}`;
    rel = '';
  }
  if (url === null) return plain();
  let shown = trimLimit === null || middle.length <= trimLimit ? middle : `${middle.slice(0, Math.max(0, trimLimit - 1))}…`;
  if (autoescape && !safeInput) {
    lead = escapeHtml(lead);
    trail = escapeHtml(trail);
    shown = escapeHtml(shown);
  }
  return `${lead}<a href="${escapeHtml(url)}"${rel}>${shown}</a>${trail}`;
}

function isEmail(value: string): boolean {
  try {
    emailValidator.validate(value);
    return true;
  } catch {
    return false;
  }
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Python's str.rstrip(chars). */
function rstrip(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

/** Django's Urlizer.trim_punctuation: [lead, middle, trail]. */
export function trimPunctuation(word: string): [string, string, string] {
  // 1. Every opening wrapping character at the start.
  let start = 0;
  while (start < word.length && (word[start] === '(' || word[start] === '[')) start++;
  const lead = word.slice(0, start);
  let middle = word.slice(start);
  let trail = '';
  const counts = new Map<string, number>();
  const count = (ch: string) => {
    let c = counts.get(ch);
    if (c === undefined) counts.set(ch, (c = countOf(middle, ch)));
    return c;
  };
  let trimmed = true;
  while (trimmed && middle) {
    trimmed = false;
    // 2. Unbalanced closing characters at the end (as many as are unbalanced).
    for (const [open, close] of wrapping) {
      if (count(open) < count(close) && rstrip(middle, close) !== middle) {
        const strip = count(close) - count(open);
        trail = middle.slice(-strip) + trail;
        middle = middle.slice(0, -strip);
        trimmed = true;
        counts.set(close, count(close) - strip);
      }
    }
    // 3. Trailing punctuation, keeping a ";" that may end an HTML entity.
    const amp = middle.lastIndexOf('&');
    const rstripped = rstrip(middle, amp === -1 ? trailingPunctuation : '.,:!');
    if (rstripped !== middle) {
      trail = middle.slice(rstripped.length) + trail;
      middle = rstripped;
      trimmed = true;
    }
    if (middle.endsWith(';')) {
      const potential = middle.slice(amp);
      const unescaped = htmlUnescape(potential);
      if (unescaped === potential || unescaped.endsWith(';')) {
        const kept = rstrip(middle, trailingPunctuation);
        const trailStart = kept.length;
        const semicolons = middle.length - rstrip(middle, ';').length;
        if (amp > -1 && semicolons > 1) {
          // Keep up to the first trailing semicolon: it may end an entity.
          const cut = middle.slice(trailStart).indexOf(';') + trailStart + 1;
          trail = middle.slice(cut) + trail;
          middle = kept + middle.slice(trailStart, cut);
        } else {
          trail = middle.slice(trailStart) + trail;
          middle = kept;
        }
        trimmed = true;
      }
    }
  }
  return [lead, middle, trail];
}

// -- Python's urllib.parse pieces smart_urlquote needs -------------------------

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Python's urllib.parse.unquote: %XX runs decoded as UTF-8, invalid bytes as U+FFFD. */
export function unquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}

function unquoteQuote(segment: string): string {
  return quote(unquote(segment), `${RFC3986_SUBDELIMS}${RFC3986_GENDELIMS}~`);
}

/** Python's urlsplit, or null where it raises ValueError (a malformed bracketed host). */
function urlsplit(url: string): [string, string, string, string, string] | null {
  let scheme = '';
  let rest = url;
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    let end = rest.length;
    for (const c of '/?#') {
      const k = rest.indexOf(c, 2);
      if (k >= 0 && k < end) end = k;
    }
    netloc = rest.slice(2, end);
    rest = rest.slice(end);
    const open = netloc.includes('[');
    const close = netloc.includes(']');
    if (open !== close) return null;
    if (open) {
      const host = netloc.slice(netloc.indexOf('[') + 1, netloc.indexOf(']'));
      if (!(host.startsWith('v') ? /^v[0-9a-fA-F]+\.[a-zA-Z0-9._~!$&'()*+,;=:-]+$/.test(host) : isValidIPv6(host.split('%')[0]))) return null;
    }
  }
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return [scheme, netloc, rest, query, fragment];
}

/** Django's smart_urlquote: quotes a URL unless it already is quoted. */
export function smartUrlquote(url: string): string {
  const parts = urlsplit(url);
  if (parts === null) return unquoteQuote(url);
  const [scheme, rawNetloc, rawPath, rawQuery, rawFragment] = parts;
  // IDNs as percent-encoded UTF-8 (WHATWG URL 3.5): IDNA is left to the browser.
  const netloc = unquoteQuote(rawNetloc);
  let query = '';
  if (rawQuery) {
    // Python's parse_qsl(keep_blank_values=True), each part unquoted once more, then urlencode.
    const pairs: string[] = [];
    for (const nameValue of rawQuery.split('&')) {
      if (!nameValue) continue;
      const eq = nameValue.indexOf('=');
      const name = eq < 0 ? nameValue : nameValue.slice(0, eq);
      const value = eq < 0 ? '' : nameValue.slice(eq + 1);
      const k = unquote(unquote(name.replace(/\+/g, ' ')));
      const v = unquote(unquote(value.replace(/\+/g, ' ')));
      pairs.push(`${quotePlus(k)}=${quotePlus(v)}`);
    }
    query = pairs.join('&');
  }
  let path = unquoteQuote(rawPath);
  const fragment = unquoteQuote(rawFragment);
  // Python's urlunsplit.
  if (netloc || (scheme && usesNetloc.has(scheme) && !path.startsWith('//'))) {
    if (path && !path.startsWith('/')) path = `/${path}`;
    path = `//${netloc}${path}`;
  }
  let out = scheme ? `${scheme}:${path}` : path;
  if (query) out += `?${query}`;
  if (fragment) out += `#${fragment}`;
  return out;
}

const usesNetloc = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtsps', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss', 'itms-services']);

// -- Python's html.unescape -----------------------------------------------------

/**
 * Named references html.unescape knows. Python knows all of HTML5's; this
 * table has the ones HTML4 defined without a semicolon (which Python also
 * accepts without one) that text commonly holds, and a few HTML5 ones.
 */
const legacyEntities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0', copy: '\u00a9', reg: '\u00ae', shy: '\u00ad', deg: '\u00b0',
  laquo: '\u00ab', raquo: '\u00bb', middot: '\u00b7', para: '\u00b6', sect: '\u00a7', cent: '\u00a2', pound: '\u00a3',
  yen: '\u00a5', times: '\u00d7', divide: '\u00f7', plusmn: '\u00b1', micro: '\u00b5', iexcl: '\u00a1', iquest: '\u00bf',
  eacute: '\u00e9', egrave: '\u00e8', aacute: '\u00e1', agrave: '\u00e0', ccedil: '\u00e7', uuml: '\u00fc', ouml: '\u00f6',
  auml: '\u00e4', szlig: '\u00df', ntilde: '\u00f1', Eacute: '\u00c9', Uuml: '\u00dc', Ouml: '\u00d6', Auml: '\u00c4',
};
const html5Only: Record<string, string> = {
  apos: "'", hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c',
  rdquo: '\u201d', euro: '\u20ac', trade: '\u2122', bull: '\u2022', dagger: '\u2020', larr: '\u2190', rarr: '\u2192',
};
/** Windows-1252 readings of C1 references, and the other replacements HTML5 specifies. */
const invalidCharrefs: Record<number, string> = {
  0x00: '\ufffd', 0x0d: '\r', 0x80: '\u20ac', 0x81: '\x81', 0x82: '\u201a', 0x83: '\u0192', 0x84: '\u201e', 0x85: '\u2026',
  0x86: '\u2020', 0x87: '\u2021', 0x88: '\u02c6', 0x89: '\u2030', 0x8a: '\u0160', 0x8b: '\u2039', 0x8c: '\u0152', 0x8d: '\x8d',
  0x8e: '\u017d', 0x8f: '\x8f', 0x90: '\x90', 0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201c', 0x94: '\u201d', 0x95: '\u2022',
  0x96: '\u2013', 0x97: '\u2014', 0x98: '\u02dc', 0x99: '\u2122', 0x9a: '\u0161', 0x9b: '\u203a', 0x9c: '\u0153', 0x9d: '\x9d',
  0x9e: '\u017e', 0x9f: '\u0178',
};

function invalidCodepoint(n: number): boolean {
  return (n >= 0x1 && n <= 0x8) || n === 0xb || (n >= 0xe && n <= 0x1f) || (n >= 0x7f && n <= 0x9f) || (n >= 0xfdd0 && n <= 0xfdef) || (n & 0xfffe) === 0xfffe;
}

/** Python's html.unescape (numeric references exactly; named ones from the table above). */
export function htmlUnescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const digits = ref.replace(/;$/, '');
      const n = digits[1] === 'x' || digits[1] === 'X' ? parseInt(digits.slice(2), 16) : parseInt(digits.slice(1), 10);
      if (n in invalidCharrefs) return invalidCharrefs[n];
      if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return '\ufffd';
      if (invalidCodepoint(n)) return '';
      return String.fromCodePoint(n);
    }
    const own = (table: Record<string, string>, name: string) => Object.prototype.hasOwnProperty.call(table, name);
    const name = ref.endsWith(';') ? ref.slice(0, -1) : ref;
    if (own(legacyEntities, name)) return legacyEntities[name];
    if (ref.endsWith(';') && own(html5Only, name)) return html5Only[name];
    // The longest legacy name the reference starts with (no semicolon needed).
    for (let x = Math.min(ref.length - 1, 6); x > 1; x--) {
      if (own(legacyEntities, ref.slice(0, x))) return legacyEntities[ref.slice(0, x)] + ref.slice(x);
    }
    return whole;
  });
}
