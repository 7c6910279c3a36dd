/**
 * Django's MigrationOptimizer (django.db.migrations.optimizer): folds a list
 * of operations into a shorter one with the same result, for makemigrations
 * and squashmigrations.
 *
 * Each operation is compared with every one after it: reduce(a, b) returns
 * the operations replacing both (CreateModel + AddField -> one CreateModel),
 * true when `a` may move past `b` (they touch unrelated models or fields),
 * or false. A reduction with operations in between is made on the right when
 * `a` could move past all of them, on the left when all of them could move
 * past `b`; otherwise `a` stays. The pass repeats until nothing changes.
 */
import { type Field, ForeignKey, ManyToManyField, relationLabel } from '../models/fields';
import { IndexSpec } from '../models/indexes';
import { Operation } from './operations/base';
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields';
import {
  AddIndex,
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  RemoveIndex,
  RenameModel,
} from './operations/models';
import { RunCode, RunSQL } from './operations/special';
import { ALTER_OPTION_KEYS, type ModelOptions } from './state';

type Reduced = Operation[] | boolean;

const lower = (s: string) => s.toLowerCase();

/** Django's field_references(): does `field` (on `app.model`) point to `ref` (and its field `refField`)? */
function fieldReferences(app: string, model: string, field: Field, ref: string, refField?: string): boolean {
  if (!(field instanceof ForeignKey || field instanceof ManyToManyField)) return false;
  const target = lower(relationLabel(field.ref as never, field.modelLabel || `${app}.${model}`));
  if (target === ref) {
    const toField = field instanceof ForeignKey ? field.toField : undefined;
    if (refField === undefined || toField === undefined || toField === refField) return true;
  }
  const through = field instanceof ManyToManyField ? field.throughRef : undefined;
  return typeof through === 'string' && lower(through.includes('.') ? through : `${app}.${through}`) === ref;
}

/** The model operations act on by name (CreateModel, DeleteModel, the option operations). */
const MODEL_OPS = [CreateModel, DeleteModel, AlterModelOptions, AlterModelTable, AlterUniqueTogether];
const FIELD_OPS = [AddField, RemoveField, AlterField, RenameField];
type FieldOp = AddField | RemoveField | AlterField | RenameField;
type ModelOp = CreateModel | DeleteModel | AlterModelOptions | AlterModelTable | AlterUniqueTogether;

const isFieldOp = (op: Operation): op is FieldOp => FIELD_OPS.some((c) => op instanceof c);
const isModelOp = (op: Operation): op is ModelOp => MODEL_OPS.some((c) => op instanceof c);
/** The option operations: a later one of the same kind, or a DeleteModel, makes them moot. */
const isOptionOp = (op: Operation) => op instanceof AlterModelOptions || op instanceof AlterModelTable || op instanceof AlterUniqueTogether;
const fieldName = (op: FieldOp) => (op instanceof RenameField ? op.oldName : op.name);
const opField = (op: FieldOp) => (op instanceof AddField || op instanceof AlterField ? op.field : undefined);

/** Django's Operation.references_model: may `op` touch model `name` of `app`? Unknown operations may. */
export function referencesModel(op: Operation, name: string, app: string): boolean {
  const n = lower(name);
  const ref = `${app}.${n}`;
  if (op instanceof CreateModel) {
    return lower(op.name) === n || op.fields.some(([, f]) => fieldReferences(app, lower(op.name), f, ref));
  }
  if (op instanceof DeleteModel) return true; // the deleted model may point to it
  if (op instanceof RenameModel) return n === lower(op.oldName) || n === lower(op.newName);
  if (isModelOp(op)) return lower(op.name) === n;
  if (isFieldOp(op)) {
    if (lower(op.modelName) === n) return true;
    const f = opField(op);
    return f ? fieldReferences(app, lower(op.modelName), f, ref) : false;
  }
  return true;
}

