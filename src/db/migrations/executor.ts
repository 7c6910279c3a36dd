/**
 * The migration executor (django.db.migrations.executor): plans a migrate
 * to a target, then applies or unapplies each migration in its own
 * transaction, recording it in the history table in the same transaction,
 * so that a failure leaves nothing half-applied.
 *
 * On SQLite, foreign key enforcement is switched off around each migration
 * (outside its transaction, as Django does: the table rebuild drops and
 * recreates referenced tables) and `PRAGMA foreign_key_check` runs before
 * the commit, so a migration that breaks a relation fails and rolls back.
 */
import { ValueError } from '../../core/exceptions';
import { type Backend, IntegrityError, NotSupportedError, POSTGRESQL } from '../backends/base';
import { columnNames, tableNames } from '../backends/introspection';
import { SchemaEditor } from '../backends/schema-editor';
import { ManyToManyField } from '../models/fields';
import type { MigrationLoader } from './loader';
import type { Migration } from './migration';
import { CreateModel } from './operations/models';
import { AddField } from './operations/fields';
import { MigrationRecorder } from './recorder';
import type { ProjectState } from './state';

/** A migrate target: an app and a migration name, or null for "zero" (nothing of the app). */
export type Target = readonly [app: string, name: string | null];

export interface PlanStep {
  migration: Migration;
  backwards: boolean;
}

export class MigrationExecutor {
  readonly recorder: MigrationRecorder;

  constructor(
    readonly backend: Backend,
    readonly loader: MigrationLoader,
  ) {
    this.recorder = new MigrationRecorder(backend);
  }

  /** Django's migration_plan(): the steps that bring the database to `targets`. */
  migrationPlan(targets: readonly Target[], applied: ReadonlySet<string>): PlanStep[] {
    const graph = this.loader.graph;
    const plan: PlanStep[] = [];
    const done = new Set(applied);
    const undo = (key: string) => {
      for (const k of graph.backwardsPlan(key)) {
        if (done.has(k)) {
          plan.push({ migration: graph.node(k), backwards: true });
          done.delete(k);
        }
      }
    };
    for (const [app, name] of targets) {
      if (name === null) {
        for (const root of graph.rootNodes(app)) undo(root);
        continue;
      }
      const key = `${app}.${name}`;
      if (done.has(key)) {
        // go back to `key`: undo its children in the same app
        for (const child of graph.childrenOf(key)) if (child.startsWith(`${app}.`)) undo(child);
      } else {
        for (const k of graph.forwardsPlan(key)) {
          if (!done.has(k)) {
            plan.push({ migration: graph.node(k), backwards: false });
            done.add(k);
          }
        }
      }
    }
    return plan;
  }

  /** Every app's leaf migration: what a plain `migrate` goes to. */
  leafTargets(): Target[] {
    return this.loader.graph.leafNodes().map((k) => [k.slice(0, k.indexOf('.')), k.slice(k.indexOf('.') + 1)] as const);
  }

  /**
   * Applies `plan`. `progress` receives Django's lines ("  Applying
   * polls.0001_initial... OK"). With `fake`, only the history changes; with
   * `fakeInitial`, an initial migration whose tables all exist is faked.
   */
  async migrate(plan: readonly PlanStep[], options: { fake?: boolean; fakeInitial?: boolean; progress?: (line: string) => void } = {}): Promise<void> {
    if (plan.length === 0) return;
    const say = options.progress ?? (() => undefined);
    await this.recorder.ensureSchema();
    const applied = this.loader.withReplacements((await this.recorder.applied()).keys());
    const forwards = plan.every((s) => !s.backwards);
    const backwards = plan.every((s) => s.backwards);
    if (!forwards && !backwards) throw new ValueError('Migration plans with both forwards and backwards migrations are not supported. Please split your command into separate plans of only forwards OR backwards migrations.');
    if (forwards) {
      let state = this.loader.projectState(applied);
      for (const { migration } of plan) {
        say(`  Applying ${migration.key}...`);
        const result = await this.applyMigration(state, migration, options);
        state = result.state;
        say(result.faked ? ' FAKED\n' : ' OK\n');
      }
    } else {
      // the state before each migration to undo, with everything applied or being undone
      const undo = new Set(plan.map((s) => s.migration.key));
      const before = new Map<string, ProjectState>();
      let state = this.loader.projectState(new Set());
      for (const key of this.loader.graph.fullPlan()) {
        if (undo.has(key)) before.set(key, state);
        if (applied.has(key) || undo.has(key)) state = this.loader.graph.node(key).mutateState(state);
      }
      for (const { migration } of plan) {
        say(`  Unapplying ${migration.key}...`);
        await this.unapplyMigration(before.get(migration.key)!, migration, options.fake ?? false);
        say(options.fake ? ' FAKED\n' : ' OK\n');
      }
    }
    await this.checkReplacements();
  }

  /** Records the squashed migrations whose replaced migrations are all recorded (Django's check_replacements). */
  async checkReplacements(): Promise<void> {
    const recorded = await this.recorder.applied();
    for (const [key, m] of this.loader.replacements) {
      if (!recorded.has(key) && m.replaces.every((k) => recorded.has(k))) await this.recorder.recordApplied(m.appLabel, m.name);
    }
  }

