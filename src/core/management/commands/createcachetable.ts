/**
 * `createcachetable [table_name ...] [--database D] [--dry-run]`: creates the
 * table of every DatabaseCache in CACHES (or the named tables), with the
 * index on expires, skipping tables that exist
 * (django/core/management/commands/createcachetable.py).
 */
import { settings } from '../../../conf/settings';
import { POSTGRESQL, type Dialect } from '../../../db/backends/base';
import { q } from '../../../db/backends/ddl';
import { tableNames } from '../../../db/backends/introspection';
import { connections } from '../../../db/connection';
import { CharField, DateTimeField, TextField } from '../../../db/models/fields';
import { caches } from '../../cache/index';
import { DatabaseCache, MAX_KEY_LENGTH } from '../../cache/backends/db';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { checkConnection } from '../connection';

/** Django's statements for a cache table: CREATE TABLE, then CREATE INDEX on expires. */
export function cacheTableSql(table: string, dialect: Dialect): { table: string; indexes: string[] } {
  const columns = [
    `${q('cache_key')} ${new CharField({ maxLength: MAX_KEY_LENGTH }).dbType(dialect)} NOT NULL PRIMARY KEY`,
    `${q('value')} ${new TextField().dbType()} NOT NULL`,
    `${q('expires')} ${new DateTimeField().dbType(dialect)} NOT NULL`,
  ];
  const create = [`CREATE TABLE ${q(table)} (`, ...columns.map((c, i) => `    ${c}${i < columns.length - 1 ? ',' : ''}`), ');'].join('\n');
  return { table: create, indexes: [`CREATE INDEX ${q(`${table}_expires`)} ON ${q(table)} (${q('expires')});`] };
}

export class CreatecachetableCommand extends BaseCommand {
  override help = 'Creates the tables needed to use the SQL cache backend.';
  override requiresSystemChecks = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('args', { metavar: 'table_name', nargs: '*', help: 'Optional table names. Otherwise, settings.CACHES is used to find cache tables.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database onto which the cache tables will be installed. Defaults to the "default" database.' });
    parser.addArgument('--dry-run', { action: 'store_true', help: 'Does not create the table, just prints the SQL that would be run.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const alias = options.database as string;
    checkConnection(alias);
    const verbosity = Number(options.verbosity ?? 1);
    const named = (options.args as string[] | undefined) ?? [];
    const tables = named.length ? named : this.cacheTables();
    for (const table of new Set(tables)) await this.createTable(alias, table, Boolean(options.dry_run), verbosity);
  }

  /** The tables of the DatabaseCaches in CACHES. */
  private cacheTables(): string[] {
    const out: string[] = [];
    for (const alias of Object.keys(settings.CACHES ?? {})) {
      const cache = caches.get(alias);
      if (cache instanceof DatabaseCache) out.push(cache.table);
    }
    return out;
  }

  private async createTable(alias: string, table: string, dryRun: boolean, verbosity: number): Promise<void> {
    const db = connections.get(alias);
    if ((await tableNames(db)).includes(table)) {
      if (verbosity > 0) this.stdout.write(`Cache table '${table}' already exists.`);
      return;
    }
    const sql = cacheTableSql(table, db.dialect);
    if (dryRun) {
      this.stdout.write(sql.table);
      for (const s of sql.indexes) this.stdout.write(s);
      return;
    }
    // PostgreSQL rolls DDL back, so the table and its index come together or not at all.
    await db.atomic(
      async () => {
        try {
          await db.executeScript(sql.table);
        } catch (e) {
          throw new CommandError(`Cache table '${table}' could not be created.\nThe error was: ${(e as Error).message}.`, { cause: e });
        }
        for (const s of sql.indexes) await db.executeScript(s);
      },
      { savepoint: db.dialect === POSTGRESQL },
    );
    if (verbosity > 1) this.stdout.write(`Cache table '${table}' created.`);
  }
}
