/**
 * The configured template engines (django.template.utils.EngineHandler):
 * `engines` reads a list shaped like Django's TEMPLATES setting — given to
 * `engines.configure(list)`, or else `settings.TEMPLATES` — and builds each
 * engine on first use.
 *
 * @example
 * engines.configure([{ BACKEND: 'manouche.template.backends.django', OPTIONS: { templates: { 'a.html': '{{ x }}' } } }]);
 * engines.get('django').getTemplate('a.html').render({ x: 1 }); // '1'
 */
import { apps } from '../apps/registry';
import type { AppConfig } from '../apps/config';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/exceptions';
import { type BackendEnv, type TemplateSetting, djangoBackend } from './backends/django';
import { type TemplateBackend, liquidBackend } from './backends/liquid';
import { InvalidTemplateEngineError } from './errors';
import type { TemplateFS } from './loaders';

/** A TEMPLATES entry with Django's defaults filled in. */
export type NormalizedTemplateSetting = Required<TemplateSetting>;

/** What `engines.configure` takes besides the list: where APP_DIRS looks, and how files are read. */
export interface EnginesEnv {
  /** Each installed application's template directory (`<app>/templates`), in INSTALLED_APPS order. */
  appTemplateDirs?: string[];
  /** Reads template files for DIRS and APP_DIRS (`nodeTemplateFS` from `manouche/node`, which installs it). */
  fs?: TemplateFS;
  /** In-memory templates of apps without a directory (AppConfig `templates`), in INSTALLED_APPS order. */
  appTemplates?: Record<string, string>[];
}

let installedFs: TemplateFS | undefined;

/**
 * The file system used when `engines.configure` is given none: `manouche/node`
 * installs `nodeTemplateFS` when imported, so DIRS and apps' `templates/`
 * directories work on Node without passing it.
 */
export function installTemplateFS(fs: TemplateFS | undefined): void {
  installedFs = fs;
}

/**
 * APP_DIRS from INSTALLED_APPS (Django's get_app_template_dirs): an app's
 * in-memory `templates` map, or its `path` + '/templates' read through `fs`.
 */
export function appTemplateSources(
  configs: readonly AppConfig[],
  fs: TemplateFS | undefined,
): { dirs: string[]; templates: Record<string, string>[]; ordered: Array<string | Record<string, string>> } {
  const ordered: Array<string | Record<string, string>> = [];
  for (const app of configs) {
    if (app.templates) ordered.push(app.templates);
    else if (app.path && fs) ordered.push(fs.join(app.path, 'templates'));
  }
  const dirs = ordered.filter((s): s is string => typeof s === 'string');
  const templates = ordered.filter((s): s is Record<string, string> => typeof s !== 'string');
  return { dirs, templates, ordered };
}

type BackendFactory = (setting: TemplateSetting, env: BackendEnv, alias: string) => TemplateBackend;

/** The backends a BACKEND string can name (Manouche's short paths and Django's class path). */
const backends = new Map<string, BackendFactory>([
  ['manouche.template.backends.django', djangoBackend],
  ['manouche.template.backends.django.DjangoTemplates', djangoBackend],
  ['django.template.backends.django.DjangoTemplates', djangoBackend],
  ['manouche.template.backends.liquid', liquidBackend],
  ['manouche.template.backends.liquid.LiquidBackend', liquidBackend],
]);

export class EngineHandler {
  /** The list given to configure(); undefined means settings.TEMPLATES. */
  private explicit?: readonly TemplateSetting[];
  private env: EnginesEnv = {};
  /** The list `configs` was normalized from (rebuilt when settings.TEMPLATES is replaced). */
  private source?: readonly TemplateSetting[];
  private configs = new Map<string, NormalizedTemplateSetting>();
  private built = new Map<string, TemplateBackend>();
  /** The installed apps the built engines' APP_DIRS came from (rebuilt when INSTALLED_APPS is populated again). */
  private appsSource?: readonly AppConfig[];

  /**
   * Sets the TEMPLATES list (omit it to use `settings.TEMPLATES`) and the
   * environment the backends need; forgets engines built so far.
   */
  configure(templates?: readonly TemplateSetting[] | null, env: EnginesEnv = {}): this {
    if (templates != null && !Array.isArray(templates)) throw new ImproperlyConfigured('TEMPLATES must be a list of engine settings.');
    this.explicit = templates ?? undefined;
    this.env = { ...env };
    this.source = undefined;
    this.built.clear();
    return this;
  }

  /**
   * Changes what the backends are given (the app template directories, the
   * file system) without touching the TEMPLATES list; engines built so far
   * are rebuilt on next use. What the apps registry calls once INSTALLED_APPS
   * is known.
   */
  setEnvironment(env: EnginesEnv): this {
    this.env = { ...this.env, ...env };
    this.built.clear();
    return this;
  }

  /** The normalized settings of every engine by alias, in TEMPLATES order (Django's `engines.templates`). */
  get templates(): ReadonlyMap<string, NormalizedTemplateSetting> {
    const list = this.explicit ?? settingsTemplates();
    if (list !== this.source) {
      this.configs = normalize(list);
      this.source = list;
      this.built.clear();
    }
    return this.configs;
  }

