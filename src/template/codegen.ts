/**
 * The code generator: a node tree becomes one JavaScript function specialized
 * to the template.
 *
 * What it does to be fast, and why it stays Django-exact:
 *   - Static text is merged into the surrounding string concatenation.
 *   - Loop and `with` variables are JavaScript locals; `forloop.counter` and
 *     friends are arithmetic on the loop index, and the forloop object is
 *     built only when something needs it whole (`parentloop`, `{{ forloop }}`,
 *     a node rendered through the interpreter).
 *   - Lookups of other names go through the Context; names that some tag
 *     binds at render time (`{% cycle … as x %}`) are never made locals.
 *   - Nodes without a `compile` method are called through their interpreter
 *     `render`; when one sits inside a loop or `with`, that scope also
 *     mirrors its locals into a pushed context dictionary, as Django's
 *     `context.push()` would hold them, so the node sees exactly what it
 *     would see in Django.
 *   - Autoescape is a compile-time constant; the generated function is used
 *     only when the context's autoescape matches it (the interpreter renders
 *     otherwise).
 */
import { generatedFunction } from '../utils/generated';
import type { Context } from './context';
import type { FilterExpression, Node, NodeList, Variable } from './base';
import * as runtime from './runtime';
import { markSafe } from './safe';
import { TextNode, VariableNode, invalid, resolveArg } from './base';
import { VariableDoesNotExist } from './errors';
import { ValueError } from '../core/exceptions';
import { localtime } from './dateformat';

/** A name bound in the generated code. */
export type Binding =
  | { kind: 'local'; id: string }
  | { kind: 'loop'; index: string; length: string; object?: string; parent?: Binding };

interface Frame {
  /** Statements so far, one per line. */
  code: string;
  /** Output expressions not yet appended (`a + b + …`), or ''. */
  out: string;
  /** Static text not yet written into `out`. */
  text: string;
  temps: number;
}

const loopFields = new Set(['counter', 'counter0', 'revcounter', 'revcounter0', 'first', 'last']);

/** Helpers the generated code calls, passed in as `R`. */
export const helpers = {
  ...runtime,
  markSafe,
  localtime,
  resolveArg,
  /** A filter argument from a variable: raises when missing (Django's Variable.resolve). */
  arg(v: unknown, token: string): unknown {
    if (v === runtime.MISSING) throw new VariableDoesNotExist(`Failed lookup for key [${token}]`);
    return v;
  },
  /** Python's tuple unpacking of a loop item. */
  unpack(item: unknown, n: number): unknown[] {
    const values = runtime.toList(item);
    if (values.length !== n) throw new ValueError(`Need ${n} values to unpack in for loop; got ${values.length}. `);
    return values;
  },
};

export class CodeGen {
  autoescape: boolean;
  /** Block layers by name (most derived first) when inheritance is resolved at compile time. */
  blockLayers?: Map<string, NodeList[]>;
  private consts: unknown[] = [];
  private constIds = new Map<unknown, string>();
  private frames: Frame[] = [];
  private scopes: Map<string, Binding>[] = [new Map()];
  private uid = 0;
  /** Names some tag binds at render time: always looked up in the Context. */
  readonly dynamic: Set<string>;

  constructor(
    readonly stringIfInvalid: string,
    autoescape: boolean,
    roots: NodeList[],
    /** Resolve every variable path inside a try, for silent_variable_failure (see Template). */
    readonly guarded = false,
  ) {
    this.autoescape = autoescape;
    this.dynamic = new Set();
    for (const r of roots) this.analyze(r);
  }

  /** What each node list of the trees needs (NEEDS_* bits), filled by one walk over the roots. */
  private flags = new Map<NodeList, number>();

