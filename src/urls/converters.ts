/**
 * Path converters (django.urls.converters). The five built-in ones are
 * matched inside the WebAssembly matcher; custom ones registered with
 * registerConverter() are matched by their regex in JavaScript.
 */
import { ImproperlyConfigured, ValueError } from '../core/exceptions';

/** A converter: a regex (JavaScript syntax) and the two conversions. */
export interface Converter<T = unknown> {
  /** The regex one value must match, without anchors, e.g. `'[0-9]{4}'`. */
  readonly regex: string;
  /** Turns the matched text into the view's argument; throw ValueError for "no match". */
  toValue(value: string): T;
  /** Turns an argument of reverse() into URL text; throw ValueError for "no match". */
  toUrl(value: T): string;
}

/** Piece kinds shared with assembly/router.ts (0 is a literal). */
export const enum Kind {
  Int = 1,
  Str = 2,
  Slug = 3,
  Uuid = 4,
  Path = 5,
}

/** A converter the WebAssembly matcher knows natively. */
export interface BuiltinConverter<T> extends Converter<T> {
  readonly kind: Kind;
}

const identity = (value: string): string => value;
const text = (value: unknown): string => String(value);

export const IntConverter: BuiltinConverter<number> = {
  kind: Kind.Int,
  regex: '[0-9]+',
  toValue(value) {
    const n = Number(value);
    // Python's int is unbounded; a JavaScript number is exact only up to 2**53.
    if (!Number.isSafeInteger(n)) throw new ValueError(`${value} is not a safe integer`);
    return n;
  },
  toUrl: text,
};

export const StringConverter: BuiltinConverter<string> = { kind: Kind.Str, regex: '[^/]+', toValue: identity, toUrl: text };

export const SlugConverter: BuiltinConverter<string> = {
  kind: Kind.Slug,
  regex: '[-a-zA-Z0-9_]+',
  toValue: identity,
  toUrl: text,
};

export const UUIDConverter: BuiltinConverter<string> = {
  kind: Kind.Uuid,
  regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  toValue: identity,
  toUrl: text,
};

/** Python's `.+`: anything but a newline (JavaScript's `.` also refuses \r, \u2028, \u2029). */
export const PathConverter: BuiltinConverter<string> = { kind: Kind.Path, regex: '[^\\n]+', toValue: identity, toUrl: text };

const BUILTIN: ReadonlyMap<string, BuiltinConverter<any>> = new Map<string, BuiltinConverter<any>>([
  ['int', IntConverter],
  ['path', PathConverter],
  ['slug', SlugConverter],
  ['str', StringConverter],
  ['uuid', UUIDConverter],
]);

const registered = new Map<string, Converter<any>>();

/** The converter registered under `name`, or undefined. */
export function getConverter(name: string): Converter<any> | undefined {
  return BUILTIN.get(name) ?? registered.get(name);
}

const BUILTIN_SET: ReadonlySet<Converter<any>> = new Set(BUILTIN.values());

/** True when the WebAssembly matcher handles this converter itself. */
export function isBuiltin(converter: Converter<any>): converter is BuiltinConverter<any> {
  return BUILTIN_SET.has(converter);
}

/**
 * Registers a converter for use in path() routes, like Django's
 * register_converter(). Its regex is checked now.
 *
 * @example
 * registerConverter({ regex: '[0-9]{4}', toValue: Number, toUrl: (v) => String(v).padStart(4, '0') }, 'yyyy');
 * path('articles/<yyyy:year>/', yearArchive);
 */
export function registerConverter(converter: Converter<any>, typeName: string): void {
  if (BUILTIN.has(typeName) || registered.has(typeName)) {
    throw new ValueError(`Converter '${typeName}' is already registered.`);
  }
  try {
    new RegExp(converter.regex);
  } catch (error) {
    throw new ImproperlyConfigured(`Converter '${typeName}' has an invalid regex ${JSON.stringify(converter.regex)}: ${(error as Error).message}`);
  }
  registered.set(typeName, converter);
}
