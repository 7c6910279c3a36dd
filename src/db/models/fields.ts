/**
 * Model fields (django.db.models.fields): each knows its column type per
 * dialect, how a value goes to the database and comes back, and its options.
 *
 * The factories (`CharField({ maxLength: 200 })`) return a Field whose type
 * parameters carry what tsc needs: `V` the value type of an instance
 * attribute (with `null` when `null: true`), `R` whether create() requires
 * it (no default, not null, not automatic).
 *
 * @example
 * const Question = defineModel('polls.Question', {
 *   question_text: CharField({ maxLength: 200 }),
 *   pub_date: DateTimeField({ autoNowAdd: true }),
 * });
 */
import { ValidationError, ValueError } from '../../core/exceptions';
import {
  DecimalValidator,
  EmailValidator,
  MaxLengthValidator,
  MaxValueValidator,
  MinValueValidator,
  URLValidator,
  type Validator,
  ipAddressValidators,
  isEmptyValue,
  runValidator,
  validateSlug,
  validateUnicodeSlug,
} from '../../core/validators';
import type { Dialect } from '../backends/base';
import { POSTGRESQL, SQLITE } from '../backends/base';

/** Options every field accepts (Django's Field.__init__ keywords, camelCased). */
export interface FieldOptions<V = unknown> {
  null?: boolean;
  blank?: boolean;
  default?: V | (() => V);
  unique?: boolean;
  dbIndex?: boolean;
  dbColumn?: string;
  primaryKey?: boolean;
  choices?: ReadonlyArray<readonly [V, string]>;
  verboseName?: string;
  helpText?: string;
  editable?: boolean;
  /** Extra validators run by fullClean() / cleanFields() after the field's own. */
  validators?: readonly Validator[];
  /** Messages replacing the defaults, by code ('blank', 'null', 'invalid_choice', 'unique', 'invalid', ...). */
  errorMessages?: Readonly<Record<string, string>>;
  /** validateUnique(): the value is unique among rows with the same date (day) in this date field. */
  uniqueForDate?: string;
  /** ... with the same month of this date field. */
  uniqueForMonth?: string;
  /** ... with the same year of this date field. */
  uniqueForYear?: string;
}

/** A relation's limit_choices_to: lookups or a Q, or a function returning one (evaluated when used). */
export type LimitChoicesTo = Readonly<Record<string, unknown>> | object | (() => Readonly<Record<string, unknown>> | object);

/** Django's Field.default_error_messages. */
const DEFAULT_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  invalid_choice: 'Value %(value)r is not a valid choice.',
  null: 'This field cannot be null.',
  blank: 'This field cannot be blank.',
  unique: '%(model_name)s with this %(field_label)s already exists.',
  unique_for_date: '%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s.',
};

/** How deletion of a referenced object treats the objects pointing to it. */
export type OnDelete = 'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING' | OnDeleteSet;
/** on_delete=SET(...): referencing rows get `value` (an instance, a key, null), or what the function returns at deletion. */
export interface OnDeleteSet {
  readonly kind: 'SET';
  readonly value: unknown;
}
export const CASCADE: OnDelete = 'CASCADE';
export const PROTECT: OnDelete = 'PROTECT';
export const RESTRICT: OnDelete = 'RESTRICT';
export const SET_NULL: OnDelete = 'SET_NULL';
export const SET_DEFAULT: OnDelete = 'SET_DEFAULT';
export const DO_NOTHING: OnDelete = 'DO_NOTHING';
/**
 * Django's SET(value): when the referenced row is deleted, the foreign key is
 * set to `value`, or to the result of calling it (once per deletion).
 * @example ForeignKey(() => User, { onDelete: SET(getSentinelUser) })
 */
export function SET(value: unknown): OnDeleteSet {
  return Object.freeze({ kind: 'SET' as const, value });
}

const NO_DEFAULT = Symbol('NO_DEFAULT');

/**
 * A field as a migration file writes it (Django's Field.deconstruct()): its
 * type name, the model it points to for a relation, and only the options
 * that differ from the type's defaults. Two fields with equal
 * deconstructions make the same column; the autodetector compares them.
 */
export interface Deconstructed {
  type: string;
  /** A relation's target, as a label ('polls.Question'). */
  to?: string;
  options: Record<string, unknown>;
}

/** Option values compared the way a migration file would spell them. */
export function sameOption(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'function' || typeof b === 'function') return typeof a === typeof b && String(a) === String(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameOption((a as any)[k], (b as any)[k]));
  }
  return false;
}

/**
 * A model field. `V`: the instance attribute's type; `R`: true when create()
 * must be given a value.
 */
export class Field<V = unknown, R extends boolean = boolean, P extends boolean = boolean, C extends boolean = boolean> {
  declare readonly _value: V;
  declare readonly _required: R;
  declare readonly _pk: P;
  declare readonly _choices: C;
  /** Django's internal type name ('CharField'), used in messages. */
  readonly type: string = 'Field';
  /** Attribute name, set when the model is defined. */
  name = '';
  /** Column name (`dbColumn` or the attribute name; `<name>_id` for a foreign key). */
  column = '';
  /** The model label ('polls.Question') this field belongs to, set by defineModel. */
  modelLabel = '';
  readonly null: boolean;
  readonly blank: boolean;
  readonly unique: boolean;
  readonly dbIndex: boolean;
  readonly primaryKey: boolean;
  readonly editable: boolean;
  readonly choices: ReadonlyArray<readonly [unknown, string]> | undefined;
  readonly verboseName: string | undefined;
  readonly helpText: string;
  /** The `dbColumn` option as given (the column is decided when the model is defined). */
  readonly dbColumn: string | undefined;
  readonly uniqueForDate: string | undefined;
  readonly uniqueForMonth: string | undefined;
  readonly uniqueForYear: string | undefined;
  protected readonly defaultValue: unknown;
  /** True for the AutoField family: the database assigns the value. */
  readonly auto: boolean = false;
  /** Validators given in the options (the field's own come from defaultValidators()). */
  protected readonly extraValidators: readonly Validator[];
  private readonly customMessages: Readonly<Record<string, string>> | undefined;
  private validatorsCache: readonly Validator[] | undefined;
  private messagesCache: Readonly<Record<string, string>> | undefined;

