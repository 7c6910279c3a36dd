/**
 * The programmatic commands the CLI wraps (django.core.management.commands):
 * makemigrations, migrate, showmigrations, sqlmigrate. Each returns the
 * lines Django prints, so `npx manouche migrate` only writes them out and
 * chooses the exit code.
 *
 * Migration modules come from a MigrationFiles: on Node, nodeMigrationFiles()
 * (manouche/node) reads and writes each app's migrations directory;
 * memoryMigrationFiles() keeps them in a map (browser, tests).
 */
import { ValueError } from '../../core/exceptions';
import type { Backend } from '../backends/base';
import type { Options } from '../models/options';
import { registry as liveRegistry } from '../models/options';
import { historyUpgrades, postMigrate } from './hooks';
import { apps } from '../../apps/registry';
import type { AppConfig } from '../../apps/config';
import { Autodetector } from './autodetector';
import { arrangeMigrations } from './arrange';
import { conflictMessage } from './graph';
import { type MigrationExecutor as Executor, MigrationExecutor, type PlanStep, type Target } from './executor';
import { type LoaderOptions, type MigrationModules, MigrationLoader } from './loader';
import { BadMigrationError, type MigrationModule } from './migration';
import type { Operation } from './operations/base';
import type { Questioner, RenameHints } from './questioner';
import { MigrationRecorder } from './recorder';
import { ProjectState } from './state';
import { suggestName, writeMigration } from './writer';

/** Where an app's migrations are read from and written to. */
export interface MigrationFiles {
  /** Every app's migration modules: { app: { name: module } }. */
  load(): Promise<MigrationModules>;
  /** Stores a new migration; returns the path shown to the user ('polls/migrations/0002_question_slug.ts'). */
  write(app: string, name: string, source: string, module: MigrationModule): Promise<string>;
}

/** Migrations kept in memory (a browser app bundles its migrations as modules; tests). */
export function memoryMigrationFiles(modules: MigrationModules = {}, options: { extension?: string } = {}): MigrationFiles & { sources: Record<string, string> } {
  const sources: Record<string, string> = {};
  return {
    sources,
    async load() {
      return modules;
    },
    async write(app, name, source, module) {
      (modules[app] ??= {})[name] = module;
      const path = `${app}/migrations/${name}.${options.extension ?? 'ts'}`;
      sources[path] = source;
      return path;
    },
  };
}

/** The project's migrations and the installed apps' own, loaded into a graph. */
export async function loaderFor(files: MigrationFiles | MigrationModules, options: LoaderOptions = {}): Promise<MigrationLoader> {
  const modules = typeof (files as MigrationFiles).load === 'function' ? await (files as MigrationFiles).load() : (files as MigrationModules);
  return new MigrationLoader(await withInstalledAppMigrations(modules), options);
}

/** The loader with the database's history: squashed migrations replace their migrations as Django decides. */
async function loaderWithHistory(files: MigrationFiles | MigrationModules, backend: Backend): Promise<MigrationLoader> {
  return loaderFor(files, { applied: (await new MigrationRecorder(backend).applied()).keys() });
}

/**
 * The project's migrations plus those installed apps ship in memory
 * (AppConfig `migrations`: contrib.contenttypes, auth, sessions), unless the
 * project's files already have that app.
 */
async function withInstalledAppMigrations(modules: MigrationModules): Promise<MigrationModules> {
  let out = modules;
  for (const app of apps.getAppConfigs()) {
    if (!app.hasMigrations || (modules[app.label] && Object.keys(modules[app.label]!).length)) continue;
    if (out === modules) out = { ...modules };
    out[app.label] = (await app.loadMigrations()) as MigrationModules[string];
  }
  return out;
}

export { postMigrate, registerHistoryUpgrade, type HistoryUpgrade } from './hooks';

export interface MakemigrationsOptions {
  files: MigrationFiles;
  /** App labels to make migrations for (Django's app_label arguments; default: every app with models). */
  apps?: readonly string[];
  /** The live models (default: every defineModel'd model). */
  registry?: ReadonlyMap<string, Options>;
  /** Report pending changes without writing (`--check`): `changed` says whether there are any. */
  check?: boolean;
  /** Show what would be written without writing (`--dry-run`). */
  dryRun?: boolean;
  /** Write an empty migration for each app in `apps` (`--empty`). */
  empty?: boolean;
  /** The name of the new migration(s) instead of the automatic one (`--name`). */
  name?: string;
  renames?: RenameHints;
  questioner?: Questioner;
  /** The import path migration files use (default 'manouche/migrations'). */
  importPath?: string;
  /** The time stamped in files and automatic names. */
  now?: Date;
  /** Write a merge migration for each app with conflicting leaves (`--merge`). */
  merge?: boolean;
}