  /** Records `migration` applied; a squashed one records the migrations it replaces too (Django's record_migration). */
  private async record(migration: Migration): Promise<void> {
    const recorded = await this.recorder.applied();
    for (const key of [...migration.replaces, migration.key]) {
      const dot = key.indexOf('.');
      if (!recorded.has(key)) await this.recorder.recordApplied(key.slice(0, dot), key.slice(dot + 1));
    }
  }

  private async unrecord(migration: Migration): Promise<void> {
    for (const key of [...migration.replaces, migration.key]) {
      const dot = key.indexOf('.');
      await this.recorder.recordUnapplied(key.slice(0, dot), key.slice(dot + 1));
    }
  }

  /** Runs `body` the way a migration runs: in a transaction, with SQLite's foreign keys checked at the end. */
  private async inMigration(atomic: boolean, body: () => Promise<void>): Promise<void> {
    const sqlite = this.backend.dialect !== POSTGRESQL;
    if (sqlite && this.backend.inAtomicBlock) {
      throw new NotSupportedError('SQLite migrations cannot run inside atomic(): foreign key checks can only be switched off outside a transaction.');
    }
    if (sqlite) await this.backend.executeScript('PRAGMA foreign_keys = OFF');
    try {
      const run = async () => {
        await body();
        if (sqlite) {
          const broken = await this.backend.query('PRAGMA foreign_key_check', []);
          if (broken.length) throw new IntegrityError(`The migration leaves ${broken.length} row(s) of ${String(broken[0]![0])} pointing to missing rows of ${String(broken[0]![2])}.`);
        }
      };
      if (atomic) await this.backend.atomic(run);
      else await run();
    } finally {
      if (sqlite) await this.backend.executeScript('PRAGMA foreign_keys = ON');
    }
  }

  async applyMigration(state: ProjectState, migration: Migration, options: { fake?: boolean; fakeInitial?: boolean } = {}): Promise<{ state: ProjectState; faked: boolean }> {
    let faked = options.fake ?? false;
    if (!faked && options.fakeInitial && (await this.detectSoftApplied(state, migration))) faked = true;
    let after = state;
    if (faked) {
      after = migration.mutateState(state);
      await this.record(migration);
      return { state: after, faked };
    }
    await this.inMigration(migration.atomic, async () => {
      const editor = SchemaEditor.for(this.backend);
      after = await migration.apply(state, editor);
      await this.record(migration);
    });
    return { state: after, faked };
  }

  async unapplyMigration(state: ProjectState, migration: Migration, fake: boolean): Promise<void> {
    if (fake) {
      await this.unrecord(migration);
      return;
    }
    await this.inMigration(migration.atomic, async () => {
      await migration.unapply(state, SchemaEditor.for(this.backend));
      await this.unrecord(migration);
    });
  }

  /**
   * Django's detect_soft_applied(): an initial migration whose every
   * created table (and every added column) already exists.
   */
  async detectSoftApplied(state: ProjectState, migration: Migration): Promise<boolean> {
    if (!migration.initial) return false;
    const creates = migration.operations.filter((op) => op instanceof CreateModel || op instanceof AddField);
    if (creates.length === 0) return false;
    const tables = new Set(await tableNames(this.backend));
    const after = migration.mutateState(state);
    for (const op of creates) {
      if (op instanceof CreateModel) {
        const model = after.model(migration.appLabel, op.name);
        if (!tables.has(model.dbTable)) return false;
        for (const t of after.autoThroughs(model)) if (!tables.has(t.dbTable)) return false;
      } else if (op instanceof AddField) {
        const model = after.model(migration.appLabel, op.modelName);
        const field = model.field(op.name);
        if (field instanceof ManyToManyField) {
          if (field.throughRef === undefined && !tables.has(after.throughModel(model, field).dbTable)) return false;
        } else if (!(await columnNames(this.backend, model.dbTable)).includes(field.column)) return false;
      }
    }
    return true;
  }

  /** The SQL each step would run, without running it (sqlmigrate). */
  async collectSql(plan: readonly PlanStep[]): Promise<string[]> {
    const out: string[] = [];
    for (const { migration, backwards } of plan) {
      const editor = SchemaEditor.for(this.backend, true);
      const lines: string[] = [];
      // the state just before the migration: everything it depends on
      const keep = new Set(this.loader.graph.forwardsPlan(migration.key));
      keep.delete(migration.key);
      const state = this.loader.projectState(keep);
      const ops = backwards ? [...migration.operations.entries()].reverse() : [...migration.operations.entries()];
      // per operation, so that each gets its "-- describe" header
      const states: ProjectState[] = [state];
      for (const op of migration.operations) {
        const next = states[states.length - 1]!.clone();
        op.stateForwards(migration.appLabel, next);
        states.push(next);
      }
      for (const [i, op] of ops) {
        const n = editor.executed.length;
        lines.push('--', `-- ${backwards ? 'Undo ' : ''}${op.describe()}`, '--');
        if (backwards) await op.databaseBackwards(migration.appLabel, editor, states[i + 1]!, states[i]!);
        else await op.databaseForwards(migration.appLabel, editor, states[i]!, states[i + 1]!);
        for (const sql of editor.executed.slice(n)) lines.push(sql.startsWith('--') ? sql : `${sql};`);
      }
      if (migration.atomic) out.push('BEGIN;', ...lines, 'COMMIT;');
      else out.push(...lines);
    }
    return out;
  }
}
