/**
 * Reversing (django.urls.base.reverse and URLResolver._reverse_with_prefix):
 * from a name (or view) and arguments back to a URL.
 *
 * Each resolver level keeps Django's three lookup tables, built once: names
 * and views to candidate templates (the last declared first, as Django's
 * reversed() population orders them), instance namespaces to their nested
 * resolver, and application namespaces to their instances. A reverse() call
 * walks the namespaces (honouring currentApp), then tries the candidates:
 * argument names and count, extra-kwarg defaults, converter toUrl(), then a
 * check that the URL would resolve to that pattern, then percent-encoding.
 */
import { ValueError } from '../core/exceptions';
import { getScriptPrefix, setScriptPrefix } from './script-prefix';
import { IntConverter, PathConverter, StringConverter, type Converter } from './converters';
import { URLPattern, URLResolver, type URLEntry, type View } from './conf';
import { NoReverseMatch } from './exceptions';
import { normalize, type TemplatePart } from './normalize';
import { RoutePattern, escapeRegex, type Pattern } from './patterns';
import { RFC3986_SUBDELIMS, escapeLeadingSlashes, quoter, urlencode } from '../utils/http';

/** Django quotes reversed URLs with `safe=RFC3986_SUBDELIMS + "/~:@"` (RFC 3986 pchar). */
const quotePath = quoter(RFC3986_SUBDELIMS + '/~:@');

/** One way of writing a URL for a name: a template and what it needs. */
class Candidate {
  private anchored: RegExp | undefined;
  /** Per parameter, an anchored regex of its converter (route patterns only). */
  private readonly checks: Map<string, RegExp> | undefined;
  /**
   * The fast path, for route patterns without extra kwargs: literal parts
   * already percent-encoded (quoting is per character, so quoting the parts
   * apart gives Django's result) and, per parameter, its converter and check.
   */
  private readonly fast: { parts: ReadonlyArray<string | number>; converters: Converter<any>[]; checks: Check[] } | undefined;

  constructor(
    readonly parts: readonly TemplatePart[],
    readonly params: readonly string[],
    readonly defaults: Readonly<Record<string, unknown>>,
    readonly converters: Readonly<Record<string, Converter<any>>>,
    readonly levels: readonly Pattern[],
  ) {
    if (levels.every((l) => l instanceof RoutePattern)) {
      this.checks = new Map(Object.entries(converters).map(([name, c]) => [name, anchoredConverter(c)]));
      if (Object.keys(defaults).length === 0) {
        this.fast = {
          parts: parts.map((p) => (typeof p === 'string' ? quotePath(p) : params.indexOf(p.param))),
          converters: params.map((name) => converters[name]),
          checks: params.map((name) => checkFor(converters[name])),
        };
      }
    }
  }

