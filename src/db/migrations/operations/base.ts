/**
 * The operation interface (django.db.migrations.operations.base): each
 * operation changes the state (stateForwards), the database (forwards and
 * backwards, given the state before and after it), describes itself in
 * one line and names itself for an automatic migration name.
 */
import type { SchemaEditor } from '../../backends/schema-editor';
import type { ProjectState } from '../state';

export abstract class Operation {
  /** The class name a migration file uses. */
  abstract readonly type: string;
  /** False when databaseBackwards cannot undo it (RunSQL / RunCode without a reverse). */
  get reversible(): boolean {
    return true;
  }
  abstract stateForwards(appLabel: string, state: ProjectState): void;
  /** `from`: the state before this operation; `to`: after it. */
  abstract databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void>;
  /** `from`: the state after this operation; `to`: before it (the state it goes back to). */
  abstract databaseBackwards(appLabel: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void>;
  /** One line for makemigrations' summary ("Create model Question"). */
  abstract describe(): string;
  /** The part of an automatic migration name this operation gives ("question_slug"), or null. */
  migrationNameFragment(): string | null {
    return null;
  }
  /** The constructor's options, as a migration file writes them. */
  abstract deconstruct(): Record<string, unknown>;
  /** Labels ('app.model', lower case) of models this operation needs to exist first (for ordering). */
  references(_appLabel: string): string[] {
    return [];
  }
}

/** A required string option, or an error naming the operation and the option. */
export function requireName(op: string, options: Record<string, unknown> | undefined, key: string): string {
  const v = options?.[key];
  if (typeof v !== 'string' || v === '') throw new TypeError(`${op}: '${key}' must be a non-empty string (got ${JSON.stringify(v)}).`);
  return v;
}
