/**
 * Where Manouche's lookup time goes, for whoever optimizes the resolver (a
 * diagnostic, not part of `npm run bench`):
 *
 *   npm run build && node --import tsx --expose-gc bench/router/breakdown.ts
 *
 * It reaches into private members of the compiled resolver (its Matcher), so
 * it may need updating when src/urls/ changes. Per path, in ns per lookup:
 * encodeInto into a plain array (the floor for getting bytes into any memory),
 * Matcher.write (the same into the scratch region of linear memory),
 * begin + next (write + the WebAssembly search), and the full match()
 * (+ reading the captures and building the ResolverMatch).
 */
import { getResolver, path } from '../../dist/index.js';
import { github } from './routes/github';
import { django } from './routes/django';
import { djangoMix, githubMix } from './cases';
import { reusedLoop, time } from './timing';
import type { RouteSet } from './route';

interface MatcherInternals {
  write(path: string): void;
  begin(path: string): void;
  next(): number;
}

const view = (): null => null;
const encoder = new TextEncoder();
const plain = new Uint8Array(4096);

async function breakdown(set: RouteSet, label: string, paths: readonly string[]): Promise<void> {
  const resolver = getResolver(set.routes.map((route, id) => path(route, view, { name: String(id) })));
  const matcher = (resolver as unknown as { matcher: MatcherInternals }).matcher;
  const timings = await time(
    [
      { name: 'encodeInto, plain array', run: reusedLoop((p) => encoder.encodeInto(p, plain).written, paths) },
      { name: 'Matcher.write', run: reusedLoop((p) => (matcher.write(p), 1), paths) },
      { name: 'begin + next', run: reusedLoop((p) => (matcher.begin(p), matcher.next() + 1), paths) },
      { name: 'match()', run: reusedLoop((p) => resolver.match(p), paths) },
    ],
    paths.length,
    { time: 300, warmupTime: 100 },
  );
  console.log(`${label.padEnd(60)} ${timings.map((t) => t.ns.toFixed(0).padStart(6)).join(' ')}`);
}

const repeat = (p: string): string[] => Array.from({ length: 1000 }, () => p);
console.log(`${'ns per lookup'.padEnd(60)} ${['encode', 'write', 'search', 'match'].map((h) => h.padStart(6)).join(' ')}`);
await breakdown(github, 'static /user/repos', repeat('/user/repos'));
await breakdown(github, 'one parameter /users/octocat', repeat('/users/octocat'));
await breakdown(github, '/users/<256 bytes>', repeat(`/users/${'a'.repeat(256)}`));
await breakdown(github, 'several /repos/nodejs/node/issues/4242/labels/bug', repeat('/repos/nodejs/node/issues/4242/labels/bug'));
await breakdown(github, 'not found /repos/nodejs/node/nonexistent/42', repeat('/repos/nodejs/node/nonexistent/42'));
await breakdown(django, 'long static /docs/reference/…/collectstatic/', repeat('/docs/reference/contrib/staticfiles/management-commands/collectstatic/'));
await breakdown(django, 'typed /articles/2024/3/django-4-2-released/', repeat('/articles/2024/3/django-4-2-released/'));
await breakdown(github, 'github mix', githubMix);
await breakdown(django, 'django mix', djangoMix);
