/**
 * hono's routers. Both return every matching handler, in registration order
 * (hono runs them as a middleware chain); the first one is the route, which
 * makes hono the one peer with Django's first-match order.
 *
 * The RegExpRouter compiles all routes into one regex on the first match and
 * throws UnsupportedPathError for route sets it cannot express (add() may
 * throw it too); build() makes that first match so that a refusal surfaces here, not while timing.
 */
import { TrieRouter } from 'hono/router/trie-router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { toColon } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

type Matches = [[number, Record<string, string>][]] | [[number, Record<string, number>][], string[]];

export const honoTrie: ContenderFactory = {
  name: 'hono TrieRouter',
  build(set) {
    const router = new TrieRouter<number>();
    set.routes.forEach((route, id) => router.add('GET', toColon(route), id));
    return {
      name: 'hono TrieRouter',
      source: import.meta.resolve('hono/router/trie-router'),
      ours: false,
      lookup: (p) => router.match('GET', p),
      normalize: (answer) => {
        const [matches] = answer as [[number, Record<string, string>][]];
        return matches.length === 0 ? null : { route: matches[0][0], params: stringParams(matches[0][1]) };
      },
    };
  },
};

export const honoRegExp: ContenderFactory = {
  name: 'hono RegExpRouter',
  build(set) {
    const router = new RegExpRouter<number>();
    try {
      set.routes.forEach((route, id) => router.add('GET', toColon(route), id));
      router.match('GET', '/');
    } catch (error) {
      throw new Error(`hono RegExpRouter refuses the '${set.name}' route set: ${(error as Error).name}: ${(error as Error).message || '(no message)'} (the route it could not place)`);
    }
    return {
      name: 'hono RegExpRouter',
      source: import.meta.resolve('hono/router/reg-exp-router'),
      ours: false,
      lookup: (p) => router.match('GET', p),
      normalize: (answer) => {
        const [matches, stash] = answer as Matches;
        if (matches.length === 0) return null;
        const [id, indexes] = matches[0];
        const params: Record<string, string> = {};
        for (const key of Object.keys(indexes)) params[key] = (stash as string[])[indexes[key] as number];
        return { route: id, params };
      },
    };
  },
};
