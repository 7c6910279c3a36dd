/**
 * `migrate [app_label] [migration_name]`: brings the database to the
 * migrations' state (django/core/management/commands/migrate.py), printing
 * each migration as it is applied ("  Applying polls.0001_initial... OK").
 */
import { migrate } from '../../../db/migrations/api';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { asCommandError, databaseFor, projectMigrationFiles, requireApp } from '../migration-files';

export class MigrateCommand extends BaseCommand {
  override help = 'Updates database schema. Manages both apps with migrations and those without.';
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('app_label', { nargs: '?', help: 'App label of an application to synchronize the state.' });
    parser.addArgument('migration_name', { nargs: '?', help: 'Database state will be brought to the state after that migration. Use the name "zero" to unapply all migrations.' });
    parser.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive', help: 'Tells manouche to NOT prompt the user for input of any kind.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database to synchronize. Defaults to the "default" database.' });
    parser.addArgument('--fake', { action: 'store_true', help: 'Mark migrations as run without actually running them.' });
    parser.addArgument('--fake-initial', { action: 'store_true', help: 'Detect if tables already exist and fake-apply initial migrations if so. Make sure that the current database schema matches your initial migration before using this flag. manouche will only check for an existing table name.' });
    parser.addArgument('--plan', { action: 'store_true', help: 'Shows a list of the migration actions that will be performed.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const app = (options.app_label as string | null) ?? undefined;
    if (app !== undefined) requireApp(app);
    const verbosity = options.verbosity as number;
    const backend = databaseFor(options.database as string);
    const heading = /^(Operations to perform|Running migrations|Planned operations):$/;
    let pending = '';
    const write = (text: string) => {
      if (verbosity < 1) return;
      pending += text;
      // whole lines are styled; "  Applying x..." waits for its " OK" on the same line
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        this.stdout.write(heading.test(line) ? this.style.MIGRATE_HEADING!(line) : line.replace(/ OK$/, ` ${this.style.SUCCESS!('OK')}`));
      }
    };
    try {
      await asCommandError(() =>
        migrate({
          backend,
          files: projectMigrationFiles(this.context.cwd),
          app,
          target: (options.migration_name as string | null) ?? undefined,
          fake: options.fake as boolean,
          fakeInitial: options.fake_initial as boolean,
          plan: options.plan as boolean,
          stdout: write,
        }),
      );
    } finally {
      if (pending) this.stdout.write(pending, { ending: pending.endsWith('\n') ? '' : '\n' });
    }
  }
}
