/**
 * Error reports by email (django.utils.log.AdminEmailHandler): with DEBUG off,
 * each uncaught exception of a request emails ADMINS the text report (the
 * request's data with secrets and sensitivePostParameters starred, the stack,
 * the settings). Loaded only when there is something to send.
 */
import { settings } from '../conf/settings';
import { mailAdmins } from '../core/mail/index';
import type { HttpRequest } from '../http/request';
import { errorOf, repr, reportData, safe, safeAbsoluteUri, stackText, templateErrorInfo } from '../views/debug';

/** Django's subject: newlines shown as \n, at most 989 characters (RFC 2822's line length less the prefix's room). */
export function formatSubject(subject: string): string {
  return subject.replace(/\n/g, '\\n').replace(/\r/g, '\\r').slice(0, 989);
}

/** Emails ADMINS "ERROR (EXTERNAL IP): <message>" with the report; failures to send are the mail backend's to swallow (failSilently). */
export async function mailAdminsError(request: HttpRequest | null, error: unknown, message: string): Promise<void> {
  const address = request ? safe(() => request.META.REMOTE_ADDR, undefined) : undefined;
  const internal = address !== undefined && (settings.INTERNAL_IPS ?? []).includes(address);
  const subject = formatSubject(`ERROR (${internal ? 'internal' : 'EXTERNAL'} IP): ${message}`);
  await mailAdmins(subject, `${message}\n\n${technical500Text(request, error)}`, { failSilently: true });
}

/**
 * The plain-text report of an error (Django's ExceptionReporter.get_traceback_text):
 * what the 500 page shows, as the body of the email to ADMINS.
 */
export function technical500Text(request: HttpRequest | null, error: unknown): string {
  const { err, type } = errorOf(error);
  const { get, post, files, cookies, meta, settingsList } = reportData(request);
  const section = (title: string, entries: Array<[string, unknown]>, empty: string) => `${title}:${entries.length ? entries.map(([k, v]) => `\n${k} = ${repr(v)}`).join('') : ` ${empty}`}`;
  const tpl = templateErrorInfo(error);
  const lines = [
    `${type}${request ? ` at ${request.pathInfo}` : ''}`,
    err.message || 'No exception message supplied',
    ...(request ? ['', `Request Method: ${request.method}`, `Request URL: ${safeAbsoluteUri(request)}`] : []),
    `Server time: ${new Date().toUTCString()}`,
    ...(tpl ? ['', 'Template error:', `In template ${tpl.name}, error at line ${tpl.line}`, `   ${tpl.message}`, ...tpl.sourceLines.map(([n, text]) => `   ${n === tpl.line ? '>' : ' '} ${n} : ${text}`)] : []),
    '',
    'Traceback:',
    stackText(err, type),
    '',
  ];
  if (request) {
    lines.push('Request information:', section('GET', get, 'No GET data'), '', section('POST', post, 'No POST data'), '', section('FILES', files, 'No FILES data'), '', section('COOKIES', cookies, 'No cookie data'), '', section('META', meta, 'No META data'));
  } else lines.push('Request data not supplied');
  lines.push('', section('Settings', settingsList, 'No settings'), '');
  return lines.join('\n');
}
