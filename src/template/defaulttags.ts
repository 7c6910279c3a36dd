/**
 * The built-in tags (django.template.defaulttags), each a compile function
 * (parse step) and a node (interpreter `render`, and `compile` for the ones
 * on hot paths: if, for, with, autoescape, spaceless, verbatim, comment,
 * templatetag).
 */
import { NoReverseMatch } from '../urls/exceptions';
import { reverse } from '../urls/base';
import {
  FilterExpression,
  type Node,
  type NodeList,
  type Parser,
  type TagCompiler,
  TextNode,
  renderNodes,
  renderValue,
} from './base';
import type { CodeGen } from './codegen';
import type { Context, Dict } from './context';
import { TemplateSyntaxError } from './errors';
import { type Condition, parseCondition, truth } from './smartif';
import { MISSING, pyEq, pyRepr, pyStr, toList, truthy } from './runtime';
import { SafeString, escapeHtml, markSafe } from './safe';
import type { Bit, TagRecord, TagShape } from './stream';
import { formatDate } from './dateformat';
import { loremParagraphs, loremWords } from './lorem';
import { ValueError } from '../core/exceptions';
import { settings } from '../conf/settings';
import { pformat } from './pformat';

// ---------------------------------------------------------------------------
// Helpers

/** Django's token_kwargs: consumes `a=b c=d` (or legacy `b as a and d as c`) bits. */
export function tokenKwargs(bits: Bit[], parser: Parser, supportLegacy: boolean): Map<string, FilterExpression> {
  const kwargs = new Map<string, FilterExpression>();
  if (!bits.length) return kwargs;
  const kwargFormat = bits[0].keyword !== undefined;
  if (!kwargFormat) {
    if (!supportLegacy) return kwargs;
    if (bits.length < 3 || bits[1].text !== 'as') return kwargs;
  }
  while (bits.length) {
    if (kwargFormat) {
      const b = bits[0];
      if (b.keyword === undefined) return kwargs;
      bits.shift();
      kwargs.set(b.keyword, parser.compileFilter(b.valueExpr!, b.start + b.keyword.length + 1));
    } else {
      if (bits.length < 3 || bits[1].text !== 'as') return kwargs;
      const key = bits[2].text;
      const value = bits[0];
      bits.splice(0, 3);
      kwargs.set(key, parser.compileFilter(value));
    }
    if (bits.length && !kwargFormat) {
      if (bits[0].text !== 'and') return kwargs;
      bits.shift();
    }
  }
  return kwargs;
}

function repr(s: string): string {
  return pyRepr(s);
}

/** Every expression of a list of filter expressions, for the code generator. */
function exprs(...lists: (FilterExpression | FilterExpression[] | undefined)[]): FilterExpression[] {
  const out: FilterExpression[] = [];
  for (const l of lists) if (l) Array.isArray(l) ? out.push(...l) : out.push(l);
  return out;
}

// ---------------------------------------------------------------------------
// autoescape

class AutoEscapeNode implements Node {
  constructor(
    readonly setting: boolean,
    readonly nodelist: NodeList,
  ) {}
  render(ctx: Context): string {
    const old = ctx.autoescape;
    ctx.autoescape = this.setting;
    try {
      return renderNodes(this.nodelist, ctx);
    } finally {
      ctx.autoescape = old;
    }
  }
  expressions(): FilterExpression[] {
    return [];
  }
  compile(cg: CodeGen): void {
    const old = cg.autoescape;
    const needs = cg.needsContext(this.nodelist);
    // Restored in a finally, as the interpreter does: a render that throws
    // (and may be rendered again, after a silent variable failure) must not
    // leave the Context's setting changed.
    if (needs) cg.stmt(`ctx.autoescape = ${this.setting}; try {`);
    cg.autoescape = this.setting;
    cg.nodes(this.nodelist);
    cg.autoescape = old;
    if (needs) cg.stmt(`} finally { ctx.autoescape = ${old}; }`);
  }
  children(): NodeList[] {
    return [this.nodelist];
  }
}

const autoescape: TagCompiler = (parser, token) => {
  const args = token.bits;
  if (args.length !== 2) throw new TemplateSyntaxError("'autoescape' tag requires exactly one argument.");
  const arg = args[1].text;
  if (arg !== 'on' && arg !== 'off') throw new TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'");
  const nodelist = parser.parse(['endautoescape']);
  parser.nextToken();
  return new AutoEscapeNode(arg === 'on', nodelist);
};

// ---------------------------------------------------------------------------
// comment, verbatim, templatetag, spaceless

class EmptyNode implements Node {
  render(): string {
    return '';
  }
  expressions(): FilterExpression[] {
    return [];
  }
  compile(): void {}
}

const comment: TagCompiler = (parser) => {
  parser.skipPast('endcomment');
  return new EmptyNode();
};

const verbatim: TagCompiler = (parser) => {
  const nodelist = parser.parse(['endverbatim']);
  parser.nextToken();
  // Everything inside is text: the lexer saw no tags.
  return new TextNode(nodelist.map((n) => (n as TextNode).text ?? '').join(''));
};

