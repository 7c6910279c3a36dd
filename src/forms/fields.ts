/**
 * Form fields (django.forms.fields): each turns submitted text into a typed
 * value (`toPython`), checks it (`validate`, validators) and says which
 * widget shows it. Messages and codes are Django's. `Field<T>` carries the
 * cleaned type `T`, which a form's `cleanedData` is typed from; a field
 * declared with `required: false` cleans empty input to its empty value
 * (null for most types), and its type says so.
 *
 * @example
 * new CharField({ maxLength: 5 }).clean('abcdef');
 * // ValidationError: Ensure this value has at most 5 characters (it has 6).
 */
import { ValidationError } from '../core/exceptions';
import {
  DecimalValidator,
  EmailValidator,
  MaxLengthValidator,
  MaxValueValidator,
  MinLengthValidator,
  MinValueValidator,
  ProhibitNullCharactersValidator,
  RegexValidator,
  URLValidator,
  ipAddressValidators,
  isEmptyValue,
  isValidIPv6,
  runValidator,
  validateSlug,
  validateUnicodeSlug,
  type Validator,
} from '../core/validators';
import { UploadedFile } from '../core/files/uploadedfile';
import { IMAGE_EXTENSIONS, IMAGE_MIME, readImageInfo, type ImageInfo } from './images';
import { parseDate, parseDateTime, parseDuration, parseTime, durationString } from './temporal';
import { getFormat } from '../utils/formats';
import {
  CheckboxInput,
  ClearableFileInput,
  DateInput,
  DateTimeInput,
  EmailInput,
  FILE_INPUT_CONTRADICTION,
  HiddenInput,
  MultipleHiddenInput,
  NullBooleanSelect,
  NumberInput,
  Select,
  SelectMultiple,
  SplitDateTimeWidget,
  Textarea,
  TextInput,
  TimeInput,
  URLInput,
  normalizeChoices,
  type Attrs,
  type Choices,
  type ChoicesInput,
  type MultiWidget,
  type Widget,
} from './widgets';
import { str } from './utils';

export type WidgetArg = Widget | (new () => Widget);

export interface FieldOptions {
  required?: boolean;
  widget?: WidgetArg;
  label?: string | null;
  initial?: unknown;
  helpText?: string;
  errorMessages?: Readonly<Record<string, string>>;
  showHiddenInitial?: boolean;
  validators?: readonly Validator[];
  localize?: boolean;
  disabled?: boolean;
  labelSuffix?: string | null;
  templateName?: string;
}

/** The cleaned type: `V`, or `E` (the empty value) when the field is not required. */
export type Opt<O, V, E = null> = O extends { required: false } ? V | E : V;

/** The type a field cleans to. */
export type FieldValue<F> = F extends Field<infer T> ? T : never;

/** Django's Field: required, widget, label, initial, help text, validators and messages. */
export class Field<T = unknown> {
  declare readonly _type: T;
  required: boolean;
  label: string | null;
  initial: unknown;
  helpText: string;
  showHiddenInitial: boolean;
  localize: boolean;
  disabled: boolean;
  labelSuffix: string | null;
  templateName: string | undefined;
  validators: Validator[];
  private readonly customMessages: Readonly<Record<string, string>>;
  private widgetInstance: Widget | undefined;
  private widgetArg: WidgetArg | undefined;
  private messagesCache: Record<string, string> | undefined;

  constructor(options: FieldOptions = {}) {
    this.required = options.required ?? true;
    this.label = options.label ?? null;
    this.initial = options.initial;
    this.helpText = options.helpText ?? '';
    this.showHiddenInitial = options.showHiddenInitial ?? false;
    this.localize = options.localize ?? false;
    this.disabled = options.disabled ?? false;
    this.labelSuffix = options.labelSuffix ?? null;
    this.templateName = options.templateName;
    this.customMessages = options.errorMessages ?? {};
    this.validators = [...(options.validators ?? [])];
    this.widgetArg = options.widget;
  }

  /** The widget class used when none is given. */
  protected defaultWidget(): Widget {
    return new TextInput();
  }
  /** The widget used when the field is hidden (showHiddenInitial). */
  hiddenWidget(): Widget {
    return new HiddenInput();
  }
  /** Validators the type adds (max length, ...), before the `validators` option. */
  protected defaultValidators(): Validator[] {
    return [];
  }
  /** The type's messages by code; subclasses add theirs to super's. */
  protected defaultErrorMessages(): Record<string, string> {
    return { required: 'This field is required.' };
  }