/** Django's Operation.references_field: may `op` touch field `name` of `model`? */
export function referencesField(op: Operation, model: string, name: string, app: string): boolean {
  if (op instanceof RenameField) return referencesModel(op, model, app) && (lower(name) === lower(op.oldName) || lower(name) === lower(op.newName));
  if (isFieldOp(op)) {
    if (lower(model) === lower(op.modelName) && name === fieldName(op)) return true;
    const f = opField(op);
    return f ? fieldReferences(app, lower(op.modelName), f, `${app}.${lower(model)}`, name) : false;
  }
  return referencesModel(op, model, app);
}

const elidable = (op: Operation) => (op instanceof RunSQL || op instanceof RunCode) && op.elidable;

/** Django's Operation.reduce: an elidable operation disappears into any other. */
function baseReduce(op: Operation, other: Operation): Reduced {
  if (elidable(op)) return [other];
  if (elidable(other)) return [op];
  return false;
}

const createModel = (op: CreateModel, changes: { name?: string; fields?: ReadonlyArray<readonly [string, Field]>; options?: ModelOptions }) =>
  new CreateModel({ name: changes.name ?? op.name, fields: changes.fields ?? op.fields, options: changes.options ?? op.options });

/** Field name lists with `rename` applied (dropped when they end up empty). */
function renameTogether(sets: ReadonlyArray<readonly string[]>, rename: (n: string) => string | null): string[][] {
  return sets.map((t) => t.map(rename).filter((n): n is string => n !== null)).filter((t) => t.length > 0);
}

function reduceCreateModel(op: CreateModel, other: Operation, app: string): Reduced {
  const name = lower(op.name);
  if (other instanceof DeleteModel && lower(other.name) === name) return [];
  if (other instanceof RenameModel && lower(other.oldName) === name) return [createModel(op, { name: other.newName })];
  if (other instanceof AlterModelOptions && lower(other.name) === name) {
    const options: Record<string, unknown> = { ...op.options, ...other.options };
    for (const k of ALTER_OPTION_KEYS) if (!(k in other.options)) delete options[k];
    return [createModel(op, { options })];
  }
  if (other instanceof AlterUniqueTogether && lower(other.name) === name) {
    const options = { ...op.options };
    if (other.uniqueTogether.length) options.uniqueTogether = other.uniqueTogether;
    else delete options.uniqueTogether;
    return [createModel(op, { options })];
  }
  if (other instanceof AddIndex && lower(other.modelName) === name) {
    return [createModel(op, { options: { ...op.options, indexes: [...(op.options.indexes ?? []), other.index] } })];
  }
  if (other instanceof RemoveIndex && lower(other.modelName) === name) {
    const indexes = (op.options.indexes ?? []).filter((i) => i.name !== other.name);
    const options: ModelOptions = { ...op.options, indexes };
    if (!indexes.length) delete options.indexes;
    return [createModel(op, { options })];
  }
  if (isFieldOp(other) && lower(other.modelName) === name) {
    if (other instanceof AddField) return [createModel(op, { fields: [...op.fields, [other.name, other.field]] })];
    if (other instanceof AlterField) return [createModel(op, { fields: op.fields.map(([n, f]) => [n, n === other.name ? other.field : f] as const) })];
    if (other instanceof RemoveField) {
      const options = { ...op.options };
      const together = renameTogether(op.options.uniqueTogether ?? [], (n) => (n === other.name ? null : n));
      if (together.length) options.uniqueTogether = together;
      else delete options.uniqueTogether;
      return [createModel(op, { fields: op.fields.filter(([n]) => lower(n) !== lower(other.name)), options })];
    }
    if (other instanceof RenameField) {
      const rename = (n: string) => (n === other.oldName ? other.newName : n);
      const options = { ...op.options };
      if (options.uniqueTogether) options.uniqueTogether = renameTogether(options.uniqueTogether, rename);
      if (options.indexes) {
        options.indexes = options.indexes.map((i) =>
          i.fields.some((f) => f.replace(/^-/, '') === other.oldName) ? new IndexSpec({ name: i.name, fields: i.fields.map((f) => (f.startsWith('-') ? `-${rename(f.slice(1))}` : rename(f))) }) : i,
        );
      }
      return [createModel(op, { fields: op.fields.map(([n, f]) => [rename(n), f] as const), options })];
    }
  }
  return baseReduce(op, other) || !referencesModel(other, op.name, app);
}

