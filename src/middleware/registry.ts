/** The built-in middleware by their Django-style names, for MIDDLEWARE strings. */
import type { MiddlewareFactory } from '../core/handlers/middleware';
import { CommonMiddleware } from './common';
import { GZipMiddleware } from './gzip';
import { ConditionalGetMiddleware } from './http';
import { CsrfViewMiddleware } from './csrf';
import { SecurityMiddleware } from './security';
import { XFrameOptionsMiddleware } from './clickjacking';

const builtins: Record<string, MiddlewareFactory> = {};
const byModule: Record<string, MiddlewareFactory> = {
  'common.CommonMiddleware': CommonMiddleware,
  'gzip.GZipMiddleware': GZipMiddleware,
  'http.ConditionalGetMiddleware': ConditionalGetMiddleware,
  'csrf.CsrfViewMiddleware': CsrfViewMiddleware,
  'security.SecurityMiddleware': SecurityMiddleware,
  'clickjacking.XFrameOptionsMiddleware': XFrameOptionsMiddleware,
};
// Django's own names work too, so a settings file reads as it does in Django.
for (const [name, factory] of Object.entries(byModule)) {
  builtins[`manouche.middleware.${name}`] = factory;
  builtins[`django.middleware.${name}`] = factory;
}

export function builtinMiddleware(name: string): MiddlewareFactory | undefined {
  return builtins[name];
}

/** How a name that resolves to nothing gets registered: Django's middleware that are not built in say where their names come from. */
export function unregisteredHint(name: string): string {
  if (/^(django|manouche)\.middleware\.cache\./.test(name)) return "registerCacheMiddleware() from 'manouche/middleware' names the cache middleware; manouche/node does it";
  return 'registerMiddleware(name, factory) makes one nameable';
}