  /**
   * The widget, built on first use: the type's attributes (maxlength, min,
   * step, ...) are added then, since a subclass sets its options after the
   * base constructor has run.
   */
  get widget(): Widget {
    if (!this.widgetInstance) {
      const arg = this.widgetArg;
      const w = arg === undefined ? this.defaultWidget() : typeof arg === 'function' ? new arg() : arg.clone();
      if (this.localize) (w as { isLocalized?: boolean }).isLocalized = true;
      w.isRequired = this.required;
      Object.assign(w.attrs, this.widgetAttrs(w));
      this.widgetInstance = w;
    }
    return this.widgetInstance;
  }
  set widget(w: Widget) {
    this.widgetInstance = w;
  }

  get errorMessages(): Record<string, string> {
    return (this.messagesCache ??= { ...this.defaultErrorMessages(), ...this.customMessages });
  }

  /** Every validator: the type's, then those given. */
  get allValidators(): Validator[] {
    return [...this.defaultValidators(), ...this.validators];
  }

  /** A ValidationError with this field's message for `code`. */
  error(code: string, params?: Record<string, unknown>): ValidationError {
    return new ValidationError(this.errorMessages[code] ?? code, { code, params });
  }

  prepareValue(value: unknown): unknown {
    return value;
  }
  toPython(value: unknown): unknown {
    return value;
  }
  validate(value: unknown): void {
    if (isEmptyValue(value) && this.required) throw this.error('required');
  }
  runValidators(value: unknown): void {
    if (isEmptyValue(value)) return;
    const errors: ValidationError[] = [];
    for (const v of this.allValidators) {
      try {
        runValidator(v, value);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const one of e.errorList) {
          const custom = one.code !== undefined ? this.customMessages[one.code] : undefined;
          errors.push(custom ? new ValidationError(custom, { code: one.code, params: one.params as Record<string, unknown> }) : one);
        }
      }
    }
    if (errors.length) throw new ValidationError(errors);
  }
  /** toPython, validate, validators: the cleaned value or a ValidationError. */
  clean(value: unknown, _initial?: unknown): T {
    const v = this.toPython(value);
    this.validate(v);
    this.runValidators(v);
    return v as T;
  }
  /** The value a bound form shows: the initial one when disabled. */
  boundData(data: unknown, initial: unknown): unknown {
    return this.disabled ? initial : data;
  }
  /** Attributes the type adds to its widget. */
  widgetAttrs(_widget: Widget): Attrs {
    return {};
  }
  /** Whether `data` differs from `initial` (compared as their text). */
  hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    try {
      data = this.toPython(data);
      if ('coerceValue' in this) data = (this as unknown as { coerceValue(v: unknown): unknown }).coerceValue(data);
    } catch (e) {
      if (e instanceof ValidationError) return true;
      throw e;
    }
    const initialValue = initial === null || initial === undefined ? '' : initial;
    const dataValue = data === null || data === undefined ? '' : data;
    return textOf(this.prepareValue(initialValue)) !== textOf(dataValue);
  }
  /** A copy for one form instance (Django deep-copies base_fields). */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.validators = [...this.validators];
    if (this.widgetInstance) copy.widgetInstance = this.widgetInstance.clone();
    return copy;
  }
}

function textOf(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return JSON.stringify(v.map(textOf));
  return str(v);
}

// ---------------------------------------------------------------------------
// Text

export interface CharFieldOptions extends FieldOptions {
  maxLength?: number | null;
  minLength?: number | null;
  strip?: boolean;
  emptyValue?: unknown;
}

export class CharField<const O extends CharFieldOptions = {}> extends Field<O extends { emptyValue: null } ? string | null : string> {
  maxLength: number | null;
  minLength: number | null;
  strip: boolean;
  emptyValue: unknown;
  constructor(options: O = {} as O) {
    super(options);
    this.maxLength = options.maxLength ?? null;
    this.minLength = options.minLength ?? null;
    this.strip = options.strip ?? true;
    this.emptyValue = 'emptyValue' in options ? options.emptyValue : '';
  }
  protected override defaultValidators(): Validator[] {
    const v: Validator[] = [];
    if (this.minLength !== null) v.push(new MinLengthValidator(this.minLength));
    if (this.maxLength !== null) v.push(new MaxLengthValidator(this.maxLength));
    v.push(new ProhibitNullCharactersValidator());
    return v;
  }
  override toPython(value: unknown): unknown {
    if (!isEmptyValue(value)) {
      value = str(value);
      if (this.strip) value = (value as string).trim();
    }
    return isEmptyValue(value) ? this.emptyValue : value;
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (this.maxLength !== null && !widget.isHidden) attrs.maxlength = String(this.maxLength);
    if (this.minLength !== null && !widget.isHidden) attrs.minlength = String(this.minLength);
    return attrs;
  }
}

export class RegexField<const O extends CharFieldOptions = {}> extends CharField<O> {
  readonly regex: RegExp;
  constructor(regex: RegExp | string, options: O = {} as O) {
    super(options);
    this.regex = typeof regex === 'string' ? new RegExp(regex) : regex;
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new RegexValidator(this.regex)];
  }
}

