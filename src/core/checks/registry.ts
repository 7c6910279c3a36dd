/**
 * The system check registry (django.core.checks.registry): checks are
 * functions registered with tags; runChecks() calls those matching the
 * requested tags (deployment checks only when asked) and gathers messages.
 *
 * @example
 * register((appConfigs) => settings.FOO ? [] : [new Warning('FOO is not set.', { id: 'myapp.W001' })], 'myapp');
 */
import type { AppConfig } from '../../apps/config';
import type { CheckMessage } from './messages';
import { checkOrdering, checkRelations, checkTables } from './model-checks';
import { deployChecks } from './security';

export const Tags = {
  admin: 'admin',
  caches: 'caches',
  compatibility: 'compatibility',
  database: 'database',
  models: 'models',
  security: 'security',
  signals: 'signals',
  staticfiles: 'staticfiles',
  templates: 'templates',
  urls: 'urls',
} as const;

export interface CheckArgs {
  /** The apps to check (every installed app when null). */
  appConfigs: readonly AppConfig[] | null;
  /** The database aliases the checks may query (none by default, as Django). */
  databases: readonly string[] | null;
}

export type CheckFunction = (args: CheckArgs) => CheckMessage[] | Promise<CheckMessage[]>;

interface Registered {
  check: CheckFunction;
  tags: readonly string[];
  deploy: boolean;
}

export class CheckRegistry {
  private readonly checks: Registered[] = [];

  /** Registers `check` under `tags`; `{ deploy: true }` makes it a deployment check (run by check --deploy). */
  register(check: CheckFunction, ...tags: Array<string | { deploy: boolean }>): CheckFunction {
    const deploy = tags.some((t) => typeof t === 'object' && t.deploy);
    const names = tags.filter((t): t is string => typeof t === 'string');
    if (!this.checks.some((c) => c.check === check)) this.checks.push({ check, tags: names, deploy });
    return check;
  }

  /** Runs the checks matching `tags` (all when absent) and returns their messages. */
  async runChecks(options: { appConfigs?: readonly AppConfig[] | null; tags?: readonly string[] | null; includeDeploymentChecks?: boolean; databases?: readonly string[] | null } = {}): Promise<CheckMessage[]> {
    const errors: CheckMessage[] = [];
    for (const c of this.getChecks(options.includeDeploymentChecks ?? false)) {
      if (options.tags?.length && !c.tags.some((t) => options.tags!.includes(t))) continue;
      const out = await c.check({ appConfigs: options.appConfigs ?? null, databases: options.databases ?? null });
      if (!Array.isArray(out)) throw new TypeError(`The system check ${c.check.name || '(anonymous)'} did not return a list of messages.`);
      errors.push(...out);
    }
    return errors;
  }

  tagExists(tag: string, includeDeploymentChecks = false): boolean {
    return this.tagsAvailable(includeDeploymentChecks).has(tag);
  }

  tagsAvailable(includeDeploymentChecks = false): Set<string> {
    return new Set(this.getChecks(includeDeploymentChecks).flatMap((c) => c.tags));
  }

  private getChecks(includeDeploymentChecks: boolean): Registered[] {
    return this.checks.filter((c) => includeDeploymentChecks || !c.deploy);
  }
}

export const registry = new CheckRegistry();
// The built-in checks, registered with the registry itself so that no bundler drops them.
registry.register(checkRelations, Tags.models);
registry.register(checkOrdering, Tags.models);
registry.register(checkTables, Tags.models);
for (const check of deployChecks) registry.register(check, Tags.security, { deploy: true });
export const register = registry.register.bind(registry);
export const runChecks = registry.runChecks.bind(registry);
export const tagExists = registry.tagExists.bind(registry);
