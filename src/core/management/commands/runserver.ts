/**
 * `runserver [addrport]`: the development server
 * (django/core/management/commands/runserver.py and the staticfiles
 * override): system checks, the unapplied-migrations warning, the banner,
 * then createApp() through serve() on its direct path (no fetch Request or
 * Response per request), with STATIC_URL answered by the finders in DEBUG
 * (staticFilesApp). Without --noreload a parent process restarts the server when a
 * project file changes (../autoreload.ts).
 */
import { apps } from '../../../apps/registry';
import { settings } from '../../../conf/settings';
import { staticFilesApp } from '../../../contrib/staticfiles/views';
import { connections, openDatabases } from '../../../db/connection';
import { unappliedMigrationsWarning } from '../../../db/migrations/api';
import { serve, type ResponseInfo, type ServerHandle } from '../../../node/server';
import { createApp } from '../../handlers/app';
import type { ArgumentParser } from '../argparse';
import { RUN_MAIN, runWithReloader } from '../autoreload';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { migrationDirs, projectMigrationFiles } from '../migration-files';
import { createServer, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageJson } from '../project';
import { checkAndReport } from '../run-checks';

// Django's naiveip_re: an IPv4 address, a bracketed IPv6 one or a name, then ':'; or only a port
const NAIVE_IP = /^(?:(?<addr>(?<ipv4>\d{1,3}(?:\.\d{1,3}){3})|(?<ipv6>\[[a-fA-F0-9:]+\])|(?<fqdn>[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)):)?(?<port>\d+)$/;
const DEFAULT_PORT = 8000;
const CHOSEN_PORT = 'MANOUCHE_RUNSERVER_PORT';

/** A port the system considers free on `host` now. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Django's addrport parsing: '8001', '0.0.0.0:8000', '[::1]:8000', 'localhost:8000', '0:8000'. */
export function parseAddrport(addrport: string | null | undefined, ipv6 = false): { addr: string; port: number; ipv6: boolean } {
  if (!addrport) return { addr: ipv6 ? '::1' : '127.0.0.1', port: DEFAULT_PORT, ipv6 };
  const m = NAIVE_IP.exec(addrport);
  if (!m) throw new CommandError(`"${addrport}" is not a valid port number or address:port pair.`);
  const g = m.groups!;
  const port = Number(g.port);
  if (port > 65535) throw new CommandError(`"${g.port}" is not a valid port number.`);
  let addr = g.addr ?? '';
  let useIpv6 = ipv6;
  if (g.ipv6) {
    addr = addr.slice(1, -1);
    useIpv6 = true;
  } else if (g.fqdn && ipv6) throw new CommandError('"%s" is not a valid IPv6 address.'.replace('%s', addr));
  if (!addr) addr = useIpv6 ? '::1' : '127.0.0.1';
  else if (addr === '0') addr = '0.0.0.0'; // Django's shortcut: 0:8000
  return { addr, port, ipv6: useIpv6 };
}

/** Django's "%B %d, %Y - %X": "November 25, 2026 - 20:40:01". */
function bannerDate(d = new Date()): string {
  const month = d.toLocaleString('en-US', { month: 'long' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${month} ${pad(d.getDate())}, ${d.getFullYear()} - ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Django's request log line: [25/Nov/2026 20:40:01] "GET /polls/ HTTP/1.1" 200 1234 */
export function logLine(info: Pick<ResponseInfo, 'method' | 'target' | 'status' | 'contentLength'>, d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = d.toLocaleString('en-US', { month: 'short' });
  return `[${pad(d.getDate())}/${month}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}] "${info.method} ${info.target} HTTP/1.1" ${info.status} ${info.contentLength ?? '-'}`;
}

export class RunserverCommand extends BaseCommand {
  override help = 'Starts a lightweight web server for development and also serves static files.';
  // the parent process of the reloader must not hold the database: the child opens it
  override requiresDatabases = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('addrport', { nargs: '?', help: 'Optional port number, or ipaddr:port' });
    parser.addArgument('--ipv6', '-6', { action: 'store_true', dest: 'use_ipv6', help: 'Tells manouche to use an IPv6 address.' });
    parser.addArgument('--noreload', { action: 'store_false', dest: 'use_reloader', help: 'Tells manouche to NOT use the auto-reloader.' });
    parser.addArgument('--nostatic', { action: 'store_false', dest: 'use_static_handler', help: 'Tells manouche to NOT automatically serve static files at STATIC_URL.' });
    parser.addArgument('--insecure', { action: 'store_true', dest: 'insecure_serving', help: 'Allows serving static files even if DEBUG is False.' });
    parser.addArgument('--skip-checks', { action: 'store_true', help: 'Skip system checks.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    if (!settings.DEBUG && !(settings.ALLOWED_HOSTS as string[] | undefined)?.length) {
      throw new CommandError('You must set settings.ALLOWED_HOSTS if DEBUG is False.');
    }
    const { addr, port: asked } = parseAddrport(options.addrport as string | null, options.use_ipv6 as boolean);
    // port 0: the reloader's parent picks a free port once, so every child serves on the same one
    const port = Number(this.context.env[CHOSEN_PORT] ?? asked);
    if (options.use_reloader && this.context.env[RUN_MAIN] !== 'true') {
      this.stderr.write('Watching for file changes with StatReloader', { styleFunc: (t) => t });
      const root = findPackageJson(this.context.cwd)?.dir ?? this.context.cwd;
      const env: Record<string, string> = port === 0 ? { [CHOSEN_PORT]: String(await freePort(addr)) } : {};
      const status = await runWithReloader({ root, env, log: (line) => this.stderr.write(line, { styleFunc: (t) => t }) });
      if (status !== 0) throw new CommandError(`The server exited with status ${status}.`, { returncode: status });
      return;
    }
    await this.innerRun(addr, port, options);
  }

  private async innerRun(addr: string, port: number, options: CommandOptions): Promise<void> {
    await openDatabases(settings.DATABASES);
    if (!options.skip_checks) {
      this.stdout.write('Performing system checks...\n\n', { ending: '' });
      await checkAndReport(this.context, this.style, { displayNumErrors: true });
    }
    await this.checkMigrations();
    const app = createApp();
    const staticInstalled = apps.getAppConfigs().some((a) => a.label === 'staticfiles');
    const insecure = options.insecure_serving as boolean;
    const served = options.use_static_handler && staticInstalled && (settings.DEBUG || insecure) ? staticFilesApp(app, { insecure }) : app;
    let server: ServerHandle;
    try {
      server = await serve(served, { host: addr, port, handleSignals: false, onResponse: (info) => this.context.stderr.write(`${logLine(info)}\n`) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason =
        code === 'EADDRINUSE' ? 'That port is already in use.'
        : code === 'EACCES' ? "You don't have permission to access that port."
        : code === 'EADDRNOTAVAIL' ? "That IP address can't be assigned to."
        : (e as Error).message;
      throw new CommandError(`Error: ${reason}`, { cause: e });
    }
    this.stdout.write(
      [
        bannerDate(),
        `Manouche version ${String(findPackageJson(dirname(fileURLToPath(import.meta.url)))?.data.version ?? 'unknown')}, using settings '${settings.SETTINGS_MODULE ?? ''}'`,
        `Starting development server at ${server.url}`,
        'Quit the server with CONTROL-C.',
        '',
      ].join('\n'),
      { ending: '' },
    );
    // until SIGINT/SIGTERM: finish the requests in flight, then let the CLI close the databases
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    setTimeout(() => process.exit(0), 2_000).unref();
  }

  /** Django's check_migrations(): the unapplied-migrations notice, when a database is configured. */
  private async checkMigrations(): Promise<void> {
    if (!connections.has('default') || Object.keys(migrationDirs()).length === 0) return;
    const lines = await unappliedMigrationsWarning({ backend: connections.get('default'), files: projectMigrationFiles(this.context.cwd) });
    if (lines.length) this.stdout.write(this.style.NOTICE!(`\n${lines.join('\n')}`));
  }
}
