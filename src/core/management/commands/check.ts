/** `check`: runs the system checks (django/core/management/commands/check.py). */
import { apps } from '../../../apps/registry';
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from '../../checks/messages';
import { registry } from '../../checks/registry';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { checkAndReport } from '../run-checks';

const LEVELS: Record<string, number> = { CRITICAL, ERROR, WARNING, INFO, DEBUG };

export class CheckCommand extends BaseCommand {
  override requiresDatabases = false;
  override help = 'Checks the entire manouche project for potential problems.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('app_label', { nargs: '*', metavar: 'app_label' });
    parser.addArgument('--tag', '-t', { action: 'append', dest: 'tags', help: 'Run only checks labeled with given tag.' });
    parser.addArgument('--list-tags', { action: 'store_true', help: 'List available tags.' });
    parser.addArgument('--deploy', { action: 'store_true', help: 'Check deployment settings.' });
    parser.addArgument('--fail-level', {
      default: 'ERROR',
      choices: ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'],
      help: 'Message level that will cause the command to exit with a non-zero status. Default is ERROR.',
    });
    parser.addArgument('--database', { action: 'append', dest: 'databases', help: 'Run database related checks against these aliases.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const deploy = options.deploy as boolean;
    if (options.list_tags) {
      this.stdout.write([...registry.tagsAvailable(deploy)].sort().join('\n'));
      return;
    }
    const labels = options.app_label as string[];
    const appConfigs = labels.length ? labels.map((l) => apps.getAppConfig(l)) : null;
    const tags = (options.tags as string[] | null) ?? null;
    const invalid = (tags ?? []).find((t) => !registry.tagExists(t, deploy));
    if (invalid) throw new CommandError(`There is no system check with the "${invalid}" tag.`);
    await checkAndReport(this.context, this.style, {
      appConfigs,
      tags,
      displayNumErrors: true,
      includeDeploymentChecks: deploy,
      failLevel: LEVELS[options.fail_level as string]!,
      databases: (options.databases as string[] | null) ?? null,
    });
  }
}
