/**
 * The router's entry points (django.urls.base): resolve() and reverse()
 * against a URLconf, by default settings.ROOT_URLCONF.
 */
import { ImproperlyConfigured } from '../core/exceptions';
import { settings } from '../conf/settings';
import type { URLEntry, View } from './conf';
import type { ResolverMatch } from './match';
import { CompiledURLconf } from './resolver';
import { reverseIn, type ReverseOptions } from './reverse';

const compiled = new WeakMap<readonly URLEntry[], CompiledURLconf>();
let override: readonly URLEntry[] | null = null;

/** The URLconf in use: the override set by setUrlconf(), else ROOT_URLCONF. */
export function getUrlconf(): readonly URLEntry[] {
  const urlconf = override ?? settings.ROOT_URLCONF;
  if (urlconf === undefined) {
    throw new ImproperlyConfigured('ROOT_URLCONF is not set: configure({ ROOT_URLCONF: urlpatterns }) or pass a urlconf.');
  }
  return urlconf;
}

/** Overrides the URLconf for what follows (Django's set_urlconf()); null restores ROOT_URLCONF. */
export function setUrlconf(urlconf: readonly URLEntry[] | null): void {
  override = urlconf;
}

/**
 * The compiled resolver of a URLconf, built once and cached (Django's
 * get_resolver()). Call clearUrlCaches() after changing a pattern list.
 */
export function getResolver(urlconf?: readonly URLEntry[]): CompiledURLconf {
  const conf = urlconf ?? getUrlconf();
  let resolver = compiled.get(conf);
  if (resolver === undefined) {
    resolver = new CompiledURLconf(conf);
    compiled.set(conf, resolver);
  }
  return resolver;
}

/**
 * Resolves a path to its view and arguments; throws Resolver404 on a miss.
 *
 * @example
 * const match = resolve('/polls/3/');   // Django: resolve('/polls/3/')
 * match.func; match.kwargs;             // { question_id: 3 }
 * match.urlName; match.route;           // 'detail', 'polls/<int:question_id>/'
 */
export function resolve(path: string, urlconf?: readonly URLEntry[]): ResolverMatch {
  return getResolver(urlconf).resolve(path);
}

/** True when `path` resolves (Django's is_valid_path()); never throws for a miss. */
export function isValidPath(path: string, urlconf?: readonly URLEntry[]): boolean {
  return getResolver(urlconf).match(path) !== null;
}

/**
 * Builds the URL of a named pattern (or view). Throws NoReverseMatch naming
 * the patterns tried when nothing fits.
 *
 * @example
 * reverse('polls:detail', { args: [3] })             // '/polls/3/'
 * reverse('archive', { kwargs: { year: 2024 } })     // Django: reverse('archive', kwargs={'year': 2024})
 */
export function reverse(viewname: string | View, options: ReverseOptions = {}): string {
  return reverseIn(options.urlconf ?? getUrlconf(), viewname, options);
}

/** Forgets compiled resolvers (Django's clear_url_caches()). */
export function clearUrlCaches(urlconf?: readonly URLEntry[]): void {
  const conf = urlconf ?? override ?? settings.ROOT_URLCONF;
  if (conf === undefined) return;
  compiled.get(conf)?.free();
  compiled.delete(conf);
}
