/**
 * Django's technical pages for DEBUG (django.views.debug): the 404 listing
 * the URL patterns tried, and the 500 with the exception, the stack trace,
 * the template excerpt for template errors (the failing line marked), and
 * the request's data and the settings with secrets masked.
 */
import { settings } from '../conf/settings';
import { Engine } from '../template/engine';
import { escapeHtml } from '../template/safe';
import type { HttpRequest } from '../http/request';
import { HttpResponse, HttpResponseNotFound } from '../http/response';
import { engines, templateSource } from '../http/templates';
import { resolve } from '../urls/base';
import { ALL_PARAMETERS, sensitivePostParametersOf } from './decorators/debug';

/** Names whose values are replaced (Django's SafeExceptionReporterFilter.hidden_settings). */
const HIDDEN = /API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|SESSIONID|CSRF/i;
export const CLEANSED_SUBSTITUTE = '********************';

const e = (v: unknown): string => escapeHtml(String(v));

/** A setting's value, with secrets masked recursively. */
export function cleanse(key: string, value: unknown, depth = 0): unknown {
  if (HIDDEN.test(key)) return CLEANSED_SUBSTITUTE;
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.map((v) => cleanse('', v, depth + 1));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanse(k, v, depth + 1)]));
  }
  return value;
}

export function repr(value: unknown): string {
  if (typeof value === 'function') return `<function ${value.name || 'anonymous'}>`;
  if (typeof value === 'string') return `'${value}'`;
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'function' ? `<function ${v.name || 'anonymous'}>` : v));
    return text === undefined ? String(value) : text.length > 2000 ? text.slice(0, 2000) + '…' : text;
  } catch {
    return String(value);
  }
}

const STYLE = `html * { padding:0; margin:0; } body * { padding:10px 20px; } body * * { padding:0; }
body { font:small sans-serif; background:#eee; color:#000; } body>div { border-bottom:1px solid #ddd; }
h1 { font-weight:normal; margin-bottom:.4em; } h1 span { font-size:60%; color:#666; font-weight:normal; }
h2 { margin-bottom:.8em; } h3 { margin:1em 0 .5em 0; } table { border:none; border-collapse: collapse; width:100%; }
td, th { vertical-align:top; padding:2px 3px; } th { width:12em; text-align:right; color:#666; padding-right:.5em; }
#info { background:#f6f6f6; } #info ol { margin: 0.5em 4em; } #info ol li { font-family: monospace; }
#summary { background: #ffc; } #explanation { background:#eee; border-bottom: 0px none; }
pre.exception_value { font-family: sans-serif; color: #575757; font-size: 1.5em; margin: 10px 0 10px 0; }
#template, #template-not-exist { background:#f6f6f6; } table.source td { font-family: monospace; white-space: pre; }
table.source th { width:3em; } table.source tr.error td, table.source tr.error th { background:#c22; color:#fff; }
pre.traceback { font-family: monospace; white-space: pre-wrap; } table.req td { font-family: monospace; white-space: pre-wrap; word-break: break-all; }`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n  <meta name="robots" content="NONE,NOARCHIVE">\n  <title>${title}</title>\n  <style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

export function safeAbsoluteUri(request: HttpRequest): string {
  try {
    return request.buildAbsoluteUri();
  } catch {
    return `${request.scheme}://${request.getRawHost()}${request.getFullPath()}`;
  }
}

/** The view name of a path, or '' (the debug 404's "Raised by"). */
function raisingViewName(request: HttpRequest): string {
  try {
    const match = resolve(request.pathInfo);
    const func = match.func as { viewClass?: { name: string }; name?: string };
    return func.viewClass?.name ?? func.name ?? '';
  } catch {
    return '';
  }
}

