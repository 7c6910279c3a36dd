/**
 * The checks that run before anything is timed: every contender must give,
 * for every test path, the answer of the reference resolver (Django's first
 * match, converters included), and no two contenders may be the same code.
 */
import type { Contender, ContenderFactory } from './contender';
import { referenceResolver, type Normalized, type RouteSet } from './route';

export class HarnessError extends Error {
  override name = 'HarnessError';
}

export interface Refusal {
  readonly name: string;
  readonly reason: string;
}

/** Builds every contender for a set; a router that refuses the set is reported, not fatal. */
export function buildContenders(factories: readonly ContenderFactory[], set: RouteSet): { contenders: Contender[]; refused: Refusal[] } {
  const contenders: Contender[] = [];
  const refused: Refusal[] = [];
  for (const factory of factories) {
    try {
      contenders.push(factory.build(set));
    } catch (error) {
      refused.push({ name: factory.name, reason: (error as Error).message });
    }
  }
  return { contenders, refused };
}

/** Distinct names, distinct module files, exactly one contender that is ours, and at least one peer. */
export function checkContenders(contenders: readonly Contender[]): void {
  const names = new Set<string>();
  const sources = new Map<string, string>();
  for (const c of contenders) {
    if (names.has(c.name)) throw new HarnessError(`two contenders are named '${c.name}'`);
    names.add(c.name);
    const other = sources.get(c.source);
    if (other !== undefined) {
      throw new HarnessError(`'${c.name}' and '${other}' load the same code (${c.source}): a benchmark against itself measures nothing`);
    }
    sources.set(c.source, c.name);
  }
  const ours = contenders.filter((c) => c.ours);
  if (ours.length !== 1) throw new HarnessError(`expected exactly one contender of ours, found ${ours.length}`);
  if (ours.length === contenders.length) throw new HarnessError('no peer to compare with');
}

export const same = (a: Normalized | null, b: Normalized | null): boolean => {
  if (a === null || b === null) return a === b;
  if (a.route !== b.route) return false;
  const ka = Object.keys(a.params).sort();
  const kb = Object.keys(b.params).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.params[k] === b.params[k]);
};

const show = (set: RouteSet, n: Normalized | null): string =>
  n === null ? 'not found' : `route ${n.route} '${set.routes[n.route] ?? '?'}' ${JSON.stringify(n.params)}`;

/**
 * Checks every contender against the reference on every path; throws one
 * error listing every contender that disagrees, with its first mismatches.
 */
export function checkAgreement(set: RouteSet, contenders: readonly Contender[], paths: readonly string[]): void {
  const reference = referenceResolver(set);
  const expected = paths.map((p) => reference(p));
  const problems: string[] = [];
  for (const c of contenders) {
    const wrong: string[] = [];
    for (let i = 0; i < paths.length; i++) {
      let got: Normalized | null;
      try {
        got = c.normalize(c.lookup(paths[i]));
      } catch (error) {
        wrong.push(`  ${paths[i]}: threw ${(error as Error).message}`);
        continue;
      }
      if (!same(got, expected[i])) wrong.push(`  ${paths[i]}: expected ${show(set, expected[i])}, got ${show(set, got)}`);
    }
    if (wrong.length > 0) {
      problems.push(`${c.name}: ${wrong.length} of ${paths.length} paths wrong\n${wrong.slice(0, 5).join('\n')}`);
    }
  }
  if (problems.length > 0) {
    throw new HarnessError(`route set '${set.name}': contenders disagree with the reference resolver; nothing was timed.\n${problems.join('\n')}`);
  }
}

/** A case's paths must be what the case says: all hits, or all misses. */
export function checkKind(set: RouteSet, caseName: string, paths: readonly string[], kind: 'hit' | 'miss' | 'any'): void {
  if (kind === 'any') return;
  const reference = referenceResolver(set);
  for (const p of paths) {
    if ((reference(p) === null) !== (kind === 'miss')) {
      throw new HarnessError(`case '${caseName}': '${p}' should ${kind === 'miss' ? 'miss' : 'match'} in route set '${set.name}'`);
    }
  }
}
