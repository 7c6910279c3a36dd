/**
 * Model operations (django.db.migrations.operations.models): CreateModel,
 * DeleteModel, RenameModel, AlterModelOptions, AlterModelTable,
 * AlterUniqueTogether, AddIndex, RemoveIndex, AddConstraint, RemoveConstraint.
 */
import { ValueError } from '../../../core/exceptions';
import type { SchemaEditor } from '../../backends/schema-editor';
import type { Constraint } from '../../models/constraints';
import { type Field, ForeignKey, ManyToManyField, relationLabel } from '../../models/fields';
import type { IndexSpec } from '../../models/indexes';
import { buildField } from '../fields';
import { ALTER_OPTION_KEYS, type ModelOptions, ModelState, type ProjectState } from '../state';
import { Operation, requireName } from './base';

const lower = (s: string) => s.toLowerCase();

/** Creates a model's table (and its automatic many-to-many tables). */
export class CreateModel extends Operation {
  readonly type = 'CreateModel';
  readonly name: string;
  readonly fields: ReadonlyArray<readonly [string, Field]>;
  readonly options: ModelOptions;
  constructor(options: { name: string; fields: ReadonlyArray<readonly [string, Field]>; options?: ModelOptions }) {
    super();
    this.name = requireName('CreateModel', options, 'name');
    if (!Array.isArray(options.fields)) throw new TypeError(`CreateModel '${this.name}': 'fields' must be a list of [name, field] pairs.`);
    this.fields = options.fields;
    this.options = options.options ?? {};
  }
  stateForwards(app: string, state: ProjectState): void {
    if (state.hasModel(app, this.name)) throw new ValueError(`CreateModel: the model '${app}.${this.name}' already exists.`);
    state.addModel(new ModelState(app, this.name, this.fields, this.options));
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    const model = to.model(app, this.name);
    await editor.createModel(to.table(model));
    for (const t of to.autoThroughs(model)) await editor.createModel(to.table(t));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, _to: ProjectState): Promise<void> {
    const model = from.model(app, this.name);
    for (const t of from.autoThroughs(model)) await editor.deleteModel(from.table(t));
    await editor.deleteModel(from.table(model));
  }
  describe(): string {
    return `Create model ${this.name}`;
  }
  override migrationNameFragment(): string {
    return lower(this.name);
  }
  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, fields: this.fields };
    if (Object.keys(this.options).length) out.options = this.options;
    return out;
  }
  override references(app: string): string[] {
    const own = `${app}.${this.name}`;
    const out: string[] = [];
    for (const [, f] of this.fields) {
      if (f instanceof ForeignKey || f instanceof ManyToManyField) out.push(lower(relationLabel(f.ref as never, f.modelLabel || own)));
    }
    return out;
  }
}

