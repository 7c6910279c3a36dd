/** @medley/router: a radix tree; register(path) returns a store, find(path) the store and params. */
import Router from '@medley/router';
import { toColon } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

type Answer = ReturnType<Router['find']>;

export const medley: ContenderFactory = {
  name: '@medley/router',
  build(set) {
    const router = new Router();
    set.routes.forEach((route, id) => {
      router.register(toColon(route)).id = id;
    });
    return {
      name: '@medley/router',
      source: import.meta.resolve('@medley/router'),
      ours: false,
      lookup: (p) => router.find(p),
      normalize: (answer) => {
        const a = answer as Answer;
        return a === null ? null : { route: a.store.id as number, params: stringParams(a.params) };
      },
    };
  },
};
