/**
 * What Express 5 does: one path-to-regexp `match()` function per route, tried
 * in declaration order until one matches (first match wins, as in Django).
 * path-to-regexp's defaults are Express's: parameters decoded, case-insensitive,
 * one trailing slash allowed.
 */
import { match, type MatchFunction } from 'path-to-regexp';
import { toColon } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

export const pathToRegexp: ContenderFactory = {
  name: 'path-to-regexp scan',
  build(set) {
    const matchers: MatchFunction<Record<string, string>>[] = set.routes.map((route) => match(toColon(route)));
    const n = matchers.length;
    const lookup = (p: string): { id: number; params: Record<string, string> } | null => {
      for (let id = 0; id < n; id++) {
        const m = matchers[id](p);
        if (m !== false) return { id, params: m.params };
      }
      return null;
    };
    return {
      name: 'path-to-regexp scan',
      source: import.meta.resolve('path-to-regexp'),
      ours: false,
      lookup,
      normalize: (answer) => {
        const a = answer as ReturnType<typeof lookup>;
        return a === null ? null : { route: a.id, params: stringParams(a.params) };
      },
    };
  },
};