  constructor(options: FieldOptions<any> = {}) {
    this.null = options.null ?? false;
    this.blank = options.blank ?? false;
    this.unique = options.unique ?? options.primaryKey ?? false;
    this.dbIndex = options.dbIndex ?? false;
    this.primaryKey = options.primaryKey ?? false;
    this.editable = options.editable ?? true;
    this.choices = options.choices;
    this.verboseName = options.verboseName;
    this.helpText = options.helpText ?? '';
    this.uniqueForDate = options.uniqueForDate;
    this.uniqueForMonth = options.uniqueForMonth;
    this.uniqueForYear = options.uniqueForYear;
    this.defaultValue = 'default' in options ? options.default : NO_DEFAULT;
    this.dbColumn = options.dbColumn;
    if (options.dbColumn !== undefined) this.column = options.dbColumn;
    this.extraValidators = options.validators ?? [];
    this.customMessages = options.errorMessages;
  }

  /**
   * Option name -> attribute holding it, for deconstruct(). Subclasses add
   * theirs. Validators and error messages are left out: they never change
   * the schema.
   */
  protected optionAttributes(): Record<string, string> {
    return {
      primaryKey: 'primaryKey', null: 'null', blank: 'blank', unique: 'unique', dbIndex: 'dbIndex', dbColumn: 'dbColumn',
      editable: 'editable', choices: 'choices', verboseName: 'verboseName', helpText: 'helpText',
      uniqueForDate: 'uniqueForDate', uniqueForMonth: 'uniqueForMonth', uniqueForYear: 'uniqueForYear',
    };
  }

  /** A field of the same type built with only the required arguments (the defaults to compare with). */
  protected twin(): Field {
    return new (this.constructor as new (o: FieldOptions) => Field)({});
  }

  /** The target label of a relation (ForeignKey, ManyToManyField). */
  protected deconstructTarget(): string | undefined {
    return undefined;
  }

  /** Django's deconstruct(): the type, a relation's target, the options that differ from the defaults. */
  deconstruct(): Deconstructed {
    const twin = this.twin() as any;
    const self = this as any;
    const options: Record<string, unknown> = {};
    for (const [option, attr] of Object.entries(this.optionAttributes())) {
      if (!sameOption(self[attr], twin[attr])) options[option] = self[attr];
    }
    if (this.defaultValue !== NO_DEFAULT) options.default = this.defaultValue;
    const to = this.deconstructTarget();
    return to === undefined ? { type: this.type, options } : { type: this.type, to, options };
  }

  /** The human name ('pub date' for pub_date), as Django derives it. */
  get verboseLabel(): string {
    return this.verboseName ?? this.name.replace(/_/g, ' ');
  }

  /** The validators cleanFields() runs: the field's own, then the `validators` option. */
  get validators(): readonly Validator[] {
    return (this.validatorsCache ??= [...this.defaultValidators(), ...this.extraValidators]);
  }

  /** Validators the field type adds (MaxLengthValidator for a CharField with maxLength, ...). */
  protected defaultValidators(): Validator[] {
    return [];
  }

  /** Error messages by code: Django's defaults, the type's, then `errorMessages`. */
  get errorMessages(): Readonly<Record<string, string>> {
    return (this.messagesCache ??= { ...DEFAULT_ERROR_MESSAGES, ...this.typeErrorMessages(), ...this.customMessages });
  }

  /** The type's own messages (its 'invalid' wording). */
  protected typeErrorMessages(): Record<string, string> {
    return {};
  }

  /**
   * Django's to_python(): the value in the field's type, or a ValidationError
   * (code 'invalid') for a value of the wrong kind. Checked against what the
   * field would bind, so that a value that cleans also saves.
   */
  toPython(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    try {
      this.toDb(value, SQLITE);
      this.toDb(value, POSTGRESQL);
    } catch (e) {
      if (e instanceof ValueError) throw this.error('invalid', { value });
      throw e;
    }
    return value;
  }

  /** A ValidationError with this field's message for `code`. */
  error(code: string, params?: Record<string, unknown>): ValidationError {
    const message = this.errorMessages[code] ?? this.errorMessages.invalid ?? 'Enter a valid value.';
    return new ValidationError(message, { code, params });
  }

  /** Django's Field.validate(): choices, null and blank. */
  validate(value: unknown, _instance?: unknown): void {
    if (!this.editable) return; // Django skips non-editable fields
    if (this.choices && !isEmptyValue(value)) {
      if (!this.choices.some(([key]) => key === value)) {
        throw this.error('invalid_choice', { value });
      }
    }
    if ((value === null || value === undefined) && !this.null) throw this.error('null');
    if (!this.blank && isEmptyValue(value)) throw this.error('blank');
  }

