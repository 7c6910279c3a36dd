/**
 * What startproject and startapp share (Django's TemplateCommand): the name
 * must be an identifier that no Node module already uses; the files go to
 * ./NAME (which must not exist) or into an existing directory, never
 * replacing a file there.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CommandError } from './base';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Names a module could not be imported as, or that would shadow a package the project needs.
const TAKEN = new Set([...builtinModules, 'manouche', 'tsx', 'test', 'node_modules']);

/** Django's validate_name(): `kind` is 'project' or 'app', `what` 'name' or 'directory'. */
export function validateName(name: string | null | undefined, kind: 'project' | 'app', what: 'name' | 'directory' = 'name'): void {
  if (!name) throw new CommandError(`you must provide ${kind === 'app' ? 'an' : 'a'} ${kind} name`);
  if (!IDENTIFIER.test(name)) throw new CommandError(`'${name}' is not a valid ${kind} ${what}. Please make sure the ${what} is a valid identifier.`);
  if (TAKEN.has(name)) {
    throw new CommandError(`'${name}' conflicts with the name of an existing Node module and cannot be used as ${kind === 'app' ? 'an' : 'a'} ${kind} ${what}. Please try another ${what}.`);
  }
}

/** Where the files go: ./NAME (created) or the given existing directory. */
export function targetDirectory(cwd: string, name: string, target: string | null | undefined): string {
  if (!target) {
    const top = resolve(cwd, name);
    if (existsSync(top)) throw new CommandError(`'${top}' already exists`);
    mkdirSync(top, { recursive: true });
    return top;
  }
  const top = resolve(cwd, target.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
  if (!existsSync(top) || !statSync(top).isDirectory()) throw new CommandError(`Destination directory '${top}' does not exist, please create it first.`);
  return top;
}

/** Writes `files` under `top`; refuses before writing anything if one already exists. */
export function writeTree(top: string, files: Record<string, string>): string[] {
  for (const rel of Object.keys(files)) {
    const path = join(top, rel);
    if (existsSync(path)) throw new CommandError(`${path} already exists. Overlaying a project into an existing directory won't replace conflicting files.`);
  }
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const path = join(top, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}
