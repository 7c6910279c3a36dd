/**
 * `squashmigrations app_label [start_migration_name] migration_name`:
 * one migration replacing an app's migrations, optimized
 * (django/core/management/commands/squashmigrations.py).
 */
import { squashmigrations } from '../../../db/migrations/squash';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { asCommandError, projectMigrationFiles, requireApp } from '../migration-files';

export class SquashmigrationsCommand extends BaseCommand {
  override help = 'Squashes an existing set of migrations (from first until specified) into a single new one.';
  override requiresDatabases = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('app_label', { help: 'App label of the application to squash migrations for.' });
    parser.addArgument('start_migration_name', { nargs: '?', help: 'Migrations will be squashed starting from and including this migration.' });
    parser.addArgument('migration_name', { help: 'Migrations will be squashed until and including this migration.' });
    parser.addArgument('--no-optimize', { action: 'store_true', help: 'Do not try to optimize the squashed operations.' });
    parser.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive', help: 'Tells manouche to NOT prompt the user for input of any kind.' });
    parser.addArgument('--squashed-name', { help: 'Sets the name of the new squashed migration.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const app = options.app_label as string;
    requireApp(app);
    const verbosity = options.verbosity as number;
    const confirm = options.interactive
      ? async (question: string) => {
          const [list, ask] = [question.slice(0, question.lastIndexOf('Do you wish')), question.slice(question.lastIndexOf('Do you wish'))];
          this.stdout.write(this.style.MIGRATE_HEADING!(list.split('\n')[0]!));
          this.stdout.write(list.slice(list.indexOf('\n') + 1), { ending: '' });
          const answer = await this.context.stdin.readLine(ask);
          return !!answer && answer.trim().toLowerCase().startsWith('y');
        }
      : undefined;
    const result = await asCommandError(() =>
      squashmigrations({
        files: projectMigrationFiles(this.context.cwd),
        app,
        start: (options.start_migration_name as string | null) ?? undefined,
        migration: options.migration_name as string,
        optimize: !(options.no_optimize as boolean),
        squashedName: (options.squashed_name as string | null) ?? undefined,
        confirm,
      }),
    );
    if (verbosity < 1) return;
    for (const line of result.lines) {
      if (line === 'Optimizing...' || line.startsWith('Created new squashed migration')) this.stdout.write(this.style.MIGRATE_HEADING!(line));
      else this.stdout.write(line);
    }
  }
}
