/**
 * `changepassword [username]` (django.contrib.auth.management.commands.
 * changepassword): asks for the new password twice without echo, runs the
 * password validators, and gives up after three failed attempts.
 */
import { settings } from '../../../../conf/settings';
import { ValidationError } from '../../../../core/exceptions';
import type { ArgumentParser } from '../../../../core/management/argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../../../../core/management/base';
import { getUserModel } from '../../models';
import { validatePassword } from '../../password-validation';
import { getSystemUsername } from '../index';
import { readPassword } from './createsuperuser';

const MAX_TRIES = 3;

export class ChangepasswordCommand extends BaseCommand {
  override help = "Change a user's password for manouche.contrib.auth.";

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('username', { nargs: '?', help: "Username to change password for; by default, it's the current username." });
    parser.addArgument('--database', { default: 'default', choices: Object.keys(settings.DATABASES ?? {}), help: 'Specifies the database to use. Default is "default".' });
  }

  /** A password; an empty answer or the end of input aborts (Django's _get_pass). */
  private async getPass(prompt = 'Password: '): Promise<string> {
    const p = await readPassword(this, prompt);
    if (!p) throw new CommandError('aborted');
    return p;
  }

  override async handle(options: CommandOptions): Promise<string> {
    const U: any = getUserModel();
    const username = (options.username as string | null) || getSystemUsername(this.context.env);
    const found = await U.objects.using(options.database).filter({ [U.USERNAME_FIELD]: username }).first();
    if (!found) throw new CommandError(`user '${username}' does not exist`);
    const u = found;
    this.stdout.write(`Changing password for user '${u}'`);
    let count = 0;
    let p1 = '';
    let validated = false;
    while (!validated && count < MAX_TRIES) {
      p1 = await this.getPass();
      const p2 = await this.getPass('Password (again): ');
      if (p1 !== p2) {
        this.stdout.write('Passwords do not match. Please try again.');
        count++;
        continue; // don't validate passwords that don't match
      }
      try {
        await validatePassword(p2, u);
        validated = true;
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        this.stderr.write(e.messages.join('\n'));
        count++;
      }
    }
    if (!validated) throw new CommandError(`Aborting password change for user '${u}' after ${count} attempts`);
    await u.setPassword(p1);
    await u.save({ using: options.database });
    return `Password changed successfully for user '${u}'`;
  }
}