const templateTags: Record<string, string> = {
  openblock: '{%',
  closeblock: '%}',
  openvariable: '{{',
  closevariable: '}}',
  openbrace: '{',
  closebrace: '}',
  opencomment: '{#',
  closecomment: '#}',
};

const templatetag: TagCompiler = (_parser, token) => {
  const bits = token.contents.split(/\s+/);
  if (bits.length !== 2) throw new TemplateSyntaxError("'templatetag' statement takes one argument");
  const tag = bits[1];
  if (!(tag in templateTags)) {
    throw new TemplateSyntaxError(`Invalid templatetag argument: '${tag}'. Must be one of: [${Object.keys(templateTags).map(repr).join(', ')}]`);
  }
  return new TextNode(templateTags[tag]);
};

class SpacelessNode implements Node {
  constructor(readonly nodelist: NodeList) {}
  render(ctx: Context): string {
    return renderNodes(this.nodelist, ctx).trim().replace(/>\s+</g, '><');
  }
  expressions(): FilterExpression[] {
    return [];
  }
  compile(cg: CodeGen): void {
    const f = cg.fn(() => cg.nodes(this.nodelist));
    cg.outputString(`(${f})().trim().replace(/>\\s+</g, '><')`);
  }
  children(): NodeList[] {
    return [this.nodelist];
  }
}

const spaceless: TagCompiler = (parser) => {
  const nodelist = parser.parse(['endspaceless']);
  parser.nextToken();
  return new SpacelessNode(nodelist);
};

// ---------------------------------------------------------------------------
// csrf_token, debug, load

class CsrfTokenNode implements Node {
  render(ctx: Context): string {
    const token = ctx.get('csrf_token');
    if (token === MISSING || !truthy(token)) return '';
    if (token === 'NOTPROVIDED') return '';
    return `<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(pyStr(token))}">`;
  }
  expressions(): FilterExpression[] {
    return [];
  }
}

/** How `{% debug %}` shows a module (Python prints `<module 'name'>`). */
class ModuleName {
  constructor(readonly name: string) {}
  toString(): string {
    return `<module '${this.name}'>`;
  }
}

/**
 * Django's {% debug %}: nothing unless settings.DEBUG; else every context
 * dictionary, innermost first, pretty-printed and escaped, then a blank
 * line and the modules — here the template modules and the libraries
 * `{% load %}` can load (JavaScript has no sys.modules).
 */
export class DebugNode implements Node {
  constructor(private readonly modules: Dict) {}
  render(ctx: Context): string {
    if ((settings as { DEBUG?: unknown }).DEBUG !== true) return '';
    let out = '';
    for (let i = ctx.dicts.length - 1; i >= 0; i--) out += escapeHtml(pformat(ctx.dicts[i]));
    return `${out}\n\n${escapeHtml(pformat(this.modules))}`;
  }
}

const debug: TagCompiler = (parser) => {
  const modules: Dict = {};
  for (const name of ['manouche.template.defaultfilters', 'manouche.template.defaulttags', 'manouche.template.loader_tags']) modules[name] = new ModuleName(name);
  for (const name of parser.env.libraries.keys()) modules[name] = new ModuleName(name);
  return new DebugNode(modules);
};

class LoadNode implements Node {
  render(): string {
    return '';
  }
  expressions(): FilterExpression[] {
    return [];
  }
  compile(): void {}
}

const load: TagCompiler = (parser, token) => {
  const bits = token.contents.split(/\s+/);
  const find = (name: string) => {
    const lib = parser.env.libraries.get(name);
    if (!lib) {
      throw new TemplateSyntaxError(`'${name}' is not a registered tag library. Must be one of:\n${[...parser.env.libraries.keys()].sort().join('\n')}`);
    }
    return lib;
  };
  if (bits.length >= 4 && bits[bits.length - 2] === 'from') {
    const name = bits[bits.length - 1];
    const lib = find(name);
    const subset = { tags: new Map(), filters: new Map() };
    for (const n of bits.slice(1, -2)) {
      if (lib.tags.has(n)) subset.tags.set(n, lib.tags.get(n));
      else if (lib.filters.has(n)) subset.filters.set(n, lib.filters.get(n));
      else throw new TemplateSyntaxError(`'${n}' is not a valid tag or filter in tag library '${name}'`);
    }
    parser.addLibrary(subset);
  } else {
    for (const name of bits.slice(1)) parser.addLibrary(find(name));
  }
  return new LoadNode();
};

// ---------------------------------------------------------------------------
// cycle, resetcycle

class CycleNode implements Node {
  constructor(
    readonly values: FilterExpression[],
    readonly variableName?: string,
    readonly silent = false,
  ) {}
  render(ctx: Context): string {
    const rc = ctx.render;
    const i = (rc.get(this) as number | undefined) ?? 0;
    rc.set(this, (i + 1) % this.values.length);
    const value = this.values[i].resolve(ctx);
    if (this.variableName) ctx.setUpward(this.variableName, value);
    if (this.silent) return '';
    return renderValue(value, ctx);
  }
  reset(ctx: Context): void {
    ctx.render.set(this, 0);
  }
  expressions(): FilterExpression[] {
    return this.values;
  }
  binds(): string[] {
    return this.variableName ? [this.variableName] : [];
  }
}