  /** Django's run_validators(): every validator, errors collected; empty values are skipped. */
  runValidators(value: unknown): void {
    if (isEmptyValue(value)) return;
    const errors: ValidationError[] = [];
    for (const v of this.validators) {
      try {
        runValidator(v, value);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const one of e.errorList) {
          // errorMessages override a validator's message by code, as in Django
          const custom = one.code !== undefined ? this.customMessages?.[one.code] : undefined;
          errors.push(custom ? new ValidationError(custom, { code: one.code, params: one.params as Record<string, unknown> }) : one);
        }
      }
    }
    if (errors.length) throw new ValidationError(errors);
  }

  /** Django's Field.clean(): toPython, validate, runValidators; returns the cleaned value. */
  clean(value: unknown, instance?: unknown): unknown {
    const v = this.toPython(value);
    this.validate(v, instance);
    this.runValidators(v);
    return v;
  }

  /** Binds the field to its model attribute (called by defineModel). */
  contribute(name: string, modelLabel: string): void {
    this.name = name;
    this.modelLabel = modelLabel;
    if (this.column === '') this.column = name;
  }

  hasDefault(): boolean {
    return this.defaultValue !== NO_DEFAULT;
  }

  /** Django's get_default(): the default, or null / '' as Django chooses. */
  getDefault(): unknown {
    if (this.defaultValue !== NO_DEFAULT) {
      return typeof this.defaultValue === 'function' ? (this.defaultValue as () => unknown)() : this.defaultValue;
    }
    if (!this.null && this.emptyStringsAllowed) return '';
    return null;
  }

  /** Whether '' is a valid stored value (Django: empty_strings_allowed). */
  get emptyStringsAllowed(): boolean {
    return false;
  }

  /** The column type in CREATE TABLE for `dialect`. */
  dbType(_dialect: Dialect): string {
    throw new Error(`${this.type} has no column type`);
  }

  /**
   * Converts an attribute value to what the driver binds. Throws ValueError
   * for a value of the wrong kind, naming the field.
   */
  toDb(value: unknown, _dialect: Dialect): unknown {
    return value;
  }

  /** Converts what the driver returned; null when it returns the value as is. */
  fromDb(_dialect: Dialect): ((value: any) => unknown) | null {
    return null;
  }

  /** Value used before the insert (auto_now, auto_now_add). */
  preSave(instance: Record<string, unknown>, _adding: boolean): unknown {
    return instance[this.name];
  }

  protected invalid(value: unknown, expected: string): ValueError {
    const where = this.modelLabel ? `${this.modelLabel}.${this.name}` : this.name;
    let shown: string;
    try {
      shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    } catch {
      shown = typeof value;
    }
    return new ValueError(`Field '${where}' expected ${expected} but got ${shown}.`);
  }
}

type Opts<V> = FieldOptions<V>;
// The instance type: V, or V | null with `null: true`.
type Nullable<O, V> = O extends { null: true } ? V | null : V;
// create() may omit a field with a default or `null: true`.
type Req<O> = O extends { default: any } ? false : O extends { null: true } ? false : true;
// the relatedName literal, never when none is declared (the reverse accessor is then `<model>_set`)
type RelName<O> = O extends { relatedName: infer N extends string } ? N : never;

// ---------------------------------------------------------------------------
// Automatic primary keys

export class AutoField extends Field<number, false, true, false> {
  override readonly type: string = 'AutoField';
  override readonly auto = true;
  constructor(options: Opts<number> = {}) {
    super({ primaryKey: true, ...options });
  }
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be an integer.' };
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    return toInteger(this, value);
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'integer' : 'integer';
  }
  override toDb(value: unknown): unknown {
    return toInteger(this, value);
  }
}

export class BigAutoField extends AutoField {
  override readonly type: string = 'BigAutoField';
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'bigint' : 'integer';
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    return dialect === POSTGRESQL ? Number : null;
  }
}

// ---------------------------------------------------------------------------
// Text

export interface CharOptions<V = string> extends Opts<V> {
  maxLength?: number;
}

export class CharField<V = string, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'CharField';
  readonly maxLength: number | undefined;
  constructor(options: CharOptions<any> = {}) {
    super(options);
    this.maxLength = options.maxLength;
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), maxLength: 'maxLength' };
  }
  protected override defaultValidators(): Validator[] {
    return this.maxLength === undefined ? [] : [new MaxLengthValidator(this.maxLength)];
  }
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be a string.' };
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
  override get emptyStringsAllowed(): boolean {
    return true;
  }
  override dbType(dialect: Dialect): string {
    if (this.maxLength === undefined) return dialect === POSTGRESQL ? 'varchar' : 'varchar';
    return `varchar(${this.maxLength})`;
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw this.invalid(value, 'a string');
  }
}

export class TextField<V = string, R extends boolean = boolean> extends CharField<V, R> {
  override readonly type: string = 'TextField';
  override dbType(): string {
    return 'text';
  }
}

export interface SlugOptions<V = string> extends CharOptions<V> {
  /** Accept Unicode letters and digits as well as ASCII (validate_unicode_slug). */
  allowUnicode?: boolean;
}

export class SlugField<V = string, R extends boolean = boolean> extends CharField<V, R> {
  override readonly type: string = 'SlugField';
  readonly allowUnicode: boolean;
  constructor(options: SlugOptions<any> = {}) {
    super({ maxLength: 50, dbIndex: true, ...options });
    this.allowUnicode = options.allowUnicode ?? false;
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), allowUnicode: 'allowUnicode' };
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), this.allowUnicode ? validateUnicodeSlug : validateSlug];
  }
}

export class EmailField<V = string, R extends boolean = boolean> extends CharField<V, R> {
  override readonly type: string = 'EmailField';
  constructor(options: CharOptions<any> = {}) {
    super({ maxLength: 254, ...options });
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new EmailValidator()];
  }
}

