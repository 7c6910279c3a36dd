/**
 * Special operations (django.db.migrations.operations.special): RunSQL and
 * RunCode (Django's RunPython), each with an optional reverse step.
 */
import { ValueError } from '../../../core/exceptions';
import type { Backend } from '../../backends/base';
import type { SchemaEditor } from '../../backends/schema-editor';
import { registry } from '../../models/options';
import type { ProjectState } from '../state';
import { Operation } from './base';

type SqlList = string | readonly string[];

/** What RunCode's functions receive as `apps`: the models by app and name. */
export interface Apps {
  /** The model class `appLabel.modelName` (case-insensitive). */
  getModel(appLabel: string, modelName: string): any;
  /** The migration state the code runs at (the historical models' fields and options). */
  readonly state: ProjectState;
}

/**
 * The `apps` RunCode functions get. The models are the live model classes
 * (defineModel's registry), checked against the migration state so that code
 * asking for a model the history does not have at that point fails clearly.
 */
export function appsFor(state: ProjectState): Apps {
  return {
    state,
    getModel(appLabel: string, modelName: string) {
      if (!state.hasModel(appLabel, modelName)) throw new ValueError(`No installed app with label '${appLabel}' has a model '${modelName}' at this migration.`);
      for (const opts of registry.values()) {
        if (opts.appLabel === appLabel && opts.modelName === modelName.toLowerCase()) return opts.model;
      }
      throw new ValueError(`The model '${appLabel}.${modelName}' exists in the migrations but is not defined (defineModel) in this program.`);
    },
  };
}

function statements(sql: SqlList): string[] {
  return typeof sql === 'string' ? [sql] : [...sql];
}

/** Runs SQL text (Django's RunSQL); `reverseSql` undoes it. RunSQL.noop does nothing. */
export class RunSQL extends Operation {
  readonly type = 'RunSQL';
  static readonly noop = '';
  readonly sql: SqlList;
  readonly reverseSql: SqlList | undefined;
  constructor(options: { sql: SqlList; reverseSql?: SqlList }) {
    super();
    if (typeof options?.sql !== 'string' && !Array.isArray(options?.sql)) throw new TypeError("RunSQL: 'sql' must be SQL text or a list of statements.");
    this.sql = options.sql;
    this.reverseSql = options.reverseSql;
  }
  override get reversible(): boolean {
    return this.reverseSql !== undefined;
  }
  stateForwards(): void {}
  async databaseForwards(_app: string, editor: SchemaEditor): Promise<void> {
    for (const s of statements(this.sql)) if (s.trim()) await editor.execute(s);
  }
  async databaseBackwards(app: string, editor: SchemaEditor): Promise<void> {
    if (this.reverseSql === undefined) throw new ValueError(`RunSQL in app '${app}' is not reversible (it has no reverseSql).`);
    for (const s of statements(this.reverseSql)) if (s.trim()) await editor.execute(s);
  }
  describe(): string {
    return 'Raw SQL operation';
  }
  deconstruct(): Record<string, unknown> {
    return this.reverseSql === undefined ? { sql: this.sql } : { sql: this.sql, reverseSql: this.reverseSql };
  }
}

/** A data migration step: `(apps, editor) => ...`, editor.backend is the database. */
export type MigrationCode = (apps: Apps, editor: SchemaEditor & { backend: Backend }) => unknown;

/** Runs code (Django's RunPython); `reverseCode` undoes it. RunCode.noop does nothing. */
export class RunCode extends Operation {
  readonly type = 'RunCode';
  static readonly noop: MigrationCode = () => undefined;
  readonly code: MigrationCode;
  readonly reverseCode: MigrationCode | undefined;
  constructor(options: { code: MigrationCode; reverseCode?: MigrationCode }) {
    super();
    if (typeof options?.code !== 'function') throw new TypeError("RunCode: 'code' must be a function (apps, schemaEditor) => ...");
    if (options.reverseCode !== undefined && typeof options.reverseCode !== 'function') throw new TypeError("RunCode: 'reverseCode' must be a function.");
    this.code = options.code;
    this.reverseCode = options.reverseCode;
  }
  override get reversible(): boolean {
    return this.reverseCode !== undefined;
  }
  stateForwards(): void {}
  async databaseForwards(_app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    if (editor.collect) {
      editor.executed.push('-- THIS OPERATION CANNOT BE WRITTEN AS SQL');
      return;
    }
    await this.code(appsFor(from), editor);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    if (this.reverseCode === undefined) throw new ValueError(`RunCode in app '${app}' is not reversible (it has no reverseCode).`);
    if (editor.collect) {
      editor.executed.push('-- THIS OPERATION CANNOT BE WRITTEN AS SQL');
      return;
    }
    await this.reverseCode(appsFor(to), editor);
  }
  describe(): string {
    return 'Raw code operation';
  }
  deconstruct(): Record<string, unknown> {
    return this.reverseCode === undefined ? { code: this.code } : { code: this.code, reverseCode: this.reverseCode };
  }
}
