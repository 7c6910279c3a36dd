/**
 * The default error views (django.views.defaults): 404.html, 500.html,
 * 403.html and 400.html from the project's templates, else Django's plain
 * pages. Nothing about the error leaks into them.
 */
import { Engine } from '../template/engine';
import { TemplateDoesNotExist } from '../template/errors';
import { quote } from '../utils/http';
import type { HttpRequest } from '../http/request';
import { HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError, type HttpResponse } from '../http/response';
import { getTemplate, renderTemplate } from '../http/templates';
import { prepareContext } from '../template/prepare';
import { ImproperlyConfigured } from '../core/exceptions';

const ERROR_PAGE_TEMPLATE = (title: string, details: string) => `
<!doctype html>
<html lang="en">
<head>
  <title>${title}</title>
</head>
<body>
  <h1>${title}</h1><p>${details}</p>
</body>
</html>
`;

let plainEngine: Engine | undefined;

/** The project's template `name`, or null when no engine has it (or no engine is configured). */
function projectTemplate(name: string): { render(c?: Record<string, unknown>, r?: unknown): string } | null {
  try {
    return getTemplate(name);
  } catch (e) {
    if (e instanceof TemplateDoesNotExist || e instanceof ImproperlyConfigured) return null;
    throw e;
  }
}

function fallback(title: string, details: string, context: Record<string, unknown>): string {
  // Rendered through an engine (with no substitutions) so tests can inspect the context, as in Django.
  plainEngine ??= new Engine();
  return renderTemplate(plainEngine.fromString(ERROR_PAGE_TEMPLATE(title, details)), context);
}

/** The message of an exception when it has one worth showing (not the resolver's internals). */
function exceptionRepr(exception: unknown): string {
  if (exception instanceof Error) return exception.message && exception.name !== 'Resolver404' ? exception.message : exception.name;
  return String(exception);
}

// The 404 and 403 pages render with the request (context processors run): async, to await what the
// processors read for the template first (the auth processor's user, when the page shows it).
export async function pageNotFound(request: HttpRequest, exception?: unknown, templateName = '404.html'): Promise<HttpResponse> {
  const context = { request_path: quote(request.path), exception: exceptionRepr(exception) };
  const template = projectTemplate(templateName);
  if (template) {
    await prepareContext(template, request);
    return new HttpResponseNotFound(renderTemplate(template, context, request));
  }
  if (templateName !== '404.html') throw new TemplateDoesNotExist(templateName);
  return new HttpResponseNotFound(fallback('Not Found', 'The requested resource was not found on this server.', context));
}

export function serverError(_request: HttpRequest, templateName = '500.html'): HttpResponse {
  const template = projectTemplate(templateName);
  if (template) return new HttpResponseServerError(renderTemplate(template, {}));
  if (templateName !== '500.html') throw new TemplateDoesNotExist(templateName);
  return new HttpResponseServerError(ERROR_PAGE_TEMPLATE('Server Error (500)', ''));
}

export function badRequest(_request: HttpRequest, _exception?: unknown, templateName = '400.html'): HttpResponse {
  const template = projectTemplate(templateName);
  if (template) return new HttpResponseBadRequest(renderTemplate(template, {}));
  if (templateName !== '400.html') throw new TemplateDoesNotExist(templateName);
  // No exception detail: it may hold user input.
  return new HttpResponseBadRequest(ERROR_PAGE_TEMPLATE('Bad Request (400)', ''));
}

export async function permissionDenied(request: HttpRequest, exception?: unknown, templateName = '403.html'): Promise<HttpResponse> {
  const template = projectTemplate(templateName);
  if (template) await prepareContext(template, request);
  if (template) return new HttpResponseForbidden(renderTemplate(template, { exception: exception instanceof Error ? exception.message : String(exception ?? '') }, request));
  if (templateName !== '403.html') throw new TemplateDoesNotExist(templateName);
  return new HttpResponseForbidden(ERROR_PAGE_TEMPLATE('403 Forbidden', ''));
}