export class URLField<V = string, R extends boolean = boolean> extends CharField<V, R> {
  override readonly type: string = 'URLField';
  constructor(options: CharOptions<any> = {}) {
    super({ maxLength: 200, ...options });
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new URLValidator()];
  }
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID, as its canonical hyphenated lowercase string. */
export class UUIDField<V = string, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'UUIDField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” is not a valid UUID.' };
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'uuid' : 'char(32)';
  }
  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string' || !UUID_RE.test(value)) throw this.invalid(value, 'a UUID');
    const hex = value.replace(/-/g, '').toLowerCase();
    return dialect === POSTGRESQL ? hex : hex;
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    if (dialect === POSTGRESQL) return null;
    return (v: string | null) =>
      v === null ? null : `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------
// Numbers

function toInteger(field: Field, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw (field as any).invalid(value, 'a number');
}

export class IntegerField<V = number, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'IntegerField';
  /** The column's range (Django's integer_field_range), checked by cleanFields(). */
  protected range(): [number, number] | null {
    return [-2147483648, 2147483647];
  }
  protected override defaultValidators(): Validator[] {
    const r = this.range();
    return r ? [new MinValueValidator(r[0]), new MaxValueValidator(r[1])] : [];
  }
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be an integer.' };
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    return toInteger(this, value);
  }
  override dbType(_dialect: Dialect): string {
    return 'integer';
  }
  override toDb(value: unknown): unknown {
    return toInteger(this, value);
  }
}

export class BigIntegerField<V = number, R extends boolean = boolean> extends IntegerField<V, R> {
  override readonly type: string = 'BigIntegerField';
  protected override range(): [number, number] | null {
    return null; // wider than a JavaScript number holds exactly
  }
  override dbType(): string {
    return 'bigint';
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    return dialect === POSTGRESQL ? (v: string | null) => (v === null ? null : Number(v)) : null;
  }
}

export class SmallIntegerField<V = number, R extends boolean = boolean> extends IntegerField<V, R> {
  override readonly type: string = 'SmallIntegerField';
  protected override range(): [number, number] | null {
    return [-32768, 32767];
  }
  override dbType(): string {
    return 'smallint';
  }
}

export class PositiveIntegerField<V = number, R extends boolean = boolean> extends IntegerField<V, R> {
  override readonly type: string = 'PositiveIntegerField';
  protected override range(): [number, number] | null {
    return [0, 2147483647];
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'integer' : 'integer unsigned';
  }
  /** The CHECK clause Django adds: the column is >= 0. */
  checkConstraint(quoted: string): string {
    return `${quoted} >= 0`;
  }
}

export class FloatField<V = number, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'FloatField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be a float.' };
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    return value === null || value === undefined ? value : Number(value);
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'double precision' : 'real';
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    throw this.invalid(value, 'a number');
  }
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export interface DecimalOptions<V = string> extends Opts<V> {
  maxDigits: number;
  decimalPlaces: number;
}

/**
 * An exact decimal, held as a string ('12.50') so that no float rounding
 * ever happens in JavaScript. Values are quantized to `decimalPlaces` (half
 * up, like Python's default context for Django's quantize) on write.
 */
export class DecimalField<V = string, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'DecimalField';
  readonly maxDigits: number;
  readonly decimalPlaces: number;
  constructor(options: DecimalOptions<any>) {
    super(options);
    this.maxDigits = options.maxDigits;
    this.decimalPlaces = options.decimalPlaces;
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), maxDigits: 'maxDigits', decimalPlaces: 'decimalPlaces' };
  }
  protected override twin(): Field {
    // maxDigits and decimalPlaces are required: always written
    return new (this.constructor as any)({ maxDigits: Number.NaN, decimalPlaces: Number.NaN });
  }
  protected override defaultValidators(): Validator[] {
    return [new DecimalValidator(this.maxDigits, this.decimalPlaces)];
  }
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be a decimal number.' };
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' ? value.trim() : value;
  }
  override dbType(dialect: Dialect): string {
    return `${dialect === POSTGRESQL ? 'numeric' : 'decimal'}(${this.maxDigits}, ${this.decimalPlaces})`;
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') throw this.invalid(value, 'a decimal number');
    const m = DECIMAL_RE.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw this.invalid(value, 'a decimal number');
    return quantize(m[1] ?? '', m[2] || '0', m[3] ?? '', this.decimalPlaces);
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    const places = this.decimalPlaces;
    if (dialect === POSTGRESQL) return null; // numeric arrives as an exact string
    // SQLite stores decimals with NUMERIC affinity: exact up to 15 digits.
    return (v: number | string | null) => (v === null ? null : formatDecimal(v, places));
  }
}

function quantize(sign: string, whole: string, frac: string, places: number): string {
  let digits = whole.replace(/^0+(?=\d)/, '') + frac.padEnd(places + 1, '0').slice(0, places);
  const roundUp = frac.length > places && frac.charCodeAt(places) >= 53;
  if (roundUp) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === '9') {
        arr[i] = '0';
        i--;
      } else {
        arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
        break;
      }
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const intPart = places > 0 ? digits.slice(0, digits.length - places) || '0' : digits;
  const fracPart = places > 0 ? digits.slice(digits.length - places) : '';
  const zero = /^0*$/.test(intPart + fracPart);
  return `${sign === '-' && !zero ? '-' : ''}${intPart}${places > 0 ? `.${fracPart}` : ''}`;
}

function formatDecimal(v: number | string, places: number): string {
  if (typeof v === 'string') {
    const m = DECIMAL_RE.exec(v);
    if (m) return quantize(m[1] ?? '', m[2] || '0', m[3] ?? '', places);
    return v;
  }
  return v.toFixed(places);
}

export class BooleanField<V = boolean, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'BooleanField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be either True or False.' };
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'boolean' : 'bool';
  }
  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    let b: boolean;
    if (typeof value === 'boolean') b = value;
    else if (value === 1 || value === 0) b = value === 1;
    else if (value === 'true' || value === 't' || value === '1') b = true;
    else if (value === 'false' || value === 'f' || value === '0') b = false;
    else throw this.invalid(value, 'either true or false');
    return dialect === POSTGRESQL ? b : b ? 1 : 0;
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    return dialect === POSTGRESQL ? null : (v: number | null) => (v === null ? null : v !== 0);
  }
}

// ---------------------------------------------------------------------------
// Dates and times

export interface DateOptions<V> extends Opts<V> {
  /** Set to now on every save(). */
  autoNow?: boolean;
  /** Set to now when the object is first created. */
  autoNowAdd?: boolean;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * What DateField and DateTimeField share: `autoNow` / `autoNowAdd`, which make
 * the field non-editable and blank, and set it on save (as Django's pre_save).
 */
abstract class AutoNowField<V, R extends boolean> extends Field<V, R> {
  readonly autoNow: boolean;
  readonly autoNowAdd: boolean;
  constructor(options: DateOptions<any> = {}) {
    const auto = options.autoNow || options.autoNowAdd;
    super(auto ? { editable: false, blank: true, ...options } : options);
    this.autoNow = options.autoNow ?? false;
    this.autoNowAdd = options.autoNowAdd ?? false;
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), autoNow: 'autoNow', autoNowAdd: 'autoNowAdd' };
  }
  protected override twin(): Field {
    // the twin of an auto field is auto too, so that the editable/blank it implies are not written
    return new (this.constructor as any)({ autoNow: this.autoNow, autoNowAdd: this.autoNowAdd });
  }
  override deconstruct(): Deconstructed {
    const d = super.deconstruct();
    if (this.autoNow) d.options.autoNow = true;
    if (this.autoNowAdd) d.options.autoNowAdd = true;
    return d;
  }
  /** The value `now` takes in an instance of this field. */
  protected abstract now(): unknown;
  override preSave(instance: Record<string, unknown>, adding: boolean): unknown {
    if (this.autoNow || (this.autoNowAdd && adding)) {
      const now = this.now();
      instance[this.name] = now;
      return now;
    }
    return instance[this.name];
  }
}

/** A calendar date, as 'YYYY-MM-DD' (no time zone can shift it). */
export class DateField<V = string, R extends boolean = boolean> extends AutoNowField<V, R> {
  override readonly type: string = 'DateField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.' };
  }
  protected now(): unknown {
    return this.toDb(new Date());
  }
  override dbType(): string {
    return 'date';
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) {
      return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    }
    if (typeof value === 'string' && DATE_RE.test(value)) return value;
    throw this.invalid(value, 'a date (YYYY-MM-DD)');
  }
}

/** A point in time, as a JavaScript Date (stored in UTC). */
export class DateTimeField<V = Date, R extends boolean = boolean> extends AutoNowField<V, R> {
  override readonly type: string = 'DateTimeField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.' };
  }
  protected now(): unknown {
    return new Date();
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'timestamp with time zone' : 'datetime';
  }
  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    let d: Date;
    if (value instanceof Date) d = value;
    else if (typeof value === 'string' || typeof value === 'number') d = new Date(value);
    else throw this.invalid(value, 'a Date');
    if (Number.isNaN(d.getTime())) throw this.invalid(value, 'a valid date and time');
    if (dialect === POSTGRESQL) return d;
    // SQLite: Django's text format in UTC, which sorts and compares as text.
    return formatSqliteDateTime(d);
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    if (dialect === POSTGRESQL) return null;
    return parseSqliteDateTime;
  }
}

// SQLite's datetime text, written and read with arithmetic rather than
// toISOString() and the Date string parser: those are runtime calls whose
// code is cold by the time a request reaches them (a session read does one of
// each), costing several microseconds where this costs a fraction of one.

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** 'YYYY-MM-DD HH:MM:SS.sss' in UTC (toISOString's digits, its T and Z dropped). */
export function formatSqliteDateTime(d: Date): string {
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) return d.toISOString().replace('T', ' ').replace('Z', '');
  return `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
}

