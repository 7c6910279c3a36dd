/**
 * The template engine (django.template.engine.Engine): configuration,
 * loaders, libraries, and the tag table the WebAssembly parser needs.
 *
 * @example
 * const engine = new Engine({ templates: { 'hello.html': 'Hello {{ name }}!' } });
 * engine.getTemplate('hello.html').render({ name: 'Ada' }); // 'Hello Ada!'
 * engine.fromString('{{ items|join:", " }}').render({ items: ['a', 'b'] }); // 'a, b'
 */
import type { FilterDef, ParserEnv, TagCompiler } from './base';
import { Context, type Dict } from './context';
import { type Reverse, builtinShapes, builtinTags } from './defaulttags';
import { builtinFilters } from './defaultfilters';
import { checkTimeZone } from './dateformat';
import { ImproperlyConfigured } from '../core/exceptions';
import { TemplateDoesNotExist } from './errors';
import { Library } from './library';
import { AppDirectoriesLoader, CachedLoader, FilesystemLoader, type Loader, LocmemLoader, type TemplateFS } from './loaders';
import { loaderTags } from './loadertags';
import { type TagShape, encodeTags } from './stream';
import { Template } from './template';

/**
 * A context processor: returns extra variables for every render that has a
 * request. A processor whose values need an `await` (a database read) may
 * have `prepare`: awaited before the render (prepareContext() in
 * prepare.ts), told which names the template may read, so that it reads
 * only what the page shows.
 */
export type ContextProcessor = ((request: unknown) => Dict) & {
  prepare?: (request: unknown, uses: (name: string) => boolean) => Promise<void> | void;
};

export interface EngineOptions {
  /** Directories to search (needs `fs`, e.g. `nodeTemplateFS` from `manouche/node`). */
  dirs?: string[];
  fs?: TemplateFS;
  /** Application directories whose `templates/` folders are searched after `dirs` (Django's APP_DIRS); needs `fs`. */
  appDirs?: string[];
  /** Templates by name, for an in-memory loader (the browser's choice). */
  templates?: Record<string, string>;
  /** Explicit loaders; by default locmem and/or filesystem, cached unless `debug`. */
  loaders?: Loader[];
  debug?: boolean;
  /** What a failed variable lookup renders as (may contain `%s` for the variable's name). */
  stringIfInvalid?: string;
  autoescape?: boolean;
  /** Libraries `{% load %}` can load, by name. */
  libraries?: Record<string, Library>;
  /** Libraries whose tags and filters are available without `{% load %}`. */
  builtins?: Library[];
  contextProcessors?: ContextProcessor[];
  /**
   * The IANA time zone dates are shown in while this engine renders (Django's
   * TIME_ZONE with USE_TZ); by default, the runtime's local time zone.
   */
  timeZone?: string;
  /**
   * Reverses URL names for `{% url %}`; by default the router's reverse()
   * against ROOT_URLCONF (Django's behaviour).
   */
  reverse?: Reverse;
  /**
   * 'adaptive' (default): a template's first render runs the interpreter and
   * its code is generated when it is rendered again, so a template rendered
   * once never pays for code generation. 'compiled' generates the code
   * before the first render. 'interpreted' never calls `new Function`, for
   * pages whose Content-Security-Policy forbids generated code.
   */
  mode?: 'adaptive' | 'compiled' | 'interpreted';
}

export class Engine {
  readonly debug: boolean;
  readonly stringIfInvalid: string;
  readonly autoescape: boolean;
  /** Whether templates render through generated code (modes 'adaptive' and 'compiled'). */
  readonly compiled: boolean;
  /** Renders a template goes through the interpreter before its code is generated (0 when 'compiled'). */
  readonly interpretedRenders: number;
  readonly loaders: Loader[];
  readonly contextProcessors: ContextProcessor[];
  readonly reverse?: Reverse;
  readonly timeZone?: string;
  /** Every tag shape the parser must know (builtins and all libraries). */
  readonly shapes: TagShape[];
  readonly tagBytes: Uint8Array;
  readonly parserEnv: ParserEnv;

