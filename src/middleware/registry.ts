/** The built-in middleware by their Django-style names, for MIDDLEWARE strings. */
import type { MiddlewareFactory } from '../core/handlers/middleware';
import { CommonMiddleware } from './common';
import { GZipMiddleware } from './gzip';
import { ConditionalGetMiddleware } from './http';

const builtins: Record<string, MiddlewareFactory> = {
  'manouche.middleware.common.CommonMiddleware': CommonMiddleware,
  'manouche.middleware.gzip.GZipMiddleware': GZipMiddleware,
  'manouche.middleware.http.ConditionalGetMiddleware': ConditionalGetMiddleware,
  // Django's own names work too, so a settings file reads as it does in Django.
  'django.middleware.common.CommonMiddleware': CommonMiddleware,
  'django.middleware.gzip.GZipMiddleware': GZipMiddleware,
  'django.middleware.http.ConditionalGetMiddleware': ConditionalGetMiddleware,
};

export function builtinMiddleware(name: string): MiddlewareFactory | undefined {
  return builtins[name];
}
