/**
 * CREATE TABLE / DROP TABLE for live models, per dialect, so applications
 * and tests can run without migrations (the migration schema editor,
 * ./schema-editor.ts, builds the same tables from ./ddl.ts). Every
 * identifier is quoted; no value is spliced here (Django applies defaults in
 * application code too).
 */
import { ValueError } from '../../core/exceptions';
import type { ForeignKey } from '../models/fields';
import type { Options } from '../models/options';
import type { Backend, Dialect } from './base';
import { POSTGRESQL } from './base';
import { type TableModel, createTableStatements, q } from './ddl';

interface ModelLikeClass {
  readonly _meta: Options;
}

/** A live model's metadata as DDL sees it. */
export function liveTable(opts: Options): TableModel {
  return {
    label: opts.label,
    table: opts.dbTable,
    fields: opts.fields,
    uniqueTogether: opts.uniqueTogether,
    indexes: opts.indexes,
    constraints: opts.constraints,
    field(name: string) {
      const f = opts.fieldsByName.get(name);
      if (!f) throw new ValueError(`${opts.label} has no field named '${name}'.`);
      return f;
    },
    fkTarget(f: ForeignKey, dialect: Dialect) {
      const target = opts.target(f);
      const tf = opts.targetField(f);
      return { table: target.dbTable, column: tf.column, type: tf.dbType(dialect) };
    },
  };
}

/** The CREATE TABLE and CREATE INDEX statements of one model (Meta indexes and constraints included). */
export function createTableSql(model: ModelLikeClass, dialect: 0 | 1): string[] {
  return createTableStatements(liveTable(model._meta), dialect);
}

/** Creates the tables of `models` (in the given order: referenced models first). */
export async function createTables(backend: Backend, models: readonly ModelLikeClass[]): Promise<void> {
  for (const m of models) {
    for (const sql of createTableSql(m, backend.dialect)) await backend.executeScript(sql);
  }
  // automatic many-to-many tables last: they reference both sides
  for (const t of autoThroughs(models)) {
    for (const sql of createTableSql(t.model, backend.dialect)) await backend.executeScript(sql);
  }
}

function autoThroughs(models: readonly ModelLikeClass[]): Options[] {
  const out: Options[] = [];
  for (const m of models) for (const f of m._meta.manyToMany) if (!f.throughRef) out.push(m._meta.through(f));
  return out;
}

/** Drops the tables of `models` (in reverse order). */
export async function dropTables(backend: Backend, models: readonly ModelLikeClass[]): Promise<void> {
  for (const m of [...autoThroughs(models).map((t) => t.model as ModelLikeClass), ...[...models].reverse()]) {
    await backend.executeScript(`DROP TABLE IF EXISTS ${q(m._meta.dbTable)}${backend.dialect === POSTGRESQL ? ' CASCADE' : ''}`);
  }
}
