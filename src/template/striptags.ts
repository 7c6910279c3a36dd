/**
 * Django's strip_tags (django.utils.html): text with every tag removed, the
 * way Python's html.parser.HTMLParser sees tags — which decides what
 * `{{ value|striptags }}` keeps of malformed markup ("hi, <f x" stays,
 * "<script>" content is kept as text, comments vanish, entities stay
 * escaped). This is a port of that tokenizer (Python 3.12's, as Django 5's
 * tests expect it), fed the whole text and closed, as Django's MLStripper is.
 */
import { SuspiciousOperation } from '../core/exceptions';

const MAX_STRIP_TAGS_DEPTH = 50;
/** An open tag without a closing ">" after 1,000+ characters (refused when it holds 50+ "<"). */
const longOpenTagWithoutClosing = /<[a-zA-Z][^>]{1000,}/g;

/**
 * The text of `value` without its tags, stripped again while that removes
 * more; refuses input nested deeper than Django allows.
 *
 * @example
 * stripTags('<p>Hello <b>you</b></p>') // 'Hello you'
 */
export function stripTags(value: string): string {
  for (const m of value.matchAll(longOpenTagWithoutClosing)) {
    if (count(m[0], '<') >= MAX_STRIP_TAGS_DEPTH) throw new SuspiciousOperation(`striptags: an unclosed tag holding ${MAX_STRIP_TAGS_DEPTH}+ "<" over 1,000 characters.`);
  }
  let depth = 0;
  while (value.includes('<') && value.includes('>')) {
    if (depth >= MAX_STRIP_TAGS_DEPTH) throw new SuspiciousOperation(`striptags: tags nested more than ${MAX_STRIP_TAGS_DEPTH} levels deep.`);
    const next = stripOnce(value);
    // Nothing more recognized as a tag: the input is returned as it is.
    if (count(value, '<') === count(next, '<')) break;
    value = next;
    depth++;
  }
  return value;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** One pass of Django's MLStripper: the data, entity and character references of the text. */
function stripOnce(value: string): string {
  const p = new Stripper(value);
  p.goahead(false);
  p.goahead(true);
  return p.fed.join('');
}

// Python's html.parser patterns (sticky: matched at a position).
const interestingNormal = /[&<]/g;
const starttagopen = /<[a-zA-Z]/y;
const charref = /&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]/y;
const entityref = /&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]/y;
const incomplete = /&[a-zA-Z#]/y;
const commentclose = /--\s*>/g;
const locatestarttagend = /<[a-zA-Z][^\t\n\r\f />\x00]*(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|\/(?!>))*)*)?\s*/y;
const tagfind = /([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|\/(?!>))*/y;
const attrfind = /((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|\/(?!>))*/y;
const endtagfind = /<\/\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>/y;
const declname = /[a-zA-Z][-_.a-zA-Z0-9]*\s*/y;
const markedsectionclose = /]\s*]\s*>/g;
const msmarkedsectionclose = /]\s*>/g;
const CDATA_CONTENT_ELEMENTS = new Set(['script', 'style']);

