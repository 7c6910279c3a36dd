/**
 * The bridge to the AssemblyScript parser (assembly/template.ts): writes the
 * source and the tag table into one reused region of linear memory, calls
 * templateParse once, and reads the instruction stream back into records of
 * byte spans. Spans become strings through `Source`, which slices the
 * JavaScript string directly when the template is ASCII.
 */
import type { WasmExports } from '../wasm/exports';
import { wasm } from '../wasm/instance';
import { Region, bytes, words } from '../wasm/memory';
import { TemplateSyntaxError } from './errors';

/** How a tag nests, as the parser must know before any tag is compiled. */
export interface TagShape {
  name: string;
  /** The closing tag's name for block tags (`endfor`). */
  end?: string;
  /** Tags allowed between the opening and the end (`elif`, `else`, `empty`); `terminal` ones may appear once, last. */
  intermediates?: { name: string; terminal?: boolean }[];
  /** Skip every token up to the end tag (`comment`). */
  raw?: boolean;
}

export interface RawFilter {
  name: string;
  nameStart: number;
  argKind: number;
  arg: string;
  argStart: number;
}

export interface RawExpr {
  err: number;
  off1: number;
  off2: number;
  baseKind: number;
  base: string;
  start: number;
  end: number;
  filters: RawFilter[];
}

/** One bit of a tag (Django's split_contents), its expressions decoded on first use. */
export class Bit {
  private _expr?: RawExpr;
  private _valueExpr?: RawExpr;
  /** For `name=value` bits: the keyword. */
  keyword?: string;
  /** For `name=value` bits: the byte offset of the value. */
  valueStart = -1;
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    private readonly words: StreamWords,
    private readonly exprAt: number,
    private readonly valueAt: number,
    private readonly source: Source,
  ) {}

  /** The bit parsed as a filter expression. */
  get expr(): RawExpr {
    if (this._expr) return this._expr;
    const w = this.words;
    return (this._expr = readExpr(w.view(), w.base + this.exprAt, this.source, this.start, this.end));
  }

  /** For `name=value` bits: the value parsed as a filter expression. */
  get valueExpr(): RawExpr | undefined {
    if (this.valueAt < 0) return undefined;
    if (this._valueExpr) return this._valueExpr;
    const w = this.words;
    return (this._valueExpr = readExpr(w.view(), w.base + this.valueAt, this.source, this.valueStart, this.end));
  }
}

let generation = 0;
/** The stream whose words are still read in place (not yet copied nor released). */
let live: StreamWords | undefined;

/**
 * A parse's output words, which tag bits decode lazily. They are read in
 * place in linear memory; the next parse reuses that buffer, so it first
 * copies the words of a stream still in use. A stream released when its
 * parse is over (the usual case) is never copied.
 */
export class StreamWords {
  private copy?: Int32Array;
  private readonly generation = generation;
  constructor(
    /** Where the words start in the current view. */
    public base: number,
    /** How many words the parse wrote (header and records). */
    readonly length: number,
  ) {}

  view(): Int32Array {
    if (this.copy) return this.copy;
    if (this.generation !== generation) throw new Error('Template stream read after its parse was released');
    return words();
  }

  /** Copies the words out of linear memory (before the buffer is reused). */
  detach(): void {
    if (this.copy || this.generation !== generation) return;
    this.copy = words().slice(this.base, this.base + this.length);
    this.base = 0;
  }

  /** The parse is over: nothing will decode these words any more. */
  release(): void {
    if (live === this) live = undefined;
  }
}

/** Words taken by the EXPR at `p`. */
function exprWords(w: Int32Array, p: number): number {
  return w[p] < 0 ? 1 : 7 + w[p + 6] * 5;
}

export interface TextRecord {
  op: 1;
  start: number;
  end: number;
}
export interface VarRecord {
  op: 2;
  start: number;
  end: number;
  expr: RawExpr;
}
export interface TagRecord {
  op: 3;
  /** 0 simple, 1 opens a block, 2 intermediate, 3 end. */
  role: number;
  /** The tag's shape (for intermediates and ends: the opening tag's). */
  shape: TagShape;
  name: string;
  contents: string;
  start: number;
  end: number;
  bits: Bit[];
}
export type StreamRecord = TextRecord | VarRecord | TagRecord;

export interface ParsedStream {
  records: StreamRecord[];
  /** The words tag bits decode from; release() them once the records are no longer read. */
  words: StreamWords;
}

