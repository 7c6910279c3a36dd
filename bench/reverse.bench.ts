/**
 * reverse() against resolve() on the same URLconf (issue 2: "reversing must
 * be as fast as resolving"). No peer router reverses by name, so the only
 * contender is Manouche's own resolve(). Every route of the django set is
 * reversed from the kwargs that resolving its URL gives, and the URL must come
 * back identical before anything is timed.
 *
 *   npm run build && npm run bench -- reverse
 */
import { getResolver, path, reverse } from '../dist/index.js';
import { django } from './router/routes/django';
import { time } from './router/timing';

const view = (): null => null;
const urlconf = django.routes.map((route, id) => path(route, view, { name: `r${id}` }));
const resolver = getResolver(urlconf);

const cases = django.routes.map((route, id) => {
  const url =
    '/' +
    route.replace(/<(?:(\w+):)?(\w+)>/g, (_, conv: string | undefined) =>
      conv === 'int' ? '42' : conv === 'uuid' ? '075194d3-6885-417e-a8a8-6c931e272f00' : 'hello-world',
    );
  const match = resolver.match(url);
  if (match === null || match.urlName !== `r${id}`) throw new Error(`${url} does not resolve to r${id}`);
  return { name: `r${id}`, kwargs: match.kwargs, url };
});
for (const c of cases) {
  const back = reverse(c.name, { kwargs: c.kwargs, urlconf });
  if (back !== c.url) throw new Error(`reverse('${c.name}') gave ${back}, expected ${c.url}`);
}
console.log(`checked: ${cases.length} routes reverse to the URL that resolves to them`);

const names = cases.map((c) => c.name);
const kwargs = cases.map((c) => c.kwargs);
const urls = cases.map((c) => c.url);
const loops = [
  {
    name: 'resolve',
    run: () => {
      let hits = 0;
      for (let i = 0; i < urls.length; i++) if (resolver.match(urls[i])) hits++;
      return hits;
    },
  },
  {
    name: 'reverse',
    run: () => {
      let total = 0;
      for (let i = 0; i < names.length; i++) total += reverse(names[i], { kwargs: kwargs[i], urlconf }).length;
      return total;
    },
  },
];
const [resolveTiming, reverseTiming] = await time(loops, cases.length, { time: 500, warmupTime: 200 });
console.log('| operation | ns per call | calls/s |');
console.log('|---|---:|---:|');
for (const t of [resolveTiming, reverseTiming]) console.log(`| ${t.name} | ${t.ns.toFixed(1)} | ${(t.ops / 1e6).toFixed(2)}M |`);
console.log(`reverse takes ${(reverseTiming.ns / resolveTiming.ns).toFixed(2)}x the time of resolve`);
