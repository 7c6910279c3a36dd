/**
 * The vocabulary of a migration file: `migrations` (the operations) and
 * `models` (field factories, Index, constraints, Q, F). It is its own module
 * so that an app's migrations, imported with the app at startup, load only
 * the operations and not the migration engine (autodetector, executor,
 * loader, writer, squash), which only the management commands need.
 */
import { FileField, ImageField, type FileFieldOptions } from '../models/files';
import { fields } from '../models/fields';
import * as ops from './operations/index';
import { CheckConstraint, UniqueConstraint } from '../models/constraints';
import { F, Q, QNode } from '../models/expressions';
import { CASCADE, DO_NOTHING, PROTECT, RESTRICT, SET_DEFAULT, SET_NULL } from '../models/fields';
import { Index } from '../models/indexes';

/** The operations, as migration files spell them (`new migrations.CreateModel(...)`). */
export const migrations = {
  CreateModel: ops.CreateModel,
  DeleteModel: ops.DeleteModel,
  RenameModel: ops.RenameModel,
  AlterModelOptions: ops.AlterModelOptions,
  AlterModelTable: ops.AlterModelTable,
  AlterUniqueTogether: ops.AlterUniqueTogether,
  AddField: ops.AddField,
  RemoveField: ops.RemoveField,
  AlterField: ops.AlterField,
  RenameField: ops.RenameField,
  AddIndex: ops.AddIndex,
  RemoveIndex: ops.RemoveIndex,
  AddConstraint: ops.AddConstraint,
  RemoveConstraint: ops.RemoveConstraint,
  RunSQL: ops.RunSQL,
  RunCode: ops.RunCode,
} as const;

/** Fields and the rest of django.db.models a migration file needs (`models.CharField(...)`). */
export const models = {
  ...fields,
  FileField: (options: FileFieldOptions = {}) => new FileField(options),
  ImageField: (options: FileFieldOptions = {}) => new ImageField(options),
  CASCADE,
  PROTECT,
  RESTRICT,
  SET_NULL,
  SET_DEFAULT,
  DO_NOTHING,
  Index,
  UniqueConstraint,
  CheckConstraint,
  Q,
  QNode,
  F,
} as const;
