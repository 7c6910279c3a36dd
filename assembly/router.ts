// The URL matcher: a route table compiled once into a trie in linear memory,
// searched with Django's first-match-in-declaration-order semantics.
//
// Pipeline
//   1. JavaScript parses every route (src/urls/) and flattens the URLconf:
//      one entry per view, in declaration order, each a list of levels (the
//      root "/", every include() prefix, the path() itself), each level a list
//      of pieces (a literal or a built-in converter).
//   2. routerCompile() inserts the entries into a byte trie, compresses chains
//      into labelled edges and lays the result out as fixed-size records in
//      one unmanaged block (layout below). A "boundary" edge closes an
//      include() prefix and leads to the root of its children's level.
//   3. routerMatch() runs a depth-first search over the path bytes and keeps
//      the smallest entry index that matches; every node knows the smallest
//      index below it, so subtrees that cannot beat the best are skipped.
//      Converter runs are tried longest first, which is the order in which
//      Python's greedy regex finds its first match, and an include prefix is
//      committed at its first match (its boundary node is stamped), as
//      Django's URLResolver matches a prefix once and never backtracks into it.
//      A memo of finished (node, position) pairs bounds the work on hostile
//      paths; pruning by length and by the literal suffix every entry below a
//      node requires cuts most misses short.
//
// Nothing is allocated per lookup: the path is read from a scratch region
// JavaScript wrote, and answers (entry index, capture spans as byte offsets)
// are written to a fixed output block inside the table.

// Piece kinds, shared with src/urls/compile.ts.
const LITERAL: i32 = 0;
const INT: i32 = 1;
const STR: i32 = 2;
const SLUG: i32 = 3;
const UUID: i32 = 4;
const PATH: i32 = 5;

const NONE: i32 = i32.MAX_VALUE;

// ---------------------------------------------------------------------------
// Build phase (managed objects, once per table)

class BConv {
  constructor(public kind: i32, public child: BNode) {}
}

class BNode {
  kids: Map<u8, BNode> = new Map();
  kidBytes: Array<u8> = [];
  convs: Array<BConv> = [];
  boundary: BNode | null = null;
  endpoints: Array<i32> = [];
  min: i32 = NONE;
  // Common literal suffix of every entry below (null until set).
  suffix: Array<u8> | null = null;
  minLen: i32 = NONE;
  addr: usize = 0;
}

class FLit {
  constructor(public label: Array<u8>, public child: BNode) {}
}

function commonSuffix(a: Array<u8>, b: Array<u8>): Array<u8> {
  let n = 0;
  let i = a.length - 1;
  let j = b.length - 1;
  while (i >= 0 && j >= 0 && a[i] == b[j]) {
    n++;
    i--;
    j--;
  }
  return a.slice(a.length - n);
}

function mergeSuffix(node: BNode, s: Array<u8>): void {
  const cur = node.suffix;
  if (cur === null) node.suffix = s;
  else node.suffix = commonSuffix(cur, s);
}

function convMinLen(kind: i32): i32 {
  return kind == UUID ? 36 : 1;
}

// Byte classes of the built-in converters (Django's regexes, on UTF-8 bytes).
@inline
function inClass(kind: i32, c: u32): bool {
  if (kind == INT) return c - 48 < 10;
  if (kind == STR) return c != 47; // [^/]
  if (kind == PATH) return c != 10; // . (anything but a newline)
  if (kind == SLUG) {
    // [-a-zA-Z0-9_]
    return c - 48 < 10 || (c | 32) - 97 < 26 || c == 45 || c == 95;
  }
  return false;
}

// [-a-zA-Z0-9_] as a table: one load per byte in a slug run.
const SLUG_BYTES = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, // '-'
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, // 0-9
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // A-O
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, // P-Z, '_'
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // a-o
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, // p-z
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

@inline
function isHexLower(c: u32): bool {
  return c - 48 < 10 || c - 97 < 6;
}

