/**
 * Loading templates from every configured engine (django.template.loader):
 * each function searches the engines of TEMPLATES in order, or only the
 * engine `using` names, and the first that has the template wins.
 *
 * @example
 * engines.configure([{ BACKEND: 'manouche.template.backends.django', DIRS: ['templates'] }], { fs: nodeTemplateFS });
 * renderToString('polls/index.html', { latest: [] });
 * selectTemplate(['polls/detail-7.html', 'polls/detail.html']).render({ question });
 */
import type { Dict } from './context';
import type { TemplateBackend } from './backends/liquid';
import { TemplateDoesNotExist } from './errors';
import { engines } from './utils';

/** A template from any backend: renders a dictionary, with an optional request for context processors. */
export type BackendTemplate = ReturnType<TemplateBackend['getTemplate']>;

/** The first engine's template called `name` (Django's get_template). */
export function getTemplate(name: string, using?: string): BackendTemplate {
  // The engines' own key iterator, and a chain only once an engine misses: this runs on every render.
  let chain: TemplateDoesNotExist[] | undefined;
  for (const alias of using === undefined ? engines.templates.keys() : [using]) {
    try {
      return engines.get(alias).getTemplate(name);
    } catch (e) {
      if (!(e instanceof TemplateDoesNotExist)) throw e;
      (chain ??= []).push(tagged(e, alias));
    }
  }
  throw new TemplateDoesNotExist(name, flatten(chain ?? []), chain ?? []);
}

/** The first of `names` that some engine has, names tried in order (Django's select_template). */
export function selectTemplate(names: readonly string[], using?: string): BackendTemplate {
  if (typeof names === 'string') {
    throw new TypeError(`selectTemplate() takes a list of template names but got a string: ${JSON.stringify(names)}. Use getTemplate() if you want to load a single template by name.`);
  }
  const chain: TemplateDoesNotExist[] = [];
  const list = engineList(using);
  for (const name of names) {
    for (const [alias, engine] of list) {
      try {
        return engine.getTemplate(name);
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        chain.push(tagged(e, alias));
      }
    }
  }
  if (!names.length) throw new TemplateDoesNotExist('No template names provided');
  throw new TemplateDoesNotExist(names.join(', '), flatten(chain), chain);
}

/**
 * Loads a template (or the first of a list) and renders it (Django's
 * render_to_string); with a request, the engine's context processors run.
 */
export function renderToString(name: string | readonly string[], context: Dict = {}, request?: unknown, using?: string): string {
  const template = typeof name === 'string' ? getTemplate(name, using) : selectTemplate(name, using);
  return template.render(context, request);
}

function engineList(using: string | undefined): [string, TemplateBackend][] {
  const aliases = using === undefined ? engines.aliases() : [using];
  return aliases.map((alias) => [alias, engines.get(alias)]);
}

function tagged(e: TemplateDoesNotExist, alias: string): TemplateDoesNotExist {
  e.backend ??= alias;
  return e;
}

function flatten(chain: TemplateDoesNotExist[]): string[] {
  return chain.flatMap((e) => e.tried.map((t) => `${e.backend}: ${t}`));
}
