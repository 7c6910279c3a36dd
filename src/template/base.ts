/**
 * Variables, filter expressions, nodes and the tag-level parser
 * (django.template.base).
 *
 * Pipeline
 *   1. assembly/template.ts lexes and parses the source into an instruction
 *      stream (src/template/stream.ts reads it into records of spans).
 *   2. Parser walks the records the way Django's Parser walks tokens: text and
 *      variables become nodes, each tag record is handed to its tag's compile
 *      function, which may call `parse(until)` for its body.
 *   3. The node tree is rendered either by generated JavaScript (codegen.ts)
 *      or by the nodes' own `render` methods (the interpreter, for pages whose
 *      Content-Security-Policy forbids `new Function`).
 */
import { Context } from './context';
import { TemplateSyntaxError, VariableDoesNotExist } from './errors';
import { MISSING, base, isSilentFailure, keepSafe, lookup, out, outRaw } from './runtime';
import { localtime } from './dateformat';
import { SafeString, isSafe, markSafe } from './safe';
import { type Bit, type RawExpr, type Source, type StreamRecord, type TagRecord, parseStream } from './stream';

const emptyTags = new Uint8Array(0);
import type { CodeGen } from './codegen';

// ---------------------------------------------------------------------------
// Filters

/** A filter function: value, optional argument, and whether autoescape is on (for `needsAutoescape` filters). */
export type FilterFunction = (value: any, arg?: any, autoescape?: boolean) => unknown;

/** How a filter is registered (Django's is_safe / needs_autoescape / expects_localtime flags). */
export interface FilterDef {
  name: string;
  fn: FilterFunction;
  /** Output of a safe input stays safe. */
  isSafe?: boolean;
  /** Receives the autoescape flag as third argument. */
  needsAutoescape?: boolean;
  /** 'none' (default), 'optional' or 'required' argument. */
  arg?: 'none' | 'optional' | 'required';
  /** Dates reach the filter as wall-clock views in the active time zone (Django's expects_localtime). */
  expectsLocaltime?: boolean;
}

// ---------------------------------------------------------------------------
// Variables

const floatRe = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Python's float() on a Django number token, or NaN. */
function pyFloat(s: string): number {
  return floatRe.test(s) ? Number(s) : NaN;
}

