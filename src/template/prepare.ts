/**
 * What a render with a request awaits first: each context processor's
 * `prepare`, told which names the template may read (references.ts). The
 * HTTP layer calls it (render(), TemplateResponse) because rendering itself
 * is synchronous; a processor value that was not prepared stays lazy and
 * says so when a template reads it.
 */
import { contextNames } from './references';
import { Template } from './template';
import type { ContextProcessor } from './engine';

/**
 * Awaits the `prepare` step of the engine's context processors for a render
 * of `template` with `request`: for a DTL template, told the names it may
 * read; for another backend's template that lists its processors, every name.
 * Undefined when no processor has one: nothing to wait for, so a render need
 * not suspend (the callers await it only when it answers a promise).
 */
export function prepareContext(template: unknown, request: unknown): Promise<void> | undefined {
  if (request === undefined || request === null) return undefined;
  const dtl = template instanceof Template;
  // Another backend's template (Liquid) may list its processors; its names are not analysed: every name counts.
  const list: readonly ContextProcessor[] | undefined = dtl ? template.engine.contextProcessors : (template as { contextProcessors?: readonly ContextProcessor[] } | null)?.contextProcessors;
  if (!Array.isArray(list) || !list.some((p) => p.prepare)) return undefined;
  const names = dtl ? contextNames(template) : null;
  return prepareEach(list, request, names ? (name) => names.has(name) : () => true);
}

async function prepareEach(list: readonly ContextProcessor[], request: unknown, uses: (name: string) => boolean): Promise<void> {
  for (const p of list) if (p.prepare) await p.prepare(request, uses);
}
