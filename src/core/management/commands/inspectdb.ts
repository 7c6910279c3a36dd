/**
 * `inspectdb [table ...]`: model declarations for the tables of a database
 * (django/core/management/commands/inspectdb.py), as defineModel() calls
 * with Django's notes ("Field name made lowercase.", "This field type is a
 * guess.") and its `managed = False` advice as a comment.
 */
import { connections } from '../../../db/connection';
import { POSTGRESQL, type Backend } from '../../../db/backends/base';
import { describeTable, tableNames, type ColumnInfo, type TableInfo } from '../../../db/backends/introspection';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { checkConnection } from '../connection';

const RESERVED = new Set(['pk', 'objects', 'save', 'delete', 'constructor', 'prototype', 'class', 'function', 'default', 'new', 'delete', 'import', 'export']);

/** Django's table2model: 'polls_question' -> 'PollsQuestion'. */
export function tableToModel(table: string): string {
  const name = table.replace(/[A-Za-z0-9]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).replace(/[^A-Za-z0-9]/g, '');
  return /^\d/.test(name) ? `T${name}` : name || 'Table';
}

/** Django's normalize_col_name: a valid attribute name, with the notes explaining the change. */
export function normalizeColumn(column: string, isRelation: boolean): { name: string; notes: string[]; params: Record<string, string> } {
  const notes: string[] = [];
  const params: Record<string, string> = {};
  let name = column.toLowerCase();
  if (name !== column) notes.push('Field name made lowercase.');
  if (isRelation) {
    if (name.endsWith('_id')) name = name.slice(0, -3);
    else params.dbColumn = column;
  }
  const cleaned = name.replace(/\W/g, '_');
  if (cleaned !== name) notes.push('Field renamed to remove unsuitable characters.');
  name = cleaned;
  if (name.includes('__')) {
    name = name.replace(/_+/g, '_');
    notes.push("Field renamed because it contained more than one '_' in a row.");
  }
  if (name.startsWith('_')) {
    name = `field${name}`;
    notes.push("Field renamed because it started with '_'.");
  }
  if (name.endsWith('_')) {
    name = `${name}field`;
    notes.push("Field renamed because it ended with '_'.");
  }
  if (RESERVED.has(name)) {
    name += '_field';
    notes.push('Field renamed because it was a reserved word.');
  }
  if (/^\d/.test(name)) {
    name = `number_${name}`;
    notes.push("Field renamed because it wasn't a valid identifier.");
  }
  if (!isRelation && name !== column) params.dbColumn = column;
  else if (isRelation && `${name}_id` !== column && !params.dbColumn) params.dbColumn = column;
  return { name, notes, params };
}

/** Django's data_types_reverse (both backends): the field type and its parameters. */
export function fieldType(col: ColumnInfo, dialect: number): { type: string; params: Record<string, unknown>; notes: string[] } {
  const t = col.type.replace(/\(.*\)/, '').trim();
  const params: Record<string, unknown> = {};
  const notes: string[] = [];
  let type: string;
  if (col.autoIncrement) type = t === 'bigint' ? 'BigAutoField' : 'AutoField';
  else if (/^(bool|boolean)$/.test(t)) type = 'BooleanField';
  else if (t === 'smallint') type = 'SmallIntegerField';
  else if (/^(integer|int|int4|serial)$/.test(t)) type = 'IntegerField';
  else if (/^(bigint|int8|bigserial)$/.test(t)) type = 'BigIntegerField';
  else if (/unsigned/.test(t)) type = 'PositiveIntegerField';
  else if (/^(real|double precision|double|float|float4|float8)$/.test(t)) type = 'FloatField';
  else if (/^(decimal|numeric)$/.test(t)) {
    type = 'DecimalField';
    if (col.precision === null) {
      notes.push('max_digits and decimal_places have been guessed, as this database handles decimal fields as float');
      params.maxDigits = 10;
      params.decimalPlaces = 5;
    } else {
      params.maxDigits = col.precision;
      params.decimalPlaces = col.scale ?? 0;
    }
  } else if (/^(varchar|character varying|char|character|nchar|nvarchar|varying character)$/.test(t)) {
    type = 'CharField';
    if (col.maxLength !== null) params.maxLength = col.maxLength;
    else if (dialect === POSTGRESQL) type = 'TextField';
    else {
      type = 'TextField';
    }
  } else if (t === 'text' || t === 'clob') type = 'TextField';
  else if (t === 'date') type = 'DateField';
  else if (/^(datetime|timestamp|timestamp with time zone|timestamp without time zone|timestamptz)$/.test(t)) type = 'DateTimeField';
  else if (/^(time|time without time zone)$/.test(t)) type = 'TimeField';
  else if (t === 'interval') type = 'DurationField';
  else if (/^(blob|bytea)$/.test(t)) type = 'BinaryField';
  else if (t === 'uuid') type = 'UUIDField';
  else if (/^(json|jsonb)$/.test(t)) type = 'JSONField';
  else if (t === 'inet') type = 'GenericIPAddressField';
  else {
    type = 'TextField';
    notes.push('This field type is a guess.');
  }
  return { type, params, notes };
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
}

