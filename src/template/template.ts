/**
 * A compiled template (django.template.base.Template): parsed once by the
 * WebAssembly parser, rendered by a generated function (or the interpreter).
 */
import { type NodeList, Parser, TextNode, renderNodes } from './base';
import { CodeGen } from './codegen';
import { Context, type Dict } from './context';
import { MISSING, isSilentFailure } from './runtime';
import { TemplateSyntaxError } from './errors';
import { ExtendsNode, blocksOf } from './loadertags';
import { parseStream } from './stream';
import { activateTimeZone } from './dateformat';
import type { Engine } from './engine';

export class Template {
  readonly nodelist: NodeList;
  readonly extendsNode?: ExtendsNode;

  private fn?: ((ctx: Context) => string) | null;
  /** Renders so far through the interpreter while waiting to generate code (adaptive mode). */
  private renders = 0;
  /** The generated function renders everything itself (no node goes through the interpreter). */
  private selfContained = false;

  /**
   * Parses `source`. Most code gets templates from an Engine
   * (`engine.getTemplate(name)`, `engine.fromString(source)`).
   */
  constructor(
    readonly source: string,
    readonly engine: Engine,
    readonly name = '<unknown source>',
  ) {
    const { source: src, stream } = parseStream(source, name, engine.shapes, engine.tagBytes);
    const parser = new Parser(stream.records, src, engine.parserEnv);
    try {
      this.nodelist = parser.parse();
    } catch (e) {
      // Tag compile functions recurse once per nesting level, as Django's do
      // (where Python raises RecursionError): report it as a syntax error.
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new TemplateSyntaxError(`Template '${name}' nests tags too deeply to compile (the WebAssembly parser accepted it; the tag compilers ran out of stack).`);
      }
      throw e;
    } finally {
      stream.words.release();
    }
    const first = this.nodelist.find((n) => !(n instanceof TextNode));
    if (first instanceof ExtendsNode) this.extendsNode = first;
  }

  /**
   * Renders with a dictionary (or a Context) and returns the output.
   *
   * @example
   * engine.fromString('Hello {{ name }}!').render({ name: '<Ada>' }) // 'Hello &lt;Ada&gt;!'
   */
  render(context: Dict | Context = {}, request?: unknown): string {
    if (this.selfContained && request === undefined && !(context instanceof Context) && this.fastPathOk()) {
      // A self-contained generated function only ever calls `ctx.get(name)`:
      // a reusable scope over the caller's dictionary is all it needs.
      const scope = (this.scope ??= new DictScope());
      const previous = scope.values;
      scope.values = context ?? {};
      try {
        return this.fn!(scope as unknown as Context);
      } catch (e) {
        if (!this.guard(e)) throw e;
        // Rendered again below, by the guarded code.
      } finally {
        scope.values = previous;
      }
    }
    const ctx = context instanceof Context ? context : this.engine.makeContext(context, request);
    return this.renderInContext(ctx);
  }

  private scope?: DictScope;

  private fastPathOk(): boolean {
    const e = this.engine;
    return !e.debug && e.timeZone === undefined && e.contextProcessors.length === 0;
  }

  /** Renders within an existing context (includes, extends), with a fresh render state. */
  renderInContext(ctx: Context): string {
    let fn = this.fn;
    if (fn === undefined) {
      // Adaptive mode: the first renders are interpreted; code is generated
      // once the template has shown it is rendered more than that.
      fn = !this.engine.compiled ? (this.fn = null) : this.renders < this.engine.interpretedRenders ? (this.renders++, null) : this.compiled();
    }
    // A generated function that never calls into the interpreter needs no
    // render state, template stack or time zone switch: call it directly.
    // What a render again after a silent variable failure restores (see
    // guard): the names this render binds go into the top dictionary or
    // dictionaries it pushes. Only fast generated code can need that.
    let depth = 0;
    let top: Dict | undefined;
    try {
      if (this.selfContained && ctx.autoescape === this.engine.autoescape && !ctx.debug && this.engine.timeZone === undefined) return fn!(ctx);
      if (fn && !this.guarded) {
        depth = ctx.dicts.length;
        top = { ...ctx.dicts[depth - 1] };
      }
      ctx.enter(this);
      const zone = this.engine.timeZone;
      const previousZone = zone === undefined ? undefined : activateTimeZone(zone);
      try {
        // Debug renders go through the interpreter, which can say which node failed.
        return fn !== null && ctx.autoescape === this.engine.autoescape && !ctx.debug ? fn(ctx) : renderNodes(this.nodelist, ctx);
      } finally {
        if (zone !== undefined) activateTimeZone(previousZone);
        ctx.leave();
      }
    } catch (e) {
      if (!this.guard(e)) throw e;
      // Again from the start with a fresh render state and the dictionaries
      // as they were, through the guarded code.
      if (top) {
        ctx.dicts.length = depth;
        const d = ctx.dicts[depth - 1];
        for (const k of Object.keys(d)) delete d[k];
        Object.assign(d, top);
      }
      return this.renderInContext(ctx);
    }
  }

  /** The generated code resolves every variable path inside a try (after a silent variable failure). */
  private guarded = false;

  /**
   * Django's silent_variable_failure in generated code. The fast code reads
   * properties inline, where a getter's error cannot be caught per variable;
   * the first error marked `silentVariableFailure` that escapes it makes the
   * template generate guarded code (each variable path resolved through a
   * try) and render again. The interpreter catches them per variable
   * already (Variable.resolve). Templates call only methods without side
   * effects (Django refuses `altersData` ones), so rendering again is safe.
   * Returns true when the caller should render again.
   */
  private guard(e: unknown): boolean {
    if (this.guarded || !isSilentFailure(e) || !this.fn) return false;
    this.guarded = true;
    this.fn = undefined;
    this.selfContained = false;
    this.compiled();
    return true;
  }

  /** The interpreter's output for a context (tests compare it with the generated function's). */
  interpret(context: Dict | Context = {}): string {
    const ctx = context instanceof Context ? context : this.engine.makeContext(context);
    ctx.enter(this);
    try {
      return renderNodes(this.nodelist, ctx);
    } finally {
      ctx.leave();
    }
  }

  /**
   * The generated render function, built on first use; null when the
   * template's parent is chosen at render time (the interpreter renders it).
   */
  compiled(): ((ctx: Context) => string) | null {
    if (this.fn !== undefined) return this.fn;
    if (!this.engine.compiled) return (this.fn = null);
    // 1. Resolve the inheritance chain at compile time.
    const chain: Template[] = [this];
    const seen = new Set<string>([this.name]);
    let t: Template = this;
    while (t.extendsNode) {
      const parentName = t.extendsNode.staticParent;
      if (parentName === undefined) return (this.fn = null);
      if (seen.has(parentName)) throw new TemplateSyntaxError(`Template '${parentName}' extends itself (through ${[...seen].join(' -> ')}).`);
      seen.add(parentName);
      t = this.engine.getTemplate(parentName);
      chain.push(t);
    }
    const root = chain[chain.length - 1];
    const cg = new CodeGen(this.engine.stringIfInvalid, this.engine.autoescape, chain.map((c) => c.nodelist), this.guarded);
    if (chain.length > 1) {
      // 2. Layers of every block, most derived first.
      const layers = new Map<string, NodeList[]>();
      for (const c of chain) {
        const blocks = c.extendsNode ? c.extendsNode.blocks : blocksOf(c.nodelist);
        for (const [name, b] of blocks) {
          const list = layers.get(name);
          if (list) list.push(b.nodelist);
          else layers.set(name, [b.nodelist]);
        }
      }
      cg.blockLayers = layers;
    }
    // 3. Generate the function from the root's tree (the interpreter renders
    //    trees too deep for the code generator's recursion).
    try {
      this.fn = cg.build(root.nodelist);
      this.selfContained = this.fn !== null && !cg.needsContext(root.nodelist);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.fn = null;
    }
    return this.fn;
  }
}

/** The lookup side of a Context over one dictionary (and True, False, None). */
class DictScope {
  values: Dict = {};
  get(name: string): unknown {
    const v = this.values;
    if (name in v) return v[name];
    return name === 'True' ? true : name === 'False' ? false : name === 'None' ? null : MISSING;
  }
}