/** The number written by the `len` ASCII digits of `s` at `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, len: number): number {
  let x = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

/**
 * A Date from 'YYYY-MM-DD HH:MM:SS[.f…]' (UTC): what `new Date('…T…Z')` gives
 * (fractions past milliseconds dropped); any other layout goes to that parser.
 */
export function parseSqliteDateTime(v: string | null): Date | null {
  if (v === null) return null;
  const n = v.length;
  if (n >= 19 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && v.charCodeAt(10) === 32 && v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58 && (n === 19 || (v.charCodeAt(19) === 46 && n > 20))) {
    const year = digits(v, 0, 4), month = digits(v, 5, 2), day = digits(v, 8, 2), hour = digits(v, 11, 2), minute = digits(v, 14, 2), second = digits(v, 17, 2);
    // The fraction: every character a digit, the first three the milliseconds.
    const fraction = n > 20 && digits(v, 20, n - 20) >= 0 ? digits(v, 20, Math.min(3, n - 20)) * 10 ** (3 - Math.min(3, n - 20)) : n === 19 ? 0 : -1;
    // Days past the month's end roll over, as the string parser's do; hour 24 is left to it.
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0) {
      if (year >= 100) return new Date(Date.UTC(year, month - 1, day, hour, minute, second, fraction));
      // Date.UTC reads years 0–99 as 1900–1999, whose leap years differ at year 0 (1900 has no February 29).
      const d = new Date(0);
      d.setUTCFullYear(year, month - 1, day);
      d.setUTCHours(hour, minute, second, fraction);
      return d;
    }
  }
  return new Date(`${v.replace(' ', 'T')}Z`);
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;