  /**
   * One walk over a tree: collects the names tags bind at render time into
   * `dynamic` (when `binds`) and records, for every node list, whether some
   * node of it (at any depth) renders through the interpreter or reads the
   * Context itself, refers to `block`, or uses `forloop` beyond the inlined
   * loop fields.
   */
  private analyze(list: NodeList, binds = true): number {
    let v = 0;
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      // Text and variables are most of any tree: checked by class, not
      // through property loads that every node class shares.
      if (n instanceof TextNode) continue;
      if (n instanceof VariableNode) {
        v |= exprFlags(n.expr);
        continue;
      }
      if (binds && n.binds) for (const name of n.binds()) this.dynamic.add(name);
      if (!n.compile || (n as { readsContext?: boolean }).readsContext) v |= NEEDS_CONTEXT;
      if (n.expressions) {
        const exprs = n.expressions();
        for (let k = 0; k < exprs.length; k++) v |= exprFlags(exprs[k]);
      }
      if (n.children) {
        const lists = n.children();
        for (let j = 0; j < lists.length; j++) v |= this.analyze(lists[j], binds);
      }
    }
    this.flags.set(list, v);
    return v;
  }

  private flagsOf(list: NodeList): number {
    const v = this.flags.get(list);
    return v !== undefined ? v : this.analyze(list, false);
  }

  // -- output ---------------------------------------------------------------

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** Appends static text to the output. */
  text(s: string): void {
    this.frame.text += s;
  }

  private takeText(f: Frame): void {
    if (f.text) {
      // Long static text is a constant, not a literal: the generated code
      // stays short (V8 hashes and parses it by length) and it needs no
      // escaping. Short text stays a literal (no load in tight loops).
      const lit = f.text.length > 24 ? `k[${this.consts.push(f.text) - 1}]` : quote(f.text);
      f.out = f.out ? `${f.out}+${lit}` : lit;
      f.text = '';
    }
  }

  /** Appends a filter expression's value, escaped under autoescape. */
  outputValue(fe: FilterExpression): void {
    const l = fe.variable.lookups;
    if (l && l.length === 2 && fe.filters.length === 0 && (l[1] === 'counter' || l[1] === 'counter0' || l[1] === 'revcounter' || l[1] === 'revcounter0')) {
      const b = this.binding(l[0]);
      // Loop counters are integers: nothing to escape, JavaScript prints them as Python does.
      if (b && b.kind === 'loop') return this.outputString(`(${this.variable(fe.variable).code})`);
    }
    // R.out and R.outRaw print a miss as '': no test for it here.
    this.output(fe.filters.length === 0 && !this.stringIfInvalid ? this.variable(fe.variable).code : this.value(fe));
  }

  /** Appends a JavaScript expression producing a string to the output. */
  output(valueCode: string): void {
    this.outputString(`${this.autoescape ? 'O' : 'R.outRaw'}(${valueCode})`);
  }

  /** Appends a JavaScript expression that already is the output string. */
  outputString(code: string): void {
    const f = this.frame;
    this.takeText(f);
    f.out = f.out ? `${f.out}+${code}` : code;
  }

  /** Emits a statement (flushing pending output first). */
  stmt(code: string): void {
    this.flush();
    this.frame.code += `${code}\n`;
  }

  private flush(): void {
    const f = this.frame;
    this.takeText(f);
    if (f.out) {
      f.code += `o+=${f.out};\n`;
      f.out = '';
    }
  }

  /** A fresh identifier. */
  id(prefix = 'v'): string {
    return `${prefix}${this.uid++}`;
  }

  /** A temporary of the current function. */
  temp(): string {
    const n = this.frame.temps++;
    return n < tempNames.length ? tempNames[n] : `t${n}`;
  }

  /** A reference to a constant object (node, filter, literal). */
  ref(value: unknown): string {
    let id = this.constIds.get(value);
    if (id === undefined) {
      id = `k[${this.consts.length}]`;
      this.consts.push(value);
      this.constIds.set(value, id);
    }
    return id;
  }

  /**
   * Compiles `body` as a function expression `function () { … return o; }`
   * with its own output and temporaries (closures over enclosing locals).
   */
  fn(body: () => void, name = ''): string {
    this.frames.push({ code: '', out: '', text: '', temps: 0 });
    body();
    this.flush();
    const f = this.frames.pop()!;
    const temps = f.temps ? (tempDecls[f.temps] ??= `let ${Array.from({ length: f.temps }, (_, i) => `t${i}`).join(',')};`) : '';
    return `function ${name || '()'} { let o = ''; ${temps}\n${f.code}return o; }`;
  }

  // -- scopes ---------------------------------------------------------------

  pushScope(): Map<string, Binding> {
    const s = new Map<string, Binding>();
    this.scopes.push(s);
    return s;
  }

  popScope(): void {
    this.scopes.pop();
  }

  binding(name: string): Binding | undefined {
    if (this.dynamic.has(name)) return undefined;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** JavaScript for the whole forloop object of a loop binding. */
  loopObject(b: Binding): string {
    if (b.kind === 'loop') return b.object ?? 'null';
    return b.id;
  }

  // -- values ---------------------------------------------------------------

  /** JavaScript for a Variable: the value or M (missing). */
  variable(v: Variable): { code: string; mayMiss: boolean } {
    if (v.lookups === null) return { code: this.literal(v.literal), mayMiss: false };
    const bits = v.lookups;
    const b = this.binding(bits[0]);
    let code: string;
    let from = 1;
    let mayMiss = true;
    if (this.guarded && (!b || b.kind === 'local')) {
      const first = b ? b.id : `ctx.get(${quote(bits[0])})`;
      return { code: `R.guardedPath(${first},${this.ref(bits)},${JSON.stringify(this.stringIfInvalid)})`, mayMiss: true };
    }
    if (!b) code = `B(ctx.get(${quote(bits[0])}))`;
    else if (b.kind === 'loop') {
      if (bits.length >= 2 && loopFields.has(bits[1])) {
        const i = b.index;
        const n = b.length;
        const field = bits[1];
        code =
          field === 'counter' ? `(${i} + 1)` :
          field === 'counter0' ? i :
          field === 'revcounter' ? `(${n} - ${i})` :
          field === 'revcounter0' ? `(${n} - ${i} - 1)` :
          field === 'first' ? `(${i} === 0)` :
          `(${i} === ${n} - 1)`;
        from = 2;
      } else code = b.object ?? 'null';
      mayMiss = from < bits.length;
    } else {
      code = `B(${b.id})`;
      mayMiss = true;
    }
    for (let i = from; i < bits.length; i++) code = this.property(code, bits[i]);
    return { code, mayMiss };
  }

  /**
   * One lookup step. A plain data property is read inline (a property access
   * V8 caches per site); anything else (missing, a function, a Map, an index
   * into a string) goes through R.lookup's full Django rules.
   */
  property(objCode: string, bit: string): string {
    // Non-function data properties that a primitive (MISSING is a Symbol)
    // or a Map has: only R.lookup's full rules get them right.
    if (bit === 'size' || bit === 'description') return `L(${objCode},${quote(bit)})`;
    const o = this.temp();
    const v = this.temp();
    const ident = isIdentifier(bit);
    const access = ident ? `?.${bit}` : `?.[${JSON.stringify(bit)}]`;
    // Compact spelling: generated code is hashed and parsed by length. On a
    // primitive, `?.` finds undefined, a function or what R.lookup returns
    // too (a string's length or index); null and undefined give undefined.
    return `((${v}=(${o}=${objCode})${access})!==void 0&&typeof ${v}!=="function"?${v}:L(${o},${ident ? `"${bit}"` : quote(bit)}))`;
  }

  literal(v: unknown): string {
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : this.ref(v);
    if (typeof v === 'string') return quote(v);
    return this.ref(v);
  }

  /**
   * JavaScript for a filter expression's value. With `ignoreFailures` a miss
   * is null (if, for); otherwise string_if_invalid as Django does it.
   */
  value(fe: FilterExpression, ignoreFailures: boolean | 'truth' = false): string {
    const { code, mayMiss } = this.variable(fe.variable);
    let cur = code;
    // R.truthy(M) is false, as for null: a bare condition needs no test.
    if (ignoreFailures === 'truth' && fe.filters.length === 0) return code;
    if (mayMiss) {
      const t = this.temp();
      if (ignoreFailures) cur = `((${t}=${code})===M?null:${t})`;
      else if (this.stringIfInvalid) {
        const inv = JSON.stringify(invalid(this.stringIfInvalid, fe.token));
        if (fe.filters.length === 0) return `((${t} = ${code}) === M ? ${inv} : ${t})`;
        return `((${t} = ${code}) === M ? ${inv} : ${this.applyFilters(fe, t)})`;
      } else cur = `((${t}=${code})===M?"":${t})`;
    }
    return fe.filters.length ? this.applyFilters(fe, cur) : cur;
  }

  private applyFilters(fe: FilterExpression, input: string): string {
    let cur = input;
    for (const f of fe.filters) {
      const fn = this.ref(f.def.fn);
      let arg = 'undefined';
      if (f.arg) {
        if (f.arg.lookups === null) arg = this.literal(f.arg.literal);
        else {
          const v = this.variable(f.arg);
          arg = v.mayMiss ? `R.arg(${v.code}, ${quote(f.arg.token)})` : v.code;
        }
      }
      const ae = f.def.needsAutoescape ? (this.autoescape ? 'true' : 'false') : '';
      if (f.def.expectsLocaltime) {
        const t = this.temp();
        cur = `((${t}=${cur}) instanceof Date?R.localtime(${t}):${t})`;
      }
      if (f.def.isSafe) {
        // Arguments run left to right: the input is in t when the filter is called.
        const t = this.temp();
        cur = `R.keepSafe(${t}=${cur},${fn}(${t},${arg}${ae ? `,${ae}` : ''}))`;
      } else {
        cur = `${fn}(${cur}${arg !== 'undefined' || ae ? `,${arg}` : ''}${ae ? `,${ae}` : ''})`;
      }
    }
    return cur;
  }

  // -- nodes ----------------------------------------------------------------

  /** True when a node list holds something that reads the Context itself. */
  needsContext(list: NodeList): boolean {
    return (this.flagsOf(list) & NEEDS_CONTEXT) !== 0;
  }

  /** True when any expression in the list refers to `name` beyond the inlined loop fields. */
  usesWhole(list: NodeList, name: string): boolean {
    if (name === 'forloop') return (this.flagsOf(list) & USES_WHOLE_FORLOOP) !== 0;
    return usesName(list, name, true);
  }

  /** True when any expression in the list starts with `name`. */
  uses(list: NodeList, name: string): boolean {
    if (name === 'block') return (this.flagsOf(list) & USES_BLOCK) !== 0;
    return usesName(list, name, false);
  }

  nodes(list: NodeList): void {
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (n.compile) n.compile(this);
      else this.fallback(n);
    }
  }

  /** Calls a node's interpreter render from generated code. */
  fallback(n: Node): void {
    this.outputString(`${this.ref(n)}.render(ctx)`);
  }

  /** Builds the render function for a node list. */
  build(list: NodeList): ((ctx: Context) => string) | null {
    const body = this.fn(() => this.nodes(list), 'render(ctx)');
    // The helpers' short names are parameters, not declarations: less code.
    const code = `"use strict";return ${body};`;
    // Null where generated code is refused (a strict Content-Security-Policy): the interpreter renders.
    const factory = generatedFunction(PARAMS, code) as ((
      r: typeof helpers, k: unknown[], m: unknown, l: typeof runtime.lookup, b: typeof runtime.base, o: typeof runtime.out,
    ) => (ctx: Context) => string) | null;
    return factory && factory(helpers, this.consts, runtime.MISSING, runtime.lookup, runtime.base, runtime.out);
  }
}

