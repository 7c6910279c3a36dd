/**
 * The templates a view renders: render(), TemplateResponse, the error views
 * and the test client load templates through src/template's `engines` (the
 * one place TEMPLATES becomes engines: django.template.engines), and render
 * them through renderTemplate(), which tells the `templateRendered`
 * listeners (Django's template_rendered signal; the test client's
 * `templates` and `context`), extended templates included.
 */
import { ImproperlyConfigured } from '../core/exceptions';
import type { Engine } from '../template/engine';
import { getTemplate as loadTemplate, selectTemplate as loadFirst } from '../template/loader';
import { CachedLoader, FilesystemLoader, type Loader, LocmemLoader } from '../template/loaders';
import { Template } from '../template/template';
import { observeIncludes } from '../template/loadertags';
import { engines } from '../template/utils';
import type { Dict } from '../template/context';
import { registerDefaultContextProcessors } from './context-processors';

export { engines };

type Loaded = { render(context?: Dict, request?: unknown): string; name?: string; engine?: unknown };

/** ImproperlyConfigured when TEMPLATES configures no engine (a view cannot render anything). */
function requireEngines(using: string | undefined): void {
  if (using === undefined && engines.templates.size === 0) throw new ImproperlyConfigured('No template engine is configured: set TEMPLATES in the settings.');
}

/** The template `name` from the first engine that has it (or engine `using`); Django's get_template. */
export function getTemplate(name: string, using?: string): Loaded {
  requireEngines(using);
  return loadTemplate(name, using);
}

/** The first of `names` that exists (Django's select_template); one name is accepted too. */
export function selectTemplate(names: string | readonly string[], using?: string): Loaded {
  if (typeof names === 'string') return getTemplate(names, using);
  requireEngines(using);
  return loadFirst(names, using);
}

/** Renders a template to a string (Django's render_to_string), telling the listeners. */
export function renderToString(name: string | readonly string[], context: Dict = {}, request?: unknown, using?: string): string {
  return renderTemplate(selectTemplate(name, using), context, request);
}

/** One render, as the test client sees it. */
export interface RenderedTemplate {
  /** The template's name and those it extends, most derived first. */
  names: string[];
  context: Dict;
}

// Django's RequestContext always runs the csrf processor: registered here, where every render with a
// request passes, {% csrf_token %} works without contrib.auth or contrib.messages (which used to be the
// only importers). A call, not a bare import: the package is marked side-effect free for bundlers.
registerDefaultContextProcessors();

const listeners = new Set<(rendered: RenderedTemplate) => void>();

/** Calls `fn` after each template a view renders (Django's template_rendered signal); returns the unsubscribe function. */
export function onTemplateRendered(fn: (rendered: RenderedTemplate) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Renders and tells the listeners: the template (with what it extends), then each template it included, as Django's signal orders them. */
export function renderTemplate(template: Loaded, context: Dict = {}, request?: unknown): string {
  if (!listeners.size) return template.render(context, request);
  const included: RenderedTemplate[] = [];
  const chain = templateChain(template);
  // Only includes of this page's templates: a form or widget rendered meanwhile has its own render.
  const ours = new Set(chain);
  const stop = observeIncludes((t, extra, includer) => {
    if (includer === undefined || !ours.has(includer.name)) return;
    const names = templateChain(t);
    for (const n of names) ours.add(n);
    included.push({ names, context: { ...context, ...extra } });
  });
  let out: string;
  try {
    out = template.render(context, request);
  } finally {
    stop();
  }
  for (const rendered of [{ names: chain, context }, ...included]) for (const fn of listeners) fn(rendered);
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