/** The DEBUG 404: what was asked, the patterns tried in order, and why it failed. */
export function technical404Response(request: HttpRequest, exception: unknown): HttpResponse {
  const maybeTried = (exception as { tried?: unknown }).tried;
  const tried: string[][] | null = Array.isArray(maybeTried) ? (maybeTried as string[][]) : null;
  const resolved = tried === null;
  const requestPath = resolved ? request.pathInfo.slice(1) : (exception as { path: string }).path;
  if (tried !== null && tried.length === 0) return defaultUrlconf();
  const reason = exception instanceof Error ? exception.message : String(exception);
  const viewName = resolved ? raisingViewName(request) : '';
  let info = '';
  if (tried !== null) {
    const names = (exception as { triedNames?: Array<string | null> }).triedNames ?? [];
    // As Django's technical_404.html: the last pattern of a chain shows its name.
    const items = tried
      .map((chain, i) => {
        const name = names[i] ? ` [name='${e(names[i]!)}']` : '';
        return `      <li>\n        ${chain.map((p, j) => e(p) + (j === chain.length - 1 ? name : '')).join('\n        ')}\n      </li>`;
      })
      .join('\n');
    info = `    <p>\n    Using the URLconf defined in <code>ROOT_URLCONF</code>,\n    Manouche tried these URL patterns, in this order:\n    </p>\n    <ol>\n${items}\n    </ol>\n    <p>\n      ${
      requestPath ? `The current path, <code>${e(requestPath)}</code>,` : 'The empty path'
    }\n      ${resolved ? 'matched the last one.' : 'didn’t match any of these.'}\n    </p>`;
  }
  const body = `<div id="summary">
  <h1>Page not found <span>(404)</span></h1>
  ${resolved && reason ? `<pre class="exception_value">${e(reason)}</pre>` : ''}
  <table class="meta">
    <tr><th>Request Method:</th><td>${e(request.method)}</td></tr>
    <tr><th>Request URL:</th><td>${e(safeAbsoluteUri(request))}</td></tr>
    ${viewName ? `<tr><th>Raised by:</th><td>${e(viewName)}</td></tr>` : ''}
  </table>
</div>
<div id="info">
${info}
</div>
<div id="explanation">
  <p>
    You’re seeing this error because you have <code>DEBUG = True</code> in
    your settings. Change that to <code>False</code>, and Manouche
    will display a standard 404 page.
  </p>
</div>`;
  return new HttpResponseNotFound(page(`Page not found at ${e(request.pathInfo)}`, body), { contentType: 'text/html' });
}

/** The page of an empty URLconf with DEBUG (Django's default_urlconf). */
function defaultUrlconf(): HttpResponse {
  return new HttpResponse(
    page(
      'The install worked successfully! Congratulations!',
      `<div id="summary"><h1>The install worked successfully! Congratulations!</h1>
<p>You are seeing this page because <code>DEBUG = True</code> is in your settings file and you have not configured any URLs.</p></div>`,
    ),
    { contentType: 'text/html' },
  );
}

/** Where in a template an error happened, with the lines around it (Django's get_exception_info). */
export interface TemplateErrorInfo {
  name: string;
  line: number;
  column: number;
  message: string;
  /** [line number, text] of up to 10 lines either side. */
  sourceLines: Array<[number, string]>;
}

export function templateErrorInfo(error: unknown): TemplateErrorInfo | null {
  const err = error as { position?: { name: string; line: number; column: number; sourceLine: string }; templateDebug?: { name: string; line: number; column: number; sourceLine: string }; reason?: string; message?: string };
  const where = err?.position ?? err?.templateDebug;
  if (!where) return null;
  let source: string | null = null;
  for (const engine of safeEngines()) {
    if (engine instanceof Engine) source = templateSource(engine, where.name);
    if (source !== null) break;
  }
  const lines = source !== null ? source.split(/\r\n|\r|\n/) : [where.sourceLine];
  const first = source !== null ? Math.max(1, where.line - 10) : where.line;
  const last = source !== null ? Math.min(lines.length, where.line + 10) : where.line;
  const sourceLines: Array<[number, string]> = [];
  for (let n = first; n <= last; n++) sourceLines.push([n, source !== null ? lines[n - 1] : lines[0]]);
  return { name: where.name, line: where.line, column: where.column, message: err.reason ?? err.message ?? String(error), sourceLines };
}

function safeEngines(): unknown[] {
  try {
    return engines.all();
  } catch {
    return [];
  }
}