function options(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }` : '';
}

/** One table as a defineModel() declaration. */
export function modelSource(info: TableInfo, appLabel: string, dialect: number, tables: ReadonlySet<string>): { source: string; imports: Set<string> } {
  const model = tableToModel(info.name);
  const imports = new Set(['defineModel']);
  const lines: string[] = [];
  const uniqueSingle = new Set(info.unique.filter((u) => u.length === 1).map((u) => u[0]!));
  const relationsByTarget = new Map<string, number>();
  for (const r of info.relations) relationsByTarget.set(r.table, (relationsByTarget.get(r.table) ?? 0) + 1);
  const used = new Set<string>();
  for (const col of info.columns) {
    const rel = info.relations.find((r) => r.column === col.name);
    const { name, notes, params: extra } = normalizeColumn(col.name, rel !== undefined);
    let attr = name;
    while (used.has(attr)) attr = `${attr}_0`;
    used.add(attr);
    const params: Record<string, unknown> = {};
    let call: string;
    if (rel) {
      const unique = uniqueSingle.has(col.name);
      const type = unique ? 'OneToOneField' : 'ForeignKey';
      imports.add(type);
      imports.add('DO_NOTHING');
      const target = rel.table === info.name ? 'self' : tables.has(rel.table) ? tableToModel(rel.table) : null;
      if (target === null) notes.push(`The table '${rel.table}' this column refers to was not inspected.`);
      params.onDelete = 'DO_NOTHING';
      if (rel.targetColumn !== 'id') params.toField = rel.targetColumn;
      if ((relationsByTarget.get(rel.table) ?? 0) > 1) params.relatedName = `${info.name}_${attr}_set`;
      Object.assign(params, extra);
      if (col.nullable) Object.assign(params, { null: true, blank: true });
      const opts = Object.entries(params).map(([k, v]) => `${k}: ${k === 'onDelete' ? v : literal(v)}`).join(', ');
      call = `${type}(${literal(target ?? rel.table)}, { ${opts} })`;
    } else {
      const ft = fieldType(col, dialect);
      notes.push(...ft.notes);
      if (attr === 'id' && col.primaryKey && ft.type === 'AutoField' && !extra.dbColumn) continue; // implicit, as Django omits it
      imports.add(ft.type);
      Object.assign(params, extra, ft.params);
      if (col.primaryKey && ft.type !== 'AutoField' && ft.type !== 'BigAutoField') params.primaryKey = true;
      else if (col.primaryKey) params.primaryKey = true;
      if (uniqueSingle.has(col.name) && !col.primaryKey) params.unique = true;
      if (col.nullable) Object.assign(params, { null: true, blank: true });
      call = `${ft.type}(${options(params)})`;
    }
    lines.push(`  ${attr}: ${call},${notes.length ? ` // ${notes.join(' ')}` : ''}`);
  }
  const meta = [`  // managed: false, (remove this line if you wish to allow manouche to create, modify, and delete the table)`, `  dbTable: ${literal(info.name)},`];
  const together = info.unique.filter((u) => u.length > 1);
  if (together.length) {
    meta.push(`  uniqueTogether: [${together.map((u) => `[${u.map((c) => literal(normalizeColumn(c, info.relations.some((r) => r.column === c)).name)).join(', ')}]`).join(', ')}],`);
  }
  const source = `export const ${model} = defineModel('${appLabel}.${model}', {\n${lines.join('\n')}\n}, {\n${meta.join('\n')}\n});\n`;
  return { source, imports };
}

/** The whole module for the given tables. */
export async function inspectDatabase(backend: Backend, tables: readonly string[] | null, appLabel: string): Promise<string> {
  const all = await tableNames(backend);
  const chosen = tables && tables.length ? tables : all;
  const set = new Set(chosen);
  const models: string[] = [];
  const imports = new Set<string>();
  for (const table of chosen) {
    let info: TableInfo;
    try {
      info = await describeTable(backend, table);
    } catch (e) {
      models.push(`// Unable to inspect table '${table}'\n// The error was: ${(e as Error).message}\n`);
      continue;
    }
    const out = modelSource(info, appLabel, backend.dialect, set);
    out.imports.forEach((i) => imports.add(i));
    models.push(out.source);
  }
  const header = [
    '// This is an auto-generated manouche model module.',
    "// You'll have to do the following manually to clean this up:",
    "//   * Rearrange models' order",
    '//   * Make sure each model has one field with primaryKey: true',
    '//   * Make sure each ForeignKey and OneToOneField has `onDelete` set to the desired behavior',
    '//   * Remove `managed: false` lines if you wish to allow manouche to create, modify, and delete the table',
    `//   * Replace the app label '${appLabel}' in each model label by your app's`,
    "// Feel free to rename the models, but don't rename dbTable values or field names.",
    `import { ${[...imports].sort().join(', ')} } from 'manouche';`,
  ];
  return `${header.join('\n')}\n\n${models.join('\n')}`;
}

export class InspectdbCommand extends BaseCommand {
  override help = 'Introspects the database tables in the given database and outputs a manouche model module.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('table', { nargs: '*', help: 'Selects what tables or views should be introspected.' });
    parser.addArgument('--database', { default: 'default', help: 'Nominates a database to introspect. Defaults to using the "default" database.' });
    parser.addArgument('--app-label', { default: 'inspectdb', help: "The app label in the generated model labels ('app_label.ModelName'). Defaults to 'inspectdb'." });
  }

  override async handle(options: CommandOptions): Promise<string> {
    const alias = options.database as string;
    checkConnection(alias);
    if (!/^[A-Za-z_]\w*$/.test(options.app_label as string)) throw new CommandError(`--app-label '${options.app_label}' is not a valid identifier.`);
    return inspectDatabase(connections.get(alias), options.table as string[], options.app_label as string);
  }
}
