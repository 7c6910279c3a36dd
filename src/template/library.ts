/**
 * Libraries of tags and filters (django.template.library), loaded with
 * `{% load name %}` or installed as builtins.
 *
 * @example
 * const lib = new Library();
 * lib.filter('shout', (v) => String(v).toUpperCase() + '!', { isSafe: true });
 * lib.simpleTag('greet', (name) => `Hello ${name}`);
 * const engine = new Engine({ libraries: { mine: lib } });
 * engine.fromString('{% load mine %}{{ "hi"|shout }} {% greet "Ada" %}').render({});
 */
import { type FilterDef, type FilterExpression, type FilterFunction, type Node, type Parser, type TagCompiler, renderValue } from './base';
import type { Context } from './context';
import { TemplateSyntaxError } from './errors';
import { escapeHtml } from './safe';
import { SafeString } from './safe';
import type { TagShape, TagRecord } from './stream';
import { MISSING, pyStr } from './runtime';

export interface FilterOptions {
  isSafe?: boolean;
  needsAutoescape?: boolean;
  /** Whether the filter takes an argument: 'none' (default), 'optional' or 'required'. */
  arg?: 'none' | 'optional' | 'required';
  /**
   * Dates arrive as wall-clock views (`getHours()` and friends) in the
   * engine's time zone, like Django's expects_localtime.
   */
  expectsLocaltime?: boolean;
}

export interface SimpleTagOptions {
  /** Pass the Context as first argument. */
  takesContext?: boolean;
}

export class Library {
  readonly filters = new Map<string, FilterDef>();
  readonly tags = new Map<string, TagCompiler>();
  readonly shapes: TagShape[] = [];

  /** Registers a filter. */
  filter(name: string, fn: FilterFunction, options: FilterOptions = {}): this {
    this.filters.set(name, { name, fn, ...options });
    return this;
  }

  /**
   * Registers a tag with its own parse step (Django's `@register.tag`). Give
   * `shape.end` (and `shape.intermediates`) for block tags, so the parser
   * knows how they nest.
   */
  tag(name: string, compile: TagCompiler, shape: Omit<TagShape, 'name'> = {}): this {
    this.tags.set(name, compile);
    this.shapes.push({ name, ...shape });
    return this;
  }

  /**
   * Registers a simple tag: `{% name arg kw=value as var %}` calls `fn` with
   * the resolved positional arguments, then an object of keyword arguments
   * when there are any. The result is escaped under autoescape unless safe.
   */
  simpleTag(name: string, fn: (...args: any[]) => unknown, options: SimpleTagOptions = {}): this {
    return this.tag(name, (parser: Parser, token: TagRecord) => {
      let bits = token.bits.slice(1);
      let target: string | undefined;
      if (bits.length >= 2 && bits[bits.length - 2].text === 'as') {
        target = bits[bits.length - 1].text;
        bits = bits.slice(0, -2);
      }
      const args: FilterExpression[] = [];
      const kwargs = new Map<string, FilterExpression>();
      for (const b of bits) {
        if (b.keyword !== undefined) {
          if (kwargs.has(b.keyword)) throw new TemplateSyntaxError(`'${name}' received multiple values for keyword argument '${b.keyword}'`);
          kwargs.set(b.keyword, parser.compileFilter(b.valueExpr!, b.start));
        } else {
          if (kwargs.size) throw new TemplateSyntaxError(`'${name}' received some positional argument(s) after some keyword argument(s)`);
          args.push(parser.compileFilter(b));
        }
      }
      return new SimpleNode(fn, options.takesContext ?? false, args, kwargs, target);
    });
  }

  /**
   * Registers an inclusion tag: `fn` returns a dictionary that renders
   * `templateName` in a new context (Django's `@register.inclusion_tag`).
   *
   * @example
   * lib.inclusionTag('results', 'results.html', (poll) => ({ choices: poll.choices }));
   */
  inclusionTag(name: string, templateName: string, fn: (...args: any[]) => Record<string, unknown>, options: SimpleTagOptions = {}): this {
    const render = (ctx: Context, dict: unknown): string => {
      const template = (ctx.template as { engine: { getTemplate(n: string): { renderInContext(c: Context): string } } }).engine.getTemplate(templateName);
      const values = { ...(dict as Record<string, unknown>) };
      const csrf = ctx.get('csrf_token');
      if (csrf !== MISSING) values.csrf_token = csrf;
      return template.renderInContext(ctx.newContext(values));
    };
    this.simpleTag(name, fn, options);
    const compile = this.tags.get(name)!;
    this.tags.set(name, (parser, token) => {
      const node = compile(parser, token) as SimpleNode;
      node.inclusion = render;
      return node;
    });
    return this;
  }
}

export class SimpleNode implements Node {
  inclusion?: (ctx: Context, dict: unknown) => string;
  constructor(
    readonly fn: (...args: any[]) => unknown,
    readonly takesContext: boolean,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    readonly target?: string,
  ) {}
  render(ctx: Context): string {
    const values: unknown[] = this.args.map((a) => a.resolve(ctx));
    if (this.takesContext) values.unshift(ctx);
    if (this.kwargs.size) {
      const kw: Record<string, unknown> = {};
      for (const [k, v] of this.kwargs) kw[k] = v.resolve(ctx);
      values.push(kw);
    }
    const output = this.fn(...values);
    if (this.inclusion) return this.inclusion(ctx, output);
    if (this.target) {
      ctx.set(this.target, output);
      return '';
    }
    if (ctx.autoescape) return output instanceof SafeString ? output.value : escapeHtml(pyStr(output));
    return renderValue(output, ctx);
  }
  expressions(): FilterExpression[] {
    return [...this.args, ...this.kwargs.values()];
  }
  binds(): string[] {
    return this.target ? [this.target] : [];
  }
}