// ---------------------------------------------------------------------------
// Table layout (all fields i32, addresses are absolute byte addresses)

// Node record
const N_MIN: usize = 0;
const N_MINLEN: usize = 4;
const N_EPCOUNT: usize = 8;
const N_EPBASE: usize = 12;
const N_LITCOUNT: usize = 16;
const N_LITBASE: usize = 20;
const N_CONVCOUNT: usize = 24;
const N_CONVBASE: usize = 28;
const N_BOUNDARY: usize = 32;
const N_STAMP: usize = 36;
const N_SUFPTR: usize = 40;
const N_SUFLEN: usize = 44;
const N_BITMAP: usize = 48; // 32 bytes: first bytes of literal edges
const N_INDEX: usize = 80; // 256 bytes, first byte -> edge number + 1, on wide nodes (else 0)
const NODE_SIZE: usize = 84;
const WIDE: i32 = 5;

// Literal edge record
const L_BYTE: usize = 0;
const L_LABEL: usize = 4;
const L_LEN: usize = 8;
const L_CHILD: usize = 12;
const LIT_SIZE: usize = 16;

// Converter edge record
const C_KIND: usize = 0;
const C_CHILD: usize = 4;
const C_MIN: usize = 8;
const C_MAXIMAL: usize = 12; // only the longest run can be followed by the child
// The runs of this edge in the current lookup: (generation, start, end); every
// candidate end in (start, end] is finished.
// A later run starting inside it is skipped; one starting before it that reaches
// it only tries the ends up to `start`. Either way only unfinished
// (child, position) pairs are visited, which keeps
// `<path:a>/<path:b>/...` linear instead of quadratic on hostile paths.
const C_GEN: usize = 16;
const C_START: usize = 20;
const C_END: usize = 24;
// When the child only passes on to one literal edge (`<str:owner>` then "/"),
// a maximal run checks that label itself and jumps to the grandchild.
const C_LABEL: usize = 28;
const C_LABELLEN: usize = 32;
const C_NEXT: usize = 36;
const CONV_SIZE: usize = 40;

// Table header
const T_ROOT: usize = 0;
const T_ENTRIES: usize = 4;
const T_REJECT: usize = 8; // i32 per entry: lookups whose generation is stored skip it
const T_MEMO: usize = 12;
const T_CAPS: usize = 16;
const T_OUT: usize = 20;
const T_GEN: usize = 24;
const T_MAXCAPS: usize = 28;
const T_NODES: usize = 32; // node count; nodes start right after the header
const T_CONVS: usize = 36; // address of the first converter edge
const T_CONVCOUNT: usize = 40;
const HEADER_SIZE: usize = 48;

const MEMO_SLOTS: i32 = 4096; // (generation, node, position) triples

// ---------------------------------------------------------------------------
// Compile

let specWords: usize = 0;
let specCursor: i32 = 0;

@inline
function nextWord(): i32 {
  const v = load<i32>(specWords + (<usize>specCursor << 2));
  specCursor++;
  return v;
}

function childFor(node: BNode, byte: u8): BNode {
  if (node.kids.has(byte)) return node.kids.get(byte);
  const child = new BNode();
  node.kids.set(byte, child);
  node.kidBytes.push(byte);
  return child;
}

function convChild(node: BNode, kind: i32): BNode {
  for (let i = 0; i < node.convs.length; i++) {
    if (node.convs[i].kind == kind) return node.convs[i].child;
  }
  const child = new BNode();
  node.convs.push(new BConv(kind, child));
  return child;
}

/**
 * Compiles a route table. `spec` holds `specLen` i32 words:
 *   entryCount, totalEntries (native or not), then per entry: index, levelCount, then per level:
 *   endpoint (0|1), pieceCount, then per piece: kind, byteOffset, byteLength
 * (offsets into `blob`, the UTF-8 text of the literals).
 * Returns the table's address.
 */
