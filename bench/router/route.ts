/**
 * Route sets are written once, in Django's route syntax (`users/<str:user>/`,
 * no leading slash), and converted here to each router's syntax. The
 * reference matcher below is the obviously-correct resolver every contender
 * is checked against: Django's first match in declaration order, with the
 * converters' regexes.
 */

/** The converters a route set may use. `path` is left out: it spans segments, which the peers spell as differing wildcards. */
export type ConverterName = 'int' | 'str' | 'slug' | 'uuid';

/** Django's converter regexes (django.urls.converters). */
export const CONVERTER_REGEX: Readonly<Record<ConverterName, string>> = {
  int: '[0-9]+',
  str: '[^/]+',
  slug: '[-a-zA-Z0-9_]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
};

export interface RouteSet {
  readonly name: string;
  /** Django route syntax, in declaration order; a route's id is its index. */
  readonly routes: readonly string[];
}

export type Piece = { readonly literal: string } | { readonly name: string; readonly converter: ConverterName };

/** The pieces of a Django route: literals and `<converter:name>` parameters. */
export function parse(route: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /<(?:(\w+):)?(\w+)>/g;
  let last = 0;
  for (let m = re.exec(route); m !== null; m = re.exec(route)) {
    if (m.index > last) pieces.push({ literal: route.slice(last, m.index) });
    const converter = (m[1] ?? 'str') as ConverterName;
    if (!(converter in CONVERTER_REGEX)) throw new Error(`route '${route}': unsupported converter '${converter}'`);
    pieces.push({ name: m[2], converter });
    last = re.lastIndex;
  }
  if (last < route.length) pieces.push({ literal: route.slice(last) });
  for (const piece of pieces) {
    if ('literal' in piece && /[<>:*?()[\]{}+!]/.test(piece.literal)) {
      throw new Error(`route '${route}': literal '${piece.literal}' has a character some router treats as syntax`);
    }
  }
  return pieces;
}

/** The parameters of a route, with their converters, in order. */
export function params(route: string): { name: string; converter: ConverterName }[] {
  return parse(route).filter((p): p is { name: string; converter: ConverterName } => 'name' in p);
}

/** `/users/:user` -> `users/<str:user>` (the GitHub list is published in the colon syntax). */
export function fromColon(path: string): string {
  if (!path.startsWith('/')) throw new Error(`'${path}' must start with '/'`);
  return path.slice(1).replace(/:(\w+)/g, '<str:$1>');
}

/**
 * `users/<str:user>` -> `/users/:user`: the syntax of @medley/router,
 * memoirist, find-my-way, rou3, hono and path-to-regexp 8+ alike. Parameters
 * lose their converter: none of those checks a type while matching.
 */
export function toColon(route: string): string {
  return '/' + parse(route).map((p) => ('literal' in p ? p.literal : `:${p.name}`)).join('');
}

/**
 * The anchored regex Django would build for a route (with the root's leading
 * slash); untyped, every parameter is `[^/]+`, which is what the peers match.
 */
export function toRegExp(route: string, typed = true): RegExp {
  const body = parse(route)
    .map((p) =>
      'literal' in p
        ? p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : `(?<${p.name}>${CONVERTER_REGEX[typed ? p.converter : 'str']})`,
    )
    .join('');
  return new RegExp(`^/${body}$`);
}

/** What a lookup found, normalized so that every router's answer compares: the route id and every parameter as a string. */
export interface Normalized {
  readonly route: number;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The reference resolver: the first route in declaration order whose regex
 * matches. Untyped, it answers as a router without converters would.
 */
export function referenceResolver(set: RouteSet, typed = true): (path: string) => Normalized | null {
  const regexes = set.routes.map((route) => toRegExp(route, typed));
  return (path) => {
    for (let i = 0; i < regexes.length; i++) {
      const m = regexes[i].exec(path);
      if (m !== null) return { route: i, params: { ...m.groups } };
    }
    return null;
  };
}

/** Every route that matches `path` (a path matched by several is resolved by declaration order in Django, by specificity in the tries). */
export function allMatches(set: RouteSet, path: string, typed = true): number[] {
  return set.routes.flatMap((route, i) => (toRegExp(route, typed).test(path) ? [i] : []));
}