  /** The engine called `alias` (Django's `engines[alias]`), built on first use. */
  get(alias: string): TemplateBackend {
    const configs = this.templates;
    const installed = apps.getAppConfigs();
    if (installed !== this.appsSource) {
      this.appsSource = installed;
      this.built.clear();
    }
    const hit = this.built.get(alias);
    if (hit) return hit;
    const setting = configs.get(alias);
    if (!setting) throw new InvalidTemplateEngineError(`Could not find config for '${alias}' in settings.TEMPLATES`);
    const fs = this.env.fs ?? installedFs;
    // Directories given explicitly win; otherwise INSTALLED_APPS supplies them.
    const fromApps = this.env.appTemplateDirs === undefined && this.env.appTemplates === undefined ? appTemplateSources(installed, fs) : null;
    const env: BackendEnv = {
      appTemplateDirs: this.env.appTemplateDirs ?? fromApps?.dirs ?? [],
      appTemplates: this.env.appTemplates ?? fromApps?.templates ?? [],
      appSources: fromApps?.ordered,
      fs,
      debug: Boolean((settings as { DEBUG?: unknown }).DEBUG),
    };
    const engine = backends.get(setting.BACKEND)!(setting, env, alias);
    this.built.set(alias, engine);
    return engine;
  }

  /** The aliases, in TEMPLATES order. */
  aliases(): string[] {
    return [...this.templates.keys()];
  }

  /** Every engine, in TEMPLATES order. */
  all(): TemplateBackend[] {
    return this.aliases().map((alias) => this.get(alias));
  }
}

/** `settings.TEMPLATES`, read defensively (the field may not exist); no setting is no engine, as in Django. */
function settingsTemplates(): readonly TemplateSetting[] {
  const value = (settings as { TEMPLATES?: unknown }).TEMPLATES;
  if (value === undefined || value === null) return noTemplates;
  if (!Array.isArray(value)) throw new ImproperlyConfigured('settings.TEMPLATES must be a list of engine settings.');
  return value as TemplateSetting[];
}
const noTemplates: readonly TemplateSetting[] = Object.freeze([]);

/** Django's EngineHandler.templates: defaults, the default alias, unique aliases. */
function normalize(list: readonly TemplateSetting[]): Map<string, NormalizedTemplateSetting> {
  const out = new Map<string, NormalizedTemplateSetting>();
  const duplicates: string[] = [];
  list.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) throw new ImproperlyConfigured(`TEMPLATES[${i}] must be an object with a BACKEND.`);
    const backend = entry.BACKEND;
    if (typeof backend !== 'string' || !backends.has(backend)) {
      throw new ImproperlyConfigured(
        `Invalid BACKEND for a template engine: ${typeof backend === 'string' ? backend : '<not defined>'}. Check your TEMPLATES setting (TEMPLATES[${i}]); known backends: ${[...backends.keys()].join(', ')}.`,
      );
    }
    for (const key of Object.keys(entry)) {
      if (!['BACKEND', 'NAME', 'DIRS', 'APP_DIRS', 'OPTIONS'].includes(key)) throw new ImproperlyConfigured(`TEMPLATES[${i}]: unknown key '${key}' (expected BACKEND, NAME, DIRS, APP_DIRS, OPTIONS).`);
    }
    if (entry.DIRS !== undefined && !(Array.isArray(entry.DIRS) && entry.DIRS.every((d) => typeof d === 'string'))) {
      throw new ImproperlyConfigured(`TEMPLATES[${i}]: DIRS must be a list of directory names.`);
    }
    if (entry.OPTIONS !== undefined && (typeof entry.OPTIONS !== 'object' || entry.OPTIONS === null || Array.isArray(entry.OPTIONS))) {
      throw new ImproperlyConfigured(`TEMPLATES[${i}]: OPTIONS must be an object.`);
    }
    const parts = backend.split('.');
    // Django's default alias is the module before the class name ('django' in
    // django.template.backends.django.DjangoTemplates); Manouche's short paths end with the module.
    const last = parts[parts.length - 1];
    const defaultName = /^[A-Z]/.test(last) ? parts[parts.length - 2] : last;
    const setting: NormalizedTemplateSetting = { BACKEND: backend, NAME: entry.NAME ?? defaultName, DIRS: entry.DIRS ?? [], APP_DIRS: entry.APP_DIRS ?? false, OPTIONS: entry.OPTIONS ?? {} };
    if (out.has(setting.NAME) && !duplicates.includes(setting.NAME)) duplicates.push(setting.NAME);
    out.set(setting.NAME, setting);
  });
  if (duplicates.length) {
    throw new ImproperlyConfigured(`Template engine aliases aren't unique, duplicates: ${duplicates.join(', ')}. Set a unique NAME for each engine in settings.TEMPLATES.`);
  }
  return out;
}

/** The project's template engines (Django's `django.template.engines`). */
export const engines = new EngineHandler();