export function routerCompile(spec: usize, specLen: i32, blob: usize): usize {
  specWords = spec;
  specCursor = 0;
  const root = new BNode();
  const entryCount = nextWord();
  // Rejection stamps are indexed by entry index, over the whole URLconf.
  let indexes = nextWord();
  let maxCaps = 0;
  for (let e = 0; e < entryCount; e++) {
    const index = nextWord();
    if (index + 1 > indexes) indexes = index + 1;
    const levels = nextWord();
    let node = root;
    let caps = 0;
    let trailing: Array<u8> = [];
    const path: Array<BNode> = [root];
    for (let l = 0; l < levels; l++) {
      const endpoint = nextWord();
      const pieces = nextWord();
      for (let p = 0; p < pieces; p++) {
        const kind = nextWord();
        const off = nextWord();
        const len = nextWord();
        if (kind == LITERAL) {
          for (let k = 0; k < len; k++) {
            node = childFor(node, load<u8>(blob + <usize>(off + k)));
            path.push(node);
          }
          if (endpoint) {
            for (let k = 0; k < len; k++) trailing.push(load<u8>(blob + <usize>(off + k)));
          }
        } else {
          node = convChild(node, kind);
          path.push(node);
          caps++;
          if (endpoint) trailing = [];
        }
      }
      if (endpoint) {
        node.endpoints.push(index);
      } else {
        let b = node.boundary;
        if (b === null) {
          b = new BNode();
          node.boundary = b;
        }
        node = b;
        path.push(node);
      }
    }
    if (caps > maxCaps) maxCaps = caps;
    for (let i = 0; i < path.length; i++) {
      const n = path[i];
      if (index < n.min) n.min = index;
      mergeSuffix(n, trailing);
    }
  }
  assert(specCursor <= specLen, "route spec overrun");
  return layout(root, indexes, maxCaps);
}

// Compressed literal edges of a node: chains of single-byte nodes with
// nothing else on them become one labelled edge.
function literalEdges(node: BNode): Array<FLit> {
  const out: Array<FLit> = [];
  const bytes = node.kidBytes.slice(0);
  bytes.sort((a: u8, b: u8): i32 => <i32>a - <i32>b);
  for (let i = 0; i < bytes.length; i++) {
    const label: Array<u8> = [bytes[i]];
    let child = node.kids.get(bytes[i]);
    while (
      child.kidBytes.length == 1 &&
      child.convs.length == 0 &&
      child.boundary === null &&
      child.endpoints.length == 0
    ) {
      const b = child.kidBytes[0];
      label.push(b);
      child = child.kids.get(b);
    }
    out.push(new FLit(label, child));
  }
  return out;
}

function computeMinLen(node: BNode): i32 {
  if (node.minLen != NONE) return node.minLen;
  let m: i32 = NONE;
  if (node.endpoints.length > 0) m = 0;
  const lits = literalEdges(node);
  for (let i = 0; i < lits.length; i++) {
    const c = computeMinLen(lits[i].child);
    if (c != NONE && c + lits[i].label.length < m) m = c + lits[i].label.length;
  }
  for (let i = 0; i < node.convs.length; i++) {
    const c = computeMinLen(node.convs[i].child);
    const k = convMinLen(node.convs[i].kind);
    if (c != NONE && c + k < m) m = c + k;
  }
  // Reaching a boundary commits the include prefix, so a node with one must
  // be visited whatever follows: nothing past the boundary may prune it.
  const b = node.boundary;
  if (b !== null) {
    computeMinLen(b);
    m = 0;
  }
  node.minLen = m;
  return m;
}

// Sizes of everything reachable, for one allocation.
let nodeCount: i32 = 0;
let litCount: i32 = 0;
let convCount: i32 = 0;
let epCount: i32 = 0;
let labelBytes: i32 = 0;

