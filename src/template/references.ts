/**
 * The top-level context names a template may read, known before it renders,
 * so that a context processor whose value costs a query (the auth processor's
 * `user` and `perms`) is resolved only for pages that show it.
 *
 * The walk collects the first part of every variable (`user` of
 * `{{ user.username|default:x }}`, of filter arguments and of tag arguments),
 * following `{% extends %}` and `{% include %}` when their template names are
 * string constants. It answers null ("cannot tell", i.e. any name) when the
 * page reads its context in ways the tree does not show: a parent or an
 * included template named by a variable, `{% debug %}`, a tag registered
 * with `takesContext` (its function receives the whole Context), or a node
 * that does not list what it evaluates (no `expressions()`: a custom
 * `Library.tag()` node may read the context in its render). Names bound
 * inside the page (`{% with user=x %}`) are counted too: a few more reads,
 * never a missed one.
 */
import { type Node, type NodeList, FilterExpression, TextNode, VariableNode } from './base';
import { DebugNode } from './defaulttags';
import { SimpleNode } from './library';
import { ExtendsNode, IncludeNode } from './loadertags';
import { SafeString } from './safe';
import { TemplateDoesNotExist } from './errors';
import type { Template } from './template';

const cache = new WeakMap<Template, ReadonlySet<string> | null>();

/** Thrown inside the walk when the answer is "any name". */
const OPAQUE = Symbol('opaque');

/**
 * The names `template` (with what it extends and includes) may read from
 * its context, or null when that cannot be told statically. Computed once
 * per template object.
 *
 * @example
 * contextNames(engine.fromString('{% if user.is_staff %}{{ perms.polls }}{% endif %}')) // Set { 'user', 'perms' }
 */
export function contextNames(template: Template): ReadonlySet<string> | null {
  let names = cache.get(template);
  if (names !== undefined) return names;
  const found = new Set<string>();
  try {
    walkTemplate(template, found, new Set());
    names = found;
  } catch (e) {
    if (e !== OPAQUE) throw e;
    names = null;
  }
  cache.set(template, names);
  return names;
}

function walkTemplate(template: Template, found: Set<string>, seen: Set<Template>): void {
  if (seen.has(template)) return; // a cycle renders as an error of its own
  seen.add(template);
  walk(template.nodelist, template, found, seen);
}

function walk(list: NodeList, template: Template, found: Set<string>, seen: Set<Template>): void {
  for (const n of list) {
    if (n instanceof TextNode) continue;
    if (n instanceof VariableNode) {
      addExpression(n.expr, found);
      continue;
    }
    if (n instanceof DebugNode) throw OPAQUE;
    if (n instanceof SimpleNode && n.takesContext) throw OPAQUE;
    const node = n as Node;
    if (!node.expressions) throw OPAQUE;
    for (const e of node.expressions()) addExpression(e, found);
    if (node.children) for (const c of node.children()) walk(c, template, found, seen);
    if (n instanceof ExtendsNode) follow(n.staticParent, template, found, seen);
    else if (n instanceof IncludeNode) follow(constantName(n.template), template, found, seen);
  }
}

/** Walks the template a constant name designates; a variable name, or one no loader has, is "any name". */
function follow(name: string | undefined, from: Template, found: Set<string>, seen: Set<Template>): void {
  if (name === undefined) throw OPAQUE;
  let t: Template;
  try {
    t = from.engine.getTemplate(name);
  } catch (e) {
    if (e instanceof TemplateDoesNotExist) throw OPAQUE;
    throw e;
  }
  walkTemplate(t, found, seen);
}

function constantName(e: FilterExpression): string | undefined {
  if (e.isVar || e.filters.length) return undefined;
  const v = e.variable.literal;
  return v instanceof SafeString ? v.value : typeof v === 'string' ? v : undefined;
}

function addExpression(e: FilterExpression, found: Set<string>): void {
  const base = e.variable.lookups;
  if (base) found.add(base[0]);
  for (const f of e.filters) {
    const arg = f.arg?.lookups;
    if (arg) found.add(arg[0]);
  }
}