const sameField = (a: FieldOp, b: FieldOp) => lower(a.modelName) === lower(b.modelName) && lower(fieldName(a)) === lower(fieldName(b));

function reduceFieldOp(op: FieldOp, other: Operation, app: string): Reduced {
  if (op instanceof RenameField) {
    if (other instanceof RenameField && lower(other.modelName) === lower(op.modelName) && lower(op.newName) === lower(other.oldName)) {
      return [new RenameField({ modelName: op.modelName, oldName: op.oldName, newName: other.newName })];
    }
    return baseReduce(op, other) || !(referencesField(other, op.modelName, op.oldName, app) || referencesField(other, op.modelName, op.newName, app));
  }
  if (isFieldOp(other) && sameField(op, other)) {
    if (op instanceof AddField) {
      if (other instanceof AlterField) return [new AddField({ modelName: op.modelName, name: other.name, field: other.field })];
      if (other instanceof RemoveField) return [];
      if (other instanceof RenameField) return [new AddField({ modelName: op.modelName, name: other.newName, field: op.field })];
    }
    if (op instanceof AlterField) {
      if (other instanceof AlterField || other instanceof RemoveField) return [other];
      if (other instanceof RenameField && op.field.dbColumn === undefined) return [other, new AlterField({ modelName: op.modelName, name: other.newName, field: op.field })];
    }
  }
  if (op instanceof RemoveField && other instanceof DeleteModel && lower(other.name) === lower(op.modelName)) return [other];
  return baseReduce(op, other) || !referencesField(other, op.modelName, op.name, app);
}

/** Django's <Operation>.reduce(other, app_label). */
export function reduce(op: Operation, other: Operation, app: string): Reduced {
  if (op instanceof CreateModel) return reduceCreateModel(op, other, app);
  if (op instanceof RenameModel) {
    if (other instanceof RenameModel && lower(op.newName) === lower(other.oldName)) return [new RenameModel({ oldName: op.oldName, newName: other.newName })];
    return baseReduce(op, other) || !referencesModel(other, op.newName, app);
  }
  if (isOptionOp(op)) {
    const name = lower((op as ModelOp).name);
    if ((other.constructor === op.constructor || other instanceof DeleteModel) && lower((other as ModelOp).name) === name) return [other];
    return baseReduce(op, other) || !referencesModel(other, name, app);
  }
  if (op instanceof DeleteModel) return baseReduce(op, other) || !referencesModel(other, op.name, app);
  if (isFieldOp(op)) return reduceFieldOp(op, other, app);
  if (op instanceof AddIndex && other instanceof RemoveIndex && lower(op.modelName) === lower(other.modelName) && op.index.name === other.name) return [];
  return baseReduce(op, other);
}

/** One pass of Django's optimize_inner. */
function optimizeInner(operations: readonly Operation[], app: string): Operation[] {
  const out: Operation[] = [];
  for (let i = 0; i < operations.length; i++) {
    const op = operations[i]!;
    let right = true; // reduce on the right of the operations in between, or on their left
    for (let j = i + 1; j < operations.length; j++) {
      const other = operations[j]!;
      const result = reduce(op, other, app);
      if (Array.isArray(result)) {
        const between = operations.slice(i + 1, j);
        if (right) out.push(...between, ...result);
        else if (between.every((b) => reduce(b, other, app) === true)) out.push(...result, ...between);
        else break; // keep `op` as it is
        out.push(...operations.slice(j + 1));
        return out;
      }
      if (!result) right = false;
    }
    out.push(op);
  }
  return out;
}

/** Django's MigrationOptimizer.optimize(operations, app_label): repeats passes until one changes nothing. */
export function optimize(operations: readonly Operation[], app: string): Operation[] {
  let current = [...operations];
  for (;;) {
    const next = optimizeInner(current, app);
    if (next.length === current.length && next.every((op, i) => op === current[i])) return next;
    current = next;
  }
}