function measure(node: BNode): void {
  nodeCount++;
  epCount += node.endpoints.length;
  const s = node.suffix;
  if (s !== null) labelBytes += s.length;
  const lits = literalEdges(node);
  litCount += lits.length;
  if (lits.length >= WIDE) labelBytes += 256;
  for (let i = 0; i < lits.length; i++) {
    labelBytes += lits[i].label.length;
    measure(lits[i].child);
  }
  convCount += node.convs.length;
  for (let i = 0; i < node.convs.length; i++) measure(node.convs[i].child);
  const b = node.boundary;
  if (b !== null) measure(b);
}

let nodeCursor: usize = 0;
let litCursor: usize = 0;
let convCursor: usize = 0;
let epCursor: usize = 0;
let labelCursor: usize = 0;

function writeBytes(bytes: Array<u8>): usize {
  const at = labelCursor;
  for (let i = 0; i < bytes.length; i++) store<u8>(labelCursor + <usize>i, bytes[i]);
  labelCursor += <usize>bytes.length;
  return at;
}

// A converter edge may jump straight to the end of its run when its child can
// only continue with a literal whose first byte the converter cannot match
// (`<int:pk>/`, `<str:slug>/`): every shorter run would leave a class byte in
// front of the child.
function maximalOnly(kind: i32, child: BNode): bool {
  if (child.convs.length > 0 || child.boundary !== null) return false;
  for (let i = 0; i < child.kidBytes.length; i++) {
    if (inClass(kind, <u32>child.kidBytes[i])) return false;
  }
  return true;
}

function emit(node: BNode): usize {
  const addr = nodeCursor;
  nodeCursor += NODE_SIZE;
  node.addr = addr;
  store<i32>(addr + N_MIN, node.min);
  store<i32>(addr + N_MINLEN, node.minLen);
  store<i32>(addr + N_STAMP, 0);
  const s = node.suffix;
  if (s !== null && s.length > 0) {
    store<i32>(addr + N_SUFPTR, <i32>writeBytes(s));
    store<i32>(addr + N_SUFLEN, s.length);
  } else {
    store<i32>(addr + N_SUFPTR, 0);
    store<i32>(addr + N_SUFLEN, 0);
  }
  // Endpoints, ascending.
  const eps = node.endpoints.slice(0);
  eps.sort((a: i32, b: i32): i32 => a - b);
  store<i32>(addr + N_EPCOUNT, eps.length);
  store<i32>(addr + N_EPBASE, <i32>epCursor);
  for (let i = 0; i < eps.length; i++) {
    store<i32>(epCursor, eps[i]);
    epCursor += 4;
  }
  // Literal edges, sorted by first byte; bitmap of first bytes.
  for (let w = 0; w < 8; w++) store<u32>(addr + N_BITMAP + (<usize>w << 2), 0);
  const lits = literalEdges(node);
  const litBase = litCursor;
  litCursor += (<usize>lits.length * LIT_SIZE);
  store<i32>(addr + N_LITCOUNT, lits.length);
  store<i32>(addr + N_LITBASE, <i32>litBase);
  // Converter edges, sorted by the smallest entry below them.
  const convs = node.convs.slice(0);
  convs.sort((a: BConv, b: BConv): i32 => a.child.min - b.child.min);
  const convBase = convCursor;
  convCursor += (<usize>convs.length * CONV_SIZE);
  store<i32>(addr + N_CONVCOUNT, convs.length);
  store<i32>(addr + N_CONVBASE, <i32>convBase);
  let index: usize = 0;
  if (lits.length >= WIDE) {
    index = labelCursor;
    labelCursor += 256;
    memory.fill(index, 0, 256);
  }
  store<i32>(addr + N_INDEX, <i32>index);
  for (let i = 0; i < lits.length; i++) {
    const edge = litBase + (<usize>i * LIT_SIZE);
    const first = <u32>lits[i].label[0];
    if (index != 0) store<u8>(index + <usize>first, <u8>(i + 1));
    const word = addr + N_BITMAP + (<usize>(first >> 5) << 2);
    store<u32>(word, load<u32>(word) | (1 << (first & 31)));
    store<i32>(edge + L_BYTE, <i32>first);
    store<i32>(edge + L_LABEL, <i32>writeBytes(lits[i].label));
    store<i32>(edge + L_LEN, lits[i].label.length);
    store<i32>(edge + L_CHILD, <i32>emit(lits[i].child));
  }
  for (let i = 0; i < convs.length; i++) {
    const edge = convBase + (<usize>i * CONV_SIZE);
    store<i32>(edge + C_KIND, convs[i].kind);
    store<i32>(edge + C_MIN, convs[i].child.min);
    store<i32>(edge + C_MAXIMAL, maximalOnly(convs[i].kind, convs[i].child) ? 1 : 0);
    const child = convs[i].child;
    const childAddr = emit(child);
    store<i32>(edge + C_CHILD, <i32>childAddr);
    store<i32>(edge + C_LABELLEN, 0);
    if (
      child.endpoints.length == 0 &&
      child.convs.length == 0 &&
      child.boundary === null &&
      load<i32>(childAddr + N_LITCOUNT) == 1
    ) {
      const lit = <usize>load<i32>(childAddr + N_LITBASE);
      store<i32>(edge + C_LABEL, load<i32>(lit + L_LABEL));
      store<i32>(edge + C_LABELLEN, load<i32>(lit + L_LEN));
      store<i32>(edge + C_NEXT, load<i32>(lit + L_CHILD));
    }
  }
  const b = node.boundary;
  store<i32>(addr + N_BOUNDARY, b !== null ? <i32>emit(b) : 0);
  return addr;
}

