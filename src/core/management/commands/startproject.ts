/**
 * `startproject NAME [directory]`: a project skeleton (Django's
 * startproject): settings, urls, manage.ts, README, package.json whose
 * `npm start` runs it and whose manouche dependency is this checkout
 * (`file:`), `--manouche-path`, or the running version from the registry.
 */
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSECURE_PREFIX } from '../../checks/security';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, type CommandOptions } from '../base';
import { findPackageJson } from '../project';
import { getRandomSecretKey } from '../secret-key';
import { projectFiles } from '../templates/project';
import { targetDirectory, validateName, writeTree } from '../template-command';

/** The dependency spec for manouche: a checkout is used in place (file:), an installed package by version. */
export function manoucheSpec(explicit: string | null | undefined, cwd: string): { spec: string; version: string } {
  const pkg = findPackageJson(dirname(fileURLToPath(import.meta.url)));
  const version = String(pkg?.data.version ?? '0.0.0');
  if (explicit) return { spec: `file:${resolve(cwd, explicit)}`, version };
  const root = pkg ? realpathSync(pkg.dir) : null;
  if (root && !root.split(/[\\/]/).includes('node_modules')) return { spec: `file:${root}`, version };
  return { spec: `^${version}`, version };
}

export class StartprojectCommand extends BaseCommand {
  override help = 'Creates a manouche project directory structure for the given project name in the current directory or optionally in the given directory.';
  override requiresSettings = false;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('name', { help: 'Name of the application or project.' });
    parser.addArgument('directory', { nargs: '?', help: 'Optional destination directory' });
    parser.addArgument('--manouche-path', {
      metavar: 'PATH',
      help: 'The manouche package the project depends on: a checkout directory or a packed .tgz (default: this checkout when run from one, else the registry version).',
    });
  }

  override handle(options: CommandOptions): void {
    const name = options.name as string;
    validateName(name, 'project');
    const top = targetDirectory(this.context.cwd, name, options.directory as string | null);
    const { spec, version } = manoucheSpec(options.manouche_path as string | null, this.context.cwd);
    // silent on success, as Django's startproject
    writeTree(top, projectFiles({ name, secretKey: INSECURE_PREFIX + getRandomSecretKey(), manoucheSpec: spec, version }));
  }
}
