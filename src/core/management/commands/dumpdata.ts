/**
 * `dumpdata [app_label[.ModelName] ...]`: the database's contents as a
 * fixture (django/core/management/commands/dumpdata.py).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { apps } from '../../../apps/registry';

import { ForeignKey } from '../../../db/models/fields';
import type { Options } from '../../../db/models/options';
import { LookupError } from '../../exceptions';
import { hasNaturalKey, SERIALIZATION_FORMATS, serializeJson } from '../../serializers/index';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';

/** Resolves 'app' and 'app.Model' labels to models (Django's error messages). */
export function modelsForLabels(labels: readonly string[], what: 'model' | 'exclude' = 'model'): Options[] {
  const out: Options[] = [];
  for (const label of labels) {
    const dot = label.indexOf('.');
    const app = dot < 0 ? label : label.slice(0, dot);
    try {
      apps.getAppConfig(app);
    } catch (e) {
      if (e instanceof LookupError) throw new CommandError(`No installed app with label '${app}'.`);
      throw e;
    }
    if (dot < 0) out.push(...apps.getModels(app));
    else {
      try {
        out.push(apps.getModel(label));
      } catch (e) {
        if (e instanceof LookupError) throw new CommandError(what === 'exclude' ? `Unknown model in excludes: ${label}` : `Unknown model: ${label}`);
        throw e;
      }
    }
  }
  return out;
}

/**
 * Django's sort_dependencies(): with natural keys, a model comes after the
 * models with natural keys it refers to (and its naturalKey.dependencies).
 */
export function sortDependencies(models: readonly Options[]): Options[] {
  const deps = new Map<Options, Set<Options>>();
  for (const m of models) {
    const set = new Set<Options>();
    for (const label of ((m.model?.prototype?.naturalKey as { dependencies?: string[] } | undefined)?.dependencies ?? [])) set.add(apps.getModel(label));
    for (const f of m.fields) {
      if (!(f instanceof ForeignKey)) continue;
      const t = m.target(f);
      if (t !== m && hasNaturalKey(t)) set.add(t);
    }
    for (const f of m.manyToMany) {
      const t = m.target(f);
      if (t !== m && hasNaturalKey(t)) set.add(t);
    }
    deps.set(m, set);
  }
  const out: Options[] = [];
  const pending = [...models];
  while (pending.length) {
    const ready = pending.find((m) => [...deps.get(m)!].every((d) => !pending.includes(d) || d === m));
    if (!ready) {
      throw new CommandError(`Can't resolve dependencies for ${pending.map((m) => m.label).sort().join(', ')} in serialized app list.`);
    }
    out.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return out;
}

export class DumpdataCommand extends BaseCommand {
  override help = 'Output the contents of the database as a fixture of the given format (using each model\'s default manager unless --all is specified).';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('args', { metavar: 'app_label[.ModelName]', nargs: '*', help: 'Restricts dumped data to the specified app_label or app_label.ModelName.' });
    parser.addArgument('--format', { default: 'json', help: 'Specifies the output serialization format for fixtures.' });
    parser.addArgument('--indent', { type: 'int', help: 'Specifies the indent level to use when pretty-printing output.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a specific database to dump fixtures from. Defaults to the "default" database.' });
    parser.addArgument('-e', '--exclude', { dest: 'exclude', action: 'append', default: [], help: 'An app_label or app_label.ModelName to exclude (use multiple --exclude to exclude multiple apps/models).' });
    parser.addArgument('--natural-foreign', { action: 'store_true', dest: 'use_natural_foreign_keys', help: 'Use natural foreign keys if they are available.' });
    parser.addArgument('--natural-primary', { action: 'store_true', dest: 'use_natural_primary_keys', help: 'Use natural primary keys if they are available.' });
    parser.addArgument('-a', '--all', { action: 'store_true', dest: 'use_base_manager', help: "Use manouche's base manager to dump all models stored in the database, including those that would otherwise be filtered or modified by a custom manager." });
    parser.addArgument('--pks', { dest: 'primary_keys', help: 'Only dump objects with given primary keys. Accepts a comma-separated list of keys. This option only works when you specify one model.' });
    parser.addArgument('-o', '--output', { help: 'Specifies file to which the output is written.' });
  }

  override async handle(options: CommandOptions): Promise<void> {
    const format = options.format as string;
    if (!(SERIALIZATION_FORMATS as readonly string[]).includes(format)) throw new CommandError(`Unknown serialization format: ${format}`);
    const labels = options.args as string[];
    const excluded = new Set(modelsForLabels(options.exclude as string[], 'exclude'));
    const pks = options.primary_keys ? String(options.primary_keys).split(',').map((p) => p.trim()) : null;
    if (pks && labels.length !== 1) throw new CommandError('You can only use --pks option with one model');
    if (pks && !labels[0]!.includes('.')) throw new CommandError('You can only use --pks option with one model');
    let models = (labels.length ? modelsForLabels(labels) : apps.getModels()).filter((m) => !excluded.has(m) && !m.autoCreated);
    models = [...new Set(models)];
    if (options.use_natural_foreign_keys) models = sortDependencies(models);
    const using = options.database as string;
    async function* objects() {
      for (const m of models) {
        let qs = m.model.objects.using(using).orderBy('pk');
        if (pks) qs = qs.filter({ pk__in: pks.map((p) => (/^-?\d+$/.test(p) && m.pk.type.includes('Auto') ? Number(p) : p)) });
        for (const obj of await qs) yield obj;
      }
    }
    let text: string;
    try {
      text = await serializeJson(objects(), {
        indent: options.indent as number | null,
        useNaturalForeignKeys: options.use_natural_foreign_keys as boolean,
        useNaturalPrimaryKeys: options.use_natural_primary_keys as boolean,
        using,
      });
    } catch (e) {
      throw new CommandError(`Unable to serialize database: ${(e as Error).message}`, { cause: e });
    }
    // exactly the serializer's text, as Django (which sets stdout.ending = None)
    if (options.output) writeFileSync(resolve(this.context.cwd, options.output as string), text);
    else this.stdout.write(text, { ending: '' });
  }
}
