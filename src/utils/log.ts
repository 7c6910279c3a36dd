/**
 * Error reports by email (django.utils.log.AdminEmailHandler): with DEBUG off,
 * each uncaught exception of a request emails ADMINS the text report (the
 * request's data with secrets and sensitivePostParameters starred, the stack,
 * the settings). Loaded only when there is something to send.
 */
import { settings } from '../conf/settings';
import { mailAdmins } from '../core/mail/index';
import type { HttpRequest } from '../http/request';
import { technical500Text } from '../views/debug';

/** Django's subject: newlines shown as \n, at most 989 characters (RFC 2822's line length less the prefix's room). */
export function formatSubject(subject: string): string {
  return subject.replace(/\n/g, '\\n').replace(/\r/g, '\\r').slice(0, 989);
}

/** Emails ADMINS "ERROR (EXTERNAL IP): <message>" with the report; failures to send are the mail backend's to swallow (failSilently). */
export async function mailAdminsError(request: HttpRequest | null, error: unknown, message: string): Promise<void> {
  let address: string | undefined;
  try {
    address = request?.META.REMOTE_ADDR;
  } catch {
    address = undefined;
  }
  const internal = address !== undefined && (settings.INTERNAL_IPS ?? []).includes(address);
  const subject = formatSubject(`ERROR (${internal ? 'internal' : 'EXTERNAL'} IP): ${message}`);
  await mailAdmins(subject, `${message}\n\n${technical500Text(request, error)}`, { failSilently: true });
}