function stickyMatch(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

function searchFrom(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

/** Python's HTMLParser with convert_charrefs=False, keeping only what MLStripper keeps. */
class Stripper {
  readonly fed: string[] = [];
  private cdataElem: string | null = null;
  private interesting: RegExp = interestingNormal;

  constructor(private rawdata: string) {}

  private data(s: string): void {
    this.fed.push(s);
  }

  goahead(end: boolean): void {
    const raw = this.rawdata;
    const n = raw.length;
    let i = 0;
    while (i < n) {
      let j: number;
      const m = searchFrom(this.interesting, raw, i);
      if (m) j = m.index;
      else {
        if (this.cdataElem) break;
        j = n;
      }
      if (i < j) this.data(raw.slice(i, j));
      i = j;
      if (i === n) break;
      if (raw.startsWith('<', i)) {
        let k: number;
        if (stickyMatch(starttagopen, raw, i)) k = this.parseStarttag(i);
        else if (raw.startsWith('</', i)) k = this.parseEndtag(i);
        else if (raw.startsWith('<!--', i)) k = this.parseComment(i);
        else if (raw.startsWith('<?', i)) k = this.findClose(i);
        else if (raw.startsWith('<!', i)) k = this.parseHtmlDeclaration(i);
        else if (i + 1 < n) {
          this.data('<');
          k = i + 1;
        } else break;
        if (k < 0) {
          if (!end) break;
          k = raw.indexOf('>', i + 1);
          if (k < 0) {
            k = raw.indexOf('<', i + 1);
            if (k < 0) k = i + 1;
          } else k += 1;
          this.data(raw.slice(i, k));
        }
        i = k;
      } else if (raw.startsWith('&#', i)) {
        const c = stickyMatch(charref, raw, i);
        if (c) {
          this.data(`&#${c[0].slice(2, -1)};`);
          let k = i + c[0].length;
          if (raw[k - 1] !== ';') k--;
          i = k;
          continue;
        }
        if (raw.indexOf(';', i) >= 0) {
          // Bail out by consuming "&#".
          this.data(raw.slice(i, i + 2));
          i += 2;
        }
        break;
      } else {
        // "&"
        const e = stickyMatch(entityref, raw, i);
        if (e) {
          this.data(`&${e[1]};`);
          let k = i + e[0].length;
          if (raw[k - 1] !== ';') k--;
          i = k;
          continue;
        }
        const inc = stickyMatch(incomplete, raw, i);
        if (inc) {
          // An incomplete reference at the very end is dropped ("&h" keeps "h").
          if (end && inc[0] === raw.slice(i)) i += 1;
          break;
        } else if (i + 1 < n) {
          this.data('&');
          i += 1;
        } else break;
      }
    }
    if (end && i < n && !this.cdataElem) {
      this.data(raw.slice(i, n));
      i = n;
    }
    this.rawdata = raw.slice(i);
  }

  private parseStarttag(i: number): number {
    const raw = this.rawdata;
    const endpos = this.checkForWholeStartTag(i);
    if (endpos < 0) return endpos;
    const t = stickyMatch(tagfind, raw, i + 1)!;
    let k = i + 1 + t[0].length;
    const tag = t[1].toLowerCase();
    while (k < endpos) {
      const a = stickyMatch(attrfind, raw, k);
      if (!a || a[0].length === 0) break;
      k += a[0].length;
    }
    const rest = raw.slice(k, endpos).trim();
    if (rest !== '>' && rest !== '/>') {
      this.data(raw.slice(i, endpos));
      return endpos;
    }
    if (!rest.endsWith('/>') && CDATA_CONTENT_ELEMENTS.has(tag)) {
      this.cdataElem = tag;
      this.interesting = new RegExp(`<(/|$)${tag}`, 'gi');
    }
    return endpos;
  }

  private checkForWholeStartTag(i: number): number {
    const raw = this.rawdata;
    const m = stickyMatch(locatestarttagend, raw, i)!;
    const j = i + m[0].length;
    const next = raw.slice(j, j + 1);
    if (next === '>') return j + 1;
    if (next === '/') {
      if (raw.startsWith('/>', j)) return j + 2;
      if (raw.startsWith('/', j)) return -1;
      return j > i ? j : i + 1;
    }
    if (next === '') return -1;
    if (/[a-zA-Z=/]/.test(next)) return -1;
    return j > i ? j : i + 1;
  }

  private parseEndtag(i: number): number {
    const raw = this.rawdata;
    const gt = raw.indexOf('>', i + 1);
    if (gt < 0) return -1;
    const gtpos = gt + 1;
    const m = stickyMatch(endtagfind, raw, i);
    if (!m) {
      if (this.cdataElem !== null) {
        this.data(raw.slice(i, gtpos));
        return gtpos;
      }
      const name = stickyMatch(tagfind, raw, i + 2);
      if (!name) {
        if (raw.startsWith('</>', i)) return i + 3;
        return this.parseBogusComment(i);
      }
      return raw.indexOf('>', i + 2 + name[0].length) + 1;
    }
    const elem = m[1].toLowerCase();
    if (this.cdataElem !== null && elem !== this.cdataElem) {
      this.data(raw.slice(i, gtpos));
      return gtpos;
    }
    this.cdataElem = null;
    this.interesting = interestingNormal;
    return gtpos;
  }

  private parseComment(i: number): number {
    const m = searchFrom(commentclose, this.rawdata, i + 4);
    return m ? m.index + m[0].length : -1;
  }

  /** A processing instruction `<?…>`: up to the next ">". */
  private findClose(i: number): number {
    const gt = this.rawdata.indexOf('>', i + 2);
    return gt < 0 ? -1 : gt + 1;
  }

  private parseBogusComment(i: number): number {
    const gt = this.rawdata.indexOf('>', i + 2);
    return gt < 0 ? -1 : gt + 1;
  }

  private parseHtmlDeclaration(i: number): number {
    const raw = this.rawdata;
    if (raw.startsWith('<![', i)) return this.parseMarkedSection(i);
    if (raw.slice(i, i + 9).toLowerCase() === '<!doctype') {
      const gt = raw.indexOf('>', i + 9);
      return gt < 0 ? -1 : gt + 1;
    }
    return this.parseBogusComment(i);
  }

  private parseMarkedSection(i: number): number {
    const raw = this.rawdata;
    if (i + 3 === raw.length) return -1;
    const m = stickyMatch(declname, raw, i + 3);
    // Python raises AssertionError on an unknown marked section; here it is text.
    if (!m) return this.textUpTo(i);
    if (i + 3 + m[0].length === raw.length) return -1;
    const name = m[0].trim().toLowerCase();
    let close: RegExp;
    if (['temp', 'cdata', 'ignore', 'include', 'rcdata'].includes(name)) close = markedsectionclose;
    else if (['if', 'else', 'endif'].includes(name)) close = msmarkedsectionclose;
    else return this.textUpTo(i);
    const c = searchFrom(close, raw, i + 3);
    return c ? c.index + c[0].length : -1;
  }

  /** Keeps `<![` as text (where Python's parser would raise). */
  private textUpTo(i: number): number {
    this.data('<![');
    return i + 3;
  }
}