function layout(root: BNode, entryCount: i32, maxCaps: i32): usize {
  computeMinLen(root);
  nodeCount = 0;
  litCount = 0;
  convCount = 0;
  epCount = 0;
  labelBytes = 0;
  measure(root);
  const capsSize = <usize>(maxCaps * 8 + 8);
  const size: usize =
    HEADER_SIZE +
    (<usize>nodeCount * NODE_SIZE) +
    (<usize>litCount * LIT_SIZE) +
    (<usize>convCount * CONV_SIZE) +
    <usize>(epCount * 4) +
    <usize>(entryCount * 4) +
    <usize>(MEMO_SLOTS * 12) +
    capsSize * 2 +
    <usize>((labelBytes + 3) & ~3);
  const base = heap.alloc(size);
  memory.fill(base, 0, size);
  let cursor = base + HEADER_SIZE;
  nodeCursor = cursor;
  cursor += (<usize>nodeCount * NODE_SIZE);
  litCursor = cursor;
  cursor += (<usize>litCount * LIT_SIZE);
  convCursor = cursor;
  const convStart = cursor;
  cursor += (<usize>convCount * CONV_SIZE);
  epCursor = cursor;
  cursor += <usize>(epCount * 4);
  const reject = cursor;
  cursor += <usize>(entryCount * 4);
  const memo = cursor;
  cursor += <usize>(MEMO_SLOTS * 12);
  const caps = cursor;
  cursor += capsSize;
  const out = cursor;
  cursor += capsSize;
  labelCursor = cursor;
  const rootAddr = emit(root);
  store<i32>(base + T_ROOT, <i32>rootAddr);
  store<i32>(base + T_ENTRIES, entryCount);
  store<i32>(base + T_REJECT, <i32>reject);
  store<i32>(base + T_MEMO, <i32>memo);
  store<i32>(base + T_CAPS, <i32>caps);
  store<i32>(base + T_OUT, <i32>out);
  store<i32>(base + T_GEN, 0);
  store<i32>(base + T_MAXCAPS, maxCaps);
  store<i32>(base + T_NODES, nodeCount);
  store<i32>(base + T_CONVS, <i32>convStart);
  store<i32>(base + T_CONVCOUNT, convCount);
  return base;
}

/** Frees a compiled table. */
export function routerFree(table: usize): void {
  heap.free(table);
}

