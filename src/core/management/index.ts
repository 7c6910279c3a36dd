/**
 * The command line (django.core.management: ManagementUtility). Node only:
 * the `manouche` binary (src/node/cli.ts) and a project's manage.ts call
 * executeFromCommandLine(argv).
 *
 *   1. `--settings` / `--traceback` are read from anywhere on the line.
 *   2. The project is loaded (settings, apps, models) unless the command
 *      runs without one (startproject, startapp) — see ./project.ts.
 *   3. The command is found among the core commands (./commands/index.ts)
 *      and the installed apps' `commands`; an unknown name suggests the
 *      nearest one.
 *   4. Its arguments are parsed (./argparse.ts), system checks run when the
 *      command asks for them, then handle(); connections are closed after.
 *
 * Exit status: 0, 1 for a CommandError or any failure, 2 for a bad command
 * line (as argparse).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apps } from '../../apps/registry';
import { settings } from '../../conf/settings';
import { connections, openDatabases } from '../../db/connection';
import { UsageError } from './argparse';
import { BaseCommand, CommandError, SystemCheckError, type CommandClass, type CommandContext } from './base';
import { makeStyle } from './color';
import { coreCommands } from './commands/index';
import { findPackageJson, loadApps, loadSettings, locateSettings } from './project';
import { runChecksOrFail } from './run-checks';
import { terminalReader } from '../../node/questioner';
import { describeValue } from '../../utils/text';

export { BaseCommand, CommandError, SystemCheckError, OutputWrapper, type CommandClass, type CommandContext, type CommandOptions } from './base';
export { ArgumentParser, UsageError, type ArgumentSpec } from './argparse';
export { callCommand } from './call';

/** No settings module was named at all (as opposed to one that failed to load). */
class NotConfigured extends CommandError {
  override name = 'CommandError';
}

/** A command as getCommands() lists it: where it comes from, and its class, imported when asked for. */
export interface CommandEntry {
  group: string;
  load(): Promise<CommandClass>;
}

const isCommandClass = (value: unknown): value is CommandClass => typeof value === 'function' && value.prototype instanceof BaseCommand;

/**
 * An app's `commands` entry as a loader: a class as it is, an arrow function
 * (no prototype) called on first use, its result checked then.
 */
function appCommand(app: string, name: string, source: unknown): () => Promise<CommandClass> {
  if (isCommandClass(source)) return () => Promise.resolve(source);
  if (typeof source !== 'function' || source.prototype !== undefined) {
    throw new CommandError(`The app '${app}' lists the command '${name}' as neither a BaseCommand subclass nor an arrow function importing one.`);
  }
  const loader = source as () => unknown;
  return () => {
    let loaded = loadedCommands.get(loader);
    if (!loaded) {
      loaded = Promise.resolve()
        .then(loader)
        .then((command) => {
          if (!isCommandClass(command)) throw new CommandError(`The app '${app}' lists the command '${name}' with a loader that gave ${describeValue(command)}, not a BaseCommand subclass.`);
          return command;
        });
      loadedCommands.set(loader, loaded);
    }
    return loaded;
  };
}

/** Each loader's class, imported once per process. */
const loadedCommands = new WeakMap<() => unknown, Promise<CommandClass>>();

/** The names of every command, grouped by where they come from ('manouche' for the core). */
export function getCommands(): Map<string, CommandEntry> {
  const out = new Map<string, CommandEntry>();
  for (const [name, command] of Object.entries(coreCommands)) out.set(name, { group: 'manouche', load: () => Promise.resolve(command) });
  // Apps listed later override earlier ones, as in Django (reversed INSTALLED_APPS wins first).
  for (const app of apps.ready ? apps.getAppConfigs() : []) {
    for (const [name, command] of Object.entries(app.commands)) {
      const load = appCommand(app.label, name, command);
      if (!out.has(name) || out.get(name)!.group === 'manouche') out.set(name, { group: app.label, load });
    }
  }
  return out;
}

/** Levenshtein distance, for "Did you mean ...?". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name nearest to `name`, when it is near enough to be a typo. */
export function nearestCommand(name: string, names: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length * 0.4)) ? best : null;
}

/** manouche's own version (package.json). */
export function version(): string {
  const pkg = findPackageJson(dirname(fileURLToPath(import.meta.url)));
  return String(pkg?.data.version ?? 'unknown');
}

/** The option's value wherever it stands on the line (`--name value` or `--name=value`). */
function earlyOption(argv: readonly string[], name: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) return argv[i + 1]!;
    if (argv[i]!.startsWith(`${name}=`)) return argv[i]!.slice(name.length + 1);
  }
  return null;
}

