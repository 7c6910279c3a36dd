/**
 * `flush`: empties every table of the installed models, after asking
 * (django/core/management/commands/flush.py); `--no-input` does not ask.
 */
import { apps } from '../../../apps/registry';
import { settings } from '../../../conf/settings';
import { connections } from '../../../db/connection';
import { POSTGRESQL, type Backend } from '../../../db/backends/base';
import type { Options } from '../../../db/models/options';
import { tableNames } from '../../../db/backends/introspection';
import { postMigrate } from '../../../db/migrations/api';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { checkConnection } from '../connection';

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The tables of the installed models (with automatic many-to-many tables) that exist in the database. */
export async function modelTables(backend: Backend): Promise<string[]> {
  const existing = new Set(await tableNames(backend));
  const tables = new Set<string>();
  for (const m of apps.getModels()) {
    tables.add(m.dbTable);
    for (const f of m.manyToMany) tables.add((m.through(f) as Options).dbTable);
  }
  return [...tables].filter((t) => existing.has(t)).sort();
}

/** Django's sql_flush(): DELETE (SQLite) or TRUNCATE ... RESTART IDENTITY (PostgreSQL), in one transaction. */
export async function flushTables(backend: Backend, tables: readonly string[]): Promise<void> {
  if (!tables.length) return;
  await backend.atomic(async () => {
    if (backend.dialect === POSTGRESQL) {
      await backend.executeScript(`TRUNCATE ${tables.map(q).join(', ')} RESTART IDENTITY CASCADE`);
      return;
    }
    // SQLite: foreign keys are deferred, so the order does not matter inside the transaction
    for (const t of tables) await backend.executeScript(`DELETE FROM ${q(t)}`);
    const seq = await backend.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'", []);
    if (seq.length) await backend.run(`DELETE FROM "sqlite_sequence" WHERE name IN (${tables.map(() => '?').join(', ')})`, tables);
  });
}

export class FlushCommand extends BaseCommand {
  override help = 'Removes ALL DATA from the database, including data added during migrations. Does not achieve a "fresh install" state.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive', help: 'Tells manouche to NOT prompt the user for input of any kind.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database to flush. Defaults to the "default" database.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const alias = options.database as string;
    checkConnection(alias);
    const backend = connections.get(alias);
    const name = settings.DATABASES[alias]!.NAME ?? alias;
    if (options.interactive) {
      const answer = await this.context.stdin.readLine(
        `You have requested a flush of the database.\nThis will IRREVERSIBLY DESTROY all data currently in the "${name}" database,\nand return each table to an empty state.\nAre you sure you want to do this?\n\n    Type 'yes' to continue, or 'no' to cancel: `,
      );
      if (answer?.trim() !== 'yes') {
        this.stdout.write('Flush cancelled.');
        return;
      }
    }
    let tables: string[];
    try {
      tables = await modelTables(backend);
      await flushTables(backend, tables);
    } catch (e) {
      throw new CommandError(
        `Database ${name} couldn't be flushed. Possible reasons:\n  * The database isn't running or isn't configured correctly.\n  * At least one of the expected database tables doesn't exist.\n  * The SQL was invalid.\nThe full error: ${(e as Error).message}`,
        { cause: e },
      );
    }
    // Django: the apps respond as if the database had been migrated from scratch (the content-type
    // cache is forgotten, auth's permissions come back). No tables: an empty database, nothing to answer.
    if (tables.length) {
      for (const appConfig of apps.getAppConfigs()) await postMigrate.send(appConfig, { appConfig, using: alias, backend, plan: [] });
    }
  }
}
