/**
 * A second template backend: Liquid templates through liquidjs, behind the
 * same interface as the DTL Engine (Django's Jinja2 backend plays this role
 * in Django). The liquidjs instance is passed in, so the isomorphic core
 * never loads liquidjs unless an application chooses this backend.
 *
 * @example
 * import { Liquid } from 'liquidjs';
 * import { LiquidBackend } from 'manouche/template';
 * const backend = new LiquidBackend(new Liquid({ templates: { 'hi.liquid': 'Hi {{ name }}' }, outputEscape: 'escape' }));
 * backend.renderToString('hi.liquid', { name: '<Ada>' }); // 'Hi &lt;Ada&gt;'
 */
import type { Liquid, Template as LiquidTemplate } from 'liquidjs';
import type { Dict } from '../context';
import { TemplateDoesNotExist, TemplateSyntaxError } from '../errors';
import type { ContextProcessor } from '../engine';
import { ImproperlyConfigured } from '../../core/exceptions';
import type { BackendEnv, TemplateSetting } from './django';

/** What every template backend offers (the DTL Engine has the same methods). */
export interface TemplateBackend {
  getTemplate(name: string): { render(context?: Dict, request?: unknown): string };
  fromString(source: string): { render(context?: Dict, request?: unknown): string };
  renderToString(name: string | string[], context?: Dict, request?: unknown): string;
}

class LiquidBackendTemplate {
  constructor(
    private readonly backend: LiquidBackend,
    private readonly parsed: LiquidTemplate[],
  ) {}
  render(context: Dict = {}, request?: unknown): string {
    return this.backend.liquid.renderSync(this.parsed, this.backend.context(context, request)) as string;
  }
  /** The processors a render with a request runs (prepareContext() awaits their `prepare` step for every name). */
  get contextProcessors(): readonly ContextProcessor[] {
    return this.backend.contextProcessors;
  }
}

export class LiquidBackend implements TemplateBackend {
  constructor(
    readonly liquid: Liquid,
    readonly contextProcessors: ContextProcessor[] = [],
  ) {}

  getTemplate(name: string): LiquidBackendTemplate {
    let parsed: LiquidTemplate[];
    try {
      parsed = this.liquid.parseFileSync(name);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code === 'ENOENT' || /Failed to lookup|ENOENT/.test(err.message)) throw new TemplateDoesNotExist(name, [`liquid:${name}`]);
      throw new TemplateSyntaxError(err.message);
    }
    return new LiquidBackendTemplate(this, parsed);
  }

  fromString(source: string): LiquidBackendTemplate {
    try {
      return new LiquidBackendTemplate(this, this.liquid.parse(source));
    } catch (e) {
      throw new TemplateSyntaxError((e as Error).message);
    }
  }

  renderToString(name: string | string[], context: Dict = {}, request?: unknown): string {
    const names = Array.isArray(name) ? name : [name];
    const tried: string[] = [];
    for (const n of names) {
      try {
        return this.getTemplate(n).render(context, request);
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        tried.push(...e.tried);
      }
    }
    throw new TemplateDoesNotExist(names.join(', '), tried);
  }

  /** The render scope: context processors' values under the caller's. */
  context(values: Dict, request?: unknown): Dict {
    if (request === undefined || !this.contextProcessors.length) return values;
    const scope: Dict = {};
    for (const p of this.contextProcessors) Object.assign(scope, p(request));
    return Object.assign(scope, values);
  }
}

/**
 * The Liquid backend a TEMPLATES entry describes (as Django's Jinja2 backend):
 * OPTIONS.environment builds the liquidjs instance from the options it is
 * given (the other OPTIONS, `root` = DIRS then the app template directories
 * when APP_DIRS, and `outputEscape: 'escape'` unless set), so the core never
 * imports liquidjs itself.
 *
 * @example
 * { BACKEND: 'manouche.template.backends.liquid', DIRS: ['liquid'],
 *   OPTIONS: { environment: (options) => new Liquid(options) } }
 */
export function liquidBackend(setting: TemplateSetting, env: BackendEnv, alias: string): LiquidBackend {
  const { environment, context_processors: processors, ...rest } = setting.OPTIONS ?? {};
  if (typeof environment !== 'function') {
    throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': the Liquid backend needs OPTIONS.environment, a function that returns a Liquid instance, e.g. (options) => new Liquid(options).`);
  }
  const root = [...(setting.DIRS ?? []), ...(setting.APP_DIRS ? env.appTemplateDirs : [])];
  const options: Record<string, unknown> = { outputEscape: 'escape', ...rest };
  if (root.length) options.root = root;
  const liquid = environment(options) as Liquid;
  if (!liquid || typeof (liquid as Liquid).parseFileSync !== 'function') {
    throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': OPTIONS.environment must return a Liquid instance.`);
  }
  return new LiquidBackend(liquid, (processors as ContextProcessor[] | undefined) ?? []);
}
