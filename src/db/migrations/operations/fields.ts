/**
 * Field operations (django.db.migrations.operations.fields): AddField,
 * RemoveField, AlterField, RenameField. A many-to-many field has no column:
 * adding or removing one creates or drops its automatic table.
 */
import { ValueError } from '../../../core/exceptions';
import type { SchemaEditor } from '../../backends/schema-editor';
import { type Field, ForeignKey, ManyToManyField, relationLabel } from '../../models/fields';
import { IndexSpec } from '../../models/indexes';
import { buildField } from '../fields';
import type { ModelState, ProjectState } from '../state';
import { Operation, requireName } from './base';

const lower = (s: string) => s.toLowerCase();

/** `field` without its default: the state keeps no one-off default. */
function withoutDefault(field: Field): Field {
  const d = field.deconstruct();
  const options = { ...d.options };
  delete options.default;
  return buildField({ ...d, options });
}

/** `model` with `name` set to `field` (kept in place, or appended). */
function replaceField(model: ModelState, name: string, field: Field, newName = name): ModelState {
  const fields: Array<[string, Field]> = [];
  let found = false;
  for (const [n, f] of model.fields) {
    if (n === name) {
      fields.push([newName, field]);
      found = true;
    } else fields.push([n, f]);
  }
  if (!found) fields.push([newName, field]);
  return model.clone({ fields });
}

abstract class FieldOperation extends Operation {
  readonly modelName: string;
  constructor(op: string, options: { modelName: string }) {
    super();
    this.modelName = requireName(op, options, 'modelName');
  }
  override references(app: string): string[] {
    const out = [`${app}.${lower(this.modelName)}`];
    const f = (this as { field?: Field }).field;
    if (f instanceof ForeignKey || f instanceof ManyToManyField) out.push(lower(relationLabel(f.ref as never, f.modelLabel || `${app}.${this.modelName}`)));
    return out;
  }
}

