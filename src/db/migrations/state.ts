/**
 * Migration state (django.db.migrations.state): the models as a series of
 * migrations leaves them. A ProjectState holds one ModelState per model,
 * keyed 'app_label.modelname' (lower case, as Django keys them); operations
 * change it in stateForwards(). The autodetector compares the state built
 * from the migration files with ProjectState.fromRegistry() (the live models).
 */
import { ValueError } from '../../core/exceptions';
import type { Dialect } from '../backends/base';
import type { TableModel } from '../backends/ddl';
import type { Constraint } from '../models/constraints';
import { AutoField, CASCADE, type Field, ForeignKey, ManyToManyField, relationLabel } from '../models/fields';
import type { IndexSpec } from '../models/indexes';
import { type Options, registry as liveRegistry } from '../models/options';
import { cloneField } from './fields';

/** A model's Meta as a migration records it. */
export interface ModelOptions {
  dbTable?: string;
  ordering?: readonly string[];
  verboseName?: string;
  verboseNamePlural?: string;
  getLatestBy?: string;
  uniqueTogether?: ReadonlyArray<readonly string[]>;
  indexes?: readonly IndexSpec[];
  constraints?: readonly Constraint[];
}

/** Options AlterModelOptions owns: the ones that never touch the schema. */
export const ALTER_OPTION_KEYS = ['ordering', 'verboseName', 'verboseNamePlural', 'getLatestBy'] as const;

/** A model as migrations see it: name, fields (fresh instances) and options. */
export class ModelState {
  readonly fields = new Map<string, Field>();
  readonly options: ModelOptions;

  constructor(
    readonly appLabel: string,
    readonly name: string,
    fields: Iterable<readonly [string, Field]>,
    options: ModelOptions = {},
  ) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new ValueError(`'${name}' is not a valid model name.`);
    for (const [fname, field] of fields) {
      if (this.fields.has(fname)) throw new ValueError(`${appLabel}.${name}: the field '${fname}' is listed twice.`);
      const f = cloneField(field, relationTarget(field, `${appLabel}.${name}`));
      f.contribute(fname, `${appLabel}.${name}`);
      this.fields.set(fname, f);
    }
    this.options = { ...options };
    // a verbose name equal to the derived one is no option (as fromOptions() records them)
    const verbose = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    if (this.options.verboseName === verbose) delete this.options.verboseName;
    if (this.options.verboseNamePlural === `${this.options.verboseName ?? verbose}s`) delete this.options.verboseNamePlural;
    for (const index of this.options.indexes ?? []) index.setNameWithModel(this.dbTable);
  }

  /** 'polls.question' */
  get key(): string {
    return `${this.appLabel}.${this.name.toLowerCase()}`;
  }
  /** 'polls.Question' */
  get label(): string {
    return `${this.appLabel}.${this.name}`;
  }
  get dbTable(): string {
    return this.options.dbTable ?? `${this.appLabel}_${this.name.toLowerCase()}`;
  }
  get indexes(): readonly IndexSpec[] {
    return this.options.indexes ?? [];
  }
  get constraints(): readonly Constraint[] {
    return this.options.constraints ?? [];
  }
  get uniqueTogether(): ReadonlyArray<readonly string[]> {
    return this.options.uniqueTogether ?? [];
  }

  /** The field named `name`, or an error naming the model. */
  field(name: string): Field {
    const f = this.fields.get(name);
    if (!f) throw new ValueError(`${this.label} has no field named '${name}'.`);
    return f;
  }

  get pk(): Field {
    for (const f of this.fields.values()) if (f.primaryKey) return f;
    throw new ValueError(`${this.label} has no primary key.`);
  }

  /** A copy with the same fields and options; `changes` replace parts of it. */
  clone(changes: { name?: string; appLabel?: string; fields?: Iterable<readonly [string, Field]>; options?: ModelOptions } = {}): ModelState {
    return new ModelState(changes.appLabel ?? this.appLabel, changes.name ?? this.name, changes.fields ?? this.fields, changes.options ?? this.options);
  }

  /** The state of a live model (fields are cloned, never shared). */
  static fromOptions(opts: Options): ModelState {
    const fields: Array<[string, Field]> = opts.fields.map((f) => [f.name, f]);
    for (const m of opts.manyToMany) fields.push([m.name, m]);
    // keep the live declaration order: the auto id first, then as declared
    const order = [...opts.fields.map((f) => f.name), ...opts.manyToMany.map((m) => m.name)];
    const options: ModelOptions = {};
    const name = opts.label.slice(opts.appLabel.length + 1);
    if (opts.dbTable !== `${opts.appLabel}_${opts.modelName}`) options.dbTable = opts.dbTable;
    if (opts.ordering.length) options.ordering = [...opts.ordering];
    const verbose = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    if (opts.verboseName !== verbose) options.verboseName = opts.verboseName;
    if (opts.verboseNamePlural !== `${opts.verboseName}s`) options.verboseNamePlural = opts.verboseNamePlural;
    if (opts.getLatestBy !== undefined) options.getLatestBy = opts.getLatestBy;
    if (opts.uniqueTogether.length) options.uniqueTogether = opts.uniqueTogether.map((t) => [...t]);
    if (opts.indexes.length) options.indexes = [...opts.indexes];
    if (opts.constraints.length) options.constraints = [...opts.constraints];
    fields.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    return new ModelState(opts.appLabel, name, fields, options);
  }
}

