/**
 * The autodetector (django.db.migrations.autodetector): compares the state
 * the migration files build with the live models and returns, per app, the
 * operations that turn one into the other, with the other apps each new
 * migration depends on.
 *
 * Steps, in the order the operations are emitted within an app:
 * 1. renamed models and fields (hints or the questioner), applied to a copy
 *    of the old state so that the rest compares like with like;
 * 2. created models, ordered so that a model comes after those it points to
 *    (a foreign key in a cycle is split out into a later AddField);
 * 3. unique_together sets, indexes and constraints that must go before fields do;
 * 4. removed, added, altered fields;
 * 5. the new unique_together, indexes, constraints; Meta options; table names;
 * 6. deleted models, those pointing to others first.
 */
import { ValueError } from '../../core/exceptions';
import type { Constraint } from '../models/constraints';
import { type Field, ForeignKey, ManyToManyField, relationLabel, sameOption } from '../models/fields';
import type { IndexSpec } from '../models/indexes';
import { cloneField, sameField } from './fields';
import type { Operation } from './operations/base';
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields';
import {
  AddConstraint,
  AddIndex,
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  RemoveConstraint,
  RemoveIndex,
  RenameModel,
} from './operations/models';
import { NotNullAdditionError, type Questioner, type RenameHints } from './questioner';
import { ALTER_OPTION_KEYS, type ModelState, type ProjectState } from './state';

export interface Changes {
  /** Operations per app label, in order. */
  operations: Map<string, Operation[]>;
  /** For each app with operations, the other apps its new migration depends on. */
  dependsOn: Map<string, Set<string>>;
}

const lower = (s: string) => s.toLowerCase();

function targetKey(f: Field, own: string): string | null {
  return f instanceof ForeignKey || f instanceof ManyToManyField ? lower(relationLabel(f.ref as never, own)) : null;
}

/** Fields compared for a rename: same definition, relations and column names aside. */
function sameForRename(a: Field, b: Field): boolean {
  const da = a.deconstruct();
  const db = b.deconstruct();
  const strip = (o: Record<string, unknown>) => {
    const c = { ...o };
    delete c.dbColumn;
    return c;
  };
  return da.type === db.type && lower(da.to ?? '') === lower(db.to ?? '') && sameOption(strip(da.options), strip(db.options));
}

function sameTogether(a: ReadonlyArray<readonly string[]>, b: ReadonlyArray<readonly string[]>): boolean {
  const norm = (x: ReadonlyArray<readonly string[]>) => x.map((t) => [...t].sort().join(',')).sort().join('|');
  return norm(a) === norm(b);
}

/** Django's preserve_default test: may the field be added to existing rows as it is? */
function addableAsIs(f: Field): boolean {
  const auto = f as { autoNow?: boolean; autoNowAdd?: boolean };
  return f.null || f.hasDefault() || f instanceof ManyToManyField || (f.blank && f.emptyStringsAllowed) || !!auto.autoNow || !!auto.autoNowAdd || f.primaryKey;
}

export class Autodetector {
  constructor(
    readonly from: ProjectState,
    readonly to: ProjectState,
    readonly options: { questioner?: Questioner; renames?: RenameHints } = {},
  ) {}