/** A time of day, as 'HH:MM[:SS[.ffffff]]' (no time zone). */
export class TimeField<V = string, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'TimeField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.' };
  }
  override dbType(): string {
    return 'time';
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) {
      return `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}.${pad(value.getUTCMilliseconds(), 3)}`;
    }
    if (typeof value === 'string' && TIME_RE.test(value)) return value.length === 5 ? `${value}:00` : value;
    throw this.invalid(value, 'a time (HH:MM[:SS[.ffffff]])');
  }
}

/** A length of time in milliseconds (Django's timedelta). */
export class DurationField<V = number, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'DurationField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.' };
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'interval' : 'bigint';
  }
  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.invalid(value, 'a duration in milliseconds');
    // SQLite: microseconds in an integer, as Django stores it.
    return dialect === POSTGRESQL ? `${value} milliseconds` : Math.round(value * 1000);
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    if (dialect !== POSTGRESQL) return (v: number) => v / 1000;
    return (v: any) => {
      if (typeof v === 'string') return Number.NaN;
      const days = (v.years ?? 0) * 365 + (v.months ?? 0) * 30 + (v.days ?? 0);
      return ((days * 24 + (v.hours ?? 0)) * 60 + (v.minutes ?? 0)) * 60000 + (v.seconds ?? 0) * 1000 + (v.milliseconds ?? 0);
    };
  }
}

/** Raw bytes, as a Uint8Array. */
export class BinaryField<V = Uint8Array, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'BinaryField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '“%(value)s” value must be bytes (a Uint8Array).' };
  }
  constructor(options: Opts<any> = {}) {
    super({ editable: false, ...options });
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'bytea' : 'BLOB';
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw this.invalid(value, 'bytes (a Uint8Array)');
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    // pg returns a Buffer: hand out a plain Uint8Array on both backends
    return dialect === POSTGRESQL ? (v: Uint8Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null;
  }
}

/** Any JSON value, stored as text on SQLite and jsonb on PostgreSQL. */
export class JSONField<V = unknown, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'JSONField';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: 'Value must be valid JSON.' };
  }
  override toPython(value: unknown): unknown {
    try {
      if (value !== undefined && JSON.stringify(value) === undefined) throw new TypeError('not JSON');
    } catch {
      throw this.error('invalid', { value });
    }
    return value;
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'jsonb' : 'text';
  }
  override toDb(value: unknown): unknown {
    if (value === undefined) return null;
    // Django stores None as JSON null unless the column is nullable.
    if (value === null) return this.null ? null : 'null';
    return JSON.stringify(value);
  }
  override fromDb(dialect: Dialect): ((value: any) => unknown) | null {
    if (dialect === POSTGRESQL) return null; // pg parses jsonb
    return (v: string | null) => (v === null ? null : JSON.parse(v));
  }
}

export interface IPAddressOptions<V = string> extends Opts<V> {
  /** 'both' (default), 'IPv4' or 'IPv6'. */
  protocol?: 'both' | 'IPv4' | 'IPv6';
}

/** An IPv4 or IPv6 address as text (inet on PostgreSQL); '' is stored as null. */
export class GenericIPAddressField<V = string, R extends boolean = boolean> extends Field<V, R> {
  override readonly type: string = 'GenericIPAddressField';
  readonly protocol: string;
  constructor(options: IPAddressOptions<any> = {}) {
    super(options);
    this.protocol = options.protocol ?? 'both';
    ipAddressValidators(this.protocol); // an unknown protocol fails at definition
    if (this.blank && !this.null) {
      throw new ValueError('GenericIPAddressFields cannot have blank: true if null: false, as blank values are stored as nulls.');
    }
  }
  protected override defaultValidators(): Validator[] {
    return ipAddressValidators(this.protocol);
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), protocol: 'protocol' };
  }
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: 'Enter a valid IPv4 or IPv6 address.' };
  }
  override dbType(dialect: Dialect): string {
    return dialect === POSTGRESQL ? 'inet' : 'char(39)';
  }
  override toDb(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'string') throw this.invalid(value, 'an IP address');
    return value.trim();
  }
  override toPython(value: unknown): unknown {
    super.toPython(value);
    return typeof value === 'string' ? value.trim() : value;
  }
}

// ---------------------------------------------------------------------------
// Relations

/** What a ForeignKey points to: a model class, a thunk of one, or 'self'. */
export type ModelRef<M> = M | (() => M) | 'self' | string;

export interface ForeignKeyOptions<V> extends Opts<V> {
  onDelete: OnDelete;
  relatedName?: string;
  relatedQueryName?: string;
  /** The target's field the column holds (its primary key by default). */
  toField?: string;
  dbConstraint?: boolean;
  /** Which targets are valid choices: checked by fullClean(), used by forms and the admin. */
  limitChoicesTo?: LimitChoicesTo;
}

function evaluateLimit(limit: LimitChoicesTo | undefined): object | null {
  if (limit === undefined || limit === null) return null;
  const v = typeof limit === 'function' ? (limit as () => object)() : limit;
  if (v === null || typeof v !== 'object') throw new TypeError('limitChoicesTo must be lookups, a Q object, or a function returning one.');
  return v;
}

