/**
 * `loaddata fixture ...`: installs JSON fixtures
 * (django/core/management/commands/loaddata.py). A label is a path or a
 * name looked up in each installed app's fixtures/ directory, in
 * FIXTURE_DIRS and in the working directory; `-` reads stdin. The whole
 * load runs in one transaction; on PostgreSQL the primary key sequences
 * are reset after it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { apps } from '../../../apps/registry';
import { settings } from '../../../conf/settings';
import { connections } from '../../../db/connection';
import { DatabaseError, POSTGRESQL, type Backend } from '../../../db/backends/base';
import type { Options } from '../../../db/models/options';
import { DeserializationError, type DeserializedObject, SERIALIZATION_FORMATS, deserializeJson } from '../../serializers/index';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { checkConnection } from '../connection';
import { modelsForLabels } from './dumpdata';

interface Fixture {
  file: string;
  format: string;
}

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Django's sequence_reset_sql for PostgreSQL: each auto primary key continues after the largest loaded value. */
async function resetSequences(backend: Backend, models: Iterable<Options>): Promise<void> {
  if (backend.dialect !== POSTGRESQL) return; // SQLite's AUTOINCREMENT follows the largest key by itself
  for (const m of models) {
    if (!m.pk.auto) continue;
    const t = q(m.dbTable);
    const c = q(m.pk.column);
    await backend.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${c}), 1), max(${c}) IS NOT null) FROM ${t}`, [t, m.pk.column]);
  }
}

export class LoaddataCommand extends BaseCommand {
  override help = 'Installs the named fixture(s) in the database.';
  override requiresSystemChecks = true;

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('args', { metavar: 'fixture', nargs: '+', help: 'Fixture labels.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a specific database to load fixtures into. Defaults to the "default" database.' });
    parser.addArgument('--app', { dest: 'app_label', help: 'Only look for fixtures in the specified app.' });
    parser.addArgument('--ignorenonexistent', '-i', { action: 'store_true', dest: 'ignore', help: 'Ignores entries in the serialized data for fields that do not currently exist on the model.' });
    parser.addArgument('-e', '--exclude', { action: 'append', default: [], help: 'An app_label or app_label.ModelName to exclude. Can be used multiple times.' });
    parser.addArgument('--format', { help: 'Format of serialized data when reading from stdin.' });
  }

  /** Django's fixture_dirs: each app's fixtures/, FIXTURE_DIRS, then the working directory. */
  private fixtureDirs(appLabel: string | null): string[] {
    const dirs: string[] = [];
    for (const app of apps.getAppConfigs()) {
      if (appLabel && app.label !== appLabel) continue;
      if (app.path) {
        const dir = join(app.path, 'fixtures');
        if (existsSync(dir) && statSync(dir).isDirectory()) dirs.push(dir);
      }
    }
    const extra = ((settings.FIXTURE_DIRS as string[] | undefined) ?? []).map((d) => resolve(this.context.cwd, d));
    const appDirs = new Set(dirs);
    const dup = extra.find((d, i) => extra.indexOf(d) !== i);
    if (dup) throw new CommandError('settings.FIXTURE_DIRS contains duplicates.');
    const clash = extra.find((d) => appDirs.has(d));
    if (clash) throw new CommandError(`'${clash}' is a default fixture directory for an app and cannot be listed in settings.FIXTURE_DIRS.`);
    return [...dirs, ...extra, this.context.cwd];
  }

  /** The files a label names (Django's find_fixtures). */
  private findFixtures(label: string, appLabel: string | null): Fixture[] {
    const ext = extname(label).slice(1);
    const format = ext || null;
    if (format && !(SERIALIZATION_FORMATS as readonly string[]).includes(format)) {
      throw new CommandError(`Problem installing fixture '${basename(label, extname(label))}': ${format} is not a known serialization format.`);
    }
    const hasDir = label.includes('/') || label.includes('\\');
    const dirs = isAbsolute(label) ? [dirname(label)] : hasDir ? this.fixtureDirs(appLabel).map((d) => join(d, dirname(label))) : this.fixtureDirs(appLabel);
    const name = basename(label);
    const found: Fixture[] = [];
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      const matches = readdirSync(dir).filter((f) => (format ? f === name : SERIALIZATION_FORMATS.some((fmt) => f === `${name}.${fmt}`)));
      if (matches.length > 1) throw new CommandError(`Multiple fixtures named '${name}' in ${dir}. Aborting.`);
      for (const m of matches) {
        const file = join(dir, m);
        if (!found.some((f) => f.file === file)) found.push({ file, format: extname(m).slice(1) });
      }
    }
    if (!found.length) throw new CommandError(`No fixture named '${name.replace(/\.json$/, '')}' found.`);
    return found;
  }

  override async handle(options: CommandOptions): Promise<void> {
    const labels = options.args as string[];
    const using = options.database as string;
    checkConnection(using);
    if (labels.includes('-') && !options.format) throw new CommandError('--format must be specified when reading from stdin.');
    const excluded = new Set(modelsForLabels(options.exclude as string[], 'exclude'));
    const excludedApps = new Set((options.exclude as string[]).filter((l) => !l.includes('.')));
    const backend = connections.get(using);

    const fixtures: Fixture[] = [];
    const texts = new Map<string, string>();
    for (const label of labels) {
      if (label === '-') {
        if (options.format !== 'json') throw new CommandError(`Problem installing fixture '-': ${options.format} is not a known serialization format.`);
        texts.set('-', await readStdin());
        fixtures.push({ file: '-', format: 'json' });
      } else fixtures.push(...this.findFixtures(label, (options.app_label as string | null) ?? null));
    }

    let loaded = 0;
    let found = 0;
    let fixtureCount = 0;
    const touched = new Set<Options>();
    const withDeferred: Array<[string, DeserializedObject]> = [];
    await backend.atomic(async () => {
      for (const fixture of fixtures) {
        const text = fixture.file === '-' ? texts.get('-')! : readFileSync(fixture.file, 'utf8');
        let objectsInFixture = 0;
        let current = '';
        try {
          for await (const obj of deserializeJson(text, { using, ignoreNonexistent: options.ignore as boolean, handleForwardReferences: true })) {
            objectsInFixture++;
            const opts: Options = obj.object.constructor._meta;
            if (excluded.has(opts) || excludedApps.has(opts.appLabel)) continue;
            current = `${opts.label}(pk=${obj.object.pk})`;
            await obj.save(using);
            if (obj.deferredFields.length) withDeferred.push([fixture.file, obj]);
            loaded++;
            touched.add(opts);
          }
        } catch (e) {
          if (e instanceof DatabaseError) throw new CommandError(`Problem installing fixture '${fixture.file}': Could not load ${current}: ${e.message}`, { cause: e });
          if (e instanceof DeserializationError || e instanceof CommandError) throw new CommandError(`Problem installing fixture '${fixture.file}': ${e.message}`, { cause: e });
          throw e;
        }
        found += objectsInFixture;
        if (objectsInFixture > 0) fixtureCount++;
        else if (options.verbosity >= 1) this.stderr.write(`No fixture data found for '${basename(fixture.file, extname(fixture.file))}'. (File format may be invalid.)`, { styleFunc: this.style.WARNING });
      }
      // forward references: natural keys of objects later in the fixtures (foreign keys are checked at the commit)
      for (const [file, obj] of withDeferred) {
        try {
          await obj.saveDeferredFields(using);
        } catch (e) {
          if (e instanceof DeserializationError || e instanceof DatabaseError) throw new CommandError(`Problem installing fixture '${file}': ${e.message}`, { cause: e });
          throw e;
        }
      }
      if (loaded > 0) await resetSequences(backend, touched);
    });

    if (options.verbosity >= 1) {
      if (found === loaded) this.stdout.write(`Installed ${loaded} object(s) from ${fixtureCount} fixture(s)`);
      else this.stdout.write(`Installed ${loaded} object(s) (of ${found}) from ${fixtureCount} fixture(s)`);
    }
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
