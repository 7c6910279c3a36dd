/**
 * Validators (django.core.validators): each checks one value and throws a
 * ValidationError with Django's message and code, or returns. A validator is
 * a function `(value) => void` or an object with `validate(value)`; model
 * fields' `validators` option and the forms take either.
 *
 * Every regular expression here runs on a bounded input (EmailValidator:
 * 320 characters, URLValidator: 2048, IPv6: 39) or has no nested
 * quantifier, so a hostile 100 KB string is rejected in microseconds.
 *
 * @example
 * const v = new MaxValueValidator(10);
 * v.validate(11); // ValidationError: Ensure this value is less than or equal to 10. (code 'max_value')
 * validateEmail('someone@example.com');
 */
import { ValidationError } from './exceptions';

/** A validator: a function that throws ValidationError, or an object with `validate`. */
export type Validator = ((value: any) => void) | { validate(value: any): void };

/** Runs one validator of either kind. */
export function runValidator(validator: Validator, value: unknown): void {
  if (typeof validator === 'function') validator(value);
  else validator.validate(value);
}

/** Django's EMPTY_VALUES: null, undefined, '', [] and {}. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value as object).length === 0;
  return false;
}

interface MessageOptions {
  message?: string;
  code?: string;
}

/** Python's str() of a value, for validators that match text. */
function text(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

/**
 * Matches `regex` against the value (as a string); with `inverseMatch` a
 * match is the error. Message 'Enter a valid value.', code 'invalid'.
 */
export class RegexValidator {
  readonly regex: RegExp;
  readonly message: string;
  readonly code: string;
  readonly inverseMatch: boolean;
  constructor(regex?: RegExp | string, options: MessageOptions & { inverseMatch?: boolean; flags?: string } = {}) {
    const source = regex ?? '';
    this.regex = typeof source === 'string' ? new RegExp(source, options.flags ?? '') : source;
    if (this.regex.global || this.regex.sticky) this.regex = new RegExp(this.regex.source, this.regex.flags.replace(/[gy]/g, ''));
    this.message = options.message ?? 'Enter a valid value.';
    this.code = options.code ?? 'invalid';
    this.inverseMatch = options.inverseMatch ?? false;
  }
  validate(value: unknown): void {
    const matches = this.regex.test(text(value));
    if (this.inverseMatch ? matches : !matches) throw new ValidationError(this.message, { code: this.code, params: { value } });
  }
}

// ---------------------------------------------------------------------------
// IP addresses

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const HEXTET_RE = /^[0-9a-f]{1,4}$/i;
const MAX_IPV6_ADDRESS_LENGTH = 39;

/** Python's ipaddress.IPv4Address: four decimal octets, no leading zeros. */
export function isValidIPv4(value: string): boolean {
  return IPV4_RE.test(value);
}

/** Python's ipaddress.IPv6Address (Django's is_valid_ipv6_address), at most 39 characters. */
export function isValidIPv6(value: string): boolean {
  if (value.length > MAX_IPV6_ADDRESS_LENGTH || value.length < 2) return false;
  let groups = value.split(':');
  let extra = 0;
  const last = groups[groups.length - 1]!;
  if (last.includes('.')) {
    if (!isValidIPv4(last)) return false;
    groups = groups.slice(0, -1);
    groups.push('0', '0'); // the IPv4 part stands for two hextets
    extra = 1;
  }
  const doubles = value.split('::').length - 1;
  if (doubles > 1) return false;
  if (doubles === 0) {
    return groups.length === 8 && groups.every((g) => HEXTET_RE.test(g));
  }
  // '::' : empty strings at the edges and in the middle stand for the elided groups
  const [head, tail] = value.split('::') as [string, string];
  const headParts = head === '' ? [] : head.split(':');
  let tailParts = tail === '' ? [] : tail.split(':');
  if (extra) tailParts = [...tailParts.slice(0, -1), '0', '0'];
  if (headParts.length + tailParts.length > 7) return false;
  return [...headParts, ...tailParts].every((g) => HEXTET_RE.test(g));
}

function ipError(value: unknown, protocol: string): ValidationError {
  return new ValidationError('Enter a valid %(protocol)s address.', { code: 'invalid', params: { protocol, value } });
}

/** Throws unless `value` is an IPv4 address ('Enter a valid IPv4 address.'). */
export function validateIPv4Address(value: unknown): void {
  if (typeof value !== 'string' || !isValidIPv4(value)) throw ipError(value, 'IPv4');
}

/** Throws unless `value` is an IPv6 address ('Enter a valid IPv6 address.'). */
export function validateIPv6Address(value: unknown): void {
  if (typeof value !== 'string' || !isValidIPv6(value)) throw ipError(value, 'IPv6');
}

/** Throws unless `value` is an IPv4 or IPv6 address ('Enter a valid IPv4 or IPv6 address.'). */
export function validateIPv46Address(value: unknown): void {
  if (typeof value !== 'string' || !(isValidIPv4(value) || isValidIPv6(value))) throw ipError(value, 'IPv4 or IPv6');
}

/** The validators of GenericIPAddressField for `protocol` ('both', 'IPv4', 'IPv6'). */
export function ipAddressValidators(protocol: string): Validator[] {
  const p = protocol.toLowerCase();
  if (p === 'both') return [validateIPv46Address];
  if (p === 'ipv4') return [validateIPv4Address];
  if (p === 'ipv6') return [validateIPv6Address];
  throw new Error(`The protocol '${protocol}' is unknown. Supported: ['both', 'IPv4', 'IPv6']`);
}

// ---------------------------------------------------------------------------
// Internationalized domain names

/** The ASCII (punycode) form of a host name, via the URL parser; null when it is not one. */
function toAscii(host: string): string | null {
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// URLs

const UL = '\\u00a1-\\uffff'; // Unicode letters (Django's `ul`)
const URL_IPV4 = `${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}`;
const URL_IPV6 = '\\[[0-9a-f:.]+\\]'; // checked properly afterwards
const HOSTNAME = `[a-z${UL}0-9](?:[a-z${UL}0-9-]{0,61}[a-z${UL}0-9])?`;
const DOMAIN = `(?:\\.(?!-)[a-z${UL}0-9-]{1,63}(?<!-))*`;
const TLD = `\\.(?!-)(?:[a-z${UL}-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?`;
const HOST = `(${HOSTNAME}${DOMAIN}${TLD}|localhost)`;
const URL_RE = new RegExp(
  '^(?:[a-z0-9.+-]*)://' + // scheme, checked separately
    '(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?' + // user:pass
    `(?:${URL_IPV4}|${URL_IPV6}|${HOST})` +
    '(?::[0-9]{1,5})?' + // port
    '(?:[/?#][^\\s]*)?' + // path, query, fragment
    '$',
  'i',
);

interface SplitUrl {
  netloc: string;
  hostname: string | null;
  rest: string;
  scheme: string;
}

// Python's urlsplit, as far as URLValidator needs it; null where it raises.
function splitUrl(value: string): SplitUrl | null {
  const sep = value.indexOf('://');
  const scheme = value.slice(0, sep);
  const after = value.slice(sep + 3);
  const end = after.search(/[/?#]/);
  const netloc = end < 0 ? after : after.slice(0, end);
  const rest = end < 0 ? '' : after.slice(end);
  if (netloc.includes('[') !== netloc.includes(']')) return null; // "Invalid IPv6 URL"
  const hostPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  if (hostPort.startsWith('[')) hostname = hostPort.slice(1, hostPort.indexOf(']'));
  else hostname = hostPort.split(':')[0]!;
  return { netloc, hostname: hostname === '' ? null : hostname.toLowerCase(), rest, scheme };
}

/**
 * Django's URLValidator: `schemes` (default http, https, ftp, ftps), host
 * names (IDN too), IPv4, bracketed IPv6, port, at most 2048 characters.
 * Message 'Enter a valid URL.', code 'invalid'.
 */
export class URLValidator {
  readonly schemes: readonly string[];
  readonly message: string;
  readonly code: string;
  readonly maxLength = 2048;
  constructor(options: MessageOptions & { schemes?: readonly string[] } = {}) {
    this.schemes = options.schemes ?? ['http', 'https', 'ftp', 'ftps'];
    this.message = options.message ?? 'Enter a valid URL.';
    this.code = options.code ?? 'invalid';
  }
  validate(value: unknown): void {
    const error = () => new ValidationError(this.message, { code: this.code, params: { value } });
    if (typeof value !== 'string' || value.length > this.maxLength) throw error();
    if (/[\t\r\n]/.test(value)) throw error();
    const scheme = value.split('://')[0]!.toLowerCase();
    if (!value.includes('://') || !this.schemes.includes(scheme)) throw error();
    const split = splitUrl(value);
    if (!split) throw error();
    if (!URL_RE.test(value)) {
      // Perhaps an internationalized domain name: try its ASCII form.
      const ascii = split.netloc.split('.').map((label) => toAscii(label));
      if (ascii.some((l) => l === null)) throw error();
      if (!URL_RE.test(`${split.scheme}://${ascii.join('.')}${split.rest}`)) throw error();
    } else {
      const m = /^\[(.+)\](?::[0-9]{1,5})?$/.exec(split.netloc);
      if (m && !isValidIPv6(m[1]!)) throw error();
    }
    // A full host name is at most 253 characters (RFC 1034 section 3.1).
    if (split.hostname === null || split.hostname.length > 253) throw error();
  }
}

// ---------------------------------------------------------------------------
// Email

const USER_RE = new RegExp(
  // dot-atom
  "(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$" +
    // quoted-string
    '|^"([\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*"$)',
  'i',
);
// At most 63 characters per label (RFC 1034).
const DOMAIN_RE = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))$/i;
const LITERAL_RE = /^\[([A-F0-9:.]+)\]$/i;

/**
 * Django's EmailValidator: a dot-atom or quoted local part, a domain name
 * (IDN too), an allow-listed name ('localhost') or an address literal
 * ([192.0.2.1]); at most 320 characters. Message 'Enter a valid email
 * address.', code 'invalid'.
 */
export class EmailValidator {
  readonly message: string;
  readonly code: string;
  readonly domainAllowlist: readonly string[];
  constructor(options: MessageOptions & { allowlist?: readonly string[] } = {}) {
    this.message = options.message ?? 'Enter a valid email address.';
    this.code = options.code ?? 'invalid';
    this.domainAllowlist = options.allowlist ?? ['localhost'];
  }
  validate(value: unknown): void {
    const error = () => new ValidationError(this.message, { code: this.code, params: { value } });
    // At most 320 characters (RFC 3696 section 3).
    if (typeof value !== 'string' || !value || !value.includes('@') || value.length > 320) throw error();
    const at = value.lastIndexOf('@');
    const user = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (!USER_RE.test(user)) throw error();
    if (this.domainAllowlist.includes(domain) || this.validateDomainPart(domain)) return;
    const ascii = toAscii(domain);
    if (ascii !== null && ascii !== domain && this.validateDomainPart(ascii)) return;
    throw error();
  }
  validateDomainPart(domain: string): boolean {
    if (DOMAIN_RE.test(domain)) return true;
    const m = LITERAL_RE.exec(domain);
    return m !== null && (isValidIPv4(m[1]!) || isValidIPv6(m[1]!));
  }
}

const emailValidator = new EmailValidator();
/** Django's validate_email. */
export function validateEmail(value: unknown): void {
  emailValidator.validate(value);
}

// ---------------------------------------------------------------------------
// Slugs and integers

const slugValidator = new RegexValidator(/^[-a-zA-Z0-9_]+$/, {
  message: 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
});
/** Django's validate_slug: ASCII letters, digits, '_' and '-'. */
export function validateSlug(value: unknown): void {
  slugValidator.validate(value);
}

const unicodeSlugValidator = new RegexValidator(/^[-\p{L}\p{N}_]+$/u, {
  message: 'Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.',
});
/** Django's validate_unicode_slug: Unicode letters and digits, '_' and '-'. */
export function validateUnicodeSlug(value: unknown): void {
  unicodeSlugValidator.validate(value);
}

const integerValidator = new RegexValidator(/^-?\d+$/, { message: 'Enter a valid integer.' });
/** Django's validate_integer. */
export function validateInteger(value: unknown): void {
  integerValidator.validate(value);
}

// ---------------------------------------------------------------------------
// Limits (Django's BaseValidator family)

type Limit<T> = T | (() => T);

function compareable(v: unknown): unknown {
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v.trim())) return Number(v); // a decimal held as a string
  if (v instanceof Date) return v.getTime();
  return v;
}