const cycle: TagCompiler = (parser, token) => {
  let args = token.bits;
  if (args.length < 2) throw new TemplateSyntaxError("'cycle' tag requires at least two arguments");
  const named = (parser.extra.get('namedCycles') as Map<string, CycleNode>) ?? new Map<string, CycleNode>();
  if (args.length === 2) {
    const name = args[1].text;
    if (!parser.extra.has('namedCycles')) throw new TemplateSyntaxError(`No named cycles in template. '${name}' is not defined`);
    const node = named.get(name);
    if (!node) throw new TemplateSyntaxError(`Named cycle '${name}' does not exist`);
    return node;
  }
  let asForm = false;
  let silent = false;
  if (args.length > 4) {
    if (args[args.length - 3].text === 'as') {
      if (args[args.length - 1].text !== 'silent') {
        throw new TemplateSyntaxError(`Only 'silent' flag is allowed after cycle's name, not '${args[args.length - 1].text}'.`);
      }
      asForm = true;
      silent = true;
      args = args.slice(0, -1);
    } else if (args[args.length - 2].text === 'as') {
      asForm = true;
    }
  }
  let node: CycleNode;
  if (asForm) {
    const name = args[args.length - 1].text;
    node = new CycleNode(args.slice(1, -2).map((b) => parser.compileFilter(b)), name, silent);
    named.set(name, node);
    parser.extra.set('namedCycles', named);
  } else {
    node = new CycleNode(args.slice(1).map((b) => parser.compileFilter(b)));
  }
  parser.extra.set('lastCycle', node);
  return node;
};

class ResetCycleNode implements Node {
  constructor(readonly node: CycleNode) {}
  render(ctx: Context): string {
    this.node.reset(ctx);
    return '';
  }
  expressions(): FilterExpression[] {
    return [];
  }
}

const resetcycle: TagCompiler = (parser, token) => {
  const args = token.bits;
  if (args.length > 2) throw new TemplateSyntaxError(`'resetcycle' tag accepts at most one argument.`);
  if (args.length === 2) {
    const node = (parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined)?.get(args[1].text);
    if (!node) throw new TemplateSyntaxError(`Named cycle '${args[1].text}' does not exist.`);
    return new ResetCycleNode(node);
  }
  const last = parser.extra.get('lastCycle') as CycleNode | undefined;
  if (!last) throw new TemplateSyntaxError('No cycles in template.');
  return new ResetCycleNode(last);
};

// ---------------------------------------------------------------------------
// filter

class FilterNode implements Node {
  constructor(
    readonly expr: FilterExpression,
    readonly nodelist: NodeList,
  ) {}
  render(ctx: Context): string {
    const output = renderNodes(this.nodelist, ctx);
    ctx.push({ var: output });
    try {
      return pyStr(this.expr.resolve(ctx));
    } finally {
      ctx.pop();
    }
  }
  expressions(): FilterExpression[] {
    return [this.expr];
  }
  children(): NodeList[] {
    return [this.nodelist];
  }
}

const filter: TagCompiler = (parser, token) => {
  const rest = token.contents.slice(token.name.length).trim();
  const expr = parser.compileStandalone(`var|${rest}`);
  for (const f of expr.filters) {
    if (f.def.name === 'escape' || f.def.name === 'safe') {
      throw new TemplateSyntaxError(`"filter ${f.def.name}" is not permitted.  Use the "autoescape" tag instead.`);
    }
  }
  const nodelist = parser.parse(['endfilter']);
  parser.nextToken();
  return new FilterNode(expr, nodelist);
};

// ---------------------------------------------------------------------------
// firstof

class FirstOfNode implements Node {
  constructor(
    readonly vars: FilterExpression[],
    readonly asvar?: string,
  ) {}
  render(ctx: Context): string {
    let first = '';
    for (const v of this.vars) {
      const value = v.resolve(ctx, true);
      if (truthy(value)) {
        first = renderValue(value, ctx);
        break;
      }
    }
    if (this.asvar) {
      ctx.set(this.asvar, ctx.autoescape ? markSafe(first) : first);
      return '';
    }
    return first;
  }
  /** With `as`, the node binds a context variable and renders through the interpreter. */
  get readsContext(): boolean {
    return this.asvar !== undefined;
  }
  compile(cg: CodeGen): void {
    if (this.asvar) return cg.fallback(this);
    let code = '""';
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const t = cg.temp();
      code = `(R.truthy(${t} = ${cg.value(this.vars[i], true)}) ? ${cg.autoescape ? 'R.out' : 'R.outRaw'}(${t}) : ${code})`;
    }
    cg.outputString(code);
  }
  expressions(): FilterExpression[] {
    return this.vars;
  }
  binds(): string[] {
    return this.asvar ? [this.asvar] : [];
  }
}

