/**
 * Resolving paths (django.urls.resolvers.URLResolver.resolve): the first
 * entry in declaration order whose levels all match wins.
 *
 * Entries whose patterns use only built-in converters are matched by the
 * WebAssembly matcher; the rest (rePath(), custom converters) by their
 * regexes here, in the same order. A converter that refuses a captured value
 * (an int beyond 2**53) rejects its entry, or its whole include() when the
 * value came from the include's prefix, exactly as a Django pattern that
 * returns no match.
 */
import { ResolverMatch } from './match';
import { Resolver404 } from './exceptions';
import { flatten, type Entry } from './entries';
import { Matcher } from './matcher';
import { words } from '../wasm/memory';
import { URLPattern, URLResolver, type URLEntry } from './conf';
import type { RoutePattern } from './patterns';

/** Routes only give positional arguments through rePath(); share one empty, frozen list. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Length and two characters of a path, folded to 16 bits (a filter in front of the static map). */
function staticKey(path: string): number {
  const n = path.length;
  return n < 2 ? n : (n * 961 + path.charCodeAt(1) * 31 + path.charCodeAt(n - 1)) & 0xffff;
}

export class CompiledURLconf {
  readonly entries: readonly Entry[];
  private readonly matcher: Matcher;
  /** Indexes of the entries matched in JavaScript, ascending. */
  private readonly opaque: readonly number[];
  /**
   * Paths that can only resolve to one parameterless entry: no earlier entry
   * matches them. A lookup of such a path needs no WebAssembly call.
   */
  /**
   * Static paths, found by a 16-bit key (length and two characters) and then
   * compared whole: `===` on a string fresh from a request compares bytes,
   * where a Map would first hash all of it. `staticHeads[key]` is the first
   * static's index + 1, `next` chains static paths that share a key.
   */
  private readonly statics: Array<{ path: string; entry: Entry; kwargs: Record<string, unknown>; next: number }> = [];
  private readonly staticHeads = new Int32Array(0x10000);

  constructor(readonly urlconf: readonly URLEntry[]) {
    this.entries = flatten(urlconf);
    this.matcher = new Matcher(this.entries);
    this.opaque = this.entries.filter((e) => !e.native).map((e) => e.index);
    const found: Array<{ path: string; entry: Entry; kwargs: Record<string, unknown> }> = [];
    for (const entry of this.entries) {
      if (!entry.native || entry.captures.length > 0) continue;
      const path = '/' + entry.levels.map((level) => (level as RoutePattern).pieces.map((p) => ('literal' in p ? p.literal : '')).join('')).join('');
      // Whatever the full resolution gives for this path is its answer for good.
      const m = this.match(path);
      if (m !== null && m.entry === entry && !found.some((f) => f.path === path)) found.push({ path, entry, kwargs: m.kwargs });
    }
    for (const f of found) {
      const key = staticKey(f.path);
      this.statics.push({ ...f, next: this.staticHeads[key] });
      this.staticHeads[key] = this.statics.length;
    }
  }

  /** Resolves `path`, or returns null when nothing matches. */
  match(path: string): ResolverMatch | null {
    if (typeof path !== 'string') throw new TypeError(`resolve() takes a path string, got ${path === null ? 'null' : typeof path}.`);
    // 1. A static route, without crossing into WebAssembly.
    for (let i = this.staticHeads[staticKey(path)]; i !== 0; ) {
      const fixed = this.statics[i - 1];
      if (fixed.path === path) return new ResolverMatch(fixed.entry, NO_ARGS, { ...fixed.kwargs }, {}, path);
      i = fixed.next;
    }
    const matcher = this.matcher;
    const opaque = this.opaque;
    matcher.begin(path);
    let found = matcher.next();
    let cursor = 0;
    for (;;) {
      // Entries matched in JavaScript that were declared before the native winner go first.
      while (cursor < opaque.length && (found < 0 || opaque[cursor] < found)) {
        const m = this.matchLevels(this.entries[opaque[cursor++]], path);
        if (m !== null) return m;
      }
      if (found < 0) return null;
      const entry = this.entries[found];
      const build = entry.build;
      let m: ResolverMatch | null;
      if (build !== null && matcher.ascii) {
        // The common case, inline: an ASCII path and a generated kwargs builder.
        const kwargs = build(path, words(), matcher.out + 2);
        m = typeof kwargs === 'number' ? this.reject(entry, kwargs) : new ResolverMatch(entry, NO_ARGS, kwargs, kwargs, path);
      } else {
        m = this.buildNative(entry, path);
      }
      if (m !== null) return m;
      // A converter refused a value: the matcher skips the rejected entries now.
      matcher.write(path);
      found = matcher.next();
    }
  }

