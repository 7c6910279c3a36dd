/**
 * Django's call_command(): runs a command from code, with the project
 * already loaded. Arguments are given as on the command line; `options`
 * override parsed values by destination name ('indent', 'natural_foreign').
 *
 * @example
 * const out: string[] = [];
 * await callCommand('dumpdata', ['polls'], { indent: 2 }, { stdout: { write: (s) => out.push(s) } });
 */
import { settings } from '../../conf/settings';
import { openDatabases } from '../../db/connection';
import { CommandError, type CommandContext } from './base';
import { getCommands } from './index';

export async function callCommand(
  name: string,
  args: readonly string[] = [],
  options: Record<string, unknown> = {},
  context: Partial<CommandContext> = {},
): Promise<void> {
  const entry = getCommands().get(name);
  if (!entry) throw new CommandError(`Unknown command: '${name}'`);
  const command = new (await entry.load())();
  const parser = command.createParser(context.prog ?? 'manouche', name);
  const parsed = parser.parse(args);
  const unknown = Object.keys(options).filter((k) => !(k in parsed) && k !== 'stdout' && k !== 'stderr');
  if (unknown.length) throw new TypeError(`Unknown option(s) for ${name} command: ${unknown.sort().join(', ')}. Valid options are: ${Object.keys(parsed).sort().join(', ')}.`);
  if (command.requiresSettings && command.requiresDatabases) await openDatabases(settings.DATABASES);
  await command.execute(
    { ...parsed, ...options },
    {
      stdout: context.stdout ?? process.stdout,
      stderr: context.stderr ?? process.stderr,
      stdin: context.stdin ?? { readLine: async () => null },
      cwd: context.cwd ?? process.cwd(),
      env: context.env ?? process.env,
      prog: context.prog ?? 'manouche',
    },
  );
}