/** Adds a field (a column, or a many-to-many table). */
export class AddField extends FieldOperation {
  readonly type = 'AddField';
  readonly name: string;
  readonly field: Field;
  /** False when `field`'s default was a one-off value for the existing rows (Django's preserve_default). */
  readonly preserveDefault: boolean;
  constructor(options: { modelName: string; name: string; field: Field; preserveDefault?: boolean }) {
    super('AddField', options);
    this.name = requireName('AddField', options, 'name');
    if (!options.field?.deconstruct) throw new TypeError(`AddField '${this.modelName}.${this.name}': 'field' must be a field.`);
    this.field = options.field;
    this.preserveDefault = options.preserveDefault ?? true;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    if (model.fields.has(this.name)) throw new ValueError(`AddField: ${model.label} already has a field named '${this.name}'.`);
    state.addModel(replaceField(model, this.name, this.preserveDefault ? this.field : withoutDefault(this.field)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    const toModel = to.model(app, this.modelName);
    const field = toModel.field(this.name);
    if (field instanceof ManyToManyField) {
      if (field.throughRef === undefined) await editor.createModel(to.table(to.throughModel(toModel, field)));
      return;
    }
    // the column is filled with the operation's default, even a one-off one
    const filled = replaceField(toModel, this.name, this.field);
    await editor.addField(from.table(from.model(app, this.modelName)), to.table(filled), filled.field(this.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await removeField(editor, from, from.model(app, this.modelName), to, to.model(app, this.modelName), this.name);
  }
  describe(): string {
    return `Add field ${this.name} to ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `${lower(this.modelName)}_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { modelName: this.modelName, name: this.name, field: this.field };
    if (!this.preserveDefault) out.preserveDefault = false;
    return out;
  }
}

async function removeField(editor: SchemaEditor, from: ProjectState, fromModel: ModelState, to: ProjectState, toModel: ModelState, name: string): Promise<void> {
  const field = fromModel.field(name);
  if (field instanceof ManyToManyField) {
    if (field.throughRef === undefined) await editor.deleteModel(from.table(from.throughModel(fromModel, field)));
    return;
  }
  await editor.removeField(from.table(fromModel), to.table(toModel), field);
}

/** Removes a field (its column, or its many-to-many table). */
export class RemoveField extends FieldOperation {
  readonly type = 'RemoveField';
  readonly name: string;
  constructor(options: { modelName: string; name: string }) {
    super('RemoveField', options);
    this.name = requireName('RemoveField', options, 'name');
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    model.field(this.name);
    for (const t of model.uniqueTogether) {
      if (t.includes(this.name)) throw new ValueError(`RemoveField: ${model.label}.${this.name} is in unique_together; alter unique_together first.`);
    }
    state.addModel(model.clone({ fields: [...model.fields].filter(([n]) => n !== this.name) }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await removeField(editor, from, from.model(app, this.modelName), to, to.model(app, this.modelName), this.name);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    const toModel = to.model(app, this.modelName);
    const field = toModel.field(this.name);
    if (field instanceof ManyToManyField) {
      if (field.throughRef === undefined) await editor.createModel(to.table(to.throughModel(toModel, field)));
      return;
    }
    await editor.addField(from.table(from.model(app, this.modelName)), to.table(toModel), field);
  }
  describe(): string {
    return `Remove field ${this.name} from ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }
}

async function alterField(
  editor: SchemaEditor,
  from: ProjectState,
  fromModel: ModelState,
  oldName: string,
  to: ProjectState,
  toModel: ModelState,
  newName: string,
  fillWith?: Field,
): Promise<void> {
  const oldField = fromModel.field(oldName);
  let newField = toModel.field(newName);
  const oldM2m = oldField instanceof ManyToManyField;
  const newM2m = newField instanceof ManyToManyField;
  if (oldM2m !== newM2m) {
    throw new ValueError(`${toModel.label}.${newName}: a field cannot be altered to or from a many-to-many field; remove it and add a new one.`);
  }
  if (oldM2m) {
    if ((oldField as ManyToManyField).throughRef === undefined && (newField as ManyToManyField).throughRef === undefined) {
      const a = from.throughModel(fromModel, oldField as ManyToManyField);
      const b = to.throughModel(toModel, newField as ManyToManyField);
      await editor.alterDbTable(a.dbTable, b.dbTable);
    }
    return;
  }
  let toTable = to.table(toModel);
  if (fillWith) {
    const filled = replaceField(toModel, newName, fillWith);
    newField = filled.field(newName);
    toTable = to.table(filled);
  }
  await editor.alterField(from.table(fromModel), toTable, oldField, newField);
}

/** Changes a field's definition (type, null, unique, index, default, relation). */
export class AlterField extends FieldOperation {
  readonly type = 'AlterField';
  readonly name: string;
  readonly field: Field;
  readonly preserveDefault: boolean;
  constructor(options: { modelName: string; name: string; field: Field; preserveDefault?: boolean }) {
    super('AlterField', options);
    this.name = requireName('AlterField', options, 'name');
    if (!options.field?.deconstruct) throw new TypeError(`AlterField '${this.modelName}.${this.name}': 'field' must be a field.`);
    this.field = options.field;
    this.preserveDefault = options.preserveDefault ?? true;
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    model.field(this.name);
    state.addModel(replaceField(model, this.name, this.preserveDefault ? this.field : withoutDefault(this.field)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await alterField(editor, from, from.model(app, this.modelName), this.name, to, to.model(app, this.modelName), this.name, this.preserveDefault ? undefined : this.field);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await alterField(editor, from, from.model(app, this.modelName), this.name, to, to.model(app, this.modelName), this.name);
  }
  describe(): string {
    return `Alter field ${this.name} on ${lower(this.modelName)}`;
  }
  override migrationNameFragment(): string {
    return `alter_${lower(this.modelName)}_${lower(this.name)}`;
  }
  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { modelName: this.modelName, name: this.name, field: this.field };
    if (!this.preserveDefault) out.preserveDefault = false;
    return out;
  }
}

/** Renames a field (and its column, unless dbColumn fixes it). */
export class RenameField extends FieldOperation {
  readonly type = 'RenameField';
  readonly oldName: string;
  readonly newName: string;
  constructor(options: { modelName: string; oldName: string; newName: string }) {
    super('RenameField', options);
    this.oldName = requireName('RenameField', options, 'oldName');
    this.newName = requireName('RenameField', options, 'newName');
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.model(app, this.modelName);
    const field = model.field(this.oldName);
    if (model.fields.has(this.newName)) throw new ValueError(`RenameField: ${model.label} already has a field named '${this.newName}'.`);
    const renamed = replaceField(model, this.oldName, field, this.newName);
    const rename = (n: string) => (n === this.oldName ? this.newName : n);
    const options = { ...renamed.options };
    if (options.uniqueTogether) options.uniqueTogether = options.uniqueTogether.map((t) => t.map(rename));
    if (options.indexes) {
      options.indexes = options.indexes.map((i) =>
        i.fields.some((f) => f.replace(/^-/, '') === this.oldName)
          ? new IndexSpec({ name: i.name, fields: i.fields.map((f) => (f.startsWith('-') ? `-${rename(f.slice(1))}` : rename(f))) })
          : i,
      );
    }
    state.addModel(renamed.clone({ options }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await alterField(editor, from, from.model(app, this.modelName), this.oldName, to, to.model(app, this.modelName), this.newName);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await alterField(editor, from, from.model(app, this.modelName), this.newName, to, to.model(app, this.modelName), this.oldName);
  }
  describe(): string {
    return `Rename field ${this.oldName} on ${lower(this.modelName)} to ${this.newName}`;
  }
  override migrationNameFragment(): string {
    return `rename_${lower(this.oldName)}_${lower(this.modelName)}_${lower(this.newName)}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, oldName: this.oldName, newName: this.newName };
  }
}