export class EmailField<const O extends CharFieldOptions = {}> extends CharField<O> {
  constructor(options: O = {} as O) {
    super({ maxLength: 320, ...options });
  }
  protected override defaultWidget(): Widget {
    return new EmailInput();
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new EmailValidator()];
  }
}

export class URLField<const O extends CharFieldOptions & { assumeScheme?: string } = {}> extends CharField<O> {
  readonly assumeScheme: string;
  constructor(options: O = {} as O) {
    super(options);
    this.assumeScheme = options.assumeScheme ?? 'https';
  }
  protected override defaultWidget(): Widget {
    return new URLInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid URL.' };
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new URLValidator()];
  }
  override toPython(value: unknown): unknown {
    const v = super.toPython(value);
    if (typeof v !== 'string' || v === '') return v;
    // Django: a URL without a scheme gets assumeScheme ('example.com' → 'https://example.com')
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) return `${this.assumeScheme}://${v}`;
    return v;
  }
}

export class SlugField<const O extends CharFieldOptions & { allowUnicode?: boolean } = {}> extends CharField<O> {
  readonly allowUnicode: boolean;
  constructor(options: O = {} as O) {
    super(options);
    this.allowUnicode = options.allowUnicode ?? false;
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), this.allowUnicode ? validateUnicodeSlug : validateSlug];
  }
}

const UUID_HEX = /^[0-9a-f]{32}$/i;

export class UUIDField<const O extends CharFieldOptions = {}> extends CharField<O> {
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid UUID.' };
  }
  override prepareValue(value: unknown): unknown {
    return value;
  }
  /** Python's uuid.UUID(): hex with or without hyphens, braces or 'urn:uuid:'; canonical lower-case text. */
  override toPython(value: unknown): unknown {
    const v = super.toPython(value);
    if (v === this.emptyValue || v === '' || v === null) return this.emptyValue === '' ? null : this.emptyValue;
    const hex = String(v).replace(/^urn:uuid:/i, '').replace(/^\{|\}$/g, '').replace(/-/g, '');
    if (!UUID_HEX.test(hex)) throw this.error('invalid', { value });
    const h = hex.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

export interface IPAddressOptions extends CharFieldOptions {
  protocol?: 'both' | 'IPv4' | 'IPv6' | 'ipv4' | 'ipv6';
  unpackIpv4?: boolean;
}

export class GenericIPAddressField<const O extends IPAddressOptions = {}> extends CharField<O> {
  readonly protocol: string;
  readonly unpackIpv4: boolean;
  constructor(options: O = {} as O) {
    super({ maxLength: 39, ...options });
    this.protocol = options.protocol ?? 'both';
    this.unpackIpv4 = options.unpackIpv4 ?? false;
    ipAddressValidators(this.protocol); // rejects an unknown protocol now
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), ...ipAddressValidators(this.protocol)];
  }
  override toPython(value: unknown): unknown {
    const v = super.toPython(value);
    if (typeof v !== 'string' || v === '') return v === null ? '' : v;
    if (v.includes(':')) {
      if (v.length > 39 || !isValidIPv6(v)) throw new ValidationError('This is not a valid IPv6 address.', { code: 'invalid', params: { protocol: 'IPv6' } });
      return compressIPv6(v, this.unpackIpv4);
    }
    return v;
  }
}

