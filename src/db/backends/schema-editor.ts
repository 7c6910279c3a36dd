/**
 * The migration schema editor (django.db.backends.base.schema): turns a
 * change between two versions of a model into DDL, per dialect.
 *
 * Every method takes the model before and after the change as TableModels
 * (./ddl.ts), so each dialect can pick its own way: PostgreSQL alters the
 * table in place; SQLite, which can only add and rename columns, rebuilds
 * the table the way Django does (create "new__<table>" with the new
 * definition, copy the rows, drop the old table, rename the new one,
 * recreate the indexes), keeping the data.
 *
 * With `collect: true` statements are gathered instead of run (sqlmigrate).
 */
import { ValueError } from '../../core/exceptions';
import type { Constraint, UniqueConstraintSpec } from '../models/constraints';
import { type Field, ForeignKey } from '../models/fields';
import type { IndexSpec } from '../models/indexes';
import type { Backend } from './base';
import { POSTGRESQL } from './base';
import {
  type TableModel,
  columnSql,
  columnType,
  conditionalUniqueSql,
  createTableStatements,
  effectiveDefault,
  fieldIndexName,
  fieldLiteral,
  indexSql,
  inlineConstraint,
  needsFieldIndex,
  q,
  uniqueTogetherName,
} from './ddl';

export abstract class SchemaEditor {
  /** Statements run (or gathered, with `collect`), in order. */
  readonly executed: string[] = [];

  constructor(
    readonly backend: Backend,
    readonly collect = false,
  ) {}

  /** Runs one statement (or records it when collecting). */
  async execute(sql: string): Promise<void> {
    this.executed.push(sql);
    if (!this.collect) await this.backend.executeScript(sql);
  }

  get dialect(): 0 | 1 {
    return this.backend.dialect;
  }

  async createModel(model: TableModel): Promise<void> {
    for (const sql of createTableStatements(model, this.dialect)) await this.execute(sql);
  }

  async deleteModel(model: TableModel): Promise<void> {
    await this.execute(`DROP TABLE ${q(model.table)}${this.dialect === POSTGRESQL ? ' CASCADE' : ''}`);
  }

  async alterDbTable(oldTable: string, newTable: string): Promise<void> {
    if (oldTable === newTable) return;
    await this.execute(`ALTER TABLE ${q(oldTable)} RENAME TO ${q(newTable)}`);
  }

  async addIndex(model: TableModel, index: IndexSpec): Promise<void> {
    await this.execute(indexSql(model, index));
  }

  async removeIndex(_model: TableModel, index: IndexSpec): Promise<void> {
    await this.execute(`DROP INDEX ${q(index.name)}`);
  }

  abstract addField(from: TableModel, to: TableModel, field: Field): Promise<void>;
  abstract removeField(from: TableModel, to: TableModel, field: Field): Promise<void>;
  abstract alterField(from: TableModel, to: TableModel, oldField: Field, newField: Field): Promise<void>;
  abstract alterUniqueTogether(from: TableModel, to: TableModel): Promise<void>;
  abstract addConstraint(from: TableModel, to: TableModel, c: Constraint): Promise<void>;
  abstract removeConstraint(from: TableModel, to: TableModel, c: Constraint): Promise<void>;

  /** The editor for `backend`'s dialect. */
  static for(backend: Backend, collect = false): SchemaEditor {
    return backend.dialect === POSTGRESQL ? new PostgresSchemaEditor(backend, collect) : new SqliteSchemaEditor(backend, collect);
  }
}