export interface MakemigrationsResult {
  /** Whether the models have changes with no migration yet. */
  changed: boolean;
  written: Array<{ app: string; name: string; path: string; source: string }>;
  lines: string[];
}

/** Django's parse_number: '0002_x' is 2, '0001_squashed_0004_y' is 4. */
export function parseNumber(name: string): number | null {
  const squashed = /.*_squashed_(\d+)/.exec(name);
  if (squashed) return Number(squashed[1]);
  const n = /^\d+/.exec(name);
  return n ? Number(n[0]) : null;
}

function nextNumber(loader: MigrationLoader, app: string): number {
  let max = 0;
  for (const key of loader.graph.nodes.keys()) {
    if (key.startsWith(`${app}.`)) max = Math.max(max, parseNumber(key.slice(app.length + 1)) ?? 0);
  }
  return max + 1;
}

export const fmtNumber = (n: number) => String(n).padStart(4, '0');

/** Django's makemigrations. */
export async function makemigrations(options: MakemigrationsOptions): Promise<MakemigrationsResult> {
  const loader = await loaderFor(options.files);
  const conflicts = loader.graph.detectConflicts();
  if (options.merge) return merge(loader, conflicts, options);
  if (Object.keys(conflicts).length) throw new BadMigrationError(conflictMessage(conflicts));
  const registry = options.registry ?? liveRegistry;
  const known = new Set([...registry.values()].map((o) => o.appLabel));
  for (const app of options.apps ?? []) {
    if (!known.has(app) && !loader.graph.apps().includes(app)) throw new ValueError(`App '${app}' could not be found. Is it in INSTALLED_APPS?`);
  }
  if (options.name !== undefined && !/^\w+$/.test(options.name)) throw new ValueError(`The migration name must be a valid identifier ('${options.name}' is not).`);
  const apps = options.apps?.length ? [...options.apps] : undefined;
  const now = options.now ?? new Date();

  let ops: Map<string, Operation[]>;
  let dependsOn = new Map<string, Set<string>>();
  if (options.empty) {
    if (!apps) throw new ValueError('You must supply at least one app label when using --empty.');
    ops = new Map(apps.map((a) => [a, []]));
  } else {
    const from = loader.projectState();
    const to = ProjectState.fromRegistry(undefined, registry);
    // models of apps outside the selection stay as the migrations have them
    if (apps) for (const m of from.models.values()) if (!apps.includes(m.appLabel)) to.addModel(m);
    const changes = await new Autodetector(from, to, { questioner: options.questioner, renames: options.renames }).changes(apps);
    ops = changes.operations;
    dependsOn = changes.dependsOn;
  }

  const lines: string[] = [];
  if (ops.size === 0) {
    lines.push(apps?.length === 1 ? `No changes detected in app '${apps[0]}'` : apps ? `No changes detected in apps '${apps.join("', '")}'` : 'No changes detected');
    return { changed: false, written: [], lines };
  }
  // one or more migrations per app, in an order whose dependencies have no cycle
  const arranged = arrangeMigrations(ops, dependsOn);
  const names = new Map<string, string>();
  const nameOf = (app: string, index: number) => names.get(`${app}.${index}`)!;
  for (const m of arranged) {
    const initial = loader.graph.leafNodes(m.app).length === 0;
    names.set(`${m.app}.${m.index}`, `${fmtNumber(nextNumber(loader, m.app) + m.index)}_${options.name ?? suggestName(m.operations, initial && !options.empty, now)}`);
  }
  const written: MakemigrationsResult['written'] = [];
  const order = [...arranged].sort((a, b) => (a.app === b.app ? a.index - b.index : a.app < b.app ? -1 : 1));
  for (const m of order) {
    const { app } = m;
    const list = m.operations;
    const leaf = loader.graph.leafNodes(app)[0];
    const dependencies: Array<[string, string]> = [];
    if (m.index > 0) dependencies.push([app, nameOf(app, m.index - 1)]);
    else if (leaf) dependencies.push([app, leaf.slice(app.length + 1)]);
    for (const [other, index] of [...m.needs].sort()) dependencies.push([other, nameOf(other, index)]);
    for (const other of [...m.needsApps].sort()) {
      const otherLeaf = loader.graph.leafNodes(other)[0];
      if (otherLeaf) dependencies.push([other, otherLeaf.slice(other.length + 1)]);
    }
    const initial = !leaf;
    const name = nameOf(app, m.index);
    const source = writeMigration({ dependencies, operations: list, initial }, { importPath: options.importPath, now });
    let path = `${app}/migrations/${name}`;
    if (!options.check && !options.dryRun) path = await options.files.write(app, name, source, { dependencies, operations: list, initial });
    written.push({ app, name, path, source });
    if (m.index === 0) lines.push(`Migrations for '${app}':`);
    lines.push(`  ${path}`);
    for (const op of list) lines.push(`    - ${op.describe()}`);
  }
  return { changed: true, written, lines };
}