/** Where routerMatch writes its answer: [entry, captureCount, start0, end0, ...]. */
export function routerOutput(table: usize): usize {
  return <usize>load<i32>(table + T_OUT);
}

/** The per-entry rejection stamps JavaScript sets when a converter refuses a value. */
export function routerRejects(table: usize): usize {
  return <usize>load<i32>(table + T_REJECT);
}

// ---------------------------------------------------------------------------
// Match

let input: usize = 0;
let inputLen: i32 = 0;
let best: i32 = NONE;
let visitGen: i32 = 0;
let rejectGen: i32 = 0;
let rejects: usize = 0;
let memo: usize = 0;
let caps: usize = 0;
let out: usize = 0;

@inline
function byteAt(pos: i32): u32 {
  return <u32>load<u8>(input + <usize>pos);
}

function accept(node: usize, ncap: i32): void {
  const count = load<i32>(node + N_EPCOUNT);
  let ep = <usize>load<i32>(node + N_EPBASE);
  for (let i = 0; i < count; i++, ep += 4) {
    const entry = load<i32>(ep);
    if (entry >= best) return;
    if (load<i32>(rejects + (<usize>entry << 2)) == rejectGen) continue;
    best = entry;
    store<i32>(out + 4, ncap);
    // A few words: a loop beats the memory.copy builtin's call.
    for (let k: usize = 0; k < <usize>(ncap << 1); k++) store<i32>(out + 8 + (k << 2), load<i32>(caps + (k << 2)));
    return;
  }
}

@inline
function memoSlot(node: usize, pos: i32): usize {
  const h = (<u32>node * 2654435761) ^ (<u32>pos * 40503);
  return memo + <usize>((h & <u32>(MEMO_SLOTS - 1)) * 12);
}

// Visits the child of a converter edge at `pos` unless that pair is finished.
function visitOnce(child: usize, pos: i32, ncap: i32): void {
  const slot = memoSlot(child, pos);
  if (
    load<i32>(slot) == visitGen &&
    <usize>load<i32>(slot + 4) == child &&
    load<i32>(slot + 8) == pos
  ) {
    return;
  }
  visit(child, pos, ncap);
  store<i32>(slot, visitGen);
  store<i32>(slot + 4, <i32>child);
  store<i32>(slot + 8, pos);
}

function suffixOk(node: usize): bool {
  const n = load<i32>(node + N_SUFLEN);
  if (n == 0) return true;
  if (n > inputLen) return false;
  return memory.compare(input + <usize>(inputLen - n), <usize>load<i32>(node + N_SUFPTR), <usize>n) == 0;
}

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

// The end of the run of `kind` bytes starting at `pos`. str and path runs stop
// at one byte value ('/' or a newline), found eight bytes at a time (SWAR);
// JavaScript leaves slack after the input, so the last word may overrun it.
function runEnd(kind: i32, pos: i32): i32 {
  let end = pos;
  if (kind == STR || kind == PATH) {
    const stop: u64 = kind == STR ? 0x2f : 0x0a;
    const pattern = stop * ONES;
    while (end + 8 <= inputLen) {
      const x = load<u64>(input + <usize>end) ^ pattern;
      const hit = (x - ONES) & ~x & HIGHS;
      if (hit != 0) return end + <i32>(ctz(hit) >> 3);
      end += 8;
    }
    while (end < inputLen && byteAt(end) != <u32>stop) end++;
    return end;
  }
  if (kind == SLUG) {
    while (end < inputLen && load<u8>(SLUG_BYTES + <usize>byteAt(end)) != 0) end++;
    return end;
  }
  while (end < inputLen && inClass(kind, byteAt(end))) end++;
  return end;
}

// True when every byte of [from, to) is in the converter's class.
function runReaches(kind: i32, from: i32, to: i32): bool {
  for (let k = from; k < to; k++) if (!inClass(kind, byteAt(k))) return false;
  return true;
}