function mainHelp(prog: string, settingsError: unknown, colored: boolean): string {
  const style = makeStyle(colored);
  const lines = ['', `Type '${prog} help <subcommand>' for help on a specific subcommand.`, '', 'Available subcommands:'];
  const groups = new Map<string, string[]>();
  for (const [name, { group }] of getCommands()) groups.set(group, [...(groups.get(group) ?? []), name]);
  for (const group of [...groups.keys()].sort()) {
    lines.push('', style.NOTICE!(`[${group}]`));
    for (const name of groups.get(group)!.sort()) lines.push(`    ${name}`);
  }
  if (settingsError) {
    lines.push(style.NOTICE!(`Note that only manouche core commands are listed as settings are not properly configured (error: ${(settingsError as Error).message ?? settingsError}).`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs one command line (without the program name) and returns the exit
 * status. Output goes to `context.stdout`/`stderr` (process streams by default).
 */
export async function executeFromCommandLine(argv: readonly string[], partial: Partial<CommandContext> = {}): Promise<number> {
  const context: CommandContext = {
    stdout: partial.stdout ?? process.stdout,
    stderr: partial.stderr ?? process.stderr,
    stdin: partial.stdin ?? terminalReader(process.stdin, process.stdout),
    cwd: partial.cwd ?? process.cwd(),
    env: partial.env ?? process.env,
    prog: partial.prog ?? 'manouche',
  };
  const traceback = argv.includes('--traceback');
  const noColor = argv.includes('--no-color');
  const colored = !noColor && (argv.includes('--force-color') || (context.stderr.isTTY === true && !context.env.NO_COLOR));
  const error = makeStyle(colored).ERROR!;
  const fail = (e: unknown): number => {
    if (e instanceof UsageError) {
      context.stderr.write(`${e.usage}\n${e.message}\n`);
      return 2;
    }
    if (e instanceof SystemCheckError && !traceback) {
      context.stderr.write(`${e.message}\n`); // the report carries its own "SystemCheckError:" header
      return e.returncode;
    }
    if (e instanceof CommandError && !traceback) {
      context.stderr.write(error(`${e.name}: ${e.message}\n`));
      return e.returncode;
    }
    const err = e as Error;
    context.stderr.write(error(`${traceback || !(err instanceof Error) ? err?.stack ?? String(err) : `${err.name}: ${err.message}`}\n`));
    return e instanceof CommandError ? e.returncode : 1;
  };

  let subcommand = argv[0] ?? 'help';
  let rest = argv.slice(1);
  if (subcommand === '--help' || subcommand === '-h') subcommand = 'help';
  if (subcommand === '--version') {
    context.stdout.write(`${version()}\n`);
    return 0;
  }

  // 2. the project, unless the command is a core one that needs none
  let settingsError: unknown = null;
  let loaded = false;
  const core = coreCommands[subcommand];
  const needsProject = !(core && !new core().requiresSettings);
  try {
    if (needsProject) {
      const location = locateSettings(earlyOption(argv, '--settings'), context.env, context.cwd);
      if (location) {
        await loadSettings(location);
        await loadApps(location.root);
        loaded = true;
      } else {
        settingsError = new NotConfigured(
          'Settings are not configured. Pass --settings, define the environment variable MANOUCHE_SETTINGS_MODULE, or run the command in a project whose package.json names its settings ("manouche": { "settings": "./mysite/settings.ts" }).',
        );
      }
    }
  } catch (e) {
    settingsError = e;
  }

  try {
    if (subcommand === 'help') {
      if (rest.includes('--commands')) {
        context.stdout.write(`${[...getCommands().keys()].sort().join('\n')}\n`);
        return 0;
      }
      const target = rest.find((a) => !a.startsWith('-'));
      if (!target) {
        context.stdout.write(mainHelp(context.prog, settingsError, colored));
        return 0;
      }
      subcommand = target;
      rest = ['--help'];
    }
    const entry = getCommands().get(subcommand);
    if (!entry) {
      if (!loaded && !(settingsError instanceof NotConfigured)) throw settingsError;
      if (!loaded) context.stderr.write('No manouche settings specified.\n');
      const near = nearestCommand(subcommand, getCommands().keys());
      context.stderr.write(`Unknown command: '${subcommand}'.${near ? ` Did you mean ${near}?` : ''}\nType '${context.prog} help' for usage.\n`);
      return 1;
    }
    const command = new (await entry.load())();
    const parser = command.createParser(context.prog, subcommand);
    const options = parser.parse(rest);
    if (options.help) {
      context.stdout.write(parser.help());
      return 0;
    }
    if (options.version) {
      context.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command.requiresSettings && !loaded) throw settingsError;
    if (command.requiresSettings && command.requiresDatabases) await openDatabases(settings.DATABASES);
    if (command.requiresSystemChecks && !options.skip_checks) await runChecksOrFail(context, colored);
    await command.execute(options, context);
    return 0;
  } catch (e) {
    return fail(e);
  } finally {
    await connections.closeAll().catch((e) => context.stderr.write(`Closing the database connections failed: ${(e as Error).message}\n`));
  }
}
