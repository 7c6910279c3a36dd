/**
 * manouche/node's doors to the CLI. The management package (every core
 * command, the migration engine they drive, the project loader) is imported
 * on the first call: a server imports manouche/node but runs no command, and
 * need not hold those modules (about 2 MiB of heap) for its whole life.
 * The classes an app's own commands extend come from their small modules.
 */
import type { CommandContext } from '../core/management/base';

export { BaseCommand, CommandError, SystemCheckError, type CommandOptions } from '../core/management/base';
export { ArgumentParser } from '../core/management/argparse';

/** Runs `manouche <argv…>` (django-admin's execute_from_command_line); resolves to the exit status. */
export async function executeFromCommandLine(argv: readonly string[], partial: Partial<CommandContext> = {}): Promise<number> {
  return (await import('../core/management/index')).executeFromCommandLine(argv, partial);
}

/** Django's call_command(): runs a command from code, the project already loaded. */
export async function callCommand(name: string, args: readonly string[] = [], options: Record<string, unknown> = {}, context: Partial<CommandContext> = {}): Promise<void> {
  return (await import('../core/management/call')).callCommand(name, args, options, context);
}