/**
 * Compares the value with `limitValue` (a value or a function giving one);
 * params `limit_value`, `show_value`, `value`.
 */
export abstract class BaseValidator<T = unknown> {
  readonly message: string;
  readonly code: string;
  constructor(
    readonly limitValue: Limit<T>,
    options: MessageOptions = {},
  ) {
    this.message = options.message ?? this.defaultMessage();
    this.code = options.code ?? this.defaultCode();
  }
  protected abstract defaultMessage(): string;
  protected abstract defaultCode(): string;
  protected abstract compare(a: unknown, b: unknown): boolean;
  protected clean(value: unknown): unknown {
    return value;
  }
  protected messageFor(_limit: unknown): string {
    return this.message;
  }
  validate(value: unknown): void {
    const limit = typeof this.limitValue === 'function' ? (this.limitValue as () => T)() : this.limitValue;
    const cleaned = this.clean(value);
    if (this.compare(cleaned, limit)) {
      throw new ValidationError(this.messageFor(limit), { code: this.code, params: { limit_value: limit, show_value: cleaned, value } });
    }
  }
}

/** 'Ensure this value is less than or equal to %(limit_value)s.' (code 'max_value'). */
export class MaxValueValidator<T = number> extends BaseValidator<T> {
  protected defaultMessage(): string {
    return 'Ensure this value is less than or equal to %(limit_value)s.';
  }
  protected defaultCode(): string {
    return 'max_value';
  }
  protected compare(a: unknown, b: unknown): boolean {
    return (compareable(a) as number) > (compareable(b) as number);
  }
}

