/**
 * manouche/migrations: Django's migration framework (django.db.migrations).
 *
 * Migration files import from here:
 *
 *   import { migrations, models } from 'manouche/migrations';
 *   export default {
 *     initial: true,
 *     dependencies: [],
 *     operations: [
 *       new migrations.CreateModel({ name: 'Question', fields: [
 *         ['id', models.AutoField({ verboseName: 'ID' })],
 *         ['question_text', models.CharField({ maxLength: 200 })],
 *       ] }),
 *     ],
 *   };
 *
 * and the CLI wraps makemigrations(), migrate(), showmigrations(), sqlmigrate().
 */
export { migrations, models } from './dsl';
export * from './operations/index';
export { Migration, MigrationError, BadMigrationError, type MigrationModule } from './migration';
export { MigrationGraph, NodeNotFoundError, CircularDependencyError } from './graph';
export { MigrationLoader, type MigrationModules } from './loader';
export { MigrationRecorder, HISTORY_TABLE } from './recorder';
export { MigrationExecutor, type PlanStep, type Target } from './executor';
export { ProjectState, ModelState, type ModelOptions } from './state';
export { historicalApps } from './historical';
export { Autodetector, type Changes } from './autodetector';
export { type Questioner, type RenameHints, NotNullAdditionError } from './questioner';
export { writeMigration, suggestName } from './writer';
export { squashmigrations, type SquashOptions, type SquashResult } from './squash';
export { optimize as optimizeOperations } from './optimizer';
export { serialize } from './serializer';
export { buildField } from './fields';
export { SchemaEditor, SqliteSchemaEditor, PostgresSchemaEditor } from '../backends/schema-editor';
export {
  makemigrations,
  migrate,
  showmigrations,
  sqlmigrate,
  unappliedMigrationsWarning,
  memoryMigrationFiles,
  postMigrate,
  registerHistoryUpgrade,
  type HistoryUpgrade,
  type MigrationFiles,
  type MakemigrationsOptions,
  type MakemigrationsResult,
  type MigrateOptions,
} from './api';
// Data migrations (RunCode) work with the ORM itself.
export { connections, atomic } from '../connection';
export { defineModel } from '../models/model';