  /**
   * Builds the URL when every value is given and passes its converter; null
   * when the arguments do not fit; undefined when only the general path can
   * tell (a value refused by its converter's check may still let the whole
   * URL match, as Django's single regex search would).
   */
  build(prefix: string, args: readonly unknown[] | undefined, kwargs: Readonly<Record<string, unknown>> | undefined): string | null | undefined {
    const fast = this.fast!;
    const params = this.params;
    if (args !== undefined) {
      if (args.length !== params.length) return null;
    } else {
      let count = 0;
      for (const key in kwargs) {
        if (!Object.hasOwn(kwargs, key)) continue;
        count++;
      }
      if (count !== params.length) return null;
    }
    let url = quotePath(prefix);
    // Whether the URL starts with '//', known from its pieces: testing the
    // joined string would flatten it.
    let leading = url.length > 1 ? (url.charCodeAt(0) === 47 && url.charCodeAt(1) === 47 ? 1 : 0) : url === '/' ? -1 : 0;
    const parts = fast.parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (typeof part === 'string') {
        if (leading === -1 && part.length > 0) leading = part.charCodeAt(0) === 47 ? 1 : 0;
        url += part;
        continue;
      }
      let value: unknown;
      if (args !== undefined) value = args[part];
      else {
        const name = params[part];
        if (!Object.hasOwn(kwargs!, name)) return null;
        value = kwargs![name];
      }
      let text: string;
      try {
        text = fast.converters[part].toUrl(value);
      } catch (error) {
        if (error instanceof ValueError) return null;
        throw error;
      }
      if (!fast.checks[part](text)) return undefined;
      if (leading === -1 && text.length > 0) leading = text.charCodeAt(0) === 47 ? 1 : 0;
      url += quotePath(text);
    }
    return leading === 1 ? escapeLeadingSlashes(url) : url;
  }

  get hasFastPath(): boolean {
    return this.fast !== undefined;
  }

  /** Django's regex for messages: `polls/(?P<pk>[0-9]+)/\Z`. */
  get djangoPattern(): string {
    return this.levels.map((l) => l.djangoRegex.replace(/^\^/, '')).join('');
  }

  /** True when `url` (prefix included) matches the pattern as Django's re.search() check does. */
  accepts(prefix: string, url: string, subs: Record<string, string>): boolean {
    const checks = this.checks;
    if (checks !== undefined) {
      // Every value matching its converter implies the whole URL matches.
      let all = true;
      for (const name of this.params) {
        const check = checks.get(name);
        if (check !== undefined && !check.test(subs[name])) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    this.anchored ??= new RegExp(
      '^' + escapeRegex(prefix) + this.levels.map((l) => l.regexSource.replace(/^\^/, '')).join(''),
    );
    return this.anchored.test(url);
  }
}

/** A test that a value's text matches its converter, without a regex for str, path and int. */
type Check = (text: string) => boolean;

const isDigits: Check = (text) => {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

function checkFor(converter: Converter<any>): Check {
  if (converter === IntConverter) return isDigits;
  if (converter === StringConverter) return (text) => text.length > 0 && text.indexOf('/') === -1;
  if (converter === PathConverter) return (text) => text.length > 0 && text.indexOf('\n') === -1;
  const regex = anchoredConverter(converter);
  return (text) => regex.test(text);
}

const anchoredCache = new Map<string, RegExp>();
function anchoredConverter(converter: Converter<any>): RegExp {
  let r = anchoredCache.get(converter.regex);
  if (r === undefined) {
    r = new RegExp(`^(?:${converter.regex})$`);
    anchoredCache.set(converter.regex, r);
  }
  return r;
}

type Key = string | View;

/** Django's populated reverse_dict / namespace_dict / app_dict of one resolver level. */
class Lookups {
  readonly byKey = new Map<Key, Candidate[]>();
  readonly namespaces = new Map<string, { prefix: Pattern[]; node: Lookups }>();
  readonly apps = new Map<string, string[]>();

  constructor(patterns: readonly URLEntry[]) {
    for (let i = patterns.length - 1; i >= 0; i--) {
      const item = patterns[i];
      if (item instanceof URLPattern) {
        const candidates = candidatesFor([item.pattern], item.defaultArgs);
        this.add(item.callback, candidates);
        if (item.name !== null) this.add(item.name, candidates);
      } else if (item instanceof URLResolver) {
        const inner = lookupsOf(item);
        if (item.appName) {
          const list = this.apps.get(item.appName) ?? [];
          list.push(item.namespace!);
          this.apps.set(item.appName, list);
          this.namespaces.set(item.namespace!, { prefix: [item.pattern], node: inner });
        } else {
          for (const [key, list] of inner.byKey) {
            this.add(
              key,
              list.flatMap((c) => prefixed(item.pattern, c, item.defaultKwargs)),
            );
          }
          for (const [ns, { prefix, node }] of inner.namespaces) {
            this.namespaces.set(ns, { prefix: [item.pattern, ...prefix], node });
          }
          for (const [app, list] of inner.apps) {
            const mine = this.apps.get(app) ?? [];
            mine.push(...list);
            this.apps.set(app, mine);
          }
        }
      }
    }
  }

  private add(key: Key, candidates: Candidate[]): void {
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [...candidates]);
    else list.push(...candidates);
  }
}

type Template = [TemplatePart[], string[]];

/** The URL templates one level can produce: one for a route, possibly several for a regex. */
function levelTemplates(level: Pattern): Template[] {
  if (level instanceof RoutePattern) {
    return [[level.pieces.map((p) => ('literal' in p ? p.literal : { param: p.name })), level.pieces.flatMap((p) => ('name' in p ? [p.name] : []))]];
  }
  return normalize(level.source).map((t) => [[...t.parts], [...t.params]]);
}

function candidatesFor(levels: readonly Pattern[], defaults: Readonly<Record<string, unknown>>): Candidate[] {
  let templates: Template[] = [[[], []]];
  const converters: Record<string, Converter<any>> = {};
  for (const level of levels) {
    Object.assign(converters, level.converters);
    const next: Template[] = [];
    for (const [parts, params] of templates) for (const [p, q] of levelTemplates(level)) next.push([[...parts, ...p], [...params, ...q]]);
    templates = next;
  }
  return templates.map(([parts, params]) => new Candidate(parts, params, defaults, converters, levels));
}

/** The candidates of an included pattern, seen from the level that includes it. */
function prefixed(prefix: Pattern, c: Candidate, defaults: Readonly<Record<string, unknown>>): Candidate[] {
  return levelTemplates(prefix).map(
    ([parts, params]) =>
      new Candidate(
        [...parts, ...c.parts],
        [...params, ...c.params],
        { ...c.defaults, ...defaults },
        { ...prefix.converters, ...c.converters },
        [prefix, ...c.levels],
      ),
  );
}

const lookupCache = new WeakMap<object, Lookups>();

function lookupsOf(node: URLResolver | readonly URLEntry[]): Lookups {
  let lookups = lookupCache.get(node);
  if (lookups === undefined) {
    lookups = new Lookups(node instanceof URLResolver ? node.urlPatterns : node);
    lookupCache.set(node, lookups);
  }
  return lookups;
}

export interface ReverseOptions {
  /** Positional arguments (do not mix with kwargs). */
  args?: readonly unknown[];
  /** Keyword arguments. */
  kwargs?: Readonly<Record<string, unknown>>;
  /** The pattern list to reverse against (defaults to ROOT_URLCONF). */
  urlconf?: readonly URLEntry[];
  /** The instance namespace currently in use, for app namespaces with several instances. */
  currentApp?: string | null;
  /** Appended as `?query` (values may be arrays). */
  query?: Record<string, unknown> | Iterable<[string, unknown]>;
  /** Appended as `#fragment`. */
  fragment?: string;
}

/** Candidates for `viewname` under `urlconf`, with the namespace prefix levels resolved. */
const resolvedCache = new WeakMap<readonly URLEntry[], Map<string, { prefix: Pattern[]; candidates: Candidate[] } | string>>();

function resolveName(urlconf: readonly URLEntry[], viewname: string, currentApp: string | null | undefined): { prefix: Pattern[]; candidates: Candidate[] } {
  let cache = resolvedCache.get(urlconf);
  if (cache === undefined) {
    cache = new Map();
    resolvedCache.set(urlconf, cache);
  }
  const key = currentApp ? viewname + '\0' + currentApp : viewname;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = walkNamespaces(urlconf, viewname, currentApp);
    } catch (error) {
      if (!(error instanceof NoReverseMatch)) throw error;
      hit = error.message;
    }
    cache.set(key, hit);
  }
  if (typeof hit === 'string') throw new NoReverseMatch(hit);
  return hit;
}

