/**
 * Inheritance and inclusion (django.template.loader_tags): block, extends,
 * include.
 *
 * The interpreter follows Django's BlockContext exactly. The code generator
 * resolves inheritance at compile time when the parent's name is a constant:
 * every block name gets its layers (most derived first) from the whole chain
 * of templates, the root template's tree is compiled with each block's first
 * layer inline, and `{{ block.super }}` calls the next layer, compiled as a
 * closure in the same scope.
 */
import { type FilterExpression, type Node, type NodeList, type TagCompiler, renderNodes } from './base';
import type { CodeGen } from './codegen';
import type { Context, Dict } from './context';
import { TemplateSyntaxError } from './errors';
import { MISSING, pyStr } from './runtime';
import { SafeString, markSafe } from './safe';
import { tokenKwargs } from './defaulttags';
import type { Template } from './template';

export const BLOCK_CONTEXT = Symbol('block_context');

/** Django's BlockContext: for each name, the blocks still to render, most derived last. */
export class BlockContext {
  blocks = new Map<string, BlockNode[]>();
  addBlocks(blocks: Map<string, BlockNode>): void {
    for (const [name, block] of blocks) {
      const list = this.blocks.get(name);
      if (list) list.unshift(block);
      else this.blocks.set(name, [block]);
    }
  }
  pop(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.pop();
  }
  push(name: string, block: BlockNode): void {
    const list = this.blocks.get(name);
    if (list) list.push(block);
    else this.blocks.set(name, [block]);
  }
  get(name: string): BlockNode | undefined {
    const list = this.blocks.get(name);
    return list?.[list.length - 1];
  }
}

/** What `{{ block }}` is inside a block: its name and `super`. */
class BlockRef {
  constructor(
    readonly name: string,
    private readonly superFn: () => SafeString | string,
  ) {}
  super(): SafeString | string {
    return this.superFn();
  }
}

export class BlockNode implements Node {
  /**
   * Which layer renders here (a child's override, with includes or tags the
   * code generator calls through the interpreter) is only known once
   * inheritance is resolved, so enclosing loops and `with`s always mirror
   * their variables into the Context around a block.
   */
  readonly readsContext = true;
  constructor(
    readonly name: string,
    readonly nodelist: NodeList,
  ) {}

  render(ctx: Context): string {
    const bc = ctx.render.get(BLOCK_CONTEXT) as BlockContext | undefined;
    const d = ctx.push();
    try {
      if (!bc) {
        d.block = new BlockRef(this.name, () => '');
        return renderNodes(this.nodelist, ctx);
      }
      const pushed = bc.pop(this.name);
      const block = pushed ?? this;
      // block.super renders the next layer down (Django's BlockNode.super).
      d.block = new BlockRef(this.name, () => (bc.get(this.name) ? markSafe(BlockNode.prototype.render.call(block, ctx)) : ''));
      const result = renderNodes(block.nodelist, ctx);
      if (pushed) bc.push(this.name, pushed);
      return result;
    } finally {
      ctx.pop();
    }
  }
  expressions(): FilterExpression[] {
    return [];
  }

  compile(cg: CodeGen): void {
    const layers = cg.blockLayers?.get(this.name) ?? [this.nodelist];
    this.compileLayer(cg, layers, 0);
  }

  private compileLayer(cg: CodeGen, layers: NodeList[], i: number): void {
    const nodes = layers[i];
    const needsRef = cg.uses(nodes, 'block');
    const mirror = cg.needsContext(nodes);
    if (!needsRef && !mirror) {
      cg.nodes(nodes);
      return;
    }
    cg.stmt('{');
    const ref = cg.id('blk');
    if (i + 1 < layers.length) {
      const next = cg.fn(() => this.compileLayer(cg, layers, i + 1));
      cg.stmt(`const ${ref} = new (${cg.ref(BlockRef)})(${JSON.stringify(this.name)}, () => R.markSafe((${next})()));`);
    } else {
      cg.stmt(`const ${ref} = new (${cg.ref(BlockRef)})(${JSON.stringify(this.name)}, () => "");`);
    }
    const scope = cg.pushScope();
    if (!cg.dynamic.has('block')) scope.set('block', { kind: 'local', id: ref });
    if (mirror) cg.stmt(`ctx.push().block = ${ref}; try {`);
    cg.nodes(nodes);
    if (mirror) cg.stmt('} finally { ctx.pop(); }');
    cg.popScope();
    cg.stmt('}');
  }

  children(): NodeList[] {
    return [this.nodelist];
  }
}

const endblock = ['endblock'];

