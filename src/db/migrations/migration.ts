/**
 * A migration (django.db.migrations.migration): an app's named list of
 * operations with its dependencies. apply()/unapply() run the operations
 * against a schema editor, threading the state through them; a failure
 * names the migration, the operation and the database's error.
 */
import type { SchemaEditor } from '../backends/schema-editor';
import type { Operation } from './operations/base';
import type { ProjectState } from './state';

/** What a migration file exports by default. */
export interface MigrationModule {
  dependencies?: ReadonlyArray<readonly [string, string]>;
  operations: readonly Operation[];
  /** The app's first migration (migrate --fake-initial may fake it when its tables exist). */
  initial?: boolean;
  /** False to run without a transaction (Django's atomic = False). */
  atomic?: boolean;
  /** The migrations this one squashes (squashmigrations): [app_label, migration_name] pairs. */
  replaces?: ReadonlyArray<readonly [string, string]>;
}

/** A migration step failed; nothing of the migration is kept (it ran in a transaction). */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly migration: string,
    readonly operation: string,
    readonly sql: string | undefined,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** A migration file or module is unusable (bad shape, bad dependency). */
export class BadMigrationError extends Error {
  override name = 'BadMigrationError';
}

export class Migration {
  readonly dependencies: ReadonlyArray<readonly [string, string]>;
  readonly operations: readonly Operation[];
  readonly initial: boolean;
  readonly atomic: boolean;
  /** Keys ('app.name') of the migrations this one replaces; empty for an ordinary migration. */
  readonly replaces: readonly string[];

  constructor(
    readonly appLabel: string,
    readonly name: string,
    module: MigrationModule,
  ) {
    const where = `Migration ${appLabel}.${name}`;
    if (!module || typeof module !== 'object') throw new BadMigrationError(`${where} has no default export (export default { dependencies, operations }).`);
    if (!Array.isArray(module.operations)) throw new BadMigrationError(`${where}: 'operations' must be a list of operations.`);
    module.operations.forEach((op, i) => {
      if (!op || typeof (op as Operation).stateForwards !== 'function' || typeof (op as Operation).databaseForwards !== 'function') {
        throw new BadMigrationError(`${where}: operation ${i + 1} is not an operation (${JSON.stringify(op)?.slice(0, 60)}).`);
      }
    });
    const deps = module.dependencies ?? [];
    if (!Array.isArray(deps) || deps.some((d) => !Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || typeof d[1] !== 'string')) {
      throw new BadMigrationError(`${where}: 'dependencies' must be a list of [app_label, migration_name] pairs.`);
    }
    const replaces = module.replaces ?? [];
    if (!Array.isArray(replaces) || replaces.some((d) => !Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || typeof d[1] !== 'string')) {
      throw new BadMigrationError(`${where}: 'replaces' must be a list of [app_label, migration_name] pairs.`);
    }
    this.replaces = replaces.map(([a, n]) => `${a}.${n}`);
    this.dependencies = deps;
    this.operations = module.operations;
    this.initial = module.initial ?? false;
    this.atomic = module.atomic ?? true;
  }

  /** 'polls.0001_initial' */
  get key(): string {
    return `${this.appLabel}.${this.name}`;
  }

  /** The state after this migration's operations (the input is not changed). */
  mutateState(state: ProjectState): ProjectState {
    const next = state.clone();
    for (const op of this.operations) op.stateForwards(this.appLabel, next);
    return next;
  }

  private failure(e: unknown, i: number, op: Operation, editor: SchemaEditor, before: number, verb: string): MigrationError {
    if (e instanceof MigrationError) return e;
    const sql = editor.executed.length > before ? editor.executed[editor.executed.length - 1] : undefined;
    const msg = `${verb} ${this.key} failed at operation ${i + 1} (${op.describe()}): ${(e as Error)?.message ?? String(e)}${sql ? `\nSQL: ${sql}` : ''}`;
    return new MigrationError(msg, this.key, op.describe(), sql, e);
  }

  /** Runs the operations forwards from `state`; returns the state after them. */
  async apply(state: ProjectState, editor: SchemaEditor): Promise<ProjectState> {
    let current = state.clone();
    for (const [i, op] of this.operations.entries()) {
      const before = editor.executed.length;
      try {
        const next = current.clone();
        op.stateForwards(this.appLabel, next);
        await op.databaseForwards(this.appLabel, editor, current, next);
        current = next;
      } catch (e) {
        throw this.failure(e, i, op, editor, before, 'Applying');
      }
    }
    return current;
  }

  /** Runs the operations backwards; `state` is the state before this migration. */
  async unapply(state: ProjectState, editor: SchemaEditor): Promise<void> {
    const steps: Array<[number, Operation, ProjectState, ProjectState]> = [];
    let current = state.clone();
    for (const [i, op] of this.operations.entries()) {
      if (!op.reversible) throw new MigrationError(`Operation ${op.describe()} in ${this.key} is not reversible.`, this.key, op.describe(), undefined, undefined);
      const next = current.clone();
      op.stateForwards(this.appLabel, next);
      steps.push([i, op, current, next]);
      current = next;
    }
    for (const [i, op, before, after] of steps.reverse()) {
      const n = editor.executed.length;
      try {
        await op.databaseBackwards(this.appLabel, editor, after, before);
      } catch (e) {
        throw this.failure(e, i, op, editor, n, 'Unapplying');
      }
    }
  }
}