function walkNamespaces(urlconf: readonly URLEntry[], viewname: string, currentApp: string | null | undefined) {
  const path = viewname.split(':');
  const view = path.pop()!;
  let currentPath = currentApp ? currentApp.split(':').reverse() : null;
  let node = lookupsOf(urlconf);
  const resolved: string[] = [];
  const prefix: Pattern[] = [];
  for (let ns of path) {
    const currentNs = currentPath && currentPath.length ? currentPath.pop()! : null;
    const appList = node.apps.get(ns);
    if (appList !== undefined) {
      if (currentNs && appList.includes(currentNs)) ns = currentNs;
      else if (!appList.includes(ns)) ns = appList[0];
    }
    if (ns !== currentNs) currentPath = null;
    const next = node.namespaces.get(ns);
    if (next === undefined) {
      throw new NoReverseMatch(
        resolved.length ? `'${ns}' is not a registered namespace inside '${resolved.join(':')}'` : `'${ns}' is not a registered namespace`,
      );
    }
    resolved.push(ns);
    prefix.push(...next.prefix);
    node = next.node;
  }
  const list = node.byKey.get(view) ?? [];
  let candidates = list;
  for (let i = prefix.length - 1; i >= 0; i--) candidates = candidates.flatMap((c) => prefixed(prefix[i], c, {}));
  return { prefix, candidates };
}