function sameSets(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** SQLite: ADD COLUMN when it can, the table rebuild for everything else. */
export class SqliteSchemaEditor extends SchemaEditor {
  /**
   * Django's _remake_table: `to`'s definition, rows copied from `from`.
   * `sources` maps a new column to the SQL expression it is filled from;
   * by default a column keeps the old column of the same field name.
   */
  async remakeTable(from: TableModel, to: TableModel, sources: Map<string, string> = new Map()): Promise<void> {
    const temp = `new__${to.table}`;
    const [create] = createTableStatements(to, this.dialect, temp);
    await this.execute(create!);
    const cols: string[] = [];
    const exprs: string[] = [];
    for (const f of to.fields) {
      let expr = sources.get(f.column);
      if (expr === undefined) {
        const old = from.fields.find((o) => o.name === f.name);
        if (!old) continue;
        expr = q(old.column);
        const fill = effectiveDefault(f);
        if (old.null && !f.null && fill !== null && fill !== undefined) expr = `coalesce(${expr}, ${fieldLiteral(f, fill, this.dialect)})`;
      }
      cols.push(q(f.column));
      exprs.push(expr);
    }
    if (cols.length) await this.execute(`INSERT INTO ${q(temp)} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${q(from.table)}`);
    await this.execute(`DROP TABLE ${q(from.table)}`);
    await this.execute(`ALTER TABLE ${q(temp)} RENAME TO ${q(to.table)}`);
    for (const sql of createTableStatements(to, this.dialect).slice(1)) await this.execute(sql);
  }

  async addField(from: TableModel, to: TableModel, field: Field): Promise<void> {
    const fill = effectiveDefault(field);
    // A nullable column with no default and no key or uniqueness is a plain ADD COLUMN (Django does the same).
    if (field.null && (fill === null || fill === undefined) && !field.unique && !field.primaryKey && !(field instanceof ForeignKey)) {
      await this.execute(`ALTER TABLE ${q(to.table)} ADD COLUMN ${columnSql(to, field, this.dialect)}`);
      if (needsFieldIndex(field)) await this.execute(`CREATE INDEX ${q(fieldIndexName(to.table, field.column))} ON ${q(to.table)} (${q(field.column)})`);
      return;
    }
    const sources = new Map([[field.column, fieldLiteral(field, fill, this.dialect)]]);
    await this.remakeTable(from, to, sources);
  }

  async removeField(from: TableModel, to: TableModel, _field: Field): Promise<void> {
    await this.remakeTable(from, to);
  }

  async alterField(from: TableModel, to: TableModel, oldField: Field, newField: Field): Promise<void> {
    // a change the table does not see (verbose name, choices, default...) needs no rebuild (Django's _field_should_be_altered)
    if (columnSql(from, oldField, this.dialect) === columnSql(to, newField, this.dialect) && needsFieldIndex(oldField) === needsFieldIndex(newField)) return;
    const sources = new Map<string, string>();
    let expr = q(oldField.column);
    const fill = effectiveDefault(newField);
    if (oldField.null && !newField.null && fill !== null && fill !== undefined) expr = `coalesce(${expr}, ${fieldLiteral(newField, fill, this.dialect)})`;
    sources.set(newField.column, expr);
    await this.remakeTable(from, to, sources);
  }

  async alterUniqueTogether(from: TableModel, to: TableModel): Promise<void> {
    await this.remakeTable(from, to);
  }

  async addConstraint(from: TableModel, to: TableModel, c: Constraint): Promise<void> {
    if (c.kind === 'unique' && c.condition) await this.execute(conditionalUniqueSql(to, c, this.dialect));
    else await this.remakeTable(from, to);
  }

  async removeConstraint(from: TableModel, to: TableModel, c: Constraint): Promise<void> {
    if (c.kind === 'unique' && c.condition) await this.execute(`DROP INDEX ${q(c.name)}`);
    else await this.remakeTable(from, to);
  }
}

/** PostgreSQL: ALTER TABLE in place; unnamed constraints are found by introspection. */
export class PostgresSchemaEditor extends SchemaEditor {
  /** Names of the constraints of `table` of kind `type` ('u' unique, 'f' foreign key, 'c' check, 'p' primary) over exactly `columns`. */
  async constraintNames(table: string, columns: readonly string[], type: 'u' | 'f' | 'c' | 'p'): Promise<string[]> {
    const rows = await this.backend.query(
      `SELECT c.conname, c.contype::text, array_to_string(array(SELECT a.attname FROM unnest(c.conkey) AS k(n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), ',') FROM pg_constraint c WHERE c.conrelid = to_regclass($1)`,
      [q(table)],
    );
    return rows.filter((r) => r[1] === type && sameSets(String(r[2]).split(','), columns)).map((r) => String(r[0]));
  }

  async addField(_from: TableModel, to: TableModel, field: Field): Promise<void> {
    const fill = effectiveDefault(field);
    const withDefault = fill !== null && fill !== undefined;
    const def = withDefault ? fieldLiteral(field, fill, this.dialect) : undefined;
    await this.execute(`ALTER TABLE ${q(to.table)} ADD COLUMN ${columnSql(to, field, this.dialect, { default: def })}`);
    // the default filled existing rows; new rows get theirs from the application, as in Django
    if (withDefault && !field.primaryKey) await this.execute(`ALTER TABLE ${q(to.table)} ALTER COLUMN ${q(field.column)} DROP DEFAULT`);
    if (needsFieldIndex(field)) await this.execute(`CREATE INDEX ${q(fieldIndexName(to.table, field.column))} ON ${q(to.table)} (${q(field.column)})`);
  }

  async removeField(from: TableModel, _to: TableModel, field: Field): Promise<void> {
    await this.execute(`ALTER TABLE ${q(from.table)} DROP COLUMN ${q(field.column)} CASCADE`);
  }

  async alterField(from: TableModel, to: TableModel, oldField: Field, newField: Field): Promise<void> {
    const table = to.table;
    if (oldField.primaryKey !== newField.primaryKey) {
      throw new ValueError(`${to.label}.${newField.name}: changing which field is the primary key is not supported by this migration engine.`);
    }
    const oldFk = oldField instanceof ForeignKey && oldField.dbConstraint ? from.fkTarget(oldField, this.dialect) : null;
    const newFk = newField instanceof ForeignKey && newField.dbConstraint ? to.fkTarget(newField, this.dialect) : null;
    const oldType = columnType(from, oldField, this.dialect);
    const newType = columnType(to, newField, this.dialect);
    const fkChanged = !oldFk || !newFk || oldFk.table !== newFk.table || oldFk.column !== newFk.column || oldType !== newType;
    // 1. drop what the new definition no longer has
    if (oldFk && fkChanged) {
      for (const name of await this.constraintNames(from.table, [oldField.column], 'f')) await this.execute(`ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`);
    }
    if (oldField.unique && !newField.unique && !oldField.primaryKey) {
      for (const name of await this.constraintNames(from.table, [oldField.column], 'u')) await this.execute(`ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`);
    }
    if (needsFieldIndex(oldField) && !needsFieldIndex(newField)) await this.execute(`DROP INDEX IF EXISTS ${q(fieldIndexName(from.table, oldField.column))}`);
    // 2. the column's name
    if (oldField.column !== newField.column) {
      await this.execute(`ALTER TABLE ${q(table)} RENAME COLUMN ${q(oldField.column)} TO ${q(newField.column)}`);
      if (needsFieldIndex(oldField) && needsFieldIndex(newField)) {
        await this.execute(`ALTER INDEX IF EXISTS ${q(fieldIndexName(from.table, oldField.column))} RENAME TO ${q(fieldIndexName(table, newField.column))}`);
      }
    }
    const col = q(newField.column);
    // 3. type
    if (oldType !== newType) await this.execute(`ALTER TABLE ${q(table)} ALTER COLUMN ${col} TYPE ${newType} USING ${col}::${newType}`);
    // 4. null: rows without a value get the default first (Django's four-way default alteration)
    if (oldField.null && !newField.null) {
      const fill = effectiveDefault(newField);
      if (fill !== null && fill !== undefined) await this.execute(`UPDATE ${q(table)} SET ${col} = ${fieldLiteral(newField, fill, this.dialect)} WHERE ${col} IS NULL`);
      await this.execute(`ALTER TABLE ${q(table)} ALTER COLUMN ${col} SET NOT NULL`);
    } else if (!oldField.null && newField.null) {
      await this.execute(`ALTER TABLE ${q(table)} ALTER COLUMN ${col} DROP NOT NULL`);
    }
    // 5. add what the new definition has
    if (newField.unique && !oldField.unique) await this.execute(`ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(`${table}_${newField.column}_key`.slice(0, 63))} UNIQUE (${col})`);
    if (needsFieldIndex(newField) && !needsFieldIndex(oldField)) await this.execute(`CREATE INDEX ${q(fieldIndexName(table, newField.column))} ON ${q(table)} (${col})`);
    if (newFk && fkChanged) {
      await this.execute(
        `ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(`${table}_${newField.column}_fk_${newFk.table}_${newFk.column}`.slice(0, 63))} FOREIGN KEY (${col}) REFERENCES ${q(newFk.table)} (${q(newFk.column)}) DEFERRABLE INITIALLY DEFERRED`,
      );
    }
  }

  async alterUniqueTogether(from: TableModel, to: TableModel): Promise<void> {
    const cols = (m: TableModel, names: readonly string[]) => names.map((n) => m.field(n).column);
    const has = (list: ReadonlyArray<readonly string[]>, m: TableModel, c: string[]) => list.some((t) => sameSets(cols(m, t), c));
    for (const together of from.uniqueTogether) {
      const c = cols(from, together);
      if (has(to.uniqueTogether, to, c)) continue;
      const names = await this.constraintNames(from.table, c, 'u');
      if (names.length !== 1) throw new ValueError(`Found ${names.length} unique constraints for ${from.table}(${c.join(', ')}); expected one.`);
      await this.execute(`ALTER TABLE ${q(to.table)} DROP CONSTRAINT ${q(names[0]!)}`);
    }
    for (const together of to.uniqueTogether) {
      const c = cols(to, together);
      if (has(from.uniqueTogether, from, c)) continue;
      await this.execute(`ALTER TABLE ${q(to.table)} ADD CONSTRAINT ${q(uniqueTogetherName(to, together))} UNIQUE (${c.map(q).join(', ')})`);
    }
  }

  async addConstraint(_from: TableModel, to: TableModel, c: Constraint): Promise<void> {
    if (c.kind === 'unique' && c.condition) await this.execute(conditionalUniqueSql(to, c as UniqueConstraintSpec, this.dialect));
    else await this.execute(`ALTER TABLE ${q(to.table)} ADD ${inlineConstraint(to, c, this.dialect)}`);
  }

  async removeConstraint(from: TableModel, _to: TableModel, c: Constraint): Promise<void> {
    if (c.kind === 'unique' && c.condition) await this.execute(`DROP INDEX ${q(c.name)}`);
    else await this.execute(`ALTER TABLE ${q(from.table)} DROP CONSTRAINT ${q(c.name)}`);
  }
}