const block: TagCompiler = (parser, token) => {
  // Django splits the contents on whitespace: the tag's bits are that split
  // unless a quote is involved.
  const b = token.bits;
  const bits = b.length === 2 && !/["']/.test(b[1].text) ? [b[0].text, b[1].text] : token.contents.split(/\s+/);
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' tag takes only one argument`);
  const name = bits[1];
  if (parser.blockNames.has(name)) throw new TemplateSyntaxError(`'${bits[0]}' tag with name '${name}' appears more than once`);
  parser.blockNames.add(name);
  const nodelist = parser.parse(endblock);
  const end = parser.nextToken();
  const c = end.contents;
  if (c !== 'endblock' && c !== `endblock ${name}`) {
    throw parser.error(end, `Invalid block tag on line {line}: 'endblock', expected 'endblock' or 'endblock ${name}'. Did you forget to register or load this tag?`);
  }
  return new BlockNode(name, nodelist);
};

/** Every block of a node list by name, at any depth. */
export function blocksOf(nodes: NodeList): Map<string, BlockNode> {
  const map = new Map<string, BlockNode>();
  scanBlocks(nodes, map);
  return map;
}

/** Adds every block of a node list to `map` (in tree order); true when an `extends` is among the nodes. */
function scanBlocks(nodes: NodeList, map: Map<string, BlockNode>): boolean {
  let found = false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n instanceof BlockNode) map.set(n.name, n);
    else if (n instanceof ExtendsNode) found = true;
    if (n.children) {
      const lists = n.children();
      for (let j = 0; j < lists.length; j++) if (scanBlocks(lists[j], map)) found = true;
    }
  }
  return found;
}

/** Loads a template by name for a node: the engine of the template being rendered. */
export interface TemplateSource {
  getTemplate(name: string): Template;
  selectTemplate(names: string[]): Template;
}

/** Render-context key of the names of the templates an extends chain went through. */
const EXTENDS_HISTORY = Symbol('extends history');

export class ExtendsNode implements Node {
  mustBeFirst = true;
  readonly blocks: Map<string, BlockNode>;
  constructor(
    readonly nodelist: NodeList,
    readonly parentName: FilterExpression,
    readonly templateName: string,
    blocks?: Map<string, BlockNode>,
  ) {
    this.blocks = blocks ?? blocksOf(nodelist);
  }

  /** The parent's name when it is a constant string, for compile-time inheritance. */
  get staticParent(): string | undefined {
    const v = this.parentName;
    if (!v.isVar && v.filters.length === 0 && v.variable.literal instanceof SafeString) return v.variable.literal.value;
    return undefined;
  }

  parent(ctx: Context, engine: TemplateSource): Template {
    const p = this.parentName.resolve(ctx);
    if (p && typeof p === 'object' && typeof (p as Template).renderInContext === 'function') return p as Template;
    if (!p || p === MISSING) {
      throw new TemplateSyntaxError(`Invalid template name in 'extends' tag: ${this.parentName.token}. Got this from the '${this.parentName.token}' variable.`);
    }
    const name = pyStr(p);
    if (name === this.templateName) throw new TemplateSyntaxError(`The relative path '${name}' was translated to template name '${name}', the same template in which the tag appears.`);
    return engine.getTemplate(name);
  }

  render(ctx: Context): string {
    const template = ctx.template as Template;
    const parent = this.parent(ctx, template.engine);
    // The chain so far: a template met twice would recurse forever (the
    // generated code refuses the same chain at compile time, with this message).
    let history = ctx.render.get(EXTENDS_HISTORY) as string[] | undefined;
    if (!history) ctx.render.set(EXTENDS_HISTORY, (history = [template.name]));
    if (history.includes(parent.name)) throw new TemplateSyntaxError(`Template '${parent.name}' extends itself (through ${history.join(' -> ')}).`);
    history.push(parent.name);
    let bc = ctx.render.get(BLOCK_CONTEXT) as BlockContext | undefined;
    if (!bc) {
      bc = new BlockContext();
      ctx.render.set(BLOCK_CONTEXT, bc);
    }
    bc.addBlocks(this.blocks);
    if (!parent.extendsNode) bc.addBlocks(blocksOf(parent.nodelist));
    const saved = ctx.template;
    ctx.template = parent;
    try {
      return renderNodes(parent.nodelist, ctx);
    } finally {
      ctx.template = saved;
    }
  }

  children(): NodeList[] {
    return [this.nodelist];
  }
  expressions(): FilterExpression[] {
    return [this.parentName];
  }
  repr(): string {
    return `<ExtendsNode: extends ${this.parentName.token}>`;
  }
}


