/**
 * An installed application (Django's AppConfig): its name and label, where
 * its files are (templates/, static/, migrations/ on Node), its models, and
 * a `ready()` hook run once every app is loaded.
 */
import { ImproperlyConfigured } from '../core/exceptions';

export interface AppConfigOptions {
  /** Dotted name, e.g. 'polls' or 'manouche.contrib.auth'. */
  name: string;
  /** Short unique label (default: the last part of the name); the models' app label. */
  label?: string;
  verboseName?: string;
  /** The app's directory (Node: templates/, static/, migrations/ are found there). */
  path?: string;
  /**
   * Migration modules by name, for hosts without a file system (the browser);
   * or a function that imports them, called when a command first needs them
   * (`() => import('./migrations/index.js').then((m) => m.migrations)`), so
   * that a serving process never loads the migration framework, as Django
   * imports an app's migrations package only for migrate and its kin.
   */
  migrations?: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Templates by name, for hosts without a file system. */
  templates?: Record<string, string>;
  /** Static files by path, for hosts without a file system. */
  staticFiles?: Record<string, string | Uint8Array>;
  /**
   * When `staticFiles` last changed: their modification time for collectstatic and the static view.
   * Default: when the app's module loaded (so collectstatic copies them again each time it runs).
   */
  staticFilesMtime?: Date;
  /**
   * Management commands the app adds (auth adds createsuperuser ...): by name, a
   * BaseCommand subclass, or an arrow function importing it, so that serving
   * never loads the command framework:
   * `{ clearsessions: () => import('./management/commands/clearsessions').then((m) => m.ClearsessionsCommand) }`.
   */
  commands?: Record<string, unknown>;
  /** Runs once when every installed app is loaded. */
  ready?(this: AppConfig): void | Promise<void>;
  /**
   * The app's admin registrations (Django's <app>/admin.py), run by the
   * admin's autodiscover() once per site: `(site) => site.register(...)`, or
   * `() => import('./admin.js')` for a module that registers on the default site.
   */
  admin?: (site: any) => unknown;
}

export class AppConfig {
  readonly name: string;
  readonly label: string;
  readonly verboseName: string;
  readonly path: string | undefined;
  private readonly migrationsSource: AppConfigOptions['migrations'];
  private migrationsLoaded: Promise<Record<string, unknown> | undefined> | undefined;
  readonly templates: Record<string, string> | undefined;
  readonly staticFiles: Record<string, string | Uint8Array> | undefined;
  readonly staticFilesMtime: Date;
  readonly commands: Record<string, unknown>;
  readonly admin: ((site: any) => unknown) | undefined;
  private readonly readyHook: AppConfigOptions['ready'];

  constructor(options: AppConfigOptions) {
    if (!options.name || !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(options.name)) {
      throw new ImproperlyConfigured(`App name '${options.name}' must be a dotted name of identifiers, e.g. 'polls' or 'myproject.polls'.`);
    }
    this.name = options.name;
    this.label = options.label ?? options.name.slice(options.name.lastIndexOf('.') + 1);
    if (!/^[A-Za-z_]\w*$/.test(this.label)) {
      throw new ImproperlyConfigured(`The app label '${this.label}' is not a valid identifier.`);
    }
    this.verboseName = options.verboseName ?? this.label.charAt(0).toUpperCase() + this.label.slice(1);
    this.path = options.path;
    if (options.migrations !== undefined && (typeof options.migrations !== 'object' || options.migrations === null) && typeof options.migrations !== 'function') {
      throw new ImproperlyConfigured(`App '${options.name}': 'migrations' must be the migration modules by name or a function that imports them, not ${String(options.migrations)}.`);
    }
    this.migrationsSource = options.migrations;
    this.templates = options.templates;
    this.staticFiles = options.staticFiles;
    if (options.staticFilesMtime !== undefined && !(options.staticFilesMtime instanceof Date && !Number.isNaN(options.staticFilesMtime.getTime()))) {
      throw new ImproperlyConfigured(`App '${options.name}': 'staticFilesMtime' must be a valid Date, not ${String(options.staticFilesMtime)}.`);
    }
    // Whole seconds: HTTP dates and most file systems have no finer grain.
    this.staticFilesMtime = new Date(Math.floor((options.staticFilesMtime?.getTime() ?? Date.now()) / 1000) * 1000);
    this.commands = options.commands ?? {};
    this.readyHook = options.ready;
    if (options.admin !== undefined && typeof options.admin !== 'function') {
      throw new ImproperlyConfigured(`App '${options.name}': 'admin' must be a function that registers models on the admin site it is given, e.g. (site) => site.register(Model).`);
    }
    this.admin = options.admin;
  }

  /** Whether the app ships migrations in memory (AppConfig `migrations`), loaded or not. */
  get hasMigrations(): boolean {
    return this.migrationsSource !== undefined;
  }

  /**
   * The app's in-memory migration modules, imported the first time when given
   * as a function; undefined when it ships none. A failed import is not kept:
   * the next call tries again, as Python's import does after an ImportError.
   */
  loadMigrations(): Promise<Record<string, unknown> | undefined> {
    const source = this.migrationsSource;
    if (this.migrationsLoaded) return this.migrationsLoaded;
    const loading = typeof source === 'function'
      ? Promise.resolve()
          .then(source)
          .then((modules) => {
            if (!modules || typeof modules !== 'object') throw new ImproperlyConfigured(`App '${this.name}': its 'migrations' function gave ${String(modules)}, not the migration modules by name.`);
            return modules;
          })
      : Promise.resolve(source);
    this.migrationsLoaded = loading;
    loading.catch(() => {
      if (this.migrationsLoaded === loading) this.migrationsLoaded = undefined;
    });
    return loading;
  }

  /** Django's AppConfig.ready(). */
  async ready(): Promise<void> {
    await this.readyHook?.call(this);
  }
}

/** Declares an app (Django's apps.py `class PollsConfig(AppConfig)`). */
export function defineApp(options: AppConfigOptions): AppConfig {
  return new AppConfig(options);
}