/** Django's makemigrations --merge: a migration depending on every leaf of a conflicted app. */
async function merge(loader: MigrationLoader, conflicts: Record<string, string[]>, options: MakemigrationsOptions): Promise<MakemigrationsResult> {
  const apps = Object.keys(conflicts).filter((a) => !options.apps?.length || options.apps.includes(a));
  if (apps.length === 0) return { changed: false, written: [], lines: ['No conflicts detected to merge.'] };
  const lines: string[] = [];
  const written: MakemigrationsResult['written'] = [];
  for (const app of apps.sort()) {
    const leaves = conflicts[app]!.map((n) => `${app}.${n}`);
    const plans = leaves.map((leaf) => loader.graph.forwardsPlan(leaf).filter((k) => k.startsWith(`${app}.`)));
    const common = plans[0]!.filter((k) => plans.every((p) => p.includes(k)));
    lines.push(`Merging ${app}`);
    for (const plan of plans) {
      const branch = plan.filter((k) => !common.includes(k));
      lines.push(`  Branch ${branch[branch.length - 1]!.slice(app.length + 1)}`);
      for (const k of branch) for (const op of loader.graph.node(k).operations) lines.push(`    - ${op.describe()}`);
    }
    const leafNames = conflicts[app]!.slice().sort().join('_');
    const label = options.name ?? `merge_${leafNames.length > 47 ? suggestName([], false, options.now ?? new Date()).slice(5) : leafNames}`;
    const name = `${fmtNumber(nextNumber(loader, app))}_${label}`;
    const dependencies = conflicts[app]!.slice().sort().map((n) => [app, n] as [string, string]);
    const source = writeMigration({ dependencies, operations: [] }, { importPath: options.importPath, now: options.now });
    let path = `${app}/migrations/${name}`;
    if (!options.check && !options.dryRun) path = await options.files.write(app, name, source, { dependencies, operations: [] });
    written.push({ app, name, path, source });
    lines.push('', `Created new merge migration ${path}`);
  }
  return { changed: true, written, lines };
}

/**
 * Django's runserver warning: the number of unapplied migrations and their
 * apps, or no lines when the database is up to date.
 */
export async function unappliedMigrationsWarning(options: { backend: Backend; files: MigrationFiles | MigrationModules }): Promise<string[]> {
  const loader = await loaderWithHistory(options.files, options.backend);
  const executor = new MigrationExecutor(options.backend, loader);
  const plan = executor.migrationPlan(executor.leafTargets(), loader.applied);
  if (plan.length === 0) return [];
  const apps = [...new Set(plan.map((s) => s.migration.appLabel))].sort();
  return [
    `You have ${plan.length} unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): ${apps.join(', ')}.`,
    "Run 'npx manouche migrate' to apply them.",
  ];
}


export interface MigrateOptions {
  backend: Backend;
  files: MigrationFiles | MigrationModules;
  /** Only this app (Django's app_label argument). */
  app?: string;
  /** A migration name (or unique prefix) of `app`, or 'zero'. */
  target?: string;
  fake?: boolean;
  fakeInitial?: boolean;
  /** List the operations that would run without running them (`--plan`). */
  plan?: boolean;
  /** Receives each piece of output as it happens (a CLI prints it at once). */
  stdout?: (text: string) => void;
  /** The alias of `backend` for postMigrate receivers (Django's --database; default 'default'). */
  using?: string;
}

/** A migration of `app` named `name` or by a unique prefix of its name. */
export function findMigration(loader: MigrationLoader, app: string, name: string): string {
  if (!loader.graph.apps().includes(app)) throw new ValueError(`App '${app}' does not have migrations.`);
  const names = [...loader.graph.nodes.keys()].filter((k) => k.startsWith(`${app}.`)).map((k) => k.slice(app.length + 1));
  if (names.includes(name)) return name;
  const matches = names.filter((n) => n.startsWith(name));
  if (matches.length > 1) throw new ValueError(`More than one migration matches '${name}' in app '${app}'. Please be more specific.`);
  if (matches.length === 0) throw new ValueError(`Cannot find a migration matching '${name}' from app '${app}'.`);
  return matches[0]!;
}

