/**
 * Django's management command base (django.core.management.base): a command
 * declares its arguments in addArguments(), does its work in handle(), and
 * writes through this.stdout / this.stderr. A CommandError is reported as
 * "CommandError: <message>" on stderr with exit status 1 (the traceback with
 * --traceback).
 *
 * @example
 * class Closepoll extends BaseCommand {
 *   override help = 'Closes the specified poll for voting';
 *   override addArguments(parser: ArgumentParser) {
 *     parser.addArgument('poll_ids', { nargs: '+', type: 'int' });
 *   }
 *   override async handle(options: CommandOptions) {
 *     this.stdout.write(this.style.SUCCESS(`Successfully closed ${options.poll_ids}`));
 *   }
 * }
 * // defineApp({ name: 'polls', commands: { closepoll: Closepoll } })
 */
import { ArgumentParser } from './argparse';
import { makeStyle, type Style } from './color';

/** An error a command reports to the user (Django's CommandError). */
export class CommandError extends Error {
  override name = 'CommandError';
  /** The process exit status (Django's `returncode`). */
  readonly returncode: number;
  constructor(message: string, options: { returncode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.returncode = options.returncode ?? 1;
  }
}

/** A system check failed with errors (Django's SystemCheckError). */
export class SystemCheckError extends CommandError {
  override name = 'SystemCheckError';
}

/** Where a command writes: anything with write(string). */
export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Where a command reads answers from (the confirmation prompts). */
export interface Readable {
  /** One line typed by the user, or null at end of input. */
  readLine(prompt: string): Promise<string | null>;
  /** One line typed without echo (passwords, Python's getpass); readLine() where absent. */
  readHidden?(prompt: string): Promise<string | null>;
  isTTY?: boolean;
}

/** Django's OutputWrapper: adds the line ending, applies a style. */
export class OutputWrapper {
  constructor(
    readonly out: Writable,
    private readonly styleFunc: ((text: string) => string) | null = null,
  ) {}

  write(message = '', options: { ending?: string; styleFunc?: (text: string) => string } = {}): void {
    const ending = options.ending ?? '\n';
    let text = message;
    if (ending && !text.endsWith(ending)) text += ending;
    const style = options.styleFunc ?? this.styleFunc;
    this.out.write(style ? style(text) : text);
  }

  get isTTY(): boolean {
    return this.out.isTTY === true;
  }
}

/** What a command is run with: its streams, where it runs, its environment. */
export interface CommandContext {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  cwd: string;
  env: Record<string, string | undefined>;
  /** The program name printed in usage lines ('manouche', 'manage.ts'). */
  prog: string;
}

export type CommandOptions = Record<string, any>;

export abstract class BaseCommand {
  /** One-line description shown by `help <command>`. */
  help = '';
  /** False for commands that run without a project (startproject, startapp). */
  requiresSettings = true;
  /** Whether the DATABASES are opened before handle() (Django connects lazily; our backends open asynchronously). */
  requiresDatabases = true;
  /** Whether `--skip-checks` is offered and the system checks run first (Django's requires_system_checks). */
  requiresSystemChecks = false;

  stdout!: OutputWrapper;
  stderr!: OutputWrapper;
  style: Style = makeStyle(false);
  context!: CommandContext;

  /** Declares the command's own arguments. */
  addArguments(_parser: ArgumentParser): void {}

  /** Does the work; a returned string is written to stdout. */
  abstract handle(options: CommandOptions): Promise<string | void> | string | void;

  /** The parser: the command's arguments plus Django's common options. */
  createParser(prog: string, name: string): ArgumentParser {
    const parser = new ArgumentParser(`${prog} ${name}`, this.help);
    parser.addArgument('-h', '--help', { action: 'help', help: 'show this help message and exit' });
    // the command's own arguments first, the common ones last (Django's DjangoHelpFormatter order)
    this.addArguments(parser);
    parser.addArgument('--version', { action: 'store_true', help: "Show program's version number and exit." });
    parser.addArgument('-v', '--verbosity', {
      type: 'int',
      choices: [0, 1, 2, 3],
      default: 1,
      help: 'Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output',
    });
    parser.addArgument('--settings', {
      metavar: 'SETTINGS',
      help: 'The settings module, e.g. "./mysite/settings.ts" or "mysite.settings". If this isn\'t provided, the MANOUCHE_SETTINGS_MODULE environment variable will be used, then the project\'s package.json ("manouche": { "settings": ... }).',
    });
    parser.addArgument('--traceback', { action: 'store_true', help: 'Display a full stack trace on CommandError exceptions.' });
    parser.addArgument('--no-color', { action: 'store_true', help: "Don't colorize the command output." });
    parser.addArgument('--force-color', { action: 'store_true', help: 'Force colorization of the command output.' });
    if (this.requiresSystemChecks) parser.addArgument('--skip-checks', { action: 'store_true', help: 'Skip system checks.' });
    return parser;
  }

  /** Sets up the streams and style, then runs handle() (Django's execute()). */
  async execute(options: CommandOptions, context: CommandContext): Promise<void> {
    if (options.force_color && options.no_color) throw new CommandError("The --no-color and --force-color options can't be used together.");
    this.context = context;
    const colored = options.force_color === true || (!options.no_color && context.stdout.isTTY === true && !context.env.NO_COLOR);
    this.style = makeStyle(colored);
    this.stdout = new OutputWrapper(context.stdout);
    this.stderr = new OutputWrapper(context.stderr, makeStyle(options.force_color === true || (!options.no_color && context.stderr.isTTY === true && !context.env.NO_COLOR)).ERROR!);
    const output = await this.handle(options);
    if (output) this.stdout.write(output);
  }
}

/** A command class, as apps list them in `defineApp({ commands })`. */
export type CommandClass = new () => BaseCommand;