/** The template's text with byte-offset slicing and line/column lookup. */
export class Source {
  readonly ascii: boolean;
  /** For non-ASCII text: the UTF-16 index of every UTF-8 byte offset. */
  private index?: Int32Array;
  private lineStarts?: number[];
  constructor(
    readonly text: string,
    readonly name: string,
    byteLength: number,
  ) {
    this.ascii = byteLength === text.length;
    if (!this.ascii) {
      const index = new Int32Array(byteLength + 1);
      let b = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        // Lone surrogates are encoded as U+FFFD (three bytes).
        const width = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        for (let k = 0; k < width; k++) index[b + k] = i;
        b += width;
        if (width === 4) i++; // the low surrogate shares the four bytes
      }
      index[b] = text.length;
      this.index = index;
    }
  }

  /** The UTF-16 index of a UTF-8 byte offset. */
  charIndex(offset: number): number {
    return this.index ? this.index[offset] : offset;
  }

  slice(start: number, end: number): string {
    if (this.ascii) return this.text.slice(start, end);
    return this.text.slice(this.index![start], this.index![end]);
  }

  /** 1-based line and column (in characters) of a byte offset, and that line's text. */
  locate(offset: number): { line: number; column: number; sourceLine: string } {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const charOffset = this.charIndex(offset);
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= charOffset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo];
    const nl = this.text.indexOf('\n', lineStart);
    const sourceLine = this.text.slice(lineStart, nl < 0 ? undefined : nl).replace(/\r$/, '');
    return { line: lo + 1, column: charOffset - lineStart + 1, sourceLine };
  }

  /** A TemplateSyntaxError located at a byte offset. */
  error(message: string, offset: number): TemplateSyntaxError {
    const where = this.locate(offset);
    return new TemplateSyntaxError(message.replace('{line}', String(where.line)), { name: this.name, ...where });
  }
}

const encoder = new TextEncoder();

/** Encodes tag shapes in the byte layout assembly/template.ts reads. */
export function encodeTags(shapes: readonly TagShape[]): Uint8Array {
  const out: number[] = [];
  const name = (s: string) => {
    const b = encoder.encode(s);
    if (b.length > 255) throw new Error(`tag name too long: ${s}`);
    out.push(b.length, ...b);
  };
  for (const t of shapes) {
    out.push((t.end ? 1 : 0) | (t.raw ? 2 : 0));
    name(t.name);
    name(t.end ?? '');
    const inter = t.intermediates ?? [];
    out.push(inter.length);
    for (const i of inter) {
      out.push(i.terminal ? 1 : 0);
      name(i.name);
    }
  }
  return Uint8Array.from(out);
}

let region: Region | undefined;
// Where the tag table was last written (it stays valid until the source outgrows its slot).
let lastTags: Uint8Array | undefined;
let lastTagAt = -1;
let lastRegionPtr = -1;

// The loader wraps exports to set an optional-argument count; templateParse
// has no optional arguments, so call the raw export.
const parse: WasmExports['templateParse'] = (wasm.templateParse as { original?: WasmExports['templateParse'] }).original ?? wasm.templateParse;

const E_EMPTY_VAR = 1;
const E_EMPTY_TAG = 2;
const E_INVALID_TAG = 3;
const E_UNCLOSED = 4;

/** Expected tags after the given shape, in Django's order (for error messages). */
function expected(shape: TagShape, closed: number): string[] {
  const names = closed ? [] : (shape.intermediates ?? []).map((i) => i.name);
  return [...names, shape.end ?? ''];
}

