/** rou3 (unjs): findRoute on its tree, and the same tree compiled to one function by compileRouter. */
import { addRoute, createRouter, findRoute, type RouterContext } from 'rou3';
import { compileRouter } from 'rou3/compiler';
import { toColon, type RouteSet } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

function tree(set: RouteSet): RouterContext<number> {
  const router = createRouter<number>();
  set.routes.forEach((route, id) => addRoute(router, 'GET', toColon(route), id));
  return router;
}

const normalize = (answer: unknown) => {
  const a = answer as { data: number; params?: Record<string, string> } | undefined;
  return a === undefined ? null : { route: a.data, params: stringParams(a.params) };
};

export const rou3: ContenderFactory = {
  name: 'rou3',
  build(set) {
    const router = tree(set);
    return {
      name: 'rou3',
      source: import.meta.resolve('rou3'),
      ours: false,
      lookup: (p) => findRoute(router, 'GET', p),
      normalize,
    };
  },
};

export const rou3Compiled: ContenderFactory = {
  name: 'rou3 compiled',
  build(set) {
    const find = compileRouter(tree(set));
    return {
      name: 'rou3 compiled',
      source: import.meta.resolve('rou3/compiler'),
      ours: false,
      lookup: (p) => find('GET', p),
      normalize,
    };
  },
};
