/**
 * Flattening a URLconf: one Entry per view, in declaration order, with the
 * chain of include() levels above it. The matcher works on entries; Django's
 * nested resolve() is recovered from their levels.
 */
import { generatedFunction } from '../utils/generated';
import { ImproperlyConfigured } from '../core/exceptions';
import { Kind, type Converter } from './converters';
import { URLPattern, URLResolver, type URLEntry } from './conf';
import { RoutePattern, type Pattern } from './patterns';

/** One captured parameter of a native entry, in the order the matcher reports it. */
export interface Capture {
  readonly name: string;
  readonly converter: Converter<any>;
  readonly isInt: boolean;
  /** Which level (0 = outermost include, last = the view's own pattern). */
  readonly level: number;
}

export class Entry {
  /** Entry indexes covered by each level's include(), for rejecting a whole include at once. */
  readonly levelRanges: Array<[number, number]> = [];
  readonly levels: readonly Pattern[];
  readonly defaults: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly native: boolean;
  readonly captures: readonly Capture[];
  /** True when no level has extra kwargs and no parameter name repeats: kwargs are just the captures. */
  readonly plain: boolean;
  /** The kwargs' keys in capture order, to clone for each match of a plain entry. */
  readonly template: Readonly<Record<string, undefined>>;
  /**
   * For a plain entry, a function generated for its captures that builds the
   * kwargs of an ASCII path straight from the capture spans; null where the
   * page's Content-Security-Policy forbids generated code (the generic loop
   * then does the same work).
   */
  readonly build: ((path: string, spans: Int32Array, at: number) => Record<string, unknown> | number) | null;
  readonly route: string;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly extraKwargs: Readonly<Record<string, unknown>>;

  constructor(
    readonly index: number,
    readonly pattern: URLPattern,
    readonly chain: readonly URLResolver[],
  ) {
    this.levels = [...chain.map((r) => r.pattern), pattern.pattern];
    this.defaults = [...chain.map((r) => r.defaultKwargs), pattern.defaultArgs];
    this.native = this.levels.every((level) => level instanceof RoutePattern && level.native);
    const captures: Capture[] = [];
    this.levels.forEach((level, i) => {
      if (!(level instanceof RoutePattern)) return;
      for (const piece of level.pieces) {
        if ('name' in piece) {
          captures.push({ name: piece.name, converter: piece.converter, isInt: (piece.converter as { kind?: Kind }).kind === Kind.Int, level: i });
        }
      }
    });
    this.captures = captures;
    const names = new Set(captures.map((c) => c.name));
    this.plain = names.size === captures.length && this.defaults.every((d) => Object.keys(d).length === 0);
    this.template = Object.fromEntries(captures.map((c) => [c.name, undefined]));
    this.build = this.plain ? generateBuilder(captures) : null;
    this.route = joinRoutes(this.levels);
    this.appNames = chain.map((r) => r.appName).filter((n): n is string => !!n);
    this.namespaces = chain.map((r) => r.namespace).filter((n): n is string => !!n);
    this.extraKwargs = Object.assign({}, ...this.defaults);
  }

  /**
   * Builds the view's arguments from each level's match, merging them the way
   * nested URLResolver.resolve() calls do.
   */
  merge(levelArgs: unknown[][], levelKwargs: Record<string, unknown>[]): [unknown[], Record<string, unknown>] {
    const last = this.levels.length - 1;
    let args = levelArgs[last];
    let kwargs: Record<string, unknown> = { ...levelKwargs[last], ...this.defaults[last] };
    for (let i = last - 1; i >= 0; i--) {
      const merged = { ...levelKwargs[i], ...this.defaults[i], ...kwargs };
      if (Object.keys(merged).length === 0) args = [...levelArgs[i], ...args];
      kwargs = merged;
    }
    return [args, kwargs];
  }
}

/** Django's _join_route over every level: each later route loses its leading '^'. */
function joinRoutes(levels: readonly Pattern[]): string {
  let route = '';
  for (const level of levels) {
    const text = level.source;
    route = route ? route + (text.startsWith('^') ? text.slice(1) : text) : text;
  }
  return route;
}

/** Flattens a URLconf into entries, in declaration order. */
export function flatten(urlconf: readonly URLEntry[]): Entry[] {
  if (!Array.isArray(urlconf)) {
    throw new ImproperlyConfigured('The URLconf does not appear to have any patterns in it: pass a list of path() entries.');
  }
  const entries: Entry[] = [];
  const walk = (patterns: readonly URLEntry[], chain: URLResolver[], depth: number): void => {
    if (depth > 100) throw new ImproperlyConfigured('The URLconf includes itself (more than 100 nested include() levels).');
    for (const item of patterns) {
      if (item instanceof URLPattern) {
        entries.push(new Entry(entries.length, item, chain));
      } else if (item instanceof URLResolver) {
        const start = entries.length;
        walk(item.urlPatterns, [...chain, item], depth + 1);
        // Every entry under this include learns its range at this level.
        for (let i = start; i < entries.length; i++) entries[i].levelRanges[chain.length] = [start, entries.length];
      } else {
        throw new ImproperlyConfigured(`The URLconf contains ${String(item)}, which is not a pattern made by path(), rePath() or include().`);
      }
    }
  };
  walk(urlconf, [], 0);
  return entries;
}

/**
 * Generates `(path, spans, at) => ({ name: path.slice(...), ... })` for one
 * entry: an object literal with fixed keys is far cheaper than keyed stores.
 * Returns the level of a refused int instead of an object.
 */
function generateBuilder(captures: readonly Capture[]): Entry['build'] {
  const lines: string[] = [];
  const fields: string[] = [];
  captures.forEach((c, i) => {
    const start = `spans[at + ${2 * i}]`;
    const end = `spans[at + ${2 * i + 1}]`;
    if (c.isInt) {
      // Up to 15 digits cannot pass 2**53: add them up without a substring.
      lines.push(
        `let v${i} = 0;`,
        `if (${end} - ${start} <= 15) { for (let k = ${start}; k < ${end}; k++) v${i} = v${i} * 10 + path.charCodeAt(k) - 48; }`,
        `else { v${i} = +path.slice(${start}, ${end}); if (!Number.isSafeInteger(v${i})) return ${c.level}; }`,
      );
    } else {
      lines.push(`const v${i} = path.slice(${start}, ${end});`);
    }
    fields.push(`${JSON.stringify(c.name)}: v${i}`);
  });
  return generatedFunction(['path', 'spans', 'at'], `${lines.join('\n')}\nreturn { ${fields.join(', ')} };`) as Entry['build'];
}