/** Resolves `./x.html` and `../x.html` against the including template's name (Django's construct_relative_path). */
export function relativeName(current: string, relative: string): string {
  const quote = relative[0];
  if (!(quote === '"' || quote === "'") || relative[relative.length - 1] !== quote) return relative;
  const inner = relative.slice(1, -1);
  if (!inner.startsWith('./') && !inner.startsWith('../')) return relative;
  const base = current.split('/').slice(0, -1);
  for (const part of inner.split('/')) {
    if (part === '.') continue;
    if (part === '..') {
      if (!base.length) throw new TemplateSyntaxError(`The relative path '${inner}' points outside the file hierarchy that template '${current}' is in.`);
      base.pop();
    } else base.push(part);
  }
  const name = base.join('/');
  if (name === current) throw new TemplateSyntaxError(`The relative path '${inner}' was translated to template name '${name}', the same template in which the tag appears.`);
  return `${quote}${name}${quote}`;
}

const extendsTag: TagCompiler = (parser, token) => {
  const bits = token.bits;
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0].text}' takes one argument`);
  const rel = relativeName(parser.source.name, bits[1].text);
  const parentName = rel === bits[1].text ? parser.compileFilter(bits[1]) : parser.compileStandalone(rel);
  const nodelist = parser.parse();
  const blocks = new Map<string, BlockNode>();
  if (scanBlocks(nodelist, blocks)) throw new TemplateSyntaxError(`'${bits[0].text}' cannot appear more than once in the same template`);
  return new ExtendsNode(nodelist, parentName, parser.source.name, blocks);
};

type IncludeObserver = (template: Template, extra: Dict, includer: Template | undefined) => void;
let includeObserver: IncludeObserver | null = null;

/**
 * Calls `fn` with each template an {% include %} is about to render (the
 * variables it adds, and the including template), until the returned function restores the previous
 * observer; Django's test client lists included templates from the same
 * template_rendered signal as the others. No observer: no cost but a check.
 */
export function observeIncludes(fn: IncludeObserver): () => void {
  const previous = includeObserver;
  includeObserver = fn;
  return () => {
    includeObserver = previous;
  };
}

export class IncludeNode implements Node {
  constructor(
    readonly template: FilterExpression,
    readonly extra: Map<string, FilterExpression>,
    readonly only: boolean,
  ) {}
  render(ctx: Context): string {
    const t = this.template.resolve(ctx);
    const current = ctx.template as Template;
    let template: Template;
    if (t && typeof t === 'object' && typeof (t as Template).renderInContext === 'function') template = t as Template;
    else {
      const names = Array.isArray(t) ? t.map(pyStr) : [pyStr(t)];
      if (!t) throw new TemplateSyntaxError(`No template names provided`);
      template = current.engine.selectTemplate(names);
    }
    const values: Dict = {};
    for (const [k, v] of this.extra) values[k] = v.resolve(ctx);
    includeObserver?.(template, values, current);
    if (this.only) return template.renderInContext(ctx.newContext(values));
    ctx.push(values);
    try {
      return template.renderInContext(ctx);
    } finally {
      ctx.pop();
    }
  }
  expressions(): FilterExpression[] {
    return [this.template, ...this.extra.values()];
  }
}

const include: TagCompiler = (parser, token) => {
  const bits = token.bits;
  if (bits.length < 2) throw new TemplateSyntaxError(`'include' tag takes at least one argument: the name of the template to be included.`);
  const options = new Map<string, unknown>();
  const remaining = bits.slice(2);
  while (remaining.length) {
    const option = remaining.shift()!.text;
    if (options.has(option)) throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`);
    let value: unknown;
    if (option === 'with') {
      value = tokenKwargs(remaining, parser, false);
      if (!(value as Map<string, unknown>).size) throw new TemplateSyntaxError(`"with" in 'include' tag needs at least one keyword argument.`);
    } else if (option === 'only') value = true;
    else throw new TemplateSyntaxError(`Unknown argument for 'include' tag: '${option}'.`);
    options.set(option, value);
  }
  const rel = relativeName(parser.source.name, bits[1].text);
  const name = rel === bits[1].text ? parser.compileFilter(bits[1]) : parser.compileStandalone(rel);
  return new IncludeNode(name, (options.get('with') as Map<string, FilterExpression>) ?? new Map(), options.get('only') === true);
};

export const loaderTags = new Map<string, TagCompiler>([
  ['block', block],
  ['extends', extendsTag],
  ['include', include],
]);
