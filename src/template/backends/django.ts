/**
 * The DTL backend as a TEMPLATES entry configures it
 * (django.template.backends.django.DjangoTemplates): DIRS, APP_DIRS and
 * OPTIONS become an Engine.
 *
 * @example
 * djangoBackend({ BACKEND: 'manouche.template.backends.django', DIRS: ['templates'], APP_DIRS: true,
 *   OPTIONS: { context_processors: [(request) => ({ user: request.user })] } },
 *   { appTemplateDirs: ['polls/templates'], fs: nodeTemplateFS });
 */
import { resolveContextProcessors } from '../context_processors';
import { ImproperlyConfigured } from '../../core/exceptions';
import type { Reverse } from '../defaulttags';
import { Engine, type ContextProcessor } from '../engine';
import type { Library } from '../library';
import { CachedLoader, FilesystemLoader, type Loader, LocmemLoader, type TemplateFS } from '../loaders';

/** One entry of the TEMPLATES setting, as Django spells it. */
export interface TemplateSetting {
  BACKEND: string;
  /** The alias (`engines.get(NAME)`); by default the backend's last dotted part ('django', 'liquid'). */
  NAME?: string;
  DIRS?: string[];
  APP_DIRS?: boolean;
  OPTIONS?: Record<string, unknown>;
}

/** What the engines handler passes every backend besides its TEMPLATES entry. */
export interface BackendEnv {
  /** Each installed application's template directory (`<app>/templates`), in INSTALLED_APPS order. */
  appTemplateDirs: string[];
  /** In-memory templates of apps that ship them as a map (AppConfig `templates`). */
  appTemplates?: Record<string, string>[];
  /** Both kinds in INSTALLED_APPS order, when they come from the apps registry (the search order of APP_DIRS). */
  appSources?: Array<string | Record<string, string>>;
  /** Reads template files (`nodeTemplateFS` from `manouche/node`); DIRS and APP_DIRS need it. */
  fs?: TemplateFS;
  /** Django's settings.DEBUG: the default of OPTIONS.debug. */
  debug: boolean;
}

/** A loader as Django's OPTIONS['loaders'] names it: a dotted path, or [path, ...arguments]. */
export type LoaderSpec = Loader | string | [string, ...unknown[]];

/** DjangoTemplates OPTIONS (Django's names), and Manouche's own additions. */
const djangoOptions = new Set([
  'context_processors', 'debug', 'loaders', 'string_if_invalid', 'file_charset', 'libraries', 'builtins', 'autoescape',
  // Manouche: in-memory templates, the render mode, the time zone, {% url %}'s reverse,
  // and `engine`, an Engine built by hand (no other option with it).
  'templates', 'mode', 'time_zone', 'reverse', 'engine',
]);

/** Builds the Engine a DjangoTemplates entry describes. */
export function djangoBackend(setting: TemplateSetting, env: BackendEnv, alias: string): Engine {
  const options = { ...(setting.OPTIONS ?? {}) };
  for (const key of Object.keys(options)) {
    if (!djangoOptions.has(key)) {
      throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': unknown OPTIONS key '${key}' (expected one of ${[...djangoOptions].join(', ')}).`);
    }
  }
  if (options.engine !== undefined) {
    const others = Object.keys(options).filter((k) => k !== 'engine');
    if (!(options.engine instanceof Engine)) throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': OPTIONS.engine must be an Engine.`);
    if (others.length || setting.DIRS?.length || setting.APP_DIRS) {
      throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': OPTIONS.engine hands over a built Engine; DIRS, APP_DIRS and other OPTIONS (${others.join(', ') || 'none'}) cannot be combined with it.`);
    }
    return options.engine;
  }
  const dirs = setting.DIRS ?? [];
  if (setting.APP_DIRS && options.loaders !== undefined) {
    throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': APP_DIRS must not be set when OPTIONS.loaders is defined. Either remove APP_DIRS or remove the 'loaders' option.`);
  }
  if (options.file_charset !== undefined && String(options.file_charset).toLowerCase().replace('_', '-') !== 'utf-8') {
    throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': only 'utf-8' is supported as file_charset, not ${JSON.stringify(options.file_charset)}.`);
  }
  const debug = options.debug === undefined ? env.debug : Boolean(options.debug);
  const needFs = (what: string): TemplateFS => {
    if (!env.fs) throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': ${what} needs a file system; pass one: engines.configure(TEMPLATES, { fs: nodeTemplateFS }) (from 'manouche/node').`);
    return env.fs;
  };
  let loaders: Loader[] | undefined;
  if (options.loaders !== undefined) {
    if (!Array.isArray(options.loaders)) throw new ImproperlyConfigured(`TEMPLATES engine '${alias}': OPTIONS.loaders must be a list.`);
    loaders = (options.loaders as LoaderSpec[]).flatMap((spec) => makeLoader(spec, { dirs, env, needFs, alias }));
  } else {
    loaders = [];
    if (options.templates !== undefined) loaders.push(new LocmemLoader(options.templates as Record<string, string>));
    if (dirs.length) loaders.push(new FilesystemLoader(dirs, needFs('DIRS')));
    if (setting.APP_DIRS) loaders.push(...appLoaders(env, needFs));
    if (!debug) loaders = [new CachedLoader(loaders)];
  }
  return new Engine({
    loaders,
    debug,
    stringIfInvalid: options.string_if_invalid as string | undefined,
    autoescape: options.autoescape as boolean | undefined,
    libraries: options.libraries as Record<string, Library> | undefined,
    builtins: options.builtins as Library[] | undefined,
    contextProcessors: resolveContextProcessors(options.context_processors as Array<string | ContextProcessor> | undefined),
    mode: options.mode as 'adaptive' | 'compiled' | 'interpreted' | undefined,
    timeZone: options.time_zone as string | undefined,
    reverse: options.reverse as Reverse | undefined,
  });
}