const firstof: TagCompiler = (parser, token) => {
  let bits = token.bits.slice(1);
  let asvar: string | undefined;
  if (!bits.length) throw new TemplateSyntaxError("'firstof' statement requires at least one argument");
  if (bits.length >= 2 && bits[bits.length - 2].text === 'as') {
    asvar = bits[bits.length - 1].text;
    bits = bits.slice(0, -2);
  }
  return new FirstOfNode(
    bits.map((b) => parser.compileFilter(b)),
    asvar,
  );
};

// ---------------------------------------------------------------------------
// for

/** The `forloop` object of one loop (Django's loop dict). */
export interface ForLoop {
  counter: number;
  counter0: number;
  revcounter: number;
  revcounter0: number;
  first: boolean;
  last: boolean;
  parentloop: unknown;
}

class ForNode implements Node {
  constructor(
    readonly loopvars: string[],
    readonly sequence: FilterExpression,
    readonly reversed: boolean,
    readonly body: NodeList,
    readonly empty: NodeList,
  ) {}

  render(ctx: Context): string {
    const outer = ctx.get('forloop');
    const parentloop = outer === MISSING ? {} : outer;
    ctx.push();
    try {
      let values = toList(this.sequence.resolve(ctx, true));
      const n = values.length;
      if (n < 1) return renderNodes(this.empty, ctx);
      if (this.reversed) values = values.slice().reverse();
      const loop: ForLoop = { parentloop, counter0: 0, counter: 1, revcounter: n, revcounter0: n - 1, first: true, last: n === 1 };
      ctx.set('forloop', loop);
      const vars = this.loopvars;
      const unpack = vars.length > 1;
      let s = '';
      for (let i = 0; i < n; i++) {
        loop.counter0 = i;
        loop.counter = i + 1;
        loop.revcounter = n - i;
        loop.revcounter0 = n - i - 1;
        loop.first = i === 0;
        loop.last = i === n - 1;
        const item = values[i];
        if (unpack) {
          const parts = unpackItem(item, vars.length);
          const d = ctx.push();
          for (let k = 0; k < vars.length; k++) d[vars[k]] = parts[k];
        } else ctx.set(vars[0], item);
        s += renderNodes(this.body, ctx);
        if (unpack) ctx.pop();
      }
      return s;
    } finally {
      ctx.pop();
    }
  }