  constructor(options: EngineOptions = {}) {
    this.debug = options.debug ?? false;
    this.stringIfInvalid = options.stringIfInvalid ?? '';
    this.autoescape = options.autoescape ?? true;
    const mode = options.mode ?? 'adaptive';
    if (mode !== 'adaptive' && mode !== 'compiled' && mode !== 'interpreted') {
      throw new ImproperlyConfigured(`Engine 'mode' must be 'adaptive', 'compiled' or 'interpreted', not ${JSON.stringify(mode)}.`);
    }
    this.compiled = mode !== 'interpreted';
    this.interpretedRenders = mode === 'adaptive' ? 1 : 0;
    this.contextProcessors = options.contextProcessors ?? [];
    this.reverse = options.reverse;
    if (options.timeZone !== undefined) {
      try {
        checkTimeZone(options.timeZone);
      } catch {
        throw new ImproperlyConfigured(`Unknown time zone '${options.timeZone}'.`);
      }
      this.timeZone = options.timeZone;
    }
    let loaders = options.loaders;
    if (!loaders) {
      loaders = [];
      if (options.templates) loaders.push(new LocmemLoader(options.templates));
      if (options.dirs?.length) {
        if (!options.fs) throw new ImproperlyConfigured("Engine 'dirs' needs an 'fs' (use nodeTemplateFS from 'manouche/node').");
        loaders.push(new FilesystemLoader(options.dirs, options.fs));
      }
      if (options.appDirs?.length) {
        if (!options.fs) throw new ImproperlyConfigured("Engine 'appDirs' needs an 'fs' (use nodeTemplateFS from 'manouche/node').");
        loaders.push(new AppDirectoriesLoader(options.appDirs, options.fs));
      }
      if (!this.debug) loaders = [new CachedLoader(loaders)];
    }
    this.loaders = loaders;
    const tags = new Map<string, TagCompiler>([...builtinTags, ...loaderTags]);
    const filters = new Map<string, FilterDef>(builtinFilters);
    const shapes = [...builtinShapes];
    for (const lib of options.builtins ?? []) {
      for (const [k, v] of lib.tags) tags.set(k, v);
      for (const [k, v] of lib.filters) filters.set(k, v);
      shapes.push(...lib.shapes);
    }
    const libraries = new Map<string, Library>();
    for (const [name, lib] of Object.entries(options.libraries ?? {})) {
      libraries.set(name, lib);
      shapes.push(...lib.shapes);
    }
    this.shapes = shapes;
    this.tagBytes = encodeTags(shapes);
    this.parserEnv = { tags, filters, libraries, stringIfInvalid: this.stringIfInvalid, debug: this.debug };
  }

  /** The template called `name`, from the first loader that has it. */
  getTemplate(name: string): Template {
    const tried: string[] = [];
    for (const loader of this.loaders) {
      try {
        return loader.getTemplate(name, this);
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        tried.push(...e.tried);
      }
    }
    throw new TemplateDoesNotExist(name, tried);
  }

  /** The first of `names` that exists (Django's select_template). */
  selectTemplate(names: string[]): Template {
    if (!names.length) throw new TemplateDoesNotExist('No template names provided');
    const tried: string[] = [];
    for (const name of names) {
      try {
        return this.getTemplate(name);
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        tried.push(...e.tried);
      }
    }
    throw new TemplateDoesNotExist(names.join(', '), tried);
  }

  /** A template from source text (not cached). */
  fromString(source: string): Template {
    return new Template(source, this);
  }

  /** Django's render_to_string: loads, applies context processors when a request is given, renders. */
  renderToString(name: string | string[], context: Dict = {}, request?: unknown): string {
    const t = Array.isArray(name) ? this.selectTemplate(name) : this.getTemplate(name);
    return t.render(this.makeContext(context, request));
  }

  /** A Context with this engine's settings; context processors run when there is a request. */
  makeContext(values: Dict = {}, request?: unknown): Context {
    if (request === undefined) {
      // The common case, without an options object per render.
      const ctx = new Context(values);
      ctx.autoescape = this.autoescape;
      ctx.debug = this.debug;
      return ctx;
    }
    let processors: Dict | undefined;
    if (request !== undefined && this.contextProcessors.length) {
      // Processors sit below the caller's values, which win (Django's RequestContext).
      processors = {};
      for (const p of this.contextProcessors) Object.assign(processors, p(request));
    }
    return new Context(values, { autoescape: this.autoescape, request, processors, debug: this.debug });
  }
}
