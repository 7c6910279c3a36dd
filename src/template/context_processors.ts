/**
 * Context processors by name, so TEMPLATES' OPTIONS.context_processors reads
 * as in Django (`'django.template.context_processors.request'`, ...). Apps
 * register theirs; a builtin processor (Django's csrf one) runs for every
 * engine built from TEMPLATES, first, as RequestContext does.
 */
import { ImproperlyConfigured } from '../core/exceptions';
import type { ContextProcessor } from './engine';

const registry = new Map<string, ContextProcessor>();
const builtins: ContextProcessor[] = [];

/** Makes a context processor nameable (its `manouche.` name and the matching `django.` one). */
export function registerContextProcessor(name: string, processor: ContextProcessor, options: { builtin?: boolean } = {}): void {
  registry.set(name, processor);
  if (name.startsWith('manouche.')) registry.set('django.' + name.slice('manouche.'.length), processor);
  if (options.builtin && !builtins.includes(processor)) builtins.push(processor);
}

/** The builtin processors, then TEMPLATES' entries (functions or registered names). */
export function resolveContextProcessors(entries: ReadonlyArray<string | ContextProcessor> | undefined): ContextProcessor[] {
  const out: ContextProcessor[] = [...builtins];
  for (const e of entries ?? []) {
    if (typeof e === 'function') out.push(e);
    else {
      const p = registry.get(e);
      if (!p) throw new ImproperlyConfigured(`TEMPLATES context_processors: no context processor is registered as '${e}'.`);
      out.push(p);
    }
  }
  return out;
}