  compile(cg: CodeGen): void {
    const seq = cg.id('seq');
    const n = cg.id('n');
    const i = cg.id('i');
    cg.stmt(`{ let ${seq} = R.toList(${cg.value(this.sequence, true)}); const ${n} = ${seq}.length;`);
    cg.stmt(`if (${n} === 0) {`);
    // Django renders {% empty %} inside the loop's pushed dictionary.
    const emptyScope = cg.needsContext(this.empty);
    if (emptyScope) cg.stmt('ctx.push(); try {');
    cg.nodes(this.empty);
    if (emptyScope) cg.stmt('} finally { ctx.pop(); }');
    cg.stmt(`} else {`);
    if (this.reversed) cg.stmt(`${seq} = ${seq}.slice().reverse();`);
    const mirror = cg.needsContext(this.body) || this.loopvars.some((v) => cg.dynamic.has(v));
    const needObject = mirror || cg.usesWhole(this.body, 'forloop');
    const outer = cg.binding('forloop');
    let obj: string | undefined;
    if (needObject) {
      obj = cg.id('loop');
      const t = cg.temp();
      const parent = outer ? cg.loopObject(outer) : `((${t} = ctx.get("forloop")) === R.MISSING ? {} : ${t})`;
      cg.stmt(`const ${obj} = { parentloop: ${parent}, counter0: 0, counter: 1, revcounter: ${n}, revcounter0: ${n} - 1, first: true, last: ${n} === 1 };`);
    }
    const dict = mirror ? cg.id('d') : undefined;
    if (dict) cg.stmt(`const ${dict} = ctx.push(); try {`);
    if (dict && obj) cg.stmt(`${dict}.forloop = ${obj};`);
    cg.stmt(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
    if (obj) {
      cg.stmt(
        `${obj}.counter0 = ${i}; ${obj}.counter = ${i} + 1; ${obj}.revcounter = ${n} - ${i}; ${obj}.revcounter0 = ${n} - ${i} - 1; ${obj}.first = ${i} === 0; ${obj}.last = ${i} === ${n} - 1;`,
      );
    }
    const scope = cg.pushScope();
    scope.set('forloop', { kind: 'loop', index: i, length: n, object: obj });
    const item = cg.id('item');
    cg.stmt(`const ${item} = ${seq}[${i}];`);
    const names: [string, string][] = [];
    if (this.loopvars.length > 1) {
      const parts = cg.id('parts');
      cg.stmt(`const ${parts} = R.unpack(${item}, ${this.loopvars.length});`);
      this.loopvars.forEach((name, k) => {
        const id = cg.id('v');
        cg.stmt(`const ${id} = ${parts}[${k}];`);
        names.push([name, id]);
      });
    } else names.push([this.loopvars[0], item]);
    // Django binds a single loop variable in the loop's dictionary, but
    // pushes a fresh dictionary per iteration for unpacked ones.
    const unpackDict = dict && this.loopvars.length > 1 ? cg.id('du') : undefined;
    if (unpackDict) cg.stmt(`const ${unpackDict} = ctx.push(); try {`);
    const target = unpackDict ?? dict;
    for (const [name, id] of names) {
      if (cg.dynamic.has(name)) {
        if (!target) throw new Error('unreachable: dynamic names imply a mirrored scope');
        cg.stmt(`${target}[${JSON.stringify(name)}] = ${id};`);
      } else {
        scope.set(name, { kind: 'local', id });
        if (target) cg.stmt(`${target}[${JSON.stringify(name)}] = ${id};`);
      }
    }
    cg.nodes(this.body);
    if (unpackDict) cg.stmt('} finally { ctx.pop(); }');
    cg.popScope();
    cg.stmt('}');
    if (dict) cg.stmt('} finally { ctx.pop(); }');
    cg.stmt('} }');
  }

  children(): NodeList[] {
    return [this.body, this.empty];
  }
  expressions(): FilterExpression[] {
    return [this.sequence];
  }
}

function unpackItem(item: unknown, n: number): unknown[] {
  const values = toList(item);
  if (values.length !== n) throw new ValueError(`Need ${n} values to unpack in for loop; got ${values.length}. `);
  return values;
}

const doFor: TagCompiler = (parser, token) => {
  const bits = token.bits;
  if (bits.length < 4) throw new TemplateSyntaxError(`'for' statements should have at least four words: ${token.contents}`);
  const isReversed = bits[bits.length - 1].text === 'reversed';
  const inIndex = isReversed ? bits.length - 3 : bits.length - 2;
  if (bits[inIndex].text !== 'in') throw new TemplateSyntaxError(`'for' statements should use the format 'for x in y': ${token.contents}`);
  // One plain name (the usual case) needs no splitting on commas.
  const loopvars =
    inIndex === 2 && bits[1].text.indexOf(',') < 0
      ? [bits[1].text]
      : bits
          .slice(1, inIndex)
          .map((b) => b.text)
          .join(' ')
          .split(/ *, */);
  for (const v of loopvars) {
    if (!v || /[ "'|]/.test(v)) throw new TemplateSyntaxError(`'for' tag received an invalid argument: ${token.contents}`);
  }
  const sequence = parser.compileFilter(bits[inIndex + 1]);
  const body = parser.parse(forUntil);
  let next = parser.nextToken();
  let empty: NodeList = [];
  if (next.contents === 'empty') {
    empty = parser.parse(endforUntil);
    next = parser.nextToken();
  }
  return new ForNode(loopvars, sequence, isReversed, body, empty);
};

// ---------------------------------------------------------------------------
// if

class IfNode implements Node {
  constructor(readonly branches: [Condition | null, NodeList][]) {}
  render(ctx: Context): string {
    for (const [cond, nodes] of this.branches) {
      if (cond === null || truthy(cond.eval(ctx))) return renderNodes(nodes, ctx);
    }
    return '';
  }
  compile(cg: CodeGen): void {
    const branches = this.branches;
    for (let k = 0; k < branches.length; k++) {
      const [cond, nodes] = branches[k];
      if (cond === null) cg.stmt('} else {');
      else cg.stmt(`${k ? '} else ' : ''}if (R.truthy(${truth(cond, cg)})) {`);
      cg.nodes(nodes);
    }
    cg.stmt('}');
  }
  children(): NodeList[] {
    return this.branches.map((b) => b[1]);
  }
  private exprs?: FilterExpression[];
  expressions(): FilterExpression[] {
    if (this.exprs) return this.exprs;
    const exprs: FilterExpression[] = [];
    for (let i = 0; i < this.branches.length; i++) {
      const c = this.branches[i][0];
      if (c) exprs.push(...c.expressions());
    }
    return (this.exprs = exprs);
  }
}

function condition(parser: Parser, token: TagRecord): Condition {
  const bits = token.bits.slice(1);
  return parseCondition(
    bits.map((b) => b.text),
    (i) => parser.compileFilter(bits[i]),
  );
}

const ifUntil = ['elif', 'else', 'endif'];
const endifUntil = ['endif'];
const forUntil = ['empty', 'endfor'];
const endforUntil = ['endfor'];

const doIf: TagCompiler = (parser, token) => {
  const branches: [Condition | null, NodeList][] = [];
  branches.push([condition(parser, token), parser.parse(ifUntil)]);
  let next = parser.nextToken();
  while (next.contents.startsWith('elif')) {
    let cond: Condition;
    try {
      cond = condition(parser, next);
    } catch (e) {
      throw parser.locate(e, next.start);
    }
    branches.push([cond, parser.parse(ifUntil)]);
    next = parser.nextToken();
  }
  if (next.contents === 'else') {
    branches.push([null, parser.parse(endifUntil)]);
    next = parser.nextToken();
  }
  if (next.contents !== 'endif') throw parser.error(next, `Malformed template tag at line {line}: "${next.contents}"`);
  return new IfNode(branches);
};

// ---------------------------------------------------------------------------
// ifchanged

const ifchangedState = new WeakMap<object, Map<unknown, unknown>>();

class IfChangedNode implements Node {
  constructor(
    readonly nodelistTrue: NodeList,
    readonly nodelistFalse: NodeList,
    readonly vars: FilterExpression[],
  ) {}
  render(ctx: Context): string {
    const loop = ctx.get('forloop');
    const frame: Map<unknown, unknown> =
      loop !== MISSING && loop !== null && typeof loop === 'object'
        ? (ifchangedState.get(loop) ?? (ifchangedState.set(loop, new Map()), ifchangedState.get(loop)!))
        : ctx.render;
    let output: string | undefined;
    let compareTo: unknown;
    if (this.vars.length) compareTo = this.vars.map((v) => v.resolve(ctx, true));
    else compareTo = output = renderNodes(this.nodelistTrue, ctx);
    const previous = frame.has(this) ? frame.get(this) : MISSING;
    if (previous === MISSING || !pyEq(compareTo, previous)) {
      frame.set(this, compareTo);
      return output ?? renderNodes(this.nodelistTrue, ctx);
    }
    if (this.nodelistFalse.length) return renderNodes(this.nodelistFalse, ctx);
    return '';
  }
  children(): NodeList[] {
    return [this.nodelistTrue, this.nodelistFalse];
  }
  expressions(): FilterExpression[] {
    return this.vars;
  }
}

const ifchanged: TagCompiler = (parser, token) => {
  const nodelistTrue = parser.parse(['else', 'endifchanged']);
  const next = parser.nextToken();
  let nodelistFalse: NodeList = [];
  if (next.contents === 'else') {
    nodelistFalse = parser.parse(['endifchanged']);
    parser.nextToken();
  }
  return new IfChangedNode(
    nodelistTrue,
    nodelistFalse,
    token.bits.slice(1).map((b) => parser.compileFilter(b)),
  );
};

// ---------------------------------------------------------------------------
// lorem

class LoremNode implements Node {
  constructor(
    readonly count: FilterExpression,
    readonly method: string,
    readonly common: boolean,
  ) {}
  render(ctx: Context): string {
    let count = Number.parseInt(pyStr(this.count.resolve(ctx)), 10);
    if (Number.isNaN(count)) count = 1;
    if (this.method === 'w') return loremWords(count, this.common);
    const paras = loremParagraphs(count, this.common);
    if (this.method === 'p') return paras.map((p) => `<p>${p}</p>`).join('\n\n');
    return paras.join('\n\n');
  }
  expressions(): FilterExpression[] {
    return [this.count];
  }
}

const lorem: TagCompiler = (parser, token) => {
  let bits = token.bits.slice(1);
  let common = true;
  if (bits.length && bits[bits.length - 1].text === 'random') {
    common = false;
    bits = bits.slice(0, -1);
  }
  let method = 'b';
  if (bits.length && ['w', 'p', 'b'].includes(bits[bits.length - 1].text)) {
    method = bits[bits.length - 1].text;
    bits = bits.slice(0, -1);
  }
  let count: FilterExpression;
  if (bits.length) {
    count = parser.compileFilter(bits[0]);
    bits = bits.slice(1);
  } else count = parser.compileStandalone('1');
  if (bits.length) throw new TemplateSyntaxError('Incorrect format for \'lorem\' tag');
  return new LoremNode(count, method, common);
};

// ---------------------------------------------------------------------------
// now, widthratio

class NowNode implements Node {
  constructor(
    readonly format: string,
    readonly asvar?: string,
  ) {}
  render(ctx: Context): string {
    const formatted = formatDate(new Date(), this.format);
    if (this.asvar) {
      ctx.set(this.asvar, formatted);
      return '';
    }
    return formatted;
  }
  expressions(): FilterExpression[] {
    return [];
  }
  binds(): string[] {
    return this.asvar ? [this.asvar] : [];
  }
}

const now: TagCompiler = (_parser, token) => {
  let bits = token.bits.map((b) => b.text);
  let asvar: string | undefined;
  if (bits.length === 4 && bits[2] === 'as') {
    asvar = bits[3];
    bits = bits.slice(0, 2);
  }
  if (bits.length !== 2) throw new TemplateSyntaxError("'now' statement takes one argument");
  return new NowNode(bits[1].slice(1, -1), asvar);
};

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

class WidthRatioNode implements Node {
  constructor(
    readonly value: FilterExpression,
    readonly maxValue: FilterExpression,
    readonly maxWidth: FilterExpression,
    readonly asvar?: string,
  ) {}
  render(ctx: Context): string {
    const maxValueRaw = this.maxValue.resolve(ctx);
    const widthRaw = this.maxWidth.resolve(ctx);
    const maxWidth = pyInt(widthRaw);
    if (maxWidth === null) throw new TemplateSyntaxError('widthratio final argument must be a number');
    let result: string;
    const value = pyFloatOf(this.value.resolve(ctx));
    const maxValue = pyFloatOf(maxValueRaw);
    if (value === null || maxValue === null) result = '';
    else if (maxValue === 0) result = '0';
    else {
      const ratio = (value / maxValue) * maxWidth;
      result = Number.isFinite(ratio) ? String(pyRound(ratio)) : '';
    }
    if (this.asvar) {
      ctx.set(this.asvar, result);
      return '';
    }
    return result;
  }
  expressions(): FilterExpression[] {
    return [this.value, this.maxValue, this.maxWidth];
  }
  binds(): string[] {
    return this.asvar ? [this.asvar] : [];
  }
}

/** Python's int() of a template value, or null when it raises. */
export function pyInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = pyStr(v).trim();
  // /^[-+]?\d+$/ scanned by hand: `add:"-1"` converts its argument on every render.
  const signed = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0;
  if (s.length === signed) return null;
  for (let i = signed; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return parseInt(s, 10);
}

/** Python's float() of a template value, or null when it raises. */
export function pyFloatOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string' && !(v instanceof SafeString)) return null;
  const s = pyStr(v).trim().toLowerCase();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s)) return Number(s);
  if (/^[-+]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(s)) return NaN;
  return null;
}

