/**
 * Django's squashmigrations: an app's migrations up to one (from another
 * when given) become one migration that `replaces` them, its operations put
 * through the optimizer. The loader uses it in their place on a database
 * where none of them (or all of them) are applied.
 */
import { ValueError } from '../../core/exceptions';
import { fmtNumber, findMigration, loaderFor, type MigrationFiles } from './api';
import type { Operation } from './operations/base';
import { optimize } from './optimizer';
import { writeMigration } from './writer';

export interface SquashOptions {
  files: MigrationFiles;
  app: string;
  /** The last migration to squash (a name or unique prefix). */
  migration: string;
  /** The first one (Django's start_migration_name); default: the app's first. */
  start?: string;
  /** False writes the operations as they are (`--no-optimize`). */
  optimize?: boolean;
  /** The name after the number (`--squashed-name`). */
  squashedName?: string;
  /** Asked with the list of migrations before anything is written; false cancels (interactive runs). */
  confirm?: (question: string) => Promise<boolean>;
  importPath?: string;
  now?: Date;
}

export interface SquashResult {
  lines: string[];
  written?: { app: string; name: string; path: string; source: string };
}

export async function squashmigrations(options: SquashOptions): Promise<SquashResult> {
  const { app } = options;
  const modules = await options.files.load();
  const loader = await loaderFor(modules);
  if (!loader.graph.apps().includes(app)) throw new ValueError(`App '${app}' does not have migrations (so squashmigrations on it makes no sense)`);
  if (options.squashedName !== undefined && !/^\w+$/.test(options.squashedName)) throw new ValueError(`The squashed name must be a valid identifier ('${options.squashedName}' is not).`);
  const last = loader.graph.node(`${app}.${findMigration(loader, app, options.migration)}`);
  let squashed = loader.graph.forwardsPlan(last.key).filter((k) => k.startsWith(`${app}.`)).map((k) => loader.graph.node(k));
  let start = squashed[0]!;
  if (options.start !== undefined) {
    start = loader.graph.node(`${app}.${findMigration(loader, app, options.start)}`);
    const at = squashed.indexOf(start);
    if (at < 0) {
      throw new ValueError(`The migration '${start.key}' cannot be found. Maybe it comes after the migration '${last.key}'?\nHave a look at:\n  npx manouche showmigrations ${app}\nto debug this issue.`);
    }
    squashed = squashed.slice(at);
  }
  const lines: string[] = [];
  if (options.confirm) {
    const question = `Will squash the following migrations:\n${squashed.map((m) => ` - ${m.name}\n`).join('')}Do you wish to proceed? [y/N] `;
    if (!(await options.confirm(question))) return { lines };
  }
  const operations: Operation[] = [];
  const dependencies = new Map<string, readonly [string, string]>();
  squashed.forEach((m, i) => {
    if (m.replaces.length) {
      throw new ValueError('You cannot squash squashed migrations! Please transition it to a normal migration first: https://docs.djangoproject.com/en/stable/topics/migrations/#squashing-migrations');
    }
    operations.push(...m.operations);
    // the first migration's own-app dependency stays (squashing from a start); the others are inside the squash
    for (const dep of m.dependencies) if (dep[0] !== app || i === 0) dependencies.set(dep.join('.'), dep);
  });
  let result = operations;
  if (options.optimize === false) lines.push('(Skipping optimization.)');
  else {
    lines.push('Optimizing...');
    result = optimize(operations, app);
    lines.push(result.length === operations.length ? '  No optimizations possible.' : `  Optimized from ${operations.length} operations to ${result.length} operations.`);
  }
  const replaces = squashed.map((m) => [app, m.name] as const);
  let name: string;
  if (options.start !== undefined) {
    name = options.squashedName ? `${start.name.split('_')[0]}_${options.squashedName}` : `${start.name}_squashed_${last.name}`;
  } else name = `${fmtNumber(1)}_${options.squashedName ?? `squashed_${last.name}`}`;
  if (modules[app]?.[name] || loader.graph.nodes.has(`${app}.${name}`)) throw new ValueError(`Migration ${name} already exists. Use a different name.`);
  const initial = options.start === undefined;
  const deps = [...dependencies.values()].sort((a, b) => (a.join('.') < b.join('.') ? -1 : 1));
  const module = { dependencies: deps, operations: result, replaces, initial };
  const source = writeMigration(module, { importPath: options.importPath, now: options.now });
  const path = await options.files.write(app, name, source, module);
  lines.push(
    `Created new squashed migration ${path}`,
    '  You should commit this migration but leave the old ones in place;',
    '  the new migration will be used for new installs. Once you are sure',
    '  all instances of the codebase have applied the migrations you squashed,',
    '  you can delete them.',
  );
  return { lines, written: { app, name, path, source } };
}
