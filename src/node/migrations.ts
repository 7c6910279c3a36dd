/**
 * Migration files on disk (Node): each app's migrations directory is read by
 * dynamic import (0001_initial.ts, .js or .mjs; a .ts file needs a TypeScript
 * loader such as tsx in the process) and new migrations are written there.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BadMigrationError } from '../db/migrations/migration';
import type { MigrationFiles } from '../db/migrations/api';
import type { MigrationModules } from '../db/migrations/loader';

export interface NodeMigrationFilesOptions {
  /** Each app's migrations directory: { polls: '/project/polls/migrations' }. */
  dirs: Record<string, string>;
  /** The extension of written files (default 'ts'). */
  extension?: 'ts' | 'js' | 'mjs';
  /** Paths in messages are relative to this directory (default: the working directory). */
  root?: string;
}

const MIGRATION_FILE = /^(\d+_\w+)\.(ts|js|mjs|mts)$/;

/** The MigrationFiles of a project's app directories. */
export function nodeMigrationFiles(options: NodeMigrationFilesOptions): MigrationFiles {
  const root = options.root ?? process.cwd();
  return {
    async load(): Promise<MigrationModules> {
      const out: MigrationModules = {};
      for (const [app, dir] of Object.entries(options.dirs)) {
        out[app] = {};
        if (!existsSync(dir)) continue;
        for (const file of (await readdir(dir)).sort()) {
          if (file.endsWith('.d.ts')) continue;
          const m = MIGRATION_FILE.exec(file);
          if (!m) continue;
          const name = m[1]!;
          if (out[app]![name]) throw new BadMigrationError(`App '${app}' has two files for migration ${name} in ${relative(root, dir) || '.'}.`);
          const path = join(dir, file);
          let mod: any;
          try {
            mod = await import(pathToFileURL(path).href);
          } catch (e) {
            throw new BadMigrationError(`Could not import migration ${relative(root, path)}: ${(e as Error)?.message ?? String(e)}`);
          }
          if (!mod?.default) throw new BadMigrationError(`Migration ${relative(root, path)} has no default export (export default { dependencies, operations }).`);
          out[app]![name] = mod.default;
        }
      }
      return out;
    },
    async write(app: string, name: string, source: string): Promise<string> {
      const dir = options.dirs[app];
      if (!dir) throw new BadMigrationError(`No migrations directory is configured for app '${app}'.`);
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${name}.${options.extension ?? 'ts'}`);
      if (existsSync(path)) throw new BadMigrationError(`Migration file ${relative(root, path)} already exists.`);
      await writeFile(path, source);
      return relative(root, path);
    },
  };
}
