/**
 * System check messages (django.core.checks.messages): a level, a message,
 * an optional hint, the object concerned and an id like 'fields.E304'.
 */
import { settings } from '../../conf/settings';

export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

export interface MessageOptions {
  hint?: string | null;
  /** A model class, a field, or anything with a useful String(). */
  obj?: unknown;
  id?: string | null;
}

export class CheckMessage {
  readonly hint: string | null;
  readonly obj: unknown;
  readonly id: string | null;

  constructor(readonly level: number, readonly msg: string, options: MessageOptions = {}) {
    this.hint = options.hint ?? null;
    this.obj = options.obj ?? null;
    this.id = options.id ?? null;
  }

  /** Django's "obj: (id) msg\n\tHINT: hint". */
  toString(): string {
    const obj = describe(this.obj);
    const id = this.id ? `(${this.id}) ` : '';
    const hint = this.hint ? `\n\tHINT: ${this.hint}` : '';
    return `${obj}: ${id}${this.msg}${hint}`;
  }

  isSerious(level = ERROR): boolean {
    return this.level >= level;
  }

  /** True when the id is in SILENCED_SYSTEM_CHECKS. */
  isSilenced(): boolean {
    const silenced = (settings.SILENCED_SYSTEM_CHECKS as readonly string[] | undefined) ?? [];
    return this.id !== null && silenced.includes(this.id);
  }

  equals(other: CheckMessage): boolean {
    return this.level === other.level && this.msg === other.msg && this.hint === other.hint && this.obj === other.obj && this.id === other.id;
  }
}

// A model prints as its label, a field as 'app_label.Model.field', as in Django.
function describe(obj: unknown): string {
  if (obj === null || obj === undefined) return '?';
  const meta = (obj as { _meta?: { label?: string } })._meta;
  if (meta?.label) return meta.label;
  const field = obj as { modelLabel?: string; name?: string };
  if (typeof field.modelLabel === 'string' && field.modelLabel && typeof field.name === 'string') return `${field.modelLabel}.${field.name}`;
  return String(obj);
}

export class Debug extends CheckMessage {
  constructor(msg: string, options?: MessageOptions) {
    super(DEBUG, msg, options);
  }
}
export class Info extends CheckMessage {
  constructor(msg: string, options?: MessageOptions) {
    super(INFO, msg, options);
  }
}
export class Warning extends CheckMessage {
  constructor(msg: string, options?: MessageOptions) {
    super(WARNING, msg, options);
  }
}
export class Error extends CheckMessage {
  constructor(msg: string, options?: MessageOptions) {
    super(ERROR, msg, options);
  }
}
export class Critical extends CheckMessage {
  constructor(msg: string, options?: MessageOptions) {
    super(CRITICAL, msg, options);
  }
}