function planLines(plan: readonly PlanStep[]): string[] {
  const lines = ['Planned operations:'];
  if (plan.length === 0) lines.push('  No planned migration operations.');
  for (const { migration, backwards } of plan) {
    lines.push(migration.key);
    for (const op of migration.operations) {
      let text = `${backwards ? 'Undo ' : ''}${op.describe()}`;
      if (backwards && !op.reversible) text += ' -> IRREVERSIBLE';
      lines.push(`    ${text}`);
    }
  }
  return lines;
}

/** Django's migrate: brings the database to the target and returns the lines it printed. */
export async function migrate(options: MigrateOptions): Promise<{ lines: string[]; plan: PlanStep[] }> {
  if (!options.plan) for (const upgrade of historyUpgrades) await upgrade(options.backend, new MigrationRecorder(options.backend));
  const loader = await loaderWithHistory(options.files, options.backend);
  loader.checkConsistent();
  const executor = new MigrationExecutor(options.backend, loader);
  let targets: Target[];
  let header: string;
  if (options.target !== undefined && options.app === undefined) throw new ValueError('A migration target needs its app label.');
  if (options.app !== undefined) {
    if (!loader.graph.apps().includes(options.app)) throw new ValueError(`App '${options.app}' does not have migrations.`);
    if (options.target === undefined) {
      targets = loader.graph.leafNodes(options.app).map((k) => [options.app!, k.slice(options.app!.length + 1)] as const);
      header = `  Apply all migrations: ${options.app}`;
    } else if (options.target === 'zero') {
      targets = [[options.app, null]];
      header = `  Unapply all migrations: ${options.app}`;
    } else {
      const name = findMigration(loader, options.app, options.target);
      targets = [[options.app, name]];
      header = `  Target specific migration: ${name}, from ${options.app}`;
    }
  } else {
    targets = executor.leafTargets();
    header = `  Apply all migrations: ${loader.graph.apps().join(', ') || '(none)'}`;
  }
  const plan = executor.migrationPlan(targets, loader.applied);
  const out: string[] = [];
  let partial = '';
  const write = (text: string) => {
    options.stdout?.(text);
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    out.push(...parts);
  };
  if (options.plan) {
    for (const l of planLines(plan)) write(`${l}\n`);
    return { lines: out, plan };
  }
  // the history table exists after any migrate, even one with nothing to apply (as in Django)
  await executor.recorder.ensureSchema();
  write(`Operations to perform:\n${header}\nRunning migrations:\n`);
  if (plan.length === 0) {
    write('  No migrations to apply.\n');
    await executor.checkReplacements();
  } else await executor.migrate(plan, { fake: options.fake, fakeInitial: options.fakeInitial, progress: write });
  for (const appConfig of apps.getAppConfigs()) await postMigrate.send(appConfig, { appConfig, using: options.using ?? 'default', backend: options.backend, plan });
  if (partial) out.push(partial);
  return { lines: out, plan };
}

/** Django's showmigrations: each app, then ` [X] name` / ` [ ] name` in plan order. */
export async function showmigrations(options: { backend: Backend; files: MigrationFiles | MigrationModules; apps?: readonly string[] }): Promise<string[]> {
  const recorded = await new MigrationRecorder(options.backend).applied();
  const loader = await loaderFor(options.files, { applied: recorded.keys() });
  const apps = options.apps?.length ? options.apps : loader.graph.apps();
  const plan = loader.graph.fullPlan();
  const lines: string[] = [];
  for (const app of apps) {
    lines.push(app);
    const nodes = plan.filter((k) => k.startsWith(`${app}.`));
    if (nodes.length === 0) lines.push(' (no migrations)');
    for (const k of nodes) {
      const m = loader.graph.node(k);
      let title = m.name + (m.replaces.length ? ` (${m.replaces.length} squashed migrations)` : '');
      let mark = loader.applied.has(k) ? 'X' : ' ';
      // every replaced migration is applied, the squash itself not yet recorded
      if (mark === 'X' && !recorded.has(k)) {
        mark = '-';
        title += " Run 'npx manouche migrate' to finish recording.";
      }
      lines.push(` [${mark}] ${title}`);
    }
  }
  return lines;
}

/** Django's sqlmigrate: the SQL of one migration (backwards with `backwards`), not run. */
export async function sqlmigrate(options: { backend: Backend; files: MigrationFiles | MigrationModules; app: string; name: string; backwards?: boolean }): Promise<string[]> {
  const loader = await loaderFor(options.files, { replaceMigrations: false });
  const name = findMigration(loader, options.app, options.name);
  const executor: Executor = new MigrationExecutor(options.backend, loader);
  return executor.collectSql([{ migration: loader.graph.node(`${options.app}.${name}`), backwards: options.backwards ?? false }]);
}