const widthratio: TagCompiler = (parser, token) => {
  const bits = token.bits;
  let asvar: string | undefined;
  if (bits.length === 6) {
    if (bits[4].text !== 'as') throw new TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword");
    asvar = bits[5].text;
  } else if (bits.length !== 4) throw new TemplateSyntaxError('widthratio takes at least three arguments');
  return new WidthRatioNode(parser.compileFilter(bits[1]), parser.compileFilter(bits[2]), parser.compileFilter(bits[3]), asvar);
};

// ---------------------------------------------------------------------------
// regroup

/** One group of `{% regroup %}`: unpacks as (grouper, list) like Django's namedtuple. */
export class GroupedResult extends Array<unknown> {
  constructor(
    readonly grouper: unknown,
    readonly list: unknown[],
  ) {
    super();
    this.push(grouper, list);
  }
  static override get [Symbol.species]() {
    return Array;
  }
}

class RegroupNode implements Node {
  constructor(
    readonly target: FilterExpression,
    readonly expression: FilterExpression,
    readonly varName: string,
  ) {}
  render(ctx: Context): string {
    const objList = this.target.resolve(ctx, true);
    if (objList === null) {
      ctx.set(this.varName, []);
      return '';
    }
    const groups: GroupedResult[] = [];
    let key: unknown = MISSING;
    let current: unknown[] = [];
    for (const obj of toList(objList)) {
      ctx.set(this.varName, obj);
      const k = this.expression.resolve(ctx, true);
      if (key === MISSING || !pyEq(k, key)) {
        if (key !== MISSING) groups.push(new GroupedResult(key, current));
        key = k;
        current = [];
      }
      current.push(obj);
    }
    if (key !== MISSING) groups.push(new GroupedResult(key, current));
    ctx.set(this.varName, groups);
    return '';
  }
  expressions(): FilterExpression[] {
    return [this.target];
  }
  binds(): string[] {
    return [this.varName];
  }
}

