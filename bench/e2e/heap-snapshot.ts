// What a contender's V8 heap holds, by kind, read from a heap snapshot
// (E2E_HEAP=1): a snapshot taken at idle and one after the loads, each after
// the full collection a snapshot forces, show what the load left alive, and
// whose it is: the stack's own data (objects, closures, strings) or what V8
// keeps for running hot code (machine code, feedback, bytecode). RSS alone
// cannot tell these apart; the code log (code-log.ts) counts only what was
// compiled, dead copies included, not what stays.
//
// A snapshot is JSON: `nodes` is a flat array of `snapshot.meta.node_fields`
// per node (type, name, id, self_size, ...), `type` indexes
// `meta.node_types[0]`, `name` indexes `strings`. V8 reports its own heap
// objects (bytecode, feedback vectors, IC handlers) as type `code` or `hidden`
// named `system / <Class>`; machine code is type `code` with the function's
// name, its deoptimization data and relocation info type `code` in
// parentheses. `native` nodes (ArrayBuffer backing stores, WebAssembly
// memories) and `synthetic` ones (roots) are outside the JS heap's accounting
// and left out.

export const HEAP_KINDS = ['objects', 'strings', 'machine code', 'feedback and inline caches', 'bytecode', 'other V8 metadata'] as const;
export type HeapKind = (typeof HEAP_KINDS)[number];
export type HeapComposition = Record<HeapKind, number>;

/** The part of a .heapsnapshot file read here. */
export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
}

const FEEDBACK = new Set(['FeedbackVector', 'FeedbackCell', 'FeedbackMetadata', 'ClosureFeedbackCellArray', 'LoadHandler', 'StoreHandler', 'AllocationSite']);
const OBJECTS = new Set(['object', 'closure', 'array', 'regexp', 'number', 'bigint', 'symbol']);
const STRINGS = new Set(['string', 'concatenated string', 'sliced string']);

/** The kind of one snapshot node, or undefined for a node outside the JS heap (native, synthetic). */
export function heapKind(type: string, name: string): HeapKind | undefined {
  if (type === 'native' || type === 'synthetic') return undefined;
  if (STRINGS.has(type)) return 'strings';
  const system = name.startsWith('system / ') ? name.slice('system / '.length) : undefined;
  if (system !== undefined) {
    if (FEEDBACK.has(system)) return 'feedback and inline caches';
    if (system === 'BytecodeArray') return 'bytecode';
    return 'other V8 metadata';
  }
  if (type === 'code') {
    // A compiled function is named for itself; its parts are "(code deopt data)",
    // "(code relocation info)", "(code for <name>)", a baseline function's
    // "(bytecode offset table)". Bytecode brings "(source position table)",
    // "(constant pool)", "(handler table)". Other parenthesized names are V8's
    // own records (scope names, shared function infos, builtin handles).
    if (!name.startsWith('(') || /^\((code|BASELINE code|bytecode offset table)\b/.test(name)) return 'machine code';
    if (/^\((source position table|constant pool|handler table)\)/.test(name)) return 'bytecode';
    return 'other V8 metadata';
  }
  if (OBJECTS.has(type)) return 'objects';
  // hidden (V8's internal arrays and records), object shape (hidden classes)
  return 'other V8 metadata';
}

/** Bytes (self sizes) of a snapshot's JS heap by kind. */
export function heapComposition(snapshot: HeapSnapshotJson): HeapComposition {
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const typeNames = types[0] as string[];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  if (typeAt < 0 || nameAt < 0 || sizeAt < 0 || !Array.isArray(typeNames)) throw new Error('not a V8 heap snapshot: no type, name and self_size node fields');
  const out = Object.fromEntries(HEAP_KINDS.map((k) => [k, 0])) as HeapComposition;
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = heapKind(typeNames[nodes[i + typeAt]], strings[nodes[i + nameAt]]);
    if (kind) out[kind] += nodes[i + sizeAt];
  }
  return out;
}

/** b − a, kind by kind. */
export function heapGrowth(a: HeapComposition, b: HeapComposition): HeapComposition {
  return Object.fromEntries(HEAP_KINDS.map((k) => [k, b[k] - a[k]])) as HeapComposition;
}
