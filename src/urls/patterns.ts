/**
 * The two kinds of URL pattern (django.urls.resolvers): RoutePattern for
 * path() routes like `articles/<int:year>/`, RegexPattern for rePath().
 * Route strings are validated here, at definition time, with errors that name
 * the route and the position.
 */
import { ImproperlyConfigured, ValueError } from '../core/exceptions';
import { getConverter, isBuiltin, type Converter } from './converters';

/** A literal run of a route, or one converted parameter. */
export type Piece = { readonly literal: string } | { readonly name: string; readonly converter: Converter<any> };

/** What a pattern's match() returns: the rest of the path, positional and keyword arguments. */
export type PatternMatch = [rest: string, args: unknown[], kwargs: Record<string, unknown>];

export interface Pattern {
  /** The text as written: the route, or the regex. */
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly converters: Readonly<Record<string, Converter<any>>>;
  /** JavaScript regex source equivalent to Django's, anchored at the start. */
  readonly regexSource: string;
  /** Django's own regex text (Python syntax), for messages like Django's. */
  readonly djangoRegex: string;
  match(path: string): PatternMatch | null;
}

const PARAMETER = /<(?:([^>:]+):)?([^>]+)>/g;
const WHITESPACE = /\s/;
// Python's str.isidentifier().
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Escapes text for a JavaScript regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Python's re.escape(), for messages that quote Django's regexes. */
function pythonEscape(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (ch) => {
    const named: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\v': '\\v', '\f': '\\f' };
    return named[ch] ?? '\\' + ch;
  });
}

/** Parses a path() route into pieces, with Django's checks and a few stricter ones. */
export function parseRoute(route: string): Piece[] {
  if (typeof route !== 'string') {
    throw new ImproperlyConfigured(`URL route must be a string, got ${route === null ? 'null' : typeof route}.`);
  }
  const pieces: Piece[] = [];
  const names = new Map<string, number>();
  let previous = 0;
  for (const m of route.matchAll(PARAMETER)) {
    const start = m.index!;
    if (WHITESPACE.test(m[0])) {
      throw new ImproperlyConfigured(
        `URL route '${route}' cannot contain whitespace in angle brackets <…> (at position ${start}).`,
      );
    }
    literal(route, route.slice(previous, start), previous, pieces);
    const raw = m[1] ?? 'str';
    const name = m[2];
    if (!IDENTIFIER.test(name)) {
      throw new ImproperlyConfigured(
        `URL route '${route}' uses parameter name '${name}' which isn't a valid Python identifier (at position ${start}).`,
      );
    }
    if (name === '__proto__') {
      throw new ImproperlyConfigured(`URL route '${route}' uses the reserved parameter name '__proto__' (at position ${start}).`);
    }
    const converter = getConverter(raw);
    if (converter === undefined) {
      throw new ImproperlyConfigured(`URL route '${route}' uses invalid converter '${raw}' (at position ${start}).`);
    }
    if (names.has(name)) {
      throw new ImproperlyConfigured(
        `URL route '${route}' uses parameter name '${name}' twice (at positions ${names.get(name)} and ${start}).`,
      );
    }
    names.set(name, start);
    pieces.push({ name, converter });
    previous = start + m[0].length;
  }
  literal(route, route.slice(previous), previous, pieces);
  return pieces;
}

function literal(route: string, text: string, offset: number, pieces: Piece[]): void {
  const bracket = text.search(/[<>]/);
  if (bracket !== -1) {
    throw new ImproperlyConfigured(
      `URL route '${route}' has an unmatched '${text[bracket]}' bracket at position ${offset + bracket}.`,
    );
  }
  if (text) pieces.push({ literal: text });
}

/** A path() route: `articles/<int:year>/`. */
export class RoutePattern implements Pattern {
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly pieces: readonly Piece[];
  readonly converters: Readonly<Record<string, Converter<any>>>;
  readonly regexSource: string;
  readonly djangoRegex: string;
  /** True when every converter is built in, so the WebAssembly matcher can match it. */
  readonly native: boolean;
  private compiled: RegExp | undefined;

  constructor(route: string, isEndpoint: boolean) {
    this.source = route;
    this.isEndpoint = isEndpoint;
    this.pieces = parseRoute(route);
    const converters: Record<string, Converter<any>> = {};
    let js = '^';
    let py = '^';
    let native = true;
    for (const piece of this.pieces) {
      if ('literal' in piece) {
        js += escapeRegex(piece.literal);
        py += pythonEscape(piece.literal);
      } else {
        converters[piece.name] = piece.converter;
        js += `(?<${piece.name}>${piece.converter.regex})`;
        py += `(?P<${piece.name}>${piece.converter === getConverter('path') ? '.+' : piece.converter.regex})`;
        if (!isBuiltin(piece.converter)) native = false;
      }
    }
    this.converters = converters;
    this.regexSource = isEndpoint ? js + '$' : js;
    this.djangoRegex = isEndpoint ? py + '\\Z' : py;
    this.native = native;
  }

  get regex(): RegExp {
    return (this.compiled ??= new RegExp(this.regexSource));
  }

  match(path: string): PatternMatch | null {
    const m = this.regex.exec(path);
    if (m === null) return null;
    const kwargs: Record<string, unknown> = {};
    for (const piece of this.pieces) {
      if ('literal' in piece) continue;
      try {
        kwargs[piece.name] = piece.converter.toValue(m.groups![piece.name]);
      } catch (error) {
        if (error instanceof ValueError) return null;
        throw error;
      }
    }
    return [path.slice(m[0].length), [], kwargs];
  }

  toString(): string {
    return this.source;
  }
}

/**
 * A rePath() regex. Python's named groups `(?P<name>...)` and back-references
 * `(?P=name)` are accepted and translated, so Django patterns paste as they are.
 */
export class RegexPattern implements Pattern {
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly converters: Readonly<Record<string, Converter<any>>> = {};
  readonly regexSource: string;
  readonly djangoRegex: string;
  private readonly regex: RegExp;
  private readonly full: RegExp | undefined;

  constructor(regex: string, isEndpoint: boolean) {
    if (typeof regex !== 'string') {
      throw new ImproperlyConfigured(`URL regex must be a string, got ${regex === null ? 'null' : typeof regex}.`);
    }
    this.source = regex;
    this.isEndpoint = isEndpoint;
    this.djangoRegex = regex;
    this.regexSource = regex
      .replace(/\(\?P<(\w+)>/g, '(?<$1>')
      .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
      .replace(/\\A/g, '^')
      .replace(/\\Z/g, '$');
    try {
      this.regex = new RegExp(this.regexSource);
      // Django uses fullmatch() for endpoint regexes that end with '$'.
      this.full = isEndpoint && regex.endsWith('$') ? new RegExp(`^(?:${this.regexSource})$`) : undefined;
    } catch (error) {
      throw new ImproperlyConfigured(`"${regex}" is not a valid regular expression: ${(error as Error).message}`);
    }
  }

  match(path: string): PatternMatch | null {
    const m = (this.full ?? this.regex).exec(path);
    if (m === null) return null;
    const named = m.groups;
    const kwargs: Record<string, unknown> = {};
    let args: unknown[] = [];
    if (named !== undefined && Object.keys(named).length > 0) {
      for (const key of Object.keys(named)) if (named[key] !== undefined) kwargs[key] = named[key];
    } else {
      args = m.slice(1);
    }
    return [path.slice(m.index + m[0].length), args, kwargs];
  }

  toString(): string {
    return this.source;
  }
}
