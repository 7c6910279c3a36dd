/** find-my-way: Fastify's radix tree, with its defaults (case-sensitive, strict trailing slash). */
import FindMyWay from 'find-my-way';
import { toColon } from '../route';
import { stringParams, type ContenderFactory } from '../contender';

export const findMyWay: ContenderFactory = {
  name: 'find-my-way',
  build(set) {
    const router = FindMyWay();
    const handler = (): void => {};
    set.routes.forEach((route, id) => router.on('GET', toColon(route), handler, { id }));
    return {
      name: 'find-my-way',
      source: import.meta.resolve('find-my-way'),
      ours: false,
      lookup: (p) => router.find('GET', p),
      normalize: (answer) => {
        const a = answer as { store: { id: number }; params: Record<string, string | undefined> } | null;
        return a === null ? null : { route: a.store.id, params: stringParams(a.params) };
      },
    };
  },
};
