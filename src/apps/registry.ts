/**
 * The installed apps (Django's django.apps.apps). Apps are AppConfig values;
 * a name in INSTALLED_APPS refers to an app registered under that name
 * (the contrib apps register themselves when their module is imported).
 */
import { ImproperlyConfigured, LookupError, ValueError } from '../core/exceptions';
import { registry as models, type Options } from '../db/models/options';
import { AppConfig } from './config';

const known = new Map<string, AppConfig>();

/** Makes an app available by name in INSTALLED_APPS. */
export function registerApp(app: AppConfig): AppConfig {
  known.set(app.name, app);
  return app;
}

/** The app registered under `name`, if any (the CLI imports an app's module when it is not). */
export function registeredApp(name: string): AppConfig | undefined {
  return known.get(name);
}

class Apps {
  private configs: AppConfig[] = [];
  private byLabel = new Map<string, AppConfig>();
  /** True once populate() has run every ready(). */
  ready = false;

  /** Loads INSTALLED_APPS in order and runs each app's ready() (Django's apps.populate). */
  async populate(installed: ReadonlyArray<AppConfig | string>): Promise<void> {
    const configs: AppConfig[] = [];
    const labels = new Map<string, AppConfig>();
    const names = new Set<string>();
    for (const entry of installed) {
      const app = typeof entry === 'string' ? known.get(entry) : entry;
      if (!app) throw new ImproperlyConfigured(`INSTALLED_APPS names '${entry}', but no app is registered under that name. Import its module first or pass its AppConfig.`);
      if (!(app instanceof AppConfig)) throw new ImproperlyConfigured(`INSTALLED_APPS entry ${String(entry)} is not an AppConfig (use defineApp()).`);
      if (labels.has(app.label)) throw new ImproperlyConfigured(`Application labels aren't unique, duplicates: ${app.label}`);
      if (names.has(app.name)) throw new ImproperlyConfigured(`Application names aren't unique, duplicates: ${app.name}`);
      labels.set(app.label, app);
      names.add(app.name);
      configs.push(app);
    }
    this.configs = configs;
    this.byLabel = labels;
    this.ready = false;
    for (const app of configs) await app.ready();
    this.ready = true;
  }

  getAppConfigs(): readonly AppConfig[] {
    return this.configs;
  }

  getAppConfig(label: string): AppConfig {
    const app = this.byLabel.get(label);
    if (!app) {
      const near = [...this.byLabel.keys()].find((l) => l.toLowerCase() === label.toLowerCase());
      throw new LookupError(`No installed app with label '${label}'.${near ? ` Did you mean '${near}'?` : ''}`);
    }
    return app;
  }

  isInstalled(name: string): boolean {
    return this.configs.some((a) => a.name === name);
  }

  /** The models of an app (or of every installed app), in definition order. */
  getModels(label?: string): Options[] {
    const labels = label === undefined ? new Set(this.byLabel.keys()) : new Set([this.getAppConfig(label).label]);
    return [...models.values()].filter((o) => labels.has(o.appLabel) && !o.autoCreated);
  }

  /** A model by 'app_label.ModelName' (case-insensitive model name, as Django). */
  getModel(label: string): Options {
    const dot = label.indexOf('.');
    if (dot < 0) throw new ValueError(`Model label '${label}' must be of the form 'app_label.ModelName'.`);
    const app = label.slice(0, dot);
    const name = label.slice(dot + 1).toLowerCase();
    for (const o of models.values()) if (o.appLabel === app && o.modelName === name) return o;
    throw new LookupError(`App '${app}' doesn't have a '${label.slice(dot + 1)}' model.`);
  }
}

export const apps = new Apps();