/** Python's ipaddress compression of a valid IPv6 address (with IPv4-mapped unpacking). */
export function compressIPv6(ip: string, unpackIpv4: boolean): string {
  let [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const expand = (part: string): number[] => {
    if (!part) return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const o = group.split('.').map(Number);
        out.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
      } else out.push(parseInt(group, 16));
    }
    return out;
  };
  const h = expand(head);
  const t = tail === undefined ? [] : expand(tail);
  const groups = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const v4 = `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
    if (unpackIpv4) return v4;
    return `::ffff:${v4}`;
  }
  // the longest run of zero groups (two or more) becomes '::'
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

// ---------------------------------------------------------------------------
// Numbers

export interface NumberFieldOptions<N> extends FieldOptions {
  maxValue?: N | null;
  minValue?: N | null;
  stepSize?: N | null;
}

/** 'Ensure this value is a multiple of step size %(limit_value)s.' */
export class StepValueValidator {
  constructor(
    readonly limitValue: number,
    readonly offset: number | null = null,
  ) {}
  validate(value: unknown): void {
    const v = Number(value);
    const offset = this.offset ?? 0;
    const q = (v - offset) / this.limitValue;
    if (Math.abs(q - Math.round(q)) > 1e-9) {
      if (this.offset === null) {
        throw new ValidationError('Ensure this value is a multiple of step size %(limit_value)s.', { code: 'step_size', params: { limit_value: this.limitValue, value } });
      }
      throw new ValidationError(
        'Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on.',
        { code: 'step_size', params: { limit_value: this.limitValue, offset, valid_value1: offset + this.limitValue, valid_value2: offset + 2 * this.limitValue, value } },
      );
    }
  }
}

abstract class NumberField<T, N> extends Field<T> {
  maxValue: N | null;
  minValue: N | null;
  stepSize: N | null;
  constructor(options: NumberFieldOptions<N>) {
    super(options);
    this.maxValue = options.maxValue ?? null;
    this.minValue = options.minValue ?? null;
    this.stepSize = options.stepSize ?? null;
  }
  protected override defaultWidget(): Widget {
    return this.localize ? new TextInput() : new NumberInput();
  }
  protected override defaultValidators(): Validator[] {
    const v: Validator[] = [];
    if (this.maxValue !== null) v.push(new MaxValueValidator(this.maxValue));
    if (this.minValue !== null) v.push(new MinValueValidator(this.minValue));
    if (this.stepSize !== null) v.push(new StepValueValidator(Number(this.stepSize), this.minValue === null ? null : Number(this.minValue)));
    return v;
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (widget instanceof NumberInput && !('min' in widget.attrs) && this.minValue !== null) attrs.min = str(this.minValue);
    if (widget instanceof NumberInput && !('max' in widget.attrs) && this.maxValue !== null) attrs.max = str(this.maxValue);
    if (widget instanceof NumberInput && !('step' in widget.attrs) && this.stepSize !== null) attrs.step = str(this.stepSize);
    return attrs;
  }
}

const DECIMAL_SUFFIX = /\.0*\s*$/;
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/** Cleans to a number; 'Enter a whole number.' for anything else. */
export class IntegerField<const O extends NumberFieldOptions<number> = {}> extends NumberField<Opt<O, number>, number> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a whole number.' };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number') {
      if (Number.isInteger(value)) return value;
      throw this.error('invalid', { value });
    }
    const text = str(value).replace(DECIMAL_SUFFIX, ''); // '1.0' is a whole number, as Django reads it
    if (!INTEGER_TEXT.test(text)) throw this.error('invalid', { value });
    const n = Number(text.trim());
    // beyond 2**53 a JavaScript number is no longer exact: refuse rather than round
    if (!Number.isSafeInteger(n)) throw this.error('invalid', { value });
    return n;
  }
}

const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)\s*$/i;

export class FloatField<const O extends NumberFieldOptions<number> = {}> extends NumberField<Opt<O, number>, number> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a number.' };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number') return value;
    const text = str(value);
    if (!FLOAT_TEXT.test(text)) throw this.error('invalid', { value });
    const t = text.trim().toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
    return /nan/.test(t) ? Number.NaN : Number(t);
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (isEmptyValue(value)) return;
    if (!Number.isFinite(value)) throw this.error('invalid', { value });
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput && !('step' in widget.attrs)) attrs.step ??= 'any';
    return attrs;
  }
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * Python's Decimal(text) as exact decimal text without an exponent
 * ('1.50' stays '1.50', '1e3' is '1000'); null when it is not a finite decimal.
 */
export function decimalText(value: unknown): string | null {
  const m = DECIMAL_TEXT.exec(str(value).trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const sign = m[1] === '-' ? '-' : '';
  let whole = m[2] || '';
  let frac = m[3] ?? '';
  let exp = m[4] ? Number(m[4]) : 0;
  if (!Number.isFinite(exp) || Math.abs(exp) > 1000) return null; // refuse absurd exponents instead of building huge strings
  if (exp > 0) {
    const moved = frac.slice(0, exp).padEnd(exp, '0');
    whole += moved;
    frac = frac.slice(exp);
  } else if (exp < 0) {
    exp = -exp;
    const padded = whole.padStart(exp, '0');
    frac = padded.slice(padded.length - exp) + frac;
    whole = padded.slice(0, padded.length - exp);
  }
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

export interface DecimalFieldOptions extends NumberFieldOptions<number | string> {
  maxDigits?: number | null;
  decimalPlaces?: number | null;
}

/** Cleans to exact decimal text (no float rounding): '3.14', as the ORM's DecimalField holds it. */
export class DecimalField<const O extends DecimalFieldOptions = {}> extends NumberField<Opt<O, string>, number | string> {
  readonly maxDigits: number | null;
  readonly decimalPlaces: number | null;
  constructor(options: O = {} as O) {
    super(options);
    this.maxDigits = options.maxDigits ?? null;
    this.decimalPlaces = options.decimalPlaces ?? null;
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a number.' };
  }
  protected override defaultValidators(): Validator[] {
    return [...super.defaultValidators(), new DecimalValidator(this.maxDigits, this.decimalPlaces)];
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number' && !Number.isFinite(value)) throw this.error('invalid', { value });
    const d = decimalText(value);
    if (d === null) throw this.error('invalid', { value });
    return d;
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput && !('step' in widget.attrs)) {
      attrs.step ??= this.decimalPlaces !== null ? (this.decimalPlaces === 0 ? '1' : `0.${'0'.repeat(this.decimalPlaces - 1)}1`) : 'any';
    }
    return attrs;
  }
}

// ---------------------------------------------------------------------------
// Booleans

export class BooleanField<const O extends FieldOptions = {}> extends Field<boolean> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultWidget(): Widget {
    return new CheckboxInput();
  }
  override toPython(value: unknown): unknown {
    // 'false' and '0' are false (a hidden input's value), as in Django
    if (typeof value === 'string' && (value.toLowerCase() === 'false' || value === '0')) return false;
    if (Array.isArray(value)) return value.length > 0;
    return Boolean(value);
  }
  override validate(value: unknown): void {
    if (!value && this.required) throw this.error('required');
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}

export class NullBooleanField<const O extends FieldOptions = {}> extends Field<boolean | null> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultWidget(): Widget {
    return new NullBooleanSelect();
  }
  override toPython(value: unknown): unknown {
    if (value === true || value === 'True' || value === 'true' || value === '1') return true;
    if (value === false || value === 'False' || value === 'false' || value === '0') return false;
    return null;
  }
  override validate(): void {}
}

// ---------------------------------------------------------------------------
// Choices

export interface ChoiceFieldOptions extends FieldOptions {
  choices?: ChoicesInput;
}

function* flatChoices(choices: Choices): IterableIterator<readonly [unknown, unknown]> {
  for (const [k, v] of choices as ReadonlyArray<readonly [unknown, unknown]>) {
    if (Array.isArray(v)) yield* v as Array<readonly [unknown, unknown]>;
    else yield [k, v];
  }
}

export class ChoiceField<T = string, const O extends ChoiceFieldOptions = {}> extends Field<T> {
  private choicesInput: ChoicesInput;
  constructor(options: O = {} as O) {
    super(options);
    this.choicesInput = options.choices ?? [];
  }
  protected override defaultWidget(): Widget {
    return new Select();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.' };
  }
  get choices(): Choices {
    return normalizeChoices(this.choicesInput);
  }
  set choices(value: ChoicesInput) {
    this.choicesInput = value;
    const w = this.widget as Select;
    if ('choices' in w) w.choices = value;
  }
  override get widget(): Widget {
    const w = super.widget;
    if (w instanceof Select || 'optgroups' in w) (w as Select).choices = this.choicesInput;
    return w;
  }
  override set widget(w: Widget) {
    super.widget = w;
  }
  override toPython(value: unknown): unknown {
    return isEmptyValue(value) ? '' : str(value);
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (!isEmptyValue(value) && !this.validValue(value)) throw this.error('invalid_choice', { value });
  }
  validValue(value: unknown): boolean {
    const text = str(value);
    for (const [k] of flatChoices(this.choices)) if (value === k || text === str(k)) return true;
    return false;
  }
}

export interface TypedChoiceOptions<T> extends ChoiceFieldOptions {
  coerce?: (value: string) => T;
  emptyValue?: unknown;
}

/** A ChoiceField whose value goes through `coerce` (Number, ...). */
type Coerced<O> = O extends { coerce: (v: string) => infer R } ? R : string;

export class TypedChoiceField<const O extends TypedChoiceOptions<any> = {}> extends ChoiceField<Coerced<O> | (O extends { emptyValue: infer E } ? E : '')> {
  readonly coerce: (value: string) => unknown;
  readonly emptyValue: unknown;
  constructor(options: O = {} as O) {
    super(options);
    this.coerce = options.coerce ?? ((v: string) => v);
    this.emptyValue = 'emptyValue' in options ? options.emptyValue : '';
  }
  coerceValue(value: unknown): unknown {
    if (value === this.emptyValue || isEmptyValue(value)) return this.emptyValue;
    try {
      return this.coerce(value as string);
    } catch {
      throw this.error('invalid_choice', { value });
    }
  }
  override clean(value: unknown): any {
    return this.coerceValue(super.clean(value));
  }
}

export class MultipleChoiceField<const O extends ChoiceFieldOptions = {}> extends ChoiceField<string[], O> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }
  override hiddenWidget(): Widget {
    return new MultipleHiddenInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid_list: 'Enter a list of values.' };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return [];
    if (!Array.isArray(value)) throw this.error('invalid_list');
    return value.map((v) => str(v));
  }
  override validate(value: unknown): void {
    const list = value as string[];
    if (this.required && !list.length) throw this.error('required');
    for (const v of list) if (!this.validValue(v)) throw this.error('invalid_choice', { value: v });
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = (Array.isArray(initial) ? initial : initial == null ? [] : [initial]).map(str);
    const b = (Array.isArray(data) ? data : data == null ? [] : [data]).map(str);
    if (a.length !== b.length) return true;
    const set = new Set(a);
    return b.some((v) => !set.has(v));
  }
}

export class TypedMultipleChoiceField<const O extends TypedChoiceOptions<any> = {}> extends MultipleChoiceField<O> {
  readonly coerce: (value: string) => unknown;
  readonly emptyValue: unknown;
  constructor(options: O = {} as O) {
    super(options);
    this.coerce = options.coerce ?? ((v: string) => v);
    this.emptyValue = 'emptyValue' in options ? options.emptyValue : [];
  }
  coerceValue(value: unknown): unknown {
    const list = value as string[];
    if (!list.length) return this.emptyValue;
    return list.map((v) => {
      try {
        return this.coerce(v);
      } catch {
        throw this.error('invalid_choice', { value: v });
      }
    });
  }
  override clean(value: unknown): any {
    return this.coerceValue(super.clean(value));
  }
}

// ---------------------------------------------------------------------------
// Dates and times

export interface TemporalOptions extends FieldOptions {
  inputFormats?: readonly string[];
}

/**
 * `inputFormats` given to the field are the only ones accepted; without
 * them the formats are looked up at each clean (Django's get_format_lazy):
 * the language's format module, else the *_INPUT_FORMATS setting.
 */
abstract class BaseTemporalField<T> extends Field<T> {
  private readonly givenFormats: readonly string[] | undefined;
  constructor(options: TemporalOptions) {
    super(options);
    if (options.inputFormats !== undefined && (!Array.isArray(options.inputFormats) || !options.inputFormats.every((f) => typeof f === 'string'))) {
      throw new TypeError(`inputFormats must be a list of strptime formats, not ${JSON.stringify(options.inputFormats)}.`);
    }
    this.givenFormats = options.inputFormats;
  }
  get inputFormats(): readonly string[] {
    return this.givenFormats ?? this.defaultFormats();
  }
  protected abstract defaultFormats(): readonly string[];
}


/** Cleans to 'YYYY-MM-DD' (the ORM's DateField value). */
export class DateField<const O extends TemporalOptions = {}> extends BaseTemporalField<Opt<O, string>> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected defaultFormats(): readonly string[] {
    return getFormat('DATE_INPUT_FORMATS');
  }
  protected override defaultWidget(): Widget {
    return new DateInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid date.' };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw this.error('invalid');
      return value.toISOString().slice(0, 10);
    }
    const d = parseDate(str(value).trim(), this.inputFormats);
    if (d === null) throw this.error('invalid');
    return d;
  }
}

/** Cleans to 'HH:MM:SS' or 'HH:MM:SS.ffffff' (the ORM's TimeField value). */
export class TimeField<const O extends TemporalOptions = {}> extends BaseTemporalField<Opt<O, string>> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected defaultFormats(): readonly string[] {
    return getFormat('TIME_INPUT_FORMATS');
  }
  protected override defaultWidget(): Widget {
    return new TimeInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid time.' };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    const t = parseTime(str(value).trim(), this.inputFormats);
    if (t === null) throw this.error('invalid');
    return t;
  }
}

/** Cleans to a Date; text without an offset is read as UTC. */
export class DateTimeField<const O extends TemporalOptions = {}> extends BaseTemporalField<Opt<O, Date>> {
  constructor(options: O = {} as O) {
    super(options);
  }
  /** The datetime formats, then the date formats (Django's DateTimeFormatsIterator). */
  protected defaultFormats(): readonly string[] {
    return [...getFormat('DATETIME_INPUT_FORMATS'), ...getFormat('DATE_INPUT_FORMATS')];
  }
  protected override defaultWidget(): Widget {
    return new DateTimeInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid date/time.' };
  }
  override prepareValue(value: unknown): unknown {
    return value;
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw this.error('invalid');
      return value;
    }
    const d = parseDateTime(str(value).trim(), this.inputFormats);
    if (d === null) throw this.error('invalid');
    return d;
  }
}

const MAX_DAYS = 999999999;

/** Cleans to milliseconds (the ORM's DurationField value). */
export class DurationField<const O extends FieldOptions = {}> extends Field<Opt<O, number>> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid duration.', overflow: 'The number of days must be between {min_days} and {max_days}.' };
  }
  override prepareValue(value: unknown): unknown {
    return typeof value === 'number' ? durationString(value) : value;
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number') return value;
    const ms = parseDuration(str(value).trim());
    if (ms === null) throw this.error('invalid');
    if (Math.abs(ms) / 86400000 > MAX_DAYS) {
      throw new ValidationError(this.errorMessages.overflow.replace('{min_days}', String(-MAX_DAYS)).replace('{max_days}', String(MAX_DAYS)), { code: 'overflow' });
    }
    return ms;
  }
}

// ---------------------------------------------------------------------------
// JSON

/** Text that failed to parse, shown back to the user as it was typed. */
class InvalidJSONInput {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export class JSONField<J = unknown, const O extends FieldOptions = {}> extends Field<Opt<O, J>> {
  constructor(options: O = {} as O) {
    super(options);
  }
  protected override defaultWidget(): Widget {
    return new Textarea();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a valid JSON.' };
  }
  override toPython(value: unknown): unknown {
    if (this.disabled) return value;
    if (isEmptyValue(value)) return null;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw this.error('invalid', { value });
    }
  }
  override boundData(data: unknown, initial: unknown): unknown {
    if (this.disabled) return initial;
    if (data === null || data === undefined) return null;
    try {
      return JSON.parse(String(data));
    } catch {
      return new InvalidJSONInput(String(data));
    }
  }
  override prepareValue(value: unknown): unknown {
    if (value instanceof InvalidJSONInput) return value.text;
    return JSON.stringify(value);
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (super.hasChanged(initial, data)) {
      try {
        return JSON.stringify(sortKeys(initial)) !== JSON.stringify(sortKeys(this.toPython(data)));
      } catch {
        return true;
      }
    }
    return false;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

// ---------------------------------------------------------------------------
// Files

export interface FileFieldOptions extends FieldOptions {
  maxLength?: number | null;
  allowEmptyFile?: boolean;
}

/** An UploadedFile; `false` when the "clear" box was checked on an optional field. */
export class FileField<const O extends FileFieldOptions = {}> extends Field<Opt<O, UploadedFile, UploadedFile | null | false>> {
  readonly maxLength: number | null;
  readonly allowEmptyFile: boolean;
  constructor(options: O = {} as O) {
    super(options);
    this.maxLength = options.maxLength ?? null;
    this.allowEmptyFile = options.allowEmptyFile ?? false;
  }
  protected override defaultWidget(): Widget {
    return new ClearableFileInput();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return {
      ...super.defaultErrorMessages(),
      invalid: 'No file was submitted. Check the encoding type on the form.',
      missing: 'No file was submitted.',
      empty: 'The submitted file is empty.',
      max_length: 'Ensure this filename has at most %(max)d characters (it has %(length)d).',
      contradiction: 'Please either submit a file or check the clear checkbox, not both.',
    };
  }
  override toPython(data: unknown): unknown {
    if (isEmptyValue(data)) return null;
    const file = data as Partial<UploadedFile>;
    if (typeof data !== 'object' || typeof file.name !== 'string' || typeof file.size !== 'number') throw this.error('invalid');
    const length = [...file.name].length;
    if (this.maxLength !== null && length > this.maxLength) {
      const message = this.maxLength === 1 && this.errorMessages.max_length.includes('characters (it') ? this.errorMessages.max_length.replace('characters', 'character') : this.errorMessages.max_length;
      throw new ValidationError(message, { code: 'max_length', params: { max: this.maxLength, length } });
    }
    if (!file.name) throw this.error('invalid');
    if (!this.allowEmptyFile && !file.size) throw this.error('empty');
    return data;
  }
  override clean(data: unknown, initial?: unknown): any {
    if (data === FILE_INPUT_CONTRADICTION) throw this.error('contradiction');
    if (data === false) {
      if (!this.required) return false; // clear the current file
      data = null; // a required field cannot be cleared
    }
    if (!data && initial) return initial;
    return super.clean(data);
  }
  override boundData(data: unknown, initial: unknown): unknown {
    if (this.disabled) return initial;
    if (data === null || data === undefined || data === FILE_INPUT_CONTRADICTION) return initial;
    return data;
  }
  override hasChanged(_initial: unknown, data: unknown): boolean {
    return !this.disabled && data !== null && data !== undefined;
  }
}

/** 'File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.' */
export class FileExtensionValidator {
  constructor(readonly allowedExtensions: readonly string[]) {}
  validate(value: unknown): void {
    const name = String((value as { name?: unknown }).name ?? '');
    const dot = name.lastIndexOf('.');
    const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
    if (!this.allowedExtensions.includes(extension)) {
      throw new ValidationError('File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.', {
        code: 'invalid_extension',
        params: { extension, allowed_extensions: this.allowedExtensions.join(', '), value },
      });
    }
  }
}

/** A FileField whose file must be an image; `file.image` gets its format and dimensions. */
export class ImageField<const O extends FileFieldOptions = {}> extends FileField<O> {
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid_image: 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.' };
  }
  protected override defaultValidators(): Validator[] {
    return [new FileExtensionValidator(IMAGE_EXTENSIONS)];
  }
  override toPython(data: unknown): unknown {
    const f = super.toPython(data) as (UploadedFile & { image?: ImageInfo }) | null;
    if (f === null) return null;
    const info = readImageInfo(f.head(64 * 1024));
    if (!info) throw this.error('invalid_image');
    f.image = info;
    f.contentType = IMAGE_MIME[info.format];
    return f;
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget.inputType === 'file' && !('accept' in widget.attrs)) attrs.accept = 'image/*';
    return attrs;
  }
}

// ---------------------------------------------------------------------------
// Several values

export interface MultiValueOptions extends FieldOptions {
  requireAllFields?: boolean;
}

/**
 * Django's ComboField: the value must clean through every field in turn
 * (each sees the previous one's result); whether it is required is this
 * field's decision, so the inner fields are made optional.
 *
 * @example
 * new ComboField([new CharField({ maxLength: 20 }), new EmailField()])
 */
export class ComboField<T = unknown> extends Field<T> {
  readonly fields: Field[];
  constructor(fields: readonly Field[], options: FieldOptions = {}) {
    super(options);
    if (!Array.isArray(fields) || !fields.every((f) => f instanceof Field)) throw new TypeError('ComboField takes a list of form fields as its first argument.');
    this.fields = fields.map((f) => {
      const c = f.clone();
      c.required = false;
      return c;
    });
  }
  override clean(value: unknown): T {
    super.clean(value);
    let v = value;
    for (const f of this.fields) v = f.clean(v);
    return v as T;
  }
}

/** Django's MultiValueField: several fields for one value, joined by `compress`. */
export abstract class MultiValueField<T> extends Field<T> {
  readonly fields: Field[];
  readonly requireAllFields: boolean;
  constructor(fields: readonly Field[], options: MultiValueOptions = {}) {
    super(options);
    this.requireAllFields = options.requireAllFields ?? true;
    this.fields = fields.map((f) => {
      const c = f.clone();
      if (this.requireAllFields) c.required = false; // this field decides what is required
      return c;
    });
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid: 'Enter a list of values.', incomplete: 'Enter a complete value.' };
  }
  abstract compress(values: unknown[]): T;
  override validate(): void {}
  override clean(value: unknown): T {
    const cleanData: unknown[] = [];
    const errors: ValidationError[] = [];
    if (this.disabled && !Array.isArray(value)) value = (this.widget as MultiWidget).decompress(value);
    if (!value || Array.isArray(value)) {
      const list = (value ?? []) as unknown[];
      if (!list.length || list.every((v) => isEmptyValue(v))) {
        if (this.required) throw this.error('required');
        return this.compress([]);
      }
    } else {
      throw this.error('invalid');
    }
    const list = value as unknown[];
    this.fields.forEach((field, i) => {
      const fieldValue = list[i] ?? null;
      if (isEmptyValue(fieldValue)) {
        if (this.requireAllFields) {
          if (this.required) {
            errors.push(this.error('required')); // once is enough
            return;
          }
        } else if (field.required) {
          if (!errors.some((e) => e.code === 'incomplete')) errors.push(this.error('incomplete'));
          return;
        }
      }
      try {
        cleanData.push(field.clean(fieldValue));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const one of e.errorList) if (!errors.some((x) => x.messages[0] === one.messages[0])) errors.push(one);
      }
    });
    if (errors.length) throw new ValidationError(errors.filter((e, i) => errors.findIndex((x) => x.messages[0] === e.messages[0]) === i));
    const out = this.compress(cleanData);
    this.validate();
    this.runValidators(out);
    return out;
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const init = Array.isArray(initial) ? initial : (this.widget as MultiWidget).decompress(initial);
    const values = Array.isArray(data) ? data : [];
    return this.fields.some((f, i) => {
      try {
        return f.hasChanged(f.toPython(init[i] ?? null), values[i] ?? null);
      } catch (e) {
        if (e instanceof ValidationError) return true;
        throw e;
      }
    });
  }
}

/** A date and a time in two inputs, cleaned to one Date (UTC). */
export class SplitDateTimeField<const O extends MultiValueOptions & { inputDateFormats?: readonly string[]; inputTimeFormats?: readonly string[] } = {}> extends MultiValueField<Opt<O, Date>> {
  constructor(options: O = {} as O) {
    super(
      [
        new DateField({ inputFormats: options.inputDateFormats, errorMessages: { invalid: 'Enter a valid date.' } }),
        new TimeField({ inputFormats: options.inputTimeFormats, errorMessages: { invalid: 'Enter a valid time.' } }),
      ],
      options,
    );
  }
  protected override defaultWidget(): Widget {
    return new SplitDateTimeWidget();
  }
  protected override defaultErrorMessages(): Record<string, string> {
    return { ...super.defaultErrorMessages(), invalid_date: 'Enter a valid date.', invalid_time: 'Enter a valid time.' };
  }
  compress(values: unknown[]): any {
    if (!values.length) return null;
    const [date, time] = values;
    if (isEmptyValue(date)) throw this.error('invalid_date');
    if (isEmptyValue(time)) throw this.error('invalid_time');
    return new Date(`${date}T${time}Z`);
  }
}