/** Drops a model's table (and its automatic many-to-many tables). */
export class DeleteModel extends Operation {
  readonly type = 'DeleteModel';
  readonly name: string;
  constructor(options: { name: string }) {
    super();
    this.name = requireName('DeleteModel', options, 'name');
  }
  stateForwards(app: string, state: ProjectState): void {
    state.model(app, this.name);
    state.removeModel(app, this.name);
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    const model = from.model(app, this.name);
    for (const t of from.autoThroughs(model)) await editor.deleteModel(from.table(t));
    await editor.deleteModel(from.table(model));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    const model = to.model(app, this.name);
    await editor.createModel(to.table(model));
    for (const t of to.autoThroughs(model)) await editor.createModel(to.table(t));
  }
  describe(): string {
    return `Delete model ${this.name}`;
  }
  override migrationNameFragment(): string {
    return `delete_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { name: this.name };
  }
}

/** Renames a model: its table (when derived from the name), its automatic M2M tables, and the relations pointing to it. */
export class RenameModel extends Operation {
  readonly type = 'RenameModel';
  readonly oldName: string;
  readonly newName: string;
  constructor(options: { oldName: string; newName: string }) {
    super();
    this.oldName = requireName('RenameModel', options, 'oldName');
    this.newName = requireName('RenameModel', options, 'newName');
  }
  stateForwards(app: string, state: ProjectState): void {
    renameInState(state, app, this.oldName, this.newName);
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, from.model(app, this.oldName), to, to.model(app, this.newName));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, from.model(app, this.newName), to, to.model(app, this.oldName));
  }
  describe(): string {
    return `Rename model ${this.oldName} to ${this.newName}`;
  }
  override migrationNameFragment(): string {
    return `rename_${lower(this.oldName)}_${lower(this.newName)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { oldName: this.oldName, newName: this.newName };
  }
}

function renameInState(state: ProjectState, app: string, oldName: string, newName: string): void {
  const model = state.model(app, oldName);
  if (lower(oldName) !== lower(newName) && state.hasModel(app, newName)) throw new ValueError(`RenameModel: '${app}.${newName}' already exists.`);
  const oldKey = model.key;
  const newLabel = `${app}.${newName}`;
  state.removeModel(app, oldName);
  state.addModel(model.clone({ name: newName }));
  // relations that pointed to the old name now point to the new one
  for (const m of [...state.models.values()]) {
    let changed = false;
    const fields: Array<[string, Field]> = [];
    for (const [n, f] of m.fields) {
      const d = f.deconstruct();
      if (d.to && lower(d.to) === oldKey) {
        changed = true;
        fields.push([n, buildField({ ...d, to: newLabel })]);
      } else fields.push([n, f]);
    }
    if (changed) state.addModel(m.clone({ fields }));
  }
}

async function renameTables(editor: SchemaEditor, from: ProjectState, oldModel: ModelState, to: ProjectState, newModel: ModelState): Promise<void> {
  await editor.alterDbTable(oldModel.dbTable, newModel.dbTable);
  // automatic many-to-many tables named after the model's table follow it
  const oldThroughs = from.autoThroughs(oldModel);
  const newThroughs = to.autoThroughs(newModel);
  for (let i = 0; i < oldThroughs.length; i++) await editor.alterDbTable(oldThroughs[i]!.dbTable, newThroughs[i]!.dbTable);
}

/** Changes Meta options that do not touch the schema (ordering, verbose names, getLatestBy). */
export class AlterModelOptions extends Operation {
  readonly type = 'AlterModelOptions';
  readonly name: string;
  readonly options: ModelOptions;
  constructor(options: { name: string; options: ModelOptions }) {
    super();
    this.name = requireName('AlterModelOptions', options, 'name');
    this.options = options.options ?? {};
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.name);
    const next: Record<string, unknown> = { ...model.options };
    for (const k of ALTER_OPTION_KEYS) {
      if (k in this.options) next[k] = (this.options as Record<string, unknown>)[k];
      else delete next[k];
    }
    state.addModel(model.clone({ options: next as ModelOptions }));
  }
  async databaseForwards(): Promise<void> {}
  async databaseBackwards(): Promise<void> {}
  describe(): string {
    return `Change Meta options on ${lower(this.name)}`;
  }
  override migrationNameFragment(): string {
    return `alter_${lower(this.name)}_options`;
  }
  deconstruct(): Record<string, unknown> {
    return { name: this.name, options: this.options };
  }
}