@inline
function runConverter(edge: usize, pos: i32, ncap: i32): void {
  const kind = load<i32>(edge + C_KIND);
  const child = <usize>load<i32>(edge + C_CHILD);
  if (load<i32>(child + N_MIN) >= best) return;
  const capAt = caps + (<usize>ncap << 3);
  store<i32>(capAt, pos);
  if (kind == UUID) {
    // [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
    if (inputLen - pos < 36) return;
    for (let i = 0; i < 36; i++) {
      const c = byteAt(pos + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != 45) return;
      } else if (!isHexLower(c)) return;
    }
    store<i32>(capAt + 4, pos + 36);
    visit(child, pos + 36, ncap + 1);
    return;
  }
  const need = load<i32>(child + N_MINLEN);
  if (load<i32>(edge + C_MAXIMAL)) {
    // One candidate, the end of the run: no bookkeeping of earlier runs.
    const end = runEnd(kind, pos);
    if (end == pos || inputLen - end < need) return;
    store<i32>(capAt + 4, end);
    const len = load<i32>(edge + C_LABELLEN);
    if (len == 0) {
      visit(child, end, ncap + 1);
    } else if (sameBytes(input + <usize>end, <usize>load<i32>(edge + C_LABEL), len)) {
      visit(<usize>load<i32>(edge + C_NEXT), end + len, ncap + 1);
    }
    return;
  }
  // Candidate ends are (pos, top], longest first; those above `top` are finished.
  let end = pos;
  let top = pos;
  const seen = load<i32>(edge + C_GEN) == visitGen;
  const lo = load<i32>(edge + C_START);
  const hi = load<i32>(edge + C_END);
  if (seen && pos >= lo && pos <= hi) return;
  if (seen && pos < lo && runReaches(kind, pos, lo)) {
    end = hi;
    top = lo;
  } else {
    end = runEnd(kind, pos);
    if (end == pos) return;
    top = end;
  }
  store<i32>(edge + C_GEN, visitGen);
  store<i32>(edge + C_START, pos);
  store<i32>(edge + C_END, end);
  if (!suffixOk(child)) return;
  const bitmap = child + N_BITMAP;
  const open = load<i32>(child + N_CONVCOUNT) > 0 || load<i32>(child + N_BOUNDARY) != 0;
  // Longest first: the order in which a greedy regex finds its first match.
  for (let e = top; e > pos; e--) {
    if (load<i32>(child + N_MIN) >= best) return;
    if (inputLen - e < need) continue;
    if (e < inputLen) {
      const c = byteAt(e);
      if (c - 0x80 < 0x40) continue; // inside a UTF-8 sequence
      if (!open && (load<u32>(bitmap + (<usize>(c >> 5) << 2)) & (1 << (c & 31))) == 0) continue;
    }
    store<i32>(capAt + 4, e);
    visitOnce(child, e, ncap + 1);
  }
}

// Compares n bytes, four at a time (wasm loads need no alignment).
@inline
function sameBytes(a: usize, b: usize, n: i32): bool {
  let k = 0;
  while (k + 4 <= n) {
    if (load<u32>(a + <usize>k) != load<u32>(b + <usize>k)) return false;
    k += 4;
  }
  while (k < n) {
    if (load<u8>(a + <usize>k) != load<u8>(b + <usize>k)) return false;
    k++;
  }
  return true;
}