/** 'Ensure this value is greater than or equal to %(limit_value)s.' (code 'min_value'). */
export class MinValueValidator<T = number> extends BaseValidator<T> {
  protected defaultMessage(): string {
    return 'Ensure this value is greater than or equal to %(limit_value)s.';
  }
  protected defaultCode(): string {
    return 'min_value';
  }
  protected compare(a: unknown, b: unknown): boolean {
    return (compareable(a) as number) < (compareable(b) as number);
  }
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string') return [...value].length; // characters, as Python counts them
  if (value && typeof (value as { length?: unknown }).length === 'number') return (value as { length: number }).length;
  throw new ValidationError('Ensure this value has a length.', { code: 'invalid', params: { value } });
}

/** 'Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).' (code 'min_length'). */
export class MinLengthValidator extends BaseValidator<number> {
  protected defaultMessage(): string {
    return 'Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).';
  }
  protected override messageFor(limit: unknown): string {
    return limit === 1 && this.message === this.defaultMessage() ? this.message.replace('characters', 'character') : this.message;
  }
  protected defaultCode(): string {
    return 'min_length';
  }
  protected compare(a: unknown, b: unknown): boolean {
    return (a as number) < (b as number);
  }
  protected override clean(value: unknown): unknown {
    return lengthOf(value);
  }
}