  async changes(appLabels?: readonly string[]): Promise<Changes> {
    const ops = new Map<string, Operation[]>();
    const deps = new Map<string, Set<string>>();
    const emit = (app: string, op: Operation) => {
      if (appLabels && !appLabels.includes(app)) return;
      if (!ops.has(app)) ops.set(app, []);
      ops.get(app)!.push(op);
    };
    const depend = (app: string, on: string) => {
      if (app === on || (appLabels && !appLabels.includes(app))) return;
      if (!deps.has(app)) deps.set(app, new Set());
      deps.get(app)!.add(on);
    };
    const q = this.options.questioner ?? {};
    const hints = this.options.renames ?? {};
    // the old state, with the renames applied as they are found
    const old = this.from.clone();
    const apply = (app: string, op: Operation) => {
      op.stateForwards(app, old);
      emit(app, op);
    };

    // 1. renamed models
    const added = () => [...this.to.models.values()].filter((m) => !old.models.has(m.key));
    const removed = () => [...old.models.values()].filter((m) => !this.to.models.has(m.key));
    for (const newModel of added()) {
      for (const oldModel of removed()) {
        if (oldModel.appLabel !== newModel.appLabel) continue;
        const hinted = hints.models?.[oldModel.label] ?? hints.models?.[`${oldModel.appLabel}.${lower(oldModel.name)}`];
        let rename = hinted !== undefined && lower(hinted) === lower(newModel.name);
        if (!rename && hinted === undefined && q.askRenameModel && this.sameModelFields(oldModel, newModel)) rename = await q.askRenameModel(oldModel, newModel);
        if (rename) {
          apply(newModel.appLabel, new RenameModel({ oldName: oldModel.name, newName: newModel.name }));
          break;
        }
      }
    }
    // 1b. renamed fields
    for (const newModel of this.to.models.values()) {
      const oldModel = old.models.get(newModel.key);
      if (!oldModel) continue;
      const hinted = hints.fields?.[newModel.label] ?? hints.fields?.[newModel.key] ?? {};
      for (const [newName, newField] of newModel.fields) {
        if (oldModel.fields.has(newName)) continue;
        const current = old.model(newModel.appLabel, newModel.name);
        for (const [oldName, oldField] of current.fields) {
          if (newModel.fields.has(oldName)) continue;
          let rename = hinted[oldName] === newName;
          if (!rename && hinted[oldName] === undefined && q.askRenameField && sameForRename(oldField, newField)) {
            rename = await q.askRenameField(lower(newModel.name), oldName, newName, newField);
          }
          if (rename) {
            apply(newModel.appLabel, new RenameField({ modelName: lower(newModel.name), oldName, newName }));
            break;
          }
        }
      }
    }

    // 2. created models
    const created = added();
    const emitted = new Set<string>();
    const deferred: Array<[ModelState, string, Field]> = [];
    const visiting = new Set<string>();
    const createModel = (m: ModelState) => {
      if (emitted.has(m.key)) return;
      visiting.add(m.key);
      const fields: Array<[string, Field]> = [];
      for (const [name, f] of m.fields) {
        const t = targetKey(f, m.label);
        const target = t ? created.find((c) => c.key === t) : undefined;
        if (target && target.key !== m.key) {
          if (visiting.has(target.key)) {
            deferred.push([m, name, f]); // a cycle: added once both tables exist
            continue;
          }
          createModel(target);
        }
        if (t) {
          const targetApp = t.slice(0, t.indexOf('.'));
          depend(m.appLabel, targetApp);
        }
        fields.push([name, f]);
      }
      visiting.delete(m.key);
      emitted.add(m.key);
      apply(m.appLabel, new CreateModel({ name: m.name, fields, options: { ...m.options } }));
    };
    for (const m of created) createModel(m);
    for (const [m, name, f] of deferred) apply(m.appLabel, new AddField({ modelName: lower(m.name), name, field: f }));

    // 3-5. models on both sides
    for (const newModel of this.to.models.values()) {
      if (!old.models.has(newModel.key) || created.some((c) => c.key === newModel.key)) continue;
      const app = newModel.appLabel;
      const name = lower(newModel.name);
      const cur = () => old.model(app, newModel.name);
      const removedFields = [...cur().fields.keys()].filter((n) => !newModel.fields.has(n));
      // unique_together sets using a field about to go are dropped first
      const keep = cur().uniqueTogether.filter((t) => !t.some((n) => removedFields.includes(n)));
      if (keep.length !== cur().uniqueTogether.length) apply(app, new AlterUniqueTogether({ name, uniqueTogether: keep }));
      for (const index of cur().indexes) {
        const now = newModel.indexes.find((i) => i.name === index.name);
        if (!now || !sameOption(now.deconstruct(), index.deconstruct())) apply(app, new RemoveIndex({ modelName: name, name: index.name }));
      }
      for (const c of cur().constraints) {
        const now = newModel.constraints.find((x) => x.name === c.name);
        if (!now || !sameOption(now.deconstruct(), c.deconstruct())) apply(app, new RemoveConstraint({ modelName: name, name: c.name }));
      }
      for (const fname of removedFields) apply(app, new RemoveField({ modelName: name, name: fname }));
      for (const [fname, f] of newModel.fields) {
        const t = targetKey(f, newModel.label);
        if (cur().fields.has(fname)) continue;
        if (t) depend(app, t.slice(0, t.indexOf('.')));
        if (addableAsIs(f)) {
          apply(app, new AddField({ modelName: name, name: fname, field: f }));
          continue;
        }
        const oneOff = await q.askNotNullAddition?.(name, fname);
        if (oneOff === undefined) {
          throw new NotNullAdditionError(
            `It is impossible to add a non-nullable field '${fname}' to ${name} without specifying a default. This is because the database needs something to populate existing rows.\nPlease either: provide a one-off default, set a default on the field (default: ...), or allow null (null: true).`,
          );
        }
        apply(app, new AddField({ modelName: name, name: fname, field: cloneField(f, { options: { default: oneOff } }), preserveDefault: false }));
      }
      for (const [fname, f] of newModel.fields) {
        const before = cur().fields.get(fname);
        if (!before || sameField(before, f)) continue;
        const t = targetKey(f, newModel.label);
        if (t) depend(app, t.slice(0, t.indexOf('.')));
        if (before.null && !f.null && !addableAsIs(f)) {
          const oneOff = await q.askNotNullAlteration?.(name, fname);
          if (oneOff !== undefined) {
            apply(app, new AlterField({ modelName: name, name: fname, field: cloneField(f, { options: { default: oneOff } }), preserveDefault: false }));
            continue;
          }
        }
        apply(app, new AlterField({ modelName: name, name: fname, field: f }));
      }
      if (!sameTogether(cur().uniqueTogether, newModel.uniqueTogether)) apply(app, new AlterUniqueTogether({ name, uniqueTogether: newModel.uniqueTogether }));
      for (const index of newModel.indexes) if (!cur().indexes.some((i) => i.name === index.name)) apply(app, new AddIndex({ modelName: name, index }));
      for (const c of newModel.constraints) if (!cur().constraints.some((x) => x.name === c.name)) apply(app, new AddConstraint({ modelName: name, constraint: c }));
      const oldOpts = cur().options as Record<string, unknown>;
      const newOpts = newModel.options as Record<string, unknown>;
      if (ALTER_OPTION_KEYS.some((k) => !sameOption(oldOpts[k], newOpts[k]))) {
        const options: Record<string, unknown> = {};
        for (const k of ALTER_OPTION_KEYS) if (newOpts[k] !== undefined) options[k] = newOpts[k];
        apply(app, new AlterModelOptions({ name: newModel.name, options }));
      }
      if (cur().dbTable !== newModel.dbTable) apply(app, new AlterModelTable({ name: newModel.name, table: newModel.options.dbTable }));
    }

    // 6. deleted models: a model pointing to another deleted one goes first
    const gone = removed();
    const deleted = new Set<string>();
    const deleteModel = (m: ModelState, path: Set<string>) => {
      if (deleted.has(m.key) || path.has(m.key)) return;
      path.add(m.key);
      for (const other of gone) {
        if (other.key === m.key) continue;
        if ([...other.fields.values()].some((f) => targetKey(f, other.label) === m.key)) deleteModel(other, path);
      }
      deleted.add(m.key);
      // a remaining model of another app that pointed here must lose that field first
      for (const other of this.from.models.values()) {
        if (other.appLabel !== m.appLabel && [...other.fields.values()].some((f) => targetKey(f, other.label) === m.key)) depend(m.appLabel, other.appLabel);
      }
      apply(m.appLabel, new DeleteModel({ name: m.name }));
    };
    for (const m of gone) deleteModel(m, new Set());

    // the working state must now equal the live one: anything left is a bug here, not a user error
    for (const m of this.to.models.values()) {
      if (appLabels && !appLabels.includes(m.appLabel)) continue;
      if (!old.models.has(m.key)) throw new ValueError(`Autodetector: ${m.label} was not created.`);
    }
    return { operations: ops, dependsOn: deps };
  }

  /** Django's rename test for models: the same field definitions. */
  private sameModelFields(a: ModelState, b: ModelState): boolean {
    if (a.fields.size !== b.fields.size) return false;
    for (const [n, f] of a.fields) {
      const g = b.fields.get(n);
      if (!g || !sameForRename(f, g)) return false;
    }
    return true;
  }
}

export type { IndexSpec, Constraint };