function visit(node: usize, pos: i32, ncap: i32): void {
  if (load<i32>(node + N_MIN) >= best) return;
  if (inputLen - pos < load<i32>(node + N_MINLEN)) return;
  // 1. An entry ending here, if the path ends here too.
  if (pos == inputLen && load<i32>(node + N_EPCOUNT) > 0) accept(node, ncap);
  // 2. The literal edge starting with the next byte (at most one).
  if (pos < inputLen) {
    const c = byteAt(pos);
    if ((load<u32>(node + N_BITMAP + (<usize>(c >> 5) << 2)) & (1 << (c & 31))) != 0) {
      let edge = <usize>load<i32>(node + N_LITBASE);
      const index = <usize>load<i32>(node + N_INDEX);
      if (index != 0) {
        edge += <usize>(load<u8>(index + <usize>c) - 1) * LIT_SIZE;
      } else {
        while (<u32>load<i32>(edge + L_BYTE) != c) edge += LIT_SIZE;
      }
      const len = load<i32>(edge + L_LEN);
      if (inputLen - pos >= len && sameBytes(input + <usize>pos, <usize>load<i32>(edge + L_LABEL), len)) {
        visit(<usize>load<i32>(edge + L_CHILD), pos + len, ncap);
      }
    }
  }
  // 3. Converter edges, smallest entry first.
  const convs = load<i32>(node + N_CONVCOUNT);
  if (convs > 0) {
    let edge = <usize>load<i32>(node + N_CONVBASE);
    for (let i = 0; i < convs; i++, edge += CONV_SIZE) {
      if (load<i32>(edge + C_MIN) >= best) break;
      runConverter(edge, pos, ncap);
    }
  }
  // 4. The end of an include() prefix: only its first match counts.
  const boundary = <usize>load<i32>(node + N_BOUNDARY);
  if (boundary != 0 && load<i32>(boundary + N_STAMP) != visitGen) {
    store<i32>(boundary + N_STAMP, visitGen);
    visit(boundary, pos, ncap);
  }
}

/**
 * Matches the `len` bytes at `path` against a compiled table. Entries whose
 * rejection stamp equals `generation` are skipped (JavaScript sets the stamp
 * when a converter refuses a captured value, then asks again). Returns the
 * smallest matching entry index, or -1; captures are at routerOutput(table).
 */
export function routerMatch(table: usize, path: usize, len: i32, generation: i32): i32 {
  input = path;
  inputLen = len;
  best = NONE;
  rejectGen = generation;
  rejects = <usize>load<i32>(table + T_REJECT);
  memo = <usize>load<i32>(table + T_MEMO);
  caps = <usize>load<i32>(table + T_CAPS);
  out = <usize>load<i32>(table + T_OUT);
  // Stamps and memo slots are valid for one generation; 0 is never used.
  visitGen = load<i32>(table + T_GEN) + 1;
  if (visitGen == NONE) {
    // After 2^31 lookups, forget every old stamp rather than trust one.
    visitGen = 1;
    memory.fill(memo, 0, <usize>(MEMO_SLOTS * 12));
    const nodes = load<i32>(table + T_NODES);
    for (let i = 0; i < nodes; i++) store<i32>(table + HEADER_SIZE + (<usize>i * NODE_SIZE) + N_STAMP, 0);
    const convs = <usize>load<i32>(table + T_CONVS);
    const count = load<i32>(table + T_CONVCOUNT);
    for (let i = 0; i < count; i++) store<i32>(convs + (<usize>i * CONV_SIZE) + C_GEN, 0);
  }
  store<i32>(table + T_GEN, visitGen);
  // The root only passes on through the "/" every path starts with (and
  // whatever text every route shares after it).
  const root = <usize>load<i32>(table + T_ROOT);
  const edge = <usize>load<i32>(root + N_LITBASE);
  if (
    load<i32>(root + N_LITCOUNT) == 1 &&
    load<i32>(root + N_EPCOUNT) == 0 &&
    load<i32>(root + N_CONVCOUNT) == 0 &&
    load<i32>(root + N_BOUNDARY) == 0
  ) {
    const n = load<i32>(edge + L_LEN);
    if (len >= n && sameBytes(input, <usize>load<i32>(edge + L_LABEL), n)) {
      visit(<usize>load<i32>(edge + L_CHILD), n, 0);
    }
  } else {
    visit(root, 0, 0);
  }
  const found = best == NONE ? -1 : best;
  store<i32>(out, found);
  return found;
}