const regroup: TagCompiler = (parser, token) => {
  const bits = token.bits;
  if (bits.length !== 6) throw new TemplateSyntaxError("'regroup' tag takes five arguments");
  const target = parser.compileFilter(bits[1]);
  if (bits[2].text !== 'by') throw new TemplateSyntaxError("second argument to 'regroup' tag must be 'by'");
  if (bits[4].text !== 'as') throw new TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'");
  const varName = bits[5].text;
  const expression = parser.compileStandalone(`${varName}.${bits[3].text}`);
  return new RegroupNode(target, expression, varName);
};

// ---------------------------------------------------------------------------
// with

class WithNode implements Node {
  constructor(
    readonly extra: Map<string, FilterExpression>,
    readonly nodelist: NodeList,
  ) {}
  render(ctx: Context): string {
    const values: Dict = {};
    for (const [k, v] of this.extra) values[k] = v.resolve(ctx);
    ctx.push(values);
    try {
      return renderNodes(this.nodelist, ctx);
    } finally {
      ctx.pop();
    }
  }
  compile(cg: CodeGen): void {
    const mirror = cg.needsContext(this.nodelist) || [...this.extra.keys()].some((k) => cg.dynamic.has(k));
    const ids: [string, string][] = [];
    cg.stmt('{');
    for (const [name, expr] of this.extra) {
      const id = cg.id('w');
      cg.stmt(`const ${id} = ${cg.value(expr)};`);
      ids.push([name, id]);
    }
    const dict = mirror ? cg.id('d') : undefined;
    if (dict) cg.stmt(`const ${dict} = ctx.push(); try {`);
    const scope = cg.pushScope();
    for (const [name, id] of ids) {
      if (dict) cg.stmt(`${dict}[${JSON.stringify(name)}] = ${id};`);
      if (!cg.dynamic.has(name)) scope.set(name, { kind: 'local', id });
    }
    cg.nodes(this.nodelist);
    cg.popScope();
    if (dict) cg.stmt('} finally { ctx.pop(); }');
    cg.stmt('}');
  }
  children(): NodeList[] {
    return [this.nodelist];
  }
  expressions(): FilterExpression[] {
    return [...this.extra.values()];
  }
}

