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
 */
export async function prepareContext(template: unknown, request: unknown): Promise<void> {
  if (request === undefined || request === null) return;
  const dtl = template instanceof Template;
  // Another backend's template (Liquid) may list its processors; its names are not analysed: every name counts.
  const list: readonly ContextProcessor[] | undefined = dtl ? template.engine.contextProcessors : (template as { contextProcessors?: readonly ContextProcessor[] } | null)?.contextProcessors;
  if (!Array.isArray(list)) return;
  let uses: ((name: string) => boolean) | undefined;
  for (const p of list) {
    if (!p.prepare) continue;
    if (!uses) {
      const names = dtl ? contextNames(template) : null;
      uses = names ? (name) => names.has(name) : () => true;
    }
    await p.prepare(request, uses);
  }
}
