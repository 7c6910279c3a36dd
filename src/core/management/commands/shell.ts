/**
 * `shell`: a Node REPL with every installed app's models in scope, and
 * `settings`, `apps`, `connections` and `manouche` (the package), with top-level
 * await (Django's shell, which imports the models automatically since 5.2).
 * `-c "code"` runs code and exits; code piped on stdin runs the same way.
 */
import { start } from 'node:repl';
import { apps } from '../../../apps/registry';
import { settings } from '../../../conf/settings';
import { connections } from '../../../db/connection';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

export class ShellCommand extends BaseCommand {
  override help = 'Runs a Node interactive interpreter with the models of the installed apps imported. Use -c to execute a command.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--no-imports', { action: 'store_true', help: 'Disable automatic imports of models.' });
    parser.addArgument('-c', '--command', { help: 'Instead of opening an interactive shell, run a command as manouche and exit.' });
  }

  /** The names the shell starts with: models by class name (a later app wins), then the helpers. */
  async namespace(noImports: boolean): Promise<Record<string, unknown>> {
    const scope: Record<string, unknown> = {};
    if (noImports) return scope;
    for (const opts of apps.getModels()) scope[opts.model.name] = opts.model;
    Object.assign(scope, { settings, apps, connections, manouche: await import('../../../index') });
    return scope;
  }

  override async handle(options: CommandOptions): Promise<void> {
    const scope = await this.namespace(options.no_imports as boolean);
    if (options.verbosity >= 2 && !options.no_imports) this.stdout.write(`${Object.keys(scope).length} objects imported automatically: ${Object.keys(scope).join(', ')}.`);
    if (options.command !== null && options.command !== undefined) return this.run(String(options.command), scope, '-c');
    if (process.stdin.isTTY !== true) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const code = Buffer.concat(chunks).toString('utf8');
      if (code.trim()) await this.run(code, scope, 'stdin');
      return;
    }
    const server = start({ prompt: '>>> ', useGlobal: false });
    Object.assign(server.context, scope);
    await new Promise<void>((resolve) => server.on('exit', () => resolve()));
  }

  /** Runs code with the scope's names as locals, top-level await allowed. */
  private async run(code: string, scope: Record<string, unknown>, where: string): Promise<void> {
    const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    let fn: (...values: unknown[]) => Promise<unknown>;
    try {
      fn = new AsyncFunction(...names, code);
    } catch (e) {
      throw new CommandError(`The code given to shell (${where}) does not parse: ${(e as Error).message}`);
    }
    await fn(...names.map((n) => scope[n]));
  }
}