function dictTable(id: string, title: string, entries: Array<[string, unknown]>, emptyText: string): string {
  const rows = entries.map(([k, v]) => `<tr><td>${e(k)}</td><td class="code"><pre>${e(typeof v === 'string' ? repr(v) : repr(v))}</pre></td></tr>`).join('\n');
  return `<h3 id="${id}">${title}</h3>\n${entries.length ? `<table class="req"><thead><tr><th>Variable</th><th>Value</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : `<p>${emptyText}</p>`}`;
}

export function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** POST as error reports show it: with DEBUG off, what the view marked sensitive is starred (Django's SafeExceptionReporterFilter.get_post_parameters). */
function filteredPost(request: HttpRequest): Array<[string, unknown]> {
  const sensitive = settings.DEBUG ? [] : sensitivePostParametersOf(request);
  return request.POST.lists().map(([k, v]) => {
    const hidden = sensitive === ALL_PARAMETERS || sensitive.includes(k);
    return [k, hidden ? CLEANSED_SUBSTITUTE : cleanse(k, v.length === 1 ? v[0] : v)];
  });
}

/** The request's data and the settings, secrets masked, as the 500 page and the emailed report list them. */
export function reportData(request: HttpRequest | null) {
  const none: Array<[string, unknown]> = [];
  return {
    get: request ? safe(() => request.GET.lists().map(([k, v]) => [k, v.length === 1 ? v[0] : v] as [string, unknown]), none) : none,
    post: request ? safe(() => filteredPost(request), none) : none,
    files: request ? safe(() => request.FILES.lists().map(([k, v]) => [k, v.map(String)] as [string, unknown]), none) : none,
    cookies: request ? Object.entries(safe(() => request.COOKIES, {})).map(([k, v]) => [k, cleanse(k, v)] as [string, unknown]) : none,
    meta: request ? Object.entries(safe(() => request.META, {})).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, cleanse(k, v)] as [string, unknown]) : none,
    settingsList: Object.keys(settings)
      .filter((k) => k === k.toUpperCase())
      .sort()
      .map((k) => [k, cleanse(k, settings[k])] as [string, unknown]),
  };
}

export function errorOf(error: unknown): { err: Error; type: string } {
  const err = error instanceof Error ? error : new Error(String(error));
  return { err, type: err.name || err.constructor?.name || 'Error' };
}

/** The stack, and the stack of the error that caused it. */
export function stackText(err: Error, type: string): string {
  const cause = err.cause ? `\n\nThe above exception was the direct cause of:\n${(err.cause as Error).stack ?? String(err.cause)}` : '';
  return `${err.stack ?? `${type}: ${err.message}`}${cause}`;
}

/**
 * The DEBUG 500 (also the 400 of a SuspiciousOperation with DEBUG): the
 * exception, its stack, the template excerpt, the request and the settings.
 */
export function technical500Response(request: HttpRequest | null, error: unknown, statusCode = 500): HttpResponse {
  const { err, type } = errorOf(error);
  const tpl = templateErrorInfo(error);
  const path = request ? request.pathInfo : '';
  let template = '';
  if (tpl) {
    const rows = tpl.sourceLines
      .map(([n, text]) => `<tr${n === tpl.line ? ' class="error"' : ''}><th>${n}</th><td>${e(text)}</td></tr>`)
      .join('\n');
    template = `<div id="template">
  <h2>Error during template rendering</h2>
  <p>In template <code>${e(tpl.name)}</code>, error at line <strong>${tpl.line}</strong></p>
  <h3>${e(tpl.message)}</h3>
  <table class="source">
${rows}
  </table>
</div>`;
  }
  const { get, post, files, cookies, meta, settingsList } = reportData(request);
  const body = `<div id="summary">
  <h1>${e(type)}${request ? ` at ${e(path)}` : ''}</h1>
  <pre class="exception_value">${e(err.message || 'No exception message supplied')}</pre>
  <table class="meta">
${request ? `    <tr><th>Request Method:</th><td>${e(request.method)}</td></tr>\n    <tr><th>Request URL:</th><td>${e(safeAbsoluteUri(request))}</td></tr>` : ''}
    <tr><th>Exception Type:</th><td>${e(type)}</td></tr>
    <tr><th>Exception Value:</th><td><pre>${e(err.message)}</pre></td></tr>
    ${request?.resolverMatch ? `<tr><th>Raised during:</th><td>${e(request.resolverMatch.viewName)}</td></tr>` : ''}
    <tr><th>Server time:</th><td>${e(new Date().toUTCString())}</td></tr>
  </table>
</div>
${template}
<div id="traceback">
  <h2>Traceback</h2>
  <pre class="traceback">${e(stackText(err, type))}</pre>
</div>
<div id="requestinfo">
  <h2>Request information</h2>
${request ? [dictTable('get-info', 'GET', get, 'No GET data'), dictTable('post-info', 'POST', post, 'No POST data'), dictTable('files-info', 'FILES', files, 'No FILES data'), dictTable('cookie-info', 'COOKIES', cookies, 'No cookie data'), dictTable('meta-info', 'META', meta, 'No META data')].join('\n') : '<p>Request data not supplied</p>'}
  <h3 id="settings-info">Settings</h3>
  ${dictTable('settings', 'Using settings', settingsList, 'No settings')}
</div>
<div id="explanation">
  <p>
    You’re seeing this error because you have <code>DEBUG = True</code> in your
    settings. Change that to <code>False</code>, and Manouche will
    display a standard page generated by the handler for this status code.
  </p>
</div>`;
  return new HttpResponse(page(`${e(type)}${request ? ` at ${e(path)}` : ''}`, body), { status: statusCode, contentType: 'text/html; charset=utf-8' });
}
