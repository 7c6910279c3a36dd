/**
 * The benchmark cases. Each is a batch of paths looked up in one timed
 * iteration (1,000 lookups, so that the timer's own cost, tens of
 * nanoseconds, is spread thin): one path repeated for the single-path cases,
 * a deterministic mix of realistic requests for the others.
 */
import { github } from './routes/github';
import { django } from './routes/django';
import { mix } from './requests';
import type { RouteSet } from './route';

export const BATCH = 1000;

export interface Case {
  readonly name: string;
  readonly set: RouteSet;
  readonly paths: readonly string[];
  /** What every path must do in the reference resolver. */
  readonly kind: 'hit' | 'miss' | 'any';
  /** Build each path afresh from a request buffer inside the timed loop, as an HTTP parser does. */
  readonly fresh: boolean;
}

const repeat = (path: string): string[] => Array.from({ length: BATCH }, () => path);

/** Real API traffic is mostly about repositories. */
const githubWeight = (route: string): number => (route.startsWith('repos/') ? 3 : 1);
/** A Django site serves its pages and API far more often than its admin. */
const djangoWeight = (route: string): number => (route.startsWith('admin/') || route.startsWith('accounts/') ? 0.5 : 2);

export const githubMix = mix(github, { count: BATCH, seed: 0x5eed, missRate: 0.05, weight: githubWeight });
export const djangoMix = mix(django, { count: BATCH, seed: 0xd1a90, missRate: 0.05, weight: djangoWeight });

export const CASES: readonly Case[] = [
  { name: 'static', set: github, paths: repeat('/user/repos'), kind: 'hit', fresh: false },
  { name: 'one parameter', set: github, paths: repeat('/users/octocat'), kind: 'hit', fresh: false },
  { name: 'several parameters', set: github, paths: repeat('/repos/nodejs/node/issues/4242/labels/bug'), kind: 'hit', fresh: false },
  {
    name: 'long static',
    set: django,
    paths: repeat('/docs/reference/contrib/staticfiles/management-commands/collectstatic/'),
    kind: 'hit',
    fresh: false,
  },
  { name: 'not found', set: github, paths: repeat('/repos/nodejs/node/nonexistent/42'), kind: 'miss', fresh: false },
  { name: 'static beside parameter', set: django, paths: repeat('/admin/login/'), kind: 'hit', fresh: false },
  { name: 'typed parameters', set: django, paths: repeat('/articles/2024/3/django-4-2-released/'), kind: 'hit', fresh: false },
  { name: 'github mix', set: github, paths: githubMix, kind: 'any', fresh: false },
  { name: 'github mix, fresh strings', set: github, paths: githubMix, kind: 'any', fresh: true },
  { name: 'django mix', set: django, paths: djangoMix, kind: 'any', fresh: false },
  { name: 'django mix, fresh strings', set: django, paths: djangoMix, kind: 'any', fresh: true },
];
