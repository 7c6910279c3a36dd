/** `startapp NAME [directory]`: an app skeleton (Django's startapp), in TypeScript. */
import { basename } from 'node:path';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { appFiles } from '../templates/app';
import { targetDirectory, validateName, writeTree } from '../template-command';

export class StartappCommand extends BaseCommand {
  override help = 'Creates a manouche app directory structure for the given app name in the current directory or optionally in the given directory.';
  override requiresSettings = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('name', { help: 'Name of the application or project.' });
    parser.addArgument('directory', { nargs: '?', help: 'Optional destination directory' });
  }

  override handle(options: CommandOptions): void {
    const name = options.name as string;
    validateName(name, 'app');
    const top = targetDirectory(this.context.cwd, name, options.directory as string | null);
    if (options.directory) validateName(basename(top), 'app', 'directory');
    writeTree(top, appFiles(name));
  }
}
