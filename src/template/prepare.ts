/**
 * What a render with a request awaits first: each context processor's
 * `prepare`, told which names the template may read (references.ts). The
 * HTTP layer calls it (render(), TemplateResponse) because rendering itself
 * is synchronous; a processor value that was not prepared stays lazy and
 * says so when a template reads it.
 */
import { contextNames } from './references';
import { Template } from './template';

/**
 * Awaits the `prepare` step of the engine's context processors for a render
 * of `template` with `request` (a DTL template; other backends' templates
 * have nothing to prepare here).
 */
export async function prepareContext(template: unknown, request: unknown): Promise<void> {
  if (request === undefined || request === null || !(template instanceof Template)) return;
  const list = template.engine.contextProcessors;
  let uses: ((name: string) => boolean) | undefined;
  for (const p of list) {
    if (!p.prepare) continue;
    if (!uses) {
      const names = contextNames(template);
      uses = names ? (name) => names.has(name) : () => true;
    }
    await p.prepare(request, uses);
  }
}
