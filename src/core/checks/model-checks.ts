/**
 * Model checks (Django's check_all_models and the related fields' _check_*
 * methods): relations to unknown models (fields.E300), reverse accessor and
 * query name clashes (fields.E302-E305), `ordering` naming missing fields
 * (models.E015), tables shared by several models (models.E028).
 */
import { apps } from '../../apps/registry';
import { ForeignKey, ManyToManyField } from '../../db/models/fields';
import { type Options, accessorName, reverseQueryName } from '../../db/models/options';
import { Error, type CheckMessage } from './messages';
import type { CheckArgs } from './registry';

type Relation = ForeignKey | ManyToManyField;

function relations(opts: Options): Relation[] {
  return [...opts.fields.filter((f): f is ForeignKey => f instanceof ForeignKey), ...opts.manyToMany];
}

function tryTarget(opts: Options, f: Relation): Options | null {
  try {
    return opts.target(f);
  } catch {
    return null;
  }
}

function refName(f: Relation): string {
  const ref = f.ref as unknown;
  if (typeof ref === 'string') return ref;
  return (ref as { name?: string })?.name || '?';
}

/** The models checked: those of `appConfigs`, or of every installed app. */
function checkedModels(args: CheckArgs): Options[] {
  const labels = args.appConfigs ? new Set(args.appConfigs.map((a) => a.label)) : null;
  return apps.getModels().filter((o) => !labels || labels.has(o.appLabel));
}

export function checkRelations(args: CheckArgs): CheckMessage[] {
  const errors: CheckMessage[] = [];
  const installed = new Set(apps.getAppConfigs().map((a) => a.label));
  const all = apps.getModels();
  for (const opts of checkedModels(args)) {
    for (const f of relations(opts)) {
      const target = tryTarget(opts, f);
      if (!target || !installed.has(target.appLabel)) {
        errors.push(new Error(`Field defines a relation with model '${target ? target.label : refName(f)}', which is either not installed, or is abstract.`, { obj: f, id: 'fields.E300' }));
        continue;
      }
      if (f.relatedName?.endsWith('+')) continue;
      const fieldName = `${opts.label}.${f.name}`;
      const accessor = accessorName(f, opts);
      const queryName = reverseQueryName(f, opts);
      const relName = `${target.model?.name ?? target.label}.${accessor}`;
      for (const clash of [...target.fields, ...target.manyToMany]) {
        const clashName = `${target.label}.${clash.name}`;
        const hint = `Rename field '${clashName}', or add/change a related_name argument to the definition for field '${fieldName}'.`;
        if (clash.name === accessor) errors.push(new Error(`Reverse accessor '${relName}' for '${fieldName}' clashes with field name '${clashName}'.`, { hint, obj: f, id: 'fields.E302' }));
        if (clash.name === queryName) errors.push(new Error(`Reverse query name for '${fieldName}' clashes with field name '${clashName}'.`, { hint, obj: f, id: 'fields.E303' }));
      }
      for (const other of all) {
        for (const g of relations(other)) {
          if (g === f || g.relatedName?.endsWith('+') || tryTarget(other, g) !== target) continue;
          const clashName = `${other.label}.${g.name}`;
          const hint = `Add or change a related_name argument to the definition for '${fieldName}' or '${clashName}'.`;
          if (accessorName(g, other) === accessor) errors.push(new Error(`Reverse accessor '${relName}' for '${fieldName}' clashes with reverse accessor for '${clashName}'.`, { hint, obj: f, id: 'fields.E304' }));
          if (reverseQueryName(g, other) === queryName) errors.push(new Error(`Reverse query name for '${fieldName}' clashes with reverse query name for '${clashName}'.`, { hint, obj: f, id: 'fields.E305' }));
        }
      }
    }
  }
  return errors;
}

/** models.E015: every `ordering` entry names a field (across relations with `__`). */
export function checkOrdering(args: CheckArgs): CheckMessage[] {
  const errors: CheckMessage[] = [];
  for (const opts of checkedModels(args)) {
    for (const entry of opts.ordering) {
      if (entry === '?') continue;
      const path = entry.replace(/^-/, '');
      let here: Options | null = opts;
      let ok = true;
      for (const part of path.split('__')) {
        const field: ForeignKey | ManyToManyField | import('../../db/models/fields').Field | undefined =
          here === null ? undefined : part === 'pk' ? here.pk : here.fieldsByName.get(part) ?? here.manyToMany.find((m) => m.name === part) ?? here.fields.find((g) => g instanceof ForeignKey && `${g.name}_id` === part);
        if (!field) {
          ok = false;
          break;
        }
        here = field instanceof ForeignKey || field instanceof ManyToManyField ? tryTarget(here!, field) : null;
      }
      if (!ok) errors.push(new Error(`'ordering' refers to the nonexistent field, related field, or lookup '${path}'.`, { obj: opts.model, id: 'models.E015' }));
    }
  }
  return errors;
}

/** models.E028: one db_table per model. */
export function checkTables(args: CheckArgs): CheckMessage[] {
  const byTable = new Map<string, Options[]>();
  for (const opts of apps.getModels()) byTable.set(opts.dbTable, [...(byTable.get(opts.dbTable) ?? []), opts]);
  const checked = new Set(checkedModels(args));
  const errors: CheckMessage[] = [];
  for (const [table, models] of byTable) {
    if (models.length < 2 || !models.some((m) => checked.has(m))) continue;
    errors.push(new Error(`db_table '${table}' is used by multiple models: ${models.map((m) => m.label).join(', ')}.`, { obj: table, id: 'models.E028' }));
  }
  return errors;
}
