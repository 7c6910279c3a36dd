// The Django Template Language parser: template source (UTF-8 bytes) in, an
// instruction stream of i32 words out. TypeScript (src/template/stream.ts)
// reads the stream once per template and builds the render function.
//
// Pipeline
//   1. Lex: find `{{ … }}`, `{% … %}` and `{# … #}` exactly as Django's
//      tag_re does (non-greedy, never across a newline); the bytes between
//      are text. `{% verbatim %}` switches the lexer to "everything is text"
//      until its matching `{% endverbatim %}`, as Django's Lexer does.
//   2. Parse tags against the tag table JavaScript passes in (the built-in
//      tags plus every tag of every registered library): each block tag has
//      an end tag and intermediate tags (`elif`, `else`, `empty`); nesting is
//      tracked on an explicit stack, so 10,000 levels cost no call depth.
//      `{% comment %}` skips tokens until `{% endcomment %}` (Django's
//      skip_past). Unknown tags, unexpected end tags and unclosed blocks stop
//      the parse with an error code and the byte offsets of the token.
//   3. Split each tag into bits (Django's smart_split) and parse every bit and
//      every variable as a filter expression (Django's filter_re): a base
//      (variable path, number, string constant) and filters with at most one
//      argument each, all as byte spans. A bad expression is recorded in the
//      record, not raised: only TypeScript knows whether the tag uses it.
//
// Nothing is allocated per parse once the output and stack buffers are big
// enough for the largest template seen: memory grows with the largest input,
// never with the number of calls.
//
// Tag table (bytes): per tag
//   flags u8 (1 = block, 2 = raw: skip tokens to the end tag)
//   nameLen u8, name, endLen u8, end, interCount u8,
//   per intermediate: interFlags u8 (1 = terminal: nothing but the end after it),
//   len u8, name
//
// Output (i32 words at the returned address):
//   header: status, errOffset, errEnd, aux1, aux2, wordCount, 0, 0
//   records from word 8, each starting with its opcode:
//     TEXT  1 start end
//     VAR   2 start end EXPR                       (start/end: stripped content)
//     TAG   3 role tagIndex start end nameEnd bitCount BIT*
//           role: 0 simple, 1 opens a block, 2 intermediate, 3 end of block;
//           for 2 and 3 tagIndex is the opening tag's
//     END   0
//   BIT:  start end valueStart EXPR(bit) [EXPR(value) when valueStart != start]
//         (valueStart follows `name=` for keyword arguments)
//   EXPR: err off1 off2 baseKind baseStart baseEnd filterCount
//         (nameStart nameEnd argKind argStart argEnd)*
//         kinds: 0 none, 1 variable or number, 2 string constant, 3 _("…")
//         err: 0 ok, 1 characters skipped (off1 = parsed up to, off2 = next
//         filter), 2 no variable at start, 3 unparsed remainder (off1)
//   or, when the base is the whole span and there are no filters (most tag
//   bits: `a`, `or`, `"x"`), one word: -1 - baseKind. A tag of a million
//   one-letter bits then takes 4 words per bit instead of 10.

// Error codes (shared with src/template/stream.ts)
const E_EMPTY_VAR: i32 = 1;
const E_EMPTY_TAG: i32 = 2;
const E_INVALID_TAG: i32 = 3;
const E_UNCLOSED: i32 = 4;

const OP_END: i32 = 0;
const OP_TEXT: i32 = 1;
const OP_VAR: i32 = 2;
const OP_TAG: i32 = 3;

const F_BLOCK: u8 = 1;
const F_RAW: u8 = 2;

const HEADER_WORDS: i32 = 8;

// ---------------------------------------------------------------------------
// Reusable buffers (unmanaged, grown on demand, never shrunk)

let out: usize = 0;
let outCap: i32 = 0; // in words
let outLen: i32 = 0;

let stack: usize = 0; // 4 words per open block: tagIndex, state, tokenStart, tokenEnd
let stackCap: i32 = 0; // in entries
let depth: i32 = 0;


