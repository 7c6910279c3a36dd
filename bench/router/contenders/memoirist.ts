/** memoirist: Elysia's radix tree (a fork of @medley/router), per method. */
import { Memoirist } from 'memoirist';
import { toColon } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

export const memoirist: ContenderFactory = {
  name: 'memoirist',
  build(set) {
    const router = new Memoirist<number>();
    set.routes.forEach((route, id) => router.add('GET', toColon(route), id));
    return {
      name: 'memoirist',
      source: import.meta.resolve('memoirist'),
      ours: false,
      lookup: (p) => router.find('GET', p),
      normalize: (answer) => {
        const a = answer as ReturnType<typeof router.find>;
        return a === null ? null : { route: a.store, params: stringParams(a.params) };
      },
    };
  },
};
