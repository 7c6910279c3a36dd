/**
 * Finding and loading a project, the Django way (Node only):
 *
 *   1. The settings module is `--settings`, else MANOUCHE_SETTINGS_MODULE,
 *      else the `"manouche": { "settings": ... }` entry of the nearest
 *      package.json (startproject writes it). A module is a path
 *      ('./mysite/settings.ts', extension optional) or a dotted name
 *      ('mysite.settings'), relative to the working directory.
 *   2. A TypeScript module is loaded through tsx's ESM loader
 *      (`tsx/esm/api` register()), found from the project first, then from
 *      manouche's own dependencies.
 *   3. Its settings are the default export (an object) and every UPPERCASE
 *      named export, as a Django settings module's upper-case names.
 *   4. INSTALLED_APPS names that no imported module registered are looked up
 *      as `<name>/apps.(ts|js)` under the project root (Django imports the
 *      app's module); each app's `models` module is imported, then the apps
 *      are populated (ready() hooks). Databases are opened by the commands
 *      that need them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppConfig } from '../../apps/config';
import { apps, registerApp, registeredApp } from '../../apps/registry';
import { configure, settings, type Settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../exceptions';

const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js'];
const TS = /\.[cm]?tsx?$/;

export interface SettingsLocation {
  /** The module name as given (SETTINGS_MODULE). */
  name: string;
  /** The file it resolved to. */
  file: string;
  /** The project root: the nearest directory above the settings file with a package.json. */
  root: string;
}

/** The nearest package.json at or above `dir`, with its directory. */
export function findPackageJson(dir: string): { dir: string; data: Record<string, any> } | null {
  let here = resolve(dir);
  for (;;) {
    const file = join(here, 'package.json');
    if (existsSync(file)) {
      try {
        return { dir: here, data: JSON.parse(readFileSync(file, 'utf8')) };
      } catch (e) {
        throw new ImproperlyConfigured(`${file} is not valid JSON: ${(e as Error).message}`);
      }
    }
    const up = dirname(here);
    if (up === here) return null;
    here = up;
  }
}

/** A module name ('./a/b.ts', 'a/b', 'a.b') to the file it names under `base`, or null. */
export function resolveModuleFile(name: string, base: string): string | null {
  const forms = [name];
  if (/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(name) && !/\.[cm]?[jt]sx?$/.test(name)) forms.push(name.replace(/\./g, '/'));
  for (const form of forms) {
    const path = isAbsolute(form) ? form : resolve(base, form);
    for (const ext of EXTENSIONS) {
      const file = path + ext;
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
  }
  return null;
}

/** Where the settings are, or null when nothing names them. Throws when the named module does not exist. */
export function locateSettings(explicit: string | null | undefined, env: Record<string, string | undefined>, cwd: string): SettingsLocation | null {
  let name = explicit ?? env.MANOUCHE_SETTINGS_MODULE ?? null;
  let base = cwd;
  if (!name) {
    const pkg = findPackageJson(cwd);
    const declared = pkg?.data.manouche?.settings;
    if (typeof declared !== 'string') return null;
    name = declared;
    base = pkg!.dir;
  }
  const file = resolveModuleFile(name, base);
  if (!file) throw new ImproperlyConfigured(`The settings module '${name}' could not be found (looked for it from ${base}).`);
  return { name, file, root: findPackageJson(dirname(file))?.dir ?? cwd };
}

let tsRegistered = false;

/**
 * Lets `import()` load TypeScript: tsx's ESM loader (`tsx/esm/api`
 * register()), found from the project first, then from manouche itself.
 */
export async function enableTypeScript(from: string): Promise<void> {
  if (tsRegistered) return;
  const errors: string[] = [];
  for (const origin of [from, import.meta.url]) {
    let api: string;
    try {
      // the CommonJS resolution finds the package; its ESM build sits beside it
      api = createRequire(origin).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    } catch (e) {
      errors.push((e as Error).message.split('\n')[0]!);
      continue;
    }
    const mod = (await import(pathToFileURL(api).href)) as { register(): unknown };
    mod.register();
    tsRegistered = true;
    return;
  }
  throw new ImproperlyConfigured(`Loading the TypeScript module ${from} needs tsx (npm install tsx): ${errors.join('; ')}`);
}

/** Imports a module file, through tsx when it is TypeScript. */
export async function importFile(file: string): Promise<Record<string, unknown>> {
  if (TS.test(file)) await enableTypeScript(file);
  return import(pathToFileURL(file).href);
}

/** A settings module's values: its default export (an object) and its UPPERCASE exports. */
export function settingsFromModule(mod: Record<string, unknown>): Partial<Settings> {
  const values: Record<string, unknown> = {};
  const def = mod.default;
  if (def && typeof def === 'object' && !Array.isArray(def)) Object.assign(values, def);
  for (const [key, value] of Object.entries(mod)) if (/^[A-Z][A-Z0-9_]*$/.test(key)) values[key] = value;
  return values as Partial<Settings>;
}

/** Imports the settings module and applies its values (settings.configure()). */
export async function loadSettings(location: SettingsLocation): Promise<Settings> {
  const mod = await importFile(location.file);
  return configure({ ...settingsFromModule(mod), SETTINGS_MODULE: location.name });
}

/**
 * Resolves INSTALLED_APPS names from the project's files, imports each app's
 * models module and populates the apps (django.setup() without the databases).
 */
export async function loadApps(root: string): Promise<void> {
  for (const entry of settings.INSTALLED_APPS) {
    if (typeof entry !== 'string' || registeredApp(entry)) continue;
    const file = resolveModuleFile(`${entry.replace(/\./g, '/')}/apps`, root);
    if (!file) continue; // populate() names the missing app
    const mod = await importFile(file);
    const config = (mod.default instanceof AppConfig ? mod.default : Object.values(mod).find((v) => v instanceof AppConfig)) as AppConfig | undefined;
    if (!config) throw new ImproperlyConfigured(`${file} must export the app's config (defineApp({ name: '${entry}' })).`);
    if (config.name !== entry) throw new ImproperlyConfigured(`${file} defines the app '${config.name}', but INSTALLED_APPS names it '${entry}'.`);
    registerApp(config);
  }
  for (const entry of settings.INSTALLED_APPS) {
    const config = typeof entry === 'string' ? registeredApp(entry) : entry;
    if (!(config instanceof AppConfig) || !config.path) continue;
    const models = resolveModuleFile('models', config.path);
    if (models) await importFile(models);
  }
  await apps.populate(settings.INSTALLED_APPS);
}
