/**
 * `dbshell`: the database's own command-line client, with the connection
 * settings (psql for PostgreSQL, sqlite3 for a sql.js file), as Django's
 * dbshell. Extra arguments after `--` go to the client.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { settings, type DatabaseSettings } from '../../../conf/settings';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

/** The program and arguments for one DATABASES entry (Django's client.settings_to_cmd_args_env). */
export function clientCommand(db: DatabaseSettings, parameters: readonly string[]): { program: string; args: string[]; env: Record<string, string> } {
  if (db.ENGINE === 'manouche.db.backends.postgresql') {
    const args: string[] = [];
    if (db.USER) args.push('-U', db.USER);
    if (db.HOST) args.push('-h', db.HOST);
    if (db.PORT !== undefined && db.PORT !== '') args.push('-p', String(db.PORT));
    args.push(...parameters);
    args.push(db.NAME || 'postgres');
    return { program: 'psql', args, env: db.PASSWORD ? { PGPASSWORD: db.PASSWORD } : {} };
  }
  if (db.ENGINE === 'manouche.db.backends.sqljs') {
    return { program: 'sqlite3', args: [db.NAME || ':memory:', ...parameters], env: {} };
  }
  throw new CommandError(`dbshell does not know the client of the ENGINE '${db.ENGINE}'.`);
}

/** The program's path on PATH (what `which` answers), or null. */
export function which(program: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, program);
    if (existsSync(file)) return file;
  }
  return null;
}

export class DbshellCommand extends BaseCommand {
  override requiresDatabases = false;
  override help = 'Runs the command-line client for specified database, or the default database if none is provided.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database onto which to open a shell. Defaults to the "default" database.' });
    parser.addArgument('parameters', { nargs: '*', help: 'Additional arguments to pass to the client (after --).' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const alias = options.database as string;
    const db = settings.DATABASES[alias];
    if (!db) throw new CommandError(`The connection '${alias}' doesn't exist.`);
    const { program, args, env } = clientCommand(db, options.parameters as string[]);
    if (!which(program, this.context.env.PATH)) throw new CommandError(`You appear not to have the '${program}' program installed or on your path.`);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(program, args, { stdio: 'inherit', env: { ...this.context.env, ...env }, cwd: this.context.cwd });
      child.on('error', reject);
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    });
    if (code !== 0) throw new CommandError(`"${[program, ...args].join(' ')}" returned non-zero exit status ${code}.`, { returncode: code });
  }
}
