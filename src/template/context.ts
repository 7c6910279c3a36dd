/**
 * The render context (django.template.context): a stack of dictionaries
 * searched from the top, with `True`, `False` and `None` at the bottom, and a
 * render context private to the template being rendered (cycle state,
 * ifchanged memory, block layers).
 */
import { MISSING } from './runtime';

export type Dict = Record<string, unknown>;

const builtins: Dict = Object.freeze({ True: true, False: false, None: null }) as Dict;
const noOptions: ContextOptions = Object.freeze({});

/** Options a Context carries from the engine and from the caller. */
export interface ContextOptions {
  autoescape?: boolean;
  /** A request object, for context processors and `{% csrf_token %}`. */
  request?: unknown;
  /** Values from context processors: below the caller's dictionary, which wins. */
  processors?: Dict;
  /** Annotate render-time errors with the template position (the engine's `debug`). */
  debug?: boolean;
}

/**
 * A stack of dictionaries. `push()` returns the new top, which the caller
 * fills; `pop()` removes it. `get` returns MISSING for a name bound nowhere.
 *
 * @example
 * const ctx = new Context({ user: 'ada' });
 * ctx.push({ user: 'grace' });
 * ctx.get('user'); // 'grace'
 * ctx.pop();
 */
export class Context {
  dicts: Dict[];
  autoescape: boolean;
  request: unknown;
  /** Render errors get `templateDebug` (template name, line, column); set from the engine's `debug`. */
  debug: boolean;
  /** The template being rendered and its render state (Django's RenderContext); outer ones are stacked. */
  private current: unknown = undefined;
  private state: Map<unknown, unknown> | undefined = undefined;
  private outer: [unknown, Map<unknown, unknown> | undefined][] | undefined;
  /** Dictionaries below this index belong to the caller and are never written. */
  private readonly callerDicts: number;

  constructor(dict?: Dict, options: ContextOptions = noOptions) {
    this.dicts = dict ? [builtins, dict] : [builtins, {}];
    this.callerDicts = dict ? 2 : 1;
    if (options.processors) {
      this.dicts.splice(1, 0, options.processors);
      this.callerDicts++;
    }
    this.autoescape = options.autoescape ?? true;
    this.request = options.request;
    this.debug = options.debug ?? false;
  }

  get(name: string): unknown {
    const d = this.dicts;
    for (let i = d.length - 1; i >= 0; i--) {
      const top = d[i];
      if (name in top) return top[name];
    }
    return MISSING;
  }

  /** True when some dictionary binds `name`. */
  has(name: string): boolean {
    return this.get(name) !== MISSING;
  }

  /** Binds `name` in the top dictionary (Django's `context[name] = value`). */
  set(name: string, value: unknown): void {
    if (this.dicts.length <= this.callerDicts) this.dicts.push({});
    this.dicts[this.dicts.length - 1][name] = value;
  }

  /** Binds `name` in the nearest dictionary that has it, else the top one (Django's set_upward). */
  setUpward(name: string, value: unknown): void {
    for (let i = this.dicts.length - 1; i >= this.callerDicts; i--) {
      if (name in this.dicts[i]) {
        this.dicts[i][name] = value;
        return;
      }
    }
    this.set(name, value);
  }

  push(values?: Dict): Dict {
    const d: Dict = values ? { ...values } : {};
    this.dicts.push(d);
    return d;
  }

  pop(): Dict {
    if (this.dicts.length <= 1) throw new Error('pop() has been called more times than push()');
    return this.dicts.pop() as Dict;
  }

  /** A context with the same settings and only `values` (for `{% include … only %}`). */
  newContext(values?: Dict): Context {
    const c = new Context(values ? { ...values } : undefined, { autoescape: this.autoescape, request: this.request, debug: this.debug });
    return c;
  }

  /** Flattens the stack into one dictionary (later bindings win). */
  flatten(): Dict {
    const flat: Dict = {};
    for (const d of this.dicts) Object.assign(flat, d);
    return flat;
  }

  /** Starts rendering `template` with a fresh render state. */
  enter(template: unknown): void {
    if (this.current !== undefined) (this.outer ??= []).push([this.current, this.state]);
    this.current = template;
    this.state = undefined;
  }

  /** Ends the render `enter` started. */
  leave(): void {
    const o = this.outer?.pop();
    this.current = o ? o[0] : undefined;
    this.state = o ? o[1] : undefined;
  }

  /** The template being rendered now. */
  get template(): unknown {
    return this.current;
  }

  /** Replaces the current template (a parent taking over in `{% extends %}`). */
  set template(t: unknown) {
    this.current = t;
  }

  /** The render state of the template being rendered now. */
  get render(): Map<unknown, unknown> {
    return (this.state ??= new Map());
  }
}