// Tag index: entries' byte offsets in the tag table and a hash chain.
const BUCKETS: i32 = 256;
let tagHeads: usize = 0;
let tagOffs: usize = 0;
let tagNext: usize = 0;
let tagCap: i32 = 0;
let tagCount: i32 = 0;

let src: usize = 0;
let srcLen: i32 = 0;
let table: usize = 0;

function ensureOut(words: i32): void {
  if (outLen + words <= outCap) return;
  let cap = outCap < 1024 ? 1024 : outCap;
  while (cap < outLen + words) cap <<= 1;
  out = out == 0 ? heap.alloc(<usize>cap << 2) : heap.realloc(out, <usize>cap << 2);
  outCap = cap;
}

@inline
function put(v: i32): void {
  store<i32>(out + (<usize>outLen << 2), v);
  outLen++;
}

@inline
function at(i: i32): u32 {
  return <u32>load<u8>(src + <usize>i);
}

@inline
function isSpace(c: u32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

@inline
function isWord(c: u32): bool {
  // Python's \w on str patterns is Unicode-aware: bytes of multi-byte UTF-8
  // sequences count as word characters.
  return c - 48 < 10 || (c | 32) - 97 < 26 || c == 95 || c >= 0x80;
}

@inline
function isDigit(c: u32): bool {
  return c - 48 < 10;
}

function sameBytes(a: usize, b: usize, n: i32): bool {
  return memory.compare(a, b, <usize>n) == 0;
}

// ---------------------------------------------------------------------------
// Tag table

function hashName(p: usize, n: i32): i32 {
  let h: u32 = <u32>n * 31;
  if (n > 0) h = h * 131 + <u32>load<u8>(p) * 7 + <u32>load<u8>(p + <usize>(n - 1));
  return <i32>(h & <u32>(BUCKETS - 1));
}

function indexTags(tags: usize, len: i32): void {
  table = tags;
  if (tagHeads == 0) tagHeads = heap.alloc(<usize>BUCKETS << 2);
  memory.fill(tagHeads, 0xff, <usize>BUCKETS << 2);
  // Count entries first.
  let count = 0;
  let p = 0;
  while (p < len) {
    p = skipEntry(tags, p);
    count++;
  }
  if (count > tagCap) {
    if (tagOffs != 0) {
      heap.free(tagOffs);
      heap.free(tagNext);
    }
    tagCap = count + 16;
    tagOffs = heap.alloc(<usize>tagCap << 2);
    tagNext = heap.alloc(<usize>tagCap << 2);
  }
  tagCount = count;
  p = 0;
  for (let i = 0; i < count; i++) {
    store<i32>(tagOffs + (<usize>i << 2), p);
    const n = <i32>load<u8>(tags + <usize>(p + 1));
    const b = hashName(tags + <usize>(p + 2), n);
    store<i32>(tagNext + (<usize>i << 2), load<i32>(tagHeads + (<usize>b << 2)));
    store<i32>(tagHeads + (<usize>b << 2), i);
    p = skipEntry(tags, p);
  }
}

function skipEntry(tags: usize, p: i32): i32 {
  p += 1; // flags
  p += 1 + <i32>load<u8>(tags + <usize>p); // name
  p += 1 + <i32>load<u8>(tags + <usize>p); // end
  const inter = <i32>load<u8>(tags + <usize>p);
  p += 1;
  for (let i = 0; i < inter; i++) {
    p += 1; // interFlags
    p += 1 + <i32>load<u8>(tags + <usize>p);
  }
  return p;
}

function findTag(name: i32, n: i32): i32 {
  let i = load<i32>(tagHeads + (<usize>hashName(src + <usize>name, n) << 2));
  while (i >= 0) {
    const off = load<i32>(tagOffs + (<usize>i << 2));
    if (<i32>load<u8>(table + <usize>(off + 1)) == n && sameBytes(table + <usize>(off + 2), src + <usize>name, n)) return i;
    i = load<i32>(tagNext + (<usize>i << 2));
  }
  return -1;
}

@inline
function tagEntry(i: i32): usize {
  return table + <usize>load<i32>(tagOffs + (<usize>i << 2));
}

@inline
function tagFlags(i: i32): u8 {
  return load<u8>(tagEntry(i));
}

// Address of the end-name length byte of entry i.
function endField(i: i32): usize {
  const e = tagEntry(i);
  return e + 2 + <usize>load<u8>(e + 1);
}

function matchesEnd(i: i32, name: i32, n: i32): bool {
  const f = endField(i);
  return <i32>load<u8>(f) == n && sameBytes(f + 1, src + <usize>name, n);
}

// 0 = not an intermediate of tag i, 1 = intermediate, 2 = terminal intermediate.
function matchesIntermediate(i: i32, name: i32, n: i32): i32 {
  const f = endField(i);
  let p = f + 1 + <usize>load<u8>(f);
  const count = <i32>load<u8>(p);
  p++;
  for (let k = 0; k < count; k++) {
    const flags = load<u8>(p);
    const len = <i32>load<u8>(p + 1);
    if (len == n && sameBytes(p + 2, src + <usize>name, n)) return (flags & 1) != 0 ? 2 : 1;
    p += 2 + <usize>len;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Filter expressions (Django's filter_re, matched by hand)

// Matches a string constant at p: "…", '…', _("…") or _('…'). Returns the end or -1.
function matchQuoted(p: i32, end: i32): i32 {
  if (p >= end) return -1;
  const q = at(p);
  if (q != 34 && q != 39) return -1;
  let i = p + 1;
  while (i < end) {
    const c = at(i);
    if (c == 92) {
      i += 2;
      continue;
    }
    if (c == q) return i + 1;
    i++;
  }
  return -1;
}

let constKind: i32 = 0;

function matchConstant(p: i32, end: i32): i32 {
  if (p + 1 < end && at(p) == 95 && at(p + 1) == 40) {
    const e = matchQuoted(p + 2, end);
    if (e >= 0 && e < end && at(e) == 41) {
      constKind = 3;
      return e + 1;
    }
  }
  const e = matchQuoted(p, end);
  if (e >= 0) constKind = 2;
  return e;
}

// [\w.]+ | [-+.]?\d[\d.e]*   Returns the end or -1.
function matchVarOrNumber(p: i32, end: i32): i32 {
  let i = p;
  while (i < end && (isWord(at(i)) || at(i) == 46)) i++;
  if (i > p) return i;
  i = p;
  if (i < end && (at(i) == 45 || at(i) == 43 || at(i) == 46)) i++;
  if (i < end && isDigit(at(i))) {
    i++;
    while (i < end && (isDigit(at(i)) || at(i) == 46 || at(i) == 101)) i++;
    return i;
  }
  return -1;
}

// One filter at p: \s*\|\s*(\w+)(?::(constant|var))?  Writes 5 words when
// `emitIt`; returns the end or -1.
function matchFilter(p: i32, end: i32, emitIt: bool): i32 {
  let i = p;
  while (i < end && isSpace(at(i))) i++;
  if (i >= end || at(i) != 124) return -1;
  i++;
  while (i < end && isSpace(at(i))) i++;
  const nameStart = i;
  while (i < end && isWord(at(i))) i++;
  if (i == nameStart) return -1;
  const nameEnd = i;
  let argKind = 0;
  let argStart = 0;
  let argEnd = 0;
  if (i < end && at(i) == 58) {
    const e = matchConstant(i + 1, end);
    if (e >= 0) {
      argKind = constKind;
      argStart = i + 1;
      argEnd = e;
      i = e;
    } else {
      const v = matchVarOrNumber(i + 1, end);
      if (v >= 0) {
        argKind = 1;
        argStart = i + 1;
        argEnd = v;
        i = v;
      }
    }
  }
  if (emitIt) {
    put(nameStart);
    put(nameEnd);
    put(argKind);
    put(argStart);
    put(argEnd);
  }
  return i;
}

// The next position >= p where a filter matches (finditer's search), or -1.
function searchFilter(p: i32, end: i32): i32 {
  while (p < end) {
    let q = p;
    while (q < end && isSpace(at(q))) q++;
    if (q < end && at(q) == 124 && matchFilter(p, end, false) >= 0) return p;
    p = q + 1;
  }
  return -1;
}

// Writes an EXPR for [start, end).
function parseExpr(start: i32, end: i32): void {
  let upto = start;
  let kind = 0;
  const c = matchConstant(start, end);
  if (c >= 0) {
    kind = constKind;
    upto = c;
  } else {
    const v = matchVarOrNumber(start, end);
    if (v >= 0) {
      kind = 1;
      upto = v;
    }
  }
  if (kind != 0 && upto == end) {
    // The short form: the reader knows the span (the variable's or the bit's).
    ensureOut(1);
    put(-1 - kind);
    return;
  }
  ensureOut(7);
  const head = outLen;
  for (let k = 0; k < 7; k++) put(0);
  if (kind == 0) {
    // No base: a filter at the very start means "no variable", anything
    // else is characters finditer would have skipped.
    const f = searchFilter(start, end);
    if (f == start) {
      setErr(head, 2, start, 0);
      return;
    }
    if (f > start) {
      setErr(head, 1, start, f);
      return;
    }
    setErr(head, 3, start, 0);
    return;
  }
  store<i32>(out + (<usize>(head + 3) << 2), kind);
  store<i32>(out + (<usize>(head + 4) << 2), start);
  store<i32>(out + (<usize>(head + 5) << 2), upto);
  let count = 0;
  while (upto < end) {
    ensureOut(5);
    const e = matchFilter(upto, end, true);
    if (e < 0) {
      outLen = head + 7 + count * 5;
      const f = searchFilter(upto, end);
      if (f >= 0) setErr(head, 1, upto, f);
      else setErr(head, 3, upto, 0);
      return;
    }
    count++;
    upto = e;
  }
  store<i32>(out + (<usize>(head + 6) << 2), count);
}

function setErr(head: i32, code: i32, off1: i32, off2: i32): void {
  outLen = head + 7;
  store<i32>(out + (<usize>head << 2), code);
  store<i32>(out + (<usize>(head + 1) << 2), off1);
  store<i32>(out + (<usize>(head + 2) << 2), off2);
  for (let k = 3; k < 7; k++) store<i32>(out + (<usize>(head + k) << 2), 0);
}

// ---------------------------------------------------------------------------
// Tags

// Django's smart_split: one bit from p (p is not whitespace). Returns its end.
function bitEnd(p: i32, end: i32): i32 {
  let q = p;
  while (q < end && !isSpace(at(q)) && at(q) != 34 && at(q) != 39) q++;
  // No quote before the first space: the bit ends there (most bits).
  if (q >= end || isSpace(at(q))) return q;
  let groups = 0;
  let last = q;
  while (q < end && (at(q) == 34 || at(q) == 39)) {
    const e = matchQuoted(q, end);
    if (e < 0) break;
    q = e;
    while (q < end && !isSpace(at(q)) && at(q) != 34 && at(q) != 39) q++;
    groups++;
    last = q;
  }
  if (groups > 0) return last;
  q = p;
  while (q < end && !isSpace(at(q))) q++;
  return q;
}

function emitBits(start: i32, end: i32): void {
  const countAt = outLen - 1;
  let count = 0;
  let p = start;
  while (true) {
    while (p < end && isSpace(at(p))) p++;
    if (p >= end) break;
    const e = bitEnd(p, end);
    // `name=value`: Django's kwarg_re (\w+)=
    let v = p;
    while (v < e && isWord(at(v))) v++;
    const value = v > p && v < e && at(v) == 61 ? v + 1 : p;
    ensureOut(3);
    put(p);
    put(e);
    put(value);
    parseExpr(p, e);
    if (value != p) parseExpr(value, e);
    count++;
    p = e;
  }
  store<i32>(out + (<usize>countAt << 2), count);
}

function emitTag(role: i32, tag: i32, start: i32, end: i32, nameEnd: i32): i32 {
  ensureOut(7);
  const record = outLen;
  put(OP_TAG);
  put(role);
  put(tag);
  put(start);
  put(end);
  put(nameEnd);
  put(0);
  emitBits(start, end);
  return record;
}

function push(tag: i32, tokStart: i32, tokEnd: i32): void {
  if (depth == stackCap) {
    const cap = stackCap < 64 ? 64 : stackCap << 1;
    stack = stack == 0 ? heap.alloc(<usize>cap << 4) : heap.realloc(stack, <usize>cap << 4);
    stackCap = cap;
  }
  const s = stack + (<usize>depth << 4);
  store<i32>(s, tag);
  store<i32>(s + 4, 0);
  store<i32>(s + 8, tokStart);
  store<i32>(s + 12, tokEnd);
  depth++;
}

function fail(code: i32, offset: i32, endOffset: i32, aux1: i32, aux2: i32): void {
  store<i32>(out, code);
  store<i32>(out + 4, offset);
  store<i32>(out + 8, endOffset);
  store<i32>(out + 12, aux1);
  store<i32>(out + 16, aux2);
}

// ---------------------------------------------------------------------------
// Lexer state

let verbatimStart: i32 = -1; // content of the opening {% verbatim … %}, or -1
let verbatimLen: i32 = 0;
let skipping: i32 = -1; // tag index of an open raw block ({% comment %})
let textStart: i32 = 0;
let failed: bool = false;

function flushText(upto: i32): void {
  if (upto > textStart && skipping < 0) {
    ensureOut(3);
    put(OP_TEXT);
    put(textStart);
    put(upto);
  }
}

// Handles one token [start, end); `kind` is the second byte ('%', '{', '#').
function token(kind: u32, start: i32, end: i32): void {
  let cs = start + 2;
  let ce = end - 2;
  while (cs < ce && isSpace(at(cs))) cs++;
  while (ce > cs && isSpace(at(ce - 1))) ce--;
  const n = ce - cs;
  if (kind == 37) {
    if (verbatimStart >= 0) {
      // Only the matching {% endverbatim … %} ends a verbatim block.
      if (
        n != verbatimLen + 3 ||
        !(at(cs) == 101 && at(cs + 1) == 110 && at(cs + 2) == 100) ||
        !sameBytes(src + <usize>(cs + 3), src + <usize>verbatimStart, verbatimLen)
      ) {
        return;
      }
      verbatimStart = -1;
    } else if (n >= 8 && at(cs) == 118 && memory.compare(src + <usize>cs, VERBATIM, 8) == 0 && (n == 8 || at(cs + 8) == 32)) {
      verbatimStart = cs;
      verbatimLen = n;
    }
  } else if (verbatimStart >= 0) {
    return;
  }
  flushText(start);
  textStart = end;
  if (skipping >= 0) {
    // Django's skip_past: the whole content must equal the end tag.
    if (kind == 37 && matchesEnd(skipping, cs, n)) {
      skipping = -1;
      depth--;
      const nameEnd = cs + n;
      emitTag(3, load<i32>(stack + (<usize>depth << 4)), cs, ce, nameEnd);
    }
    return;
  }
  if (kind == 35) return; // {# comment #}
  if (kind == 123) {
    if (n == 0) {
      fail(E_EMPTY_VAR, start, end, 0, 0);
      failed = true;
      return;
    }
    ensureOut(3);
    put(OP_VAR);
    put(cs);
    put(ce);
    parseExpr(cs, ce);
    return;
  }
  if (n == 0) {
    fail(E_EMPTY_TAG, start, end, 0, 0);
    failed = true;
    return;
  }
  let nameEnd = cs;
  while (nameEnd < ce && !isSpace(at(nameEnd))) nameEnd++;
  const nn = nameEnd - cs;
  // 1. The end or an intermediate of the innermost open block.
  if (depth > 0) {
    const top = stack + (<usize>(depth - 1) << 4);
    const open = load<i32>(top);
    if (matchesEnd(open, cs, nn)) {
      depth--;
      emitTag(3, open, cs, ce, nameEnd);
      return;
    }
    if (load<i32>(top + 4) == 0) {
      const m = matchesIntermediate(open, cs, nn);
      if (m > 0) {
        if (m == 2) store<i32>(top + 4, 1);
        emitTag(2, open, cs, ce, nameEnd);
        return;
      }
    }
  }
  // 2. A registered tag.
  const tag = findTag(cs, nn);
  if (tag < 0) {
    if (depth > 0) {
      const top = stack + (<usize>(depth - 1) << 4);
      fail(E_INVALID_TAG, start, end, load<i32>(top), load<i32>(top + 4));
    } else {
      fail(E_INVALID_TAG, start, end, -1, 0);
    }
    failed = true;
    return;
  }
  const flags = tagFlags(tag);
  if ((flags & F_BLOCK) == 0) {
    emitTag(0, tag, cs, ce, nameEnd);
    return;
  }
  emitTag(1, tag, cs, ce, nameEnd);
  push(tag, start, end);
  if ((flags & F_RAW) != 0) skipping = tag;
}

const VERBATIM = memory.data<u8>([118, 101, 114, 98, 97, 116, 105, 109]);

/**
 * Parses `len` bytes of template source at `source` against the tag table of
 * `tagsLen` bytes at `tags` (`tagsChanged` when JavaScript wrote it since the
 * last call). Returns the address of the output (header, then
 * records); the output buffer is reused by the next call.
 */
export function templateParse(source: usize, len: i32, tags: usize, tagsLen: i32, tagsChanged: i32): usize {
  src = source;
  srcLen = len;
  outLen = 0;
  depth = 0;
  verbatimStart = -1;
  skipping = -1;
  textStart = 0;
  failed = false;
  ensureOut(HEADER_WORDS);
  for (let k = 0; k < HEADER_WORDS; k++) put(0);
  // The tag table is indexed again only when JavaScript wrote a new one.
  if (tagsChanged != 0 || tags != table || tagHeads == 0) indexTags(tags, tagsLen);
  // Positions before which no closer of each kind exists on the current line
  // (so a line full of `{{` is scanned once, not once per brace).
  let noVar = -1;
  let noTag = -1;
  let noComment = -1;
  let pos = 0;
  while (pos + 1 < len && !failed) {
    // memchr for '{'
    let i = pos;
    while (i < len && at(i) != 123) i++;
    if (i + 1 >= len) break;
    const k = at(i + 1);
    if (k != 37 && k != 123 && k != 35) {
      pos = i + 1;
      continue;
    }
    if ((k == 123 && i < noVar) || (k == 37 && i < noTag) || (k == 35 && i < noComment)) {
      pos = i + 1;
      continue;
    }
    const closer: u32 = k == 123 ? 125 : k;
    let j = i + 2;
    let found = -1;
    while (j + 1 < len) {
      const c = at(j);
      if (c == 10) break;
      if (c == closer && at(j + 1) == 125) {
        found = j;
        break;
      }
      j++;
    }
    if (found < 0) {
      const stop = j + 1 < len ? j : len;
      if (k == 123) noVar = stop;
      else if (k == 37) noTag = stop;
      else noComment = stop;
      pos = i + 1;
      continue;
    }
    token(k, i, found + 2);
    pos = found + 2;
  }
  if (!failed) {
    flushText(len);
    if (depth > 0) {
      const top = stack + (<usize>(depth - 1) << 4);
      fail(E_UNCLOSED, load<i32>(top + 8), load<i32>(top + 12), load<i32>(top), load<i32>(top + 4));
      failed = true;
    }
  }
  ensureOut(1);
  put(OP_END);
  store<i32>(out + 20, outLen);
  return out;
}