const PARAMS = ['R', 'k', 'M', 'L', 'B', 'O'];
const NEEDS_CONTEXT = 1;
const USES_BLOCK = 2;
const USES_WHOLE_FORLOOP = 4;

/** The NEEDS_* bits one variable path sets. */
function refFlags(l: string[] | null): number {
  if (l === null) return 0;
  if (l[0] === 'block') return USES_BLOCK;
  if (l[0] === 'forloop' && (l.length === 1 || !loopFields.has(l[1]))) return USES_WHOLE_FORLOOP;
  return 0;
}

/** The NEEDS_* bits of a filter expression's variable and arguments. */
function exprFlags(e: FilterExpression): number {
  let v = refFlags(e.variable.lookups);
  for (let j = 0; j < e.filters.length; j++) {
    const a = e.filters[j].arg;
    if (a) v |= refFlags(a.lookups);
  }
  return v;
}

/** True when some variable of the list starts with `name` (beyond inlined loop fields when `whole`). */
function usesName(list: NodeList, name: string, whole: boolean): boolean {
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (n.expressions) {
      for (const e of n.expressions()) {
        if (refers(e.variable.lookups, name, whole)) return true;
        for (let j = 0; j < e.filters.length; j++) {
          const a = e.filters[j].arg;
          if (a && refers(a.lookups, name, whole)) return true;
        }
      }
    }
    if (n.children) for (const c of n.children()) if (usesName(c, name, whole)) return true;
  }
  return false;
}

function refers(l: string[] | null, name: string, whole: boolean): boolean {
  return l !== null && l[0] === name && (!whole || l.length === 1 || !loopFields.has(l[1]));
}

/** `let t0,…,tN;` by number of temporaries (built once per count). */
const tempDecls: string[] = [];

/** Names of the first temporaries (built once, not per use). */
const tempNames = Array.from({ length: 32 }, (_, i) => `t${i}`);

/** `[A-Za-z_$][\w$]*` by character codes (called for every lookup step). */
function isIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 36;
    if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
  }
  return true;
}

const needsJson = /[`\\$\r\ud800-\udfff]/;

/**
 * A JavaScript string literal for `s`: a template literal without
 * substitutions when nothing in `s` needs escaping there (no backquote,
 * backslash, `$`, carriage return, which a template literal would turn
 * into a line feed, or surrogate), else JSON. Much cheaper than JSON.stringify for text.
 */
export function quote(s: string): string {
  return needsJson.test(s) ? JSON.stringify(s) : `\`${s}\``;
}
