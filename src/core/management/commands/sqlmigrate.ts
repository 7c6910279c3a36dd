/**
 * `sqlmigrate app_label migration_name [--backwards]`: the SQL a migration
 * runs, without running it (django/core/management/commands/sqlmigrate.py).
 */
import { sqlmigrate } from '../../../db/migrations/api';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { asCommandError, databaseFor, projectMigrationFiles, requireApp } from '../migration-files';

export class SqlmigrateCommand extends BaseCommand {
  override help = 'Prints the SQL statements for the named migration.';
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('app_label', { help: 'App label of the application containing the migration.' });
    parser.addArgument('migration_name', { help: 'Migration name to print the SQL for.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database to create SQL for. Defaults to the "default" database.' });
    parser.addArgument('--backwards', { action: 'store_true', help: 'Creates SQL to unapply the migration, rather than to apply it' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const app = options.app_label as string;
    requireApp(app);
    const lines = await asCommandError(() =>
      sqlmigrate({
        backend: databaseFor(options.database as string),
        files: projectMigrationFiles(this.context.cwd),
        app,
        name: options.migration_name as string,
        backwards: options.backwards as boolean,
      }),
    );
    for (const line of lines) this.stdout.write(line);
  }
}