export { getScriptPrefix, setScriptPrefix };

function describe(viewname: string | View): string {
  return typeof viewname === 'string' ? viewname : viewname.name || '<anonymous view>';
}

/** Reverses within one urlconf (the work of django.urls.reverse after the urlconf is chosen). */
export function reverseIn(urlconf: readonly URLEntry[], viewname: string | View, options: ReverseOptions = {}): string {
  const { args, kwargs } = options;
  const hasArgs = args !== undefined && args.length > 0;
  let hasKwargs = false;
  if (kwargs !== undefined) for (const key in kwargs) if (Object.hasOwn(kwargs, key)) {
    hasKwargs = true;
    break;
  }
  if (hasArgs && hasKwargs) throw new ValueError("Don't mix *args and **kwargs in call to reverse()!");
  const candidates =
    typeof viewname === 'string'
      ? resolveName(urlconf, viewname, options.currentApp).candidates
      : lookupsOf(urlconf).byKey.get(viewname) ?? [];
  const prefix = getScriptPrefix();
  for (const candidate of candidates) {
    const a = hasArgs ? args : undefined;
    const k = hasKwargs ? kwargs : undefined;
    let url = candidate.hasFastPath ? candidate.build(prefix, a, k) : undefined;
    if (url === undefined) url = tryCandidate(candidate, prefix, a, k);
    if (url !== null) return options.query === undefined && options.fragment === undefined ? url : finish(url, options);
  }
  const name = describe(viewname);
  if (candidates.length) {
    const argMsg = hasArgs
      ? `arguments '${JSON.stringify(args)}'`
      : hasKwargs
        ? `keyword arguments '${JSON.stringify(kwargs)}'`
        : 'no arguments';
    const patterns = candidates.map((c) => `'${c.djangoPattern}'`).join(', ');
    throw new NoReverseMatch(`Reverse for '${name}' with ${argMsg} not found. ${candidates.length} pattern(s) tried: [${patterns}]`);
  }
  throw new NoReverseMatch(`Reverse for '${name}' not found. '${name}' is not a valid view function or pattern name.`);
}

function tryCandidate(
  c: Candidate,
  prefix: string,
  args: readonly unknown[] | undefined,
  kwargs: Readonly<Record<string, unknown>> | undefined,
): string | null {
  const params = c.params;
  const values: Record<string, unknown> = {};
  if (args !== undefined) {
    if (args.length !== params.length) return null;
    for (let i = 0; i < params.length; i++) values[params[i]] = args[i];
  } else {
    const given = kwargs ?? {};
    const defaults = c.defaults;
    for (const key in given) if (!params.includes(key) && !(key in defaults)) return null;
    for (const param of params) if (!(param in given) && !(param in defaults)) return null;
    for (const key in defaults) {
      if (params.includes(key)) continue;
      if (key in given && given[key] !== defaults[key]) return null;
    }
    for (const param of params) {
      if (!(param in given)) return null;
      values[param] = given[param];
    }
  }
  const subs: Record<string, string> = {};
  for (const param of params) {
    const converter = c.converters[param];
    if (converter !== undefined) {
      try {
        subs[param] = converter.toUrl(values[param]);
      } catch (error) {
        if (error instanceof ValueError) return null;
        throw error;
      }
    } else {
      subs[param] = String(values[param]);
    }
  }
  let url = prefix;
  for (const part of c.parts) url += typeof part === 'string' ? part : subs[part.param];
  if (!c.accepts(prefix, url, subs)) return null;
  return escapeLeadingSlashes(quotePath(url));
}

function finish(url: string, options: ReverseOptions): string {
  if (options.query !== undefined) {
    const qs = urlencode(options.query);
    if (qs) url += '?' + qs;
  }
  if (options.fragment !== undefined) url += '#' + options.fragment;
  return url;
}
