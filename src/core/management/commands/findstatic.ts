/**
 * `findstatic path [path ...] [--first]`: where the finders find a static
 * file (django/contrib/staticfiles/management/commands/findstatic.py).
 */
import { findStatic } from '../../../contrib/staticfiles/finders';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

export class FindstaticCommand extends BaseCommand {
  override help = 'Finds the absolute paths for the given static file(s).';
  override requiresDatabases = false;
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('args', { nargs: '+', metavar: 'label' });
    parser.addArgument('--first', { action: 'store_false', dest: 'all', help: 'Only return the first match for each static file.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    let missing = 0;
    for (const path of options.args as string[]) {
      const { found, lines } = await findStatic(path, { all: options.all as boolean, verbosity: options.verbosity as number });
      if (!found.length) missing++;
      lines.forEach((line, i) => (!found.length && i === 0 ? this.stderr : this.stdout).write(line));
    }
    // Django's LabelCommand prints and exits 0; a script needs to know: exit 1 when one was not found
    if (missing) throw new CommandError(`${missing} of ${(options.args as string[]).length} static file(s) not found.`);
  }
}
