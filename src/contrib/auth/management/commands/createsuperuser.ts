/**
 * `createsuperuser` (django.contrib.auth.management.commands.createsuperuser):
 * asks for the username (default: the system user), the REQUIRED_FIELDS
 * and the password twice without echo, runs the password validators (with
 * Django's bypass question), then creates the user through the user
 * manager's createSuperuser(). `--noinput` takes everything from the options
 * and the environment (DJANGO_SUPERUSER_<FIELD> or MANOUCHE_SUPERUSER_<FIELD>).
 * Isomorphic: it reads and writes only through the command's context.
 */
import { settings } from '../../../../conf/settings';
import { ValidationError } from '../../../../core/exceptions';
import type { ArgumentParser } from '../../../../core/management/argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../../../../core/management/base';
import { capfirst } from '../../../../utils/text';
import { getUserModel } from '../../models';
import { validatePassword } from '../../password-validation';
import { getDefaultUsername } from '../index';

/** The user typed Ctrl-C / Ctrl-D or the input ended (Django's KeyboardInterrupt branch). */
export const CANCELLED = 'Operation cancelled.';

/** Where a command reads a password: hidden on a terminal. */
export function readPassword(command: BaseCommand, prompt: string): Promise<string | null> {
  const stdin = command.context.stdin;
  return stdin.readHidden ? stdin.readHidden(prompt) : stdin.readLine(prompt);
}

/** The environment variable for `field` in --noinput mode: MANOUCHE_SUPERUSER_* first, then Django's name. */
function fromEnv(env: Record<string, string | undefined>, field: string): string | undefined {
  const suffix = `SUPERUSER_${field.toUpperCase()}`;
  return env[`MANOUCHE_${suffix}`] ?? env[`DJANGO_${suffix}`];
}

export class CreatesuperuserCommand extends BaseCommand {
  override help = 'Used to create a superuser.';

  private get UserModel(): any {
    return getUserModel();
  }

  override addArguments(parser: ArgumentParser): void {
    const U = this.UserModel;
    parser.addArgument(`--${U.USERNAME_FIELD}`, { help: 'Specifies the login for the superuser.' });
    parser.addArgument('--noinput', '--no-input', {
      action: 'store_false',
      dest: 'interactive',
      help: `Tells manouche to NOT prompt the user for input of any kind. You must use --${U.USERNAME_FIELD} with --noinput, along with an option for any other required field. Superusers created with --noinput will not be able to log in until they're given a valid password.`,
    });
    parser.addArgument('--database', { default: 'default', choices: Object.keys(settings.DATABASES ?? {}), help: 'Specifies the database to use. Default is "default".' });
    for (const name of U.REQUIRED_FIELDS as string[]) parser.addArgument(`--${name}`, { help: `Specifies the ${name} for the superuser.` });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const U = this.UserModel;
    const database = options.database as string;
    const usernameField = U._meta.getField(U.USERNAME_FIELD);
    const verboseName = usernameField.verboseLabel as string;
    let username = (options[U.USERNAME_FIELD] ?? null) as string | null;
    const userData: Record<string, unknown> = {};
    try {
      if (options.interactive) {
        if (this.context.stdin.isTTY !== true) {
          this.stdout.write(
            `Superuser creation skipped due to not running in a TTY. You can run \`${this.context.prog} createsuperuser\` in your project to create one manually.`,
          );
          return;
        }
        await this.interactive(options, username, verboseName, database, userData);
      } else {
        const password = fromEnv(this.context.env, 'password');
        if (password !== undefined) userData.password = password;
        username ??= fromEnv(this.context.env, U.USERNAME_FIELD) ?? null;
        if (username === null) throw new CommandError(`You must use --${U.USERNAME_FIELD} with --noinput.`);
        const error = await this.validateUsername(username, verboseName, database);
        if (error) throw new CommandError(error);
        userData[U.USERNAME_FIELD] = username;
        for (const name of U.REQUIRED_FIELDS as string[]) {
          const value = options[name] || fromEnv(this.context.env, name);
          if (!value) throw new CommandError(`You must use --${name} with --noinput.`);
          userData[name] = U._meta.getField(name).clean(value, null);
        }
      }
      const { [U.USERNAME_FIELD]: name, email, password, ...extra } = userData;
      await U.objects.dbManager(database).createSuperuser(name, (email as string | undefined) ?? null, (password as string | undefined) ?? null, extra);
      if (options.verbosity >= 1) this.stdout.write('Superuser created successfully.');
    } catch (e) {
      if (e instanceof ValidationError) throw new CommandError(e.messages.join('; '));
      throw e;
    }
  }