/**
 * A many-to-one relation. The instance gets `<name>` (the related object,
 * when loaded) and `<name>_id` (the column); filters may span it with `__`.
 */
export class ForeignKey<M = unknown, V = unknown, R extends boolean = boolean, N extends string = string> extends Field<V, R, false, false> {
  declare readonly _target: M;
  /** The declared relatedName (type-level only: typed reverse managers, see withRelated()). */
  declare readonly _relatedName: N;
  override readonly type: string = 'ForeignKey';
  protected override typeErrorMessages(): Record<string, string> {
    return { invalid: '%(model)s instance with %(field)s %(value)r does not exist.' };
  }
  /** The type check and the existence check need the target model: done by the model's cleanFields(). */
  override toPython(value: unknown): unknown {
    return value;
  }
  readonly onDelete: OnDelete;
  readonly relatedName: string | undefined;
  readonly relatedQueryName: string | undefined;
  readonly toField: string | undefined;
  readonly dbConstraint: boolean;
  readonly ref: ModelRef<M>;
  readonly limitChoicesTo: LimitChoicesTo | undefined;
  constructor(to: ModelRef<M>, options: ForeignKeyOptions<any>) {
    super({ dbIndex: true, ...options });
    this.ref = to;
    this.limitChoicesTo = options.limitChoicesTo;
    this.onDelete = options.onDelete;
    this.relatedName = options.relatedName;
    this.relatedQueryName = options.relatedQueryName;
    this.toField = options.toField;
    this.dbConstraint = options.dbConstraint ?? true;
    if (this.onDelete === 'SET_NULL' && !this.null) {
      throw new ValueError("Field specifies on_delete=SET_NULL, but cannot be null. Set null: true or change on_delete.");
    }
  }
  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), onDelete: 'onDelete', relatedName: 'relatedName', relatedQueryName: 'relatedQueryName', toField: 'toField', dbConstraint: 'dbConstraint' };
  }
  protected override twin(): Field {
    // onDelete is required: a twin without it makes deconstruct() always write it
    return new (this.constructor as any)(this.ref, { onDelete: undefined, null: true });
  }
  override deconstruct(): Deconstructed {
    const d = super.deconstruct();
    // the twin is nullable (SET_NULL needs it): compare null with the real default
    if (this.null) d.options.null = true;
    else delete d.options.null;
    return d;
  }
  protected override deconstructTarget(): string {
    return relationLabel(this.ref, this.modelLabel);
  }
  override contribute(name: string, modelLabel: string): void {
    this.name = name;
    this.modelLabel = modelLabel;
    if (this.column === '') this.column = `${name}_id`;
  }
  override preSave(instance: Record<string, unknown>): unknown {
    return instance[`${this.name}_id`];
  }
  /** Django's get_limit_choices_to(): the filter (lookups or Q) valid targets match, or null. */
  getLimitChoicesTo(): object | null {
    return evaluateLimit(this.limitChoicesTo);
  }
}

/** A one-to-one relation: a unique ForeignKey. */
export class OneToOneField<M = unknown, V = unknown, R extends boolean = boolean> extends ForeignKey<M, V, R> {
  /** Type-level only: tells a one-to-one (its reverse is one object) from a ForeignKey. */
  declare readonly _oneToOne: true;
  override readonly type: string = 'OneToOneField';
  constructor(to: ModelRef<M>, options: ForeignKeyOptions<any>) {
    super(to, { ...options, unique: true });
  }
}

export interface ManyToManyOptions {
  relatedName?: string;
  relatedQueryName?: string;
  /** The intermediate model (created automatically when absent: `<table>_<field>`). */
  through?: unknown;
  /** Table of the automatic intermediate model. */
  dbTable?: string;
  blank?: boolean;
  verboseName?: string;
  helpText?: string;
  /** Which targets are valid choices (forms and the admin filter by it). */
  limitChoicesTo?: LimitChoicesTo;
}

/**
 * A many-to-many relation through an intermediate table. It has no column of
 * its own: instances get a related manager (`post.tags.add(tag)`), filters
 * span it with `__`, prefetchRelated() loads it in one more query.
 */
export class ManyToManyField<M = unknown, N extends string = string> extends Field<never, false, false, false> {
  declare readonly _m2m: M;
  /** The declared relatedName (type-level only: typed reverse managers, see withRelated()). */
  declare readonly _relatedName: N;
  override readonly type: string = 'ManyToManyField';
  readonly ref: ModelRef<M>;
  readonly relatedName: string | undefined;
  readonly relatedQueryName: string | undefined;
  readonly throughRef: unknown;
  readonly throughTable: string | undefined;
  readonly limitChoicesTo: LimitChoicesTo | undefined;
  /** Django's get_limit_choices_to(): the filter (lookups or Q) valid targets match, or null. */
  getLimitChoicesTo(): object | null {
    return evaluateLimit(this.limitChoicesTo);
  }
  constructor(to: ModelRef<M>, options: ManyToManyOptions = {}) {
    super({ blank: options.blank, verboseName: options.verboseName, helpText: options.helpText });
    this.ref = to;
    this.relatedName = options.relatedName;
    this.relatedQueryName = options.relatedQueryName;
    this.throughRef = options.through;
    this.throughTable = options.dbTable;
    this.limitChoicesTo = options.limitChoicesTo;
  }
  protected override optionAttributes(): Record<string, string> {
    return { blank: 'blank', verboseName: 'verboseName', helpText: 'helpText', relatedName: 'relatedName', relatedQueryName: 'relatedQueryName', dbTable: 'throughTable' };
  }
  protected override twin(): Field {
    return new (this.constructor as any)(this.ref);
  }
  override deconstruct(): Deconstructed {
    const d = super.deconstruct();
    if (this.throughRef !== undefined) d.options.through = relationLabel(this.throughRef as ModelRef<unknown>, this.modelLabel);
    return d;
  }
  protected override deconstructTarget(): string {
    return relationLabel(this.ref, this.modelLabel);
  }
}