/** 'Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).' (code 'max_length'). */
export class MaxLengthValidator extends BaseValidator<number> {
  protected defaultMessage(): string {
    return 'Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).';
  }
  protected override messageFor(limit: unknown): string {
    return limit === 1 && this.message === this.defaultMessage() ? this.message.replace('characters', 'character') : this.message;
  }
  protected defaultCode(): string {
    return 'max_length';
  }
  protected compare(a: unknown, b: unknown): boolean {
    return (a as number) > (b as number);
  }
  protected override clean(value: unknown): unknown {
    return lengthOf(value);
  }
}

// ---------------------------------------------------------------------------
// Decimals

const DECIMAL_TEXT_RE = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Python's Decimal.as_tuple() digits and exponent; null for NaN, Infinity or not a number. */
export function decimalTuple(value: unknown): { digits: string; exponent: number } | null {
  const t = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const m = DECIMAL_TEXT_RE.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  const digits = (whole + frac).replace(/^0+/, '') || '0';
  const exponent = (m[3] ? Number(m[3]) : 0) - frac.length;
  return { digits, exponent };
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * Django's DecimalValidator: at most `maxDigits` digits in all, at most
 * `decimalPlaces` after the point, at most their difference before it.
 * Codes 'invalid', 'max_digits', 'max_decimal_places', 'max_whole_digits'.
 */
export class DecimalValidator {
  constructor(
    readonly maxDigits: number | null,
    readonly decimalPlaces: number | null,
  ) {}
  validate(value: unknown): void {
    const t = decimalTuple(value);
    if (!t) throw new ValidationError('Enter a number.', { code: 'invalid', params: { value } });
    let digits: number;
    let decimals: number;
    if (t.exponent >= 0) {
      digits = t.digits.length + (t.digits === '0' ? 0 : t.exponent); // a positive exponent adds trailing zeros
      decimals = 0;
    } else if (-t.exponent > t.digits.length) {
      digits = decimals = -t.exponent; // leading zeros after the point
    } else {
      digits = t.digits.length;
      decimals = -t.exponent;
    }
    const whole = digits - decimals;
    const { maxDigits, decimalPlaces } = this;
    if (maxDigits !== null && digits > maxDigits) {
      throw new ValidationError(`Ensure that there are no more than %(max)s ${plural(maxDigits, 'digit', 'digits')} in total.`, {
        code: 'max_digits',
        params: { max: maxDigits, value },
      });
    }
    if (decimalPlaces !== null && decimals > decimalPlaces) {
      throw new ValidationError(`Ensure that there are no more than %(max)s ${plural(decimalPlaces, 'decimal place', 'decimal places')}.`, {
        code: 'max_decimal_places',
        params: { max: decimalPlaces, value },
      });
    }
    if (maxDigits !== null && decimalPlaces !== null && whole > maxDigits - decimalPlaces) {
      const max = maxDigits - decimalPlaces;
      throw new ValidationError(`Ensure that there are no more than %(max)s ${plural(max, 'digit', 'digits')} before the decimal point.`, {
        code: 'max_whole_digits',
        params: { max, value },
      });
    }
  }
}

/** 'Null characters are not allowed.' (code 'null_characters_not_allowed'). */
export class ProhibitNullCharactersValidator {
  readonly message: string;
  readonly code: string;
  constructor(options: MessageOptions = {}) {
    this.message = options.message ?? 'Null characters are not allowed.';
    this.code = options.code ?? 'null_characters_not_allowed';
  }
  validate(value: unknown): void {
    if (text(value).includes('\x00')) throw new ValidationError(this.message, { code: this.code, params: { value } });
  }
}

/** Snake-case aliases, as Django spells them. */
export {
  validateEmail as validate_email,
  validateSlug as validate_slug,
  validateUnicodeSlug as validate_unicode_slug,
  validateIPv4Address as validate_ipv4_address,
  validateIPv6Address as validate_ipv6_address,
  validateIPv46Address as validate_ipv46_address,
  validateInteger as validate_integer,
};
