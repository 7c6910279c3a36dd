/**
 * `build --browser <entry> [--out DIR] [--title TEXT]`: bundles an app for
 * the browser (src/node/browser-build.ts) and prints the bundle's size,
 * gzipped, with sql.js apart. Django has no such command: its apps need a
 * server; this is the one a Manouche app runs without.
 */
import { buildBrowser } from '../../../node/browser-build';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

export class BuildCommand extends BaseCommand {
  override help = 'Bundles the app for the browser: a service worker, index.html, sql.js, in one folder for any static server.';
  override requiresSettings = false;
  override requiresDatabases = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--browser', { metavar: 'ENTRY', help: "The app's browser entry: a script calling start() from 'manouche/browser'." });
    parser.addArgument('--out', { default: 'dist-browser', help: 'The output folder (default dist-browser).' });
    parser.addArgument('--title', { default: 'Manouche app', help: "The loading page's title." });
    parser.addArgument('--no-minify', { action: 'store_false', dest: 'minify', help: 'Keep the bundle readable.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const entry = options.browser as string | null | undefined;
    if (!entry) throw new CommandError('build needs --browser ENTRY: the only target is the browser (a server app needs no build).');
    try {
      const { lines } = await buildBrowser({ entry, outDir: options.out as string, minify: options.minify as boolean, title: options.title as string });
      for (const line of lines) this.stdout.write(line);
    } catch (error) {
      throw new CommandError(error instanceof Error ? error.message : String(error));
    }
  }
}
