/** Manouche: getResolver(urlpatterns).match(path), from the built package (what users import). */
import { getResolver, path, type ResolverMatch } from '../../../dist/index.js';
import { stringParams, type ContenderFactory } from '../contender';

const view = (): null => null;

export const manouche: ContenderFactory = {
  name: 'manouche',
  build(set) {
    const urlpatterns = set.routes.map((route, id) => path(route, view, { name: String(id) }));
    const resolver = getResolver(urlpatterns);
    return {
      name: 'manouche',
      source: import.meta.resolve('../../../dist/index.js'),
      ours: true,
      lookup: (p) => resolver.match(p),
      normalize: (answer) => {
        const m = answer as ResolverMatch | null;
        return m === null ? null : { route: Number(m.urlName), params: stringParams(m.kwargs) };
      },
    };
  },
};