function textList(items: string[], last: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/**
 * Runs the WebAssembly parser over `source` and returns its records. Throws
 * TemplateSyntaxError for lexical and nesting errors (with line and column).
 */
export function parseStream(text: string, name: string, shapes: readonly TagShape[], tagBytes: Uint8Array): { source: Source; stream: ParsedStream } {
  // This parse reuses the output buffer: keep the words a previous stream may still decode.
  if (live) {
    live.detach();
    live = undefined;
  }
  generation++;
  region ??= new Region(1 << 16);
  // Source at the start of the region, the tag table in its last bytes.
  const maxBytes = text.length * 3;
  region.ensure(maxBytes + tagBytes.length + 16);
  const tagAt = (region.capacity - tagBytes.length - 8) & ~7;
  const length = text.length === 0 ? 0 : encoder.encodeInto(text, region.view()).written; // at most maxBytes: the tag table after them is safe
  let tagsChanged = 0;
  if (lastTags !== tagBytes || lastTagAt !== tagAt || lastRegionPtr !== region.ptr) {
    region.view().set(tagBytes, tagAt);
    lastTags = tagBytes;
    lastTagAt = tagAt;
    lastRegionPtr = region.ptr;
    tagsChanged = 1;
  }
  const source = new Source(text, name, length);
  const ptr = parse(region.ptr, length, region.ptr + tagAt, tagBytes.length, tagsChanged);
  const w = words();
  const h = ptr >> 2;
  const status = w[h];
  if (status !== 0) {
    const at = w[h + 1];
    const tokenText = source.slice(at, w[h + 2]);
    const aux1 = w[h + 3];
    const aux2 = w[h + 4];
    if (status === E_EMPTY_VAR) throw source.error('Empty variable tag on line {line}', at);
    if (status === E_EMPTY_TAG) throw source.error('Empty block tag on line {line}', at);
    const command = tokenText.slice(2, -2).trim().split(/\s+/)[0];
    if (status === E_INVALID_TAG) {
      if (aux1 >= 0) {
        const want = expected(shapes[aux1], aux2).map((n) => `'${n}'`);
        throw source.error(`Invalid block tag on line {line}: '${command}', expected ${textList(want, 'or')}. Did you forget to register or load this tag?`, at);
      }
      throw source.error(`Invalid block tag on line {line}: '${command}'. Did you forget to register or load this tag?`, at);
    }
    if (status === E_UNCLOSED) {
      const want = expected(shapes[aux1], aux2);
      throw source.error(`Unclosed tag on line {line}: '${command}'. Looking for one of: ${want.join(', ')}.`, at);
    }
    throw source.error(`Template parser error ${status}`, at);
  }
  // The output buffer is reused by the next parse: tag bits decode their
  // expressions lazily from the words in place, copied only if still live then.
  const sw = new StreamWords(h, w[h + 5]);
  live = sw;
  return { source, stream: readRecords(w, h, source, shapes, sw) };
}

/** The EXPR at word p over the span [spanStart, spanEnd) (the span is what its short form leaves out). */
/** The word after the EXPR readExpr read last. */
let exprEnd = 0;

function readExpr(w: Int32Array, p: number, source: Source, spanStart: number, spanEnd: number): RawExpr {
  const err = w[p];
  if (err < 0) {
    // The short form: the whole span is the base, no filters.
    exprEnd = p + 1;
    return { err: 0, off1: 0, off2: 0, baseKind: -1 - err, base: source.slice(spanStart, spanEnd), start: spanStart, end: spanEnd, filters: [] };
  }
  const count = w[p + 6];
  const start = w[p + 4];
  const end = w[p + 5];
  const expr: RawExpr = {
    err,
    off1: w[p + 1],
    off2: w[p + 2],
    baseKind: w[p + 3],
    base: err ? '' : source.slice(start, end),
    start,
    end,
    // Sized up front: an array grown by push reserves 17 slots.
    filters: count ? new Array<RawFilter>(count) : [],
  };
  let q = p + 7;
  for (let i = 0; i < count; i++, q += 5) {
    const argKind = w[q + 2];
    expr.filters[i] = {
      name: source.slice(w[q], w[q + 1]),
      nameStart: w[q],
      argKind,
      arg: argKind ? source.slice(w[q + 3], w[q + 4]) : '',
      argStart: w[q + 3],
    };
  }
  exprEnd = q;
  return expr;
}

/** A tag record whose bits are decoded on first use (end tags and `else` rarely read theirs). */
class Tag implements TagRecord {
  readonly op = 3;
  private _bits?: Bit[];
  private _contents?: string;
  constructor(
    readonly role: number,
    readonly shape: TagShape,
    readonly name: string,
    readonly start: number,
    readonly end: number,
    private readonly words: StreamWords,
    /** Word of the first BIT, relative to the stream's header. */
    private readonly bitsAt: number,
    private readonly count: number,
    private readonly source: Source,
  ) {}

  get contents(): string {
    return (this._contents ??= this.source.slice(this.start, this.end));
  }

  get bits(): Bit[] {
    if (this._bits) return this._bits;
    const sw = this.words;
    const w = sw.view();
    const source = this.source;
    const bits = new Array<Bit>(this.count); // sized: an array grown by push reserves 17 slots
    let q = sw.base + this.bitsAt;
    for (let i = 0; i < this.count; i++) {
      const bs = w[q];
      const be = w[q + 1];
      const vs = w[q + 2];
      const exprAt = q + 3;
      q = exprAt + exprWords(w, exprAt);
      let valueAt = -1;
      if (vs !== bs) {
        valueAt = q;
        q += exprWords(w, q);
      }
      const bit = new Bit(source.slice(bs, be), bs, be, sw, exprAt - sw.base, valueAt < 0 ? -1 : valueAt - sw.base, source);
      if (vs !== bs) {
        bit.keyword = source.slice(bs, vs - 1);
        bit.valueStart = vs;
      }
      bits[i] = bit;
    }
    return (this._bits = bits);
  }
}

function readRecords(w: Int32Array, h: number, source: Source, shapes: readonly TagShape[], sw: StreamWords): ParsedStream {
  const records: StreamRecord[] = [];
  let p = h + 8;
  for (;;) {
    const op = w[p];
    if (op === 0) break;
    if (op === 1) {
      records.push({ op: 1, start: w[p + 1], end: w[p + 2] });
      p += 3;
    } else if (op === 2) {
      const expr = readExpr(w, p + 3, source, w[p + 1], w[p + 2]);
      records.push({ op: 2, start: w[p + 1], end: w[p + 2], expr });
      p = exprEnd;
    } else {
      const start = w[p + 3];
      const nbits = w[p + 6];
      // Skip the bits here; the record decodes them if its tag reads them.
      let q = p + 7;
      for (let i = 0; i < nbits; i++) {
        const bs = w[q];
        const vs = w[q + 2];
        q += 3;
        q += exprWords(w, q);
        if (vs !== bs) q += exprWords(w, q);
      }
      const role = w[p + 1];
      const shape = shapes[w[p + 2]];
      // A tag that is not an end or intermediate has its shape's name: that
      // string (hashed once) is what the parser looks the tag up by.
      const name = role <= 1 ? shape.name : source.slice(start, w[p + 5]);
      records.push(new Tag(role, shape, name, start, w[p + 4], sw, p + 7 - h, nbits, source));
      p = q;
    }
  }
  return { records, words: sw };
}