/** Unescapes a quoted template string literal (Django's unescape_string_literal). */
export function unescapeLiteral(s: string): string {
  const q = s[0];
  if (s.indexOf('\\') < 0) return s.slice(1, -1);
  return s.slice(1, -1).replace(q === '"' ? /\\(["\\])/g : /\\(['\\])/g, '$1');
}

/**
 * A variable path or a literal (Django's Variable): numbers and quoted
 * strings become literals (strings marked safe), everything else is split on
 * dots into lookups.
 */
export class Variable {
  literal: unknown = MISSING;
  lookups: string[] | null = null;
  translate = false;

  constructor(
    readonly token: string,
    kind: number,
  ) {
    if (kind === 2 || kind === 3) {
      // A string constant ("…", '…' or _("…")).
      const inner = kind === 3 ? token.slice(2, -1) : token;
      this.literal = markSafe(unescapeLiteral(inner));
      this.translate = kind === 3;
      return;
    }
    const c = token.charCodeAt(0);
    if (((c | 32) >= 97 && (c | 32) <= 122) || c >= 0x80) {
      // Starts with a letter: never a number (Python's float() refuses it too).
      // Arrays of exactly their length (a pushed-to array reserves 17 slots:
      // 150 bytes per variable of a tag with 100,000 one-name bits).
      // (String.prototype.split costs more here than slicing by hand.)
      const dot = token.indexOf('.');
      if (dot < 0) {
        this.lookups = [token];
        return;
      }
      // Note `._` (checked first, as Django does) and empty parts (`a..b`, `a.`).
      let lookups: string[];
      let underscore = false;
      let empty = false;
      const second = token.indexOf('.', dot + 1);
      if (second < 0) {
        // `article.title`, the usual case.
        const rest = token.slice(dot + 1);
        lookups = [token.slice(0, dot), rest];
        empty = rest === '';
        underscore = rest.charCodeAt(0) === 95;
      } else {
        lookups = [];
        let from = 0;
        for (let i = dot; i >= 0; i = token.indexOf('.', from)) {
          if (i === from) empty = true;
          lookups.push(token.slice(from, i));
          from = i + 1;
          if (token.charCodeAt(from) === 95) underscore = true;
        }
        if (from === token.length) empty = true;
        lookups.push(token.slice(from));
      }
      if (underscore) throw new TemplateSyntaxError(`Variables and attributes may not begin with underscores: '${token}'`);
      if (empty) throw new TemplateSyntaxError(`Could not parse the remainder: '${token}' from '${token}'`);
      this.lookups = lookups;
      return;
    }
    if (token.includes('.') || token.toLowerCase().includes('e')) {
      const f = pyFloat(token);
      if (!Number.isNaN(f) && !token.endsWith('.')) {
        this.literal = f;
        return;
      }
    } else if (/^[-+]?\d+$/.test(token)) {
      this.literal = parseInt(token, 10);
      return;
    }
    if (token.includes('._') || token[0] === '_') {
      throw new TemplateSyntaxError(`Variables and attributes may not begin with underscores: '${token}'`);
    }
    if (token.endsWith('.') || token.startsWith('.') || token.includes('..') || /^[-+]/.test(token)) {
      throw new TemplateSyntaxError(`Could not parse the remainder: '${token}' from '${token}'`);
    }
    this.lookups = token.split('.');
  }

  /**
   * The value, or MISSING when a lookup fails; `stringIfInvalid` when a
   * getter or method raises an error marked `silentVariableFailure` (Django's
   * silent_variable_failure: the value is string_if_invalid itself, which
   * filters then see).
   */
  resolve(ctx: Context, stringIfInvalid = ''): unknown {
    if (this.lookups === null) return this.literal;
    const bits = this.lookups;
    try {
      let current = base(ctx.get(bits[0]));
      for (let i = 1; i < bits.length && current !== MISSING; i++) current = lookup(current, bits[i]);
      return current;
    } catch (e) {
      if (isSilentFailure(e)) return stringIfInvalid;
      throw e;
    }
  }
}

export interface BoundFilter {
  def: FilterDef;
  /** Constant argument (safe string or number), a Variable, or undefined. */
  arg?: Variable;
}

/**
 * A variable with its filters (Django's FilterExpression): `{{ a.b|default:"x"|upper }}`.
 */
export class FilterExpression {
  constructor(
    readonly token: string,
    readonly variable: Variable,
    readonly filters: BoundFilter[],
    readonly stringIfInvalid: string,
  ) {}

  /** True when the base is a variable (not a literal). */
  get isVar(): boolean {
    return this.variable.lookups !== null;
  }

  /**
   * Resolves the base and applies the filters. With `ignoreFailures`, a
   * failed lookup gives null (as the if and for tags want); otherwise it gives
   * string_if_invalid, and a non-empty string_if_invalid skips the filters.
   */
  resolve(ctx: Context, ignoreFailures = false): unknown {
    let obj = this.variable.resolve(ctx, this.stringIfInvalid);
    if (obj === MISSING) {
      if (ignoreFailures) obj = null;
      else if (this.stringIfInvalid) return invalid(this.stringIfInvalid, this.token);
      else obj = '';
    }
    const filters = this.filters;
    for (let i = 0; i < filters.length; i++) obj = applyFilter(filters[i], obj, ctx, this.stringIfInvalid);
    return obj;
  }
}

/** string_if_invalid with Django's `%s` substitution of the variable's name. */
export function invalid(stringIfInvalid: string, token: string): string {
  return stringIfInvalid.includes('%s') ? stringIfInvalid.replace('%s', token.split('|')[0]) : stringIfInvalid;
}

/** Resolves a filter argument; a missing variable raises, as in Django. */
export function resolveArg(arg: Variable, ctx: Context, stringIfInvalid = ''): unknown {
  const v = arg.resolve(ctx, stringIfInvalid);
  if (v === MISSING) throw new VariableDoesNotExist(`Failed lookup for key [${arg.token}]`);
  return v;
}

export function applyFilter(f: BoundFilter, obj: unknown, ctx: Context, stringIfInvalid = ''): unknown {
  const def = f.def;
  const arg = f.arg === undefined ? undefined : resolveArg(f.arg, ctx, stringIfInvalid);
  const result = def.fn(def.expectsLocaltime && obj instanceof Date ? localtime(obj) : obj, arg, ctx.autoescape);
  return def.isSafe ? keepSafe(obj, result) : result;
}

// ---------------------------------------------------------------------------
// Nodes

/**
 * A node of the template tree. `render` is the interpreter; `compile`, when
 * present, writes specialized JavaScript into the code generator (nodes
 * without it are called through `render` from generated code, with every
 * local of the enclosing loops mirrored into the context).
 */
export interface Node {
  render(ctx: Context): string;
  compile?(cg: CodeGen): void;
  /** Child node lists, for walking the tree. */
  children?(): NodeList[];
  /**
   * Filter expressions this node evaluates (for the code generator's analysis and
   * references.ts). A node without it counts as reading any context name.
   */
  expressions?(): FilterExpression[];
  /** Names this node binds in the current context dictionary (`as name`). */
  binds?(): string[];
  /** Byte offset of the node's token in its template, for error messages. */
  offset?: number;
  /** True for nodes that must be first in a template (extends). */
  mustBeFirst?: boolean;
}

export type NodeList = Node[];

/** Renders a node list through the interpreter. */
export function renderNodes(nodes: NodeList, ctx: Context): string {
  let s = '';
  if (ctx.debug) {
    for (let i = 0; i < nodes.length; i++) s += renderAnnotated(nodes[i], ctx);
    return s;
  }
  for (let i = 0; i < nodes.length; i++) s += nodes[i].render(ctx);
  return s;
}

/** Where a render-time error happened (Django's template_debug), set on errors when the engine has `debug`. */
export interface TemplateDebug {
  name: string;
  line: number;
  column: number;
  sourceLine: string;
}

/** The template source of each node, recorded when the engine has `debug`. */
const nodeSources = new WeakMap<Node, Source>();

/** Renders a node; an error escaping it gets `templateDebug` (innermost node wins), as Django's render_annotated does. */
function renderAnnotated(node: Node, ctx: Context): string {
  try {
    return node.render(ctx);
  } catch (e) {
    if (e !== null && typeof e === 'object' && !('templateDebug' in e) && node.offset !== undefined) {
      const source = nodeSources.get(node);
      if (source) {
        const where = source.locate(node.offset);
        (e as { templateDebug?: TemplateDebug }).templateDebug = { name: source.name, ...where };
      }
    }
    throw e;
  }
}

/** Every node of a type, at any depth (Django's get_nodes_by_type). */
export function nodesOfType<T extends Node>(nodes: NodeList, type: abstract new (...args: any[]) => T, found: T[] = []): T[] {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n instanceof type) found.push(n as T);
    if (n.children) for (const c of n.children()) nodesOfType(c, type, found);
  }
  return found;
}

export class TextNode implements Node {
  constructor(public text: string) {}
  render(): string {
    return this.text;
  }
  expressions(): FilterExpression[] {
    return [];
  }
  compile(cg: CodeGen): void {
    cg.text(this.text);
  }
}

/** Renders a value as `{{ }}` does: localized and escaped under autoescape. */
export function renderValue(v: unknown, ctx: Context): string {
  return ctx.autoescape ? out(v) : outRaw(v);
}

export class VariableNode implements Node {
  constructor(
    readonly expr: FilterExpression,
    readonly offset: number,
  ) {}
  render(ctx: Context): string {
    return renderValue(this.expr.resolve(ctx), ctx);
  }
  compile(cg: CodeGen): void {
    cg.outputValue(this.expr);
  }
  expressions(): FilterExpression[] {
    return [this.expr];
  }
}

export { isSafe };

// ---------------------------------------------------------------------------
// Parser

/** A tag's compile function (Django's `@register.tag`). */
export type TagCompiler = (parser: Parser, token: TagRecord) => Node;

/** What the parser needs from the engine. */
export interface ParserEnv {
  tags: Map<string, TagCompiler>;
  filters: Map<string, FilterDef>;
  /** Libraries `{% load %}` can bring in, by name. */
  libraries: Map<string, { tags: Map<string, TagCompiler>; filters: Map<string, FilterDef> }>;
  stringIfInvalid: string;
  /** Record each node's source, for render-time error positions. */
  debug?: boolean;
}

/**
 * Walks the instruction stream's records and builds the node tree, handing
 * each tag to its compile function (Django's Parser).
 */
export class Parser {
  pos = 0;
  tags: Map<string, TagCompiler>;
  filters: Map<string, FilterDef>;
  private _extra?: Map<string, unknown>;
  private _blockNames?: Set<string>;

  /** Extra state tags keep per parse (Django's parser.extra_data). */
  get extra(): Map<string, unknown> {
    return (this._extra ??= new Map());
  }

  /** Names of `{% block %}`s seen so far (duplicates are errors). */
  get blockNames(): Set<string> {
    return (this._blockNames ??= new Set());
  }

  constructor(
    readonly records: StreamRecord[],
    readonly source: Source,
    readonly env: ParserEnv,
  ) {
    // Shared with the engine until a {% load %} adds to them.
    this.tags = env.tags;
    this.filters = env.filters;
  }

  /** Parses until a tag named in `until` (an intermediate or end record), which is left unread. */
  parse(until?: readonly string[]): NodeList {
    const nodes: NodeList = [];
    let nonText = false;
    const records = this.records;
    while (this.pos < records.length) {
      const r = records[this.pos];
      if (r.op === 1) {
        this.pos++;
        const text = this.source.slice(r.start, r.end);
        // (Reading nodes[-1] of an empty list is a slow keyed lookup in V8.)
        const last = nodes.length > 0 ? nodes[nodes.length - 1] : undefined;
        if (last instanceof TextNode) last.text += text;
        else nodes.push(new TextNode(text));
        continue;
      }
      if (r.op === 2) {
        this.pos++;
        const v = new VariableNode(this.compileExpr(r.expr, r.start), r.start);
        if (this.env.debug) nodeSources.set(v, this.source);
        nodes.push(v);
        nonText = true;
        continue;
      }
      if (r.role >= 2) {
        if (until && until.includes(r.name)) return nodes;
        // The WebAssembly parser only produces end/intermediate records for
        // the innermost open block, so this is a tag compile function that
        // did not consume its own body.
        throw this.error(r, `Unexpected '${r.name}' tag.`);
      }
      this.pos++;
      const compile = this.tags.get(r.name);
      if (!compile) {
        if (until?.length) {
          const want = until.map((u) => `'${u}'`);
          throw this.error(r, `Invalid block tag on line {line}: '${r.name}', expected ${want.length > 1 ? `${want.slice(0, -1).join(', ')} or ${want[want.length - 1]}` : want[0]}. Did you forget to register or load this tag?`);
        }
        throw this.error(r, `Invalid block tag on line {line}: '${r.name}'. Did you forget to register or load this tag?`);
      }
      let node: Node;
      try {
        node = compile(this, r);
      } catch (e) {
        throw this.locate(e, r.start);
      }
      node.offset ??= r.start;
      if (this.env.debug && !nodeSources.has(node)) nodeSources.set(node, this.source);
      if (node.mustBeFirst && nonText) throw this.error(r, `${(node as { repr?: () => string }).repr?.() ?? nodeRepr(r)} must be the first tag in the template.`);
      if (!(node instanceof TextNode)) nonText = true;
      nodes.push(node);
    }
    if (until?.length) throw new TemplateSyntaxError(`Unclosed tag: looking for one of: ${until.join(', ')}.`);
    return nodes;
  }

  /** The next record, which must be a tag (the intermediate or end that stopped `parse`). */
  nextToken(): TagRecord {
    const r = this.records[this.pos++];
    if (!r || r.op !== 3) throw new TemplateSyntaxError('Expected a tag.');
    return r;
  }

  /** Skips records up to and including the end tag of a raw block. */
  skipPast(endName: string): void {
    while (this.pos < this.records.length) {
      const r = this.records[this.pos++];
      if (r.op === 3 && r.role === 3 && r.name === endName) return;
    }
    throw new TemplateSyntaxError(`Unclosed tag: looking for ${endName}.`);
  }

  /** Turns a bit of a tag into a FilterExpression (Django's parser.compile_filter). */
  compileFilter(bit: Bit | RawExpr, offset?: number): FilterExpression {
    if ('expr' in bit) return this.compileExpr(bit.expr, bit.start);
    return this.compileExpr(bit, offset ?? bit.start);
  }

  compileExpr(e: RawExpr, offset: number): FilterExpression {
    if (e.err) {
      const full = this.fullToken(e, offset);
      if (e.err === 2) throw this.source.error(`Could not find variable at start of ${full.text}.`, offset);
      if (e.err === 1) {
        const upto = e.off1 - full.start;
        const start = e.off2 - full.start;
        throw this.source.error(`Could not parse some characters: ${full.text.slice(0, upto)}|${full.text.slice(upto, start)}|${full.text.slice(start)}`, e.off1);
      }
      throw this.source.error(`Could not parse the remainder: '${full.text.slice(e.off1 - full.start)}' from '${full.text}'`, e.off1);
    }
    let variable: Variable;
    try {
      variable = new Variable(e.base, e.baseKind);
    } catch (err) {
      throw this.locate(err, e.start);
    }
    // Sized up front (kept in the tree): an array grown by push reserves 17 slots.
    const filters: BoundFilter[] = e.filters.length ? new Array<BoundFilter>(e.filters.length) : [];
    let k = 0;
    for (const f of e.filters) {
      const def = this.filters.get(f.name);
      if (!def) throw this.source.error(`Invalid filter: '${f.name}'`, f.nameStart);
      const arity = def.arg ?? 'none';
      const given = f.argKind ? 2 : 1;
      if ((arity === 'none' && given === 2) || (arity === 'required' && given === 1)) {
        const need = arity === 'none' ? 1 : 2;
        throw this.source.error(`${f.name} requires ${need} arguments, ${given} provided`, f.nameStart);
      }
      let arg: Variable | undefined;
      if (f.argKind) {
        try {
          arg = new Variable(f.arg, f.argKind);
        } catch (err) {
          throw this.locate(err, f.argStart);
        }
      }
      filters[k++] = { def, arg };
    }
    // The token is the base's text: string_if_invalid's %s shows it, as Django shows the Variable.
    return new FilterExpression(e.base, variable, filters, this.env.stringIfInvalid);
  }

  private fullToken(e: RawExpr, offset: number): { text: string; start: number } {
    // Variables and bits both start at `offset`; their end is the end of the
    // record or bit that holds them.
    for (let i = Math.max(0, this.pos - 1); i < this.records.length && i <= this.pos + 1; i++) {
      const r = this.records[i];
      if (r.op === 2 && r.expr === e) return { text: this.source.slice(r.start, r.end), start: r.start };
      if (r.op === 3) {
        for (const b of r.bits) {
          if (b.expr === e) return { text: b.text, start: b.start };
          if (b.valueExpr === e) return { text: this.source.slice(b.start + (b.keyword?.length ?? 0) + 1, b.end), start: b.start + (b.keyword?.length ?? 0) + 1 };
        }
      }
    }
    return { text: this.source.slice(offset, e.end), start: offset };
  }

  /**
   * Compiles an expression that is not a bit of the current tag (`var|…` of
   * {% filter %}, `name.attr` of {% regroup %}) by running the WebAssembly
   * parser over `{{ text }}`.
   */
  compileStandalone(text: string): FilterExpression {
    const { source, stream } = parseStream(`{{${text}}}`, this.source.name, [], emptyTags);
    const r = stream.records[0];
    if (!r || r.op !== 2) throw new TemplateSyntaxError(`Could not parse '${text}'`);
    const sub = new Parser(stream.records, source, this.env);
    sub.filters = this.filters;
    try {
      return sub.compileExpr(r.expr, r.start);
    } finally {
      stream.words.release();
    }
  }

  /** Adds location to an error raised while compiling a tag at `offset`. */
  locate(e: unknown, offset: number): unknown {
    if (e instanceof TemplateSyntaxError && !e.position) return this.source.error(e.reason, offset);
    return e;
  }

  error(r: { start: number }, message: string): TemplateSyntaxError {
    return this.source.error(message, r.start);
  }

  /** Adds a library's tags and filters (`{% load %}`). */
  addLibrary(lib: { tags: Map<string, TagCompiler>; filters: Map<string, FilterDef> }): void {
    if (this.tags === this.env.tags) this.tags = new Map(this.env.tags);
    if (this.filters === this.env.filters) this.filters = new Map(this.env.filters);
    for (const [k, v] of lib.tags) this.tags.set(k, v);
    for (const [k, v] of lib.filters) this.filters.set(k, v);
  }
}

function nodeRepr(r: TagRecord): string {
  return `{% ${r.name} %}`.replace('{% extends %}', '<ExtendsNode>');
}

export { SafeString };
