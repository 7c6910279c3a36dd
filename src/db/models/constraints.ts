/**
 * Meta constraints (django.db.models.constraints): UniqueConstraint (with an
 * optional condition, a partial unique index) and CheckConstraint (a Q the
 * database checks on every write). Their SQL is made by the schema editor
 * (src/db/backends/ddl.ts), with a condition's values inlined as quoted
 * literals, as Django does for DDL.
 *
 * @example
 * defineModel('shop.Product', { ... }, { constraints: [
 *   CheckConstraint({ check: Q({ price__gte: 0 }), name: 'price_not_negative' }),
 *   UniqueConstraint({ fields: ['sku'], condition: Q({ active: true }), name: 'unique_active_sku' }),
 * ] });
 */
import { ValueError } from '../../core/exceptions';
import { QNode } from './expressions';

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new ValueError(`${kind} requires a name.`);
  if (name.length > 63) throw new ValueError(`${kind} name '${name}' is longer than 63 characters.`);
  return name;
}

export interface UniqueConstraintOptions {
  fields: readonly string[];
  name: string;
  condition?: QNode;
}

export class UniqueConstraintSpec {
  readonly kind = 'unique' as const;
  readonly fields: readonly string[];
  readonly name: string;
  readonly condition: QNode | undefined;
  constructor(options: UniqueConstraintOptions) {
    this.name = checkName('UniqueConstraint', options?.name);
    if (!Array.isArray(options.fields) || options.fields.length === 0) {
      throw new ValueError(`UniqueConstraint '${this.name}': fields must be a non-empty list of field names.`);
    }
    if (options.condition !== undefined && !(options.condition instanceof QNode)) {
      throw new ValueError(`UniqueConstraint '${this.name}': condition must be a Q object.`);
    }
    this.fields = [...options.fields];
    this.condition = options.condition;
  }
  deconstruct(): { type: 'UniqueConstraint'; options: Record<string, unknown> } {
    const options: Record<string, unknown> = { fields: [...this.fields], name: this.name };
    if (this.condition) options.condition = this.condition;
    return { type: 'UniqueConstraint', options };
  }
}

export interface CheckConstraintOptions {
  check: QNode;
  name: string;
}

export class CheckConstraintSpec {
  readonly kind = 'check' as const;
  readonly check: QNode;
  readonly name: string;
  constructor(options: CheckConstraintOptions) {
    this.name = checkName('CheckConstraint', options?.name);
    if (!(options.check instanceof QNode)) throw new ValueError(`CheckConstraint '${this.name}': check must be a Q object.`);
    this.check = options.check;
  }
  deconstruct(): { type: 'CheckConstraint'; options: Record<string, unknown> } {
    return { type: 'CheckConstraint', options: { check: this.check, name: this.name } };
  }
}

export type Constraint = UniqueConstraintSpec | CheckConstraintSpec;

/** Django's `models.UniqueConstraint(fields=[...], name=..., condition=Q(...))`. */
export function UniqueConstraint(options: UniqueConstraintOptions): UniqueConstraintSpec {
  return new UniqueConstraintSpec(options);
}

/** Django's `models.CheckConstraint(check=Q(...), name=...)`. */
export function CheckConstraint(options: CheckConstraintOptions): CheckConstraintSpec {
  return new CheckConstraintSpec(options);
}
