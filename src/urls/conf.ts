/**
 * Declaring URLconfs: path(), rePath() and include() (django.urls.conf), and
 * the two nodes they build, URLPattern (a view) and URLResolver (an include).
 */
import { ImproperlyConfigured } from '../core/exceptions';
import { RegexPattern, RoutePattern, type Pattern } from './patterns';

/**
 * A view as the router sees it. The HTTP layer calls it with the request and
 * the resolved keyword arguments (and positional ones from rePath()).
 */
export type View<P = any> = (request: any, params: P, ...args: any[]) => unknown;

/** Value types of the converters, by name; augment it for custom converters. */
export interface PathConverterTypes {
  int: number;
  str: string;
  slug: string;
  uuid: string;
  path: string;
}

type ConverterValue<C extends string> = C extends keyof PathConverterTypes ? PathConverterTypes[C] : unknown;

/**
 * The parameters of a route, typed from its text.
 *
 * @example
 * type P = RouteParams<'articles/<int:year>/<slug:slug>/'>; // { year: number; slug: string }
 */
export type RouteParams<R extends string> = string extends R
  ? Record<string, unknown>
  : R extends `${string}<${infer Param}>${infer Rest}`
    ? (Param extends `${infer C}:${infer N}` ? { [K in N]: ConverterValue<C> } : { [K in Param]: string }) &
        RouteParams<Rest>
    : {};

export interface PatternOptions {
  /** The name reverse() and `{% url %}` use. */
  name?: string;
  /** Extra keyword arguments passed to the view (Django's `kwargs`). */
  kwargs?: Record<string, unknown>;
}

/** A pattern that calls a view. */
export class URLPattern {
  constructor(
    readonly pattern: Pattern,
    readonly callback: View,
    readonly defaultArgs: Readonly<Record<string, unknown>>,
    readonly name: string | null,
  ) {}

  toString(): string {
    return `<URLPattern '${this.pattern.source}'${this.name ? ` [name='${this.name}']` : ''}>`;
  }
}

/** A pattern whose match hands the rest of the path to included patterns. */
export class URLResolver {
  constructor(
    readonly pattern: Pattern,
    readonly urlPatterns: readonly URLEntry[],
    readonly defaultKwargs: Readonly<Record<string, unknown>>,
    readonly appName: string | null,
    readonly namespace: string | null,
  ) {}

  toString(): string {
    return `<URLResolver '${this.pattern.source}' (${this.appName}:${this.namespace})>`;
  }
}

export type URLEntry = URLPattern | URLResolver;

/** What include() returns, for path() or rePath() to mount. */
export class Included {
  constructor(
    readonly urlPatterns: readonly URLEntry[],
    readonly appName: string | null,
    readonly namespace: string | null,
  ) {}
}

/** A URLconf module: its patterns and, optionally, its application namespace. */
export interface URLconfModule {
  urlpatterns: readonly URLEntry[];
  appName?: string;
}

export type IncludeTarget = readonly URLEntry[] | URLconfModule | readonly [readonly URLEntry[], string];

function checkOptions(source: string, options: PatternOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Options of the URL pattern '${source}' must be an object.`);
  }
  if (options.kwargs !== undefined && (typeof options.kwargs !== 'object' || options.kwargs === null)) {
    throw new TypeError(`kwargs argument of the URL pattern '${source}' must be an object, but got ${typeof options.kwargs}.`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new TypeError(`The name of the URL pattern '${source}' must be a string.`);
  }
}

function mount(pattern: (isEndpoint: boolean) => Pattern, source: string, view: View | Included, options?: PatternOptions): URLEntry {
  checkOptions(source, options);
  if (view instanceof Included) {
    return new URLResolver(pattern(false), view.urlPatterns, options?.kwargs ?? {}, view.appName, view.namespace);
  }
  if (typeof view !== 'function') {
    throw new TypeError(`view must be a callable or the result of include() (URL pattern '${source}').`);
  }
  return new URLPattern(pattern(true), view, options?.kwargs ?? {}, options?.name ?? null);
}

/**
 * A route to a view, or to included patterns. Django: `path()`.
 *
 * @example
 * path('articles/<int:year>/', yearArchive, { name: 'year-archive' })
 * path('polls/', include(pollsUrls))
 */
export function path<R extends string>(route: R, view: View<RouteParams<R>> | Included, options?: PatternOptions): URLEntry {
  return mount((isEndpoint) => new RoutePattern(route, isEndpoint), route, view, options);
}

/**
 * A regular-expression route. Django: `re_path()`. Named groups become keyword
 * arguments, otherwise groups are positional.
 *
 * @example
 * rePath('^articles/(?P<year>[0-9]{4})/$', yearArchive)
 */
export function rePath(regex: string, view: View | Included, options?: PatternOptions): URLEntry {
  return mount((isEndpoint) => new RegexPattern(regex, isEndpoint), regex, view, options);
}

/**
 * Includes a URLconf. Django: `include()`. The target is a pattern list, a
 * module `{ urlpatterns, appName }`, or a `[patterns, appName]` pair; the
 * instance namespace defaults to the application namespace.
 *
 * `include(prefix, target, options)` is the same as
 * `path(prefix, include(target, options))`.
 *
 * @example
 * path('polls/', include({ urlpatterns, appName: 'polls' }))
 * path('author-polls/', include([urlpatterns, 'polls'], { namespace: 'author-polls' }))
 */
export function include(target: IncludeTarget, options?: { namespace?: string }): Included;
export function include(prefix: string, target: IncludeTarget, options?: { namespace?: string }): URLEntry;
export function include(
  first: string | IncludeTarget,
  second?: IncludeTarget | { namespace?: string },
  third?: { namespace?: string },
): Included | URLEntry {
  if (typeof first === 'string') {
    return path(first, include(second as IncludeTarget, third));
  }
  const options = second as { namespace?: string } | undefined;
  let patterns: readonly URLEntry[];
  let appName: string | null = null;
  if (Array.isArray(first) && first.length === 2 && typeof first[1] === 'string' && Array.isArray(first[0])) {
    patterns = first[0];
    appName = first[1];
  } else if (Array.isArray(first)) {
    patterns = first as readonly URLEntry[];
  } else if (first && typeof first === 'object' && Array.isArray((first as URLconfModule).urlpatterns)) {
    patterns = (first as URLconfModule).urlpatterns;
    appName = (first as URLconfModule).appName ?? null;
  } else {
    throw new ImproperlyConfigured(
      'The included URLconf does not appear to have any patterns in it. Pass a list of patterns, ' +
        'an object with `urlpatterns`, or a [patterns, appName] pair.',
    );
  }
  for (const [i, entry] of patterns.entries()) {
    if (!(entry instanceof URLPattern) && !(entry instanceof URLResolver)) {
      throw new ImproperlyConfigured(`The included URLconf's item ${i} is not a pattern made by path(), rePath() or include().`);
    }
  }
  const namespace = options?.namespace ?? appName;
  if (options?.namespace && !appName) {
    throw new ImproperlyConfigured(
      'Specifying a namespace in include() without providing an appName is not supported. Set the appName ' +
        'attribute in the included module, or pass a 2-tuple containing the list of patterns and appName instead.',
    );
  }
  return new Included(patterns, appName, namespace);
}
