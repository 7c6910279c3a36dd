/**
 * `makemigrations [app_label ...]`: new migrations for the model changes
 * (django/core/management/commands/makemigrations.py). `--check` exits 1
 * when changes have no migration (writing nothing), `--dry-run` shows them,
 * `--empty`, `--name`, `--merge`; renames are asked on a terminal, or given
 * with `--rename polls.Poll=Question` / `--rename polls.Question.text=question_text`.
 */
import { makemigrations } from '../../../db/migrations/api';
import type { RenameHints } from '../../../db/migrations/questioner';
import { interactiveQuestioner, MigrationsAborted } from '../../../node/questioner';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { asCommandError, projectMigrationFiles } from '../migration-files';

/** `--rename` values to the engine's hints: 'app.Old=New' (a model) or 'app.Model.old=new' (a field). */
export function parseRenames(values: readonly string[]): RenameHints {
  const hints: RenameHints = { models: {}, fields: {} };
  for (const value of values) {
    const m = /^(\w+)\.(\w+)(?:\.(\w+))?=(\w+)$/.exec(value);
    if (!m) throw new CommandError(`Invalid --rename '${value}': use app_label.OldModel=NewModel or app_label.Model.old_field=new_field.`);
    const [, app, model, field, to] = m;
    if (field) (hints.fields![`${app}.${model}`] ??= {})[field] = to!;
    else hints.models![`${app}.${model}`] = to!;
  }
  return hints;
}

export class MakemigrationsCommand extends BaseCommand {
  override help = 'Creates new migration(s) for apps.';
  override requiresSystemChecks = true;
  override requiresDatabases = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('args', { metavar: 'app_label', nargs: '*', help: 'Specify the app label(s) to create migrations for.' });
    parser.addArgument('--dry-run', { action: 'store_true', help: "Just show what migrations would be made; don't actually write them." });
    parser.addArgument('--merge', { action: 'store_true', help: 'Enable fixing of migration conflicts.' });
    parser.addArgument('--empty', { action: 'store_true', help: 'Create an empty migration.' });
    parser.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive', help: 'Tells manouche to NOT prompt the user for input of any kind.' });
    parser.addArgument('-n', '--name', { help: 'Use this name for migration file(s).' });
    parser.addArgument('--check', { action: 'store_true', dest: 'check_changes', help: "Exit with a non-zero status if model changes are missing migrations and don't actually write them." });
    parser.addArgument('--rename', {
      action: 'append',
      default: [],
      metavar: 'OLD=NEW',
      help: 'A rename to apply without asking: app_label.OldModel=NewModel or app_label.Model.old_field=new_field (repeatable).',
    });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const labels = options.args as string[];
    const verbosity = options.verbosity as number;
    const interactive = (options.interactive as boolean) && this.context.stdin.isTTY === true;
    const questioner = interactive ? interactiveQuestioner({ input: process.stdin, output: process.stdout }) : undefined;
    let result;
    try {
      result = await asCommandError(() =>
        makemigrations({
          files: projectMigrationFiles(this.context.cwd),
          apps: labels,
          check: options.check_changes as boolean,
          dryRun: options.dry_run as boolean,
          empty: options.empty as boolean,
          name: (options.name as string | null) ?? undefined,
          merge: options.merge as boolean,
          renames: parseRenames(options.rename as string[]),
          questioner,
        }),
      );
    } catch (e) {
      if (e instanceof MigrationsAborted) throw new CommandError(e.message, { returncode: 3 });
      throw e;
    } finally {
      questioner?.close();
    }
    if (verbosity >= 1) {
      for (const line of result.lines) {
        if (/^Migrations for '/.test(line) || /^Merging /.test(line)) this.stdout.write(this.style.MIGRATE_HEADING!(line));
        else if (/^  \S/.test(line) && !line.startsWith('  Branch')) this.stdout.write(`  ${this.style.MIGRATE_LABEL!(line.slice(2))}`);
        else this.stdout.write(line);
      }
      // Django's --dry-run -v 3 prints each file in full
      if (options.dry_run && verbosity >= 3) {
        for (const w of result.written) {
          this.stdout.write(this.style.MIGRATE_HEADING!(`Full migrations file '${w.path.split('/').pop()}.ts':`));
          this.stdout.write(w.source);
        }
      }
    }
    if (options.check_changes && result.changed) throw new CommandError('Model changes are not reflected in migrations (run makemigrations).', { returncode: 1 });
  }
}
