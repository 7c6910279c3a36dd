/**
 * The templates a view renders (django.template.loader): engines built from
 * the TEMPLATES setting, get_template()/select_template()/render_to_string(),
 * and the `templateRendered` hook the test client listens to (Django's
 * template_rendered signal), which also reports the extended templates.
 *
 * A TEMPLATES entry for 'manouche.template.backends.django' takes DIRS (with
 * OPTIONS.fs, e.g. nodeTemplateFS), APP_DIRS (each installed app's
 * `templates` object, or its `path`/templates with OPTIONS.fs) and OPTIONS:
 * templates (in-memory), context_processors, debug, string_if_invalid,
 * libraries, builtins, autoescape. OPTIONS.engine may hand over a built Engine.
 */
import { resolveContextProcessors } from './context-processors';
import { apps } from '../apps/registry';
import { ImproperlyConfigured } from '../core/exceptions';
import { settings, type TemplateSettings } from '../conf/settings';
import { Engine, type ContextProcessor } from '../template/engine';
import { TemplateDoesNotExist } from '../template/errors';
import { AppDirectoriesLoader, CachedLoader, FilesystemLoader, type Loader, LocmemLoader, type TemplateFS } from '../template/loaders';
import { Template } from '../template/template';
import type { Library } from '../template/library';
import type { Dict } from '../template/context';

/** What a template engine offers a view. */
export interface TemplateBackend {
  getTemplate(name: string): { render(context?: Dict, request?: unknown): string; name?: string };
}

type Loaded = { render(context?: Dict, request?: unknown): string; name?: string; engine?: unknown };

const built = new WeakMap<readonly TemplateSettings[], Map<string, TemplateBackend>>();

/** The engines of settings.TEMPLATES by alias (Django's `engines`), built once per TEMPLATES list. */
export function engines(): Map<string, TemplateBackend> {
  const conf = settings.TEMPLATES;
  let map = built.get(conf);
  if (!map) {
    map = new Map();
    for (const entry of conf) {
      const alias = entry.NAME ?? entry.BACKEND.split('.').at(-2) ?? entry.BACKEND;
      if (map.has(alias)) throw new ImproperlyConfigured(`Template engine aliases aren't unique, duplicates: ${alias}. Set a unique NAME for each engine in settings.TEMPLATES.`);
      map.set(alias, buildEngine(entry, alias));
    }
    built.set(conf, map);
  }
  return map;
}

function buildEngine(entry: TemplateSettings, alias: string): TemplateBackend {
  const options = entry.OPTIONS ?? {};
  if (options.engine) return options.engine as TemplateBackend;
  if (entry.BACKEND !== 'manouche.template.backends.django' && entry.BACKEND !== 'django.template.backends.django.DjangoTemplates') {
    throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': unknown BACKEND '${entry.BACKEND}' (use 'manouche.template.backends.django' or pass OPTIONS.engine).`);
  }
  const fs = options.fs as TemplateFS | undefined;
  const debug = (options.debug as boolean | undefined) ?? settings.DEBUG;
  let loaders: Loader[] = [];
  if (options.templates) loaders.push(new LocmemLoader(options.templates as Record<string, string>));
  if (entry.DIRS?.length) {
    if (!fs) throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': DIRS needs OPTIONS.fs (nodeTemplateFS from 'manouche/node').`);
    loaders.push(new FilesystemLoader(entry.DIRS, fs));
  }
  if (entry.APP_DIRS) {
    for (const app of apps.getAppConfigs()) {
      if (app.templates) loaders.push(new LocmemLoader(app.templates));
      else if (app.path && fs) loaders.push(new AppDirectoriesLoader([app.path], fs));
    }
  }
  if (!debug) loaders = [new CachedLoader(loaders)];
  return new Engine({
    loaders,
    debug,
    stringIfInvalid: options.string_if_invalid as string | undefined,
    autoescape: options.autoescape as boolean | undefined,
    contextProcessors: resolveContextProcessors(options.context_processors as Array<string | ContextProcessor> | undefined),
    libraries: options.libraries as Record<string, Library> | undefined,
    builtins: options.builtins as Library[] | undefined,
  });
}

/** The template `name` from the first engine that has it (or engine `using`). */
export function getTemplate(name: string, using?: string): Loaded {
  const all = engines();
  if (all.size === 0) throw new ImproperlyConfigured('No DjangoTemplates backend is configured: set TEMPLATES in the settings.');
  const candidates = using ? [all.get(using)] : [...all.values()];
  if (using && !candidates[0]) throw new ImproperlyConfigured(`Could not find config for '${using}' in settings.TEMPLATES`);
  const tried: string[] = [];
  for (const engine of candidates) {
    try {
      return engine!.getTemplate(name);
    } catch (e) {
      if (!(e instanceof TemplateDoesNotExist)) throw e;
      tried.push(...e.tried);
    }
  }
  throw new TemplateDoesNotExist(name, tried);
}

/** The first of `names` that exists (Django's select_template). */
export function selectTemplate(names: string | readonly string[], using?: string): Loaded {
  if (typeof names === 'string') return getTemplate(names, using);
  if (!names.length) throw new TemplateDoesNotExist('No template names provided');
  const tried: string[] = [];
  for (const name of names) {
    try {
      return getTemplate(name, using);
    } catch (e) {
      if (!(e instanceof TemplateDoesNotExist)) throw e;
      tried.push(...e.tried);
    }
  }
  throw new TemplateDoesNotExist(names.join(', '), tried);
}

/** Renders a template to a string (Django's render_to_string). */
export function renderToString(name: string | readonly string[], context: Dict = {}, request?: unknown, using?: string): string {
  return renderTemplate(selectTemplate(name, using), context, request);
}

/** One render, as the test client sees it. */
export interface RenderedTemplate {
  /** The template's name and those it extends, most derived first. */
  names: string[];
  context: Dict;
}

const listeners = new Set<(rendered: RenderedTemplate) => void>();

/** Calls `fn` after each template a view renders (Django's template_rendered signal); returns the unsubscribe function. */
export function onTemplateRendered(fn: (rendered: RenderedTemplate) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Renders and tells the listeners. */
export function renderTemplate(template: Loaded, context: Dict = {}, request?: unknown): string {
  const out = template.render(context, request);
  if (listeners.size) {
    const rendered = { names: templateChain(template), context };
    for (const fn of listeners) fn(rendered);
  }
  return out;
}

function templateChain(template: Loaded): string[] {
  const names: string[] = [];
  let t: unknown = template;
  const seen = new Set<string>();
  while (t instanceof Template && !seen.has(t.name)) {
    seen.add(t.name);
    names.push(t.name);
    const parent = t.extendsNode?.staticParent;
    if (parent === undefined) break;
    try {
      t = t.engine.getTemplate(parent);
    } catch {
      break;
    }
  }
  if (!names.length && template.name) names.push(template.name);
  return names;
}

/** The source text of a template, for the debug page's excerpt (null when no loader can say). */
export function templateSource(engine: Engine, name: string): string | null {
  const walk = (loaders: Loader[]): string | null => {
    for (const l of loaders) {
      if (l instanceof CachedLoader) {
        const s = walk(l.loaders);
        if (s !== null) return s;
      } else if (l instanceof LocmemLoader) {
        if (Object.prototype.hasOwnProperty.call(l.templates, name)) return l.templates[name];
      } else if (l instanceof FilesystemLoader) {
        for (const dir of l.dirs) {
          const text = l.fs.readFile(l.fs.join(dir, name));
          if (text !== null) return text;
        }
      }
    }
    return null;
  };
  return walk(engine.loaders);
}