/** A relation's target as a label, so that a cloned field does not depend on a live model class. */
function relationTarget(field: Field, ownLabel: string): { to?: string } {
  if (field instanceof ForeignKey || field instanceof ManyToManyField) {
    return { to: relationLabel(field.ref as never, field.modelLabel || ownLabel) };
  }
  return {};
}

/** Every model at one point of the migration history. */
export class ProjectState {
  readonly models = new Map<string, ModelState>();

  constructor(models: Iterable<ModelState> = []) {
    for (const m of models) this.models.set(m.key, m);
  }

  /** The live models (Django's ProjectState.from_apps), optionally only some apps'. */
  static fromRegistry(appLabels?: readonly string[], registry: ReadonlyMap<string, Options> = liveRegistry): ProjectState {
    const state = new ProjectState();
    for (const opts of registry.values()) {
      if (opts.autoCreated) continue; // automatic M2M tables belong to their field
      if (appLabels && !appLabels.includes(opts.appLabel)) continue;
      state.addModel(ModelState.fromOptions(opts));
    }
    return state;
  }

  addModel(model: ModelState): void {
    this.models.set(model.key, model);
  }

  removeModel(appLabel: string, modelName: string): void {
    this.models.delete(`${appLabel}.${modelName.toLowerCase()}`);
  }

  hasModel(appLabel: string, modelName: string): boolean {
    return this.models.has(`${appLabel}.${modelName.toLowerCase()}`);
  }

  /** The model `appLabel.modelName`, or an error naming it. */
  model(appLabel: string, modelName: string): ModelState {
    const m = this.models.get(`${appLabel}.${modelName.toLowerCase()}`);
    if (!m) throw new ValueError(`The migration state has no model '${appLabel}.${modelName}'.`);
    return m;
  }

  /** The model a label ('polls.Question') names. */
  byLabel(label: string): ModelState {
    const dot = label.indexOf('.');
    return this.model(label.slice(0, dot), label.slice(dot + 1));
  }

  clone(): ProjectState {
    return new ProjectState([...this.models.values()].map((m) => m.clone()));
  }

  /** The app labels that have models here. */
  appLabels(): string[] {
    return [...new Set([...this.models.values()].map((m) => m.appLabel))].sort();
  }

  /** `model` as DDL sees it, its relations resolved in this state. */
  table(model: ModelState): TableModel {
    const concrete = [...model.fields.values()].filter((f) => !(f instanceof ManyToManyField));
    return {
      label: model.label,
      table: model.dbTable,
      fields: concrete,
      uniqueTogether: model.uniqueTogether,
      indexes: model.indexes,
      constraints: model.constraints,
      field: (name: string) => {
        const f = model.field(name === 'pk' ? model.pk.name : name);
        if (f instanceof ManyToManyField) throw new ValueError(`${model.label}.${name} is a many-to-many field: it has no column.`);
        return f;
      },
      fkTarget: (f: ForeignKey, dialect: Dialect) => {
        const target = this.byLabel(relationLabel(f.ref as never, model.label));
        const tf = f.toField ? target.field(f.toField) : target.pk;
        // the column of a key to an automatic key is a plain integer of the same width
        return { table: target.dbTable, column: tf.column, type: tf.dbType(dialect) };
      },
    };
  }

  /** The automatic intermediate model of a many-to-many field (Django's create_many_to_many_intermediary_model). */
  throughModel(model: ModelState, field: ManyToManyField): ModelState {
    const target = this.byLabel(relationLabel(field.ref as never, model.label));
    const self = target.key === model.key;
    const src = self ? `from_${model.name.toLowerCase()}` : model.name.toLowerCase();
    const dst = self ? `to_${target.name.toLowerCase()}` : target.name.toLowerCase();
    return new ModelState(
      model.appLabel,
      `${model.name}_${field.name}`,
      [
        ['id', new AutoField({ verboseName: 'ID' })],
        [src, new ForeignKey(model.label, { onDelete: CASCADE })],
        [dst, new ForeignKey(target.label, { onDelete: CASCADE })],
      ],
      { dbTable: field.throughTable ?? `${model.dbTable}_${field.name}`, uniqueTogether: [[src, dst]] },
    );
  }

  /** The automatic intermediate tables of `model`'s many-to-many fields. */
  autoThroughs(model: ModelState): ModelState[] {
    const out: ModelState[] = [];
    for (const f of model.fields.values()) if (f instanceof ManyToManyField && f.throughRef === undefined) out.push(this.throughModel(model, f));
    return out;
  }
}