  /** Like match(), but a miss throws Resolver404 as Django's resolve() does. */
  resolve(path: string): ResolverMatch {
    const m = this.match(path);
    if (m === null) {
      throw new Resolver404(path.startsWith('/') ? path.slice(1) : path, () => ({
        ...this.triedWithNames(path),
        missingSlash: !path.endsWith('/') && this.match(path + '/') !== null,
      }));
    }
    return m;
  }

  /**
   * The match of a native entry without a generated builder (a non-ASCII path,
   * repeated names or extra kwargs, or no `new Function` under a strict CSP).
   */
  private buildNative(entry: Entry, path: string): ResolverMatch | null {
    const matcher = this.matcher;
    const captures = entry.captures;
    const levels = entry.levels.length;
    // Plain entries: same keys in the same order every time, so cloning a
    // template keeps one hidden class per entry.
    const plain = entry.plain ? { ...entry.template } : null;
    const levelKwargs: Record<string, unknown>[] = plain ? [] : Array.from({ length: levels }, () => ({}));
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i];
      const text = matcher.text(path, i);
      let value: unknown = text;
      if (capture.isInt) {
        const n = +text;
        if (!Number.isSafeInteger(n)) return this.reject(entry, capture.level);
        value = n;
      }
      (plain ?? levelKwargs[capture.level])[capture.name] = value;
    }
    if (plain) return new ResolverMatch(entry, NO_ARGS, plain, plain, path);
    const [args, kwargs] = entry.merge(Array.from({ length: levels }, () => []), levelKwargs);
    return new ResolverMatch(entry, args, kwargs, levelKwargs[levels - 1], path);
  }

  private reject(entry: Entry, level: number): null {
    const last = entry.levels.length - 1;
    const [from, to] = level === last ? [entry.index, entry.index + 1] : entry.levelRanges[level];
    this.matcher.reject(from, to);
    return null;
  }

  /** Matches one entry level by level with the patterns' regexes, as Django does. */
  private matchLevels(entry: Entry, path: string): ResolverMatch | null {
    if (!path.startsWith('/')) return null;
    let rest = path.slice(1);
    const args: unknown[][] = [];
    const kwargs: Record<string, unknown>[] = [];
    for (const level of entry.levels) {
      const m = level.match(rest);
      if (m === null) return null;
      rest = m[0];
      args.push(m[1]);
      kwargs.push(m[2]);
    }
    const [allArgs, allKwargs] = entry.merge(args, kwargs);
    return new ResolverMatch(entry, allArgs, allKwargs, kwargs[kwargs.length - 1], path);
  }

  /**
   * The patterns Django's resolve() would list as tried for `path`: every
   * pattern of every level whose prefix matched, up to the match if any.
   */
  tried(path: string): string[][] {
    return this.triedWithNames(path).tried;
  }

  /** tried() and, for each chain, the name of its last pattern (null for none or an include), which the debug 404 shows. */
  triedWithNames(path: string): { tried: string[][]; names: Array<string | null> } {
    const tried: string[][] = [];
    const names: Array<string | null> = [];
    if (!path.startsWith('/')) return { tried, names };
    const walk = (patterns: readonly URLEntry[], rest: string, prefix: string[]): boolean => {
      for (const item of patterns) {
        const m = item.pattern.match(rest);
        if (item instanceof URLPattern) {
          tried.push([...prefix, item.pattern.source]);
          names.push(item.name);
          if (m !== null) return true;
        } else if (item instanceof URLResolver) {
          if (m === null) {
            tried.push([...prefix, item.pattern.source]);
            names.push(null);
          } else if (walk(item.urlPatterns, m[0], [...prefix, item.pattern.source])) {
            return true;
          }
        }
      }
      return false;
    };
    walk(this.urlconf, path.slice(1), []);
    return { tried, names };
  }

  free(): void {
    this.matcher.free();
  }
}
