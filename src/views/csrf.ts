/**
 * Django's csrf_failure (django.views.csrf): the 403 page of a request the
 * CSRF middleware refused. The reason and the help text show in DEBUG only;
 * a project's `403_csrf.html` replaces the page.
 */
import { settings } from '../conf/settings';
import { TemplateDoesNotExist } from '../template/errors';
import { Engine } from '../template/engine';
import type { HttpRequest } from '../http/request';
import { HttpResponseForbidden } from '../http/response';
import { getTemplate } from '../http/templates';
import { ImproperlyConfigured } from '../core/exceptions';
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from '../middleware/csrf';

const CSRF_FAILURE_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
</head>
<body>
  <h1>{{ title }} <span>(403)</span></h1>
  <p>{{ main }}</p>
{% if no_referer %}
  <p>{{ no_referer1 }}</p>
  <p>{{ no_referer2 }}</p>
{% endif %}
{% if no_cookie %}
  <p>{{ no_cookie1 }}</p>
  <p>{{ no_cookie2 }}</p>
{% endif %}
{% if DEBUG %}
  <h2>Help</h2>
  {% if reason %}<p>Reason given for failure:</p>
    <pre>
    {{ reason }}
    </pre>
  {% endif %}
  <p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when
  CSRF has not been used correctly. For POST forms, you need to ensure that the view uses
  the request when rendering the template (render(request, ...)), that each POST form
  targeting an internal URL has {% templatetag openblock %} csrf_token {% templatetag closeblock %},
  and that CsrfViewMiddleware is in MIDDLEWARE (or the view is csrfProtect()-ed).</p>
  <p>You're seeing the help section of this page because you have <code>DEBUG = True</code>.</p>
{% else %}
  <p><small>{{ more }}</small></p>
{% endif %}
</body>
</html>
`;

let plain: Engine | undefined;

/** The 403 response for a refused request (Django's csrf_failure). */
export function csrfFailure(request: HttpRequest, { reason = '' }: { reason?: string } = {}): HttpResponseForbidden {
  const context = {
    title: 'Forbidden',
    main: 'CSRF verification failed. Request aborted.',
    reason,
    no_referer: reason === REASON_NO_REFERER,
    no_referer1:
      'You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.',
    no_referer2:
      'If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.',
    no_cookie: reason === REASON_NO_CSRF_COOKIE,
    no_cookie1:
      'You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.',
    no_cookie2: 'If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.',
    DEBUG: settings.DEBUG,
    more: 'More information is available with DEBUG=True.',
  };
  let html: string;
  try {
    html = getTemplate('403_csrf.html').render(context);
  } catch (e) {
    if (!(e instanceof TemplateDoesNotExist || e instanceof ImproperlyConfigured)) throw e;
    plain ??= new Engine();
    html = plain.fromString(CSRF_FAILURE_TEMPLATE).render(context);
  }
  return new HttpResponseForbidden(html);
}