/** APP_DIRS' loaders, in INSTALLED_APPS order: runs of directories share one FilesystemLoader, a templates map is a LocmemLoader. */
function appLoaders(env: BackendEnv, needFs: (what: string) => TemplateFS): Loader[] {
  const sources = env.appSources ?? [...env.appTemplateDirs, ...(env.appTemplates ?? [])];
  const out: Loader[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) out.push(new FilesystemLoader(run, needFs('APP_DIRS')));
    run = [];
  };
  for (const s of sources) {
    if (typeof s === 'string') run.push(s);
    else {
      flush();
      out.push(new LocmemLoader(s));
    }
  }
  flush();
  return out;
}

interface LoaderEnv {
  dirs: string[];
  env: BackendEnv;
  needFs: (what: string) => TemplateFS;
  alias: string;
}

/** The built-in loaders by their last two dotted parts (Django's or Manouche's prefix). */
const loaderNames = ['filesystem', 'app_directories', 'locmem', 'cached'] as const;

/** A Loader from one OPTIONS.loaders entry (an instance, a dotted path, or [path, arguments]). */
function makeLoader(spec: LoaderSpec, env: LoaderEnv): Loader | Loader[] {
  if (typeof spec === 'object' && !Array.isArray(spec) && spec !== null && typeof (spec as Loader).getTemplate === 'function') return spec as Loader;
  const [path, ...args] = Array.isArray(spec) ? spec : [spec];
  const m = typeof path === 'string' ? /^(?:django|manouche)\.template\.loaders\.(\w+)\.Loader$/.exec(path) : null;
  const kind = m?.[1] as (typeof loaderNames)[number] | undefined;
  if (!kind || !loaderNames.includes(kind)) {
    throw new ImproperlyConfigured(`TEMPLATES engine '${env.alias}': unknown loader ${JSON.stringify(path)} (expected a Loader instance or one of ${loaderNames.map((n) => `'django.template.loaders.${n}.Loader'`).join(', ')}).`);
  }
  switch (kind) {
    case 'filesystem':
      return new FilesystemLoader((args[0] as string[] | undefined) ?? env.dirs, env.needFs('the filesystem loader'));
    case 'app_directories': {
      // The app template directories already end in `templates`; apps shipping a map are read from memory.
      const loaders = appLoaders(env.env, () => env.needFs('the app_directories loader'));
      return loaders.length ? loaders : new FilesystemLoader([], env.needFs('the app_directories loader'));
    }
    case 'locmem':
      return new LocmemLoader((args[0] as Record<string, string> | undefined) ?? {});
    case 'cached': {
      const inner = (args[0] as LoaderSpec[] | undefined) ?? ['django.template.loaders.filesystem.Loader', 'django.template.loaders.app_directories.Loader'];
      return new CachedLoader(inner.flatMap((s) => makeLoader(s, env)));
    }
  }
}