  /** The interactive questions; fills `userData` (Django's interactive branch, in its order). */
  private async interactive(options: CommandOptions, username: string | null, verboseName: string, database: string, userData: Record<string, unknown>): Promise<void> {
    const U = this.UserModel;
    const defaultUsername = await getDefaultUsername(this.context.env, { database });
    if (username) {
      const error = await this.validateUsername(username, verboseName, database);
      if (error) {
        this.stderr.write(error);
        username = null;
      }
    } else if (username === '') {
      throw new CommandError(`${capfirst(verboseName)} cannot be blank.`);
    }
    while (username === null) {
      const message = `${capfirst(verboseName)}${defaultUsername ? ` (leave blank to use '${defaultUsername}')` : ''}: `;
      username = (await this.inputData(U.USERNAME_FIELD, message, defaultUsername)) as string | null;
      if (username) {
        const error = await this.validateUsername(username, verboseName, database);
        if (error) {
          this.stderr.write(error);
          username = null;
        }
      }
    }
    userData[U.USERNAME_FIELD] = username;
    const fakeUserData: Record<string, unknown> = { [U.USERNAME_FIELD]: username };
    for (const name of U.REQUIRED_FIELDS as string[]) {
      const field = U._meta.getField(name);
      const given = (options[name] ?? null) as string | null;
      let value: unknown = given === null ? null : field.clean(given, null);
      while (value === null) value = await this.inputData(name, `${capfirst(field.verboseLabel)}: `);
      userData[name] = fakeUserData[name] = value;
    }
    for (;;) {
      const password = await readPassword(this, 'Password: ');
      const again = password === null ? null : await readPassword(this, 'Password (again): ');
      if (password === null || again === null) throw new CommandError(CANCELLED);
      if (password !== again) {
        this.stderr.write("Error: Your passwords didn't match.");
        continue; // don't validate passwords that don't match
      }
      if (password.trim() === '') {
        this.stderr.write("Error: Blank passwords aren't allowed.");
        continue;
      }
      try {
        await validatePassword(again, new U(fakeUserData));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        this.stderr.write(e.messages.join('\n'));
        const answer = await this.context.stdin.readLine('Bypass password validation and create user anyway? [y/N]: ');
        if (answer === null) throw new CommandError(CANCELLED);
        if (answer.toLowerCase() !== 'y') continue;
      }
      userData.password = password;
      return;
    }
  }

  /** One answer, cleaned by the model field; null (after "Error: ...") when it does not clean (Django's get_input_data). */
  private async inputData(fieldName: string, message: string, defaultValue = ''): Promise<unknown> {
    let raw = await this.context.stdin.readLine(message);
    if (raw === null) throw new CommandError(CANCELLED);
    if (defaultValue && raw === '') raw = defaultValue;
    try {
      return this.UserModel._meta.getField(fieldName).clean(raw, null);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.stderr.write(`Error: ${e.messages.join('; ')}`);
      return null;
    }
  }

  /** The error for a username that is taken, blank or invalid, else null (Django's _validate_username). */
  private async validateUsername(username: string, verboseName: string, database: string): Promise<string | null> {
    const U = this.UserModel;
    const field = U._meta.getField(U.USERNAME_FIELD);
    if (field.unique && (await U.objects.using(database).filter({ [U.USERNAME_FIELD]: username }).exists())) return `Error: That ${verboseName} is already taken.`;
    if (!username) return `${capfirst(verboseName)} cannot be blank.`;
    try {
      field.clean(username, null);
    } catch (e) {
      if (e instanceof ValidationError) return e.messages.join('; ');
      throw e;
    }
    return null;
  }
}
