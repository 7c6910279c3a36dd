/**
 * Generated code (`new Function`) for the router's capture builders, the ORM's
 * row readers and compiled templates, each of which has an interpreted
 * fallback. Under a Content-Security-Policy without 'unsafe-eval' the
 * browser refuses with an EvalError (and reports a violation): the refusal
 * is remembered, so a page reports one violation, not one per route, model
 * or template.
 */
let refused = false;

/**
 * `new Function(...params, body)`, or null where generated code is refused.
 * Other errors (a SyntaxError in generated code) propagate: they are bugs.
 */
export function generatedFunction(params: readonly string[], body: string): ((...args: any[]) => any) | null {
  if (refused) return null;
  try {
    return new Function(...params, body) as (...args: any[]) => any;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    refused = true;
    return null;
  }
}

/** Whether generated code was refused in this realm (tests). */
export function generatedCodeRefused(): boolean {
  return refused;
}
