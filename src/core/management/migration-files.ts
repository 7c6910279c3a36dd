/**
 * What the migration commands share: each installed app's migrations
 * directory (`AppConfig.path` + '/migrations', as Django's `<app>/migrations`
 * package) read and written through nodeMigrationFiles(), the database of
 * `--database`, and the engine's errors turned into CommandErrors.
 */
import { join } from 'node:path';
import { apps } from '../../apps/registry';
import { connections } from '../../db/connection';
import type { Backend } from '../../db/backends/base';
import type { MigrationFiles } from '../../db/migrations/api';
import { NotNullAdditionError } from '../../db/migrations/questioner';
import { BadMigrationError, MigrationError } from '../../db/migrations/migration';
import { nodeMigrationFiles } from '../../node/migrations';
import { ImproperlyConfigured, ValueError } from '../exceptions';
import { CommandError } from './base';

/** Every installed app with a directory, by label: its migrations directory. */
export function migrationDirs(): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const app of apps.getAppConfigs()) if (app.path) dirs[app.label] = join(app.path, 'migrations');
  return dirs;
}

/** The project's migration files; paths in messages are relative to `cwd`. */
export function projectMigrationFiles(cwd: string): MigrationFiles {
  return nodeMigrationFiles({ dirs: migrationDirs(), root: cwd });
}

/** The backend of a `--database` alias, or Django's error. */
export function databaseFor(alias: string): Backend {
  if (!connections.has(alias)) throw new CommandError(`The connection '${alias}' doesn't exist.`);
  return connections.get(alias);
}

/** An installed app label, or Django's "No installed app with label" error. */
export function requireApp(label: string): void {
  if (!apps.getAppConfigs().some((a) => a.label === label)) throw new CommandError(`No installed app with label '${label}'.`);
}

/** Runs `fn`; the migration engine's errors (bad input, not bugs) become CommandErrors. */
export async function asCommandError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CommandError) throw e;
    if (
      e instanceof ValueError ||
      e instanceof MigrationError ||
      e instanceof BadMigrationError ||
      e instanceof NotNullAdditionError ||
      e instanceof ImproperlyConfigured
    ) {
      throw new CommandError((e as Error).message, { cause: e });
    }
    throw e;
  }
}
