/**
 * Error emails on Node (Django's AdminEmailHandler on the django.request
 * logger): with DEBUG off and ADMINS set, each uncaught exception of a request
 * emails ADMINS the text report. The report and the mail code load on the
 * first such error.
 */
import { settings } from '../conf/settings';
import { setErrorReporter } from '../core/handlers/exception';

/** Installs the email to ADMINS as the request error reporter (a function: the package's files are side-effect free). */
export function installErrorMail(): void {
  setErrorReporter(async (request, error, message) => {
    if (!Array.isArray(settings.ADMINS) || !settings.ADMINS.length) return;
    const { mailAdminsError } = await import('../utils/log');
    await mailAdminsError(request, error, message);
  });
}
