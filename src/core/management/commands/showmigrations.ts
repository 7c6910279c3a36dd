/**
 * `showmigrations [app_label ...] [--plan]`: each app's migrations with
 * [X] for the applied ones, or the whole plan in order
 * (django/core/management/commands/showmigrations.py).
 */
import { loaderFor, showmigrations } from '../../../db/migrations/api';
import { MigrationRecorder } from '../../../db/migrations/recorder';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { asCommandError, databaseFor, projectMigrationFiles, requireApp } from '../migration-files';

export class ShowmigrationsCommand extends BaseCommand {
  override help = 'Shows all available migrations for the current project';
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('app_label', { nargs: '*', help: 'App labels of applications to limit the output to.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database to synchronize. Defaults to the "default" database.' });
    parser.addArgument('--plan', '-p', { action: 'store_true', help: 'Shows all migrations in the order they will be applied. With a verbosity level of 2 or above all direct migration dependencies and reverse dependencies (run_before) will be included.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const labels = options.app_label as string[];
    for (const label of labels) requireApp(label);
    const backend = databaseFor(options.database as string);
    const files = projectMigrationFiles(this.context.cwd);
    if (!options.plan) {
      const lines = await asCommandError(() => showmigrations({ backend, files, apps: labels }));
      for (const line of lines) this.stdout.write(/^\S/.test(line) ? this.style.MIGRATE_LABEL!(line) : line);
      return;
    }
    // Django's show_plan: "[X]  app.name" in the order migrate would apply them
    const recorded = await new MigrationRecorder(backend).applied();
    const loader = await asCommandError(() => loaderFor(files, { applied: recorded.keys() }));
    const applied = loader.applied;
    const targets = labels.length ? labels.flatMap((app) => loader.graph.leafNodes(app)) : loader.graph.leafNodes();
    const plan = [...new Set(targets.flatMap((leaf) => loader.graph.forwardsPlan(leaf)))];
    if (!plan.length) this.stdout.write('(no migrations)', { styleFunc: this.style.ERROR });
    for (const key of plan) {
      let deps = '';
      if ((options.verbosity as number) >= 2) {
        const parents = [...loader.graph.node(key).dependencies].map(([a, n]) => `${a}.${n}`);
        if (parents.length) deps = ` ... (${parents.join(', ')})`;
      }
      this.stdout.write(`[${applied.has(key) ? 'X' : ' '}]  ${key}${deps}`);
    }
  }
}
