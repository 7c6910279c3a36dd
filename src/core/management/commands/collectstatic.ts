/**
 * `collectstatic`: copies every static file the finders list into
 * STATIC_ROOT (django/contrib/staticfiles/management/commands/collectstatic.py),
 * through collectstatic() of src/node/staticfiles.ts.
 */
import { settings } from '../../../conf/settings';
import { collectstatic } from '../../../node/staticfiles';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

export class CollectstaticCommand extends BaseCommand {
  override help = 'Collect static files in a single location.';
  override requiresDatabases = false;
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--noinput', '--no-input', { action: 'store_false', dest: 'interactive', help: 'Do NOT prompt the user for input of any kind.' });
    parser.addArgument('--no-post-process', { action: 'store_false', dest: 'post_process', help: 'Do NOT post process collected files.' });
    parser.addArgument('-i', '--ignore', { action: 'append', default: [], dest: 'ignore_patterns', metavar: 'PATTERN', help: 'Ignore files or directories matching this glob-style pattern. Use multiple times to ignore more.' });
    parser.addArgument('-n', '--dry-run', { action: 'store_true', help: 'Do everything except modify the filesystem.' });
    parser.addArgument('-c', '--clear', { action: 'store_true', help: 'Clear the existing files using the storage before trying to copy or link the original file.' });
    parser.addArgument('--no-default-ignore', { action: 'store_false', dest: 'use_default_ignore_patterns', help: "Don't ignore the common private glob-style patterns (defaults to 'CVS', '.*' and '*~')." });
  }

  override async handle(options: CommandOptions): Promise<void> {
    if (!settings.STATIC_ROOT) {
      throw new CommandError("You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.");
    }
    const stdin = this.context.stdin;
    const { lines } = await collectstatic({
      interactive: options.interactive as boolean,
      confirm: async (message) => {
        // Django's prompt loop: anything but 'yes' cancels
        const answer = await stdin.readLine(message);
        return answer?.trim() === 'yes';
      },
      clear: options.clear as boolean,
      dryRun: options.dry_run as boolean,
      verbosity: options.verbosity as number,
      ignorePatterns: options.ignore_patterns as string[],
      useDefaultIgnorePatterns: options.use_default_ignore_patterns as boolean,
      postProcess: options.post_process as boolean,
    });
    for (const line of lines) this.stdout.write(line);
  }
}
