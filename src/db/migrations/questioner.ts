/**
 * The questions makemigrations may ask (django.db.migrations.questioner).
 * An interactive CLI answers them from the terminal; without a questioner
 * the answers are Django's non-interactive ones: no rename unless hinted,
 * and adding a non-nullable field without a default is an error.
 */
import type { Field } from '../models/fields';
import type { ModelState } from './state';

export interface Questioner {
  /** Was `oldModel` renamed to `newModel`? */
  askRenameModel?(oldModel: ModelState, newModel: ModelState): boolean | Promise<boolean>;
  /** Was field `oldName` of `modelName` renamed to `newName`? */
  askRenameField?(modelName: string, oldName: string, newName: string, field: Field): boolean | Promise<boolean>;
  /** A one-off default for existing rows when adding a non-nullable field; undefined aborts. */
  askNotNullAddition?(modelName: string, fieldName: string): unknown;
  /** A one-off default for null values when a field becomes non-nullable; undefined leaves them (handled by hand). */
  askNotNullAlteration?(modelName: string, fieldName: string): unknown;
}

/**
 * Rename hints for a run without questions (`--rename`):
 * models: { 'polls.OldName': 'NewName' }; fields: { 'polls.Question': { old_name: 'new_name' } }.
 */
export interface RenameHints {
  models?: Record<string, string>;
  fields?: Record<string, Record<string, string>>;
}

/** Adding a non-nullable field with no default and no one-off value (Django's message). */
export class NotNullAdditionError extends Error {
  override name = 'NotNullAdditionError';
}