/**
 * The label ('polls.Question') a relation's target reference names: 'self',
 * a bare model name (same app), a label, a model class or a thunk of one.
 */
export function relationLabel(ref: ModelRef<unknown>, ownLabel: string): string {
  // an unbound field keeps a relative reference until it joins a model
  if (ref === 'self') return ownLabel || ref;
  if (typeof ref === 'string') return ref.includes('.') || !ownLabel ? ref : `${ownLabel.slice(0, ownLabel.indexOf('.'))}.${ref}`;
  const model = typeof ref === 'function' && !(ref as any)._meta ? (ref as () => any)() : (ref as any);
  if (!model?._meta?.label) throw new ValueError(`${ownLabel}: a related model reference cannot be resolved to a label.`);
  return model._meta.label as string;
}

// ---------------------------------------------------------------------------
// Factories: one call per field, typed from its options.

type Pk<O> = O extends { primaryKey: true } ? true : false;
type Ch<O> = O extends { choices: any } ? true : false;
type F<V, O> = Field<Nullable<O, V>, Req<O>, Pk<O>, Ch<O>>;
/** Marks date and datetime fields for the types of `__year`, `__date`, ... */
export interface Temporal<K extends 'date' | 'datetime'> {
  readonly _temporal: K;
}

export const fields = {
  AutoField: (options: Opts<number> = {}): Field<number, false, true, false> => new AutoField(options) as any,
  BigAutoField: (options: Opts<number> = {}): Field<number, false, true, false> => new BigAutoField(options) as any,
  CharField: <const O extends CharOptions<string | null> = {}>(options?: O): F<string, O> =>
    new CharField(options) as any,
  TextField: <const O extends CharOptions<string | null> = {}>(options?: O): F<string, O> =>
    new TextField(options) as any,
  SlugField: <const O extends SlugOptions<string | null> = {}>(options?: O): F<string, O> =>
    new SlugField(options) as any,
  EmailField: <const O extends CharOptions<string | null> = {}>(options?: O): F<string, O> =>
    new EmailField(options) as any,
  URLField: <const O extends CharOptions<string | null> = {}>(options?: O): F<string, O> =>
    new URLField(options) as any,
  UUIDField: <const O extends Opts<string | null> = {}>(options?: O): F<string, O> => new UUIDField(options) as any,
  IntegerField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> =>
    new IntegerField(options) as any,
  BigIntegerField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> =>
    new BigIntegerField(options) as any,
  SmallIntegerField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> =>
    new SmallIntegerField(options) as any,
  PositiveIntegerField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> =>
    new PositiveIntegerField(options) as any,
  FloatField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> => new FloatField(options) as any,
  DecimalField: <const O extends DecimalOptions<string | null>>(options: O): F<string, O> =>
    new DecimalField(options) as any,
  GenericIPAddressField: <const O extends IPAddressOptions<string | null> = {}>(options?: O): F<string, O> =>
    new GenericIPAddressField(options) as any,
  BooleanField: <const O extends Opts<boolean | null> = {}>(options?: O): F<boolean, O> =>
    new BooleanField(options) as any,
  DateField: <const O extends DateOptions<string | null> = {}>(
    options?: O,
  ): Field<Nullable<O, string>, O extends { autoNow: true } | { autoNowAdd: true } ? false : Req<O>, Pk<O>, Ch<O>> & Temporal<'date'> =>
    new DateField(options) as any,
  DateTimeField: <const O extends DateOptions<Date | null> = {}>(
    options?: O,
  ): Field<Nullable<O, Date>, O extends { autoNow: true } | { autoNowAdd: true } ? false : Req<O>, Pk<O>, Ch<O>> & Temporal<'datetime'> =>
    new DateTimeField(options) as any,
  TimeField: <const O extends Opts<string | null> = {}>(options?: O): F<string, O> => new TimeField(options) as any,
  DurationField: <const O extends Opts<number | null> = {}>(options?: O): F<number, O> => new DurationField(options) as any,
  BinaryField: <const O extends Opts<Uint8Array | null> = {}>(options?: O): F<Uint8Array, O> => new BinaryField(options) as any,
  JSONField: <T = unknown, const O extends Opts<T | null> = {}>(options?: O): F<T, O> =>
    new JSONField(options) as any,
  ForeignKey: <M, const O extends ForeignKeyOptions<unknown>>(
    to: M | (() => M),
    options: O,
  ): ForeignKey<M, Nullable<O, number>, Req<O>, RelName<O>> => new ForeignKey(to as ModelRef<M>, options) as any,
  ManyToManyField: <M, const O extends ManyToManyOptions = {}>(to: M | (() => M), options?: O): ManyToManyField<M, RelName<O>> =>
    new ManyToManyField(to as ModelRef<M>, options) as any,
  OneToOneField: <M, const O extends ForeignKeyOptions<unknown>>(
    to: M | (() => M),
    options: O,
  ): OneToOneField<M, Nullable<O, number>, Req<O>> => new OneToOneField(to as ModelRef<M>, options) as any,
};
