/**
 * Context processors by Django's dotted names (django.template.context_processors),
 * so TEMPLATES' OPTIONS.context_processors reads as in Django:
 * `['django.template.context_processors.request',
 *   'django.contrib.auth.context_processors.auth',
 *   'django.contrib.messages.context_processors.messages']`.
 * The csrf processor always runs with a request, as Django's RequestContext
 * does: `csrf_token` is a lazy masked token, made (and the cookie sent)
 * only when a template shows it.
 */
import { getToken, holdsMeta } from '../middleware/csrf';
import { registerContextProcessor } from '../template/context_processors';
import { settings } from '../conf/settings';

export { registerContextProcessor };

/** The token, computed on first use (Django's SimpleLazyObject around get_token). */
class LazyCsrfToken {
  private value: string | undefined;
  constructor(private readonly request: unknown) {}
  toString(): string {
    if (this.value === undefined) this.value = holdsMeta(this.request) ? getToken(this.request) : 'NOTPROVIDED';
    return this.value;
  }
}

/** Django's csrf context processor. */
export function csrf(request: unknown): { csrf_token: unknown } {
  return { csrf_token: new LazyCsrfToken(request) };
}

/** Registers Django's processors by name, csrf as the builtin one (idempotent: the registry is keyed by name). */
export function registerDefaultContextProcessors(): void {
  registerContextProcessor('manouche.template.context_processors.csrf', csrf, { builtin: true });
  registerContextProcessor('manouche.template.context_processors.request', request);
  registerContextProcessor('manouche.template.context_processors.debug', debug);
}

// Declarations, not consts: templates.ts registers these while an import cycle
// may still be evaluating this module (a const would be in its dead zone then).
function request(r: unknown): { request: unknown } {
  return { request: r };
}
function debug(): { debug?: true } {
  return settings.DEBUG ? { debug: true } : {};
}

registerDefaultContextProcessors();
