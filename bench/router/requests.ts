/**
 * Test paths: deterministic (a seeded PRNG), realistic values for each
 * parameter, and not-found paths that miss in every router (also with a
 * slash added or removed, since some peers ignore one trailing slash).
 */
import { parse, referenceResolver, type ConverterName, type RouteSet } from './route';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const hex = (rand: Random, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
/** A decimal without a leading zero, so that `int` values survive Number() -> String() unchanged. */
const digits = (rand: Random, max: number): string => String(1 + Math.floor(rand() * max));

const NAMES = ['octocat', 'torvalds', 'nodejs', 'django', 'sindresorhus', 'tj', 'vercel', 'rust-lang', 'golang', 'facebook'];
const REPOS = ['node', 'linux', 'react', 'express', 'rou3', 'hono', 'tinybench', 'manouche', 'cpython', 'deno'];
const WORDS = ['bug', 'enhancement', 'good-first-issue', 'wontfix', 'v1.2.3', 'release-notes', 'hello-world', 'python', 'typescript'];
const SLUGS = ['hello-world', 'django-4-2-released', 'routing_in_wasm', 'a', 'the-quick-brown-fox-jumps', 'post-42'];

/** A realistic value for a parameter, chosen by its converter and, for `str`, its name. */
export function value(rand: Random, name: string, converter: ConverterName): string {
  switch (converter) {
    case 'int':
      return name === 'year' ? String(1990 + Math.floor(rand() * 40)) : name === 'month' ? digits(rand, 12) : digits(rand, 99999);
    case 'slug':
      return pick(rand, SLUGS);
    case 'uuid':
      return `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
    case 'str':
      if (name === 'sha' || name === 'object_id') return hex(rand, 40);
      if (/^(id|number|client_id)$/.test(name)) return digits(rand, 9999999);
      if (name === 'repo' || name === 'repository') return pick(rand, REPOS);
      if (/^(user|owner|org|target_user|author|username|assignee)$/.test(name)) return pick(rand, NAMES);
      if (name === 'access_token' || name === 'token' || name === 'uidb64') return hex(rand, 20);
      if (name === 'email') return `${pick(rand, NAMES)}@example.com`;
      return pick(rand, WORDS);
  }
}

/** A path that route `id` matches, with the parameter values it carries. */
export function pathFor(set: RouteSet, id: number, rand: Random): string {
  return '/' + parse(set.routes[id]).map((p) => ('literal' in p ? p.literal : value(rand, p.name, p.converter))).join('');
}

/**
 * True when no route matches `path`, nor `path` with a trailing slash added
 * or removed, even with the converters ignored: a miss for every router, not
 * only for those that check types (those misses are Manouche's alone).
 */
export function missesEverywhere(set: RouteSet, path: string, untyped = referenceResolver(set, false)): boolean {
  const variants = [path, path.endsWith('/') ? path.slice(0, -1) : path + '/'];
  return variants.every((p) => p === '' || untyped(p) === null);
}

/** A not-found path: a real route's path, damaged so that it shares a long prefix with routes but matches none. */
export function missFor(set: RouteSet, rand: Random, untyped = referenceResolver(set, false)): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const path = pathFor(set, Math.floor(rand() * set.routes.length), rand);
    const segments = path.split('/');
    const at = 1 + Math.floor(rand() * (segments.length - 1));
    const kind = rand();
    if (kind < 0.4) segments.splice(at, 0, 'nonexistent');
    else if (kind < 0.7) segments[at] = segments[at] === '' ? 'missing' : segments[at] + 'x';
    else segments.push('extra', 'segments');
    const miss = segments.join('/');
    if (missesEverywhere(set, miss, untyped)) return miss;
  }
  throw new Error(`route set '${set.name}': could not make a not-found path`);
}

export interface MixOptions {
  readonly count: number;
  readonly seed: number;
  /** Share of not-found requests. */
  readonly missRate: number;
  /** Relative weight of a route (default 1): real traffic is not uniform. */
  readonly weight?: (route: string) => number;
}

/** A deterministic list of realistic requests: hits drawn by weight over the routes, and some misses. */
export function mix(set: RouteSet, options: MixOptions): string[] {
  const rand = prng(options.seed);
  const untyped = referenceResolver(set, false);
  const weights = set.routes.map((r) => options.weight?.(r) ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const paths: string[] = [];
  while (paths.length < options.count) {
    if (rand() < options.missRate) {
      paths.push(missFor(set, rand, untyped));
      continue;
    }
    let x = rand() * total;
    let id = 0;
    while (x >= weights[id]) x -= weights[id++];
    paths.push(pathFor(set, id, rand));
  }
  return paths;
}