const doWith: TagCompiler = (parser, token) => {
  const remaining = token.bits.slice(1);
  const extra = tokenKwargs(remaining, parser, true);
  if (!extra.size) throw new TemplateSyntaxError("'with' expected at least one variable assignment");
  if (remaining.length) throw new TemplateSyntaxError(`'with' received an invalid token: ${repr(remaining[0].text)}`);
  const nodelist = parser.parse(['endwith']);
  parser.nextToken();
  return new WithNode(extra, nodelist);
};

// ---------------------------------------------------------------------------
// url

/** Reverses a URL name with arguments (Django's reverse); the Engine's `reverse` option. */
export type Reverse = (viewName: string, args: unknown[], kwargs: Record<string, unknown>) => string;

/** The router's reverse(), against ROOT_URLCONF: what `{% url %}` uses unless the Engine is given another. */
const routerReverse: Reverse = (viewName, args, kwargs) =>
  reverse(viewName, args.length ? { args } : { kwargs });

class URLNode implements Node {
  constructor(
    readonly viewName: FilterExpression,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    readonly asvar?: string,
  ) {}
  render(ctx: Context): string {
    const engine = (ctx.template as { engine?: { reverse?: Reverse } } | undefined)?.engine;
    const reverseUrl = engine?.reverse ?? routerReverse;
    const args = this.args.map((a) => a.resolve(ctx));
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of this.kwargs) kwargs[k] = v.resolve(ctx);
    const name = pyStr(this.viewName.resolve(ctx));
    let url = '';
    try {
      url = reverseUrl(name, args, kwargs);
    } catch (e) {
      if (!(e instanceof NoReverseMatch) || !this.asvar) throw e;
    }
    if (this.asvar) {
      ctx.set(this.asvar, url);
      return '';
    }
    return ctx.autoescape ? escapeHtml(url) : url;
  }
  expressions(): FilterExpression[] {
    return [this.viewName, ...this.args, ...this.kwargs.values()];
  }
  binds(): string[] {
    return this.asvar ? [this.asvar] : [];
  }
}

const url: TagCompiler = (parser, token) => {
  let bits = token.bits;
  if (bits.length < 2) throw new TemplateSyntaxError("'url' takes at least one argument, a URL pattern name.");
  const viewName = parser.compileFilter(bits[1]);
  let asvar: string | undefined;
  bits = bits.slice(2);
  if (bits.length >= 2 && bits[bits.length - 2].text === 'as') {
    asvar = bits[bits.length - 1].text;
    bits = bits.slice(0, -2);
  }
  const args: FilterExpression[] = [];
  const kwargs = new Map<string, FilterExpression>();
  for (const b of bits) {
    if (b.keyword !== undefined) kwargs.set(b.keyword, parser.compileFilter(b.valueExpr!, b.start + b.keyword.length + 1));
    else if (b.text.includes('=')) throw new TemplateSyntaxError('Malformed arguments to url tag');
    else args.push(parser.compileFilter(b));
  }
  return new URLNode(viewName, args, kwargs, asvar);
};

// ---------------------------------------------------------------------------

/** The built-in tags' compile functions. */
export const builtinTags = new Map<string, TagCompiler>([
  ['autoescape', autoescape],
  ['comment', comment],
  ['csrf_token', () => new CsrfTokenNode()],
  ['cycle', cycle],
  ['debug', debug],
  ['filter', filter],
  ['firstof', firstof],
  ['for', doFor],
  ['if', doIf],
  ['ifchanged', ifchanged],
  ['load', load],
  ['lorem', lorem],
  ['now', now],
  ['regroup', regroup],
  ['resetcycle', resetcycle],
  ['spaceless', spaceless],
  ['templatetag', templatetag],
  ['url', url],
  ['verbatim', verbatim],
  ['widthratio', widthratio],
  ['with', doWith],
]);

/** How the built-in tags nest, for the WebAssembly parser. */
export const builtinShapes: TagShape[] = [
  { name: 'autoescape', end: 'endautoescape' },
  { name: 'block', end: 'endblock' },
  { name: 'comment', end: 'endcomment', raw: true },
  { name: 'csrf_token' },
  { name: 'cycle' },
  { name: 'debug' },
  { name: 'extends' },
  { name: 'filter', end: 'endfilter' },
  { name: 'firstof' },
  { name: 'for', end: 'endfor', intermediates: [{ name: 'empty', terminal: true }] },
  { name: 'if', end: 'endif', intermediates: [{ name: 'elif' }, { name: 'else', terminal: true }] },
  { name: 'ifchanged', end: 'endifchanged', intermediates: [{ name: 'else', terminal: true }] },
  { name: 'include' },
  { name: 'load' },
  { name: 'lorem' },
  { name: 'now' },
  { name: 'regroup' },
  { name: 'resetcycle' },
  { name: 'spaceless', end: 'endspaceless' },
  { name: 'templatetag' },
  { name: 'url' },
  { name: 'verbatim', end: 'endverbatim' },
  { name: 'widthratio' },
  { name: 'with', end: 'endwith' },
];