/** Renames a model's table (Django's AlterModelTable). */
export class AlterModelTable extends Operation {
  readonly type = 'AlterModelTable';
  readonly name: string;
  readonly table: string | undefined;
  constructor(options: { name: string; table?: string }) {
    super();
    this.name = requireName('AlterModelTable', options, 'name');
    this.table = options.table;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.name);
    const next = { ...model.options };
    if (this.table === undefined) delete next.dbTable;
    else next.dbTable = this.table;
    state.addModel(model.clone({ options: next }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, from.model(app, this.name), to, to.model(app, this.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, from.model(app, this.name), to, to.model(app, this.name));
  }
  describe(): string {
    return `Rename table for ${lower(this.name)} to ${this.table ?? '(default)'}`;
  }
  override migrationNameFragment(): string {
    return `alter_${lower(this.name)}_table`;
  }
  deconstruct(): Record<string, unknown> {
    return this.table === undefined ? { name: this.name } : { name: this.name, table: this.table };
  }
}

/** Sets a model's unique_together. */
export class AlterUniqueTogether extends Operation {
  readonly type = 'AlterUniqueTogether';
  readonly name: string;
  readonly uniqueTogether: ReadonlyArray<readonly string[]>;
  constructor(options: { name: string; uniqueTogether: ReadonlyArray<readonly string[]> }) {
    super();
    this.name = requireName('AlterUniqueTogether', options, 'name');
    if (!Array.isArray(options.uniqueTogether)) throw new TypeError(`AlterUniqueTogether '${this.name}': 'uniqueTogether' must be a list of field name lists.`);
    this.uniqueTogether = options.uniqueTogether;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.name);
    for (const t of this.uniqueTogether) for (const n of t) model.field(n);
    const next = { ...model.options };
    if (this.uniqueTogether.length) next.uniqueTogether = this.uniqueTogether.map((t) => [...t]);
    else delete next.uniqueTogether;
    state.addModel(model.clone({ options: next }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.alterUniqueTogether(from.table(from.model(app, this.name)), to.table(to.model(app, this.name)));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.alterUniqueTogether(from.table(from.model(app, this.name)), to.table(to.model(app, this.name)));
  }
  describe(): string {
    return `Alter unique_together for ${lower(this.name)} (${this.uniqueTogether.length} constraint(s))`;
  }
  override migrationNameFragment(): string {
    return `alter_${lower(this.name)}_unique_together`;
  }
  deconstruct(): Record<string, unknown> {
    return { name: this.name, uniqueTogether: this.uniqueTogether };
  }
}

function withIndexes(model: ModelState, indexes: readonly IndexSpec[]): ModelState {
  const next = { ...model.options };
  if (indexes.length) next.indexes = indexes;
  else delete next.indexes;
  return model.clone({ options: next });
}

function withConstraints(model: ModelState, constraints: readonly Constraint[]): ModelState {
  const next = { ...model.options };
  if (constraints.length) next.constraints = constraints;
  else delete next.constraints;
  return model.clone({ options: next });
}

/** Creates a Meta index. */
export class AddIndex extends Operation {
  readonly type = 'AddIndex';
  readonly modelName: string;
  readonly index: IndexSpec;
  constructor(options: { modelName: string; index: IndexSpec }) {
    super();
    this.modelName = requireName('AddIndex', options, 'modelName');
    if (!options.index?.name) throw new TypeError(`AddIndex on '${this.modelName}': the index needs a name.`);
    this.index = options.index;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    if (model.indexes.some((i) => i.name === this.index.name)) throw new ValueError(`${model.label} already has an index named '${this.index.name}'.`);
    for (const [n] of this.index.fieldOrders) model.field(n);
    state.addModel(withIndexes(model, [...model.indexes, this.index]));
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addIndex(to.table(to.model(app, this.modelName)), this.index);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeIndex(from.table(from.model(app, this.modelName)), this.index);
  }
  describe(): string {
    return `Create index ${this.index.name} on field(s) ${this.index.fields.join(', ')} of model ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `${lower(this.modelName)}_${lower(this.index.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, index: this.index };
  }
}

/** Drops a Meta index by name. */
export class RemoveIndex extends Operation {
  readonly type = 'RemoveIndex';
  readonly modelName: string;
  readonly name: string;
  constructor(options: { modelName: string; name: string }) {
    super();
    this.modelName = requireName('RemoveIndex', options, 'modelName');
    this.name = requireName('RemoveIndex', options, 'name');
  }
  private find(state: ProjectState, app: string): IndexSpec {
    const model = state.model(app, this.modelName);
    const index = model.indexes.find((i) => i.name === this.name);
    if (!index) throw new ValueError(`${model.label} has no index named '${this.name}'.`);
    return index;
  }
  stateForwards(app: string, state: ProjectState): void {
    this.find(state, app);
    const model = state.model(app, this.modelName);
    state.addModel(withIndexes(model, model.indexes.filter((i) => i.name !== this.name)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeIndex(from.table(from.model(app, this.modelName)), this.find(from, app));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addIndex(to.table(to.model(app, this.modelName)), this.find(to, app));
  }
  describe(): string {
    return `Remove index ${this.name} from ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }
}

/** Adds a Meta constraint (UniqueConstraint, CheckConstraint). */
export class AddConstraint extends Operation {
  readonly type = 'AddConstraint';
  readonly modelName: string;
  readonly constraint: Constraint;
  constructor(options: { modelName: string; constraint: Constraint }) {
    super();
    this.modelName = requireName('AddConstraint', options, 'modelName');
    if (!options.constraint?.name) throw new TypeError(`AddConstraint on '${this.modelName}': 'constraint' must be a UniqueConstraint or CheckConstraint.`);
    this.constraint = options.constraint;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    if (model.constraints.some((c) => c.name === this.constraint.name)) throw new ValueError(`${model.label} already has a constraint named '${this.constraint.name}'.`);
    state.addModel(withConstraints(model, [...model.constraints, this.constraint]));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addConstraint(from.table(from.model(app, this.modelName)), to.table(to.model(app, this.modelName)), this.constraint);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.removeConstraint(from.table(from.model(app, this.modelName)), to.table(to.model(app, this.modelName)), this.constraint);
  }
  describe(): string {
    return `Create constraint ${this.constraint.name} on model ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `${lower(this.modelName)}_${lower(this.constraint.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, constraint: this.constraint };
  }
}

/** Drops a Meta constraint by name. */
export class RemoveConstraint extends Operation {
  readonly type = 'RemoveConstraint';
  readonly modelName: string;
  readonly name: string;
  constructor(options: { modelName: string; name: string }) {
    super();
    this.modelName = requireName('RemoveConstraint', options, 'modelName');
    this.name = requireName('RemoveConstraint', options, 'name');
  }
  private find(state: ProjectState, app: string): Constraint {
    const model = state.model(app, this.modelName);
    const c = model.constraints.find((x) => x.name === this.name);
    if (!c) throw new ValueError(`${model.label} has no constraint named '${this.name}'.`);
    return c;
  }
  stateForwards(app: string, state: ProjectState): void {
    this.find(state, app);
    const model = state.model(app, this.modelName);
    state.addModel(withConstraints(model, model.constraints.filter((c) => c.name !== this.name)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.removeConstraint(from.table(from.model(app, this.modelName)), to.table(to.model(app, this.modelName)), this.find(from, app));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addConstraint(from.table(from.model(app, this.modelName)), to.table(to.model(app, this.modelName)), this.find(to, app));
  }
  describe(): string {
    return `Remove constraint ${this.name} from model ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }
}
