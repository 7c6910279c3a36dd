/**
 * Special operations (django.db.migrations.operations.special): RunSQL and
 * RunCode (Django's RunPython), each with an optional reverse step.
 */
import { ValueError } from '../../../core/exceptions';
import type { Backend } from '../../backends/base';
import type { SchemaEditor } from '../../backends/schema-editor';
import { type Apps, historicalApps } from '../historical';
import type { ProjectState } from '../state';
import { Operation } from './base';

type SqlList = string | readonly string[];

function statements(sql: SqlList): string[] {
  return typeof sql === 'string' ? [sql] : [...sql];
}

/** Runs SQL text (Django's RunSQL); `reverseSql` undoes it. RunSQL.noop does nothing. */
export class RunSQL extends Operation {
  readonly type = 'RunSQL';
  static readonly noop = '';
  readonly sql: SqlList;
  readonly reverseSql: SqlList | undefined;
  /** Dropped when migrations are squashed (Django's elidable). */
  readonly elidable: boolean;
  constructor(options: { sql: SqlList; reverseSql?: SqlList; elidable?: boolean }) {
    super();
    this.elidable = options?.elidable ?? false;
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
    const out: Record<string, unknown> = { sql: this.sql };
    if (this.reverseSql !== undefined) out.reverseSql = this.reverseSql;
    if (this.elidable) out.elidable = true;
    return out;
  }
}

export type { Apps };

/** A data migration step: `(apps, editor) => ...` with the historical models; editor.backend is the database. */
export type MigrationCode = (apps: Apps, editor: SchemaEditor & { backend: Backend }) => unknown;

/** Runs code (Django's RunPython); `reverseCode` undoes it. RunCode.noop does nothing. */
export class RunCode extends Operation {
  readonly type = 'RunCode';
  static readonly noop: MigrationCode = () => undefined;
  readonly code: MigrationCode;
  readonly reverseCode: MigrationCode | undefined;
  /** Dropped when migrations are squashed (Django's elidable). */
  readonly elidable: boolean;
  constructor(options: { code: MigrationCode; reverseCode?: MigrationCode; elidable?: boolean }) {
    super();
    this.elidable = options?.elidable ?? false;
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
    await this.code(historicalApps(from), editor);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    if (this.reverseCode === undefined) throw new ValueError(`RunCode in app '${app}' is not reversible (it has no reverseCode).`);
    if (editor.collect) {
      editor.executed.push('-- THIS OPERATION CANNOT BE WRITTEN AS SQL');
      return;
    }
    await this.reverseCode(historicalApps(to), editor);
  }
  describe(): string {
    return 'Raw code operation';
  }
  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code };
    if (this.reverseCode !== undefined) out.reverseCode = this.reverseCode;
    if (this.elidable) out.elidable = true;
    return out;
  }
}
